/* SPDX-License-Identifier: BSD-3-Clause */
/* The wires: SPSC ring matrix for loopback and peer, overlay on a lower ethdev. */
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "taskoff_log.h"
#include "taskoff_pmd.h"

int taskoff_wire_rings_create(struct taskoff_port *port)
{
	char ring_name[RTE_RING_NAMESIZE];
	uint16_t dst, src, n = port->args.queues;

	for (dst = 0; dst < n; dst++) {
		for (src = 0; src < n; src++) {
			snprintf(ring_name, sizeof(ring_name), "tko%u_%u_%u", port->port_id, dst,
				 src);
			port->rx_ring[dst][src] =
			    rte_ring_create(ring_name, TASKOFF_RING_SIZE, rte_socket_id(),
					    RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
			if (port->rx_ring[dst][src] == NULL) {
				TASKOFF_LOG(ERR, "%s: cannot create ring %s: %s", port->name,
					    ring_name, rte_strerror(rte_errno));
				taskoff_wire_rings_free(port);
				return -rte_errno;
			}
		}
	}
	return 0;
}

unsigned int taskoff_wire_rings_drain(struct taskoff_port *port)
{
	struct rte_mbuf *m;
	unsigned int freed = 0;
	uint16_t dst, src;

	for (dst = 0; dst < TASKOFF_MAX_QUEUES; dst++) {
		for (src = 0; src < TASKOFF_MAX_QUEUES; src++) {
			struct rte_ring *r = port->rx_ring[dst][src];

			while (r != NULL && rte_ring_sc_dequeue(r, (void **)&m) == 0) {
				rte_pktmbuf_free(m);
				freed++;
			}
		}
	}
	return freed;
}

void taskoff_wire_rings_free(struct taskoff_port *port)
{
	uint16_t dst, src;

	taskoff_wire_rings_drain(port);
	for (dst = 0; dst < TASKOFF_MAX_QUEUES; dst++) {
		for (src = 0; src < TASKOFF_MAX_QUEUES; src++) {
			rte_ring_free(port->rx_ring[dst][src]);
			port->rx_ring[dst][src] = NULL;
		}
	}
}

static struct taskoff_port *port_by_name(const char *name)
{
	uint16_t port_id;

	if (rte_eth_dev_get_port_by_name(name, &port_id) != 0)
		return NULL;
	if (!taskoff_is_taskoff_port(&rte_eth_devices[port_id]))
		return NULL;
	return rte_eth_devices[port_id].data->dev_private;
}

/* Peers are resolved at start because the second port of a pair is probed after the first. */
int taskoff_wire_resolve_peer(struct taskoff_port *port)
{
	struct taskoff_port *peer;
	const struct rte_eth_dev_data *me = rte_eth_devices[port->port_id].data;

	if (port->wire == TASKOFF_WIRE_LOOPBACK) {
		__atomic_store_n(&port->peer, port, __ATOMIC_RELEASE);
		return 0;
	}
	if (port->wire != TASKOFF_WIRE_PEER)
		return 0;
	peer = port_by_name(port->args.peer);
	if (peer == NULL) {
		TASKOFF_LOG(ERR, "%s: peer %s is not a net_taskoff port", port->name,
			    port->args.peer);
		return -ENODEV;
	}
	if (strcmp(peer->args.peer, port->name) != 0) {
		TASKOFF_LOG(ERR, "%s: peer %s is paired with '%s', not with us", port->name,
			    peer->name, peer->args.peer);
		return -EINVAL;
	}
	if (peer->args.queues < me->nb_tx_queues) {
		TASKOFF_LOG(ERR, "%s: %u TX queues but peer %s has only queues=%u", port->name,
			    me->nb_tx_queues, peer->name, peer->args.queues);
		return -EINVAL;
	}
	__atomic_store_n(&port->peer, peer, __ATOMIC_RELEASE);
	return 0;
}

bool taskoff_wire_link_up(const struct taskoff_port *port)
{
	const struct taskoff_port *rx_side;

	if (!__atomic_load_n(&port->started, __ATOMIC_ACQUIRE))
		return false;
	if (port->wire == TASKOFF_WIRE_LOWER)
		return true;
	rx_side = __atomic_load_n(&port->peer, __ATOMIC_ACQUIRE);
	return rx_side != NULL && __atomic_load_n(&rx_side->started, __ATOMIC_ACQUIRE);
}

/* What the receiving port's steering needs, read once per send rather than per frame. */
struct steer_view {
	const struct taskoff_steer *st; /* NULL: no RSS and no VMQ filter, one fixed queue */
	bool rss;
	struct taskoff_steer_tunnels tun;
	uint16_t nb_rxq;
	uint16_t fixed_queue;
};

static void steer_view_load(struct steer_view *v, const struct taskoff_tx_queue *txq,
			    const struct taskoff_port *rx_side, uint16_t nb_rxq)
{
	const struct taskoff_steer *st = __atomic_load_n(&rx_side->steer, __ATOMIC_ACQUIRE);

	v->nb_rxq = nb_rxq;
	v->fixed_queue = txq->queue_id % nb_rxq;
	v->rss = rx_side->rss_enabled;
	v->st = st != NULL && (v->rss || st->vmq.nb_filters != 0) ? st : NULL;
	/* RSS/VMQ on the inner headers under the conditions transmit uses */
	v->tun = v->st != NULL ? taskoff_steer_tunnels_of(taskoff_config_load(&rx_side->config))
			       : (struct taskoff_steer_tunnels){0};
}

/* The RX queue of one frame: RSS and VMQ of the receiver, else queue = source queue. */
static uint16_t steer_frame(const struct steer_view *v, struct taskoff_tx_queue *txq,
			    struct rte_mbuf *m)
{
	uint16_t d;

	if (v->st == NULL)
		return v->fixed_queue;
	d = taskoff_steer_queue(v->st, v->rss, v->tun, m, &txq->cnt);
	return d < v->nb_rxq ? d : 0;
}

/* Frames go out in order: consecutive frames for one RX queue are one enqueue, and the
 * first refusal stops the send (the rest stays in the caller's backlog). */
static uint16_t ring_send(struct taskoff_tx_queue *txq, struct rte_mbuf **frames, uint16_t n)
{
	const struct taskoff_port *rx_side = txq->port->peer;
	uint16_t nb_rxq = rte_eth_devices[rx_side->port_id].data->nb_rx_queues;
	uint16_t sent = 0, run, d, next_d = 0, put;
	struct steer_view v;

	if (nb_rxq == 0 || n == 0)
		return 0;
	steer_view_load(&v, txq, rx_side, nb_rxq);
	if (v.st == NULL)
		return (uint16_t)rte_ring_sp_enqueue_burst(
		    rx_side->rx_ring[v.fixed_queue][txq->queue_id], (void **)frames, n, NULL);
	d = steer_frame(&v, txq, frames[0]);
	while (sent < n) {
		for (run = 1; sent + run < n; run++) {
			next_d = steer_frame(&v, txq, frames[sent + run]);
			if (next_d != d)
				break;
		}
		put = (uint16_t)rte_ring_sp_enqueue_burst(rx_side->rx_ring[d][txq->queue_id],
							  (void **)(frames + sent), run, NULL);
		sent += put;
		if (put < run)
			break;
		if (sent < n)
			d = next_d;
	}
	return sent;
}

uint16_t taskoff_wire_send(struct taskoff_tx_queue *txq, struct rte_mbuf **frames, uint16_t n)
{
	if (txq->port->wire == TASKOFF_WIRE_LOWER)
		return rte_eth_tx_burst(txq->port->lower_port_id, txq->queue_id, frames, n);
	return ring_send(txq, frames, n);
}

/* Fair among sources: start where the previous poll stopped. */
static uint16_t ring_receive(struct taskoff_rx_queue *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	struct taskoff_port *port = rxq->port;
	uint16_t nb_src = port->args.queues, got = 0, i;

	for (i = 0; i < nb_src && got < n; i++) {
		uint16_t src = (uint16_t)((rxq->next_src + i) % nb_src);

		got += rte_ring_sc_dequeue_burst(port->rx_ring[rxq->queue_id][src],
						 (void **)(pkts + got), n - got, NULL);
	}
	rxq->next_src = (uint16_t)((rxq->next_src + 1) % nb_src);
	return got;
}

uint16_t taskoff_wire_receive(struct taskoff_rx_queue *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	if (rxq->port->wire == TASKOFF_WIRE_LOWER)
		return rte_eth_rx_burst(rxq->port->lower_port_id, rxq->queue_id, pkts, n);
	return ring_receive(rxq, pkts, n);
}
