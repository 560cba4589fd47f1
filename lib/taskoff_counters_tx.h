/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_TX_H
#define TASKOFF_COUNTERS_TX_H

/** Transmit offload counters (see taskoff_counters.h). */
#define TASKOFF_TX_COUNTER_LIST(X)                                                                 \
	X(CSUM_TX_FILLED, "csum_tx_filled")                                                        \
	X(LSO_PACKETS, "lso_packets")                                                              \
	X(LSO_SEGMENTS, "lso_segments")                                                            \
	X(TCP_PAYLOAD_BYTES_SENT, "tcp_payload_bytes_sent")                                        \
	X(USO_PACKETS, "uso_packets")                                                              \
	X(USO_SEGMENTS, "uso_segments")                                                            \
	X(USO_HEADER_BYTES, "uso_header_bytes")                                                    \
	X(TX_DROP_OFFLOAD_DISABLED, "tx_drop_offload_disabled")                                    \
	X(TX_DROP_NO_MBUF, "tx_drop_no_mbuf")

#endif
