/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RCU_H
#define TASKOFF_RCU_H

/**
 * @file
 * One quiescent-state-based RCU domain for every TaskOff datapath reader in
 * the process.
 *
 * A reader is one queue of one port (it is polled by exactly one lcore at a
 * time). It is online only inside a burst: taskoff_rcu_enter at the start,
 * taskoff_rcu_leave at the end, so a queue nobody polls never holds back
 * reclamation. One domain for all ports matters because readers cross ports:
 * a TX queue of port A reads the steering state of its peer B.
 *
 * Objects replaced by the control side are handed to taskoff_rcu_retire and
 * freed once every reader that could have seen them has left its burst.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>

/** Reader ids: 2 * TASKOFF_RCU_QUEUES per port (RX queues, then TX queues). */
#define TASKOFF_RCU_QUEUES	16
#define TASKOFF_RCU_MAX_PORTS	RTE_MAX_ETHPORTS
#define TASKOFF_RCU_MAX_READERS (TASKOFF_RCU_MAX_PORTS * 2 * TASKOFF_RCU_QUEUES)

/** Objects that may wait for reclamation at once. */
#define TASKOFF_RCU_RETIRE_MAX 256

/** How long a writer waits for room in the retire list before giving up (µs). */
#define TASKOFF_RCU_RETIRE_WAIT_US 1000000u

/** The process-wide QSBR variable; created on first use. NULL if out of memory. */
struct rte_rcu_qsbr *taskoff_rcu(void);

/** Reader id of RX (@p tx false) or TX queue @p queue of @p port_id. */
static inline uint32_t taskoff_rcu_reader_id(uint16_t port_id, bool tx, uint16_t queue)
{
	return ((uint32_t)port_id * 2u + (tx ? 1u : 0u)) * TASKOFF_RCU_QUEUES + queue;
}

/** Control side: make @p id a reader (queue setup) or forget it (queue release). */
int taskoff_rcu_reader_register(uint32_t id);
void taskoff_rcu_reader_unregister(uint32_t id);

/** Datapath: reader @p id starts a burst. */
static inline void taskoff_rcu_enter(struct rte_rcu_qsbr *v, uint32_t id)
{
	rte_rcu_qsbr_thread_online(v, id);
}

/** Datapath: reader @p id ends its burst and holds no published object any more. */
static inline void taskoff_rcu_leave(struct rte_rcu_qsbr *v, uint32_t id)
{
	rte_rcu_qsbr_thread_offline(v, id);
}

/**
 * Control side: free @p obj with @p free_fn once no reader can see it.
 * Waits like taskoff_rcu_wait_room when the retire list is full.
 * @return 0, or -ENOSPC when a reader stayed inside one burst for the whole
 *         wait (@p obj is then not freed: the caller decides).
 */
int taskoff_rcu_retire(void *obj, void (*free_fn)(void *obj));

/**
 * Control side: wait (bounded by TASKOFF_RCU_RETIRE_WAIT_US) until one more
 * object can be retired. Call it before publishing, so a publish that cannot be
 * reclaimed is refused before anything changes.
 * @return 0 or -EBUSY (a reader stayed inside one burst for the whole wait).
 */
int taskoff_rcu_wait_room(void);

/** Control side: free what can be freed now. @return objects freed. */
unsigned int taskoff_rcu_reclaim(void);

/** Control side: objects retired and not yet freed. */
unsigned int taskoff_rcu_pending(void);

#endif
