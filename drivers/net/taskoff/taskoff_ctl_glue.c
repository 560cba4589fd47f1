/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The port as the control plane sees it (lib/ctl): counters, the NDIS
 * current configuration, RSS and VMQ in the JSON shapes of the control
 * protocol. Runs on the control server thread, never on a datapath lcore.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <rte_ethdev.h>

#include "taskoff_ctl_param.h"
#include "taskoff_ctl_port.h"
#include "taskoff_ctl_server.h"
#include "taskoff_log.h"
#include "taskoff_offload_params.h"
#include "taskoff_pmd.h"

static const struct {
	const char *name;
	uint64_t bit;
} hash_type_names[] = {
    {"ipv4", RTE_ETH_RSS_IPV4},
    {"tcp4", RTE_ETH_RSS_NONFRAG_IPV4_TCP},
    {"udp4", RTE_ETH_RSS_NONFRAG_IPV4_UDP},
    {"ipv6", RTE_ETH_RSS_IPV6},
    {"tcp6", RTE_ETH_RSS_NONFRAG_IPV6_TCP},
    {"udp6", RTE_ETH_RSS_NONFRAG_IPV6_UDP},
};

/* Runs with the registry lock held, which is also the lock of the port's stats state. */
static void ctl_stats_get(void *opaque, struct taskoff_counters *out)
{
	taskoff_port_counters_locked(opaque, out);
}

static int ctl_config_publish(void *opaque, const struct taskoff_offload_config *next)
{
	struct taskoff_port *port = opaque;

	return taskoff_config_publish(&port->config, next);
}

static const struct taskoff_offload_config *ctl_config_current(void *opaque)
{
	const struct taskoff_port *port = opaque;

	return taskoff_config_load(&port->config);
}

static int read_rss_json(const struct taskoff_steer *st, void *arg)
{
	json_t **out = arg, *reta = json_array(), *types = json_array();
	char key[2 * TASKOFF_RSS_KEY_LEN + 1];
	unsigned int i;

	for (i = 0; i < TASKOFF_RSS_KEY_LEN; i++)
		snprintf(key + 2 * i, 3, "%02x", st->rss.key[i]);
	for (i = 0; i < st->rss.reta_size; i++)
		json_array_append_new(reta, json_integer(st->rss.reta[i]));
	for (i = 0; i < RTE_DIM(hash_type_names); i++)
		if (st->rss.rss_hf & hash_type_names[i].bit)
			json_array_append_new(types, json_string(hash_type_names[i].name));
	*out = json_pack("{s:s, s:o, s:o, s:i}", "key", key, "reta", reta, "hash_types", types,
			 "queues", st->nb_queues);
	return *out != NULL ? 0 : -ENOMEM;
}

static int ctl_rss_get(void *opaque, json_t **out)
{
	return taskoff_steer_query(opaque, read_rss_json, out);
}

/* rss.set, fully parsed before anything changes: all or nothing. */
struct rss_request {
	bool has_key, has_reta, has_types;
	uint8_t key[TASKOFF_RSS_KEY_LEN];
	uint16_t reta[TASKOFF_RSS_RETA_SIZE_MAX];
	unsigned int reta_len;
	uint64_t rss_hf;
	char *err;
	size_t errlen;
};

static int parse_key(const json_t *v, struct rss_request *r)
{
	const char *hex = json_string_value(v);
	unsigned int i;

	/* hex digits only: sscanf alone would take " 1", "+1" or "-1" as a byte */
	if (hex == NULL || strlen(hex) != 2 * TASKOFF_RSS_KEY_LEN ||
	    strspn(hex, "0123456789abcdefABCDEF") != 2 * TASKOFF_RSS_KEY_LEN) {
		snprintf(r->err, r->errlen, "key: must be %d hex digits", 2 * TASKOFF_RSS_KEY_LEN);
		return -EINVAL;
	}
	for (i = 0; i < TASKOFF_RSS_KEY_LEN; i++)
		sscanf(hex + 2 * i, "%2hhx", &r->key[i]);
	r->has_key = true;
	return 0;
}

static int parse_reta(const json_t *v, struct rss_request *r)
{
	char field[32];
	uint64_t queue;
	size_t i;
	json_t *q;

	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > TASKOFF_RSS_RETA_SIZE_MAX) {
		snprintf(r->err, r->errlen, "reta: must be an array of 1..%d queue numbers",
			 TASKOFF_RSS_RETA_SIZE_MAX);
		return -EINVAL;
	}
	json_array_foreach(v, i, q)
	{
		snprintf(field, sizeof(field), "reta[%zu]", i);
		if (taskoff_ctl_json_uint(q, field, 0, TASKOFF_MAX_QUEUES - 1, &queue, r->err,
					  r->errlen) != 0)
			return -EINVAL;
		r->reta[i] = (uint16_t)queue;
	}
	r->reta_len = (unsigned int)json_array_size(v);
	r->has_reta = true;
	return 0;
}

static int parse_types(const json_t *v, struct rss_request *r)
{
	size_t i;
	unsigned int k;
	json_t *t;

	if (!json_is_array(v))
		goto bad;
	json_array_foreach(v, i, t)
	{
		for (k = 0; k < RTE_DIM(hash_type_names); k++)
			if (json_is_string(t) &&
			    strcmp(json_string_value(t), hash_type_names[k].name) == 0)
				break;
		if (k == RTE_DIM(hash_type_names))
			goto bad;
		r->rss_hf |= hash_type_names[k].bit;
	}
	r->has_types = true;
	return 0;
bad:
	snprintf(r->err, r->errlen, "hash_types: array of ipv4, tcp4, udp4, ipv6, tcp6, udp6");
	return -EINVAL;
}

static int edit_rss(struct taskoff_steer *st, const void *arg)
{
	const struct rss_request *r = arg;
	unsigned int i;
	int ret = 0;

	if (r->has_key)
		ret = taskoff_rss_set_key(st, r->key, TASKOFF_RSS_KEY_LEN);
	if (ret == 0 && r->has_types)
		ret = taskoff_rss_set_hash_types(st, r->rss_hf);
	if (ret == 0 && r->has_reta) {
		for (i = 0; i < r->reta_len; i++)
			if (r->reta[i] >= st->nb_queues) {
				snprintf(r->err, r->errlen,
					 "reta[%u]: queue %u is not below the port's %u RX queues",
					 i, r->reta[i], st->nb_queues);
				return -EINVAL;
			}
		for (i = 0; i < st->rss.reta_size; i++)
			st->rss.reta[i] = r->reta[i % r->reta_len];
	}
	return ret;
}

static int ctl_rss_set(void *opaque, const json_t *in, char *err, size_t errlen)
{
	static const char *const known[] = {"port", "key", "reta", "hash_types", NULL};
	struct rss_request r = {.err = err, .errlen = errlen};
	const json_t *v;
	int ret = taskoff_ctl_params_known(in, known, err, errlen);

	if (ret == 0 && (v = json_object_get(in, "key")) != NULL)
		ret = parse_key(v, &r);
	if (ret == 0 && (v = json_object_get(in, "reta")) != NULL)
		ret = parse_reta(v, &r);
	if (ret == 0 && (v = json_object_get(in, "hash_types")) != NULL)
		ret = parse_types(v, &r);
	if (ret != 0)
		return ret;
	return taskoff_steer_update(opaque, edit_rss, &r);
}

/* A member that may be absent: -ENOENT is "not given", not an error. */
static int optional_uint(const json_t *in, const char *field, uint64_t max, uint64_t *out,
			 bool *given, char *err, size_t errlen)
{
	int ret = taskoff_ctl_param_uint(in, field, 0, max, out, err, errlen);

	*given = ret == 0;
	return ret == -ENOENT ? 0 : ret;
}

/* {"mac", "vlan"?, "vsid"? or "vni"?, "queue"} checked in full before the table is touched. */
static int parse_filter(const json_t *in, struct taskoff_vmq_filter *f, bool need_queue, char *err,
			size_t errlen)
{
	static const char *const known[] = {"port", "mac", "vlan", "vsid", "vni", "queue", NULL};
	const char *mac = json_string_value(json_object_get(in, "mac"));
	uint64_t vlan = 0, vsid = 0, vni = 0, queue = 0;
	bool has_queue;
	int ret;

	memset(f, 0, sizeof(*f));
	ret = taskoff_ctl_params_known(in, known, err, errlen);
	if (ret == 0 && (mac == NULL || rte_ether_unformat_addr(mac, &f->mac) != 0)) {
		snprintf(err, errlen, "mac: expected xx:xx:xx:xx:xx:xx");
		ret = -EINVAL;
	}
	if (ret == 0)
		ret = optional_uint(in, "vlan", RTE_ETHER_MAX_VLAN_ID, &vlan, &f->match_vlan, err,
				    errlen);
	if (ret == 0)
		ret =
		    optional_uint(in, "vsid", TASKOFF_VSID_MAX, &vsid, &f->match_vsid, err, errlen);
	if (ret == 0)
		ret = optional_uint(in, "vni", TASKOFF_VNI_MAX, &vni, &f->match_vni, err, errlen);
	if (ret == 0 && f->match_vsid && f->match_vni) {
		snprintf(err, errlen, "vni: not with vsid (a frame is NVGRE or VXLAN, not both)");
		ret = -EINVAL;
	}
	if (ret == 0)
		ret = optional_uint(in, "queue", TASKOFF_MAX_QUEUES - 1, &queue, &has_queue, err,
				    errlen);
	if (ret == 0 && need_queue && !has_queue) {
		snprintf(err, errlen, "queue: missing (an RX queue number)");
		ret = -EINVAL;
	}
	f->vlan_id = (uint16_t)vlan;
	f->vsid = (uint32_t)vsid;
	f->vni = (uint32_t)vni;
	f->queue = (uint16_t)queue;
	return ret;
}

static int read_nb_queues(const struct taskoff_steer *st, void *arg)
{
	*(uint16_t *)arg = st->nb_queues;
	return 0;
}

static int ctl_vmq_add(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct taskoff_vmq_filter f;
	uint16_t nb_queues = 0;
	int ret = parse_filter(in, &f, true, err, errlen);

	if (ret == 0)
		ret = taskoff_steer_query(opaque, read_nb_queues, &nb_queues);
	if (ret == 0 && f.queue >= nb_queues) {
		snprintf(err, errlen, "queue: %u is not below the port's %u RX queues", f.queue,
			 nb_queues);
		return -EINVAL;
	}
	if (ret == 0)
		ret = taskoff_steer_vmq_add(opaque, &f);
	if (ret != 0 && err[0] == '\0')
		snprintf(err, errlen, "%s", ret == -EEXIST ? "filter exists" : rte_strerror(-ret));
	return ret;
}

struct filter_by_id {
	uint64_t id;
	struct taskoff_vmq_filter *out;
};

static int read_filter_by_id(const struct taskoff_steer *st, void *arg)
{
	struct filter_by_id *q = arg;

	if (q->id >= st->vmq.nb_filters)
		return -ENOENT;
	*q->out = st->vmq.filters[q->id];
	return 0;
}

/* {"id"} alone, or the filter's identity {"mac", "vlan"?, "vsid"? or "vni"?}. */
static int ctl_vmq_remove(void *opaque, const json_t *in, char *err, size_t errlen)
{
	static const char *const by_id[] = {"port", "id", NULL};
	struct taskoff_vmq_filter f;
	struct filter_by_id q = {0, &f};
	int ret =
	    taskoff_ctl_param_uint(in, "id", 0, TASKOFF_VMQ_FILTER_MAX - 1, &q.id, err, errlen);
	bool given_id = ret == 0;

	if (given_id)
		ret = taskoff_ctl_params_known(in, by_id, err, errlen);
	if (given_id && ret == 0)
		ret = taskoff_steer_query(opaque, read_filter_by_id, &q);
	else if (ret == -ENOENT)
		ret = parse_filter(in, &f, false, err, errlen);
	if (ret == 0)
		ret = taskoff_steer_vmq_remove(opaque, &f);
	if (ret == -ENOENT)
		snprintf(err, errlen, given_id ? "id: no filter with this id" : "no such filter");
	return ret;
}

static int read_vmq_json(const struct taskoff_steer *st, void *arg)
{
	json_t **out = arg;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int i;

	*out = json_array();
	for (i = 0; i < st->vmq.nb_filters; i++) {
		const struct taskoff_vmq_filter *f = &st->vmq.filters[i];
		json_t *o;

		rte_ether_format_addr(mac, sizeof(mac), &f->mac);
		o = json_pack("{s:i, s:s, s:o, s:o, s:i}", "id", i, "mac", mac, "vlan",
			      f->match_vlan ? json_integer(f->vlan_id) : json_null(), "vsid",
			      f->match_vsid ? json_integer(f->vsid) : json_null(), "queue",
			      f->queue);
		/* "vni" only on VXLAN filters: the listing of the others stays as it was */
		if (o != NULL && f->match_vni)
			json_object_set_new(o, "vni", json_integer(f->vni));
		json_array_append_new(*out, o);
	}
	return 0;
}

static int ctl_vmq_list(void *opaque, json_t **out)
{
	return taskoff_steer_query(opaque, read_vmq_json, out);
}

static const struct taskoff_ctl_port_ops ctl_ops = {
    .stats_get = ctl_stats_get,
    .config_publish = ctl_config_publish,
    .config_current = ctl_config_current,
    .rss_get = ctl_rss_get,
    .rss_set = ctl_rss_set,
    .vmq_add = ctl_vmq_add,
    .vmq_remove = ctl_vmq_remove,
    .vmq_list = ctl_vmq_list,
};

static int ndis_errno(enum taskoff_ndis_status st)
{
	switch (st) {
	case TASKOFF_NDIS_SUCCESS:
		return 0;
	case TASKOFF_NDIS_NOT_SUPPORTED:
		return -ENOTSUP;
	case TASKOFF_NDIS_RESOURCES:
		return -ENOMEM;
	default:
		return -EINVAL;
	}
}

/*
 * The same path as the control server's publishes: under the registry lock
 * (which serializes every publisher and the control thread's reads), the same
 * checks, then the CURRENT_CONFIG indication once the lock is released
 * (taskoff_ctl_port_config_changed takes it itself).
 */
int taskoff_ctl_config_edit(struct taskoff_port *port, taskoff_config_edit_fn edit, void *arg)
{
	struct taskoff_offload_config next;
	const struct taskoff_offload_config *cur;
	struct taskoff_ndis_error err = {0};
	int ret;

	taskoff_ctl_port_lock();
	cur = taskoff_config_load(&port->config);
	next = *cur;
	ret = edit(&next, arg);
	if (ret == 0) {
		ret = ndis_errno(taskoff_offload_check(&port->caps, cur, &next, &err));
		if (ret != 0)
			TASKOFF_LOG(ERR, "%s: %s: %s", port->name,
				    taskoff_ndis_status_name(err.status), err.message);
	}
	if (ret == 0)
		ret = taskoff_config_publish(&port->config, &next);
	taskoff_ctl_port_unlock();
	if (ret == 0 && port->ctl_registered)
		taskoff_ctl_port_config_changed(port->name);
	return ret;
}

int taskoff_ctl_attach(struct taskoff_port *port)
{
	int ret = taskoff_ctl_server_start(port->args.ctl[0] != '\0' ? port->args.ctl : NULL);

	if (ret != 0) {
		TASKOFF_LOG(ERR, "%s: control server: %s", port->name, rte_strerror(-ret));
		return ret;
	}
	ret = taskoff_ctl_port_register(port->name, port->port_id, &port->caps, &ctl_ops, port);
	if (ret != 0)
		TASKOFF_LOG(ERR, "%s: control registration: %s", port->name, rte_strerror(-ret));
	return ret;
}

void taskoff_ctl_detach(struct taskoff_port *port)
{
	taskoff_ctl_port_unregister(port->name);
	if (taskoff_ctl_port_count() == 0)
		taskoff_ctl_server_stop();
}
