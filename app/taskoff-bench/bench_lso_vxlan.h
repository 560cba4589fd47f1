/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_LSO_VXLAN_H
#define TASKOFF_BENCH_LSO_VXLAN_H

#include "bench.h"

/** Tunnel LSO over VXLAN vs rte_gso + software checksums (part of the lso section). */
int bench_lso_vxlan(const struct bench_env *env, struct bench_report *rep);

#endif
