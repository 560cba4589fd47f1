/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_TX_PKT_H
#define TASKOFF_TEST_TX_PKT_H

/**
 * @file
 * A small packet builder for the tx tests, and reference results computed
 * independently of lib/tx (DPDK's rte_ipv4_cksum / rte_ipv4_udptcp_cksum /
 * rte_ipv6_udptcp_cksum over a flat copy of the expected frame).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#define TX_PKT_MAX 131072u

/** What to build: Ethernet / IPv4 or IPv6 / TCP or UDP / payload, optionally inside NVGRE or
 * VXLAN. */
struct tx_pkt_spec {
	bool ipv6;
	uint8_t l4_proto;    /* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t ip_opts_len; /* IPv4 options length (multiple of 4) */
	const uint8_t *ext;  /* IPv6 extension headers, raw (next-header fields included) */
	uint16_t ext_len;
	uint8_t ext_first;	  /* next header value of the IPv6 header when ext is set */
	const uint8_t *final_dst; /* pseudo-header destination when a routing header says so */
	const uint8_t *tcp_opts;
	uint8_t tcp_opts_len; /* multiple of 4 */
	uint8_t tcp_flags;
	uint32_t seq;
	uint16_t ip_id;
	uint16_t ip_frag; /* IPv4 flags/fragment offset field, host order */
	uint32_t payload_len;
	bool tunnel; /* NVGRE, or VXLAN with vxlan */
	bool outer_ipv6;
	uint16_t outer_id;
	bool vxlan;	       /* tunnel: outer UDP (source port TX_PKT_VXLAN_SPORT) + VXLAN */
	uint16_t vxlan_port;   /* outer UDP destination; 0 = 4789 */
	bool outer_udp_cksum;  /* expected segments: outer UDP checksum computed (IPv6: always) */
	uint16_t outer_udp_ck; /* what the built frame carries in the outer UDP checksum */
	bool phdr_in_l4;       /* DPDK convention: pseudo-header sum in the L4 checksum field */
	bool zero_l4_cksum;    /* leave the L4 checksum field 0 */
	bool vlan;	       /* 802.1Q tag in the (inner) Ethernet header */
};

#define TX_PKT_VXLAN_SPORT 0xc123u
#define TX_PKT_VXLAN_VNI   0x123456u

/** Offsets of what was built. */
struct tx_pkt_layout {
	uint16_t outer_l3, outer_l3_len; /* tunnel only */
	uint16_t outer_l4;		 /* VXLAN only: outer UDP header */
	uint16_t l3, l3_len, l4, l4_len, hdr_len;
	uint32_t len;
};

/** Build into @p buf (TX_PKT_MAX bytes). */
void tx_pkt_build(uint8_t *buf, const struct tx_pkt_spec *s, struct tx_pkt_layout *lay);

/** Copy @p len bytes into a chain split at the ascending offsets @p splits. */
struct rte_mbuf *tx_pkt_mbuf(struct rte_mempool *mp, const uint8_t *buf, uint32_t len,
			     const uint32_t *splits, unsigned int nb_splits);

/** Set ol_flags and the length fields as a DPDK application would. */
void tx_pkt_set_offload(struct rte_mbuf *m, const struct tx_pkt_spec *s,
			const struct tx_pkt_layout *lay, uint64_t ol_flags, uint16_t mss);

/** tx_pkt_build into @p buf, tx_pkt_mbuf of it split at @p splits, tx_pkt_set_offload. */
struct rte_mbuf *tx_pkt_make(struct rte_mempool *mp, uint8_t *buf, const struct tx_pkt_spec *s,
			     struct tx_pkt_layout *lay, uint64_t ol_flags, uint16_t mss,
			     const uint32_t *splits, unsigned int nb_splits);

/** Copy a chain's data into @p buf; returns pkt_len. */
uint32_t tx_pkt_flatten(const struct rte_mbuf *m, uint8_t *buf);

/**
 * Expected frame @p i of a segmentation of @p orig (built from @p s/@p lay)
 * with segment payload @p mss: headers patched field by field, checksums from
 * DPDK's reference functions. @p id_15bit selects the LSOv2 IPv4 ID rule for
 * the inner header. Returns the frame length.
 */
uint32_t tx_pkt_expected_segment(const uint8_t *orig, const struct tx_pkt_spec *s,
				 const struct tx_pkt_layout *lay, uint16_t mss, uint32_t i,
				 uint32_t nb_segs, bool id_15bit, uint8_t *exp);

/** Reference L4 checksum of a flat frame (checksum field must be 0). */
uint16_t tx_ref_l4_cksum(const uint8_t *frame, const struct tx_pkt_spec *s,
			 const struct tx_pkt_layout *lay, uint32_t l4_total);

/** Reference outer UDP checksum of a flat VXLAN frame whose lengths are final. */
uint16_t tx_ref_outer_udp_cksum(const uint8_t *frame, const struct tx_pkt_spec *s,
				const struct tx_pkt_layout *lay);

/** Reference IPv4 header checksum (field treated as 0). */
uint16_t tx_ref_ip4_cksum(const uint8_t *ip);

#endif

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_tx.h"

/** A transmit queue for tests: default config (everything on), counters, one pool. */
struct tx_env {
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct taskoff_tx_ctx ctx;
};

void tx_env_init(struct tx_env *e, struct rte_mempool *pool);

/** Run one packet through taskoff_tx_burst(); asserts it was consumed; returns frames. */
uint16_t tx_env_send(struct tx_env *e, struct rte_mbuf *m, struct rte_mbuf **out, uint16_t cap);

/**
 * Assert @p out[0..n) are exactly the segments of @p orig for @p mss (every
 * byte, see tx_pkt_expected_segment), zero-copy (payload in indirect mbufs)
 * and without offload requests left in ol_flags. Frees them.
 */
void tx_check_segments(struct rte_mbuf **out, uint16_t n, const uint8_t *orig,
		       const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay, uint16_t mss,
		       bool id_15bit);

/**
 * Assert taskoff_tx_prepare() accepts @p m, send it through @p e and check the
 * frames with tx_check_segments() (which frees them).
 */
void tx_env_segment_and_check(struct tx_env *e, struct rte_mbuf *m, const uint8_t *orig,
			      const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay,
			      uint16_t mss, bool id_15bit);

/** Assert two byte ranges are equal, naming the first differing offset. */
void tx_assert_bytes(const uint8_t *got, const uint8_t *exp, uint32_t len, const char *what);
