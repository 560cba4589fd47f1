/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_BENCH_LSO_NVGRE_H
#define TASKOFF_BENCH_LSO_NVGRE_H

#include "bench.h"

/** Tunnel LSO over NVGRE vs rte_gso (GRE_TNL_TSO) + software checksums (part of the lso section).
 */
int bench_lso_nvgre(const struct bench_env *env, struct bench_report *rep);

#endif
