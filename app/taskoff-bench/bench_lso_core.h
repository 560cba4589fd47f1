/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_LSO_CORE_H
#define TASKOFF_BENCH_LSO_CORE_H

/**
 * @file
 * What every family of the lso section shares (plain TCP in bench_lso.c,
 * tunnels in bench_lso_tunnel.c): bursts of large TCP packets through
 * taskoff_tx_burst() and through rte_gso_segment() followed by the software
 * checksums a NIC-less path needs, the rounds that time both, and the
 * comparison of what they emit. A family is data (struct bench_lso_kind), so
 * both paths run the same code for every family.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_gso.h>
#include <rte_mbuf.h>

#include "bench.h"
#include "bench_pkt.h"
#include "taskoff_counters.h"
#include "taskoff_tx.h"

#define BENCH_LSO_BURST	  8u   /* packets per burst */
#define BENCH_LSO_OUT_CAP 512u /* frames one burst may emit */

/** A tunnel: what follows the outer Ethernet + IPv4 headers, up to the inner frame. */
struct bench_lso_encap {
	uint32_t len;		/**< bytes of encapsulation */
	bool udp;		/**< it starts with UDP (checksum 0 unless the request asks) */
	uint32_t taskoff_types; /**< TASKOFF_ENCAP_* the taskoff config enables */
	/** Write the outer headers of packet @p i in front of its @p inner_len-byte inner frame. */
	void (*put_outer)(uint8_t *dst, uint16_t inner_len, unsigned int i);
};

/** What one family sends and asks of both paths. */
struct bench_lso_kind {
	uint64_t ol_flags;  /**< the request; TX_IPV6 makes the inner TCP IPv6 */
	uint32_t mss;	    /**< tso_segsz */
	unsigned int segs;  /**< full segments per packet (payload: segs * mss) */
	uint64_t seed;	    /**< packet i's payload is bench_fill_random(seed + i) */
	uint64_t gso_types; /**< rte_gso's; 0: no DPDK baseline for this family */
	const struct bench_lso_encap *encap; /**< NULL: no tunnel */
};

/** Bytes in front of the inner Ethernet header. */
static inline uint32_t bench_lso_outer_len(const struct bench_lso_kind *k)
{
	return k->encap != NULL ? BENCH_ETH_LEN + BENCH_IPV4_LEN + k->encap->len : 0;
}

static inline bool bench_lso_ipv6(const struct bench_lso_kind *k)
{
	return (k->ol_flags & RTE_MBUF_F_TX_IPV6) != 0;
}

/** Bytes in front of the TCP payload. */
static inline uint32_t bench_lso_hdrs_len(const struct bench_lso_kind *k)
{
	return bench_lso_outer_len(k) + (bench_lso_ipv6(k) ? BENCH_HDRS_IPV6 : BENCH_HDRS_IPV4);
}

/** One family's packets and contexts: the argument of its round functions. */
struct bench_lso_arg {
	const struct bench_lso_kind *k;
	unsigned int bursts; /**< per round */
	uint64_t tx_offload; /**< the request's header lengths and MSS (rte_mbuf_tx_offload) */
	struct rte_mbuf *pkts[BENCH_LSO_BURST];
	struct rte_mbuf *out[BENCH_LSO_OUT_CAP];
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct taskoff_tx_ctx tx;
	struct rte_gso_ctx gso;
	uint64_t wire_bytes; /**< frame bytes emitted by the last round */
	uint64_t failures;   /**< calls that did not produce what was asked */
	uint64_t sink;	     /**< what a compute-only round produced */
};

/** One taskoff burst and one rte_gso burst of the same packets (no rte_gso part without one). */
struct bench_lso_cmp {
	unsigned int expected; /**< frames per burst */
	unsigned int n_mine, valid_mine;
	unsigned int n_gso, valid_gso, same; /**< same: byte-identical to taskoff's */
};

/** A round timed with the family's own and quoted in its wire bytes, ratio against taskoff's. */
struct bench_lso_limit {
	const char *impl;
	bench_round_fn fn;
};

/** Set @p a up for @p k: contexts, and the packets from env->big_pool. @return 0 or -1. */
int bench_lso_prepare(const struct bench_env *env, struct bench_lso_arg *a,
		      const struct bench_lso_kind *k, unsigned int bursts);

/** Give the packets back. */
void bench_lso_release(struct bench_lso_arg *a);

/** Emit one burst each way and compare the frames (valid checksums, byte for byte). */
void bench_lso_compare(struct bench_lso_arg *a, struct bench_lso_cmp *c);

/**
 * Time taskoff, the rte_gso baseline (if any) and @p limits interleaved, and
 * add their rows under case @p name: "taskoff_tx_burst", "rte_gso_segment +
 * sw csum" (taskoff's ratio against it), then the limits.
 */
void bench_lso_measure(const struct bench_env *env, struct bench_report *rep,
		       struct bench_lso_arg *a, const char *name,
		       const struct bench_lso_limit *limits, unsigned int nb_limits);

/** Check @p name: no call failed, no drop counted (and a tunnel family was tunnel LSO). */
void bench_lso_check_clean(struct bench_report *rep, const char *name,
			   const struct bench_lso_arg *a);

#endif
