/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSC decisions: for each TCP segment, find its flow, ask the rules
 * (taskoff_rsc_rules.c) and join, open, restart or deliver. The flow table,
 * segment description and SCU rewriting live in their own files.
 */
#include <netinet/in.h>

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

/* End the flow's SCU, if it has one: rewrite it, it already sits in its output slot. */
static void flow_flush(const struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
		       struct taskoff_counters *cnt)
{
	if (f->state != TASKOFF_RSC_FLOW_OPEN)
		return;
	taskoff_rsc_scu_finalize(&f->scu, t->info_offset, cnt);
	f->state = TASKOFF_RSC_FLOW_IDLE;
}

/* Open an SCU on @p seg; it takes the segment's output slot now, so nothing of
 * its flow can overtake it. */
static void flow_open(struct taskoff_rsc_flow *f, const struct taskoff_rsc_seg *seg,
		      struct rte_mbuf **out, uint16_t *nb_out)
{
	taskoff_rsc_scu_start(&f->scu, seg);
	f->state = TASKOFF_RSC_FLOW_OPEN;
	out[(*nb_out)++] = seg->m;
}

/* May RSC look at this frame at all under @p cfg? */
static bool rsc_applies(const struct taskoff_offload_config *cfg, const struct taskoff_rx_parsed *p)
{
	const struct taskoff_rx_l3 *l3 = taskoff_rx_payload_l3(p);

	if (l3->version == 0 || l3->proto != IPPROTO_TCP)
		return false;
	if (p->gre == TASKOFF_RX_GRE_NVGRE && !cfg->encap_enabled)
		return false;
	return l3->version == 4 ? cfg->rsc_ipv4 : cfg->rsc_ipv6;
}

/* A rule refused the segment: end the flow's SCU, then deliver or restart. */
static void handle_refusal(struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
			   const struct taskoff_rsc_seg *seg, enum taskoff_rsc_action action,
			   enum taskoff_counter rule, struct rte_mbuf **out, uint16_t *nb_out,
			   struct taskoff_counters *cnt)
{
	cnt->v[rule]++;
	if (f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN) {
		cnt->v[TASKOFF_CNT_RSC_ABORTS]++;
		flow_flush(t, f, cnt);
	}
	if (action == TASKOFF_RSC_RESTART)
		flow_open(f, seg, out, nb_out);
	else
		out[(*nb_out)++] = seg->m;
}

/* First segment of a flow this burst: open an SCU if the table has room. */
static void handle_start(struct taskoff_rsc_table *t, const struct taskoff_rsc_seg *seg,
			 struct rte_mbuf **out, uint16_t *nb_out, struct taskoff_counters *cnt)
{
	struct taskoff_rsc_flow *f = taskoff_rsc_flow_insert(t, &seg->key);

	if (f == NULL) {
		cnt->v[TASKOFF_CNT_RSC_FLOW_TABLE_FULL]++;
		out[(*nb_out)++] = seg->m;
		return;
	}
	flow_open(f, seg, out, nb_out);
}

void taskoff_rsc_input(struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
		       struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
		       const struct taskoff_nvgre_info *nvgre, struct rte_mbuf **out,
		       uint16_t *nb_out, struct taskoff_counters *cnt)
{
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_flow *f;
	enum taskoff_rsc_action action;
	enum taskoff_counter rule = TASKOFF_CNT_MAX;

	if (!rsc_applies(cfg, p) || !taskoff_rsc_seg_describe(&seg, m, p, nvgre)) {
		out[(*nb_out)++] = m;
		return;
	}
	f = taskoff_rsc_flow_find(t, &seg.key, NULL);
	action = taskoff_rsc_decide(
	    &seg, f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN ? &f->scu : NULL, &rule);
	switch (action) {
	case TASKOFF_RSC_JOIN:
		taskoff_rsc_scu_append(&f->scu, &seg, cnt);
		break;
	case TASKOFF_RSC_START:
		handle_start(t, &seg, out, nb_out, cnt);
		break;
	case TASKOFF_RSC_RESTART:
	case TASKOFF_RSC_EXCEPTION:
		handle_refusal(t, f, &seg, action, rule, out, nb_out, cnt);
		break;
	}
}

void taskoff_rsc_flush_all(struct taskoff_rsc_table *t, struct taskoff_counters *cnt)
{
	uint32_t i;

	for (i = 0; i < t->nb_flows; i++)
		flow_flush(t, &t->flows[i], cnt);
	taskoff_rsc_table_empty(t);
}
