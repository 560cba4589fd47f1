/* SPDX-License-Identifier: BSD-3-Clause */
/* Client connection: line framing, bounded output buffer, non-blocking I/O. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "taskoff_ctl_conn.h"
#include "taskoff_log.h"

#define IN_CAP (TASKOFF_CTL_MAX_LINE + 1)

struct taskoff_ctl_conn *taskoff_ctl_conn_new(int fd)
{
	struct taskoff_ctl_conn *conn = calloc(1, sizeof(*conn));

	if (conn == NULL) {
		close(fd);
		return NULL;
	}
	conn->fd = fd;
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
	text = json_dumps(msg, JSON_COMPACT);
	if (text == NULL) {
		conn->dead = true;
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

/* Execute the complete lines in the input buffer; keep the partial tail. */
static void run_lines(struct taskoff_ctl_conn *conn, json_t *events)
{
	size_t start = 0;
	char *nl;

	while (!conn->dead && !conn->close_after_flush &&
	       (nl = memchr(conn->in + start, '\n', conn->in_len - start)) != NULL) {
		run_line(conn, conn->in + start, (size_t)(nl - (conn->in + start)), events);
		start = (size_t)(nl - conn->in) + 1;
	}
	memmove(conn->in, conn->in + start, conn->in_len - start);
	conn->in_len -= start;
}

static void line_too_long(struct taskoff_ctl_conn *conn)
{
	json_t *err = taskoff_ctl_error_response(NULL, TASKOFF_NDIS_INVALID_LENGTH,
						 "request line longer than 65536 bytes");

	taskoff_ctl_conn_send(conn, err);
	json_decref(err);
	conn->in_len = 0;
	conn->close_after_flush = true;
}

void taskoff_ctl_conn_on_readable(struct taskoff_ctl_conn *conn, json_t *events)
{
	ssize_t n;

	while (!conn->dead && !conn->close_after_flush) {
		n = recv(conn->fd, conn->in + conn->in_len, IN_CAP - conn->in_len, MSG_DONTWAIT);
		if (n == 0) { /* EOF: answer what came complete, drop a partial line */
			conn->close_after_flush = true;
			return;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			conn->dead = true;
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		conn->in_len += (size_t)n;
		run_lines(conn, events);
		if (conn->in_len == IN_CAP)
			line_too_long(conn);
	}
}
