/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_STEER_RUN_H
#define TASKOFF_TEST_STEER_RUN_H

/* Run taskoff_steer_queue on one built frame and return what it decided. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "taskoff_steer.h"

struct steer_result {
	uint16_t queue;
	bool hashed;   /* RTE_MBUF_F_RX_RSS_HASH set */
	uint32_t hash; /* m->hash.rss when hashed */
};

/* The frame goes into an mbuf chain of @p seg_len-byte segments (0: one segment), is
 * steered, and is freed again. @p cnt may be NULL. */
struct steer_result steer_run(struct rte_mempool *mp, const struct taskoff_steer *st, bool rss,
			      bool nvgre, const uint8_t *frame, size_t len, size_t seg_len,
			      struct taskoff_counters *cnt);

/* The same with the tunnels of @p tun (steer_run: NVGRE alone, per @p nvgre). */
struct steer_result steer_run_tun(struct rte_mempool *mp, const struct taskoff_steer *st, bool rss,
				  struct taskoff_steer_tunnels tun, const uint8_t *frame,
				  size_t len, size_t seg_len, struct taskoff_counters *cnt);

#endif
