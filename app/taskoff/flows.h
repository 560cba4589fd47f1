/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_FLOWS_H
#define TASKOFF_APP_FLOWS_H

/**
 * @file
 * The flow plan gen and check share: which flows exist, their kind, IP
 * version, packet sizes, segment size and first sequence number, and the
 * byte pattern every flow's stream carries. Both sides derive everything
 * from the same options, so check needs no state from gen to verify bytes.
 */

#include <stdbool.h>
#include <stdint.h>

#define FLOWS_MAX	    256
#define FLOW_SRC_PORT_BASE  10000 /* source port = base + flow index */
#define FLOW_DST_PORT_TCP   5001
#define FLOW_DST_PORT_UDP   5002
#define FLOW_DST_PORT_NVGRE 5003 /* inner TCP of NVGRE flows */
#define FLOW_NVGRE_VSID	    0x123456u
#define FLOW_DST_PORT_VXLAN 5004 /* inner TCP of VXLAN flows */
#define FLOW_VXLAN_VNI	    0x654321u
#define FLOW_VXLAN_UDP_PORT 4789  /* IANA VXLAN port, TaskOff's default VxlanUDPPortNumber */
#define FLOW_VXLAN_SPORT    49152 /* outer UDP source port = base + flow index (entropy) */

enum flow_kind {
	FLOW_TCP,   /**< TCP over IPv4/IPv6, sent with LSO */
	FLOW_UDP,   /**< UDP over IPv4/IPv6, sent with USO */
	FLOW_NVGRE, /**< TCP/IPv4 inside NVGRE over IPv4, sent with tunnel LSO */
	FLOW_VXLAN, /**< TCP/IPv4|6 inside VXLAN over IPv4|6, sent with tunnel LSO */
};

struct flow_spec {
	enum flow_kind kind;
	bool ipv6;	      /**< inner IP version is 6 (never for NVGRE) */
	bool outer_ipv6;      /**< VXLAN: outer IP version is 6 */
	bool outer_udp_cksum; /**< VXLAN: sent with RTE_MBUF_F_TX_OUTER_UDP_CKSUM */
	uint32_t pkt_payload; /**< L4 payload bytes per large packet handed to the port */
	uint16_t seg_payload; /**< L4 payload bytes per wire segment (MSS) */
	uint32_t isn;	      /**< TCP sequence number of stream offset 0 */
};

/** What the plan is made from (a subset of the application options). */
struct flow_plan_params {
	uint16_t tcp_flows, udp_flows, nvgre_flows, vxlan_flows;
	uint16_t ipv6_percent; /**< share of TCP and UDP flows that are IPv6 */
	uint32_t tcp_size, udp_size, nvgre_size, vxlan_size;
	uint16_t mss; /**< upper bound of every flow's segment payload */
	uint16_t mtu; /**< port MTU: segments never exceed it */
};

struct flow_plan {
	uint16_t nb_flows;
	struct flow_spec flow[FLOWS_MAX];
};

/** Build the plan. @return 0, or -EINVAL when the parameters allow no valid flow. */
int flow_plan_build(struct flow_plan *plan, const struct flow_plan_params *p);

/** Name of a kind, for output. */
const char *flow_kind_name(enum flow_kind k);

/** Byte at stream offset @p off of flow @p flow. */
static inline uint8_t flow_pattern_byte(uint16_t flow, uint64_t off)
{
	uint64_t s = off + (uint64_t)flow * 977u;

	return (uint8_t)(s * 7u + (s >> 8) + (s >> 16));
}

#endif
