/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>

#include "taskoff_ndis.h"

static const char *const status_names[] = {
    [TASKOFF_NDIS_SUCCESS] = "NDIS_STATUS_SUCCESS",
    [TASKOFF_NDIS_NOT_SUPPORTED] = "NDIS_STATUS_NOT_SUPPORTED",
    [TASKOFF_NDIS_INVALID_PARAMETER] = "NDIS_STATUS_INVALID_PARAMETER",
    [TASKOFF_NDIS_INVALID_DATA] = "NDIS_STATUS_INVALID_DATA",
    [TASKOFF_NDIS_INVALID_LENGTH] = "NDIS_STATUS_INVALID_LENGTH",
    [TASKOFF_NDIS_INVALID_OID] = "NDIS_STATUS_INVALID_OID",
    [TASKOFF_NDIS_ADAPTER_NOT_FOUND] = "NDIS_STATUS_ADAPTER_NOT_FOUND",
    [TASKOFF_NDIS_RESOURCES] = "NDIS_STATUS_RESOURCES",
    [TASKOFF_NDIS_FAILURE] = "NDIS_STATUS_FAILURE",
};

const char *taskoff_ndis_status_name(enum taskoff_ndis_status status)
{
	if ((unsigned int)status >= sizeof(status_names) / sizeof(status_names[0]))
		return "NDIS_STATUS_FAILURE";
	return status_names[status];
}

enum taskoff_ndis_status taskoff_ndis_fail(struct taskoff_ndis_error *err,
					   enum taskoff_ndis_status status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}
