/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "taskoff_counters.h"

static const char *const counter_names[TASKOFF_CNT_MAX] = {
#define TASKOFF_COUNTER_NAME(id, name) [TASKOFF_CNT_##id] = name,
    TASKOFF_COUNTER_LIST(TASKOFF_COUNTER_NAME)
#undef TASKOFF_COUNTER_NAME
};

const char *taskoff_counter_name(enum taskoff_counter c)
{
	if ((unsigned int)c >= TASKOFF_CNT_MAX)
		return NULL;
	return counter_names[c];
}
