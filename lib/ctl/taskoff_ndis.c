/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

/*
 * Length of the well-formed UTF-8 sequence at @p s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if there is none. The
 * sequence stops at the terminating NUL, so a sequence cut short is invalid.
 */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0; /* overlong */
	else if (s[0] == 0xED)
		hi = 0x9F; /* surrogates */
	else if (s[0] == 0xF0)
		lo = 0x90; /* overlong */
	else if (s[0] == 0xF4)
		hi = 0x8F; /* above U+10FFFF */
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Expected length of a sequence that starts with lead byte @p b (0: not a lead). */
static size_t utf8_lead_len(unsigned char b)
{
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

size_t taskoff_utf8_sanitize(char *text)
{
	unsigned char *s = (unsigned char *)text;
	size_t i = 0, n, fixed = 0;

	while (s[i] != '\0') {
		n = utf8_seq_len(s + i);
		if (n > 0) {
			i += n;
			continue;
		}
		if (strlen((char *)s + i) < utf8_lead_len(s[i])) {
			s[i] = '\0'; /* a character cut by truncation: drop its start */
			return fixed + 1;
		}
		s[i++] = '?';
		fixed++;
	}
	return fixed;
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
	/* a reply must be valid UTF-8 (JSON): vsnprintf may cut a character in two */
	taskoff_utf8_sanitize(err->message);
	return status;
}
