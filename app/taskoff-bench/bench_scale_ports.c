/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scale stage's ports: net_taskoff0 (LSO) wired to net_taskoff1 (RSS +
 * RSC), created through the vdev bus like any DPDK application would, with
 * flows picked from port 1's RSS key and redirection table.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_devargs.h>
#include <rte_ethdev.h>
#include <rte_thash.h>

#include "bench_scale.h"

#define RING_DESC 1024

static const char *const port_names[2] = {"net_taskoff0", "net_taskoff1"};
static const char *const port_args[2] = {"peer=net_taskoff1,queues=2",
					 "peer=net_taskoff0,queues=2"};

/* Declare both devices first: a peer= must name a declared device. */
static int create_ports(void)
{
	char full[96];
	unsigned int i;
	int ret = 0;

	for (i = 0; i < 2 && ret == 0; i++) {
		snprintf(full, sizeof(full), "%s,%s", port_names[i], port_args[i]);
		ret = rte_devargs_add(RTE_DEVTYPE_VIRTUAL, full);
	}
	for (i = 0; i < 2 && ret == 0; i++)
		ret = rte_vdev_init(port_names[i], port_args[i]);
	return ret;
}

static int configure(uint16_t port, bool rx_side, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	if (rx_side) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_TCP;
		conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
				       RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
		conf.rxmode.max_lro_pkt_size = RTE_IPV4_MAX_PKT_LEN + RTE_ETHER_HDR_LEN;
	} else {
		conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
				       RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	}
	ret = rte_eth_dev_configure(port, SCALE_LANES, SCALE_LANES, &conf);
	for (q = 0; q < SCALE_LANES && ret == 0; q++) {
		ret = rte_eth_rx_queue_setup(port, q, RING_DESC, rte_eth_dev_socket_id(port), NULL,
					     pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(port, q, RING_DESC,
						     rte_eth_dev_socket_id(port), NULL);
	}
	return ret;
}

/* Port 1's RX queue for a flow, computed as its RSS does: Toeplitz over the 4-tuple, RETA. */
struct rss_view {
	uint8_t key[64];
	uint16_t reta_size;
	struct rte_eth_rss_reta_entry64 reta[RTE_ETH_RSS_RETA_SIZE_512 / RTE_ETH_RETA_GROUP_SIZE];
};

static int rss_view_load(uint16_t port, struct rss_view *v)
{
	struct rte_eth_rss_conf conf = {.rss_key = v->key, .rss_key_len = sizeof(v->key)};
	struct rte_eth_dev_info info;
	unsigned int i;
	int ret = rte_eth_dev_info_get(port, &info);

	if (ret == 0)
		ret = rte_eth_dev_rss_hash_conf_get(port, &conf);
	if (ret != 0)
		return ret;
	if (info.reta_size == 0 || info.reta_size > RTE_ETH_RSS_RETA_SIZE_512)
		return -ENOTSUP;
	v->reta_size = info.reta_size;
	for (i = 0; i < RTE_DIM(v->reta); i++)
		v->reta[i].mask = UINT64_MAX;
	return rte_eth_dev_rss_reta_query(port, v->reta, v->reta_size);
}

static uint16_t rss_queue(const struct rss_view *v, uint16_t sport)
{
	union rte_thash_tuple t = {.v4 = {.src_addr = SCALE_SRC_IP,
					  .dst_addr = SCALE_DST_IP,
					  .sport = sport,
					  .dport = SCALE_DPORT}};
	uint32_t idx = rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, v->key) % v->reta_size;

	return v->reta[idx / RTE_ETH_RETA_GROUP_SIZE].reta[idx % RTE_ETH_RETA_GROUP_SIZE];
}

/* The first SCALE_FLOWS source ports that land on each lane's queue. */
static int pick_flows(struct scale_ports *p)
{
	unsigned int have[SCALE_LANES] = {0}, found = 0;
	struct rss_view v;
	uint16_t sport;
	int ret = rss_view_load(p->rx_port, &v);

	if (ret != 0)
		return ret;
	for (sport = SCALE_SPORT_BASE; sport < SCALE_SPORT_BASE + 4096 && found < SCALE_LANES;
	     sport++) {
		uint16_t q = rss_queue(&v, sport);

		if (q >= SCALE_LANES || have[q] == SCALE_FLOWS)
			continue;
		p->sport[q][have[q]++] = sport;
		found += have[q] == SCALE_FLOWS;
	}
	return found == SCALE_LANES ? 0 : -ENOENT;
}

static int find_port(const char *name, uint16_t *id)
{
	return rte_eth_dev_get_port_by_name(name, id);
}

static int open_ports(struct scale_ports *p)
{
	int ret = create_ports();

	p->created = ret == 0;
	if (ret == 0)
		ret = find_port(port_names[0], &p->tx_port);
	if (ret == 0)
		ret = find_port(port_names[1], &p->rx_port);
	if (ret == 0)
		ret = configure(p->tx_port, false, p->rx_pool);
	if (ret == 0)
		ret = configure(p->rx_port, true, p->rx_pool);
	if (ret == 0)
		ret = rte_eth_dev_start(p->rx_port);
	if (ret == 0)
		ret = rte_eth_dev_start(p->tx_port);
	if (ret == 0)
		ret = rte_eth_macaddr_get(p->tx_port, &p->tx_mac);
	if (ret == 0)
		ret = rte_eth_macaddr_get(p->rx_port, &p->rx_mac);
	return ret;
}

int scale_ports_open(struct scale_ports *p)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->rx_pool = rte_pktmbuf_pool_create("scale_rx", 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					     (int)rte_socket_id());
	if (p->rx_pool == NULL) {
		fprintf(stderr, "scale: no RX mempool: %s\n", rte_strerror(rte_errno));
		return -ENOMEM;
	}
	ret = open_ports(p);
	if (ret == 0)
		ret = pick_flows(p);
	if (ret != 0)
		fprintf(stderr,
			"scale: cannot set up net_taskoff0/1 (is the net_taskoff PMD "
			"loaded?): %s\n",
			rte_strerror(-ret));
	return ret;
}

void scale_ports_stop(struct scale_ports *p)
{
	if (!p->created)
		return;
	rte_eth_dev_stop(p->tx_port);
	rte_eth_dev_stop(p->rx_port);
}

void scale_ports_close(struct scale_ports *p)
{
	unsigned int i;

	if (p->created) {
		rte_eth_dev_close(p->tx_port);
		rte_eth_dev_close(p->rx_port);
		for (i = 0; i < 2; i++) /* also removes the devargs added in create_ports */
			rte_vdev_uninit(port_names[i]);
	}
	rte_mempool_free(p->rx_pool);
	p->rx_pool = NULL;
	p->created = false;
}

uint64_t scale_xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return UINT64_MAX;
	return v;
}

uint64_t scale_drops(uint16_t port)
{
	struct rte_eth_xstat_name *names = NULL;
	struct rte_eth_xstat *vals = NULL;
	int n = rte_eth_xstats_get_names(port, NULL, 0), i;
	uint64_t sum = 0;

	if (n > 0) {
		names = calloc((size_t)n, sizeof(*names));
		vals = calloc((size_t)n, sizeof(*vals));
	}
	if (names != NULL && vals != NULL && rte_eth_xstats_get_names(port, names, n) == n &&
	    rte_eth_xstats_get(port, vals, n) == n)
		for (i = 0; i < n; i++)
			if (strstr(names[i].name, "drop") != NULL)
				sum += vals[i].value;
	free(names);
	free(vals);
	return sum;
}

/* taskoff_pools.c names them tko_hdr_<port> and tko_ind_<port>. */
int scale_pmd_pools_in_use(uint16_t port)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *h, *i;

	snprintf(name, sizeof(name), "tko_hdr_%u", port);
	h = rte_mempool_lookup(name);
	snprintf(name, sizeof(name), "tko_ind_%u", port);
	i = rte_mempool_lookup(name);
	if (h == NULL || i == NULL)
		return -1;
	return (int)(rte_mempool_in_use_count(h) + rte_mempool_in_use_count(i));
}
