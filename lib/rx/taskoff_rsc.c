/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSC decisions: for each TCP segment, find its flow, ask the rules
 * (taskoff_rsc_rules.c) and join, open, restart or deliver. The flow table,
 * segment description and SCU rewriting live in their own files.
 */
#include <netinet/in.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

#include "taskoff_rsc.h"
#include "taskoff_rsc_internal.h"

int taskoff_rsc_info_register(void)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = TASKOFF_RSC_INFO_NAME,
	    .size = sizeof(struct taskoff_rsc_info),
	    .align = __alignof__(struct taskoff_rsc_info),
	};
	int off = rte_mbuf_dynfield_register(&field);

	return off < 0 ? -rte_errno : off;
}

/* Put @p m in the next output slot; without room (a caller that broke the
 * out_cap contract of hold mode) it is dropped and counted. */
static void deliver(struct rte_mbuf *m, struct rte_mbuf **out, uint16_t *nb_out, uint16_t out_cap,
		    struct taskoff_counters *cnt)
{
	if (unlikely(*nb_out >= out_cap)) {
		cnt->v[TASKOFF_CNT_RX_DROP_OUT_CAP]++;
		rte_pktmbuf_free(m);
		return;
	}
	out[(*nb_out)++] = m;
}

/* End the flow's SCU, if it has one, and rewrite it. An SCU opened this
 * burst already sits in its output slot; one carried over from an earlier
 * burst takes the next slot now, still ahead of anything later of its flow. */
static void flow_flush(struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
		       struct rte_mbuf **out, uint16_t *nb_out, uint16_t out_cap,
		       struct taskoff_counters *cnt)
{
	if (f->state != TASKOFF_RSC_FLOW_OPEN)
		return;
	taskoff_rsc_scu_finalize(&f->scu, t->info_offset, cnt);
	f->state = TASKOFF_RSC_FLOW_IDLE;
	t->touched = true;
	if (f->scu.slot == TASKOFF_RSC_NO_SLOT) {
		t->nb_held--;
		deliver(f->scu.head, out, nb_out, out_cap, cnt);
	}
}

/* Open an SCU on @p seg; it takes the segment's output slot now, so nothing of
 * its flow can overtake it. Without a slot the segment goes the way deliver()
 * sends it and the flow stays idle. */
static void flow_open(struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
		      const struct taskoff_rsc_seg *seg, struct rte_mbuf **out, uint16_t *nb_out,
		      uint16_t out_cap, struct taskoff_counters *cnt)
{
	if (unlikely(*nb_out >= out_cap)) {
		deliver(seg->m, out, nb_out, out_cap, cnt);
		return;
	}
	taskoff_rsc_scu_start(&f->scu, seg);
	f->scu.opened_tsc = t->now_tsc;
	f->scu.slot = *nb_out;
	f->state = TASKOFF_RSC_FLOW_OPEN;
	t->touched = true;
	out[(*nb_out)++] = seg->m;
}

/* May RSC look at this frame at all under @p cfg? */
static bool rsc_applies(const struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
			const struct taskoff_rx_parsed *p)
{
	const struct taskoff_rx_l3 *l3 = taskoff_rx_payload_l3(p);

	if (!t->enabled || l3->version == 0 || l3->proto != IPPROTO_TCP)
		return false;
	if (taskoff_rx_tunnelled(p) && !taskoff_rx_tunnel_enabled(cfg, p))
		return false;
	return l3->version == 4 ? cfg->rsc_ipv4 : cfg->rsc_ipv6;
}

/* A rule refused the segment: end the flow's SCU, then deliver or restart. */
static void handle_refusal(struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
			   const struct taskoff_rsc_seg *seg, enum taskoff_rsc_action action,
			   enum taskoff_counter rule, struct rte_mbuf **out, uint16_t *nb_out,
			   uint16_t out_cap, struct taskoff_counters *cnt)
{
	cnt->v[rule]++;
	if (f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN) {
		cnt->v[TASKOFF_CNT_RSC_ABORTS]++;
		flow_flush(t, f, out, nb_out, out_cap, cnt);
	}
	if (action == TASKOFF_RSC_RESTART)
		flow_open(t, f, seg, out, nb_out, out_cap, cnt);
	else
		deliver(seg->m, out, nb_out, out_cap, cnt);
}

/* First segment of a flow this burst: open an SCU if the table has room. */
static void handle_start(struct taskoff_rsc_table *t, const struct taskoff_rsc_seg *seg,
			 struct rte_mbuf **out, uint16_t *nb_out, uint16_t out_cap,
			 struct taskoff_counters *cnt)
{
	struct taskoff_rsc_flow *f = taskoff_rsc_flow_insert(t, &seg->key);

	if (f == NULL) {
		cnt->v[TASKOFF_CNT_RSC_FLOW_TABLE_FULL]++;
		deliver(seg->m, out, nb_out, out_cap, cnt);
		return;
	}
	flow_open(t, f, seg, out, nb_out, out_cap, cnt);
}

void taskoff_rsc_input(struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
		       struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
		       const struct taskoff_tunnel_info *tunnel, struct rte_mbuf **out,
		       uint16_t *nb_out, uint16_t out_cap, struct taskoff_counters *cnt)
{
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_flow *f;
	enum taskoff_rsc_action action;
	enum taskoff_counter rule = TASKOFF_CNT_MAX;

	if (!rsc_applies(t, cfg, p) || !taskoff_rsc_seg_describe(&seg, m, p, tunnel)) {
		deliver(m, out, nb_out, out_cap, cnt);
		return;
	}
	f = taskoff_rsc_flow_find(t, &seg.key, NULL);
	action = taskoff_rsc_decide(
	    &seg, f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN ? &f->scu : NULL, &rule);
	if (action == TASKOFF_RSC_JOIN)
		taskoff_rsc_scu_append(&f->scu, &seg, cnt);
	else if (action == TASKOFF_RSC_START)
		handle_start(t, &seg, out, nb_out, out_cap, cnt);
	else
		handle_refusal(t, f, &seg, action, rule, out, nb_out, out_cap, cnt);
}

void taskoff_rsc_set_hold(struct taskoff_rsc_table *t, uint64_t hold_tsc)
{
	t->hold_tsc = hold_tsc;
}

void taskoff_rsc_set_enabled(struct taskoff_rsc_table *t, bool enabled)
{
	t->enabled = enabled;
}

/* What of the configuration decides which segments RSC sees (the VXLAN port
 * decides which UDP frames are VXLAN). */
static uint32_t rsc_cfg_signature(const struct taskoff_rsc_table *t,
				  const struct taskoff_offload_config *cfg)
{
	return (uint32_t)(cfg->rsc_ipv4 | cfg->rsc_ipv6 << 1 |
			  taskoff_config_nvgre_enabled(cfg) << 2 | t->enabled << 3) |
	       (uint32_t)taskoff_rx_vxlan_port(cfg) << 16;
}

uint16_t taskoff_rsc_burst_begin(struct taskoff_rsc_table *t,
				 const struct taskoff_offload_config *cfg, struct rte_mbuf **out,
				 uint16_t out_cap, struct taskoff_counters *cnt)
{
	uint16_t nb_out = 0;
	uint32_t sig;

	if (t->hold_tsc == 0 && t->nb_held == 0)
		return 0;
	sig = rsc_cfg_signature(t, cfg);
	t->now_tsc = rte_rdtsc();
	/* A segment RSC may no longer look at would overtake its flow's held SCU. */
	if (t->nb_held != 0 && sig != t->cfg_signature)
		nb_out = taskoff_rsc_burst_end(t, true, out, 0, out_cap, cnt);
	t->cfg_signature = sig;
	return nb_out;
}

/* Hold mode: may this SCU stay open into the next burst? */
static bool scu_may_stay(const struct taskoff_rsc_table *t, const struct taskoff_rsc_scu *scu)
{
	return t->hold_tsc != 0 && t->now_tsc - scu->opened_tsc < t->hold_tsc;
}

/* Drop the output slots of SCUs that stay open (marked NULL), keeping order. */
static uint16_t compact_out(struct rte_mbuf **out, uint16_t nb_out)
{
	uint16_t i, n = 0;

	for (i = 0; i < nb_out; i++)
		if (out[i] != NULL)
			out[n++] = out[i];
	return n;
}

/* Hold mode, nothing opened or ended this burst, no SCU due, no idle flow to
 * forget (one whose first segment found no output slot): nothing to do. */
static bool burst_end_is_noop(const struct taskoff_rsc_table *t, bool flush_all)
{
	return !flush_all && !t->touched && t->hold_tsc != 0 && t->nb_held == t->nb_flows &&
	       t->now_tsc - t->oldest_tsc < t->hold_tsc;
}

uint16_t taskoff_rsc_burst_end(struct taskoff_rsc_table *t, bool flush_all, struct rte_mbuf **out,
			       uint16_t nb_out, uint16_t out_cap, struct taskoff_counters *cnt)
{
	bool vacated = false;
	uint32_t i;

	if (burst_end_is_noop(t, flush_all))
		return nb_out;
	t->oldest_tsc = t->now_tsc;
	for (i = 0; i < t->nb_flows; i++) {
		struct taskoff_rsc_flow *f = &t->flows[i];

		if (f->state != TASKOFF_RSC_FLOW_OPEN)
			continue;
		if (flush_all || !scu_may_stay(t, &f->scu)) {
			/* a carried SCU without a free slot waits for a later burst */
			if (f->scu.slot != TASKOFF_RSC_NO_SLOT || nb_out < out_cap)
				flow_flush(t, f, out, &nb_out, out_cap, cnt);
			continue;
		}
		if (f->scu.slot != TASKOFF_RSC_NO_SLOT) {
			out[f->scu.slot] = NULL;
			f->scu.slot = TASKOFF_RSC_NO_SLOT;
			t->nb_held++;
			vacated = true;
		}
		if ((int64_t)(f->scu.opened_tsc - t->oldest_tsc) < 0)
			t->oldest_tsc = f->scu.opened_tsc;
	}
	t->touched = false;
	/* Rebuilding the index costs a hash per flow: only when a flow has to go. */
	if (t->nb_held == 0)
		taskoff_rsc_table_empty(t);
	else if (t->nb_held != t->nb_flows)
		taskoff_rsc_table_keep_open(t);
	return vacated ? compact_out(out, nb_out) : nb_out;
}

uint32_t taskoff_rsc_held(const struct taskoff_rsc_table *t)
{
	return t->nb_held;
}
