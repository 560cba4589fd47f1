/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "taskoff_config.h"

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
	cfg->encap_types = TASKOFF_ENCAP_GRE_MAC;
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

int taskoff_config_slot_init(struct taskoff_config_slot *slot,
			     const struct taskoff_offload_config *initial, uint32_t nb_readers)
{
	struct taskoff_offload_config *first;
	size_t qsbr_size;
	uint32_t id;

	memset(slot, 0, sizeof(*slot));
	if (nb_readers == 0)
		nb_readers = 1;
	qsbr_size = rte_rcu_qsbr_get_memsize(nb_readers);
	slot->qsbr = rte_zmalloc("taskoff_qsbr", qsbr_size, RTE_CACHE_LINE_SIZE);
	if (slot->qsbr == NULL)
		return -ENOMEM;
	rte_rcu_qsbr_init(slot->qsbr, nb_readers);
	for (id = 0; id < nb_readers; id++)
		rte_rcu_qsbr_thread_register(slot->qsbr, id);
	slot->nb_readers = nb_readers;

	first = config_dup(initial);
	if (first == NULL) {
		rte_free(slot->qsbr);
		slot->qsbr = NULL;
		return -ENOMEM;
	}
	first->generation = ++slot->next_generation;
	__atomic_store_n(&slot->current, first, __ATOMIC_RELEASE);
	return 0;
}

unsigned int taskoff_config_reclaim(struct taskoff_config_slot *slot)
{
	unsigned int freed = 0, kept = 0, i;

	for (i = 0; i < slot->nb_retired; i++) {
		if (rte_rcu_qsbr_check(slot->qsbr, slot->retired[i].token, false) == 1) {
			rte_free((void *)(uintptr_t)slot->retired[i].cfg);
			freed++;
		} else {
			slot->retired[kept++] = slot->retired[i];
		}
	}
	slot->nb_retired = kept;
	return freed;
}

int taskoff_config_publish(struct taskoff_config_slot *slot,
			   const struct taskoff_offload_config *next)
{
	struct taskoff_offload_config *copy;
	const struct taskoff_offload_config *old;

	taskoff_config_reclaim(slot);
	if (slot->nb_retired == TASKOFF_CONFIG_RETIRE_MAX)
		return -EBUSY;
	copy = config_dup(next);
	if (copy == NULL)
		return -ENOMEM;
	copy->generation = ++slot->next_generation;
	old = __atomic_exchange_n(&slot->current, copy, __ATOMIC_ACQ_REL);
	slot->retired[slot->nb_retired].cfg = old;
	slot->retired[slot->nb_retired].token = rte_rcu_qsbr_start(slot->qsbr);
	slot->nb_retired++;
	return 0;
}

void taskoff_config_slot_fini(struct taskoff_config_slot *slot)
{
	uint32_t i;

	for (i = 0; i < slot->nb_retired; i++)
		rte_free((void *)(uintptr_t)slot->retired[i].cfg);
	slot->nb_retired = 0;
	rte_free((void *)(uintptr_t)slot->current);
	slot->current = NULL;
	rte_free(slot->qsbr);
	slot->qsbr = NULL;
}
