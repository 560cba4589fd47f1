/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TX_INTERNAL_H
#define TASKOFF_TX_INTERNAL_H

/**
 * @file
 * Shared between the files of lib/tx only: the segment template and the
 * per-segment header fix-ups (one file per protocol: taskoff_tso.c,
 * taskoff_uso.c, taskoff_tunnel.c; the loop in taskoff_tx_seg.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_cksum.h"
#include "taskoff_config.h"
#include "taskoff_tx_parse.h"

/** Mempools a frame builder allocates from. */
struct taskoff_tx_pools {
	struct rte_mempool *hdr_pool;
	struct rte_mempool *indirect_pool;
};

/** UDP header fields (USO, the VXLAN outer header). */
#define TASKOFF_UDP_OFF_DPORT 2u
#define TASKOFF_UDP_OFF_LEN   4u
#define TASKOFF_UDP_OFF_CKSUM 6u

/** How the IPv4 ID advances per segment. */
enum taskoff_ipid_rule {
	TASKOFF_IPID_16BIT, /**< LSOv1, USO, outer headers: whole 16-bit range */
	TASKOFF_IPID_15BIT, /**< LSOv2 IPv4: low 15 bits wrap 0x7FFF -> 0x0000, bit 15 kept */
};

/** The header block every segment starts from, plus sums that do not change per segment. */
struct taskoff_seg_tmpl {
	const struct taskoff_tx_desc *d;
	uint8_t hdr[TASKOFF_TX_MAX_HDR_LEN]; /**< template headers, L4 checksum field zeroed */
	uint16_t phdr_base_sum;		     /**< pseudo-header without the length */
	uint16_t l4_base_sum;		     /**< L4 header with the per-segment fields zeroed */
	uint16_t inner_ip_base_sum; /**< inner IPv4 header without length, ID and checksum */
	uint16_t outer_ip_base_sum; /**< outer IPv4 header (tunnel) likewise */
	enum taskoff_ipid_rule inner_ipid;
	bool l4_cksum_zero; /**< USO/IPv4 template without checksum: send 0 */
	uint32_t tcp_seq0;  /**< TSO: the template's sequence number, host order */
	/** TSO: data offset + flags word (memory order) of a segment that is not the first (bit 0)
	 * and not the last (bit 1) */
	uint16_t tcp_flags[4];
};

/** Where one segment sits in the payload. */
struct taskoff_seg_info {
	uint32_t index;
	uint32_t count;
	uint32_t payload_off; /**< from the start of the template's payload */
	uint32_t payload_len;
	uint16_t payload_sum; /**< one's-complement sum of this segment's payload */
};

/** Copy the headers, zero the L4 checksum, compute the pseudo-header base sum. */
void taskoff_seg_tmpl_init(struct taskoff_seg_tmpl *t, const struct taskoff_tx_desc *d);

/**
 * Build the frames of one packet: for each segment a header mbuf (copy of the
 * template, fixed up) chained to indirect mbufs over the input's payload.
 * The input is not freed. @return frames written to @p out, or -ENOMEM
 * (nothing written, nothing leaked).
 */
int taskoff_seg_build(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
		      const struct taskoff_seg_tmpl *t, struct rte_mbuf **out);

/**
 * Sum of an IPv4 header of @p len bytes with the fields that change per
 * segment (total length, ID, checksum) taken as zero.
 */
uint16_t taskoff_seg_ip_base_sum(const uint8_t *ip, uint16_t len);

/**
 * Set an IP header's length and ID for one segment; for IPv4 the checksum is
 * @p base_sum (see taskoff_seg_ip_base_sum()) plus the two new fields. The ID
 * advances from the one in template headers @p tmpl (laid out like @p hdr).
 */
void taskoff_seg_fix_ip(uint8_t *hdr, const uint8_t *tmpl, const struct taskoff_tx_l3 *l3,
			uint32_t frame_end, uint32_t id_add, enum taskoff_ipid_rule rule,
			uint16_t base_sum);

/** The IPv4 ID of segment @p index under @p rule. */
uint16_t taskoff_ipid_next(uint16_t tmpl_id, uint32_t index, enum taskoff_ipid_rule rule);

/* taskoff_tso.c */
/** Refuse templates LSO must not segment (SYN, RST, URG). */
enum taskoff_tx_reason taskoff_tso_check_template(const struct taskoff_tx_desc *d);
/** Which LSO version serves this request, per SPEC §2.2 (tunnels: LSOv2 only, §2.6/§2.6b), or
 * why none does. */
enum taskoff_tx_reason taskoff_tso_choose(const struct taskoff_offload_config *cfg,
					  const struct rte_mbuf *m, const struct taskoff_tx_desc *d,
					  enum taskoff_ipid_rule *rule);
void taskoff_tso_tmpl_init(struct taskoff_seg_tmpl *t);
void taskoff_tso_fix_tcp(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			 const struct taskoff_seg_info *s);

/* taskoff_uso.c */
enum taskoff_tx_reason taskoff_uso_choose(const struct taskoff_offload_config *cfg,
					  const struct rte_mbuf *m,
					  const struct taskoff_tx_desc *d);
void taskoff_uso_tmpl_init(struct taskoff_seg_tmpl *t);
void taskoff_uso_fix_udp(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			 const struct taskoff_seg_info *s);

/* taskoff_tunnel.c */
/**
 * Tunnel offloads need the encapsulation offload of their kind enabled (and
 * its outer IPv4 checksum); VXLAN only to the configured UDP port.
 */
enum taskoff_tx_reason taskoff_tunnel_check(const struct taskoff_offload_config *cfg,
					    const struct taskoff_tx_desc *d);
/** Template: the VXLAN outer UDP checksum field starts as 0 when we own it. */
void taskoff_tunnel_tmpl_init(struct taskoff_seg_tmpl *t);
/** Outer IP length, ID (+1 per segment, 16-bit) and checksum; VXLAN: outer UDP length. */
void taskoff_tunnel_fix_outer(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			      const struct taskoff_seg_info *s);
/** VXLAN outer UDP checksum, once every other header field of the frame is final. */
void taskoff_tunnel_fix_outer_l4(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
				 const struct taskoff_seg_info *s);

/**
 * Pseudo-header sum of IP header @p l3 in headers @p hdr for @p l4_len bytes
 * of @p proto (the inner L4 header, or a tunnel's outer UDP header).
 */
static inline uint16_t taskoff_tx_l3_phdr_sum(const uint8_t *hdr, const struct taskoff_tx_l3 *l3,
					      uint8_t proto, uint32_t l4_len)
{
	if (l3->ipv4)
		return taskoff_phdr_sum_ipv4(hdr + l3->off, proto, l4_len);
	return taskoff_phdr_sum_ipv6(hdr + l3->off + 8, hdr + l3->final_dst_off, proto, l4_len);
}

/** NDIS MaxOffLoadSize is taken over the IP datagram handed down: pkt_len minus the first L2. */
static inline uint32_t taskoff_tx_offload_size(const struct rte_mbuf *m,
					       const struct taskoff_tx_desc *d)
{
	return m->pkt_len - ((d->ops & TASKOFF_TX_OP_TUNNEL) ? d->outer.off : d->inner.off);
}

/* taskoff_tx_csum.c */
/**
 * Fill the requested checksums of a non-segmented packet. In place when the
 * header bytes are writable (direct, refcnt 1); otherwise the packet is
 * rebuilt as one frame (header copy + indirect payload) in *frame and the
 * input is left for the caller to free.
 * @return 0 (frame is *frame, possibly == m) or -ENOMEM.
 */
int taskoff_tx_fill_csum(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
			 const struct taskoff_tx_desc *d, struct rte_mbuf **frame);

/** Drop the offload requests from an emitted frame's flags. */
static inline void taskoff_tx_clear_requests(struct rte_mbuf *m)
{
	m->ol_flags &= ~TASKOFF_TX_OFFLOAD_FLAGS;
	m->tso_segsz = 0;
}

#endif
