/* SPDX-License-Identifier: BSD-3-Clause */
/* A current configuration seen as NDIS_OFFLOAD (OID_TCP_OFFLOAD_CURRENT_CONFIG). */
#include <string.h>

#include "taskoff_caps.h"

static struct taskoff_csum_caps csum_view(const struct taskoff_csum_caps *hw, bool ip, bool tcp,
					  bool udp)
{
	struct taskoff_csum_caps v = *hw;

	v.ip = hw->ip && ip;
	v.tcp = hw->tcp && tcp;
	v.udp = hw->udp && udp;
	if (!v.ip && !v.tcp && !v.udp)
		memset(&v, 0, sizeof(v));
	return v;
}

static struct taskoff_lso_caps lso_view(const struct taskoff_lso_caps *hw, bool on,
					uint32_t max_size, uint32_t min_seg)
{
	struct taskoff_lso_caps v = {0};

	if (on && hw->encapsulation != 0) {
		v = *hw;
		v.max_offload_size = max_size;
		v.min_segment_count = min_seg;
	}
	return v;
}

static struct taskoff_uso_caps uso_view(const struct taskoff_uso_caps *hw, bool on,
					const struct taskoff_offload_config *cfg)
{
	struct taskoff_uso_caps v = {0};

	if (on && hw->encapsulation != 0) {
		v = *hw;
		v.max_offload_size = cfg->uso_max_size;
		v.min_segment_count = cfg->uso_min_segments;
	}
	return v;
}

/*
 * Tunnel offloads (NVGRE, VXLAN) apply only while also enabled underneath
 * (SPEC §2.7): one rule for every tunnel kind.
 */
static struct taskoff_encap_caps encap_view(const struct taskoff_encap_caps *hw,
					    const struct taskoff_hw_caps *view, bool on)
{
	struct taskoff_encap_caps e = {0};

	if (!on)
		return e;
	e.tx_csum = hw->tx_csum && (view->ipv4_tx.encapsulation || view->ipv6_tx.encapsulation);
	e.rx_csum = hw->rx_csum && (view->ipv4_rx.encapsulation || view->ipv6_rx.encapsulation);
	e.lsov2 = hw->lsov2 && (view->lsov2_ipv4.encapsulation || view->lsov2_ipv6.encapsulation);
	e.uso = hw->uso && (view->uso_ipv4.encapsulation || view->uso_ipv6.encapsulation);
	e.rss = hw->rss;
	e.vmq = hw->vmq;
	if (e.tx_csum || e.rx_csum || e.lsov2 || e.uso || e.rss || e.vmq)
		e.max_header_size = hw->max_header_size;
	return e;
}

/* The VXLAN block, plus the configured port whenever the hardware has VXLAN. */
static struct taskoff_encap_caps vxlan_view(const struct taskoff_hw_caps *hw,
					    const struct taskoff_hw_caps *view,
					    const struct taskoff_offload_config *cfg)
{
	struct taskoff_encap_caps e =
	    encap_view(&hw->vxlan, view, taskoff_config_vxlan_enabled(cfg));

	if (hw->encap_types & TASKOFF_ENCAP_VXLAN) {
		e.udp_port = cfg->vxlan_port;
		e.udp_port_configurable = hw->vxlan.udp_port_configurable;
	}
	return e;
}

void taskoff_offload_view(const struct taskoff_hw_caps *caps,
			  const struct taskoff_offload_config *cfg, struct taskoff_hw_caps *view)
{
	memset(view, 0, sizeof(*view));
	view->ipv4_tx =
	    csum_view(&caps->ipv4_tx, cfg->ipv4_csum & TASKOFF_CSUM_TX,
		      cfg->tcp4_csum & TASKOFF_CSUM_TX, cfg->udp4_csum & TASKOFF_CSUM_TX);
	view->ipv4_rx =
	    csum_view(&caps->ipv4_rx, cfg->ipv4_csum & TASKOFF_CSUM_RX,
		      cfg->tcp4_csum & TASKOFF_CSUM_RX, cfg->udp4_csum & TASKOFF_CSUM_RX);
	view->ipv6_tx = csum_view(&caps->ipv6_tx, false, cfg->tcp6_csum & TASKOFF_CSUM_TX,
				  cfg->udp6_csum & TASKOFF_CSUM_TX);
	view->ipv6_rx = csum_view(&caps->ipv6_rx, false, cfg->tcp6_csum & TASKOFF_CSUM_RX,
				  cfg->udp6_csum & TASKOFF_CSUM_RX);
	view->lsov1_ipv4 =
	    lso_view(&caps->lsov1_ipv4, cfg->lsov1, cfg->lsov1_max_size, cfg->lso_min_segments);
	view->lsov2_ipv4 = lso_view(&caps->lsov2_ipv4, cfg->lsov2_ipv4, cfg->lsov2_max_size,
				    cfg->lso_min_segments);
	view->lsov2_ipv6 = lso_view(&caps->lsov2_ipv6, cfg->lsov2_ipv6, cfg->lsov2_max_size,
				    cfg->lso_min_segments);
	view->rsc_ipv4 = caps->rsc_ipv4 && cfg->rsc_ipv4;
	view->rsc_ipv6 = caps->rsc_ipv6 && cfg->rsc_ipv6;
	view->uso_ipv4 = uso_view(&caps->uso_ipv4, cfg->uso_ipv4, cfg);
	view->uso_ipv6 = uso_view(&caps->uso_ipv6, cfg->uso_ipv6, cfg);
	view->gre = encap_view(&caps->gre, view, taskoff_config_nvgre_enabled(cfg));
	view->vxlan = vxlan_view(caps, view, cfg);
	view->encap_types = cfg->encap_enabled ? (cfg->encap_types & caps->encap_types) : 0;
}
