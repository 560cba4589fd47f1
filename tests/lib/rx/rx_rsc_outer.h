/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_RX_RSC_OUTER_H
#define TASKOFF_TEST_RX_RSC_OUTER_H

/*
 * RSC rules on the outer IPv4 header of a tunnel, the same for NVGRE
 * (test_rsc.c) and VXLAN (test_rsc_vxlan.c): each test file gives the segment
 * builder of its tunnel, these run the rule and assert what both tunnels share.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "rx_test_util.h"

/** The outer IPv4 fields the rules vary (the tunnel's defaults otherwise). */
struct rx_outer_fields {
	uint8_t dscp;
	uint8_t ecn;
	bool df;
	bool no_outer_csum; /* nothing to verify outside (NVGRE: IPv6 outer, VXLAN: UDP sum 0) */
};

/** An mbuf of segment @p i of the test's inner flow, in the test's tunnel with outer
 * fields @p o. */
typedef struct rte_mbuf *(*rx_outer_seg_fn)(struct rx_fixture *fx, const struct rx_outer_fields *o,
					    unsigned int i);

/** Checks of SCU @p i that only the test's tunnel knows. */
typedef void (*rx_outer_scu_check_fn)(struct rte_mbuf *scu, unsigned int i);

/** Segments 0-3 with outer ECT(0), ECT(0), CE, CE: CE ends the first SCU and starts a
 * second one whose head keeps the mark; both SCUs' outer IPv4 headers are valid. */
void rx_rsc_outer_ce_restarts(struct rx_fixture *fx, rx_outer_seg_fn seg,
			      rx_outer_scu_check_fn check);

/** Checks of the unverified segments of rx_rsc_unverified_outer that only the test's
 * tunnel knows. */
typedef void (*rx_outer_burst_check_fn)(struct rx_fixture *fx, struct rte_mbuf **pkts,
					unsigned int n);

/** With the configuration leaving the outer checksum unverified (the test set it): three
 * segments are delivered alone, inner L4 verified, counted as bad-checksum exceptions;
 * three with no outer checksum to verify make one SCU. */
void rx_rsc_unverified_outer(struct rx_fixture *fx, rx_outer_seg_fn seg,
			     rx_outer_burst_check_fn check);

/** Segment 2 of 3 with another outer DSCP (round 0) or DF (round 1): an exception. */
void rx_rsc_outer_dscp_df_change(struct rx_fixture *fx, rx_outer_seg_fn seg);

#endif
