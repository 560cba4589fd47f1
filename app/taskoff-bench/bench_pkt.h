/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_PKT_H
#define TASKOFF_BENCH_PKT_H

/**
 * @file
 * A tiny frame builder for the benchmark: Ethernet + IPv4/IPv6 + TCP (no
 * options) + payload, with correct IP and TCP checksums computed by DPDK, and
 * the outer headers of a tunnel (Ethernet + IPv4, VXLAN).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#define BENCH_ETH_LEN	 ((uint32_t)sizeof(struct rte_ether_hdr))
#define BENCH_IPV4_LEN	 ((uint32_t)sizeof(struct rte_ipv4_hdr))
#define BENCH_IPV6_LEN	 ((uint32_t)sizeof(struct rte_ipv6_hdr))
#define BENCH_TCP_LEN	 ((uint32_t)sizeof(struct rte_tcp_hdr))
#define BENCH_UDP_LEN	 ((uint32_t)sizeof(struct rte_udp_hdr))
#define BENCH_VXLAN_LEN	 8u
#define BENCH_VXLAN_PORT 4789u
#define BENCH_MSS	 1448u
#define BENCH_HDRS_IPV4	 (BENCH_ETH_LEN + BENCH_IPV4_LEN + BENCH_TCP_LEN)
#define BENCH_HDRS_IPV6	 (BENCH_ETH_LEN + BENCH_IPV6_LEN + BENCH_TCP_LEN)

/** The fields that tell one TCP segment from another. */
struct bench_flow {
	bool ipv6;	 /**< IPv6 addresses fd00::<src_ip> / fd00::<dst_ip> */
	uint32_t src_ip; /**< host order */
	uint32_t dst_ip; /**< host order */
	uint16_t sport;	 /**< host order */
	uint16_t dport;	 /**< host order */
	uint32_t seq;	 /**< host order */
	uint32_t ack;	 /**< host order */
	uint16_t ip_id;	 /**< host order (IPv4 only) */
	bool no_df;	 /**< IPv4 DF clear: the IP ID then has to count */
	uint8_t tcp_flags;
};

/** Deterministic pseudo-random bytes (xorshift64*). */
void bench_fill_random(void *buf, size_t len, uint64_t seed);

/** Length of the frame bench_build_tcp_frame() writes for @p payload_len bytes. */
size_t bench_frame_len(bool ipv6, size_t payload_len);

/**
 * Write the frame of @p f carrying @p payload_len bytes of @p payload into
 * @p buf (at least bench_frame_len() bytes), checksums filled.
 * @return the frame length.
 */
size_t bench_build_tcp_frame(uint8_t *buf, const struct bench_flow *f, const uint8_t *payload,
			     size_t payload_len);

/**
 * Write Ethernet + IPv4 with @p f's addresses and IP ID (a tunnel's outer
 * headers): protocol @p proto, @p l4_len bytes after the IPv4 header, its
 * checksum filled. @return the bytes written.
 */
uint32_t bench_put_eth_ipv4(uint8_t *buf, const struct bench_flow *f, uint8_t proto, size_t l4_len);

/**
 * Write a VXLAN tunnel's outer headers in front of @p inner_len bytes of inner
 * frame: bench_put_eth_ipv4() with @p outer, UDP from @p outer's sport to 4789
 * (checksum 0), VXLAN with the I flag and @p vni. @return the bytes written.
 */
uint32_t bench_put_vxlan(uint8_t *buf, const struct bench_flow *outer, uint32_t vni,
			 size_t inner_len);

/** Sum of pkt_len of @p n frames (wire bytes of one burst). */
uint64_t bench_frames_bytes(struct rte_mbuf *const *f, unsigned int n);

/** How many of @p n frame pairs have the same length and bytes (frames up to 2048 bytes). */
unsigned int bench_count_identical(struct rte_mbuf *const *mine, struct rte_mbuf *const *theirs,
				   unsigned int n);

#endif
