/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tunnels steering looks into: which one an outer IP layer carries, its
 * 24-bit id and where the inner Ethernet frame starts. NVGRE is GRE with a key
 * (VSID << 8 | FlowID) carrying an Ethernet frame; VXLAN is UDP to the
 * configured port, an 8-byte header with the I flag and the VNI.
 */
#include <netinet/in.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_udp.h>

#include "steer_internal.h"
#include "taskoff_tunnel_hdr.h"

/* GRE flags/version bits NVGRE pins: K set; C, R, S and the version clear. */
#define STEER_GRE_FIXED_BITS                                                                       \
	(TASKOFF_GRE_FLAG_C | TASKOFF_GRE_FLAG_R | TASKOFF_GRE_FLAG_K | TASKOFF_GRE_FLAG_S |       \
	 TASKOFF_GRE_VER_MASK)

struct steer_nvgre_hdr {
	rte_be16_t flags_ver;
	rte_be16_t proto;
	rte_be32_t key;
} __rte_packed;

struct steer_vxlan_hdr {
	uint8_t flags;
	uint8_t rsvd0[3];
	uint8_t vni[3];
	uint8_t rsvd1;
} __rte_packed;

static enum steer_status steer_parse_nvgre(const struct rte_mbuf *m, const struct steer_ip *ip,
					   struct steer_tunnel *t)
{
	struct steer_nvgre_hdr buf;
	const struct steer_nvgre_hdr *g;

	g = steer_read(m, ip->l4_off, sizeof(*g), ip->end, &buf);
	if (g == NULL)
		return STEER_MALFORMED;
	if ((rte_be_to_cpu_16(g->flags_ver) & STEER_GRE_FIXED_BITS) != TASKOFF_GRE_FLAG_K ||
	    rte_be_to_cpu_16(g->proto) != TASKOFF_GRE_PROTO_TEB)
		return STEER_ABSENT;
	t->kind = STEER_TUNNEL_NVGRE;
	t->id = rte_be_to_cpu_32(g->key) >> 8;
	t->inner_off = ip->l4_off + sizeof(*g);
	return STEER_OK;
}

/* UDP destination port, from the hash input the IP parse already holds (has_ports). */
static uint16_t steer_udp_dst_port(const struct steer_ip *ip)
{
	const uint8_t *p = steer_ip_hash_input(ip) + 2 * steer_ip_addr_len(ip) + 2;

	return (uint16_t)(p[0] << 8 | p[1]);
}

static enum steer_status steer_parse_vxlan(const struct rte_mbuf *m, const struct steer_ip *ip,
					   struct steer_tunnel *t)
{
	uint32_t off = ip->l4_off + sizeof(struct rte_udp_hdr);
	struct steer_vxlan_hdr buf;
	const struct steer_vxlan_hdr *v;

	v = steer_read(m, off, sizeof(*v), ip->end, &buf);
	if (v == NULL)
		return STEER_MALFORMED;
	if (!(v->flags & TASKOFF_VXLAN_FLAG_I))
		return STEER_ABSENT; /* no VNI: plain UDP to that port */
	t->kind = STEER_TUNNEL_VXLAN;
	t->id = (uint32_t)v->vni[0] << 16 | (uint32_t)v->vni[1] << 8 | v->vni[2];
	t->inner_off = off + sizeof(*v);
	return STEER_OK;
}

enum steer_status steer_parse_tunnel(const struct rte_mbuf *m, const struct steer_ip *ip,
				     const struct taskoff_steer_tunnels *tun,
				     struct steer_tunnel *t)
{
	if (ip->fragment)
		return STEER_ABSENT;
	if (tun->nvgre && ip->proto == IPPROTO_GRE)
		return steer_parse_nvgre(m, ip, t);
	/* has_ports: a complete UDP header, its ports in the hash input */
	if (tun->vxlan && ip->proto == IPPROTO_UDP && ip->has_ports &&
	    steer_udp_dst_port(ip) == tun->vxlan_port)
		return steer_parse_vxlan(m, ip, t);
	return STEER_ABSENT;
}
