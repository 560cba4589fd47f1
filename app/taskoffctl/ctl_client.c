/* SPDX-License-Identifier: BSD-3-Clause */
/* Control socket client: connect, call, read line-delimited JSON with timeouts. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_client.h"

#define MAX_MESSAGE (16u << 20)

int ctl_connect(struct ctl_client *c, const char *path, int timeout_ms, char *err, size_t errlen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timeout_ms = timeout_ms;
	c->next_id = 1;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(err, errlen, "cannot connect to %s: %s", path, strerror(errno));
		ctl_close(c);
		return -1;
	}
	return 0;
}

void ctl_close(struct ctl_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A complete line already buffered, as JSON; NULL if none yet. */
static json_t *take_line(struct ctl_client *c, char *err, size_t errlen, int *bad)
{
	char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
	json_error_t jerr;
	json_t *msg;
	size_t n;

	if (nl == NULL)
		return NULL;
	n = (size_t)(nl - c->buf);
	msg = json_loadb(c->buf, n, 0, &jerr);
	memmove(c->buf, nl + 1, c->len - n - 1);
	c->len -= n + 1;
	if (msg == NULL) {
		snprintf(err, errlen, "bad reply from server: %s", jerr.text);
		*bad = 1;
	}
	return msg;
}

static int fill(struct ctl_client *c, int timeout_ms, char *err, size_t errlen)
{
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	ssize_t n;
	char *grown;
	int rc;

	if (c->cap - c->len < 4096) {
		if (c->cap >= MAX_MESSAGE) {
			snprintf(err, errlen, "reply too long");
			return -1;
		}
		grown = realloc(c->buf, c->cap ? c->cap * 2 : 65536);
		if (grown == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		c->buf = grown;
		c->cap = c->cap ? c->cap * 2 : 65536;
	}
	do
		rc = poll(&pfd, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		snprintf(err, errlen, "timed out waiting for the server");
		return -1;
	}
	n = rc < 0 ? -1 : recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
	if (n <= 0) {
		snprintf(err, errlen, "connection closed by the server%s%s", n < 0 ? ": " : "",
			 n < 0 ? strerror(errno) : "");
		return -1;
	}
	c->len += (size_t)n;
	return 0;
}

json_t *ctl_read_message(struct ctl_client *c, int timeout_ms, char *err, size_t errlen)
{
	json_t *msg;
	int bad = 0;

	for (;;) {
		msg = take_line(c, err, errlen, &bad);
		if (msg != NULL || bad)
			return msg;
		if (fill(c, timeout_ms, err, errlen) != 0)
			return NULL;
	}
}

static json_t *response_result(json_t *resp, char *err, size_t errlen)
{
	json_t *error = json_object_get(resp, "error");
	json_t *result;

	if (error != NULL) {
		snprintf(err, errlen, "%s",
			 json_string_value(json_object_get(error, "message")) ?: "error");
		return NULL;
	}
	result = json_object_get(resp, "result");
	if (result == NULL)
		snprintf(err, errlen, "reply without result");
	return json_incref(result);
}

json_t *ctl_call(struct ctl_client *c, const char *method, json_t *params, char *err, size_t errlen)
{
	int id = c->next_id++;
	json_t *req = json_pack("{s:s, s:i, s:s, s:o}", "jsonrpc", "2.0", "id", id, "method",
				method, "params", params ? params : json_object());
	json_t *msg, *result;
	char *text = req ? json_dumps(req, JSON_COMPACT) : NULL;
	int rc = text ? send_all(c->fd, text, strlen(text)) : -1;

	if (rc == 0)
		rc = send_all(c->fd, "\n", 1);
	free(text);
	json_decref(req);
	if (rc != 0) {
		snprintf(err, errlen, "cannot send request: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		msg = ctl_read_message(c, c->timeout_ms, err, errlen);
		if (msg == NULL)
			return NULL;
		if (json_integer_value(json_object_get(msg, "id")) == id ||
		    json_is_null(json_object_get(msg, "id"))) {
			result = response_result(msg, err, errlen);
			json_decref(msg);
			return result;
		}
		json_decref(msg); /* a notification: not what we wait for */
	}
}

void ctl_default_socket(const char *prefix, char *out, size_t outlen)
{
	const char *base = "/var/run";

	if (prefix == NULL)
		prefix = "rte";
	if (getuid() != 0) {
		base = getenv("XDG_RUNTIME_DIR");
		if (base == NULL)
			base = "/tmp";
	}
	snprintf(out, outlen, "%s/dpdk/%s/taskoff.sock", base, prefix);
}
