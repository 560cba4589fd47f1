/* SPDX-License-Identifier: BSD-3-Clause */
/* NVGRE and VXLAN decapsulation; see taskoff_decap.h. */
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
		if ((vsids[i] & ~TASKOFF_DECAP_ID_VNI) > TASKOFF_NVGRE_VSID_MAX)
			return -EINVAL;
	for (i = 0; i < n; i++)
		pol->vsids[i] = vsids[i];
	pol->nb_vsids = n;
	pol->mode = n > 0 ? TASKOFF_DECAP_LIST : TASKOFF_DECAP_OFF;
	return 0;
}

bool taskoff_decap_selects(const struct taskoff_decap_policy *pol, uint8_t encap, uint32_t id)
{
	uint32_t want = encap == TASKOFF_ENCAP_VXLAN ? id | TASKOFF_DECAP_ID_VNI : id;
	unsigned int i;

	if (pol->mode == TASKOFF_DECAP_ALL)
		return true;
	for (i = 0; i < pol->nb_vsids; i++)
		if (pol->vsids[i] == want)
			return true;
	return false;
}

int taskoff_decap_meta_register(struct taskoff_decap_meta *meta)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = TASKOFF_NVGRE_INFO_NAME,
	    .size = sizeof(struct taskoff_tunnel_info),
	    .align = __alignof__(struct taskoff_tunnel_info),
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
	uint32_t inner_off = (uint32_t)p->tun.off + p->tun.hdr_len;
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
	rte_pktmbuf_adj(m, (uint16_t)(p->tun.off + p->tun.hdr_len));
}

static void count_malformed(const struct taskoff_rx_parsed *p, struct taskoff_counters *cnt)
{
	cnt->v[p->tun.encap == TASKOFF_ENCAP_VXLAN ? TASKOFF_CNT_VXLAN_MALFORMED
						   : TASKOFF_CNT_NVGRE_MALFORMED]++;
}

/* Check the outer checksums that are about to go. Their verdicts stay in
 * ol_flags (BAD) and in the parse: RSC coalesces only behind verified ones. */
static bool outer_checked(const struct taskoff_offload_config *cfg,
			  const struct taskoff_rx_parsed *p, struct rte_mbuf *m,
			  struct taskoff_counters *cnt)
{
	bool ok = taskoff_rx_cksum_check_outer(cfg, &p->l3, m, cnt) == TASKOFF_RX_CSUM_GOOD ||
		  p->l3.version != 4;

	if (p->tun.kind == TASKOFF_RX_TUNNEL_VXLAN)
		ok &= taskoff_rx_cksum_check_outer_udp(cfg, p, m, cnt);
	return ok;
}

enum taskoff_decap_result taskoff_decap_frame(const struct taskoff_decap_policy *pol,
					      const struct taskoff_decap_meta *meta,
					      const struct taskoff_offload_config *cfg,
					      struct rte_mbuf *m, struct taskoff_rx_parsed *p,
					      struct taskoff_counters *cnt)
{
	struct taskoff_tunnel_info *info;
	struct taskoff_rx_tunnel tun = p->tun;
	bool outer_ok;

	/* Decap is a receive offload of the tunnel: under the condition transmit uses. */
	if (tun.kind == TASKOFF_RX_TUNNEL_NONE || !taskoff_rx_tunnel_enabled(cfg, p))
		return TASKOFF_DECAP_PASS;
	/* UDP to the VXLAN port claims to be VXLAN: counted with decap on or off.
	 * GRE that is not NVGRE may be another GRE: counted only when decap fails. */
	if (tun.kind == TASKOFF_RX_TUNNEL_MALFORMED && tun.encap == TASKOFF_ENCAP_VXLAN) {
		count_malformed(p, cnt);
		return pol->mode == TASKOFF_DECAP_OFF ? TASKOFF_DECAP_PASS
						      : TASKOFF_DECAP_MALFORMED;
	}
	if (pol->mode == TASKOFF_DECAP_OFF)
		return TASKOFF_DECAP_PASS;
	if (tun.kind != TASKOFF_RX_TUNNEL_MALFORMED &&
	    !taskoff_decap_selects(pol, tun.encap, tun.id))
		return TASKOFF_DECAP_NOT_SELECTED;
	if (tun.kind == TASKOFF_RX_TUNNEL_MALFORMED || !outer_strippable(m, p)) {
		count_malformed(p, cnt);
		return TASKOFF_DECAP_MALFORMED;
	}
	outer_ok = outer_checked(cfg, p, m, cnt);
	strip_outer(m, p);
	info = RTE_MBUF_DYNFIELD(m, meta->info_offset, struct taskoff_tunnel_info *);
	info->id = tun.id;
	info->flow_id = tun.flow_id;
	info->type = tun.encap;
	m->ol_flags |= meta->decapped;
	cnt->v[tun.encap == TASKOFF_ENCAP_VXLAN ? TASKOFF_CNT_VXLAN_DECAP
						: TASKOFF_CNT_NVGRE_DECAP]++;
	taskoff_rx_parse(m, taskoff_rx_vxlan_port(cfg), p);
	p->outer_verified = outer_ok;
	return TASKOFF_DECAP_DONE;
}
