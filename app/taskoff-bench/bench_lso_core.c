/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The two paths of every LSO family. Segments are freed at the end of each
 * burst, as a transmit queue would. The input packets are reused: taskoff
 * consumes one reference, so each burst adds one first.
 */
#include <string.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "bench_lso_core.h"

/* The offload request, set again before every call (rte_gso clears TCP_SEG on success). */
static void arm(struct rte_mbuf *m, const struct bench_lso_arg *a)
{
	m->ol_flags = a->k->ol_flags;
	m->tx_offload = a->tx_offload;
}

/* One taskoff burst; frames are left in a->out. @return frames written. */
static uint16_t taskoff_once(struct bench_lso_arg *a)
{
	uint16_t nb_out = 0, done;
	unsigned int i;

	for (i = 0; i < BENCH_LSO_BURST; i++) {
		rte_mbuf_refcnt_update(a->pkts[i], 1);
		arm(a->pkts[i], a);
	}
	a->tx.cfg = &a->cfg;
	done =
	    taskoff_tx_burst(&a->tx, a->pkts, BENCH_LSO_BURST, a->out, BENCH_LSO_OUT_CAP, &nb_out);
	for (i = done; i < BENCH_LSO_BURST; i++) /* not consumed: give our reference back */
		rte_mbuf_refcnt_update(a->pkts[i], -1);
	a->failures += done != BENCH_LSO_BURST || nb_out != BENCH_LSO_BURST * a->k->segs;
	return nb_out;
}

static void set_ipv4_cksum(struct rte_ipv4_hdr *ip)
{
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

/* What a NIC would have done after GSO: every checksum of one segment (inner TCP/IPv4, the only
 * kind rte_gso segments) whose inner IPv4 header is at @p l3, an outer UDP one last as it covers
 * the rest. */
static inline __attribute__((always_inline)) void sw_cksums(struct rte_mbuf *seg, uint32_t l3,
							    bool outer_ip, bool outer_udp)
{
	struct rte_ipv4_hdr *oip =
	    rte_pktmbuf_mtod_offset(seg, struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(seg, struct rte_ipv4_hdr *, l3);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(oip + 1);

	if (outer_ip)
		set_ipv4_cksum(oip);
	set_ipv4_cksum(ip);
	tcp->cksum = 0;
	tcp->cksum = rte_ipv4_udptcp_cksum_mbuf(seg, ip, l3 + BENCH_IPV4_LEN);
	if (!outer_udp)
		return;
	udp->dgram_cksum = 0;
	udp->dgram_cksum = rte_ipv4_udptcp_cksum_mbuf(seg, oip, BENCH_ETH_LEN + BENCH_IPV4_LEN);
}

/* sw_cksums() of @p n segments of family @p k. One loop per header shape, its branches decided
 * outside: the baseline's per-segment work stays what a hand-written loop for that shape does
 * (deciding inside made rte_gso's rows 1-3% slower). */
static void sw_cksums_burst(struct rte_mbuf **segs, unsigned int n, const struct bench_lso_kind *k)
{
	uint32_t l3 = bench_lso_outer_len(k) + BENCH_ETH_LEN;
	unsigned int j;

	if (k->encap == NULL)
		for (j = 0; j < n; j++)
			sw_cksums(segs[j], BENCH_ETH_LEN, false, false);
	else if ((k->ol_flags & RTE_MBUF_F_TX_OUTER_UDP_CKSUM) != 0)
		for (j = 0; j < n; j++)
			sw_cksums(segs[j], l3, true, true);
	else
		for (j = 0; j < n; j++)
			sw_cksums(segs[j], l3, true, false);
}

/* One rte_gso burst with software checksums; frames are left in a->out. */
static unsigned int gso_once(struct bench_lso_arg *a)
{
	unsigned int i, nb = 0;

	for (i = 0; i < BENCH_LSO_BURST; i++) {
		int k;

		arm(a->pkts[i], a);
		k = rte_gso_segment(a->pkts[i], &a->gso, a->out + nb,
				    (uint16_t)(BENCH_LSO_OUT_CAP - nb));
		if (k <= 0) {
			a->failures++;
			continue;
		}
		sw_cksums_burst(a->out + nb, (unsigned int)k, a->k);
		nb += (unsigned int)k;
	}
	return nb;
}

static uint64_t round_taskoff(void *arg)
{
	struct bench_lso_arg *a = arg;
	uint64_t t0 = bench_now_ns(), wire = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		uint16_t n = taskoff_once(a);

		wire += bench_frames_bytes(a->out, n);
		rte_pktmbuf_free_bulk(a->out, n);
	}
	a->wire_bytes = wire;
	return bench_now_ns() - t0;
}

static uint64_t round_gso(void *arg)
{
	struct bench_lso_arg *a = arg;
	uint64_t t0 = bench_now_ns(), wire = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		unsigned int n = gso_once(a);

		wire += bench_frames_bytes(a->out, n);
		rte_pktmbuf_free_bulk(a->out, n);
	}
	a->wire_bytes = wire;
	return bench_now_ns() - t0;
}

/* The IP (IPv4 only) and TCP checksums of the frame whose IP header is at @p l3 verify. */
static bool inner_valid(const struct rte_mbuf *f, uint32_t l3, bool ipv6)
{
	if (ipv6) {
		const struct rte_ipv6_hdr *ip6 =
		    rte_pktmbuf_mtod_offset(f, const struct rte_ipv6_hdr *, l3);

		return rte_ipv6_udptcp_cksum_mbuf_verify(f, ip6, l3 + BENCH_IPV6_LEN) == 0;
	}
	const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(f, const struct rte_ipv4_hdr *, l3);

	return rte_ipv4_cksum(ip) == 0 &&
	       rte_ipv4_udptcp_cksum_mbuf_verify(f, ip, l3 + BENCH_IPV4_LEN) == 0;
}

/* The outer IPv4 checksum verifies, and an outer UDP one too (it is 0 when not asked). */
static bool outer_valid(const struct rte_mbuf *f, const struct bench_lso_kind *k)
{
	const struct rte_ipv4_hdr *oip =
	    rte_pktmbuf_mtod_offset(f, const struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(oip + 1);

	if (rte_ipv4_cksum(oip) != 0)
		return false;
	if (!k->encap->udp)
		return true;
	if ((k->ol_flags & RTE_MBUF_F_TX_OUTER_UDP_CKSUM) == 0)
		return udp->dgram_cksum == 0;
	return rte_ipv4_udptcp_cksum_mbuf_verify(f, oip, BENCH_ETH_LEN + BENCH_IPV4_LEN) == 0;
}

/* Every checksum of one emitted frame verifies (headers are contiguous in the first mbuf). */
static unsigned int count_valid(struct rte_mbuf **f, unsigned int n, const struct bench_lso_kind *k)
{
	uint32_t l3 = bench_lso_outer_len(k) + BENCH_ETH_LEN;
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		ok += (k->encap == NULL || outer_valid(f[i], k)) &&
		      inner_valid(f[i], l3, bench_lso_ipv6(k));
	return ok;
}

void bench_lso_compare(struct bench_lso_arg *a, struct bench_lso_cmp *c)
{
	static struct rte_mbuf *mine[BENCH_LSO_OUT_CAP];

	memset(c, 0, sizeof(*c));
	c->expected = BENCH_LSO_BURST * a->k->segs;
	c->n_mine = taskoff_once(a);
	memcpy(mine, a->out, c->n_mine * sizeof(mine[0]));
	c->valid_mine = count_valid(mine, c->n_mine, a->k);
	if (a->k->gso_types != 0) {
		c->n_gso = gso_once(a);
		c->valid_gso = count_valid(a->out, c->n_gso, a->k);
		c->same = bench_count_identical(mine, a->out, RTE_MIN(c->n_mine, c->n_gso));
		rte_pktmbuf_free_bulk(a->out, c->n_gso);
	}
	rte_pktmbuf_free_bulk(mine, c->n_mine);
}

void bench_lso_measure(const struct bench_env *env, struct bench_report *rep,
		       struct bench_lso_arg *a, const char *name,
		       const struct bench_lso_limit *limits, unsigned int nb_limits)
{
	bench_round_fn fns[8] = {round_taskoff};
	double pkts = (double)a->bursts * BENCH_LSO_BURST, ns[RTE_DIM(fns)], wire, gso_wire = 0;
	unsigned int n = 1, i;
	struct bench_row *mine;

	nb_limits = RTE_MIN(nb_limits, (unsigned int)RTE_DIM(fns) - 2); /* taskoff, rte_gso */
	for (i = 0; i < nb_limits; i++)
		fns[n++] = limits[i].fn;
	if (a->k->gso_types != 0) {
		fns[n++] = round_gso;
		(void)round_gso(a);
		gso_wire = (double)a->wire_bytes;
	}
	(void)round_taskoff(a);
	wire = (double)a->wire_bytes; /* the limits are quoted in the same wire bytes */
	bench_best_set(fns, a, n, bench_reps(env, 16), ns);
	mine = bench_add_row(rep, "lso", name, "taskoff_tx_burst", BENCH_GBITS, wire, pkts,
			     "64K pkt", ns[0]);
	if (a->k->gso_types != 0)
		bench_set_ratio(mine,
				bench_add_row(rep, "lso", name, "rte_gso_segment + sw csum",
					      BENCH_GBITS, gso_wire, pkts, "64K pkt", ns[n - 1]));
	for (i = 0; i < nb_limits; i++)
		bench_set_ratio(bench_add_row(rep, "lso", name, limits[i].impl, BENCH_GBITS, wire,
					      pkts, "64K pkt", ns[1 + i]),
				mine);
}

void bench_lso_check_clean(struct bench_report *rep, const char *name,
			   const struct bench_lso_arg *a)
{
	unsigned long long failures = a->failures, drops = 0,
			   tunnel = a->cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS];
	int i;

	for (i = 0; i < TASKOFF_CNT_MAX; i++)
		if (taskoff_counter_is_drop((enum taskoff_counter)i, 't') ||
		    taskoff_counter_is_drop((enum taskoff_counter)i, 'r'))
			drops += a->cnt.v[i];
	if (a->k->encap == NULL)
		bench_check(rep, name, failures == 0 && drops == 0, "%llu failed calls, %llu drops",
			    failures, drops);
	else
		bench_check(rep, name, failures == 0 && drops == 0 && tunnel != 0,
			    "%llu failed calls, %llu drops, %llu tunnel LSO packets", failures,
			    drops, tunnel);
}

/* Packet i: the family's outer headers, then TCP port 10000 + i to 80 with seq 1000000 * (i + 1).
 */
static int make_packets(const struct bench_env *env, struct bench_lso_arg *a)
{
	static uint8_t payload[UINT16_MAX];
	const struct bench_lso_kind *k = a->k;
	size_t pay = (size_t)k->segs * k->mss, inner = bench_frame_len(bench_lso_ipv6(k), pay);
	size_t len = bench_lso_outer_len(k) + inner;
	unsigned int i;

	if (len > UINT16_MAX)
		return -1;
	for (i = 0; i < BENCH_LSO_BURST; i++) {
		struct bench_flow f = {.ipv6 = bench_lso_ipv6(k),
				       .src_ip = 0x0a000001,
				       .dst_ip = 0x0a000002,
				       .sport = (uint16_t)(10000 + i),
				       .dport = 80,
				       .seq = 1000000u * (i + 1),
				       .ack = 1,
				       .ip_id = 0x1234,
				       .tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
		struct rte_mbuf *m = rte_pktmbuf_alloc(env->big_pool);
		uint8_t *p;

		if (m == NULL || rte_pktmbuf_tailroom(m) < len) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free_bulk(a->pkts, i);
			return -1;
		}
		bench_fill_random(payload, pay, k->seed + i);
		p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
		if (k->encap != NULL)
			k->encap->put_outer(p, (uint16_t)inner, i);
		bench_build_tcp_frame(p + bench_lso_outer_len(k), &f, payload, pay);
		a->pkts[i] = m;
	}
	return 0;
}

static void setup_ctx(const struct bench_env *env, struct bench_lso_arg *a)
{
	const struct bench_lso_kind *k = a->k;
	uint32_t l3 = bench_lso_ipv6(k) ? BENCH_IPV6_LEN : BENCH_IPV4_LEN;

	/* a tunnel's l2_len spans the encapsulation and the inner Ethernet header */
	if (k->encap != NULL)
		a->tx_offload =
		    rte_mbuf_tx_offload(k->encap->len + BENCH_ETH_LEN, l3, BENCH_TCP_LEN, k->mss,
					BENCH_IPV4_LEN, BENCH_ETH_LEN, 0);
	else
		a->tx_offload =
		    rte_mbuf_tx_offload(BENCH_ETH_LEN, l3, BENCH_TCP_LEN, k->mss, 0, 0, 0);
	taskoff_offload_config_default(&a->cfg);
	if (k->encap != NULL)
		a->cfg.encap_types |= k->encap->taskoff_types;
	a->tx.cfg = &a->cfg;
	a->tx.hdr_pool = env->hdr_pool;
	a->tx.indirect_pool = env->indirect_pool;
	a->tx.cnt = &a->cnt;
	a->tx.max_frames_per_pkt = 0;
	a->gso.direct_pool = env->hdr_pool;
	a->gso.indirect_pool = env->indirect_pool;
	a->gso.gso_types = k->gso_types;
	a->gso.gso_size = (uint16_t)(bench_lso_hdrs_len(k) + k->mss);
	a->gso.flag = 0; /* incrementing IP IDs, like LSO */
}

int bench_lso_prepare(const struct bench_env *env, struct bench_lso_arg *a,
		      const struct bench_lso_kind *k, unsigned int bursts)
{
	memset(a, 0, sizeof(*a));
	a->k = k;
	a->bursts = bursts;
	setup_ctx(env, a);
	return make_packets(env, a);
}

void bench_lso_release(struct bench_lso_arg *a)
{
	rte_pktmbuf_free_bulk(a->pkts, BENCH_LSO_BURST);
}
