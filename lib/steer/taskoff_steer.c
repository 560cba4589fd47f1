/* SPDX-License-Identifier: BSD-3-Clause */
/* Steering state defaults and the datapath entry point. */
#include <string.h>

#include "steer_internal.h"

void taskoff_steer_init(struct taskoff_steer *st, uint16_t nb_queues)
{
	memset(st, 0, sizeof(*st));
	st->nb_queues = nb_queues ? nb_queues : 1;
	(void)taskoff_rss_set_key(st, taskoff_rss_default_key, TASKOFF_RSS_KEY_LEN);
	(void)taskoff_rss_set_hash_types(st, TASKOFF_RSS_HF_SUPPORTED);
	(void)taskoff_rss_reta_set_size(st, TASKOFF_RSS_RETA_SIZE_DEFAULT);
}

static inline void steer_count(struct taskoff_counters *cnt, enum taskoff_counter c)
{
	if (cnt != NULL)
		cnt->v[c]++;
}

/* A queue from the tables, kept in range even if the state was built for more queues. */
static inline uint16_t steer_queue_in_range(const struct taskoff_steer *st, uint16_t queue)
{
	return queue < st->nb_queues ? queue : 0;
}

static inline uint16_t steer_reta_lookup(const struct taskoff_rss_conf *rss, uint32_t hash)
{
	if (rss->reta_size == 0 || rss->reta_size > TASKOFF_RSS_RETA_SIZE_MAX)
		return 0;
	/* hash % reta_size without a division: the size is a power of two
	 * (taskoff_rss_reta_set_size), and the mask stays in range regardless */
	return rss->reta[hash & (rss->reta_size - 1u)];
}

/* @p m hashed to @p hash: flag, count, and its queue from the indirection table. */
static inline uint16_t steer_hashed(const struct taskoff_steer *st, struct rte_mbuf *m,
				    uint32_t hash, struct taskoff_counters *cnt)
{
	m->hash.rss = hash;
	m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
	steer_count(cnt, TASKOFF_CNT_RSS_HASHED);
	return steer_queue_in_range(st, steer_reta_lookup(&st->rss, hash));
}

uint16_t taskoff_steer_queue(const struct taskoff_steer *st, bool rss_enabled,
			     struct taskoff_steer_tunnels tun, struct rte_mbuf *m,
			     struct taskoff_counters *cnt)
{
	const uint8_t *in;
	struct steer_frame f;
	uint16_t queue;
	uint32_t hash, len;

	m->ol_flags &= ~RTE_MBUF_F_RX_RSS_HASH;
	if (!rss_enabled && st->vmq.nb_filters == 0)
		return 0; /* nothing to decide: no need to look at the frame */
	if (rss_enabled && st->vmq.nb_filters == 0 &&
	    steer_fast_rss_input(&st->rss, &tun, m, &in, &len))
		return steer_hashed(st, m, steer_rss_toeplitz(&st->rss, in, len), cnt);
	steer_parse_frame(m, &tun, &f);
	if (f.malformed)
		steer_count(cnt, TASKOFF_CNT_STEER_MALFORMED);
	if (f.vmq_ok && steer_vmq_lookup(&st->vmq, &f.vmq, &queue)) {
		steer_count(cnt, TASKOFF_CNT_VMQ_MATCHED);
		return steer_queue_in_range(st, queue);
	}
	if (!rss_enabled || !steer_rss_hash_frame(&st->rss, &f, &hash))
		return 0;
	return steer_hashed(st, m, hash, cnt);
}
