/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CKSUM_DISPATCH_H
#define TASKOFF_CKSUM_DISPATCH_H

/**
 * @file
 * Which sum taskoff_cksum_raw() runs for which length, and why.
 *
 * Lengths fall into a few size classes. At start-up (a constructor, before
 * main() or when the PMD is loaded) every variant this CPU can run is timed
 * against rte_raw_cksum() itself at one probe length per class, once on data
 * in L1 and once on data flushed from every cache level (what a buffer larger
 * than the LLC gives). A variant replaces rte_raw_cksum() for a class when it
 * is clearly faster in L1 (by 10 %) and keeps up with it on streamed data
 * (within 5 %, the noise of such short measurements); the fastest in L1 of
 * those wins, and when there is none, rte_raw_cksum() itself runs, inline
 * ("never slower than DPDK's"). The choice is published with atomic stores
 * (a function pointer per length bit, NULL for rte_raw_cksum() inline) and
 * logged once at DEBUG under the TaskOff log type (visible when the PMD is
 * loaded with --log-level=pmd.net.taskoff:debug; an executable linking TaskOff
 * statically calibrates before main() parses any log level). The calibration
 * takes a few milliseconds of CPU.
 *
 * The environment variable TASKOFF_CKSUM=<variant name> skips the calibration
 * and runs that variant for every length it applies to (when the CPU has it;
 * "short" only below 512 bytes), for profiling runs that must be repeatable.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The sums taskoff_cksum_raw() can dispatch to. */
enum taskoff_cksum_variant {
	TASKOFF_CKSUM_DPDK,   /**< rte_raw_cksum() (in 64 KiB pieces past its 32-bit range) */
	TASKOFF_CKSUM_SCALAR, /**< taskoff_cksum_raw_scalar() */
	TASKOFF_CKSUM_AVX2,   /**< taskoff_cksum_raw_avx2() */
	TASKOFF_CKSUM_AVX512, /**< taskoff_cksum_raw_avx512() */
	/**
	 * taskoff_cksum_raw_short() inline (lengths below 512, builds for
	 * AVX512-BW). taskoff_cksum_raw() asks one bound for it, so only a run
	 * of classes from length 0 up can have it: a class that cannot (its
	 * lengths too long, or a shorter class without it) runs rte_raw_cksum()
	 * and reports so, forced or calibrated.
	 */
	TASKOFF_CKSUM_SHORT,
	TASKOFF_CKSUM_NB_VARIANTS,
};

/** Number of size classes. */
#define TASKOFF_CKSUM_NB_CLASSES 5

/** One size class: lengths in [min_len, next class's min_len). */
struct taskoff_cksum_class {
	uint32_t min_len;		    /**< first length of the class */
	uint32_t probe_len;		    /**< length the calibration timed */
	enum taskoff_cksum_variant variant; /**< what runs for these lengths */
	/** Speed relative to rte_raw_cksum() (> 1: faster), 0 when not measured. */
	double hot_speedup[TASKOFF_CKSUM_NB_VARIANTS];
	double streamed_speedup[TASKOFF_CKSUM_NB_VARIANTS];
};

/** The dispatch in force. */
struct taskoff_cksum_dispatch {
	struct taskoff_cksum_class classes[TASKOFF_CKSUM_NB_CLASSES];
	/** How the variants were chosen: "calibrated", "forced by TASKOFF_CKSUM", "test hook"... */
	char how[48];
	double calib_ms;     /**< wall time of the calibration (0 when none ran) */
	double calib_cpu_ms; /**< CPU time of the calibration (less on a busy machine) */
};

/** Short name of @p v ("rte_raw_cksum", "scalar", "avx2", "avx512", "short"); NULL when out of
 * range. */
const char *taskoff_cksum_variant_name(enum taskoff_cksum_variant v);

/** True when this CPU (and build) can run @p v. */
bool taskoff_cksum_variant_available(enum taskoff_cksum_variant v);

/** Index of the size class of @p len. */
unsigned int taskoff_cksum_class_of(size_t len);

/**
 * Write the choice of @p d into @p buf (@p len bytes, truncated, always
 * terminated when @p len > 0), one entry per size class: first length,
 * variant, speed vs rte_raw_cksum() in L1/streamed ("0+ B short 1.51/1.72, ...").
 */
void taskoff_cksum_dispatch_format(const struct taskoff_cksum_dispatch *d, char *buf, size_t len);

/** Copy the dispatch in force to @p out. */
void taskoff_cksum_dispatch_get(struct taskoff_cksum_dispatch *out);

/**
 * Time the variants again and publish the new choice (the constructor does it
 * once). Not to be called concurrently with itself; sums running meanwhile
 * are correct with the old or the new choice.
 */
void taskoff_cksum_calibrate(void);

/**
 * Test hook: run @p v for the lengths of class @p cls (TASKOFF_CKSUM_NB_CLASSES:
 * every class). @return 0, or -EINVAL (no such class or variant) or -ENOTSUP
 * (the CPU cannot run @p v).
 */
int taskoff_cksum_dispatch_force(unsigned int cls, enum taskoff_cksum_variant v);

#endif
