/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_IPV4_H
#define TASKOFF_TEST_IPV4_H

#include <stdint.h>

/**
 * IPv4 address a.b.c.d in host order. DPDK 22.11's RTE_IPV4 shifts an int left
 * by 24, which is undefined (and flagged by UBSan) for a >= 128.
 */
static inline uint32_t test_ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | d;
}

#endif
