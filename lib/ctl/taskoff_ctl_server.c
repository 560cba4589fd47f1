/* SPDX-License-Identifier: BSD-3-Clause */
/* The control server: Unix socket, control thread, poll loop, event broadcast. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include "taskoff_ctl_conn.h"
#include "taskoff_ctl_server.h"
#include "taskoff_log.h"

struct ctl_server {
	pthread_mutex_t lock; /* start/stop and the posted-event queue */
	bool running;
	bool stop;
	int listen_fd;
	int wake[2]; /* pipe: events posted, or stop */
	pthread_t thread;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	json_t *posted; /* notifications from other threads */
	struct taskoff_ctl_conn *conns[TASKOFF_CTL_MAX_CLIENTS];
	unsigned int nb_conns;
};

static struct ctl_server server = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .listen_fd = -1,
    .wake = {-1, -1},
};

static void wake_up(void)
{
	char b = 1;

	if (write(server.wake[1], &b, 1) < 0 && errno != EAGAIN)
		TASKOFF_LOG(ERR, "ctl: wake-up pipe: %s", strerror(errno));
}

void taskoff_ctl_server_post(json_t *notification)
{
	if (notification == NULL)
		return;
	pthread_mutex_lock(&server.lock);
	if (server.running && server.posted != NULL) {
		json_array_append(server.posted, notification);
		wake_up();
	}
	pthread_mutex_unlock(&server.lock);
	json_decref(notification);
}

static bool wants(const struct taskoff_ctl_conn *conn, const json_t *event)
{
	const char *port =
	    json_string_value(json_object_get(json_object_get(event, "params"), "port"));

	return conn->session.subscribed &&
	       (conn->session.port[0] == '\0' ||
		(port != NULL && strcmp(port, conn->session.port) == 0));
}

static void broadcast(const json_t *event)
{
	char *text = json_dumps(event, JSON_COMPACT);
	size_t len;
	unsigned int i;

	if (text == NULL)
		return;
	len = strlen(text);
	for (i = 0; i < server.nb_conns; i++) {
		if (!wants(server.conns[i], event))
			continue;
		taskoff_ctl_conn_send_raw(server.conns[i], text, len);
		taskoff_ctl_conn_send_raw(server.conns[i], "\n", 1);
	}
	free(text);
}

static void broadcast_all(json_t *events)
{
	size_t i;
	json_t *ev;

	json_array_foreach(events, i, ev) broadcast(ev);
	json_array_clear(events);
}

/* Drain the wake-up pipe, broadcast what other threads posted. */
static void on_wake(void)
{
	char buf[64];
	json_t *posted;

	while (read(server.wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&server.lock);
	posted = server.posted;
	server.posted = json_array();
	pthread_mutex_unlock(&server.lock);
	if (posted != NULL)
		broadcast_all(posted);
	json_decref(posted);
}

static void reject_client(int fd)
{
	json_t *err =
	    taskoff_ctl_error_response(NULL, TASKOFF_NDIS_RESOURCES, "too many control clients");
	char *text = json_dumps(err, JSON_COMPACT);

	if (text != NULL && send(fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT) >= 0)
		(void)send(fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	free(text);
	json_decref(err);
	close(fd);
}

static void on_accept(void)
{
	struct taskoff_ctl_conn *conn;
	int fd;

	while ((fd = accept4(server.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if (server.nb_conns == TASKOFF_CTL_MAX_CLIENTS) {
			reject_client(fd);
			continue;
		}
		conn = taskoff_ctl_conn_new(fd);
		if (conn != NULL)
			server.conns[server.nb_conns++] = conn;
	}
}

static void reap_done(void)
{
	unsigned int i = 0;

	while (i < server.nb_conns) {
		if (taskoff_ctl_conn_done(server.conns[i])) {
			taskoff_ctl_conn_free(server.conns[i]);
			server.conns[i] = server.conns[--server.nb_conns];
		} else {
			i++;
		}
	}
}

static unsigned int poll_set(struct pollfd *pfd, struct taskoff_ctl_conn **who)
{
	struct taskoff_ctl_conn *c;
	unsigned int i, n = 2;

	pfd[0] = (struct pollfd){.fd = server.listen_fd, .events = POLLIN};
	pfd[1] = (struct pollfd){.fd = server.wake[0], .events = POLLIN};
	for (i = 0; i < server.nb_conns; i++) {
		c = server.conns[i];
		who[n] = c;
		pfd[n++] = (struct pollfd){
		    .fd = c->fd,
		    .events = (c->close_after_flush ? 0 : POLLIN) | (c->out_len ? POLLOUT : 0),
		};
	}
	return n;
}

static void on_client(struct taskoff_ctl_conn *c, short revents, json_t *events)
{
	if (revents & POLLOUT)
		taskoff_ctl_conn_flush(c);
	if (revents & (POLLIN | POLLHUP | POLLERR))
		taskoff_ctl_conn_on_readable(c, events);
	if ((revents & (POLLHUP | POLLERR)) && !(revents & POLLIN))
		c->dead = true;
	/* notifications go out after the response that caused them */
	broadcast_all(events);
}

static void *server_loop(void *arg)
{
	struct pollfd pfd[TASKOFF_CTL_MAX_CLIENTS + 2];
	struct taskoff_ctl_conn *who[TASKOFF_CTL_MAX_CLIENTS + 2];
	json_t *events = json_array();
	unsigned int n, i;

	while (!__atomic_load_n(&server.stop, __ATOMIC_ACQUIRE)) {
		n = poll_set(pfd, who);
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			TASKOFF_LOG(ERR, "ctl: poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents)
			on_wake();
		for (i = 2; i < n; i++)
			if (pfd[i].revents)
				on_client(who[i], pfd[i].revents, events);
		reap_done();
		if (pfd[0].revents)
			on_accept();
	}
	json_decref(events);
	return arg;
}

/* Refuse to steal the path of a live server; remove a stale socket file. */
static int path_claim(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	strcpy(sa.sun_path, path);
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (rc == 0)
		return -EADDRINUSE;
	return unlink(path) == 0 ? 0 : -errno;
}

/* Listening socket with mode 0660 whatever the umask. */
static int socket_open(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	mode_t old_mask;
	int fd, rc;

	rc = path_claim(path);
	if (rc != 0)
		return rc;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	strcpy(sa.sun_path, path);
	old_mask = umask(0117); /* never world-accessible, not even for an instant */
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old_mask);
	if (rc == 0 && chmod(path, 0660) != 0)
		rc = -1;
	if (rc == 0)
		rc = listen(fd, SOMAXCONN);
	if (rc != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

static int pipe_open(int wake[2])
{
	if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0)
		return -errno;
	return 0;
}

static void resources_close(void)
{
	if (server.listen_fd >= 0)
		close(server.listen_fd);
	if (server.wake[0] >= 0)
		close(server.wake[0]);
	if (server.wake[1] >= 0)
		close(server.wake[1]);
	server.listen_fd = server.wake[0] = server.wake[1] = -1;
	json_decref(server.posted);
	server.posted = NULL;
}

static int start_locked(const char *socket_path)
{
	int rc;

	if (socket_path == NULL) {
		if ((size_t)snprintf(server.path, sizeof(server.path), "%s/%s",
				     rte_eal_get_runtime_dir(),
				     TASKOFF_CTL_SOCKET_NAME) >= sizeof(server.path))
			return -ENAMETOOLONG;
	} else if ((size_t)snprintf(server.path, sizeof(server.path), "%s", socket_path) >=
		   sizeof(server.path)) {
		return -ENAMETOOLONG;
	}
	rc = pipe_open(server.wake);
	if (rc == 0)
		rc = server.listen_fd = socket_open(server.path);
	server.posted = json_array();
	if (rc >= 0 && server.posted == NULL)
		rc = -ENOMEM;
	server.stop = false;
	if (rc >= 0)
		rc =
		    -rte_ctrl_thread_create(&server.thread, "taskoff-ctl", NULL, server_loop, NULL);
	if (rc < 0) {
		if (server.listen_fd >= 0)
			unlink(server.path);
		resources_close();
		return rc;
	}
	server.running = true;
	return 0;
}

int taskoff_ctl_server_start(const char *socket_path)
{
	int rc = 0;

	pthread_mutex_lock(&server.lock);
	if (!server.running)
		rc = start_locked(socket_path);
	pthread_mutex_unlock(&server.lock);
	if (rc == 0) {
		taskoff_ctl_telemetry_register();
		TASKOFF_LOG(INFO, "ctl: control socket %s", server.path);
	} else {
		TASKOFF_LOG(ERR, "ctl: cannot start control server on %s: %s",
			    socket_path ? socket_path : "runtime dir", strerror(-rc));
	}
	return rc;
}

void taskoff_ctl_server_stop(void)
{
	unsigned int i;

	pthread_mutex_lock(&server.lock);
	if (!server.running) {
		pthread_mutex_unlock(&server.lock);
		return;
	}
	__atomic_store_n(&server.stop, true, __ATOMIC_RELEASE);
	wake_up();
	pthread_mutex_unlock(&server.lock);
	pthread_join(server.thread, NULL);

	pthread_mutex_lock(&server.lock);
	for (i = 0; i < server.nb_conns; i++)
		taskoff_ctl_conn_free(server.conns[i]);
	server.nb_conns = 0;
	unlink(server.path);
	resources_close();
	server.running = false;
	pthread_mutex_unlock(&server.lock);
}

const char *taskoff_ctl_server_path(void)
{
	const char *path;

	pthread_mutex_lock(&server.lock);
	path = server.running ? server.path : NULL;
	pthread_mutex_unlock(&server.lock);
	return path;
}
