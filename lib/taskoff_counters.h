/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_H
#define TASKOFF_COUNTERS_H

/**
 * @file
 * Every per-queue counter TaskOff keeps, in one table. A queue owns a plain
 * uint64_t array indexed by enum taskoff_counter; only the lcore polling the
 * queue writes it, the control side only reads (torn reads of a 64-bit value
 * cannot happen on x86_64). The names are the xstats names.
 *
 * Drop counters are named "*_drop_<reason>": each packet that does not leave
 * (TX) or is not delivered (RX) is counted in exactly one of them.
 */

#include <stdbool.h>
#include <stdint.h>

#include "taskoff_counters_tx.h"
#include "taskoff_counters_rx.h"
#include "taskoff_counters_steer.h"

/* Wire counters, owned by the PMD. */
#define TASKOFF_WIRE_COUNTER_LIST(X)                                                               \
	X(RX_PACKETS, "rx_packets")                                                                \
	X(RX_BYTES, "rx_bytes")                                                                    \
	X(TX_PACKETS, "tx_packets")                                                                \
	X(TX_BYTES, "tx_bytes")                                                                    \
	X(TX_DROP_LINK_DOWN, "tx_link_down_dropped")                                               \
	X(TX_DROP_TOO_MANY_SEGMENTS, "tx_too_many_segments_dropped")                               \
	X(TX_DROP_OFFLOAD_UNSUPPORTED, "tx_offload_unsupported_dropped")                           \
	X(RX_DROP_TOO_BIG, "rx_too_big_dropped")                                                   \
	X(RX_DROP_PORT_STOPPED, "rx_port_stopped_dropped")

#define TASKOFF_COUNTER_LIST(X)                                                                    \
	TASKOFF_WIRE_COUNTER_LIST(X)                                                               \
	TASKOFF_TX_COUNTER_LIST(X)                                                                 \
	TASKOFF_RX_COUNTER_LIST(X)                                                                 \
	TASKOFF_STEER_COUNTER_LIST(X)

enum taskoff_counter {
#define TASKOFF_COUNTER_ENUM(id, name) TASKOFF_CNT_##id,
	TASKOFF_COUNTER_LIST(TASKOFF_COUNTER_ENUM)
#undef TASKOFF_COUNTER_ENUM
	    TASKOFF_CNT_MAX
};

/** Per-queue counter block. */
struct taskoff_counters {
	uint64_t v[TASKOFF_CNT_MAX];
};

/** xstats name of a counter, or NULL if out of range. */
const char *taskoff_counter_name(enum taskoff_counter c);

/**
 * Is @p c a drop counter of direction @p dir ('r' receive, 't' transmit)? Drop
 * counters are named <rx|tx>_<reason>_dropped (DPDK's convention, which OVS
 * and generic tools show); ethdev's ierrors/oerrors are their sums.
 */
bool taskoff_counter_is_drop(enum taskoff_counter c, char dir);

#endif
