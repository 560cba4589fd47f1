/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * taskoff: the TaskOff application. Today's engine is gen + check over a pair
 * of TaskOff ports (the built-in default is a peer-wired pair): each port
 * sends a set of TCP flows and verifies the flows it receives, and the main
 * lcore prints a live line per second and a summary at the end.
 */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "traffic.h"

#define BURST	  32
#define NB_PORTS  2
#define POOL_SIZE 16383

struct app_opts {
	unsigned int duration_s; /* 0: until Ctrl-C */
	uint16_t nb_flows;
	uint16_t payload_len;
};

struct direction {
	uint16_t tx_port;
	uint16_t rx_port;
	struct traffic_gen gen;
	struct traffic_check check;
};

static volatile bool quit;
static struct direction dirs[NB_PORTS];

static void on_signal(int sig)
{
	(void)sig;
	quit = true;
}

static const char *const default_vdevs[] = {
    "--vdev",
    "net_taskoff0,peer=net_taskoff1",
    "--vdev",
    "net_taskoff1,peer=net_taskoff0",
};

/* Without any net_taskoff vdev on the command line, add the built-in peer pair. */
static char **eal_argv_with_defaults(int argc, char **argv, int *out_argc)
{
	int i, n = 0, eal_end = argc;
	bool has_taskoff = false;
	char **out = calloc((size_t)argc + RTE_DIM(default_vdevs) + 1, sizeof(*out));

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 && eal_end == argc)
			eal_end = i;
		if (i > 0 && i < eal_end && strcmp(argv[i - 1], "--vdev") == 0 &&
		    strncmp(argv[i], "net_taskoff", strlen("net_taskoff")) == 0)
			has_taskoff = true;
	}
	for (i = 0; i < eal_end; i++)
		out[n++] = argv[i];
	for (i = 0; !has_taskoff && i < (int)RTE_DIM(default_vdevs); i++)
		out[n++] = (char *)(uintptr_t)default_vdevs[i];
	for (i = eal_end; i < argc; i++)
		out[n++] = argv[i];
	*out_argc = n;
	return out;
}

static void usage(const char *prog)
{
	printf("usage: %s [EAL args] -- [--duration SECONDS] [--flows N] [--payload BYTES]\n"
	       "  --duration  run time, 0 = until Ctrl-C (default 10)\n"
	       "  --flows     TCP flows per direction (default 8, max %d)\n"
	       "  --payload   TCP payload bytes per frame (default 1460)\n",
	       prog, TRAFFIC_MAX_FLOWS);
}

static int parse_opts(int argc, char **argv, struct app_opts *o)
{
	static const struct option longopts[] = {
	    {"duration", required_argument, NULL, 'd'},
	    {"flows", required_argument, NULL, 'f'},
	    {"payload", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct app_opts){.duration_s = 10, .nb_flows = 8, .payload_len = 1460};
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->duration_s = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'f':
			o->nb_flows = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 'p':
			o->payload_len = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		default:
			usage(argv[0]);
			return -1;
		}
	}
	if (o->nb_flows < 1 || o->nb_flows > TRAFFIC_MAX_FLOWS || o->payload_len < 1 ||
	    o->payload_len > 1460) {
		usage(argv[0]);
		return -1;
	}
	return 0;
}

static int port_init(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf = {0};
	int ret;

	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, 1024, rte_socket_id(), NULL, pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, 1024, rte_socket_id(), NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	return ret;
}

static void direction_step(struct direction *d)
{
	struct rte_mbuf *pkts[BURST];
	uint16_t n, sent;

	n = traffic_gen_burst(&d->gen, pkts, BURST);
	sent = rte_eth_tx_burst(d->tx_port, 0, pkts, n);
	if (sent < n)
		traffic_gen_unsend(&d->gen, pkts + sent, (uint16_t)(n - sent));
	n = rte_eth_rx_burst(d->rx_port, 0, pkts, BURST);
	traffic_check_burst(&d->check, pkts, n);
}

static int worker_main(void *arg)
{
	unsigned int i;

	(void)arg;
	while (!quit)
		for (i = 0; i < NB_PORTS; i++)
			direction_step(&dirs[i]);
	/* drain what is still on the wires so the checker sees every frame sent */
	for (i = 0; i < NB_PORTS; i++) {
		struct rte_mbuf *pkts[BURST];
		uint16_t n;

		while ((n = rte_eth_rx_burst(dirs[i].rx_port, 0, pkts, BURST)) != 0)
			traffic_check_burst(&dirs[i].check, pkts, n);
	}
	return 0;
}

static uint64_t drops_of(uint16_t port)
{
	struct rte_eth_stats st;

	if (rte_eth_stats_get(port, &st) != 0)
		return 0;
	return st.oerrors + st.ierrors + st.imissed;
}

static void print_live(unsigned int t, struct rte_eth_stats *prev)
{
	struct rte_eth_stats st;
	unsigned int i;

	printf("[%4us]", t);
	for (i = 0; i < NB_PORTS; i++) {
		const struct direction *d = &dirs[i];

		rte_eth_stats_get(d->tx_port, &st);
		printf(" | port %u->%u %6.2f Gbit/s %5.3f Mpps", d->tx_port, d->rx_port,
		       (double)(st.obytes - prev[i].obytes) * 8 / 1e9,
		       (double)(st.opackets - prev[i].opackets) / 1e6);
		prev[i] = st;
	}
	printf(" | drops %" PRIu64 " | check errors %" PRIu64 "\n",
	       drops_of(dirs[0].tx_port) + drops_of(dirs[1].tx_port),
	       traffic_check_errors(&dirs[0].check) + traffic_check_errors(&dirs[1].check));
	fflush(stdout);
}

static uint64_t print_summary(double seconds)
{
	uint64_t errors = 0;
	unsigned int i;

	printf("\nsummary after %.1f s\n", seconds);
	for (i = 0; i < NB_PORTS; i++) {
		const struct traffic_check *c = &dirs[i].check;
		struct rte_eth_stats st;

		rte_eth_stats_get(dirs[i].tx_port, &st);
		printf("  port %u->%u: sent %" PRIu64 " frames, received %" PRIu64
		       " frames, %" PRIu64 " payload bytes (%.2f Gbit/s), seq errors %" PRIu64
		       ", payload errors %" PRIu64 ", header errors %" PRIu64 ", drops %" PRIu64
		       "\n",
		       dirs[i].tx_port, dirs[i].rx_port, st.opackets, c->frames, c->payload_bytes,
		       (double)c->payload_bytes * 8 / 1e9 / seconds, c->seq_errors,
		       c->payload_errors, c->header_errors, drops_of(dirs[i].tx_port));
		errors += traffic_check_errors(c);
	}
	printf("  check errors: %" PRIu64 "\n", errors);
	return errors;
}

static int find_ports(uint16_t *ports)
{
	uint16_t p, n = 0;

	RTE_ETH_FOREACH_DEV(p)
	if (n < NB_PORTS)
		ports[n++] = p;
	return n == NB_PORTS ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct rte_eth_stats prev[NB_PORTS] = {0};
	struct rte_mempool *pool;
	struct app_opts opts;
	uint16_t ports[NB_PORTS];
	unsigned int worker, t = 0, i;
	struct timespec start, end;
	uint64_t errors;
	int eal_argc, ret;
	char **eal_argv = eal_argv_with_defaults(argc, argv, &eal_argc);

	ret = rte_eal_init(eal_argc, eal_argv);
	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL init failed\n");
	if (parse_opts(eal_argc - ret, eal_argv + ret, &opts) != 0)
		rte_exit(EXIT_FAILURE, "bad arguments\n");
	worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE)
		rte_exit(EXIT_FAILURE, "need 2 lcores (e.g. -l 0-1)\n");
	if (find_ports(ports) != 0)
		rte_exit(EXIT_FAILURE, "need 2 ports\n");
	pool = rte_pktmbuf_pool_create("taskoff_pool", POOL_SIZE, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       rte_socket_id());
	if (pool == NULL)
		rte_exit(EXIT_FAILURE, "mbuf pool: %s\n", rte_strerror(rte_errno));
	for (i = 0; i < NB_PORTS; i++) {
		if (port_init(ports[i], pool) != 0)
			rte_exit(EXIT_FAILURE, "cannot start port %u\n", ports[i]);
		dirs[i].tx_port = ports[i];
		dirs[i].rx_port = ports[(i + 1) % NB_PORTS];
		traffic_gen_init(&dirs[i].gen, pool, opts.nb_flows, opts.payload_len);
		traffic_check_init(&dirs[i].check, opts.nb_flows);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("taskoff: gen+check on ports %u<->%u, %u flows, %u-byte payload, %s\n", ports[0],
	       ports[1], opts.nb_flows, opts.payload_len,
	       opts.duration_s ? "timed run" : "until Ctrl-C");
	clock_gettime(CLOCK_MONOTONIC, &start);
	rte_eal_remote_launch(worker_main, NULL, worker);
	while (!quit && (opts.duration_s == 0 || t < opts.duration_s)) {
		struct timespec next = {.tv_sec = start.tv_sec + t + 1, .tv_nsec = start.tv_nsec};

		while (!quit && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0)
			;
		print_live(++t, prev);
	}
	quit = true;
	rte_eal_wait_lcore(worker);
	clock_gettime(CLOCK_MONOTONIC, &end);
	errors = print_summary((double)(end.tv_sec - start.tv_sec) +
			       (double)(end.tv_nsec - start.tv_nsec) / 1e9);
	for (i = 0; i < NB_PORTS; i++) {
		rte_eth_dev_stop(ports[i]);
		rte_eth_dev_close(ports[i]);
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	free(eal_argv);
	return errors == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
