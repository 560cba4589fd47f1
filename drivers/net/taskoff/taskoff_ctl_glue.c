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

#include "taskoff_ctl_port.h"
#include "taskoff_ctl_server.h"
#include "taskoff_log.h"
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
	unsigned int i, byte;

	if (hex == NULL || strlen(hex) != 2 * TASKOFF_RSS_KEY_LEN)
		goto bad;
	for (i = 0; i < TASKOFF_RSS_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			goto bad;
		r->key[i] = (uint8_t)byte;
	}
	r->has_key = true;
	return 0;
bad:
	snprintf(r->err, r->errlen, "key must be %d hex digits", 2 * TASKOFF_RSS_KEY_LEN);
	return -EINVAL;
}

static int parse_reta(const json_t *v, struct rss_request *r)
{
	size_t i;
	json_t *q;

	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > TASKOFF_RSS_RETA_SIZE_MAX) {
		snprintf(r->err, r->errlen, "reta must be a non-empty array of queue numbers");
		return -EINVAL;
	}
	json_array_foreach(v, i, q)
	{
		if (!json_is_integer(q) || json_integer_value(q) < 0 ||
		    json_integer_value(q) >= TASKOFF_MAX_QUEUES) {
			snprintf(r->err, r->errlen, "reta[%zu] is not a queue number", i);
			return -EINVAL;
		}
		r->reta[i] = (uint16_t)json_integer_value(q);
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
		for (i = 0; i < st->rss.reta_size; i++)
			if (r->reta[i % r->reta_len] >= st->nb_queues)
				return -EINVAL;
		for (i = 0; i < st->rss.reta_size; i++)
			st->rss.reta[i] = r->reta[i % r->reta_len];
	}
	return ret;
}

static int ctl_rss_set(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct rss_request r = {.err = err, .errlen = errlen};
	const json_t *v;
	int ret = 0;

	if ((v = json_object_get(in, "key")) != NULL)
		ret = parse_key(v, &r);
	if (ret == 0 && (v = json_object_get(in, "reta")) != NULL)
		ret = parse_reta(v, &r);
	if (ret == 0 && (v = json_object_get(in, "hash_types")) != NULL)
		ret = parse_types(v, &r);
	if (ret != 0)
		return ret;
	ret = taskoff_steer_update(opaque, edit_rss, &r);
	if (ret == -EINVAL && err[0] == '\0')
		snprintf(err, errlen, "a reta queue is not configured on this port");
	return ret;
}

static int parse_filter(const json_t *in, struct taskoff_vmq_filter *f, bool need_queue, char *err,
			size_t errlen)
{
	const char *mac = json_string_value(json_object_get(in, "mac"));
	const json_t *vlan = json_object_get(in, "vlan"), *vsid = json_object_get(in, "vsid");
	const json_t *queue = json_object_get(in, "queue");

	memset(f, 0, sizeof(*f));
	if (mac == NULL || rte_ether_unformat_addr(mac, &f->mac) != 0) {
		snprintf(err, errlen, "mac: expected xx:xx:xx:xx:xx:xx");
		return -EINVAL;
	}
	if (vlan != NULL && !json_is_null(vlan)) {
		f->match_vlan = true;
		f->vlan_id = (uint16_t)json_integer_value(vlan);
	}
	if (vsid != NULL && !json_is_null(vsid)) {
		f->match_vsid = true;
		f->vsid = (uint32_t)json_integer_value(vsid);
	}
	if (need_queue && !json_is_integer(queue)) {
		snprintf(err, errlen, "queue: expected a queue number");
		return -EINVAL;
	}
	f->queue = (uint16_t)json_integer_value(queue);
	return 0;
}

static int ctl_vmq_add(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct taskoff_vmq_filter f;
	int ret = parse_filter(in, &f, true, err, errlen);

	if (ret == 0)
		ret = taskoff_steer_vmq_add(opaque, &f);
	if (ret != 0 && err[0] == '\0')
		snprintf(err, errlen, "%s", ret == -EEXIST ? "filter exists" : rte_strerror(-ret));
	return ret;
}

struct filter_by_id {
	json_int_t id;
	struct taskoff_vmq_filter *out;
};

static int read_filter_by_id(const struct taskoff_steer *st, void *arg)
{
	struct filter_by_id *q = arg;

	if (q->id < 0 || q->id >= st->vmq.nb_filters)
		return -ENOENT;
	*q->out = st->vmq.filters[q->id];
	return 0;
}

static int ctl_vmq_remove(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct taskoff_vmq_filter f;
	const json_t *id = json_object_get(in, "id");
	int ret;

	if (json_is_integer(id)) {
		struct filter_by_id q = {json_integer_value(id), &f};

		ret = taskoff_steer_query(opaque, read_filter_by_id, &q);
	} else {
		ret = parse_filter(in, &f, false, err, errlen);
	}
	if (ret == 0)
		ret = taskoff_steer_vmq_remove(opaque, &f);
	if (ret == -ENOENT)
		snprintf(err, errlen, "no such filter");
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

		rte_ether_format_addr(mac, sizeof(mac), &f->mac);
		json_array_append_new(
		    *out, json_pack("{s:i, s:s, s:o, s:o, s:i}", "id", i, "mac", mac, "vlan",
				    f->match_vlan ? json_integer(f->vlan_id) : json_null(), "vsid",
				    f->match_vsid ? json_integer(f->vsid) : json_null(), "queue",
				    f->queue));
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
