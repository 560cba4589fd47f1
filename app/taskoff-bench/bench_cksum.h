/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_CKSUM_H
#define TASKOFF_BENCH_CKSUM_H

/**
 * @file
 * Round functions of the checksum stage, shared with bench_cksum_stock.c,
 * which instantiates them for rte_raw_cksum compiled the way a stock DPDK
 * application is (libdpdk.pc's -march=corei7).
 */

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

/*
 * What one round sums: one hot buffer @p iters times, or the next window of
 * the big buffer. Windows are twice the L3 size and rotate through the big
 * buffer, so every round reads memory no recent round touched, and a round is
 * short enough (a few ms) to often run undisturbed on a shared machine.
 */
struct cksum_arg {
	const uint8_t *buf;
	size_t len;
	size_t iters;
	const uint8_t *big;
	size_t big_len;
	size_t win_len; /* bytes a streamed round reads; divides big_len */
	size_t win_off; /* where the next streamed round starts */
	uint64_t sink;	/* folded results, compared across implementations */
};

/*
 * One pair of round functions per implementation, with direct calls (a
 * function pointer would add an indirect call that the real users do not pay).
 * BENCH_OPAQUE stops the compiler from hoisting the inlined rte_raw_cksum out
 * of the hot loop.
 */
#define CKSUM_ROUNDS(storage, tag, call)                                                           \
	storage uint64_t hot_##tag(void *arg)                                                      \
	{                                                                                          \
		struct cksum_arg *a = arg;                                                         \
		uint64_t t0 = bench_now_ns(), acc = 0;                                             \
		size_t i;                                                                          \
		for (i = 0; i < a->iters; i++) {                                                   \
			const uint8_t *p = a->buf;                                                 \
			BENCH_OPAQUE(p);                                                           \
			acc += call(p, a->len);                                                    \
		}                                                                                  \
		a->sink = acc;                                                                     \
		return bench_now_ns() - t0;                                                        \
	}                                                                                          \
	storage uint64_t walk_##tag(void *arg)                                                     \
	{                                                                                          \
		struct cksum_arg *a = arg;                                                         \
		const uint8_t *w = a->big + a->win_off;                                            \
		uint64_t t0 = bench_now_ns(), acc = 0, ns;                                         \
		size_t off;                                                                        \
		for (off = 0; off + a->len <= a->win_len; off += a->len)                           \
			acc += call(w + off, a->len);                                              \
		ns = bench_now_ns() - t0;                                                          \
		a->sink = acc;                                                                     \
		a->win_off = (a->win_off + a->win_len) % a->big_len;                               \
		return ns;                                                                         \
	}

/** rte_raw_cksum built with -march=corei7 (bench_cksum_stock.c). */
uint64_t hot_stock(void *arg);
uint64_t walk_stock(void *arg);

#endif
