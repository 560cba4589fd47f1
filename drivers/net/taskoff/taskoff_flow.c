/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow as a front end to VMQ filters, so `flow create` in testpmd steers
 * like a VMQ-capable NIC:
 *   eth dst is M [/ vlan vid is V] / end actions queue index Q / end
 *   eth / ipv4|ipv6 / nvgre tni is X / eth dst is M / end actions queue index Q / end
 * ethdev serializes rte_flow calls for this PMD (no FLOW_OPS_THREAD_SAFE flag).
 */
#include <stdlib.h>
#include <string.h>

#include <rte_flow_driver.h>
#include <rte_malloc.h>

#include "taskoff_pmd.h"

struct rte_flow {
	TAILQ_ENTRY(rte_flow) next;
	struct taskoff_vmq_filter filter;
};

static int flow_error(struct rte_flow_error *err, enum rte_flow_error_type type, const void *what,
		      const char *msg)
{
	return rte_flow_error_set(err, ENOTSUP, type, what, msg);
}

static bool mac_fully_masked(const struct rte_flow_item *item)
{
	static const struct rte_ether_addr all = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
	const struct rte_flow_item_eth *mask = item->mask ? item->mask : &rte_flow_item_eth_mask;

	return rte_is_same_ether_addr(&mask->hdr.dst_addr, &all);
}

/* The destination MAC of an eth item with a spec; false if the item does not match on it. */
static bool eth_dst(const struct rte_flow_item *item, struct rte_ether_addr *mac)
{
	const struct rte_flow_item_eth *spec = item->spec;

	if (spec == NULL || !mac_fully_masked(item))
		return false;
	*mac = spec->hdr.dst_addr;
	return true;
}

static int parse_tunnel(const struct rte_flow_item *item, struct taskoff_vmq_filter *f,
			struct rte_flow_error *err)
{
	const struct rte_flow_item_nvgre *nvgre = item->spec;

	if (nvgre == NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item, "nvgre needs tni");
	f->match_vsid = true;
	f->vsid = (uint32_t)nvgre->tni[0] << 16 | (uint32_t)nvgre->tni[1] << 8 | nvgre->tni[2];
	item++;
	if (item->type != RTE_FLOW_ITEM_TYPE_ETH || !eth_dst(item, &f->mac))
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "nvgre must be followed by eth dst is MAC");
	if ((item + 1)->type != RTE_FLOW_ITEM_TYPE_END)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item + 1, "end expected");
	return 0;
}

static int parse_pattern(const struct rte_flow_item *item, struct taskoff_vmq_filter *f,
			 struct rte_flow_error *err)
{
	bool have_mac;

	if (item->type != RTE_FLOW_ITEM_TYPE_ETH)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "pattern must start with eth");
	have_mac = eth_dst(item, &f->mac);
	for (item++; item->type != RTE_FLOW_ITEM_TYPE_END; item++) {
		switch (item->type) {
		case RTE_FLOW_ITEM_TYPE_VLAN:
			if (item->spec == NULL)
				break;
			f->match_vlan = true;
			f->vlan_id =
			    rte_be_to_cpu_16(
				((const struct rte_flow_item_vlan *)item->spec)->hdr.vlan_tci) &
			    0xfff;
			break;
		case RTE_FLOW_ITEM_TYPE_IPV4:
		case RTE_FLOW_ITEM_TYPE_IPV6:
			if (item->spec != NULL)
				return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
						  "outer IP fields are not matched");
			break;
		case RTE_FLOW_ITEM_TYPE_NVGRE:
			return parse_tunnel(item, f, err);
		default:
			return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
					  "only eth, vlan, ipv4, ipv6, nvgre are supported");
		}
	}
	return have_mac
		   ? 0
		   : flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, NULL, "eth dst is MAC required");
}

static int parse_actions(const struct rte_eth_dev *dev, const struct rte_flow_action *action,
			 struct taskoff_vmq_filter *f, struct rte_flow_error *err)
{
	bool have_queue = false;

	for (; action->type != RTE_FLOW_ACTION_TYPE_END; action++) {
		if (action->type == RTE_FLOW_ACTION_TYPE_VOID)
			continue;
		if (action->type != RTE_FLOW_ACTION_TYPE_QUEUE)
			return flow_error(err, RTE_FLOW_ERROR_TYPE_ACTION, action,
					  "only the queue action is supported");
		f->queue = ((const struct rte_flow_action_queue *)action->conf)->index;
		if (f->queue >= dev->data->nb_rx_queues)
			return rte_flow_error_set(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
						  action, "queue index out of range");
		have_queue = true;
	}
	return have_queue
		   ? 0
		   : flow_error(err, RTE_FLOW_ERROR_TYPE_ACTION, NULL, "queue action required");
}

static int flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		      const struct rte_flow_item pattern[], const struct rte_flow_action actions[],
		      struct taskoff_vmq_filter *f, struct rte_flow_error *err)
{
	memset(f, 0, sizeof(*f));
	if (attr->egress || attr->transfer || !attr->ingress || attr->group != 0)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ATTR, attr,
				  "only ingress rules in group 0");
	if (parse_pattern(pattern, f, err) != 0)
		return -rte_errno;
	return parse_actions(dev, actions, f, err) != 0 ? -rte_errno : 0;
}

static int taskoff_flow_validate(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
				 const struct rte_flow_item pattern[],
				 const struct rte_flow_action actions[], struct rte_flow_error *err)
{
	struct taskoff_vmq_filter f;

	return flow_parse(dev, attr, pattern, actions, &f, err);
}

static struct rte_flow *taskoff_flow_create(struct rte_eth_dev *dev,
					    const struct rte_flow_attr *attr,
					    const struct rte_flow_item pattern[],
					    const struct rte_flow_action actions[],
					    struct rte_flow_error *err)
{
	struct taskoff_port *port = dev->data->dev_private;
	struct rte_flow *flow = rte_zmalloc("taskoff_flow", sizeof(*flow), 0);
	int ret;

	if (flow == NULL) {
		rte_flow_error_set(err, ENOMEM, RTE_FLOW_ERROR_TYPE_HANDLE, NULL, "no memory");
		return NULL;
	}
	ret = flow_parse(dev, attr, pattern, actions, &flow->filter, err);
	if (ret == 0) {
		ret = taskoff_steer_vmq_add(port, &flow->filter);
		if (ret != 0)
			rte_flow_error_set(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
					   ret == -EEXIST ? "same filter exists"
							  : "VMQ filter table full");
	}
	if (ret != 0) {
		rte_free(flow);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&port->flows, flow, next);
	return flow;
}

static int taskoff_flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
				struct rte_flow_error *err)
{
	struct taskoff_port *port = dev->data->dev_private;
	int ret = taskoff_steer_vmq_remove(port, &flow->filter);

	if (ret != 0 && ret != -ENOENT)
		return rte_flow_error_set(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, flow,
					  "cannot remove the filter");
	TAILQ_REMOVE(&port->flows, flow, next);
	rte_free(flow);
	return 0;
}

static int taskoff_flow_flush(struct rte_eth_dev *dev, struct rte_flow_error *err)
{
	struct taskoff_port *port = dev->data->dev_private;
	int ret;

	while (!TAILQ_EMPTY(&port->flows)) {
		ret = taskoff_flow_destroy(dev, TAILQ_FIRST(&port->flows), err);
		if (ret != 0)
			return ret;
	}
	return 0;
}

void taskoff_flow_free_all(struct taskoff_port *port)
{
	struct rte_flow *flow;

	while ((flow = TAILQ_FIRST(&port->flows)) != NULL) {
		TAILQ_REMOVE(&port->flows, flow, next);
		rte_free(flow);
	}
}

static const struct rte_flow_ops taskoff_flow_ops = {
    .validate = taskoff_flow_validate,
    .create = taskoff_flow_create,
    .destroy = taskoff_flow_destroy,
    .flush = taskoff_flow_flush,
};

int taskoff_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops)
{
	(void)dev;
	*ops = &taskoff_flow_ops;
	return 0;
}
