/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_HEADERS_H
#define TASKOFF_APP_HEADERS_H

/**
 * @file
 * Header templates of the generated flows: Ethernet, IPv4/IPv6, TCP/UDP,
 * NVGRE and VXLAN, written into a contiguous buffer together with the mbuf offload
 * metadata (ol_flags, l2/l3/l4 and outer lengths, tso_segsz) a DPDK
 * application sets to ask a NIC for LSO, USO or tunnel LSO.
 */

#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "flows.h"

#define HEADERS_MAX_LEN 192 /* VXLAN, IPv6 in IPv6: 144 */

/** Addresses of the generated traffic. */
struct headers_addr {
	struct rte_ether_addr src_mac, dst_mac;
	uint32_t src_ip4, dst_ip4; /**< host order */
	uint8_t src_ip6[16], dst_ip6[16];
};

/** Where one packet of a flow starts in its stream. */
struct headers_pkt {
	uint16_t flow;
	uint64_t offset;  /**< stream offset of the first payload byte */
	uint32_t payload; /**< payload bytes in this packet */
	uint16_t ip_id;
};

/**
 * Write the headers of one packet of flow @p f into @p buf and set @p m's
 * offload metadata. @return the header length.
 */
uint16_t headers_build(uint8_t *buf, struct rte_mbuf *m, const struct flow_spec *f,
		       const struct headers_addr *a, const struct headers_pkt *p);

#endif
