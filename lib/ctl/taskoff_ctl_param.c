/* SPDX-License-Identifier: BSD-3-Clause */
/* Integer parameters of control requests: type and range, never truncated. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "taskoff_ctl_param.h"

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return "a string";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	case JSON_ARRAY:
		return "an array";
	default:
		return "an object";
	}
}

int taskoff_ctl_json_uint(const json_t *v, const char *field, uint64_t min, uint64_t max,
			  uint64_t *out, char *err, size_t errlen)
{
	json_int_t i;

	if (v == NULL) {
		snprintf(err, errlen, "%s: missing (an integer %" PRIu64 "..%" PRIu64 ")", field,
			 min, max);
		return -EINVAL;
	}
	if (!json_is_integer(v)) {
		snprintf(err, errlen, "%s: expected an integer %" PRIu64 "..%" PRIu64 ", got %s",
			 field, min, max, json_kind(v));
		return -EINVAL;
	}
	i = json_integer_value(v);
	/* a negative value is below any unsigned min, whatever it would cast to */
	if (i < 0 || (uint64_t)i < min || (uint64_t)i > max) {
		snprintf(err, errlen,
			 "%s: %" JSON_INTEGER_FORMAT " is out of range %" PRIu64 "..%" PRIu64,
			 field, i, min, max);
		return -EINVAL;
	}
	*out = (uint64_t)i;
	return 0;
}

int taskoff_ctl_param_uint(const json_t *params, const char *field, uint64_t min, uint64_t max,
			   uint64_t *out, char *err, size_t errlen)
{
	const json_t *v = json_object_get(params, field);

	if (v == NULL || json_is_null(v))
		return -ENOENT;
	return taskoff_ctl_json_uint(v, field, min, max, out, err, errlen);
}

int taskoff_ctl_params_known(const json_t *params, const char *const *known, char *err,
			     size_t errlen)
{
	const char *key;
	const json_t *v;
	size_t i;

	json_object_foreach((json_t *)params, key, v)
	{
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL) {
			snprintf(err, errlen, "unknown field '%s'", key);
			return -EINVAL;
		}
	}
	return 0;
}
