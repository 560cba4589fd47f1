/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RX_H
#define TASKOFF_RX_H

/**
 * @file
 * The receive offload pipeline a PMD queue calls once per received burst:
 * parse → NVGRE / VXLAN decap (per policy) → checksum validation → RSC. Pure
 * function over mbuf arrays; all state is in the per-queue context, which
 * only the polling lcore touches (no locks).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_decap.h"
#include "taskoff_rsc.h"

/** Per-queue receive context: RSC flow table, decap policy, dynfield offsets. */
struct taskoff_rx_ctx;

/**
 * Create a receive context whose RSC table holds up to @p max_flows flows
 * (1..TASKOFF_RSC_MAX_FLOWS). Registers the "taskoff_rsc_info" and
 * "taskoff_nvgre_info" dynfields and the "taskoff_nvgre_decapped" dynflag.
 * Decap starts off. @return the context, or NULL with rte_errno set.
 */
struct taskoff_rx_ctx *taskoff_rx_ctx_create(const char *name, int socket_id, uint32_t max_flows);

/**
 * Free @p ctx (NULL is fine). Without a hold time every SCU is flushed at the
 * end of its burst and the context holds no mbuf between bursts; SCUs still
 * held (see taskoff_rx_set_rsc_hold) are freed — taskoff_rx_flush first to
 * deliver them.
 */
void taskoff_rx_ctx_free(struct taskoff_rx_ctx *ctx);

/**
 * Set the queue's tunnel decap policy: @p all for every NVGRE and VXLAN frame,
 * otherwise the @p n ids in @p vsids: NVGRE VSIDs, and VXLAN VNIs marked
 * TASKOFF_DECAP_ID_VNI (at most TASKOFF_DECAP_VSID_MAX; n == 0 turns decap
 * off). Control side; not concurrently with taskoff_rx_burst on this ctx.
 * @return 0 or -EINVAL.
 */
int taskoff_rx_set_decap(struct taskoff_rx_ctx *ctx, bool all, const uint32_t *vsids,
			 unsigned int n);

/**
 * Process one received burst: decap, checksum validation, RSC. Writes the
 * delivered packets to @p out in arrival order per flow. Without a hold time
 * every SCU is flushed before returning, @p out may equal @p pkts and
 * out_cap >= nb_pkts suffices. With one (or while SCUs are held), @p out must
 * not alias @p pkts and out_cap >= nb_pkts + taskoff_rx_held(ctx) suffices.
 * Packets that find no room are freed and counted in rx_out_cap_dropped. @p cfg
 * is the configuration for this burst.
 * @return the number of packets written to @p out.
 */
uint16_t taskoff_rx_burst(struct taskoff_rx_ctx *ctx, const struct taskoff_offload_config *cfg,
			  struct taskoff_counters *cnt, struct rte_mbuf **pkts, uint16_t nb_pkts,
			  struct rte_mbuf **out, uint16_t out_cap);

/**
 * The application's LRO switch: with false no frame is coalesced, whatever
 * the offload configuration enables (default true). Control side; not
 * concurrently with taskoff_rx_burst on this ctx.
 */
void taskoff_rx_set_rsc_enabled(struct taskoff_rx_ctx *ctx, bool enabled);

/**
 * Hold mode, a NIC's RSC coalescing timer: an SCU may stay open across
 * bursts until @p hold_us microseconds after its first segment arrived (it is
 * delivered by the first burst, even an empty one, that starts later and has
 * a free output slot). 0, the default, flushes every SCU at the end of its
 * burst. Control side; not
 * concurrently with taskoff_rx_burst on this ctx, and not back to 0 while
 * SCUs are held.
 */
void taskoff_rx_set_rsc_hold(struct taskoff_rx_ctx *ctx, uint32_t hold_us);

/** SCUs held open across bursts right now (each takes an output slot when it ends). */
uint32_t taskoff_rx_held(const struct taskoff_rx_ctx *ctx);

/**
 * Deliver held SCUs now (headers rewritten) into @p out, at most @p out_cap
 * of them; the rest stay held (call again while taskoff_rx_held() > 0).
 * @return the number of packets written.
 */
uint16_t taskoff_rx_flush(struct taskoff_rx_ctx *ctx, struct taskoff_counters *cnt,
			  struct rte_mbuf **out, uint16_t out_cap);

/**
 * Free the held SCUs without delivering them (a queue that stops).
 * @return the received frames they held, for the caller's drop counter.
 */
uint32_t taskoff_rx_drop_held(struct taskoff_rx_ctx *ctx);

/** Offset of the "taskoff_rsc_info" dynfield (struct taskoff_rsc_info), or -rte_errno. */
int taskoff_rsc_info_offset(void);

/** Offset of the "taskoff_nvgre_info" dynfield (struct taskoff_tunnel_info: NVGRE or VXLAN
 *  of a decapsulated frame), or -rte_errno. */
int taskoff_nvgre_info_offset(void);

/** ol_flags bit set on decapsulated frames ("taskoff_nvgre_decapped"), or 0 if unregistered. */
uint64_t taskoff_nvgre_decapped_flag(void);

#endif
