/* SPDX-License-Identifier: BSD-3-Clause */
/* Mbuf pools the TX offloads draw from: one header mbuf per segment, plus
 * payload-less mbufs attached to the application's payload (zero copy). */
#include <stdio.h>

#include <rte_mbuf.h>

#include "taskoff_log.h"
#include "taskoff_pmd.h"

/* Enough for full rings toward every receive queue plus the staging area. */
#define HDR_POOL_SIZE	   32767
#define INDIRECT_POOL_SIZE 65535
#define HDR_DATA_ROOM	   (RTE_PKTMBUF_HEADROOM + 512)
#define POOL_CACHE	   256

int taskoff_pools_create(struct taskoff_port *port)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	if (port->hdr_pool != NULL)
		return 0;
	snprintf(name, sizeof(name), "tko_hdr_%u", port->port_id);
	port->hdr_pool = rte_pktmbuf_pool_create(name, HDR_POOL_SIZE, POOL_CACHE, 0, HDR_DATA_ROOM,
						 rte_socket_id());
	snprintf(name, sizeof(name), "tko_ind_%u", port->port_id);
	port->indirect_pool =
	    rte_pktmbuf_pool_create(name, INDIRECT_POOL_SIZE, POOL_CACHE, 0, 0, rte_socket_id());
	if (port->hdr_pool == NULL || port->indirect_pool == NULL) {
		TASKOFF_LOG(ERR, "%s: cannot create TX offload mbuf pools: %s", port->name,
			    rte_strerror(rte_errno));
		taskoff_pools_free(port);
		return -ENOMEM;
	}
	return 0;
}

void taskoff_pools_free(struct taskoff_port *port)
{
	rte_mempool_free(port->hdr_pool);
	rte_mempool_free(port->indirect_pool);
	port->hdr_pool = NULL;
	port->indirect_pool = NULL;
}
