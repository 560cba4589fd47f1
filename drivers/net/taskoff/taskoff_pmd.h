/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_PMD_H
#define TASKOFF_PMD_H

/**
 * @file
 * Private state of the net_taskoff PMD.
 *
 * Wires. A port's frames travel over one of three wires:
 *  - loopback (no peer=, no lower=): the port is its own receiver;
 *  - peer=<name>: another net_taskoff port is the receiver, and we are its receiver;
 *  - lower=<ethdev>: frames go out on, and come in from, another ethdev that
 *    TaskOff owns (configures, starts, stops, closes, polls).
 *
 * For loopback and peer wires the receiving port owns a matrix of lock-free
 * single-producer/single-consumer rings, rx_ring[dst][src]: the only producer
 * of ring [d][s] is the sender's TX queue s, the only consumer is the
 * receiver's RX queue d. The sender chooses d (today d = s modulo the
 * receiver's RX queue count; RSS/VMQ steering picks d from the frame), so
 * frames reach any RX queue without a lock or a multi-producer ring.
 *
 * TX path. tx_burst runs the transmit offload stage into a per-queue staging
 * array, pushes the staged frames onto the wire, and keeps what the wire did
 * not take as a backlog that is sent first on the next call; while a backlog
 * remains, no new packets are accepted (back-pressure, as a full descriptor
 * ring would give). Nothing is silently lost: frames still in a backlog or a
 * ring when a port stops are freed and counted.
 *
 * RX path. rx_burst takes frames off the wire, drops frames longer than the
 * MTU allows, and runs the receive offload stage (lib/rx) in place. With
 * rsc_hold_us=N, an SCU may stay open across bursts for N microseconds, like
 * a NIC's coalescing timer; a burst can then deliver more packets than it
 * took off the wire, so frames come off the wire into a per-queue stage, and
 * only as many as leave an output slot for every held SCU. Held SCUs are
 * delivered by the first poll after their time is up (even one that receives
 * nothing); at stop they are freed and counted as rx_port_stopped_dropped.
 *
 * Configuration. The current offload configuration is an immutable object
 * published with an atomic pointer swap (lib/taskoff_config.h); every burst
 * is an RCU read-side section of the process-wide TaskOff QSBR domain
 * (lib/taskoff_rcu.h), one reader id per queue.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <ethdev_driver.h>
#include <rte_ether.h>
#include <rte_ring.h>

#include "taskoff_caps.h"
#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rcu.h"
#include "taskoff_rx.h"
#include "taskoff_steer.h"
#include "taskoff_tx.h"

#define TASKOFF_MAX_QUEUES	TASKOFF_RCU_QUEUES
#define TASKOFF_RING_SIZE	2048
#define TASKOFF_TX_STAGE_MAX	1024
#define TASKOFF_MAX_MTU		9600
#define TASKOFF_NAME_MAX	RTE_DEV_NAME_MAX_LEN
#define TASKOFF_RSC_FLOWS	1024
#define TASKOFF_RX_STAGE_MAX	64
#define TASKOFF_RSC_HOLD_MAX_US 100000 /* 100 ms */
/*
 * Descriptors an application may ask for per queue, like a real NIC (OVS asks
 * 2048 by default). The wire's rings have a fixed size: what they cannot hold
 * is back-pressure (tx_burst takes fewer packets), never a refused set-up. On a
 * lower wire the request is clamped to what the lower port accepts.
 */
#define TASKOFF_DESC_MAX 4096
/** GNU build id of the plugin as hex, NUL included (taskoff_plugin.c). */
#define TASKOFF_BUILD_ID_LEN 65

enum taskoff_wire_kind {
	TASKOFF_WIRE_LOOPBACK,
	TASKOFF_WIRE_PEER,
	TASKOFF_WIRE_LOWER,
};

struct taskoff_port;

/** One RX queue: polled by exactly one lcore. */
struct taskoff_rx_queue {
	struct taskoff_port *port;
	struct rte_rcu_qsbr *rcu;
	uint32_t rcu_id;
	uint16_t queue_id;
	uint16_t next_src; /* round-robin start among source rings */
	struct rte_mempool *mb_pool;
	struct taskoff_rx_ctx *offload; /* lib/rx state: parse, checksum, decap, RSC flow table */
	struct taskoff_counters cnt;
	/* packets and bytes at the last stats reset (per-queue stats subtract them) */
	uint64_t reset_packets, reset_bytes;
	struct rte_mbuf *stage[TASKOFF_RX_STAGE_MAX]; /* rsc_hold_us > 0: frames off the wire */
} __rte_cache_aligned;

/** One TX queue: used by exactly one lcore. */
struct taskoff_tx_queue {
	struct taskoff_port *port;
	struct rte_rcu_qsbr *rcu;
	uint32_t rcu_id;
	uint16_t queue_id;
	uint16_t backlog_head;
	uint16_t backlog_len;
	struct taskoff_tx_ctx offload; /* lib/tx state: pools, counters, config of this burst */
	struct taskoff_counters cnt;
	/* packets and bytes at the last stats reset (per-queue stats subtract them) */
	uint64_t reset_packets, reset_bytes;
	struct rte_mbuf *stage[TASKOFF_TX_STAGE_MAX];
} __rte_cache_aligned;

/** Options from devargs. */
struct taskoff_devargs {
	char peer[TASKOFF_NAME_MAX];
	char lower[TASKOFF_NAME_MAX];
	uint16_t queues;
	bool mac_set;
	struct rte_ether_addr mac;
	char conf[PATH_MAX];
	char caps[256];
	char ctl[PATH_MAX];
	char decap[256];
	/* decap= parsed */
	bool decap_all;
	uint16_t nb_decap_vsids;
	uint32_t decap_vsids[64];
	uint32_t rsc_hold_us; /* 0: every SCU ends with its burst */
};

/** Per-port private data (dev->data->dev_private). */
struct taskoff_port {
	char name[TASKOFF_NAME_MAX];
	/* the plugin build that created the port; a secondary process of another build
	 * must not read this structure */
	char build_id[TASKOFF_BUILD_ID_LEN];
	uint16_t port_id;
	enum taskoff_wire_kind wire;
	struct taskoff_devargs args;
	struct rte_ether_addr mac;

	/* wire state */
	struct taskoff_port *peer; /* resolved at start; NULL for lower */
	uint16_t lower_port_id;	   /* valid for TASKOFF_WIRE_LOWER */
	uint64_t lower_owner_id;
	struct rte_ring *rx_ring[TASKOFF_MAX_QUEUES][TASKOFF_MAX_QUEUES]; /* [dst][src] */
	bool started; /* read by the peer's TX lcores */

	struct taskoff_hw_caps caps; /* NDIS hardware capabilities (caps= removes items) */
	struct taskoff_config_slot config;
	bool ctl_registered;

	/* receive steering; read by the sending side of the wire (our peer or ourselves) */
	const struct taskoff_steer *steer;
	TAILQ_HEAD(, rte_flow) flows; /* rte_flow rules, each one VMQ filter */
	bool rss_enabled;	      /* application asked for RSS (mq_mode) */

	/* segment headers and payload references made by TX offloads */
	struct rte_mempool *hdr_pool;
	struct rte_mempool *indirect_pool;

	/*
	 * Shared with the control server and telemetry threads; only touched
	 * under taskoff_ctl_port_lock() (taskoff_stats.c explains why):
	 *  - rxq/txq: the queues whose counters make up the port's stats
	 *    (set by queue setup, cleared by queue release);
	 *  - baseline: the raw sums at the last stats reset, subtracted by every read;
	 *  - stop_cnt: counted while no lcore polls (stop) and the counts of
	 *    released queues.
	 * The burst functions never read them.
	 */
	struct taskoff_rx_queue *rxq[TASKOFF_MAX_QUEUES];
	struct taskoff_tx_queue *txq[TASKOFF_MAX_QUEUES];
	struct taskoff_counters baseline;
	struct taskoff_counters stop_cnt;
};

/* taskoff_wire.c */
int taskoff_wire_rings_create(struct taskoff_port *port);
void taskoff_wire_rings_free(struct taskoff_port *port);
unsigned int taskoff_wire_rings_drain(struct taskoff_port *port);
int taskoff_wire_resolve_peer(struct taskoff_port *port);
bool taskoff_wire_link_up(const struct taskoff_port *port);
uint16_t taskoff_wire_send(struct taskoff_tx_queue *txq, struct rte_mbuf **frames, uint16_t n);
uint16_t taskoff_wire_receive(struct taskoff_rx_queue *rxq, struct rte_mbuf **pkts, uint16_t n);

/* taskoff_lower.c */
int taskoff_lower_attach(struct taskoff_port *port);
void taskoff_lower_detach(struct taskoff_port *port);
int taskoff_lower_configure(struct taskoff_port *port, uint16_t nb_rxq, uint16_t nb_txq);
/** @p nb_desc clamped to the lower port's RX (@p tx false) or TX descriptor limits. */
uint16_t taskoff_lower_desc(const struct taskoff_port *port, bool tx, uint16_t nb_desc);

/* taskoff_rxtx.c */
uint16_t taskoff_pmd_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t taskoff_pmd_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t taskoff_pmd_tx_prepare(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
unsigned int taskoff_tx_queue_drop_backlog(struct taskoff_tx_queue *txq);

/* taskoff_plugin.c */
/** GNU build id of this copy of the plugin (hex). */
const char *taskoff_plugin_build_id(void);
/** True for the first copy of the plugin loaded in this process (the one that registers). */
bool taskoff_plugin_claim(void);

/* taskoff_ethdev.c */
extern const struct eth_dev_ops taskoff_ops;
/** Secondary processes: read-only views (info, stats, link) of the primary's port. */
extern const struct eth_dev_ops taskoff_secondary_ops;
bool taskoff_is_taskoff_port(const struct rte_eth_dev *dev);

/* taskoff_stats.c: the port's counters; the queue tables are changed under the ctl lock */
void taskoff_stats_rxq_attach(struct taskoff_port *port, struct taskoff_rx_queue *rxq);
void taskoff_stats_txq_attach(struct taskoff_port *port, struct taskoff_tx_queue *txq);
void taskoff_stats_rxq_detach(struct taskoff_port *port, struct taskoff_rx_queue *rxq);
void taskoff_stats_txq_detach(struct taskoff_port *port, struct taskoff_tx_queue *txq);
/** Add @p n to counter @p c on behalf of no queue (port stop, no lcore polls). */
void taskoff_stats_count_stopped(struct taskoff_port *port, enum taskoff_counter c, uint64_t n);
/** Sum of the port's counters since the last stats reset; caller holds taskoff_ctl_port_lock. */
void taskoff_port_counters_locked(const struct taskoff_port *port, struct taskoff_counters *out);
int taskoff_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
int taskoff_stats_reset(struct rte_eth_dev *dev);
int taskoff_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
			     unsigned int size);
int taskoff_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n);

/* taskoff_steer_ctl.c */
typedef int (*taskoff_steer_edit_t)(struct taskoff_steer *st, const void *arg);
int taskoff_steer_update(struct taskoff_port *port, taskoff_steer_edit_t edit, const void *arg);
/* control-side read of the current steering state, ordered with updates */
typedef int (*taskoff_steer_read_t)(const struct taskoff_steer *st, void *arg);
int taskoff_steer_query(struct taskoff_port *port, taskoff_steer_read_t read, void *arg);
/* VMQ filter add / remove as one published steering update each */
int taskoff_steer_vmq_add(struct taskoff_port *port, const struct taskoff_vmq_filter *f);
int taskoff_steer_vmq_remove(struct taskoff_port *port, const struct taskoff_vmq_filter *f);
void taskoff_steer_fini(struct taskoff_port *port);

/* taskoff_rss.c */
int taskoff_rss_configure(struct rte_eth_dev *dev);
int taskoff_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int taskoff_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int taskoff_reta_update(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf,
			uint16_t reta_size);
int taskoff_reta_query(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf,
		       uint16_t reta_size);

/* taskoff_ctl_glue.c */
int taskoff_ctl_attach(struct taskoff_port *port);
void taskoff_ctl_detach(struct taskoff_port *port);
/** Edits a copy of the current config in place; 0 or -errno (nothing published then). */
typedef int (*taskoff_config_edit_fn)(struct taskoff_offload_config *cfg, void *arg);
/**
 * A configuration change the application asks through ethdev (not the control
 * server): @p edit on a copy of the current config, checked against the
 * hardware capabilities and NDIS rules, published under the control registry
 * lock like the server's, then NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG to
 * subscribers. @return 0, the edit's -errno, -ENOTSUP (above the
 * capabilities), -EINVAL (a rule broken), -ENOMEM / -EBUSY (publish).
 */
int taskoff_ctl_config_edit(struct taskoff_port *port, taskoff_config_edit_fn edit, void *arg);

/* taskoff_flow.c */
struct rte_flow_ops;
int taskoff_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops);
/* close: forget the rules (their filters go with the steering state) */
void taskoff_flow_free_all(struct taskoff_port *port);

/* taskoff_pools.c */
int taskoff_pools_create(struct taskoff_port *port);
void taskoff_pools_free(struct taskoff_port *port);

/* taskoff_caps.c */
uint64_t taskoff_tx_offload_capa(const struct taskoff_offload_config *cfg);
uint64_t taskoff_rx_offload_capa(const struct taskoff_offload_config *cfg);

#endif
