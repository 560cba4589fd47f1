/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_APP_STATS_H
#define TASKOFF_APP_STATS_H

/**
 * @file
 * What the application shows: the live line once per second and the final
 * summary (text, and JSON for scripts), from the engines' own counters and
 * the ports' xstats (looked up by name).
 */

#include <stdint.h>
#include <stdio.h>

#include <rte_ethdev.h>

#include "bridge.h"
#include "check.h"
#include "gen.h"
#include "options.h"
#include "ports.h"

/** A port's xstats, refreshed on demand. */
struct xstats_view {
	uint16_t port;
	unsigned int n;
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *vals;
};

int xstats_open(struct xstats_view *x, uint16_t port);
void xstats_refresh(struct xstats_view *x);
/** Value of xstat @p name, 0 when the port has none of that name. */
uint64_t xstats_value(const struct xstats_view *x, const char *name);
void xstats_close(struct xstats_view *x);

/** Engine counters per port, summed over queues: index = position in the port list. */
struct run_totals {
	struct gen_stats gen[PORTS_MAX];       /**< sent on the port */
	struct check_stats check[PORTS_MAX];   /**< received and verified on the port */
	struct bridge_stats bridge[PORTS_MAX]; /**< received on the port, forwarded */
	/** mbufs not back in the application's pools once the ports stopped (a leak if not 0) */
	uint64_t rx_pool_in_use, gen_pool_in_use;
};

/** Everything the output needs. */
struct stats_ctx {
	const struct app_opts *opts;
	const struct app_port *ports;
	uint16_t nb_ports;
	struct xstats_view xs[PORTS_MAX];
	/* previous second, for rates */
	uint64_t prev_obytes, prev_opackets, prev_lso, prev_scus, prev_wire_segs, prev_pkts;
};

int stats_open(struct stats_ctx *s, const struct app_opts *o, const struct app_port *ports,
	       uint16_t nb_ports);
void stats_close(struct stats_ctx *s);

/** Print the live line for second @p t. */
void stats_live_line(struct stats_ctx *s, unsigned int t, const struct run_totals *r);

/** Name the verify mode and what it compares (banner and summary). */
void stats_print_verify(const struct app_opts *o, FILE *out);

/** Print every non-zero drop counter as port:name=value (" 0" when none). */
void stats_print_drops(const struct stats_ctx *s, FILE *out);

/** Print the summary; write the JSON one when asked. @return total check errors. */
uint64_t stats_summary(struct stats_ctx *s, double seconds, const struct run_totals *r);

#endif
