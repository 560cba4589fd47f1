/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf_dyn.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "check.h"
#include "rte_pmd_taskoff.h"

#define HDR_MAX	      192 /* VXLAN, IPv6 in IPv6, TCP: 144 */
#define GRE_KEY_FLAGS 0x2000
#define NVGRE_LEN     8
#define VXLAN_FLAG_I  0x08000000u

/* What the headers of one received packet say. */
struct rx_view {
	uint8_t hdr[HDR_MAX];
	uint16_t outer_l3_off; /* tunnels only */
	uint16_t outer_l4_off; /* VXLAN only: the outer UDP header */
	uint16_t l3_off, l4_off, payload_off;
	bool nvgre, vxlan, outer_ipv6, ipv6, udp;
	uint16_t flow;
	uint32_t seq;
	uint32_t payload_len; /* as the IP header states */
};

void check_init(struct check *c, const struct flow_plan *plan, uint16_t port, uint16_t queue,
		uint16_t mtu, bool sw_csum, uint32_t sample_every)
{
	memset(c, 0, sizeof(*c));
	c->plan = plan;
	c->port = port;
	c->queue = queue;
	c->mtu = mtu;
	c->sw_csum = sw_csum;
	c->sample_every = sample_every > 1 ? sample_every : 1;
	c->rsc_info_offset = rte_pmd_taskoff_rsc_info_dynfield();
}

static bool parse_l4(struct rx_view *v, uint8_t proto, uint32_t l4_bytes)
{
	const uint8_t *l4 = v->hdr + v->l4_off;

	if (proto == IPPROTO_UDP) {
		const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)l4;

		v->udp = true;
		v->payload_off = v->l4_off + sizeof(*udp);
		v->flow = rte_be_to_cpu_16(udp->src_port) - FLOW_SRC_PORT_BASE;
		if (rte_be_to_cpu_16(udp->dgram_len) != l4_bytes || l4_bytes < sizeof(*udp))
			return false;
		v->payload_len = l4_bytes - sizeof(*udp);
		return true;
	}
	if (proto == IPPROTO_TCP) {
		const struct rte_tcp_hdr *tcp = (const struct rte_tcp_hdr *)l4;
		uint32_t doff = (uint32_t)(tcp->data_off >> 4) * 4;

		v->payload_off = (uint16_t)(v->l4_off + doff);
		v->flow = rte_be_to_cpu_16(tcp->src_port) - FLOW_SRC_PORT_BASE;
		v->seq = rte_be_to_cpu_32(tcp->sent_seq);
		if (doff < sizeof(*tcp) || doff > l4_bytes || v->payload_off > HDR_MAX)
			return false;
		v->payload_len = l4_bytes - doff;
		return true;
	}
	return false;
}

/* IPv4 at v->l3_off: no options (we never send them). Sets l4_off. */
static bool parse_ipv4(struct rx_view *v, uint8_t *proto, uint32_t *l4_bytes)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(v->hdr + v->l3_off);
	uint16_t total = rte_be_to_cpu_16(ip->total_length);

	if (ip->version_ihl != RTE_IPV4_VHL_DEF || total < sizeof(*ip))
		return false;
	*proto = ip->next_proto_id;
	*l4_bytes = total - sizeof(*ip);
	v->l4_off = v->l3_off + sizeof(*ip);
	return true;
}

static bool parse_ipv6(struct rx_view *v, uint8_t *proto, uint32_t *l4_bytes)
{
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(v->hdr + v->l3_off);

	*proto = ip->proto;
	*l4_bytes = rte_be_to_cpu_16(ip->payload_len);
	v->l4_off = v->l3_off + sizeof(*ip);
	v->ipv6 = true;
	return (rte_be_to_cpu_32(ip->vtc_flow) >> 28) == 6;
}

/* The inner Ethernet header at @p eth_off; moves l3_off behind it. */
static bool enter_tunnel(struct rx_view *v, uint16_t eth_off, uint16_t *type)
{
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)(v->hdr + eth_off);

	v->outer_l3_off = v->l3_off;
	v->outer_ipv6 = v->ipv6;
	v->ipv6 = false;
	v->l3_off = eth_off + sizeof(*eth);
	*type = rte_be_to_cpu_16(eth->ether_type);
	return true;
}

/* NVGRE: GRE with key, Ethernet inside, then IPv4. */
static bool parse_nvgre(struct rx_view *v, uint16_t *type)
{
	const uint8_t *gre = v->hdr + v->l4_off;
	uint32_t key;

	memcpy(&key, gre + 4, sizeof(key));
	if (rte_be_to_cpu_16(*(const uint16_t *)gre) != GRE_KEY_FLAGS ||
	    rte_be_to_cpu_16(*(const uint16_t *)(gre + 2)) != RTE_ETHER_TYPE_TEB ||
	    (rte_be_to_cpu_32(key) >> 8) != FLOW_NVGRE_VSID || v->ipv6)
		return false;
	v->nvgre = true;
	return enter_tunnel(v, v->l4_off + NVGRE_LEN, type) && *type == RTE_ETHER_TYPE_IPV4;
}

/* VXLAN: UDP to the VXLAN port, I flag, the plan's VNI, Ethernet inside. */
static bool parse_vxlan(struct rx_view *v, uint32_t l4_bytes, uint16_t *type)
{
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(v->hdr + v->l4_off);
	const struct rte_vxlan_hdr *vx = (const struct rte_vxlan_hdr *)(udp + 1);

	if (rte_be_to_cpu_16(udp->dgram_len) != l4_bytes ||
	    rte_be_to_cpu_32(vx->vx_flags) != VXLAN_FLAG_I ||
	    rte_be_to_cpu_32(vx->vx_vni) != FLOW_VXLAN_VNI << 8)
		return false;
	v->vxlan = true;
	v->outer_l4_off = v->l4_off;
	return enter_tunnel(v, v->l4_off + sizeof(*udp) + sizeof(*vx), type);
}

static bool is_vxlan(const struct rx_view *v, uint8_t proto)
{
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(v->hdr + v->l4_off);

	return proto == IPPROTO_UDP && rte_be_to_cpu_16(udp->dst_port) == FLOW_VXLAN_UDP_PORT;
}

static bool parse_l3(struct rx_view *v, uint16_t type, uint8_t *proto, uint32_t *l4_bytes)
{
	if (type == RTE_ETHER_TYPE_IPV4)
		return parse_ipv4(v, proto, l4_bytes);
	return type == RTE_ETHER_TYPE_IPV6 && parse_ipv6(v, proto, l4_bytes);
}

/* The outer IP; if it carries a tunnel, the tunnel and the inner IP. Then the L4. */
static bool parse_ip(struct rx_view *v, uint16_t type)
{
	uint32_t l4_bytes;
	uint8_t proto;

	if (!parse_l3(v, type, &proto, &l4_bytes))
		return false;
	if (proto == IPPROTO_GRE || is_vxlan(v, proto)) {
		bool ok =
		    proto == IPPROTO_GRE ? parse_nvgre(v, &type) : parse_vxlan(v, l4_bytes, &type);

		if (!ok || !parse_l3(v, type, &proto, &l4_bytes))
			return false;
	}
	return parse_l4(v, proto, l4_bytes);
}

static bool parse(struct rx_view *v, const struct rte_mbuf *m)
{
	const void *p;
	uint16_t len = (uint16_t)RTE_MIN(m->pkt_len, (uint32_t)HDR_MAX);

	memset(v, 0, sizeof(*v));
	p = rte_pktmbuf_read(m, 0, len, v->hdr);
	if (p == NULL || len < sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + 8)
		return false;
	if (p != v->hdr)
		memcpy(v->hdr, p, len);
	v->l3_off = sizeof(struct rte_ether_hdr);
	return parse_ip(v, rte_be_to_cpu_16(((const struct rte_ether_hdr *)v->hdr)->ether_type)) &&
	       v->payload_off <= len && v->payload_off + v->payload_len == m->pkt_len;
}

/* The packet's kind and IP version must be those of its flow. */
static const struct flow_spec *flow_of(const struct check *c, const struct rx_view *v)
{
	const struct flow_spec *f;
	uint16_t dport;

	if (v->flow >= c->plan->nb_flows)
		return NULL;
	f = &c->plan->flow[v->flow];
	dport = rte_be_to_cpu_16(*(const uint16_t *)(v->hdr + v->l4_off + 2));
	if (f->ipv6 != v->ipv6 || (f->kind == FLOW_UDP) != v->udp ||
	    (f->kind == FLOW_NVGRE) != v->nvgre || (f->kind == FLOW_VXLAN) != v->vxlan ||
	    (v->vxlan && f->outer_ipv6 != v->outer_ipv6))
		return NULL;
	if (v->vxlan && rte_be_to_cpu_16(*(const uint16_t *)(v->hdr + v->outer_l4_off)) !=
			    FLOW_VXLAN_SPORT + v->flow)
		return NULL;
	if (dport != (f->kind == FLOW_UDP     ? FLOW_DST_PORT_UDP
		      : f->kind == FLOW_NVGRE ? FLOW_DST_PORT_NVGRE
		      : f->kind == FLOW_VXLAN ? FLOW_DST_PORT_VXLAN
					      : FLOW_DST_PORT_TCP))
		return NULL;
	return f;
}

static bool payload_matches(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t flow,
			    uint64_t stream_off)
{
	const struct rte_mbuf *seg = m;

	while (seg != NULL && off >= seg->data_len) {
		off -= seg->data_len;
		seg = seg->next;
	}
	while (len > 0 && seg != NULL) {
		const uint8_t *p = rte_pktmbuf_mtod_offset(seg, const uint8_t *, off);
		uint32_t n = RTE_MIN(len, (uint32_t)(seg->data_len - off)), i;

		for (i = 0; i < n; i++)
			if (p[i] != flow_pattern_byte(flow, stream_off + i))
				return false;
		stream_off += n;
		len -= n;
		off = 0;
		seg = seg->next;
	}
	return len == 0;
}

/*
 * The payload of @p m (stream bytes [stream_off, +payload_len) of its flow)
 * against the pattern: all of it, or in sample mode the parts that belong to
 * the flow's stream packets k = 0, N, 2N... (packet k holds stream bytes
 * [k * pkt_payload, (k + 1) * pkt_payload)).
 */
static bool payload_ok(struct check *c, const struct rte_mbuf *m, const struct rx_view *v,
		       const struct flow_spec *f, uint64_t stream_off)
{
	const uint64_t size = f->pkt_payload, n = c->sample_every,
		       end = stream_off + v->payload_len;
	uint64_t k;

	if (n == 1) {
		c->stats.payload_bytes_verified += v->payload_len;
		return payload_matches(m, v->payload_off, v->payload_len, v->flow, stream_off);
	}
	for (k = (stream_off / size + n - 1) / n * n; k * size < end; k += n) {
		uint64_t lo = RTE_MAX(stream_off, k * size), hi = RTE_MIN(end, (k + 1) * size);

		c->stats.payload_bytes_verified += hi - lo;
		if (!payload_matches(m, v->payload_off + (uint32_t)(lo - stream_off),
				     (uint32_t)(hi - lo), v->flow, lo))
			return false;
	}
	return true;
}

static bool sw_csum_ok(const struct rte_mbuf *m, const struct rx_view *v);

static uint16_t outer_udp_cksum(const struct rx_view *v)
{
	return ((const struct rte_udp_hdr *)(v->hdr + v->outer_l4_off))->dgram_cksum;
}

/*
 * VXLAN's outer UDP checksum must be flagged GOOD when the sender filled it;
 * 0 over IPv4 means "not computed" and leaves nothing to validate.
 */
static bool outer_l4_good(const struct rte_mbuf *m, const struct rx_view *v)
{
	if (!v->vxlan || (outer_udp_cksum(v) == 0 && !v->outer_ipv6))
		return true;
	return (m->ol_flags & RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK) ==
	       RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD;
}

/*
 * Every layer that has a checksum must be flagged GOOD. When the port does not
 * validate (receive checksum disabled in its NDIS configuration, flags UNKNOWN),
 * the checker verifies in software instead: not validating is legal, a bad
 * checksum is not.
 */
static void check_csum_flags(struct check *c, const struct rte_mbuf *m, const struct rx_view *v)
{
	uint64_t ip = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	uint64_t l4 = m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
	bool bad =
	    l4 == RTE_MBUF_F_RX_L4_CKSUM_BAD || ip == RTE_MBUF_F_RX_IP_CKSUM_BAD ||
	    (m->ol_flags & RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD) != 0 ||
	    (m->ol_flags & RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK) == RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD;
	bool good = l4 == RTE_MBUF_F_RX_L4_CKSUM_GOOD &&
		    (v->ipv6 || ip == RTE_MBUF_F_RX_IP_CKSUM_GOOD) && outer_l4_good(m, v);

	if (bad)
		c->stats.csum_bad++;
	else if (good)
		c->stats.csum_good++;
	else {
		c->stats.csum_unchecked++;
		if (!sw_csum_ok(m, v))
			c->stats.sw_csum_errors++;
	}
}

/* Outer IPv4 header, and VXLAN's outer UDP (0 is legal over IPv4 only). */
static bool sw_outer_csum_ok(const struct rte_mbuf *m, const struct rx_view *v)
{
	const void *outer = v->hdr + v->outer_l3_off;

	if (!v->outer_ipv6 && rte_raw_cksum(outer, sizeof(struct rte_ipv4_hdr)) != 0xffff)
		return false;
	if (!v->vxlan)
		return true;
	if (outer_udp_cksum(v) == 0)
		return !v->outer_ipv6;
	if (v->outer_ipv6)
		return rte_ipv6_udptcp_cksum_mbuf_verify(m, outer, v->outer_l4_off) == 0;
	return rte_ipv4_udptcp_cksum_mbuf_verify(m, outer, v->outer_l4_off) == 0;
}

/* Recompute the checksums here, independently of the flags. */
static bool sw_csum_ok(const struct rte_mbuf *m, const struct rx_view *v)
{
	const struct rte_ipv4_hdr *ip4 = (const struct rte_ipv4_hdr *)(v->hdr + v->l3_off);

	if ((v->nvgre || v->vxlan) && !sw_outer_csum_ok(m, v))
		return false;
	if (v->ipv6)
		return rte_ipv6_udptcp_cksum_mbuf_verify(m, (const struct rte_ipv6_hdr *)ip4,
							 v->l4_off) == 0;
	return rte_raw_cksum(ip4, sizeof(*ip4)) == 0xffff &&
	       rte_ipv4_udptcp_cksum_mbuf_verify(m, ip4, v->l4_off) == 0;
}

/* SCU metadata: >= 2 segments, no dup ACK, no timestamp delta, MSS within the flow's,
 * payload within count x MSS. */
static void check_rsc(struct check *c, const struct rte_mbuf *m, const struct rx_view *v,
		      const struct flow_spec *f)
{
	const struct rte_pmd_taskoff_rsc_info *ri;
	uint16_t count;

	if (!(m->ol_flags & RTE_MBUF_F_RX_LRO)) {
		c->stats.wire_segments++;
		if (m->pkt_len > (uint32_t)c->mtu + RTE_ETHER_HDR_LEN)
			c->stats.oversize_errors++;
		return;
	}
	c->stats.scus++;
	if (c->rsc_info_offset < 0 || v->udp) {
		c->stats.rsc_errors++;
		return;
	}
	ri = RTE_MBUF_DYNFIELD(m, c->rsc_info_offset, const struct rte_pmd_taskoff_rsc_info *);
	count = ri->coalesced_seg_count;
	c->stats.wire_segments += count;
	/* gen's segments all carry data, the same ACK and no timestamp option */
	if (count < 2 || ri->dup_ack_count != 0 || ri->ts_delta != 0 || m->tso_segsz == 0 ||
	    m->tso_segsz > f->seg_payload || v->payload_len > (uint32_t)count * m->tso_segsz ||
	    v->payload_len < count)
		c->stats.rsc_errors++;
}

static void check_stream(struct check *c, const struct rte_mbuf *m, const struct rx_view *v,
			 const struct flow_spec *f)
{
	uint64_t *expect = &c->expect[v->flow];

	if (!v->udp && v->seq != (uint32_t)(f->isn + *expect)) {
		c->stats.seq_errors++;
		/* resynchronise on what arrived so one gap is one error */
		*expect += (uint32_t)(v->seq - (uint32_t)(f->isn + *expect));
	}
	if (!payload_ok(c, m, v, f, *expect))
		c->stats.payload_errors++;
	*expect += v->payload_len;
	c->stats.payload_bytes += v->payload_len;
	if (v->udp) {
		c->stats.udp_payload_bytes += v->payload_len;
		c->stats.udp_datagrams++;
	} else {
		c->stats.tcp_payload_bytes += v->payload_len;
	}
}

static void check_one(struct check *c, const struct rte_mbuf *m)
{
	const struct flow_spec *f;
	struct rx_view v;

	if (!parse(&v, m) || (f = flow_of(c, &v)) == NULL) {
		c->stats.header_errors++;
		return;
	}
	check_csum_flags(c, m, &v);
	if (c->sw_csum && !sw_csum_ok(m, &v))
		c->stats.sw_csum_errors++;
	check_rsc(c, m, &v, f);
	check_stream(c, m, &v, f);
}

void check_packets(struct check *c, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		check_one(c, pkts[i]);
	c->stats.packets += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

uint16_t check_step(struct check *c)
{
	struct rte_mbuf *pkts[CHECK_BURST];
	uint16_t n = rte_eth_rx_burst(c->port, c->queue, pkts, CHECK_BURST);

	check_packets(c, pkts, n);
	return n;
}

uint64_t check_errors(const struct check_stats *s)
{
	return s->csum_bad + s->sw_csum_errors + s->header_errors + s->seq_errors +
	       s->payload_errors + s->rsc_errors + s->oversize_errors;
}

void check_stats_add(struct check_stats *a, const struct check_stats *b)
{
	const uint64_t *src = (const uint64_t *)b;
	uint64_t *dst = (uint64_t *)a;
	size_t i;

	for (i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		dst[i] += src[i];
}
