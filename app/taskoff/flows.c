/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_gre.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "flows.h"

#define NVGRE_HDR_LEN 8 /* GRE with key */
#define VXLAN_HDR_LEN 8

const char *flow_kind_name(enum flow_kind k)
{
	switch (k) {
	case FLOW_TCP:
		return "tcp";
	case FLOW_UDP:
		return "udp";
	case FLOW_NVGRE:
		return "nvgre";
	case FLOW_VXLAN:
		return "vxlan";
	}
	return "?";
}

/* Bytes a tunnel adds inside the MTU: outer IP, tunnel header(s), inner Ethernet (0: none). */
static uint16_t tunnel_overhead(const struct flow_spec *f)
{
	uint16_t outer_l3 =
	    f->outer_ipv6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr);

	if (f->kind == FLOW_NVGRE)
		return sizeof(struct rte_ipv4_hdr) + NVGRE_HDR_LEN + RTE_ETHER_HDR_LEN;
	if (f->kind == FLOW_VXLAN)
		return outer_l3 + sizeof(struct rte_udp_hdr) + VXLAN_HDR_LEN + RTE_ETHER_HDR_LEN;
	return 0;
}

/* Largest L4 payload of one segment that keeps the outermost IP datagram within the MTU. */
static uint16_t seg_room(const struct flow_spec *f, uint16_t mtu)
{
	uint32_t l3 = f->ipv6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr);
	uint32_t over = l3;

	if (f->kind == FLOW_UDP)
		over += sizeof(struct rte_udp_hdr);
	else
		over += sizeof(struct rte_tcp_hdr);
	over += tunnel_overhead(f);
	return mtu > over ? (uint16_t)(mtu - over) : 0;
}

/*
 * VXLAN flows cycle through the four cases a NIC must get right: outer IPv4
 * and IPv6, inner IPv4 and IPv6, outer UDP checksum asked for or not (over
 * IPv6 TaskOff computes it anyway, a zero one is illegal there).
 */
static void vxlan_variant(struct flow_spec *f, uint16_t index)
{
	f->outer_ipv6 = (index & 1) != 0;
	f->ipv6 = (((index >> 1) ^ index) & 1) != 0;
	f->outer_udp_cksum = ((index >> 1) & 1) == 0;
}

/* Bresenham spread: of every 100 flows of a kind, ipv6_percent are IPv6. */
static bool is_ipv6(uint16_t index, uint16_t percent)
{
	return (index + 1u) * percent / 100u != index * (uint32_t)percent / 100u;
}

static void add_flows(struct flow_plan *plan, const struct flow_plan_params *p, enum flow_kind kind,
		      uint16_t count, uint32_t size)
{
	uint16_t i;

	for (i = 0; i < count && plan->nb_flows < FLOWS_MAX; i++) {
		struct flow_spec *f = &plan->flow[plan->nb_flows];

		f->kind = kind;
		if (kind == FLOW_VXLAN)
			vxlan_variant(f, i);
		else
			f->ipv6 = kind != FLOW_NVGRE && is_ipv6(i, p->ipv6_percent);
		f->seg_payload = RTE_MIN(p->mss, seg_room(f, p->mtu));
		f->pkt_payload = size;
		/* start near the 32-bit wrap so every run crosses it */
		f->isn = 0xfff00000u + (uint32_t)plan->nb_flows * 0x1000u;
		plan->nb_flows++;
	}
}

int flow_plan_build(struct flow_plan *plan, const struct flow_plan_params *p)
{
	uint16_t i;

	memset(plan, 0, sizeof(*plan));
	if (p->ipv6_percent > 100)
		return -EINVAL;
	add_flows(plan, p, FLOW_TCP, p->tcp_flows, p->tcp_size);
	add_flows(plan, p, FLOW_UDP, p->udp_flows, p->udp_size);
	add_flows(plan, p, FLOW_NVGRE, p->nvgre_flows, p->nvgre_size);
	add_flows(plan, p, FLOW_VXLAN, p->vxlan_flows, p->vxlan_size);
	if (plan->nb_flows == 0)
		return -EINVAL;
	for (i = 0; i < plan->nb_flows; i++)
		if (plan->flow[i].seg_payload == 0 || plan->flow[i].pkt_payload == 0)
			return -EINVAL;
	return 0;
}
