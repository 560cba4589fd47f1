/* SPDX-License-Identifier: BSD-3-Clause */
#include "taskoff_log.h"

RTE_LOG_REGISTER_DEFAULT(taskoff_logtype, NOTICE);
