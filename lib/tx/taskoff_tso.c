/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LSOv1 / LSOv2 (SPEC §2.2): which version serves a request, which templates
 * may be segmented, and the TCP header of each segment (seq, flags, checksum).
 */
#include <string.h>

#include <rte_tcp.h>

#include "taskoff_cksum.h"
#include "taskoff_tx_internal.h"

#define TCP_OFF_SEQ   4u
#define TCP_OFF_FLAGS 12u /* 16-bit word: data offset + flags */
#define TCP_OFF_CKSUM 16u

enum taskoff_tx_reason taskoff_tso_check_template(const struct taskoff_tx_desc *d)
{
	uint8_t flags = d->hdr[d->l4_off + 13];

	if (flags & (RTE_TCP_SYN_FLAG | RTE_TCP_RST_FLAG | RTE_TCP_URG_FLAG))
		return TASKOFF_TX_TCP_FLAGS;
	return TASKOFF_TX_OK;
}

enum taskoff_tx_reason taskoff_tso_choose(const struct taskoff_offload_config *cfg,
					  const struct rte_mbuf *m, const struct taskoff_tx_desc *d,
					  enum taskoff_ipid_rule *rule)
{
	uint32_t size = taskoff_tx_offload_size(m, d);
	enum taskoff_tx_reason r = taskoff_tso_check_template(d);

	if (r != TASKOFF_TX_OK)
		return r;
	if (!d->inner.ipv4) { /* IPv6 TSO is always LSOv2 */
		if (!cfg->lsov2_ipv6)
			return TASKOFF_TX_OFFLOAD_DISABLED;
		if (size > cfg->lsov2_max_size)
			return TASKOFF_TX_TOO_BIG;
		*rule = TASKOFF_IPID_16BIT; /* no IPv6 ID; unused */
	} else if (cfg->lsov2_ipv4) {
		if (size > cfg->lsov2_max_size)
			return TASKOFF_TX_TOO_BIG;
		*rule = TASKOFF_IPID_15BIT;
	} else if (cfg->lsov1 && !(d->ops & TASKOFF_TX_OP_TUNNEL)) {
		/* NDIS offers NVGRE and VXLAN LSO only as LSOv2 (LsoV2Supported): no LSOv1 fallback
		 */
		if (size > cfg->lsov1_max_size || size > TASKOFF_LSOV1_MAX_OFFLOAD_SIZE)
			return TASKOFF_TX_TOO_BIG;
		*rule = TASKOFF_IPID_16BIT;
	} else {
		return TASKOFF_TX_OFFLOAD_DISABLED;
	}
	if (d->nb_segs < cfg->lso_min_segments || d->nb_segs == 0)
		return TASKOFF_TX_TOO_FEW_SEGMENTS;
	return TASKOFF_TX_OK;
}

/* The data offset + flags word of a segment, in memory order. */
static uint16_t seg_flags_word(const uint8_t *tmpl_tcp, bool first, bool last)
{
	uint8_t word[2] = {tmpl_tcp[TCP_OFF_FLAGS], tmpl_tcp[TCP_OFF_FLAGS + 1]};
	uint16_t v;

	if (!last)
		word[1] &= (uint8_t) ~(RTE_TCP_FIN_FLAG | RTE_TCP_PSH_FLAG);
	if (!first)
		word[1] &= (uint8_t)~RTE_TCP_CWR_FLAG;
	memcpy(&v, word, sizeof(v));
	return v;
}

/* Index into taskoff_seg_tmpl.tcp_flags of segment @p s. */
static unsigned int flags_index(const struct taskoff_seg_info *s)
{
	return (s->index != 0 ? 1u : 0u) | (s->index + 1 != s->count ? 2u : 0u);
}

void taskoff_tso_tmpl_init(struct taskoff_seg_tmpl *t)
{
	uint8_t tcp[60];
	uint16_t l4_len = t->d->l4_hdr_len;
	const uint8_t *tmpl_tcp = t->hdr + t->d->l4_off;
	unsigned int i;

	memset(t->hdr + t->d->l4_off + TCP_OFF_CKSUM, 0, 2);
	/* the sum of what never changes: ports, ack, window, urgent pointer, options */
	memcpy(tcp, tmpl_tcp, l4_len);
	memset(tcp + TCP_OFF_SEQ, 0, 4);
	memset(tcp + TCP_OFF_FLAGS, 0, 2);
	t->l4_base_sum = taskoff_cksum_raw(tcp, l4_len);
	memcpy(&t->tcp_seq0, tmpl_tcp + TCP_OFF_SEQ, sizeof(t->tcp_seq0));
	t->tcp_seq0 = rte_be_to_cpu_32(t->tcp_seq0);
	for (i = 0; i < RTE_DIM(t->tcp_flags); i++) /* bit 0: not the first, bit 1: not the last */
		t->tcp_flags[i] = seg_flags_word(tmpl_tcp, !(i & 1u), !(i & 2u));
}

void taskoff_tso_fix_tcp(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			 const struct taskoff_seg_info *s)
{
	/*
	 * Everything per segment comes from values the template computed once
	 * (sequence base, the four flag words), none from @p hdr: loading the
	 * flags word right after storing its flags byte stalled on store
	 * forwarding (seen in perf on the LSO benchmark).
	 */
	uint8_t *tcp = hdr + t->d->l4_off;
	uint16_t ck, flags = t->tcp_flags[flags_index(s)];
	uint32_t seq = rte_cpu_to_be_32(t->tcp_seq0 + s->payload_off), acc;

	memcpy(tcp + TCP_OFF_SEQ, &seq, sizeof(seq));
	memcpy(tcp + TCP_OFF_FLAGS, &flags, sizeof(flags));

	/* template sums + the words that changed + this segment's payload */
	acc = (uint32_t)t->phdr_base_sum + t->l4_base_sum + s->payload_sum;
	acc += rte_cpu_to_be_16((uint16_t)(t->d->l4_hdr_len + s->payload_len));
	acc += (seq & 0xffffu) + (seq >> 16); /* memory-order halves of the new seq */
	acc += flags;
	ck = taskoff_l4_cksum_finish(taskoff_cksum_fold(acc), false);
	memcpy(tcp + TCP_OFF_CKSUM, &ck, sizeof(ck));
}
