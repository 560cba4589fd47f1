/* SPDX-License-Identifier: BSD-3-Clause */
/* Receive header parser; see taskoff_rx_parse.h. */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "taskoff_rx_parse.h"
#include "taskoff_sctp.h"
#include "taskoff_unaligned.h"

#define IPV6_EXT_HOP_BY_HOP 0
#define IPV6_EXT_ROUTING    43
#define IPV6_EXT_FRAGMENT   44
#define IPV6_EXT_DEST_OPTS  60
#define IPPROTO_GRE_NUM	    47

/* Bytes [off, off+len) of the frame, copied into buf only if they span segments. */
static const void *frame_bytes(const struct rte_mbuf *m, uint32_t off, uint32_t len, void *buf)
{
	return rte_pktmbuf_read(m, off, len, buf);
}

/* Ethernet + optional single VLAN tag. Returns the ethertype (host order) or -1. */
static int parse_l2(const struct rte_mbuf *m, uint32_t off, struct taskoff_rx_l2 *l2)
{
	struct rte_ether_hdr eth_buf;
	struct rte_vlan_hdr vlan_buf;
	const struct rte_ether_hdr *eth;
	const struct rte_vlan_hdr *vlan;
	uint16_t type;

	memset(l2, 0, sizeof(*l2));
	eth = frame_bytes(m, off, sizeof(*eth), &eth_buf);
	if (eth == NULL)
		return -1;
	l2->off = (uint16_t)off;
	l2->len = sizeof(*eth);
	type = taskoff_get_be16(TASKOFF_FIELD(eth, struct rte_ether_hdr, ether_type));
	if (type != RTE_ETHER_TYPE_VLAN)
		return type;
	vlan = frame_bytes(m, off + sizeof(*eth), sizeof(*vlan), &vlan_buf);
	if (vlan == NULL)
		return -1;
	l2->has_vlan = true;
	l2->vlan_tci = taskoff_get_be16(&vlan->vlan_tci);
	l2->len += sizeof(*vlan);
	return taskoff_get_be16(&vlan->eth_proto);
}

/* The transport header, if it fits inside the IP datagram. */
static void parse_l4(const struct rte_mbuf *m, struct taskoff_rx_l3 *l3)
{
	struct rte_tcp_hdr tcp_buf;
	struct rte_udp_hdr udp_buf;
	const struct rte_tcp_hdr *tcp;
	const struct rte_udp_hdr *udp;
	uint16_t len;

	l3->l4_valid = false;
	l3->l4_len = 0;
	if (l3->is_fragment)
		return;
	if (l3->proto == IPPROTO_TCP) {
		if (l3->l4_seg_len < sizeof(*tcp))
			return;
		tcp = frame_bytes(m, l3->l4_off, sizeof(*tcp), &tcp_buf);
		if (tcp == NULL)
			return;
		len = (uint16_t)((tcp->data_off >> 4) * 4);
		if (len < sizeof(*tcp) || len > l3->l4_seg_len)
			return;
		l3->l4_len = len;
		l3->l4_valid = true;
	} else if (l3->proto == IPPROTO_UDP) {
		if (l3->l4_seg_len < sizeof(*udp))
			return;
		udp = frame_bytes(m, l3->l4_off, sizeof(*udp), &udp_buf);
		if (udp == NULL)
			return;
		len = taskoff_get_be16(&udp->dgram_len);
		if (len < sizeof(*udp) || len > l3->l4_seg_len)
			return;
		l3->l4_seg_len = len;
		l3->l4_len = sizeof(*udp);
		l3->l4_valid = true;
	} else if (l3->proto == IPPROTO_SCTP && l3->l4_seg_len >= TASKOFF_SCTP_HDR_LEN) {
		l3->l4_len = TASKOFF_SCTP_HDR_LEN;
		l3->l4_valid = true;
	}
}

static void parse_ipv4(const struct rte_mbuf *m, uint32_t off, struct taskoff_rx_l3 *l3)
{
	struct rte_ipv4_hdr ip_buf;
	const struct rte_ipv4_hdr *ip;
	uint16_t hlen, total, frag;

	ip = frame_bytes(m, off, sizeof(*ip), &ip_buf);
	if (ip == NULL || (ip->version_ihl >> 4) != 4)
		return;
	hlen = rte_ipv4_hdr_len(ip);
	total = taskoff_get_be16(&ip->total_length);
	if (hlen < sizeof(*ip) || total < hlen || off + total > rte_pktmbuf_pkt_len(m))
		return;
	frag = taskoff_get_be16(&ip->fragment_offset);
	l3->version = 4;
	l3->proto = ip->next_proto_id;
	l3->has_options = hlen > sizeof(*ip);
	l3->is_fragment = (frag & (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0;
	l3->l3_off = (uint16_t)off;
	l3->l3_len = hlen;
	l3->l4_off = (uint16_t)(off + hlen);
	l3->l4_seg_len = total - hlen;
	memcpy(l3->src, &ip->src_addr, 4);
	memcpy(l3->dst, &ip->dst_addr, 4);
}

/* Final destination named by a routing header that still has segments left. */
static void routing_final_dst(const struct rte_mbuf *m, uint32_t off, uint32_t len,
			      struct taskoff_rx_l3 *l3)
{
	uint8_t buf[8 + 16];
	const uint8_t *rh = frame_bytes(m, off, 8, buf);
	uint32_t nb_addr;
	const uint8_t *addr;

	if (rh == NULL || rh[3] == 0 || len < 8 + 16)
		return;
	nb_addr = (len - 8) / 16;
	if (rh[2] == 0 || rh[2] == 2) /* type 0 / 2: last address is the final one */
		addr = frame_bytes(m, off + 8 + (nb_addr - 1) * 16, 16, buf + 8);
	else if (rh[2] == 4) /* segment routing: segment list [0] is the final one */
		addr = frame_bytes(m, off + 8, 16, buf + 8);
	else
		return;
	if (addr != NULL)
		memcpy(l3->dst, addr, 16);
}

/* Walk extension headers; false if they are malformed or exceed the limit. */
static bool walk_ipv6_ext(const struct rte_mbuf *m, uint32_t end, struct taskoff_rx_l3 *l3)
{
	uint8_t hdr_buf[2];
	const uint8_t *hdr;
	uint32_t off = l3->l4_off, len, walked = 0;

	for (;;) {
		if (l3->proto != IPV6_EXT_HOP_BY_HOP && l3->proto != IPV6_EXT_ROUTING &&
		    l3->proto != IPV6_EXT_DEST_OPTS && l3->proto != IPV6_EXT_FRAGMENT)
			break;
		hdr = frame_bytes(m, off, 2, hdr_buf);
		if (hdr == NULL)
			return false;
		len = l3->proto == IPV6_EXT_FRAGMENT ? 8u : (hdr[1] + 1u) * 8u;
		walked += len;
		if (walked > TASKOFF_RX_IPV6_EXT_MAX || off + len > end)
			return false;
		if (l3->proto == IPV6_EXT_FRAGMENT)
			l3->is_fragment = true;
		if (l3->proto == IPV6_EXT_ROUTING)
			routing_final_dst(m, off, len, l3);
		l3->has_options = true;
		l3->proto = hdr[0];
		off += len;
	}
	l3->l3_len = (uint16_t)(off - l3->l3_off);
	l3->l4_off = (uint16_t)off;
	l3->l4_seg_len = end - off;
	return true;
}

static void parse_ipv6(const struct rte_mbuf *m, uint32_t off, struct taskoff_rx_l3 *l3)
{
	struct rte_ipv6_hdr ip_buf;
	const struct rte_ipv6_hdr *ip;
	uint32_t end;

	ip = frame_bytes(m, off, sizeof(*ip), &ip_buf);
	if (ip == NULL || (taskoff_get_be32(&ip->vtc_flow) >> 28) != 6)
		return;
	end = off + sizeof(*ip) + taskoff_get_be16(&ip->payload_len);
	if (end > rte_pktmbuf_pkt_len(m))
		return;
	l3->proto = ip->proto;
	l3->l3_off = (uint16_t)off;
	l3->l3_len = sizeof(*ip);
	l3->l4_off = (uint16_t)(off + sizeof(*ip));
	memcpy(l3->src, ip->src_addr, 16);
	memcpy(l3->dst, ip->dst_addr, 16);
	/* A chain we cannot walk still tells us it is IPv6 with extension headers. */
	l3->version = 6;
	if (!walk_ipv6_ext(m, end, l3)) {
		l3->has_options = true;
		l3->proto = 0;
		l3->l4_seg_len = 0;
	}
}

/* IP layer (by ethertype) and its transport header. */
static void parse_l3(const struct rte_mbuf *m, int ethertype, uint32_t off,
		     struct taskoff_rx_l3 *l3)
{
	memset(l3, 0, sizeof(*l3));
	if (ethertype == RTE_ETHER_TYPE_IPV4)
		parse_ipv4(m, off, l3);
	else if (ethertype == RTE_ETHER_TYPE_IPV6)
		parse_ipv6(m, off, l3);
	if (l3->version != 0)
		parse_l4(m, l3);
}

/* Inner Ethernet + IP at @p inner_off, inside the outer datagram: false when
 * the inner Ethernet header does not fit (a malformed tunnel). */
static bool parse_inner(const struct rte_mbuf *m, uint32_t inner_off, struct taskoff_rx_parsed *p)
{
	int type = parse_l2(m, inner_off, &p->inner_l2);

	if (type < 0 || inner_off + p->inner_l2.len > p->l3.l4_off + p->l3.l4_seg_len)
		return false;
	parse_l3(m, type, inner_off + p->inner_l2.len, &p->inner_l3);
	return true;
}

/* GRE header after the outer IP layer: NVGRE or malformed. */
static void parse_gre(const struct rte_mbuf *m, struct taskoff_rx_parsed *p)
{
	uint8_t buf[TASKOFF_NVGRE_HDR_LEN];
	const uint8_t *gre;
	uint16_t flags, proto;
	uint32_t key;

	p->tun.off = p->l3.l4_off;
	p->tun.hdr_len = TASKOFF_NVGRE_HDR_LEN;
	p->tun.encap = TASKOFF_ENCAP_GRE_MAC;
	p->tun.kind = TASKOFF_RX_TUNNEL_MALFORMED;
	if (p->l3.l4_seg_len < TASKOFF_NVGRE_HDR_LEN)
		return;
	gre = frame_bytes(m, p->tun.off, sizeof(buf), buf);
	if (gre == NULL)
		return;
	flags = (uint16_t)(gre[0] << 8 | gre[1]);
	proto = (uint16_t)(gre[2] << 8 | gre[3]);
	if ((flags & (TASKOFF_GRE_FLAG_C | TASKOFF_GRE_FLAG_S | TASKOFF_GRE_VER_MASK)) != 0 ||
	    (flags & TASKOFF_GRE_FLAG_K) == 0 || proto != TASKOFF_GRE_PROTO_TEB)
		return;
	if (!parse_inner(m, p->tun.off + TASKOFF_NVGRE_HDR_LEN, p))
		return;
	key = (uint32_t)gre[4] << 24 | (uint32_t)gre[5] << 16 | (uint32_t)gre[6] << 8 | gre[7];
	p->tun.id = key >> 8;
	p->tun.flow_id = (uint8_t)key;
	p->tun.kind = TASKOFF_RX_TUNNEL_NVGRE;
}

/*
 * UDP datagram to the VXLAN port: VXLAN or malformed. RFC 7348 reserves every
 * flag but I; a frame with another flag set (VXLAN-GPE, GBP, garbage) is not
 * the VXLAN whose inner frame we could interpret, so it is malformed. The
 * reserved fields around the VNI are ignored on receipt, as the RFC says.
 */
static void parse_vxlan(const struct rte_mbuf *m, struct taskoff_rx_parsed *p)
{
	uint8_t buf[TASKOFF_VXLAN_ENCAP_LEN];
	const uint8_t *h;

	p->tun.off = p->l3.l4_off;
	p->tun.hdr_len = TASKOFF_VXLAN_ENCAP_LEN;
	p->tun.encap = TASKOFF_ENCAP_VXLAN;
	p->tun.kind = TASKOFF_RX_TUNNEL_MALFORMED;
	if (p->l3.l4_seg_len < TASKOFF_VXLAN_ENCAP_LEN)
		return;
	h = frame_bytes(m, p->tun.off, sizeof(buf), buf);
	if (h == NULL || h[8] != TASKOFF_VXLAN_FLAG_I)
		return;
	if (!parse_inner(m, p->tun.off + TASKOFF_VXLAN_ENCAP_LEN, p))
		return;
	memcpy(&p->tun.udp_sport, h, sizeof(p->tun.udp_sport));
	p->tun.id = (uint32_t)h[12] << 16 | (uint32_t)h[13] << 8 | h[14];
	p->tun.kind = TASKOFF_RX_TUNNEL_VXLAN;
}

/* Is the outer transport UDP to @p vxlan_port (0: VXLAN off)? */
static bool to_vxlan_port(const struct rte_mbuf *m, const struct taskoff_rx_l3 *l3,
			  uint16_t vxlan_port)
{
	uint16_t buf;
	const uint16_t *dport;

	if (vxlan_port == 0 || l3->proto != IPPROTO_UDP || !l3->l4_valid)
		return false;
	dport = frame_bytes(m, l3->l4_off + 2u, sizeof(buf), &buf);
	return dport != NULL && taskoff_get_be16(dport) == vxlan_port;
}

static uint32_t l3_ptype(const struct taskoff_rx_l3 *l3)
{
	if (l3->version == 4)
		return l3->has_options ? RTE_PTYPE_L3_IPV4_EXT : RTE_PTYPE_L3_IPV4;
	if (l3->version == 6)
		return l3->has_options ? RTE_PTYPE_L3_IPV6_EXT : RTE_PTYPE_L3_IPV6;
	return 0;
}

static uint32_t l4_ptype(const struct taskoff_rx_l3 *l3)
{
	if (l3->version == 0)
		return 0;
	if (l3->is_fragment)
		return RTE_PTYPE_L4_FRAG;
	if (l3->l4_valid)
		return l3->proto == IPPROTO_TCP	  ? RTE_PTYPE_L4_TCP
		       : l3->proto == IPPROTO_UDP ? RTE_PTYPE_L4_UDP
						  : RTE_PTYPE_L4_SCTP;
	if (l3->proto == IPPROTO_ICMP || l3->proto == IPPROTO_ICMPV6)
		return RTE_PTYPE_L4_ICMP;
	return 0;
}

static uint32_t l2_ptype(const struct taskoff_rx_l2 *l2)
{
	return l2->has_vlan ? RTE_PTYPE_L2_ETHER_VLAN : RTE_PTYPE_L2_ETHER;
}

/* Inner ptypes are the outer ones shifted into the INNER_* fields. */
static uint32_t inner_ptype(const struct taskoff_rx_parsed *p)
{
	uint32_t l2 =
	    p->inner_l2.has_vlan ? RTE_PTYPE_INNER_L2_ETHER_VLAN : RTE_PTYPE_INNER_L2_ETHER;
	uint32_t l3 = 0, l4 = 0;
	const struct taskoff_rx_l3 *in = &p->inner_l3;

	if (in->version == 4)
		l3 = in->has_options ? RTE_PTYPE_INNER_L3_IPV4_EXT : RTE_PTYPE_INNER_L3_IPV4;
	else if (in->version == 6)
		l3 = in->has_options ? RTE_PTYPE_INNER_L3_IPV6_EXT : RTE_PTYPE_INNER_L3_IPV6;
	switch (l4_ptype(in)) {
	case RTE_PTYPE_L4_FRAG:
		l4 = RTE_PTYPE_INNER_L4_FRAG;
		break;
	case RTE_PTYPE_L4_TCP:
		l4 = RTE_PTYPE_INNER_L4_TCP;
		break;
	case RTE_PTYPE_L4_UDP:
		l4 = RTE_PTYPE_INNER_L4_UDP;
		break;
	case RTE_PTYPE_L4_ICMP:
		l4 = RTE_PTYPE_INNER_L4_ICMP;
		break;
	}
	return l2 | l3 | l4;
}

/* Packet type bits of the tunnel header and what it carries. */
static uint32_t tunnel_ptype(const struct taskoff_rx_parsed *p)
{
	switch (p->tun.kind) {
	case TASKOFF_RX_TUNNEL_NVGRE:
		return RTE_PTYPE_TUNNEL_NVGRE | inner_ptype(p);
	case TASKOFF_RX_TUNNEL_VXLAN:
		return RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN | inner_ptype(p);
	default: /* malformed: GRE is still GRE; bad VXLAN is just UDP */
		return p->tun.encap == TASKOFF_ENCAP_GRE_MAC ? RTE_PTYPE_TUNNEL_GRE
							     : RTE_PTYPE_L4_UDP;
	}
}

/* TCP or UDP header of a plain frame, checked as parse_l4 would. */
static bool plain_l4(const uint8_t *l4, struct taskoff_rx_l3 *l3)
{
	uint16_t len;

	if (l3->proto == IPPROTO_TCP) {
		len = (uint16_t)((l4[12] >> 4) * 4);
		if (l3->l4_seg_len < sizeof(struct rte_tcp_hdr) ||
		    len < sizeof(struct rte_tcp_hdr) || len > l3->l4_seg_len)
			return false;
		l3->l4_len = len;
		return true;
	}
	len = (uint16_t)(l4[4] << 8 | l4[5]);
	if (l3->l4_seg_len < sizeof(struct rte_udp_hdr) || len < sizeof(struct rte_udp_hdr) ||
	    len > l3->l4_seg_len)
		return false;
	l3->l4_seg_len = len;
	l3->l4_len = sizeof(struct rte_udp_hdr);
	return true;
}

/*
 * The shape nearly every frame has: untagged Ethernet, IPv4 without options,
 * not a fragment, TCP or UDP (not to the VXLAN port), headers in the first
 * mbuf segment. Gives exactly
 * what the general parse gives for such a frame, with direct loads and a
 * fraction of the checks; false (nothing decided) for any other frame.
 */
static bool parse_plain_ipv4(const struct rte_mbuf *m, uint16_t vxlan_port,
			     struct taskoff_rx_parsed *p)
{
	const uint8_t *eth = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + RTE_ETHER_HDR_LEN);
	struct taskoff_rx_l3 *l3 = &p->l3;
	uint32_t hdrs = RTE_ETHER_HDR_LEN + sizeof(*ip) + sizeof(struct rte_tcp_hdr);
	uint16_t total;

	if (rte_pktmbuf_data_len(m) < hdrs || eth[12] != 0x08 || eth[13] != 0x00 ||
	    ip->version_ihl != 0x45 ||
	    (ip->next_proto_id != IPPROTO_TCP && ip->next_proto_id != IPPROTO_UDP) ||
	    (taskoff_get_be16(&ip->fragment_offset) &
	     (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0)
		return false;
	total = taskoff_get_be16(&ip->total_length);
	if (total < sizeof(*ip) || (uint32_t)RTE_ETHER_HDR_LEN + total > rte_pktmbuf_pkt_len(m))
		return false;
	memset(l3, 0, sizeof(*l3));
	l3->version = 4;
	l3->proto = ip->next_proto_id;
	l3->l3_off = RTE_ETHER_HDR_LEN;
	l3->l3_len = sizeof(*ip);
	l3->l4_off = RTE_ETHER_HDR_LEN + sizeof(*ip);
	l3->l4_seg_len = total - sizeof(*ip);
	memcpy(l3->src, &ip->src_addr, 4);
	memcpy(l3->dst, &ip->dst_addr, 4);
	if (!plain_l4((const uint8_t *)(ip + 1), l3))
		return false;
	/* UDP to the VXLAN port (0 while VXLAN is off): the general parse */
	if (unlikely(l3->proto == IPPROTO_UDP && vxlan_port != 0 &&
		     taskoff_get_be16((const uint8_t *)(ip + 1) + 2) == vxlan_port))
		return false;
	l3->l4_valid = true;
	memset(&p->l2, 0, sizeof(p->l2));
	p->l2.len = RTE_ETHER_HDR_LEN;
	p->ptype = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 |
		   (l3->proto == IPPROTO_TCP ? RTE_PTYPE_L4_TCP : RTE_PTYPE_L4_UDP);
	return true;
}

/* Field by field, not a memset of the whole ~200 bytes: the inner layers are
 * only read when the tunnel kind says so, and parse_gre / parse_vxlan fill them. */
static void no_tunnel(struct taskoff_rx_parsed *p)
{
	memset(&p->tun, 0, sizeof(p->tun));
	p->outer_verified = true;
}

void taskoff_rx_parse(const struct rte_mbuf *m, uint16_t vxlan_port, struct taskoff_rx_parsed *p)
{
	if (parse_plain_ipv4(m, vxlan_port, p))
		no_tunnel(p);
	else
		taskoff_rx_parse_general(m, vxlan_port, p);
}

void taskoff_rx_parse_general(const struct rte_mbuf *m, uint16_t vxlan_port,
			      struct taskoff_rx_parsed *p)
{
	int type;

	no_tunnel(p);
	p->ptype = 0;
	type = parse_l2(m, 0, &p->l2);
	if (type < 0) {
		memset(&p->l3, 0, sizeof(p->l3));
		return;
	}
	p->ptype = l2_ptype(&p->l2);
	parse_l3(m, type, p->l2.len, &p->l3);
	p->ptype |= l3_ptype(&p->l3);
	if (p->l3.version != 0 && !p->l3.is_fragment && p->l3.proto == IPPROTO_GRE_NUM)
		parse_gre(m, p);
	else if (to_vxlan_port(m, &p->l3, vxlan_port))
		parse_vxlan(m, p);
	p->ptype |= p->tun.kind != TASKOFF_RX_TUNNEL_NONE ? tunnel_ptype(p) : l4_ptype(&p->l3);
}

void taskoff_rx_parse_to_mbuf(const struct taskoff_rx_parsed *p, struct rte_mbuf *m)
{
	/* The lengths as one store of the whole tx_offload word (tso_segsz 0: a
	 * received frame has none until RSC sets its SCU's): setting the bit
	 * fields one by one reads the mbuf's second cache line first, a miss
	 * on every frame. */
	m->packet_type = p->ptype;
	if (taskoff_rx_tunnelled(p))
		m->tx_offload =
		    rte_mbuf_tx_offload(p->tun.hdr_len + p->inner_l2.len, p->inner_l3.l3_len,
					p->inner_l3.l4_len, 0, p->l3.l3_len, p->l2.len, 0);
	else
		m->tx_offload =
		    rte_mbuf_tx_offload(p->l2.len, p->l3.l3_len, p->l3.l4_len, 0, 0, 0, 0);
}
