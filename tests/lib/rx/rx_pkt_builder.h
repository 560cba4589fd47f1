/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_RX_PKT_BUILDER_H
#define TASKOFF_TEST_RX_PKT_BUILDER_H

/**
 * @file
 * A small frame builder for the receive tests: Ethernet [+ VLAN] + IPv4
 * [options] / IPv6 [hop-by-hop, fragment] + TCP [timestamp, MSS] / UDP, and
 * NVGRE or VXLAN around any such frame. Checksums are filled with DPDK's own
 * rte_ipv4_cksum / rte_ipv4_udptcp_cksum / rte_ipv6_udptcp_cksum, independent
 * of the code under test, then optionally corrupted.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#define TB_FRAME_MAX 9600

struct tb_frame {
	bool vlan;
	uint16_t vlan_tci;
	int ip_version;	  /* 4 or 6 */
	uint8_t proto;	  /* IPPROTO_TCP / IPPROTO_UDP / other */
	uint8_t src_last; /* last byte of the source address (flows differ by it) */
	uint8_t ttl;
	uint8_t dscp;
	uint8_t ecn;
	bool df;
	bool mf;
	uint16_t ip_id;
	uint32_t flow_label;
	uint8_t ipv4_opt_len; /* multiple of 4 */
	uint8_t ipv6_hbh_len; /* 0 or a multiple of 8 */
	bool ipv6_frag;
	bool ipv6_rt2; /* type 2 routing header, 1 segment left: final dst = 2001::99 */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t tcp_flags;
	uint16_t win;
	bool ts;
	uint32_t tsval, tsecr;
	bool mss_opt;
	const uint8_t *payload;
	uint16_t payload_len;
	bool bad_ip_csum;
	bool bad_l4_csum;
	bool udp_zero_csum;
	uint16_t min_frame; /* pad the frame with zeros up to this length */
};

/** A TCP/IPv4 data segment with sane defaults (ACK, TTL 64, DF, ports 1000→2000). */
void tb_tcp4_defaults(struct tb_frame *f);

/** Segment @p i of an RSC stream 1000→2000: tb_tcp4_defaults with 100 bytes of @p payload,
 * seq 1000 + 100 i, IP ID 100 + i, timestamps tsval 10 + i, tsecr 77. */
void tb_rsc_seg(struct tb_frame *f, unsigned int i, const uint8_t *payload);

/** Build @p f into @p buf; @return the frame length. */
size_t tb_build(uint8_t *buf, const struct tb_frame *f);

/** Build a tb_tcp4_defaults segment with @p seq, flags ACK | @p flags and the first
 * @p len bytes of @p payload; @return the frame length. */
size_t tb_build_tcp4(uint8_t *buf, const uint8_t *payload, uint16_t len, uint32_t seq,
		     uint8_t flags);

/** NVGRE around @p inner: outer Eth + IPv4/IPv6 + GRE(flags, proto, key). */
struct tb_nvgre {
	int outer_version;
	uint16_t gre_flags; /* 0x2000 = K only, the NVGRE value */
	uint16_t gre_proto; /* 0x6558 */
	uint32_t vsid;
	uint8_t flow_id;
	bool bad_outer_csum;
	uint16_t outer_ip_id;
	uint8_t outer_src_last; /* last byte of the outer source address (default 1) */
	uint8_t outer_dscp;
	uint8_t outer_ecn;
	bool outer_df;
};
void tb_nvgre_defaults(struct tb_nvgre *n);
size_t tb_build_nvgre(uint8_t *buf, const struct tb_nvgre *n, const uint8_t *inner,
		      size_t inner_len);

/** VXLAN around @p inner: outer Eth [+ VLAN] + IPv4/IPv6 + UDP + VXLAN(flags, VNI). */
struct tb_vxlan {
	int outer_version;
	bool outer_vlan;
	uint16_t outer_vlan_tci;
	uint16_t sport;	    /* outer UDP source port (default 49152) */
	uint16_t dport;	    /* default 4789 */
	uint8_t flags;	    /* 0x08 = I only, the VXLAN value */
	uint32_t vni;	    /* default 0xabcdef */
	bool udp_zero_csum; /* outer UDP checksum 0 (default: computed, IPv4 and IPv6) */
	bool bad_udp_csum;
	bool bad_outer_csum; /* outer IPv4 header */
	uint16_t outer_ip_id;
	uint8_t outer_src_last; /* last byte of the outer source address (default 1) */
	uint8_t outer_dscp;
	uint8_t outer_ecn;
	bool outer_df;
};
void tb_vxlan_defaults(struct tb_vxlan *v);
size_t tb_build_vxlan(uint8_t *buf, const struct tb_vxlan *v, const uint8_t *inner,
		      size_t inner_len);

/** End the outer IPv4 datagram of a built untagged tunnel frame @p frame (NVGRE or
 * VXLAN over IPv4) @p ip_payload bytes after its IPv4 header: total length and header
 * checksum rewritten; @return the frame length up to there. */
size_t tb_cut_outer_ipv4(uint8_t *frame, uint16_t ip_payload);

/** tb_cut_outer_ipv4 of a VXLAN frame, ending the UDP datagram @p udp_len bytes in;
 * UDP length rewritten, UDP checksum 0. */
size_t tb_cut_vxlan_udp(uint8_t *frame, uint16_t udp_len);

/** A one-segment mbuf holding @p len bytes of @p buf. */
struct rte_mbuf *tb_mbuf(struct rte_mempool *mp, const uint8_t *buf, size_t len);

/** The same frame split across mbufs at @p split (two segments). */
struct rte_mbuf *tb_mbuf_split(struct rte_mempool *mp, const uint8_t *buf, size_t len,
			       size_t split);

/** Deterministic payload byte pattern for segment @p i of a stream. */
void tb_payload(uint8_t *buf, size_t len, unsigned int i);

#endif
