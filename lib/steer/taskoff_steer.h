/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_STEER_H
#define TASKOFF_STEER_H

/**
 * @file
 * RSS and VMQ steering: which RX queue a received frame lands on.
 *
 * Steering is a pure function of (steering state, frame bytes). The control
 * side builds a struct taskoff_steer (a plain struct with fixed-size arrays, so
 * it can be copied with memcpy), the PMD publishes copies by atomic pointer
 * swap, and the datapath only reads it through taskoff_steer_queue().
 *
 * Order of decisions for one frame:
 *  1. VMQ: when a filter matches (the most specific one when several do, see
 *     taskoff_vmq_filter), the frame goes to the filter's queue, unhashed: there
 *     is no further spreading inside a VMQ queue (no VMMQ). VMQ applies whether
 *     or not RSS is enabled.
 *  2. RSS (when enabled): a Toeplitz hash of the NDIS hash inputs selected by
 *     the enabled hash types; queue = reta[hash % reta_size].
 *  3. Otherwise queue 0: RSS disabled, non-IP frames, hash type not enabled,
 *     truncated or inconsistent headers.
 *
 * RSS hash inputs (NDIS): IPv4/IPv6 2-tuple = source then destination address;
 * TCP/UDP 4-tuple = source address, destination address, source port,
 * destination port. A TCP/UDP frame whose 4-tuple type is disabled falls back
 * to the 2-tuple of its IP version when that is enabled (e.g. NONFRAG_IPV4_TCP
 * off, IPV4 on: IPv4 2-tuple). IP fragments and other protocols use the
 * 2-tuple. Up to two VLAN tags (0x8100 / 0x88a8) are skipped; IPv6 hop-by-hop,
 * routing and destination-options headers (at most 128 bytes of them) are
 * walked to find TCP/UDP; other IPv6 extension headers end the walk (2-tuple).
 *
 * Tunnels (struct taskoff_steer_tunnels says which ones apply):
 *  - NVGRE: outer IPv4/IPv6 protocol 47, GRE with K set, C/R/S clear,
 *    version 0, protocol 0x6558; the tunnel id is the VSID (key >> 8).
 *  - VXLAN: outer IPv4/IPv6, UDP (not a fragment) to the configured VXLAN
 *    port, 8-byte VXLAN header with the I flag set; the tunnel id is the VNI.
 * Both are steered alike: the inner TCP/UDP 4-tuple is hashed when the inner
 * frame parses and its 4-tuple type is enabled; otherwise the 2-tuple of the
 * OUTER addresses (when that type is enabled). VMQ matches the inner
 * destination MAC (and inner VLAN tag) plus the tunnel id (VSID or VNI); a
 * frame whose inner Ethernet header is truncated is matched on the outer
 * MAC/VLAN with its tunnel id. A tunnel that is not enabled is steered like
 * any other IP frame (a VXLAN frame then hashes as plain UDP); so is a UDP
 * frame to the VXLAN port without the I flag. A tunnel header cut short is
 * counted as malformed; the frame is hashed on the outer 2-tuple (like one
 * whose inner frame is cut short) and matched by VMQ on the outer MAC/VLAN
 * without a tunnel id.
 *
 * Header bytes are read with rte_pktmbuf_read: multi-segment frames work and
 * nothing past the mbuf data is ever read.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"

/** RSS key length (bytes); the only length accepted. */
#define TASKOFF_RSS_KEY_LEN 40
/** Largest indirection table (entries). */
#define TASKOFF_RSS_RETA_SIZE_MAX RTE_ETH_RSS_RETA_SIZE_512
/** Indirection table size after taskoff_steer_init (NDIS maximum: 128 entries). */
#define TASKOFF_RSS_RETA_SIZE_DEFAULT RTE_ETH_RSS_RETA_SIZE_128
/** Hash types TaskOff computes (report as dev_info.flow_type_rss_offloads). */
#define TASKOFF_RSS_HF_SUPPORTED                                                                   \
	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP |          \
	 RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP)
/** Size of the VMQ filter table. */
#define TASKOFF_VMQ_FILTER_MAX 128
/** Largest VSID (24 bits). */
#define TASKOFF_VSID_MAX 0xFFFFFFu
/** Largest VXLAN VNI (24 bits). */
#define TASKOFF_VNI_MAX 0xFFFFFFu

/** The Microsoft RSS verification key, TaskOff's default key. */
extern const uint8_t taskoff_rss_default_key[TASKOFF_RSS_KEY_LEN];

/** RSS configuration. */
struct taskoff_rss_conf {
	/** Key as configured (network order, as given by the application). */
	uint8_t key[TASKOFF_RSS_KEY_LEN] __rte_aligned(4);
	/** The key converted once by rte_convert_rss_key, for rte_softrss_be. */
	uint32_t key_be[TASKOFF_RSS_KEY_LEN / 4];
	/**
	 * The key as GF(2) matrices for rte_thash_gfni (rte_thash_complete_matrix),
	 * stored inline so the struct stays memcpy-able.
	 */
	uint64_t gfni_matrix[TASKOFF_RSS_KEY_LEN];
	/**
	 * Hash with GFNI (gfni_matrix) instead of rte_softrss_be (key_be): set by
	 * taskoff_rss_set_key when this build has the GFNI hash and the CPU runs it.
	 * Both give identical hashes; clearing it forces the portable path.
	 */
	bool use_gfni;
	/** Enabled hash types, RTE_ETH_RSS_* bits within TASKOFF_RSS_HF_SUPPORTED. */
	uint64_t rss_hf;
	/** Indirection table size: 64, 128, 256 or 512. */
	uint16_t reta_size;
	/** Indirection table: hash % reta_size → queue. */
	uint16_t reta[TASKOFF_RSS_RETA_SIZE_MAX];
};

/**
 * One VMQ filter. Matches frames whose (inner, for a tunnel) destination MAC is
 * @p mac and, when set, whose VLAN id (outermost tag of that Ethernet header) is
 * @p vlan_id, whose NVGRE VSID is @p vsid, whose VXLAN VNI is @p vni (a filter
 * sets at most one of match_vsid and match_vni). (mac, match_vlan, vlan_id,
 * match_vsid, vsid, match_vni, vni) is the filter's identity; @p queue is its
 * result. When several filters match, the most specific wins: tunnel id and
 * VLAN over tunnel id over VLAN over MAC only.
 */
struct taskoff_vmq_filter {
	struct rte_ether_addr mac;
	bool match_vlan;
	bool match_vsid;
	uint16_t vlan_id; /**< 0..4095, used when match_vlan */
	uint32_t vsid;	  /**< 0..TASKOFF_VSID_MAX, used when match_vsid */
	uint16_t queue;	  /**< RX queue, < nb_queues */
	bool match_vni;
	uint32_t vni; /**< 0..TASKOFF_VNI_MAX, used when match_vni */
};

/** The VMQ filter table (filters kept in insertion order). */
struct taskoff_vmq_table {
	uint16_t nb_filters;
	struct taskoff_vmq_filter filters[TASKOFF_VMQ_FILTER_MAX];
};

/** Steering state of one port; immutable once published to the datapath. */
struct taskoff_steer {
	uint16_t nb_queues;
	struct taskoff_rss_conf rss;
	struct taskoff_vmq_table vmq;
};

/**
 * Which tunnels steering looks into: the receiver's configuration, read once
 * per burst (taskoff_steer_tunnels_of), not per frame.
 */
struct taskoff_steer_tunnels {
	bool nvgre;	     /**< taskoff_config_nvgre_enabled() */
	bool vxlan;	     /**< taskoff_config_vxlan_enabled() */
	uint16_t vxlan_port; /**< UDP destination port of VXLAN (host order), when vxlan */
};

/** The tunnels of @p cfg under the conditions transmit applies to them. */
static inline struct taskoff_steer_tunnels
taskoff_steer_tunnels_of(const struct taskoff_offload_config *cfg)
{
	struct taskoff_steer_tunnels t = {
	    .nvgre = taskoff_config_nvgre_enabled(cfg),
	    .vxlan = taskoff_config_vxlan_enabled(cfg),
	    .vxlan_port = cfg->vxlan_port,
	};
	return t;
}

/**
 * Defaults: Microsoft verification key, every supported hash type, a
 * TASKOFF_RSS_RETA_SIZE_DEFAULT-entry table round-robin over @p nb_queues
 * (0 is taken as 1), no VMQ filter.
 */
void taskoff_steer_init(struct taskoff_steer *st, uint16_t nb_queues);

/** Set the RSS key. @return 0, or -EINVAL (NULL key, @p key_len != 40). */
int taskoff_rss_set_key(struct taskoff_steer *st, const uint8_t *key, uint8_t key_len);

/**
 * Set the enabled hash types.
 * @return 0, or -ENOTSUP when a bit outside TASKOFF_RSS_HF_SUPPORTED is set.
 */
int taskoff_rss_set_hash_types(struct taskoff_steer *st, uint64_t rss_hf);

/**
 * Resize the indirection table and refill it round-robin.
 * @return 0, or -EINVAL unless @p reta_size is 64, 128, 256 or 512.
 */
int taskoff_rss_reta_set_size(struct taskoff_steer *st, uint16_t reta_size);

/**
 * Update the entries selected by the masks of @p conf (reta_size / 64 groups).
 * All or nothing: on error the table is unchanged.
 * @return 0, or -EINVAL (NULL conf, @p reta_size not the table size, a selected
 *         queue >= nb_queues).
 */
int taskoff_rss_reta_update(struct taskoff_steer *st, const struct rte_eth_rss_reta_entry64 *conf,
			    uint16_t reta_size);

/**
 * Fill the entries selected by the masks of @p conf.
 * @return 0, or -EINVAL (NULL conf, @p reta_size not the table size).
 */
int taskoff_rss_reta_query(const struct taskoff_steer *st, struct rte_eth_rss_reta_entry64 *conf,
			   uint16_t reta_size);

/**
 * Add a filter.
 * @return 0; -EINVAL (NULL, queue >= nb_queues, vlan_id > 4095, vsid or vni > 24 bits,
 *         both match_vsid and match_vni);
 *         -EEXIST (a filter with the same identity exists); -ENOSPC (table full).
 */
int taskoff_vmq_filter_add(struct taskoff_steer *st, const struct taskoff_vmq_filter *f);

/**
 * Remove the filter with the identity of @p f (its queue is ignored).
 * @return 0, -EINVAL (NULL) or -ENOENT.
 */
int taskoff_vmq_filter_remove(struct taskoff_steer *st, const struct taskoff_vmq_filter *f);

/**
 * Copy up to @p max filters, in insertion order, to @p out (may be NULL when
 * @p max is 0). @return the number of filters in the table.
 */
unsigned int taskoff_vmq_filter_list(const struct taskoff_steer *st, struct taskoff_vmq_filter *out,
				     unsigned int max);

/**
 * Datapath: choose the RX queue for frame @p m (always < st->nb_queues).
 * When the frame is RSS-hashed, sets m->hash.rss and RTE_MBUF_F_RX_RSS_HASH;
 * otherwise clears RTE_MBUF_F_RX_RSS_HASH. Counts in @p cnt (may be NULL):
 * rss_hashed, vmq_matched, and steer_malformed for frames with truncated or
 * inconsistent headers. @p rss_enabled false: queue 0 unless VMQ matches.
 * A tunnel not enabled in @p tun is steered on its outer headers. Callers pass
 * taskoff_steer_tunnels_of() the receiver's configuration, the conditions
 * transmit applies to tunnel offloads.
 */
uint16_t taskoff_steer_queue(const struct taskoff_steer *st, bool rss_enabled,
			     struct taskoff_steer_tunnels tun, struct rte_mbuf *m,
			     struct taskoff_counters *cnt);

#endif
