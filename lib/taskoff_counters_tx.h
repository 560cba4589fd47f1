/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_TX_H
#define TASKOFF_COUNTERS_TX_H

/**
 * Transmit offload counters (see taskoff_counters.h).
 * csum_tx_filled: non-segmented packets whose requested checksums were filled.
 * lso_*: every LSO packet including tunnel ones; tunnel_lso_packets: the NVGRE and VXLAN
 * subset. uso_*: likewise for USO; tunnel_uso_packets: the VXLAN subset.
 * uso_header_bytes: header bytes of every USO segment.
 * tx_drop_<reason>: one per enum taskoff_tx_reason (taskoff_tx_parse.h); the
 * wire list holds tx_offload_unsupported_dropped and tx_too_many_segments_dropped.
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
	X(TUNNEL_USO_PACKETS, "tunnel_uso_packets")                                                \
	X(TX_DROP_OFFLOAD_DISABLED, "tx_offload_disabled_dropped")                                 \
	X(TX_DROP_NO_MBUF, "tx_no_mbuf_dropped")                                                   \
	X(TX_DROP_BAD_FLAGS, "tx_bad_flags_dropped")                                               \
	X(TX_DROP_BAD_LENGTH, "tx_bad_length_dropped")                                             \
	X(TX_DROP_HDR_TOO_LONG, "tx_hdr_too_long_dropped")                                         \
	X(TX_DROP_BAD_IHL, "tx_bad_ihl_dropped")                                                   \
	X(TX_DROP_IP_VERSION_MISMATCH, "tx_ip_version_mismatch_dropped")                           \
	X(TX_DROP_L4_PROTO_MISMATCH, "tx_l4_proto_mismatch_dropped")                               \
	X(TX_DROP_TCP_DOFF_MISMATCH, "tx_tcp_doff_mismatch_dropped")                               \
	X(TX_DROP_IPV6_EXT_TOO_LONG, "tx_ipv6_ext_too_long_dropped")                               \
	X(TX_DROP_IPV6_EXT_BAD, "tx_ipv6_ext_bad_dropped")                                         \
	X(TX_DROP_IPV6_FRAGMENT, "tx_ipv6_fragment_dropped")                                       \
	X(TX_DROP_IP_FRAGMENT, "tx_ip_fragment_dropped")                                           \
	X(TX_DROP_TSO_SEGSZ_ZERO, "tx_tso_segsz_zero_dropped")                                     \
	X(TX_DROP_TCP_FLAGS, "tx_tcp_flags_dropped")                                               \
	X(TX_DROP_BAD_GRE, "tx_bad_gre_dropped")                                                   \
	X(TX_DROP_TOO_BIG, "tx_too_big_dropped")                                                   \
	X(TX_DROP_TOO_FEW_SEGMENTS, "tx_too_few_segments_dropped")                                 \
	X(TX_DROP_BAD_VXLAN, "tx_bad_vxlan_dropped")                                               \
	X(TX_DROP_VXLAN_PORT_MISMATCH, "tx_vxlan_port_mismatch_dropped")

#endif
