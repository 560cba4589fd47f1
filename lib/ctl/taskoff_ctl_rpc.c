/* SPDX-License-Identifier: BSD-3-Clause */
/* JSON-RPC 2.0 framing: parse a request line, dispatch it, shape the reply. */
#include <stdio.h>
#include <string.h>

#include "taskoff_ctl_internal.h"

#define RPC_PARSE_ERROR	     -32700
#define RPC_INVALID_REQUEST  -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS   -32602
#define RPC_FAILURE	     -32000
#define RPC_NOT_SUPPORTED    -32001
#define RPC_NO_SUCH_PORT     -32002
#define RPC_RESOURCES	     -32003

static int rpc_code(enum taskoff_ndis_status st)
{
	switch (st) {
	case TASKOFF_NDIS_NOT_SUPPORTED:
		return RPC_NOT_SUPPORTED;
	case TASKOFF_NDIS_INVALID_PARAMETER:
		return RPC_INVALID_PARAMS;
	case TASKOFF_NDIS_INVALID_DATA:
	case TASKOFF_NDIS_INVALID_LENGTH:
		return RPC_INVALID_REQUEST;
	case TASKOFF_NDIS_INVALID_OID:
		return RPC_METHOD_NOT_FOUND;
	case TASKOFF_NDIS_ADAPTER_NOT_FOUND:
		return RPC_NO_SUCH_PORT;
	case TASKOFF_NDIS_RESOURCES:
		return RPC_RESOURCES;
	default:
		return RPC_FAILURE;
	}
}

/*
 * The reply when the real one cannot be built (out of memory): fixed text, so
 * that no request with an id goes unanswered. json_null() (a static value that
 * needs no memory) if even this fails; the connection then sends fixed bytes.
 */
static json_t *fallback_response(const json_t *id)
{
	json_t *resp =
	    json_pack("{s:s, s:O, s:{s:i, s:s, s:{s:s, s:s}}}", "jsonrpc", "2.0", "id",
		      id != NULL ? id : json_null(), "error", "code", RPC_FAILURE, "message",
		      "NDIS_STATUS_FAILURE: the reply could not be built", "data", "status",
		      "NDIS_STATUS_FAILURE", "detail", "the reply could not be built");

	return resp != NULL ? resp : json_null();
}

static json_t *error_response(const json_t *id, int code, enum taskoff_ndis_status st,
			      const char *message)
{
	const char *name = taskoff_ndis_status_name(st);
	char detail[sizeof(((struct taskoff_ndis_error *)0)->message)];
	char text[sizeof(detail) + 64];
	json_t *resp;

	/* jansson refuses invalid UTF-8 (json_pack fails): never hand it any */
	snprintf(detail, sizeof(detail), "%s", message);
	taskoff_utf8_sanitize(detail);
	snprintf(text, sizeof(text), "%s: %s", name, detail);
	resp = json_pack("{s:s, s:O, s:{s:i, s:s, s:{s:s, s:s}}}", "jsonrpc", "2.0", "id",
			 id != NULL ? id : json_null(), "error", "code", code, "message", text,
			 "data", "status", name, "detail", detail);
	return resp != NULL ? resp : fallback_response(id);
}

json_t *taskoff_ctl_error_response(const json_t *id, enum taskoff_ndis_status status,
				   const char *message)
{
	return error_response(id, rpc_code(status), status, message);
}

static bool id_valid(const json_t *id)
{
	return id == NULL || json_is_string(id) || json_is_integer(id) || json_is_null(id);
}

/* Run a well-formed request; the response, or NULL for a notification. */
static json_t *dispatch(const json_t *req, struct taskoff_ctl_session *s, json_t *events)
{
	const json_t *id = json_object_get(req, "id");
	const char *name = json_string_value(json_object_get(req, "method"));
	json_t *params = json_object_get(req, "params");
	struct taskoff_ctl_call c = {.session = s, .events = events};
	enum taskoff_ndis_status st;
	taskoff_ctl_method_fn fn;
	json_t *resp;

	if (params != NULL && !json_is_object(params) && !json_is_null(params))
		/* a notification is never answered, not even with an error */
		return id == NULL
			   ? NULL
			   : error_response(id, RPC_INVALID_PARAMS, TASKOFF_NDIS_INVALID_PARAMETER,
					    "params must be an object");
	c.params = json_is_object(params) ? json_incref(params) : json_object();
	fn = taskoff_ctl_method_find(name);
	taskoff_ctl_registry_lock();
	st = fn != NULL
		 ? fn(&c)
		 : taskoff_ndis_fail(&c.err, TASKOFF_NDIS_INVALID_OID, "unknown method '%s'", name);
	taskoff_ctl_registry_unlock();
	json_decref(c.params);
	if (st == TASKOFF_NDIS_SUCCESS && c.result == NULL)
		st = taskoff_ndis_fail(&c.err, TASKOFF_NDIS_RESOURCES, "out of memory");
	if (id == NULL) { /* JSON-RPC notification: never answered */
		json_decref(c.result);
		return NULL;
	}
	if (st != TASKOFF_NDIS_SUCCESS) {
		json_decref(c.result);
		return error_response(id, rpc_code(st), st, c.err.message);
	}
	resp = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", c.result);
	return resp != NULL ? resp : fallback_response(id);
}

json_t *taskoff_ctl_handle_line(const char *line, size_t len, struct taskoff_ctl_session *s,
				json_t *events)
{
	json_error_t jerr;
	json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	const json_t *id;
	json_t *resp;

	if (req == NULL)
		return error_response(NULL, RPC_PARSE_ERROR, TASKOFF_NDIS_INVALID_DATA, jerr.text);
	id = json_object_get(req, "id");
	if (!json_is_object(req) || !id_valid(id) ||
	    !json_is_string(json_object_get(req, "method")) ||
	    strcmp(json_string_value(json_object_get(req, "jsonrpc")) ?: "", "2.0") != 0)
		resp = error_response(
		    id_valid(id) ? id : NULL, RPC_INVALID_REQUEST, TASKOFF_NDIS_INVALID_DATA,
		    "expected {\"jsonrpc\":\"2.0\", \"method\", \"id\", \"params\"}");
	else
		resp = dispatch(req, s, events);
	json_decref(req);
	return resp;
}
