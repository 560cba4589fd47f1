/* SPDX-License-Identifier: BSD-3-Clause */
/* Transmit header parser: validate the offload metadata against the bytes. */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include "taskoff_sctp.h"
#include "taskoff_tunnel_hdr.h"
#include "taskoff_tx_parse.h"

#define IPV6_HDR_LEN	40u
#define IPV4_MIN_HDR	20u
#define TCP_MIN_HDR	20u
#define UDP_HDR		8u
#define ETHER_HDR	14u
#define IPV6_NH_HOPOPTS 0u
#define IPV6_NH_ROUTING 43u
#define IPV6_NH_FRAG	44u
#define IPV6_NH_DSTOPTS 60u
#define IPV6_RT_TYPE0	0u
#define IPV6_RT_TYPE2	2u
#define IPV6_RT_SRH	4u

static const char *const reason_names[TASKOFF_TX_REASON_MAX] = {
    [TASKOFF_TX_OK] = "ok",
    [TASKOFF_TX_BAD_FLAGS] = "bad_flags",
    [TASKOFF_TX_BAD_LENGTH] = "bad_length",
    [TASKOFF_TX_HDR_TOO_LONG] = "hdr_too_long",
    [TASKOFF_TX_BAD_IHL] = "bad_ihl",
    [TASKOFF_TX_IP_VERSION_MISMATCH] = "ip_version_mismatch",
    [TASKOFF_TX_L4_PROTO_MISMATCH] = "l4_proto_mismatch",
    [TASKOFF_TX_TCP_DOFF_MISMATCH] = "tcp_doff_mismatch",
    [TASKOFF_TX_IPV6_EXT_TOO_LONG] = "ipv6_ext_too_long",
    [TASKOFF_TX_IPV6_EXT_BAD] = "ipv6_ext_bad",
    [TASKOFF_TX_IPV6_FRAGMENT] = "ipv6_fragment",
    [TASKOFF_TX_IP_FRAGMENT] = "ip_fragment",
    [TASKOFF_TX_TSO_SEGSZ_ZERO] = "tso_segsz_zero",
    [TASKOFF_TX_TCP_FLAGS] = "tcp_flags",
    [TASKOFF_TX_BAD_GRE] = "bad_gre",
    [TASKOFF_TX_UNSUPPORTED] = "offload_unsupported",
    [TASKOFF_TX_OFFLOAD_DISABLED] = "offload_disabled",
    [TASKOFF_TX_TOO_BIG] = "too_big",
    [TASKOFF_TX_TOO_FEW_SEGMENTS] = "too_few_segments",
    [TASKOFF_TX_TOO_MANY_SEGMENTS] = "too_many_segments",
    [TASKOFF_TX_BAD_VXLAN] = "bad_vxlan",
    [TASKOFF_TX_VXLAN_PORT_MISMATCH] = "vxlan_port_mismatch",
};

const char *taskoff_tx_reason_name(enum taskoff_tx_reason r)
{
	if ((unsigned int)r >= TASKOFF_TX_REASON_MAX)
		return NULL;
	return reason_names[r];
}

/* The bytes we may look at: min(pkt_len, TASKOFF_TX_MAX_HDR_LEN) of them. */
struct parse_view {
	const uint8_t *b;
	uint32_t avail;
	uint32_t pkt_len;
};

/* Is [0, end) readable? Past the packet is a lie; past our window is too long. */
static enum taskoff_tx_reason need(const struct parse_view *v, uint32_t end)
{
	if (end > v->pkt_len)
		return TASKOFF_TX_BAD_LENGTH;
	if (end > v->avail)
		return TASKOFF_TX_HDR_TOO_LONG;
	return TASKOFF_TX_OK;
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Which tunnel the flags name; the outer flags must say one IP version. */
static enum taskoff_tx_reason decode_tunnel(uint64_t f, struct taskoff_tx_desc *d)
{
	uint64_t tunnel = f & RTE_MBUF_F_TX_TUNNEL_MASK;
	bool o4 = f & RTE_MBUF_F_TX_OUTER_IPV4, o6 = f & RTE_MBUF_F_TX_OUTER_IPV6;

	if (tunnel == 0)
		return (f & (RTE_MBUF_F_TX_OUTER_IP_CKSUM | RTE_MBUF_F_TX_OUTER_UDP_CKSUM))
			   ? TASKOFF_TX_BAD_FLAGS
			   : TASKOFF_TX_OK;
	d->tunnel =
	    tunnel == RTE_MBUF_F_TX_TUNNEL_GRE ? TASKOFF_TUNNEL_NVGRE : TASKOFF_TUNNEL_VXLAN;
	if (o4 == o6 || ((f & RTE_MBUF_F_TX_OUTER_IP_CKSUM) && !o4) ||
	    (d->tunnel == TASKOFF_TUNNEL_NVGRE && (f & RTE_MBUF_F_TX_OUTER_UDP_CKSUM)))
		return TASKOFF_TX_BAD_FLAGS;
	d->ops |= TASKOFF_TX_OP_TUNNEL;
	if (f & RTE_MBUF_F_TX_OUTER_IP_CKSUM)
		d->ops |= TASKOFF_TX_OP_OUTER_IP_CKSUM;
	/* a zero UDP checksum is illegal over IPv6: always computed there */
	if (d->tunnel == TASKOFF_TUNNEL_VXLAN && ((f & RTE_MBUF_F_TX_OUTER_UDP_CKSUM) || o6))
		d->ops |= TASKOFF_TX_OP_OUTER_UDP_CKSUM;
	return TASKOFF_TX_OK;
}

/* Which offloads the flags ask for, or why the combination makes no sense. */
static enum taskoff_tx_reason decode_flags(uint64_t f, struct taskoff_tx_desc *d)
{
	uint64_t l4 = f & RTE_MBUF_F_TX_L4_MASK, tunnel = f & RTE_MBUF_F_TX_TUNNEL_MASK;
	bool v4 = f & RTE_MBUF_F_TX_IPV4, v6 = f & RTE_MBUF_F_TX_IPV6;
	bool tso = f & RTE_MBUF_F_TX_TCP_SEG, uso = f & RTE_MBUF_F_TX_UDP_SEG;
	enum taskoff_tx_reason r;

	d->ops = 0;
	if ((tunnel != 0 && tunnel != RTE_MBUF_F_TX_TUNNEL_GRE &&
	     tunnel != RTE_MBUF_F_TX_TUNNEL_VXLAN) ||
	    (uso && tunnel == RTE_MBUF_F_TX_TUNNEL_GRE) ||
	    (l4 == RTE_MBUF_F_TX_SCTP_CKSUM && tunnel != 0))
		return TASKOFF_TX_UNSUPPORTED;
	if ((v4 && v6) || (tso && uso) || (tso && l4 == RTE_MBUF_F_TX_UDP_CKSUM) ||
	    (uso && l4 == RTE_MBUF_F_TX_TCP_CKSUM) || ((f & RTE_MBUF_F_TX_IP_CKSUM) && !v4) ||
	    ((tso || uso) && l4 == RTE_MBUF_F_TX_SCTP_CKSUM))
		return TASKOFF_TX_BAD_FLAGS;
	if ((l4 != 0 || tso || uso) && !v4 && !v6)
		return TASKOFF_TX_BAD_FLAGS;
	r = decode_tunnel(f, d);
	if (r != TASKOFF_TX_OK)
		return r;
	if (f & RTE_MBUF_F_TX_IP_CKSUM)
		d->ops |= TASKOFF_TX_OP_IP_CKSUM;
	if (l4 != 0)
		d->ops |= TASKOFF_TX_OP_L4_CKSUM;
	if (tso)
		d->ops |= TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_L4_CKSUM;
	if (uso)
		d->ops |= TASKOFF_TX_OP_USO | TASKOFF_TX_OP_L4_CKSUM;
	/* VXLAN/IPv4 without an outer UDP checksum: the inner bytes change, an old one would lie */
	if (d->tunnel == TASKOFF_TUNNEL_VXLAN && !(d->ops & TASKOFF_TX_OP_OUTER_UDP_CKSUM) &&
	    (d->ops & (TASKOFF_TX_OP_IP_CKSUM | TASKOFF_TX_OP_L4_CKSUM)))
		d->ops |= TASKOFF_TX_OP_OUTER_UDP_ZERO;
	return TASKOFF_TX_OK;
}

static enum taskoff_tx_reason parse_ipv4(const struct parse_view *v, struct taskoff_tx_l3 *l3)
{
	const uint8_t *ip;
	enum taskoff_tx_reason r = need(v, (uint32_t)l3->off + IPV4_MIN_HDR);
	unsigned int ihl;

	if (r != TASKOFF_TX_OK)
		return r;
	ip = v->b + l3->off;
	if ((ip[0] >> 4) != 4)
		return TASKOFF_TX_IP_VERSION_MISMATCH;
	ihl = ip[0] & 0xf;
	if (ihl < 5 || l3->len != ihl * 4)
		return TASKOFF_TX_BAD_IHL;
	r = need(v, (uint32_t)l3->off + l3->len);
	if (r != TASKOFF_TX_OK)
		return r;
	l3->proto = ip[9];
	return TASKOFF_TX_OK;
}

/* Where the pseudo-header destination lives when a routing header still has hops to go. */
static enum taskoff_tx_reason routing_final_dst(const struct parse_view *v, uint32_t pos,
						uint32_t len, struct taskoff_tx_l3 *l3)
{
	const uint8_t *rh = v->b + pos;
	unsigned int hdr_ext = rh[1];

	if (len < 8 || rh[3] == 0) /* no segments left: the IPv6 destination is final */
		return TASKOFF_TX_OK;
	switch (rh[2]) {
	case IPV6_RT_TYPE0: /* addresses in path order: the last one is final */
		if (hdr_ext < 2 || (hdr_ext & 1))
			return TASKOFF_TX_IPV6_EXT_BAD;
		l3->final_dst_off = (uint16_t)(pos + 8 + 16 * (hdr_ext / 2 - 1));
		return TASKOFF_TX_OK;
	case IPV6_RT_TYPE2: /* one home address */
		if (hdr_ext != 2)
			return TASKOFF_TX_IPV6_EXT_BAD;
		l3->final_dst_off = (uint16_t)(pos + 8);
		return TASKOFF_TX_OK;
	case IPV6_RT_SRH: /* RFC 8754: segment list[0] is the last segment */
		if (hdr_ext < 2)
			return TASKOFF_TX_IPV6_EXT_BAD;
		l3->final_dst_off = (uint16_t)(pos + 8);
		return TASKOFF_TX_OK;
	default:
		return TASKOFF_TX_IPV6_EXT_BAD;
	}
}

/* Walk hop-by-hop, routing and destination options up to l3->len (at most 128 bytes). */
static enum taskoff_tx_reason walk_ipv6_ext(const struct parse_view *v, struct taskoff_tx_l3 *l3)
{
	uint32_t pos = (uint32_t)l3->off + IPV6_HDR_LEN, end = (uint32_t)l3->off + l3->len;
	uint8_t nh = v->b[l3->off + 6];
	enum taskoff_tx_reason r;

	while (pos < end) {
		uint32_t len;

		if (nh == IPV6_NH_FRAG)
			return TASKOFF_TX_IPV6_FRAGMENT;
		if (nh != IPV6_NH_HOPOPTS && nh != IPV6_NH_ROUTING && nh != IPV6_NH_DSTOPTS)
			return TASKOFF_TX_IPV6_EXT_BAD;
		r = need(v, pos + 2);
		if (r != TASKOFF_TX_OK)
			return r;
		len = (v->b[pos + 1] + 1u) * 8u;
		if (pos + len - l3->off - IPV6_HDR_LEN > TASKOFF_TX_MAX_IPV6_EXT_LEN)
			return TASKOFF_TX_IPV6_EXT_TOO_LONG;
		if (pos + len > end)
			return TASKOFF_TX_IPV6_EXT_BAD;
		if (nh == IPV6_NH_ROUTING) {
			r = routing_final_dst(v, pos, len, l3);
			if (r != TASKOFF_TX_OK)
				return r;
		}
		nh = v->b[pos];
		pos += len;
	}
	if (nh == IPV6_NH_FRAG)
		return TASKOFF_TX_IPV6_FRAGMENT;
	l3->proto = nh;
	return TASKOFF_TX_OK;
}

static enum taskoff_tx_reason parse_ipv6(const struct parse_view *v, struct taskoff_tx_l3 *l3)
{
	enum taskoff_tx_reason r = need(v, (uint32_t)l3->off + IPV6_HDR_LEN);

	if (r != TASKOFF_TX_OK)
		return r;
	if ((v->b[l3->off] >> 4) != 6)
		return TASKOFF_TX_IP_VERSION_MISMATCH;
	if (l3->len < IPV6_HDR_LEN)
		return TASKOFF_TX_BAD_LENGTH;
	if (l3->len - IPV6_HDR_LEN > TASKOFF_TX_MAX_IPV6_EXT_LEN)
		return TASKOFF_TX_IPV6_EXT_TOO_LONG;
	r = need(v, (uint32_t)l3->off + l3->len);
	if (r != TASKOFF_TX_OK)
		return r;
	l3->final_dst_off = (uint16_t)(l3->off + 24);
	return walk_ipv6_ext(v, l3);
}

static enum taskoff_tx_reason parse_l3(const struct parse_view *v, struct taskoff_tx_l3 *l3)
{
	return l3->ipv4 ? parse_ipv4(v, l3) : parse_ipv6(v, l3);
}

/* NVGRE only: K set, C/R/S clear, recursion and version 0, protocol 0x6558. */
static enum taskoff_tx_reason parse_nvgre(const struct parse_view *v, uint32_t off, uint32_t l2_len)
{
	enum taskoff_tx_reason r = need(v, off + TASKOFF_NVGRE_HDR_LEN);

	if (r != TASKOFF_TX_OK)
		return r;
	if (rd16(v->b + off) != TASKOFF_GRE_FLAG_K || rd16(v->b + off + 2) != TASKOFF_GRE_PROTO_TEB)
		return TASKOFF_TX_BAD_GRE;
	if (l2_len < TASKOFF_NVGRE_HDR_LEN + ETHER_HDR)
		return TASKOFF_TX_BAD_GRE;
	return TASKOFF_TX_OK;
}

/* IPv4 MF set or a fragment offset: such a packet can be neither segmented nor L4-summed. */
static bool ipv4_is_fragment(const struct parse_view *v, const struct taskoff_tx_l3 *l3)
{
	return l3->ipv4 && (rd16(v->b + l3->off + 6) & 0x3fff) != 0;
}

/* IP-layer length of an L3 header's payload, as the header itself states it. */
static uint32_t l3_stated_end(const struct parse_view *v, const struct taskoff_tx_l3 *l3)
{
	const uint8_t *ip = v->b + l3->off;

	if (l3->ipv4)
		return (uint32_t)l3->off + rd16(ip + 2);
	return (uint32_t)l3->off + IPV6_HDR_LEN + rd16(ip + 4);
}

/* SCTP checksum: the common header is all we need to see; l4_len may say 0 or 12. */
static enum taskoff_tx_reason parse_sctp_hdr(const struct parse_view *v, const struct rte_mbuf *m,
					     struct taskoff_tx_desc *d)
{
	if (d->inner.proto != IPPROTO_SCTP)
		return TASKOFF_TX_L4_PROTO_MISMATCH;
	if (m->l4_len != 0 && m->l4_len != TASKOFF_SCTP_HDR_LEN)
		return TASKOFF_TX_BAD_LENGTH;
	d->l4_hdr_len = TASKOFF_SCTP_HDR_LEN;
	return need(v, (uint32_t)d->l4_off + TASKOFF_SCTP_HDR_LEN);
}

static enum taskoff_tx_reason parse_l4_hdr(const struct parse_view *v, const struct rte_mbuf *m,
					   struct taskoff_tx_desc *d)
{
	uint64_t l4 = m->ol_flags & RTE_MBUF_F_TX_L4_MASK;
	bool want_tcp = (d->ops & TASKOFF_TX_OP_TSO) || l4 == RTE_MBUF_F_TX_TCP_CKSUM;
	uint8_t proto = want_tcp ? IPPROTO_TCP : IPPROTO_UDP;
	enum taskoff_tx_reason r;

	if (l4 == RTE_MBUF_F_TX_SCTP_CKSUM)
		return parse_sctp_hdr(v, m, d);
	if (d->inner.proto != proto)
		return TASKOFF_TX_L4_PROTO_MISMATCH;
	if (!want_tcp) {
		if (m->l4_len != 0 && m->l4_len != UDP_HDR)
			return TASKOFF_TX_BAD_LENGTH;
		d->l4_hdr_len = UDP_HDR;
		return need(v, (uint32_t)d->l4_off + UDP_HDR);
	}
	r = need(v, (uint32_t)d->l4_off + TCP_MIN_HDR);
	if (r != TASKOFF_TX_OK)
		return r;
	d->l4_hdr_len = (uint16_t)((v->b[d->l4_off + 12] >> 4) * 4);
	/* l4_len is mandatory for segmentation, optional for a checksum request */
	if (d->l4_hdr_len < TCP_MIN_HDR ||
	    ((m->l4_len != 0 || (d->ops & TASKOFF_TX_OP_TSO)) && m->l4_len != d->l4_hdr_len))
		return TASKOFF_TX_TCP_DOFF_MISMATCH;
	return need(v, (uint32_t)d->l4_off + d->l4_hdr_len);
}

/* Segmentation: the payload is everything after the headers; lengths are rebuilt per segment. */
static enum taskoff_tx_reason size_segmentation(const struct parse_view *v,
						const struct rte_mbuf *m, struct taskoff_tx_desc *d)
{
	uint32_t first_ip = (d->ops & TASKOFF_TX_OP_TUNNEL) ? d->outer.off : d->inner.off;
	uint32_t seg_payload;

	if (m->tso_segsz == 0)
		return TASKOFF_TX_TSO_SEGSZ_ZERO;
	if (ipv4_is_fragment(v, &d->inner) ||
	    ((d->ops & TASKOFF_TX_OP_TUNNEL) && ipv4_is_fragment(v, &d->outer)))
		return TASKOFF_TX_IP_FRAGMENT;
	d->mss = m->tso_segsz;
	d->payload_len = v->pkt_len - d->hdr_len;
	d->l4_total = v->pkt_len - d->l4_off;
	d->nb_segs = (d->payload_len + d->mss - 1) / d->mss;
	seg_payload = RTE_MIN((uint32_t)d->mss, d->payload_len);
	/* the biggest segment must still have a legal IP length field */
	if (d->hdr_len - first_ip + seg_payload > UINT16_MAX)
		return TASKOFF_TX_TOO_BIG;
	return TASKOFF_TX_OK;
}

/* Checksum only: the L4 segment is what the IP header says, padding excluded. */
static enum taskoff_tx_reason size_checksum(const struct parse_view *v, struct taskoff_tx_desc *d)
{
	uint32_t end = l3_stated_end(v, &d->inner);

	if (ipv4_is_fragment(v, &d->inner))
		return TASKOFF_TX_IP_FRAGMENT;
	if (end > v->pkt_len || end < (uint32_t)d->l4_off + d->l4_hdr_len)
		return TASKOFF_TX_BAD_LENGTH;
	d->l4_total = end - d->l4_off;
	if (d->inner.proto == IPPROTO_UDP && rd16(v->b + d->l4_off + 4) != d->l4_total)
		return TASKOFF_TX_BAD_LENGTH;
	d->payload_len = d->l4_total - d->l4_hdr_len;
	d->nb_segs = 1;
	return TASKOFF_TX_OK;
}

/* IP lengths stated by the headers must stay inside the packet. */
static enum taskoff_tx_reason check_stated_lengths(const struct parse_view *v,
						   const struct taskoff_tx_l3 *l3)
{
	uint32_t end = l3_stated_end(v, l3);

	return (end > v->pkt_len || end < (uint32_t)l3->off + l3->len) ? TASKOFF_TX_BAD_LENGTH
								       : TASKOFF_TX_OK;
}

/* IP checksum only: the frame carries what the IP header states after our header block. */
static enum taskoff_tx_reason size_ip_only(const struct parse_view *v, struct taskoff_tx_desc *d,
					   const struct taskoff_tx_l3 *l3)
{
	uint32_t end = l3_stated_end(v, l3);

	if (end > v->pkt_len || end < d->hdr_len)
		return TASKOFF_TX_BAD_LENGTH;
	d->payload_len = end - d->hdr_len;
	return TASKOFF_TX_OK;
}

/*
 * VXLAN: outer UDP (RFC 7348), then the 8-byte VXLAN header with the I flag.
 * The destination port is policy (cfg->vxlan_port), checked in taskoff_tunnel.c.
 */
static enum taskoff_tx_reason
parse_vxlan(const struct parse_view *v, const struct taskoff_tx_desc *d, uint32_t l2_len, bool seg)
{
	uint32_t off = d->encap_off;
	enum taskoff_tx_reason r = need(v, off + TASKOFF_VXLAN_ENCAP_LEN);

	if (r != TASKOFF_TX_OK)
		return r;
	if (!(v->b[off + UDP_HDR] & TASKOFF_VXLAN_FLAG_I) ||
	    l2_len < TASKOFF_VXLAN_ENCAP_LEN + ETHER_HDR)
		return TASKOFF_TX_BAD_VXLAN;
	/* segmentation rewrites the UDP length; a checksum request relies on it */
	if (!seg && rd16(v->b + off + 4) != l3_stated_end(v, &d->outer) - off)
		return TASKOFF_TX_BAD_LENGTH;
	return TASKOFF_TX_OK;
}

/* The outer IP protocol of each tunnel kind, and what a header of the wrong kind is called. */
static bool outer_proto_ok(const struct taskoff_tx_desc *d)
{
	return d->outer.proto == (d->tunnel == TASKOFF_TUNNEL_NVGRE ? IPPROTO_GRE : IPPROTO_UDP);
}

static enum taskoff_tx_reason bad_encap(const struct taskoff_tx_desc *d)
{
	return d->tunnel == TASKOFF_TUNNEL_NVGRE ? TASKOFF_TX_BAD_GRE : TASKOFF_TX_BAD_VXLAN;
}

/*
 * Tunnel: outer IP (protocol GRE or UDP), the encapsulation header (NVGRE:
 * GRE, VXLAN: UDP + VXLAN); returns where the inner IP header starts
 * (l2_len counts the encapsulation header and the inner Ethernet header).
 */
static enum taskoff_tx_reason parse_outer(const struct parse_view *v, const struct rte_mbuf *m,
					  struct taskoff_tx_desc *d, uint32_t *inner_off)
{
	bool seg = d->ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO);
	enum taskoff_tx_reason r;

	d->outer.off = m->outer_l2_len;
	d->outer.len = m->outer_l3_len;
	d->outer.ipv4 = (m->ol_flags & RTE_MBUF_F_TX_OUTER_IPV4) != 0;
	if (m->outer_l2_len < ETHER_HDR)
		return TASKOFF_TX_BAD_LENGTH;
	r = parse_l3(v, &d->outer);
	if (r != TASKOFF_TX_OK)
		return r;
	if (!outer_proto_ok(d))
		return bad_encap(d);
	/* segmentation rewrites the outer length; a checksum request relies on it */
	if (!seg && (r = check_stated_lengths(v, &d->outer)) != TASKOFF_TX_OK)
		return r;
	d->encap_off = (uint16_t)(d->outer.off + d->outer.len);
	d->encap_len = (uint16_t)(d->tunnel == TASKOFF_TUNNEL_NVGRE ? TASKOFF_NVGRE_HDR_LEN
								    : TASKOFF_VXLAN_ENCAP_LEN);
	if (d->tunnel == TASKOFF_TUNNEL_NVGRE)
		r = parse_nvgre(v, d->encap_off, m->l2_len);
	else
		r = parse_vxlan(v, d, m->l2_len, seg);
	*inner_off = (uint32_t)d->encap_off + m->l2_len;
	return r;
}

static enum taskoff_tx_reason parse_layers(const struct parse_view *v, const struct rte_mbuf *m,
					   struct taskoff_tx_desc *d)
{
	bool seg = d->ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO);
	uint32_t l3_off = m->l2_len;
	enum taskoff_tx_reason r;

	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		r = parse_outer(v, m, d, &l3_off);
	else
		r = m->l2_len < ETHER_HDR ? TASKOFF_TX_BAD_LENGTH : TASKOFF_TX_OK;
	if (r != TASKOFF_TX_OK)
		return r;
	r = need(v, l3_off);
	if (r != TASKOFF_TX_OK)
		return r;
	d->hdr_len = (uint16_t)l3_off;
	if (!(d->ops & (TASKOFF_TX_OP_IP_CKSUM | TASKOFF_TX_OP_L4_CKSUM)))
		return size_ip_only(v, d, &d->outer); /* outer checksum only */
	d->inner.off = (uint16_t)l3_off;
	d->inner.len = m->l3_len;
	d->inner.ipv4 = (m->ol_flags & RTE_MBUF_F_TX_IPV4) != 0;
	r = parse_l3(v, &d->inner);
	if (r != TASKOFF_TX_OK)
		return r;
	d->hdr_len = (uint16_t)(d->inner.off + d->inner.len);
	if (!(d->ops & TASKOFF_TX_OP_L4_CKSUM))
		return size_ip_only(v, d, &d->inner);
	d->l4_off = d->hdr_len;
	r = parse_l4_hdr(v, m, d);
	if (r != TASKOFF_TX_OK)
		return r;
	d->hdr_len = (uint16_t)(d->l4_off + d->l4_hdr_len);
	return seg ? size_segmentation(v, m, d) : size_checksum(v, d);
}

/* data_len of the segments adds up to pkt_len within nb_segs links: walking the chain is safe. */
static bool chain_is_consistent(const struct rte_mbuf *m)
{
	const struct rte_mbuf *seg = m;
	uint64_t total = 0;
	uint16_t n;

	for (n = 0; n < m->nb_segs && seg != NULL; n++, seg = seg->next)
		total += seg->data_len;
	return seg == NULL && n == m->nb_segs && total == m->pkt_len;
}

enum taskoff_tx_reason taskoff_tx_parse(const struct rte_mbuf *m, struct taskoff_tx_desc *d,
					uint8_t copy[TASKOFF_TX_MAX_HDR_LEN])
{
	struct parse_view v;
	enum taskoff_tx_reason r;

	memset(d, 0, sizeof(*d));
	d->nb_segs = 1;
	r = decode_flags(m->ol_flags, d);
	if (r != TASKOFF_TX_OK || d->ops == 0)
		return r;
	if (!chain_is_consistent(m))
		return TASKOFF_TX_BAD_LENGTH;
	v.pkt_len = m->pkt_len;
	v.avail = RTE_MIN(m->pkt_len, TASKOFF_TX_MAX_HDR_LEN);
	v.b = rte_pktmbuf_read(m, 0, v.avail, copy);
	if (v.b == NULL) /* the chain holds less data than pkt_len says */
		return TASKOFF_TX_BAD_LENGTH;
	d->hdr = v.b;
	return parse_layers(&v, m, d);
}
