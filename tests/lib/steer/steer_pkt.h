/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_STEER_PKT_H
#define TASKOFF_TEST_STEER_PKT_H

/*
 * A small frame builder for the steering tests: Ethernet (+VLAN tags), IPv4 or
 * IPv6 (+extension headers), TCP/UDP/ICMP, and NVGRE or VXLAN around an inner frame.
 * Frames are built into byte buffers, then copied into (possibly chained) mbufs.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define PKT_MAX 1024

/** What to put in one IP layer. */
struct pkt_ip_spec {
	int version;	 /**< 4 or 6 */
	const char *src; /**< textual address (inet_pton) */
	const char *dst;
	uint8_t proto;	/**< IPPROTO_TCP, _UDP, _ICMP, _ICMPV6, _GRE ... */
	uint16_t sport; /**< TCP/UDP only */
	uint16_t dport;
	uint16_t v4_frag;      /**< IPv4 flags+offset field, host order */
	const uint8_t *v6_ext; /**< IPv6 extension header types in order (8 bytes each) */
	unsigned int v6_nb_ext;
};

/** IP header(s) + L4 header (TCP 20, UDP 8, ICMP 8; none for other protocols) + payload. */
size_t pkt_ip(uint8_t *out, const struct pkt_ip_spec *s, const uint8_t *payload,
	      size_t payload_len);

/** Ethernet header with @p nb_vlans tags (first is outermost, TPID 0x88a8 when two) + @p l3. */
size_t pkt_eth(uint8_t *out, const char *dst_mac, const uint16_t *vlans, unsigned int nb_vlans,
	       uint16_t ether_type, const uint8_t *l3, size_t l3_len);

/** NVGRE GRE header (flags as given, normally 0x2000) with key VSID << 8 | flow id, + @p inner. */
size_t pkt_gre(uint8_t *out, uint16_t flags, uint16_t proto, uint32_t vsid, uint8_t flow_id,
	       const uint8_t *inner, size_t inner_len);

/** NVGRE frame: outer Ethernet to @p outer_mac, outer IP per @p outer (protocol forced to GRE). */
size_t pkt_nvgre(uint8_t *out, const char *outer_mac, struct pkt_ip_spec outer, uint32_t vsid,
		 const uint8_t *inner, size_t inner_len);

/** VXLAN header (flags as given, normally 0x08 = I) with @p vni, + @p inner. */
size_t pkt_vxlan_hdr(uint8_t *out, uint8_t flags, uint32_t vni, const uint8_t *inner,
		     size_t inner_len);

/**
 * VXLAN frame: outer Ethernet to @p outer_mac, outer IP per @p outer (protocol
 * forced to UDP; outer.sport / outer.dport are the UDP ports, dport the VXLAN
 * port), VXLAN header with the I flag and @p vni, + @p inner.
 */
size_t pkt_vxlan(uint8_t *out, const char *outer_mac, struct pkt_ip_spec outer, uint32_t vni,
		 const uint8_t *inner, size_t inner_len);

/** Copy @p len bytes into a chain of segments of at most @p seg_len bytes (0: one segment). */
struct rte_mbuf *pkt_mbuf(struct rte_mempool *mp, const uint8_t *frame, size_t len, size_t seg_len);

#endif
