/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_H
#define TASKOFF_BENCH_H

/**
 * @file
 * taskoff-bench: single-core throughput of each TaskOff stage next to its
 * DPDK 22.11 baseline, measured in the same run. Every section times a
 * "round" of work several times and keeps the fastest round (the machine is
 * shared and noisy; the minimum is the least disturbed run).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>

/** Command-line options and the resources every section shares. */
struct bench_env {
	bool quick;	   /**< smoke run: small sizes, few repetitions */
	bool json;	   /**< print JSON instead of the table */
	unsigned int reps; /**< passes over each measurement's full work; see bench_reps() */
	size_t big_bytes;  /**< size of the "far larger than the caches" buffer */
	const char *only;  /**< run only this section (NULL: all) */
	struct rte_mempool *hdr_pool;	   /**< direct mbufs: segment headers, RX frames */
	struct rte_mempool *indirect_pool; /**< dataless mbufs attached to payloads */
	struct rte_mempool *big_pool;	   /**< mbufs large enough for a 64 KiB packet */
};

/** What a row's value measures. */
enum bench_unit {
	BENCH_GBYTES, /**< GB/s (10^9 bytes per second) */
	BENCH_GBITS,  /**< Gbit/s */
	BENCH_MPPS,   /**< million packets (or tuples) per second */
};

/** One line of the result table. */
struct bench_row {
	char section[16]; /**< "cksum", "lso", "rsc", "rss", "scale" */
	char name[64];	  /**< the case, e.g. "1500 B in cache" */
	char impl[48];	  /**< what ran, e.g. "taskoff_cksum_raw" */
	char variant[24]; /**< what a dispatching impl ran in this case ("" when not one) */
	enum bench_unit unit;
	double value;	  /**< throughput in @p unit */
	double ns_per_op; /**< ns per buffer / packet / tuple */
	char op[16];	  /**< what ns_per_op counts ("buffer", "input pkt"...) */
	double ratio;	  /**< value / baseline value; 0 when this row is not compared */
	char vs[48];	  /**< impl of the baseline the ratio refers to */
};

/** A named sanity check of a section: taskoff and the baseline agree. */
struct bench_check {
	char name[96];
	bool ok;
	char detail[192];
};

#define BENCH_MAX_ROWS	 96
#define BENCH_MAX_CHECKS 64

/** Everything one run produced. */
struct bench_report {
	unsigned int nb_rows;
	struct bench_row rows[BENCH_MAX_ROWS];
	unsigned int nb_checks;
	struct bench_check checks[BENCH_MAX_CHECKS];
	char notes[16][320]; /**< free-form remarks printed under the table */
	unsigned int nb_notes;
};

/* --- timing (bench_timer.c) --- */

/** Monotonic time in nanoseconds. */
uint64_t bench_now_ns(void);

/** One round of a measurement; returns the nanoseconds it wants counted. */
typedef uint64_t (*bench_round_fn)(void *arg);

/**
 * Measure @p n round functions over the same @p arg, interleaved: each
 * repetition runs every function once, so a noisy moment on the shared
 * machine hits all of them alike. Writes the fastest round of each to @p best.
 */
void bench_best_set(const bench_round_fn *fns, void *arg, unsigned int n, unsigned int reps,
		    double *best);

/**
 * Rounds to run for a measurement whose full work was cut into @p slices
 * short rounds. Rounds are kept well under a scheduler time slice (tens to
 * hundreds of us) so that, when another process shares the CPU, most rounds
 * still run uninterrupted and the best of them is a clean measurement.
 */
static inline unsigned int bench_reps(const struct bench_env *env, unsigned int slices)
{
	return env->quick ? env->reps : env->reps * slices;
}

/** Keep the compiler from assuming anything about @p p or the memory behind it. */
#define BENCH_OPAQUE(p) __asm__ volatile("" : "+r"(p) : : "memory")

/* --- results (bench_report.c) --- */

/**
 * Append a row. @p bytes and @p ops are the work of one round, @p ns the best
 * round. For BENCH_MPPS the value is ops per µs; otherwise bytes per ns (GB/s)
 * or bits per ns (Gbit/s). @return the row, so the caller can set a ratio.
 */
struct bench_row *bench_add_row(struct bench_report *rep, const char *section, const char *name,
				const char *impl, enum bench_unit unit, double bytes, double ops,
				const char *op, double ns);

/** Set @p row's ratio against @p base (same unit). */
void bench_set_ratio(struct bench_row *row, const struct bench_row *base);

/** Record a sanity check; @p fmt describes the values compared. */
void bench_check(struct bench_report *rep, const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** Add a note printed under the table (and in the JSON). */
void bench_note(struct bench_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** True when every check passed. */
bool bench_checks_ok(const struct bench_report *rep);

/** Print the table (text) or the JSON document. */
void bench_print_table(const struct bench_report *rep, const struct bench_env *env);
void bench_print_json(const struct bench_report *rep, const struct bench_env *env);

/* --- sections; each returns 0, or -1 when it could not run at all --- */

int bench_cksum(const struct bench_env *env, struct bench_report *rep);
int bench_lso(const struct bench_env *env, struct bench_report *rep);
int bench_rsc(const struct bench_env *env, struct bench_report *rep);
int bench_rss(const struct bench_env *env, struct bench_report *rep);
/** Whole datapath through net_taskoff ports on 1 and 2 lcores (bench_scale.c). */
int bench_scale(const struct bench_env *env, struct bench_report *rep);

#endif
