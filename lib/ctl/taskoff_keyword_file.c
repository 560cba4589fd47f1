/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Keyword INI files. The parser is our own rather than rte_cfgfile_load():
 * rte_cfgfile rejects the whole file at the first malformed line and keeps no
 * line numbers, while a bad line must be reported with its number and skipped
 * and the port must still come up (SPEC §3). The syntax is the same small INI
 * subset rte_cfgfile reads: [section], key = value, ';' comments (and '#').
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "taskoff_keywords.h"
#include "taskoff_log.h"
#include "taskoff_offload_params.h"

/* One keyword line that applies to this port. */
struct kw_entry {
	const struct taskoff_keyword_info *kw;
	int value;
	unsigned int line;
	bool from_default;
};

struct kw_file {
	const char *path;
	const char *port;
	taskoff_keyword_report_fn report;
	void *arg;
	int nb_reported;
	struct kw_entry *entries;
	size_t nb_entries, cap_entries;
};

static void report_line(struct kw_file *f, unsigned int line, enum taskoff_ndis_status st,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report_line(struct kw_file *f, unsigned int line, enum taskoff_ndis_status st,
			const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->nb_reported++;
	if (f->report != NULL)
		f->report(f->arg, f->path, line, st, msg);
	else
		TASKOFF_LOG(WARNING, "%s:%u: %s (%s), line ignored", f->path, line, msg,
			    taskoff_ndis_status_name(st));
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static void strip_comment(char *s)
{
	s[strcspn(s, ";#")] = '\0';
}

/*
 * A keyword given twice in the same kind of section ([default], or the port's
 * own): the later line wins, the earlier one is reported, naming both lines.
 */
static void duplicate_drop(struct kw_file *f, const struct kw_entry *e)
{
	size_t i;

	for (i = 0; i < f->nb_entries; i++) {
		if (f->entries[i].kw != e->kw || f->entries[i].from_default != e->from_default)
			continue;
		report_line(f, f->entries[i].line, TASKOFF_NDIS_INVALID_DATA,
			    "duplicate keyword %s, overridden by %s:%u", e->kw->name, f->path,
			    e->line);
		memmove(&f->entries[i], &f->entries[i + 1],
			(f->nb_entries - i - 1) * sizeof(f->entries[0]));
		f->nb_entries--;
		return; /* there was at most one: each addition drops the one before */
	}
}

static int entry_add(struct kw_file *f, const struct kw_entry *e)
{
	struct kw_entry *grown;
	size_t cap;

	duplicate_drop(f, e);
	if (f->nb_entries == f->cap_entries) {
		cap = f->cap_entries ? f->cap_entries * 2 : 16;
		grown = realloc(f->entries, cap * sizeof(*grown));
		if (grown == NULL)
			return -ENOMEM;
		f->entries = grown;
		f->cap_entries = cap;
	}
	f->entries[f->nb_entries++] = *e;
	return 0;
}

/* "[name]": returns whether the section applies to this port; -1 if malformed. */
static int section_parse(struct kw_file *f, char *s, unsigned int line, bool *is_default)
{
	char *close = strchr(s, ']');
	char *name;

	if (close == NULL || *trim(close + 1) != '\0') {
		report_line(f, line, TASKOFF_NDIS_INVALID_DATA, "malformed section header");
		return -1;
	}
	*close = '\0';
	name = trim(s + 1);
	*is_default = strcasecmp(name, "default") == 0;
	return *is_default || strcmp(name, f->port) == 0;
}

static enum taskoff_ndis_status value_parse(const char *s, const struct taskoff_keyword_info *kw,
					    int *value)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < kw->min || v > kw->max)
		return TASKOFF_NDIS_INVALID_PARAMETER;
	*value = (int)v;
	return TASKOFF_NDIS_SUCCESS;
}

/* "*Keyword = value" in an applicable section: validate alone, then queue it. */
static int entry_parse(struct kw_file *f, char *s, unsigned int line, bool from_default,
		       const struct taskoff_hw_caps *caps, const struct taskoff_offload_config *cfg)
{
	struct taskoff_offload_config probe = *cfg;
	struct taskoff_ndis_error err;
	struct kw_entry e = {.line = line, .from_default = from_default};
	char *eq = strchr(s, '=');
	char *key, *val;

	if (eq == NULL) {
		report_line(f, line, TASKOFF_NDIS_INVALID_DATA, "expected '*Keyword = value'");
		return 0;
	}
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	e.kw = taskoff_keyword_find(key);
	if (e.kw == NULL) {
		report_line(f, line, TASKOFF_NDIS_INVALID_PARAMETER, "unknown keyword '%s'", key);
		return 0;
	}
	if (value_parse(val, e.kw, &e.value) != TASKOFF_NDIS_SUCCESS) {
		report_line(f, line, TASKOFF_NDIS_INVALID_PARAMETER,
			    "%s: value '%s' out of range %d..%d (%s)", e.kw->name, val, e.kw->min,
			    e.kw->max, e.kw->values);
		return 0;
	}
	taskoff_keyword_store(e.kw, e.value, &probe);
	if (taskoff_offload_check_caps(caps, &probe, &err) != TASKOFF_NDIS_SUCCESS) {
		report_line(f, line, err.status, "%s = %d: %s", e.kw->name, e.value, err.message);
		return 0;
	}
	return entry_add(f, &e);
}

static int file_scan(struct kw_file *f, FILE *fp, const struct taskoff_hw_caps *caps,
		     const struct taskoff_offload_config *cfg)
{
	bool applies = true, is_default = true;
	unsigned int line = 0, bad_section = 0; /* line of a malformed header in force */
	size_t size = 0;
	char *buf = NULL, *s;
	int rc = 0, sec;

	while (rc == 0 && getline(&buf, &size, fp) >= 0) {
		line++;
		strip_comment(buf);
		s = trim(buf);
		if (*s == '\0')
			continue;
		if (*s == '[') {
			sec = section_parse(f, s, line, &is_default);
			bad_section = sec < 0 ? line : 0;
			applies = sec > 0;
			continue;
		}
		if (bad_section != 0)
			/* whose section it is nobody knows: never applied, never silently */
			report_line(f, line, TASKOFF_NDIS_INVALID_DATA,
				    "in the section whose header at line %u is malformed",
				    bad_section);
		else if (applies)
			rc = entry_parse(f, s, line, is_default, caps, cfg);
		else if (strchr(s, '=') == NULL)
			report_line(f, line, TASKOFF_NDIS_INVALID_DATA,
				    "expected '*Keyword = value'");
	}
	free(buf);
	return rc;
}

/* [default] lines first, then the port's own: the port section overrides. */
static void entries_order(struct kw_file *f)
{
	struct kw_entry *sorted = malloc(f->nb_entries * sizeof(*sorted) + 1);
	size_t i, n = 0;

	if (sorted == NULL)
		return; /* file order is a reasonable fallback */
	for (i = 0; i < f->nb_entries; i++)
		if (f->entries[i].from_default)
			sorted[n++] = f->entries[i];
	for (i = 0; i < f->nb_entries; i++)
		if (!f->entries[i].from_default)
			sorted[n++] = f->entries[i];
	free(f->entries);
	f->entries = sorted;
}

static void entries_apply(struct kw_file *f, const struct taskoff_hw_caps *caps,
			  struct taskoff_offload_config *cfg)
{
	struct taskoff_offload_config work = *cfg;
	struct taskoff_ndis_error err;
	const struct kw_entry *e;
	size_t i;

	for (i = 0; i < f->nb_entries; i++)
		taskoff_keyword_store(f->entries[i].kw, f->entries[i].value, &work);
	if (taskoff_offload_check(caps, cfg, &work, NULL) == TASKOFF_NDIS_SUCCESS) {
		*cfg = work;
		return;
	}
	for (i = 0; i < f->nb_entries; i++) {
		e = &f->entries[i];
		if (taskoff_keyword_set(caps, cfg, e->kw->name, e->value, cfg, &err) !=
		    TASKOFF_NDIS_SUCCESS)
			report_line(f, e->line, err.status, "%s = %d: %s", e->kw->name, e->value,
				    err.message);
	}
}

int taskoff_keyword_file_apply(const char *path, const char *port_name,
			       const struct taskoff_hw_caps *caps,
			       struct taskoff_offload_config *cfg, taskoff_keyword_report_fn report,
			       void *arg)
{
	struct kw_file f = {.path = path, .port = port_name, .report = report, .arg = arg};
	FILE *fp = fopen(path, "r");
	int rc;

	if (fp == NULL)
		return -errno;
	rc = file_scan(&f, fp, caps, cfg);
	fclose(fp);
	if (rc == 0) {
		entries_order(&f);
		entries_apply(&f, caps, cfg);
	}
	free(f.entries);
	return rc < 0 ? rc : f.nb_reported;
}
