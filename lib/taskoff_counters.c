/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

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

bool taskoff_counter_is_drop(enum taskoff_counter c, char dir)
{
	static const char suffix[] = "_dropped";
	const char *name = taskoff_counter_name(c);
	size_t n = name != NULL ? strlen(name) : 0;

	return n > 3 + sizeof(suffix) - 1 && name[0] == dir && name[1] == 'x' && name[2] == '_' &&
	       strcmp(name + n - (sizeof(suffix) - 1), suffix) == 0;
}
