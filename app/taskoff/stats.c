/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int xstats_open(struct xstats_view *x, uint16_t port)
{
	int n = rte_eth_xstats_get_names(port, NULL, 0);

	memset(x, 0, sizeof(*x));
	x->port = port;
	if (n < 0)
		return n;
	x->names = calloc((size_t)n + 1, sizeof(*x->names));
	x->vals = calloc((size_t)n + 1, sizeof(*x->vals));
	if (x->names == NULL || x->vals == NULL)
		return -ENOMEM;
	if (rte_eth_xstats_get_names(port, x->names, (unsigned int)n) != n)
		return -EIO;
	x->n = (unsigned int)n;
	return 0;
}

void xstats_refresh(struct xstats_view *x)
{
	if (x->n != 0 && rte_eth_xstats_get(x->port, x->vals, x->n) != (int)x->n)
		memset(x->vals, 0, x->n * sizeof(*x->vals));
}

uint64_t xstats_value(const struct xstats_view *x, const char *name)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->names[i].name, name) == 0)
			return x->vals[i].value;
	return 0;
}

void xstats_close(struct xstats_view *x)
{
	free(x->names);
	free(x->vals);
	memset(x, 0, sizeof(*x));
}

int stats_open(struct stats_ctx *s, const struct app_opts *o, const struct app_port *ports,
	       uint16_t nb_ports)
{
	uint16_t i;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->opts = o;
	s->ports = ports;
	s->nb_ports = nb_ports;
	for (i = 0; i < nb_ports && ret == 0; i++)
		ret = xstats_open(&s->xs[i], ports[i].id);
	return ret;
}

void stats_close(struct stats_ctx *s)
{
	uint16_t i;

	for (i = 0; i < s->nb_ports; i++)
		xstats_close(&s->xs[i]);
}

static uint64_t sum_xstat(const struct stats_ctx *s, const char *name)
{
	uint64_t v = 0;
	uint16_t i;

	for (i = 0; i < s->nb_ports; i++)
		v += xstats_value(&s->xs[i], name);
	return v;
}

/* Print every non-zero drop counter of every port as name=value; "0" when there is none. */
void stats_print_drops(const struct stats_ctx *s, FILE *out)
{
	bool any = false;
	uint16_t p;
	unsigned int i;

	for (p = 0; p < s->nb_ports; p++)
		for (i = 0; i < s->xs[p].n; i++) {
			if (strstr(s->xs[p].names[i].name, "drop") == NULL ||
			    s->xs[p].vals[i].value == 0)
				continue;
			fprintf(out, " %s:%s=%" PRIu64, s->ports[p].name, s->xs[p].names[i].name,
				s->xs[p].vals[i].value);
			any = true;
		}
	if (!any)
		fprintf(out, " 0");
}

static void totals_sum(const struct run_totals *r, uint16_t n, struct check_stats *c,
		       struct bridge_stats *b)
{
	uint16_t i;

	memset(c, 0, sizeof(*c));
	memset(b, 0, sizeof(*b));
	for (i = 0; i < n; i++) {
		check_stats_add(c, &r->check[i]);
		bridge_stats_add(b, &r->bridge[i]);
	}
}

static void refresh_all(struct stats_ctx *s, uint64_t *obytes, uint64_t *opackets)
{
	struct rte_eth_stats st;
	uint16_t i;

	*obytes = 0;
	*opackets = 0;
	for (i = 0; i < s->nb_ports; i++) {
		xstats_refresh(&s->xs[i]);
		if (rte_eth_stats_get(s->ports[i].id, &st) == 0) {
			*obytes += st.obytes;
			*opackets += st.opackets;
		}
	}
}

void stats_live_line(struct stats_ctx *s, unsigned int t, const struct run_totals *r)
{
	uint64_t obytes, opackets, lso, scus, segs, pkts;
	struct check_stats c;
	struct bridge_stats b;
	bool bridge = s->opts->engine == ENGINE_BRIDGE;

	refresh_all(s, &obytes, &opackets);
	totals_sum(r, s->nb_ports, &c, &b);
	lso = sum_xstat(s, "lso_segments");
	scus = sum_xstat(s, "rsc_coalesced_pkts");
	segs = bridge ? b.rx_wire_segments : c.wire_segments;
	pkts = bridge ? b.rx_packets : c.packets;
	printf("[%4us] wire %7.3f Gbit/s %6.3f Mpps | LSO segs %8" PRIu64 " | SCUs %7" PRIu64
	       " ratio %5.2f | csum good %" PRIu64 " bad %" PRIu64 " | drops",
	       t, (double)(obytes - s->prev_obytes) * 8 / 1e9,
	       (double)(opackets - s->prev_opackets) / 1e6, lso - s->prev_lso, scus - s->prev_scus,
	       pkts > s->prev_pkts
		   ? (double)(segs - s->prev_wire_segs) / (double)(pkts - s->prev_pkts)
		   : 0.0,
	       bridge ? b.rx_packets - b.rx_csum_bad : c.csum_good,
	       bridge ? b.rx_csum_bad : c.csum_bad);
	stats_print_drops(s, stdout);
	printf(" | errors %" PRIu64 "\n", check_errors(&c));
	fflush(stdout);
	s->prev_obytes = obytes;
	s->prev_opackets = opackets;
	s->prev_lso = lso;
	s->prev_scus = scus;
	s->prev_wire_segs = segs;
	s->prev_pkts = pkts;
}

/* Which payload check ran: the numbers of a sample run show TaskOff, a full run the checker. */
void stats_print_verify(const struct app_opts *o, FILE *out)
{
	if (o->verify == VERIFY_SAMPLE)
		fprintf(out,
			"verify sample: payload of 1 packet in %u per flow, headers/sequence/"
			"checksum flags/RSC of all",
			o->sample_every);
	else
		fprintf(out, "verify full: every payload byte");
}
