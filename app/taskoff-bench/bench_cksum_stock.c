/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_raw_cksum as a stock DPDK application gets it: this file is compiled
 * with -march=corei7 (what libdpdk.pc asks for), so the compiler may only use
 * SSE4.2 when it vectorises DPDK's inline loop. The rest of the benchmark is
 * built with -march=native, which lets it use AVX-512 on this machine.
 */
#include <rte_ip.h>

#include "bench_cksum.h"

CKSUM_ROUNDS(, stock, rte_raw_cksum)
