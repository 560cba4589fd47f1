/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CTL_PARAM_H
#define TASKOFF_CTL_PARAM_H

/**
 * @file
 * Integer parameters of control requests, checked before anything uses them:
 * a JSON integer (not a string, a real or a boolean) within the range the
 * field takes. A value is never truncated to fit its C type; it is refused
 * (NDIS_STATUS_INVALID_PARAMETER) with a message that starts with the field
 * name, e.g. "vlan: 65541 is out of range 0..4095".
 */

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/**
 * Check JSON value @p v, named @p field in messages, and store it in *out.
 * @return 0, or -EINVAL with the reason in @p err (@p v NULL, not an
 *         integer, or outside @p min..@p max).
 */
int taskoff_ctl_json_uint(const json_t *v, const char *field, uint64_t min, uint64_t max,
			  uint64_t *out, char *err, size_t errlen);

/**
 * Member @p field of object @p params, checked as taskoff_ctl_json_uint() does.
 * @return 0, -ENOENT when the member is absent or null (*out and @p err
 *         untouched: the caller decides whether it is optional), or -EINVAL.
 */
int taskoff_ctl_param_uint(const json_t *params, const char *field, uint64_t min, uint64_t max,
			   uint64_t *out, char *err, size_t errlen);

/**
 * Refuse members of @p params not in the NULL-terminated list @p known, so
 * that a misspelt optional field ("vlna") is not silently dropped.
 * @return 0, or -EINVAL naming the first unknown member.
 */
int taskoff_ctl_params_known(const json_t *params, const char *const *known, char *err,
			     size_t errlen);

#endif
