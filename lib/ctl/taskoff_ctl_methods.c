/* SPDX-License-Identifier: BSD-3-Clause */
/* The control methods of SPEC §5, one function each, over the port registry. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "taskoff_ctl_internal.h"
#include "taskoff_ctl_param.h"
#include "taskoff_keywords.h"
#include "taskoff_offload_json.h"
#include "taskoff_offload_params.h"

static enum taskoff_ndis_status fail(struct taskoff_ctl_call *c, enum taskoff_ndis_status st,
				     const char *msg)
{
	return taskoff_ndis_fail(&c->err, st, "%s", msg);
}

/* The port named by params.port: a name, or an ethdev id (an integer 0..65535). */
static enum taskoff_ndis_status port_of(struct taskoff_ctl_call *c, struct taskoff_ctl_port **p)
{
	json_t *key = json_object_get(c->params, "port");
	char msg[sizeof(c->err.message) - 16];
	uint64_t id = 0;

	if (key == NULL)
		return fail(c, TASKOFF_NDIS_INVALID_PARAMETER, "missing 'port' (name or id)");
	if (!json_is_string(key) &&
	    taskoff_ctl_json_uint(key, "port", 0, UINT16_MAX, &id, msg, sizeof(msg)) != 0)
		return taskoff_ndis_fail(&c->err, TASKOFF_NDIS_INVALID_PARAMETER, "%s, or a name",
					 msg);
	*p = taskoff_ctl_port_lookup_locked(key);
	if (*p == NULL && json_is_string(key))
		return taskoff_ndis_fail(&c->err, TASKOFF_NDIS_ADAPTER_NOT_FOUND, "no such port %s",
					 json_string_value(key));
	if (*p == NULL)
		return taskoff_ndis_fail(&c->err, TASKOFF_NDIS_ADAPTER_NOT_FOUND,
					 "no such port id %" PRIu64, id);
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status m_port_list(struct taskoff_ctl_call *c)
{
	struct taskoff_ctl_port *p;
	unsigned int i;

	c->result = json_array();
	for (i = 0; c->result != NULL && i < TASKOFF_CTL_MAX_PORTS; i++) {
		p = taskoff_ctl_port_at_locked(i);
		if (p != NULL)
			json_array_append_new(c->result, json_pack("{s:s, s:i}", "name", p->name,
								   "port_id", (int)p->port_id));
	}
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status m_hw_caps(struct taskoff_ctl_call *c)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_offload_to_json(&p->caps);
	return st;
}

static enum taskoff_ndis_status m_current_config(struct taskoff_ctl_call *c)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_ctl_port_config_json_locked(p);
	return st;
}

/* Publish @p next and queue the CURRENT_CONFIG indication. */
static enum taskoff_ndis_status publish(struct taskoff_ctl_call *c, struct taskoff_ctl_port *p,
					const struct taskoff_offload_config *next)
{
	int rc = p->ops.config_publish(p->opaque, next);

	if (rc != 0)
		return taskoff_ndis_fail(
		    &c->err,
		    rc == -EBUSY || rc == -ENOMEM ? TASKOFF_NDIS_RESOURCES : TASKOFF_NDIS_FAILURE,
		    "port %s refused the configuration: %s", p->name, strerror(-rc));
	json_array_append_new(c->events,
			      taskoff_ctl_event_locked(TASKOFF_CTL_EVENT_CURRENT_CONFIG, p));
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status m_set_parameters(struct taskoff_ctl_call *c)
{
	struct taskoff_offload_config next;
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);
	json_t *params = json_object_get(c->params, "parameters");

	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	if (params == NULL)
		return fail(c, TASKOFF_NDIS_INVALID_PARAMETER,
			    "missing 'parameters' {field: value}");
	st = taskoff_offload_apply_parameters(&p->caps, p->ops.config_current(p->opaque), params,
					      &next, &c->err);
	if (st == TASKOFF_NDIS_SUCCESS)
		st = publish(c, p, &next);
	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_ctl_port_config_json_locked(p);
	return st;
}

static enum taskoff_ndis_status m_set_encapsulation(struct taskoff_ctl_call *c)
{
	struct taskoff_offload_config next;
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	st = taskoff_offload_set_encapsulation(&p->caps, p->ops.config_current(p->opaque),
					       c->params, &next, &c->err);
	if (st == TASKOFF_NDIS_SUCCESS)
		st = publish(c, p, &next);
	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_ctl_port_config_json_locked(p);
	return st;
}

static enum taskoff_ndis_status m_keyword_list(struct taskoff_ctl_call *c)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_keyword_list_json(p->ops.config_current(p->opaque));
	return st;
}

static enum taskoff_ndis_status keyword_of(struct taskoff_ctl_call *c,
					   const struct taskoff_keyword_info **kw)
{
	const char *name = json_string_value(json_object_get(c->params, "keyword"));

	if (name == NULL)
		return fail(c, TASKOFF_NDIS_INVALID_PARAMETER, "missing 'keyword'");
	*kw = taskoff_keyword_find(name);
	if (*kw == NULL)
		return taskoff_ndis_fail(&c->err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "unknown keyword '%s'", name);
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status m_keyword_get(struct taskoff_ctl_call *c)
{
	const struct taskoff_keyword_info *kw;
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st == TASKOFF_NDIS_SUCCESS)
		st = keyword_of(c, &kw);
	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_keyword_json(kw, p->ops.config_current(p->opaque));
	return st;
}

/* Keyword values are integers, given as JSON integers or decimal strings. */
static bool keyword_value(const json_t *v, long *out)
{
	const char *s;
	char *end;

	if (json_is_integer(v)) {
		*out = (long)json_integer_value(v);
		return true;
	}
	s = json_string_value(v);
	/* strtol alone would also take " 1" and "+1" */
	if (s == NULL || strspn(s, "-0123456789") != strlen(s) || *s == '\0')
		return false;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static enum taskoff_ndis_status m_keyword_set(struct taskoff_ctl_call *c)
{
	struct taskoff_offload_config next;
	const struct taskoff_keyword_info *kw;
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);
	long value;

	if (st == TASKOFF_NDIS_SUCCESS)
		st = keyword_of(c, &kw);
	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	if (!keyword_value(json_object_get(c->params, "value"), &value))
		return fail(c, TASKOFF_NDIS_INVALID_PARAMETER,
			    "value: expected an integer (or its decimal string)");
	st = taskoff_keyword_set(&p->caps, p->ops.config_current(p->opaque), kw->name, value, &next,
				 &c->err);
	if (st == TASKOFF_NDIS_SUCCESS)
		st = publish(c, p, &next);
	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_keyword_json(kw, p->ops.config_current(p->opaque));
	return st;
}

static enum taskoff_ndis_status m_stats_get(struct taskoff_ctl_call *c)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);

	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = taskoff_ctl_port_stats_json_locked(p);
	return st;
}

/* Result of an optional PMD callback, errno mapped to an NDIS status. */
static enum taskoff_ndis_status op_status(struct taskoff_ctl_call *c, int rc, const char *msg)
{
	enum taskoff_ndis_status st;

	if (rc >= 0)
		return TASKOFF_NDIS_SUCCESS;
	switch (rc) {
	case -EINVAL:
	case -ENOENT:
	case -EEXIST:
		st = TASKOFF_NDIS_INVALID_PARAMETER;
		break;
	case -ENOTSUP:
		st = TASKOFF_NDIS_NOT_SUPPORTED;
		break;
	case -ENOSPC:
	case -ENOMEM:
		st = TASKOFF_NDIS_RESOURCES;
		break;
	default:
		st = TASKOFF_NDIS_FAILURE;
	}
	return taskoff_ndis_fail(&c->err, st, "%s", msg[0] ? msg : strerror(-rc));
}

static enum taskoff_ndis_status not_supported(struct taskoff_ctl_call *c,
					      const struct taskoff_ctl_port *p, const char *what)
{
	return taskoff_ndis_fail(&c->err, TASKOFF_NDIS_NOT_SUPPORTED, "port %s has no %s", p->name,
				 what);
}

typedef int (*get_op)(void *, json_t **);

static enum taskoff_ndis_status call_get(struct taskoff_ctl_call *c, size_t op_offset,
					 const char *what)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);
	get_op op;

	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	op = *(const get_op *)((const char *)&p->ops + op_offset);
	if (op == NULL)
		return not_supported(c, p, what);
	return op_status(c, op(p->opaque, &c->result), "");
}

typedef int (*set_op)(void *, const json_t *, char *, size_t);

static enum taskoff_ndis_status call_set(struct taskoff_ctl_call *c, size_t op_offset,
					 const char *what)
{
	struct taskoff_ctl_port *p;
	enum taskoff_ndis_status st = port_of(c, &p);
	char msg[256] = "";
	set_op op;

	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	op = *(const set_op *)((const char *)&p->ops + op_offset);
	if (op == NULL)
		return not_supported(c, p, what);
	st = op_status(c, op(p->opaque, c->params, msg, sizeof(msg)), msg);
	if (st == TASKOFF_NDIS_SUCCESS)
		c->result = json_pack("{s:b}", "ok", 1);
	return st;
}

static enum taskoff_ndis_status m_rss_get(struct taskoff_ctl_call *c)
{
	return call_get(c, offsetof(struct taskoff_ctl_port_ops, rss_get), "RSS");
}

static enum taskoff_ndis_status m_vmq_list(struct taskoff_ctl_call *c)
{
	return call_get(c, offsetof(struct taskoff_ctl_port_ops, vmq_list), "VMQ");
}

static enum taskoff_ndis_status m_rss_set(struct taskoff_ctl_call *c)
{
	return call_set(c, offsetof(struct taskoff_ctl_port_ops, rss_set), "RSS");
}

static enum taskoff_ndis_status m_vmq_add(struct taskoff_ctl_call *c)
{
	return call_set(c, offsetof(struct taskoff_ctl_port_ops, vmq_add), "VMQ");
}

static enum taskoff_ndis_status m_vmq_remove(struct taskoff_ctl_call *c)
{
	return call_set(c, offsetof(struct taskoff_ctl_port_ops, vmq_remove), "VMQ");
}

static enum taskoff_ndis_status m_subscribe(struct taskoff_ctl_call *c)
{
	json_t *key = json_object_get(c->params, "port");
	struct taskoff_ctl_port *p = NULL;
	enum taskoff_ndis_status st;

	if (key != NULL && !json_is_null(key)) {
		st = port_of(c, &p);
		if (st != TASKOFF_NDIS_SUCCESS)
			return st;
	}
	c->session->subscribed = true;
	snprintf(c->session->port, sizeof(c->session->port), "%s", p != NULL ? p->name : "");
	c->result =
	    json_pack("{s:b, s:s, s:[s, s]}", "subscribed", 1, "port", p != NULL ? p->name : "*",
		      "events", TASKOFF_CTL_EVENT_CURRENT_CONFIG, TASKOFF_CTL_EVENT_HW_CAPS);
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status m_unsubscribe(struct taskoff_ctl_call *c)
{
	c->session->subscribed = false;
	c->session->port[0] = '\0';
	c->result = json_pack("{s:b}", "subscribed", 0);
	return TASKOFF_NDIS_SUCCESS;
}

static const struct {
	const char *name;
	taskoff_ctl_method_fn fn;
} methods[] = {
    {"port.list", m_port_list},
    {"offload.hardware_capabilities", m_hw_caps},
    {"offload.current_config", m_current_config},
    {"offload.set_parameters", m_set_parameters},
    {"offload.set_encapsulation", m_set_encapsulation},
    {"keyword.list", m_keyword_list},
    {"keyword.get", m_keyword_get},
    {"keyword.set", m_keyword_set},
    {"stats.get", m_stats_get},
    {"rss.get", m_rss_get},
    {"rss.set", m_rss_set},
    {"vmq.filter_add", m_vmq_add},
    {"vmq.filter_remove", m_vmq_remove},
    {"vmq.filter_list", m_vmq_list},
    {"events.subscribe", m_subscribe},
    {"events.unsubscribe", m_unsubscribe},
};

taskoff_ctl_method_fn taskoff_ctl_method_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(name, methods[i].name) == 0)
			return methods[i].fn;
	return NULL;
}
