/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CKSUM_INTERNAL_H
#define TASKOFF_CKSUM_INTERNAL_H

/*
 * Between the sums (taskoff_cksum.c) and the choice of which one runs
 * (taskoff_cksum_dispatch.c): the size classes and the functions.
 */

#include <stddef.h>
#include <stdint.h>

#include "taskoff_cksum.h"
#include "taskoff_cksum_dispatch.h"

/*
 * Size classes by the highest set bit of the length, so that one bit scan
 * finds the function: [0, 32), [32, 128), [128, 512), [512, 4096), 4096 and
 * more; probed at 20, 64, 256, 1500 and 9000 bytes (short headers, small
 * frames, mid-size, a 1500-byte MTU, jumbo frames).
 */
static inline unsigned int taskoff_cksum_class_of_log2(unsigned int log2)
{
	return (log2 >= 5) + (log2 >= 7) + (log2 >= 9) + (log2 >= 12);
}

/*
 * rte_raw_cksum() runs inline for lengths whose highest bit is at most this
 * (below 64 KiB: its 32-bit sum takes 65537 words before it wraps).
 */
#define TASKOFF_CKSUM_INLINE_LOG2_MAX 15u

/* rte_raw_cksum(), in 64 KiB pieces past the length where its 32-bit sum wraps. */
uint16_t taskoff_cksum_sum_dpdk(const void *buf, size_t len);

/* The sum function of variant @p v (which the CPU must have). */
taskoff_cksum_fn taskoff_cksum_variant_fn(enum taskoff_cksum_variant v);

#endif
