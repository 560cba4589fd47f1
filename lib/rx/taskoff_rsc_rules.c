/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NDIS RSC rules (SPEC §2.5), one named check each. A check returns true
 * when the segment may stay in (or start) an SCU under that rule. The table
 * below gives, per rule, its counter and what a refusal does: most rules end
 * the SCU and send the segment alone; the length and ECN rules end the SCU and
 * start a new one with the segment, and so does a tunnelled segment whose outer
 * addresses (or VXLAN outer UDP source port) differ from the SCU's (another
 * flow whose key hash collided).
 */
#include <string.h>

#include <rte_tcp.h>

#include "taskoff_rsc_internal.h"

/* TCP flags a coalescible segment may carry: ACK and optionally PSH. Any
 * other flag, ECE and CWR included, is the flags exception (NDIS). */
#define RSC_ALLOWED_FLAGS (RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG)

static inline bool checksums_valid(const struct taskoff_rsc_seg *seg,
				   const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->csum_good;
}

static inline bool not_fragment(const struct taskoff_rsc_seg *seg,
				const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return !seg->l3->is_fragment;
}

static inline bool no_ip_options(const struct taskoff_rsc_seg *seg,
				 const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return !seg->l3->has_options;
}

static inline bool only_ack_psh_flags(const struct taskoff_rsc_seg *seg,
				      const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return (seg->tcp_flags & RTE_TCP_ACK_FLAG) && (seg->tcp_flags & ~RSC_ALLOWED_FLAGS) == 0;
}

/* Only the timestamp option, and the same presence of it as the SCU. */
static inline bool only_timestamp_option(const struct taskoff_rsc_seg *seg,
					 const struct taskoff_rsc_scu *scu)
{
	if (seg->other_options)
		return false;
	return scu == NULL || scu->has_ts == seg->has_ts;
}

static inline bool mbuf_layout_usable(const struct taskoff_rsc_seg *seg,
				      const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->layout_ok;
}

/* Duplicate ACK: no data, same ACK, same window. */
static inline bool not_dup_ack(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->payload_len > 0 || seg->ack != scu->ack || seg->window != scu->window;
}

/* Window update: no data, same ACK, new window. */
static inline bool not_window_update(const struct taskoff_rsc_seg *seg,
				     const struct taskoff_rsc_scu *scu)
{
	return seg->payload_len > 0 || seg->ack != scu->ack;
}

/* Any other segment without data: a pure ACK is never merged into data. */
static inline bool carries_data(const struct taskoff_rsc_seg *seg,
				const struct taskoff_rsc_scu *scu)
{
	(void)scu;
	return seg->payload_len > 0;
}

static inline bool in_order(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->seq == scu->next_seq;
}

/* SEG.ACK >= H.ACK: a piggy-backed ACK may advance, never go back. */
static inline bool ack_not_behind(const struct taskoff_rsc_seg *seg,
				  const struct taskoff_rsc_scu *scu)
{
	return taskoff_rsc_seq_ge(seg->ack, scu->ack);
}

static inline bool timestamps_not_behind(const struct taskoff_rsc_seg *seg,
					 const struct taskoff_rsc_scu *scu)
{
	if (!seg->has_ts)
		return true;
	return taskoff_rsc_seq_ge(seg->tsval, scu->tsval) &&
	       taskoff_rsc_seq_ge(seg->tsecr, scu->tsecr);
}

/* Tunnels: the outer addresses and VXLAN outer UDP source port that the flow
 * key only carries as a hash. */
static inline bool same_outer_headers(const struct taskoff_rsc_seg *seg,
				      const struct taskoff_rsc_scu *scu)
{
	const struct taskoff_rx_l3 *a, *b = &scu->hdrs.l3;

	/* no parse: a fast-lane segment, which compared them itself */
	if (seg->p == NULL || !taskoff_rx_tunnelled(seg->p))
		return true;
	a = &seg->p->l3;
	if (a->version != b->version || seg->p->tun.udp_sport != scu->hdrs.tun.udp_sport)
		return false;
	/* constant lengths: compiled to loads, not a memcmp call per segment */
	if (a->version == 4)
		return memcmp(a->src, b->src, 4) == 0 && memcmp(a->dst, b->dst, 4) == 0;
	return memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

static inline bool same_dscp_df_flow_label(const struct taskoff_rsc_seg *seg,
					   const struct taskoff_rsc_scu *scu)
{
	return seg->ip_fields == scu->ip_fields;
}

static inline bool same_ecn(const struct taskoff_rsc_seg *seg, const struct taskoff_rsc_scu *scu)
{
	return seg->ecn == scu->ecn;
}

static inline bool within_ip_length(const struct taskoff_rsc_seg *seg,
				    const struct taskoff_rsc_scu *scu)
{
	return taskoff_rsc_outer_ip_len(scu, seg->payload_len) <= TASKOFF_RSC_IP_LEN_MAX;
}

static inline bool within_mbuf_segments(const struct taskoff_rsc_seg *seg,
					const struct taskoff_rsc_scu *scu)
{
	return scu->nb_segs + seg->m->nb_segs <= RTE_MBUF_MAX_NB_SEGS;
}

/*
 * The rules in evaluation order; the first refusal decides:
 * X(check, compares with the open SCU, counter suffix, action on refusal).
 * Expanded into straight-line code so every check inlines (a table of
 * function pointers cost ~16 indirect calls per segment).
 */
#define RSC_RULES(X)                                                                               \
	X(not_fragment, false, FRAGMENT, EXCEPTION)                                                \
	X(checksums_valid, false, BAD_CSUM, EXCEPTION)                                             \
	X(no_ip_options, false, IP_OPTIONS, EXCEPTION)                                             \
	X(only_ack_psh_flags, false, FLAGS, EXCEPTION)                                             \
	X(only_timestamp_option, false, TCP_OPTIONS, EXCEPTION)                                    \
	X(mbuf_layout_usable, false, MBUF_LAYOUT, EXCEPTION)                                       \
	X(same_outer_headers, true, IP_FIELD_CHANGE, RESTART)                                      \
	X(not_dup_ack, true, DUP_ACK, EXCEPTION)                                                   \
	X(not_window_update, true, WINDOW_UPDATE, EXCEPTION)                                       \
	X(carries_data, false, PURE_ACK, EXCEPTION)                                                \
	X(in_order, true, OUT_OF_ORDER, EXCEPTION)                                                 \
	X(ack_not_behind, true, ACK_REGRESSION, EXCEPTION)                                         \
	X(timestamps_not_behind, true, TS_REGRESSION, EXCEPTION)                                   \
	X(same_dscp_df_flow_label, true, IP_FIELD_CHANGE, EXCEPTION)                               \
	X(same_ecn, true, ECN_CHANGE, RESTART)                                                     \
	X(within_ip_length, true, LENGTH_LIMIT, RESTART)                                           \
	X(within_mbuf_segments, true, SEG_LIMIT, RESTART)

enum taskoff_rsc_action taskoff_rsc_decide(const struct taskoff_rsc_seg *seg,
					   const struct taskoff_rsc_scu *scu,
					   enum taskoff_counter *rule)
{
#define RSC_RULE_CHECK(check, needs_scu, counter, action)                                          \
	if ((!(needs_scu) || scu != NULL) && !check(seg, scu)) {                                   \
		*rule = TASKOFF_CNT_RSC_EXCEPTION_##counter;                                       \
		return TASKOFF_RSC_##action;                                                       \
	}
	RSC_RULES(RSC_RULE_CHECK)
#undef RSC_RULE_CHECK
	return scu == NULL ? TASKOFF_RSC_START : TASKOFF_RSC_JOIN;
}
