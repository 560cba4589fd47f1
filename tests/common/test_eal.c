/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_mbuf.h>

#include "test_eal.h"

int test_eal_init(const char *test_name)
{
	char prefix[64];
	char *argv[] = {
	    (char *)test_name, "--no-huge", "--no-shconf",   "--no-pci", "-l", "0",
	    "--log-level",     "*:warning", "--file-prefix", prefix,
	};

	snprintf(prefix, sizeof(prefix), "%s-%d", test_name, (int)getpid());
	return rte_eal_init(RTE_DIM(argv), argv) < 0 ? -1 : 0;
}

struct rte_mempool *test_pktmbuf_pool(const char *name, unsigned int n, uint16_t data_room)
{
	return rte_pktmbuf_pool_create(name, n, 0, 0, data_room + RTE_PKTMBUF_HEADROOM,
				       SOCKET_ID_ANY);
}

unsigned int test_mempool_in_use(const struct rte_mempool *mp)
{
	return rte_mempool_in_use_count(mp);
}
