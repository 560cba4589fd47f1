/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "gen.h"

int gen_init(struct gen *g, const struct flow_plan *plan, const struct headers_addr *addr,
	     struct rte_mempool *pool, uint16_t port, uint16_t queue, uint16_t first, uint16_t step,
	     double pps, double bps)
{
	uint16_t f;

	memset(g, 0, sizeof(*g));
	if (step == 0 || first >= plan->nb_flows)
		return -EINVAL;
	g->plan = plan;
	g->addr = *addr;
	g->pool = pool;
	g->port = port;
	g->queue = queue;
	g->first_flow = first;
	g->flow_step = step;
	g->next_flow = first;
	g->rate.pps = pps;
	g->rate.bps = bps;
	g->rate.last_tsc = rte_rdtsc();
	for (f = 0; f < FLOWS_MAX; f++)
		g->ip_id[f] = (uint16_t)(f * 1000u);
	return 0;
}

static uint32_t pkt_segments(const struct flow_spec *f, uint32_t payload)
{
	return (payload + f->seg_payload - 1) / f->seg_payload;
}

/* Every wire segment repeats the headers. */
static uint32_t header_len(const struct rte_mbuf *m)
{
	return m->outer_l2_len + m->outer_l3_len + m->l2_len + m->l3_len + m->l4_len;
}

/* Refill the buckets; a bucket holds at most one second's worth of tokens. */
static void rate_refill(struct gen_rate *r)
{
	uint64_t now = rte_rdtsc();
	double dt = (double)(now - r->last_tsc) / (double)rte_get_tsc_hz();

	r->last_tsc = now;
	if (r->pps > 0)
		r->frame_tokens = RTE_MIN(r->frame_tokens + dt * r->pps, r->pps);
	if (r->bps > 0)
		r->bit_tokens = RTE_MIN(r->bit_tokens + dt * r->bps, r->bps);
}

static bool rate_allows(const struct gen_rate *r)
{
	return (r->pps <= 0 || r->frame_tokens > 0) && (r->bps <= 0 || r->bit_tokens > 0);
}

static void rate_charge(struct gen_rate *r, double frames, double bits)
{
	if (r->pps > 0)
		r->frame_tokens -= frames;
	if (r->bps > 0)
		r->bit_tokens -= bits;
}

/* Append @p len pattern bytes of @p flow from @p off, chaining mbufs as the tailroom runs out. */
static int append_payload(struct rte_mempool *pool, struct rte_mbuf *head, uint16_t flow,
			  uint64_t off, uint32_t len)
{
	struct rte_mbuf *last = rte_pktmbuf_lastseg(head);

	while (len > 0) {
		uint16_t room = rte_pktmbuf_tailroom(last), n, i;
		uint8_t *p;

		if (room == 0) {
			struct rte_mbuf *seg = rte_pktmbuf_alloc(pool);

			if (seg == NULL || rte_pktmbuf_chain(head, seg) != 0) {
				rte_pktmbuf_free(seg);
				return -ENOMEM;
			}
			last = seg;
			continue;
		}
		n = (uint16_t)RTE_MIN((uint32_t)room, len);
		p = (uint8_t *)rte_pktmbuf_append(last, n);
		head->pkt_len += last == head ? 0 : n;
		for (i = 0; i < n; i++)
			p[i] = flow_pattern_byte(flow, off + i);
		off += n;
		len -= n;
	}
	return 0;
}

void gen_set_fault_every(struct gen *g, uint32_t n)
{
	g->fault_every = n;
	g->until_fault = n;
}

/* The first payload byte sits right after the headers, in the first mbuf. */
static void maybe_corrupt(struct gen *g, struct rte_mbuf *m, uint16_t hlen)
{
	if (g->fault_every == 0 || --g->until_fault != 0)
		return;
	g->until_fault = g->fault_every;
	*rte_pktmbuf_mtod_offset(m, uint8_t *, hlen) ^= 0x5a;
	g->stats.corrupted++;
}

static struct rte_mbuf *build_packet(struct gen *g, uint16_t flow)
{
	const struct flow_spec *f = &g->plan->flow[flow];
	struct headers_pkt p = {.flow = flow,
				.offset = g->offset[flow],
				.payload = f->pkt_payload,
				.ip_id = g->ip_id[flow]};
	struct rte_mbuf *m = rte_pktmbuf_alloc(g->pool);
	uint8_t hdr[HEADERS_MAX_LEN];
	uint16_t hlen;

	if (m == NULL)
		return NULL;
	hlen = headers_build(hdr, m, f, &g->addr, &p);
	memcpy(rte_pktmbuf_append(m, hlen), hdr, hlen);
	if (append_payload(g->pool, m, flow, p.offset, p.payload) != 0) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	maybe_corrupt(g, m, hlen);
	g->offset[flow] += p.payload;
	/* the next packet starts where this one's segments left the IPv4 ID */
	g->ip_id[flow] = (uint16_t)(g->ip_id[flow] + pkt_segments(f, p.payload));
	return m;
}

static void fill_pending(struct gen *g)
{
	const struct flow_plan *plan = g->plan;

	while (g->nb_pending < GEN_BURST && rate_allows(&g->rate)) {
		uint16_t flow = g->next_flow;
		const struct flow_spec *f = &plan->flow[flow];
		struct rte_mbuf *m = build_packet(g, flow);
		uint32_t segs;

		if (m == NULL) {
			g->stats.alloc_failures++;
			return;
		}
		segs = pkt_segments(f, f->pkt_payload);
		rate_charge(&g->rate, segs, (double)(m->pkt_len + (segs - 1) * header_len(m)) * 8);
		g->pending_flow[g->nb_pending] = flow;
		g->pending[g->nb_pending++] = m;
		g->next_flow = (uint16_t)(flow + g->flow_step);
		if (g->next_flow >= plan->nb_flows)
			g->next_flow = g->first_flow;
	}
}

/* Account packets tx_burst consumed, by the flow recorded when each was built. */
static void count_sent(struct gen *g, uint16_t from, uint16_t n)
{
	uint16_t i;

	for (i = from; i < from + n; i++) {
		const struct flow_spec *f = &g->plan->flow[g->pending_flow[i]];
		uint32_t segs = pkt_segments(f, f->pkt_payload);

		g->stats.payload_bytes += f->pkt_payload;
		if (f->kind == FLOW_UDP)
			g->stats.udp_segments += segs;
		else
			g->stats.tcp_segments += segs;
	}
	g->stats.packets += n;
}

void gen_step(struct gen *g)
{
	uint16_t sent;

	rate_refill(&g->rate);
	if (g->nb_pending == g->pending_head) {
		g->nb_pending = 0;
		g->pending_head = 0;
		fill_pending(g);
	}
	sent = rte_eth_tx_burst(g->port, g->queue, &g->pending[g->pending_head],
				g->nb_pending - g->pending_head);
	count_sent(g, g->pending_head, sent);
	g->pending_head += sent;
}

uint16_t gen_discard_pending(struct gen *g)
{
	uint16_t n = g->nb_pending - g->pending_head;

	rte_pktmbuf_free_bulk(&g->pending[g->pending_head], n);
	g->nb_pending = 0;
	g->pending_head = 0;
	return n;
}
