/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_CONN_H
#define TASKOFF_CTL_CONN_H

/**
 * @file
 * One client connection of the control server: line framing on input, a
 * bounded output buffer, non-blocking I/O. Used only by the server thread.
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_server.h"

struct taskoff_ctl_conn {
	int fd;
	struct taskoff_ctl_session session;
	bool dead;		/**< close now (error, EOF, output overflow) */
	bool close_after_flush; /**< close once the output buffer is empty */
	size_t in_len;
	char *out;
	size_t out_len, out_cap;
	char in[TASKOFF_CTL_MAX_LINE + 1]; /**< one maximal line plus its '\n' */
};

/** A connection over non-blocking socket @p fd (owned from now on), or NULL. */
struct taskoff_ctl_conn *taskoff_ctl_conn_new(int fd);

/** Close the socket and free. */
void taskoff_ctl_conn_free(struct taskoff_ctl_conn *conn);

/**
 * Read what the socket has and execute every complete line; notifications
 * caused by the requests are appended to @p events. Marks the connection dead
 * on EOF or error, close_after_flush on an oversized line.
 */
void taskoff_ctl_conn_on_readable(struct taskoff_ctl_conn *conn, json_t *events);

/** Queue @p len bytes and try to send them; overflow marks the connection dead. */
void taskoff_ctl_conn_send_raw(struct taskoff_ctl_conn *conn, const char *buf, size_t len);

/** Queue one JSON message (plus '\n'). */
void taskoff_ctl_conn_send(struct taskoff_ctl_conn *conn, const json_t *msg);

/** Write as much of the output buffer as the socket takes. */
void taskoff_ctl_conn_flush(struct taskoff_ctl_conn *conn);

/** Whether the connection is finished and should be freed. */
bool taskoff_ctl_conn_done(const struct taskoff_ctl_conn *conn);

#endif
