/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port counters as the application (ethdev stats/xstats), DPDK telemetry and
 * the control server see them, and the queue set they are summed over.
 *
 * Threads. Counters are plain fields written by the one lcore that polls a
 * queue. Everything else here (the port's queue tables, the reset baseline,
 * the counters of stopped or released queues) is shared by the application
 * thread (queue setup/release, configure, stop, stats reset), the control
 * server thread and the telemetry thread, and is only touched under the
 * control registry mutex (taskoff_ctl_port_lock), which the control server
 * already holds around every port callback. The tables, not
 * dev->data->rx_queues, are what readers walk: ethdev resizes and frees its
 * own arrays outside any lock of ours.
 *
 * A secondary process (dpdk-proc-info) reads the same shared structures under
 * its own process's lock, which orders nothing with the primary: its reads
 * are snapshots that may be torn, like any DPDK secondary's view of a running
 * port, and it is offered no operation that writes them (taskoff_secondary_ops).
 */
#include <string.h>

#include <rte_ethdev.h>

#include "taskoff_ctl_port.h"
#include "taskoff_pmd.h"

static struct taskoff_port *port_of(const struct rte_eth_dev *dev)
{
	return dev->data->dev_private;
}

static void counters_add(struct taskoff_counters *sum, const struct taskoff_counters *c)
{
	unsigned int i;

	for (i = 0; i < TASKOFF_CNT_MAX; i++)
		sum->v[i] += __atomic_load_n(&c->v[i], __ATOMIC_RELAXED);
}

void taskoff_stats_rxq_attach(struct taskoff_port *port, struct taskoff_rx_queue *rxq)
{
	taskoff_ctl_port_lock();
	port->rxq[rxq->queue_id] = rxq;
	taskoff_ctl_port_unlock();
}

void taskoff_stats_txq_attach(struct taskoff_port *port, struct taskoff_tx_queue *txq)
{
	taskoff_ctl_port_lock();
	port->txq[txq->queue_id] = txq;
	taskoff_ctl_port_unlock();
}

/* A released queue's counts stay in the port's totals (stats never go backwards). */
void taskoff_stats_rxq_detach(struct taskoff_port *port, struct taskoff_rx_queue *rxq)
{
	taskoff_ctl_port_lock();
	if (port->rxq[rxq->queue_id] == rxq) {
		counters_add(&port->stop_cnt, &rxq->cnt);
		port->rxq[rxq->queue_id] = NULL;
	}
	taskoff_ctl_port_unlock();
}

void taskoff_stats_txq_detach(struct taskoff_port *port, struct taskoff_tx_queue *txq)
{
	taskoff_ctl_port_lock();
	if (port->txq[txq->queue_id] == txq) {
		counters_add(&port->stop_cnt, &txq->cnt);
		port->txq[txq->queue_id] = NULL;
	}
	taskoff_ctl_port_unlock();
}

void taskoff_stats_count_stopped(struct taskoff_port *port, enum taskoff_counter c, uint64_t n)
{
	taskoff_ctl_port_lock();
	port->stop_cnt.v[c] += n;
	taskoff_ctl_port_unlock();
}

/* Every count since the port was created; caller holds the lock. */
static void counters_sum_raw(const struct taskoff_port *port, struct taskoff_counters *sum)
{
	uint16_t q;

	*sum = port->stop_cnt;
	for (q = 0; q < TASKOFF_MAX_QUEUES; q++) {
		if (port->rxq[q] != NULL)
			counters_add(sum, &port->rxq[q]->cnt);
		if (port->txq[q] != NULL)
			counters_add(sum, &port->txq[q]->cnt);
	}
}

void taskoff_port_counters_locked(const struct taskoff_port *port, struct taskoff_counters *out)
{
	unsigned int c;

	counters_sum_raw(port, out);
	for (c = 0; c < TASKOFF_CNT_MAX; c++)
		out->v[c] -= port->baseline.v[c];
}

static void port_counters(const struct taskoff_port *port, struct taskoff_counters *out)
{
	taskoff_ctl_port_lock();
	taskoff_port_counters_locked(port, out);
	taskoff_ctl_port_unlock();
}

static uint64_t since_reset(const uint64_t *counter, uint64_t at_reset)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED) - at_reset;
}

/* Caller holds the lock. */
static void stats_per_queue(const struct taskoff_port *port, struct rte_eth_stats *stats)
{
	const struct taskoff_rx_queue *rxq;
	const struct taskoff_tx_queue *txq;
	uint16_t q;

	for (q = 0; q < TASKOFF_MAX_QUEUES && q < RTE_ETHDEV_QUEUE_STAT_CNTRS; q++) {
		rxq = port->rxq[q];
		txq = port->txq[q];
		if (rxq != NULL) {
			stats->q_ipackets[q] =
			    since_reset(&rxq->cnt.v[TASKOFF_CNT_RX_PACKETS], rxq->reset_packets);
			stats->q_ibytes[q] =
			    since_reset(&rxq->cnt.v[TASKOFF_CNT_RX_BYTES], rxq->reset_bytes);
		}
		if (txq != NULL) {
			stats->q_opackets[q] =
			    since_reset(&txq->cnt.v[TASKOFF_CNT_TX_PACKETS], txq->reset_packets);
			stats->q_obytes[q] =
			    since_reset(&txq->cnt.v[TASKOFF_CNT_TX_BYTES], txq->reset_bytes);
		}
	}
}

int taskoff_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats)
{
	const struct taskoff_port *port = port_of(dev);
	struct taskoff_counters sum;
	unsigned int c;

	taskoff_ctl_port_lock();
	taskoff_port_counters_locked(port, &sum);
	stats_per_queue(port, stats);
	taskoff_ctl_port_unlock();
	stats->ipackets = sum.v[TASKOFF_CNT_RX_PACKETS];
	stats->ibytes = sum.v[TASKOFF_CNT_RX_BYTES];
	stats->opackets = sum.v[TASKOFF_CNT_TX_PACKETS];
	stats->obytes = sum.v[TASKOFF_CNT_TX_BYTES];
	for (c = 0; c < TASKOFF_CNT_MAX; c++) {
		if (taskoff_counter_is_drop(c, 't'))
			stats->oerrors += sum.v[c];
		else if (taskoff_counter_is_drop(c, 'r'))
			stats->ierrors += sum.v[c];
	}
	return 0;
}

/* Counters belong to the polling lcores: reset moves the baseline instead of writing them. */
int taskoff_stats_reset(struct rte_eth_dev *dev)
{
	struct taskoff_port *port = port_of(dev);
	struct taskoff_rx_queue *rxq;
	struct taskoff_tx_queue *txq;
	uint16_t q;

	taskoff_ctl_port_lock();
	counters_sum_raw(port, &port->baseline);
	for (q = 0; q < TASKOFF_MAX_QUEUES; q++) {
		rxq = port->rxq[q];
		txq = port->txq[q];
		if (rxq != NULL) {
			rxq->reset_packets = since_reset(&rxq->cnt.v[TASKOFF_CNT_RX_PACKETS], 0);
			rxq->reset_bytes = since_reset(&rxq->cnt.v[TASKOFF_CNT_RX_BYTES], 0);
		}
		if (txq != NULL) {
			txq->reset_packets = since_reset(&txq->cnt.v[TASKOFF_CNT_TX_PACKETS], 0);
			txq->reset_bytes = since_reset(&txq->cnt.v[TASKOFF_CNT_TX_BYTES], 0);
		}
	}
	taskoff_ctl_port_unlock();
	return 0;
}

int taskoff_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
			     unsigned int size)
{
	unsigned int c;

	(void)dev;
	if (names == NULL || size < TASKOFF_CNT_MAX)
		return TASKOFF_CNT_MAX;
	for (c = 0; c < TASKOFF_CNT_MAX; c++)
		strlcpy(names[c].name, taskoff_counter_name(c), sizeof(names[c].name));
	return TASKOFF_CNT_MAX;
}

int taskoff_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n)
{
	struct taskoff_counters sum;
	unsigned int c;

	if (xstats == NULL || n < TASKOFF_CNT_MAX)
		return TASKOFF_CNT_MAX;
	port_counters(port_of(dev), &sum);
	for (c = 0; c < TASKOFF_CNT_MAX; c++) {
		xstats[c].id = c;
		xstats[c].value = sum.v[c];
	}
	return TASKOFF_CNT_MAX;
}
