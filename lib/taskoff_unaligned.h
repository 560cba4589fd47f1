/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_UNALIGNED_H
#define TASKOFF_UNALIGNED_H

/**
 * @file
 * Big-endian header fields read or written at any address. Packet headers
 * sit wherever the frame puts them (an odd data offset, a chain segment cut
 * anywhere), so a field is never read through a header struct pointer, which
 * would be a misaligned access on strict-alignment CPUs and undefined
 * behaviour in C; memcpy compiles to the same single load on x86.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

/**
 * Address of member @p field of header struct @p type at @p hdr, formed without
 * a member access (`&hdr->field` on a struct with 2-byte alignment, such as
 * struct rte_ether_hdr, is already a misaligned access at an odd address).
 */
#define TASKOFF_FIELD(hdr, type, field) ((const uint8_t *)(hdr) + offsetof(type, field))

/** The 16-bit big-endian field at @p p, in host order. */
static inline uint16_t taskoff_get_be16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_16(v);
}

/** The 32-bit big-endian field at @p p, in host order. */
static inline uint32_t taskoff_get_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_32(v);
}

/** Store @p v at @p p as a 32-bit big-endian field. */
static inline void taskoff_put_be32(void *p, uint32_t v)
{
	uint32_t be = rte_cpu_to_be_32(v);

	memcpy(p, &be, sizeof(be));
}

#endif
