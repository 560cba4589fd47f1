/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * USO (SPEC §2.3): every segment is a complete UDP datagram with its own
 * length and checksum; an IPv4 template whose checksum field is zero asks for
 * segments without checksum.
 */
#include <string.h>

#include "taskoff_cksum.h"
#include "taskoff_tx_internal.h"

#define UDP_HDR_LEN 8u

enum taskoff_tx_reason taskoff_uso_choose(const struct taskoff_offload_config *cfg,
					  const struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	bool enabled = d->inner.ipv4 ? cfg->uso_ipv4 : cfg->uso_ipv6;

	if (!enabled)
		return TASKOFF_TX_OFFLOAD_DISABLED;
	if (taskoff_tx_offload_size(m, d) > cfg->uso_max_size)
		return TASKOFF_TX_TOO_BIG;
	if (d->nb_segs < cfg->uso_min_segments || d->nb_segs == 0)
		return TASKOFF_TX_TOO_FEW_SEGMENTS;
	return TASKOFF_TX_OK;
}

void taskoff_uso_tmpl_init(struct taskoff_seg_tmpl *t)
{
	uint8_t *udp = t->hdr + t->d->l4_off;
	uint8_t ports[UDP_HDR_LEN] = {0};

	/* IPv4 only: 0 in the template = "no checksum" (IPv6 UDP always has one) */
	t->l4_cksum_zero = t->d->inner.ipv4 && (t->d->ops & TASKOFF_TX_OP_USO) &&
			   udp[TASKOFF_UDP_OFF_CKSUM] == 0 && udp[TASKOFF_UDP_OFF_CKSUM + 1] == 0;
	memset(udp + TASKOFF_UDP_OFF_CKSUM, 0, 2);
	memcpy(ports, udp, 4);
	t->l4_base_sum = taskoff_cksum_raw(ports, sizeof(ports));
}

void taskoff_uso_fix_udp(uint8_t *hdr, const struct taskoff_seg_tmpl *t,
			 const struct taskoff_seg_info *s)
{
	uint8_t *udp = hdr + t->d->l4_off;
	uint16_t len = (uint16_t)(UDP_HDR_LEN + s->payload_len);
	uint16_t be_len = rte_cpu_to_be_16(len), ck = 0;
	uint32_t acc;

	memcpy(udp + TASKOFF_UDP_OFF_LEN, &be_len, sizeof(be_len));
	if (!t->l4_cksum_zero) {
		/* the length counts twice: pseudo-header and UDP header */
		acc = (uint32_t)t->phdr_base_sum + t->l4_base_sum + s->payload_sum;
		acc += (uint32_t)be_len + be_len;
		ck = taskoff_l4_cksum_finish(taskoff_cksum_fold(acc), true);
	}
	memcpy(udp + TASKOFF_UDP_OFF_CKSUM, &ck, sizeof(ck));
}
