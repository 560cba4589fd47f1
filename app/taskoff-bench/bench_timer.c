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

void bench_best_set(const bench_round_fn *fns, void *arg, unsigned int n, unsigned int reps,
		    double *best)
{
	unsigned int i, r;

	for (i = 0; i < n; i++) {
		(void)fns[i](arg); /* warm-up */
		best[i] = 0;
	}
	for (r = 0; r < reps; r++)
		for (i = 0; i < n; i++) {
			double ns = (double)fns[i](arg);

			if (ns < 1)
				ns = 1;
			if (best[i] == 0 || ns < best[i])
				best[i] = ns;
		}
}
