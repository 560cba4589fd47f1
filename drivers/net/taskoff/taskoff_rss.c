/* SPDX-License-Identifier: BSD-3-Clause */
/* RSS ethdev operations: key, hash types, redirection table (lib/steer does the hashing). */
#include <string.h>

#include <rte_ethdev.h>

#include "taskoff_log.h"
#include "taskoff_pmd.h"

struct rss_reset_arg {
	uint16_t nb_queues;
	const struct rte_eth_rss_conf *conf;
};

static int edit_rss_conf(struct taskoff_steer *st, const struct rte_eth_rss_conf *conf)
{
	int ret = 0;

	if (conf->rss_key != NULL && conf->rss_key_len != 0)
		ret = taskoff_rss_set_key(st, conf->rss_key, conf->rss_key_len);
	if (ret == 0)
		ret = taskoff_rss_set_hash_types(st, conf->rss_hf & TASKOFF_RSS_HF_SUPPORTED);
	return ret;
}

static int edit_reset(struct taskoff_steer *st, const void *arg)
{
	const struct rss_reset_arg *a = arg;
	struct taskoff_vmq_table vmq = st->vmq; /* VMQ filters survive a reconfigure */

	taskoff_steer_init(st, a->nb_queues);
	st->vmq = vmq;
	return a->conf != NULL ? edit_rss_conf(st, a->conf) : 0;
}

/* dev_configure: fresh redirection table over the new RX queue count. */
int taskoff_rss_configure(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = dev->data->dev_private;
	const struct rte_eth_conf *conf = &dev->data->dev_conf;
	struct rss_reset_arg arg = {.nb_queues = RTE_MAX(dev->data->nb_rx_queues, 1)};

	port->rss_enabled = (conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) != 0;
	if (port->rss_enabled)
		arg.conf = &conf->rx_adv_conf.rss_conf;
	return taskoff_steer_update(port, edit_reset, &arg);
}

static int edit_hash(struct taskoff_steer *st, const void *arg)
{
	return edit_rss_conf(st, arg);
}

int taskoff_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	if (conf->rss_hf & ~TASKOFF_RSS_HF_SUPPORTED)
		return -EINVAL;
	return taskoff_steer_update(dev->data->dev_private, edit_hash, conf);
}

static int read_hash_conf(const struct taskoff_steer *st, void *arg)
{
	struct rte_eth_rss_conf *conf = arg;

	if (conf->rss_key != NULL) {
		if (conf->rss_key_len < TASKOFF_RSS_KEY_LEN)
			return -EINVAL;
		memcpy(conf->rss_key, st->rss.key, TASKOFF_RSS_KEY_LEN);
	}
	conf->rss_key_len = TASKOFF_RSS_KEY_LEN;
	conf->rss_hf = st->rss.rss_hf;
	return 0;
}

int taskoff_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	return taskoff_steer_query(dev->data->dev_private, read_hash_conf, conf);
}

struct reta_arg {
	const struct rte_eth_rss_reta_entry64 *conf;
	uint16_t size;
};

static int edit_reta(struct taskoff_steer *st, const void *arg)
{
	const struct reta_arg *a = arg;

	return taskoff_rss_reta_update(st, a->conf, a->size);
}

int taskoff_reta_update(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf,
			uint16_t reta_size)
{
	const struct reta_arg arg = {conf, reta_size};

	return taskoff_steer_update(dev->data->dev_private, edit_reta, &arg);
}

struct reta_query_arg {
	struct rte_eth_rss_reta_entry64 *conf;
	uint16_t size;
};

static int read_reta(const struct taskoff_steer *st, void *arg)
{
	struct reta_query_arg *a = arg;

	return taskoff_rss_reta_query(st, a->conf, a->size);
}

int taskoff_reta_query(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf,
		       uint16_t reta_size)
{
	struct reta_query_arg arg = {conf, reta_size};

	return taskoff_steer_query(dev->data->dev_private, read_reta, &arg);
}
