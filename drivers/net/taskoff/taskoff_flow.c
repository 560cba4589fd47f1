/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow as a front end to VMQ filters, so `flow create` in testpmd steers
 * like a VMQ-capable NIC:
 *   eth dst is M [/ vlan vid is V] / end actions queue index Q / end
 *   eth / ipv4|ipv6 / nvgre tni is X / eth dst is M / end actions queue index Q / end
 *   eth / ipv4|ipv6 / udp / vxlan vni is N / eth dst is M / end actions queue index Q / end
 * (VMQ matches the inner eth dst and the VSID / VNI; VXLAN is UDP to the port configured
 * for VXLAN, so the udp item carries no fields). Anything else is refused by name.
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

/* What the outer part of a pattern held before a tunnel item. */
struct flow_outer {
	bool fields;			/* the outer eth or vlan item matches on something */
	const struct rte_flow_item *ip; /* the ipv4/ipv6 item, if any */
};

/* The item after a tunnel header: the inner eth dst is M (nothing else of it), then end. */
static int parse_inner_eth(const struct rte_flow_item *item, struct taskoff_vmq_filter *f,
			   const char *expected, struct rte_flow_error *err)
{
	static const struct rte_flow_item_eth dst_only = {
	    .hdr.dst_addr.addr_bytes = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
	const struct rte_flow_item_eth *mask = item->mask ? item->mask : &rte_flow_item_eth_mask;

	if (item->type != RTE_FLOW_ITEM_TYPE_ETH || !eth_dst(item, &f->mac))
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item, expected);
	if (item->last != NULL || memcmp(mask, &dst_only, sizeof(dst_only)) != 0)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM_MASK, item,
				  "only the inner eth dst is matched (no range, src or type)");
	if ((item + 1)->type != RTE_FLOW_ITEM_TYPE_END)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item + 1, "end expected");
	return 0;
}

/* A tunnel follows an outer IP header whose eth/vlan items match nothing: VMQ matches the
 * inner header, so outer fields would be silently ignored. */
static int check_tunnel_outer(const struct rte_flow_item *item, const struct flow_outer *outer,
			      const char *need_ip, struct rte_flow_error *err)
{
	if (outer->ip == NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item, need_ip);
	if (outer->fields)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "outer eth/vlan fields are not matched with a tunnel");
	return 0;
}

static int parse_nvgre(const struct rte_flow_item *item, const struct flow_outer *outer,
		       struct taskoff_vmq_filter *f, struct rte_flow_error *err)
{
	const struct rte_flow_item_nvgre *nvgre = item->spec;

	if (check_tunnel_outer(item, outer, "nvgre must follow ipv4 or ipv6", err) != 0)
		return -rte_errno;
	if (nvgre == NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item, "nvgre needs tni");
	f->match_vsid = true;
	f->vsid = (uint32_t)nvgre->tni[0] << 16 | (uint32_t)nvgre->tni[1] << 8 | nvgre->tni[2];
	return parse_inner_eth(item + 1, f, "nvgre must be followed by eth dst is MAC", err);
}

/* vxlan vni is N: the whole VNI and nothing else (the I flag is what makes a frame VXLAN). */
static int parse_vxlan(const struct rte_flow_item *item, struct taskoff_vmq_filter *f,
		       struct rte_flow_error *err)
{
	const struct rte_flow_item_vxlan *spec = item->spec;
	const struct rte_flow_item_vxlan *mask =
	    item->mask ? item->mask : &rte_flow_item_vxlan_mask;

	if (spec == NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item, "vxlan needs vni is N");
	if (item->last != NULL || mask->hdr.vx_flags != 0 ||
	    mask->hdr.vx_vni != RTE_BE32(0xffffff00))
		return flow_error(
		    err, RTE_FLOW_ERROR_TYPE_ITEM_MASK, item,
		    "vxlan matches the whole vni only (no range, flags or partial mask)");
	f->match_vni = true;
	f->vni = rte_be_to_cpu_32(spec->hdr.vx_vni) >> 8;
	return parse_inner_eth(item + 1, f, "vxlan must be followed by eth dst is MAC", err);
}

/* udp / vxlan: UDP only as VXLAN's carrier, to the port configured for VXLAN. */
static int parse_udp_vxlan(const struct rte_flow_item *item, const struct flow_outer *outer,
			   struct taskoff_vmq_filter *f, struct rte_flow_error *err)
{
	if (check_tunnel_outer(item, outer, "udp must follow ipv4 or ipv6", err) != 0)
		return -rte_errno;
	if (item->spec != NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "outer udp fields are not matched (VXLAN is UDP to the "
				  "configured VXLAN port)");
	if ((item + 1)->type != RTE_FLOW_ITEM_TYPE_VXLAN)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item + 1,
				  "udp must be followed by vxlan (plain UDP is not matched)");
	return parse_vxlan(item + 1, f, err);
}

static int parse_vlan(const struct rte_flow_item *item, const struct flow_outer *outer,
		      struct taskoff_vmq_filter *f, struct rte_flow_error *err)
{
	if (outer->ip != NULL)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "vlan must come before ipv4/ipv6");
	if (item->spec == NULL)
		return 0;
	f->match_vlan = true;
	f->vlan_id =
	    rte_be_to_cpu_16(((const struct rte_flow_item_vlan *)item->spec)->hdr.vlan_tci) & 0xfff;
	return 0;
}

static int parse_pattern(const struct rte_flow_item *item, struct taskoff_vmq_filter *f,
			 struct rte_flow_error *err)
{
	struct flow_outer outer = {0};
	bool have_mac;

	if (item->type != RTE_FLOW_ITEM_TYPE_ETH)
		return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "pattern must start with eth");
	have_mac = eth_dst(item, &f->mac);
	outer.fields = item->spec != NULL;
	for (item++; item->type != RTE_FLOW_ITEM_TYPE_END; item++) {
		switch (item->type) {
		case RTE_FLOW_ITEM_TYPE_VLAN:
			if (parse_vlan(item, &outer, f, err) != 0)
				return -rte_errno;
			outer.fields |= item->spec != NULL;
			break;
		case RTE_FLOW_ITEM_TYPE_IPV4:
		case RTE_FLOW_ITEM_TYPE_IPV6:
			if (item->spec != NULL)
				return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
						  "outer IP fields are not matched");
			if (outer.ip != NULL)
				return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
						  "one ipv4/ipv6 item only");
			outer.ip = item;
			break;
		case RTE_FLOW_ITEM_TYPE_UDP:
			return parse_udp_vxlan(item, &outer, f, err);
		case RTE_FLOW_ITEM_TYPE_NVGRE:
			return parse_nvgre(item, &outer, f, err);
		default:
			return flow_error(err, RTE_FLOW_ERROR_TYPE_ITEM, item,
					  "only eth, vlan, ipv4, ipv6, udp / vxlan, nvgre are "
					  "supported");
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
