/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_SCTP_H
#define TASKOFF_SCTP_H

/**
 * @file
 * SCTP checksum (RFC 9260 Appendix A: CRC32-C over the whole packet with the
 * checksum field taken as zero). Not an NDIS offload, but Open vSwitch asks a
 * TSO port for it and drops SCTP to a port without it (SPEC §5b). The CRC is
 * DPDK's rte_hash_crc (SSE4.2 crc32 instruction when the CPU has it).
 */

#include <stdint.h>

#include <rte_mbuf.h>

/** Length of the SCTP common header; the checksum is its last 4 bytes. */
#define TASKOFF_SCTP_HDR_LEN   12u
#define TASKOFF_SCTP_CKSUM_OFF 8u

/**
 * The SCTP checksum of the @p len bytes of @p m at @p off (common header +
 * chunks), as it is stored in the header: the CRC's little-endian bytes, read
 * as a native (x86: little-endian) 32-bit word. The stored checksum field does
 * not take part. @return 0, or -1 when the range is not inside the chain.
 */
int taskoff_sctp_cksum(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t *out);

#endif
