/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_gre.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "headers.h"

#define GRE_KEY_PRESENT 0x2000
#define NVGRE_HDR_LEN	8
#define VXLAN_FLAG_I	0x08000000u /* VNI valid */
#define VXLAN_L2_LEN	(sizeof(struct rte_udp_hdr) + sizeof(struct rte_vxlan_hdr) + RTE_ETHER_HDR_LEN)

static uint16_t put_eth(uint8_t *b, const struct rte_ether_addr *src,
			const struct rte_ether_addr *dst, uint16_t type)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)b;

	eth->dst_addr = *dst;
	eth->src_addr = *src;
	eth->ether_type = rte_cpu_to_be_16(type);
	return sizeof(*eth);
}

/* IP total length cannot say more than 64 KiB: segmentation takes pkt_len instead. */
static uint16_t ip4_total(uint32_t len)
{
	return len > UINT16_MAX ? 0 : (uint16_t)len;
}

static uint16_t put_ipv4(uint8_t *b, uint32_t src, uint32_t dst, uint8_t proto, uint32_t l4_len,
			 uint16_t id)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)b;

	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(ip4_total(sizeof(*ip) + l4_len));
	ip->packet_id = rte_cpu_to_be_16(id);
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = proto;
	ip->src_addr = rte_cpu_to_be_32(src);
	ip->dst_addr = rte_cpu_to_be_32(dst);
	return sizeof(*ip);
}

/* @p host is added to the last byte of the source: tunnels keep inner and outer hosts apart. */
static uint16_t put_ipv6(uint8_t *b, const struct headers_addr *a, uint8_t proto, uint32_t l4_len,
			 uint8_t host)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)b;

	memset(ip, 0, sizeof(*ip));
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(l4_len > UINT16_MAX ? 0 : (uint16_t)l4_len);
	ip->proto = proto;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, a->src_ip6, 16);
	memcpy(ip->dst_addr, a->dst_ip6, 16);
	ip->src_addr[15] = (uint8_t)(ip->src_addr[15] + host);
	return sizeof(*ip);
}

static uint16_t put_tcp(uint8_t *b, uint16_t flow, uint16_t dport, uint32_t seq)
{
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)b;

	memset(tcp, 0, sizeof(*tcp));
	tcp->src_port = rte_cpu_to_be_16(FLOW_SRC_PORT_BASE + flow);
	tcp->dst_port = rte_cpu_to_be_16(dport);
	tcp->sent_seq = rte_cpu_to_be_32(seq);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = (sizeof(*tcp) / 4) << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(65535);
	return sizeof(*tcp);
}

static uint16_t put_udp(uint8_t *b, uint16_t flow, uint32_t l4_len)
{
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)b;

	udp->src_port = rte_cpu_to_be_16(FLOW_SRC_PORT_BASE + flow);
	udp->dst_port = rte_cpu_to_be_16(FLOW_DST_PORT_UDP);
	udp->dgram_len = rte_cpu_to_be_16(l4_len > UINT16_MAX ? 0 : (uint16_t)l4_len);
	/* non-zero: a zero template checksum would ask USO for checksum-less datagrams */
	udp->dgram_cksum = 0xffff;
	return sizeof(*udp);
}

/* Inner hosts: NVGRE and VXLAN flows come from their own addresses. */
static uint8_t inner_host(const struct flow_spec *f)
{
	return f->kind == FLOW_NVGRE ? 1 : f->kind == FLOW_VXLAN ? 2 : 0;
}

static uint16_t put_nvgre(uint8_t *b, uint16_t flow)
{
	struct rte_gre_hdr *gre = (struct rte_gre_hdr *)b;
	rte_be32_t key = rte_cpu_to_be_32((FLOW_NVGRE_VSID << 8) | (uint8_t)flow);

	memset(gre, 0, sizeof(*gre));
	*(uint16_t *)gre = rte_cpu_to_be_16(GRE_KEY_PRESENT);
	gre->proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_TEB);
	memcpy(b + sizeof(*gre), &key, sizeof(key));
	return NVGRE_HDR_LEN;
}

/* The pseudo-header sum in the L4 checksum field, as DPDK asks for checksum offloads. */
static void put_phdr_sum(const uint8_t *l3, uint8_t *l4, const struct flow_spec *f,
			 uint64_t ol_flags)
{
	uint16_t sum = f->ipv6 ? rte_ipv6_phdr_cksum((const struct rte_ipv6_hdr *)l3, ol_flags)
			       : rte_ipv4_phdr_cksum((const struct rte_ipv4_hdr *)l3, ol_flags);

	if (f->kind == FLOW_UDP)
		((struct rte_udp_hdr *)l4)->dgram_cksum = sum != 0 ? sum : 0xffff;
	else
		((struct rte_tcp_hdr *)l4)->cksum = sum;
}

/* Offload request: segmentation when the packet spans several segments, checksums otherwise. */
static uint64_t l4_request(const struct flow_spec *f, const struct headers_pkt *p)
{
	bool seg = p->payload > f->seg_payload;

	if (f->kind == FLOW_UDP)
		return seg ? RTE_MBUF_F_TX_UDP_SEG : RTE_MBUF_F_TX_UDP_CKSUM;
	return seg ? RTE_MBUF_F_TX_TCP_SEG : RTE_MBUF_F_TX_TCP_CKSUM;
}

static uint16_t build_inner(uint8_t *b, struct rte_mbuf *m, const struct flow_spec *f,
			    const struct headers_addr *a, const struct headers_pkt *p)
{
	bool udp = f->kind == FLOW_UDP;
	uint16_t l4 = udp ? sizeof(struct rte_udp_hdr) : sizeof(struct rte_tcp_hdr);
	uint8_t proto = udp ? IPPROTO_UDP : IPPROTO_TCP;
	uint16_t dport = f->kind == FLOW_NVGRE	 ? FLOW_DST_PORT_NVGRE
			 : f->kind == FLOW_VXLAN ? FLOW_DST_PORT_VXLAN
						 : FLOW_DST_PORT_TCP;
	uint16_t l3;

	if (f->ipv6) {
		l3 = put_ipv6(b, a, proto, l4 + p->payload, inner_host(f));
		m->ol_flags |= RTE_MBUF_F_TX_IPV6;
	} else {
		l3 = put_ipv4(b, a->src_ip4 + inner_host(f), a->dst_ip4, proto, l4 + p->payload,
			      p->ip_id);
		m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	}
	if (udp)
		put_udp(b + l3, p->flow, l4 + p->payload);
	else
		put_tcp(b + l3, p->flow, dport, f->isn + (uint32_t)p->offset);
	m->ol_flags |= l4_request(f, p);
	put_phdr_sum(b, b + l3, f, m->ol_flags);
	m->l3_len = l3;
	m->l4_len = l4;
	m->tso_segsz = p->payload > f->seg_payload ? f->seg_payload : 0;
	return l3 + l4;
}

static uint16_t put_vxlan(uint8_t *b, uint16_t flow, uint32_t inner_len)
{
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)b;
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);
	uint32_t len = sizeof(*udp) + sizeof(*vx) + inner_len;

	udp->src_port = rte_cpu_to_be_16(FLOW_VXLAN_SPORT + flow);
	udp->dst_port = rte_cpu_to_be_16(FLOW_VXLAN_UDP_PORT);
	udp->dgram_len = rte_cpu_to_be_16(len > UINT16_MAX ? 0 : (uint16_t)len);
	udp->dgram_cksum = 0;
	vx->vx_flags = rte_cpu_to_be_32(VXLAN_FLAG_I);
	vx->vx_vni = rte_cpu_to_be_32(FLOW_VXLAN_VNI << 8);
	return sizeof(*udp) + sizeof(*vx);
}

/* Outer Ethernet, IP and UDP + VXLAN with the metadata testpmd's csum engine sets. */
static uint16_t build_vxlan_outer(uint8_t *buf, struct rte_mbuf *m, const struct flow_spec *f,
				  const struct headers_addr *a, const struct headers_pkt *p)
{
	uint32_t inner_len = RTE_ETHER_HDR_LEN +
			     (f->ipv6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr)) +
			     sizeof(struct rte_tcp_hdr) + p->payload;
	uint32_t l4_len = VXLAN_L2_LEN - RTE_ETHER_HDR_LEN + inner_len;
	uint16_t off = put_eth(buf, &a->src_mac, &a->dst_mac,
			       f->outer_ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);

	m->outer_l2_len = off;
	if (f->outer_ipv6) {
		m->outer_l3_len = put_ipv6(buf + off, a, IPPROTO_UDP, l4_len, 0);
		m->ol_flags = RTE_MBUF_F_TX_OUTER_IPV6;
	} else {
		m->outer_l3_len =
		    put_ipv4(buf + off, a->src_ip4, a->dst_ip4, IPPROTO_UDP, l4_len, p->ip_id);
		m->ol_flags = RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM;
	}
	m->ol_flags |= RTE_MBUF_F_TX_TUNNEL_VXLAN;
	if (f->outer_udp_cksum)
		m->ol_flags |= RTE_MBUF_F_TX_OUTER_UDP_CKSUM;
	off += m->outer_l3_len;
	off += put_vxlan(buf + off, p->flow, inner_len);
	off += put_eth(buf + off, &a->src_mac, &a->dst_mac,
		       f->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	m->l2_len = VXLAN_L2_LEN;
	return off;
}

/*
 * As testpmd's csum engine with `csum set outer-udp hw`: the pseudo-header sum
 * (without the length when segmenting) in the outer UDP checksum; without the
 * request the field stays 0 (TaskOff computes it anyway over IPv6).
 */
static void put_outer_udp_phdr(uint8_t *buf, const struct rte_mbuf *m)
{
	const uint8_t *l3 = buf + m->outer_l2_len;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(buf + m->outer_l2_len + m->outer_l3_len);

	if (!(m->ol_flags & RTE_MBUF_F_TX_OUTER_UDP_CKSUM))
		return;
	udp->dgram_cksum = (m->ol_flags & RTE_MBUF_F_TX_OUTER_IPV6)
			       ? rte_ipv6_phdr_cksum((const struct rte_ipv6_hdr *)l3, m->ol_flags)
			       : rte_ipv4_phdr_cksum((const struct rte_ipv4_hdr *)l3, m->ol_flags);
}

/* Outer Ethernet, IPv4 and GRE with key (NVGRE) with the metadata testpmd's csum engine sets. */
static uint16_t build_nvgre_outer(uint8_t *buf, struct rte_mbuf *m, const struct flow_spec *f,
				  const struct headers_addr *a, const struct headers_pkt *p)
{
	uint32_t inner_len = RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr) +
			     sizeof(struct rte_tcp_hdr) + p->payload;
	uint16_t off = put_eth(buf, &a->src_mac, &a->dst_mac, RTE_ETHER_TYPE_IPV4);

	off += put_ipv4(buf + off, a->src_ip4, a->dst_ip4, IPPROTO_GRE, NVGRE_HDR_LEN + inner_len,
			p->ip_id);
	m->outer_l2_len = RTE_ETHER_HDR_LEN;
	m->outer_l3_len = sizeof(struct rte_ipv4_hdr);
	m->ol_flags =
	    RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM;
	off += put_nvgre(buf + off, p->flow);
	off += put_eth(buf + off, &a->src_mac, &a->dst_mac,
		       f->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	m->l2_len = NVGRE_HDR_LEN + RTE_ETHER_HDR_LEN;
	return off;
}

uint16_t headers_build(uint8_t *buf, struct rte_mbuf *m, const struct flow_spec *f,
		       const struct headers_addr *a, const struct headers_pkt *p)
{
	uint16_t off;

	m->ol_flags = 0;
	m->outer_l2_len = 0;
	m->outer_l3_len = 0;
	if (f->kind == FLOW_VXLAN) {
		off = build_vxlan_outer(buf, m, f, a, p);
	} else if (f->kind == FLOW_NVGRE) {
		off = build_nvgre_outer(buf, m, f, a, p);
	} else {
		off = put_eth(buf, &a->src_mac, &a->dst_mac,
			      f->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
		m->l2_len = RTE_ETHER_HDR_LEN;
	}
	off += build_inner(buf + off, m, f, a, p);
	put_outer_udp_phdr(buf, m); /* needs build_inner's TSO flag; no-op unless asked */
	return off;
}
