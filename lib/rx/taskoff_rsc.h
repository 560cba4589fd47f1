/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RSC_H
#define TASKOFF_RSC_H

/**
 * @file
 * Receive segment coalescing (SPEC §2.5, NDIS RSC), modelled on FreeBSD's
 * tcp_lro: a bounded per-queue flow table (open addressing on a hash of
 * addresses, ports, VLANs and VSID), each flow IDLE or OPEN with one SCU, one
 * function per decision (describe a segment, decide, start, append, flush).
 * The NDIS exceptions are named rules in taskoff_rsc_rules.c, each with its
 * own counter.
 *
 * An SCU is the mbuf of its first segment: it takes that segment's place in
 * the output array when it opens, later segments lose their headers
 * (rte_pktmbuf_adj) and are chained behind it (rte_pktmbuf_chain) — payload is
 * never copied — and the headers are rewritten when it is flushed. Because
 * the SCU already holds its output slot, a later segment of the same flow can
 * never overtake it, and coalescing only ever shrinks the output.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_decap.h"
#include "taskoff_rx_parse.h"

/** Dynfield name and layout of the out-of-band SCU information. */
#define TASKOFF_RSC_INFO_NAME "taskoff_rsc_info"
struct taskoff_rsc_info {
	uint16_t coalesced_seg_count; /**< data segments merged into this SCU */
	uint16_t dup_ack_count;	      /**< duplicate ACKs merged (always 0: they close the SCU) */
	uint32_t ts_delta;	      /**< latest TSval - earliest TSval (0 without timestamps) */
};

/** Most flows one table accepts. */
#define TASKOFF_RSC_MAX_FLOWS 65536u

struct taskoff_rsc_table;

/** Register (or find) the "taskoff_rsc_info" dynfield. @return its offset or -rte_errno. */
int taskoff_rsc_info_register(void);

/**
 * Create a flow table for up to @p max_flows flows open at once (1..65536).
 * @return the table, or NULL with rte_errno set.
 */
struct taskoff_rsc_table *taskoff_rsc_table_create(const char *name, int socket_id,
						   uint32_t max_flows);

/** Free @p t (NULL is fine). Flush first: the table never owns delivered mbufs. */
void taskoff_rsc_table_free(struct taskoff_rsc_table *t);

/**
 * Offer received frame @p m (parsed in @p p, checksum flags already set) to
 * RSC. The frame either joins an open SCU of its flow, opens one (taking the
 * next slot of @p out), or is delivered on its own in the next slot (after
 * flushing its flow's SCU if a rule ended it). @p nvgre is the metadata of a
 * decapsulated frame, or NULL. Frames RSC may not touch (not TCP, RSC off for
 * the IP version, tunnelled with encap off) are delivered unchanged.
 */
void taskoff_rsc_input(struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
		       struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
		       const struct taskoff_nvgre_info *nvgre, struct rte_mbuf **out,
		       uint16_t *nb_out, struct taskoff_counters *cnt);

/** Flush every open SCU (rewrite its headers) and empty the table; end of burst. */
void taskoff_rsc_flush_all(struct taskoff_rsc_table *t, struct taskoff_counters *cnt);

#endif
