/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 3: receive coalescing and validation. Streams of in-order 1448-byte
 * TCP/IPv4 segments, received in bursts of 32, through taskoff_rx_burst()
 * (parse, checksum validation, RSC) against what an application does without
 * it: parse each frame (rte_net_get_ptype), verify its IPv4 and TCP checksums
 * in software, then rte_gro. Scenarios:
 *  - 1 flow: every burst is one 32-segment SCU; rte_gro_reassemble_burst.
 *  - 64 interleaved flows: round-robin, so a burst holds one segment of 32
 *    flows and an SCU only fills across bursts: taskoff in hold mode
 *    (taskoff_rx_set_rsc_hold), rte_gro in its context mode
 *    (rte_gro_reassemble per burst), each flushed at the end of the stream;
 *    every flow ends as one 32-segment packet on both sides.
 *  - validation alone: the 1-flow stream with RSC off vs parse + verify.
 *  - 1 inner flow over VXLAN: bench_rsc_vxlan.c.
 * Only the calls under test are timed: frames are copied into fresh mbufs
 * before each burst, outside the clock, and delivered packets are freed
 * outside it too.
 */
#include <stdio.h>
#include <string.h>

#include <rte_gro.h>
#include <rte_ip.h>
#include <rte_net.h>

#include "bench.h"
#include "bench_pkt.h"
#include "bench_rsc_vxlan.h"
#include "taskoff_rx.h"

#define RSC_BURST    32u
#define RSC_PER_FLOW 32u /* segments per flow in a stream: one 32-segment SCU each */
#define RSC_MAX_FLOW 64u
#define RSC_FRAME    (BENCH_HDRS_IPV4 + BENCH_MSS)
#define RSC_HOLD_US                                                                                \
	10000000u /* 10 s: no SCU ends before the stream is flushed, even when                     \
		   * the bench is preempted mid-stream */

enum rsc_mode {
	RSC_ONE_FLOW,
	RSC_INTERLEAVED,
	RSC_VALIDATE_ONLY,
};

struct rsc_arg {
	struct rte_mempool *pool;
	enum rsc_mode mode;
	unsigned int flows;
	unsigned int frames;  /* in the stream: flows * RSC_PER_FLOW */
	unsigned int streams; /* per round */
	uint8_t (*bytes)[RSC_FRAME];
	struct rte_mbuf *pkts[RSC_BURST];
	struct rte_mbuf *out[RSC_MAX_FLOW + RSC_BURST];
	struct taskoff_rx_ctx *ctx;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct rte_gro_param gro;
	void *gro_ctx; /* context mode, interleaved flows */
	uint64_t failures;
};

static uint8_t stream_bytes[RSC_MAX_FLOW * RSC_PER_FLOW][RSC_FRAME];

/* Fresh mbufs holding frames [first, first + RSC_BURST) of the stream, as a receive queue
 * would hand them over. */
static int refill(struct rsc_arg *a, unsigned int first)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(a->pool, a->pkts, RSC_BURST) != 0) {
		a->failures++;
		return -1;
	}
	for (i = 0; i < RSC_BURST; i++)
		memcpy(rte_pktmbuf_append(a->pkts[i], RSC_FRAME), a->bytes[first + i], RSC_FRAME);
	return 0;
}

/* One side of a comparison: its timed work on the burst in a->pkts (delivered
 * packets in *got), and its end-of-stream flush into a->out (interleaved
 * scenario). */
struct rsc_side {
	uint16_t (*burst)(struct rsc_arg *a, struct rte_mbuf ***got);
	uint16_t (*flush)(struct rsc_arg *a);
};

static uint16_t taskoff_burst(struct rsc_arg *a, struct rte_mbuf ***got)
{
	*got = a->out;
	return taskoff_rx_burst(a->ctx, &a->cfg, &a->cnt, a->pkts, RSC_BURST, a->out,
				RTE_DIM(a->out));
}

static uint16_t taskoff_flush(struct rsc_arg *a)
{
	return taskoff_rx_flush(a->ctx, &a->cnt, a->out, RTE_DIM(a->out));
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

/* Baseline: verify every frame, then rte_gro; what it delivers stays in a->pkts. */
static uint16_t baseline_burst(struct rsc_arg *a, struct rte_mbuf ***got)
{
	unsigned int i;

	*got = a->pkts;
	for (i = 0; i < RSC_BURST; i++)
		sw_parse_verify(a->pkts[i]);
	switch (a->mode) {
	case RSC_ONE_FLOW:
		return rte_gro_reassemble_burst(a->pkts, RSC_BURST, &a->gro);
	case RSC_INTERLEAVED:
		return rte_gro_reassemble(a->pkts, RSC_BURST, a->gro_ctx);
	default:
		return RSC_BURST;
	}
}

static uint16_t baseline_flush(struct rsc_arg *a)
{
	return rte_gro_timeout_flush(a->gro_ctx, 0, RTE_GRO_TCP_IPV4, a->out, RTE_DIM(a->out));
}

static const struct rsc_side taskoff_side = {taskoff_burst, taskoff_flush};
static const struct rsc_side baseline_side = {baseline_burst, baseline_flush};

/* Delivered packets: appended to @p keep (sanity checks), or freed (timed rounds). */
static void take(struct rte_mbuf **got, uint16_t n, struct rte_mbuf **keep, uint16_t *nb_keep)
{
	if (keep == NULL) {
		rte_pktmbuf_free_bulk(got, n);
		return;
	}
	memcpy(keep + *nb_keep, got, n * sizeof(*keep));
	*nb_keep = (uint16_t)(*nb_keep + n);
}

/* One stream through @p side, each burst refilled outside the clock. @return ns timed. */
static uint64_t stream(struct rsc_arg *a, const struct rsc_side *side, struct rte_mbuf **keep,
		       uint16_t *nb_keep)
{
	struct rte_mbuf **got;
	uint64_t ns = 0, t0;
	unsigned int first;
	uint16_t n;

	for (first = 0; first < a->frames; first += RSC_BURST) {
		if (refill(a, first) != 0)
			return ns;
		t0 = bench_now_ns();
		n = side->burst(a, &got);
		ns += bench_now_ns() - t0;
		take(got, n, keep, nb_keep);
	}
	if (a->mode != RSC_INTERLEAVED)
		return ns;
	t0 = bench_now_ns();
	n = side->flush(a);
	ns += bench_now_ns() - t0;
	take(a->out, n, keep, nb_keep);
	return ns;
}

static uint64_t streams(struct rsc_arg *a, const struct rsc_side *side)
{
	uint64_t ns = 0;
	unsigned int s;

	for (s = 0; s < a->streams; s++)
		ns += stream(a, side, NULL, NULL);
	return ns;
}

static uint64_t round_taskoff(void *arg)
{
	return streams(arg, &taskoff_side);
}

static uint64_t round_baseline(void *arg)
{
	return streams(arg, &baseline_side);
}

/* Segment k of flow f is frame k * flows + f: consecutive sequence numbers, only ACK set. */
static void make_stream(struct rsc_arg *a)
{
	uint8_t payload[BENCH_MSS];
	unsigned int j;

	for (j = 0; j < a->frames; j++) {
		unsigned int f = j % a->flows, k = j / a->flows;
		struct bench_flow fl = {.src_ip = 0x0a000001 + f,
					.dst_ip = 0x0a0000fe,
					.sport = (uint16_t)(20000 + f),
					.dport = 5201,
					.seq = 5000000u + k * BENCH_MSS,
					.ack = 42,
					.ip_id = (uint16_t)(100 + k),
					.tcp_flags = RTE_TCP_ACK_FLAG};

		bench_fill_random(payload, sizeof(payload), 1000 + j);
		bench_build_tcp_frame(a->bytes[j], &fl, payload, BENCH_MSS);
	}
}

/* Packet @p m is flow f's whole stream payload, in order, behind one set of headers. */
static bool payload_matches(const struct rsc_arg *a, const struct rte_mbuf *m, unsigned int f)
{
	static uint8_t buf[RSC_PER_FLOW * BENCH_MSS];
	const uint8_t *p;
	unsigned int k;

	if (m->pkt_len != BENCH_HDRS_IPV4 + sizeof(buf))
		return false;
	p = rte_pktmbuf_read(m, BENCH_HDRS_IPV4, sizeof(buf), buf);
	for (k = 0; p != NULL && k < RSC_PER_FLOW; k++)
		if (memcmp(p + k * BENCH_MSS, a->bytes[k * a->flows + f] + BENCH_HDRS_IPV4,
			   BENCH_MSS) != 0)
			return false;
	return p != NULL;
}

/* Coalesced packets carrying a whole flow each, each flow once. */
static unsigned int count_whole_flows(const struct rsc_arg *a, struct rte_mbuf **m, unsigned int n)
{
	bool seen[RSC_MAX_FLOW] = {false};
	unsigned int i, good = 0;

	for (i = 0; i < n; i++) {
		const struct rte_tcp_hdr *tcp = rte_pktmbuf_mtod_offset(
		    m[i], const struct rte_tcp_hdr *, BENCH_ETH_LEN + BENCH_IPV4_LEN);
		unsigned int f = (unsigned int)(rte_be_to_cpu_16(tcp->src_port) - 20000);

		if (f < a->flows && !seen[f] && payload_matches(a, m[i], f)) {
			seen[f] = true;
			good++;
		}
	}
	return good;
}

static unsigned int count_flagged_good(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i, good = 0;

	for (i = 0; i < n; i++)
		good +=
		    (m[i]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
		    (m[i]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	return good;
}

/* Packets whose IPv4 header (and, with @p tcp, TCP) checksum verifies. */
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

static const char *const mode_name[] = {
    [RSC_ONE_FLOW] = "1 flow",
    [RSC_INTERLEAVED] = "64 interleaved flows",
    [RSC_VALIDATE_ONLY] = "validation only",
};

static void sanity_coalesced(struct rsc_arg *a, struct bench_report *rep)
{
	static struct rte_mbuf *got[RSC_MAX_FLOW * RSC_PER_FLOW];
	unsigned int whole, ck, wire;
	uint16_t n = 0;
	char name[96];

	stream(a, &taskoff_side, got, &n);
	whole = count_whole_flows(a, got, n);
	ck = count_flagged_good(got, n);
	wire = count_wire_valid(got, n, true);
	snprintf(name, sizeof(name), "rsc %s: taskoff delivers one packet per flow",
		 mode_name[a->mode]);
	bench_check(rep, name, n == a->flows && whole == n && ck == n && wire == n,
		    "%u packets (expected %u), %u with the flow's whole payload in order, %u "
		    "flagged good, %u with valid IP+TCP checksums",
		    n, a->flows, whole, ck, wire);
	rte_pktmbuf_free_bulk(got, n);
	n = 0;
	stream(a, &baseline_side, got, &n);
	whole = count_whole_flows(a, got, n);
	ck = count_flagged_good(got, n);
	wire = count_wire_valid(got, n, false); /* informational: rte_gro leaves it */
	snprintf(name, sizeof(name), "rsc %s: rte_gro + sw verify agrees with taskoff",
		 mode_name[a->mode]);
	bench_check(rep, name, n == a->flows && whole == n && ck == n,
		    "%u packets, %u with the flow's whole payload, %u verified good; %u with a "
		    "valid IPv4 header checksum after merging",
		    n, whole, ck, wire);
	rte_pktmbuf_free_bulk(got, n);
}

static void sanity_validated(struct rsc_arg *a, struct bench_report *rep)
{
	static struct rte_mbuf *got[RSC_BURST];
	unsigned int mine, base;
	uint16_t n = 0;

	stream(a, &taskoff_side, got, &n);
	mine = n == RSC_BURST ? count_flagged_good(got, n) : 0;
	rte_pktmbuf_free_bulk(got, n);
	n = 0;
	stream(a, &baseline_side, got, &n);
	base = n == RSC_BURST ? count_flagged_good(got, n) : 0;
	rte_pktmbuf_free_bulk(got, n);
	bench_check(rep, "rsc validation only: every frame flagged good on both sides",
		    mine == RSC_BURST && base == RSC_BURST, "taskoff %u, baseline %u of %u", mine,
		    base, RSC_BURST);
}

static int scenario_init(struct rsc_arg *a, enum rsc_mode mode)
{
	memset(a, 0, sizeof(*a));
	a->mode = mode;
	a->bytes = stream_bytes;
	a->flows = mode == RSC_INTERLEAVED ? RSC_MAX_FLOW : 1;
	a->frames = a->flows * RSC_PER_FLOW;
	a->streams = mode == RSC_INTERLEAVED ? 1 : 16; /* a round times 512-2048 segments */
	taskoff_offload_config_default(&a->cfg);
	if (mode == RSC_VALIDATE_ONLY)
		a->cfg.rsc_ipv4 = a->cfg.rsc_ipv6 = false;
	a->ctx = taskoff_rx_ctx_create("bench_rsc", (int)rte_socket_id(), RSC_MAX_FLOW);
	if (a->ctx == NULL)
		return -1;
	if (mode == RSC_INTERLEAVED)
		taskoff_rx_set_rsc_hold(a->ctx, RSC_HOLD_US);
	a->gro.gro_types = RTE_GRO_TCP_IPV4;
	a->gro.max_flow_num = (uint16_t)a->flows;
	a->gro.max_item_per_flow = RSC_PER_FLOW;
	a->gro.socket_id = rte_socket_id();
	if (mode == RSC_INTERLEAVED) {
		a->gro_ctx = rte_gro_ctx_create(&a->gro);
		if (a->gro_ctx == NULL)
			return -1;
	}
	make_stream(a);
	return 0;
}

static void scenario_fini(struct rsc_arg *a)
{
	taskoff_rx_ctx_free(a->ctx);
	if (a->gro_ctx != NULL)
		rte_gro_ctx_destroy(a->gro_ctx);
}

static void scenario_rows(const struct bench_env *env, struct bench_report *rep, struct rsc_arg *a)
{
	static const char *const base_impl[] = {
	    [RSC_ONE_FLOW] = "sw verify + rte_gro_reassemble_burst",
	    [RSC_INTERLEAVED] = "sw verify + rte_gro_reassemble (ctx)",
	    [RSC_VALIDATE_ONLY] = "rte_net_get_ptype + sw verify",
	};
	const bench_round_fn fns[] = {round_taskoff, round_baseline};
	double in_pkts = (double)a->streams * a->frames, ns[2];
	struct bench_row *mine, *base;
	char name[80];

	snprintf(name, sizeof(name), "1502 B TCP/IPv4, %s", mode_name[a->mode]);
	bench_best_set(fns, a, RTE_DIM(fns), bench_reps(env, a->mode == RSC_INTERLEAVED ? 24 : 32),
		       ns);
	mine = bench_add_row(rep, "rsc", name,
			     a->mode == RSC_INTERLEAVED ? "taskoff_rx_burst (hold) + flush"
							: "taskoff_rx_burst",
			     BENCH_GBITS, in_pkts * RSC_FRAME, in_pkts, "input pkt", ns[0]);
	base = bench_add_row(rep, "rsc", name, base_impl[a->mode], BENCH_GBITS, in_pkts * RSC_FRAME,
			     in_pkts, "input pkt", ns[1]);
	bench_set_ratio(mine, base);
}

int bench_rsc(const struct bench_env *env, struct bench_report *rep)
{
	static struct rsc_arg a;
	static const enum rsc_mode modes[] = {RSC_ONE_FLOW, RSC_INTERLEAVED, RSC_VALIDATE_ONLY};
	uint64_t failures = 0, bad = 0, out_cap = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(modes); i++) {
		if (scenario_init(&a, modes[i]) != 0) {
			fprintf(stderr, "rsc: cannot create the RX/GRO contexts\n");
			scenario_fini(&a);
			return -1;
		}
		a.pool = env->hdr_pool;
		if (modes[i] == RSC_VALIDATE_ONLY)
			sanity_validated(&a, rep);
		else
			sanity_coalesced(&a, rep);
		scenario_rows(env, rep, &a);
		failures += a.failures;
		bad += a.cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD] + a.cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD];
		out_cap += a.cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP];
		scenario_fini(&a);
	}
	bench_check(rep, "rsc: no failures, no bad checksums, no drops",
		    failures == 0 && bad == 0 && out_cap == 0,
		    "%llu refill failures, %llu bad checksums, %llu out-cap drops",
		    (unsigned long long)failures, (unsigned long long)bad,
		    (unsigned long long)out_cap);
	bench_note(rep, "rsc: Gbit/s counts input frame bytes; only the calls under test are timed "
			"(frames are copied into fresh mbufs before each burst of 32, untimed)");
	bench_note(rep,
		   "rsc: interleaved flows: taskoff holds SCUs across bursts (hold %u us), rte_gro "
		   "keeps them in its context; both flush at the end of the stream",
		   RSC_HOLD_US);
	return bench_rsc_vxlan(env, rep);
}
