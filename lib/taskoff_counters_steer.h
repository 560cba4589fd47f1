/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_STEER_H
#define TASKOFF_COUNTERS_STEER_H

/** RSS / VMQ steering counters (see taskoff_counters.h). */
#define TASKOFF_STEER_COUNTER_LIST(X)                                                              \
	X(RSS_HASHED, "rss_hashed")                                                                \
	X(VMQ_MATCHED, "vmq_matched")

#endif
