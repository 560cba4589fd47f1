/* SPDX-License-Identifier: BSD-3-Clause */
/* RSC flow table: a bounded array of flows indexed by an open-addressing hash
 * (linear probing, twice as many buckets as flows). Flows are only added
 * during a burst; at its end all are dropped, or (hold mode) the index is
 * rebuilt from the flows whose SCU stays open, so no single deletion is needed. */
#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "taskoff_rsc.h"
#include "taskoff_rsc_internal.h"

#define RSC_BUCKET_EMPTY (-1)

struct taskoff_rsc_table *taskoff_rsc_table_create(const char *name, int socket_id,
						   uint32_t max_flows)
{
	struct taskoff_rsc_table *t;
	uint32_t nb_buckets, i;
	int off;

	if (max_flows == 0 || max_flows > TASKOFF_RSC_MAX_FLOWS) {
		rte_errno = EINVAL;
		return NULL;
	}
	off = taskoff_rsc_info_register();
	if (off < 0) {
		rte_errno = -off;
		return NULL;
	}
	nb_buckets = rte_align32pow2(max_flows * 2);
	t = rte_zmalloc_socket(name, sizeof(*t), 0, socket_id);
	if (t == NULL)
		goto nomem;
	t->buckets = rte_malloc_socket(name, nb_buckets * sizeof(*t->buckets), 0, socket_id);
	t->flows = rte_zmalloc_socket(name, max_flows * sizeof(*t->flows), 0, socket_id);
	if (t->buckets == NULL || t->flows == NULL)
		goto nomem;
	for (i = 0; i < nb_buckets; i++)
		t->buckets[i] = RSC_BUCKET_EMPTY;
	t->max_flows = max_flows;
	t->enabled = true;
	t->bucket_mask = nb_buckets - 1;
	t->info_offset = off;
	return t;
nomem:
	taskoff_rsc_table_free(t);
	rte_errno = ENOMEM;
	return NULL;
}

uint32_t taskoff_rsc_table_drop_held(struct taskoff_rsc_table *t)
{
	uint32_t i, frames = 0;

	/* only held SCUs can be open between bursts; they are freed as received */
	for (i = 0; i < t->nb_flows; i++) {
		if (t->flows[i].state != TASKOFF_RSC_FLOW_OPEN)
			continue;
		frames += t->flows[i].scu.seg_count;
		rte_pktmbuf_free(t->flows[i].scu.head);
	}
	t->nb_held = 0;
	taskoff_rsc_table_empty(t);
	return frames;
}

void taskoff_rsc_table_free(struct taskoff_rsc_table *t)
{
	if (t == NULL)
		return;
	taskoff_rsc_table_drop_held(t);
	rte_free(t->buckets);
	rte_free(t->flows);
	rte_free(t);
}

/* Four independent multiplies folded together: a few cycles, where a CRC32-C
 * chain over the six key words took ~20 (one flow lookup per segment with
 * interleaved flows). Like CRC it is unkeyed; probing stays bounded by the
 * table's flows. */
static uint32_t flow_hash(const struct taskoff_rsc_flow_key *key)
{
	const uint64_t *w = key->w;
	uint64_t h = ((w[0] ^ (w[1] << 17 | w[1] >> 47)) * UINT64_C(0x9e3779b97f4a7c15)) ^
		     ((w[2] ^ (w[3] << 29 | w[3] >> 35)) * UINT64_C(0xc2b2ae3d27d4eb4f)) ^
		     (w[4] * UINT64_C(0x165667b19e3779f9)) ^ (w[5] * UINT64_C(0xd6e8feb86659fd93));

	return (uint32_t)((h ^ (h >> 29)) >> 16);
}

/* Word by word with an early exit, which the compiler leaves as 8-byte loads
 * (wider loads of a key just written would stall on store forwarding). */
static bool key_equal(const struct taskoff_rsc_flow_key *a, const struct taskoff_rsc_flow_key *b)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(a->w); i++)
		if (a->w[i] != b->w[i])
			return false;
	return true;
}

/* The flow of @p key, or NULL. With @p bucket, also the free slot where it would go. */
struct taskoff_rsc_flow *taskoff_rsc_flow_find(struct taskoff_rsc_table *t,
					       const struct taskoff_rsc_flow_key *key,
					       uint32_t *bucket)
{
	uint32_t b;
	struct taskoff_rsc_flow *f;

	/* Segments of one flow arrive in runs: try the last flow found before hashing. */
	if (bucket == NULL && t->last != NULL && key_equal(&t->last->key, key))
		return t->last;
	b = flow_hash(key) & t->bucket_mask;

	/* Buckets outnumber flows 2:1, so an empty one is always reached. */
	for (;; b = (b + 1) & t->bucket_mask) {
		if (t->buckets[b] == RSC_BUCKET_EMPTY) {
			if (bucket != NULL)
				*bucket = b;
			return NULL;
		}
		f = &t->flows[t->buckets[b]];
		if (key_equal(&f->key, key)) {
			t->last = f;
			return f;
		}
	}
}

/* Add a flow for @p key; NULL when the table is full. */
struct taskoff_rsc_flow *taskoff_rsc_flow_insert(struct taskoff_rsc_table *t,
						 const struct taskoff_rsc_flow_key *key)
{
	struct taskoff_rsc_flow *f;
	uint32_t b;

	f = taskoff_rsc_flow_find(t, key, &b);
	if (f != NULL)
		return f;
	if (t->nb_flows == t->max_flows)
		return NULL;
	f = &t->flows[t->nb_flows];
	memcpy(f->key.w, key->w, sizeof(key->w));
	f->state = TASKOFF_RSC_FLOW_IDLE;
	f->bucket = b;
	t->buckets[b] = (int32_t)t->nb_flows++;
	return f;
}

/* Forget every flow (all SCUs must be flushed). */
void taskoff_rsc_table_empty(struct taskoff_rsc_table *t)
{
	uint32_t i;

	for (i = 0; i < t->nb_flows; i++)
		t->buckets[t->flows[i].bucket] = RSC_BUCKET_EMPTY;
	t->nb_flows = 0;
	t->last = NULL;
}

void taskoff_rsc_table_keep_open(struct taskoff_rsc_table *t)
{
	uint32_t i, kept = 0, b;

	for (i = 0; i < t->nb_flows; i++)
		t->buckets[t->flows[i].bucket] = RSC_BUCKET_EMPTY;
	for (i = 0; i < t->nb_flows; i++) {
		if (t->flows[i].state != TASKOFF_RSC_FLOW_OPEN)
			continue;
		if (kept != i)
			t->flows[kept] = t->flows[i];
		taskoff_rsc_flow_find(t, &t->flows[kept].key, &b);
		t->flows[kept].bucket = b;
		t->buckets[b] = (int32_t)kept++;
	}
	t->nb_flows = kept;
	t->last = NULL;
}
