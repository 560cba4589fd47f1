/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_SERVER_H
#define TASKOFF_CTL_SERVER_H

/**
 * @file
 * The control server: one per process, JSON-RPC 2.0 over a Unix stream socket,
 * one JSON object per line, on its own control thread (SPEC §5). Also
 * registers the read-only DPDK telemetry commands /taskoff/ports,
 * /taskoff/caps, /taskoff/config and /taskoff/stats (parameter: port name or id).
 *
 * Protocol limits: a request line is at most TASKOFF_CTL_MAX_LINE bytes (longer:
 * error, then the connection is closed); each client has an output buffer of
 * TASKOFF_CTL_OUT_MAX bytes, a client that lets it overflow (a subscriber that
 * does not read) is disconnected, never waited for; at most
 * TASKOFF_CTL_MAX_CLIENTS connections (the next one gets a "too many clients"
 * error and is closed, and so does a client that arrives when the process is
 * out of file descriptors); a connection with no byte read or written for the
 * idle timeout (30 s, environment variable TASKOFF_CTL_IDLE_TIMEOUT in seconds,
 * 0 = never) is closed, a subscriber only when its place is needed.
 */

#define TASKOFF_CTL_MAX_LINE	65536
#define TASKOFF_CTL_OUT_MAX	(256 * 1024)
#define TASKOFF_CTL_MAX_CLIENTS 256
/** Socket file name inside the EAL runtime directory. */
#define TASKOFF_CTL_SOCKET_NAME "taskoff.sock"

/**
 * Start the server on @p socket_path (NULL: <rte_eal_get_runtime_dir()>/taskoff.sock),
 * socket mode 0660. A path that is not ours to take (something listens there,
 * or it is not a socket) is left alone: one warning is logged and the server
 * runs without a socket (taskoff_ctl_server_path() is NULL), which is no
 * error: the ports still come up. A socket file nobody listens on is replaced.
 * Idempotent: when a server is already running, returns 0 (its path is kept).
 * Needs EAL initialised (control thread).
 * @return 0, -ENAMETOOLONG, or -errno.
 */
int taskoff_ctl_server_start(const char *socket_path);

/** Stop the server: close every client, remove the socket file if still ours, join. */
void taskoff_ctl_server_stop(void);

/** Path the running server listens on, or NULL (not running, or running without a socket). */
const char *taskoff_ctl_server_path(void);

#endif
