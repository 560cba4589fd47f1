/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_LOG_H
#define TASKOFF_LOG_H

/**
 * @file
 * One log type for all of TaskOff ("pmd.net.taskoff"). Datapath code must use
 * TASKOFF_LOG_RATELIMITED so a flood of bad packets cannot flood the log.
 */

#include <rte_log.h>
#include <rte_cycles.h>

/** The log type's name, as --log-level selects it (e.g. pmd.net.taskoff:debug). */
#define TASKOFF_LOG_NAME "pmd.net.taskoff"

extern int taskoff_logtype;

/**
 * Register the log type (idempotent; a constructor does it too) and pick up
 * the level --log-level gave it. For constructors that log: they may run
 * before the one of this file (the checksum calibration does).
 * @return the log type, or a negative errno.
 */
int taskoff_log_register(void);

#define TASKOFF_LOG(level, fmt, ...)                                                               \
	rte_log(RTE_LOG_##level, taskoff_logtype, "taskoff: " fmt "\n", ##__VA_ARGS__)

/** Log at most once per second per call site. */
#define TASKOFF_LOG_RATELIMITED(level, fmt, ...)                                                   \
	do {                                                                                       \
		static uint64_t taskoff_log_last_;                                                 \
		uint64_t taskoff_log_now_ = rte_get_tsc_cycles();                                  \
		if (taskoff_log_now_ - taskoff_log_last_ > rte_get_tsc_hz()) {                     \
			taskoff_log_last_ = taskoff_log_now_;                                      \
			TASKOFF_LOG(level, fmt, ##__VA_ARGS__);                                    \
		}                                                                                  \
	} while (0)

#endif
