/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control side of receive steering (RSS, VMQ): every change is made on a
 * private copy of the port's steering state, published with one atomic
 * pointer store, and the old state is retired to RCU. Writers (ethdev ops from
 * the application, the control server, the public VMQ API) are serialized by a
 * mutex here; the datapath never takes it, it only loads the pointer.
 */
#include <pthread.h>
#include <string.h>

#include <rte_malloc.h>

#include "taskoff_log.h"
#include "taskoff_pmd.h"

static pthread_mutex_t steer_writers = PTHREAD_MUTEX_INITIALIZER;

static void steer_free(void *obj)
{
	rte_free(obj);
}

int taskoff_steer_update(struct taskoff_port *port, taskoff_steer_edit_t edit, const void *arg)
{
	const struct taskoff_steer *cur;
	struct taskoff_steer *next;
	int ret;

	if (taskoff_rcu_wait_room() != 0)
		return -EBUSY;
	next = rte_malloc("taskoff_steer", sizeof(*next), RTE_CACHE_LINE_SIZE);
	if (next == NULL)
		return -ENOMEM;
	pthread_mutex_lock(&steer_writers);
	cur = __atomic_load_n(&port->steer, __ATOMIC_ACQUIRE);
	if (cur != NULL)
		memcpy(next, cur, sizeof(*next));
	else
		taskoff_steer_init(next, 1);
	ret = edit(next, arg);
	if (ret == 0) {
		cur = __atomic_exchange_n(&port->steer, next, __ATOMIC_ACQ_REL);
		ret = taskoff_rcu_retire((void *)(uintptr_t)cur, steer_free);
		if (ret != 0) /* a reader sat in one burst for a second: never free under it */
			TASKOFF_LOG(WARNING, "%s: old steering state kept (not reclaimable)",
				    port->name);
		ret = 0;
	} else {
		rte_free(next);
	}
	pthread_mutex_unlock(&steer_writers);
	return ret;
}

static int edit_vmq_add(struct taskoff_steer *st, const void *arg)
{
	return taskoff_vmq_filter_add(st, arg);
}

static int edit_vmq_remove(struct taskoff_steer *st, const void *arg)
{
	return taskoff_vmq_filter_remove(st, arg);
}

int taskoff_steer_vmq_add(struct taskoff_port *port, const struct taskoff_vmq_filter *f)
{
	return taskoff_steer_update(port, edit_vmq_add, f);
}

int taskoff_steer_vmq_remove(struct taskoff_port *port, const struct taskoff_vmq_filter *f)
{
	return taskoff_steer_update(port, edit_vmq_remove, f);
}

int taskoff_steer_query(struct taskoff_port *port, taskoff_steer_read_t read, void *arg)
{
	const struct taskoff_steer *cur;
	int ret;

	pthread_mutex_lock(&steer_writers);
	cur = __atomic_load_n(&port->steer, __ATOMIC_ACQUIRE);
	ret = cur != NULL ? read(cur, arg) : -EINVAL;
	pthread_mutex_unlock(&steer_writers);
	return ret;
}

void taskoff_steer_fini(struct taskoff_port *port)
{
	rte_free((void *)(uintptr_t)port->steer);
	port->steer = NULL;
}
