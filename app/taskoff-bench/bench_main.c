/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * taskoff-bench: options, EAL, shared mempools, then each stage against its
 * DPDK baseline on one core. Exit status 0 only when every section ran and
 * every sanity check passed (the bench_smoke test relies on it).
 */
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "bench.h"

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--quick] [--json] [--reps N] [--big-mib N] [--lcore N]\n"
		"          [--only cksum|lso|rsc|rss|scale]\n"
		"  --quick    smoke run: small sizes, 2 rounds (checks still apply)\n"
		"  --json     print JSON instead of the table\n"
		"  --reps N   passes over each measurement's work, in short rounds; the best\n"
		"             round is kept (default 25; --quick: 2 rounds)\n"
		"  --big-mib  size of the streamed checksum buffer (default 512)\n"
		"  --lcore N  CPU to run on (default 0); the scale stage also uses the next\n"
		"             CPU this process may run on, as a second lcore\n",
		prog);
}

static int parse_args(int argc, char **argv, struct bench_env *env, unsigned int *lcore)
{
	static const struct option opts[] = {
	    {"quick", no_argument, NULL, 'q'},	    {"json", no_argument, NULL, 'j'},
	    {"reps", required_argument, NULL, 'r'}, {"big-mib", required_argument, NULL, 'b'},
	    {"only", required_argument, NULL, 'o'}, {"lcore", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},	    {NULL, 0, NULL, 0},
	};
	unsigned long big_mib = 0;
	int c;

	env->reps = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			env->quick = true;
			break;
		case 'j':
			env->json = true;
			break;
		case 'r':
			env->reps = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'b':
			big_mib = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			env->only = optarg;
			break;
		case 'l':
			*lcore = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		default:
			usage(argv[0]);
			return -1;
		}
	}
	if (env->reps == 0)
		env->reps = env->quick ? 2 : 25;
	if (big_mib == 0)
		big_mib = env->quick ? 64 : 512;
	env->big_bytes = big_mib << 20;
	return 0;
}

/* The scale stage's second lcore: the next CPU after @p lcore this process may use. */
static int second_cpu(unsigned int lcore)
{
	cpu_set_t set;
	unsigned int i, cpu;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (i = 1; i < CPU_SETSIZE; i++) {
		cpu = (lcore + i) % CPU_SETSIZE;
		if (CPU_ISSET(cpu, &set))
			return (int)cpu;
	}
	return -1;
}

/*
 * EAL on @p lcore (plus a second lcore when the scale stage runs: its worker
 * thread sleeps until that stage launches it), no hugepages, private file
 * prefix. The scale stage's two net_taskoff ports need the larger memory.
 */
static int eal_init(const char *prog, unsigned int lcore, bool scale)
{
	char core[32], prefix[64];
	int second = scale ? second_cpu(lcore) : -1;
	char *argv[] = {
	    (char *)prog, "--no-huge",	 "--no-shconf", "--no-pci",	 "-m",	 "768", "-l",
	    core,	  "--log-level", "*:error",	"--file-prefix", prefix,
	};

	if (second >= 0 && (unsigned int)second != lcore)
		snprintf(core, sizeof(core), "%u,%d", lcore, second);
	else
		snprintf(core, sizeof(core), "%u", lcore);
	snprintf(prefix, sizeof(prefix), "taskoff-bench-%d", (int)getpid());
	return rte_eal_init((int)RTE_DIM(argv), argv) < 0 ? -1 : 0;
}

static int make_pools(struct bench_env *env)
{
	int socket = (int)rte_socket_id();

	env->hdr_pool =
	    rte_pktmbuf_pool_create("bench_hdr", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	env->indirect_pool = rte_pktmbuf_pool_create("bench_ind", 8191, 256, 0, 0, socket);
	env->big_pool = rte_pktmbuf_pool_create("bench_big", 31, 0, 0, UINT16_MAX, socket);
	return env->hdr_pool && env->indirect_pool && env->big_pool ? 0 : -1;
}

/* Every mbuf is back in its pool once the sections are done. */
static void check_pools(const struct bench_env *env, struct bench_report *rep)
{
	unsigned int h = rte_mempool_in_use_count(env->hdr_pool);
	unsigned int i = rte_mempool_in_use_count(env->indirect_pool);
	unsigned int b = rte_mempool_in_use_count(env->big_pool);

	bench_check(rep, "mempools back to their start level", h == 0 && i == 0 && b == 0,
		    "in use: %u header, %u indirect, %u big mbufs", h, i, b);
}

/* The machine is shared: say how busy it was when the run started. */
static void note_load(struct bench_report *rep)
{
	char buf[64] = "unknown";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			snprintf(buf, sizeof(buf), "unknown");
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	bench_note(rep, "load average at start (/proc/loadavg): %s", buf);
}

struct section {
	const char *name;
	int (*run)(const struct bench_env *env, struct bench_report *rep);
};

static const struct section sections[] = {
    {"cksum", bench_cksum}, {"lso", bench_lso},	    {"rsc", bench_rsc},
    {"rss", bench_rss},	    {"scale", bench_scale},
};

int main(int argc, char **argv)
{
	static struct bench_report rep;
	struct bench_env env = {0};
	unsigned int lcore = 0, i;
	int failed = 0;

	if (parse_args(argc, argv, &env, &lcore) != 0)
		return 2;
	if (eal_init(argv[0], lcore, env.only == NULL || strcmp(env.only, "scale") == 0) != 0 ||
	    make_pools(&env) != 0) {
		fprintf(stderr, "taskoff-bench: EAL or mempool set-up failed\n");
		return 1;
	}
	note_load(&rep);
	for (i = 0; i < RTE_DIM(sections); i++) {
		if (env.only != NULL && strcmp(env.only, sections[i].name) != 0)
			continue;
		if (!env.json)
			fprintf(stderr, "running %s...\n", sections[i].name);
		failed |= sections[i].run(&env, &rep) != 0;
	}
	check_pools(&env, &rep);
	if (env.json)
		bench_print_json(&rep, &env);
	else
		bench_print_table(&rep, &env);
	failed |= !bench_checks_ok(&rep);
	rte_eal_cleanup();
	return failed ? 1 : 0;
}
