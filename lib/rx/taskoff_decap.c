/* SPDX-License-Identifier: BSD-3-Clause */
/* NVGRE decapsulation; see taskoff_decap.h. */
#include <errno.h>
#include <stddef.h>

#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

#include "taskoff_decap.h"
#include "taskoff_rx_cksum.h"

int taskoff_decap_policy_set(struct taskoff_decap_policy *pol, bool all, const uint32_t *vsids,
			     unsigned int n)
{
	unsigned int i;

	if (all) {
		pol->mode = TASKOFF_DECAP_ALL;
		pol->nb_vsids = 0;
		return 0;
	}
	if (n > TASKOFF_DECAP_VSID_MAX || (n > 0 && vsids == NULL))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (vsids[i] > TASKOFF_NVGRE_VSID_MAX)
			return -EINVAL;
	for (i = 0; i < n; i++)
		pol->vsids[i] = vsids[i];
	pol->nb_vsids = n;
	pol->mode = n > 0 ? TASKOFF_DECAP_LIST : TASKOFF_DECAP_OFF;
	return 0;
}

bool taskoff_decap_selects(const struct taskoff_decap_policy *pol, uint32_t vsid)
{
	unsigned int i;

	if (pol->mode == TASKOFF_DECAP_ALL)
		return true;
	for (i = 0; i < pol->nb_vsids; i++)
		if (pol->vsids[i] == vsid)
			return true;
	return false;
}

int taskoff_decap_meta_register(struct taskoff_decap_meta *meta)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = TASKOFF_NVGRE_INFO_NAME,
	    .size = sizeof(struct taskoff_nvgre_info),
	    .align = __alignof__(struct taskoff_nvgre_info),
	};
	static const struct rte_mbuf_dynflag flag = {.name = TASKOFF_NVGRE_DECAP_FLAG_NAME};
	int off, bit;

	off = rte_mbuf_dynfield_register(&field);
	if (off < 0)
		return -rte_errno;
	bit = rte_mbuf_dynflag_register(&flag);
	if (bit < 0)
		return -rte_errno;
	meta->info_offset = off;
	meta->decapped = UINT64_C(1) << bit;
	return 0;
}

/* Data bytes in the last segment of @p m (where trailing padding must sit to be trimmed). */
static uint16_t last_seg_data_len(const struct rte_mbuf *m)
{
	while (m->next != NULL)
		m = m->next;
	return m->data_len;
}

/* Padding after the outer datagram (Ethernet minimum frame size). */
static uint32_t outer_padding(const struct rte_mbuf *m, const struct taskoff_rx_parsed *p)
{
	return rte_pktmbuf_pkt_len(m) - (p->l3.l4_off + p->l3.l4_seg_len);
}

/* Can the outer headers (and padding) be removed in one piece? The outer
 * headers must sit in the first segment, the padding in the last one. */
static bool outer_strippable(const struct rte_mbuf *m, const struct taskoff_rx_parsed *p)
{
	uint32_t inner_off = p->gre_off + TASKOFF_NVGRE_HDR_LEN;
	uint32_t pad = outer_padding(m, p);

	if (rte_pktmbuf_data_len(m) < inner_off)
		return false;
	return pad == 0 || last_seg_data_len(m) >= pad;
}

/* Leave only the inner Ethernet frame. Call only when outer_strippable(). */
static void strip_outer(struct rte_mbuf *m, const struct taskoff_rx_parsed *p)
{
	uint32_t pad = outer_padding(m, p);

	if (pad > 0)
		rte_pktmbuf_trim(m, (uint16_t)pad);
	rte_pktmbuf_adj(m, (uint16_t)(p->gre_off + TASKOFF_NVGRE_HDR_LEN));
}

enum taskoff_decap_result taskoff_decap_frame(const struct taskoff_decap_policy *pol,
					      const struct taskoff_decap_meta *meta,
					      const struct taskoff_offload_config *cfg,
					      struct rte_mbuf *m, struct taskoff_rx_parsed *p,
					      struct taskoff_counters *cnt)
{
	struct taskoff_nvgre_info *info;
	uint32_t vsid = p->vsid;
	uint8_t flow_id = p->flow_id;
	bool outer_ok;

	/* Decap is an NVGRE receive offload: under the condition transmit uses. */
	if (pol->mode == TASKOFF_DECAP_OFF || p->gre == TASKOFF_RX_GRE_NONE ||
	    !taskoff_config_nvgre_enabled(cfg))
		return TASKOFF_DECAP_PASS;
	if (p->gre == TASKOFF_RX_GRE_NVGRE && !taskoff_decap_selects(pol, vsid))
		return TASKOFF_DECAP_NOT_SELECTED;
	if (p->gre == TASKOFF_RX_GRE_MALFORMED || !outer_strippable(m, p)) {
		cnt->v[TASKOFF_CNT_NVGRE_MALFORMED]++;
		return TASKOFF_DECAP_MALFORMED;
	}
	/* The outer header is about to go; its verdict stays in ol_flags (BAD)
	 * and in the parse (RSC coalesces only behind a verified one). */
	outer_ok = taskoff_rx_cksum_check_outer(cfg, &p->l3, m, cnt) == TASKOFF_RX_CSUM_GOOD ||
		   p->l3.version != 4;
	strip_outer(m, p);
	info = RTE_MBUF_DYNFIELD(m, meta->info_offset, struct taskoff_nvgre_info *);
	info->vsid = vsid;
	info->flow_id = flow_id;
	m->ol_flags |= meta->decapped;
	cnt->v[TASKOFF_CNT_NVGRE_DECAP]++;
	taskoff_rx_parse(m, p);
	p->outer_ip_verified = outer_ok;
	return TASKOFF_DECAP_DONE;
}
