/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage "scale": TaskOff's whole datapath through the ethdev API on 1 and on
 * 2 lcores. Each lcore (a "lane") owns TX queue q of net_taskoff0 and RX queue
 * q of net_taskoff1: it sends 64400-byte TCP/IPv4 packets with LSO (MSS 1400,
 * IP and TCP checksums asked), the peer wire steers every segment by port 1's
 * RSS to RX queue q (the flows were chosen for that), and the lane receives
 * them coalesced by RSC (LRO) and frees them after reading only the mbuf
 * metadata (checksum flags, CoalescedSegCount): no payload byte is touched by
 * the application, so the segments/s measure TaskOff alone.
 *
 * The generator is cheap: the headers are a per-flow template copied into a
 * fresh mbuf, the payload a per-lane 64 KiB buffer attached by reference
 * (rte_pktmbuf_clone), so no payload is written per packet.
 *
 * Rounds of 1 lane and of 2 lanes alternate; each round runs for a fixed
 * time and then drains until every segment sent was received. The fastest
 * round of each kind is kept (the shared machine disturbs the others). The
 * main lcore is lane 0, the EAL's one worker lcore lane 1: on a 2-CPU machine
 * nothing spins on a third CPU.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "bench.h"
#include "bench_pkt.h"
#include "bench_scale.h"
#include "rte_pmd_taskoff.h"

#define INFLIGHT_PKTS  4u   /* per lane: ~184 segments, within the PMD pools' lcore caches */
#define RX_BURST       256u /* one burst takes every segment in flight: 46 per SCU */
#define TX_OL_FLAGS    (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM)
#define DRAIN_LIMIT_NS 500000000ull /* a lane that receives nothing for 0.5 s gives up */

/* One flow's headers and where its stream stands. */
struct scale_flow {
	uint8_t hdr[BENCH_HDRS_IPV4];
	uint32_t seq;
	uint16_t ip_id;
};

/* What one lane did in one round, and over the whole stage. */
struct lane_count {
	uint64_t pkts;	  /* packets tx_burst consumed */
	uint64_t segs_rx; /* segments received: CoalescedSegCount of SCUs, 1 per other frame */
	uint64_t units;	  /* packets rx_burst delivered */
	uint64_t scus;	  /* of which RX_LRO */
	uint64_t bad;	  /* a checksum flag not GOOD */
	uint64_t alloc_fail;
};

struct scale_lane {
	uint16_t queue;
	struct scale_ctx *ctx;
	struct rte_mempool *hdr_pool, *ind_pool;
	struct rte_mbuf *payload;
	struct scale_flow flow[SCALE_FLOWS];
	unsigned int next_flow;
	struct rte_mbuf *pending[INFLIGHT_PKTS];
	unsigned int nb_pending, pending_head;
	struct lane_count round, total;
	uint64_t ns;	    /* this round, from the start barrier to fully drained */
	bool drain_timeout; /* sent segments never arrived on this lane's queue */
} __rte_cache_aligned;

struct scale_ctx {
	struct scale_ports ports;
	struct scale_lane lane[SCALE_LANES];
	unsigned int worker; /* lcore of lane 1 */
	int rsc_off;
	uint64_t round_ns;
	unsigned int nb_active;
	uint32_t ready; /* start barrier */
};

/* --- generator --- */

static void flow_template(struct scale_flow *f, const struct scale_ports *p, uint16_t sport)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)f->hdr;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);

	memset(f, 0, sizeof(*f));
	eth->dst_addr = p->rx_mac;
	eth->src_addr = p->tx_mac;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(BENCH_IPV4_LEN + BENCH_TCP_LEN + SCALE_PAYLOAD);
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(SCALE_SRC_IP);
	ip->dst_addr = rte_cpu_to_be_32(SCALE_DST_IP);
	tcp->src_port = rte_cpu_to_be_16(sport);
	tcp->dst_port = rte_cpu_to_be_16(SCALE_DPORT);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = (BENCH_TCP_LEN / 4) << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(65535);
	f->seq = (uint32_t)sport << 16;
}

/* Template headers in a fresh mbuf, the lane's payload attached by reference behind them. */
static struct rte_mbuf *build_packet(struct scale_lane *l)
{
	struct scale_flow *f = &l->flow[l->next_flow];
	struct rte_mbuf *h = rte_pktmbuf_alloc(l->hdr_pool), *p;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;
	uint8_t *b;

	if (h == NULL)
		return NULL;
	p = rte_pktmbuf_clone(l->payload, l->ind_pool);
	if (p == NULL) {
		rte_pktmbuf_free(h);
		return NULL;
	}
	b = (uint8_t *)rte_pktmbuf_append(h, BENCH_HDRS_IPV4);
	memcpy(b, f->hdr, BENCH_HDRS_IPV4);
	ip = (struct rte_ipv4_hdr *)(b + BENCH_ETH_LEN);
	tcp = (struct rte_tcp_hdr *)(ip + 1);
	ip->packet_id = rte_cpu_to_be_16(f->ip_id);
	tcp->sent_seq = rte_cpu_to_be_32(f->seq);
	h->ol_flags = TX_OL_FLAGS;
	h->l2_len = BENCH_ETH_LEN;
	h->l3_len = BENCH_IPV4_LEN;
	h->l4_len = BENCH_TCP_LEN;
	h->tso_segsz = SCALE_MSS;
	tcp->cksum = rte_ipv4_phdr_cksum(ip, h->ol_flags);
	h->next = p;
	h->nb_segs = 2;
	h->pkt_len = BENCH_HDRS_IPV4 + SCALE_PAYLOAD;
	f->seq += SCALE_PAYLOAD;
	f->ip_id = (uint16_t)(f->ip_id + SCALE_SEGS);
	l->next_flow = (l->next_flow + 1) % SCALE_FLOWS;
	return h;
}

/* Keep at most INFLIGHT_PKTS packets' segments between tx_burst and rx_burst. */
static void lane_send(struct scale_lane *l)
{
	uint64_t inflight = l->round.pkts * SCALE_SEGS - l->round.segs_rx;
	uint16_t sent;

	if (l->nb_pending == l->pending_head) {
		unsigned int room = INFLIGHT_PKTS - (unsigned int)(inflight / SCALE_SEGS);

		l->nb_pending = 0;
		l->pending_head = 0;
		while (l->nb_pending < room) {
			struct rte_mbuf *m = build_packet(l);

			if (m == NULL) {
				l->round.alloc_fail++;
				break;
			}
			l->pending[l->nb_pending++] = m;
		}
	}
	sent = rte_eth_tx_burst(l->ctx->ports.tx_port, l->queue, &l->pending[l->pending_head],
				(uint16_t)(l->nb_pending - l->pending_head));
	l->pending_head += sent;
	l->round.pkts += sent;
}

/* --- receiver: metadata only --- */

static void count_unit(struct scale_lane *l, const struct rte_mbuf *m)
{
	const uint64_t good = RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	const uint64_t mask = RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK;

	l->round.units++;
	l->round.bad += (m->ol_flags & mask) != good;
	if ((m->ol_flags & RTE_MBUF_F_RX_LRO) && l->ctx->rsc_off >= 0) {
		l->round.scus++;
		l->round.segs_rx +=
		    RTE_MBUF_DYNFIELD(m, l->ctx->rsc_off, const struct rte_pmd_taskoff_rsc_info *)
			->coalesced_seg_count;
	} else {
		l->round.segs_rx++;
	}
}

static uint16_t lane_receive(struct scale_lane *l)
{
	struct rte_mbuf *m[RX_BURST];
	uint16_t n = rte_eth_rx_burst(l->ctx->ports.rx_port, l->queue, m, RX_BURST), i;

	for (i = 0; i < n; i++)
		count_unit(l, m[i]);
	rte_pktmbuf_free_bulk(m, n);
	return n;
}

/* Receive until every segment this lane sent has arrived (or nothing came for a long time). */
static void lane_drain(struct scale_lane *l)
{
	uint64_t quiet_since = bench_now_ns();

	while (l->round.segs_rx < l->round.pkts * SCALE_SEGS) {
		if (lane_receive(l) != 0)
			quiet_since = bench_now_ns();
		else if (bench_now_ns() - quiet_since > DRAIN_LIMIT_NS) {
			l->drain_timeout = true;
			return;
		}
	}
}

static void barrier(struct scale_ctx *c)
{
	__atomic_add_fetch(&c->ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&c->ready, __ATOMIC_ACQUIRE) < c->nb_active)
		rte_pause();
}

static void count_add(struct lane_count *a, const struct lane_count *b)
{
	a->pkts += b->pkts;
	a->segs_rx += b->segs_rx;
	a->units += b->units;
	a->scus += b->scus;
	a->bad += b->bad;
	a->alloc_fail += b->alloc_fail;
}

/* One round of one lane: send and receive for round_ns, then drain. */
static int lane_round(void *arg)
{
	struct scale_lane *l = arg;
	uint64_t t0, end;

	memset(&l->round, 0, sizeof(l->round));
	barrier(l->ctx);
	t0 = bench_now_ns();
	end = t0 + l->ctx->round_ns;
	while (bench_now_ns() < end) {
		lane_send(l);
		lane_receive(l);
	}
	/* what was built but not taken goes back; then wait for the rest */
	rte_pktmbuf_free_bulk(&l->pending[l->pending_head], l->nb_pending - l->pending_head);
	l->nb_pending = l->pending_head = 0;
	lane_drain(l);
	l->ns = bench_now_ns() - t0;
	count_add(&l->total, &l->round);
	return 0;
}

/* Wait for the worker without spinning: on a 2-CPU machine this CPU may be a lane's. */
static void wait_worker(unsigned int worker)
{
	while (rte_eal_get_lcore_state(worker) == RUNNING)
		usleep(100);
	rte_eal_wait_lcore(worker);
}

/*
 * One round of the lanes in @p mask (bit i: lane i) at once; lane 0 runs on
 * this, the main, lcore, lane 1 on the worker. @return segments per ns.
 */
static double run_round(struct scale_ctx *c, unsigned int mask)
{
	uint64_t ns = 0, segs = 0;
	unsigned int i;

	c->nb_active = (unsigned int)__builtin_popcount(mask);
	__atomic_store_n(&c->ready, 0, __ATOMIC_RELEASE);
	if ((mask & 2u) && rte_eal_remote_launch(lane_round, &c->lane[1], c->worker) != 0)
		return 0;
	if (mask & 1u)
		lane_round(&c->lane[0]);
	if (mask & 2u)
		wait_worker(c->worker);
	for (i = 0; i < SCALE_LANES; i++) {
		if (!(mask & (1u << i)))
			continue;
		ns = RTE_MAX(ns, c->lane[i].ns);
		segs += c->lane[i].round.segs_rx;
	}
	return ns != 0 ? (double)segs / (double)ns : 0;
}

/* --- set-up --- */

static int lane_init(struct scale_ctx *c, struct scale_lane *l, uint16_t q,
		     struct rte_mempool *big_pool)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	unsigned int f;

	memset(l, 0, sizeof(*l));
	l->queue = q;
	l->ctx = c;
	snprintf(name, sizeof(name), "scale_hdr%u", q);
	l->hdr_pool = rte_pktmbuf_pool_create(
	    name, 255, 32, 0, RTE_PKTMBUF_HEADROOM + BENCH_HDRS_IPV4 + 64, (int)rte_socket_id());
	snprintf(name, sizeof(name), "scale_ind%u", q);
	l->ind_pool = rte_pktmbuf_pool_create(name, 255, 32, 0, 0, (int)rte_socket_id());
	l->payload = rte_pktmbuf_alloc(big_pool);
	if (l->hdr_pool == NULL || l->ind_pool == NULL || l->payload == NULL ||
	    rte_pktmbuf_tailroom(l->payload) < SCALE_PAYLOAD)
		return -1;
	bench_fill_random(rte_pktmbuf_append(l->payload, SCALE_PAYLOAD), SCALE_PAYLOAD, q + 1);
	for (f = 0; f < SCALE_FLOWS; f++)
		flow_template(&l->flow[f], &c->ports, c->ports.sport[q][f]);
	return 0;
}

static void lane_fini(struct scale_lane *l)
{
	rte_pktmbuf_free(l->payload);
	rte_mempool_free(l->hdr_pool);
	rte_mempool_free(l->ind_pool);
	l->payload = NULL;
	l->hdr_pool = l->ind_pool = NULL;
}

/* --- results and checks --- */

/* Best rates (segments per ns) of each kind of round. */
struct scale_best {
	double solo[SCALE_LANES];      /* lane i alone on its lcore */
	double both;		       /* both lanes at once, total */
	double lane_rate[SCALE_LANES]; /* each lane's own rate in that best round */
};

/* Lane 0 alone, lane 1 alone, both: interleaved, so a busy moment hits all alike. */
static void measure(struct scale_ctx *c, unsigned int rounds, struct scale_best *b)
{
	unsigned int r, i;
	double rate;

	memset(b, 0, sizeof(*b));
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < SCALE_LANES; i++)
			b->solo[i] = RTE_MAX(b->solo[i], run_round(c, 1u << i));
		rate = run_round(c, (1u << SCALE_LANES) - 1);
		if (rate <= b->both)
			continue;
		b->both = rate;
		for (i = 0; i < SCALE_LANES; i++)
			b->lane_rate[i] = (double)c->lane[i].round.segs_rx / (double)c->lane[i].ns;
	}
}

static unsigned int lane_lcore(const struct scale_ctx *c, unsigned int i)
{
	return i == 0 ? rte_get_main_lcore() : c->worker;
}

/* Rows in Mpps of segments: one per lcore alone, both (ratio vs the faster alone), shares. */
static void add_rows(struct bench_report *rep, const struct scale_ctx *c,
		     const struct scale_best *b)
{
	const char *name = "64400 B TCP/IPv4 LSO>RSS>RSC";
	struct bench_row *solo[SCALE_LANES], *base, *two;
	char impl[48];
	unsigned int i;

	for (i = 0; i < SCALE_LANES; i++) {
		snprintf(impl, sizeof(impl), "1 lcore (%u), 1 queue pair", lane_lcore(c, i));
		solo[i] = bench_add_row(rep, "scale", name, impl, BENCH_MPPS, 0, 1, "segment",
					1.0 / b->solo[i]);
	}
	base = b->solo[0] >= b->solo[1] ? solo[0] : solo[1];
	two = bench_add_row(rep, "scale", name, "2 lcores, 2 queue pairs", BENCH_MPPS, 0, 1,
			    "segment", 1.0 / b->both);
	bench_set_ratio(two, base);
	for (i = 0; i < SCALE_LANES; i++) {
		snprintf(impl, sizeof(impl), "  of which lcore %u (queue %u)", lane_lcore(c, i),
			 c->lane[i].queue);
		bench_add_row(rep, "scale", name, impl, BENCH_MPPS, 0, 1, "segment",
			      1.0 / b->lane_rate[i]);
	}
	bench_note(rep, "scale: ratio = 2 lcores / the faster lcore alone; target >= 1.80 %s",
		   two != NULL && two->ratio >= 1.8 ? "met" : "NOT met in this run");
	bench_note(rep,
		   "scale: efficiency 2 lcores / (lcore %u alone + lcore %u alone) = %.2f "
		   "(1.00: the lanes slow each other down by nothing)",
		   lane_lcore(c, 0), lane_lcore(c, 1), b->both / (b->solo[0] + b->solo[1]));
	bench_note(rep, "scale: segments/s of tx_burst (LSO, IP+TCP csum) + rx_burst (RSS, csum "
			"check, RSC), payload untouched by the bench");
	bench_note(rep,
		   "scale: %" PRIu64 " ms rounds (lcore %u alone, lcore %u alone, both) "
		   "interleaved, best of each kept",
		   c->round_ns / 1000000, lane_lcore(c, 0), lane_lcore(c, 1));
}

static void check_lanes(struct bench_report *rep, const struct scale_ctx *c)
{
	struct lane_count t = {0};
	bool timeout = false, own_queue = true;
	unsigned int i;

	for (i = 0; i < SCALE_LANES; i++) {
		count_add(&t, &c->lane[i].total);
		timeout |= c->lane[i].drain_timeout;
		own_queue &= c->lane[i].total.segs_rx == c->lane[i].total.pkts * SCALE_SEGS;
	}
	bench_check(
	    rep, "scale: RSS put every lane's segments on its own RX queue", own_queue && !timeout,
	    "lane 0: %" PRIu64 " of %" PRIu64 " segments, lane 1: %" PRIu64 " of %" PRIu64 "%s",
	    c->lane[0].total.segs_rx, c->lane[0].total.pkts * SCALE_SEGS, c->lane[1].total.segs_rx,
	    c->lane[1].total.pkts * SCALE_SEGS, timeout ? " (a drain timed out)" : "");
	bench_check(rep, "scale: every SCU's checksum flags GOOD, coalesced",
		    t.bad == 0 && t.scus > 0 && t.segs_rx >= 2 * t.units,
		    "%" PRIu64 " packets delivered, %" PRIu64 " SCUs, %" PRIu64
		    " not GOOD, %.1f segments per packet",
		    t.units, t.scus, t.bad, t.units ? (double)t.segs_rx / (double)t.units : 0.0);
}

/* Conservation against the ports' own counters: LSO made, the wire carried, RSC received. */
static void check_ports(struct bench_report *rep, const struct scale_ctx *c)
{
	const struct scale_ports *p = &c->ports;
	uint64_t pkts = c->lane[0].total.pkts + c->lane[1].total.pkts;
	uint64_t segs = c->lane[0].total.segs_rx + c->lane[1].total.segs_rx;
	uint64_t scus = c->lane[0].total.scus + c->lane[1].total.scus;
	uint64_t lso = scale_xstat(p->tx_port, "lso_segments");
	uint64_t txf = scale_xstat(p->tx_port, "tx_packets");
	uint64_t rxf = scale_xstat(p->rx_port, "rx_packets");
	uint64_t rsc = scale_xstat(p->rx_port, "rsc_coalesced_pkts");
	uint64_t drops = scale_drops(p->tx_port) + scale_drops(p->rx_port);

	bench_check(rep, "scale: conservation (segments sent == received into SCUs)",
		    lso == pkts * SCALE_SEGS && txf == lso && rxf == lso && segs == lso &&
			rsc == scus && drops == 0,
		    "%" PRIu64 " packets x %u = lso_segments %" PRIu64 " = tx %" PRIu64
		    " = rx %" PRIu64 " = counted %" PRIu64 "; SCUs %" PRIu64
		    " = rsc_coalesced_pkts %" PRIu64 "; drops %" PRIu64,
		    pkts, SCALE_SEGS, lso, txf, rxf, segs, scus, rsc, drops);
}

static void check_pools(struct bench_report *rep, const struct scale_ctx *c)
{
	int tx = scale_pmd_pools_in_use(c->ports.tx_port);
	int rx = scale_pmd_pools_in_use(c->ports.rx_port);
	unsigned int lanes = 0, i;

	for (i = 0; i < SCALE_LANES; i++)
		lanes += rte_mempool_in_use_count(c->lane[i].hdr_pool) +
			 rte_mempool_in_use_count(c->lane[i].ind_pool);
	bench_check(rep, "scale: mempools back to their start level",
		    tx == 0 && rx == 0 && lanes == 0,
		    "in use: PMD pools of port 0: %d, port 1: %d (-1: not found), lane pools: %u",
		    tx, rx, lanes);
}

static int scale_setup(const struct bench_env *env, struct scale_ctx *c)
{
	unsigned int i;

	c->worker = rte_get_next_lcore(-1, 1, 0);
	if (c->worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "scale: needs a second lcore (the EAL has only one)\n");
		return -1;
	}
	c->rsc_off = rte_pmd_taskoff_rsc_info_dynfield();
	if (scale_ports_open(&c->ports) != 0)
		return -1;
	for (i = 0; i < SCALE_LANES; i++)
		if (lane_init(c, &c->lane[i], (uint16_t)i, env->big_pool) != 0) {
			fprintf(stderr, "scale: cannot set up lane %u\n", i);
			return -1;
		}
	return 0;
}

static void scale_teardown(struct scale_ctx *c)
{
	unsigned int i;

	scale_ports_close(&c->ports);
	for (i = 0; i < SCALE_LANES; i++)
		lane_fini(&c->lane[i]);
}

int bench_scale(const struct bench_env *env, struct bench_report *rep)
{
	static struct scale_ctx c;
	struct scale_best best;
	int ret = 0;

	memset(&c, 0, sizeof(c));
	c.round_ns = env->quick ? 5000000ull : 20000000ull;
	if (scale_setup(env, &c) != 0) {
		ret = -1;
		goto out;
	}
	c.round_ns /= 10; /* warm-up: caches, pools, the worker's first wake-up */
	measure(&c, 2, &best);
	c.round_ns *= 10;
	measure(&c, env->quick ? env->reps : env->reps * 2, &best);
	scale_ports_stop(&c.ports);
	add_rows(rep, &c, &best);
	check_lanes(rep, &c);
	check_ports(rep, &c);
	check_pools(rep, &c);
out:
	scale_teardown(&c);
	return ret;
}
