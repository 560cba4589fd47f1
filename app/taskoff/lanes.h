/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_LANES_H
#define TASKOFF_APP_LANES_H

/**
 * @file
 * A lane is the work on one queue index of every port: the engines that poll
 * RX queue q and send on TX queue q. Each lane belongs to exactly one worker
 * lcore, so engine state is never shared between lcores (no locks). The main
 * lcore only reads the counters for display.
 */

#include <stdbool.h>
#include <stdint.h>

#include "bridge.h"
#include "check.h"
#include "gen.h"
#include "options.h"
#include "ports.h"
#include "stats.h"

#define LANES_MAX 16

struct lane {
	uint16_t queue;
	bool has_gen[PORTS_MAX], has_check[PORTS_MAX], has_bridge[PORTS_MAX];
	struct gen gen[PORTS_MAX];	     /* sends on port i */
	struct check check[PORTS_MAX];	     /* receives on port i */
	struct bridge_dir bridge[PORTS_MAX]; /* receives on port i, sends on the other */
};

struct lanes;

/** What a worker lcore is started with: it serves lanes index, index + nb_workers, ... */
struct lanes_worker_arg {
	struct lanes *lanes;
	uint16_t index;
};

/** Everything a run needs; the workers read it, the main lcore owns it. */
struct lanes {
	const struct app_opts *opts;
	const struct app_port *ports;
	uint16_t nb_ports;
	uint16_t nb_lanes;
	uint16_t nb_workers;
	const struct flow_plan *plan;
	volatile bool *quit;
	struct lane lane[LANES_MAX];
	struct lanes_worker_arg worker[LANES_MAX];
};

/** Set up the engines of every lane for the options' engine. @return 0 or -EINVAL. */
int lanes_init(struct lanes *l, const struct app_opts *o, const struct app_port *ports,
	       uint16_t nb_ports, uint16_t nb_lanes, uint16_t nb_workers,
	       const struct flow_plan *plan, struct rte_mempool *gen_pool, volatile bool *quit);

/** Worker body: @p arg is a struct lanes_worker_arg. Runs until *quit, then drains. */
int lanes_worker(void *arg);

/** Start the workers on the worker lcores (nb_workers of them). */
void lanes_launch(struct lanes *l);

/** Sum the engines' counters per port. */
void lanes_totals(const struct lanes *l, struct run_totals *r);

#endif
