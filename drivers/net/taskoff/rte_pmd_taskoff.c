/* SPDX-License-Identifier: BSD-3-Clause */
/* Public API: VMQ filters and receive metadata accessors. */
#include <stddef.h>

#include <rte_ethdev.h>

#include "rte_pmd_taskoff.h"
#include "taskoff_pmd.h"

static struct taskoff_port *taskoff_port_of(uint16_t port_id)
{
	if (!rte_eth_dev_is_valid_port(port_id) ||
	    !taskoff_is_taskoff_port(&rte_eth_devices[port_id]))
		return NULL;
	return rte_eth_devices[port_id].data->dev_private;
}

static struct taskoff_vmq_filter to_lib(const struct rte_pmd_taskoff_vmq_filter *f)
{
	return (struct taskoff_vmq_filter){
	    .mac = f->mac,
	    .match_vlan = f->match_vlan,
	    .match_vsid = f->match_vsid,
	    .vlan_id = f->vlan_id,
	    .vsid = f->vsid,
	    .queue = f->queue,
	};
}

static int vmq_apply(uint16_t port_id, const struct rte_pmd_taskoff_vmq_filter *f,
		     int (*apply)(struct taskoff_port *, const struct taskoff_vmq_filter *))
{
	struct taskoff_port *port = taskoff_port_of(port_id);
	struct taskoff_vmq_filter lf;

	if (port == NULL)
		return -ENODEV;
	if (f == NULL)
		return -EINVAL;
	lf = to_lib(f);
	return apply(port, &lf);
}

int rte_pmd_taskoff_vmq_filter_add(uint16_t port_id, const struct rte_pmd_taskoff_vmq_filter *f)
{
	return vmq_apply(port_id, f, taskoff_steer_vmq_add);
}

int rte_pmd_taskoff_vmq_filter_remove(uint16_t port_id, const struct rte_pmd_taskoff_vmq_filter *f)
{
	return vmq_apply(port_id, f, taskoff_steer_vmq_remove);
}

int rte_pmd_taskoff_rsc_info_offset(void)
{
	return taskoff_rsc_info_offset();
}

/* The public view of the tunnel info dynfield is the library's struct. */
_Static_assert(sizeof(struct rte_pmd_taskoff_nvgre_info) == sizeof(struct taskoff_tunnel_info) &&
		   offsetof(struct rte_pmd_taskoff_nvgre_info, tunnel_type) ==
		       offsetof(struct taskoff_tunnel_info, type) &&
		   RTE_PMD_TASKOFF_TUNNEL_NVGRE == TASKOFF_ENCAP_GRE_MAC &&
		   RTE_PMD_TASKOFF_TUNNEL_VXLAN == TASKOFF_ENCAP_VXLAN,
	       "rte_pmd_taskoff_nvgre_info and taskoff_tunnel_info differ");

int rte_pmd_taskoff_nvgre_info_offset(void)
{
	return taskoff_nvgre_info_offset();
}
