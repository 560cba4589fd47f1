/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control server under test: EAL without hugepages, two fake ports with an
 * in-memory RCU config slot, fixed counters and in-memory RSS/VMQ state, the
 * server on the socket path given as argv[1] ("-": the default path in the EAL
 * runtime dir); argv[2], if given, is a keyword file applied to port 0 (bad
 * lines are logged as FILE:LINE). Prints "READY <runtime dir>"
 * when listening. SIGUSR1 registers a third port (hot-plug), SIGTERM stops.
 *
 * Counter i of queue q is (i + 1) * mult + q, two queues per port, so the
 * port sums are 2 * (i + 1) * mult + 1 (mult 10 for port 0, 1000 for port 1).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>

#include "taskoff_ctl_port.h"
#include "taskoff_ctl_server.h"
#include "taskoff_keywords.h"
#include "test_eal.h"

#define NB_QUEUES   4
#define RETA_SIZE   128
#define RSS_KEY_LEN 40
#define MAX_FILTERS 8

struct fake_filter {
	bool used;
	char mac[18];
	int vlan, vsid, queue;
};

struct fake_port {
	const char *name;
	uint16_t id;
	const char *caps_spec;
	uint64_t mult;
	struct taskoff_hw_caps caps;
	struct taskoff_config_slot slot;
	struct taskoff_counters queues[2];
	uint8_t key[RSS_KEY_LEN];
	uint16_t reta[RETA_SIZE];
	json_t *hash_types;
	struct fake_filter filters[MAX_FILTERS];
};

static volatile sig_atomic_t stop_requested, hotplug_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		hotplug_requested = 1;
	else
		stop_requested = 1;
}

static void fake_stats_get(void *opaque, struct taskoff_counters *out)
{
	struct fake_port *p = opaque;
	unsigned int q, i;

	for (q = 0; q < 2; q++)
		for (i = 0; i < TASKOFF_CNT_MAX; i++)
			out->v[i] += p->queues[q].v[i];
}

static int fake_publish(void *opaque, const struct taskoff_offload_config *next)
{
	struct fake_port *p = opaque;

	return taskoff_config_publish(&p->slot, next);
}

static const struct taskoff_offload_config *fake_current(void *opaque)
{
	struct fake_port *p = opaque;

	return taskoff_config_load(&p->slot);
}

static int fake_rss_get(void *opaque, json_t **out)
{
	struct fake_port *p = opaque;
	char hex[RSS_KEY_LEN * 2 + 1];
	json_t *reta = json_array();
	unsigned int i;

	for (i = 0; i < RSS_KEY_LEN; i++)
		sprintf(hex + 2 * i, "%02x", p->key[i]);
	for (i = 0; i < RETA_SIZE; i++)
		json_array_append_new(reta, json_integer(p->reta[i]));
	*out = json_pack("{s:s, s:o, s:O}", "key", hex, "reta", reta, "hash_types", p->hash_types);
	return 0;
}

static int key_parse(const char *hex, uint8_t *key)
{
	unsigned int i, b;

	if (hex == NULL || strlen(hex) != RSS_KEY_LEN * 2)
		return -EINVAL;
	for (i = 0; i < RSS_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -EINVAL;
		key[i] = (uint8_t)b;
	}
	return 0;
}

static int fake_rss_set(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct fake_port *p = opaque;
	uint8_t key[RSS_KEY_LEN];
	json_t *reta = json_object_get(in, "reta"), *types = json_object_get(in, "hash_types");
	json_t *k = json_object_get(in, "key"), *q;
	size_t i, n = json_array_size(reta);

	if (k != NULL && key_parse(json_string_value(k), key) != 0) {
		snprintf(err, errlen, "key must be %d bytes (%d hex digits)", RSS_KEY_LEN,
			 RSS_KEY_LEN * 2);
		return -EINVAL;
	}
	json_array_foreach(reta, i, q) if (!json_is_integer(q) || json_integer_value(q) < 0 ||
					   json_integer_value(q) >= NB_QUEUES)
	{
		snprintf(err, errlen, "reta entries must be queues 0..%d", NB_QUEUES - 1);
		return -EINVAL;
	}
	if (reta != NULL && (n == 0 || n > RETA_SIZE)) {
		snprintf(err, errlen, "reta needs 1..%d entries", RETA_SIZE);
		return -EINVAL;
	}
	if (k != NULL)
		memcpy(p->key, key, sizeof(key));
	for (i = 0; reta != NULL && i < RETA_SIZE; i++)
		p->reta[i] = (uint16_t)json_integer_value(json_array_get(reta, i % n));
	if (json_is_array(types)) {
		json_decref(p->hash_types);
		p->hash_types = json_deep_copy(types);
	}
	return 0;
}

static bool filter_match(const struct fake_filter *f, const json_t *in)
{
	const char *mac = json_string_value(json_object_get(in, "mac"));
	json_t *vlan = json_object_get(in, "vlan"), *vsid = json_object_get(in, "vsid");

	return f->used && mac != NULL && strcasecmp(f->mac, mac) == 0 &&
	       f->vlan == (vlan ? (int)json_integer_value(vlan) : -1) &&
	       f->vsid == (vsid ? (int)json_integer_value(vsid) : -1);
}

static int fake_vmq_add(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct fake_port *p = opaque;
	const char *mac = json_string_value(json_object_get(in, "mac"));
	json_t *queue = json_object_get(in, "queue");
	json_t *vlan = json_object_get(in, "vlan"), *vsid = json_object_get(in, "vsid");
	int i, slot = -1;

	if (mac == NULL || strlen(mac) != 17 || !json_is_integer(queue) ||
	    json_integer_value(queue) >= NB_QUEUES) {
		snprintf(err, errlen, "need mac and queue 0..%d", NB_QUEUES - 1);
		return -EINVAL;
	}
	for (i = MAX_FILTERS - 1; i >= 0; i--) {
		if (filter_match(&p->filters[i], in)) {
			snprintf(err, errlen, "filter exists (id %d)", i);
			return -EEXIST;
		}
		if (!p->filters[i].used)
			slot = i;
	}
	if (slot < 0)
		return -ENOSPC;
	p->filters[slot] = (struct fake_filter){
	    .used = true,
	    .vlan = vlan ? (int)json_integer_value(vlan) : -1,
	    .vsid = vsid ? (int)json_integer_value(vsid) : -1,
	    .queue = (int)json_integer_value(queue),
	};
	snprintf(p->filters[slot].mac, sizeof(p->filters[slot].mac), "%s", mac);
	return slot;
}

static int fake_vmq_remove(void *opaque, const json_t *in, char *err, size_t errlen)
{
	struct fake_port *p = opaque;
	json_t *id = json_object_get(in, "id");
	int i;

	for (i = 0; i < MAX_FILTERS; i++) {
		if ((id != NULL && json_integer_value(id) == i && p->filters[i].used) ||
		    (id == NULL && filter_match(&p->filters[i], in))) {
			p->filters[i].used = false;
			return 0;
		}
	}
	snprintf(err, errlen, "no such filter");
	return -ENOENT;
}

static int fake_vmq_list(void *opaque, json_t **out)
{
	struct fake_port *p = opaque;
	const struct fake_filter *f;
	int i;

	*out = json_array();
	for (i = 0; i < MAX_FILTERS; i++) {
		f = &p->filters[i];
		if (f->used)
			json_array_append_new(*out, json_pack("{s:i, s:s, s:i, s:i, s:i}", "id", i,
							      "mac", f->mac, "vlan", f->vlan,
							      "vsid", f->vsid, "queue", f->queue));
	}
	return 0;
}

static const struct taskoff_ctl_port_ops full_ops = {
    .stats_get = fake_stats_get,
    .config_publish = fake_publish,
    .config_current = fake_current,
    .rss_get = fake_rss_get,
    .rss_set = fake_rss_set,
    .vmq_add = fake_vmq_add,
    .vmq_remove = fake_vmq_remove,
    .vmq_list = fake_vmq_list,
};

static const struct taskoff_ctl_port_ops basic_ops = {
    .stats_get = fake_stats_get,
    .config_publish = fake_publish,
    .config_current = fake_current,
};

static struct fake_port ports[3] = {
    {.name = "net_taskoff0", .id = 0, .caps_spec = "", .mult = 10},
    {.name = "net_taskoff1",
     .id = 1,
     .caps_spec = "no-lsov2-ipv6:no-rsc:no-uso:lso-max=65536:no-vxlan",
     .mult = 1000},
    {.name = "net_taskoff2", .id = 2, .caps_spec = "no-nvgre", .mult = 7},
};

static int port_bring_up(struct fake_port *p, const struct taskoff_ctl_port_ops *ops,
			 const char *conf)
{
	struct taskoff_offload_config cfg;
	unsigned int q, i;

	taskoff_hw_caps_default(&p->caps);
	if (taskoff_hw_caps_parse(&p->caps, p->caps_spec, NULL) != TASKOFF_NDIS_SUCCESS)
		return -EINVAL;
	taskoff_offload_config_from_caps(&p->caps, &cfg);
	if (conf != NULL &&
	    taskoff_keyword_file_apply(conf, p->name, &p->caps, &cfg, NULL, NULL) < 0)
		return -ENOENT;
	if (taskoff_config_slot_init(&p->slot, &cfg) != 0)
		return -ENOMEM;
	for (q = 0; q < 2; q++)
		for (i = 0; i < TASKOFF_CNT_MAX; i++)
			p->queues[q].v[i] = (i + 1) * p->mult + q;
	for (i = 0; i < RSS_KEY_LEN; i++)
		p->key[i] = (uint8_t)i;
	for (i = 0; i < RETA_SIZE; i++)
		p->reta[i] = (uint16_t)(i % NB_QUEUES);
	p->hash_types = json_pack("[s, s]", "ipv4", "tcp4");
	return taskoff_ctl_port_register(p->name, p->id, &p->caps, ops, p);
}

static void port_take_down(struct fake_port *p)
{
	taskoff_ctl_port_unregister(p->name);
	taskoff_config_slot_fini(&p->slot);
	json_decref(p->hash_types);
}

int main(int argc, char **argv)
{
	bool hotplugged = false;
	const char *path;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s SOCKET_PATH [KEYWORD_FILE]\n", argv[0]);
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGUSR1, on_signal);
	if (test_eal_init("ctl_test_server") != 0)
		return 1;
	path = strcmp(argv[1], "-") == 0 ? NULL : argv[1];
	rc = taskoff_ctl_server_start(path);
	if (rc == 0)
		rc = port_bring_up(&ports[0], &full_ops, argc > 2 ? argv[2] : NULL);
	if (rc == 0)
		rc = port_bring_up(&ports[1], &basic_ops, NULL);
	if (rc != 0 || taskoff_ctl_server_start(path) != 0) { /* a second start is a no-op */
		fprintf(stderr, "ctl_test_server: start failed: %s\n", strerror(-rc));
		return 1;
	}
	printf("READY %s\n", rte_eal_get_runtime_dir());
	fflush(stdout);
	while (!stop_requested) {
		if (hotplug_requested && !hotplugged) {
			hotplugged = port_bring_up(&ports[2], &basic_ops, NULL) == 0;
			printf("HOTPLUG %s\n", hotplugged ? "ok" : "failed");
			fflush(stdout);
		}
		usleep(10000);
	}
	taskoff_ctl_server_stop();
	port_take_down(&ports[0]);
	port_take_down(&ports[1]);
	if (hotplugged)
		port_take_down(&ports[2]);
	rte_eal_cleanup();
	return 0;
}
