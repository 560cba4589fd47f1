/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * taskoff: the TaskOff application. Engines: gen + check over a pair of
 * ports (the main job, by default on two peer-wired TaskOff ports; with one
 * port, a loopback port checks what it sends itself), gen or
 * check alone, and bridge (bump in the wire). The main lcore prints a live
 * line per second and a summary at the end; each worker lcore serves its own
 * queues (lanes). --duration, Ctrl-C and SIGTERM end the run cleanly.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_pdump.h>

#include "flows.h"
#include "lanes.h"
#include "options.h"
#include "ports.h"
#include "stats.h"

#define RX_POOL_SIZE  32767
#define GEN_POOL_SIZE 8191
#define GEN_DATA_ROOM (9216 + RTE_PKTMBUF_HEADROOM)

/* The signal handler's only way to reach the run. */
static volatile bool quit;

static void on_signal(int sig)
{
	(void)sig;
	quit = true;
}

struct app {
	struct app_opts opts;
	struct app_port ports[PORTS_MAX];
	uint16_t nb_ports;
	uint16_t nb_lanes;
	struct flow_plan plan;
	struct rte_mempool *rx_pool, *gen_pool;
	struct lanes lanes;
	struct stats_ctx stats;
};

static bool engine_sends(enum app_engine e)
{
	return e == ENGINE_GEN_CHECK || e == ENGINE_GEN;
}

static void print_banner(const struct app *a)
{
	const char *prefix;
	char off[1024];
	uint16_t i;

	printf("taskoff: engine %s, %u port(s), %u queue(s) each, %u worker lcore(s), %s\n",
	       options_engine_name(a->opts.engine), a->nb_ports, a->nb_lanes, a->lanes.nb_workers,
	       a->opts.duration_s ? "timed run" : "until Ctrl-C");
	if (a->opts.engine == ENGINE_GEN_CHECK || a->opts.engine == ENGINE_CHECK) {
		printf("  check: ");
		stats_print_verify(&a->opts, stdout);
		printf("\n");
	}
	for (i = 0; i < a->nb_ports; i++) {
		struct rte_ether_addr mac;

		rte_eth_macaddr_get(a->ports[i].id, &mac);
		printf("  port %u %s mac " RTE_ETHER_ADDR_PRT_FMT "\n", a->ports[i].id,
		       a->ports[i].name, RTE_ETHER_ADDR_BYTES(&mac));
		ports_offload_names(off, sizeof(off), a->ports[i].rx_offloads, true);
		printf("    rx offloads: %s\n", off);
		ports_offload_names(off, sizeof(off), a->ports[i].tx_offloads, false);
		printf("    tx offloads: %s\n", off);
	}
	for (i = 0; engine_sends(a->opts.engine) && i < a->plan.nb_flows; i++) {
		const struct flow_spec *f = &a->plan.flow[i];

		printf("  flow %2u %-5s IPv%c %6u-byte packets, %u-byte segments", i,
		       flow_kind_name(f->kind), f->ipv6 ? '6' : '4', f->pkt_payload,
		       f->seg_payload);
		if (f->kind == FLOW_VXLAN)
			printf(", outer IPv%c, outer UDP checksum %s", f->outer_ipv6 ? '6' : '4',
			       f->outer_udp_cksum ? "asked" : "not asked");
		printf("\n");
	}
	prefix = strrchr(rte_eal_get_runtime_dir(), '/');
	printf("  control socket: %s/taskoff.sock (taskoffctl --file-prefix %s stats %s)\n",
	       rte_eal_get_runtime_dir(), prefix != NULL ? prefix + 1 : "rte",
	       a->nb_ports ? a->ports[0].name : "PORT");
	fflush(stdout);
}

static int make_pools(struct app *a)
{
	a->rx_pool = rte_pktmbuf_pool_create("taskoff_rx", RX_POOL_SIZE, 256, 0,
					     RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (a->rx_pool == NULL)
		return -rte_errno;
	if (!engine_sends(a->opts.engine))
		return 0;
	a->gen_pool = rte_pktmbuf_pool_create("taskoff_gen", GEN_POOL_SIZE, 256, 0, GEN_DATA_ROOM,
					      rte_socket_id());
	return a->gen_pool == NULL ? -rte_errno : 0;
}

static int setup(struct app *a)
{
	unsigned int workers = rte_lcore_count() - 1;
	uint16_t i;
	int ret;

	if (workers == 0) {
		fprintf(stderr, "taskoff: need at least 2 lcores (e.g. -l 0-1)\n");
		return -EINVAL;
	}
	a->nb_lanes =
	    a->opts.queues ? a->opts.queues : (uint16_t)RTE_MIN(workers, (unsigned int)LANES_MAX);
	a->opts.plan.mtu = a->opts.mtu;
	if (a->opts.engine != ENGINE_BRIDGE && flow_plan_build(&a->plan, &a->opts.plan) != 0) {
		fprintf(stderr, "taskoff: the flow options give no valid flow\n");
		return -EINVAL;
	}
	ret = ports_discover(&a->opts, a->nb_lanes, a->ports);
	if (ret <= 0)
		return ret < 0 ? ret : -ENODEV;
	a->nb_ports = (uint16_t)ret;
	if (a->nb_ports != 2 && a->opts.engine == ENGINE_BRIDGE) {
		fprintf(stderr, "taskoff: the bridge needs 2 TaskOff ports, found %u\n",
			a->nb_ports);
		return -EINVAL;
	}
	ret = make_pools(a);
	for (i = 0; ret == 0 && i < a->nb_ports; i++) {
		ret = ports_start(&a->ports[i], a->nb_lanes, a->opts.mtu, a->rx_pool);
		if (ret != 0)
			fprintf(stderr, "taskoff: cannot start %s: %s\n", a->ports[i].name,
				rte_strerror(-ret));
		a->nb_lanes = RTE_MIN(a->nb_lanes, a->ports[i].nb_queues);
	}
	if (ret == 0)
		ret = lanes_init(
		    &a->lanes, &a->opts, a->ports, a->nb_ports, a->nb_lanes, (uint16_t)workers,
		    a->opts.engine == ENGINE_BRIDGE ? NULL : &a->plan, a->gen_pool, &quit);
	if (ret == 0)
		ret = stats_open(&a->stats, &a->opts, a->ports, a->nb_ports);
	return ret;
}

static double elapsed_s(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Main lcore: one live line per second until the duration ends or a signal comes. */
static void run(struct app *a)
{
	struct run_totals totals;
	struct timespec start;
	unsigned int t = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	lanes_launch(&a->lanes);
	while (!quit && (a->opts.duration_s == 0 || t < a->opts.duration_s)) {
		struct timespec next = {.tv_sec = start.tv_sec + t + 1, .tv_nsec = start.tv_nsec};

		while (!quit && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0)
			;
		if (quit)
			break;
		t++;
		lanes_totals(&a->lanes, &totals);
		if (!a->opts.quiet)
			stats_live_line(&a->stats, t, &totals);
	}
	quit = true;
	rte_eal_mp_wait_lcore();
}

/* Stop every port, then every mbuf must be back in our pools. */
static void count_pools_after_stop(struct app *a, struct run_totals *t)
{
	uint16_t i;

	for (i = 0; i < a->nb_ports; i++)
		ports_stop(&a->ports[i]);
	t->rx_pool_in_use = rte_mempool_in_use_count(a->rx_pool);
	t->gen_pool_in_use = a->gen_pool != NULL ? rte_mempool_in_use_count(a->gen_pool) : 0;
}

static void teardown(struct app *a)
{
	uint16_t i;

	stats_close(&a->stats);
	for (i = 0; i < a->nb_ports; i++) {
		ports_stop(&a->ports[i]);
		ports_close(&a->ports[i]);
	}
	rte_mempool_free(a->gen_pool);
	rte_mempool_free(a->rx_pool);
}

int main(int argc, char **argv)
{
	static struct app a;
	struct run_totals totals;
	struct timespec start;
	uint64_t errors;
	int ret = rte_eal_init(argc, argv);

	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL init failed\n");
	/* like testpmd: dpdk-dumpcap and dpdk-pdump capture our ports from a secondary */
	if (rte_eal_process_type() == RTE_PROC_PRIMARY && rte_pdump_init() != 0)
		fprintf(stderr, "taskoff: packet capture (pdump) unavailable: %s\n",
			rte_strerror(rte_errno));
	ret = options_parse(&a.opts, argc - ret, argv + ret);
	if (ret != 0) {
		rte_eal_cleanup();
		return ret > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	if (setup(&a) != 0) {
		teardown(&a);
		rte_eal_cleanup();
		return EXIT_FAILURE;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	print_banner(&a);
	clock_gettime(CLOCK_MONOTONIC, &start);
	run(&a);
	lanes_totals(&a.lanes, &totals);
	count_pools_after_stop(&a, &totals);
	errors = stats_summary(&a.stats, elapsed_s(&start), &totals);
	teardown(&a);
	rte_pdump_uninit();
	rte_eal_cleanup();
	return errors == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
