/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_DECAP_H
#define TASKOFF_DECAP_H

/**
 * @file
 * Tunnel decapsulation on receive (SPEC §2.6 NVGRE, §2.6b VXLAN). Per queue,
 * off by default, on for every tunnel or for a list of VSIDs and VNIs. A
 * selected frame loses its outer Ethernet + IP + GRE (or + UDP + VXLAN)
 * headers; its tunnel id (VSID and FlowID, or VNI) and type go to the
 * "taskoff_nvgre_info" dynfield (struct taskoff_tunnel_info, named so for the
 * applications that knew it before VXLAN) and the "taskoff_nvgre_decapped"
 * dynflag is set. A malformed tunnel frame is delivered as it came and
 * counted, never half-stripped.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rx_parse.h"

/** Most ids (VSIDs and VNIs) a queue's decap list holds. */
#define TASKOFF_DECAP_VSID_MAX 64u
/** Largest VSID / VNI (24 bits). */
#define TASKOFF_NVGRE_VSID_MAX 0xffffffu
/** Marks a decap list entry as a VXLAN VNI (without it: an NVGRE VSID). */
#define TASKOFF_DECAP_ID_VNI 0x80000000u

/** Dynfield name and layout of the tunnel metadata of a decapsulated frame. */
#define TASKOFF_NVGRE_INFO_NAME	      "taskoff_nvgre_info"
#define TASKOFF_NVGRE_DECAP_FLAG_NAME "taskoff_nvgre_decapped"
struct taskoff_tunnel_info {
	uint32_t id;	 /**< NVGRE VSID or VXLAN VNI (24 bits) */
	uint8_t flow_id; /**< NVGRE FlowID from the low 8 bits of the GRE key; 0 for VXLAN */
	uint8_t type;	 /**< TASKOFF_ENCAP_GRE_MAC or TASKOFF_ENCAP_VXLAN */
};

/** Which frames a queue decapsulates. */
enum taskoff_decap_mode {
	TASKOFF_DECAP_OFF = 0,
	TASKOFF_DECAP_ALL,
	TASKOFF_DECAP_LIST,
};

/** Per-queue decap policy. */
struct taskoff_decap_policy {
	enum taskoff_decap_mode mode;
	unsigned int nb_vsids;
	uint32_t vsids[TASKOFF_DECAP_VSID_MAX]; /**< VSIDs, and VNIs | TASKOFF_DECAP_ID_VNI */
};

/** Where decap writes its metadata (registered once, looked up per context). */
struct taskoff_decap_meta {
	int info_offset;   /**< dynfield offset of struct taskoff_tunnel_info */
	uint64_t decapped; /**< ol_flags bit "taskoff_nvgre_decapped" */
};

/** What happened to one frame. */
enum taskoff_decap_result {
	TASKOFF_DECAP_PASS = 0,	    /**< no tunnel, decap off, or the tunnel's offload disabled
				       (taskoff_rx_tunnel_enabled): untouched */
	TASKOFF_DECAP_NOT_SELECTED, /**< a tunnel id the policy does not list */
	TASKOFF_DECAP_DONE,	    /**< outer headers stripped */
	TASKOFF_DECAP_MALFORMED, /**< a tunnel the policy would decap but cannot: untouched, counted
				  */
};

/**
 * Set @p pol: @p all decapsulates every NVGRE and VXLAN frame; otherwise the
 * @p n ids of @p vsids: a VSID, or a VNI | TASKOFF_DECAP_ID_VNI (n == 0 turns
 * decap off). @return 0, or -EINVAL (too many ids, an id above 24 bits, NULL
 * list with n > 0).
 */
int taskoff_decap_policy_set(struct taskoff_decap_policy *pol, bool all, const uint32_t *vsids,
			     unsigned int n);

/** Does @p pol decapsulate tunnel @p encap (TASKOFF_ENCAP_*) id @p id? */
bool taskoff_decap_selects(const struct taskoff_decap_policy *pol, uint8_t encap, uint32_t id);

/** Register (or find) the dynfield and dynflag. @return 0 or -rte_errno. */
int taskoff_decap_meta_register(struct taskoff_decap_meta *meta);

/**
 * Decapsulate @p m if @p pol selects it. On TASKOFF_DECAP_DONE @p p is
 * re-parsed (VXLAN to @p cfg's port) to describe the inner frame, which is now
 * the whole mbuf; the outer IPv4 checksum (RX_OUTER_IP_CKSUM_BAD) and VXLAN's
 * outer UDP checksum (RX_OUTER_L4_CKSUM_*) have been checked first. Counts
 * malformed VXLAN whether decap is on or not (see taskoff_counters_rx.h).
 */
enum taskoff_decap_result taskoff_decap_frame(const struct taskoff_decap_policy *pol,
					      const struct taskoff_decap_meta *meta,
					      const struct taskoff_offload_config *cfg,
					      struct rte_mbuf *m, struct taskoff_rx_parsed *p,
					      struct taskoff_counters *cnt);

#endif
