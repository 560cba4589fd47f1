/* SPDX-License-Identifier: BSD-3-Clause */
/* Burst functions: thin loops around the lib/ stages and the wire. No locks. */
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "taskoff_pmd.h"
#include "taskoff_tx.h"

/* Frames longer than the MTU allows are dropped, as a NIC's MAC would. */
static uint16_t rx_drop_oversized(struct taskoff_rx_queue *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	uint32_t max_len =
	    rte_eth_devices[rxq->port->port_id].data->mtu + RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN;
	uint16_t i, kept = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(pkts[i]->pkt_len > max_len)) {
			rxq->cnt.v[TASKOFF_CNT_RX_DROP_TOO_BIG]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		pkts[kept++] = pkts[i];
	}
	return kept;
}

/* Up to @p room frames off the wire into @p in: counted, stamped with the port, MTU-checked. */
static uint16_t rx_take(struct taskoff_rx_queue *rxq, struct rte_mbuf **in, uint16_t room)
{
	uint16_t got = taskoff_wire_receive(rxq, in, room), i;

	for (i = 0; i < got; i++) {
		rxq->cnt.v[TASKOFF_CNT_RX_BYTES] += in[i]->pkt_len;
		in[i]->port = rxq->port->port_id;
	}
	rxq->cnt.v[TASKOFF_CNT_RX_PACKETS] += got;
	return rx_drop_oversized(rxq, in, got);
}

/* Hold mode: frames come in through the stage, leaving an output slot per held SCU. */
static uint16_t rx_held(struct taskoff_rx_queue *rxq, const struct taskoff_offload_config *cfg,
			struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	uint32_t held = taskoff_rx_held(rxq->offload);
	uint16_t room = nb_pkts > held ? (uint16_t)(nb_pkts - held) : 0, got;

	got = rx_take(rxq, rxq->stage, RTE_MIN(room, (uint16_t)TASKOFF_RX_STAGE_MAX));
	if (got == 0 && held == 0)
		return 0;
	return taskoff_rx_burst(rxq->offload, cfg, &rxq->cnt, rxq->stage, got, pkts, nb_pkts);
}

uint16_t taskoff_pmd_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct taskoff_rx_queue *rxq = queue;
	struct taskoff_port *port = rxq->port;
	uint16_t got;

	if (unlikely(!__atomic_load_n(&port->started, __ATOMIC_ACQUIRE)))
		return 0;
	taskoff_rcu_enter(rxq->rcu, rxq->rcu_id);
	/* Receive offloads (checksum validation, GRE decap, RSC when the application
	 * enabled LRO: the lib/rx context knows, see taskoff_ethdev.c) run in place,
	 * or from the stage when SCUs may be held across bursts. */
	if (port->args.rsc_hold_us != 0) {
		got = rx_held(rxq, taskoff_config_load(&port->config), pkts, nb_pkts);
	} else {
		got = rx_take(rxq, pkts, nb_pkts);
		if (got != 0)
			got = taskoff_rx_burst(rxq->offload, taskoff_config_load(&port->config),
					       &rxq->cnt, pkts, got, pkts, nb_pkts);
	}
	taskoff_rcu_leave(rxq->rcu, rxq->rcu_id);
	return got;
}

uint16_t taskoff_pmd_tx_prepare(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct taskoff_tx_queue *txq = queue;
	const struct taskoff_offload_config *cfg;
	uint16_t i;
	int ret;

	/* Prepare runs on the lcore that owns this TX queue, so it is this queue's reader.
	 * The verdict is the burst's own (same config, same frames-per-packet limit). */
	taskoff_rcu_enter(txq->rcu, txq->rcu_id);
	cfg = taskoff_config_load(&txq->port->config);
	for (i = 0; i < nb_pkts; i++) {
		ret = taskoff_tx_prepare(cfg, txq->offload.max_frames_per_pkt, pkts[i]);
		if (ret != 0) {
			rte_errno = -ret;
			break;
		}
	}
	taskoff_rcu_leave(txq->rcu, txq->rcu_id);
	return i;
}

static void tx_count_sent(struct taskoff_tx_queue *txq, struct rte_mbuf **frames, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		txq->cnt.v[TASKOFF_CNT_TX_BYTES] += frames[i]->pkt_len;
	txq->cnt.v[TASKOFF_CNT_TX_PACKETS] += n;
}

/* Push the staged frames; what the wire refuses stays as the backlog. */
static void tx_push_stage(struct taskoff_tx_queue *txq)
{
	struct rte_mbuf **first = &txq->stage[txq->backlog_head];
	uint16_t sent = taskoff_wire_send(txq, first, txq->backlog_len);

	tx_count_sent(txq, first, sent);
	txq->backlog_head += sent;
	txq->backlog_len -= sent;
	if (txq->backlog_len == 0)
		txq->backlog_head = 0;
}

static uint16_t tx_drop_link_down(struct taskoff_tx_queue *txq, struct rte_mbuf **pkts,
				  uint16_t nb_pkts)
{
	rte_pktmbuf_free_bulk(pkts, nb_pkts);
	txq->cnt.v[TASKOFF_CNT_TX_DROP_LINK_DOWN] += nb_pkts;
	return nb_pkts;
}

/* Body of tx_burst; runs inside the queue's RCU reader section. */
static uint16_t tx_burst_online(struct taskoff_tx_queue *txq, struct rte_mbuf **pkts,
				uint16_t nb_pkts)
{
	struct taskoff_port *port = txq->port;
	uint16_t consumed, nb_frames;

	if (unlikely(!taskoff_wire_link_up(port))) {
		taskoff_tx_queue_drop_backlog(txq);
		return tx_drop_link_down(txq, pkts, nb_pkts);
	}
	if (txq->backlog_len != 0) {
		tx_push_stage(txq);
		if (txq->backlog_len != 0)
			return 0;
	}
	txq->offload.cfg = taskoff_config_load(&port->config);
	consumed = taskoff_tx_burst(&txq->offload, pkts, nb_pkts, txq->stage, TASKOFF_TX_STAGE_MAX,
				    &nb_frames);
	txq->backlog_len = nb_frames;
	tx_push_stage(txq);
	return consumed;
}

/*
 * The whole call is one RCU reader section: pushing the backlog walks the
 * receiving port's published steering state (taskoff_wire_send), and the
 * offload stage reads our published configuration. An object the control side
 * retires while we are inside is freed only after we leave.
 */
uint16_t taskoff_pmd_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct taskoff_tx_queue *txq = queue;
	uint16_t consumed;

	taskoff_rcu_enter(txq->rcu, txq->rcu_id);
	consumed = tx_burst_online(txq, pkts, nb_pkts);
	taskoff_rcu_leave(txq->rcu, txq->rcu_id);
	return consumed;
}

unsigned int taskoff_tx_queue_drop_backlog(struct taskoff_tx_queue *txq)
{
	unsigned int n = txq->backlog_len;

	if (n != 0) {
		rte_pktmbuf_free_bulk(&txq->stage[txq->backlog_head], n);
		txq->cnt.v[TASKOFF_CNT_TX_DROP_LINK_DOWN] += n;
	}
	txq->backlog_head = 0;
	txq->backlog_len = 0;
	return n;
}
