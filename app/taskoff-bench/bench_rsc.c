/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 3: receive coalescing. A burst of in-order 1448-byte TCP/IPv4
 * segments of a few interleaved flows through taskoff_rx_burst() (checksum
 * validation + RSC) against what an application does without it: parse each
 * frame (rte_net_get_ptype), verify its IPv4 and TCP checksums in software,
 * then rte_gro_reassemble_burst(). Only the call(s) under test are timed: the
 * frames are rewritten into fresh mbufs before every burst, outside the clock,
 * and the coalesced packets are freed outside it too.
 */
#include <stdio.h>
#include <string.h>

#include <rte_gro.h>
#include <rte_ip.h>
#include <rte_net.h>

#include "bench.h"
#include "bench_pkt.h"
#include "taskoff_rx.h"

#define RSC_BURST    32u
#define RSC_FLOWS    4u
#define RSC_PER_FLOW (RSC_BURST / RSC_FLOWS)
#define RSC_FRAME    (BENCH_HDRS_IPV4 + BENCH_MSS)

struct rsc_arg {
	struct rte_mempool *pool;
	unsigned int bursts; /* per round */
	uint8_t frames[RSC_BURST][RSC_FRAME];
	struct rte_mbuf *pkts[RSC_BURST];
	struct rte_mbuf *out[RSC_BURST];
	struct taskoff_rx_ctx *ctx;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct rte_gro_param gro;
	uint64_t out_pkts; /* delivered by the last round */
	uint64_t failures;
};

/* Fresh mbufs holding the burst, as a receive queue would hand them over. */
static int refill(struct rsc_arg *a)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(a->pool, a->pkts, RSC_BURST) != 0)
		return -1;
	for (i = 0; i < RSC_BURST; i++)
		memcpy(rte_pktmbuf_append(a->pkts[i], RSC_FRAME), a->frames[i], RSC_FRAME);
	return 0;
}

static uint64_t round_taskoff(void *arg)
{
	struct rsc_arg *a = arg;
	uint64_t ns = 0, delivered = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		uint64_t t0;
		uint16_t n;

		if (refill(a) != 0) {
			a->failures++;
			break;
		}
		t0 = bench_now_ns();
		n = taskoff_rx_burst(a->ctx, &a->cfg, &a->cnt, a->pkts, RSC_BURST, a->out,
				     RSC_BURST);
		ns += bench_now_ns() - t0;
		delivered += n;
		rte_pktmbuf_free_bulk(a->out, n);
	}
	a->out_pkts = delivered;
	return ns;
}

/* The software work a receive path does without RSC: parse, then verify both checksums. */
static void sw_parse_verify(struct rte_mbuf *m)
{
	struct rte_net_hdr_lens hl;
	const struct rte_ipv4_hdr *ip;
	bool ip_ok, l4_ok;

	m->packet_type = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
	m->l2_len = hl.l2_len;
	m->l3_len = hl.l3_len;
	m->l4_len = hl.l4_len;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, hl.l2_len);
	ip_ok = rte_ipv4_cksum(ip) == 0;
	l4_ok = rte_ipv4_udptcp_cksum_verify(ip, (const uint8_t *)ip + hl.l3_len) == 0;
	m->ol_flags |= (ip_ok ? RTE_MBUF_F_RX_IP_CKSUM_GOOD : RTE_MBUF_F_RX_IP_CKSUM_BAD) |
		       (l4_ok ? RTE_MBUF_F_RX_L4_CKSUM_GOOD : RTE_MBUF_F_RX_L4_CKSUM_BAD);
}

static uint16_t gro_once(struct rsc_arg *a)
{
	unsigned int i;

	for (i = 0; i < RSC_BURST; i++)
		sw_parse_verify(a->pkts[i]);
	return rte_gro_reassemble_burst(a->pkts, RSC_BURST, &a->gro);
}

static uint64_t round_gro(void *arg)
{
	struct rsc_arg *a = arg;
	uint64_t ns = 0, delivered = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		uint64_t t0;
		uint16_t n;

		if (refill(a) != 0) {
			a->failures++;
			break;
		}
		t0 = bench_now_ns();
		n = gro_once(a);
		ns += bench_now_ns() - t0;
		delivered += n;
		rte_pktmbuf_free_bulk(a->pkts, n);
	}
	a->out_pkts = delivered;
	return ns;
}

/* Segment k of flow f: consecutive sequence numbers, only ACK set (both coalescers merge it). */
static void make_frames(struct rsc_arg *a)
{
	uint8_t payload[BENCH_MSS];
	unsigned int i;

	for (i = 0; i < RSC_BURST; i++) {
		unsigned int f = i % RSC_FLOWS, k = i / RSC_FLOWS;
		struct bench_flow fl = {.src_ip = 0x0a000001 + f,
					.dst_ip = 0x0a0000fe,
					.sport = (uint16_t)(20000 + f),
					.dport = 5201,
					.seq = 5000000u + k * BENCH_MSS,
					.ack = 42,
					.ip_id = (uint16_t)(100 + k),
					.tcp_flags = RTE_TCP_ACK_FLAG};

		bench_fill_random(payload, sizeof(payload), 1000 + i);
		bench_build_tcp_frame(a->frames[i], &fl, payload, BENCH_MSS);
	}
}

/* Bytes 54.. of the coalesced packet of flow @p f, as the input frames carried them. */
static bool payload_matches(const struct rsc_arg *a, const struct rte_mbuf *m, unsigned int f)
{
	static uint8_t buf[RSC_PER_FLOW * BENCH_MSS];
	const uint8_t *p;
	unsigned int k;

	if (m->pkt_len != BENCH_HDRS_IPV4 + sizeof(buf))
		return false;
	p = rte_pktmbuf_read(m, BENCH_HDRS_IPV4, sizeof(buf), buf);
	for (k = 0; p != NULL && k < RSC_PER_FLOW; k++)
		if (memcmp(p + k * BENCH_MSS, a->frames[k * RSC_FLOWS + f] + BENCH_HDRS_IPV4,
			   BENCH_MSS) != 0)
			return false;
	return p != NULL;
}

/* Coalesced packets: one per flow, whole payload in order. @return how many are right. */
static unsigned int count_good(const struct rsc_arg *a, struct rte_mbuf **m, unsigned int n)
{
	unsigned int i, good = 0;

	for (i = 0; i < n; i++) {
		const struct rte_tcp_hdr *tcp = rte_pktmbuf_mtod_offset(
		    m[i], const struct rte_tcp_hdr *, BENCH_ETH_LEN + BENCH_IPV4_LEN);
		unsigned int f = (unsigned int)(rte_be_to_cpu_16(tcp->src_port) - 20000);

		good += f < RSC_FLOWS && payload_matches(a, m[i], f);
	}
	return good;
}

static unsigned int count_cksum_good(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i, good = 0;

	for (i = 0; i < n; i++)
		good +=
		    (m[i]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
		    (m[i]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	return good;
}

/* Coalesced packets whose IPv4 header (and, with @p tcp, TCP) checksum verifies. */
static unsigned int count_wire_valid(struct rte_mbuf **m, unsigned int n, bool tcp)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++) {
		const struct rte_ipv4_hdr *ip =
		    rte_pktmbuf_mtod_offset(m[i], const struct rte_ipv4_hdr *, BENCH_ETH_LEN);

		ok += rte_ipv4_cksum(ip) == 0 &&
		      (!tcp || rte_ipv4_udptcp_cksum_mbuf_verify(
				   m[i], ip, BENCH_ETH_LEN + BENCH_IPV4_LEN) == 0);
	}
	return ok;
}

static void sanity(struct rsc_arg *a, struct bench_report *rep)
{
	unsigned int good, ck, wire;
	uint16_t n;

	if (refill(a) != 0)
		return;
	n = taskoff_rx_burst(a->ctx, &a->cfg, &a->cnt, a->pkts, RSC_BURST, a->out, RSC_BURST);
	good = count_good(a, a->out, n);
	ck = count_cksum_good(a->out, n);
	wire = count_wire_valid(a->out, n, true);
	bench_check(rep, "rsc: taskoff coalesces each flow into one packet",
		    n == RSC_FLOWS && good == n && ck == n && wire == n,
		    "%u packets (expected %u), %u with the flow's payload in order, %u flagged "
		    "good, %u with valid IP+TCP checksums",
		    n, RSC_FLOWS, good, ck, wire);
	rte_pktmbuf_free_bulk(a->out, n);
	if (refill(a) != 0)
		return;
	n = gro_once(a);
	good = count_good(a, a->pkts, n);
	ck = count_cksum_good(a->pkts, n);
	wire = count_wire_valid(a->pkts, n, false); /* informational: rte_gro leaves it */
	bench_check(rep, "rsc: rte_gro + sw verify agrees with taskoff",
		    n == RSC_FLOWS && good == n && ck == n,
		    "%u packets, %u with the flow's payload, %u verified good; %u with a valid "
		    "IPv4 header checksum after merging",
		    n, good, ck, wire);
	rte_pktmbuf_free_bulk(a->pkts, n);
}

int bench_rsc(const struct bench_env *env, struct bench_report *rep)
{
	static struct rsc_arg a;
	const bench_round_fn fns[] = {round_taskoff, round_gro};
	double in_bytes, in_pkts, ns[2];
	struct bench_row *mine, *base;
	char name[64];

	memset(&a, 0, sizeof(a));
	a.pool = env->hdr_pool;
	a.bursts = 16; /* timed part of a round: ~80 us */
	taskoff_offload_config_default(&a.cfg);
	a.ctx = taskoff_rx_ctx_create("bench_rsc", (int)rte_socket_id(), 64);
	if (a.ctx == NULL) {
		fprintf(stderr, "rsc: cannot create the taskoff RX context\n");
		return -1;
	}
	a.gro.gro_types = RTE_GRO_TCP_IPV4;
	a.gro.max_flow_num = RSC_BURST;
	a.gro.max_item_per_flow = RSC_BURST;
	make_frames(&a);
	sanity(&a, rep);
	in_pkts = (double)a.bursts * RSC_BURST;
	in_bytes = in_pkts * RSC_FRAME;
	snprintf(name, sizeof(name), "%u x %u B TCP/IPv4, %u flows", RSC_BURST, RSC_FRAME,
		 RSC_FLOWS);
	bench_best_set(fns, &a, RTE_DIM(fns), bench_reps(env, 32), ns);
	mine = bench_add_row(rep, "rsc", name, "taskoff_rx_burst", BENCH_GBITS, in_bytes, in_pkts,
			     "input pkt", ns[0]);
	base = bench_add_row(rep, "rsc", name, "sw verify + rte_gro_burst", BENCH_GBITS, in_bytes,
			     in_pkts, "input pkt", ns[1]);
	bench_set_ratio(mine, base);
	bench_check(rep, "rsc: no failures, no bad checksums, no drops",
		    a.failures == 0 && a.cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD] == 0 &&
			a.cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD] == 0 &&
			a.cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP] == 0,
		    "%llu refill failures, %llu/%llu IP/L4 bad, %llu out-cap drops",
		    (unsigned long long)a.failures,
		    (unsigned long long)a.cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD],
		    (unsigned long long)a.cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD],
		    (unsigned long long)a.cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP]);
	bench_note(rep, "rsc: Gbit/s counts input frame bytes; only the call(s) under test are "
			"timed (frames are copied into fresh mbufs before each burst, outside the "
			"clock)");
	taskoff_rx_ctx_free(a.ctx);
	return 0;
}
