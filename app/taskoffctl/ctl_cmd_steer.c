/* SPDX-License-Identifier: BSD-3-Clause */
/* rss, vmq: thin wrappers over rss.get/set and vmq.filter_*. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmd.h"
#include "ctl_print.h"

static int print_result(struct ctl_ctx *ctx, json_t *r, const char *title)
{
	if (r == NULL)
		return 1;
	if (ctx->json) {
		print_json(stdout, r);
	} else {
		printf("%s\n", title);
		print_tree(stdout, r, 2);
	}
	json_decref(r);
	return 0;
}

static bool is_hex(const char *s)
{
	if (*s == '\0' || strlen(s) % 2 != 0)
		return false;
	for (; *s != '\0'; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static bool parse_uint(const char *s, long max, long *out)
{
	char *end;

	*out = strtol(s, &end, 0);
	return *s != '\0' && *end == '\0' && *out >= 0 && *out <= max;
}

static json_t *reta_arg(int n, char **q)
{
	json_t *reta = json_array();
	long v;
	int i;

	for (i = 0; i < n; i++) {
		if (!parse_uint(q[i], 65535, &v)) {
			json_decref(reta);
			return NULL;
		}
		json_array_append_new(reta, json_integer(v));
	}
	return reta;
}

static json_t *types_arg(const char *list)
{
	json_t *types = json_array();
	char *copy = strdup(list), *save = NULL, *t;

	for (t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save))
		json_array_append_new(types, json_string(t));
	free(copy);
	return types;
}

int cmd_rss(struct ctl_ctx *ctx, int argc, char **argv)
{
	char *pos[256];
	int n = ctl_positional(argc, argv, pos, 256);
	json_t *params = json_pack("{s:o}", "port", ctl_port_arg(pos[0])), *v;

	if (n == 1 || strcmp(pos[1], "show") == 0)
		return print_result(ctx, ctl_rpc(ctx, "rss.get", params), "RSS:");
	if (strcmp(pos[1], "key") == 0 && n == 3 && is_hex(pos[2])) {
		json_object_set_new(params, "key", json_string(pos[2]));
	} else if (strcmp(pos[1], "reta") == 0 && n > 2 && (v = reta_arg(n - 2, pos + 2)) != NULL) {
		json_object_set_new(params, "reta", v);
	} else if (strcmp(pos[1], "types") == 0 && n == 3) {
		json_object_set_new(params, "hash_types", types_arg(pos[2]));
	} else {
		json_decref(params);
		return ctl_fail("usage: rss PORT [show | key HEX | reta Q... | types T,...]");
	}
	return print_result(ctx, ctl_rpc(ctx, "rss.set", params), "RSS updated:");
}

static bool is_mac(const char *s)
{
	unsigned int b[6];
	char tail;

	return sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		      &tail) == 6 &&
	       strlen(s) == 17;
}

/* MAC [vlan N] [vsid N] [queue Q] → members of @p params; false on a bad word. */
static bool filter_args(json_t *params, int n, char **a, bool need_queue)
{
	static const struct {
		const char *word;
		long max;
	} opts[] = {{"vlan", 4095}, {"vsid", 0xffffff}, {"queue", 65535}};
	bool has_queue = false, ok;
	long v;
	int i;
	size_t k;

	if (n < 1 || !is_mac(a[0]))
		return false;
	json_object_set_new(params, "mac", json_string(a[0]));
	for (i = 1; i < n; i += 2) {
		ok = false;
		for (k = 0; k < 3 && i + 1 < n; k++) {
			if (strcmp(a[i], opts[k].word) == 0 &&
			    parse_uint(a[i + 1], opts[k].max, &v)) {
				json_object_set_new(params, opts[k].word, json_integer(v));
				has_queue |= k == 2;
				ok = true;
			}
		}
		if (!ok)
			return false;
	}
	return has_queue == need_queue;
}

int cmd_vmq(struct ctl_ctx *ctx, int argc, char **argv)
{
	char *pos[16];
	int n = ctl_positional(argc, argv, pos, 16);
	json_t *params = json_pack("{s:o}", "port", ctl_port_arg(pos[0]));
	long id;

	if (n == 1 || strcmp(pos[1], "list") == 0)
		return print_result(ctx, ctl_rpc(ctx, "vmq.filter_list", params), "VMQ filters:");
	if (strcmp(pos[1], "add") == 0 && filter_args(params, n - 2, pos + 2, true))
		return print_result(ctx, ctl_rpc(ctx, "vmq.filter_add", params),
				    "VMQ filter added:");
	if (strcmp(pos[1], "remove") == 0 && n == 4 && strcmp(pos[2], "id") == 0 &&
	    parse_uint(pos[3], 1L << 30, &id)) {
		json_object_set_new(params, "id", json_integer(id));
		return print_result(ctx, ctl_rpc(ctx, "vmq.filter_remove", params),
				    "VMQ filter removed:");
	}
	if (strcmp(pos[1], "remove") == 0 && filter_args(params, n - 2, pos + 2, false))
		return print_result(ctx, ctl_rpc(ctx, "vmq.filter_remove", params),
				    "VMQ filter removed:");
	json_decref(params);
	return ctl_fail("usage: vmq PORT [list | add MAC [vlan N] [vsid N] queue Q | remove MAC "
			"[vlan N] [vsid N] | remove id N]");
}
