/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Encapsulated packet task offload (SPEC §2.6 NVGRE, §2.6b VXLAN): policy and
 * the outer headers of each segment. The two tunnels differ only in the
 * encapsulation header between the outer IP header and the inner Ethernet
 * frame (NVGRE: GRE, nothing to fix per segment; VXLAN: UDP length and
 * checksum); the inner segmentation is plain LSO / USO.
 */
#include <string.h>

#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_tx_internal.h"
#include "taskoff_unaligned.h"

static bool tunnel_enabled(const struct taskoff_offload_config *cfg,
			   const struct taskoff_tx_desc *d)
{
	return d->tunnel == TASKOFF_TUNNEL_NVGRE ? taskoff_config_nvgre_enabled(cfg)
						 : taskoff_config_vxlan_enabled(cfg);
}

enum taskoff_tx_reason taskoff_tunnel_check(const struct taskoff_offload_config *cfg,
					    const struct taskoff_tx_desc *d)
{
	if (!(d->ops & TASKOFF_TX_OP_TUNNEL))
		return TASKOFF_TX_OK;
	if (!tunnel_enabled(cfg, d))
		return TASKOFF_TX_OFFLOAD_DISABLED;
	/* only frames to the configured port are VXLAN to this NIC */
	if (d->tunnel == TASKOFF_TUNNEL_VXLAN &&
	    taskoff_get_be16(d->hdr + d->encap_off + TASKOFF_UDP_OFF_DPORT) != cfg->vxlan_port)
		return TASKOFF_TX_VXLAN_PORT_MISMATCH;
	if ((d->ops & TASKOFF_TX_OP_OUTER_IP_CKSUM) && !(cfg->ipv4_csum & TASKOFF_CSUM_TX))
		return TASKOFF_TX_OFFLOAD_DISABLED;
	return TASKOFF_TX_OK;
}

void taskoff_tunnel_tmpl_init(struct taskoff_seg_tmpl *t)
{
	const struct taskoff_tx_desc *d = t->d;

	if (d->tunnel != TASKOFF_TUNNEL_VXLAN ||
	    !(d->ops & (TASKOFF_TX_OP_OUTER_UDP_CKSUM | TASKOFF_TX_OP_OUTER_UDP_ZERO)))
		return;
	/* both: the field starts as 0 (ZERO: and stays 0) */
	memset(t->hdr + d->encap_off + TASKOFF_UDP_OFF_CKSUM, 0, 2);
}

/* A segment's outer UDP length: from the UDP header to the end of its frame. */
static uint16_t outer_udp_len(const struct taskoff_tx_desc *d, const struct taskoff_seg_info *s)
{
	return (uint16_t)(d->hdr_len + s->payload_len - d->encap_off);
}

void taskoff_tunnel_fix_outer(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			      const struct taskoff_seg_info *s)
{
	const struct taskoff_tx_desc *d = t->d;
	uint16_t be_len;

	/* outer ID always walks the whole 16-bit range; the length is the frame's */
	taskoff_seg_fix_ip(hdr, t->hdr, &d->outer, d->hdr_len + s->payload_len, s->index,
			   TASKOFF_IPID_16BIT, t->outer_ip_base_sum);
	if (d->tunnel != TASKOFF_TUNNEL_VXLAN)
		return;
	be_len = rte_cpu_to_be_16(outer_udp_len(d, s));
	memcpy(hdr + d->encap_off + TASKOFF_UDP_OFF_LEN, &be_len, sizeof(be_len));
}

/*
 * The outer UDP checksum of a frame whose headers are final: pseudo-header,
 * the header bytes from the UDP header on, and the payload whose sum the
 * segment loop computed already (at an odd distance from the UDP header its
 * bytes sit in the other half of each 16-bit word). The length is computed,
 * not read back from the field taskoff_tunnel_fix_outer() just stored.
 */
void taskoff_tunnel_fix_outer_l4(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
				 const struct taskoff_seg_info *s)
{
	const struct taskoff_tx_desc *d = t->d;
	uint32_t udp_hdrs = (uint32_t)d->hdr_len - d->encap_off;
	uint32_t acc;
	uint16_t ck;

	if (!(d->ops & TASKOFF_TX_OP_OUTER_UDP_CKSUM))
		return;
	acc = taskoff_tx_l3_phdr_sum(hdr, &d->outer, IPPROTO_UDP, outer_udp_len(d, s));
	acc += taskoff_cksum_raw(hdr + d->encap_off, udp_hdrs);
	acc += taskoff_cksum_at_offset(s->payload_sum, udp_hdrs);
	ck = taskoff_l4_cksum_finish(taskoff_cksum_fold(acc), true);
	memcpy(hdr + d->encap_off + TASKOFF_UDP_OFF_CKSUM, &ck, sizeof(ck));
}
