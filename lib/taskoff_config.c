/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "taskoff_config.h"
#include "taskoff_rcu.h"

void taskoff_offload_config_default(struct taskoff_offload_config *cfg)
{
	const uint8_t both = TASKOFF_CSUM_TX | TASKOFF_CSUM_RX;

	memset(cfg, 0, sizeof(*cfg));
	cfg->ipv4_csum = both;
	cfg->tcp4_csum = both;
	cfg->udp4_csum = both;
	cfg->tcp6_csum = both;
	cfg->udp6_csum = both;
	cfg->lsov1 = true;
	cfg->lsov2_ipv4 = true;
	cfg->lsov2_ipv6 = true;
	cfg->uso_ipv4 = true;
	cfg->uso_ipv6 = true;
	cfg->rsc_ipv4 = true;
	cfg->rsc_ipv6 = true;
	cfg->encap_enabled = true;
	cfg->encap_types = TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN;
	cfg->vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT;
	cfg->lsov1_max_size = TASKOFF_LSOV1_MAX_OFFLOAD_SIZE;
	cfg->lsov2_max_size = TASKOFF_LSOV2_DEFAULT_MAX_SIZE;
	cfg->lso_min_segments = TASKOFF_DEFAULT_MIN_SEGMENTS;
	cfg->uso_max_size = TASKOFF_LSOV2_DEFAULT_MAX_SIZE;
	cfg->uso_min_segments = TASKOFF_DEFAULT_MIN_SEGMENTS;
}

static struct taskoff_offload_config *config_dup(const struct taskoff_offload_config *src)
{
	struct taskoff_offload_config *copy = rte_malloc("taskoff_config", sizeof(*copy), 0);

	if (copy != NULL)
		*copy = *src;
	return copy;
}

static void config_free(void *cfg)
{
	rte_free(cfg);
}

int taskoff_config_slot_init(struct taskoff_config_slot *slot,
			     const struct taskoff_offload_config *initial)
{
	struct taskoff_offload_config *first = config_dup(initial);

	memset(slot, 0, sizeof(*slot));
	if (first == NULL)
		return -ENOMEM;
	first->generation = ++slot->next_generation;
	__atomic_store_n(&slot->current, first, __ATOMIC_RELEASE);
	return 0;
}

int taskoff_config_publish(struct taskoff_config_slot *slot,
			   const struct taskoff_offload_config *next)
{
	struct taskoff_offload_config *copy;
	const struct taskoff_offload_config *old;

	if (taskoff_rcu_wait_room() != 0)
		return -EBUSY;
	copy = config_dup(next);
	if (copy == NULL)
		return -ENOMEM;
	copy->generation = ++slot->next_generation;
	old = __atomic_exchange_n(&slot->current, copy, __ATOMIC_ACQ_REL);
	/* the new config is live either way; an old one that cannot be reclaimed is kept */
	(void)taskoff_rcu_retire((void *)(uintptr_t)old, config_free);
	return 0;
}

void taskoff_config_slot_fini(struct taskoff_config_slot *slot)
{
	rte_free((void *)(uintptr_t)slot->current);
	slot->current = NULL;
}
