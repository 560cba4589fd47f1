/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "options.h"

enum opt_type {
	T_U16,
	T_U32,
	T_DOUBLE,
	T_BOOL,
	T_STR,
	T_ENGINE,
	T_VERIFY,
	T_PORT,
	T_MAC,
	T_IP4,
	T_IP6
};

struct opt_def {
	const char *name;
	enum opt_type type;
	size_t off;
	double min, max;
	const char *help;
};

#define O(f) offsetof(struct app_opts, f)

static const struct opt_def defs[] = {
    {"engine", T_ENGINE, O(engine), 0, 0, "gen-check | gen | check | bridge (default gen-check)"},
    {"duration", T_U32, O(duration_s), 0, 1e9, "seconds to run, 0 = until Ctrl-C (default 10)"},
    {"port", T_PORT, O(port), 0, 0,
     "TaskOff port NAME,DEVARGS to create (twice: a pair; default the peer pair)"},
    {"queues", T_U16, O(queues), 0, 16, "queues per port, 0 = one per worker lcore"},
    {"mtu", T_U16, O(mtu), 576, 9600, "port MTU (default 1500)"},
    {"tcp-flows", T_U16, O(plan.tcp_flows), 0, FLOWS_MAX, "TCP flows sent with LSO (4)"},
    {"udp-flows", T_U16, O(plan.udp_flows), 0, FLOWS_MAX, "UDP flows sent with USO (2)"},
    {"nvgre-flows", T_U16, O(plan.nvgre_flows), 0, FLOWS_MAX, "NVGRE TCP flows (2)"},
    {"vxlan-flows", T_U16, O(plan.vxlan_flows), 0, FLOWS_MAX,
     "VXLAN TCP flows, outer/inner IPv4/IPv6 (2)"},
    {"ipv6-percent", T_U16, O(plan.ipv6_percent), 0, 100, "share of TCP/UDP flows on IPv6 (50)"},
    {"tcp-size", T_U32, O(plan.tcp_size), 1, 65000, "TCP payload bytes per LSO packet (32000)"},
    {"udp-size", T_U32, O(plan.udp_size), 1, 65000, "UDP payload bytes per USO packet (8000)"},
    {"nvgre-size", T_U32, O(plan.nvgre_size), 1, 65000, "NVGRE inner TCP payload (16000)"},
    {"vxlan-size", T_U32, O(plan.vxlan_size), 1, 65000, "VXLAN inner TCP payload (16000)"},
    {"mss", T_U16, O(plan.mss), 1, 9600, "largest segment payload (1460; the MTU lowers it)"},
    {"rate-pps", T_DOUBLE, O(rate_pps), 0, 1e10, "wire frames/s per port, 0 = unlimited"},
    {"rate-gbps", T_DOUBLE, O(rate_gbps), 0, 1e4, "wire Gbit/s per port, 0 = unlimited"},
    {"sw-csum", T_BOOL, O(sw_csum), 0, 1, "check also recomputes every checksum (0)"},
    {"verify", T_VERIFY, O(verify), 0, 0,
     "full: check every payload byte; sample: headers, sequence, checksum flags and RSC\n"
     "                   of every packet, payload bytes of 1 packet in sample-every per flow "
     "(full)"},
    {"sample-every", T_U32, O(sample_every), 1, 1e6,
     "verify sample: stream packets 0, N, 2N... of each flow are byte-checked (64)"},
    {"quiet", T_BOOL, O(quiet), 0, 1, "no live line (0)"},
    {"drain-ms", T_U32, O(drain_ms), 0, 60000, "idle time that ends the final drain (100)"},
    {"fault-every", T_U32, O(fault_every), 0, 1e9,
     "test the checker: corrupt a payload byte of every Nth packet (0)"},
    {"summary-json", T_STR, O(summary_json), 0, 0, "also write the summary as JSON to FILE"},
    {"src-mac", T_MAC, O(addr.src_mac), 0, 0, "source MAC of generated frames"},
    {"dst-mac", T_MAC, O(addr.dst_mac), 0, 0, "destination MAC of generated frames"},
    {"src-ip", T_IP4, O(addr.src_ip4), 0, 0, "IPv4 source (198.18.0.1)"},
    {"dst-ip", T_IP4, O(addr.dst_ip4), 0, 0, "IPv4 destination (198.18.1.1)"},
    {"src-ip6", T_IP6, O(addr.src_ip6), 0, 0, "IPv6 source (fd00:198:18::1)"},
    {"dst-ip6", T_IP6, O(addr.dst_ip6), 0, 0, "IPv6 destination (fd00:198:18:1::1)"},
};

static const char *const engine_names[] = {
    [ENGINE_GEN_CHECK] = "gen-check",
    [ENGINE_GEN] = "gen",
    [ENGINE_CHECK] = "check",
    [ENGINE_BRIDGE] = "bridge",
};

static const char *const verify_names[] = {
    [VERIFY_FULL] = "full",
    [VERIFY_SAMPLE] = "sample",
};

const char *options_verify_name(enum app_verify v)
{
	return (unsigned int)v < RTE_DIM(verify_names) ? verify_names[v] : "?";
}

uint32_t options_sample_every(const struct app_opts *o)
{
	return o->verify == VERIFY_SAMPLE ? o->sample_every : 1;
}

static int set_verify(struct app_opts *o, const char *val)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(verify_names); i++)
		if (strcmp(val, verify_names[i]) == 0) {
			o->verify = (enum app_verify)i;
			return 0;
		}
	return -EINVAL;
}

int options_engine_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(engine_names); i++)
		if (strcmp(name, engine_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *options_engine_name(enum app_engine e)
{
	return (unsigned int)e < RTE_DIM(engine_names) ? engine_names[e] : "?";
}

static void set_defaults(struct app_opts *o)
{
	static const struct rte_ether_addr src = {{0x02, 0x54, 0x4f, 0x47, 0x00, 0x01}};
	static const struct rte_ether_addr dst = {{0x02, 0x54, 0x4f, 0x47, 0x00, 0x02}};

	memset(o, 0, sizeof(*o));
	snprintf(o->config, sizeof(o->config), "%s", OPTS_DEFAULT_CONFIG);
	o->engine = ENGINE_GEN_CHECK;
	o->duration_s = 10;
	o->mtu = 1500;
	o->drain_ms = 100;
	o->verify = VERIFY_FULL;
	o->sample_every = 64;
	o->plan = (struct flow_plan_params){.tcp_flows = 4,
					    .udp_flows = 2,
					    .nvgre_flows = 2,
					    .vxlan_flows = 2,
					    .ipv6_percent = 50,
					    .tcp_size = 32000,
					    .udp_size = 8000,
					    .nvgre_size = 16000,
					    .vxlan_size = 16000,
					    .mss = 1460};
	o->addr.src_mac = src;
	o->addr.dst_mac = dst;
	o->addr.src_ip4 = 0xc6120001u; /* 198.18.0.1 (RTE_IPV4 overflows an int here) */
	o->addr.dst_ip4 = 0xc6120101u; /* 198.18.1.1 */
	inet_pton(AF_INET6, "fd00:198:18::1", o->addr.src_ip6);
	inet_pton(AF_INET6, "fd00:198:18:1::1", o->addr.dst_ip6);
}

static int set_number(const struct opt_def *d, void *field, const char *val)
{
	char *end;
	double v = strtod(val, &end);

	if (end == val || *end != '\0' || v < d->min || v > d->max)
		return -EINVAL;
	if (d->type == T_U16 && v == (double)(uint16_t)v)
		*(uint16_t *)field = (uint16_t)v;
	else if (d->type == T_U32 && v == (double)(uint32_t)v)
		*(uint32_t *)field = (uint32_t)v;
	else if (d->type == T_BOOL && (v == 0 || v == 1))
		*(bool *)field = v == 1;
	else if (d->type == T_DOUBLE)
		*(double *)field = v;
	else
		return -EINVAL;
	return 0;
}

static int set_port(struct app_opts *o, const char *val, bool from_cli, bool *cli_ports_seen)
{
	if (from_cli && !*cli_ports_seen) {
		o->nb_ports = 0; /* command-line ports replace the file's */
		*cli_ports_seen = true;
	}
	if (o->nb_ports >= OPTS_MAX_PORTS || strlen(val) >= OPTS_PORT_ARGS_MAX ||
	    strncmp(val, "net_taskoff", strlen("net_taskoff")) != 0)
		return -EINVAL;
	snprintf(o->port[o->nb_ports++], OPTS_PORT_ARGS_MAX, "%s", val);
	return 0;
}

static int set_ip4(uint32_t *field, const char *val)
{
	struct in_addr a;

	if (inet_pton(AF_INET, val, &a) != 1)
		return -EINVAL;
	*field = ntohl(a.s_addr);
	return 0;
}

static int set_value(struct app_opts *o, const struct opt_def *d, const char *val, bool from_cli,
		     bool *cli_ports_seen)
{
	void *field = (char *)o + d->off;
	int e;

	switch (d->type) {
	case T_STR:
		if (strlen(val) >= PATH_MAX)
			return -EINVAL;
		snprintf(field, PATH_MAX, "%s", val);
		return 0;
	case T_ENGINE:
		e = options_engine_parse(val);
		if (e < 0)
			return -EINVAL;
		o->engine = (enum app_engine)e;
		return 0;
	case T_VERIFY:
		return set_verify(o, val);
	case T_PORT:
		return set_port(o, val, from_cli, cli_ports_seen);
	case T_MAC:
		return rte_ether_unformat_addr(val, field) == 0 ? 0 : -EINVAL;
	case T_IP4:
		return set_ip4(field, val);
	case T_IP6:
		return inet_pton(AF_INET6, val, field) == 1 ? 0 : -EINVAL;
	default:
		return set_number(d, field, val);
	}
}

static const struct opt_def *find_def(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(defs); i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One "key = value" line; comments and [sections] are skipped. */
static int load_line(struct app_opts *o, char *line)
{
	const struct opt_def *d;
	char *eq, *key;
	bool unused = false;

	line = trim(line);
	if (*line == '\0' || *line == '#' || *line == ';' || *line == '[')
		return 0;
	eq = strchr(line, '=');
	if (eq == NULL)
		return -EINVAL;
	*eq = '\0';
	key = trim(line);
	d = find_def(key);
	if (d == NULL)
		return -EINVAL;
	return set_value(o, d, trim(eq + 1), false, &unused);
}

static int load_file(struct app_opts *o, const char *path, bool must_exist)
{
	char line[512];
	unsigned int n = 0;
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (f == NULL) {
		if (!must_exist)
			return 0;
		fprintf(stderr, "taskoff: cannot open config %s: %s\n", path, strerror(errno));
		return -EINVAL;
	}
	while (ret == 0 && fgets(line, sizeof(line), f) != NULL) {
		n++;
		ret = load_line(o, line);
		if (ret != 0)
			fprintf(stderr, "taskoff: %s:%u: bad line\n", path, n);
	}
	fclose(f);
	return ret;
}

void options_usage(const char *prog)
{
	unsigned int i;

	printf("usage: %s [EAL args] -- [--config FILE] [options]\n"
	       "  --config FILE  key = value settings, keys as below (default %s)\n"
	       "  --help         this text\n",
	       prog, OPTS_DEFAULT_CONFIG);
	for (i = 0; i < RTE_DIM(defs); i++)
		printf("  --%-14s %s\n", defs[i].name, defs[i].help);
	printf("Flags override the config file. Without a net_taskoff --vdev, the ports come from\n"
	       "the config (`port = ...`), else two peer-wired ports.\n");
}

/* The config file to read: --config wins over the default. */
static const char *config_arg(int argc, char **argv, bool *explicit)
{
	int i;

	*explicit = false;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			*explicit = true;
			return argv[i + 1];
		}
		if (strncmp(argv[i], "--config=", 9) == 0) {
			*explicit = true;
			return argv[i] + 9;
		}
	}
	return OPTS_DEFAULT_CONFIG;
}

static int parse_flags(struct app_opts *o, int argc, char **argv)
{
	struct option longopts[RTE_DIM(defs) + 3];
	bool cli_ports_seen = false;
	unsigned int i;
	int c, idx;

	for (i = 0; i < RTE_DIM(defs); i++)
		longopts[i] = (struct option){defs[i].name, required_argument, NULL, 0};
	longopts[i++] = (struct option){"config", required_argument, NULL, 'c'};
	longopts[i++] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[i] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
		if (c == 'h')
			return 1;
		if (c == 'c')
			continue;
		if (c != 0 || set_value(o, &defs[idx], optarg, true, &cli_ports_seen) != 0) {
			if (c == 0)
				fprintf(stderr, "taskoff: bad value for --%s: %s\n", defs[idx].name,
					optarg);
			return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

int options_parse(struct app_opts *o, int argc, char **argv)
{
	bool explicit;
	const char *cfg = config_arg(argc, argv, &explicit);
	int ret;

	set_defaults(o);
	snprintf(o->config, sizeof(o->config), "%s", cfg);
	ret = load_file(o, cfg, explicit);
	if (ret == 0)
		ret = parse_flags(o, argc, argv);
	if (ret != 0)
		options_usage(argv[0]);
	return ret;
}
