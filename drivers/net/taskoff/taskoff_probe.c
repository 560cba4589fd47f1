/* SPDX-License-Identifier: BSD-3-Clause */
/* devargs, probe and remove of the net_taskoff vdev. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_vdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_devargs.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>

#include "taskoff_log.h"
#include "taskoff_port_setup.h"
#include "taskoff_pmd.h"

#define ARG_PEER   "peer"
#define ARG_LOWER  "lower"
#define ARG_QUEUES "queues"
#define ARG_MAC	   "mac"
#define ARG_CONF   "conf"
#define ARG_CAPS   "caps"
#define ARG_CTL	   "ctl"
#define ARG_DECAP  "decap"
#define ARG_HOLD   "rsc_hold_us"

static const char *const valid_args[] = {
    ARG_PEER, ARG_LOWER, ARG_QUEUES, ARG_MAC,  ARG_CONF,
    ARG_CAPS, ARG_CTL,	 ARG_DECAP,  ARG_HOLD, NULL,
};

/* The first devargs error, logged once by probe with the device name. */
static char devargs_error[256];

static int arg_error(const char *fmt, const char *key, const char *value)
{
	if (devargs_error[0] == '\0')
		snprintf(devargs_error, sizeof(devargs_error), fmt, key, value ? value : "");
	return -EINVAL;
}

static int arg_copy(const char *key, const char *value, void *out, size_t size)
{
	if (value == NULL || value[0] == '\0' || strlen(value) >= size)
		return arg_error("devarg %s='%s': empty or too long", key, value);
	strlcpy(out, value, size);
	return 0;
}

static int arg_name(const char *key, const char *value, void *out)
{
	return arg_copy(key, value, out, TASKOFF_NAME_MAX);
}

static int arg_path(const char *key, const char *value, void *out)
{
	return arg_copy(key, value, out, PATH_MAX);
}

static int arg_queues(const char *key, const char *value, void *out)
{
	char *end = NULL;
	unsigned long n = value != NULL ? strtoul(value, &end, 10) : 0;

	if (value == NULL || end == value || *end != '\0' || n < 1 || n > TASKOFF_MAX_QUEUES)
		return arg_error("devarg %s=%s: must be 1..16", key, value);
	*(uint16_t *)out = (uint16_t)n;
	return 0;
}

static int arg_hold(const char *key, const char *value, void *out)
{
	char *end = NULL;
	unsigned long us = value != NULL ? strtoul(value, &end, 10) : 0;

	if (value == NULL || end == value || *end != '\0' || value[0] == '-' ||
	    us > TASKOFF_RSC_HOLD_MAX_US)
		return arg_error("devarg %s=%s: must be 0..100000 (microseconds)", key, value);
	*(uint32_t *)out = (uint32_t)us;
	return 0;
}

static int arg_mac(const char *key, const char *value, void *out)
{
	struct taskoff_devargs *args = out;

	if (value == NULL || rte_ether_unformat_addr(value, &args->mac) != 0)
		return arg_error("devarg %s=%s: not a MAC address", key, value);
	args->mac_set = true;
	return 0;
}

/* One decap= list entry: <vsid>, vsid:<vsid> (NVGRE) or vni:<vni> (VXLAN),
 * 24 bits; a VNI is marked TASKOFF_DECAP_ID_VNI. @return the id or -1. */
static int64_t decap_id(const char *tok)
{
	uint32_t mark = 0;
	unsigned long id;
	char *end;

	if (strncmp(tok, "vni:", 4) == 0) {
		mark = TASKOFF_DECAP_ID_VNI;
		tok += 4;
	} else if (strncmp(tok, "vsid:", 5) == 0) {
		tok += 5;
	}
	id = strtoul(tok, &end, 0);
	if (end == tok || *end != '\0' || id > TASKOFF_NVGRE_VSID_MAX)
		return -1;
	return (int64_t)(id | mark);
}

/* decap=all|none|<id>[/<id>...], id = <vsid> | vsid:<vsid> | vni:<vni>; all = NVGRE and VXLAN */
static int arg_decap(const char *key, const char *value, void *out)
{
	struct taskoff_devargs *args = out;
	char buf[256], *tok, *save = NULL;
	int64_t id;

	if (value == NULL || strlen(value) >= sizeof(buf))
		return arg_error("devarg %s=%s: all, none or VSIDs / vni:<VNI> separated by '/'",
				 key, value);
	strlcpy(args->decap, value, sizeof(args->decap));
	if (strcmp(value, "all") == 0) {
		args->decap_all = true;
		return 0;
	}
	if (strcmp(value, "none") == 0)
		return 0;
	strlcpy(buf, value, sizeof(buf));
	for (tok = strtok_r(buf, "/", &save); tok != NULL; tok = strtok_r(NULL, "/", &save)) {
		id = decap_id(tok);
		if (id < 0 || args->nb_decap_vsids == RTE_DIM(args->decap_vsids))
			return arg_error("devarg %s=%s: VSIDs (or vsid:<n>) and vni:<n> are 24-bit "
					 "numbers, at most 64",
					 key, value);
		args->decap_vsids[args->nb_decap_vsids++] = (uint32_t)id;
	}
	return 0;
}

static bool is_known_key(const char *token)
{
	size_t len = strcspn(token, "=");
	unsigned int i;

	for (i = 0; valid_args[i] != NULL; i++)
		if (strlen(valid_args[i]) == len && strncmp(token, valid_args[i], len) == 0)
			return true;
	return false;
}

/*
 * caps= takes a list whose items may themselves contain ',' and '=' (e.g.
 * caps=no-rsc,lso-max=65536), which rte_kvargs cannot carry. Every token after
 * caps= that does not start with a known key belongs to the caps list.
 */
static int split_caps(const char *params, char *rest, size_t rest_size, char *caps,
		      size_t caps_size)
{
	char buf[1024], *tok, *save = NULL;
	bool in_caps = false;

	if (strlcpy(buf, params, sizeof(buf)) >= sizeof(buf))
		return arg_error("devargs too long (%s%s)", "", "");
	rest[0] = caps[0] = '\0';
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		bool known = is_known_key(tok);

		in_caps = known ? strncmp(tok, "caps=", 5) == 0 : in_caps;
		if (in_caps) {
			if (caps[0] != '\0')
				strlcat(caps, ",", caps_size);
			if (strlcat(caps, known ? tok + 5 : tok, caps_size) >= caps_size)
				return arg_error("devarg %s=%s: too long", "caps", tok);
			continue;
		}
		if (rest[0] != '\0')
			strlcat(rest, ",", rest_size);
		strlcat(rest, tok, rest_size);
	}
	return 0;
}

static int parse_devargs(const char *params, struct taskoff_devargs *args)
{
	char rest[1024];
	struct rte_kvargs *kv;
	int ret = 0;

	memset(args, 0, sizeof(*args));
	args->queues = 1;
	if (params == NULL || params[0] == '\0')
		return 0;
	if (split_caps(params, rest, sizeof(rest), args->caps, sizeof(args->caps)) != 0)
		return -EINVAL;
	if (rest[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(rest, valid_args);
	if (kv == NULL)
		return arg_error("invalid devargs '%s%s' (known keys: peer, lower, queues, mac, "
				 "conf, caps, ctl, decap, rsc_hold_us)",
				 params, "");
	ret |= rte_kvargs_process(kv, ARG_PEER, arg_name, args->peer);
	ret |= rte_kvargs_process(kv, ARG_LOWER, arg_name, args->lower);
	ret |= rte_kvargs_process(kv, ARG_QUEUES, arg_queues, &args->queues);
	ret |= rte_kvargs_process(kv, ARG_MAC, arg_mac, args);
	ret |= rte_kvargs_process(kv, ARG_CONF, arg_path, args->conf);
	ret |= rte_kvargs_process(kv, ARG_CTL, arg_path, args->ctl);
	ret |= rte_kvargs_process(kv, ARG_DECAP, arg_decap, args);
	ret |= rte_kvargs_process(kv, ARG_HOLD, arg_hold, &args->rsc_hold_us);
	rte_kvargs_free(kv);
	return ret != 0 ? -EINVAL : 0;
}

/* A peer must be a net_taskoff vdev on the command line (it may not be probed yet). */
static int check_peer_declared(const char *self, const char *peer)
{
	struct rte_devargs *da;

	if (strcmp(self, peer) == 0) {
		TASKOFF_LOG(ERR, "%s: peer=%s is the port itself (omit peer= for loopback)", self,
			    peer);
		return -EINVAL;
	}
	RTE_EAL_DEVARGS_FOREACH("vdev", da)
	{
		if (strcmp(da->name, peer) != 0)
			continue;
		if (strncmp(peer, "net_taskoff", strlen("net_taskoff")) != 0) {
			TASKOFF_LOG(ERR, "%s: peer %s is not a net_taskoff device", self, peer);
			return -EINVAL;
		}
		return 0;
	}
	TASKOFF_LOG(ERR, "%s: peer %s does not exist (no --vdev %s given)", self, peer, peer);
	return -ENODEV;
}

static int validate_wire(const char *name, const struct taskoff_devargs *args)
{
	if (args->peer[0] != '\0' && args->lower[0] != '\0') {
		TASKOFF_LOG(ERR, "%s: peer= and lower= are exclusive", name);
		return -EINVAL;
	}
	if (args->peer[0] != '\0')
		return check_peer_declared(name, args->peer);
	return 0;
}

static void port_default_mac(struct taskoff_port *port)
{
	/* locally administered, "TOF" + port id */
	struct rte_ether_addr mac = {{0x02, 0x54, 0x4f, 0x46, 0x00, (uint8_t)port->port_id}};

	port->mac = port->args.mac_set ? port->args.mac : mac;
}

static int port_init(struct rte_eth_dev *dev, const char *name, const struct taskoff_devargs *args)
{
	struct taskoff_port *port = dev->data->dev_private;
	struct taskoff_offload_config cfg;
	int ret;

	strlcpy(port->name, name, sizeof(port->name));
	strlcpy(port->build_id, taskoff_plugin_build_id(), sizeof(port->build_id));
	port->port_id = dev->data->port_id;
	port->args = *args;
	TAILQ_INIT(&port->flows);
	port->wire = args->lower[0] != '\0'  ? TASKOFF_WIRE_LOWER
		     : args->peer[0] != '\0' ? TASKOFF_WIRE_PEER
					     : TASKOFF_WIRE_LOOPBACK;
	port_default_mac(port);
	/* hardware capabilities from caps=, then the keyword file conf= on top of the defaults */
	ret = taskoff_port_offload_setup(name, args->caps[0] ? args->caps : NULL,
					 args->conf[0] ? args->conf : NULL, &port->caps, &cfg);
	if (ret != 0)
		return ret;
	ret = taskoff_config_slot_init(&port->config, &cfg);
	if (ret != 0)
		return ret;
	if (port->wire == TASKOFF_WIRE_LOWER)
		ret = taskoff_lower_attach(port);
	else
		ret = taskoff_wire_rings_create(port);
	if (ret != 0)
		taskoff_config_slot_fini(&port->config);
	return ret;
}

/*
 * A secondary process (dpdk-proc-info, dpdk-pdump, dpdk-dumpcap) attaches to
 * the primary's port: shared ethdev data and port structure, burst functions
 * and read-only ops of its own process; no control server, no lower port of
 * its own, nothing it could free that the primary owns.
 */
static int probe_secondary(struct rte_vdev_device *vdev, const char *name)
{
	struct rte_eth_dev *dev = rte_eth_dev_attach_secondary(name);
	const struct taskoff_port *port;

	if (dev == NULL) {
		TASKOFF_LOG(ERR, "%s: no such port in the primary process", name);
		return -ENODEV;
	}
	port = dev->data->dev_private;
	if (strcmp(port->build_id, taskoff_plugin_build_id()) != 0) {
		TASKOFF_LOG(ERR,
			    "%s: the primary runs net_taskoff build %s, this process build %s: "
			    "load the same plugin file in both",
			    name, port->build_id, taskoff_plugin_build_id());
		rte_eth_dev_release_port(dev);
		return -EPROTO;
	}
	dev->device = &vdev->device; /* per process: ethdev does not share it */
	dev->dev_ops = &taskoff_secondary_ops;
	dev->rx_pkt_burst = taskoff_pmd_rx_burst;
	dev->tx_pkt_burst = taskoff_pmd_tx_burst;
	dev->tx_pkt_prepare = taskoff_pmd_tx_prepare;
	rte_eth_dev_probing_finish(dev);
	return 0;
}

static int taskoff_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct taskoff_devargs args;
	struct rte_eth_dev *dev;
	struct taskoff_port *port;
	int ret;

	if (rte_eal_process_type() == RTE_PROC_SECONDARY)
		return probe_secondary(vdev, name);
	devargs_error[0] = '\0';
	ret = parse_devargs(rte_vdev_device_args(vdev), &args);
	if (ret != 0) {
		TASKOFF_LOG(ERR, "%s: %s", name, devargs_error);
		return ret;
	}
	ret = validate_wire(name, &args);
	if (ret != 0)
		return ret;
	dev = rte_eth_vdev_allocate(vdev, sizeof(struct taskoff_port));
	if (dev == NULL)
		return -ENOMEM;
	ret = port_init(dev, name, &args);
	if (ret != 0) {
		rte_eth_dev_release_port(dev);
		return ret;
	}
	port = dev->data->dev_private;
	/* ethdev frees mac_addrs with rte_free when the port is released */
	dev->data->mac_addrs = rte_zmalloc("taskoff_mac", sizeof(port->mac), 0);
	if (dev->data->mac_addrs == NULL) {
		taskoff_wire_rings_free(port);
		taskoff_config_slot_fini(&port->config);
		rte_eth_dev_release_port(dev);
		return -ENOMEM;
	}
	*dev->data->mac_addrs = port->mac;
	dev->dev_ops = &taskoff_ops;
	dev->rx_pkt_burst = taskoff_pmd_rx_burst;
	dev->tx_pkt_burst = taskoff_pmd_tx_burst;
	dev->tx_pkt_prepare = taskoff_pmd_tx_prepare;
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	rte_eth_dev_probing_finish(dev);
	/* a port without its control socket still forwards: report, do not fail the probe */
	port->ctl_registered = taskoff_ctl_attach(port) == 0;
	TASKOFF_LOG(INFO, "%s: port %u, %s wire%s%s, %u queue(s)", name, port->port_id,
		    port->wire == TASKOFF_WIRE_LOWER  ? "lower"
		    : port->wire == TASKOFF_WIRE_PEER ? "peer"
						      : "loopback",
		    port->wire == TASKOFF_WIRE_LOOPBACK ? "" : " ",
		    port->wire == TASKOFF_WIRE_LOWER  ? args.lower
		    : port->wire == TASKOFF_WIRE_PEER ? args.peer
						      : "",
		    args.queues);
	return 0;
}

static int taskoff_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));

	if (dev == NULL)
		return 0;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) /* the port stays the primary's */
		return rte_eth_dev_release_port(dev);
	return rte_eth_dev_close(dev->data->port_id);
}

static struct rte_vdev_driver taskoff_vdev_driver = {
    .probe = taskoff_probe,
    .remove = taskoff_remove,
};

/* RTE_PMD_REGISTER_VDEV, except that only the first copy loaded registers (taskoff_plugin.c). */
RTE_INIT(taskoff_vdev_register)
{
	taskoff_vdev_driver.driver.name = "net_taskoff";
	taskoff_vdev_driver.driver.alias = "eth_taskoff";
	if (taskoff_plugin_claim())
		rte_vdev_register(&taskoff_vdev_driver);
}
RTE_PMD_EXPORT_NAME(net_taskoff, __COUNTER__);
RTE_PMD_REGISTER_PARAM_STRING(net_taskoff, "peer=<vdev name> "
					   "lower=<ethdev name> "
					   "queues=<1-16> "
					   "mac=<xx:xx:xx:xx:xx:xx> "
					   "conf=<keyword file> "
					   "caps=<capability removals> "
					   "ctl=<socket path> "
					   "decap=all|none|<vsid>|vni:<vni>[/...] "
					   "rsc_hold_us=<0-100000>");
