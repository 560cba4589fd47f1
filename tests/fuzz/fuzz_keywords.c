/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the keyword file parser (taskoff_keyword_file_apply) and
 * the caps= devarg parser (taskoff_hw_caps_parse).
 *
 * Input: the first line is a caps= spec; the rest is written to a memfd and
 * applied as a keyword file to port "net_taskoff0".
 *
 * Invariants: the file is always readable so the result is >= 0 and equals the
 * number of reported lines; reports name a line of the file and a failure
 * status; every keyword of the result is within its range, and setting it to
 * its own value again is accepted (the result obeys the capability and
 * combination rules).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "taskoff_keywords.h"

static int file_fd = -1;
static char file_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_eal_init("fuzz_keywords", 64);
	file_fd = memfd_create("fuzz_keywords", 0);
	FUZZ_CHECK(file_fd >= 0, "memfd_create failed");
	snprintf(file_path, sizeof(file_path), "/proc/self/fd/%d", file_fd);
	return 0;
}

struct reports {
	unsigned int count, nb_lines;
};

static void on_report(void *arg, const char *file, unsigned int line,
		      enum taskoff_ndis_status status, const char *message)
{
	struct reports *r = arg;

	r->count++;
	FUZZ_CHECK(line >= 1 && line <= r->nb_lines, "line %u of %u", line, r->nb_lines);
	FUZZ_CHECK(status != TASKOFF_NDIS_SUCCESS, "success reported as a problem");
	FUZZ_CHECK(message != NULL && file != NULL, "report without text");
}

static void write_file(const uint8_t *p, size_t n)
{
	FUZZ_CHECK(ftruncate(file_fd, 0) == 0, "ftruncate");
	FUZZ_CHECK(n == 0 || pwrite(file_fd, p, n, 0) == (ssize_t)n, "pwrite");
}

static unsigned int count_lines(const uint8_t *p, size_t n)
{
	unsigned int lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += p[i] == '\n';
	return lines;
}

static void parse_caps(const uint8_t *p, size_t n, struct taskoff_hw_caps *caps)
{
	struct taskoff_hw_caps before;
	struct taskoff_ndis_error err;
	char *spec = strndup((const char *)p, n);

	taskoff_hw_caps_default(caps);
	before = *caps;
	if (taskoff_hw_caps_parse(caps, spec, &err) != TASKOFF_NDIS_SUCCESS)
		FUZZ_CHECK(memcmp(&before, caps, sizeof(before)) == 0, "refused spec changed caps");
	free(spec);
}

static void check_result(const struct taskoff_hw_caps *caps,
			 const struct taskoff_offload_config *cfg)
{
	for (unsigned int i = 0; i < taskoff_keyword_count(); i++) {
		const struct taskoff_keyword_info *kw = taskoff_keyword_at(i);
		struct taskoff_offload_config next;
		struct taskoff_ndis_error err;
		int v = taskoff_keyword_get(kw, cfg);

		if (v == -1)
			continue; /* grouped keyword with mixed members */
		FUZZ_CHECK(v >= kw->min && v <= kw->max, "%s = %d", kw->name, v);
		FUZZ_CHECK(taskoff_keyword_set(caps, cfg, kw->name, v, &next, &err) ==
			       TASKOFF_NDIS_SUCCESS,
			   "%s = %d refused on the result: %s", kw->name, v, err.message);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t spec_len = nl != NULL ? (size_t)(nl - data) : size;
	const uint8_t *body = nl != NULL ? nl + 1 : data + size;
	size_t body_len = size - (size_t)(body - data);
	struct reports rep = {0, count_lines(body, body_len)};
	struct taskoff_offload_config cfg, start;
	struct taskoff_hw_caps caps;
	int rc;

	parse_caps(data, spec_len, &caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	start = cfg;
	write_file(body, body_len);
	rc = taskoff_keyword_file_apply(file_path, "net_taskoff0", &caps, &cfg, on_report, &rep);
	FUZZ_CHECK(rc >= 0, "readable file refused: %d", rc);
	FUZZ_CHECK((unsigned int)rc == rep.count, "returned %d, reported %u", rc, rep.count);
	check_result(&caps, &cfg);
	check_result(&caps, &start);
	return 0;
}
