/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 2: large send offload. Bursts of 64 KiB TCP packets (45 full 1448-byte
 * segments each) through taskoff_tx_burst() with the checksums filled, against
 * rte_gso_segment() followed by the software checksums a NIC-less path needs
 * (rte_ipv4_cksum + rte_ipv4_udptcp_cksum_mbuf on every segment). Segments are
 * freed at the end of each burst, as a transmit queue would. The input packets
 * are reused: taskoff consumes one reference, so each burst adds one first.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_ip.h>

#include "bench.h"
#include "bench_lso_nvgre.h"
#include "bench_lso_vxlan.h"
#include "bench_pkt.h"
#include "taskoff_cksum.h"
#include "taskoff_counters.h"
#include "taskoff_tx.h"

#define LSO_BURST   8u
#define LSO_SEGS    45u /* per packet */
#define LSO_PAYLOAD (LSO_SEGS * BENCH_MSS)
#define LSO_OUT_CAP 512u

struct lso_arg {
	bool ipv6;
	unsigned int bursts; /* per round */
	struct rte_mbuf *pkts[LSO_BURST];
	struct rte_mbuf *out[LSO_OUT_CAP];
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct taskoff_tx_ctx tx;
	struct rte_gso_ctx gso;
	uint64_t wire_bytes; /* frame bytes emitted by the last round */
	uint64_t failures;   /* calls that did not produce what was asked */
	uint64_t sink;
};

static uint32_t hdrs_len(bool ipv6)
{
	return ipv6 ? BENCH_HDRS_IPV6 : BENCH_HDRS_IPV4;
}

/* The offload request, set again before every call (rte_gso clears TCP_SEG on success). */
static void arm(struct rte_mbuf *m, bool ipv6)
{
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM |
		      (ipv6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
	m->l2_len = BENCH_ETH_LEN;
	m->l3_len = ipv6 ? BENCH_IPV6_LEN : BENCH_IPV4_LEN;
	m->l4_len = BENCH_TCP_LEN;
	m->tso_segsz = BENCH_MSS;
}

/* One taskoff burst; frames are left in a->out. @return frames written. */
static uint16_t taskoff_once(struct lso_arg *a)
{
	uint16_t nb_out = 0, done;
	unsigned int i;

	for (i = 0; i < LSO_BURST; i++) {
		rte_mbuf_refcnt_update(a->pkts[i], 1);
		arm(a->pkts[i], a->ipv6);
	}
	a->tx.cfg = &a->cfg;
	done = taskoff_tx_burst(&a->tx, a->pkts, LSO_BURST, a->out, LSO_OUT_CAP, &nb_out);
	for (i = done; i < LSO_BURST; i++) /* not consumed: give our reference back */
		rte_mbuf_refcnt_update(a->pkts[i], -1);
	a->failures += done != LSO_BURST || nb_out != LSO_BURST * LSO_SEGS;
	return nb_out;
}

static uint64_t round_taskoff(void *arg)
{
	struct lso_arg *a = arg;
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

/* What a NIC would have done after GSO: the IPv4 and TCP checksums of one segment. */
static void sw_cksum_ipv4(struct rte_mbuf *seg)
{
	struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(seg, struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	tcp->cksum = 0;
	tcp->cksum = rte_ipv4_udptcp_cksum_mbuf(seg, ip, BENCH_ETH_LEN + BENCH_IPV4_LEN);
}

/* One rte_gso burst with software checksums; frames are left in a->out. */
static unsigned int gso_once(struct lso_arg *a)
{
	unsigned int i, j, nb = 0;

	for (i = 0; i < LSO_BURST; i++) {
		int k;

		arm(a->pkts[i], false);
		k = rte_gso_segment(a->pkts[i], &a->gso, a->out + nb, (uint16_t)(LSO_OUT_CAP - nb));
		if (k <= 0) {
			a->failures++;
			continue;
		}
		for (j = 0; j < (unsigned int)k; j++)
			sw_cksum_ipv4(a->out[nb + j]);
		nb += (unsigned int)k;
	}
	return nb;
}

static uint64_t round_gso(void *arg)
{
	struct lso_arg *a = arg;
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

/* The checksum-speed limit: only summing each segment's payload, nothing else. */
#define LIMIT_ROUND(tag, call)                                                                     \
	static uint64_t round_limit_##tag(void *arg)                                               \
	{                                                                                          \
		struct lso_arg *a = arg;                                                           \
		uint64_t t0 = bench_now_ns(), acc = 0;                                             \
		unsigned int b, i, s;                                                              \
		for (b = 0; b < a->bursts; b++)                                                    \
			for (i = 0; i < LSO_BURST; i++) {                                          \
				const uint8_t *p = rte_pktmbuf_mtod_offset(                        \
				    a->pkts[i], const uint8_t *, hdrs_len(a->ipv6));               \
				BENCH_OPAQUE(p);                                                   \
				for (s = 0; s < LSO_SEGS; s++)                                     \
					acc += call(p + s * BENCH_MSS, BENCH_MSS);                 \
			}                                                                          \
		a->sink = acc;                                                                     \
		return bench_now_ns() - t0;                                                        \
	}

static inline uint16_t dpdk_raw(const void *p, size_t len)
{
	return rte_raw_cksum(p, len);
}

LIMIT_ROUND(dpdk, dpdk_raw)
LIMIT_ROUND(taskoff, taskoff_cksum_raw)

/* Both checksums of one emitted frame verify (headers are contiguous in the first mbuf). */
static bool frame_valid(const struct rte_mbuf *f, bool ipv6)
{
	if (ipv6) {
		const struct rte_ipv6_hdr *ip6 =
		    rte_pktmbuf_mtod_offset(f, const struct rte_ipv6_hdr *, BENCH_ETH_LEN);

		return rte_ipv6_udptcp_cksum_mbuf_verify(f, ip6, BENCH_ETH_LEN + BENCH_IPV6_LEN) ==
		       0;
	}
	const struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(f, const struct rte_ipv4_hdr *, BENCH_ETH_LEN);

	return rte_ipv4_cksum(ip) == 0 &&
	       rte_ipv4_udptcp_cksum_mbuf_verify(f, ip, BENCH_ETH_LEN + BENCH_IPV4_LEN) == 0;
}

static unsigned int count_valid(struct rte_mbuf **f, unsigned int n, bool ipv6)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		ok += frame_valid(f[i], ipv6);
	return ok;
}

/* Frames equal byte for byte (taskoff's copy in @p mine, rte_gso + csum in @p theirs). */
static uint64_t drops(const struct taskoff_counters *c)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < TASKOFF_CNT_MAX; i++) {
		const char *name = taskoff_counter_name((enum taskoff_counter)i);

		if (name != NULL && strstr(name, "drop") != NULL)
			sum += c->v[i];
	}
	return sum;
}

static void sanity(struct lso_arg *a, struct bench_report *rep)
{
	static struct rte_mbuf *mine[LSO_OUT_CAP];
	const char *v = a->ipv6 ? "IPv6" : "IPv4";
	unsigned int n_mine, n_gso, valid_mine, valid_gso, same;
	char name[96];

	n_mine = taskoff_once(a);
	memcpy(mine, a->out, n_mine * sizeof(mine[0]));
	valid_mine = count_valid(mine, n_mine, a->ipv6);
	snprintf(name, sizeof(name), "lso %s: taskoff frames and checksums", v);
	bench_check(rep, name, n_mine == LSO_BURST * LSO_SEGS && valid_mine == n_mine,
		    "%u frames (expected %u), %u with valid IP+TCP checksums", n_mine,
		    LSO_BURST * LSO_SEGS, valid_mine);
	if (!a->ipv6) {
		n_gso = gso_once(a);
		valid_gso = count_valid(a->out, n_gso, false);
		same = bench_count_identical(mine, a->out, RTE_MIN(n_mine, n_gso));
		bench_check(rep, "lso IPv4: rte_gso+csum agrees with taskoff",
			    n_gso == n_mine && valid_gso == n_gso && same == n_gso,
			    "%u frames, %u valid, %u byte-identical to taskoff's", n_gso, valid_gso,
			    same);
		rte_pktmbuf_free_bulk(a->out, n_gso);
	}
	rte_pktmbuf_free_bulk(mine, n_mine);
}

static int make_packets(const struct bench_env *env, struct lso_arg *a)
{
	static uint8_t payload[LSO_PAYLOAD];
	unsigned int i;

	for (i = 0; i < LSO_BURST; i++) {
		struct bench_flow f = {.ipv6 = a->ipv6,
				       .src_ip = 0x0a000001,
				       .dst_ip = 0x0a000002,
				       .sport = (uint16_t)(10000 + i),
				       .dport = 80,
				       .seq = 1000000u * (i + 1),
				       .ack = 1,
				       .ip_id = 0x1234,
				       .tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
		struct rte_mbuf *m = rte_pktmbuf_alloc(env->big_pool);
		size_t len = bench_frame_len(a->ipv6, LSO_PAYLOAD);

		if (m == NULL || rte_pktmbuf_tailroom(m) < len) {
			rte_pktmbuf_free(m);
			return -1;
		}
		bench_fill_random(payload, sizeof(payload), 77 + i);
		bench_build_tcp_frame((uint8_t *)rte_pktmbuf_append(m, (uint16_t)len), &f, payload,
				      LSO_PAYLOAD);
		a->pkts[i] = m;
	}
	return 0;
}

static void setup_ctx(const struct bench_env *env, struct lso_arg *a)
{
	taskoff_offload_config_default(&a->cfg);
	a->tx.cfg = &a->cfg;
	a->tx.hdr_pool = env->hdr_pool;
	a->tx.indirect_pool = env->indirect_pool;
	a->tx.cnt = &a->cnt;
	a->tx.max_frames_per_pkt = 0;
	a->gso.direct_pool = env->hdr_pool;
	a->gso.indirect_pool = env->indirect_pool;
	a->gso.gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO;
	a->gso.gso_size = (uint16_t)(BENCH_HDRS_IPV4 + BENCH_MSS);
	a->gso.flag = 0; /* incrementing IP IDs, like LSO */
}

static void run_family(const struct bench_env *env, struct bench_report *rep, struct lso_arg *a)
{
	const char *name = a->ipv6 ? "64 KiB TCP/IPv6, MSS 1448" : "64 KiB TCP/IPv4, MSS 1448";
	/* IPv6 has no DPDK baseline: its set leaves round_gso out */
	const bench_round_fn v4[] = {round_taskoff, round_limit_dpdk, round_limit_taskoff,
				     round_gso};
	double pkts = (double)a->bursts * LSO_BURST, ns[RTE_DIM(v4)], wire, gso_wire;
	struct bench_row *mine;

	gso_wire = 0;
	if (!a->ipv6) {
		(void)round_gso(a);
		gso_wire = (double)a->wire_bytes;
	}
	(void)round_taskoff(a);
	wire = (double)a->wire_bytes; /* the limits are quoted in the same wire bytes */
	bench_best_set(v4, a, a->ipv6 ? RTE_DIM(v4) - 1 : RTE_DIM(v4), bench_reps(env, 16), ns);
	mine = bench_add_row(rep, "lso", name, "taskoff_tx_burst", BENCH_GBITS, wire, pkts,
			     "64K pkt", ns[0]);
	if (!a->ipv6)
		bench_set_ratio(mine, bench_add_row(rep, "lso", name, "rte_gso_segment + sw csum",
						    BENCH_GBITS, gso_wire, pkts, "64K pkt", ns[3]));
	bench_set_ratio(bench_add_row(rep, "lso", name, "limit: rte_raw_cksum of payload",
				      BENCH_GBITS, wire, pkts, "64K pkt", ns[1]),
			mine);
	bench_set_ratio(bench_add_row(rep, "lso", name, "limit: taskoff_cksum_raw of pay.",
				      BENCH_GBITS, wire, pkts, "64K pkt", ns[2]),
			mine);
	if (a->ipv6)
		bench_note(rep, "lso: no DPDK baseline for TCP/IPv6: rte_gso in DPDK 22.11 "
				"segments TCP/IPv4 (and tunnels over IPv4) only");
}

int bench_lso(const struct bench_env *env, struct bench_report *rep)
{
	static struct lso_arg a;
	int v;

	for (v = 0; v < 2; v++) {
		memset(&a, 0, sizeof(a));
		a.ipv6 = v == 1;
		a.bursts = 4; /* ~16 us per packet burst: rounds of ~70 us */
		setup_ctx(env, &a);
		if (make_packets(env, &a) != 0) {
			fprintf(stderr, "lso: cannot build the 64 KiB packets\n");
			return -1;
		}
		sanity(&a, rep);
		run_family(env, rep, &a);
		bench_check(rep,
			    a.ipv6 ? "lso IPv6: no failed calls, no drops"
				   : "lso IPv4: no failed calls, no drops",
			    a.failures == 0 && drops(&a.cnt) == 0, "%llu failed calls, %llu drops",
			    (unsigned long long)a.failures, (unsigned long long)drops(&a.cnt));
		rte_pktmbuf_free_bulk(a.pkts, LSO_BURST);
	}
	bench_note(rep,
		   "lso: Gbit/s counts emitted frame bytes (Ethernet header to payload end); "
		   "%u packets of %u segments per burst; a limit row's ratio is limit/taskoff",
		   LSO_BURST, LSO_SEGS);
	if (bench_lso_vxlan(env, rep) != 0)
		return -1;
	return bench_lso_nvgre(env, rep);
}
