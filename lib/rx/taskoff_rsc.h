/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RSC_H
#define TASKOFF_RSC_H

/**
 * @file
 * Receive segment coalescing (SPEC §2.5, NDIS RSC), modelled on FreeBSD's
 * tcp_lro: a bounded per-queue flow table (open addressing on a hash of
 * addresses, ports, VLANs and tunnel id), each flow IDLE or OPEN with one SCU, one
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
 *
 * Hold mode (a hold time, like a NIC's coalescing timer): an SCU still open at
 * the end of its burst, and younger than the hold time, gives its slot back
 * and stays open into later bursts; it takes a slot again when it ends (a rule
 * ends it, the hold time runs out, or the configuration changes), still ahead
 * of everything later of its flow. A burst can then deliver more packets than
 * it received, so in hold mode the output must not alias the input.
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

/**
 * Free the SCUs held open across bursts without delivering them (queue stop).
 * @return the received frames they held.
 */
uint32_t taskoff_rsc_table_drop_held(struct taskoff_rsc_table *t);

/** Free @p t (NULL is fine), and any SCU it still holds. */
void taskoff_rsc_table_free(struct taskoff_rsc_table *t);

/**
 * Offer received frame @p m (parsed in @p p, checksum flags already set) to
 * RSC. The frame either joins an open SCU of its flow, opens one (taking the
 * next slot of @p out), or is delivered on its own in the next slot (after
 * flushing its flow's SCU if a rule ended it). @p tunnel is the metadata of a
 * decapsulated frame, or NULL. Frames RSC may not touch (not TCP, RSC off for
 * the IP version, tunnelled with encap off) are delivered unchanged. A frame
 * that finds no slot below @p out_cap is freed and counted (rx_out_cap_dropped).
 */
void taskoff_rsc_input(struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
		       struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
		       const struct taskoff_tunnel_info *tunnel, struct rte_mbuf **out,
		       uint16_t *nb_out, uint16_t out_cap, struct taskoff_counters *cnt);

/**
 * Let an SCU stay open across bursts for up to @p hold_tsc TSC cycles after
 * it opened (0: every SCU is flushed at the end of its burst). Control side;
 * not concurrently with a burst on this table.
 */
void taskoff_rsc_set_hold(struct taskoff_rsc_table *t, uint64_t hold_tsc);

/**
 * Whether the application wants coalescing at all (a NIC's LRO switch; true
 * after create). With false, RSC looks at no frame whatever @p cfg says.
 * Control side; not concurrently with a burst on this table.
 */
void taskoff_rsc_set_enabled(struct taskoff_rsc_table *t, bool enabled);

/**
 * Start a burst under @p cfg: reads the clock in hold mode, and flushes the
 * held SCUs into @p out when cfg changed what RSC may look at (a segment of
 * such a flow would otherwise overtake its SCU). @return packets written.
 */
uint16_t taskoff_rsc_burst_begin(struct taskoff_rsc_table *t,
				 const struct taskoff_offload_config *cfg, struct rte_mbuf **out,
				 uint16_t out_cap, struct taskoff_counters *cnt);

/**
 * End a burst whose first @p nb_out outputs are in @p out: flush every SCU
 * (all of them with @p flush_all or without a hold time; otherwise those open
 * for the hold time or longer), rewrite their headers, append SCUs carried
 * over from earlier bursts while @p out_cap leaves room (the others stay held
 * for a later burst), and take the SCUs that stay open out of @p out.
 * @return the new number of outputs.
 */
uint16_t taskoff_rsc_burst_end(struct taskoff_rsc_table *t, bool flush_all, struct rte_mbuf **out,
			       uint16_t nb_out, uint16_t out_cap, struct taskoff_counters *cnt);

/** Number of SCUs held open across bursts (each needs one output slot when it ends). */
uint32_t taskoff_rsc_held(const struct taskoff_rsc_table *t);

#endif
