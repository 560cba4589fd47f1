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
 * Where the calibration found nothing faster, rte_raw_cksum() itself runs,
 * inline as in a DPDK application (a call alone costs as much as summing a
 * short buffer); so does every constant length under 32 bytes (pseudo-header
 * addresses, an IPv4 header), which the compiler turns into a few additions.
 */
static inline uint16_t taskoff_cksum_raw(const void *buf, size_t len)
{
	if (__builtin_constant_p(len) && len < 32)
		return rte_raw_cksum(buf, len);
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

/** Fold a 32- or 64-bit accumulation of sums into one 16-bit sum. */
static inline uint16_t taskoff_cksum_fold(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	return (uint16_t)acc;
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
