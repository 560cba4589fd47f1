/* SPDX-License-Identifier: BSD-3-Clause */
/* Human output: NDIS structures as indented trees with decoded bit sets. */
#include <stdbool.h>
#include <string.h>

#include "ctl_print.h"

static const struct {
	unsigned int bit;
	const char *name;
} frame_encap[] =
    {
	{0x2, "IEEE_802_3"},
	{0x4, "IEEE_802_3_P_AND_Q"},
	{0x8, "IEEE_802_3_P_AND_Q_IN_OOB"},
	{0x10, "IEEE_LLC_SNAP_ROUTED"},
},
  encap_types[] = {
      {0x1, "GRE_MAC"},
      {0x2, "VXLAN"},
};

static void print_bits(FILE *out, long long v, const void *table, size_t n)
{
	const struct {
		unsigned int bit;
		const char *name;
	} *t = table;
	const char *sep = "";
	size_t i;

	fprintf(out, "0x%llx", v);
	if (v == 0) {
		fprintf(out, " (not supported)");
		return;
	}
	fprintf(out, " (");
	for (i = 0; i < n; i++) {
		if (v & t[i].bit) {
			fprintf(out, "%s%s", sep, t[i].name);
			sep = "|";
		}
	}
	fprintf(out, ")");
}

static void print_scalar(FILE *out, const char *key, const json_t *v)
{
	if (json_is_integer(v) && key != NULL && strcmp(key, "Encapsulation") == 0)
		print_bits(out, json_integer_value(v), frame_encap,
			   sizeof(frame_encap) / sizeof(frame_encap[0]));
	else if (json_is_integer(v) && key != NULL && strcmp(key, "EncapsulationTypes") == 0)
		print_bits(out, json_integer_value(v), encap_types,
			   sizeof(encap_types) / sizeof(encap_types[0]));
	else if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_boolean(v))
		fprintf(out, "%s", json_is_true(v) ? "yes" : "no");
	else if (json_is_string(v))
		fprintf(out, "%s", json_string_value(v));
	else if (json_is_null(v))
		fprintf(out, "-");
	else if (json_is_real(v))
		fprintf(out, "%g", json_real_value(v));
}

static bool is_scalar_array(const json_t *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e) if (json_is_object(e) || json_is_array(e)) return false;
	return true;
}

#define ROW_ITEMS 16

/* Scalars inline (16 a row, continuation rows at @p indent); objects as [i] blocks. */
static void print_array(FILE *out, const json_t *a, int indent, bool after_key)
{
	size_t i;
	json_t *e;

	if (json_array_size(a) == 0) {
		fprintf(out, "%*s(none)\n", after_key ? 0 : indent, "");
		return;
	}
	if (is_scalar_array(a)) {
		json_array_foreach(a, i, e)
		{
			if (i > 0 && i % ROW_ITEMS == 0)
				fprintf(out, "\n%*s", indent, "");
			else if (i > 0)
				fprintf(out, " ");
			print_scalar(out, NULL, e);
		}
		fprintf(out, "\n");
		return;
	}
	if (after_key)
		fprintf(out, "\n");
	json_array_foreach(a, i, e)
	{
		fprintf(out, "%*s[%zu]\n", indent, "", i);
		print_tree(out, e, indent + 2);
	}
}

static int key_width(const json_t *obj)
{
	const char *key;
	json_t *v;
	int w = 0;

	json_object_foreach((json_t *)obj, key, v) if (!json_is_object(v) && (int)strlen(key) > w)
	    w = (int)strlen(key);
	return w;
}

void print_tree(FILE *out, const json_t *v, int indent)
{
	int width = key_width(v);
	const char *key;
	json_t *child;

	if (json_is_array(v)) {
		print_array(out, v, indent, false);
		return;
	}
	if (!json_is_object(v)) {
		fprintf(out, "%*s", indent, "");
		print_scalar(out, NULL, v);
		fprintf(out, "\n");
		return;
	}
	json_object_foreach((json_t *)v, key, child)
	{
		if (json_is_object(child)) {
			fprintf(out, "%*s%s:\n", indent, "", key);
			print_tree(out, child, indent + 2);
		} else if (json_is_array(child)) {
			fprintf(out, "%*s%s:%*s ", indent, "", key, width - (int)strlen(key), "");
			print_array(out, child, indent + width + 2, true);
		} else {
			fprintf(out, "%*s%s:%*s ", indent, "", key, width - (int)strlen(key), "");
			print_scalar(out, key, child);
			fprintf(out, "\n");
		}
	}
}

void print_json(FILE *out, const json_t *v)
{
	json_dumpf(v, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(out, "\n");
}

long long json_path_int(const json_t *obj, const char *path)
{
	char part[64];
	const char *dot;
	size_t n;

	while (obj != NULL && (dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path) < sizeof(part) - 1 ? (size_t)(dot - path)
							    : sizeof(part) - 1;
		memcpy(part, path, n);
		part[n] = '\0';
		obj = json_object_get(obj, part);
		path = dot + 1;
	}
	obj = json_object_get(obj, path);
	if (json_is_boolean(obj))
		return json_is_true(obj);
	return json_integer_value(obj);
}
