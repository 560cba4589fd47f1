/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame builder for the receive tests; see rx_pkt_builder.h. */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "rx_pkt_builder.h"

void tb_tcp4_defaults(struct tb_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->ip_version = 4;
	f->proto = IPPROTO_TCP;
	f->src_last = 1;
	f->ttl = 64;
	f->df = true;
	f->ip_id = 100;
	f->sport = 1000;
	f->dport = 2000;
	f->seq = 1000;
	f->ack = 5000;
	f->tcp_flags = RTE_TCP_ACK_FLAG;
	f->win = 1024;
}

void tb_rsc_seg(struct tb_frame *f, unsigned int i, const uint8_t *payload)
{
	tb_tcp4_defaults(f);
	f->seq = 1000 + 100 * i;
	f->ip_id = (uint16_t)(100 + i);
	f->ts = true;
	f->tsval = 10 + i;
	f->tsecr = 77;
	f->payload = payload;
	f->payload_len = 100;
}

void tb_payload(uint8_t *buf, size_t len, unsigned int i)
{
	size_t k;

	for (k = 0; k < len; k++)
		buf[k] = (uint8_t)(i * 31 + k * 7 + 3);
}

static size_t put_eth(uint8_t *buf, bool vlan, uint16_t tci, uint16_t type)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_vlan_hdr *vh;
	const struct rte_ether_addr dst = {{0x02, 0, 0, 0, 0, 0x02}};
	const struct rte_ether_addr src = {{0x02, 0, 0, 0, 0, 0x01}};

	eth->dst_addr = dst;
	eth->src_addr = src;
	if (!vlan) {
		eth->ether_type = rte_cpu_to_be_16(type);
		return sizeof(*eth);
	}
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	vh = (struct rte_vlan_hdr *)(eth + 1);
	vh->vlan_tci = rte_cpu_to_be_16(tci);
	vh->eth_proto = rte_cpu_to_be_16(type);
	return sizeof(*eth) + sizeof(*vh);
}

static size_t put_l4(uint8_t *l4, const struct tb_frame *f)
{
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)l4;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)l4;
	size_t hlen = sizeof(*tcp);
	uint8_t *opt = l4 + sizeof(*tcp);

	if (f->proto == IPPROTO_UDP) {
		memset(udp, 0, sizeof(*udp));
		udp->src_port = rte_cpu_to_be_16(f->sport);
		udp->dst_port = rte_cpu_to_be_16(f->dport);
		udp->dgram_len = rte_cpu_to_be_16(sizeof(*udp) + f->payload_len);
		memcpy(udp + 1, f->payload, f->payload_len);
		return sizeof(*udp);
	}
	if (f->proto != IPPROTO_TCP) {
		memcpy(l4, f->payload, f->payload_len);
		return 0;
	}
	memset(tcp, 0, sizeof(*tcp));
	tcp->src_port = rte_cpu_to_be_16(f->sport);
	tcp->dst_port = rte_cpu_to_be_16(f->dport);
	tcp->sent_seq = rte_cpu_to_be_32(f->seq);
	tcp->recv_ack = rte_cpu_to_be_32(f->ack);
	tcp->tcp_flags = f->tcp_flags;
	tcp->rx_win = rte_cpu_to_be_16(f->win);
	if (f->mss_opt) { /* MSS 1460 */
		memcpy(opt, "\x02\x04\x05\xb4", 4);
		opt += 4;
		hlen += 4;
	}
	if (f->ts) { /* NOP NOP TS */
		uint32_t v = rte_cpu_to_be_32(f->tsval), e = rte_cpu_to_be_32(f->tsecr);

		memcpy(opt, "\x01\x01\x08\x0a", 4);
		memcpy(opt + 4, &v, 4);
		memcpy(opt + 8, &e, 4);
		hlen += 12;
	}
	tcp->data_off = (uint8_t)((hlen / 4) << 4);
	memcpy(l4 + hlen, f->payload, f->payload_len);
	return hlen;
}

static void fill_l4_cksum(uint8_t *l4, const struct tb_frame *f, uint16_t cksum)
{
	if (f->proto == IPPROTO_TCP)
		((struct rte_tcp_hdr *)l4)->cksum =
		    f->bad_l4_csum ? (uint16_t)(cksum ^ 0x0101) : cksum;
	else if (f->proto == IPPROTO_UDP)
		((struct rte_udp_hdr *)l4)->dgram_cksum = f->udp_zero_csum ? 0
							  : f->bad_l4_csum
							      ? (uint16_t)(cksum ^ 0x0101)
							      : cksum;
}

static size_t put_ipv4(uint8_t *buf, const struct tb_frame *f)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)buf;
	size_t ihl = sizeof(*ip) + f->ipv4_opt_len, l4h;
	uint8_t *l4 = buf + ihl;

	memset(ip, 0, ihl);
	memset(ip + 1, 1, f->ipv4_opt_len); /* NOP options */
	ip->version_ihl = (uint8_t)(0x40 | ihl / 4);
	ip->type_of_service = (uint8_t)(f->dscp << 2 | f->ecn);
	ip->packet_id = rte_cpu_to_be_16(f->ip_id);
	ip->fragment_offset = rte_cpu_to_be_16((f->df ? RTE_IPV4_HDR_DF_FLAG : 0) |
					       (f->mf ? RTE_IPV4_HDR_MF_FLAG : 0));
	ip->time_to_live = f->ttl;
	ip->next_proto_id = f->proto;
	ip->src_addr = rte_cpu_to_be_32(0x0a000000u | f->src_last);
	ip->dst_addr = rte_cpu_to_be_32(0x0a0000c8u);
	l4h = put_l4(l4, f);
	ip->total_length = rte_cpu_to_be_16((uint16_t)(ihl + l4h + f->payload_len));
	fill_l4_cksum(l4, f, rte_ipv4_udptcp_cksum(ip, l4));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (f->bad_ip_csum)
		ip->hdr_checksum ^= 0x00f0;
	return ihl + l4h + f->payload_len;
}

static size_t put_ipv6(uint8_t *buf, const struct tb_frame *f)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)buf, ph;
	uint8_t *ext = buf + sizeof(*ip), *l4, *next = &ip->proto;
	size_t ext_len = 0, l4h;

	memset(ip, 0, sizeof(*ip));
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | (uint32_t)(f->dscp << 2 | f->ecn) << 20 |
					(f->flow_label & 0xfffff));
	ip->hop_limits = f->ttl;
	ip->src_addr[0] = 0x20;
	ip->src_addr[1] = 0x01;
	ip->src_addr[15] = f->src_last;
	ip->dst_addr[0] = 0x20;
	ip->dst_addr[1] = 0x01;
	ip->dst_addr[15] = 200;
	if (f->ipv6_hbh_len) { /* hop-by-hop with PadN */
		*next = 0;
		memset(ext, 0, f->ipv6_hbh_len);
		ext[1] = (uint8_t)(f->ipv6_hbh_len / 8 - 1);
		ext[2] = 1;
		ext[3] = (uint8_t)(f->ipv6_hbh_len - 4);
		next = &ext[0];
		ext_len += f->ipv6_hbh_len;
	}
	if (f->ipv6_rt2) {
		*next = 43;
		memset(ext + ext_len, 0, 24);
		ext[ext_len + 1] = 2;
		ext[ext_len + 2] = 2;
		ext[ext_len + 3] = 1;
		ext[ext_len + 8] = 0x20;
		ext[ext_len + 9] = 0x01;
		ext[ext_len + 23] = 0x99;
		next = &ext[ext_len];
		ext_len += 24;
	}
	if (f->ipv6_frag) { /* atomic fragment: offset 0, M set */
		*next = 44;
		memset(ext + ext_len, 0, 8);
		ext[ext_len + 3] = 1;
		next = &ext[ext_len];
		ext_len += 8;
	}
	*next = f->proto;
	l4 = ext + ext_len;
	l4h = put_l4(l4, f);
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(ext_len + l4h + f->payload_len));
	/* DPDK's helper takes the upper-layer length from payload_len: give it a
	 * copy without the extension headers. */
	ph = *ip;
	ph.proto = f->proto;
	ph.payload_len = rte_cpu_to_be_16((uint16_t)(l4h + f->payload_len));
	if (f->ipv6_rt2) /* the pseudo header names the final destination */
		memcpy(ph.dst_addr, ext + (f->ipv6_hbh_len ? f->ipv6_hbh_len : 0) + 8, 16);
	fill_l4_cksum(l4, f, rte_ipv6_udptcp_cksum(&ph, l4));
	return sizeof(*ip) + ext_len + l4h + f->payload_len;
}

size_t tb_build(uint8_t *buf, const struct tb_frame *f)
{
	size_t len = put_eth(buf, f->vlan, f->vlan_tci,
			     f->ip_version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);

	len += f->ip_version == 4 ? put_ipv4(buf + len, f) : put_ipv6(buf + len, f);
	if (len < f->min_frame) {
		memset(buf + len, 0, f->min_frame - len);
		len = f->min_frame;
	}
	return len;
}

size_t tb_build_tcp4(uint8_t *buf, const uint8_t *payload, uint16_t len, uint32_t seq,
		     uint8_t flags)
{
	struct tb_frame f;

	tb_tcp4_defaults(&f);
	f.seq = seq;
	f.tcp_flags = RTE_TCP_ACK_FLAG | flags;
	f.payload = payload;
	f.payload_len = len;
	return tb_build(buf, &f);
}

void tb_nvgre_defaults(struct tb_nvgre *n)
{
	memset(n, 0, sizeof(*n));
	n->outer_version = 4;
	n->gre_flags = 0x2000;
	n->gre_proto = 0x6558;
	n->vsid = 0x123456;
	n->flow_id = 0x78;
	n->outer_ip_id = 7;
	n->outer_src_last = 1;
}

/* Outer IP header fields shared by the NVGRE and VXLAN builders. */
struct tb_outer {
	int version;
	uint8_t proto;
	bool bad_csum;
	uint16_t ip_id;
	uint8_t src_last, dscp, ecn;
	bool df;
};

/* Outer IPv4 / IPv6 header for @p payload_len bytes after it; @return its length. */
static size_t put_outer_ip(uint8_t *buf, const struct tb_outer *o, size_t payload_len)
{
	struct rte_ipv4_hdr *v4 = (struct rte_ipv4_hdr *)buf;
	struct rte_ipv6_hdr *v6 = (struct rte_ipv6_hdr *)buf;
	size_t ip_len = o->version == 4 ? sizeof(*v4) : sizeof(*v6);

	memset(buf, 0, ip_len);
	if (o->version == 4) {
		v4->version_ihl = 0x45;
		v4->total_length = rte_cpu_to_be_16((uint16_t)(ip_len + payload_len));
		v4->type_of_service = (uint8_t)(o->dscp << 2 | o->ecn);
		v4->packet_id = rte_cpu_to_be_16(o->ip_id);
		v4->fragment_offset = rte_cpu_to_be_16(o->df ? RTE_IPV4_HDR_DF_FLAG : 0);
		v4->time_to_live = 32;
		v4->next_proto_id = o->proto;
		v4->src_addr = rte_cpu_to_be_32(0xc0a80000u | o->src_last);
		v4->dst_addr = rte_cpu_to_be_32(0xc0a80002u);
		v4->hdr_checksum = rte_ipv4_cksum(v4);
		if (o->bad_csum)
			v4->hdr_checksum ^= 0x0f00;
	} else {
		v6->vtc_flow = rte_cpu_to_be_32(6u << 28 | (uint32_t)(o->dscp << 2 | o->ecn) << 20);
		v6->payload_len = rte_cpu_to_be_16((uint16_t)payload_len);
		v6->proto = o->proto;
		v6->hop_limits = 32;
		v6->src_addr[0] = 0xfd;
		v6->src_addr[15] = o->src_last;
		v6->dst_addr[0] = 0xfd;
		v6->dst_addr[15] = 2;
	}
	return ip_len;
}

size_t tb_build_nvgre(uint8_t *buf, const struct tb_nvgre *n, const uint8_t *inner,
		      size_t inner_len)
{
	const struct tb_outer o = {
	    n->outer_version, 47,	    n->bad_outer_csum, n->outer_ip_id, n->outer_src_last,
	    n->outer_dscp,    n->outer_ecn, n->outer_df};
	size_t len = put_eth(buf, false, 0,
			     n->outer_version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);
	uint8_t *gre;
	uint32_t key = n->vsid << 8 | n->flow_id;

	len += put_outer_ip(buf + len, &o, 8 + inner_len);
	gre = buf + len;
	gre[0] = (uint8_t)(n->gre_flags >> 8);
	gre[1] = (uint8_t)n->gre_flags;
	gre[2] = (uint8_t)(n->gre_proto >> 8);
	gre[3] = (uint8_t)n->gre_proto;
	gre[4] = (uint8_t)(key >> 24);
	gre[5] = (uint8_t)(key >> 16);
	gre[6] = (uint8_t)(key >> 8);
	gre[7] = (uint8_t)key;
	memcpy(gre + 8, inner, inner_len);
	return len + 8 + inner_len;
}

void tb_vxlan_defaults(struct tb_vxlan *v)
{
	memset(v, 0, sizeof(*v));
	v->outer_version = 4;
	v->sport = 49152;
	v->dport = 4789;
	v->flags = 0x08;
	v->vni = 0xabcdef;
	v->outer_ip_id = 7;
	v->outer_src_last = 1;
}

size_t tb_build_vxlan(uint8_t *buf, const struct tb_vxlan *v, const uint8_t *inner,
		      size_t inner_len)
{
	const struct tb_outer o = {v->outer_version, IPPROTO_UDP,	v->bad_outer_csum,
				   v->outer_ip_id,   v->outer_src_last, v->outer_dscp,
				   v->outer_ecn,     v->outer_df};
	size_t l2 = put_eth(buf, v->outer_vlan, v->outer_vlan_tci,
			    v->outer_version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);
	size_t ip_len = put_outer_ip(buf + l2, &o, 16 + inner_len);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(buf + l2 + ip_len);
	uint8_t *vx = (uint8_t *)(udp + 1);
	uint16_t cksum;

	memset(udp, 0, 16);
	udp->src_port = rte_cpu_to_be_16(v->sport);
	udp->dst_port = rte_cpu_to_be_16(v->dport);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(16 + inner_len));
	vx[0] = v->flags;
	vx[4] = (uint8_t)(v->vni >> 16);
	vx[5] = (uint8_t)(v->vni >> 8);
	vx[6] = (uint8_t)v->vni;
	memcpy(vx + 8, inner, inner_len);
	if (v->udp_zero_csum)
		return l2 + ip_len + 16 + inner_len;
	/* the v4 helper reads the pseudo header's fields only, checksum field 0 */
	cksum = v->outer_version == 4
		    ? rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)(buf + l2), udp)
		    : rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)(buf + l2), udp);
	udp->dgram_cksum = v->bad_udp_csum ? (uint16_t)(cksum ^ 0x0101) : cksum;
	return l2 + ip_len + 16 + inner_len;
}

size_t tb_cut_outer_ipv4(uint8_t *frame, uint16_t ip_payload)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);

	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + ip_payload));
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return RTE_ETHER_HDR_LEN + sizeof(*ip) + ip_payload;
}

size_t tb_cut_vxlan_udp(uint8_t *frame, uint16_t udp_len)
{
	size_t len = tb_cut_outer_ipv4(frame, udp_len);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(frame + len - udp_len);

	udp->dgram_len = rte_cpu_to_be_16(udp_len);
	udp->dgram_cksum = 0;
	return len;
}

struct rte_mbuf *tb_mbuf(struct rte_mempool *mp, const uint8_t *buf, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	char *data;

	if (m == NULL)
		return NULL;
	data = rte_pktmbuf_append(m, (uint16_t)len);
	if (data == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(data, buf, len);
	return m;
}

struct rte_mbuf *tb_mbuf_split(struct rte_mempool *mp, const uint8_t *buf, size_t len, size_t split)
{
	struct rte_mbuf *head = tb_mbuf(mp, buf, split);
	struct rte_mbuf *tail = tb_mbuf(mp, buf + split, len - split);

	if (head == NULL || tail == NULL || rte_pktmbuf_chain(head, tail) != 0) {
		rte_pktmbuf_free(head);
		rte_pktmbuf_free(tail);
		return NULL;
	}
	return head;
}
