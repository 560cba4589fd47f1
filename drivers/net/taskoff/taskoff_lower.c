/* SPDX-License-Identifier: BSD-3-Clause */
/* Overlay wire: TaskOff owns a lower ethdev and puts its frames there. */
#include <stdio.h>

#include <rte_ethdev.h>

#include "taskoff_log.h"
#include "taskoff_pmd.h"

/* Taking ownership hides the lower port from RTE_ETH_FOREACH_DEV, so an
 * application such as testpmd sees only the TaskOff port. */
int taskoff_lower_attach(struct taskoff_port *port)
{
	struct rte_eth_dev_owner owner = {0};
	uint16_t lower_id;
	int ret;

	if (strcmp(port->args.lower, port->name) == 0) {
		TASKOFF_LOG(ERR, "%s: lower=%s is the port itself", port->name, port->args.lower);
		return -EINVAL;
	}
	if (rte_eth_dev_get_port_by_name(port->args.lower, &lower_id) != 0) {
		TASKOFF_LOG(ERR,
			    "%s: lower port %s does not exist (it must be probed first: list its "
			    "--vdev/-a before the net_taskoff vdev)",
			    port->name, port->args.lower);
		return -ENODEV;
	}
	ret = rte_eth_dev_owner_new(&owner.id);
	if (ret == 0) {
		snprintf(owner.name, sizeof(owner.name), "%s", port->name);
		ret = rte_eth_dev_owner_set(lower_id, &owner);
	}
	if (ret != 0) {
		TASKOFF_LOG(ERR, "%s: cannot take ownership of lower port %s: %s", port->name,
			    port->args.lower, rte_strerror(-ret));
		return ret;
	}
	port->lower_port_id = lower_id;
	port->lower_owner_id = owner.id;
	return 0;
}

void taskoff_lower_detach(struct taskoff_port *port)
{
	int ret = rte_eth_dev_stop(port->lower_port_id);

	if (ret != 0 && ret != -ENODEV)
		TASKOFF_LOG(WARNING, "%s: stopping lower %s: %s", port->name, port->args.lower,
			    rte_strerror(-ret));
	rte_eth_dev_owner_unset(port->lower_port_id, port->lower_owner_id);
	rte_eth_dev_close(port->lower_port_id);
}

int taskoff_lower_configure(struct taskoff_port *port, uint16_t nb_rxq, uint16_t nb_txq)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	int ret;

	ret = rte_eth_dev_info_get(port->lower_port_id, &info);
	if (ret != 0)
		return ret;
	if (nb_rxq > info.max_rx_queues || nb_txq > info.max_tx_queues) {
		TASKOFF_LOG(ERR, "%s: lower %s supports %u RX / %u TX queues, %u / %u asked",
			    port->name, port->args.lower, info.max_rx_queues, info.max_tx_queues,
			    nb_rxq, nb_txq);
		return -EINVAL;
	}
	/* Multi-segment frames (segments, coalesced units) go down as chains. */
	conf.txmode.offloads = info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	ret = rte_eth_dev_configure(port->lower_port_id, nb_rxq, nb_txq, &conf);
	if (ret != 0)
		TASKOFF_LOG(ERR, "%s: configuring lower %s failed: %s", port->name,
			    port->args.lower, rte_strerror(-ret));
	return ret;
}

uint16_t taskoff_lower_desc(const struct taskoff_port *port, bool tx, uint16_t nb_desc)
{
	const struct rte_eth_desc_lim *lim;
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port->lower_port_id, &info) != 0)
		return nb_desc;
	lim = tx ? &info.tx_desc_lim : &info.rx_desc_lim;
	if (lim->nb_max != 0 && nb_desc > lim->nb_max)
		nb_desc = lim->nb_max;
	if (nb_desc < lim->nb_min)
		nb_desc = lim->nb_min;
	if (lim->nb_align > 1)
		nb_desc = RTE_ALIGN_FLOOR(nb_desc, lim->nb_align);
	return nb_desc;
}
