/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_TRAFFIC_H
#define TASKOFF_APP_TRAFFIC_H

/**
 * @file
 * The gen and check engines of the taskoff application.
 *
 * gen builds TCP/IPv4 frames for a set of flows; every flow's byte stream is a
 * known pattern indexed by sequence number, so check can verify sequence
 * continuity and every payload byte without shared state with gen.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#define TRAFFIC_MAX_FLOWS 64

struct traffic_gen {
	struct rte_mempool *pool;
	uint16_t nb_flows;
	uint16_t payload_len;
	uint16_t next_flow;
	uint32_t seq[TRAFFIC_MAX_FLOWS];
	uint16_t ip_id[TRAFFIC_MAX_FLOWS];
};

struct traffic_check {
	uint16_t nb_flows;
	uint32_t expect_seq[TRAFFIC_MAX_FLOWS];
	bool seen[TRAFFIC_MAX_FLOWS];
	uint64_t frames;
	uint64_t payload_bytes;
	uint64_t seq_errors;
	uint64_t payload_errors;
	uint64_t header_errors;
};

void traffic_gen_init(struct traffic_gen *gen, struct rte_mempool *pool, uint16_t nb_flows,
		      uint16_t payload_len);
/** Fill @p pkts with up to @p n frames; returns how many were built. */
uint16_t traffic_gen_burst(struct traffic_gen *gen, struct rte_mbuf **pkts, uint16_t n);
/** Give back frames the port did not take, so their bytes are sent again. */
void traffic_gen_unsend(struct traffic_gen *gen, struct rte_mbuf **pkts, uint16_t n);

void traffic_check_init(struct traffic_check *chk, uint16_t nb_flows);
/** Verify and free @p n received frames. */
void traffic_check_burst(struct traffic_check *chk, struct rte_mbuf **pkts, uint16_t n);
uint64_t traffic_check_errors(const struct traffic_check *chk);

#endif
