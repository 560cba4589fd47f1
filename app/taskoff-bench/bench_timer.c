/* SPDX-License-Identifier: BSD-3-Clause */
/* Best-of-N timing: the fastest round is the one the shared machine disturbed least. */
#include <time.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

double bench_best_ns(bench_round_fn fn, void *arg, unsigned int reps)
{
	uint64_t best = UINT64_MAX;
	unsigned int i;

	(void)fn(arg); /* warm caches, branch predictors, mempool caches */
	for (i = 0; i < reps; i++) {
		uint64_t ns = fn(arg);

		if (ns < best)
			best = ns;
	}
	return best == 0 ? 1.0 : (double)best;
}
