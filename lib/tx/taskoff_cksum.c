/* SPDX-License-Identifier: BSD-3-Clause */
/* One's-complement sums: wide loads, carries folded back in (end-around carry). */
#include <errno.h>
#include <string.h>

#include <rte_config.h>
#if defined(RTE_ARCH_X86_64)
#include <immintrin.h>
#endif

#include <rte_byteorder.h>
#include <rte_common.h>

#include "taskoff_cksum.h"

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* a + b with the carry out of bit 63 added back in: 2^64 == 1 (mod 0xffff). */
static inline uint64_t add_carry(uint64_t a, uint64_t b)
{
	uint64_t s = a + b;

	return s + (s < b);
}

/*
 * The last 0..7 bytes, loaded in memory order into a zeroed word. Built from
 * fixed-size loads: a variable-length memcpy would be a libc call.
 */
static inline uint64_t load_tail(const uint8_t *p, size_t len)
{
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	uint64_t v = 0;
	unsigned int shift = 0;

	if (len & 4) {
		uint32_t w;

		memcpy(&w, p, sizeof(w));
		v = w;
		p += 4;
		shift = 32;
	}
	if (len & 2) {
		uint16_t w;

		memcpy(&w, p, sizeof(w));
		v |= (uint64_t)w << shift;
		p += 2;
		shift += 16;
	}
	if (len & 1)
		v |= (uint64_t)*p << shift;
	return v;
#else
	uint64_t v = 0;

	memcpy(&v, p, len);
	return v;
#endif
}

/* Unfolded 64-bit one's-complement sum of @p len bytes at @p p (stream offset even). */
static uint64_t sum64(const uint8_t *p, size_t len)
{
	uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;

	/* four independent chains so the carries do not serialise the loop */
	for (; len >= 32; p += 32, len -= 32) {
		a0 = add_carry(a0, load64(p));
		a1 = add_carry(a1, load64(p + 8));
		a2 = add_carry(a2, load64(p + 16));
		a3 = add_carry(a3, load64(p + 24));
	}
	for (; len >= 8; p += 8, len -= 8)
		a0 = add_carry(a0, load64(p));
	if (len > 0)
		a1 = add_carry(a1, load_tail(p, len));
	return add_carry(add_carry(a0, a1), add_carry(a2, a3));
}

uint16_t taskoff_cksum_raw_scalar(const void *buf, size_t len)
{
	return taskoff_cksum_fold(sum64(buf, len));
}

#if defined(RTE_ARCH_X86_64)
/*
 * Built with the target attribute rather than behind __AVX2__: libdpdk's
 * pkg-config flags append -march=corei7, so the vector path is chosen at run
 * time instead.
 *
 * Each 64-bit lane accumulates the low and the high 32-bit halves of its
 * input lane separately, so no carry can be lost for inputs below 2^35 bytes.
 */
__attribute__((target("avx2"))) static uint64_t sum64_avx2(const uint8_t *p, size_t len)
{
	const __m256i lo32 = _mm256_set1_epi64x(0xffffffffLL);
	__m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
	uint64_t lanes[8], total;
	unsigned int i;

	for (; len >= 64; p += 64, len -= 64) {
		__m256i a = _mm256_loadu_si256((const __m256i *)p);
		__m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));

		acc0 = _mm256_add_epi64(acc0, _mm256_and_si256(a, lo32));
		acc0 = _mm256_add_epi64(acc0, _mm256_srli_epi64(a, 32));
		acc1 = _mm256_add_epi64(acc1, _mm256_and_si256(b, lo32));
		acc1 = _mm256_add_epi64(acc1, _mm256_srli_epi64(b, 32));
	}
	_mm256_storeu_si256((__m256i *)lanes, acc0);
	_mm256_storeu_si256((__m256i *)(lanes + 4), acc1);
	/* the rest starts at a multiple of 64, an even stream offset */
	total = sum64(p, len);
	for (i = 0; i < RTE_DIM(lanes); i++)
		total = add_carry(total, lanes[i]);
	return total;
}

bool taskoff_cksum_has_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

uint16_t taskoff_cksum_raw_avx2(const void *buf, size_t len)
{
	if (!taskoff_cksum_has_avx2())
		return taskoff_cksum_raw_scalar(buf, len);
	return taskoff_cksum_fold(sum64_avx2(buf, len));
}

uint16_t taskoff_cksum_raw(const void *buf, size_t len)
{
	/* measured: below ~512 bytes the vector set-up costs more than it saves */
	if (len < 512 || !taskoff_cksum_has_avx2())
		return taskoff_cksum_raw_scalar(buf, len);
	return taskoff_cksum_fold(sum64_avx2(buf, len));
}
#else
uint16_t taskoff_cksum_raw_avx2(const void *buf, size_t len)
{
	return taskoff_cksum_raw_scalar(buf, len);
}

bool taskoff_cksum_has_avx2(void)
{
	return false;
}

uint16_t taskoff_cksum_raw(const void *buf, size_t len)
{
	return taskoff_cksum_raw_scalar(buf, len);
}
#endif

int taskoff_cksum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t *sum)
{
	const struct rte_mbuf *seg = m;
	uint32_t done = 0, acc = 0;

	if ((uint64_t)off + len > m->pkt_len)
		return -EINVAL;
	while (seg != NULL && off >= seg->data_len && done < len) {
		off -= seg->data_len;
		seg = seg->next;
	}
	while (done < len) {
		uint32_t n;
		uint16_t s;

		if (seg == NULL) /* chain shorter than pkt_len claims */
			return -EINVAL;
		n = RTE_MIN((uint32_t)seg->data_len - off, len - done);
		s = taskoff_cksum_raw(rte_pktmbuf_mtod_offset(seg, const uint8_t *, off), n);
		/* a piece that starts at an odd offset of the range is byte-swapped */
		acc += taskoff_cksum_at_offset(s, done);
		done += n;
		off = 0;
		seg = seg->next;
	}
	*sum = taskoff_cksum_fold(acc);
	return 0;
}

uint16_t taskoff_ipv4_hdr_cksum(const void *hdr, size_t len)
{
	const uint8_t *p = hdr;
	uint16_t field;
	uint32_t s;

	/* sum everything, then take the stored checksum field back out */
	memcpy(&field, p + 10, sizeof(field));
	s = taskoff_cksum_raw(p, len);
	s += (uint16_t)~field;
	return (uint16_t)~taskoff_cksum_fold(s);
}

uint16_t taskoff_phdr_sum_ipv4(const void *ip4, uint8_t proto, uint32_t l4_len)
{
	const uint8_t *p = ip4;
	uint32_t s = taskoff_cksum_raw(p + 12, 8); /* source + destination */

	s += rte_cpu_to_be_16((uint16_t)proto);
	s += rte_cpu_to_be_16((uint16_t)l4_len);
	return taskoff_cksum_fold(s);
}

uint16_t taskoff_phdr_sum_ipv6(const void *src, const void *dst, uint8_t proto, uint32_t l4_len)
{
	uint32_t s = taskoff_cksum_raw(src, 16);

	s += taskoff_cksum_raw(dst, 16);
	s += rte_cpu_to_be_16((uint16_t)(l4_len >> 16));
	s += rte_cpu_to_be_16((uint16_t)l4_len);
	s += rte_cpu_to_be_16((uint16_t)proto);
	return taskoff_cksum_fold(s);
}
