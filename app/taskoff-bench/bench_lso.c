/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 2: large send offload. Bursts of 64 KiB TCP packets (45 full 1448-byte
 * segments each) through taskoff_tx_burst() with the checksums filled, against
 * rte_gso_segment() followed by the software checksums a NIC-less path needs
 * (rte_ipv4_cksum + rte_ipv4_udptcp_cksum_mbuf on every segment), and the
 * checksum-speed limits. Both paths are in bench_lso_core.c, the tunnel
 * families in bench_lso_tunnel.c.
 */
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_ip.h>

#include "bench.h"
#include "bench_lso_core.h"
#include "bench_lso_tunnel.h"
#include "bench_pkt.h"
#include "taskoff_cksum.h"

#define LSO_SEGS 45u /* per packet */

/* One plain family and the names of its rows and checks. */
struct lso_plain {
	struct bench_lso_kind kind;
	const char *ip;	  /* checks are "lso <ip>: ..." */
	const char *name; /* the rows' case */
};

static const struct lso_plain families[] = {
    {.kind = {.ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4 |
			  RTE_MBUF_F_TX_IP_CKSUM,
	      .mss = BENCH_MSS,
	      .segs = LSO_SEGS,
	      .seed = 77,
	      .gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO},
     .ip = "IPv4",
     .name = "64 KiB TCP/IPv4, MSS 1448"},
    /* no DPDK baseline: rte_gso segments TCP over IPv4 only */
    {.kind = {.ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV6,
	      .mss = BENCH_MSS,
	      .segs = LSO_SEGS,
	      .seed = 77},
     .ip = "IPv6",
     .name = "64 KiB TCP/IPv6, MSS 1448"},
};

/* The checksum-speed limit: only summing each segment's payload, nothing else. */
#define LIMIT_ROUND(tag, call)                                                                     \
	static uint64_t round_limit_##tag(void *arg)                                               \
	{                                                                                          \
		struct bench_lso_arg *a = arg;                                                     \
		uint64_t t0 = bench_now_ns(), acc = 0;                                             \
		unsigned int b, i, s;                                                              \
		for (b = 0; b < a->bursts; b++)                                                    \
			for (i = 0; i < BENCH_LSO_BURST; i++) {                                    \
				const uint8_t *p = rte_pktmbuf_mtod_offset(                        \
				    a->pkts[i], const uint8_t *, bench_lso_hdrs_len(a->k));        \
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

static void sanity(struct bench_lso_arg *a, const struct lso_plain *f, struct bench_report *rep)
{
	struct bench_lso_cmp c;
	char name[96];

	bench_lso_compare(a, &c);
	snprintf(name, sizeof(name), "lso %s: taskoff frames and checksums", f->ip);
	bench_check(rep, name, c.n_mine == c.expected && c.valid_mine == c.n_mine,
		    "%u frames (expected %u), %u with valid IP+TCP checksums", c.n_mine, c.expected,
		    c.valid_mine);
	if (f->kind.gso_types == 0)
		return;
	snprintf(name, sizeof(name), "lso %s: rte_gso+csum agrees with taskoff", f->ip);
	bench_check(rep, name, c.n_gso == c.n_mine && c.valid_gso == c.n_gso && c.same == c.n_gso,
		    "%u frames, %u valid, %u byte-identical to taskoff's", c.n_gso, c.valid_gso,
		    c.same);
}

static const struct bench_lso_limit limits[] = {
    {"limit: rte_raw_cksum of payload", round_limit_dpdk},
    {"limit: taskoff_cksum_raw of pay.", round_limit_taskoff},
};

int bench_lso(const struct bench_env *env, struct bench_report *rep)
{
	static struct bench_lso_arg a;
	const struct lso_plain *f;
	char name[96];

	for (f = families; f < families + RTE_DIM(families); f++) {
		/* ~16 us per packet burst: rounds of ~70 us */
		if (bench_lso_prepare(env, &a, &f->kind, 4) != 0) {
			fprintf(stderr, "lso: cannot build the 64 KiB packets\n");
			return -1;
		}
		sanity(&a, f, rep);
		bench_lso_measure(env, rep, &a, f->name, limits, RTE_DIM(limits));
		if (f->kind.gso_types == 0)
			bench_note(rep, "lso: no DPDK baseline for TCP/IPv6: rte_gso in DPDK 22.11 "
					"segments TCP/IPv4 (and tunnels over IPv4) only");
		snprintf(name, sizeof(name), "lso %s: no failed calls, no drops", f->ip);
		bench_lso_check_clean(rep, name, &a);
		bench_lso_release(&a);
	}
	bench_note(rep,
		   "lso: Gbit/s counts emitted frame bytes (Ethernet header to payload end); "
		   "%u packets of %u segments per burst; a limit row's ratio is limit/taskoff",
		   BENCH_LSO_BURST, LSO_SEGS);
	return bench_lso_tunnel(env, rep);
}
