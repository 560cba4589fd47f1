/* SPDX-License-Identifier: BSD-3-Clause */
/* stats, watch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_cmd.h"
#include "ctl_print.h"

int cmd_stats(struct ctl_ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	json_t *r;

	ctl_positional(argc, argv, pos, 1);
	r = ctl_rpc(ctx, "stats.get", json_pack("{s:o}", "port", ctl_port_arg(pos[0])));
	if (r == NULL)
		return 1;
	if (ctx->json) {
		print_json(stdout, r);
	} else {
		printf("Counters of %s (port %lld):\n",
		       json_string_value(json_object_get(r, "port")),
		       (long long)json_integer_value(json_object_get(r, "port_id")));
		print_tree(stdout, json_object_get(r, "counters"), 2);
		printf("RSC statistics (OID_TCP_RSC_STATISTICS):\n");
		print_tree(stdout, json_object_get(r, "RscStatistics"), 2);
	}
	json_decref(r);
	return 0;
}

static void print_event(const json_t *ev)
{
	const json_t *params = json_object_get(ev, "params");
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	printf("%s %s %s (port %lld):", stamp, json_string_value(json_object_get(ev, "method")),
	       json_string_value(json_object_get(params, "port")),
	       (long long)json_integer_value(json_object_get(params, "port_id")));
	ctl_print_summary(json_object_get(params, "offload"));
}

/* --count N: stop after N events (0 = never). */
static long count_option(int argc, char **argv)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--count") == 0)
			return strtol(argv[i + 1], NULL, 10);
	return 0;
}

int cmd_watch(struct ctl_ctx *ctx, int argc, char **argv)
{
	long count = count_option(argc, argv), seen = 0;
	char *pos[1] = {NULL}, err[512];
	json_t *params = json_object(), *r, *ev;
	char *text;

	if (ctl_positional(argc, argv, pos, 1) == 1)
		json_object_set_new(params, "port", ctl_port_arg(pos[0]));
	r = ctl_rpc(ctx, "events.subscribe", params);
	if (r == NULL)
		return 1;
	json_decref(r);
	fflush(stdout);
	while (count == 0 || seen < count) {
		ev = ctl_read_message(&ctx->client, -1, err, sizeof(err));
		if (ev == NULL)
			return ctl_fail("%s", err);
		if (json_object_get(ev, "method") != NULL) {
			seen++;
			if (ctx->json) {
				text = json_dumps(ev, JSON_COMPACT);
				printf("%s\n", text ? text : "");
				free(text);
			} else {
				print_event(ev);
			}
			fflush(stdout);
		}
		json_decref(ev);
	}
	return 0;
}
