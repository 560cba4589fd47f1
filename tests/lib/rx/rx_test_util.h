/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_RX_UTIL_H
#define TASKOFF_TEST_RX_UTIL_H

/* Shared fixture of the receive tests: one EAL, one pool, one context per test. */

#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rx.h"

struct rx_fixture {
	struct rte_mempool *mp;
	unsigned int pool_start; /* mbufs in use when the test began */
	struct taskoff_rx_ctx *ctx;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
};

/** Start EAL and create the shared pool (call once from main). */
int rx_fixture_global_init(const char *name, unsigned int nb_mbufs, uint16_t data_room);

/** cmocka setup/teardown: fresh ctx (64 flows), default config, zero counters; pool level checked.
 */
int rx_fixture_setup(void **state);
int rx_fixture_teardown(void **state);

/** One frame from bytes; fails the test if the pool is empty. */
struct rte_mbuf *rx_mbuf(struct rx_fixture *fx, const uint8_t *buf, size_t len);

/** Run a burst in place (out == pkts). */
uint16_t rx_run(struct rx_fixture *fx, struct rte_mbuf **pkts, uint16_t n);

/** Free @p n mbufs of @p pkts. */
void rx_free(struct rte_mbuf **pkts, uint16_t n);

#endif
