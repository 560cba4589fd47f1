/* SPDX-License-Identifier: BSD-3-Clause */
/* Result rows and checks, printed as a text table or as JSON. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char *unit_name(enum bench_unit u)
{
	switch (u) {
	case BENCH_GBYTES:
		return "GB/s";
	case BENCH_GBITS:
		return "Gbit/s";
	case BENCH_MPPS:
		return "Mpps";
	}
	return "?";
}

struct bench_row *bench_add_row(struct bench_report *rep, const char *section, const char *name,
				const char *impl, enum bench_unit unit, double bytes, double ops,
				const char *op, double ns)
{
	struct bench_row *r;

	if (rep->nb_rows == BENCH_MAX_ROWS)
		return NULL;
	r = &rep->rows[rep->nb_rows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->section, sizeof(r->section), "%s", section);
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->impl, sizeof(r->impl), "%s", impl);
	snprintf(r->op, sizeof(r->op), "%s", op);
	r->unit = unit;
	if (unit == BENCH_MPPS)
		r->value = ops * 1e3 / ns;
	else if (unit == BENCH_GBITS)
		r->value = bytes * 8.0 / ns;
	else
		r->value = bytes / ns;
	r->ns_per_op = ops > 0 ? ns / ops : 0;
	return r;
}

void bench_set_ratio(struct bench_row *row, const struct bench_row *base)
{
	if (row == NULL || base == NULL || base->value <= 0)
		return;
	row->ratio = row->value / base->value;
	snprintf(row->vs, sizeof(row->vs), "%s", base->impl);
}

void bench_check(struct bench_report *rep, const char *name, bool ok, const char *fmt, ...)
{
	struct bench_check *c;
	va_list ap;

	if (rep->nb_checks == BENCH_MAX_CHECKS)
		return;
	c = &rep->checks[rep->nb_checks++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->ok = ok;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

void bench_note(struct bench_report *rep, const char *fmt, ...)
{
	va_list ap;

	if (rep->nb_notes == sizeof(rep->notes) / sizeof(rep->notes[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(rep->notes[rep->nb_notes++], sizeof(rep->notes[0]), fmt, ap);
	va_end(ap);
}

bool bench_checks_ok(const struct bench_report *rep)
{
	unsigned int i;

	for (i = 0; i < rep->nb_checks; i++)
		if (!rep->checks[i].ok)
			return false;
	return true;
}

static void cpu_model(char *buf, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || colon == NULL)
			continue;
		snprintf(buf, len, "%s", colon + 2);
		buf[strcspn(buf, "\n")] = '\0';
		break;
	}
	fclose(f);
}

void bench_print_table(const struct bench_report *rep, const struct bench_env *env)
{
	char model[128];
	unsigned int i;

	cpu_model(model, sizeof(model));
	printf(
	    "taskoff-bench: %s, best short round of %u passes, %s, big buffer %zu MiB, CPU: %s\n\n",
	    env->quick ? "QUICK (smoke) run" : "full run", env->reps, "single core",
	    env->big_bytes >> 20, model);
	printf("%-6s %-34s %-30s %12s %-6s %10s %-10s %7s  %s\n", "stage", "case", "implementation",
	       "throughput", "", "ns/op", "op", "ratio", "vs");
	for (i = 0; i < rep->nb_rows; i++) {
		const struct bench_row *r = &rep->rows[i];
		char ratio[16] = "", impl[sizeof(r->impl) + sizeof(r->variant) + 4];

		if (r->ratio > 0)
			snprintf(ratio, sizeof(ratio), "%.2fx", r->ratio);
		if (r->variant[0] != '\0') /* what the dispatching implementation ran */
			snprintf(impl, sizeof(impl), "%s [%s]", r->impl, r->variant);
		else
			snprintf(impl, sizeof(impl), "%s", r->impl);
		printf("%-6s %-34s %-30s %12.2f %-6s %10.1f %-10s %7s  %s\n", r->section, r->name,
		       impl, r->value, unit_name(r->unit), r->ns_per_op, r->op, ratio, r->vs);
	}
	printf("\nsanity checks:\n");
	for (i = 0; i < rep->nb_checks; i++)
		printf("  [%s] %s: %s\n", rep->checks[i].ok ? " ok " : "FAIL", rep->checks[i].name,
		       rep->checks[i].detail);
	if (rep->nb_notes > 0)
		printf("\nnotes:\n");
	for (i = 0; i < rep->nb_notes; i++)
		printf("  - %s\n", rep->notes[i]);
}

/* Our strings are fixed ASCII; escape the two characters JSON cares about anyway. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void json_row(const struct bench_row *r, bool last)
{
	printf("    {\"stage\": ");
	json_str(r->section);
	printf(", \"case\": ");
	json_str(r->name);
	printf(", \"impl\": ");
	json_str(r->impl);
	if (r->variant[0] != '\0') {
		printf(", \"variant\": ");
		json_str(r->variant);
	}
	printf(", \"value\": %.4f, \"unit\": \"%s\", \"ns_per_op\": %.3f, \"op\": ", r->value,
	       unit_name(r->unit), r->ns_per_op);
	json_str(r->op);
	if (r->ratio > 0) {
		printf(", \"ratio\": %.4f, \"vs\": ", r->ratio);
		json_str(r->vs);
	}
	printf("}%s\n", last ? "" : ",");
}

void bench_print_json(const struct bench_report *rep, const struct bench_env *env)
{
	char model[128];
	unsigned int i;

	cpu_model(model, sizeof(model));
	printf("{\n  \"quick\": %s,\n  \"reps\": %u,\n  \"big_buffer_bytes\": %zu,\n  \"cpu\": ",
	       env->quick ? "true" : "false", env->reps, env->big_bytes);
	json_str(model);
	printf(",\n  \"rows\": [\n");
	for (i = 0; i < rep->nb_rows; i++)
		json_row(&rep->rows[i], i + 1 == rep->nb_rows);
	printf("  ],\n  \"checks\": [\n");
	for (i = 0; i < rep->nb_checks; i++) {
		printf("    {\"name\": ");
		json_str(rep->checks[i].name);
		printf(", \"ok\": %s, \"detail\": ", rep->checks[i].ok ? "true" : "false");
		json_str(rep->checks[i].detail);
		printf("}%s\n", i + 1 == rep->nb_checks ? "" : ",");
	}
	printf("  ],\n  \"notes\": [\n");
	for (i = 0; i < rep->nb_notes; i++) {
		printf("    ");
		json_str(rep->notes[i]);
		printf("%s\n", i + 1 == rep->nb_notes ? "" : ",");
	}
	printf("  ],\n  \"all_checks_ok\": %s\n}\n", bench_checks_ok(rep) ? "true" : "false");
}
