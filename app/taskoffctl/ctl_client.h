/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFFCTL_CLIENT_H
#define TASKOFFCTL_CLIENT_H

/**
 * @file
 * JSON-RPC 2.0 client of the TaskOff control socket (one JSON object per line).
 */

#include <stddef.h>

#include <jansson.h>

struct ctl_client {
	int fd;
	int timeout_ms; /**< per reply; -1 waits forever */
	int next_id;
	char *buf;
	size_t len, cap;
};

/** Connect to @p path. 0, or -1 with a message in @p err. */
int ctl_connect(struct ctl_client *c, const char *path, int timeout_ms, char *err, size_t errlen);

void ctl_close(struct ctl_client *c);

/**
 * Call @p method with @p params (reference stolen, may be NULL) and wait for
 * its response; notifications that arrive meanwhile are skipped.
 * @return the result (new reference), or NULL with "NDIS_STATUS_...: message"
 *         or a transport error in @p err.
 */
json_t *ctl_call(struct ctl_client *c, const char *method, json_t *params, char *err,
		 size_t errlen);

/**
 * Next message from the server (response or notification), waiting at most
 * @p timeout_ms (-1: forever). NULL on timeout, EOF or error, with @p err set.
 */
json_t *ctl_read_message(struct ctl_client *c, int timeout_ms, char *err, size_t errlen);

/** Default socket path for EAL file prefix @p prefix (NULL: "rte"), like rte_eal_get_runtime_dir().
 */
void ctl_default_socket(const char *prefix, char *out, size_t outlen);

#endif
