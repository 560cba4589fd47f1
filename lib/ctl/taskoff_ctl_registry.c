/* SPDX-License-Identifier: BSD-3-Clause */
/* Registered ports: a fixed table under one mutex, control side only. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_server.h"
#include "taskoff_log.h"
#include "taskoff_offload_json.h"

static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct taskoff_ctl_port registry[TASKOFF_CTL_MAX_PORTS];

void taskoff_ctl_registry_lock(void)
{
	pthread_mutex_lock(&registry_mutex);
}

void taskoff_ctl_registry_unlock(void)
{
	pthread_mutex_unlock(&registry_mutex);
}

void taskoff_ctl_port_lock(void)
{
	taskoff_ctl_registry_lock();
}

void taskoff_ctl_port_unlock(void)
{
	taskoff_ctl_registry_unlock();
}

struct taskoff_ctl_port *taskoff_ctl_port_at_locked(unsigned int slot)
{
	if (slot >= TASKOFF_CTL_MAX_PORTS || !registry[slot].used)
		return NULL;
	return &registry[slot];
}

static struct taskoff_ctl_port *port_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < TASKOFF_CTL_MAX_PORTS; i++)
		if (registry[i].used && strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

static struct taskoff_ctl_port *port_by_id(json_int_t id)
{
	unsigned int i;

	for (i = 0; i < TASKOFF_CTL_MAX_PORTS; i++)
		if (registry[i].used && registry[i].port_id == id)
			return &registry[i];
	return NULL;
}

struct taskoff_ctl_port *taskoff_ctl_port_lookup_locked(const json_t *key)
{
	if (json_is_string(key))
		return port_by_name(json_string_value(key));
	if (json_is_integer(key))
		return port_by_id(json_integer_value(key));
	return NULL;
}

static bool ops_valid(const struct taskoff_ctl_port_ops *ops)
{
	return ops != NULL && ops->stats_get != NULL && ops->config_publish != NULL &&
	       ops->config_current != NULL;
}

static struct taskoff_ctl_port *free_slot(void)
{
	unsigned int i;

	for (i = 0; i < TASKOFF_CTL_MAX_PORTS; i++)
		if (!registry[i].used)
			return &registry[i];
	return NULL;
}

static int register_locked(const char *name, uint16_t port_id, const struct taskoff_hw_caps *caps,
			   const struct taskoff_ctl_port_ops *ops, void *opaque)
{
	struct taskoff_ctl_port *p;

	if (port_by_name(name) != NULL || port_by_id(port_id) != NULL)
		return -EEXIST;
	p = free_slot();
	if (p == NULL)
		return -ENOSPC;
	memset(p, 0, sizeof(*p));
	strcpy(p->name, name);
	p->port_id = port_id;
	p->caps = *caps;
	p->ops = *ops;
	p->opaque = opaque;
	p->used = true;
	taskoff_ctl_server_post(taskoff_ctl_event_locked(TASKOFF_CTL_EVENT_HW_CAPS, p));
	return 0;
}

int taskoff_ctl_port_register(const char *name, uint16_t port_id,
			      const struct taskoff_hw_caps *caps,
			      const struct taskoff_ctl_port_ops *ops, void *opaque)
{
	int rc;

	if (name == NULL || name[0] == '\0' || strlen(name) >= TASKOFF_CTL_PORT_NAME_MAX ||
	    caps == NULL || !ops_valid(ops))
		return -EINVAL;
	taskoff_ctl_registry_lock();
	rc = register_locked(name, port_id, caps, ops, opaque);
	taskoff_ctl_registry_unlock();
	taskoff_ctl_telemetry_register();
	if (rc != 0)
		TASKOFF_LOG(ERR, "ctl: cannot register port %s: %s", name, strerror(-rc));
	return rc;
}

void taskoff_ctl_port_unregister(const char *name)
{
	struct taskoff_ctl_port *p;

	if (name == NULL)
		return;
	taskoff_ctl_registry_lock();
	p = port_by_name(name);
	if (p != NULL)
		memset(p, 0, sizeof(*p));
	taskoff_ctl_registry_unlock();
}

void taskoff_ctl_port_config_changed(const char *name)
{
	struct taskoff_ctl_port *p;

	if (name == NULL)
		return;
	taskoff_ctl_registry_lock();
	p = port_by_name(name);
	if (p != NULL)
		taskoff_ctl_server_post(
		    taskoff_ctl_event_locked(TASKOFF_CTL_EVENT_CURRENT_CONFIG, p));
	taskoff_ctl_registry_unlock();
}

unsigned int taskoff_ctl_port_count(void)
{
	unsigned int i, n = 0;

	taskoff_ctl_registry_lock();
	for (i = 0; i < TASKOFF_CTL_MAX_PORTS; i++)
		n += registry[i].used;
	taskoff_ctl_registry_unlock();
	return n;
}

json_t *taskoff_ctl_port_config_json_locked(const struct taskoff_ctl_port *p)
{
	struct taskoff_hw_caps view;

	taskoff_offload_view(&p->caps, p->ops.config_current(p->opaque), &view);
	return taskoff_offload_to_json(&view);
}

json_t *taskoff_ctl_event_locked(const char *event, const struct taskoff_ctl_port *p)
{
	json_t *offload = strcmp(event, TASKOFF_CTL_EVENT_HW_CAPS) == 0
			      ? taskoff_offload_to_json(&p->caps)
			      : taskoff_ctl_port_config_json_locked(p);

	return json_pack("{s:s, s:s, s:{s:s, s:i, s:o}}", "jsonrpc", "2.0", "method", event,
			 "params", "port", p->name, "port_id", (int)p->port_id, "offload", offload);
}

static json_t *rsc_statistics(const struct taskoff_counters *c)
{
	/* OID_TCP_RSC_STATISTICS / NDIS_RSC_STATISTICS_INFO */
	return json_pack("{s:I, s:I, s:I, s:I}", "CoalescedPkts",
			 (json_int_t)c->v[TASKOFF_CNT_RSC_COALESCED_PKTS], "CoalescedOctets",
			 (json_int_t)c->v[TASKOFF_CNT_RSC_COALESCED_OCTETS], "CoalesceEvents",
			 (json_int_t)c->v[TASKOFF_CNT_RSC_COALESCE_EVENTS], "Aborts",
			 (json_int_t)c->v[TASKOFF_CNT_RSC_ABORTS]);
}

json_t *taskoff_ctl_port_stats_json_locked(const struct taskoff_ctl_port *p)
{
	struct taskoff_counters sum;
	json_t *counters = json_object();
	unsigned int i;

	memset(&sum, 0, sizeof(sum));
	p->ops.stats_get(p->opaque, &sum);
	for (i = 0; counters != NULL && i < TASKOFF_CNT_MAX; i++)
		json_object_set_new(counters, taskoff_counter_name(i),
				    json_integer((json_int_t)sum.v[i]));
	return json_pack("{s:s, s:i, s:o, s:o}", "port", p->name, "port_id", (int)p->port_id,
			 "counters", counters, "RscStatistics", rsc_statistics(&sum));
}
