/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVGRE encapsulated task offload (SPEC §2.6): policy and the outer headers
 * of each segment. The inner segmentation is plain LSO (taskoff_tso.c).
 */
#include "taskoff_tx_internal.h"

enum taskoff_tx_reason taskoff_tunnel_check(const struct taskoff_offload_config *cfg,
					    const struct taskoff_tx_desc *d)
{
	if (!(d->ops & TASKOFF_TX_OP_TUNNEL))
		return TASKOFF_TX_OK;
	if (!taskoff_config_nvgre_enabled(cfg))
		return TASKOFF_TX_OFFLOAD_DISABLED;
	if ((d->ops & TASKOFF_TX_OP_OUTER_IP_CKSUM) && !(cfg->ipv4_csum & TASKOFF_CSUM_TX))
		return TASKOFF_TX_OFFLOAD_DISABLED;
	return TASKOFF_TX_OK;
}

void taskoff_tunnel_fix_outer(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			      const struct taskoff_seg_info *s)
{
	/* outer ID always walks the whole 16-bit range; the length is the frame's */
	taskoff_seg_fix_ip(hdr, &t->d->outer, t->d->hdr_len + s->payload_len, s->index,
			   TASKOFF_IPID_16BIT, t->outer_ip_base_sum);
}
