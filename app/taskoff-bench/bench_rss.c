/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 4: RSS. taskoff_steer_queue() (parse the frame, Toeplitz hash of the
 * NDIS 4-tuple, indirection table) against DPDK's rte_softrss() on the same
 * 4-tuples, once with the tuple taken from the frame by a minimal parser and
 * the same table lookup (like for like), once on tuples extracted beforehand
 * (the hash alone).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_thash.h>

#include "bench.h"
#include "bench_pkt.h"
#include "taskoff_steer.h"

#define RSS_FRAMES 1024u
#define RSS_QUEUES 4u

struct rss_arg {
	unsigned int passes; /* over all frames, per round */
	struct rte_mbuf *m[RSS_FRAMES];
	union rte_thash_tuple tuple[RSS_FRAMES]; /* host order, for rte_softrss */
	uint32_t hash[RSS_FRAMES];		 /* what the baseline computed */
	uint16_t queue[RSS_FRAMES];
	uint8_t tuple_be[RSS_FRAMES][RTE_THASH_V4_L4_LEN * 4]; /* network order, for GFNI */
	uint64_t gfni_matrix[TASKOFF_RSS_KEY_LEN];	       /* rte_thash_complete_matrix */
	struct taskoff_steer *st;
	struct taskoff_steer_tunnels tun; /* both tunnels on: plain frames pay the checks */
	uint64_t sink;
};

static uint64_t round_taskoff(void *arg)
{
	struct rss_arg *a = arg;
	uint64_t t0 = bench_now_ns(), acc = 0;
	unsigned int p, i;

	for (p = 0; p < a->passes; p++)
		for (i = 0; i < RSS_FRAMES; i++)
			acc += taskoff_steer_queue(a->st, true, a->tun, a->m[i], NULL);
	a->sink = acc;
	return bench_now_ns() - t0;
}

/* The least an application does: IPv4/TCP 4-tuple from fixed offsets, hash, table. */
static uint16_t softrss_queue(struct rss_arg *a, unsigned int i)
{
	const struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(a->m[i], const struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	const struct rte_tcp_hdr *tcp =
	    (const struct rte_tcp_hdr *)((const uint8_t *)ip + rte_ipv4_hdr_len(ip));
	union rte_thash_tuple t;
	uint32_t h;

	t.v4.src_addr = rte_be_to_cpu_32(ip->src_addr);
	t.v4.dst_addr = rte_be_to_cpu_32(ip->dst_addr);
	t.v4.sport = rte_be_to_cpu_16(tcp->src_port);
	t.v4.dport = rte_be_to_cpu_16(tcp->dst_port);
	h = rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, taskoff_rss_default_key);
	a->hash[i] = h;
	return a->st->rss.reta[h % a->st->rss.reta_size];
}

static uint64_t round_softrss_frame(void *arg)
{
	struct rss_arg *a = arg;
	uint64_t t0 = bench_now_ns(), acc = 0;
	unsigned int p, i;

	for (p = 0; p < a->passes; p++)
		for (i = 0; i < RSS_FRAMES; i++)
			acc += a->queue[i] = softrss_queue(a, i);
	a->sink = acc;
	return bench_now_ns() - t0;
}

static uint64_t round_softrss_tuple(void *arg)
{
	struct rss_arg *a = arg;
	uint64_t t0 = bench_now_ns(), acc = 0;
	unsigned int p, i;

	for (p = 0; p < a->passes; p++)
		for (i = 0; i < RSS_FRAMES; i++)
			acc += rte_softrss((uint32_t *)&a->tuple[i], RTE_THASH_V4_L4_LEN,
					   taskoff_rss_default_key);
	a->sink = acc;
	return bench_now_ns() - t0;
}

static int make_frames(struct rte_mempool *pool, struct rss_arg *a)
{
	uint8_t frame[BENCH_HDRS_IPV4 + 6];
	unsigned int i;

	for (i = 0; i < RSS_FRAMES; i++) {
		struct bench_flow f = {.src_ip = 0xc0a80000u + i * 7919u,
				       .dst_ip = 0x0a000001u + (i & 15u),
				       .sport = (uint16_t)(1024 + i * 13u),
				       .dport = (uint16_t)(i & 1 ? 443 : 80),
				       .seq = i,
				       .ack = 1,
				       .tcp_flags = RTE_TCP_ACK_FLAG};
		size_t len = bench_build_tcp_frame(frame, &f, (const uint8_t *)"payld", 6);

		a->m[i] = rte_pktmbuf_alloc(pool);
		if (a->m[i] == NULL)
			return -1;
		memcpy(rte_pktmbuf_append(a->m[i], (uint16_t)len), frame, len);
		a->tuple[i].v4.src_addr = f.src_ip;
		a->tuple[i].v4.dst_addr = f.dst_ip;
		a->tuple[i].v4.sport = f.sport;
		a->tuple[i].v4.dport = f.dport;
		/* the 12 bytes NDIS hashes, as they appear on the wire */
		memcpy(a->tuple_be[i], frame + BENCH_ETH_LEN + 12, 8);
		memcpy(a->tuple_be[i] + 8, frame + BENCH_ETH_LEN + BENCH_IPV4_LEN, 4);
	}
	return 0;
}

/* taskoff's hash and queue equal rte_softrss's for every frame. */
static void sanity(struct rss_arg *a, struct bench_report *rep)
{
	unsigned int i, hash_ok = 0, queue_ok = 0;

	for (i = 0; i < RSS_FRAMES; i++) {
		uint16_t q = taskoff_steer_queue(a->st, true, a->tun, a->m[i], NULL);
		uint16_t want = softrss_queue(a, i);

		hash_ok +=
		    (a->m[i]->ol_flags & RTE_MBUF_F_RX_RSS_HASH) && a->m[i]->hash.rss == a->hash[i];
		queue_ok += q == want;
	}
	bench_check(rep, "rss: taskoff hash and queue == rte_softrss + reta",
		    hash_ok == RSS_FRAMES && queue_ok == RSS_FRAMES,
		    "%u frames: %u hashes equal, %u queues equal", RSS_FRAMES, hash_ok, queue_ok);
}

#ifdef RTE_THASH_GFNI_DEFINED
/* DPDK 22.11's own Toeplitz with AVX-512 + GFNI: what a table-free hash can cost. */
static uint64_t round_gfni_tuple(void *arg)
{
	struct rss_arg *a = arg;
	uint64_t t0 = bench_now_ns(), acc = 0;
	unsigned int p, i;

	for (p = 0; p < a->passes; p++)
		for (i = 0; i < RSS_FRAMES; i++)
			acc +=
			    rte_thash_gfni(a->gfni_matrix, a->tuple_be[i], sizeof(a->tuple_be[i]));
	a->sink = acc;
	return bench_now_ns() - t0;
}

/*
 * rte_thash_gfni_supported() answers for how librte_hash was compiled (Debian:
 * corei7, so "no"); the inline function only needs this CPU to have the
 * instructions, and the check below compares its hashes with rte_softrss.
 */
static bool gfni_usable(void)
{
	return __builtin_cpu_supports("gfni") && __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512bw");
}

/* Reference row: rte_thash_gfni on the tuples, after checking it agrees with rte_softrss. */
static void gfni_run(const struct bench_env *env, struct bench_report *rep, struct rss_arg *a,
		     const struct bench_row *mine)
{
	const bench_round_fn g[] = {round_gfni_tuple};
	unsigned int i, same = 0;
	double ns;

	if (!gfni_usable()) {
		bench_note(rep, "rss: no rte_thash_gfni row: this CPU lacks GFNI or AVX-512");
		return;
	}
	rte_thash_complete_matrix(a->gfni_matrix, taskoff_rss_default_key, TASKOFF_RSS_KEY_LEN);
	for (i = 0; i < RSS_FRAMES; i++) /* a->hash[] holds rte_softrss's values (sanity) */
		same += rte_thash_gfni(a->gfni_matrix, a->tuple_be[i], sizeof(a->tuple_be[i])) ==
			a->hash[i];
	bench_check(rep, "rss: rte_thash_gfni == rte_softrss", same == RSS_FRAMES,
		    "%u of %u hashes equal", same, RSS_FRAMES);
	bench_best_set(g, a, 1, bench_reps(env, 25), &ns);
	bench_set_ratio(bench_add_row(rep, "rss", mine->name, "rte_thash_gfni on ready tuples",
				      BENCH_MPPS, 0, (double)a->passes * RSS_FRAMES, "tuple", ns),
			mine);
}
#else
static void gfni_run(const struct bench_env *env, struct bench_report *rep, struct rss_arg *a,
		     const struct bench_row *mine)
{
	bench_note(rep, "rss: no rte_thash_gfni row: not built with GFNI and AVX-512 enabled");
}
#endif

int bench_rss(const struct bench_env *env, struct bench_report *rep)
{
	static struct rss_arg a;
	struct bench_row *mine, *frame, *tuple;
	const char *name = "TCP/IPv4 4-tuple, 1024 flows";
	const bench_round_fn fns[] = {round_taskoff, round_softrss_frame, round_softrss_tuple};
	double ops, ns[3];

	memset(&a, 0, sizeof(a));
	a.passes = 4; /* rounds of ~200 us */
	a.st = calloc(1, sizeof(*a.st));
	if (a.st == NULL || make_frames(env->hdr_pool, &a) != 0) {
		fprintf(stderr, "rss: cannot set up\n");
		rte_pktmbuf_free_bulk(a.m, RSS_FRAMES);
		free(a.st);
		return -1;
	}
	taskoff_steer_init(a.st, RSS_QUEUES);
	a.tun = (struct taskoff_steer_tunnels){
	    .nvgre = true, .vxlan = true, .vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT};
	sanity(&a, rep);
	ops = (double)a.passes * RSS_FRAMES;
	bench_best_set(fns, &a, RTE_DIM(fns), bench_reps(env, 25), ns);
	mine = bench_add_row(rep, "rss", name, "taskoff_steer_queue", BENCH_MPPS, 0, ops, "frame",
			     ns[0]);
	frame = bench_add_row(rep, "rss", name, "parse + rte_softrss + reta", BENCH_MPPS, 0, ops,
			      "frame", ns[1]);
	tuple = bench_add_row(rep, "rss", name, "rte_softrss on ready tuples", BENCH_MPPS, 0, ops,
			      "tuple", ns[2]);
	bench_set_ratio(mine, frame);
	bench_set_ratio(tuple, mine);
	gfni_run(env, rep, &a, mine);
	bench_note(rep, "rss: the ready-tuples row's ratio is rte_softrss alone / taskoff "
			"(parse + hash + table)");
	rte_pktmbuf_free_bulk(a.m, RSS_FRAMES);
	free(a.st);
	return 0;
}
