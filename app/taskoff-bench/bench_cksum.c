/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 1: the one's-complement sum. TaskOff's taskoff_cksum_raw() (and its
 * scalar, AVX2 and AVX-512 variants) against DPDK's rte_raw_cksum(), on 64-,
 * 256-, 1500- and 9000-byte buffers, once hot in L1 (the same buffer over and
 * over) and once streamed from a buffer far larger than the caches. A plain
 * 64-bit word sum of the big buffer gives the memory-read ceiling. The
 * taskoff_cksum_raw rows name the variant its start-up calibration chose for
 * that length (taskoff_cksum_dispatch.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <immintrin.h>

#include <rte_ip.h>

#include "bench.h"
#include "bench_cksum.h"
#include "bench_pkt.h"
#include "taskoff_cksum.h"
#include "taskoff_cksum_dispatch.h"

static inline uint16_t dpdk_raw(const void *p, size_t len)
{
	return rte_raw_cksum(p, len);
}

CKSUM_ROUNDS(static, taskoff, taskoff_cksum_raw)
CKSUM_ROUNDS(static, scalar, taskoff_cksum_raw_scalar)
CKSUM_ROUNDS(static, avx2, taskoff_cksum_raw_avx2)
CKSUM_ROUNDS(static, avx512, taskoff_cksum_raw_avx512)
CKSUM_ROUNDS(static, dpdk, dpdk_raw)

/*
 * The read ceiling: add up every 64-bit word with four independent AVX2
 * accumulators, the least work that still has to load every byte.
 */
__attribute__((target("avx2"))) static uint64_t walk_memread(void *arg)
{
	struct cksum_arg *a = arg;
	const uint8_t *p = a->big + a->win_off;
	__m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
	uint64_t t0 = bench_now_ns(), lanes[4], ns;
	size_t off;

	for (off = 0; off + 128 <= a->win_len; off += 128) {
		s0 = _mm256_add_epi64(s0, _mm256_loadu_si256((const __m256i *)(p + off)));
		s1 = _mm256_add_epi64(s1, _mm256_loadu_si256((const __m256i *)(p + off + 32)));
		s2 = _mm256_add_epi64(s2, _mm256_loadu_si256((const __m256i *)(p + off + 64)));
		s3 = _mm256_add_epi64(s3, _mm256_loadu_si256((const __m256i *)(p + off + 96)));
	}
	s0 = _mm256_add_epi64(_mm256_add_epi64(s0, s1), _mm256_add_epi64(s2, s3));
	_mm256_storeu_si256((__m256i *)lanes, s0);
	ns = bench_now_ns() - t0;
	a->sink = lanes[0] + lanes[1] + lanes[2] + lanes[3];
	a->win_off = (a->win_off + a->win_len) % a->big_len;
	return ns;
}

/* Rounds are short (see bench_reps): hot rounds sum 4 MiB, streamed rounds one 8 MiB window. */
#define HOT_SLICES 64u
#define WINDOW	   ((size_t)8 << 20)

struct cksum_impl {
	const char *name;
	bench_round_fn hot;
	bench_round_fn walk;
};

static const struct cksum_impl impls[] = {
    {"rte_raw_cksum", hot_dpdk, walk_dpdk},
    {"rte_raw_cksum -march=corei7", hot_stock, walk_stock},
    {"taskoff_cksum_raw", hot_taskoff, walk_taskoff},
    {"taskoff_cksum_raw_scalar", hot_scalar, walk_scalar},
    {"taskoff_cksum_raw_avx2", hot_avx2, walk_avx2},
    {"taskoff_cksum_raw_avx512", hot_avx512, walk_avx512},
};

/* 2 MB hugepages when the system has them (fewer TLB misses), else ordinary pages. */
static uint8_t *big_alloc(size_t len, bool *huge)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB,
		       -1, 0);

	*huge = p != MAP_FAILED;
	if (p != MAP_FAILED)
		return p;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, len, MADV_HUGEPAGE);
	return p;
}

/* Same sum as rte_raw_cksum for many lengths and alignments, odd ones included. */
static void check_equivalence(struct bench_report *rep, const uint8_t *buf)
{
	unsigned int bad = 0, n = 0;
	size_t off, len;

	for (off = 0; off < 8; off++)
		for (len = 0; len <= 9000; len += (len < 2100 ? 1 : 997), n++) {
			uint16_t want = rte_raw_cksum(buf + off, len);

			bad += taskoff_cksum_raw(buf + off, len) != want;
			bad += taskoff_cksum_raw_scalar(buf + off, len) != want;
			bad += taskoff_cksum_raw_avx2(buf + off, len) != want;
			bad += taskoff_cksum_raw_avx512(buf + off, len) != want;
		}
	bench_check(rep, "cksum: taskoff sums == rte_raw_cksum", bad == 0,
		    "%u (offset, length) pairs x 4 variants, %u mismatches", n, bad);
}

/*
 * All implementations of one case, interleaved. A streamed case also runs the
 * read-ceiling probe in the same set, so it sees the same memory traffic from
 * the rest of the machine as the sums it bounds.
 */
static void run_case(const struct bench_env *env, struct bench_report *rep, struct cksum_arg *a,
		     bool walk, const char *name, const char *variant)
{
	const unsigned int n = RTE_DIM(impls), ceiling = RTE_DIM(impls);
	bench_round_fn fns[RTE_DIM(impls) + 1];
	double best[RTE_DIM(impls) + 1];
	struct bench_row *base = NULL, *mine = NULL;
	uint64_t ref = 0;
	unsigned int i, mismatched = 0;
	double bytes = walk ? (double)(a->win_len / a->len * a->len) : (double)(a->iters * a->len);
	/* streamed: read the whole big buffer env->reps times, one window per round */
	unsigned int reps = walk ? bench_reps(env, (unsigned int)(a->big_len / a->win_len))
				 : bench_reps(env, HOT_SLICES);
	double ops = bytes / (double)a->len;

	for (i = 0; i < n; i++)
		fns[i] = walk ? impls[i].walk : impls[i].hot;
	fns[ceiling] = walk_memread;
	bench_best_set(fns, a, walk ? n + 1 : n, reps, best);
	for (i = 0; i < n; i++) {
		struct bench_row *r = bench_add_row(rep, "cksum", name, impls[i].name, BENCH_GBYTES,
						    bytes, ops, "buffer", best[i]);

		a->win_off = 0;
		(void)fns[i](a); /* once more, untimed, over the same bytes for all */
		if (i == 0) {
			base = r;
			ref = a->sink;
		} else {
			bench_set_ratio(r, base);
			mismatched += a->sink != ref;
		}
		if (r != NULL && strcmp(impls[i].name, "taskoff_cksum_raw") == 0) {
			mine = r;
			snprintf(r->variant, sizeof(r->variant), "%s", variant);
		}
	}
	if (walk)
		bench_set_ratio(bench_add_row(rep, "cksum", name, "read ceiling: sum of u64 words",
					      BENCH_GBYTES, (double)(a->win_len / 128 * 128), ops,
					      "buffer", best[ceiling]),
				mine);
	bench_check(rep, name, mismatched == 0, "accumulated sums of all variants %s (0x%llx)",
		    mismatched == 0 ? "equal" : "DIFFER", (unsigned long long)ref);
}

static const char *variant_of(const struct taskoff_cksum_dispatch *d, size_t len)
{
	return taskoff_cksum_variant_name(d->classes[taskoff_cksum_class_of(len)].variant);
}

/* The dispatch table: variant per size class, with what the calibration measured for it. */
static void note_dispatch(struct bench_report *rep, const struct taskoff_cksum_dispatch *d)
{
	char line[224];

	taskoff_cksum_dispatch_format(d, line, sizeof(line));
	bench_note(rep,
		   "cksum: taskoff_cksum_raw dispatch %s (%.1f ms CPU); per length: variant, "
		   "speed vs rte_raw_cksum in L1/streamed: %s",
		   d->how, d->calib_cpu_ms, line);
}

int bench_cksum(const struct bench_env *env, struct bench_report *rep)
{
	static const size_t lens[] = {64, 256, 1500, 9000};
	struct taskoff_cksum_dispatch d;
	size_t hot_bytes = 4u << 20; /* per round: ~60 us */
	struct cksum_arg a = {0};
	uint8_t *hot = aligned_alloc(64, 16384);
	bool huge = false;
	unsigned int i;
	char name[64];

	a.big_len = env->big_bytes;
	a.big = big_alloc(a.big_len, &huge);
	a.win_len = a.big_len % WINDOW == 0 ? WINDOW : a.big_len;
	if (hot == NULL || a.big == NULL) {
		free(hot);
		fprintf(stderr, "cksum: cannot allocate buffers\n");
		return -1;
	}
	taskoff_cksum_dispatch_get(&d);
	bench_fill_random(hot, 16384, 0x1234);
	bench_fill_random((uint8_t *)(uintptr_t)a.big, a.big_len, 0x5678);
	check_equivalence(rep, hot);
	for (i = 0; i < RTE_DIM(lens); i++) {
		a.buf = hot;
		a.len = lens[i];
		a.iters = hot_bytes / lens[i];
		snprintf(name, sizeof(name), "%zu B in L1 (same buffer)", lens[i]);
		run_case(env, rep, &a, false, name, variant_of(&d, lens[i]));
	}
	for (i = 0; i < RTE_DIM(lens); i++) {
		a.len = lens[i];
		snprintf(name, sizeof(name), "%zu B streamed, %zu MiB", lens[i], a.big_len >> 20);
		run_case(env, rep, &a, true, name, variant_of(&d, lens[i]));
	}
	bench_note(rep, "cksum: big buffer of %zu MiB on %s pages, read in %zu MiB windows",
		   a.big_len >> 20, huge ? "2 MB huge" : "4 KiB (THP advised)", a.win_len >> 20);
	bench_note(rep, "cksum: hot buffer 64-byte aligned; streamed buffers start at multiples "
			"of their length; read-ceiling ratio = ceiling/taskoff_cksum_raw");
	note_dispatch(rep, &d);
	munmap((void *)(uintptr_t)a.big, a.big_len);
	free(hot);
	return 0;
}
