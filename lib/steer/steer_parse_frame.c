/* SPDX-License-Identifier: BSD-3-Clause */
/* One parse per frame: the VMQ key and the IP layers the RSS hash may use. */
#include <netinet/in.h>

#include "steer_internal.h"

static void steer_note(struct steer_frame *f, enum steer_status st)
{
	if (st == STEER_MALFORMED)
		f->malformed = true;
}

/* MAC and VLAN of the Ethernet header VMQ matches on (the tunnel id is kept). */
static void steer_vmq_key_set_l2(struct steer_vmq_key *k, const struct steer_l2 *l2)
{
	rte_ether_addr_copy(&l2->dst, &k->dst);
	k->has_vlan = l2->has_vlan;
	k->vlan_id = l2->vlan_id;
}

/* Inner Ethernet and IP of a tunneled frame; a truncated inner Ethernet header
 * leaves VMQ on the outer MAC. */
static void steer_parse_inner(const struct rte_mbuf *m, uint32_t inner_off, struct steer_frame *f)
{
	struct steer_l2 l2;
	enum steer_status st;

	st = steer_parse_l2(m, inner_off, f->ip.end, &l2);
	steer_note(f, st);
	if (st != STEER_OK)
		return;
	steer_vmq_key_set_l2(&f->vmq, &l2);
	st = steer_parse_ip(m, &l2, f->ip.end, &f->inner_ip);
	steer_note(f, st);
	f->inner_ip_ok = st == STEER_OK;
}

/* The protocol of an enabled tunnel: the rest (TCP, most UDP) skips the tunnel parse. */
static inline bool steer_may_be_tunnel(const struct steer_ip *ip,
				       const struct taskoff_steer_tunnels *tun)
{
	return (tun->nvgre && ip->proto == IPPROTO_GRE) || (tun->vxlan && ip->proto == IPPROTO_UDP);
}

void steer_parse_frame(const struct rte_mbuf *m, const struct taskoff_steer_tunnels *tun,
		       struct steer_frame *f)
{
	uint32_t end = rte_pktmbuf_pkt_len(m);
	struct steer_tunnel t;
	struct steer_l2 l2;
	enum steer_status st;

	/* The flags and the VMQ key's tunnel, not the whole struct: each IP layer
	 * (36-byte tuple and all) is read only when its flag says it parsed. */
	f->malformed = f->vmq_ok = f->ip_ok = f->tunneled = f->inner_ip_ok = false;
	f->vmq.tunnel = STEER_TUNNEL_NONE;
	f->vmq.tunnel_id = 0;
	st = steer_parse_l2(m, 0, end, &l2);
	steer_note(f, st);
	if (st != STEER_OK)
		return;
	steer_vmq_key_set_l2(&f->vmq, &l2);
	f->vmq_ok = true;
	st = steer_parse_ip(m, &l2, end, &f->ip);
	steer_note(f, st);
	f->ip_ok = st == STEER_OK;
	if (!f->ip_ok || !steer_may_be_tunnel(&f->ip, tun))
		return;
	st = steer_parse_tunnel(m, &f->ip, tun, &t);
	steer_note(f, st);
	if (st == STEER_ABSENT)
		return;
	/* a tunnel header cut short: a tunnel whose inner frame does not parse (outer
	 * 2-tuple, as the inner frame cut short), matched by VMQ without a tunnel id */
	f->tunneled = true;
	if (st != STEER_OK)
		return;
	f->vmq.tunnel = t.kind;
	f->vmq.tunnel_id = t.id;
	steer_parse_inner(m, t.inner_off, f);
}
