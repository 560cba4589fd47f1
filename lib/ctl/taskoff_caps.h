/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_CAPS_H
#define TASKOFF_CAPS_H

/**
 * @file
 * The NDIS_OFFLOAD model: what a port's (virtual) hardware can do, and the
 * same shape filled from a current configuration (SPEC §3).
 *
 * struct taskoff_hw_caps mirrors NDIS_OFFLOAD field by field. It holds the
 * hardware capabilities of a port (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES) and,
 * built by taskoff_offload_view(), the current configuration as NDIS reports
 * it (OID_TCP_OFFLOAD_CURRENT_CONFIG): a disabled offload is an all-zero block.
 *
 * Lesser NICs are emulated with the `caps=` devarg, a list of removals and
 * limits separated by ':' or ','. DPDK devargs already split on ',', so on a
 * testpmd command line write `caps=no-rsc:lso-max=65536`. Vocabulary:
 *
 *   no-csum                 every checksum offload (IPv4 and IPv6, Tx and Rx)
 *   no-csum-tx, no-csum-rx  every transmit / receive checksum offload
 *   no-csum-ipv4, no-csum-ipv6               all checksums of one IP version
 *   no-csum-ipv4-tx, no-csum-ipv4-rx, no-csum-ipv6-tx, no-csum-ipv6-rx
 *   no-csum-ip              IPv4 header checksum (Tx and Rx)
 *   no-csum-tcp4, no-csum-udp4, no-csum-tcp6, no-csum-udp6   (Tx and Rx)
 *   no-ip-options           IpOptionsSupported (IPv4 checksum and LSO)
 *   no-ipv6-ext-headers     IpExtensionHeadersSupported (IPv6 checksum, LSOv2, USO)
 *   no-tcp-options          TcpOptionsSupported (checksum and LSO)
 *   no-vlan                 IEEE_802_3_P_AND_Q frame encapsulation
 *   no-lso                  LSOv1 and LSOv2; no-lsov1; no-lsov2; no-lsov2-ipv4; no-lsov2-ipv6
 *   no-uso, no-uso-ipv4, no-uso-ipv6
 *   no-rsc, no-rsc-ipv4, no-rsc-ipv6
 *   no-nvgre                NVGRE encapsulated packet task offload (all of it)
 *   no-nvgre-csum-tx, no-nvgre-csum-rx, no-nvgre-lso, no-nvgre-rss, no-nvgre-vmq
 *   no-vxlan                VXLAN encapsulated packet task offload (all of it)
 *   no-vxlan-csum-tx, no-vxlan-csum-rx, no-vxlan-lso, no-vxlan-uso, no-vxlan-rss,
 *   no-vxlan-vmq
 *   no-vxlan-port-config    VxlanUDPPortNumber fixed at 4789 (not configurable)
 *   lso-max=N               LSOv2 MaxOffLoadSize (IPv4 and IPv6), 1024..262144;
 *                           also caps LSOv1 at min(N, 65536)
 *   lsov1-max=N             LSOv1 MaxOffLoadSize, 1024..65536
 *   uso-max=N               USO MaxOffLoadSize, 1024..262144
 *   min-segments=N          MinSegmentCount of LSO and USO, 2..64
 *   nvgre-max-header=N      MaxHeaderSizeSupported for NVGRE, 64..256
 *   vxlan-max-header=N      MaxHeaderSizeSupported for VXLAN, 64..256
 *
 * Removing a checksum also removes the offloads that need it (SPEC §2.7): no
 * TCP/IPv4 or IPv4 header Tx checksum means no LSOv1 and no LSOv2 IPv4, no
 * TCP/IPv6 Tx checksum means no LSOv2 IPv6; no Rx checksum for an IP version
 * means no RSC for it; no LSOv2 at all means no NVGRE or VXLAN LSO, no USO at
 * all means no VXLAN USO.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "taskoff_config.h"
#include "taskoff_ndis.h"

/** One NDIS_TCP_IP_CHECKSUM_OFFLOAD direction block (IPv4Transmit, IPv6Receive...). */
struct taskoff_csum_caps {
	uint32_t encapsulation; /**< NDIS_ENCAPSULATION bits, 0 when nothing is offered */
	bool ip_options;	/**< IpOptionsSupported (v4) / IpExtensionHeadersSupported (v6) */
	bool tcp_options;	/**< TcpOptionsSupported */
	bool tcp;		/**< TcpChecksum */
	bool udp;		/**< UdpChecksum */
	bool ip;		/**< IpChecksum (IPv4 only) */
};

/** One large-send block (LsoV1.IPv4, LsoV2.IPv4, LsoV2.IPv6). */
struct taskoff_lso_caps {
	uint32_t encapsulation; /**< 0 = not supported */
	uint32_t max_offload_size;
	uint32_t min_segment_count;
	bool ip_options; /**< IpOptions (v4) / IpExtensionHeadersSupported (v6) */
	bool tcp_options;
};

/** One UDP segmentation block (UdpSegmentation.IPv4 / IPv6). */
struct taskoff_uso_caps {
	uint32_t encapsulation; /**< 0 = not supported */
	uint32_t max_offload_size;
	uint32_t min_segment_count;
	bool sub_mss_final_segment;
	bool ip_ext_headers; /**< IpExtensionHeadersSupported (v6) */
};

/**
 * One encapsulated packet task offload block, for every tunnel kind:
 * EncapsulatedPacketTaskOffloadGre (NVGRE, NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD)
 * and EncapsulatedPacketTaskOffloadVxlan (NDIS 6.50,
 * NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD_V2). The V2-only members (uso, the
 * UDP port) stay zero for NVGRE and are not reported for it.
 */
struct taskoff_encap_caps {
	bool tx_csum;
	bool rx_csum;
	bool lsov2;
	bool rss;
	bool vmq;
	bool uso; /**< UsoSupported (V2) */
	uint32_t max_header_size;
	uint16_t udp_port;	    /**< VxlanUDPPortNumber (V2), 0 when not supported */
	bool udp_port_configurable; /**< VxlanUDPPortNumber may be changed (V2) */
};

/** NDIS_OFFLOAD: hardware capabilities, or a configuration seen the NDIS way. */
struct taskoff_hw_caps {
	struct taskoff_csum_caps ipv4_tx, ipv4_rx, ipv6_tx, ipv6_rx;
	struct taskoff_lso_caps lsov1_ipv4, lsov2_ipv4, lsov2_ipv6;
	bool rsc_ipv4, rsc_ipv6;
	struct taskoff_encap_caps gre;
	struct taskoff_uso_caps uso_ipv4, uso_ipv6;
	struct taskoff_encap_caps vxlan;
	/** EncapsulationTypes (TASKOFF_ENCAP_GRE_MAC...) supported / enabled. */
	uint32_t encap_types;
};

/** Default NVGRE and VXLAN MaxHeaderSizeSupported. */
#define TASKOFF_GRE_MAX_HEADER_SIZE   256u
#define TASKOFF_VXLAN_MAX_HEADER_SIZE 256u

/** Everything TaskOff implements. */
void taskoff_hw_caps_default(struct taskoff_hw_caps *caps);

/**
 * Remove capabilities from @p caps as listed in @p spec (see file comment).
 * @p caps is left unchanged when the list is invalid.
 * @return TASKOFF_NDIS_SUCCESS, or INVALID_PARAMETER (unknown item) /
 *         INVALID_DATA (bad number) with @p err naming the item.
 */
enum taskoff_ndis_status taskoff_hw_caps_parse(struct taskoff_hw_caps *caps, const char *spec,
					       struct taskoff_ndis_error *err);

/**
 * The initial configuration of a port with @p caps: everything the hardware
 * supports enabled, limits taken from the capabilities.
 */
void taskoff_offload_config_from_caps(const struct taskoff_hw_caps *caps,
				      struct taskoff_offload_config *cfg);

/**
 * The NDIS_OFFLOAD view of @p cfg on hardware @p caps (what
 * OID_TCP_OFFLOAD_CURRENT_CONFIG reports): blocks of disabled offloads are
 * zero; the NVGRE and VXLAN blocks are set only for offloads that are enabled
 * both for the tunnel and underneath (SPEC §2.7). The VXLAN block reports the
 * configured VxlanUDPPortNumber (and whether it is configurable) whenever the
 * hardware supports VXLAN, even while VXLAN is disabled: it is configuration,
 * not an offload, and it is what the next enable will use.
 */
void taskoff_offload_view(const struct taskoff_hw_caps *caps,
			  const struct taskoff_offload_config *cfg, struct taskoff_hw_caps *view);

#endif
