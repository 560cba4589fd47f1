/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive fast lane. RSC: the segment that continues an open SCU, in the two shapes
 * nearly every such segment has (untagged Ethernet / IPv4 / TCP, and the same
 * inside VXLAN over untagged Ethernet / IPv4), is parsed, validated, described
 * and appended in one pass of direct loads: no general parse, no rte_pktmbuf_read
 * per header, no parsed-frame or checksum-layer structs, no flow hash when it
 * is the last flow's segment (a burst of one flow is one run of them).
 * Validation only (RSC does not take TCP/IPv4): the plain shape, any TCP
 * options, is validated and described in the same direct way.
 *
 * It decides nothing on its own: every frame it cannot take (another shape, a
 * checksum that is not good, a rule that refuses, the flow's SCU not open) is
 * left untouched and goes the general way, which then decides and counts as it
 * always did. What it does take ends exactly as the general path leaves a
 * joined segment (or a validated frame): the same ol_flags, packet type, lengths and SCU state
 * (tests/lib/rx/test_rsc_fast.c runs both on the same mutated streams).
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_cksum.h"
#include "taskoff_rsc_fast.h"
#include "taskoff_rsc_internal.h"
#include "taskoff_rx_cksum.h"
#include "taskoff_unaligned.h"

#define ETH_LEN	    14u
#define IP4_LEN	    20u
#define TCP_LEN	    20u
#define TCP_TS_LEN  32u /* NOP, NOP, timestamp: what Linux and Windows send */
#define VX_INNER_IP (ETH_LEN + IP4_LEN + TASKOFF_VXLAN_ENCAP_LEN + ETH_LEN)
#define NOP_NOP_TS  0x0101080au
#define IP4_FRAG    (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)

/* What taskoff_rx_parse_to_mbuf and the checksum validation leave on a good
 * frame of each shape. */
#define PLAIN_PTYPE (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP)
#define VXLAN_PTYPE                                                                                \
	(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |      \
	 RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP)
#define GOOD_FLAGS (RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD)

bool taskoff_rsc_fast_lane_off;

void taskoff_rsc_fast_prepare(const struct taskoff_rsc_table *t,
			      const struct taskoff_offload_config *cfg,
			      const struct taskoff_decap_policy *decap, uint64_t decapped_flag,
			      struct taskoff_rsc_fast *fast)
{
	/* the conditions under which the general path validates both IPv4/TCP
	 * checksums and lets RSC see the segment */
	bool checked = !taskoff_rsc_fast_lane_off && (cfg->ipv4_csum & TASKOFF_CSUM_RX) &&
		       (cfg->tcp4_csum & TASKOFF_CSUM_RX);

	fast->plain = checked && t->enabled && cfg->rsc_ipv4;
	fast->validate = checked && !fast->plain;
	/* decap of every VNI: no VXLAN frame stays encapsulated */
	fast->vxlan =
	    fast->plain && taskoff_config_vxlan_enabled(cfg) && decap->mode != TASKOFF_DECAP_ALL;
	fast->outer_udp = (cfg->udp4_csum & TASKOFF_CSUM_RX) != 0;
	fast->vxlan_port = cfg->vxlan_port;
	fast->decap = decap;
	fast->clear = TASKOFF_RX_CKSUM_FLAGS_MASK | RTE_MBUF_F_RX_LRO | decapped_flag;
}

/* A 4-byte field as the flow key and the checksum words hold it (memory order). */
static inline uint32_t load32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint16_t load16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* TCP source and destination port as the flow key holds them. */
static inline uint64_t ports(const uint8_t *tcp)
{
	return (uint64_t)load16(tcp) | (uint64_t)load16(tcp + 2) << 16;
}

/* Untagged IPv4 at @p ip without options, not a fragment, carrying @p proto. */
static inline bool ipv4_simple(const uint8_t *eth, const uint8_t *ip, uint8_t proto)
{
	return load16(eth + 12) == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) && ip[0] == 0x45 &&
	       ip[9] == proto && (taskoff_get_be16(ip + 6) & IP4_FRAG) == 0;
}

/* Unfolded sum of an IPv4 header whose checksum is good, or 0 when it is not. */
static inline uint64_t ipv4_hdr_sum(const uint8_t *ip)
{
	uint64_t s = taskoff_cksum_words32(ip, IP4_LEN);

	return taskoff_cksum_fold(s) == 0xffff ? s : 0;
}

/* DSCP + DF (bits 0-31) the way the segment description keeps them; ECN. */
static inline uint32_t ip_fields(const uint8_t *ip)
{
	return (uint32_t)(ip[1] >> 2) << 16 | (taskoff_get_be16(ip + 6) & RTE_IPV4_HDR_DF_FLAG);
}

/*
 * The TCP segment at frame offset @p l4_off, inside an IPv4 datagram of
 * @p l4_seg_len transport bytes whose header is @p ip: header shape (no option
 * or exactly NOP NOP timestamp), some payload, within the frame's only mbuf.
 * Fills the segment fields the rules and the append read. false: another shape.
 */
static inline bool tcp_describe(const struct rte_mbuf *m, const uint8_t *ip, uint32_t l4_off,
				uint32_t l4_seg_len, struct taskoff_rsc_seg *seg)
{
	const uint8_t *tcp = rte_pktmbuf_mtod_offset(m, const uint8_t *, l4_off);
	uint32_t tcp_len;

	tcp_len = (uint32_t)(tcp[12] >> 4) * 4;
	if (tcp_len == TCP_TS_LEN) {
		if (rte_pktmbuf_data_len(m) < l4_off + TCP_TS_LEN ||
		    load32(tcp + TCP_LEN) != rte_cpu_to_be_32(NOP_NOP_TS))
			return false;
		seg->has_ts = true;
		seg->ts_off = (uint16_t)(l4_off + TCP_LEN + 4);
		seg->tsval = taskoff_get_be32(tcp + TCP_LEN + 4);
		seg->tsecr = taskoff_get_be32(tcp + TCP_LEN + 8);
	} else if (tcp_len == TCP_LEN) {
		seg->has_ts = false;
		seg->ts_off = 0;
		seg->tsval = seg->tsecr = 0;
	} else {
		return false;
	}
	if (l4_seg_len <= tcp_len) /* no payload: ACKs and window updates go the general way */
		return false;
	seg->seq = taskoff_get_be32(tcp + 4);
	seg->ack = taskoff_get_be32(tcp + 8);
	seg->window = taskoff_get_be16(tcp + 14);
	seg->tcp_flags = tcp[13];
	seg->hdr_len = l4_off + tcp_len;
	seg->payload_len = l4_seg_len - tcp_len;
	seg->ttl = ip[8];
	seg->ip_fields = ip_fields(ip);
	seg->ecn = ip[1] & 0x3;
	seg->other_options = false;
	seg->csum_good = true;
	seg->layout_ok = true;
	return true;
}

/* Pseudo header of IPv4 header @p ip for @p len transport bytes, unfolded. */
static inline uint64_t pseudo4(const uint8_t *ip, uint32_t len)
{
	return (uint64_t)load32(ip + 12) + load32(ip + 16) + rte_cpu_to_be_16((uint16_t)ip[9]) +
	       rte_cpu_to_be_16((uint16_t)len);
}

/* TCP checksum of @p seg: sums the payload into *payload_sum and the TCP header
 * into *hdr_sum (unfolded). false: not good. */
static inline bool tcp_sum_good(const struct rte_mbuf *m, const uint8_t *ip,
				const struct taskoff_rsc_seg *seg, uint32_t l4_off,
				uint16_t *payload_sum, uint64_t *hdr_sum)
{
	const uint8_t *tcp = rte_pktmbuf_mtod_offset(m, const uint8_t *, l4_off);
	uint32_t tcp_len = seg->hdr_len - l4_off;

	*payload_sum = taskoff_cksum_raw(tcp + tcp_len, seg->payload_len);
	*hdr_sum = taskoff_cksum_words32(tcp, tcp_len);
	return taskoff_cksum_fold(pseudo4(ip, tcp_len + seg->payload_len) + *hdr_sum +
				  *payload_sum) == 0xffff;
}

/* Commit: what rx_one leaves on a joined segment (the caller stored the
 * lengths, as taskoff_rx_parse_to_mbuf does: the whole tx_offload word), then
 * the append. */
static inline void join(const struct taskoff_rsc_fast *fast, struct taskoff_rsc_flow *f,
			struct taskoff_rsc_seg *seg, uint64_t flags, uint32_t ptype,
			struct taskoff_counters *cnt)
{
	struct rte_mbuf *m = seg->m;

	m->ol_flags = (m->ol_flags & ~fast->clear) | flags;
	m->packet_type = ptype;
	taskoff_rsc_scu_append(&f->scu, seg, cnt);
}

/* The open flow of @p key: the last one, or (plain frames) a hash lookup. */
static inline struct taskoff_rsc_flow *
open_flow(struct taskoff_rsc_table *t, const struct taskoff_rsc_flow_key *key, bool lookup)
{
	struct taskoff_rsc_flow *f = t->last;
	const uint64_t *a = key->w;

	if (f == NULL || (a[0] ^ f->key.w[0]) | (a[1] ^ f->key.w[1]) | (a[2] ^ f->key.w[2]) |
			     (a[3] ^ f->key.w[3]) | (a[4] ^ f->key.w[4]) | (a[5] ^ f->key.w[5]))
		f = lookup ? taskoff_rsc_flow_find(t, key, NULL) : NULL;
	return f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN ? f : NULL;
}

/*
 * flatten: the rules (taskoff_rsc_decide) and the append inlined here let the
 * segment description live in registers instead of a struct written for them
 * and read back across two calls (one flow: 44.5-46.5 -> 39.5-40.4 ns per
 * segment on AMD EPYC Zen 4).
 */
__attribute__((flatten)) static bool join_plain(struct taskoff_rsc_table *t,
						const struct taskoff_rsc_fast *fast,
						struct rte_mbuf *m, const uint8_t *eth,
						struct taskoff_counters *cnt)
{
	const uint8_t *ip = eth + ETH_LEN;
	const uint32_t l4_off = ETH_LEN + IP4_LEN;
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_flow *f;
	struct taskoff_rx_l3 l3;
	enum taskoff_counter rule;
	uint32_t total;
	uint64_t hdr_sum;
	uint16_t payload_sum;

	if (rte_pktmbuf_data_len(m) < l4_off + TCP_LEN || !ipv4_simple(eth, ip, IPPROTO_TCP))
		return false;
	total = taskoff_get_be16(ip + 2);
	if (total < IP4_LEN || ETH_LEN + total > rte_pktmbuf_data_len(m) ||
	    !tcp_describe(m, ip, l4_off, total - IP4_LEN, &seg))
		return false;
	seg.key.w[0] = load32(ip + 12);
	seg.key.w[1] = 0;
	seg.key.w[2] = load32(ip + 16);
	seg.key.w[3] = 0;
	seg.key.w[4] = ports(eth + l4_off); /* no VLAN tag */
	seg.key.w[5] = (uint64_t)4 << 24 | (uint64_t)TASKOFF_RSC_PLAIN << 28;
	f = open_flow(t, &seg.key, true);
	if (f == NULL || ipv4_hdr_sum(ip) == 0 ||
	    !tcp_sum_good(m, ip, &seg, l4_off, &payload_sum, &hdr_sum))
		return false;
	seg.m = m;
	seg.p = NULL; /* plain: no outer headers to compare */
	l3.is_fragment = false;
	l3.has_options = false;
	l3.payload_sum = payload_sum;
	seg.l3 = &l3;
	if (taskoff_rsc_decide(&seg, &f->scu, &rule) != TASKOFF_RSC_JOIN)
		return false;
	m->tx_offload = rte_mbuf_tx_offload(ETH_LEN, IP4_LEN, seg.hdr_len - l4_off, 0, 0, 0, 0);
	join(fast, f, &seg, GOOD_FLAGS, PLAIN_PTYPE, cnt);
	return true;
}

/* The last flow, when its open SCU is a VXLAN one whose head came with the same
 * outer addresses and outer UDP source port as this frame (outer IPv4 at @p ip,
 * UDP at @p udp): then the frame's key hashes these to the same key bits. */
static inline struct taskoff_rsc_flow *vxlan_last_flow(struct taskoff_rsc_table *t,
						       const uint8_t *ip, const uint8_t *udp)
{
	struct taskoff_rsc_flow *f = t->last;
	const struct taskoff_rx_parsed *h;

	if (f == NULL || f->state != TASKOFF_RSC_FLOW_OPEN)
		return NULL;
	h = &f->scu.hdrs;
	if (h->tun.kind != TASKOFF_RX_TUNNEL_VXLAN || h->l3.version != 4 ||
	    load32(h->l3.src) != load32(ip + 12) || load32(h->l3.dst) != load32(ip + 16) ||
	    h->tun.udp_sport != load16(udp))
		return NULL;
	return f;
}

/* Outer UDP checksum of a VXLAN frame from the sums the inner checks made: UDP
 * and VXLAN headers, inner Ethernet, inner IPv4 (@p in_ip_sum), TCP header
 * (@p tcp_sum) and payload (@p payload_sum, at an even offset). */
static inline bool outer_udp_good(const uint8_t *ip, const uint8_t *udp, uint64_t in_ip_sum,
				  uint64_t tcp_sum, uint16_t payload_sum)
{
	const uint8_t *in_eth = udp + TASKOFF_VXLAN_ENCAP_LEN;
	uint64_t sum = pseudo4(ip, taskoff_get_be16(udp + 4)) +
		       taskoff_cksum_words32(udp, TASKOFF_VXLAN_ENCAP_LEN) +
		       taskoff_cksum_words32(in_eth, 12) + load16(in_eth + 12) + in_ip_sum +
		       tcp_sum + payload_sum;

	return taskoff_cksum_fold(sum) == 0xffff;
}

/* flatten: as join_plain (one inner flow: 60.6-61.9 -> 54.3-54.5 ns per segment). */
__attribute__((flatten)) static bool join_vxlan(struct taskoff_rsc_table *t,
						const struct taskoff_rsc_fast *fast,
						struct rte_mbuf *m, const uint8_t *eth,
						struct taskoff_counters *cnt)
{
	const uint8_t *ip = eth + ETH_LEN, *udp = ip + IP4_LEN;
	const uint8_t *in_eth = udp + TASKOFF_VXLAN_ENCAP_LEN, *in_ip = eth + VX_INNER_IP;
	const uint32_t l4_off = VX_INNER_IP + IP4_LEN;
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_flow *f;
	struct taskoff_rx_l3 l3;
	enum taskoff_counter rule;
	uint32_t total, dgram, in_total, vni;
	uint64_t in_ip_sum, hdr_sum, outer_flag = RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN;
	uint16_t payload_sum;

	if (rte_pktmbuf_data_len(m) < l4_off + TCP_LEN || !ipv4_simple(eth, ip, IPPROTO_UDP) ||
	    load16(udp + 2) != rte_cpu_to_be_16(fast->vxlan_port) ||
	    udp[8] != TASKOFF_VXLAN_FLAG_I || !ipv4_simple(in_eth, in_ip, IPPROTO_TCP))
		return false;
	/* the inner datagram fills the outer UDP datagram, which fills the outer packet */
	total = taskoff_get_be16(ip + 2);
	dgram = taskoff_get_be16(udp + 4);
	in_total = taskoff_get_be16(in_ip + 2);
	if (total != IP4_LEN + dgram || dgram != TASKOFF_VXLAN_ENCAP_LEN + ETH_LEN + in_total ||
	    in_total < IP4_LEN || ETH_LEN + total > rte_pktmbuf_data_len(m) ||
	    !tcp_describe(m, in_ip, l4_off, in_total - IP4_LEN, &seg))
		return false;
	vni = (uint32_t)udp[12] << 16 | (uint32_t)udp[13] << 8 | udp[14];
	if (fast->decap->mode == TASKOFF_DECAP_LIST &&
	    taskoff_decap_selects(fast->decap, TASKOFF_ENCAP_VXLAN, vni))
		return false;
	f = vxlan_last_flow(t, ip, udp);
	if (f == NULL)
		return false;
	seg.key.w[0] = load32(in_ip + 12);
	seg.key.w[1] = 0;
	seg.key.w[2] = load32(in_ip + 16);
	seg.key.w[3] = 0;
	seg.key.w[4] = ports(eth + l4_off); /* no VLAN tag outside or inside */
	seg.key.w[5] = vni | (uint64_t)4 << 24 | (uint64_t)TASKOFF_RSC_VXLAN << 28 |
		       (f->key.w[5] & ~UINT64_C(0xffffffff));
	if (open_flow(t, &seg.key, false) != f)
		return false;
	in_ip_sum = ipv4_hdr_sum(in_ip);
	if (ipv4_hdr_sum(ip) == 0 || in_ip_sum == 0 ||
	    !tcp_sum_good(m, in_ip, &seg, l4_off, &payload_sum, &hdr_sum))
		return false;
	if (load16(udp + 6) != 0) { /* 0: sent without one (IPv4), nothing to verify */
		if (!fast->outer_udp || !outer_udp_good(ip, udp, in_ip_sum, hdr_sum, payload_sum))
			return false;
		outer_flag = RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD;
	}
	seg.ip_fields |= (uint64_t)ip_fields(ip) << 32;
	seg.ecn |= (uint8_t)((ip[1] & 0x3) << 2);
	seg.m = m;
	seg.p = NULL; /* the outer headers were compared with the SCU's above */
	l3.is_fragment = false;
	l3.has_options = false;
	l3.payload_sum = payload_sum;
	seg.l3 = &l3;
	if (taskoff_rsc_decide(&seg, &f->scu, &rule) != TASKOFF_RSC_JOIN)
		return false;
	m->tx_offload = rte_mbuf_tx_offload(TASKOFF_VXLAN_ENCAP_LEN + ETH_LEN, IP4_LEN,
					    seg.hdr_len - l4_off, 0, IP4_LEN, ETH_LEN, 0);
	join(fast, f, &seg, GOOD_FLAGS | outer_flag, VXLAN_PTYPE, cnt);
	return true;
}

bool taskoff_rsc_fast_validate(const struct taskoff_rsc_fast *fast, struct rte_mbuf *m)
{
	const uint8_t *eth = rte_pktmbuf_mtod(m, const uint8_t *), *ip = eth + ETH_LEN;
	const uint8_t *tcp = ip + IP4_LEN;
	uint32_t total, tcp_len, payload_len;
	uint64_t sum;

	if (!fast->validate || m->nb_segs != 1 ||
	    rte_pktmbuf_data_len(m) < ETH_LEN + IP4_LEN + TCP_LEN ||
	    !ipv4_simple(eth, ip, IPPROTO_TCP))
		return false;
	/* any TCP options (only the sum reads them); padding stays, as without the lane */
	total = taskoff_get_be16(ip + 2);
	tcp_len = (uint32_t)(tcp[12] >> 4) * 4;
	if (tcp_len < TCP_LEN || total < IP4_LEN + tcp_len ||
	    ETH_LEN + total > rte_pktmbuf_data_len(m) || ipv4_hdr_sum(ip) == 0)
		return false;
	payload_len = total - IP4_LEN - tcp_len;
	sum = pseudo4(ip, total - IP4_LEN) + taskoff_cksum_words32(tcp, tcp_len) +
	      taskoff_cksum_raw(tcp + tcp_len, payload_len);
	if (taskoff_cksum_fold(sum) != 0xffff)
		return false;
	m->ol_flags = (m->ol_flags & ~fast->clear) | GOOD_FLAGS;
	m->packet_type = PLAIN_PTYPE;
	m->tx_offload = rte_mbuf_tx_offload(ETH_LEN, IP4_LEN, tcp_len, 0, 0, 0, 0);
	return true;
}

bool taskoff_rsc_fast_join(struct taskoff_rsc_table *t, const struct taskoff_rsc_fast *fast,
			   struct rte_mbuf *m, struct taskoff_counters *cnt)
{
	const uint8_t *eth = rte_pktmbuf_mtod(m, const uint8_t *);

	if (!fast->plain) /* RSC off (validation only) or no TCP/IPv4 checksums */
		return false;
	/* one mbuf (headers in it, padding trimmable), owned alone (writable) */
	if (m->nb_segs != 1 || RTE_MBUF_CLONED(m) || rte_mbuf_refcnt_read(m) != 1 ||
	    rte_pktmbuf_data_len(m) < ETH_LEN + IP4_LEN + TCP_LEN)
		return false;
	if (eth[ETH_LEN + 9] == IPPROTO_TCP)
		return join_plain(t, fast, m, eth, cnt);
	return fast->vxlan && join_vxlan(t, fast, m, eth, cnt);
}
