/* SPDX-License-Identifier: BSD-3-Clause */
#include "taskoff_log.h"

int taskoff_logtype;

int taskoff_log_register(void)
{
	int id = rte_log_register_type_and_pick_level(TASKOFF_LOG_NAME, RTE_LOG_NOTICE);

	if (id >= 0)
		taskoff_logtype = id;
	return id;
}

RTE_INIT(taskoff_log_init)
{
	taskoff_log_register();
}
