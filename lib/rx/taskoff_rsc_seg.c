/* SPDX-License-Identifier: BSD-3-Clause */
/* What RSC needs to know about one received TCP segment (struct taskoff_rsc_seg). */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_rsc_internal.h"
#include "taskoff_unaligned.h"

#define TCP_OPT_EOL    0
#define TCP_OPT_NOP    1
#define TCP_OPT_TS     8
#define TCP_OPT_TS_LEN 10
#define TCP_HDR_MAX    60u

/* @p len (4 or 8) address bytes starting at @p a, zero-padded to a key word. */
static uint64_t addr_word(const uint8_t *a, unsigned int len)
{
	uint64_t w = 0;

	memcpy(&w, a, len);
	return w;
}

/*
 * 32 bits of the outer IP addresses (and VXLAN's outer UDP source port) of a
 * tunnelled frame, for the flow key: two flows that differ only outside the
 * tunnel land in different flows (the outer-header rule catches the rare pair
 * this hash does not separate). Only tunnelled frames pay for it.
 */
static uint64_t outer_hash(const struct taskoff_rx_parsed *p)
{
	const struct taskoff_rx_l3 *outer = &p->l3;
	uint64_t a[4], h;

	if (outer->version == 4) {
		memcpy(a, outer->src, 4);
		memcpy((uint8_t *)a + 4, outer->dst, 4);
		h = a[0] * UINT64_C(0x9e3779b97f4a7c15);
	} else {
		memcpy(a, outer->src, 16);
		memcpy(a + 2, outer->dst, 16);
		h = ((a[0] ^ (a[1] << 17 | a[1] >> 47)) * UINT64_C(0x9e3779b97f4a7c15)) ^
		    ((a[2] ^ (a[3] << 29 | a[3] >> 35)) * UINT64_C(0xc2b2ae3d27d4eb4f));
	}
	h ^= (uint64_t)p->tun.udp_sport * UINT64_C(0xd6e8feb86659fd93);
	return h >> 32;
}

/* Flow key encapsulation of a still-encapsulated frame, or of a decapsulated one. */
static uint64_t key_encap(const struct taskoff_rx_parsed *p,
			  const struct taskoff_tunnel_info *tunnel)
{
	if (taskoff_rx_tunnelled(p))
		return p->tun.kind == TASKOFF_RX_TUNNEL_VXLAN ? TASKOFF_RSC_VXLAN
							      : TASKOFF_RSC_NVGRE;
	if (tunnel != NULL)
		return tunnel->type == TASKOFF_ENCAP_VXLAN ? TASKOFF_RSC_DECAPPED_VXLAN
							   : TASKOFF_RSC_DECAPPED_NVGRE;
	return TASKOFF_RSC_PLAIN;
}

static void describe_key(struct taskoff_rsc_seg *seg, const struct rte_tcp_hdr *tcp,
			 const struct taskoff_tunnel_info *tunnel)
{
	const struct taskoff_rx_parsed *p = seg->p;
	const struct taskoff_rx_l3 *l3 = seg->l3;
	uint64_t inner_vlan = 0, id = 0, encap = TASKOFF_RSC_PLAIN, outer = 0;
	uint64_t *w = seg->key.w;

	if (taskoff_rx_tunnelled(p)) {
		encap = key_encap(p, NULL);
		id = p->tun.id;
		inner_vlan = p->inner_l2.vlan_tci;
		outer = outer_hash(p);
	} else if (tunnel != NULL) {
		encap = key_encap(p, tunnel);
		id = tunnel->id;
	}
	if (l3->version == 4) {
		w[0] = addr_word(l3->src, 4);
		w[1] = 0;
		w[2] = addr_word(l3->dst, 4);
		w[3] = 0;
	} else {
		w[0] = addr_word(l3->src, 8);
		w[1] = addr_word(l3->src + 8, 8);
		w[2] = addr_word(l3->dst, 8);
		w[3] = addr_word(l3->dst + 8, 8);
	}
	w[4] = (uint64_t)tcp->src_port | (uint64_t)tcp->dst_port << 16 |
	       (uint64_t)p->l2.vlan_tci << 32 | inner_vlan << 48;
	w[5] = id | (uint64_t)l3->version << 24 | encap << 28 | outer << 32;
}

/* Timestamp option and whether any other option is present. */
static void describe_options(struct taskoff_rsc_seg *seg, const uint8_t *tcp, uint16_t tcp_len)
{
	uint16_t i = sizeof(struct rte_tcp_hdr);
	uint8_t len;

	while (i < tcp_len) {
		if (tcp[i] == TCP_OPT_EOL)
			return;
		if (tcp[i] == TCP_OPT_NOP) {
			i++;
			continue;
		}
		len = i + 1 < tcp_len ? tcp[i + 1] : 0;
		if (tcp[i] != TCP_OPT_TS || len != TCP_OPT_TS_LEN || i + len > tcp_len ||
		    seg->has_ts) {
			seg->other_options = true; /* includes malformed option lists */
			return;
		}
		seg->has_ts = true;
		seg->ts_off = (uint16_t)(seg->l3->l4_off + i + 2);
		seg->tsval = taskoff_get_be32(&tcp[i + 2]);
		seg->tsecr = taskoff_get_be32(&tcp[i + 6]);
		i += len;
	}
}

/* TTL, DSCP/DF/flow label (@p fields) and ECN (@p ecn) of the IP header of @p l3. */
static uint8_t read_ip(const struct rte_mbuf *m, const struct taskoff_rx_l3 *l3, uint32_t *fields,
		       uint8_t *ecn)
{
	uint8_t buf[sizeof(struct rte_ipv6_hdr)];
	const struct rte_ipv4_hdr *v4;
	const struct rte_ipv6_hdr *v6;
	uint32_t vtc;

	if (l3->version == 4) {
		v4 = rte_pktmbuf_read(m, l3->l3_off, sizeof(*v4), buf);
		*fields = (uint32_t)(v4->type_of_service >> 2) << 16 |
			  (rte_be_to_cpu_16(v4->fragment_offset) & RTE_IPV4_HDR_DF_FLAG);
		*ecn = v4->type_of_service & 0x3;
		return v4->time_to_live;
	}
	v6 = rte_pktmbuf_read(m, l3->l3_off, sizeof(*v6), buf);
	vtc = rte_be_to_cpu_32(v6->vtc_flow);
	*fields = vtc & 0x0fcfffffu; /* DSCP + flow label, not version/ECN */
	*ecn = (vtc >> 20) & 0x3;
	return v6->hop_limits;
}

/* TTL, DSCP/DF/flow label and ECN of the TCP-carrying IP header and, for a
 * tunnel, of the outer one: the outer fields sit above the inner ones, so the
 * same rules police both (a changed outer ECN, CE included, starts a new SCU
 * instead of vanishing under the head's outer header). */
static void describe_ip(struct taskoff_rsc_seg *seg)
{
	uint32_t fields, outer_fields;
	uint8_t ecn, outer_ecn;

	seg->ttl = read_ip(seg->m, seg->l3, &fields, &ecn);
	seg->ip_fields = fields;
	seg->ecn = ecn;
	if (!taskoff_rx_tunnelled(seg->p))
		return;
	(void)read_ip(seg->m, &seg->p->l3, &outer_fields, &outer_ecn);
	seg->ip_fields |= (uint64_t)outer_fields << 32;
	seg->ecn |= (uint8_t)(outer_ecn << 2);
}

/* Checksums RSC relies on: every IPv4 header verified good, TCP verified good,
 * VXLAN's outer UDP verified good or absent (0 over IPv4). */
static bool describe_csum(const struct taskoff_rsc_seg *seg)
{
	uint64_t f = seg->m->ol_flags;

	/* An outer IPv4 header (tunnelled, or stripped by decap) has no GOOD flag
	 * in DPDK, and a stripped outer UDP has no flag that still applies: the
	 * parse says whether they were verified. */
	if (!seg->p->outer_verified)
		return false;
	if ((f & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_GOOD)
		return false;
	return seg->l3->version != 4 ||
	       (f & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD;
}

/* Data bytes in the last segment of @p m (where trailing padding must sit to be trimmed). */
static uint16_t last_seg_data_len(const struct rte_mbuf *m)
{
	return m->nb_segs == 1 ? m->data_len : rte_pktmbuf_lastseg((struct rte_mbuf *)m)->data_len;
}

/* Headers writable in the first segment, trailing padding removable. */
static bool describe_layout(const struct taskoff_rsc_seg *seg)
{
	const struct rte_mbuf *m = seg->m;
	uint32_t pad = rte_pktmbuf_pkt_len(m) - seg->hdr_len - seg->payload_len;

	if (RTE_MBUF_CLONED(m) || rte_mbuf_refcnt_read(m) != 1)
		return false;
	if (rte_pktmbuf_data_len(m) < seg->hdr_len)
		return false;
	return pad <= last_seg_data_len(m);
}

/* Scalars a segment without a usable TCP header leaves at their "nothing" value. */
static void describe_nothing(struct taskoff_rsc_seg *seg)
{
	struct taskoff_rsc_flow_key key = seg->key;
	struct rte_mbuf *m = seg->m;
	const struct taskoff_rx_parsed *p = seg->p;
	const struct taskoff_rx_l3 *l3 = seg->l3;

	memset(seg, 0, sizeof(*seg));
	seg->m = m;
	seg->p = p;
	seg->l3 = l3;
	seg->key = key;
}

/* Fill @p seg from frame @p m. false: no TCP header to identify the flow by.
 * Every field is written explicitly: a memset of the whole description was a
 * measurable share of the per-segment cost. */
bool taskoff_rsc_seg_describe(struct taskoff_rsc_seg *seg, struct rte_mbuf *m,
			      const struct taskoff_rx_parsed *p,
			      const struct taskoff_tunnel_info *tunnel)
{
	uint8_t buf[TCP_HDR_MAX];
	const struct rte_tcp_hdr *tcp;
	uint16_t tcp_len;

	seg->m = m;
	seg->p = p;
	seg->l3 = taskoff_rx_payload_l3(p);
	/* A fragment carries its ports only if it is the first one; otherwise
	 * the key is nonsense and at worst flushes an unrelated SCU early. */
	tcp_len = seg->l3->l4_valid ? seg->l3->l4_len : sizeof(*tcp);
	tcp = rte_pktmbuf_read(m, seg->l3->l4_off, tcp_len, buf);
	if (tcp == NULL)
		return false;
	describe_key(seg, tcp, tunnel);
	if (!seg->l3->l4_valid) {
		describe_nothing(seg);
		return true;
	}
	seg->seq = rte_be_to_cpu_32(tcp->sent_seq);
	seg->ack = rte_be_to_cpu_32(tcp->recv_ack);
	seg->window = rte_be_to_cpu_16(tcp->rx_win);
	seg->tcp_flags = tcp->tcp_flags;
	seg->hdr_len = seg->l3->l4_off + tcp_len;
	seg->payload_len = seg->l3->l4_seg_len - tcp_len;
	seg->has_ts = false;
	seg->other_options = false;
	seg->tsval = seg->tsecr = 0;
	seg->ts_off = 0;
	if (tcp_len > sizeof(*tcp))
		describe_options(seg, (const uint8_t *)tcp, tcp_len);
	describe_ip(seg);
	seg->csum_good = describe_csum(seg);
	seg->layout_ok = describe_layout(seg);
	return true;
}
