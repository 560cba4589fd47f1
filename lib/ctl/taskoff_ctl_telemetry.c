/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Read-only views for DPDK telemetry (dpdk-telemetry.py): /taskoff/ports,
 * /taskoff/caps,<port>, /taskoff/config,<port>, /taskoff/stats,<port>.
 * Telemetry dictionaries cannot nest dictionaries in 22.11, so the NDIS_OFFLOAD
 * tree is flattened into path keys ("LsoV2/IPv4/MaxOffLoadSize": telemetry
 * names allow letters, digits, _ and / only).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_offload_json.h"

static void flatten(struct rte_tel_data *d, const char *prefix, json_t *v)
{
	char key[RTE_TEL_MAX_STRING_LEN];
	const char *name;
	json_t *child;

	if (json_is_object(v)) {
		json_object_foreach(v, name, child)
		{
			snprintf(key, sizeof(key), "%s%s%s", prefix, prefix[0] ? "/" : "", name);
			flatten(d, key, child);
		}
	} else if (json_is_integer(v)) {
		rte_tel_data_add_dict_u64(d, prefix, (uint64_t)json_integer_value(v));
	} else if (json_is_boolean(v)) {
		rte_tel_data_add_dict_int(d, prefix, json_is_true(v));
	} else if (json_is_string(v)) {
		rte_tel_data_add_dict_string(d, prefix, json_string_value(v));
	}
}

/* "net_taskoff0" or "0" → JSON key for the registry lookup. */
static json_t *port_key(const char *params)
{
	char *end;
	long id;

	if (params == NULL || params[0] == '\0')
		return NULL;
	id = strtol(params, &end, 10);
	if (*end == '\0' && id >= 0 && id <= UINT16_MAX)
		return json_integer(id);
	return json_string(params);
}

enum view { VIEW_CAPS, VIEW_CONFIG, VIEW_STATS };

static json_t *port_view_locked(const struct taskoff_ctl_port *p, enum view what)
{
	switch (what) {
	case VIEW_CAPS:
		return taskoff_offload_to_json(&p->caps);
	default:
		return taskoff_ctl_port_config_json_locked(p);
	}
}

static int port_view(const char *params, struct rte_tel_data *d, enum view what)
{
	json_t *key = port_key(params), *v = NULL, *stats = NULL;
	struct taskoff_ctl_port *p;

	if (key == NULL)
		return -EINVAL;
	taskoff_ctl_registry_lock();
	p = taskoff_ctl_port_lookup_locked(key);
	if (p != NULL && what == VIEW_STATS) {
		stats = taskoff_ctl_port_stats_json_locked(p);
		v = json_incref(json_object_get(stats, "counters"));
		json_object_set(v, "RscStatistics", json_object_get(stats, "RscStatistics"));
	} else if (p != NULL) {
		v = port_view_locked(p, what);
	}
	taskoff_ctl_registry_unlock();
	json_decref(key);
	json_decref(stats);
	if (v == NULL)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	flatten(d, "", v);
	json_decref(v);
	return 0;
}

static int tel_caps(const char *cmd, const char *params, struct rte_tel_data *d)
{
	return port_view(params, d, VIEW_CAPS);
}

static int tel_config(const char *cmd, const char *params, struct rte_tel_data *d)
{
	return port_view(params, d, VIEW_CONFIG);
}

static int tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	return port_view(params, d, VIEW_STATS);
}

static int tel_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct taskoff_ctl_port *p;
	unsigned int i;

	rte_tel_data_start_dict(d);
	taskoff_ctl_registry_lock();
	for (i = 0; i < TASKOFF_CTL_MAX_PORTS; i++) {
		p = taskoff_ctl_port_at_locked(i);
		if (p != NULL)
			rte_tel_data_add_dict_int(d, p->name, p->port_id);
	}
	taskoff_ctl_registry_unlock();
	return 0;
}

void taskoff_ctl_telemetry_register(void)
{
	static bool registered;

	if (__atomic_exchange_n(&registered, true, __ATOMIC_ACQ_REL))
		return;
	rte_telemetry_register_cmd("/taskoff/ports", tel_ports,
				   "TaskOff ports: name -> ethdev id. Takes no parameters");
	rte_telemetry_register_cmd("/taskoff/caps", tel_caps,
				   "NDIS hardware capabilities. Parameters: port name or id");
	rte_telemetry_register_cmd(
	    "/taskoff/config", tel_config,
	    "NDIS current offload configuration. Parameters: port name or id");
	rte_telemetry_register_cmd(
	    "/taskoff/stats", tel_stats,
	    "TaskOff counters and RSC statistics. Parameters: port name or id");
}
