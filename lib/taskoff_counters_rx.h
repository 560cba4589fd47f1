/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_RX_H
#define TASKOFF_COUNTERS_RX_H

/** Receive offload counters (see taskoff_counters.h). */
#define TASKOFF_RX_COUNTER_LIST(X)                                                                 \
	X(RX_IP_CSUM_BAD, "rx_ip_csum_bad")                                                        \
	X(RX_L4_CSUM_BAD, "rx_l4_csum_bad")                                                        \
	X(RSC_COALESCED_PKTS, "rsc_coalesced_pkts")                                                \
	X(RSC_COALESCED_OCTETS, "rsc_coalesced_octets")                                            \
	X(RSC_COALESCE_EVENTS, "rsc_coalesce_events")                                              \
	X(RSC_ABORTS, "rsc_aborts")                                                                \
	X(NVGRE_DECAP, "nvgre_decap")

#endif
