/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame builder for the steering tests (see steer_pkt.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "steer_pkt.h"

static void pkt_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void pkt_put32(uint8_t *p, uint32_t v)
{
	pkt_put16(p, v >> 16);
	pkt_put16(p + 2, v & 0xffff);
}

static void pkt_addr(int version, const char *text, uint8_t *out)
{
	if (inet_pton(version == 4 ? AF_INET : AF_INET6, text, out) != 1)
		abort();
}

/* TCP (20 bytes, ACK), UDP (8 bytes) or ICMP echo (8 bytes) header; 0 for other protocols. */
static size_t pkt_l4(uint8_t *out, const struct pkt_ip_spec *s, size_t payload_len)
{
	if (s->proto == IPPROTO_TCP) {
		memset(out, 0, 20);
		pkt_put16(out, s->sport);
		pkt_put16(out + 2, s->dport);
		pkt_put32(out + 4, 1000);
		out[12] = 5 << 4;
		out[13] = RTE_TCP_ACK_FLAG;
		pkt_put16(out + 14, 8192);
		return 20;
	}
	if (s->proto == IPPROTO_UDP) {
		pkt_put16(out, s->sport);
		pkt_put16(out + 2, s->dport);
		pkt_put16(out + 4, (uint16_t)(8 + payload_len));
		pkt_put16(out + 6, 0);
		return 8;
	}
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6) {
		memset(out, 0, 8);
		out[0] = s->proto == IPPROTO_ICMP ? 8 : 128; /* echo request */
		return 8;
	}
	return 0;
}

static size_t pkt_ipv4_hdr(uint8_t *out, const struct pkt_ip_spec *s, size_t l4_len)
{
	struct rte_ipv4_hdr *h = (struct rte_ipv4_hdr *)out;

	memset(h, 0, sizeof(*h));
	h->version_ihl = 0x45;
	h->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*h) + l4_len));
	h->packet_id = rte_cpu_to_be_16(0x1234);
	h->fragment_offset = rte_cpu_to_be_16(s->v4_frag);
	h->time_to_live = 64;
	h->next_proto_id = s->proto;
	pkt_addr(4, s->src, (uint8_t *)&h->src_addr);
	pkt_addr(4, s->dst, (uint8_t *)&h->dst_addr);
	h->hdr_checksum = rte_ipv4_cksum(h);
	return sizeof(*h);
}

/* IPv6 header then 8-byte extension headers of the listed types; the last one
 * names s->proto as its next header. */
static size_t pkt_ipv6_hdr(uint8_t *out, const struct pkt_ip_spec *s, size_t l4_len)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)out;
	size_t ext_len = 8 * s->v6_nb_ext;
	unsigned int i;
	uint8_t *e;

	memset(out, 0, sizeof(*h) + ext_len);
	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16((uint16_t)(ext_len + l4_len));
	h->proto = s->v6_nb_ext ? s->v6_ext[0] : s->proto;
	h->hop_limits = 64;
	pkt_addr(6, s->src, h->src_addr);
	pkt_addr(6, s->dst, h->dst_addr);
	for (i = 0; i < s->v6_nb_ext; i++) {
		e = out + sizeof(*h) + 8 * i;
		e[0] = i + 1 < s->v6_nb_ext ? s->v6_ext[i + 1] : s->proto;
		e[1] = 0; /* (0 + 1) * 8 bytes; fragment header: offset 0, M set below */
		if (s->v6_ext[i] == IPPROTO_FRAGMENT)
			e[3] = 1;
	}
	return sizeof(*h) + ext_len;
}

size_t pkt_ip(uint8_t *out, const struct pkt_ip_spec *s, const uint8_t *payload, size_t payload_len)
{
	uint8_t l4[64];
	size_t l4_hdr = pkt_l4(l4, s, payload_len);
	size_t l3;

	if (s->version == 4)
		l3 = pkt_ipv4_hdr(out, s, l4_hdr + payload_len);
	else
		l3 = pkt_ipv6_hdr(out, s, l4_hdr + payload_len);
	memcpy(out + l3, l4, l4_hdr);
	if (payload_len)
		memcpy(out + l3 + l4_hdr, payload, payload_len);
	return l3 + l4_hdr + payload_len;
}

size_t pkt_eth(uint8_t *out, const char *dst_mac, const uint16_t *vlans, unsigned int nb_vlans,
	       uint16_t ether_type, const uint8_t *l3, size_t l3_len)
{
	struct rte_ether_addr dst;
	size_t off = 2 * RTE_ETHER_ADDR_LEN;
	unsigned int i;

	if (rte_ether_unformat_addr(dst_mac, &dst) != 0)
		abort();
	memcpy(out, dst.addr_bytes, RTE_ETHER_ADDR_LEN);
	memcpy(out + RTE_ETHER_ADDR_LEN, "\x02\x00\x00\x00\x00\x01", RTE_ETHER_ADDR_LEN);
	for (i = 0; i < nb_vlans; i++, off += 4) {
		pkt_put16(out + off,
			  nb_vlans > 1 && i == 0 ? RTE_ETHER_TYPE_QINQ : RTE_ETHER_TYPE_VLAN);
		pkt_put16(out + off + 2, vlans[i]);
	}
	pkt_put16(out + off, ether_type);
	off += 2;
	memcpy(out + off, l3, l3_len);
	return off + l3_len;
}

size_t pkt_gre(uint8_t *out, uint16_t flags, uint16_t proto, uint32_t vsid, uint8_t flow_id,
	       const uint8_t *inner, size_t inner_len)
{
	pkt_put16(out, flags);
	pkt_put16(out + 2, proto);
	pkt_put32(out + 4, vsid << 8 | flow_id);
	memcpy(out + 8, inner, inner_len);
	return 8 + inner_len;
}

size_t pkt_nvgre(uint8_t *out, const char *outer_mac, struct pkt_ip_spec outer, uint32_t vsid,
		 const uint8_t *inner, size_t inner_len)
{
	uint8_t gre[PKT_MAX], l3[PKT_MAX];
	size_t gre_len, l3_len;

	gre_len = pkt_gre(gre, 0x2000, RTE_ETHER_TYPE_TEB, vsid, 0x5a, inner, inner_len);
	outer.proto = IPPROTO_GRE;
	l3_len = pkt_ip(l3, &outer, gre, gre_len);
	return pkt_eth(out, outer_mac, NULL, 0,
		       outer.version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6, l3, l3_len);
}

size_t pkt_vxlan_hdr(uint8_t *out, uint8_t flags, uint32_t vni, const uint8_t *inner,
		     size_t inner_len)
{
	memset(out, 0, 8);
	out[0] = flags;
	pkt_put32(out + 4, vni << 8);
	memcpy(out + 8, inner, inner_len);
	return 8 + inner_len;
}

size_t pkt_vxlan(uint8_t *out, const char *outer_mac, struct pkt_ip_spec outer, uint32_t vni,
		 const uint8_t *inner, size_t inner_len)
{
	uint8_t vxlan[PKT_MAX], l3[PKT_MAX];
	size_t vxlan_len, l3_len;

	vxlan_len = pkt_vxlan_hdr(vxlan, 0x08, vni, inner, inner_len);
	outer.proto = IPPROTO_UDP;
	l3_len = pkt_ip(l3, &outer, vxlan, vxlan_len);
	return pkt_eth(out, outer_mac, NULL, 0,
		       outer.version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6, l3, l3_len);
}

struct rte_mbuf *pkt_mbuf(struct rte_mempool *mp, const uint8_t *frame, size_t len, size_t seg_len)
{
	struct rte_mbuf *head = NULL, *seg;
	size_t off = 0, n;
	char *dst;

	if (seg_len == 0)
		seg_len = len;
	do {
		n = len - off < seg_len ? len - off : seg_len;
		seg = rte_pktmbuf_alloc(mp);
		if (seg == NULL)
			abort();
		dst = rte_pktmbuf_append(seg, (uint16_t)n);
		if (dst == NULL)
			abort();
		memcpy(dst, frame + off, n);
		if (head == NULL)
			head = seg;
		else if (rte_pktmbuf_chain(head, seg) != 0)
			abort();
		off += n;
	} while (off < len);
	return head;
}
