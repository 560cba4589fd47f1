/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RSC_FAST_H
#define TASKOFF_RSC_FAST_H

/*
 * Receive fast lane (taskoff_rsc_fast.c): a segment that continues an open SCU,
 * untagged Ethernet / IPv4 / TCP plain or in VXLAN over IPv4, joins it in one
 * pass; while RSC does not take TCP/IPv4, such a plain frame is validated in
 * one pass instead. Any other frame is left to the general receive path
 * unchanged. Library-internal.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_decap.h"
#include "taskoff_rsc.h"

/** Which frames may take the lane under one burst's configuration. */
struct taskoff_rsc_fast {
	bool plain;	     /* RSC of TCP/IPv4 on, IPv4 and TCP/IPv4 checksums validated */
	bool validate;	     /* RSC of TCP/IPv4 off, IPv4 and TCP/IPv4 checksums validated */
	bool vxlan;	     /* plain, VXLAN offload on, not every VNI decapsulated */
	bool outer_udp;	     /* outer UDP/IPv4 checksums validated */
	uint16_t vxlan_port; /* host order */
	const struct taskoff_decap_policy *decap;
	uint64_t clear; /* ol_flags bits the receive path clears on every frame */
};

/** Tests only: true sends every frame the general way (the lane is compared with it). */
extern bool taskoff_rsc_fast_lane_off;

/** Set @p fast for a burst under @p cfg (@p decapped_flag: the decap dynflag). */
void taskoff_rsc_fast_prepare(const struct taskoff_rsc_table *t,
			      const struct taskoff_offload_config *cfg,
			      const struct taskoff_decap_policy *decap, uint64_t decapped_flag,
			      struct taskoff_rsc_fast *fast);

/**
 * Append @p m to its flow's open SCU if it is a frame the lane takes and the
 * NDIS rules let it join, leaving it (and the counters) exactly as the general
 * path would. @return false with nothing changed otherwise.
 */
bool taskoff_rsc_fast_join(struct taskoff_rsc_table *t, const struct taskoff_rsc_fast *fast,
			   struct rte_mbuf *m, struct taskoff_counters *cnt);

/**
 * Validate @p m if it is a plain untagged Ethernet / IPv4 / TCP frame in one
 * mbuf with both checksums good, leaving it exactly as the general path leaves
 * such a frame when RSC does not take it (flags, packet type, lengths); the
 * caller delivers it. @return false with nothing changed otherwise (another
 * shape, or a checksum the general path must judge and count).
 */
bool taskoff_rsc_fast_validate(const struct taskoff_rsc_fast *fast, struct rte_mbuf *m);

#endif
