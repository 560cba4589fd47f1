/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_RX_H
#define TASKOFF_COUNTERS_RX_H

/**
 * Receive offload counters (see taskoff_counters.h).
 *
 * Checksum failures are counted per layer (rx_outer_l4_csum_bad: VXLAN's
 * outer UDP checksum). nvgre_malformed counts malformed GRE that decap would
 * have stripped; vxlan_malformed counts every UDP frame to the VXLAN port that
 * is not well-formed VXLAN while the VXLAN offload is on (the offloads skip it). RSC keeps the four
 * NDIS OID_TCP_RSC_STATISTICS values plus one counter per exception rule: an exception counter is
 * bumped each time its rule refuses a TCP segment that RSC was asked to consider; rsc_aborts counts
 * the times such a refusal ended an open SCU.
 */
#define TASKOFF_RX_COUNTER_LIST(X)                                                                 \
	X(RX_IP_CSUM_BAD, "rx_ip_csum_bad")                                                        \
	X(RX_L4_CSUM_BAD, "rx_l4_csum_bad")                                                        \
	X(RX_OUTER_IP_CSUM_BAD, "rx_outer_ip_csum_bad")                                            \
	X(RX_OUTER_L4_CSUM_BAD, "rx_outer_l4_csum_bad")                                            \
	X(RX_INNER_IP_CSUM_BAD, "rx_inner_ip_csum_bad")                                            \
	X(RX_INNER_L4_CSUM_BAD, "rx_inner_l4_csum_bad")                                            \
	X(RX_DROP_OUT_CAP, "rx_out_cap_dropped")                                                   \
	X(RSC_COALESCED_PKTS, "rsc_coalesced_pkts")                                                \
	X(RSC_COALESCED_OCTETS, "rsc_coalesced_octets")                                            \
	X(RSC_COALESCE_EVENTS, "rsc_coalesce_events")                                              \
	X(RSC_ABORTS, "rsc_aborts")                                                                \
	X(RSC_FLOW_TABLE_FULL, "rsc_flow_table_full")                                              \
	X(RSC_EXCEPTION_BAD_CSUM, "rsc_exception_bad_csum")                                        \
	X(RSC_EXCEPTION_FLAGS, "rsc_exception_flags")                                              \
	X(RSC_EXCEPTION_TCP_OPTIONS, "rsc_exception_tcp_options")                                  \
	X(RSC_EXCEPTION_IP_OPTIONS, "rsc_exception_ip_options")                                    \
	X(RSC_EXCEPTION_FRAGMENT, "rsc_exception_fragment")                                        \
	X(RSC_EXCEPTION_MBUF_LAYOUT, "rsc_exception_mbuf_layout")                                  \
	X(RSC_EXCEPTION_PURE_ACK, "rsc_exception_pure_ack")                                        \
	X(RSC_EXCEPTION_DUP_ACK, "rsc_exception_dup_ack")                                          \
	X(RSC_EXCEPTION_WINDOW_UPDATE, "rsc_exception_window_update")                              \
	X(RSC_EXCEPTION_OUT_OF_ORDER, "rsc_exception_out_of_order")                                \
	X(RSC_EXCEPTION_ACK_REGRESSION, "rsc_exception_ack_regression")                            \
	X(RSC_EXCEPTION_TS_REGRESSION, "rsc_exception_ts_regression")                              \
	X(RSC_EXCEPTION_IP_FIELD_CHANGE, "rsc_exception_ip_field_change")                          \
	X(RSC_EXCEPTION_ECN_CHANGE, "rsc_exception_ecn_change")                                    \
	X(RSC_EXCEPTION_LENGTH_LIMIT, "rsc_exception_length_limit")                                \
	X(RSC_EXCEPTION_SEG_LIMIT, "rsc_exception_seg_limit")                                      \
	X(NVGRE_DECAP, "nvgre_decap")                                                              \
	X(NVGRE_MALFORMED, "nvgre_malformed")                                                      \
	X(VXLAN_DECAP, "vxlan_decap")                                                              \
	X(VXLAN_MALFORMED, "vxlan_malformed")

#endif
