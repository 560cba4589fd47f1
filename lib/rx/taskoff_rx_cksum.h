/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RX_CKSUM_H
#define TASKOFF_RX_CKSUM_H

/**
 * @file
 * Receive checksum validation (SPEC §2.4, §2.6b): the IPv4 header checksum
 * and the TCP/UDP checksum over IPv4 and IPv6, for plain frames and for both
 * layers of NVGRE and VXLAN (plus VXLAN's outer UDP checksum). The result goes
 * to ol_flags; a bad checksum is counted per layer but never stops delivery.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rx_parse.h"

/** Every ol_flags bit this module may write. */
#define TASKOFF_RX_CKSUM_FLAGS_MASK                                                                \
	(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK |                               \
	 RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD | RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK)

/**
 * Verdict for one checksum, reported as RTE_MBUF_F_RX_*_CKSUM_UNKNOWN / GOOD /
 * BAD. DPDK's *_CKSUM_NONE means "the checksum field is wrong but the data's
 * integrity was verified" (rte_mbuf_core.h), which never describes a checksum
 * this module did not check: everything not checked is UNKNOWN, never NONE.
 */
enum taskoff_rx_csum {
	/** not checked: validation disabled, no such header, headers unparseable,
	 *  or UDP/IPv4 sent without a checksum (field 0) */
	TASKOFF_RX_CSUM_UNKNOWN = 0,
	TASKOFF_RX_CSUM_GOOD,
	TASKOFF_RX_CSUM_BAD,
};

/** Check the IPv4 header checksum of @p l3 (UNKNOWN for IPv6 or no IP). */
enum taskoff_rx_csum taskoff_rx_cksum_ipv4_hdr(const struct rte_mbuf *m,
					       const struct taskoff_rx_l3 *l3);

/**
 * Check the TCP/UDP checksum of @p l3 (UNKNOWN when there is no valid TCP/UDP
 * header); when the segment could be summed, also sets l3->payload_sum.
 */
enum taskoff_rx_csum taskoff_rx_cksum_l4(const struct rte_mbuf *m, struct taskoff_rx_l3 *l3);

/**
 * One's complement sum (folded) of the TCP/UDP pseudo header of @p l3
 * (addresses, protocol) for a transport length of @p l4_len bytes, in the
 * byte order __rte_raw_cksum produces. Add it to a raw sum of the transport
 * bytes and fold to get the checksum sum.
 */
uint32_t taskoff_rx_cksum_pseudo(const struct taskoff_rx_l3 *l3, uint32_t l4_len);

/**
 * Validate the outer IPv4 header of a tunnelled frame (when cfg enables IPv4
 * receive checksum): sets RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD and counts
 * rx_outer_ip_csum_bad on failure. @return the verdict (UNKNOWN for an IPv6
 * outer header or when validation is disabled).
 */
enum taskoff_rx_csum taskoff_rx_cksum_check_outer(const struct taskoff_offload_config *cfg,
						  const struct taskoff_rx_l3 *outer,
						  struct rte_mbuf *m, struct taskoff_counters *cnt);

/**
 * Validate the outer UDP checksum of VXLAN frame @p p (when cfg enables UDP
 * receive checksum for the outer IP version), summing the whole datagram:
 * sets RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD / BAD / UNKNOWN and counts
 * rx_outer_l4_csum_bad on failure. @return true when the checksum was
 * verified good or there is none to verify (0 over IPv4).
 */
bool taskoff_rx_cksum_check_outer_udp(const struct taskoff_offload_config *cfg,
				      const struct taskoff_rx_parsed *p, struct rte_mbuf *m,
				      struct taskoff_counters *cnt);

/**
 * Validate frame @p m as parsed in @p p, per @p cfg, and set the
 * RTE_MBUF_F_RX_IP_CKSUM_* / RTE_MBUF_F_RX_L4_CKSUM_* flags (for NVGRE and
 * VXLAN: of the inner headers, plus the outer IPv4 header in
 * RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD and VXLAN's outer UDP checksum in
 * RTE_MBUF_F_RX_OUTER_L4_CKSUM_*; the inner and outer UDP ones only while the
 * tunnel's offload is enabled, taskoff_rx_tunnel_enabled). @p inner_counters
 * counts failures as rx_inner_* (used for a frame that was just decapsulated).
 * Layers whose transport checksum was summed get their payload_sum; an outer
 * checksum of a tunnelled frame not verified good clears p->outer_verified.
 */
void taskoff_rx_cksum_validate(const struct taskoff_offload_config *cfg,
			       struct taskoff_rx_parsed *p, struct rte_mbuf *m,
			       struct taskoff_counters *cnt, bool inner_counters);

#endif
