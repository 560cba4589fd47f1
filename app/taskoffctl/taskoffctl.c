/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * taskoffctl: control client of TaskOff ports. Speaks JSON-RPC 2.0 to the
 * control socket of a DPDK process that runs TaskOff ports; needs no EAL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmd.h"

#define DEFAULT_TIMEOUT_MS 5000

static const struct ctl_command commands[] = {
    {"ports", "", "List the TaskOff ports of the process.", cmd_ports, 0, 0, ""},
    {"caps", "PORT [--hardware]",
     "Current offload configuration of PORT as NDIS_OFFLOAD (OID_TCP_OFFLOAD_CURRENT_CONFIG);\n"
     "with --hardware the hardware capabilities (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES).",
     cmd_caps, 1, 1, "--hardware"},
    {"show", "PORT",
     "Every offload of PORT, on or off, like `ethtool -k`; [fixed] marks what the\n"
     "hardware capabilities do not allow.",
     cmd_show, 1, 1, ""},
    {"set", "PORT Field=Value...",
     "Change offloads (OID_TCP_OFFLOAD_PARAMETERS), all or nothing. Fields: IPv4Checksum,\n"
     "TCPIPv4Checksum, UDPIPv4Checksum, TCPIPv6Checksum, UDPIPv6Checksum (0 no change,\n"
     "1 disabled, 2 Tx, 3 Rx, 4 Tx+Rx, or off|tx|rx|on), LsoV1, LsoV2IPv4, LsoV2IPv6,\n"
     "RscIPv4, RscIPv6, UdpSegmentationOffloadIPv4/IPv6 (0 no change, 1 disabled, 2 enabled,\n"
     "or off|on), EncapsulatedPacketTaskOffload (1 on, 2 off), EncapsulationTypes (bit set:\n"
     "1 NVGRE, 2 VXLAN), EncapsulationTypeNvgre / EncapsulationTypeVxlan (one type: 1\n"
     "disabled, 2 enabled, or off|on), VxlanUDPPortNumber (1..65535, default 4789).\n"
     "Aliases: ipv4-csum tcp4-csum udp4-csum tcp6-csum udp6-csum lsov1 lsov2-ipv4\n"
     "lsov2-ipv6 rsc-ipv4 rsc-ipv6 uso-ipv4 uso-ipv6 encap encap-types nvgre vxlan vxlan-port.\n"
     "Example: taskoffctl set net_taskoff0 lsov2-ipv6=off TCPIPv6Checksum=3\n"
     "         taskoffctl set net_taskoff0 vxlan=on vxlan-port=4790",
     cmd_set, 2, -1, ""},
    {"keyword", "PORT [*Keyword[=Value]]",
     "List the NDIS standardized keywords of PORT, show one, or set one\n"
     "(quote the '*' from the shell, or leave it out: keyword 0 LsoV2IPv6=0).",
     cmd_keyword, 1, 2, ""},
    {"stats", "PORT", "Counters of PORT, summed over its queues, and RSC statistics.", cmd_stats, 1,
     1, ""},
    {"watch", "[PORT] [--count N]",
     "Print offload configuration and capability changes (NDIS status indications)\n"
     "as they happen; --count N exits after N of them.",
     cmd_watch, 0, 1, "--count"},
    {"rss", "PORT [show | key HEX | reta Q... | types T,...]",
     "Show RSS, or set its 40-byte Toeplitz key (80 hex digits), indirection table,\n"
     "or hash types (ipv4,tcp4,udp4,ipv6,tcp6,udp6).",
     cmd_rss, 1, -1, ""},
    {"vmq",
     "PORT [list | add MAC [vlan N] [vsid N] queue Q | remove MAC [vlan N] [vsid N] | "
     "remove id N]",
     "List, add or remove VMQ filters (inner destination MAC [+ VLAN] [+ VSID] -> queue).", cmd_vmq,
     1, -1, ""},
};

#define NB_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int ctl_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "taskoffctl: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

json_t *ctl_port_arg(const char *arg)
{
	char *end;
	long id = strtol(arg, &end, 10);

	if (*arg != '\0' && *end == '\0' && id >= 0 && id <= 65535)
		return json_integer(id);
	return json_string(arg);
}

json_t *ctl_rpc(struct ctl_ctx *ctx, const char *method, json_t *params)
{
	char err[512];
	json_t *r = ctl_call(&ctx->client, method, params, err, sizeof(err));

	if (r == NULL)
		ctl_fail("%s", err);
	return r;
}

bool ctl_has_flag(int argc, char **argv, const char *flag)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return true;
	return false;
}

static bool takes_value(const char *opt)
{
	return strcmp(opt, "--count") == 0;
}

int ctl_positional(int argc, char **argv, char **out, int max)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			i += takes_value(argv[i]);
			continue;
		}
		if (n < max)
			out[n] = argv[i];
		n++;
	}
	return n;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: taskoffctl [-s SOCKET | --file-prefix PREFIX] [--json] [-t SECONDS] "
		"COMMAND [ARGS]\n\n"
		"  -s, --socket PATH     control socket (default: the EAL runtime dir of PREFIX,\n"
		"                        /var/run/dpdk/PREFIX/taskoff.sock for root)\n"
		"      --file-prefix P   EAL --file-prefix of the DPDK process (default rte)\n"
		"      --json            print the JSON replies instead of tables\n"
		"  -t, --timeout SEC     reply timeout (default 5)\n\n"
		"commands (taskoffctl COMMAND --help for details):\n");
	for (i = 0; i < NB_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].usage);
}

static const struct ctl_command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NB_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

static int command_check(const struct ctl_command *cmd, int argc, char **argv)
{
	char *unused[1];
	int i, n = ctl_positional(argc, argv, unused, 0);
	size_t len;
	const char *hit;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || strcmp(argv[i], "--json") == 0)
			continue;
		hit = strstr(cmd->flags, argv[i]);
		len = strlen(argv[i]);
		if (hit == NULL || (hit[len] != '\0' && hit[len] != ' '))
			return ctl_fail("%s: unknown option %s (see taskoffctl %s --help)",
					cmd->name, argv[i], cmd->name);
		if (takes_value(argv[i]) && i + 1 == argc)
			return ctl_fail("%s: %s needs a value", cmd->name, argv[i]);
		i += takes_value(argv[i]);
	}
	if (n < cmd->min_args || (cmd->max_args >= 0 && n > cmd->max_args))
		return ctl_fail("usage: taskoffctl %s %s", cmd->name, cmd->usage);
	return 0;
}

/*
 * -t SECONDS: a positive number (decimals allowed) up to a day. poll() would
 * wait forever on a negative value, and not at all on 0.
 */
static int timeout_parse(const char *arg, int *timeout_ms)
{
	char *end;
	double sec;

	errno = 0;
	sec = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !(sec >= 0.001 && sec <= 86400)) {
		ctl_fail("-t: timeout must be a number of seconds from 0.001 to 86400, not '%s'",
			 arg);
		return -1;
	}
	*timeout_ms = (int)(sec * 1000 + 0.5);
	return 0;
}

/* Global options before the command; returns the index of the command or -1. */
static int global_options(int argc, char **argv, struct ctl_ctx *ctx, const char **prefix)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(a, "--json") == 0) {
			ctx->json = true;
		} else if ((strcmp(a, "-s") == 0 || strcmp(a, "--socket") == 0) && i + 1 < argc) {
			ctx->socket = argv[++i];
		} else if (strcmp(a, "--file-prefix") == 0 && i + 1 < argc) {
			*prefix = argv[++i];
		} else if ((strcmp(a, "-t") == 0 || strcmp(a, "--timeout") == 0) && i + 1 < argc) {
			if (timeout_parse(argv[++i], &ctx->timeout_ms) != 0)
				return -1;
		} else {
			ctl_fail("unknown or incomplete option %s (see taskoffctl --help)", a);
			return -1;
		}
	}
	if (i == argc) {
		ctl_fail("no command (see taskoffctl --help)");
		return -1;
	}
	return i;
}

int main(int argc, char **argv)
{
	struct ctl_ctx ctx = {.timeout_ms = DEFAULT_TIMEOUT_MS};
	const struct ctl_command *cmd;
	const char *prefix = NULL;
	char path[256], err[512];
	int first, rc;

	first = global_options(argc, argv, &ctx, &prefix);
	if (first < 0)
		return 1;
	cmd = command_find(argv[first]);
	if (cmd == NULL)
		return ctl_fail("unknown command '%s' (see taskoffctl --help)", argv[first]);
	argc -= first;
	argv += first;
	if (ctl_has_flag(argc, argv, "--help") || ctl_has_flag(argc, argv, "-h")) {
		printf("usage: taskoffctl %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->help);
		return 0;
	}
	if (command_check(cmd, argc, argv) != 0)
		return 1;
	ctx.json |= ctl_has_flag(argc, argv, "--json");
	if (ctx.socket == NULL) {
		ctl_default_socket(prefix, path, sizeof(path));
		ctx.socket = path;
	}
	if (ctl_connect(&ctx.client, ctx.socket, ctx.timeout_ms, err, sizeof(err)) != 0)
		return ctl_fail("%s", err);
	rc = cmd->run(&ctx, argc, argv);
	ctl_close(&ctx.client);
	return rc;
}
