/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_BRIDGE_H
#define TASKOFF_APP_BRIDGE_H

/**
 * @file
 * The bridge engine: a bump in the wire. One direction receives on a port
 * with checksum validation and RSC, and sends on the other with LSO: a
 * coalesced unit goes out as a TSO request with the MSS RSC observed and the
 * header lengths the receive parse found, so the far side gets MTU-sized,
 * correctly checksummed segments. Everything else is forwarded unchanged.
 * Packets the TX port does not take wait and go first on the next step
 * (back-pressure); none is dropped unless the run ends with them pending.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#define BRIDGE_BURST 32

struct bridge_stats {
	uint64_t rx_packets;	   /**< packets the RX port delivered */
	uint64_t rx_scus;	   /**< of which coalesced units */
	uint64_t rx_wire_segments; /**< segments they stand for */
	uint64_t rx_csum_bad;	   /**< forwarded although a checksum flag said BAD */
	uint64_t tx_packets;	   /**< packets the TX port took */
	uint64_t tx_tso_requests;  /**< of which sent with a segmentation request */
	uint64_t drop_end_of_run;  /**< still pending when the run ended */
};

/** One direction of the bridge on one queue pair. */
struct bridge_dir {
	uint16_t rx_port, tx_port, queue;
	uint16_t tx_mtu;
	int rsc_info_offset;
	uint16_t nb_pending, pending_head;
	struct rte_mbuf *pending[BRIDGE_BURST];
	struct bridge_stats stats;
};

void bridge_init(struct bridge_dir *b, uint16_t rx_port, uint16_t tx_port, uint16_t queue,
		 uint16_t tx_mtu);

/** Send what is pending; when nothing is, receive a burst, prepare and send it. */
void bridge_step(struct bridge_dir *b);

/** End of run: free what is still pending, counted in drop_end_of_run. */
void bridge_discard_pending(struct bridge_dir *b);

void bridge_stats_add(struct bridge_stats *a, const struct bridge_stats *b);

#endif
