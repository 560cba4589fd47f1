/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_INTERNAL_H
#define TASKOFF_CTL_INTERNAL_H

/**
 * @file
 * Shared between the files of the control server; not for the PMD.
 */

#include <stdbool.h>

#include <jansson.h>

#include "taskoff_ctl_port.h"
#include "taskoff_ndis.h"

/** A registered port. Read and called only with the registry mutex held. */
struct taskoff_ctl_port {
	bool used;
	char name[TASKOFF_CTL_PORT_NAME_MAX];
	uint16_t port_id;
	struct taskoff_hw_caps caps;
	struct taskoff_ctl_port_ops ops;
	void *opaque;
};

void taskoff_ctl_registry_lock(void);
void taskoff_ctl_registry_unlock(void);

/** Port by JSON name (string) or ethdev id (integer); NULL if none. Lock held. */
struct taskoff_ctl_port *taskoff_ctl_port_lookup_locked(const json_t *key);
/** Port in registry slot @p slot (0..TASKOFF_CTL_MAX_PORTS-1) or NULL. Lock held. */
struct taskoff_ctl_port *taskoff_ctl_port_at_locked(unsigned int slot);

/** NDIS_OFFLOAD JSON of the port's current config. Lock held. */
json_t *taskoff_ctl_port_config_json_locked(const struct taskoff_ctl_port *p);
/** {"counters": {name: value...}, "RscStatistics": {...}}. Lock held. */
json_t *taskoff_ctl_port_stats_json_locked(const struct taskoff_ctl_port *p);

#define TASKOFF_CTL_EVENT_CURRENT_CONFIG "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG"
#define TASKOFF_CTL_EVENT_HW_CAPS	 "NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES"

/**
 * JSON-RPC notification {"jsonrpc":"2.0","method":@p event,
 * "params":{"port":name,"port_id":id,"offload":NDIS_OFFLOAD}}. Lock held.
 */
json_t *taskoff_ctl_event_locked(const char *event, const struct taskoff_ctl_port *p);

/** Hand a notification (reference stolen) to the server thread, from any thread. */
void taskoff_ctl_server_post(json_t *notification);

/** What the server remembers about one client between requests. */
struct taskoff_ctl_session {
	bool subscribed;
	char port[TASKOFF_CTL_PORT_NAME_MAX]; /**< subscription filter, "" = all ports */
};

/** One method call in progress. */
struct taskoff_ctl_call {
	struct taskoff_ctl_session *session;
	json_t *params;		       /**< always an object */
	json_t *events;		       /**< notifications to broadcast after the response */
	json_t *result;		       /**< set by the method on success */
	struct taskoff_ndis_error err; /**< set by the method on failure */
};

/** A method: called with the registry lock held; SUCCESS with c->result set, or a status. */
typedef enum taskoff_ndis_status (*taskoff_ctl_method_fn)(struct taskoff_ctl_call *c);

/** Method by its JSON-RPC name, or NULL. */
taskoff_ctl_method_fn taskoff_ctl_method_find(const char *name);

/**
 * Execute one request line. Returns the response (new reference) or NULL when
 * the request was a notification (no id). Notifications the request causes are
 * appended to @p events, to be broadcast after the response is sent. Any other
 * request is answered: if the reply cannot be built, a fixed error reply
 * stands for it, and json_null() if even that cannot be allocated (the caller
 * then sends fixed bytes).
 */
json_t *taskoff_ctl_handle_line(const char *line, size_t len, struct taskoff_ctl_session *session,
				json_t *events);

/** Error response with id null (for transport-level errors). */
json_t *taskoff_ctl_error_response(const json_t *id, enum taskoff_ndis_status status,
				   const char *message);

/** Register the /taskoff/... telemetry commands (once per process). */
void taskoff_ctl_telemetry_register(void);

#endif
