/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include <rte_malloc.h>

#include "taskoff_rcu.h"

#define RETIRE_MAX TASKOFF_RCU_RETIRE_MAX

struct retired {
	void *obj;
	void (*free_fn)(void *obj);
	uint64_t token;
};

/*
 * Control-side state. Probe, queue setup, publish and reclaim happen on
 * control threads (EAL main, the control server); this mutex orders them.
 * It is never taken on a datapath path.
 */
static pthread_mutex_t control_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rte_rcu_qsbr *qsbr;
static struct retired retired[RETIRE_MAX];
static unsigned int nb_retired;

struct rte_rcu_qsbr *taskoff_rcu(void)
{
	struct rte_rcu_qsbr *v = __atomic_load_n(&qsbr, __ATOMIC_ACQUIRE);
	size_t size;

	if (v != NULL)
		return v;
	pthread_mutex_lock(&control_lock);
	if (qsbr == NULL) {
		size = rte_rcu_qsbr_get_memsize(TASKOFF_RCU_MAX_READERS);
		v = rte_zmalloc("taskoff_rcu", size, RTE_CACHE_LINE_SIZE);
		if (v != NULL && rte_rcu_qsbr_init(v, TASKOFF_RCU_MAX_READERS) == 0)
			__atomic_store_n(&qsbr, v, __ATOMIC_RELEASE);
		else
			rte_free(v);
	}
	v = qsbr;
	pthread_mutex_unlock(&control_lock);
	return v;
}

int taskoff_rcu_reader_register(uint32_t id)
{
	struct rte_rcu_qsbr *v = taskoff_rcu();

	if (v == NULL)
		return -ENOMEM;
	return rte_rcu_qsbr_thread_register(v, id) == 0 ? 0 : -EINVAL;
}

void taskoff_rcu_reader_unregister(uint32_t id)
{
	struct rte_rcu_qsbr *v = taskoff_rcu();

	if (v != NULL)
		rte_rcu_qsbr_thread_unregister(v, id);
}

static unsigned int reclaim_locked(void)
{
	unsigned int i, kept = 0, freed = 0;

	for (i = 0; i < nb_retired; i++) {
		if (rte_rcu_qsbr_check(qsbr, retired[i].token, false) == 1) {
			retired[i].free_fn(retired[i].obj);
			freed++;
		} else {
			retired[kept++] = retired[i];
		}
	}
	nb_retired = kept;
	return freed;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*
 * Readers are online only inside a burst, so room always comes back soon: the
 * wait is bounded by the longest burst, or by how long the kernel keeps a
 * polling lcore off its CPU. Control side only.
 */
static bool wait_room_locked(unsigned int need)
{
	const struct timespec pause = {.tv_nsec = 20000};
	uint64_t deadline = now_us() + TASKOFF_RCU_RETIRE_WAIT_US;

	for (;;) {
		reclaim_locked();
		if (nb_retired + need <= RETIRE_MAX)
			return true;
		if (now_us() > deadline)
			return false;
		nanosleep(&pause, NULL);
	}
}

int taskoff_rcu_wait_room(void)
{
	bool ok;

	if (taskoff_rcu() == NULL)
		return -ENOMEM;
	pthread_mutex_lock(&control_lock);
	ok = wait_room_locked(1);
	pthread_mutex_unlock(&control_lock);
	return ok ? 0 : -EBUSY;
}

unsigned int taskoff_rcu_reclaim(void)
{
	unsigned int freed;

	if (taskoff_rcu() == NULL)
		return 0;
	pthread_mutex_lock(&control_lock);
	freed = reclaim_locked();
	pthread_mutex_unlock(&control_lock);
	return freed;
}

int taskoff_rcu_retire(void *obj, void (*free_fn)(void *obj))
{
	int ret = 0;

	if (obj == NULL)
		return 0;
	if (taskoff_rcu() == NULL)
		return -ENOMEM;
	pthread_mutex_lock(&control_lock);
	if (!wait_room_locked(1)) {
		ret = -ENOSPC;
	} else {
		retired[nb_retired].obj = obj;
		retired[nb_retired].free_fn = free_fn;
		retired[nb_retired].token = rte_rcu_qsbr_start(qsbr);
		nb_retired++;
	}
	pthread_mutex_unlock(&control_lock);
	return ret;
}

unsigned int taskoff_rcu_pending(void)
{
	unsigned int n;

	pthread_mutex_lock(&control_lock);
	n = nb_retired;
	pthread_mutex_unlock(&control_lock);
	return n;
}
