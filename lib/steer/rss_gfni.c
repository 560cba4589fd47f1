/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Toeplitz hash with GFNI: DPDK 22.11's inline rte_thash_gfni (AVX-512 +
 * GFNI, about a tenth of rte_softrss's time). It only exists when the compiler
 * targets those extensions, so this file alone is compiled for them whatever
 * -march says, and the code is only called once steer_gfni_usable() has
 * checked the CPU. Debian's rte_thash_gfni_supported() cannot be used for that:
 * it reports how librte_hash was compiled, not what the CPU can do.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Before any header: GCC then also defines __GFNI__, __AVX512F__ ... for them. */
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx512vbmi,gfni")
#endif

#include <rte_thash.h>

#include "steer_internal.h"

#ifdef RTE_THASH_GFNI_DEFINED

bool steer_gfni_built(void)
{
	return true;
}

uint32_t steer_toeplitz_gfni(const uint64_t *matrix, const uint8_t *tuple, uint32_t len)
{
	/* One call per NDIS input length: with a constant length the compiler
	 * resolves rte_thash_gfni's loops and masks (measured: 22.0 instead of
	 * 23.5 ns per steered frame). */
	switch (len) {
	case 12: /* IPv4 4-tuple */
		return rte_thash_gfni(matrix, tuple, 12);
	case 8: /* IPv4 2-tuple */
		return rte_thash_gfni(matrix, tuple, 8);
	case 36: /* IPv6 4-tuple */
		return rte_thash_gfni(matrix, tuple, 36);
	case 32: /* IPv6 2-tuple */
		return rte_thash_gfni(matrix, tuple, 32);
	default:
		return rte_thash_gfni(matrix, tuple, (int)len);
	}
}

#else /* this compiler cannot build the GFNI hash: the portable path is always used */

bool steer_gfni_built(void)
{
	return false;
}

uint32_t steer_toeplitz_gfni(const uint64_t *matrix, const uint8_t *tuple, uint32_t len)
{
	(void)matrix;
	(void)tuple;
	(void)len;
	return 0; /* unreachable: steer_gfni_usable() is false */
}

#endif
