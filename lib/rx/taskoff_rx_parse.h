/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RX_PARSE_H
#define TASKOFF_RX_PARSE_H

/**
 * @file
 * Receive-side header parser: Ethernet (+ one 802.1Q tag), IPv4 (with
 * options) or IPv6 (hop-by-hop / routing / destination-options headers walked,
 * up to 128 bytes of them; fragment header recognized), TCP or UDP, and two
 * tunnels described alike (struct taskoff_rx_tunnel): NVGRE (outer Ethernet +
 * IP protocol 47 + GRE with key + inner Ethernet frame) and VXLAN (outer
 * Ethernet + IP + UDP to the VXLAN port + VXLAN header + inner Ethernet frame,
 * RFC 7348).
 *
 * The parser only reads the mbuf (with rte_pktmbuf_read, so headers may span
 * segments) and validates every length against the frame: a header that does
 * not fit stops the parse at the previous layer, it never reads out of bounds.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_tunnel_hdr.h"

/** Most IPv6 extension header bytes walked before giving up (SPEC §2.1). */
#define TASKOFF_RX_IPV6_EXT_MAX 128u

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

/** What sits between the outer IP layer and an inner Ethernet frame. */
enum taskoff_rx_tunnel_kind {
	TASKOFF_RX_TUNNEL_NONE = 0, /**< no tunnel (VXLAN off or another port: plain UDP) */
	TASKOFF_RX_TUNNEL_NVGRE,    /**< well-formed NVGRE with an inner Ethernet header */
	TASKOFF_RX_TUNNEL_VXLAN,    /**< well-formed VXLAN with an inner Ethernet header */
	/** GRE with C/S set, K clear, a version, protocol or length wrong; or UDP to
	 *  the VXLAN port with flags other than I, or too short for VXLAN + Ethernet */
	TASKOFF_RX_TUNNEL_MALFORMED,
};

/**
 * The tunnel of a frame, the same description for NVGRE and VXLAN so that
 * checksum validation, RSC, decap and packet types handle both with one code
 * path. Valid when kind != NONE (ids only for NVGRE / VXLAN).
 */
struct taskoff_rx_tunnel {
	uint8_t kind;	    /**< enum taskoff_rx_tunnel_kind */
	uint8_t encap;	    /**< TASKOFF_ENCAP_GRE_MAC or TASKOFF_ENCAP_VXLAN (malformed too) */
	uint8_t flow_id;    /**< NVGRE FlowID (low 8 bits of the key); 0 for VXLAN */
	uint16_t off;	    /**< offset of the GRE header / the outer UDP header */
	uint16_t hdr_len;   /**< bytes from off to the inner Ethernet header (8 or 16) */
	uint16_t udp_sport; /**< VXLAN outer UDP source port (network order); 0 for NVGRE */
	uint32_t id;	    /**< NVGRE VSID or VXLAN VNI (24 bits) */
};

/** Everything the receive path learns about one frame. */
struct taskoff_rx_parsed {
	struct taskoff_rx_l2 l2;       /**< the (outer) Ethernet header */
	struct taskoff_rx_l3 l3;       /**< the (outer) IP layer; for VXLAN l4 is the outer UDP */
	struct taskoff_rx_tunnel tun;  /**< kind NONE unless a tunnel header follows l3 */
	struct taskoff_rx_l2 inner_l2; /**< valid when taskoff_rx_tunnelled() */
	struct taskoff_rx_l3 inner_l3; /**< valid when taskoff_rx_tunnelled() */
	uint32_t ptype;		       /**< RTE_PTYPE_* of every recognized layer */
	/** Every outer header checksum (of a tunnelled frame, or of one decap
	 *  stripped) needs no check or was verified good: the IPv4 header (IPv6
	 *  has none) and the VXLAN outer UDP checksum (0 over IPv4 = sent without
	 *  one, nothing to verify). The parser sets it true; decap and the
	 *  checksum validation clear it for an outer checksum not verified good. */
	bool outer_verified;
};

/**
 * The UDP destination port the parser treats as VXLAN under @p cfg: the
 * configured port while the VXLAN offload is on (taskoff_config_vxlan_enabled),
 * else 0 (no frame is VXLAN; UDP to 4789 is plain UDP).
 */
static inline uint16_t taskoff_rx_vxlan_port(const struct taskoff_offload_config *cfg)
{
	return taskoff_config_vxlan_enabled(cfg) ? cfg->vxlan_port : 0;
}

/**
 * Parse frame @p m into @p p; UDP to @p vxlan_port (host order, 0: none; see
 * taskoff_rx_vxlan_port) is VXLAN. Never fails: what cannot be recognized is
 * left out of p->ptype (and version 0 / l4_valid false).
 */
void taskoff_rx_parse(const struct rte_mbuf *m, uint16_t vxlan_port, struct taskoff_rx_parsed *p);

/**
 * The parser taskoff_rx_parse() falls back to for any frame that is not
 * untagged Ethernet + option-less unfragmented IPv4 + TCP/UDP (not to the
 * VXLAN port) in the first segment (those take a shortcut with the same
 * result; tests compare both).
 */
void taskoff_rx_parse_general(const struct rte_mbuf *m, uint16_t vxlan_port,
			      struct taskoff_rx_parsed *p);

/**
 * Write what @p p found into @p m: packet_type and l2/l3/l4_len (for NVGRE and
 * VXLAN: outer_l2/outer_l3_len of the outer headers, l2_len = GRE or outer
 * UDP + VXLAN, plus the inner Ethernet, l3/l4_len of the inner packet, the
 * DPDK tunnel convention).
 */
void taskoff_rx_parse_to_mbuf(const struct taskoff_rx_parsed *p, struct rte_mbuf *m);

/** Is @p p a well-formed tunnel (NVGRE or VXLAN) with its inner layers parsed? */
static inline bool taskoff_rx_tunnelled(const struct taskoff_rx_parsed *p)
{
	return p->tun.kind == TASKOFF_RX_TUNNEL_NVGRE || p->tun.kind == TASKOFF_RX_TUNNEL_VXLAN;
}

/**
 * Does the encapsulated packet task offload of @p p's tunnel type apply under
 * @p cfg (taskoff_config_nvgre_enabled / taskoff_config_vxlan_enabled)?
 */
static inline bool taskoff_rx_tunnel_enabled(const struct taskoff_offload_config *cfg,
					     const struct taskoff_rx_parsed *p)
{
	return taskoff_config_encap_enabled(cfg, p->tun.encap);
}

/** The transport layer RSC and checksum validation work on (inner for a tunnel). */
static inline const struct taskoff_rx_l3 *taskoff_rx_payload_l3(const struct taskoff_rx_parsed *p)
{
	return taskoff_rx_tunnelled(p) ? &p->inner_l3 : &p->l3;
}

#endif
