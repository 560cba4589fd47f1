/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "fuzz_tx_input.h"

void fuzz_tx_config(uint16_t mask, struct taskoff_offload_config *cfg)
{
	taskoff_offload_config_default(cfg);
	if (mask & 0x0001)
		cfg->ipv4_csum &= (uint8_t)~TASKOFF_CSUM_TX;
	if (mask & 0x0002)
		cfg->tcp4_csum &= (uint8_t)~TASKOFF_CSUM_TX;
	if (mask & 0x0004)
		cfg->udp4_csum &= (uint8_t)~TASKOFF_CSUM_TX;
	if (mask & 0x0008)
		cfg->tcp6_csum &= (uint8_t)~TASKOFF_CSUM_TX;
	if (mask & 0x0010)
		cfg->udp6_csum &= (uint8_t)~TASKOFF_CSUM_TX;
	cfg->lsov1 = !(mask & 0x0020);
	cfg->lsov2_ipv4 = !(mask & 0x0040);
	cfg->lsov2_ipv6 = !(mask & 0x0080);
	cfg->uso_ipv4 = !(mask & 0x0100);
	cfg->uso_ipv6 = !(mask & 0x0200);
	if (mask & 0x0400)
		cfg->encap_enabled = false;
	if (mask & 0x0800)
		cfg->encap_types = 0;
	if (mask & 0x1000) { /* small limits: the TOO_BIG paths are reachable with small inputs */
		cfg->lsov1_max_size = 1500;
		cfg->lsov2_max_size = 3000;
		cfg->uso_max_size = 2000;
	}
	if (mask & 0x2000) {
		cfg->lso_min_segments = 0;
		cfg->uso_min_segments = 0;
	}
	if (mask & 0x4000) {
		cfg->lso_min_segments = 5;
		cfg->uso_min_segments = 3;
	}
	/* VXLAN beside NVGRE unless masked (the default config has NVGRE only so far) */
	if (!(mask & (0x0800 | 0x8000)))
		cfg->encap_types |= TASKOFF_ENCAP_VXLAN;
}

static const uint64_t tunnel_types[8] = {
    0,
    RTE_MBUF_F_TX_TUNNEL_GRE,
    RTE_MBUF_F_TX_TUNNEL_VXLAN,
    RTE_MBUF_F_TX_TUNNEL_IPIP,
    RTE_MBUF_F_TX_TUNNEL_GENEVE,
    RTE_MBUF_F_TX_TUNNEL_VXLAN_GPE,
    RTE_MBUF_F_TX_TUNNEL_UDP,
    RTE_MBUF_F_TX_TUNNEL_IP,
};

uint64_t fuzz_tx_flags(uint16_t sel)
{
	static const uint64_t l4[4] = {0, RTE_MBUF_F_TX_TCP_CKSUM, RTE_MBUF_F_TX_SCTP_CKSUM,
				       RTE_MBUF_F_TX_UDP_CKSUM};
	uint64_t f = l4[(sel >> 1) & 3] | tunnel_types[(sel >> 7) & 7];

	if (sel & 0x0001)
		f |= RTE_MBUF_F_TX_IP_CKSUM;
	if (sel & 0x0008)
		f |= RTE_MBUF_F_TX_TCP_SEG;
	if (sel & 0x0010)
		f |= RTE_MBUF_F_TX_UDP_SEG;
	if (sel & 0x0020)
		f |= RTE_MBUF_F_TX_OUTER_IP_CKSUM;
	if (sel & 0x0040)
		f |= RTE_MBUF_F_TX_OUTER_UDP_CKSUM;
	if (sel & 0x0400)
		f |= RTE_MBUF_F_TX_IPV4;
	if (sel & 0x0800)
		f |= RTE_MBUF_F_TX_IPV6;
	if (sel & 0x1000)
		f |= RTE_MBUF_F_TX_OUTER_IPV4;
	if (sel & 0x2000)
		f |= RTE_MBUF_F_TX_OUTER_IPV6;
	if (sel & 0x4000)
		f |= RTE_MBUF_F_TX_VLAN;
	if (sel & 0x8000)
		f |= RTE_MBUF_F_TX_IEEE1588_TMST;
	return f;
}

struct rte_mbuf *fuzz_tx_next_pkt(struct fuzz_reader *r, struct rte_mempool *mp,
				  struct fuzz_poison_set *ps)
{
	uint16_t sel, l3_len, outer_l3_len, segsz, len, cuts[FUZZ_MAX_SPLITS];
	uint8_t l2_len, l4_len, outer_l2_len, nb_cuts;
	const uint8_t *data;
	struct rte_mbuf *m;
	size_t got;

	if (r->left == 0)
		return NULL;
	sel = fuzz_u16(r);
	l2_len = fuzz_u8(r);
	l3_len = fuzz_u16(r);
	l4_len = fuzz_u8(r);
	outer_l2_len = fuzz_u8(r);
	outer_l3_len = fuzz_u16(r);
	segsz = fuzz_u16(r);
	nb_cuts = fuzz_u8(r) & 3;
	for (unsigned int i = 0; i < nb_cuts; i++)
		cuts[i] = fuzz_u16(r);
	len = fuzz_u16(r);
	data = fuzz_bytes(r, len, &got);
	m = fuzz_chain(mp, data, (uint32_t)got, cuts, nb_cuts, ps);
	if (m == NULL)
		abort(); /* the pools are sized for FUZZ_TX_MAX_PKTS inputs */
	m->ol_flags = fuzz_tx_flags(sel);
	m->l2_len = l2_len;
	m->l3_len = l3_len;
	m->l4_len = l4_len;
	m->outer_l2_len = outer_l2_len;
	m->outer_l3_len = outer_l3_len;
	m->tso_segsz = segsz;
	return m;
}
