/* SPDX-License-Identifier: BSD-3-Clause */
/* ethdev operations of net_taskoff. */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_malloc.h>

#include "taskoff_ctl_port.h"
#include "taskoff_log.h"
#include "taskoff_pmd.h"

static struct taskoff_port *port_of(const struct rte_eth_dev *dev)
{
	return dev->data->dev_private;
}

bool taskoff_is_taskoff_port(const struct rte_eth_dev *dev)
{
	return dev->dev_ops == &taskoff_ops;
}

/*
 * The application thread is not an RCU reader: it copies the current
 * configuration under the lock that serializes publishers (the control server
 * publishes with it held), so the object cannot be retired and freed under it.
 */
static void taskoff_port_config_snapshot(const struct taskoff_port *port,
					 struct taskoff_offload_config *out)
{
	taskoff_ctl_port_lock();
	*out = *taskoff_config_load(&port->config);
	taskoff_ctl_port_unlock();
}

/* Name the first requested offload bit that the port does not offer. */
static int check_requested(const struct taskoff_port *port, const char *dir, uint64_t asked,
			   uint64_t capa, const char *(*name_of)(uint64_t))
{
	uint64_t missing = asked & ~capa;

	if (missing == 0)
		return 0;
	TASKOFF_LOG(ERR, "%s: %s offload %s requested but not enabled in the current configuration",
		    port->name, dir, name_of(missing & -missing));
	return -EINVAL;
}

static int taskoff_dev_configure(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = port_of(dev);
	const struct rte_eth_conf *conf = &dev->data->dev_conf;
	struct taskoff_offload_config cfg_now;
	const struct taskoff_offload_config *cfg = &cfg_now;
	int ret;

	taskoff_port_config_snapshot(port, &cfg_now);

	if (dev->data->nb_rx_queues > port->args.queues ||
	    dev->data->nb_tx_queues > port->args.queues) {
		TASKOFF_LOG(ERR, "%s: %u RX / %u TX queues asked, queues=%u", port->name,
			    dev->data->nb_rx_queues, dev->data->nb_tx_queues, port->args.queues);
		return -EINVAL;
	}
	ret = check_requested(port, "RX", conf->rxmode.offloads, taskoff_rx_offload_capa(cfg),
			      rte_eth_dev_rx_offload_name);
	if (ret == 0)
		ret = check_requested(port, "TX", conf->txmode.offloads,
				      taskoff_tx_offload_capa(cfg), rte_eth_dev_tx_offload_name);
	if (ret == 0)
		ret = taskoff_rss_configure(dev);
	if (ret == 0 && port->wire == TASKOFF_WIRE_LOWER)
		ret =
		    taskoff_lower_configure(port, dev->data->nb_rx_queues, dev->data->nb_tx_queues);
	return ret;
}

static int taskoff_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct taskoff_port *port = port_of(dev);
	struct taskoff_offload_config cfg_now;
	const struct taskoff_offload_config *cfg = &cfg_now;

	taskoff_port_config_snapshot(port, &cfg_now);

	info->max_mac_addrs = 1;
	info->max_rx_queues = port->args.queues;
	info->max_tx_queues = port->args.queues;
	info->max_rx_pktlen = TASKOFF_MAX_MTU + RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = TASKOFF_MAX_MTU;
	info->min_rx_bufsize = 0;
	info->rx_offload_capa = taskoff_rx_offload_capa(cfg);
	info->tx_offload_capa = taskoff_tx_offload_capa(cfg);
	info->rx_queue_offload_capa = 0;
	info->tx_queue_offload_capa = 0;
	info->rx_desc_lim.nb_max = TASKOFF_DESC_MAX;
	info->rx_desc_lim.nb_min = 1;
	info->rx_desc_lim.nb_align = 1;
	info->tx_desc_lim.nb_max = TASKOFF_DESC_MAX;
	info->tx_desc_lim.nb_min = 1;
	info->tx_desc_lim.nb_align = 1;
	info->tx_desc_lim.nb_seg_max = RTE_MBUF_MAX_NB_SEGS;
	info->tx_desc_lim.nb_mtu_seg_max = RTE_MBUF_MAX_NB_SEGS;
	info->speed_capa = RTE_ETH_LINK_SPEED_100G;
	info->max_lro_pkt_size = RTE_IPV4_MAX_PKT_LEN + RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN;
	info->hash_key_size = TASKOFF_RSS_KEY_LEN;
	info->reta_size = TASKOFF_RSS_RETA_SIZE_DEFAULT;
	info->flow_type_rss_offloads = TASKOFF_RSS_HF_SUPPORTED;
	info->default_rxportconf.burst_size = 32;
	info->default_txportconf.burst_size = 32;
	return 0;
}

static int taskoff_dev_start(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = port_of(dev);
	uint16_t q;
	int ret;

	ret = taskoff_wire_resolve_peer(port);
	if (ret != 0)
		return ret;
	if (port->wire == TASKOFF_WIRE_LOWER) {
		ret = rte_eth_dev_start(port->lower_port_id);
		if (ret != 0) {
			TASKOFF_LOG(ERR, "%s: starting lower %s failed: %s", port->name,
				    port->args.lower, rte_strerror(-ret));
			return ret;
		}
	}
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	__atomic_store_n(&port->started, true, __ATOMIC_RELEASE);
	dev->data->dev_link.link_status = RTE_ETH_LINK_UP;
	return 0;
}

static int taskoff_dev_stop(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = port_of(dev);
	unsigned int dropped = 0, drained;
	uint16_t q;

	__atomic_store_n(&port->started, false, __ATOMIC_RELEASE);
	dev->data->dev_link.link_status = RTE_ETH_LINK_DOWN;
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		if (dev->data->tx_queues[q] != NULL)
			dropped += taskoff_tx_queue_drop_backlog(dev->data->tx_queues[q]);
		dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	/* Frames still on our receive wire, or held in an open SCU, were sent while
	 * we were up: the stop discards them. */
	drained = taskoff_wire_rings_drain(port);
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct taskoff_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			drained += taskoff_rx_drop_held(rxq->offload);
		dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	taskoff_stats_count_stopped(port, TASKOFF_CNT_RX_DROP_PORT_STOPPED, drained);
	dropped += drained;
	if (dropped != 0)
		TASKOFF_LOG(INFO, "%s: stop discarded %u frames in flight", port->name, dropped);
	if (port->wire == TASKOFF_WIRE_LOWER)
		return rte_eth_dev_stop(port->lower_port_id);
	return 0;
}

static int rx_queue_offload_init(struct taskoff_rx_queue *rxq, const struct taskoff_port *port,
				 uint16_t qid, unsigned int socket_id)
{
	char name[RTE_MEMZONE_NAMESIZE];
	int ret;

	snprintf(name, sizeof(name), "tko_rx_%u_%u", port->port_id, qid);
	rxq->offload = taskoff_rx_ctx_create(name, (int)socket_id, TASKOFF_RSC_FLOWS);
	if (rxq->offload == NULL)
		return -ENOMEM;
	ret = taskoff_rx_set_decap(rxq->offload, port->args.decap_all, port->args.decap_vsids,
				   port->args.nb_decap_vsids);
	if (ret != 0) {
		taskoff_rx_ctx_free(rxq->offload);
		return ret;
	}
	taskoff_rx_set_rsc_hold(rxq->offload, port->args.rsc_hold_us);
	return 0;
}

static int taskoff_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
				  unsigned int socket_id, const struct rte_eth_rxconf *rx_conf,
				  struct rte_mempool *mb_pool)
{
	struct taskoff_port *port = port_of(dev);
	struct taskoff_rx_queue *rxq;
	int ret;

	if (port->wire == TASKOFF_WIRE_LOWER) {
		ret = rte_eth_rx_queue_setup(port->lower_port_id, qid,
					     taskoff_lower_desc(port, false, nb_desc), socket_id,
					     rx_conf, mb_pool);
		if (ret != 0)
			return ret;
	}
	rxq = rte_zmalloc_socket("taskoff_rxq", sizeof(*rxq), RTE_CACHE_LINE_SIZE, socket_id);
	if (rxq == NULL)
		return -ENOMEM;
	ret = rx_queue_offload_init(rxq, port, qid, socket_id);
	if (ret != 0) {
		rte_free(rxq);
		return ret;
	}
	/* the application's LRO switch */
	taskoff_rx_set_rsc_enabled(rxq->offload, ((dev->data->dev_conf.rxmode.offloads |
						   (rx_conf != NULL ? rx_conf->offloads : 0)) &
						  RTE_ETH_RX_OFFLOAD_TCP_LRO) != 0);
	rxq->port = port;
	rxq->queue_id = qid;
	rxq->rcu = taskoff_rcu();
	rxq->rcu_id = taskoff_rcu_reader_id(port->port_id, false, qid);
	if (rxq->rcu == NULL || taskoff_rcu_reader_register(rxq->rcu_id) != 0) {
		rte_free(rxq);
		return -ENOMEM;
	}
	rxq->mb_pool = mb_pool;
	dev->data->rx_queues[qid] = rxq;
	taskoff_stats_rxq_attach(port, rxq);
	return 0;
}

static int taskoff_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
				  unsigned int socket_id, const struct rte_eth_txconf *tx_conf)
{
	struct taskoff_port *port = port_of(dev);
	struct taskoff_tx_queue *txq;
	int ret;

	if (port->wire == TASKOFF_WIRE_LOWER) {
		ret = rte_eth_tx_queue_setup(port->lower_port_id, qid,
					     taskoff_lower_desc(port, true, nb_desc), socket_id,
					     NULL);
		if (ret != 0)
			return ret;
	}
	(void)tx_conf;
	ret = taskoff_pools_create(port);
	if (ret != 0)
		return ret;
	txq = rte_zmalloc_socket("taskoff_txq", sizeof(*txq), RTE_CACHE_LINE_SIZE, socket_id);
	if (txq == NULL)
		return -ENOMEM;
	txq->port = port;
	txq->queue_id = qid;
	txq->offload.hdr_pool = port->hdr_pool;
	txq->offload.indirect_pool = port->indirect_pool;
	txq->offload.cnt = &txq->cnt;
	txq->offload.max_frames_per_pkt = TASKOFF_TX_STAGE_MAX;
	txq->rcu = taskoff_rcu();
	txq->rcu_id = taskoff_rcu_reader_id(port->port_id, true, qid);
	if (txq->rcu == NULL || taskoff_rcu_reader_register(txq->rcu_id) != 0) {
		rte_free(txq);
		return -ENOMEM;
	}
	dev->data->tx_queues[qid] = txq;
	taskoff_stats_txq_attach(port, txq);
	return 0;
}

static void taskoff_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct taskoff_rx_queue *rxq = dev->data->rx_queues[qid];

	if (rxq != NULL) {
		taskoff_stats_rxq_detach(port_of(dev), rxq);
		taskoff_rcu_reader_unregister(rxq->rcu_id);
		taskoff_rx_ctx_free(rxq->offload);
	}
	rte_free(rxq);
	dev->data->rx_queues[qid] = NULL;
}

static void taskoff_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct taskoff_tx_queue *txq = dev->data->tx_queues[qid];

	if (txq != NULL) {
		taskoff_tx_queue_drop_backlog(txq);
		taskoff_stats_txq_detach(port_of(dev), txq);
		taskoff_rcu_reader_unregister(txq->rcu_id);
	}
	rte_free(txq);
	dev->data->tx_queues[qid] = NULL;
}

static int taskoff_link_update(struct rte_eth_dev *dev, int wait_to_complete)
{
	struct taskoff_port *port = port_of(dev);
	struct rte_eth_link link = {
	    .link_speed = RTE_ETH_SPEED_NUM_100G,
	    .link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
	    .link_autoneg = RTE_ETH_LINK_FIXED,
	    .link_status = taskoff_wire_link_up(port) ? RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN,
	};
	struct rte_eth_link lower;

	(void)wait_to_complete;
	if (port->wire == TASKOFF_WIRE_LOWER && link.link_status == RTE_ETH_LINK_UP &&
	    rte_eth_link_get_nowait(port->lower_port_id, &lower) == 0)
		link.link_status = lower.link_status;
	return rte_eth_linkstatus_set(dev, &link);
}

/* Receive filtering is the lower port's business; loopback and peer wires accept all. */
static int lower_mode(struct rte_eth_dev *dev, int (*op)(uint16_t))
{
	struct taskoff_port *port = port_of(dev);
	int ret;

	if (port->wire != TASKOFF_WIRE_LOWER)
		return 0;
	ret = op(port->lower_port_id);
	return ret == -ENOTSUP ? 0 : ret;
}

static int taskoff_promiscuous_enable(struct rte_eth_dev *dev)
{
	return lower_mode(dev, rte_eth_promiscuous_enable);
}

static int taskoff_promiscuous_disable(struct rte_eth_dev *dev)
{
	return lower_mode(dev, rte_eth_promiscuous_disable);
}

static int taskoff_allmulticast_enable(struct rte_eth_dev *dev)
{
	return lower_mode(dev, rte_eth_allmulticast_enable);
}

static int taskoff_allmulticast_disable(struct rte_eth_dev *dev)
{
	return lower_mode(dev, rte_eth_allmulticast_disable);
}

/* The wire carries the frames: an MTU the lower port refuses is refused here too. */
static int taskoff_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct taskoff_port *port = port_of(dev);
	int ret;

	if (mtu > TASKOFF_MAX_MTU)
		return -EINVAL;
	if (port->wire != TASKOFF_WIRE_LOWER)
		return 0;
	ret = rte_eth_dev_set_mtu(port->lower_port_id, mtu);
	if (ret == -ENOTSUP) /* no MTU of its own (pcap, ring): the lower carries any frame */
		return 0;
	if (ret != 0)
		TASKOFF_LOG(ERR, "%s: MTU %u refused: lower %s refused it: %s", port->name, mtu,
			    port->args.lower, rte_strerror(-ret));
	return ret;
}

static int taskoff_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *addr)
{
	port_of(dev)->mac = *addr;
	return 0;
}

static int taskoff_dev_close(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = port_of(dev);
	uint16_t q;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	/* after this no control callback runs for the port */
	if (port->ctl_registered)
		taskoff_ctl_detach(port);
	port->ctl_registered = false;
	if (port->started)
		taskoff_dev_stop(dev);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		taskoff_rx_queue_release(dev, q);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		taskoff_tx_queue_release(dev, q);
	taskoff_wire_rings_free(port);
	if (port->wire == TASKOFF_WIRE_LOWER)
		taskoff_lower_detach(port);
	taskoff_pools_free(port);
	taskoff_flow_free_all(port);
	taskoff_steer_fini(port);
	taskoff_config_slot_fini(&port->config);
	return 0;
}

/*
 * ethdev UDP tunnel ports: the VXLAN port is the NDIS VxlanUDPPortNumber of
 * the current configuration, so the control plane sees (and announces) the
 * change. NDIS knows one VXLAN port at a time: add replaces it, del of the
 * current port restores the IANA default 4789, del of another port is -ENOENT.
 * Other tunnel types (GENEVE, VXLAN-GPE, ...) are not offloaded: -ENOTSUP.
 */
static int vxlan_port_add(struct taskoff_offload_config *cfg, void *arg)
{
	cfg->vxlan_port = *(const uint16_t *)arg;
	return 0;
}

static int vxlan_port_del(struct taskoff_offload_config *cfg, void *arg)
{
	if (cfg->vxlan_port != *(const uint16_t *)arg)
		return -ENOENT;
	cfg->vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT;
	return 0;
}

static int udp_tunnel_port_update(struct rte_eth_dev *dev, struct rte_eth_udp_tunnel *tunnel,
				  taskoff_config_edit_fn edit)
{
	struct taskoff_port *port = port_of(dev);
	uint16_t udp_port;

	if (tunnel == NULL)
		return -EINVAL;
	if (tunnel->prot_type != RTE_ETH_TUNNEL_TYPE_VXLAN) {
		TASKOFF_LOG(ERR, "%s: UDP tunnel type %u not supported (VXLAN only)", port->name,
			    tunnel->prot_type);
		return -ENOTSUP;
	}
	if (tunnel->udp_port == 0)
		return -EINVAL;
	udp_port = tunnel->udp_port;
	return taskoff_ctl_config_edit(port, edit, &udp_port);
}

static int taskoff_udp_tunnel_port_add(struct rte_eth_dev *dev, struct rte_eth_udp_tunnel *tunnel)
{
	return udp_tunnel_port_update(dev, tunnel, vxlan_port_add);
}

static int taskoff_udp_tunnel_port_del(struct rte_eth_dev *dev, struct rte_eth_udp_tunnel *tunnel)
{
	return udp_tunnel_port_update(dev, tunnel, vxlan_port_del);
}

const struct eth_dev_ops taskoff_secondary_ops = {
    .dev_infos_get = taskoff_dev_infos_get,
    .link_update = taskoff_link_update,
    .stats_get = taskoff_stats_get,
    .xstats_get = taskoff_xstats_get,
    .xstats_get_names = taskoff_xstats_get_names,
};

const struct eth_dev_ops taskoff_ops = {
    .dev_configure = taskoff_dev_configure,
    .dev_infos_get = taskoff_dev_infos_get,
    .dev_start = taskoff_dev_start,
    .dev_stop = taskoff_dev_stop,
    .dev_close = taskoff_dev_close,
    .rx_queue_setup = taskoff_rx_queue_setup,
    .tx_queue_setup = taskoff_tx_queue_setup,
    .rx_queue_release = taskoff_rx_queue_release,
    .tx_queue_release = taskoff_tx_queue_release,
    .link_update = taskoff_link_update,
    .promiscuous_enable = taskoff_promiscuous_enable,
    .promiscuous_disable = taskoff_promiscuous_disable,
    .allmulticast_enable = taskoff_allmulticast_enable,
    .allmulticast_disable = taskoff_allmulticast_disable,
    .mtu_set = taskoff_mtu_set,
    .mac_addr_set = taskoff_mac_addr_set,
    .stats_get = taskoff_stats_get,
    .stats_reset = taskoff_stats_reset,
    .xstats_get = taskoff_xstats_get,
    .xstats_get_names = taskoff_xstats_get_names,
    .xstats_reset = taskoff_stats_reset,
    .rss_hash_update = taskoff_rss_hash_update,
    .rss_hash_conf_get = taskoff_rss_hash_conf_get,
    .reta_update = taskoff_reta_update,
    .reta_query = taskoff_reta_query,
    .flow_ops_get = taskoff_flow_ops_get,
    .udp_tunnel_port_add = taskoff_udp_tunnel_port_add,
    .udp_tunnel_port_del = taskoff_udp_tunnel_port_del,
};
