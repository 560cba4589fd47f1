/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_GEN_H
#define TASKOFF_APP_GEN_H

/**
 * @file
 * The gen engine: sends the flows of a flow plan on one TX queue as large
 * packets with offload requests (LSO, USO, tunnel LSO), payload = the flow's
 * byte pattern, optionally rate-limited. Packets the port does not take stay
 * pending and go first next time, so every flow's stream stays contiguous.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#include "flows.h"
#include "headers.h"

#define GEN_BURST 32

/** What gen handed to the port (consumed by tx_burst). */
struct gen_stats {
	uint64_t packets;
	uint64_t payload_bytes;
	uint64_t tcp_segments;	 /**< wire segments the TCP and NVGRE packets make */
	uint64_t udp_segments;	 /**< datagrams the UDP packets make */
	uint64_t alloc_failures; /**< bursts skipped for lack of mbufs */
	uint64_t corrupted;	 /**< packets built with a wrong payload byte (fault_every) */
};

/** Token bucket: 0 = unlimited. */
struct gen_rate {
	double pps;
	double bps;
	double frame_tokens;
	double bit_tokens;
	uint64_t last_tsc;
};

struct gen {
	const struct flow_plan *plan;
	struct headers_addr addr;
	struct rte_mempool *pool;
	uint16_t port, queue;
	uint16_t first_flow, flow_step; /* this queue sends flows first, first+step, ... */
	uint16_t next_flow;
	struct gen_rate rate;
	uint32_t fault_every, until_fault;
	uint16_t nb_pending, pending_head;
	struct rte_mbuf *pending[GEN_BURST];
	uint16_t pending_flow[GEN_BURST];
	uint64_t offset[FLOWS_MAX]; /* next stream offset per flow */
	uint16_t ip_id[FLOWS_MAX];
	struct gen_stats stats;
};

/**
 * Prepare @p g to send on @p port/@p queue the flows whose index % @p step ==
 * @p first, with up to @p pps wire frames and @p bps wire bits per second
 * (0 = unlimited). @return 0, or -EINVAL when this queue has no flow.
 */
int gen_init(struct gen *g, const struct flow_plan *plan, const struct headers_addr *addr,
	     struct rte_mempool *pool, uint16_t port, uint16_t queue, uint16_t first, uint16_t step,
	     double pps, double bps);

/** Corrupt one payload byte of every @p n-th packet built (0: never), to prove check sees it. */
void gen_set_fault_every(struct gen *g, uint32_t n);

/** Build and send up to one burst. */
void gen_step(struct gen *g);

/** Free what is still pending (at the end of a run); @return how many packets. */
uint16_t gen_discard_pending(struct gen *g);

#endif
