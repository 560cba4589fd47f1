/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_DECAP_H
#define TASKOFF_DECAP_H

/**
 * @file
 * NVGRE GRE decapsulation on receive (SPEC §2.6). Per queue, off by default,
 * on for every VSID or for a list of them. A selected frame loses its outer
 * Ethernet + IP + GRE headers; VSID and FlowID go to the "taskoff_nvgre_info"
 * dynfield and the "taskoff_nvgre_decapped" dynflag is set. A malformed GRE
 * frame is delivered as it came and counted, never half-stripped.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rx_parse.h"

/** Most VSIDs a queue's decap list holds. */
#define TASKOFF_DECAP_VSID_MAX 64u
/** Largest VSID (24 bits). */
#define TASKOFF_NVGRE_VSID_MAX 0xffffffu

/** Dynfield name and layout of the NVGRE metadata of a decapsulated frame. */
#define TASKOFF_NVGRE_INFO_NAME	      "taskoff_nvgre_info"
#define TASKOFF_NVGRE_DECAP_FLAG_NAME "taskoff_nvgre_decapped"
struct taskoff_nvgre_info {
	uint32_t vsid;	 /**< virtual subnet id (24 bits) */
	uint8_t flow_id; /**< FlowID from the low 8 bits of the GRE key */
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
	uint32_t vsids[TASKOFF_DECAP_VSID_MAX];
};

/** Where decap writes its metadata (registered once, looked up per context). */
struct taskoff_decap_meta {
	int info_offset;   /**< dynfield offset of struct taskoff_nvgre_info */
	uint64_t decapped; /**< ol_flags bit "taskoff_nvgre_decapped" */
};

/** What happened to one frame. */
enum taskoff_decap_result {
	TASKOFF_DECAP_PASS = 0,	    /**< not GRE, decap off, or the NVGRE offload disabled
				       (taskoff_config_nvgre_enabled): untouched */
	TASKOFF_DECAP_NOT_SELECTED, /**< NVGRE with a VSID the policy does not list */
	TASKOFF_DECAP_DONE,	    /**< outer headers stripped */
	TASKOFF_DECAP_MALFORMED, /**< GRE the policy would decap but cannot: untouched, counted */
};

/**
 * Set @p pol: @p all decapsulates every VSID; otherwise the @p n VSIDs of
 * @p vsids (n == 0 turns decap off). @return 0, or -EINVAL (too many VSIDs,
 * a VSID above 24 bits, NULL list with n > 0).
 */
int taskoff_decap_policy_set(struct taskoff_decap_policy *pol, bool all, const uint32_t *vsids,
			     unsigned int n);

/** Does @p pol decapsulate frames of @p vsid? */
bool taskoff_decap_selects(const struct taskoff_decap_policy *pol, uint32_t vsid);

/** Register (or find) the dynfield and dynflag. @return 0 or -rte_errno. */
int taskoff_decap_meta_register(struct taskoff_decap_meta *meta);

/**
 * Decapsulate @p m if @p pol selects it. On TASKOFF_DECAP_DONE @p p is
 * re-parsed to describe the inner frame, which is now the whole mbuf; the
 * outer IPv4 checksum has been checked first (RX_OUTER_IP_CKSUM_BAD).
 */
enum taskoff_decap_result taskoff_decap_frame(const struct taskoff_decap_policy *pol,
					      const struct taskoff_decap_meta *meta,
					      const struct taskoff_offload_config *cfg,
					      struct rte_mbuf *m, struct taskoff_rx_parsed *p,
					      struct taskoff_counters *cnt);

#endif
