/* SPDX-License-Identifier: BSD-3-Clause */
/* One SCU: open it on a segment, append segments without copying payload,
 * and rewrite its headers so it reads as one normal received segment. */
#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf_dyn.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "taskoff_rsc.h"
#include "taskoff_rsc_internal.h"
#include "taskoff_cksum.h"
#include "taskoff_rx_cksum.h"
#include "taskoff_unaligned.h"

/* What the outermost IP length field counts besides the payload. */
static uint32_t outer_len_base(const struct taskoff_rsc_seg *seg)
{
	const struct taskoff_rx_l3 *outer = &seg->p->l3;
	uint32_t len = seg->hdr_len - outer->l3_off;

	return outer->version == 6 ? len - (uint32_t)sizeof(struct rte_ipv6_hdr) : len;
}

uint32_t taskoff_rsc_outer_ip_len(const struct taskoff_rsc_scu *scu, uint32_t extra)
{
	return scu->outer_len_base + scu->payload_len + extra;
}

/* Drop Ethernet padding so pkt_len ends with the TCP payload. */
static void trim_padding(const struct taskoff_rsc_seg *seg)
{
	uint32_t pad = rte_pktmbuf_pkt_len(seg->m) - seg->hdr_len - seg->payload_len;

	if (pad > 0)
		rte_pktmbuf_trim(seg->m, (uint16_t)pad);
}

static struct rte_mbuf *last_mbuf(struct rte_mbuf *m)
{
	return m->nb_segs == 1 ? m : rte_pktmbuf_lastseg(m);
}

/*
 * rte_pktmbuf_chain(scu->head, m) without its walk down the head's chain to
 * the last mbuf (a cache miss per mbuf, once per appended segment) and
 * without updating the head (another miss): the SCU remembers its tail and
 * counts, and the head is set right when the SCU ends.
 */
static void scu_chain(struct taskoff_rsc_scu *scu, struct rte_mbuf *m)
{
	struct rte_mbuf *last = last_mbuf(m);

	scu->tail->next = m;
	scu->nb_segs += m->nb_segs;
	m->pkt_len = m->data_len;
	m->nb_segs = 1;
	scu->tail = last;
}

void taskoff_rsc_scu_start(struct taskoff_rsc_scu *scu, const struct taskoff_rsc_seg *seg)
{
	trim_padding(seg);
	scu->head = seg->m;
	scu->tail = last_mbuf(seg->m);
	scu->nb_segs = seg->m->nb_segs;
	scu->hdrs = *seg->p;
	scu->hdr_len = seg->hdr_len;
	scu->outer_len_base = outer_len_base(seg);
	scu->next_seq = seg->seq + seg->payload_len;
	scu->ack = seg->ack;
	scu->window = seg->window;
	scu->min_ttl = seg->ttl;
	scu->psh = (seg->tcp_flags & RTE_TCP_PSH_FLAG) != 0;
	scu->has_ts = seg->has_ts;
	scu->first_tsval = seg->tsval;
	scu->tsval = seg->tsval;
	scu->tsecr = seg->tsecr;
	scu->ts_off = seg->ts_off;
	scu->ip_fields = seg->ip_fields;
	scu->ecn = seg->ecn;
	scu->seg_count = 1;
	scu->mss = (uint16_t)seg->payload_len;
	scu->payload_len = seg->payload_len;
	/* the segment's checksum was verified good, and the validation kept its
	 * payload's sum: the payload is never read again */
	scu->payload_sum = seg->l3->payload_sum;
}

/* Add a segment's payload sum at payload offset @p off of the SCU. One's
 * complement sums are byte-order independent up to a swap: bytes that start
 * at an odd offset pair up the other way round. */
static uint32_t payload_sum_add(uint32_t acc, uint16_t seg_sum, uint32_t off)
{
	return __rte_raw_cksum_reduce(acc + ((off & 1) ? rte_bswap16(seg_sum) : seg_sum));
}

void taskoff_rsc_scu_append(struct taskoff_rsc_scu *scu, const struct taskoff_rsc_seg *seg,
			    struct taskoff_counters *cnt)
{
	trim_padding(seg);
	/* while the segment still has its headers */
	scu->payload_sum =
	    payload_sum_add(scu->payload_sum, seg->l3->payload_sum, scu->payload_len);
	rte_pktmbuf_adj(seg->m, (uint16_t)seg->hdr_len);
	/* The seg-limit rule checked that the segment count stays in range. */
	scu_chain(scu, seg->m);
	scu->next_seq += seg->payload_len;
	scu->ack = seg->ack;
	scu->window = seg->window;
	scu->min_ttl = RTE_MIN(scu->min_ttl, seg->ttl);
	scu->psh |= (seg->tcp_flags & RTE_TCP_PSH_FLAG) != 0;
	if (seg->has_ts) {
		scu->tsval = seg->tsval;
		scu->tsecr = seg->tsecr;
	}
	scu->seg_count++;
	scu->mss = (uint16_t)RTE_MAX(scu->mss, seg->payload_len);
	scu->payload_len += seg->payload_len;
	cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS]++;
}

/* IPv4 total length / IPv6 payload length of @p l3 in the SCU, and its TTL. */
static void scu_rewrite_ip(const struct taskoff_rsc_scu *scu, const struct taskoff_rx_l3 *l3,
			   bool set_ttl)
{
	uint8_t *base = rte_pktmbuf_mtod(scu->head, uint8_t *);
	uint32_t len = scu->hdr_len - l3->l3_off + scu->payload_len;
	struct rte_ipv4_hdr *v4;
	struct rte_ipv6_hdr *v6;

	if (l3->version == 4) {
		v4 = (struct rte_ipv4_hdr *)(base + l3->l3_off);
		v4->total_length = rte_cpu_to_be_16((uint16_t)len);
		if (set_ttl)
			v4->time_to_live = scu->min_ttl;
		v4->hdr_checksum = 0;
		v4->hdr_checksum = rte_ipv4_cksum(v4);
		return;
	}
	v6 = (struct rte_ipv6_hdr *)(base + l3->l3_off);
	v6->payload_len = rte_cpu_to_be_16((uint16_t)(len - sizeof(*v6)));
	if (set_ttl)
		v6->hop_limits = scu->min_ttl;
}

/* ACK, window, PSH, timestamps of the latest segment; checksum from the new
 * pseudo and TCP headers plus the payload sum gathered while appending. */
static void scu_rewrite_tcp(const struct taskoff_rsc_scu *scu, const struct taskoff_rx_l3 *l3)
{
	uint8_t *base = rte_pktmbuf_mtod(scu->head, uint8_t *);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(base + l3->l4_off);
	uint32_t sum;

	tcp->recv_ack = rte_cpu_to_be_32(scu->ack);
	tcp->rx_win = rte_cpu_to_be_16(scu->window);
	if (scu->psh)
		tcp->tcp_flags |= RTE_TCP_PSH_FLAG;
	if (scu->has_ts) {
		taskoff_put_be32(base + scu->ts_off, scu->tsval);
		taskoff_put_be32(base + scu->ts_off + 4, scu->tsecr);
	}
	tcp->cksum = 0;
	sum = taskoff_rx_cksum_pseudo(l3, l3->l4_len + scu->payload_len) +
	      __rte_raw_cksum(tcp, l3->l4_len, 0) + scu->payload_sum;
	/* the pseudo header is never all zero, so the folded sum is never 0 and
	 * this equals a checksum computed over the whole chain */
	tcp->cksum = (uint16_t)~__rte_raw_cksum_reduce(sum);
}

/*
 * VXLAN's outer UDP header: length, and the checksum if the head carried one.
 * A head sent without one (0, IPv4 only: over IPv6 a 0 is BAD and never
 * coalesced) keeps 0, which every receiver accepts over IPv4 and which says
 * what the sender said. Otherwise the checksum is recomputed over the
 * rewritten headers plus the payload sum gathered while appending, so the
 * payload is not read again; it covers the inner TCP header, so this runs
 * after scu_rewrite_tcp.
 */
static void scu_rewrite_outer_udp(const struct taskoff_rsc_scu *scu)
{
	const struct taskoff_rx_parsed *p = &scu->hdrs;
	uint8_t *base = rte_pktmbuf_mtod(scu->head, uint8_t *);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(base + p->tun.off);
	uint32_t hdrs = scu->hdr_len - p->tun.off, len = hdrs + scu->payload_len;
	uint16_t sum;

	udp->dgram_len = rte_cpu_to_be_16((uint16_t)len);
	if (udp->dgram_cksum == 0)
		return;
	udp->dgram_cksum = 0;
	sum = taskoff_cksum_fold((uint64_t)taskoff_rx_cksum_pseudo(&p->l3, len) +
				 taskoff_cksum_raw(udp, hdrs) +
				 taskoff_cksum_at_offset((uint16_t)scu->payload_sum, hdrs));
	/* a computed 0 is sent as 0xffff (RFC 768): 0 means "no checksum" */
	udp->dgram_cksum = sum == 0xffff ? 0xffff : (uint16_t)~sum;
}

void taskoff_rsc_scu_finalize(struct taskoff_rsc_scu *scu, int info_offset,
			      struct taskoff_counters *cnt)
{
	const struct taskoff_rx_l3 *l3 = taskoff_rx_payload_l3(&scu->hdrs);
	struct taskoff_rsc_info *info;

	if (scu->seg_count < 2)
		return; /* a lone segment is delivered exactly as received */
	scu->head->nb_segs = (uint16_t)scu->nb_segs;
	scu->head->pkt_len = scu->hdr_len + scu->payload_len;
	scu_rewrite_ip(scu, l3, true);
	if (taskoff_rx_tunnelled(&scu->hdrs))
		scu_rewrite_ip(scu, &scu->hdrs.l3, false);
	scu_rewrite_tcp(scu, l3);
	if (scu->hdrs.tun.kind == TASKOFF_RX_TUNNEL_VXLAN)
		scu_rewrite_outer_udp(scu);
	info = RTE_MBUF_DYNFIELD(scu->head, info_offset, struct taskoff_rsc_info *);
	info->coalesced_seg_count = scu->seg_count;
	info->dup_ack_count = 0;
	info->ts_delta = scu->has_ts ? scu->tsval - scu->first_tsval : 0;
	scu->head->ol_flags |= RTE_MBUF_F_RX_LRO;
	scu->head->tso_segsz = scu->mss;
	cnt->v[TASKOFF_CNT_RSC_COALESCED_PKTS]++;
	cnt->v[TASKOFF_CNT_RSC_COALESCED_OCTETS] += scu->payload_len;
}
