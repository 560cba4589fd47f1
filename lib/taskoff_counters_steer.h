/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_COUNTERS_STEER_H
#define TASKOFF_COUNTERS_STEER_H

/**
 * RSS / VMQ steering counters (see taskoff_counters.h). None is a drop: a frame
 * steering cannot parse still goes to queue 0 and is counted in steer_malformed.
 */
#define TASKOFF_STEER_COUNTER_LIST(X)                                                              \
	X(RSS_HASHED, "rss_hashed")                                                                \
	X(VMQ_MATCHED, "vmq_matched")                                                              \
	X(STEER_MALFORMED, "steer_malformed")

#endif
