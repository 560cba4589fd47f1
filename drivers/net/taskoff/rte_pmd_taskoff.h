/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PMD_TASKOFF_H
#define RTE_PMD_TASKOFF_H

/**
 * @file
 * Public API of the net_taskoff PMD for applications: VMQ receive filters
 * and the per-mbuf receive metadata TaskOff attaches.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf_dyn.h>

#include <rte_ether.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A VMQ filter: frames to @c mac (+VLAN, +NVGRE VSID on the inner MAC) land on @c queue. */
struct rte_pmd_taskoff_vmq_filter {
	struct rte_ether_addr mac;
	bool match_vlan;
	bool match_vsid;
	uint16_t vlan_id; /**< 0..4095 */
	uint32_t vsid;	  /**< 24-bit NVGRE virtual subnet id */
	uint16_t queue;	  /**< RX queue */
};

/**
 * Add a VMQ filter to TaskOff port @p port_id. Takes effect for the next
 * frame sent to the port.
 * @return 0; -ENODEV not a TaskOff port; -EINVAL bad filter or queue;
 *         -EEXIST same match already present; -ENOSPC table full.
 */
int rte_pmd_taskoff_vmq_filter_add(uint16_t port_id, const struct rte_pmd_taskoff_vmq_filter *f);

/** Remove the filter with the same match. @return 0, -ENODEV, -EINVAL or -ENOENT. */
int rte_pmd_taskoff_vmq_filter_remove(uint16_t port_id, const struct rte_pmd_taskoff_vmq_filter *f);

/** RSC out-of-band information of a coalesced unit (RTE_MBUF_F_RX_LRO set). */
struct rte_pmd_taskoff_rsc_info {
	uint16_t coalesced_seg_count; /**< NDIS CoalescedSegCount */
	uint16_t dup_ack_count;	      /**< NDIS DupAckCount */
	uint32_t ts_delta;	      /**< NDIS RscTcpTimestampDelta */
};

/** Values of rte_pmd_taskoff_nvgre_info::tunnel_type. */
#define RTE_PMD_TASKOFF_TUNNEL_NVGRE 1
#define RTE_PMD_TASKOFF_TUNNEL_VXLAN 2

/**
 * Tunnel identity of a decapsulated frame (the "taskoff_nvgre_decapped" flag
 * is set): NVGRE, or VXLAN. The layout is the NVGRE one it always had, the
 * type sits in what was padding.
 */
struct rte_pmd_taskoff_nvgre_info {
	union {
		uint32_t vsid; /**< NVGRE virtual subnet id (24 bits) */
		uint32_t vni;  /**< VXLAN network identifier (24 bits) */
	};
	uint8_t flow_id;     /**< NVGRE FlowID; 0 for VXLAN */
	uint8_t tunnel_type; /**< RTE_PMD_TASKOFF_TUNNEL_NVGRE or _VXLAN */
};

/** Offset of the RSC info dynfield in rte_mbuf, or negative if TaskOff has not registered it. */
int rte_pmd_taskoff_rsc_info_offset(void);

/** Name of the RSC info dynfield (struct rte_pmd_taskoff_rsc_info). */
#define RTE_PMD_TASKOFF_RSC_INFO_NAME "taskoff_rsc_info"

/**
 * Offset of the RSC info dynfield, registered if nobody did yet, without
 * calling into the PMD: an application that loads net_taskoff as a plugin
 * (installed, or -d) and does not link it uses this one.
 * @return the offset, or -1 with rte_errno set.
 */
static inline int rte_pmd_taskoff_rsc_info_dynfield(void)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = RTE_PMD_TASKOFF_RSC_INFO_NAME,
	    .size = sizeof(struct rte_pmd_taskoff_rsc_info),
	    .align = __alignof__(struct rte_pmd_taskoff_rsc_info),
	};

	return rte_mbuf_dynfield_register(&field);
}

/** Offset of the NVGRE (tunnel) info dynfield in rte_mbuf, or negative if not registered. */
int rte_pmd_taskoff_nvgre_info_offset(void);

#ifdef __cplusplus
}
#endif

#endif
