/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_PORTS_H
#define TASKOFF_APP_PORTS_H

/**
 * @file
 * TaskOff ports of the application: created from the options unless the EAL
 * command line made some, configured with every offload the engines use
 * (those the port advertises), started and stopped.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "options.h"

#define PORTS_MAX OPTS_MAX_PORTS

struct app_port {
	uint16_t id;
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t nb_queues;
	uint64_t rx_offloads, tx_offloads; /* enabled */
	bool started;
};

/**
 * Find the TaskOff ports; when there is none, create the ones @p o lists
 * (or the built-in peer pair) with @p queues queue pairs each.
 * @return the number of ports found (at most PORTS_MAX), or a negative errno.
 */
int ports_discover(const struct app_opts *o, uint16_t queues, struct app_port *ports);

/** Configure and start @p p with up to @p queues queues, receiving into @p pool. */
int ports_start(struct app_port *p, uint16_t queues, uint16_t mtu, struct rte_mempool *pool);

/** Stop @p p: the PMD frees what its queues and wires still hold; counters stay readable. */
void ports_stop(struct app_port *p);

void ports_close(struct app_port *p);

/** The offloads in @p offloads, named, separated by spaces, into @p buf. */
void ports_offload_names(char *buf, size_t size, uint64_t offloads, bool rx);

#endif
