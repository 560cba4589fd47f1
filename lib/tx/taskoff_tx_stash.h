/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TX_STASH_H
#define TASKOFF_TX_STASH_H

/**
 * @file
 * lib/tx internal: a per-packet stash of mbufs so that building a packet's
 * frames costs one rte_mempool_get_bulk() per TASKOFF_STASH_SIZE mbufs
 * instead of one allocation each. Lives on the caller's stack; whatever is
 * not taken goes back to the pool with taskoff_stash_release().
 *
 * The mbufs are raw (as from rte_mbuf_raw_alloc(): refcnt 1, next NULL,
 * nb_segs 1, every other field stale): the segment builder writes each field
 * it needs once instead of after rte_pktmbuf_reset() wrote it first.
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_mbuf.h>

/** Most mbufs one refill takes. */
#define TASKOFF_STASH_SIZE 64u

/** Mbufs taken from one pool in bulk, handed out one at a time. */
struct taskoff_mbuf_stash {
	struct rte_mempool *mp;
	uint32_t want; /**< how many more the packet is expected to need */
	unsigned int n, next;
	struct rte_mbuf *m[TASKOFF_STASH_SIZE];
};

/**
 * Empty stash over @p mp for a packet expected to take @p want mbufs: a
 * refill takes no more than are still expected (at least one), so a small
 * packet does not drain a small pool.
 */
static inline void taskoff_stash_init(struct taskoff_mbuf_stash *st, struct rte_mempool *mp,
				      uint32_t want)
{
	st->mp = mp;
	st->want = want;
	st->n = 0;
	st->next = 0;
}

/** A raw mbuf (as from rte_mbuf_raw_alloc), or NULL when the pool is dry. */
static inline struct rte_mbuf *taskoff_stash_take(struct taskoff_mbuf_stash *st)
{
	if (st->next == st->n) {
		unsigned int n = (unsigned int)RTE_MIN(RTE_MAX(st->want, 1u), TASKOFF_STASH_SIZE);

		if (rte_mempool_get_bulk(st->mp, (void **)st->m, n) != 0)
			return NULL;
		st->n = n;
		st->next = 0;
	}
	if (st->want > 0)
		st->want--;
	return st->m[st->next++];
}

/** Give back to the pool what the packet did not take (still raw: no field was written). */
static inline void taskoff_stash_release(struct taskoff_mbuf_stash *st)
{
	if (st->next < st->n)
		rte_mempool_put_bulk(st->mp, (void **)(st->m + st->next), st->n - st->next);
	st->n = st->next = 0;
}

#endif
