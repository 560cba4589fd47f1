/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TX_PARSE_H
#define TASKOFF_TX_PARSE_H

/**
 * @file
 * Transmit header parser: turns an mbuf's offload request (ol_flags
 * RTE_MBUF_F_TX_*, l2/l3/l4_len, outer_l2/outer_l3_len, tso_segsz) plus the
 * header bytes into a validated descriptor, or names the lie it found.
 *
 * The parser reads at most TASKOFF_TX_MAX_HDR_LEN bytes, through
 * rte_pktmbuf_read(), so headers split over a chain are fine and nothing past
 * the chain's data is ever read. It does not modify the packet and does not
 * look at the offload configuration (see taskoff_tx.h for that).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

/** Longest header block (everything before the L4 payload) that we replicate. */
#define TASKOFF_TX_MAX_HDR_LEN 512u
/** Longest IPv6 extension-header chain walked (SPEC §2.1). */
#define TASKOFF_TX_MAX_IPV6_EXT_LEN 128u

/**
 * Why a packet cannot be offloaded. Every value except OK has a drop counter
 * "tx_drop_<name in lower case>" (see taskoff_tx_reason_counter()).
 */
enum taskoff_tx_reason {
	TASKOFF_TX_OK = 0,
	TASKOFF_TX_BAD_FLAGS,	 /**< contradictory ol_flags (e.g. L4 csum without IPV4/IPV6) */
	TASKOFF_TX_BAD_LENGTH,	 /**< l2/l3/l4 lengths or IP/UDP length fields past the data */
	TASKOFF_TX_HDR_TOO_LONG, /**< headers longer than TASKOFF_TX_MAX_HDR_LEN */
	TASKOFF_TX_BAD_IHL,	 /**< IHL < 5 or l3_len != IHL * 4 */
	TASKOFF_TX_IP_VERSION_MISMATCH, /**< TX_IPV4/TX_IPV6 flag disagrees with the version nibble
					 */
	TASKOFF_TX_L4_PROTO_MISMATCH,	/**< next header not TCP/UDP/SCTP as the L4 offload asks */
	TASKOFF_TX_TCP_DOFF_MISMATCH,	/**< TCP data offset * 4 != l4_len */
	TASKOFF_TX_IPV6_EXT_TOO_LONG,	/**< extension headers beyond 128 bytes */
	TASKOFF_TX_IPV6_EXT_BAD,      /**< chain does not end at l3_len, or unknown routing type */
	TASKOFF_TX_IPV6_FRAGMENT,     /**< IPv6 fragment header: never offloaded */
	TASKOFF_TX_IP_FRAGMENT,	      /**< IPv4 MF or fragment offset on a segmentation request */
	TASKOFF_TX_TSO_SEGSZ_ZERO,    /**< segmentation asked with tso_segsz 0 */
	TASKOFF_TX_TCP_FLAGS,	      /**< LSO template with SYN, RST or URG */
	TASKOFF_TX_BAD_GRE,	      /**< TX_TUNNEL_GRE but the GRE header is not NVGRE */
	TASKOFF_TX_UNSUPPORTED,	      /**< an offload this NIC model does not have (SCTP in a
					 tunnel, USO over NVGRE...) */
	TASKOFF_TX_OFFLOAD_DISABLED,  /**< the requested offload is off in the current config */
	TASKOFF_TX_TOO_BIG,	      /**< beyond MaxOffLoadSize or the IP length limit */
	TASKOFF_TX_TOO_FEW_SEGMENTS,  /**< fewer segments than MinSegmentCount */
	TASKOFF_TX_TOO_MANY_SEGMENTS, /**< more frames than the queue takes per packet */
	TASKOFF_TX_BAD_VXLAN, /**< TX_TUNNEL_VXLAN but no outer UDP, no I flag, bad lengths */
	TASKOFF_TX_VXLAN_PORT_MISMATCH, /**< outer UDP destination is not the configured VXLAN port
					 */
	TASKOFF_TX_REASON_MAX
};

/** Printable name of a reason ("bad_ihl"...), NULL when out of range. */
const char *taskoff_tx_reason_name(enum taskoff_tx_reason r);

/** What the engine must do with the packet (bits of taskoff_tx_desc.ops). */
#define TASKOFF_TX_OP_IP_CKSUM	     0x01u /**< (inner) IPv4 header checksum */
#define TASKOFF_TX_OP_L4_CKSUM	     0x02u /**< (inner) TCP, UDP or SCTP checksum */
#define TASKOFF_TX_OP_TSO	     0x04u /**< TCP segmentation */
#define TASKOFF_TX_OP_USO	     0x08u /**< UDP segmentation */
#define TASKOFF_TX_OP_TUNNEL	     0x10u /**< NVGRE or VXLAN: outer headers present */
#define TASKOFF_TX_OP_OUTER_IP_CKSUM 0x20u /**< outer IPv4 header checksum */
/** VXLAN: outer UDP checksum (asked, or always over an IPv6 outer header) */
#define TASKOFF_TX_OP_OUTER_UDP_CKSUM 0x40u
/** VXLAN over IPv4, outer UDP checksum not asked while inner bytes change: send 0 */
#define TASKOFF_TX_OP_OUTER_UDP_ZERO 0x80u

/**
 * The tunnels this NIC model offloads: one abstraction, told apart only by
 * the encapsulation header between the outer IP header and the inner
 * Ethernet header (NVGRE: GRE with key, 8 bytes; VXLAN: UDP + VXLAN, 16).
 */
enum taskoff_tunnel_kind {
	TASKOFF_TUNNEL_NONE = 0,
	TASKOFF_TUNNEL_NVGRE,
	TASKOFF_TUNNEL_VXLAN,
};

/** One IP header as found in the packet. */
struct taskoff_tx_l3 {
	uint16_t off;		/**< offset of the IP header from the packet start */
	uint16_t len;		/**< IPv4 header with options / IPv6 header with extensions */
	bool ipv4;		/**< IPv4 (else IPv6) */
	uint8_t proto;		/**< upper-layer protocol (after IPv6 extension headers) */
	uint16_t final_dst_off; /**< IPv6: offset of the pseudo-header destination address */
};

/** A validated offload request. Offsets are from the start of the packet. */
struct taskoff_tx_desc {
	uint32_t ops;			 /**< TASKOFF_TX_OP_* */
	enum taskoff_tunnel_kind tunnel; /**< with OP_TUNNEL */
	uint16_t encap_off;		 /**< tunnel: GRE / outer UDP header offset */
	uint16_t encap_len;		 /**< tunnel: GRE (8) / UDP + VXLAN (16) header bytes */
	struct taskoff_tx_l3 outer;	 /**< outer IP header (OP_TUNNEL only) */
	struct taskoff_tx_l3 inner;	 /**< the IP header that carries the L4 header */
	uint16_t l4_off;		 /**< L4 header offset (0 when no L4 offload) */
	uint16_t l4_hdr_len;		 /**< TCP header with options, 8 for UDP, 12 for SCTP */
	uint16_t hdr_len;     /**< l4_off + l4_hdr_len: the block replicated per segment */
	uint32_t l4_total;    /**< L4 header + payload (checksum-only: from the IP length) */
	uint32_t payload_len; /**< bytes after hdr_len that are carried */
	uint16_t mss;	      /**< segment payload size (segmentation only) */
	uint32_t nb_segs;     /**< frames the packet becomes (1 without segmentation) */
	const uint8_t *hdr;   /**< the hdr_len header bytes (in the mbuf or the caller's copy) */
};

/** TX offload request bits the engine interprets (and clears on emitted frames). */
#define TASKOFF_TX_OFFLOAD_FLAGS                                                                   \
	(RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_TCP_SEG |                  \
	 RTE_MBUF_F_TX_UDP_SEG | RTE_MBUF_F_TX_OUTER_IP_CKSUM | RTE_MBUF_F_TX_OUTER_UDP_CKSUM |    \
	 RTE_MBUF_F_TX_TUNNEL_MASK | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6 |                     \
	 RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IPV6)

/** True when @p m asks for a checksum, segmentation or tunnel offload. */
static inline bool taskoff_tx_wants_offload(const struct rte_mbuf *m)
{
	return (m->ol_flags &
		(RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_TCP_SEG |
		 RTE_MBUF_F_TX_UDP_SEG | RTE_MBUF_F_TX_OUTER_IP_CKSUM |
		 RTE_MBUF_F_TX_OUTER_UDP_CKSUM | RTE_MBUF_F_TX_TUNNEL_MASK)) != 0;
}

/**
 * Validate @p m's offload request and describe it in @p d. @p copy receives
 * the header bytes when they are not contiguous in the first segment
 * (d->hdr then points into @p copy).
 * @return TASKOFF_TX_OK or the first reason found.
 */
enum taskoff_tx_reason taskoff_tx_parse(const struct rte_mbuf *m, struct taskoff_tx_desc *d,
					uint8_t copy[TASKOFF_TX_MAX_HDR_LEN]);

#endif
