/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CKSUM_H
#define TASKOFF_CKSUM_H

/**
 * @file
 * Internet checksum (RFC 1071) arithmetic for the transmit engine.
 *
 * Vocabulary: a "sum" is the folded 16-bit one's-complement sum of a byte
 * stream read as native-order 16-bit words, exactly what rte_raw_cksum()
 * returns; it is not complemented. A "checksum" is the complemented sum, the
 * value stored in a header. Because the one's-complement sum is byte-order
 * independent, a sum stored back in memory order lands correctly in a
 * big-endian header field. Pseudo-header values (lengths, protocol) are
 * converted to network order before they are added.
 *
 * Every function here is pure and thread-safe; taskoff_cksum_raw() and its
 * variants are callable on their own (benchmarks compare them with
 * rte_raw_cksum()). taskoff_cksum_raw() runs, per size class, the variant
 * (or rte_raw_cksum() itself) that a start-up calibration measured fastest on
 * this CPU: see taskoff_cksum_dispatch.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

/** Fold a 32- or 64-bit accumulation of sums into one 16-bit sum. */
static inline uint16_t taskoff_cksum_fold(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	return (uint16_t)acc;
}

/** A sum of @p len bytes at @p buf, the contract of taskoff_cksum_raw(). */
typedef uint16_t (*taskoff_cksum_fn)(const void *buf, size_t len);

/*
 * The dispatch, published by the start-up calibration (taskoff_cksum_dispatch.h):
 * the function of each length, by the position of its highest bit, NULL for
 * rte_raw_cksum() inline; and the length below which every class is
 * rte_raw_cksum()'s, so that short sums cost one comparison more than DPDK's.
 * Read with relaxed atomic loads: every function gives the same sum, so a
 * reader needs no ordering.
 */
/* Hidden: a program that links the PMD .so and inlines taskoff_cksum_raw() must
 * not get a copy-relocated table the calibration never writes; it gets its own
 * definition (and calibration) from lib's static archive instead. */
extern taskoff_cksum_fn taskoff_cksum_by_log2[64] __attribute__((visibility("hidden")));
extern size_t taskoff_cksum_inline_below __attribute__((visibility("hidden")));
/* Lengths below this run taskoff_cksum_raw_short() (0: none; see taskoff_cksum_dispatch.h). */
extern size_t taskoff_cksum_short_below __attribute__((visibility("hidden")));

#if defined(__AVX512BW__) && defined(__BMI2__)
#include <immintrin.h>

/** Longest length taskoff_cksum_raw_short() sums (defined when the build has it). */
#define TASKOFF_CKSUM_SHORT_MAX 511u

/* One 64-byte block of words added into 16 signed 32-bit lanes, biased (below). */
static inline __m512i taskoff_cksum_short_add(__m512i acc, __m512i words)
{
	const __m512i flip = _mm512_set1_epi16((short)0x8000), one = _mm512_set1_epi16(1);

#ifdef __AVX512VNNI__
	return _mm512_dpwssd_epi32(acc, _mm512_xor_si512(words, flip), one);
#else
	return _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_xor_si512(words, flip), one));
#endif
}

/**
 * Sum of @p len <= 511 bytes at @p buf, short enough to run inline: whole
 * 64-byte blocks, then the rest in one masked load (bytes past @p len are
 * neither read nor summed, so they cannot fault). VPMADDWD (VNNI's VPDPWSSD,
 * which accumulates too, where the build has it) adds word pairs
 * into 32-bit lanes, but as signed words: each word is biased by 0x8000 first
 * (XOR) and the bias, 32 * 0x8000 per block loaded, is added back at the end.
 * Built where the compiler targets AVX512-BW; the calibration runs it only
 * where it measured faster than rte_raw_cksum().
 */
static inline uint16_t taskoff_cksum_raw_short(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	__m512i acc = _mm512_setzero_si512();
	uint32_t blocks = 1, sum;

	for (; len > 64; len -= 64, p += 64, blocks++)
		acc = taskoff_cksum_short_add(acc, _mm512_loadu_si512(p));
	acc = taskoff_cksum_short_add(
	    acc, _mm512_maskz_loadu_epi8(_bzhi_u64(~UINT64_C(0), (unsigned int)len), p));
	/* 8 blocks of 32 words of at most 0xffff: below 2^24, two 16-bit folds do */
	sum = (uint32_t)_mm512_reduce_add_epi32(acc) + (blocks << 20);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)((sum & 0xffffu) + (sum >> 16));
}
#endif

/** The function taskoff_cksum_raw() calls for @p len; NULL: rte_raw_cksum() inline. */
static inline taskoff_cksum_fn taskoff_cksum_fn_of(size_t len)
{
	return __atomic_load_n(&taskoff_cksum_by_log2[63 - __builtin_clzll(len | 1)],
			       __ATOMIC_RELAXED);
}

/**
 * Sum of @p len bytes at @p buf (any alignment, any length); same result as
 * rte_raw_cksum() (which, unlike this, wraps past 128 KiB).
 *
 * Lengths below the short sum's bound run it inline (the bound comes first:
 * these are the calls where one compare more shows); longer ones the
 * function of their class. Where the calibration found nothing faster,
 * rte_raw_cksum() itself runs, inline as in a DPDK application (a call alone
 * costs as much as summing a short buffer); so does every constant length
 * under 32 bytes (pseudo-header addresses, an IPv4 header), which the
 * compiler turns into a few additions.
 */
static inline uint16_t taskoff_cksum_raw(const void *buf, size_t len)
{
	if (__builtin_constant_p(len) && len < 32)
		return rte_raw_cksum(buf, len);
#ifdef TASKOFF_CKSUM_SHORT_MAX
	/* likely: the short sum lies on the fall-through path whatever the caller's layout
	 * (a relinked taskoff-bench put it behind a taken jump: 64 B streamed 1.04 -> 0.87x) */
	if (likely(len < __atomic_load_n(&taskoff_cksum_short_below, __ATOMIC_RELAXED)))
		return taskoff_cksum_raw_short(buf, len);
#endif
	if (len >= __atomic_load_n(&taskoff_cksum_inline_below, __ATOMIC_RELAXED)) {
		taskoff_cksum_fn fn = taskoff_cksum_fn_of(len);

		if (fn != NULL)
			return fn(buf, len);
	}
	return rte_raw_cksum(buf, len);
}

/** Portable variant of taskoff_cksum_raw(): unrolled 64-bit loads with carry accumulation. */
uint16_t taskoff_cksum_raw_scalar(const void *buf, size_t len);

/**
 * AVX2 variant of taskoff_cksum_raw(); falls back to the scalar one when the
 * CPU (or the architecture) has no AVX2 (see taskoff_cksum_has_avx2()).
 */
uint16_t taskoff_cksum_raw_avx2(const void *buf, size_t len);

/** True when taskoff_cksum_raw_avx2() really uses AVX2 on this machine. */
bool taskoff_cksum_has_avx2(void);

/**
 * AVX-512 variant of taskoff_cksum_raw() (AVX512-BW masked loads, AVX512-VNNI
 * word sums); falls back to taskoff_cksum_raw_avx2() when the CPU lacks
 * either (see taskoff_cksum_has_avx512()).
 */
uint16_t taskoff_cksum_raw_avx512(const void *buf, size_t len);

/** True when taskoff_cksum_raw_avx512() really uses AVX-512 on this machine. */
bool taskoff_cksum_has_avx512(void);

/**
 * Sums of @p n consecutive pieces of @p piece_len bytes starting at @p buf:
 * sums[i] = taskoff_cksum_raw(buf + i * piece_len, piece_len), with one
 * dispatch for all of them (LSO sums a packet's segments this way).
 */
void taskoff_cksum_raw_pieces(const void *buf, size_t piece_len, uint32_t n, uint16_t *sums);

/**
 * Sum of @p len bytes of the mbuf chain @p m starting at byte @p off of the
 * packet; segment boundaries may fall on odd offsets.
 * @return 0 and *sum, or -EINVAL when the range is not inside the chain's data.
 */
int taskoff_cksum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t *sum);

/**
 * Unfolded accumulation of a short header of @p len bytes, a multiple of 4
 * (IPv4, TCP, UDP headers, pseudo-header addresses): 32-bit words added into
 * 64 bits, which taskoff_cksum_fold() turns into the same sum as
 * taskoff_cksum_raw(), in a handful of instructions instead of a call.
 */
static inline uint64_t taskoff_cksum_words32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t w0, w1, w2, w3, w4;
	uint64_t acc = 0;
	size_t i = 0;

	/* 20 bytes (IPv4 and TCP headers without options) as five independent
	 * loads: the loop below is vectorised with set-up costing more than it
	 * saves, and one 20-byte copy to the stack stalled on store forwarding */
	if (len >= 20) {
		memcpy(&w0, p, 4);
		memcpy(&w1, p + 4, 4);
		memcpy(&w2, p + 8, 4);
		memcpy(&w3, p + 12, 4);
		memcpy(&w4, p + 16, 4);
		acc = ((uint64_t)w0 + w1) + ((uint64_t)w2 + w3) + w4;
		i = 20;
	}
	for (; i + 4 <= len; i += 4) {
		memcpy(&w0, p + i, 4);
		acc += w0;
	}
	return acc;
}

/** One's-complement addition of two sums. */
static inline uint16_t taskoff_cksum_add(uint16_t a, uint16_t b)
{
	return taskoff_cksum_fold((uint32_t)a + b);
}

/**
 * The sum of a block that starts at an odd offset of the stream it belongs to
 * must be byte-swapped before it is added (RFC 1071 §2(B)).
 */
static inline uint16_t taskoff_cksum_at_offset(uint16_t sum, uint32_t stream_off)
{
	return (stream_off & 1) ? (uint16_t)((sum << 8) | (sum >> 8)) : sum;
}

/**
 * RFC 1624 eqn. 3 incremental update: the checksum @p cksum of a block in which
 * one 16-bit field changed from @p old_val to @p new_val (both in memory order).
 * Returns the new checksum.
 */
static inline uint16_t taskoff_cksum_update16(uint16_t cksum, uint16_t old_val, uint16_t new_val)
{
	return (uint16_t)~taskoff_cksum_fold((uint32_t)(uint16_t)~cksum + (uint16_t)~old_val +
					     new_val);
}

/**
 * RFC 1624 update for a 32-bit field (e.g. a TCP sequence number), memory order.
 */
static inline uint16_t taskoff_cksum_update32(uint16_t cksum, uint32_t old_val, uint32_t new_val)
{
	cksum = taskoff_cksum_update16(cksum, (uint16_t)old_val, (uint16_t)new_val);
	return taskoff_cksum_update16(cksum, (uint16_t)(old_val >> 16), (uint16_t)(new_val >> 16));
}

/**
 * IPv4 header checksum of the @p len header bytes at @p hdr (options
 * included); the checksum field itself is treated as zero.
 */
uint16_t taskoff_ipv4_hdr_cksum(const void *hdr, size_t len);

/**
 * Sum of the IPv4 pseudo-header: source and destination of the IPv4 header
 * @p ip4, protocol @p proto, upper-layer length @p l4_len (host order).
 */
uint16_t taskoff_phdr_sum_ipv4(const void *ip4, uint8_t proto, uint32_t l4_len);

/**
 * Sum of the IPv6 pseudo-header (RFC 8200 §8.1): @p src, the final
 * destination @p dst (16 bytes each), upper-layer length @p l4_len and next
 * header @p proto.
 */
uint16_t taskoff_phdr_sum_ipv6(const void *src, const void *dst, uint8_t proto, uint32_t l4_len);

/**
 * Turn the sum of pseudo-header + L4 segment (checksum field zero) into the
 * value to store. UDP never sends 0 (0 means "no checksum"): 0xFFFF instead.
 */
static inline uint16_t taskoff_l4_cksum_finish(uint16_t sum, bool is_udp)
{
	uint16_t ck = (uint16_t)~sum;

	return (is_udp && ck == 0) ? 0xffff : ck;
}

#endif
