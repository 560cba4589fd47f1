/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_CHECK_H
#define TASKOFF_APP_CHECK_H

/**
 * @file
 * The check engine: receives on one RX queue (LRO and checksum offloads on)
 * and verifies every packet of the flow plan: headers, sequence continuity
 * per flow across segments and SCUs, every payload byte against the flow
 * pattern, the checksum flags (and optionally the checksums themselves), and
 * the RSC metadata of coalesced units. Each failure is counted; packets are
 * always freed.
 *
 * Sampling (sample_every N > 1) leaves everything above as it is but the
 * payload comparison: only the bytes of each flow's stream packets 0, N, 2N...
 * (the large packets gen handed to the port, by stream offset, wherever
 * segmentation and RSC put them) are compared. A corrupted byte is caught if,
 * and only if, it lies in such a packet; the run then shows TaskOff's speed
 * rather than the checker's byte loop.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "flows.h"

#define CHECK_BURST 32

struct check_stats {
	uint64_t packets;	/**< packets the port delivered */
	uint64_t scus;		/**< of which coalesced units (RX_LRO) */
	uint64_t wire_segments; /**< segments they stand for: SCU seg counts + 1 per other packet */
	uint64_t payload_bytes; /**< L4 payload bytes received */
	uint64_t payload_bytes_verified; /**< of which compared byte by byte with the pattern */
	uint64_t tcp_payload_bytes;
	uint64_t udp_payload_bytes;
	uint64_t udp_datagrams;
	uint64_t csum_good;	  /**< packets whose every checksum flag says GOOD */
	uint64_t csum_bad;	  /**< a flag says BAD */
	uint64_t csum_unchecked;  /**< a flag says UNKNOWN/NONE where a checksum exists */
	uint64_t sw_csum_errors;  /**< checksum recomputed here disagrees (sw_csum on) */
	uint64_t header_errors;	  /**< not a packet of the plan, or lengths disagree */
	uint64_t seq_errors;	  /**< sequence number is not where the flow's stream is */
	uint64_t payload_errors;  /**< a payload byte differs from the pattern */
	uint64_t rsc_errors;	  /**< RX_LRO metadata inconsistent */
	uint64_t oversize_errors; /**< a packet that is not an SCU is larger than the MTU */
};

struct check {
	const struct flow_plan *plan;
	uint16_t port, queue;
	uint16_t mtu;
	bool sw_csum;
	uint32_t sample_every; /**< 1: every payload byte; N: stream packets k % N == 0 */
	int rsc_info_offset;   /**< dynfield offset, negative when TaskOff has not registered it */
	uint64_t expect[FLOWS_MAX]; /**< next stream offset per flow */
	struct check_stats stats;
};

/** Prepare @p c to verify packets received on @p port/@p queue; @p sample_every 0 or 1 = all. */
void check_init(struct check *c, const struct flow_plan *plan, uint16_t port, uint16_t queue,
		uint16_t mtu, bool sw_csum, uint32_t sample_every);

/** Receive and verify one burst. @return packets received. */
uint16_t check_step(struct check *c);

/** Verify and free @p n packets. */
void check_packets(struct check *c, struct rte_mbuf **pkts, uint16_t n);

/** Sum of the error counters. */
uint64_t check_errors(const struct check_stats *s);

/** Add @p b into @p a. */
void check_stats_add(struct check_stats *a, const struct check_stats *b);

#endif
