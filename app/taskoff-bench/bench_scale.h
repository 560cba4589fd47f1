/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_SCALE_H
#define TASKOFF_BENCH_SCALE_H

/**
 * @file
 * The scale stage's ports: two net_taskoff ports wired as peers through the
 * ethdev API, N queue pairs each. Port 0 transmits with LSO, port 1 receives
 * with RSS over its N queues and LRO (RSC). Flows are chosen with port 1's
 * own RSS key and redirection table so that lane q's flows land on RX queue q.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>

#define SCALE_LANES	 2u
#define SCALE_FLOWS	 4u /* per lane: RSS spreads several flows, all to the lane's queue */
#define SCALE_MSS	 1400u
#define SCALE_PAYLOAD	 64400u /* 46 segments of SCALE_MSS: one SCU each */
#define SCALE_SEGS	 (SCALE_PAYLOAD / SCALE_MSS)
#define SCALE_DPORT	 5001u
#define SCALE_SRC_IP	 0x0a000001u /* 10.0.0.1, host order */
#define SCALE_DST_IP	 0x0a000002u /* 10.0.0.2 */
#define SCALE_SPORT_BASE 20000u

/** The two ports and what a lane needs to address them. */
struct scale_ports {
	uint16_t tx_port, rx_port; /* port ids of net_taskoff0 (LSO) and net_taskoff1 (RSC) */
	struct rte_ether_addr tx_mac, rx_mac;
	struct rte_mempool *rx_pool; /* rx_queue_setup wants one; the peer wire never uses it */
	bool created;
	uint16_t sport[SCALE_LANES][SCALE_FLOWS]; /* TCP source port of each lane's flows */
};

/**
 * Create, configure and start the two ports (queues = SCALE_LANES) and pick
 * each lane's flows from port 1's RSS configuration.
 * @return 0, or a negative errno with a message on stderr.
 */
int scale_ports_open(struct scale_ports *p);

/** Stop the ports (their rings are drained), leaving the counters readable. */
void scale_ports_stop(struct scale_ports *p);

/** Close and remove both ports, free the RX pool. */
void scale_ports_close(struct scale_ports *p);

/** The extended statistic @p name of @p port; UINT64_MAX when it does not exist. */
uint64_t scale_xstat(uint16_t port, const char *name);

/** Sum of every extended statistic of @p port whose name contains "drop", and how many. */
uint64_t scale_drops(uint16_t port);

/** mbufs in use in the PMD's own TX pools of @p port (headers + indirect), or -1 if unknown. */
int scale_pmd_pools_in_use(uint16_t port);

#endif
