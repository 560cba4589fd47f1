/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_LSO_TUNNEL_H
#define TASKOFF_BENCH_LSO_TUNNEL_H

#include "bench.h"

/**
 * Tunnel LSO (VXLAN with and without the outer UDP checksum, NVGRE) vs
 * rte_gso + software checksums (part of the lso section).
 */
int bench_lso_tunnel(const struct bench_env *env, struct bench_report *rep);

#endif
