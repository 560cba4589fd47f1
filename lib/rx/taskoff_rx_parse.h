/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RX_PARSE_H
#define TASKOFF_RX_PARSE_H

/**
 * @file
 * Receive-side header parser: Ethernet (+ one 802.1Q tag), IPv4 (with
 * options) or IPv6 (hop-by-hop / routing / destination-options headers walked,
 * up to 128 bytes of them; fragment header recognized), TCP or UDP, and NVGRE
 * (outer Ethernet + IP protocol 47 + GRE with key + inner Ethernet frame).
 *
 * The parser only reads the mbuf (with rte_pktmbuf_read, so headers may span
 * segments) and validates every length against the frame: a header that does
 * not fit stops the parse at the previous layer, it never reads out of bounds.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

/** Most IPv6 extension header bytes walked before giving up (SPEC §2.1). */
#define TASKOFF_RX_IPV6_EXT_MAX 128u

/** GRE header of NVGRE: flags/version, protocol, key. */
#define TASKOFF_NVGRE_HDR_LEN 8u
#define TASKOFF_GRE_FLAG_C    0x8000u
#define TASKOFF_GRE_FLAG_K    0x2000u
#define TASKOFF_GRE_FLAG_S    0x1000u
#define TASKOFF_GRE_VER_MASK  0x0007u
#define TASKOFF_GRE_PROTO_TEB 0x6558u

/** The Ethernet layer. */
struct taskoff_rx_l2 {
	uint16_t off;	   /**< offset of the Ethernet header in the frame */
	uint16_t len;	   /**< 14, or 18 with one VLAN tag */
	uint16_t vlan_tci; /**< host order; 0 without a tag */
	bool has_vlan;
};

/** One IP layer and the transport header above it. */
struct taskoff_rx_l3 {
	uint8_t version;      /**< 4 or 6; 0 when no usable IP header was found */
	uint8_t proto;	      /**< protocol / final next header */
	bool has_options;     /**< IPv4 options or IPv6 extension headers present */
	bool is_fragment;     /**< IPv4 MF/offset or an IPv6 fragment header */
	bool l4_valid;	      /**< TCP/UDP/SCTP header present and inside the datagram */
	uint16_t l3_off;      /**< offset of the IP header in the frame */
	uint16_t l3_len;      /**< IP header incl. options / extension headers */
	uint16_t l4_off;      /**< offset of the transport header */
	uint16_t l4_len;      /**< TCP/UDP/SCTP header length (0 unless l4_valid) */
	uint32_t l4_seg_len;  /**< transport header + payload, from the IP length */
	uint16_t payload_sum; /**< folded sum of the transport payload; set by the checksum
				 validation when it summed the segment (not by the parser) */
	uint8_t src[16];      /**< source address (IPv4 in the first 4 bytes) */
	uint8_t dst[16];      /**< pseudo-header destination (final one for IPv6 routing) */
};

/** How a protocol-47 payload looked. */
enum taskoff_rx_gre_kind {
	TASKOFF_RX_GRE_NONE = 0,  /**< not GRE */
	TASKOFF_RX_GRE_NVGRE,	  /**< well-formed NVGRE with an inner Ethernet header */
	TASKOFF_RX_GRE_MALFORMED, /**< GRE, but C/S set, K clear, version, protocol or length wrong
				   */
};

/** Everything the receive path learns about one frame. */
struct taskoff_rx_parsed {
	struct taskoff_rx_l2 l2; /**< the (outer) Ethernet header */
	struct taskoff_rx_l3 l3; /**< the (outer) IP layer */
	enum taskoff_rx_gre_kind gre;
	uint16_t gre_off;	       /**< offset of the GRE header when gre != NONE */
	uint32_t vsid;		       /**< NVGRE virtual subnet id (24 bits) */
	uint8_t flow_id;	       /**< NVGRE FlowID (low 8 bits of the key) */
	struct taskoff_rx_l2 inner_l2; /**< valid when gre == NVGRE */
	struct taskoff_rx_l3 inner_l3; /**< valid when gre == NVGRE */
	uint32_t ptype;		       /**< RTE_PTYPE_* of every recognized layer */
	/** Every outer IP header (NVGRE, or one decap stripped) needs no check
	 *  (IPv6) or had its IPv4 checksum verified good. The parser sets it true;
	 *  decap and the checksum validation clear it for an outer header that
	 *  was not verified. */
	bool outer_ip_verified;
};

/**
 * Parse frame @p m into @p p. Never fails: what cannot be recognized is left
 * out of p->ptype (and version 0 / l4_valid false).
 */
void taskoff_rx_parse(const struct rte_mbuf *m, struct taskoff_rx_parsed *p);

/**
 * The parser taskoff_rx_parse() falls back to for any frame that is not
 * untagged Ethernet + option-less unfragmented IPv4 + TCP/UDP in the first
 * segment (those take a shortcut with the same result; tests compare both).
 */
void taskoff_rx_parse_general(const struct rte_mbuf *m, struct taskoff_rx_parsed *p);

/**
 * Write what @p p found into @p m: packet_type and l2/l3/l4_len (for NVGRE:
 * outer_l2/outer_l3_len of the outer headers, l2_len = GRE + inner Ethernet,
 * l3/l4_len of the inner packet, the DPDK tunnel convention).
 */
void taskoff_rx_parse_to_mbuf(const struct taskoff_rx_parsed *p, struct rte_mbuf *m);

/** The transport layer RSC and checksum validation work on (inner for NVGRE). */
static inline const struct taskoff_rx_l3 *taskoff_rx_payload_l3(const struct taskoff_rx_parsed *p)
{
	return p->gre == TASKOFF_RX_GRE_NVGRE ? &p->inner_l3 : &p->l3;
}

#endif
