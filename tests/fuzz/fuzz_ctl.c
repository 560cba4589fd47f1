/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the control protocol, one JSON-RPC request per input line,
 * through taskoff_ctl_handle_line (lib/ctl/taskoff_ctl_internal.h) against one
 * registered port whose callbacks are fakes (the optional RSS/VMQ ones answer
 * with the -errno found in params "rc", so every status mapping is reachable).
 * Every input starts from the same port configuration and a fresh session.
 *
 * Invariants: a response is a JSON-RPC 2.0 object with an id and exactly one of
 * result / error; every request but a well-formed notification (no id) gets a
 * response, and a notification gets none; events are notifications; the
 * published configuration respects the keyword ranges.
 *
 * The reply path is also fed the raw input as an error message (the first
 * line, up to 400 bytes): the recorded message must be valid UTF-8 (it is cut
 * at 255 bytes, never inside a character) and the error reply must build and
 * serialize, whatever the bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_port.h"
#include "taskoff_keywords.h"

#define PORT_NAME "net_taskoff0"

struct fake_port {
	struct taskoff_hw_caps caps;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
};

static struct fake_port port;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void stats_get(void *opaque, struct taskoff_counters *out)
{
	*out = ((struct fake_port *)opaque)->cnt;
}

static int config_publish(void *opaque, const struct taskoff_offload_config *next)
{
	((struct fake_port *)opaque)->cfg = *next;
	return 0;
}

static const struct taskoff_offload_config *config_current(void *opaque)
{
	return &((struct fake_port *)opaque)->cfg;
}

/* The fakes fail with params "rc" (a negative errno) when it is there. */
static int rc_of(const json_t *in, char *err, size_t errlen)
{
	json_int_t rc = json_integer_value(json_object_get(in, "rc"));

	if (rc < 0 && rc > -4096) {
		snprintf(err, errlen, "fake failure %d", (int)rc);
		return (int)rc;
	}
	return 0;
}

static int rss_get(void *opaque, json_t **out)
{
	*out =
	    json_pack("{s:s, s:[i,i], s:[s]}", "key", "6d5a", "reta", 0, 1, "hash_types", "ipv4");
	return *out != NULL ? 0 : -ENOMEM;
}

static int vmq_list(void *opaque, json_t **out)
{
	*out = json_array();
	return 0;
}

static int fake_set(void *opaque, const json_t *in, char *err, size_t errlen)
{
	return rc_of(in, err, errlen);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct taskoff_ctl_port_ops ops = {
	    .stats_get = stats_get,
	    .config_publish = config_publish,
	    .config_current = config_current,
	    .rss_get = rss_get,
	    .rss_set = fake_set,
	    .vmq_add = fake_set,
	    .vmq_remove = fake_set,
	    .vmq_list = vmq_list,
	};

	fuzz_eal_init("fuzz_ctl", 64);
	taskoff_hw_caps_default(&port.caps);
	FUZZ_CHECK(taskoff_ctl_port_register(PORT_NAME, 0, &port.caps, &ops, &port) == 0,
		   "register");
	return 0;
}

/* A request the server must not answer: valid 2.0 object, method, no id. */
static bool is_notification(const char *line, size_t len)
{
	json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	bool yes = json_is_object(req) && json_object_get(req, "id") == NULL &&
		   json_is_string(json_object_get(req, "method")) &&
		   json_is_string(json_object_get(req, "jsonrpc")) &&
		   strcmp(json_string_value(json_object_get(req, "jsonrpc")), "2.0") == 0;

	json_decref(req);
	return yes;
}

static void check_response(const json_t *resp)
{
	char *text;

	FUZZ_CHECK(json_is_object(resp), "response is not an object");
	FUZZ_CHECK(json_is_string(json_object_get(resp, "jsonrpc")) &&
		       strcmp(json_string_value(json_object_get(resp, "jsonrpc")), "2.0") == 0,
		   "response without jsonrpc 2.0");
	FUZZ_CHECK(json_object_get(resp, "id") != NULL, "response without id");
	FUZZ_CHECK((json_object_get(resp, "result") != NULL) !=
		       (json_object_get(resp, "error") != NULL),
		   "response needs exactly one of result/error");
	text = json_dumps(resp, JSON_COMPACT);
	FUZZ_CHECK(text != NULL, "response cannot be serialized");
	free(text);
}

static void check_events(const json_t *events)
{
	size_t i;
	const json_t *ev;

	json_array_foreach(events, i, ev)
	{
		FUZZ_CHECK(json_is_object(ev) && json_is_string(json_object_get(ev, "method")) &&
			       json_object_get(ev, "id") == NULL,
			   "event %zu is not a notification", i);
	}
}

static void check_config(void)
{
	for (unsigned int i = 0; i < taskoff_keyword_count(); i++) {
		const struct taskoff_keyword_info *kw = taskoff_keyword_at(i);
		int v = taskoff_keyword_get(kw, &port.cfg);

		FUZZ_CHECK(v == -1 || (v >= kw->min && v <= kw->max), "%s = %d", kw->name, v);
	}
}

static void handle(const char *line, size_t len, struct taskoff_ctl_session *s)
{
	json_t *events = json_array();
	json_t *resp = taskoff_ctl_handle_line(line, len, s, events);

	if (resp != NULL)
		check_response(resp);
	FUZZ_CHECK(resp == NULL || !is_notification(line, len), "notification answered");
	FUZZ_CHECK(resp != NULL || is_notification(line, len), "request left unanswered");
	check_events(events);
	json_decref(resp);
	json_decref(events);
}

/* Arbitrary bytes as the message of an error reply. */
static void check_error_reply(const uint8_t *data, size_t size)
{
	struct taskoff_ndis_error err;
	char text[401];
	size_t len = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	json_t *s, *resp;

	memcpy(text, data, len);
	text[len] = '\0';
	text[strcspn(text, "\n")] = '\0';
	taskoff_ndis_fail(&err, (enum taskoff_ndis_status)(len % 10), "unknown method '%s'", text);
	s = json_string(err.message); /* NULL if not valid UTF-8 */
	FUZZ_CHECK(s != NULL, "error message is not valid UTF-8");
	FUZZ_CHECK(strlen(err.message) < sizeof(err.message), "error message overflow");
	json_decref(s);
	resp = taskoff_ctl_error_response(NULL, err.status, text);
	FUZZ_CHECK(resp != NULL, "no error reply");
	check_response(resp);
	json_decref(resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct taskoff_ctl_session session = {0};
	const char *p = (const char *)data, *end = p + size;

	taskoff_ctl_port_lock();
	taskoff_offload_config_from_caps(&port.caps, &port.cfg);
	taskoff_ctl_port_unlock();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		handle(p, len, &session);
		p += len + 1;
	}
	check_config();
	check_error_reply(data, size);
	return 0;
}
