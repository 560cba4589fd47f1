/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "lanes.h"

static uint16_t other(uint16_t i)
{
	return (uint16_t)(i ^ 1u);
}

static void lane_init_port(struct lanes *l, struct lane *ln, uint16_t i,
			   struct rte_mempool *gen_pool)
{
	const struct app_opts *o = l->opts;
	enum app_engine e = o->engine;
	uint16_t port = l->ports[i].id;

	if ((e == ENGINE_GEN_CHECK || e == ENGINE_GEN) && l->plan != NULL)
		ln->has_gen[i] = gen_init(&ln->gen[i], l->plan, &o->addr, gen_pool, port, ln->queue,
					  ln->queue, l->nb_lanes, o->rate_pps / l->nb_lanes,
					  o->rate_gbps * 1e9 / l->nb_lanes) == 0;
	if (ln->has_gen[i])
		gen_set_fault_every(&ln->gen[i], o->fault_every);
	if ((e == ENGINE_GEN_CHECK || e == ENGINE_CHECK) && l->plan != NULL) {
		check_init(&ln->check[i], l->plan, port, ln->queue, o->mtu, o->sw_csum,
			   options_sample_every(o));
		ln->has_check[i] = true;
	}
	if (e == ENGINE_BRIDGE) {
		bridge_init(&ln->bridge[i], port, l->ports[other(i)].id, ln->queue, o->mtu);
		ln->has_bridge[i] = true;
	}
}

int lanes_init(struct lanes *l, const struct app_opts *o, const struct app_port *ports,
	       uint16_t nb_ports, uint16_t nb_lanes, uint16_t nb_workers,
	       const struct flow_plan *plan, struct rte_mempool *gen_pool, volatile bool *quit)
{
	uint16_t q, i;

	memset(l, 0, sizeof(*l));
	if (nb_lanes == 0 || nb_lanes > LANES_MAX || nb_workers == 0)
		return -EINVAL;
	nb_workers = RTE_MIN(nb_workers, nb_lanes); /* a worker without a lane would idle */
	if (o->engine == ENGINE_BRIDGE && nb_ports != 2)
		return -EINVAL;
	l->opts = o;
	l->ports = ports;
	l->nb_ports = nb_ports;
	l->nb_lanes = nb_lanes;
	l->nb_workers = nb_workers;
	l->plan = plan;
	l->quit = quit;
	for (q = 0; q < nb_lanes; q++) {
		l->lane[q].queue = q;
		for (i = 0; i < nb_ports; i++)
			lane_init_port(l, &l->lane[q], i, gen_pool);
	}
	return 0;
}

/* One pass over a lane; @return packets received, so the drain knows when it is idle. */
static uint32_t lane_step(struct lane *ln, uint16_t nb_ports, bool sending)
{
	uint32_t got = 0;
	uint16_t i;

	for (i = 0; i < nb_ports; i++) {
		if (ln->has_gen[i]) {
			if (sending)
				gen_step(&ln->gen[i]);
			else /* push the port's TX backlog out */
				rte_eth_tx_burst(ln->gen[i].port, ln->queue, NULL, 0);
		}
		if (ln->has_check[i])
			got += check_step(&ln->check[i]);
		if (ln->has_bridge[i] && sending)
			bridge_step(&ln->bridge[i]);
	}
	return got;
}

/* After the run: stop sending, then receive until the wires stay quiet for drain_ms. */
static void lanes_drain(struct lanes *l, uint16_t w)
{
	uint64_t idle_limit = rte_get_tsc_hz() / 1000 * l->opts->drain_ms;
	uint64_t last_rx = rte_get_tsc_cycles();
	uint16_t q, i;

	for (q = w; q < l->nb_lanes; q += l->nb_workers)
		for (i = 0; i < l->nb_ports; i++) {
			if (l->lane[q].has_gen[i])
				gen_discard_pending(&l->lane[q].gen[i]);
			if (l->lane[q].has_bridge[i])
				bridge_discard_pending(&l->lane[q].bridge[i]);
		}
	while (rte_get_tsc_cycles() - last_rx < idle_limit) {
		uint32_t got = 0;

		for (q = w; q < l->nb_lanes; q += l->nb_workers)
			got += lane_step(&l->lane[q], l->nb_ports, false);
		if (got != 0)
			last_rx = rte_get_tsc_cycles();
	}
}

int lanes_worker(void *arg)
{
	struct lanes_worker_arg *wa = arg;
	struct lanes *l = wa->lanes;
	uint16_t q;

	while (!*l->quit)
		for (q = wa->index; q < l->nb_lanes; q += l->nb_workers)
			lane_step(&l->lane[q], l->nb_ports, true);
	lanes_drain(l, wa->index);
	return 0;
}

void lanes_launch(struct lanes *l)
{
	unsigned int lcore;
	uint16_t w = 0;

	RTE_LCORE_FOREACH_WORKER(lcore)
	{
		if (w == l->nb_workers)
			break;
		l->worker[w] = (struct lanes_worker_arg){.lanes = l, .index = w};
		rte_eal_remote_launch(lanes_worker, &l->worker[w], lcore);
		w++;
	}
}

void lanes_totals(const struct lanes *l, struct run_totals *r)
{
	uint16_t q, i;

	memset(r, 0, sizeof(*r));
	for (q = 0; q < l->nb_lanes; q++)
		for (i = 0; i < l->nb_ports; i++) {
			const struct lane *ln = &l->lane[q];
			const uint64_t *src = (const uint64_t *)&ln->gen[i].stats;
			uint64_t *dst = (uint64_t *)&r->gen[i];
			size_t k;

			for (k = 0; k < sizeof(struct gen_stats) / sizeof(uint64_t); k++)
				dst[k] += src[k];
			check_stats_add(&r->check[i], &ln->check[i].stats);
			bridge_stats_add(&r->bridge[i], &ln->bridge[i].stats);
		}
}
