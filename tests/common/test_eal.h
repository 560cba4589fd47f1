/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_EAL_H
#define TASKOFF_TEST_EAL_H

/**
 * @file
 * Shared set-up for unit tests: EAL without hugepages, a private file prefix
 * per process, and a helper mempool whose level is checked after each test.
 */

#include <stdint.h>

#include <rte_mempool.h>

/** Start EAL with --no-huge --no-shconf (DPDK 22.11 refuses --in-memory together
 * with --no-huge, which implies legacy memory) and a file prefix unique to this test. */
int test_eal_init(const char *test_name);

/** A pktmbuf pool for tests (8191 mbufs of 2048 + headroom data room). */
struct rte_mempool *test_pktmbuf_pool(const char *name, unsigned int n, uint16_t data_room);

/** Mbufs currently taken from @p mp (0 when every mbuf is back). */
unsigned int test_mempool_in_use(const struct rte_mempool *mp);

#endif
