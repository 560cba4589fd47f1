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
#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_cksum_internal.h"

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

/*
 * rte_raw_cksum() adds 16-bit words into 32 bits: past 65537 words it wraps.
 * Longer buffers are summed in 64 KiB pieces (even, so every piece starts at
 * an even stream offset).
 */
#define DPDK_PIECE_LEN (64u * 1024u)

uint16_t taskoff_cksum_sum_dpdk(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t acc = 0;

	if (likely(len <= DPDK_PIECE_LEN))
		return rte_raw_cksum(p, len);
	for (; len > DPDK_PIECE_LEN; p += DPDK_PIECE_LEN, len -= DPDK_PIECE_LEN)
		acc += rte_raw_cksum(p, DPDK_PIECE_LEN);
	return taskoff_cksum_fold(acc + rte_raw_cksum(p, len));
}

#if defined(RTE_ARCH_X86_64)
/*
 * The vector sums are built with target attributes rather than behind
 * __AVX2__/__AVX512BW__: the build's -march (libdpdk's pkg-config flags say
 * corei7) need not enable them, so the path is chosen at run time.
 *
 * Both widen 16-bit words into signed 32-bit lanes with a multiply-add by 1
 * (vpmaddwd / AVX512-VNNI vpdpwssd). Those treat words as signed, so every
 * word is first biased by xor 0x8000 (w -> w - 32768); the bias, 32768 per
 * word loaded, is added back at the end. Zero bytes of a masked load are
 * loaded words too and get the same correction.
 */

/* Bytes per block whose lane sums cannot overflow int32 (2^20 of |bias| per 64-byte vector). */
#define VEC_BLOCK_LEN (64u * 1024u)
/* 32768 per 16-bit word: 2^19 per 32-byte vector, 2^20 per 64-byte vector. */
#define BIAS_PER_YMM (UINT64_C(1) << 19)
#define BIAS_PER_ZMM (UINT64_C(1) << 20)

static inline uint16_t swap16(uint16_t v)
{
	return (uint16_t)((v << 8) | (v >> 8));
}

/* acc += the biased words of @p v, pairwise added into 32-bit lanes. */
__attribute__((target("avx2"))) static inline __m256i acc_ymm(__m256i acc, __m256i v)
{
	const __m256i bias = _mm256_set1_epi16((short)0x8000);
	const __m256i one = _mm256_set1_epi16(1);

	return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_xor_si256(v, bias), one));
}

__attribute__((target("avx2"))) static inline int64_t hsum_ymm(__m256i v)
{
	__m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtsi128_si32(s);
}

/* Sum of at most VEC_BLOCK_LEN bytes, as an unfolded 64-bit value. */
__attribute__((target("avx2"))) static uint64_t block_avx2(const uint8_t *p, size_t len)
{
	__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
	uint64_t nvec = 0;
	int64_t biased;

	/* four independent accumulators: the adds do not wait on each other */
	for (; len >= 128; p += 128, len -= 128, nvec += 4) {
		a0 = acc_ymm(a0, _mm256_loadu_si256((const __m256i *)p));
		a1 = acc_ymm(a1, _mm256_loadu_si256((const __m256i *)(p + 32)));
		a2 = acc_ymm(a2, _mm256_loadu_si256((const __m256i *)(p + 64)));
		a3 = acc_ymm(a3, _mm256_loadu_si256((const __m256i *)(p + 96)));
	}
	for (; len >= 32; p += 32, len -= 32, nvec++)
		a0 = acc_ymm(a0, _mm256_loadu_si256((const __m256i *)p));
	a0 = _mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3));
	biased = hsum_ymm(a0);
	/* 0..31 bytes left, at an even offset of the stream */
	return add_carry((uint64_t)(biased + (int64_t)(nvec * BIAS_PER_YMM)), sum64(p, len));
}

__attribute__((target("avx2"))) static uint64_t sum64_avx2(const uint8_t *p, size_t len)
{
	uint64_t total = 0;

	for (; len > VEC_BLOCK_LEN; p += VEC_BLOCK_LEN, len -= VEC_BLOCK_LEN)
		total = add_carry(total, block_avx2(p, VEC_BLOCK_LEN));
	return add_carry(total, block_avx2(p, len));
}

/* Mask of the first @p n (0..64) bytes of a 64-byte load. */
static inline uint64_t first_bytes(size_t n)
{
	return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

#define AVX512_TARGET target("avx512f,avx512bw,avx512vnni")

__attribute__((AVX512_TARGET)) static inline __m512i acc_zmm(__m512i acc, __m512i v)
{
	const __m512i bias = _mm512_set1_epi16((short)0x8000);
	const __m512i one = _mm512_set1_epi16(1);

	return _mm512_dpwssd_epi32(acc, _mm512_xor_si512(v, bias), one);
}

/*
 * Sum of at most VEC_BLOCK_LEN bytes, added to @p a0 (which already holds
 * @p nvec biased vectors); the last 1..63 bytes come from one masked load
 * (masked-off bytes read as zero and never fault).
 */
__attribute__((AVX512_TARGET, always_inline)) static inline uint64_t
block_avx512_from(const uint8_t *p, size_t len, __m512i a0, uint64_t nvec)
{
	__m512i a1 = _mm512_setzero_si512(), a2 = a1, a3 = a1;

	for (; len >= 256; p += 256, len -= 256, nvec += 4) {
		a0 = acc_zmm(a0, _mm512_loadu_si512(p));
		a1 = acc_zmm(a1, _mm512_loadu_si512(p + 64));
		a2 = acc_zmm(a2, _mm512_loadu_si512(p + 128));
		a3 = acc_zmm(a3, _mm512_loadu_si512(p + 192));
	}
	if (len >= 128) {
		a1 = acc_zmm(a1, _mm512_loadu_si512(p));
		a2 = acc_zmm(a2, _mm512_loadu_si512(p + 64));
		p += 128, len -= 128, nvec += 2;
	}
	if (len >= 64) {
		a3 = acc_zmm(a3, _mm512_loadu_si512(p));
		p += 64, len -= 64, nvec++;
	}
	if (len > 0) {
		a0 = acc_zmm(a0, _mm512_maskz_loadu_epi8(first_bytes(len), p));
		nvec++;
	}
	a0 = _mm512_add_epi32(_mm512_add_epi32(a0, a1), _mm512_add_epi32(a2, a3));
	return (uint64_t)((int64_t)_mm512_reduce_add_epi32(a0) + (int64_t)(nvec * BIAS_PER_ZMM));
}

__attribute__((AVX512_TARGET, always_inline)) static inline uint64_t block_avx512(const uint8_t *p,
										  size_t len)
{
	return block_avx512_from(p, len, _mm512_setzero_si512(), 0);
}

/* Long buffers: align the loads; the misaligned head is one masked load. */
#define AVX512_ALIGN_FROM 512u

/*
 * Buffers longer than a block, or long and misaligned: the loads are aligned,
 * the misaligned head being one masked load from the 64-byte boundary below
 * @p p. The head's words are then those of memory, not of the stream: for an
 * odd @p p that is the stream's sum byte-swapped (RFC 1071 §2(B)).
 */
__attribute__((AVX512_TARGET, always_inline)) static inline uint16_t
sum_avx512_aligned(const uint8_t *p, size_t len)
{
	size_t head = (uintptr_t)p & 63;
	__m512i first = _mm512_setzero_si512();
	uint64_t total = 0, nvec = 0;
	bool swap = false;

	if (head != 0) {
		const uint8_t *base = p - head;

		/* the head starts the first block's accumulator: no reduction of its own */
		first = acc_zmm(first, _mm512_maskz_loadu_epi8(~first_bytes(head), base));
		nvec = 1;
		swap = head & 1;
		len -= 64 - head;
		p = base + 64;
	}
	for (; len > VEC_BLOCK_LEN; p += VEC_BLOCK_LEN, len -= VEC_BLOCK_LEN) {
		total = add_carry(total, block_avx512_from(p, VEC_BLOCK_LEN, first, nvec));
		first = _mm512_setzero_si512();
		nvec = 0;
	}
	total = add_carry(total, block_avx512_from(p, len, first, nvec));
	return swap ? swap16(taskoff_cksum_fold(total)) : taskoff_cksum_fold(total);
}

__attribute__((AVX512_TARGET, noinline)) static uint16_t sum_avx512_long(const uint8_t *p,
									 size_t len)
{
	return sum_avx512_aligned(p, len);
}

static inline bool short_or_aligned(const uint8_t *p, size_t len)
{
	return len <= VEC_BLOCK_LEN && (len < AVX512_ALIGN_FROM || ((uintptr_t)p & 63) == 0);
}

/* Folded sum of @p len bytes; short or aligned buffers take the inline path. */
__attribute__((AVX512_TARGET)) static uint16_t sum_avx512(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (short_or_aligned(p, len))
		return taskoff_cksum_fold(block_avx512(p, len));
	return sum_avx512_long(p, len);
}

/* taskoff_cksum_raw_pieces() without a call or a dispatch per piece. */
__attribute__((AVX512_TARGET, noinline)) static void pieces_avx512(const uint8_t *p, size_t len,
								   uint32_t n, uint16_t *sums)
{
	uint32_t i;

	for (i = 0; i < n; i++, p += len)
		sums[i] = short_or_aligned(p, len) ? taskoff_cksum_fold(block_avx512(p, len))
						   : sum_avx512_aligned(p, len);
}

static inline bool cpu_has_avx512(void)
{
	return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
}

bool taskoff_cksum_has_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

bool taskoff_cksum_has_avx512(void)
{
	return cpu_has_avx512();
}

__attribute__((target("avx2"))) static uint16_t sum_avx2(const void *buf, size_t len)
{
	return taskoff_cksum_fold(sum64_avx2(buf, len));
}

uint16_t taskoff_cksum_raw_avx2(const void *buf, size_t len)
{
	if (!taskoff_cksum_has_avx2())
		return taskoff_cksum_raw_scalar(buf, len);
	return sum_avx2(buf, len);
}

uint16_t taskoff_cksum_raw_avx512(const void *buf, size_t len)
{
	if (len == 0 || !cpu_has_avx512())
		return taskoff_cksum_raw_avx2(buf, len);
	return sum_avx512(buf, len);
}
#else
uint16_t taskoff_cksum_raw_avx2(const void *buf, size_t len)
{
	return taskoff_cksum_raw_scalar(buf, len);
}

uint16_t taskoff_cksum_raw_avx512(const void *buf, size_t len)
{
	return taskoff_cksum_raw_scalar(buf, len);
}

bool taskoff_cksum_has_avx2(void)
{
	return false;
}

bool taskoff_cksum_has_avx512(void)
{
	return false;
}
#endif

taskoff_cksum_fn taskoff_cksum_variant_fn(enum taskoff_cksum_variant v)
{
	switch (v) {
	case TASKOFF_CKSUM_DPDK:
	case TASKOFF_CKSUM_SHORT: /* runs inline; called, it is rte_raw_cksum's */
		return taskoff_cksum_sum_dpdk;
#if defined(RTE_ARCH_X86_64)
	case TASKOFF_CKSUM_AVX2:
		return sum_avx2;
	case TASKOFF_CKSUM_AVX512:
		return sum_avx512;
#endif
	default:
		return taskoff_cksum_raw_scalar;
	}
}

void taskoff_cksum_raw_pieces(const void *buf, size_t piece_len, uint32_t n, uint16_t *sums)
{
	const uint8_t *p = buf;
	uint32_t i;

#if defined(RTE_ARCH_X86_64)
	if (taskoff_cksum_fn_of(piece_len) == sum_avx512) {
		pieces_avx512(p, piece_len, n, sums);
		return;
	}
#endif
	for (i = 0; i < n; i++, p += piece_len)
		sums[i] = taskoff_cksum_raw(p, piece_len);
}

int taskoff_cksum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t *sum)
{
	const struct rte_mbuf *seg = m;
	uint32_t done = 0, acc = 0;

	if ((uint64_t)off + len > m->pkt_len)
		return -EINVAL;
	if (off + len <= m->data_len) { /* all in the first segment: no walk */
		*sum = taskoff_cksum_raw(rte_pktmbuf_mtod_offset(m, const uint8_t *, off), len);
		return 0;
	}
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
