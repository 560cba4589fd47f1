/* SPDX-License-Identifier: BSD-3-Clause */
/* JSON-RPC dispatch without a socket: framing errors, methods, events, registry rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_param.h"

struct fake {
	struct taskoff_offload_config cfg;
	int publish_rc;
	unsigned int publishes;
};

static struct fake fake;

static void fake_stats(void *opaque, struct taskoff_counters *out)
{
	unsigned int i;

	for (i = 0; i < TASKOFF_CNT_MAX; i++)
		out->v[i] = 100 + i;
}

static int fake_publish(void *opaque, const struct taskoff_offload_config *next)
{
	struct fake *f = opaque;

	if (f->publish_rc == 0) {
		f->cfg = *next;
		f->publishes++;
	}
	return f->publish_rc;
}

static const struct taskoff_offload_config *fake_current(void *opaque)
{
	return &((struct fake *)opaque)->cfg;
}

static const struct taskoff_ctl_port_ops ops = {
    .stats_get = fake_stats,
    .config_publish = fake_publish,
    .config_current = fake_current,
};

static struct taskoff_hw_caps caps;

static int setup(void **state)
{
	memset(&fake, 0, sizeof(fake));
	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &fake.cfg);
	assert_int_equal(taskoff_ctl_port_register("net_taskoff0", 0, &caps, &ops, &fake), 0);
	return 0;
}

static int teardown(void **state)
{
	taskoff_ctl_port_unregister("net_taskoff0");
	assert_int_equal(taskoff_ctl_port_count(), 0);
	return 0;
}

/* Run one line; returns the response (caller frees), events appended to *events. */
static json_t *run(const char *line, struct taskoff_ctl_session *s, json_t *events)
{
	return taskoff_ctl_handle_line(line, strlen(line), s, events);
}

static void assert_error(json_t *resp, int code, const char *status)
{
	json_t *err = json_object_get(resp, "error");

	assert_non_null(err);
	assert_int_equal(json_integer_value(json_object_get(err, "code")), code);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(err, "data"), "status")), status);
	assert_null(json_object_get(resp, "result"));
	assert_string_equal(json_string_value(json_object_get(resp, "jsonrpc")), "2.0");
}

static void framing_errors(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r;

	r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", &s, ev);
	assert_error(r, -32700, "NDIS_STATUS_INVALID_DATA");
	assert_true(json_is_null(json_object_get(r, "id")));
	json_decref(r);
	r = run("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.list\"}]", &s, ev);
	assert_error(r, -32600, "NDIS_STATUS_INVALID_DATA");
	json_decref(r);
	r = run("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"port.list\"}", &s, ev);
	assert_error(r, -32600, "NDIS_STATUS_INVALID_DATA");
	assert_string_equal(json_string_value(json_object_get(r, "id")), "a");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":7}", &s, ev);
	assert_error(r, -32600, "NDIS_STATUS_INVALID_DATA");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"port.list\"}", &s, ev);
	assert_error(r, -32600, "NDIS_STATUS_INVALID_DATA");
	assert_true(json_is_null(json_object_get(r, "id")));
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"port.list\",\"params\":5}", &s, ev);
	assert_error(r, -32602, "NDIS_STATUS_INVALID_PARAMETER");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"port.lisT\"}", &s, ev);
	assert_error(r, -32601, "NDIS_STATUS_INVALID_OID");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":5,\"id\":6,\"method\":\"port.list\"}", &s, ev);
	assert_error(r, -32700, "NDIS_STATUS_INVALID_DATA"); /* duplicate keys */
	json_decref(r);
	assert_int_equal(json_array_size(ev), 0);
	json_decref(ev);
}

static void ids_are_echoed(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r;

	r = run("{\"jsonrpc\":\"2.0\",\"id\":\"xyz\",\"method\":\"port.list\"}", &s, ev);
	assert_string_equal(json_string_value(json_object_get(r, "id")), "xyz");
	assert_int_equal(json_array_size(json_object_get(r, "result")), 1);
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"port.list\"}", &s, ev);
	assert_true(json_is_null(json_object_get(r, "id")));
	assert_non_null(json_object_get(r, "result"));
	json_decref(r);
	json_decref(ev);
}

static void set_publishes_and_queues_one_event(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r, *n;

	r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"offload.set_parameters\","
		"\"params\":{\"port\":\"net_taskoff0\",\"parameters\":{\"RscIPv6\":1}}}",
		&s, ev);
	assert_non_null(json_object_get(r, "result"));
	assert_false(fake.cfg.rsc_ipv6);
	assert_int_equal(fake.publishes, 1);
	assert_int_equal(json_array_size(ev), 1);
	n = json_array_get(ev, 0);
	assert_string_equal(json_string_value(json_object_get(n, "method")),
			    "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG");
	assert_null(json_object_get(n, "id"));
	assert_true(json_equal(json_object_get(json_object_get(n, "params"), "offload"),
			       json_object_get(r, "result")));
	json_decref(r);
	json_array_clear(ev);

	/* a JSON-RPC notification is executed, unanswered, and still indicated */
	r = run("{\"jsonrpc\":\"2.0\",\"method\":\"keyword.set\","
		"\"params\":{\"port\":0,\"keyword\":\"*RscIPv6\",\"value\":1}}",
		&s, ev);
	assert_null(r);
	assert_true(fake.cfg.rsc_ipv6);
	assert_int_equal(json_array_size(ev), 1);
	json_decref(ev);
}

static void refusals_publish_nothing(void **state)
{
	struct taskoff_ctl_session s = {0};
	struct taskoff_offload_config before = fake.cfg;
	json_t *ev = json_array(), *r;

	r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"offload.set_parameters\","
		"\"params\":{\"port\":0,\"parameters\":{\"RscIPv6\":1,\"TCPIPv6Checksum\":9}}}",
		&s, ev);
	assert_error(r, -32602, "NDIS_STATUS_INVALID_PARAMETER");
	json_decref(r);
	fake.publish_rc = -EBUSY;
	r = run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"offload.set_parameters\","
		"\"params\":{\"port\":0,\"parameters\":{\"RscIPv6\":1}}}",
		&s, ev);
	assert_error(r, -32003, "NDIS_STATUS_RESOURCES");
	json_decref(r);
	fake.publish_rc = -EIO;
	r = run("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"keyword.set\","
		"\"params\":{\"port\":0,\"keyword\":\"*RscIPv6\",\"value\":0}}",
		&s, ev);
	assert_error(r, -32000, "NDIS_STATUS_FAILURE");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"rss.get\",\"params\":{\"port\":0}}", &s,
		ev);
	assert_error(r, -32001, "NDIS_STATUS_NOT_SUPPORTED");
	json_decref(r);
	assert_int_equal(fake.publishes, 0);
	assert_memory_equal(&fake.cfg, &before, sizeof(before));
	assert_int_equal(json_array_size(ev), 0);
	json_decref(ev);
}

static void stats_and_subscription(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r, *res;

	r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.get\",\"params\":{\"port\":0}}",
		&s, ev);
	res = json_object_get(r, "result");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(res, "counters"), "rx_packets")),
	    100 + TASKOFF_CNT_RX_PACKETS);
	assert_int_equal(json_object_size(json_object_get(res, "counters")), TASKOFF_CNT_MAX);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(res, "RscStatistics"), "Aborts")),
	    100 + TASKOFF_CNT_RSC_ABORTS);
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"events.subscribe\","
		"\"params\":{\"port\":0}}",
		&s, ev);
	assert_true(s.subscribed);
	assert_string_equal(s.port, "net_taskoff0");
	json_decref(r);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"events.subscribe\","
		"\"params\":{\"port\":\"net_x\"}}",
		&s, ev);
	assert_error(r, -32002, "NDIS_STATUS_ADAPTER_NOT_FOUND");
	json_decref(r);
	json_decref(ev);
}

static void registry_rules(void **state)
{
	struct taskoff_ctl_port_ops partial = ops;
	char long_name[TASKOFF_CTL_PORT_NAME_MAX + 1];

	assert_int_equal(taskoff_ctl_port_register("net_taskoff0", 5, &caps, &ops, &fake), -EEXIST);
	assert_int_equal(taskoff_ctl_port_register("net_other", 0, &caps, &ops, &fake), -EEXIST);
	partial.config_current = NULL;
	assert_int_equal(taskoff_ctl_port_register("net_other", 1, &caps, &partial, &fake),
			 -EINVAL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(taskoff_ctl_port_register(long_name, 1, &caps, &ops, &fake), -EINVAL);
	assert_int_equal(taskoff_ctl_port_register("", 1, &caps, &ops, &fake), -EINVAL);
	assert_int_equal(taskoff_ctl_port_count(), 1);
}

/* Random bytes never crash the parser and always get an error reply. */
static void garbage_lines(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r;
	char line[256];
	unsigned int i, j, len;

	srand(12345);
	for (i = 0; i < 5000; i++) {
		len = (unsigned int)rand() % sizeof(line);
		for (j = 0; j < len; j++)
			line[j] =
			    (char)(i % 3 ? rand() : "{}[]\":,0123456789truefalsnl \\"[rand() % 30]);
		r = taskoff_ctl_handle_line(line, len, &s, ev);
		assert_non_null(r);
		assert_non_null(json_object_get(r, "error"));
		json_decref(r);
	}
	assert_int_equal(json_array_size(ev), 0);
	assert_int_equal(fake.publishes, 0);
	json_decref(ev);
}

/* Regression: found by fuzz_ctl (corpus/ctl/found-notification_with_non_object_params_is_answered).
 */
static void notification_with_non_object_params_is_not_answered(void **state)
{
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array();

	assert_null(run("{\"jsonrpc\":\"2.0\",\"method\":\"port.list\",\"params\":5}", &s, ev));
	assert_null(run("{\"jsonrpc\":\"2.0\",\"method\":\"port.list\",\"params\":[1]}", &s, ev));
	assert_int_equal(json_array_size(ev), 0);
	json_decref(ev);
}

static void assert_detail(json_t *resp, const char *status, const char *detail)
{
	json_t *data = json_object_get(json_object_get(resp, "error"), "data");

	assert_string_equal(json_string_value(json_object_get(data, "status")), status);
	assert_string_equal(json_string_value(json_object_get(data, "detail")), detail);
}

/* "port" is a name or an ethdev id 0..65535: never truncated, never another type. */
static void port_param_is_checked(void **state)
{
	static const char *const methods[] = {"offload.current_config", "keyword.set",
					      "offload.set_parameters", "events.subscribe"};
	static const struct {
		const char *json, *detail;
	} bad[] = {
	    {"65536", "port: 65536 is out of range 0..65535, or a name"},
	    {"65537", "port: 65537 is out of range 0..65535, or a name"},
	    {"4294967296", "port: 4294967296 is out of range 0..65535, or a name"},
	    {"-1", "port: -1 is out of range 0..65535, or a name"},
	    {"0.0", "port: expected an integer 0..65535, got a real number, or a name"},
	    {"true", "port: expected an integer 0..65535, got a boolean, or a name"},
	    {"[0]", "port: expected an integer 0..65535, got an array, or a name"},
	};
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r;
	char line[512];
	size_t m, i;

	for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(line, sizeof(line),
				 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":"
				 "{\"port\":%s,\"keyword\":\"*RscIPv6\",\"value\":0,"
				 "\"parameters\":{\"RscIPv6\":1}}}",
				 methods[m], bad[i].json);
			r = run(line, &s, ev);
			assert_error(r, -32602, "NDIS_STATUS_INVALID_PARAMETER");
			assert_detail(r, "NDIS_STATUS_INVALID_PARAMETER", bad[i].detail);
			json_decref(r);
		}
	}
	r = run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"stats.get\",\"params\":{\"port\":9}}",
		&s, ev);
	assert_detail(r, "NDIS_STATUS_ADAPTER_NOT_FOUND", "no such port id 9");
	json_decref(r);
	assert_false(s.subscribed);
	assert_int_equal(fake.publishes, 0);
	assert_int_equal(json_array_size(ev), 0);
	json_decref(ev);
}

/* keyword.set "value": an integer, or its decimal string (taskoffctl's documented form). */
static void keyword_value_is_checked(void **state)
{
	static const char *const bad[] = {"1.0",    "true", "\" 1\"", "\"+1\"",
					  "\"1x\"", "\"\"", "[1]"};
	struct taskoff_ctl_session s = {0};
	json_t *ev = json_array(), *r;
	char line[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line),
			 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"keyword.set\",\"params\":"
			 "{\"port\":0,\"keyword\":\"*RscIPv6\",\"value\":%s}}",
			 bad[i]);
		r = run(line, &s, ev);
		assert_detail(r, "NDIS_STATUS_INVALID_PARAMETER",
			      "value: expected an integer (or its decimal string)");
		json_decref(r);
	}
	r = run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"keyword.set\",\"params\":"
		"{\"port\":0,\"keyword\":\"*RscIPv6\",\"value\":4294967296}}",
		&s, ev);
	assert_detail(r, "NDIS_STATUS_INVALID_PARAMETER",
		      "*RscIPv6: value 4294967296 out of range 0..1 (0 disabled, 1 enabled)");
	json_decref(r);
	assert_int_equal(fake.publishes, 0);
	r = run("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"keyword.set\",\"params\":"
		"{\"port\":0,\"keyword\":\"*RscIPv6\",\"value\":\"0\"}}",
		&s, ev);
	assert_non_null(json_object_get(r, "result"));
	assert_false(fake.cfg.rsc_ipv6);
	json_decref(r);
	json_decref(ev);
}

static void uint_param_type_and_range(void **state)
{
	json_t *p = json_pack("{s:I, s:I, s:I, s:s, s:f, s:b, s:n, s:I, s:I}", "big",
			      (json_int_t)((1LL << 32) + 1), "neg", (json_int_t)-1, "max",
			      (json_int_t)4095, "str", "5", "real", 5.0, "bool", 1, "null", "min",
			      (json_int_t)2, "under", (json_int_t)1);
	char err[128] = "";
	uint64_t out = 77;

	assert_int_equal(taskoff_ctl_param_uint(p, "max", 0, 4095, &out, err, sizeof(err)), 0);
	assert_int_equal(out, 4095);
	assert_int_equal(taskoff_ctl_param_uint(p, "min", 2, 4095, &out, err, sizeof(err)), 0);
	assert_int_equal(out, 2);
	out = 77;
	assert_int_equal(taskoff_ctl_param_uint(p, "absent", 0, 9, &out, err, sizeof(err)),
			 -ENOENT);
	assert_int_equal(taskoff_ctl_param_uint(p, "null", 0, 9, &out, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "");
	assert_int_equal(taskoff_ctl_param_uint(p, "big", 0, 4095, &out, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "big: 4294967297 is out of range 0..4095");
	assert_int_equal(taskoff_ctl_param_uint(p, "big", 0, UINT32_MAX, &out, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(taskoff_ctl_param_uint(p, "neg", 0, UINT64_MAX, &out, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "neg: -1 is out of range 0..18446744073709551615");
	assert_int_equal(taskoff_ctl_param_uint(p, "under", 2, 9, &out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "under: 1 is out of range 2..9");
	assert_int_equal(taskoff_ctl_param_uint(p, "str", 0, 9, &out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "str: expected an integer 0..9, got a string");
	assert_int_equal(taskoff_ctl_param_uint(p, "real", 0, 9, &out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "real: expected an integer 0..9, got a real number");
	assert_int_equal(taskoff_ctl_param_uint(p, "bool", 0, 9, &out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "bool: expected an integer 0..9, got a boolean");
	assert_int_equal(out, 77); /* untouched by every refusal */
	assert_int_equal(taskoff_ctl_json_uint(NULL, "q", 0, 9, &out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "q: missing (an integer 0..9)");
	json_decref(p);
}

static void unknown_members_are_named(void **state)
{
	static const char *const known[] = {"port", "vlan", NULL};
	json_t *p = json_pack("{s:i, s:i}", "port", 0, "vlan", 1);
	char err[64] = "";

	assert_int_equal(taskoff_ctl_params_known(p, known, err, sizeof(err)), 0);
	json_object_set_new(p, "vlna", json_integer(5));
	assert_int_equal(taskoff_ctl_params_known(p, known, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown field 'vlna'");
	json_decref(p);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(framing_errors),
	    T(ids_are_echoed),
	    T(set_publishes_and_queues_one_event),
	    T(refusals_publish_nothing),
	    T(stats_and_subscription),
	    T(registry_rules),
	    T(garbage_lines),
	    T(notification_with_non_object_params_is_not_answered),
	    T(port_param_is_checked),
	    T(keyword_value_is_checked),
	    T(uint_param_type_and_range),
	    T(unknown_members_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
