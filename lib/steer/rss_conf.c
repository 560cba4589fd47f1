/* SPDX-License-Identifier: BSD-3-Clause */
/* RSS configuration on the control side: key, hash types, indirection table. */
#include <errno.h>
#include <string.h>

#include <rte_thash.h>

#include "steer_internal.h"

/* Microsoft's published Toeplitz verification key ("Verifying the RSS Hash Calculation"). */
const uint8_t taskoff_rss_default_key[TASKOFF_RSS_KEY_LEN] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
    0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
    0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

bool steer_gfni_usable(void)
{
	if (!steer_gfni_built())
		return false;
#if defined(__x86_64__) && defined(__GNUC__)
	/* every extension rte_thash_gfni's intrinsics compile to */
	__builtin_cpu_init();
	return __builtin_cpu_supports("gfni") && __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
	       __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vbmi");
#else
	return false;
#endif
}

int taskoff_rss_set_key(struct taskoff_steer *st, const uint8_t *key, uint8_t key_len)
{
	if (key == NULL || key_len != TASKOFF_RSS_KEY_LEN)
		return -EINVAL;
	memcpy(st->rss.key, key, TASKOFF_RSS_KEY_LEN);
	/* convert once here so the datapath can use the faster rte_softrss_be */
	rte_convert_rss_key((const uint32_t *)st->rss.key, st->rss.key_be, TASKOFF_RSS_KEY_LEN);
	/* and, for the GFNI hash, as the matrices it multiplies the input bytes by */
	rte_thash_complete_matrix(st->rss.gfni_matrix, st->rss.key, TASKOFF_RSS_KEY_LEN);
	st->rss.use_gfni = steer_gfni_usable();
	return 0;
}

int taskoff_rss_set_hash_types(struct taskoff_steer *st, uint64_t rss_hf)
{
	if (rss_hf & ~(uint64_t)TASKOFF_RSS_HF_SUPPORTED)
		return -ENOTSUP;
	st->rss.rss_hf = rss_hf;
	return 0;
}

static bool rss_reta_size_valid(uint16_t reta_size)
{
	return reta_size == RTE_ETH_RSS_RETA_SIZE_64 || reta_size == RTE_ETH_RSS_RETA_SIZE_128 ||
	       reta_size == RTE_ETH_RSS_RETA_SIZE_256 || reta_size == RTE_ETH_RSS_RETA_SIZE_512;
}

int taskoff_rss_reta_set_size(struct taskoff_steer *st, uint16_t reta_size)
{
	uint16_t nb_queues = st->nb_queues ? st->nb_queues : 1;
	unsigned int i;

	if (!rss_reta_size_valid(reta_size))
		return -EINVAL;
	st->rss.reta_size = reta_size;
	for (i = 0; i < TASKOFF_RSS_RETA_SIZE_MAX; i++)
		st->rss.reta[i] = i < reta_size ? i % nb_queues : 0;
	return 0;
}

static bool rss_reta_entry_selected(const struct rte_eth_rss_reta_entry64 *conf, unsigned int i)
{
	return (conf[i / RTE_ETH_RETA_GROUP_SIZE].mask >> (i % RTE_ETH_RETA_GROUP_SIZE)) & 1;
}

static uint16_t rss_reta_entry(const struct rte_eth_rss_reta_entry64 *conf, unsigned int i)
{
	return conf[i / RTE_ETH_RETA_GROUP_SIZE].reta[i % RTE_ETH_RETA_GROUP_SIZE];
}

int taskoff_rss_reta_update(struct taskoff_steer *st, const struct rte_eth_rss_reta_entry64 *conf,
			    uint16_t reta_size)
{
	unsigned int i;

	if (conf == NULL || reta_size != st->rss.reta_size)
		return -EINVAL;
	/* validate everything first: a refused update leaves the table as it was */
	for (i = 0; i < reta_size; i++)
		if (rss_reta_entry_selected(conf, i) && rss_reta_entry(conf, i) >= st->nb_queues)
			return -EINVAL;
	for (i = 0; i < reta_size; i++)
		if (rss_reta_entry_selected(conf, i))
			st->rss.reta[i] = rss_reta_entry(conf, i);
	return 0;
}

int taskoff_rss_reta_query(const struct taskoff_steer *st, struct rte_eth_rss_reta_entry64 *conf,
			   uint16_t reta_size)
{
	unsigned int i;

	if (conf == NULL || reta_size != st->rss.reta_size)
		return -EINVAL;
	for (i = 0; i < reta_size; i++)
		if (rss_reta_entry_selected(conf, i))
			conf[i / RTE_ETH_RETA_GROUP_SIZE].reta[i % RTE_ETH_RETA_GROUP_SIZE] =
			    st->rss.reta[i];
	return 0;
}
