/* SPDX-License-Identifier: BSD-3-Clause */
/* DPDK offload capability flags derived from the current NDIS configuration. */
#include <rte_ethdev.h>

#include "taskoff_pmd.h"

/*
 * Offloads this build actually performs. An offload is advertised only when it
 * is both implemented here and enabled in the current configuration; the
 * masks grow as the offload stages land in lib/.
 */
#define TASKOFF_TX_IMPLEMENTED                                                                     \
	(RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |                           \
	 RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |                             \
	 RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO |                                 \
	 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO | RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM |                    \
	 RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |                        \
	 RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM)
#define TASKOFF_RX_IMPLEMENTED                                                                     \
	(RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_RSS_HASH |                                \
	 RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |                            \
	 RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_OUTER_IPV4_CKSUM |                      \
	 RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_SCTP_CKSUM |                              \
	 RTE_ETH_RX_OFFLOAD_OUTER_UDP_CKSUM)

uint64_t taskoff_tx_offload_capa(const struct taskoff_offload_config *cfg)
{
	/* SCTP checksum (CRC32-C) has no NDIS switch: always offered (OVS needs it with TSO) */
	uint64_t capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_SCTP_CKSUM;

	if (cfg->ipv4_csum & TASKOFF_CSUM_TX)
		capa |= RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
	if ((cfg->tcp4_csum | cfg->tcp6_csum) & TASKOFF_CSUM_TX)
		capa |= RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	if ((cfg->udp4_csum | cfg->udp6_csum) & TASKOFF_CSUM_TX)
		capa |= RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	if (cfg->lsov1 || cfg->lsov2_ipv4 || cfg->lsov2_ipv6)
		capa |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	if (cfg->uso_ipv4 || cfg->uso_ipv6)
		capa |= RTE_ETH_TX_OFFLOAD_UDP_TSO;
	if (taskoff_config_nvgre_enabled(cfg)) {
		capa |= RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM;
		/* NDIS offers LSO for NVGRE as LSOv2 only */
		if (cfg->lsov2_ipv4 || cfg->lsov2_ipv6)
			capa |= RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO;
	}
	if (taskoff_config_vxlan_enabled(cfg)) {
		capa |= RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM;
		/* like NVGRE: VXLAN LSO only as LSOv2 */
		if (cfg->lsov2_ipv4 || cfg->lsov2_ipv6)
			capa |= RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO;
	}
	return capa & TASKOFF_TX_IMPLEMENTED;
}

uint64_t taskoff_rx_offload_capa(const struct taskoff_offload_config *cfg)
{
	uint64_t capa = RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_SCTP_CKSUM;

	if (cfg->ipv4_csum & TASKOFF_CSUM_RX)
		capa |= RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;
	if ((cfg->tcp4_csum | cfg->tcp6_csum) & TASKOFF_CSUM_RX)
		capa |= RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	if ((cfg->udp4_csum | cfg->udp6_csum) & TASKOFF_CSUM_RX)
		capa |= RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
	if (cfg->encap_enabled && ((cfg->ipv4_csum & TASKOFF_CSUM_RX) != 0))
		capa |= RTE_ETH_RX_OFFLOAD_OUTER_IPV4_CKSUM;
	/* VXLAN's outer UDP checksum: validated under the UDP receive checksum */
	if (taskoff_config_vxlan_enabled(cfg) &&
	    ((cfg->udp4_csum | cfg->udp6_csum) & TASKOFF_CSUM_RX))
		capa |= RTE_ETH_RX_OFFLOAD_OUTER_UDP_CKSUM;
	if (cfg->rsc_ipv4 || cfg->rsc_ipv6)
		capa |= RTE_ETH_RX_OFFLOAD_TCP_LRO;
	capa |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
	return capa & TASKOFF_RX_IMPLEMENTED;
}
