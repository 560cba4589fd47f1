/* SPDX-License-Identifier: BSD-3-Clause */
/* The end-of-run summary: text for people, JSON for scripts (same numbers). */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "stats.h"

/* One counter of an engine's stats struct, by name. */
struct field {
	const char *name;
	size_t off;
};

#define F(type, f)                                                                                 \
	{                                                                                          \
#f, offsetof(struct type, f)                                                       \
	}

static const struct field gen_fields[] = {
    F(gen_stats, packets),	F(gen_stats, payload_bytes),  F(gen_stats, tcp_segments),
    F(gen_stats, udp_segments), F(gen_stats, alloc_failures), F(gen_stats, corrupted),
};

static const struct field check_fields[] = {
    F(check_stats, packets),
    F(check_stats, scus),
    F(check_stats, wire_segments),
    F(check_stats, payload_bytes),
    F(check_stats, tcp_payload_bytes),
    F(check_stats, udp_payload_bytes),
    F(check_stats, udp_datagrams),
    F(check_stats, csum_good),
    F(check_stats, csum_bad),
    F(check_stats, csum_unchecked),
    F(check_stats, sw_csum_errors),
    F(check_stats, header_errors),
    F(check_stats, seq_errors),
    F(check_stats, payload_errors),
    F(check_stats, rsc_errors),
    F(check_stats, oversize_errors),
    F(check_stats, payload_bytes_verified),
};

static const struct field bridge_fields[] = {
    F(bridge_stats, rx_packets),       F(bridge_stats, rx_scus),
    F(bridge_stats, rx_wire_segments), F(bridge_stats, rx_csum_bad),
    F(bridge_stats, tx_packets),       F(bridge_stats, tx_tso_requests),
    F(bridge_stats, drop_end_of_run),
};

/* The fields of @p st as JSON members (no braces). */
static void json_fields(FILE *out, const void *st, const struct field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : "", f[i].name,
			*(const uint64_t *)((const char *)st + f[i].off));
}

static void json_gen(FILE *out, const struct gen_stats *st)
{
	fprintf(out, "{");
	json_fields(out, st, gen_fields, RTE_DIM(gen_fields));
	fprintf(out, "}");
}

static void json_check(FILE *out, const struct check_stats *st)
{
	fprintf(out, "{");
	json_fields(out, st, check_fields, RTE_DIM(check_fields));
	fprintf(out, ", \"errors\": %" PRIu64 "}", check_errors(st));
}

static void json_bridge(FILE *out, const struct bridge_stats *st)
{
	fprintf(out, "{");
	json_fields(out, st, bridge_fields, RTE_DIM(bridge_fields));
	fprintf(out, "}");
}

static void json_xstats(FILE *out, const struct xstats_view *x)
{
	unsigned int i;

	fprintf(out, "{");
	for (i = 0; i < x->n; i++)
		fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : "", x->names[i].name,
			x->vals[i].value);
	fprintf(out, "}");
}

static int write_json(const struct stats_ctx *s, double seconds, const struct run_totals *r,
		      uint64_t errors)
{
	FILE *out = fopen(s->opts->summary_json, "w");
	uint16_t i;

	if (out == NULL)
		return -1;
	fprintf(out,
		"{\"engine\": \"%s\", \"verify\": \"%s\", \"sample_every\": %u, \"seconds\": %.3f, "
		"\"errors\": %" PRIu64 ", \"rx_pool_in_use\": %" PRIu64
		", \"gen_pool_in_use\": %" PRIu64 ", \"ports\": [",
		options_engine_name(s->opts->engine), options_verify_name(s->opts->verify),
		options_sample_every(s->opts), seconds, errors, r->rx_pool_in_use,
		r->gen_pool_in_use);
	for (i = 0; i < s->nb_ports; i++) {
		fprintf(out, "%s\n {\"name\": \"%s\", \"port_id\": %u, \"queues\": %u, \"gen\": ",
			i ? "," : "", s->ports[i].name, s->ports[i].id, s->ports[i].nb_queues);
		json_gen(out, &r->gen[i]);
		fprintf(out, ", \"check\": ");
		json_check(out, &r->check[i]);
		fprintf(out, ", \"bridge\": ");
		json_bridge(out, &r->bridge[i]);
		fprintf(out, ", \"xstats\": ");
		json_xstats(out, &s->xs[i]);
		fprintf(out, "}");
	}
	fprintf(out, "\n]}\n");
	return fclose(out);
}

static void text_gen(const struct gen_stats *g, double seconds)
{
	printf("    gen:   %" PRIu64 " packets, %" PRIu64 " payload bytes (%.2f Gbit/s), %" PRIu64
	       " TCP segments, %" PRIu64 " UDP segments\n",
	       g->packets, g->payload_bytes, (double)g->payload_bytes * 8 / 1e9 / seconds,
	       g->tcp_segments, g->udp_segments);
}

static void text_check(const struct check_stats *c)
{
	printf("    check: %" PRIu64 " packets (%" PRIu64 " SCUs, %" PRIu64
	       " wire segments), %" PRIu64 " payload bytes (%" PRIu64
	       " compared), csum good %" PRIu64 " bad %" PRIu64 " unchecked %" PRIu64 "\n"
	       "           errors: seq %" PRIu64 ", payload %" PRIu64 ", header %" PRIu64
	       ", rsc %" PRIu64 ", oversize %" PRIu64 ", sw-csum %" PRIu64 "\n",
	       c->packets, c->scus, c->wire_segments, c->payload_bytes, c->payload_bytes_verified,
	       c->csum_good, c->csum_bad, c->csum_unchecked, c->seq_errors, c->payload_errors,
	       c->header_errors, c->rsc_errors, c->oversize_errors, c->sw_csum_errors);
}

static void text_bridge(const struct bridge_stats *b)
{
	printf("    bridge: received %" PRIu64 " packets (%" PRIu64 " SCUs, %" PRIu64
	       " wire segments, %" PRIu64 " with a bad checksum), forwarded %" PRIu64 " (%" PRIu64
	       " with TSO), dropped at end of run %" PRIu64 "\n",
	       b->rx_packets, b->rx_scus, b->rx_wire_segments, b->rx_csum_bad, b->tx_packets,
	       b->tx_tso_requests, b->drop_end_of_run);
}

static void text_port(const struct stats_ctx *s, uint16_t i, double seconds,
		      const struct run_totals *r)
{
	const struct xstats_view *x = &s->xs[i];
	enum app_engine e = s->opts->engine;

	printf("  %s (port %u):\n", s->ports[i].name, s->ports[i].id);
	if (e == ENGINE_GEN_CHECK || e == ENGINE_GEN)
		text_gen(&r->gen[i], seconds);
	if (e == ENGINE_GEN_CHECK || e == ENGINE_CHECK)
		text_check(&r->check[i]);
	if (e == ENGINE_BRIDGE)
		text_bridge(&r->bridge[i]);
	printf("    port:  tx %" PRIu64 " frames, rx %" PRIu64 " frames, lso_segments %" PRIu64
	       ", uso_segments %" PRIu64 ", rsc_coalesced_pkts %" PRIu64 ", rx csum bad ip %" PRIu64
	       " l4 %" PRIu64 "\n",
	       xstats_value(x, "tx_packets"), xstats_value(x, "rx_packets"),
	       xstats_value(x, "lso_segments"), xstats_value(x, "uso_segments"),
	       xstats_value(x, "rsc_coalesced_pkts"), xstats_value(x, "rx_ip_csum_bad"),
	       xstats_value(x, "rx_l4_csum_bad"));
}

uint64_t stats_summary(struct stats_ctx *s, double seconds, const struct run_totals *r)
{
	uint64_t errors = 0;
	uint16_t i;

	for (i = 0; i < s->nb_ports; i++) {
		xstats_refresh(&s->xs[i]);
		errors += check_errors(&r->check[i]);
	}
	errors += r->rx_pool_in_use + r->gen_pool_in_use; /* a leak fails the run */
	printf("\nsummary after %.1f s (%s, ", seconds, options_engine_name(s->opts->engine));
	stats_print_verify(s->opts, stdout);
	printf(")\n");
	for (i = 0; i < s->nb_ports; i++)
		text_port(s, i, seconds, r);
	printf("  drops:");
	stats_print_drops(s, stdout);
	printf("\n  mbufs not returned after stop: rx pool %" PRIu64 ", gen pool %" PRIu64 "\n",
	       r->rx_pool_in_use, r->gen_pool_in_use);
	printf("  check errors: %" PRIu64 "\n", errors);
	if (s->opts->summary_json[0] != '\0' && write_json(s, seconds, r, errors) != 0)
		fprintf(stderr, "taskoff: cannot write %s\n", s->opts->summary_json);
	fflush(stdout);
	return errors;
}
