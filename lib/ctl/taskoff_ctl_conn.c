/* SPDX-License-Identifier: BSD-3-Clause */
/* Client connection: line framing, bounded output buffer, non-blocking I/O. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "taskoff_ctl_conn.h"
#include "taskoff_log.h"

#define IN_CAP (TASKOFF_CTL_MAX_LINE + 1)
/*
 * Requests wait while this much output is queued: a client that pipelines
 * faster than it reads its replies is slowed down, not disconnected (only
 * events, which the client did not ask for one by one, can overflow it).
 */
#define OUT_PAUSE (TASKOFF_CTL_OUT_MAX / 4)

/* Sent when a reply cannot be serialized (out of memory): never no answer at all. */
static const char fallback_reply[] =
    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
    "\"NDIS_STATUS_FAILURE: the reply could not be built\",\"data\":{\"status\":"
    "\"NDIS_STATUS_FAILURE\",\"detail\":\"the reply could not be built\"}}}\n";

uint64_t taskoff_ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct taskoff_ctl_conn *taskoff_ctl_conn_new(int fd)
{
	struct taskoff_ctl_conn *conn = calloc(1, sizeof(*conn));

	if (conn == NULL) {
		close(fd);
		return NULL;
	}
	conn->fd = fd;
	conn->last_active_ms = taskoff_ctl_now_ms();
	return conn;
}

/*
 * Discard what the client sent and we will not read (the rest of an oversized
 * line): closing a Unix socket with unread input resets the connection, and
 * the client would lose the error reply we just sent. Bounded, never blocks.
 */
static void input_discard(int fd)
{
	char sink[4096];
	unsigned int i;

	for (i = 0; i < 256; i++)
		if (recv(fd, sink, sizeof(sink), MSG_DONTWAIT) <= 0)
			return;
}

void taskoff_ctl_conn_free(struct taskoff_ctl_conn *conn)
{
	if (conn == NULL)
		return;
	if (!conn->dead)
		input_discard(conn->fd);
	close(conn->fd);
	free(conn->out);
	free(conn);
}

bool taskoff_ctl_conn_done(const struct taskoff_ctl_conn *conn)
{
	return conn->dead || (conn->close_after_flush && conn->out_len == 0);
}

bool taskoff_ctl_conn_runnable(const struct taskoff_ctl_conn *conn)
{
	return !conn->dead && !conn->close_after_flush && conn->line_ready &&
	       conn->out_len < OUT_PAUSE;
}

short taskoff_ctl_conn_poll_events(const struct taskoff_ctl_conn *conn)
{
	short ev = 0;

	if (conn->dead)
		return 0;
	if (!conn->close_after_flush && !conn->line_ready)
		ev |= POLLIN;
	if (conn->out_len > 0)
		ev |= POLLOUT;
	return ev;
}

void taskoff_ctl_conn_flush(struct taskoff_ctl_conn *conn)
{
	ssize_t n;

	while (!conn->dead && conn->out_len > 0) {
		n = send(conn->fd, conn->out, conn->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				conn->dead = true;
			if (errno != EINTR)
				return;
			continue;
		}
		memmove(conn->out, conn->out + n, conn->out_len - (size_t)n);
		conn->out_len -= (size_t)n;
		conn->last_active_ms = taskoff_ctl_now_ms();
	}
}

static bool out_reserve(struct taskoff_ctl_conn *conn, size_t len)
{
	size_t cap = conn->out_cap ? conn->out_cap : 4096;
	char *grown;

	if (conn->out_len + len <= conn->out_cap)
		return true;
	while (cap < conn->out_len + len)
		cap *= 2;
	if (cap > TASKOFF_CTL_OUT_MAX)
		cap = TASKOFF_CTL_OUT_MAX;
	grown = realloc(conn->out, cap);
	if (grown == NULL)
		return false;
	conn->out = grown;
	conn->out_cap = cap;
	return true;
}

void taskoff_ctl_conn_send_raw(struct taskoff_ctl_conn *conn, const char *buf, size_t len)
{
	if (conn->dead)
		return;
	if (conn->out_len + len > TASKOFF_CTL_OUT_MAX || !out_reserve(conn, len)) {
		/* a client that does not read is dropped, never waited for */
		TASKOFF_LOG(NOTICE, "ctl: client %d too slow, output buffer full: disconnected",
			    conn->fd);
		conn->dead = true;
		return;
	}
	memcpy(conn->out + conn->out_len, buf, len);
	conn->out_len += len;
	taskoff_ctl_conn_flush(conn);
}

void taskoff_ctl_conn_send(struct taskoff_ctl_conn *conn, const json_t *msg)
{
	char *text;

	if (msg == NULL)
		return;
	text = json_is_object(msg) ? json_dumps(msg, JSON_COMPACT) : NULL;
	if (text == NULL) {
		taskoff_ctl_conn_send_raw(conn, fallback_reply, sizeof(fallback_reply) - 1);
		return;
	}
	taskoff_ctl_conn_send_raw(conn, text, strlen(text));
	taskoff_ctl_conn_send_raw(conn, "\n", 1);
	free(text);
}

static void run_line(struct taskoff_ctl_conn *conn, const char *line, size_t len, json_t *events)
{
	json_t *resp;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return;
	resp = taskoff_ctl_handle_line(line, len, &conn->session, events);
	taskoff_ctl_conn_send(conn, resp);
	json_decref(resp);
}

/* Execute at most LINES_PER_TURN complete lines; the rest waits for the next turn. */
static void run_lines(struct taskoff_ctl_conn *conn, json_t *events)
{
	unsigned int done = 0;
	char *line, *nl;

	while (taskoff_ctl_conn_runnable(conn) && done++ < TASKOFF_CTL_LINES_PER_TURN) {
		line = conn->in + conn->in_start;
		nl = memchr(line, '\n', conn->in_len - conn->in_start);
		if (nl == NULL)
			break;
		conn->in_start = (size_t)(nl - conn->in) + 1;
		run_line(conn, line, (size_t)(nl - line), events);
	}
	conn->line_ready =
	    memchr(conn->in + conn->in_start, '\n', conn->in_len - conn->in_start) != NULL;
}

static void line_too_long(struct taskoff_ctl_conn *conn)
{
	json_t *err = taskoff_ctl_error_response(NULL, TASKOFF_NDIS_INVALID_LENGTH,
						 "request line longer than 65536 bytes");

	taskoff_ctl_conn_send(conn, err);
	json_decref(err);
	conn->in_start = conn->in_len = 0;
	conn->close_after_flush = true;
}

/* One recv, only when no complete line is buffered (so at most one line's worth waits). */
static void read_once(struct taskoff_ctl_conn *conn)
{
	ssize_t n;

	memmove(conn->in, conn->in + conn->in_start, conn->in_len - conn->in_start);
	conn->in_len -= conn->in_start;
	conn->in_start = 0;
	do
		n = recv(conn->fd, conn->in + conn->in_len, IN_CAP - conn->in_len, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n == 0) { /* EOF: every complete line was answered, a partial one is dropped */
		conn->close_after_flush = true;
		return;
	}
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			conn->dead = true;
		return;
	}
	conn->last_active_ms = taskoff_ctl_now_ms();
	conn->line_ready = memchr(conn->in + conn->in_len, '\n', (size_t)n) != NULL;
	conn->in_len += (size_t)n;
	if (!conn->line_ready && conn->in_len == IN_CAP)
		line_too_long(conn);
}

void taskoff_ctl_conn_turn(struct taskoff_ctl_conn *conn, short revents, json_t *events)
{
	if (revents & POLLOUT)
		taskoff_ctl_conn_flush(conn);
	if (!conn->dead && !conn->close_after_flush && !conn->line_ready &&
	    (revents & (POLLIN | POLLHUP | POLLERR)))
		read_once(conn);
	run_lines(conn, events);
	if ((revents & (POLLHUP | POLLERR)) && !(revents & POLLIN))
		conn->dead = true;
}
