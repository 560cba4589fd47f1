/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CONFIG_H
#define TASKOFF_CONFIG_H

/**
 * @file
 * The current offload configuration of a port (NDIS "current configuration")
 * and how it reaches the datapath.
 *
 * A configuration object is immutable once published. The control side builds
 * a new object, publishes it with one atomic pointer store, and retires the old
 * one to RCU (taskoff_rcu.h); the old object is freed only after every
 * datapath queue has left the burst in which it could have read it. Queues
 * read the pointer once per burst, so a change takes effect from the next
 * burst and no lock is ever taken on the datapath.
 */

#include <stdbool.h>
#include <stdint.h>

/** Checksum offload direction bits (NDIS TX_ENABLED / RX_ENABLED). */
#define TASKOFF_CSUM_TX 0x1u
#define TASKOFF_CSUM_RX 0x2u

/** NDIS encapsulation type bits (EncapsulationTypes). */
#define TASKOFF_ENCAP_GRE_MAC 0x1u
#define TASKOFF_ENCAP_VXLAN   0x2u

/** VXLAN (RFC 7348): IANA UDP port (NDIS VxlanUDPPortNumber default) and header length. */
#define TASKOFF_VXLAN_DEFAULT_PORT 4789u
#define TASKOFF_VXLAN_HDR_LEN	   8u

/** Limits defined by the NDIS offload model. */
#define TASKOFF_LSOV1_MAX_OFFLOAD_SIZE 65536u
#define TASKOFF_LSOV2_DEFAULT_MAX_SIZE 262144u
#define TASKOFF_DEFAULT_MIN_SEGMENTS   2u

/** One immutable snapshot of what is enabled on a port. */
struct taskoff_offload_config {
	/* checksum: TASKOFF_CSUM_TX | TASKOFF_CSUM_RX per protocol */
	uint8_t ipv4_csum;
	uint8_t tcp4_csum;
	uint8_t udp4_csum;
	uint8_t tcp6_csum;
	uint8_t udp6_csum;
	/* segmentation and coalescing */
	bool lsov1;
	bool lsov2_ipv4;
	bool lsov2_ipv6;
	bool uso_ipv4;
	bool uso_ipv6;
	bool rsc_ipv4;
	bool rsc_ipv6;
	/* encapsulated packet task offload: the switch, the types (NVGRE, VXLAN) */
	bool encap_enabled;
	uint32_t encap_types;
	/** UDP destination port that makes a frame VXLAN (NDIS VxlanUDPPortNumber) */
	uint16_t vxlan_port;
	/* limits (from hardware capabilities) */
	uint32_t lsov1_max_size;
	uint32_t lsov2_max_size;
	uint32_t lso_min_segments;
	uint32_t uso_max_size;
	uint32_t uso_min_segments;
	/** Bumped on every publish; lets tests and stats see which config a burst used. */
	uint64_t generation;
};

/**
 * Does the encapsulated packet task offload of encapsulation type @p encap
 * (TASKOFF_ENCAP_GRE_MAC or TASKOFF_ENCAP_VXLAN) apply under @p cfg: the
 * switch and the type bit?
 */
static inline bool taskoff_config_encap_enabled(const struct taskoff_offload_config *cfg,
						unsigned int encap)
{
	return cfg->encap_enabled && (cfg->encap_types & encap) != 0;
}

/**
 * Does the NVGRE encapsulated packet task offload apply under @p cfg? Both the
 * switch (*EncapsulatedPacketTaskOffload) and the NVGRE type bit
 * (*EncapsulatedPacketTaskOffloadNvgre) must be on. Transmit and every receive
 * offload of NVGRE frames (checksum, RSC, RSS, VMQ, decap) ask this one question,
 * so the datapath never disagrees with what current_config reports.
 */
static inline bool taskoff_config_nvgre_enabled(const struct taskoff_offload_config *cfg)
{
	return taskoff_config_encap_enabled(cfg, TASKOFF_ENCAP_GRE_MAC);
}

/**
 * Does the VXLAN encapsulated packet task offload apply under @p cfg (the
 * switch and the VXLAN type bit)? Only UDP frames to cfg->vxlan_port are VXLAN.
 * Like taskoff_config_nvgre_enabled: the one question every path asks.
 */
static inline bool taskoff_config_vxlan_enabled(const struct taskoff_offload_config *cfg)
{
	return taskoff_config_encap_enabled(cfg, TASKOFF_ENCAP_VXLAN);
}

/** Fill @p cfg with TaskOff's defaults: every offload enabled. */
void taskoff_offload_config_default(struct taskoff_offload_config *cfg);

/**
 * The published configuration of one port. The datapath reads it with
 * taskoff_config_load inside an RCU burst (taskoff_rcu.h); everything else is
 * control side, serialized by the caller.
 */
struct taskoff_config_slot {
	const struct taskoff_offload_config *current;
	uint64_t next_generation;
};

/** Publish a copy of @p initial as the first configuration. @return 0 or -ENOMEM. */
int taskoff_config_slot_init(struct taskoff_config_slot *slot,
			     const struct taskoff_offload_config *initial);

/** Free the current configuration; no reader may be inside a burst. */
void taskoff_config_slot_fini(struct taskoff_config_slot *slot);

/**
 * Publish a copy of @p next as the current configuration; the old one is
 * retired to RCU and freed once no reader can see it.
 * @return 0, -ENOMEM, or -EBUSY when too many old objects are still
 *         referenced by readers (nothing changed then).
 */
int taskoff_config_publish(struct taskoff_config_slot *slot,
			   const struct taskoff_offload_config *next);

/** Datapath (inside taskoff_rcu_enter/leave) and control side: the current config. */
static inline const struct taskoff_offload_config *
taskoff_config_load(const struct taskoff_config_slot *slot)
{
	return __atomic_load_n(&slot->current, __ATOMIC_ACQUIRE);
}

#endif
