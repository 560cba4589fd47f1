/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_RSC_VXLAN_H
#define TASKOFF_BENCH_RSC_VXLAN_H

#include "bench.h"

/** RSC of one inner TCP flow over VXLAN vs software verification + rte_gro's VXLAN GRO
 *  (part of the rsc section). */
int bench_rsc_vxlan(const struct bench_env *env, struct bench_report *rep);

#endif
