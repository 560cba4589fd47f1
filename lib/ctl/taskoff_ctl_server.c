/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control server: Unix socket, control thread, poll loop, event broadcast.
 * Connections are served round-robin with bounded turns (taskoff_ctl_conn.h),
 * idle ones are closed, and a path that is not ours is never taken.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_lcore.h>

#include "taskoff_ctl_conn.h"
#include "taskoff_ctl_server.h"
#include "taskoff_log.h"

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

/* Idle connections are closed after this long (environment variable, seconds). */
#define IDLE_TIMEOUT_ENV	"TASKOFF_CTL_IDLE_TIMEOUT"
#define IDLE_TIMEOUT_DEFAULT_MS 30000
/* Connections accepted per round, so that a flood of clients cannot starve the others. */
#define ACCEPTS_PER_ROUND 64
/* Out of descriptors without a spare one: stop accepting this long rather than spin. */
#define ACCEPT_PAUSE_MS 100

struct ctl_server {
	pthread_mutex_t lock; /* start/stop and the posted-event queue */
	bool running;
	bool stop;
	int listen_fd;	/* -1: running without a socket (the path was taken) */
	int reserve_fd; /* spare descriptor, given up to refuse a client at EMFILE */
	int wake[2];	/* pipe: events posted, or stop */
	pthread_t thread;
	char path[SUN_PATH_MAX];
	bool path_owned; /* the socket file at path is ours: device and inode below */
	dev_t path_dev;
	ino_t path_ino;
	uint64_t idle_ms;	   /* 0: never close idle connections */
	uint64_t accept_resume_ms; /* accepting paused until then (EMFILE, no spare) */
	json_t *posted;		   /* notifications from other threads */
	struct taskoff_ctl_conn *conns[TASKOFF_CTL_MAX_CLIENTS];
	unsigned int nb_conns;
};

static struct ctl_server server = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .listen_fd = -1,
    .reserve_fd = -1,
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

static void reject_client(int fd, const char *why)
{
	json_t *err = taskoff_ctl_error_response(NULL, TASKOFF_NDIS_RESOURCES, why);
	char *text = json_dumps(err, JSON_COMPACT);

	if (text != NULL && send(fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT) >= 0)
		(void)send(fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	free(text);
	json_decref(err);
	close(fd);
}

static bool conn_idle(const struct taskoff_ctl_conn *c, uint64_t now)
{
	return server.idle_ms != 0 && now - c->last_active_ms >= server.idle_ms;
}

static void conn_remove(unsigned int i)
{
	taskoff_ctl_conn_free(server.conns[i]);
	server.conns[i] = server.conns[--server.nb_conns];
}

/*
 * The table is full: make room by closing the connection idle the longest, if
 * it has been idle past the timeout. Subscribers are only closed this way
 * (waiting for events is what they are for), so a full table of silent
 * clients never locks a new one out for longer than the idle timeout.
 */
static bool evict_idle(uint64_t now)
{
	unsigned int i, oldest = 0;

	for (i = 1; i < server.nb_conns; i++)
		if (server.conns[i]->last_active_ms < server.conns[oldest]->last_active_ms)
			oldest = i;
	if (server.nb_conns == 0 || !conn_idle(server.conns[oldest], now))
		return false;
	conn_remove(oldest);
	return true;
}

static void admit(int fd)
{
	struct taskoff_ctl_conn *conn;
	char why[96];

	if (server.nb_conns == TASKOFF_CTL_MAX_CLIENTS && !evict_idle(taskoff_ctl_now_ms())) {
		snprintf(why, sizeof(why), "too many clients: %u control connections are open",
			 TASKOFF_CTL_MAX_CLIENTS);
		reject_client(fd, why);
		return;
	}
	conn = taskoff_ctl_conn_new(fd);
	if (conn != NULL)
		server.conns[server.nb_conns++] = conn;
}

/*
 * Out of file descriptors: the listening socket stays readable, so looping on
 * accept() would spin. Give up the spare descriptor to accept the client, tell
 * it why and close it, then take the spare back. If that is impossible, stop
 * accepting for ACCEPT_PAUSE_MS. Returns whether to go on accepting.
 */
static bool refuse_without_fd(void)
{
	int fd = -1, err = EMFILE;

	TASKOFF_LOG_RATELIMITED(WARNING, "ctl: out of file descriptors, refusing control clients");
	if (server.reserve_fd >= 0) {
		close(server.reserve_fd);
		fd = accept4(server.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		err = errno;
		if (fd >= 0)
			reject_client(fd,
				      "too many clients: the server has no file descriptor left");
		server.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (server.reserve_fd < 0 || (fd < 0 && err != EAGAIN && err != EWOULDBLOCK))
		server.accept_resume_ms = taskoff_ctl_now_ms() + ACCEPT_PAUSE_MS;
	return fd >= 0 && server.reserve_fd >= 0;
}

static void on_accept(void)
{
	unsigned int i;
	int fd;

	for (i = 0; i < ACCEPTS_PER_ROUND; i++) {
		fd = accept4(server.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			admit(fd);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if ((errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM) ||
		    !refuse_without_fd())
			return;
	}
}

static void reap_done(void)
{
	unsigned int i = 0;

	while (i < server.nb_conns) {
		if (taskoff_ctl_conn_done(server.conns[i]))
			conn_remove(i);
		else
			i++;
	}
}

/* Close the connections idle past the timeout; subscribers only when room is needed. */
static void close_idle(uint64_t now)
{
	unsigned int i, n = 0;

	for (i = 0; i < server.nb_conns; i++) {
		if (!server.conns[i]->session.subscribed && conn_idle(server.conns[i], now)) {
			server.conns[i]->dead = true;
			n++;
		}
	}
	if (n > 0)
		TASKOFF_LOG(INFO, "ctl: closed %u control connection(s) idle for %" PRIu64 " ms", n,
			    server.idle_ms);
}

static bool accepting(uint64_t now)
{
	return server.listen_fd >= 0 && now >= server.accept_resume_ms;
}

/* pfd[0] listening socket, pfd[1] wake-up pipe, pfd[2 + i] connection i. */
static unsigned int poll_set(struct pollfd *pfd, uint64_t now)
{
	unsigned int i;

	pfd[0] = (struct pollfd){.fd = accepting(now) ? server.listen_fd : -1, .events = POLLIN};
	pfd[1] = (struct pollfd){.fd = server.wake[0], .events = POLLIN};
	for (i = 0; i < server.nb_conns; i++)
		pfd[2 + i] = (struct pollfd){
		    .fd = server.conns[i]->fd,
		    .events = taskoff_ctl_conn_poll_events(server.conns[i]),
		};
	return 2 + server.nb_conns;
}

/* Until the next thing to do without I/O: work left, an idle deadline, accepting again. */
static int poll_timeout(uint64_t now)
{
	const struct taskoff_ctl_conn *c;
	uint64_t next = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < server.nb_conns; i++) {
		c = server.conns[i];
		if (taskoff_ctl_conn_runnable(c))
			return 0;
		if (server.idle_ms != 0 && !c->session.subscribed)
			next = RTE_MIN(next, c->last_active_ms + server.idle_ms);
	}
	if (server.listen_fd >= 0 && !accepting(now))
		next = RTE_MIN(next, server.accept_resume_ms);
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : (int)RTE_MIN(next - now, (uint64_t)INT_MAX);
}

/* One round: every connection with I/O or work left gets one bounded turn. */
static void serve_round(const struct pollfd *pfd, json_t *events)
{
	unsigned int i;

	for (i = 0; i < server.nb_conns; i++) {
		if (pfd[i].revents == 0 && !taskoff_ctl_conn_runnable(server.conns[i]))
			continue;
		taskoff_ctl_conn_turn(server.conns[i], pfd[i].revents, events);
		/* notifications go out after the response that caused them */
		broadcast_all(events);
	}
}

static void *server_loop(void *arg)
{
	struct pollfd pfd[TASKOFF_CTL_MAX_CLIENTS + 2];
	json_t *events = json_array();
	uint64_t now;
	unsigned int n;

	while (!__atomic_load_n(&server.stop, __ATOMIC_ACQUIRE)) {
		now = taskoff_ctl_now_ms();
		n = poll_set(pfd, now);
		if (poll(pfd, n, poll_timeout(now)) < 0) {
			if (errno == EINTR)
				continue;
			TASKOFF_LOG(ERR, "ctl: poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents)
			on_wake();
		serve_round(pfd + 2, events);
		close_idle(taskoff_ctl_now_ms());
		reap_done();
		if (pfd[0].revents)
			on_accept();
	}
	json_decref(events);
	return arg;
}

/* What occupies the socket path before we start. */
enum path_state {
	PATH_FREE,	 /* nothing */
	PATH_STALE,	 /* a socket file nobody listens on: ours to replace */
	PATH_LIVE,	 /* a socket somebody listens on (or might): never taken */
	PATH_NOT_SOCKET, /* a symlink, file, directory: never touched */
	PATH_ERROR,
};

static enum path_state path_probe(const char *path, int *err)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, rc;

	*err = 0;
	if (lstat(path, &st) != 0) {
		*err = errno;
		return errno == ENOENT ? PATH_FREE : PATH_ERROR;
	}
	if (!S_ISSOCK(st.st_mode))
		return PATH_NOT_SOCKET;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		return PATH_ERROR;
	}
	strcpy(sa.sun_path, path);
	/* non-blocking, so bounded: a full backlog answers EAGAIN at once instead of blocking */
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	*err = rc == 0 ? 0 : errno;
	close(fd);
	if (*err == ECONNREFUSED)
		return PATH_STALE;
	if (*err == ENOENT)
		return PATH_FREE; /* removed meanwhile */
	return PATH_LIVE;	  /* connected, backlog full, or unknown (EACCES, EINTR...) */
}

static void path_taken(const char *path, enum path_state ps, int err)
{
	const char *what = ps == PATH_NOT_SOCKET ? "exists and is not a socket (left alone)"
			   : err == 0		 ? "is in use by a live control server"
			   : err == EEXIST	 ? "appeared while our socket was being created"
						 : "may be in use by a live control server";

	TASKOFF_LOG(WARNING,
		    "ctl: control socket path %s %s%s%s: running without a control socket "
		    "(choose another path with the ctl= devarg)",
		    path, what, err != 0 && err != EEXIST ? ": connect: " : "",
		    err != 0 && err != EEXIST ? strerror(err) : "");
}

/* The socket while it is created: a private 0700 directory next to the target path. */
struct sock_tmp {
	char dir[SUN_PATH_MAX];
	char path[SUN_PATH_MAX];
};

/*
 * Bind @p fd in a fresh private directory and give the socket mode 0660 there.
 * bind() creates the file with the process umask and a chmod() by path after
 * it would follow a symlink swapped in meanwhile; inside a 0700 directory of
 * ours nobody can reach the socket or swap the name, so the chmod is safe and
 * the process-wide umask (shared with every other thread) is never changed.
 * fchmod() on the socket descriptor would not do: on Linux it does not change
 * the mode of the file bind() created.
 */
static int bind_private(int fd, const char *path, struct sock_tmp *t, struct stat *st)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *slash = strrchr(path, '/');
	int dir_len = slash != NULL ? (int)(slash - path) : 1;
	size_t len;
	int rc = 0;

	len = (size_t)snprintf(t->dir, sizeof(t->dir), "%.*s/.taskoff-XXXXXX", dir_len,
			       slash != NULL ? path : ".");
	if (len + sizeof("/s") > sizeof(t->path)) {
		t->dir[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (mkdtemp(t->dir) == NULL) {
		t->dir[0] = '\0';
		return -errno;
	}
	memcpy(t->path, t->dir, len);
	memcpy(t->path + len, "/s", sizeof("/s"));
	strcpy(sa.sun_path, t->path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(t->path, 0660) != 0 ||
	    lstat(t->path, st) != 0)
		rc = -errno;
	return rc;
}

static void tmp_remove(const struct sock_tmp *t)
{
	if (t->dir[0] == '\0')
		return;
	unlink(t->path); /* gone already when it was renamed */
	rmdir(t->dir);
}

/*
 * Give the socket its real name. link() never replaces anything: a path that
 * appeared since the probe is not ours. rename() replaces the stale socket
 * atomically. Neither follows a symlink at the target.
 */
static int publish(const struct sock_tmp *t, const char *path, bool replace)
{
	if ((replace ? rename(t->path, path) : link(t->path, path)) != 0)
		return -errno;
	return 0;
}

/*
 * Listening socket at @p path with mode 0660 whatever the umask; its identity
 * in @p st. -EADDRINUSE (logged) when the path is not ours to take.
 */
static int socket_open(const char *path, struct stat *st)
{
	struct sock_tmp t = {.dir = ""};
	enum path_state ps;
	int err, fd, rc;

	ps = path_probe(path, &err);
	if (ps == PATH_ERROR)
		return -err;
	if (ps == PATH_LIVE || ps == PATH_NOT_SOCKET) {
		path_taken(path, ps, err);
		return -EADDRINUSE;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = bind_private(fd, path, &t, st);
	if (rc == 0 && listen(fd, SOMAXCONN) != 0)
		rc = -errno;
	if (rc == 0)
		rc = publish(&t, path, ps == PATH_STALE);
	tmp_remove(&t);
	if (rc == -EEXIST) {
		path_taken(path, PATH_LIVE, EEXIST);
		rc = -EADDRINUSE;
	}
	if (rc != 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Remove the socket file only while it is still ours (same device and inode). */
static void path_release(void)
{
	struct stat st;

	if (!server.path_owned)
		return;
	server.path_owned = false;
	if (lstat(server.path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == server.path_dev &&
	    st.st_ino == server.path_ino)
		unlink(server.path);
}

/* TASKOFF_CTL_IDLE_TIMEOUT in seconds (decimals allowed, 0: never), else the default. */
static uint64_t idle_timeout_ms(void)
{
	const char *s = getenv(IDLE_TIMEOUT_ENV);
	double sec;
	char *end;

	if (s == NULL || *s == '\0')
		return IDLE_TIMEOUT_DEFAULT_MS;
	errno = 0;
	sec = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(sec >= 0) || sec > 86400.0 * 365) {
		TASKOFF_LOG(WARNING, "ctl: %s=%s is not a number of seconds: using %d s",
			    IDLE_TIMEOUT_ENV, s, IDLE_TIMEOUT_DEFAULT_MS / 1000);
		return IDLE_TIMEOUT_DEFAULT_MS;
	}
	return sec > 0 && sec < 0.001 ? 1 : (uint64_t)(sec * 1000 + 0.5);
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
	if (server.reserve_fd >= 0)
		close(server.reserve_fd);
	if (server.wake[0] >= 0)
		close(server.wake[0]);
	if (server.wake[1] >= 0)
		close(server.wake[1]);
	server.listen_fd = server.reserve_fd = server.wake[0] = server.wake[1] = -1;
	json_decref(server.posted);
	server.posted = NULL;
}

static int path_set(const char *socket_path)
{
	int n = socket_path != NULL ? snprintf(server.path, sizeof(server.path), "%s", socket_path)
				    : snprintf(server.path, sizeof(server.path), "%s/%s",
					       rte_eal_get_runtime_dir(), TASKOFF_CTL_SOCKET_NAME);

	return (size_t)n >= sizeof(server.path) ? -ENAMETOOLONG : 0;
}

/* The listening socket, or none when the path is taken (logged): the ports still come up. */
static int listen_open(void)
{
	struct stat st;
	int fd = socket_open(server.path, &st);

	if (fd == -EADDRINUSE)
		return 0;
	if (fd < 0)
		return fd;
	server.listen_fd = fd;
	server.path_owned = true;
	server.path_dev = st.st_dev;
	server.path_ino = st.st_ino;
	return 0;
}

static int start_locked(const char *socket_path)
{
	int rc = path_set(socket_path);

	server.idle_ms = idle_timeout_ms();
	server.accept_resume_ms = 0;
	if (rc == 0)
		rc = pipe_open(server.wake);
	if (rc == 0)
		rc = listen_open();
	/* without the spare descriptor, EMFILE pauses accepting instead of answering */
	server.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	server.posted = json_array();
	if (rc == 0 && server.posted == NULL)
		rc = -ENOMEM;
	server.stop = false;
	if (rc == 0)
		rc =
		    -rte_ctrl_thread_create(&server.thread, "taskoff-ctl", NULL, server_loop, NULL);
	if (rc != 0) {
		path_release();
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
		if (taskoff_ctl_server_path() != NULL)
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
	path_release();
	resources_close();
	server.running = false;
	pthread_mutex_unlock(&server.lock);
}

const char *taskoff_ctl_server_path(void)
{
	const char *path;

	pthread_mutex_lock(&server.lock);
	path = server.running && server.listen_fd >= 0 ? server.path : NULL;
	pthread_mutex_unlock(&server.lock);
	return path;
}
