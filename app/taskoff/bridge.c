/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "bridge.h"
#include "rte_pmd_taskoff.h"

void bridge_init(struct bridge_dir *b, uint16_t rx_port, uint16_t tx_port, uint16_t queue,
		 uint16_t tx_mtu)
{
	memset(b, 0, sizeof(*b));
	b->rx_port = rx_port;
	b->tx_port = tx_port;
	b->queue = queue;
	b->tx_mtu = tx_mtu;
	b->rsc_info_offset = rte_pmd_taskoff_rsc_info_dynfield();
}

static bool is_vxlan(uint32_t ptype)
{
	return (ptype & RTE_PTYPE_TUNNEL_MASK) == RTE_PTYPE_TUNNEL_VXLAN;
}

static bool is_tunnel(uint32_t ptype)
{
	return (ptype & RTE_PTYPE_TUNNEL_MASK) == RTE_PTYPE_TUNNEL_NVGRE || is_vxlan(ptype);
}

static bool is_tcp(uint32_t ptype)
{
	if (is_tunnel(ptype))
		return (ptype & RTE_PTYPE_INNER_L4_MASK) == RTE_PTYPE_INNER_L4_TCP;
	return (ptype & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_TCP;
}

/* The inner L3 values do not mirror the outer ones bit for bit (RTE_ETH_IS_IPV6_HDR tests
 * 0x40, the inner IPv6 values are 0x3, 0x5 and 0x6 << 20): compare them one by one. */
static bool is_ipv6(uint32_t ptype)
{
	uint32_t inner = ptype & RTE_PTYPE_INNER_L3_MASK;

	if (is_tunnel(ptype))
		return inner == RTE_PTYPE_INNER_L3_IPV6 || inner == RTE_PTYPE_INNER_L3_IPV6_EXT ||
		       inner == RTE_PTYPE_INNER_L3_IPV6_EXT_UNKNOWN;
	return RTE_ETH_IS_IPV6_HDR(ptype);
}

static uint32_t headers_len(const struct rte_mbuf *m)
{
	return (uint32_t)m->outer_l2_len + m->outer_l3_len + m->l2_len + m->l3_len + m->l4_len;
}

/* Largest TCP payload per segment that keeps the outermost IP datagram within the MTU. */
static uint16_t mss_for_mtu(const struct rte_mbuf *m, uint16_t mtu)
{
	uint32_t l2 = is_tunnel(m->packet_type) ? m->outer_l2_len : m->l2_len;
	uint32_t over = headers_len(m) - l2;

	return mtu > over ? (uint16_t)(mtu - over) : 0;
}

/*
 * Tunnel LSO flags for the outer headers. VXLAN asks for the outer UDP checksum
 * on every segment: whatever the sender did, the far end gets a verifiable one.
 */
static uint64_t tunnel_request(uint32_t ptype)
{
	uint64_t fl = RTE_ETH_IS_IPV6_HDR(ptype)
			  ? RTE_MBUF_F_TX_OUTER_IPV6
			  : RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM;

	if (is_vxlan(ptype))
		return fl | RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_UDP_CKSUM;
	return fl | RTE_MBUF_F_TX_TUNNEL_GRE;
}

/* Turn a received TCP packet that exceeds one wire segment into a TSO request. */
static void request_tso(struct bridge_dir *b, struct rte_mbuf *m)
{
	uint32_t ptype = m->packet_type;
	uint16_t mss = mss_for_mtu(m, b->tx_mtu);

	if ((m->ol_flags & RTE_MBUF_F_RX_LRO) && m->tso_segsz != 0)
		mss = RTE_MIN(mss, (uint16_t)m->tso_segsz);
	m->ol_flags = 0;
	if (mss == 0 || m->pkt_len <= headers_len(m) + mss)
		return; /* one segment: the checksums RSC recomputed stand as they are */
	m->ol_flags =
	    RTE_MBUF_F_TX_TCP_SEG |
	    (is_ipv6(ptype) ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
	if (is_tunnel(ptype))
		m->ol_flags |= tunnel_request(ptype);
	m->tso_segsz = mss;
	b->stats.tx_tso_requests++;
}

static void account_rx(struct bridge_dir *b, const struct rte_mbuf *m)
{
	const struct rte_pmd_taskoff_rsc_info *ri;

	if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_BAD ||
	    (m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_BAD ||
	    (m->ol_flags & RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK) == RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD)
		b->stats.rx_csum_bad++;
	if (!(m->ol_flags & RTE_MBUF_F_RX_LRO) || b->rsc_info_offset < 0) {
		b->stats.rx_wire_segments++;
		return;
	}
	ri = RTE_MBUF_DYNFIELD(m, b->rsc_info_offset, const struct rte_pmd_taskoff_rsc_info *);
	b->stats.rx_scus++;
	b->stats.rx_wire_segments += ri->coalesced_seg_count;
}

/* Header lengths come from the receive parse; only full TCP parses are segmented. */
static void prepare_tx(struct bridge_dir *b, struct rte_mbuf *m)
{
	account_rx(b, m);
	if (is_tcp(m->packet_type) && m->l4_len >= sizeof(struct rte_tcp_hdr) && m->l3_len != 0 &&
	    headers_len(m) < m->pkt_len)
		request_tso(b, m);
	else
		m->ol_flags = 0;
}

void bridge_step(struct bridge_dir *b)
{
	uint16_t i, sent;

	if (b->pending_head == b->nb_pending) {
		b->pending_head = 0;
		b->nb_pending = rte_eth_rx_burst(b->rx_port, b->queue, b->pending, BRIDGE_BURST);
		b->stats.rx_packets += b->nb_pending;
		for (i = 0; i < b->nb_pending; i++)
			prepare_tx(b, b->pending[i]);
	}
	if (b->pending_head == b->nb_pending)
		return;
	sent = rte_eth_tx_burst(b->tx_port, b->queue, &b->pending[b->pending_head],
				b->nb_pending - b->pending_head);
	b->pending_head += sent;
	b->stats.tx_packets += sent;
}

void bridge_discard_pending(struct bridge_dir *b)
{
	uint16_t n = b->nb_pending - b->pending_head;

	rte_pktmbuf_free_bulk(&b->pending[b->pending_head], n);
	b->stats.drop_end_of_run += n;
	b->pending_head = 0;
	b->nb_pending = 0;
}

void bridge_stats_add(struct bridge_stats *a, const struct bridge_stats *b)
{
	const uint64_t *src = (const uint64_t *)b;
	uint64_t *dst = (uint64_t *)a;
	size_t i;

	for (i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		dst[i] += src[i];
}
