/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFFCTL_CMD_H
#define TASKOFFCTL_CMD_H

/**
 * @file
 * taskoffctl subcommands. Each returns the process exit status (0 or 1) and
 * prints exactly one "taskoffctl: error: ..." line on failure.
 */

#include <stdbool.h>

#include <jansson.h>

#include "ctl_client.h"

struct ctl_ctx {
	struct ctl_client client;
	const char *socket;
	bool json;
	int timeout_ms;
};

struct ctl_command {
	const char *name;
	const char *usage; /**< arguments after the command name */
	const char *help;  /**< what it does, options */
	int (*run)(struct ctl_ctx *ctx, int argc, char **argv); /**< argv[0] is the command */
	int min_args, max_args; /**< positional arguments after the command (-1: no limit) */
	const char *flags; /**< options it accepts besides --json and --help, space separated */
};

/** Print the error line, return exit status 1. */
int ctl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Port argument: a number is an ethdev id, anything else a port name. */
json_t *ctl_port_arg(const char *arg);

/** Call the server, print the error line on failure (returns NULL then). */
json_t *ctl_rpc(struct ctl_ctx *ctx, const char *method, json_t *params);

/** Whether @p flag appears in argv[1..argc-1]. */
bool ctl_has_flag(int argc, char **argv, const char *flag);

/** Arguments after the command name that are not options (nor an option's value). */
int ctl_positional(int argc, char **argv, char **out, int max);

int cmd_ports(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_caps(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_show(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_set(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_keyword(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_stats(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_watch(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_rss(struct ctl_ctx *ctx, int argc, char **argv);
int cmd_vmq(struct ctl_ctx *ctx, int argc, char **argv);

/** One-line summary "lsov1=on ..." of an NDIS_OFFLOAD current config (for watch). */
void ctl_print_summary(const json_t *offload);

#endif
