/* SPDX-License-Identifier: BSD-3-Clause */
/* VMQ filter table: add/remove/list on the control side, lookup on the datapath. */
#include <errno.h>
#include <string.h>

#include "steer_internal.h"

#define VMQ_VLAN_ID_MAX 4095

/* Same identity: MAC, and VLAN / VSID / VNI each either unused or equal. */
static bool vmq_same_identity(const struct taskoff_vmq_filter *a,
			      const struct taskoff_vmq_filter *b)
{
	return rte_is_same_ether_addr(&a->mac, &b->mac) && a->match_vlan == b->match_vlan &&
	       a->vlan_id == b->vlan_id && a->match_vsid == b->match_vsid && a->vsid == b->vsid &&
	       a->match_vni == b->match_vni && a->vni == b->vni;
}

/* The filter with unused fields zeroed, so identities and listings compare cleanly. */
static struct taskoff_vmq_filter vmq_canonical(const struct taskoff_vmq_filter *f)
{
	struct taskoff_vmq_filter c = *f;

	if (!c.match_vlan)
		c.vlan_id = 0;
	if (!c.match_vsid)
		c.vsid = 0;
	if (!c.match_vni)
		c.vni = 0;
	return c;
}

static int vmq_find(const struct taskoff_vmq_table *t, const struct taskoff_vmq_filter *canon)
{
	unsigned int i;

	for (i = 0; i < t->nb_filters; i++)
		if (vmq_same_identity(&t->filters[i], canon))
			return (int)i;
	return -ENOENT;
}

/* A frame is in one tunnel at most: a filter on both a VSID and a VNI could never match. */
static bool vmq_filter_valid(const struct taskoff_steer *st, const struct taskoff_vmq_filter *f)
{
	return f->queue < st->nb_queues && (!f->match_vlan || f->vlan_id <= VMQ_VLAN_ID_MAX) &&
	       (!f->match_vsid || f->vsid <= TASKOFF_VSID_MAX) &&
	       (!f->match_vni || f->vni <= TASKOFF_VNI_MAX) && !(f->match_vsid && f->match_vni);
}

int taskoff_vmq_filter_add(struct taskoff_steer *st, const struct taskoff_vmq_filter *f)
{
	struct taskoff_vmq_table *t = &st->vmq;
	struct taskoff_vmq_filter canon;

	if (f == NULL || !vmq_filter_valid(st, f))
		return -EINVAL;
	canon = vmq_canonical(f);
	if (vmq_find(t, &canon) >= 0)
		return -EEXIST;
	if (t->nb_filters >= TASKOFF_VMQ_FILTER_MAX)
		return -ENOSPC;
	t->filters[t->nb_filters++] = canon;
	return 0;
}

int taskoff_vmq_filter_remove(struct taskoff_steer *st, const struct taskoff_vmq_filter *f)
{
	struct taskoff_vmq_table *t = &st->vmq;
	struct taskoff_vmq_filter canon;
	int i;

	if (f == NULL)
		return -EINVAL;
	canon = vmq_canonical(f);
	i = vmq_find(t, &canon);
	if (i < 0)
		return i;
	memmove(&t->filters[i], &t->filters[i + 1],
		(t->nb_filters - i - 1) * sizeof(t->filters[0]));
	t->nb_filters--;
	return 0;
}

unsigned int taskoff_vmq_filter_list(const struct taskoff_steer *st, struct taskoff_vmq_filter *out,
				     unsigned int max)
{
	unsigned int n = RTE_MIN(max, (unsigned int)st->vmq.nb_filters);

	if (n > 0)
		memcpy(out, st->vmq.filters, n * sizeof(out[0]));
	return st->vmq.nb_filters;
}

/* The tunnel id a filter asks for: a VSID of NVGRE, a VNI of VXLAN, or none. */
static bool vmq_tunnel_matches(const struct taskoff_vmq_filter *f, const struct steer_vmq_key *key)
{
	if (f->match_vsid)
		return key->tunnel == STEER_TUNNEL_NVGRE && key->tunnel_id == f->vsid;
	if (f->match_vni)
		return key->tunnel == STEER_TUNNEL_VXLAN && key->tunnel_id == f->vni;
	return true;
}

static bool vmq_matches(const struct taskoff_vmq_filter *f, const struct steer_vmq_key *key)
{
	if (!rte_is_same_ether_addr(&f->mac, &key->dst))
		return false;
	if (f->match_vlan && (!key->has_vlan || key->vlan_id != f->vlan_id))
		return false;
	return vmq_tunnel_matches(f, key);
}

/* A tunnel id counts more than VLAN: a tenant filter beats a VLAN filter on the same MAC. */
static unsigned int vmq_specificity(const struct taskoff_vmq_filter *f)
{
	return (f->match_vsid || f->match_vni ? 2u : 0u) + (f->match_vlan ? 1u : 0u);
}

bool steer_vmq_lookup(const struct taskoff_vmq_table *t, const struct steer_vmq_key *key,
		      uint16_t *queue)
{
	const struct taskoff_vmq_filter *best = NULL;
	unsigned int i, n = RTE_MIN(t->nb_filters, (uint16_t)TASKOFF_VMQ_FILTER_MAX);

	for (i = 0; i < n; i++) {
		const struct taskoff_vmq_filter *f = &t->filters[i];

		if (vmq_matches(f, key) &&
		    (best == NULL || vmq_specificity(f) > vmq_specificity(best)))
			best = f;
	}
	if (best == NULL)
		return false;
	*queue = best->queue;
	return true;
}
