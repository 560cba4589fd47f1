/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_devargs.h>

#include "ports.h"

#define TASKOFF_DRIVER "net_taskoff"

static const char *const builtin_ports[] = {
    "net_taskoff0,peer=net_taskoff1",
    "net_taskoff1,peer=net_taskoff0",
};

/* What the engines ask for; the port's capabilities decide what is enabled. */
#define WANTED_RX                                                                                  \
	(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |                            \
	 RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_OUTER_IPV4_CKSUM |                      \
	 RTE_ETH_RX_OFFLOAD_OUTER_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_LRO)
#define WANTED_TX                                                                                  \
	(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |                            \
	 RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO |  \
	 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO | RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |                       \
	 RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM |                \
	 RTE_ETH_TX_OFFLOAD_MULTI_SEGS)

static bool is_taskoff(uint16_t port)
{
	struct rte_eth_dev_info info;

	return rte_eth_dev_info_get(port, &info) == 0 && info.driver_name != NULL &&
	       strcmp(info.driver_name, TASKOFF_DRIVER) == 0;
}

static uint16_t find_ports(struct app_port *ports)
{
	uint16_t p, n = 0;

	RTE_ETH_FOREACH_DEV(p)
	{
		if (n == PORTS_MAX || !is_taskoff(p))
			continue;
		ports[n].id = p;
		rte_eth_dev_get_name_by_port(p, ports[n].name);
		n++;
	}
	return n;
}

/* Split "name,args" and add queues=N unless the args set it. */
static void port_spec(const char *spec, uint16_t queues, char *name, char *args, size_t size)
{
	const char *comma = strchr(spec, ',');
	size_t nlen = comma != NULL ? (size_t)(comma - spec) : strlen(spec);

	snprintf(name, size, "%.*s", (int)nlen, spec);
	snprintf(args, size, "%s", comma != NULL ? comma + 1 : "");
	if (strstr(args, "queues=") == NULL)
		snprintf(args + strlen(args), size - strlen(args), "%squeues=%u",
			 args[0] != '\0' ? "," : "", queues);
}

/* Declare every port first (a peer= must name a declared device), then probe each. */
static int create_ports(const char *const *specs, uint16_t n, uint16_t queues)
{
	char name[OPTS_PORT_ARGS_MAX + 32], args[OPTS_PORT_ARGS_MAX + 32],
	    full[2 * OPTS_PORT_ARGS_MAX + 64];
	uint16_t i;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++) {
		port_spec(specs[i], queues, name, args, sizeof(name));
		snprintf(full, sizeof(full), "%s,%s", name, args);
		ret = rte_devargs_add(RTE_DEVTYPE_VIRTUAL, full);
	}
	for (i = 0; i < n && ret == 0; i++) {
		port_spec(specs[i], queues, name, args, sizeof(name));
		ret = rte_vdev_init(name, args);
		if (ret != 0)
			fprintf(stderr, "taskoff: cannot create port %s: %s\n", specs[i],
				rte_strerror(-ret));
	}
	return ret;
}

int ports_discover(const struct app_opts *o, uint16_t queues, struct app_port *ports)
{
	const char *specs[PORTS_MAX];
	uint16_t i, n = find_ports(ports);
	int ret;

	if (n != 0)
		return n;
	for (i = 0; i < o->nb_ports; i++)
		specs[i] = o->port[i];
	ret = o->nb_ports != 0 ? create_ports(specs, o->nb_ports, queues)
			       : create_ports(builtin_ports, RTE_DIM(builtin_ports), queues);
	return ret != 0 ? ret : find_ports(ports);
}

static int setup_queues(const struct app_port *p, struct rte_mempool *pool)
{
	uint16_t q;
	int ret = 0;

	for (q = 0; q < p->nb_queues && ret == 0; q++) {
		ret = rte_eth_rx_queue_setup(p->id, q, 1024, rte_eth_dev_socket_id(p->id), NULL,
					     pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(p->id, q, 1024, rte_eth_dev_socket_id(p->id),
						     NULL);
	}
	return ret;
}

int ports_start(struct app_port *p, uint16_t queues, uint16_t mtu, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	int ret = rte_eth_dev_info_get(p->id, &info);

	if (ret != 0)
		return ret;
	memset(&conf, 0, sizeof(conf));
	p->nb_queues = RTE_MIN(queues, RTE_MIN(info.max_rx_queues, info.max_tx_queues));
	p->rx_offloads = WANTED_RX & info.rx_offload_capa;
	p->tx_offloads = WANTED_TX & info.tx_offload_capa;
	conf.rxmode.offloads = p->rx_offloads;
	conf.rxmode.mtu = mtu;
	conf.rxmode.max_lro_pkt_size = info.max_lro_pkt_size;
	conf.txmode.offloads = p->tx_offloads;
	ret = rte_eth_dev_configure(p->id, p->nb_queues, p->nb_queues, &conf);
	if (ret == 0)
		ret = setup_queues(p, pool);
	if (ret == 0)
		ret = rte_eth_dev_start(p->id);
	p->started = ret == 0;
	return ret;
}

void ports_stop(struct app_port *p)
{
	if (p->started)
		rte_eth_dev_stop(p->id);
	p->started = false;
}

void ports_close(struct app_port *p)
{
	rte_eth_dev_close(p->id);
}

void ports_offload_names(char *buf, size_t size, uint64_t offloads, bool rx)
{
	size_t used = 0;
	uint64_t bit;

	buf[0] = '\0';
	for (bit = 1; bit != 0 && used < size; bit <<= 1) {
		const char *name;

		if (!(offloads & bit))
			continue;
		name = rx ? rte_eth_dev_rx_offload_name(bit) : rte_eth_dev_tx_offload_name(bit);
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "", name);
	}
}
