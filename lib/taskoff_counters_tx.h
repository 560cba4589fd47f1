/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_TX_H
#define TASKOFF_COUNTERS_TX_H

/**
 * Transmit offload counters (see taskoff_counters.h).
 * csum_tx_filled: non-segmented packets whose requested checksums were filled.
 * lso_*: every LSO packet including NVGRE ones; tunnel_lso_packets: the NVGRE subset.
 * uso_header_bytes: header bytes of every USO segment.
 * tx_drop_<reason>: one per enum taskoff_tx_reason (taskoff_tx_parse.h); the
 * wire list holds tx_drop_offload_unsupported and tx_drop_too_many_segments.
 */
#define TASKOFF_TX_COUNTER_LIST(X)                                                                 \
	X(CSUM_TX_FILLED, "csum_tx_filled")                                                        \
	X(LSO_PACKETS, "lso_packets")                                                              \
	X(LSO_SEGMENTS, "lso_segments")                                                            \
	X(TCP_PAYLOAD_BYTES_SENT, "tcp_payload_bytes_sent")                                        \
	X(USO_PACKETS, "uso_packets")                                                              \
	X(USO_SEGMENTS, "uso_segments")                                                            \
	X(USO_HEADER_BYTES, "uso_header_bytes")                                                    \
	X(TUNNEL_LSO_PACKETS, "tunnel_lso_packets")                                                \
	X(TX_DROP_OFFLOAD_DISABLED, "tx_drop_offload_disabled")                                    \
	X(TX_DROP_NO_MBUF, "tx_drop_no_mbuf")                                                      \
	X(TX_DROP_BAD_FLAGS, "tx_drop_bad_flags")                                                  \
	X(TX_DROP_BAD_LENGTH, "tx_drop_bad_length")                                                \
	X(TX_DROP_HDR_TOO_LONG, "tx_drop_hdr_too_long")                                            \
	X(TX_DROP_BAD_IHL, "tx_drop_bad_ihl")                                                      \
	X(TX_DROP_IP_VERSION_MISMATCH, "tx_drop_ip_version_mismatch")                              \
	X(TX_DROP_L4_PROTO_MISMATCH, "tx_drop_l4_proto_mismatch")                                  \
	X(TX_DROP_TCP_DOFF_MISMATCH, "tx_drop_tcp_doff_mismatch")                                  \
	X(TX_DROP_IPV6_EXT_TOO_LONG, "tx_drop_ipv6_ext_too_long")                                  \
	X(TX_DROP_IPV6_EXT_BAD, "tx_drop_ipv6_ext_bad")                                            \
	X(TX_DROP_IPV6_FRAGMENT, "tx_drop_ipv6_fragment")                                          \
	X(TX_DROP_IP_FRAGMENT, "tx_drop_ip_fragment")                                              \
	X(TX_DROP_TSO_SEGSZ_ZERO, "tx_drop_tso_segsz_zero")                                        \
	X(TX_DROP_TCP_FLAGS, "tx_drop_tcp_flags")                                                  \
	X(TX_DROP_BAD_GRE, "tx_drop_bad_gre")                                                      \
	X(TX_DROP_TOO_BIG, "tx_drop_too_big")                                                      \
	X(TX_DROP_TOO_FEW_SEGMENTS, "tx_drop_too_few_segments")

#endif
