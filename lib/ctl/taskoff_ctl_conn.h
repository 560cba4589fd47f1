/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_CONN_H
#define TASKOFF_CTL_CONN_H

/**
 * @file
 * One client connection of the control server: line framing on input, a
 * bounded output buffer, non-blocking I/O. Used only by the server thread.
 *
 * The server serves its connections round-robin: each gets one turn per
 * round, and a turn does a bounded amount of work (one read, at most
 * TASKOFF_CTL_LINES_PER_TURN requests), so a client that pipelines thousands
 * of requests delays the others by one turn at most.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_server.h"

/** Requests one connection may execute per turn. */
#define TASKOFF_CTL_LINES_PER_TURN 16

struct taskoff_ctl_conn {
	int fd;
	struct taskoff_ctl_session session;
	bool dead;		 /**< close now (error, EOF, output overflow) */
	bool close_after_flush;	 /**< close once the output buffer is empty */
	bool line_ready;	 /**< a complete request line waits in the input buffer */
	uint64_t last_active_ms; /**< monotonic time of the last byte read or written */
	size_t in_start, in_len; /**< unconsumed input: in[in_start..in_len) */
	char *out;
	size_t out_len, out_cap;
	char in[TASKOFF_CTL_MAX_LINE + 1]; /**< one maximal line plus its '\n' */
};

/** Milliseconds of CLOCK_MONOTONIC. */
uint64_t taskoff_ctl_now_ms(void);

/** A connection over non-blocking socket @p fd (owned from now on), or NULL. */
struct taskoff_ctl_conn *taskoff_ctl_conn_new(int fd);

/** Close the socket and free. */
void taskoff_ctl_conn_free(struct taskoff_ctl_conn *conn);

/** Poll events the connection waits for (0: none, it only has work to do or is done). */
short taskoff_ctl_conn_poll_events(const struct taskoff_ctl_conn *conn);

/** Whether the connection can do work without waiting for its socket. */
bool taskoff_ctl_conn_runnable(const struct taskoff_ctl_conn *conn);

/**
 * One turn: write pending output, read once if no request is buffered, execute
 * at most TASKOFF_CTL_LINES_PER_TURN complete lines. Notifications caused by
 * the requests are appended to @p events. Marks the connection dead on error,
 * close_after_flush on EOF or an oversized line.
 */
void taskoff_ctl_conn_turn(struct taskoff_ctl_conn *conn, short revents, json_t *events);

/** Queue @p len bytes and try to send them; overflow marks the connection dead. */
void taskoff_ctl_conn_send_raw(struct taskoff_ctl_conn *conn, const char *buf, size_t len);

/** Queue one JSON message (plus '\n'); a fixed error reply if it cannot be serialized. */
void taskoff_ctl_conn_send(struct taskoff_ctl_conn *conn, const json_t *msg);

/** Write as much of the output buffer as the socket takes. */
void taskoff_ctl_conn_flush(struct taskoff_ctl_conn *conn);

/** Whether the connection is finished and should be freed. */
bool taskoff_ctl_conn_done(const struct taskoff_ctl_conn *conn);

#endif
