/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_PORT_H
#define TASKOFF_CTL_PORT_H

/**
 * @file
 * How the PMD puts a port under the control plane. Control side only: these
 * functions take a mutex and must never be called from a datapath lcore.
 */

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "taskoff_caps.h"
#include "taskoff_config.h"
#include "taskoff_counters.h"

/**
 * Callbacks into the PMD for one port. They run on the control server thread
 * (or the telemetry thread) with the registry mutex held, so at most one runs
 * at a time and none runs after taskoff_ctl_port_unregister() returned.
 */
struct taskoff_ctl_port_ops {
	/** Sum of the port's per-queue counters into *out. Required. */
	void (*stats_get)(void *opaque, struct taskoff_counters *out);
	/** Publish @p next as the current config (the PMD does the RCU publish); 0 or -errno.
	 * Required. */
	int (*config_publish)(void *opaque, const struct taskoff_offload_config *next);
	/** The current config; valid until the next config_publish. Required. */
	const struct taskoff_offload_config *(*config_current)(void *opaque);
	/*
	 * Optional (NULL: the method answers NDIS_STATUS_NOT_SUPPORTED). JSON in and
	 * out so the ctl library does not depend on lib/steer. *out is a new
	 * reference owned by the caller. On failure return -EINVAL (bad request,
	 * NDIS_STATUS_INVALID_PARAMETER), -ENOTSUP (NDIS_STATUS_NOT_SUPPORTED),
	 * -ENOENT (no such filter, NDIS_STATUS_INVALID_PARAMETER), -ENOSPC
	 * (NDIS_STATUS_RESOURCES) or another -errno (NDIS_STATUS_FAILURE), with a
	 * human message in err. @p in is the request's params object (it also
	 * holds "port"). Shapes taskoffctl sends and prints:
	 *   rss.get  → {"key": "<80 hex digits>", "reta": [queue...], "hash_types": ["ipv4",
	 *              "tcp4", "udp4", "ipv6", "tcp6", "udp6"...]}
	 *   rss.set  ← any of "key" (hex string), "reta" (array of queues, repeated
	 *              to fill the table), "hash_types" (array of names)
	 *   vmq.filter_add    ← {"mac": "02:00:00:00:00:01", "vlan"?: n, "vsid"?: n, "queue": q}
	 *   vmq.filter_remove ← {"mac", "vlan"?, "vsid"?} or {"id": n}
	 *   vmq.filter_list   → [{"id", "mac", "vlan", "vsid", "queue"}...]
	 */
	int (*rss_get)(void *opaque, json_t **out);
	int (*rss_set)(void *opaque, const json_t *in, char *err, size_t errlen);
	int (*vmq_add)(void *opaque, const json_t *in, char *err, size_t errlen);
	int (*vmq_remove)(void *opaque, const json_t *in, char *err, size_t errlen);
	int (*vmq_list)(void *opaque, json_t **out);
};

/** Longest port name kept (including the NUL). */
#define TASKOFF_CTL_PORT_NAME_MAX 64
/** Ports one process can register. */
#define TASKOFF_CTL_MAX_PORTS 64

/**
 * Make port @p name (the vdev name, e.g. "net_taskoff0") with ethdev id
 * @p port_id and hardware capabilities @p caps (copied) controllable. @p ops is
 * copied; @p opaque is passed back to every callback. Subscribers get an
 * NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES notification for it.
 * @return 0, -EINVAL (missing name or required op), -EEXIST (name or id taken),
 *         -ENOSPC (TASKOFF_CTL_MAX_PORTS reached).
 */
int taskoff_ctl_port_register(const char *name, uint16_t port_id,
			      const struct taskoff_hw_caps *caps,
			      const struct taskoff_ctl_port_ops *ops, void *opaque);

/** Remove port @p name; when it returns, no callback of that port runs or will run. */
void taskoff_ctl_port_unregister(const char *name);

/**
 * Tell subscribers that the current config of @p name changed by other means
 * than the control server (e.g. the PMD applied a keyword file after
 * registering). Sends NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG.
 */
void taskoff_ctl_port_config_changed(const char *name);

/** Number of registered ports (lets the PMD stop the server with the last one). */
unsigned int taskoff_ctl_port_count(void);

/**
 * The registry mutex, under which every callback above runs. A PMD that also
 * publishes or frees configurations by other paths than config_publish (e.g.
 * dev_configure, close) takes it around them, so the control server never
 * reads a configuration that is being replaced: the control thread is not an
 * RCU reader. Never call it from inside a callback (they already hold it),
 * and release it before calling the register / unregister / config_changed
 * functions above, which take it themselves.
 */
void taskoff_ctl_port_lock(void);
void taskoff_ctl_port_unlock(void);

#endif
