/* SPDX-License-Identifier: BSD-3-Clause */
/* Packet builder and independent reference results for the tx tests. */
#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "tx_pkt.h"

static const uint8_t src6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
static const uint8_t dst6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t build_eth(uint8_t *p, uint16_t type, bool vlan)
{
	static const uint8_t macs[12] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};

	memcpy(p, macs, sizeof(macs));
	if (!vlan) {
		put16(p + 12, type);
		return RTE_ETHER_HDR_LEN;
	}
	put16(p + 12, RTE_ETHER_TYPE_VLAN);
	put16(p + 14, 0x2064); /* PCP 1, VLAN 100 */
	put16(p + 16, type);
	return RTE_ETHER_HDR_LEN + 4;
}

static uint16_t build_ipv4(uint8_t *p, uint8_t opts, uint8_t proto, uint16_t id, uint16_t frag,
			   uint32_t total, uint32_t saddr)
{
	uint16_t len = (uint16_t)(20 + opts);

	memset(p, 0, len);
	p[0] = (uint8_t)(0x40 | (len / 4));
	p[1] = 0x28; /* DSCP + ECN bits to show they are copied */
	put16(p + 2, (uint16_t)total);
	put16(p + 4, id);
	put16(p + 6, frag);
	p[8] = 64;
	p[9] = proto;
	put32(p + 12, saddr);
	put32(p + 16, saddr + 1);
	if (opts > 0) {
		memset(p + 20, 1, opts); /* NOPs ... */
		p[20 + opts - 1] = 0;	 /* ... then end of list */
	}
	put16(p + 10, tx_ref_ip4_cksum(p));
	return len;
}

static uint16_t build_ipv6(uint8_t *p, const struct tx_pkt_spec *s, uint8_t proto, uint32_t payload)
{
	memset(p, 0, 40);
	put32(p, 0x60012345); /* traffic class 0x00, flow label 0x12345 */
	put16(p + 4, (uint16_t)payload);
	p[6] = s->ext_len ? s->ext_first : proto;
	p[7] = 64;
	memcpy(p + 8, src6, 16);
	memcpy(p + 24, dst6, 16);
	if (s->ext_len)
		memcpy(p + 40, s->ext, s->ext_len);
	return (uint16_t)(40 + s->ext_len);
}

static uint16_t build_l4(uint8_t *p, const struct tx_pkt_spec *s, uint32_t l4_total)
{
	if (s->l4_proto == IPPROTO_UDP) {
		put16(p, 5000);
		put16(p + 2, 6000);
		put16(p + 4, (uint16_t)l4_total);
		put16(p + 6, 0);
		return 8;
	}
	memset(p, 0, 20);
	put16(p, 40000);
	put16(p + 2, 80);
	put32(p + 4, s->seq);
	put32(p + 8, 0x11223344);
	p[12] = (uint8_t)(((20 + s->tcp_opts_len) / 4) << 4);
	p[13] = s->tcp_flags;
	put16(p + 14, 0xfff0);
	if (s->tcp_opts_len)
		memcpy(p + 20, s->tcp_opts, s->tcp_opts_len);
	return (uint16_t)(20 + s->tcp_opts_len);
}

/* The DPDK convention: pseudo-header sum (no length for segmentation) in the L4 field. */
static void write_phdr(uint8_t *frame, const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay)
{
	uint8_t *ck = frame + lay->l4 + (s->l4_proto == IPPROTO_UDP ? 6 : 16);
	uint16_t v;

	if (!s->ipv6) {
		v = rte_ipv4_phdr_cksum((const struct rte_ipv4_hdr *)(frame + lay->l3),
					RTE_MBUF_F_TX_TCP_SEG);
	} else {
		v = rte_ipv6_phdr_cksum((const struct rte_ipv6_hdr *)(frame + lay->l3),
					RTE_MBUF_F_TX_TCP_SEG);
	}
	memcpy(ck, &v, 2);
}

void tx_pkt_build(uint8_t *buf, const struct tx_pkt_spec *s, struct tx_pkt_layout *lay)
{
	uint16_t l3_hdr = s->ipv6 ? (uint16_t)(40 + s->ext_len) : (uint16_t)(20 + s->ip_opts_len);
	uint16_t l4_hdr = s->l4_proto == IPPROTO_UDP ? 8 : (uint16_t)(20 + s->tcp_opts_len);
	uint16_t off = 0;
	uint32_t i;

	memset(lay, 0, sizeof(*lay));
	if (s->tunnel) {
		uint16_t encap = s->vxlan ? 16 : 8;
		uint8_t proto = s->vxlan ? IPPROTO_UDP : IPPROTO_GRE;
		uint32_t inner_len =
		    encap + 14 + (s->vlan ? 4 : 0) + l3_hdr + l4_hdr + s->payload_len;

		off = build_eth(buf, s->outer_ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4,
				false);
		lay->outer_l3 = off;
		if (s->outer_ipv6) {
			struct tx_pkt_spec o = {.ipv6 = true};

			off += build_ipv6(buf + off, &o, proto, inner_len);
			buf[off - 40 + 8 + 15] = 0x11; /* distinct outer addresses */
		} else {
			off += build_ipv4(buf + off, 0, proto, s->outer_id, 0x4000, 20 + inner_len,
					  0xc0a80001);
		}
		lay->outer_l3_len = (uint16_t)(off - lay->outer_l3);
		if (s->vxlan) {
			lay->outer_l4 = off;
			put16(buf + off, TX_PKT_VXLAN_SPORT);
			put16(buf + off + 2, s->vxlan_port ? s->vxlan_port : 4789);
			put16(buf + off + 4, (uint16_t)inner_len);
			put16(buf + off + 6, s->outer_udp_ck);
			put32(buf + off + 8, 0x08000000); /* I flag */
			put32(buf + off + 12, TX_PKT_VXLAN_VNI << 8);
			off += 16;
		} else {
			put16(buf + off, 0x2000);
			put16(buf + off + 2, 0x6558);
			put32(buf + off + 4, 0x00123401); /* VSID 0x1234, FlowID 1 */
			off += 8;
		}
		off += build_eth(buf + off, s->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4,
				 s->vlan);
	} else {
		off = build_eth(buf, s->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4, s->vlan);
	}
	lay->l3 = off;
	lay->l3_len = l3_hdr;
	if (s->ipv6)
		build_ipv6(buf + off, s, s->l4_proto, s->ext_len + l4_hdr + s->payload_len);
	else
		build_ipv4(buf + off, s->ip_opts_len, s->l4_proto, s->ip_id, s->ip_frag,
			   l3_hdr + l4_hdr + s->payload_len, 0x0a000001);
	off += l3_hdr;
	lay->l4 = off;
	lay->l4_len = build_l4(buf + off, s, l4_hdr + s->payload_len);
	off += lay->l4_len;
	lay->hdr_len = off;
	for (i = 0; i < s->payload_len; i++)
		buf[off + i] = (uint8_t)(i * 31 + 7 + (i >> 8));
	lay->len = off + s->payload_len;
	if (s->phdr_in_l4)
		write_phdr(buf, s, lay);
	else if (!s->zero_l4_cksum)
		put16(buf + lay->l4 + (s->l4_proto == IPPROTO_UDP ? 6 : 16), 0xdead); /* garbage */
}

struct rte_mbuf *tx_pkt_mbuf(struct rte_mempool *mp, const uint8_t *buf, uint32_t len,
			     const uint32_t *splits, unsigned int nb_splits)
{
	struct rte_mbuf *head = NULL, *last = NULL;
	uint32_t start = 0;
	unsigned int i;

	for (i = 0; i <= nb_splits; i++) {
		uint32_t end = i < nb_splits ? splits[i] : len;

		while (start < end) {
			struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
			uint32_t n = RTE_MIN(end - start, (uint32_t)rte_pktmbuf_tailroom(m));

			memcpy(rte_pktmbuf_append(m, (uint16_t)n), buf + start, n);
			if (head == NULL) {
				head = m;
			} else {
				last->next = m;
				head->nb_segs++;
				head->pkt_len += n;
			}
			last = m;
			start += n;
		}
	}
	return head;
}

void tx_pkt_set_offload(struct rte_mbuf *m, const struct tx_pkt_spec *s,
			const struct tx_pkt_layout *lay, uint64_t ol_flags, uint16_t mss)
{
	m->ol_flags |= ol_flags;
	m->l2_len = (s->tunnel ? (s->vxlan ? 16 : 8) + 14 : 14) + (s->vlan ? 4 : 0);
	m->l3_len = lay->l3_len;
	m->l4_len = lay->l4_len;
	m->outer_l2_len = s->tunnel ? 14 : 0;
	m->outer_l3_len = lay->outer_l3_len;
	m->tso_segsz = mss;
}

struct rte_mbuf *tx_pkt_make(struct rte_mempool *mp, uint8_t *buf, const struct tx_pkt_spec *s,
			     struct tx_pkt_layout *lay, uint64_t ol_flags, uint16_t mss,
			     const uint32_t *splits, unsigned int nb_splits)
{
	struct rte_mbuf *m;

	tx_pkt_build(buf, s, lay);
	m = tx_pkt_mbuf(mp, buf, lay->len, splits, nb_splits);
	tx_pkt_set_offload(m, s, lay, ol_flags, mss);
	return m;
}

uint32_t tx_pkt_flatten(const struct rte_mbuf *m, uint8_t *buf)
{
	uint32_t off = 0;

	for (; m != NULL; m = m->next) {
		memcpy(buf + off, rte_pktmbuf_mtod(m, const uint8_t *), m->data_len);
		off += m->data_len;
	}
	return off;
}

uint16_t tx_ref_ip4_cksum(const uint8_t *ip)
{
	uint8_t h[60];
	unsigned int len = (ip[0] & 0xf) * 4u;

	memcpy(h, ip, len);
	h[10] = h[11] = 0;
	return rte_be_to_cpu_16(rte_ipv4_cksum((const struct rte_ipv4_hdr *)h));
}

uint16_t tx_ref_l4_cksum(const uint8_t *frame, const struct tx_pkt_spec *s,
			 const struct tx_pkt_layout *lay, uint32_t l4_total)
{
	const uint8_t *ip = frame + lay->l3;
	uint16_t ck;

	if (!s->ipv6) {
		/* rte_ipv4_udptcp_cksum needs the L4 right after the header: it is */
		ck = rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)ip, frame + lay->l4);
	} else {
		/* a plain header with the final destination: rte_* knows no extension headers */
		struct rte_ipv6_hdr h;

		memcpy(&h, ip, sizeof(h));
		h.payload_len = rte_cpu_to_be_16((uint16_t)l4_total);
		h.proto = s->l4_proto;
		if (s->final_dst)
			memcpy(h.dst_addr, s->final_dst, 16);
		ck = rte_ipv6_udptcp_cksum(&h, frame + lay->l4);
	}
	return rte_be_to_cpu_16(ck);
}

uint16_t tx_ref_outer_udp_cksum(const uint8_t *frame, const struct tx_pkt_spec *s,
				const struct tx_pkt_layout *lay)
{
	static uint8_t udp[TX_PKT_MAX];
	const uint8_t *o = frame + lay->outer_l3;
	uint32_t len = (uint32_t)(frame[lay->outer_l4 + 4] << 8 | frame[lay->outer_l4 + 5]);
	uint16_t ck;

	memcpy(udp, frame + lay->outer_l4, len);
	udp[6] = udp[7] = 0;
	/* rte_* take the L4 length from the IP header: the caller fixed it already */
	if (!s->outer_ipv6)
		ck = rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)o, udp);
	else
		ck = rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)o, udp);
	return rte_be_to_cpu_16(ck);
}

static uint16_t next_id(uint16_t id, uint32_t i, bool id_15bit)
{
	if (id_15bit)
		return (uint16_t)((id & 0x8000) | ((id + i) & 0x7fff));
	return (uint16_t)(id + i);
}

uint32_t tx_pkt_expected_segment(const uint8_t *orig, const struct tx_pkt_spec *s,
				 const struct tx_pkt_layout *lay, uint16_t mss, uint32_t i,
				 uint32_t nb_segs, bool id_15bit, uint8_t *exp)
{
	uint32_t plen = (i + 1 == nb_segs) ? s->payload_len - i * mss : mss;
	uint32_t len = lay->hdr_len + plen;
	uint8_t *l4 = exp + lay->l4, *ip = exp + lay->l3;

	memcpy(exp, orig, lay->hdr_len);
	memcpy(exp + lay->hdr_len, orig + lay->hdr_len + i * mss, plen);
	if (s->tunnel) {
		uint8_t *o = exp + lay->outer_l3;

		if (s->outer_ipv6) {
			put16(o + 4, (uint16_t)(len - lay->outer_l3 - 40));
		} else {
			put16(o + 2, (uint16_t)(len - lay->outer_l3));
			put16(o + 4, (uint16_t)(s->outer_id + i));
			put16(o + 10, tx_ref_ip4_cksum(o));
		}
	}
	if (s->ipv6) {
		put16(ip + 4, (uint16_t)(len - lay->l3 - 40));
	} else {
		put16(ip + 2, (uint16_t)(len - lay->l3));
		put16(ip + 4, next_id(s->ip_id, i, id_15bit));
		put16(ip + 10, tx_ref_ip4_cksum(ip));
	}
	if (s->l4_proto == IPPROTO_TCP) {
		uint8_t f = s->tcp_flags;

		if (i + 1 != nb_segs)
			f &= (uint8_t) ~(RTE_TCP_FIN_FLAG | RTE_TCP_PSH_FLAG);
		if (i != 0)
			f &= (uint8_t)~RTE_TCP_CWR_FLAG;
		put32(l4 + 4, s->seq + i * mss);
		l4[13] = f;
		put16(l4 + 16, 0);
		put16(l4 + 16, tx_ref_l4_cksum(exp, s, lay, len - lay->l4));
	} else {
		put16(l4 + 4, (uint16_t)(len - lay->l4));
		put16(l4 + 6, 0);
		if (!(s->zero_l4_cksum && !s->ipv6))
			put16(l4 + 6, tx_ref_l4_cksum(exp, s, lay, len - lay->l4));
	}
	if (s->tunnel && s->vxlan) { /* over the final inner bytes: last */
		put16(exp + lay->outer_l4 + 4, (uint16_t)(len - lay->outer_l4));
		put16(exp + lay->outer_l4 + 6, 0);
		if (s->outer_udp_cksum || s->outer_ipv6)
			put16(exp + lay->outer_l4 + 6, tx_ref_outer_udp_cksum(exp, s, lay));
	}
	return len;
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

void tx_env_init(struct tx_env *e, struct rte_mempool *pool)
{
	memset(e, 0, sizeof(*e));
	taskoff_offload_config_default(&e->cfg);
	e->ctx.cfg = &e->cfg;
	e->ctx.hdr_pool = pool;
	e->ctx.indirect_pool = pool;
	e->ctx.cnt = &e->cnt;
	e->ctx.max_frames_per_pkt = 0;
}

uint16_t tx_env_send(struct tx_env *e, struct rte_mbuf *m, struct rte_mbuf **out, uint16_t cap)
{
	uint16_t nb_out = 0xffff;

	assert_int_equal(taskoff_tx_burst(&e->ctx, &m, 1, out, cap, &nb_out), 1);
	return nb_out;
}

void tx_assert_bytes(const uint8_t *got, const uint8_t *exp, uint32_t len, const char *what)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (got[i] != exp[i])
			fail_msg("%s: byte %u is %02x, expected %02x", what, i, got[i], exp[i]);
}

void tx_check_segments(struct rte_mbuf **out, uint16_t n, const uint8_t *orig,
		       const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay, uint16_t mss,
		       bool id_15bit)
{
	static uint8_t got[TX_PKT_MAX], exp[TX_PKT_MAX];
	uint32_t want = (s->payload_len + mss - 1) / mss;
	uint16_t i;
	char what[32];

	assert_int_equal(n, want);
	for (i = 0; i < n; i++) {
		uint32_t len = tx_pkt_flatten(out[i], got);
		uint32_t elen = tx_pkt_expected_segment(orig, s, lay, mss, i, n, id_15bit, exp);

		assert_int_equal(len, elen);
		assert_int_equal(out[i]->pkt_len, elen);
		snprintf(what, sizeof(what), "segment %u", i);
		tx_assert_bytes(got, exp, len, what);
		assert_int_equal(out[i]->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS, 0);
		/* zero-copy: headers in their own mbuf, payload attached */
		assert_int_equal(out[i]->data_len, lay->hdr_len);
		if (len > lay->hdr_len)
			assert_true(RTE_MBUF_CLONED(out[i]->next));
	}
	rte_pktmbuf_free_bulk(out, n);
}

void tx_env_segment_and_check(struct tx_env *e, struct rte_mbuf *m, const uint8_t *orig,
			      const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay,
			      uint16_t mss, bool id_15bit)
{
	static struct rte_mbuf *out[512];
	uint16_t nb;

	assert_int_equal(taskoff_tx_prepare(&e->cfg, 0, m), 0);
	nb = tx_env_send(e, m, out, RTE_DIM(out));
	tx_check_segments(out, nb, orig, s, lay, mss, id_15bit);
}
