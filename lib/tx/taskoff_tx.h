/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TX_H
#define TASKOFF_TX_H

/**
 * @file
 * The transmit offload pipeline the PMD calls: checksum filling (SPEC §2.1),
 * LSOv1/LSOv2 (§2.2), USO (§2.3) and NVGRE / VXLAN tunnel offloads (§2.6,
 * §2.6b) as pure
 * functions over rte_mbuf arrays. No locks, no globals: all state is in the
 * caller's taskoff_tx_ctx, owned by the lcore polling the queue.
 *
 * Conventions:
 * - Offload size (MaxOffLoadSize) is measured over the IP datagram handed
 *   down: pkt_len minus the first L2 header (outer_l2_len for a tunnel).
 * - Segmentation computes every checksum it changes (IP header, TCP/UDP,
 *   outer IPv4), whatever the request flags say; enabling LSO/USO covers them.
 * - A request whose offload is disabled is never sent wrong: dropped and counted.
 * - IPv4 ID per segment: LSOv2 advances the low 15 bits (0x7FFF -> 0x0000) and
 *   keeps bit 15 of the template's ID; LSOv1, USO and tunnel outer headers
 *   advance all 16 bits; the tunnel's inner header follows the LSO version.
 * - VXLAN outer UDP checksum: computed per frame when asked
 *   (RTE_MBUF_F_TX_OUTER_UDP_CKSUM) and always over an IPv6 outer header;
 *   over IPv4 unasked it is sent 0 whenever the inner bytes change. It needs
 *   only the VXLAN offload (no UDP checksum keyword), like the USO rule.
 * - Checksum-only requests are filled in place when the header bytes are
 *   writable (direct, refcnt 1); a shared packet is re-emitted as a new header
 *   mbuf chained to its payload, so the other owners never see a change.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_tx_parse.h"

/** Per-queue transmit context. */
struct taskoff_tx_ctx {
	const struct taskoff_offload_config *cfg; /**< set by the caller before each burst */
	struct rte_mempool *hdr_pool;		  /**< direct pktmbufs for segment headers */
	struct rte_mempool
	    *indirect_pool;	      /**< mbufs used to attach to payload (may equal hdr_pool) */
	struct taskoff_counters *cnt; /**< this queue's counters */
	/** A packet that would need more frames is dropped (tx_too_many_segments_dropped); 0 = no
	 * limit. Keep it <= the out_cap passed to taskoff_tx_burst(), or such a packet blocks the
	 * queue. */
	uint32_t max_frames_per_pkt;
};

/**
 * tx_pkt_prepare: the verdict taskoff_tx_burst() gives @p m on a queue with
 * @p cfg and @p max_frames_per_pkt (taskoff_tx_ctx), without sending it: a
 * packet it refuses is one the burst drops for its content, and the other way
 * round. Only drops that are not about the packet (a dry mbuf pool, link down
 * in the PMD) are not predicted. Does not modify the packet.
 * @return 0, -EINVAL (bad metadata or headers, too few segments), -ENOTSUP
 *         (offload disabled or not supported), -EMSGSIZE (too big, or more
 *         frames than @p max_frames_per_pkt).
 */
int taskoff_tx_prepare(const struct taskoff_offload_config *cfg, uint32_t max_frames_per_pkt,
		       struct rte_mbuf *m);

/** Like taskoff_tx_prepare() but returns the named reason (TASKOFF_TX_OK when fine). */
enum taskoff_tx_reason taskoff_tx_check(const struct taskoff_offload_config *cfg,
					uint32_t max_frames_per_pkt, const struct rte_mbuf *m);

/** The negative errno taskoff_tx_prepare() reports for @p r (0 for TASKOFF_TX_OK). */
int taskoff_tx_reason_errno(enum taskoff_tx_reason r);

/** The drop counter of @p r (TASKOFF_CNT_MAX for TASKOFF_TX_OK). */
enum taskoff_counter taskoff_tx_reason_counter(enum taskoff_tx_reason r);

/**
 * Process @p pkts in order: each packet is either turned into wire frames
 * appended to @p out (checksums filled, segmented) or freed and counted under
 * exactly one named drop counter. Stops before the first packet whose frames
 * do not fit in the remaining @p out_cap (that packet is not consumed).
 * Packets without offload requests pass through untouched. Emitted frames
 * carry ol_flags cleared of TX offload requests.
 * @return packets consumed; *nb_out = frames written.
 */
uint16_t taskoff_tx_burst(struct taskoff_tx_ctx *ctx, struct rte_mbuf **pkts, uint16_t nb_pkts,
			  struct rte_mbuf **out, uint16_t out_cap, uint16_t *nb_out);

#endif
