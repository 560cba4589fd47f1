/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NDIS RSC rules (SPEC §2.5), one named check each. A check returns true
 * when the segment may stay in (or start) an SCU under that rule. The table
 * below gives, per rule, its counter and what a refusal does: most rules end
 * the SCU and send the segment alone; the length and ECN rules end the SCU and
 * start a new one with the segment.
 */
#include <stddef.h>

#include <rte_tcp.h>

#include "taskoff_rsc_internal.h"

/* TCP flags a coalescible segment may carry (ECE/CWR are policed by the ECN rule). */
#define RSC_ALLOWED_FLAGS                                                                          \
	(RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_ECE_FLAG | RTE_TCP_CWR_FLAG)

static bool checksums_valid(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->csum_good;
}

static bool not_fragment(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return !seg->l3->is_fragment;
}

static bool no_ip_options(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return !seg->l3->has_options;
}

static bool only_ack_psh_flags(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return (seg->tcp_flags & RTE_TCP_ACK_FLAG) && (seg->tcp_flags & ~RSC_ALLOWED_FLAGS) == 0;
}

/* Only the timestamp option, and the same presence of it as the SCU. */
static bool only_timestamp_option(const struct taskoff_rsc_seg *seg,
				  const struct taskoff_rsc_scu *scu)
{
	if (seg->other_options)
		return false;
	return scu == NULL || scu->has_ts == seg->has_ts;
}

static bool mbuf_layout_usable(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->layout_ok;
}

/* Duplicate ACK: no data, same ACK, same window. */
static bool not_dup_ack(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->payload_len > 0 || seg->ack != scu->ack || seg->window != scu->window;
}

/* Window update: no data, same ACK, new window. */
static bool not_window_update(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->payload_len > 0 || seg->ack != scu->ack;
}

/* Any other segment without data: a pure ACK is never merged into data. */
static bool carries_data(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->payload_len > 0;
}

static bool in_order(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->seq == scu->next_seq;
}

/* SEG.ACK >= H.ACK: a piggy-backed ACK may advance, never go back. */
static bool ack_not_behind(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return taskoff_rsc_seq_ge(seg->ack, scu->ack);
}

static bool timestamps_not_behind(const struct taskoff_rsc_seg *seg,
				  const struct taskoff_rsc_scu *scu)
{
	if (!seg->has_ts)
		return true;
	return taskoff_rsc_seq_ge(seg->tsval, scu->tsval) &&
	       taskoff_rsc_seq_ge(seg->tsecr, scu->tsecr);
}

static bool same_dscp_df_flow_label(const struct taskoff_rsc_seg *seg,
				    const struct taskoff_rsc_scu *scu)
{
	return seg->ip_fields == scu->ip_fields;
}

static bool same_ecn(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->ecn == scu->ecn;
}

static bool within_ip_length(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return taskoff_rsc_outer_ip_len(scu, seg->payload_len) <= TASKOFF_RSC_IP_LEN_MAX;
}

static bool within_mbuf_segments(const struct taskoff_rsc_seg *seg,
				 const struct taskoff_rsc_scu *scu)
{
	return (uint32_t)scu->head->nb_segs + seg->m->nb_segs <= RTE_MBUF_MAX_NB_SEGS;
}

struct rsc_rule {
	bool (*holds)(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu);
	bool needs_scu; /* compares with the open SCU; skipped when there is none */
	enum taskoff_counter counter;
	enum taskoff_rsc_action on_refusal;
};

/* Evaluated in this order; the first refusal decides. */
static const struct rsc_rule rsc_rules[] = {
    {not_fragment, false, TASKOFF_CNT_RSC_EXCEPTION_FRAGMENT, TASKOFF_RSC_EXCEPTION},
    {checksums_valid, false, TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM, TASKOFF_RSC_EXCEPTION},
    {no_ip_options, false, TASKOFF_CNT_RSC_EXCEPTION_IP_OPTIONS, TASKOFF_RSC_EXCEPTION},
    {only_ack_psh_flags, false, TASKOFF_CNT_RSC_EXCEPTION_FLAGS, TASKOFF_RSC_EXCEPTION},
    {only_timestamp_option, false, TASKOFF_CNT_RSC_EXCEPTION_TCP_OPTIONS, TASKOFF_RSC_EXCEPTION},
    {mbuf_layout_usable, false, TASKOFF_CNT_RSC_EXCEPTION_MBUF_LAYOUT, TASKOFF_RSC_EXCEPTION},
    {not_dup_ack, true, TASKOFF_CNT_RSC_EXCEPTION_DUP_ACK, TASKOFF_RSC_EXCEPTION},
    {not_window_update, true, TASKOFF_CNT_RSC_EXCEPTION_WINDOW_UPDATE, TASKOFF_RSC_EXCEPTION},
    {carries_data, false, TASKOFF_CNT_RSC_EXCEPTION_PURE_ACK, TASKOFF_RSC_EXCEPTION},
    {in_order, true, TASKOFF_CNT_RSC_EXCEPTION_OUT_OF_ORDER, TASKOFF_RSC_EXCEPTION},
    {ack_not_behind, true, TASKOFF_CNT_RSC_EXCEPTION_ACK_REGRESSION, TASKOFF_RSC_EXCEPTION},
    {timestamps_not_behind, true, TASKOFF_CNT_RSC_EXCEPTION_TS_REGRESSION, TASKOFF_RSC_EXCEPTION},
    {same_dscp_df_flow_label, true, TASKOFF_CNT_RSC_EXCEPTION_IP_FIELD_CHANGE,
     TASKOFF_RSC_EXCEPTION},
    {same_ecn, true, TASKOFF_CNT_RSC_EXCEPTION_ECN_CHANGE, TASKOFF_RSC_RESTART},
    {within_ip_length, true, TASKOFF_CNT_RSC_EXCEPTION_LENGTH_LIMIT, TASKOFF_RSC_RESTART},
    {within_mbuf_segments, true, TASKOFF_CNT_RSC_EXCEPTION_SEG_LIMIT, TASKOFF_RSC_RESTART},
};

enum taskoff_rsc_action taskoff_rsc_decide(const struct taskoff_rsc_seg *seg,
					   const struct taskoff_rsc_scu *scu,
					   enum taskoff_counter *rule)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(rsc_rules); i++) {
		if (rsc_rules[i].needs_scu && scu == NULL)
			continue;
		if (!rsc_rules[i].holds(seg, scu)) {
			*rule = rsc_rules[i].counter;
			return rsc_rules[i].on_refusal;
		}
	}
	return scu == NULL ? TASKOFF_RSC_START : TASKOFF_RSC_JOIN;
}
