/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_OPTIONS_H
#define TASKOFF_APP_OPTIONS_H

/**
 * @file
 * Application options: built-in defaults, then the config file
 * (key = value lines, keys named like the long options, [sections] only for
 * readability), then command-line flags, each overriding the one before.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "flows.h"
#include "headers.h"

#define OPTS_MAX_PORTS	    2
#define OPTS_PORT_ARGS_MAX  256
#define OPTS_DEFAULT_CONFIG "config/taskoff-app.conf"

enum app_engine {
	ENGINE_GEN_CHECK, /**< gen on each port, check on its peer (the main job) */
	ENGINE_GEN,	  /**< gen only, on every port */
	ENGINE_CHECK,	  /**< check only, on every port */
	ENGINE_BRIDGE,	  /**< bump in the wire between two ports */
};

/** How much of each received payload check compares with the flow pattern. */
enum app_verify {
	VERIFY_FULL,   /**< every payload byte of every packet */
	VERIFY_SAMPLE, /**< every byte of 1 generated packet in sample_every per flow */
};

struct app_opts {
	char config[PATH_MAX];
	enum app_engine engine;
	unsigned int duration_s; /**< 0: until Ctrl-C / SIGTERM */
	uint16_t nb_ports;	 /**< TaskOff ports to create (unless EAL --vdev made some) */
	char port[OPTS_MAX_PORTS][OPTS_PORT_ARGS_MAX]; /**< "name,devargs" */
	uint16_t queues;			       /**< 0: one per worker lcore */
	uint16_t mtu;
	struct flow_plan_params plan;
	double rate_pps;  /**< wire frames per second per port, 0 = unlimited */
	double rate_gbps; /**< wire Gbit/s per port, 0 = unlimited */
	bool sw_csum;	  /**< check recomputes every checksum too */
	enum app_verify verify;
	uint32_t sample_every; /**< VERIFY_SAMPLE: stream packets k with k % N == 0 are verified */
	bool quiet;	       /**< no live line */
	uint32_t drain_ms;
	uint32_t fault_every; /**< gen corrupts one payload byte of every Nth packet (tests) */
	char summary_json[PATH_MAX];
	struct headers_addr addr;
};

/** Which engine a name selects; -1 if none. */
int options_engine_parse(const char *name);
const char *options_engine_name(enum app_engine e);

/** "full" or "sample". */
const char *options_verify_name(enum app_verify v);

/** Which stream packets check compares byte by byte: 1 (all) unless verify sample. */
uint32_t options_sample_every(const struct app_opts *o);

/**
 * Fill @p o from defaults, the config file and @p argc/@p argv (the
 * application arguments after the EAL ones). Prints usage on --help or error.
 * @return 0 to run, 1 after --help, -EINVAL on a bad option or file.
 */
int options_parse(struct app_opts *o, int argc, char **argv);

void options_usage(const char *prog);

#endif
