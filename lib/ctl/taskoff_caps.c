/* SPDX-License-Identifier: BSD-3-Clause */
/* Hardware capabilities: defaults, the caps= removal list, the initial config. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "taskoff_caps.h"

#define FRAME_ENCAP                                                                                \
	(TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3 | TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q)

/* One bit per removable capability; a caps= item names a set of them (more than 32). */
#define CAP_CS4TX_IP	UINT64_C(0x1)
#define CAP_CS4TX_TCP	UINT64_C(0x2)
#define CAP_CS4TX_UDP	UINT64_C(0x4)
#define CAP_CS4RX_IP	UINT64_C(0x8)
#define CAP_CS4RX_TCP	UINT64_C(0x10)
#define CAP_CS4RX_UDP	UINT64_C(0x20)
#define CAP_CS6TX_TCP	UINT64_C(0x40)
#define CAP_CS6TX_UDP	UINT64_C(0x80)
#define CAP_CS6RX_TCP	UINT64_C(0x100)
#define CAP_CS6RX_UDP	UINT64_C(0x200)
#define CAP_IP_OPTIONS	UINT64_C(0x400)
#define CAP_IPV6_EXT	UINT64_C(0x800)
#define CAP_TCP_OPTIONS UINT64_C(0x1000)
#define CAP_VLAN	UINT64_C(0x2000)
#define CAP_LSOV1	UINT64_C(0x4000)
#define CAP_LSOV2_4	UINT64_C(0x8000)
#define CAP_LSOV2_6	UINT64_C(0x10000)
#define CAP_USO4	UINT64_C(0x20000)
#define CAP_USO6	UINT64_C(0x40000)
#define CAP_RSC4	UINT64_C(0x80000)
#define CAP_RSC6	UINT64_C(0x100000)
#define CAP_GRE_TXCS	UINT64_C(0x200000)
#define CAP_GRE_RXCS	UINT64_C(0x400000)
#define CAP_GRE_LSO	UINT64_C(0x800000)
#define CAP_GRE_RSS	UINT64_C(0x1000000)
#define CAP_GRE_VMQ	UINT64_C(0x2000000)
#define CAP_GRE_TYPE	UINT64_C(0x4000000)
#define CAP_VX_TXCS	UINT64_C(0x8000000)
#define CAP_VX_RXCS	UINT64_C(0x10000000)
#define CAP_VX_LSO	UINT64_C(0x20000000)
#define CAP_VX_USO	UINT64_C(0x40000000)
#define CAP_VX_RSS	UINT64_C(0x80000000)
#define CAP_VX_VMQ	UINT64_C(0x100000000)
#define CAP_VX_TYPE	UINT64_C(0x200000000)
#define CAP_VX_PORT_CFG UINT64_C(0x400000000)

#define CAP_CS4TX (CAP_CS4TX_IP | CAP_CS4TX_TCP | CAP_CS4TX_UDP)
#define CAP_CS4RX (CAP_CS4RX_IP | CAP_CS4RX_TCP | CAP_CS4RX_UDP)
#define CAP_CS6TX (CAP_CS6TX_TCP | CAP_CS6TX_UDP)
#define CAP_CS6RX (CAP_CS6RX_TCP | CAP_CS6RX_UDP)
#define CAP_GRE                                                                                    \
	(CAP_GRE_TXCS | CAP_GRE_RXCS | CAP_GRE_LSO | CAP_GRE_RSS | CAP_GRE_VMQ | CAP_GRE_TYPE)
#define CAP_VXLAN                                                                                  \
	(CAP_VX_TXCS | CAP_VX_RXCS | CAP_VX_LSO | CAP_VX_USO | CAP_VX_RSS | CAP_VX_VMQ |           \
	 CAP_VX_TYPE | CAP_VX_PORT_CFG)

static const struct {
	const char *name;
	uint64_t bits;
} removals[] = {
    {"no-csum", CAP_CS4TX | CAP_CS4RX | CAP_CS6TX | CAP_CS6RX},
    {"no-csum-tx", CAP_CS4TX | CAP_CS6TX},
    {"no-csum-rx", CAP_CS4RX | CAP_CS6RX},
    {"no-csum-ipv4", CAP_CS4TX | CAP_CS4RX},
    {"no-csum-ipv6", CAP_CS6TX | CAP_CS6RX},
    {"no-csum-ipv4-tx", CAP_CS4TX},
    {"no-csum-ipv4-rx", CAP_CS4RX},
    {"no-csum-ipv6-tx", CAP_CS6TX},
    {"no-csum-ipv6-rx", CAP_CS6RX},
    {"no-csum-ip", CAP_CS4TX_IP | CAP_CS4RX_IP},
    {"no-csum-tcp4", CAP_CS4TX_TCP | CAP_CS4RX_TCP},
    {"no-csum-udp4", CAP_CS4TX_UDP | CAP_CS4RX_UDP},
    {"no-csum-tcp6", CAP_CS6TX_TCP | CAP_CS6RX_TCP},
    {"no-csum-udp6", CAP_CS6TX_UDP | CAP_CS6RX_UDP},
    {"no-ip-options", CAP_IP_OPTIONS},
    {"no-ipv6-ext-headers", CAP_IPV6_EXT},
    {"no-tcp-options", CAP_TCP_OPTIONS},
    {"no-vlan", CAP_VLAN},
    {"no-lso", CAP_LSOV1 | CAP_LSOV2_4 | CAP_LSOV2_6},
    {"no-lsov1", CAP_LSOV1},
    {"no-lsov2", CAP_LSOV2_4 | CAP_LSOV2_6},
    {"no-lsov2-ipv4", CAP_LSOV2_4},
    {"no-lsov2-ipv6", CAP_LSOV2_6},
    {"no-uso", CAP_USO4 | CAP_USO6},
    {"no-uso-ipv4", CAP_USO4},
    {"no-uso-ipv6", CAP_USO6},
    {"no-rsc", CAP_RSC4 | CAP_RSC6},
    {"no-rsc-ipv4", CAP_RSC4},
    {"no-rsc-ipv6", CAP_RSC6},
    {"no-nvgre", CAP_GRE},
    {"no-nvgre-csum-tx", CAP_GRE_TXCS},
    {"no-nvgre-csum-rx", CAP_GRE_RXCS},
    {"no-nvgre-lso", CAP_GRE_LSO},
    {"no-nvgre-rss", CAP_GRE_RSS},
    {"no-nvgre-vmq", CAP_GRE_VMQ},
    {"no-vxlan", CAP_VXLAN},
    {"no-vxlan-csum-tx", CAP_VX_TXCS},
    {"no-vxlan-csum-rx", CAP_VX_RXCS},
    {"no-vxlan-lso", CAP_VX_LSO},
    {"no-vxlan-uso", CAP_VX_USO},
    {"no-vxlan-rss", CAP_VX_RSS},
    {"no-vxlan-vmq", CAP_VX_VMQ},
    {"no-vxlan-port-config", CAP_VX_PORT_CFG},
};

/* Limits a caps= item may lower (never raise above TaskOff's own). */
enum cap_limit { LIM_LSO, LIM_LSOV1, LIM_USO, LIM_MIN_SEG, LIM_GRE_HDR, LIM_VXLAN_HDR, LIM_COUNT };

static const struct {
	const char *name;
	uint32_t min, max;
} limits[LIM_COUNT] = {
    [LIM_LSO] = {"lso-max", 1024, TASKOFF_LSOV2_DEFAULT_MAX_SIZE},
    [LIM_LSOV1] = {"lsov1-max", 1024, TASKOFF_LSOV1_MAX_OFFLOAD_SIZE},
    [LIM_USO] = {"uso-max", 1024, TASKOFF_LSOV2_DEFAULT_MAX_SIZE},
    [LIM_MIN_SEG] = {"min-segments", 2, 64},
    [LIM_GRE_HDR] = {"nvgre-max-header", 64, TASKOFF_GRE_MAX_HEADER_SIZE},
    [LIM_VXLAN_HDR] = {"vxlan-max-header", 64, TASKOFF_VXLAN_MAX_HEADER_SIZE},
};

static struct taskoff_csum_caps csum_all(bool v4)
{
	struct taskoff_csum_caps c = {
	    .encapsulation = FRAME_ENCAP,
	    .ip_options = true,
	    .tcp_options = true,
	    .tcp = true,
	    .udp = true,
	    .ip = v4,
	};
	return c;
}

static struct taskoff_lso_caps lso_all(uint32_t max_size)
{
	struct taskoff_lso_caps l = {
	    .encapsulation = FRAME_ENCAP,
	    .max_offload_size = max_size,
	    .min_segment_count = TASKOFF_DEFAULT_MIN_SEGMENTS,
	    .ip_options = true,
	    .tcp_options = true,
	};
	return l;
}

static struct taskoff_uso_caps uso_all(void)
{
	struct taskoff_uso_caps u = {
	    .encapsulation = FRAME_ENCAP,
	    .max_offload_size = TASKOFF_LSOV2_DEFAULT_MAX_SIZE,
	    .min_segment_count = TASKOFF_DEFAULT_MIN_SEGMENTS,
	    .sub_mss_final_segment = true,
	    .ip_ext_headers = true,
	};
	return u;
}

void taskoff_hw_caps_default(struct taskoff_hw_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->ipv4_tx = csum_all(true);
	caps->ipv4_rx = csum_all(true);
	caps->ipv6_tx = csum_all(false);
	caps->ipv6_rx = csum_all(false);
	caps->lsov1_ipv4 = lso_all(TASKOFF_LSOV1_MAX_OFFLOAD_SIZE);
	caps->lsov2_ipv4 = lso_all(TASKOFF_LSOV2_DEFAULT_MAX_SIZE);
	caps->lsov2_ipv6 = lso_all(TASKOFF_LSOV2_DEFAULT_MAX_SIZE);
	caps->rsc_ipv4 = true;
	caps->rsc_ipv6 = true;
	caps->gre = (struct taskoff_encap_caps){
	    .tx_csum = true,
	    .rx_csum = true,
	    .lsov2 = true,
	    .rss = true,
	    .vmq = true,
	    .max_header_size = TASKOFF_GRE_MAX_HEADER_SIZE,
	};
	caps->uso_ipv4 = uso_all();
	caps->uso_ipv6 = uso_all();
	caps->vxlan = (struct taskoff_encap_caps){
	    .tx_csum = true,
	    .rx_csum = true,
	    .lsov2 = true,
	    .rss = true,
	    .vmq = true,
	    .uso = true,
	    .max_header_size = TASKOFF_VXLAN_MAX_HEADER_SIZE,
	    .udp_port = TASKOFF_VXLAN_DEFAULT_PORT,
	    .udp_port_configurable = true,
	};
	caps->encap_types = TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN;
}

static void csum_remove(struct taskoff_csum_caps *c, uint64_t bits, uint64_t ip, uint64_t tcp,
			uint64_t udp)
{
	if (bits & ip)
		c->ip = false;
	if (bits & tcp)
		c->tcp = false;
	if (bits & udp)
		c->udp = false;
}

static void remove_csum(struct taskoff_hw_caps *caps, uint64_t bits)
{
	csum_remove(&caps->ipv4_tx, bits, CAP_CS4TX_IP, CAP_CS4TX_TCP, CAP_CS4TX_UDP);
	csum_remove(&caps->ipv4_rx, bits, CAP_CS4RX_IP, CAP_CS4RX_TCP, CAP_CS4RX_UDP);
	csum_remove(&caps->ipv6_tx, bits, 0, CAP_CS6TX_TCP, CAP_CS6TX_UDP);
	csum_remove(&caps->ipv6_rx, bits, 0, CAP_CS6RX_TCP, CAP_CS6RX_UDP);
}

static void remove_options(struct taskoff_hw_caps *caps, uint64_t bits)
{
	if (bits & CAP_IP_OPTIONS) {
		caps->ipv4_tx.ip_options = caps->ipv4_rx.ip_options = false;
		caps->lsov1_ipv4.ip_options = caps->lsov2_ipv4.ip_options = false;
	}
	if (bits & CAP_IPV6_EXT) {
		caps->ipv6_tx.ip_options = caps->ipv6_rx.ip_options = false;
		caps->lsov2_ipv6.ip_options = false;
		caps->uso_ipv6.ip_ext_headers = false;
	}
	if (bits & CAP_TCP_OPTIONS) {
		caps->ipv4_tx.tcp_options = caps->ipv4_rx.tcp_options = false;
		caps->ipv6_tx.tcp_options = caps->ipv6_rx.tcp_options = false;
		caps->lsov1_ipv4.tcp_options = caps->lsov2_ipv4.tcp_options = false;
		caps->lsov2_ipv6.tcp_options = false;
	}
}

static void remove_offloads(struct taskoff_hw_caps *caps, uint64_t bits)
{
	if (bits & CAP_LSOV1)
		caps->lsov1_ipv4.encapsulation = 0;
	if (bits & CAP_LSOV2_4)
		caps->lsov2_ipv4.encapsulation = 0;
	if (bits & CAP_LSOV2_6)
		caps->lsov2_ipv6.encapsulation = 0;
	if (bits & CAP_USO4)
		caps->uso_ipv4.encapsulation = 0;
	if (bits & CAP_USO6)
		caps->uso_ipv6.encapsulation = 0;
	if (bits & CAP_RSC4)
		caps->rsc_ipv4 = false;
	if (bits & CAP_RSC6)
		caps->rsc_ipv6 = false;
}

/* The per-tunnel removal bits (0: the tunnel has no such capability). */
struct encap_bits {
	uint64_t tx_csum, rx_csum, lsov2, uso, rss, vmq, type, port_cfg;
};

static const struct encap_bits gre_bits = {
    .tx_csum = CAP_GRE_TXCS,
    .rx_csum = CAP_GRE_RXCS,
    .lsov2 = CAP_GRE_LSO,
    .rss = CAP_GRE_RSS,
    .vmq = CAP_GRE_VMQ,
    .type = CAP_GRE_TYPE,
};
static const struct encap_bits vxlan_bits = {
    .tx_csum = CAP_VX_TXCS,
    .rx_csum = CAP_VX_RXCS,
    .lsov2 = CAP_VX_LSO,
    .uso = CAP_VX_USO,
    .rss = CAP_VX_RSS,
    .vmq = CAP_VX_VMQ,
    .type = CAP_VX_TYPE,
    .port_cfg = CAP_VX_PORT_CFG,
};

static void remove_encap(struct taskoff_hw_caps *caps, struct taskoff_encap_caps *e,
			 const struct encap_bits *b, uint32_t type, uint64_t bits)
{
	if (bits & b->tx_csum)
		e->tx_csum = false;
	if (bits & b->rx_csum)
		e->rx_csum = false;
	if (bits & b->lsov2)
		e->lsov2 = false;
	if (bits & b->uso)
		e->uso = false;
	if (bits & b->rss)
		e->rss = false;
	if (bits & b->vmq)
		e->vmq = false;
	if (bits & b->port_cfg)
		e->udp_port_configurable = false;
	if (bits & b->type)
		caps->encap_types &= ~type;
}

static void remove_vlan(struct taskoff_hw_caps *caps)
{
	const uint32_t keep = ~TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q;

	caps->ipv4_tx.encapsulation &= keep;
	caps->ipv4_rx.encapsulation &= keep;
	caps->ipv6_tx.encapsulation &= keep;
	caps->ipv6_rx.encapsulation &= keep;
	caps->lsov1_ipv4.encapsulation &= keep;
	caps->lsov2_ipv4.encapsulation &= keep;
	caps->lsov2_ipv6.encapsulation &= keep;
	caps->uso_ipv4.encapsulation &= keep;
	caps->uso_ipv6.encapsulation &= keep;
}

static void csum_block_normalize(struct taskoff_csum_caps *c)
{
	if (!c->ip && !c->tcp && !c->udp)
		*c = (struct taskoff_csum_caps){0};
}

static void lso_block_normalize(struct taskoff_lso_caps *l, bool usable)
{
	if (!usable || l->encapsulation == 0)
		*l = (struct taskoff_lso_caps){0};
}

static void uso_block_normalize(struct taskoff_uso_caps *u)
{
	if (u->encapsulation == 0)
		*u = (struct taskoff_uso_caps){0};
}

/*
 * A tunnel block: no tunnel LSO without LSOv2, no tunnel USO without USO; the
 * whole block zero without the type; no header size when nothing is offered.
 * The VXLAN port stays while the type is supported: it is still the port
 * that makes a frame VXLAN.
 */
static void encap_normalize(const struct taskoff_hw_caps *caps, struct taskoff_encap_caps *e,
			    uint32_t type)
{
	if (caps->lsov2_ipv4.encapsulation == 0 && caps->lsov2_ipv6.encapsulation == 0)
		e->lsov2 = false;
	if (caps->uso_ipv4.encapsulation == 0 && caps->uso_ipv6.encapsulation == 0)
		e->uso = false;
	if (!(caps->encap_types & type))
		*e = (struct taskoff_encap_caps){0};
	else if (!e->tx_csum && !e->rx_csum && !e->lsov2 && !e->uso && !e->rss && !e->vmq)
		e->max_header_size = 0;
}

/* Drop what cannot work without a removed checksum (SPEC §2.7), zero empty blocks. */
static void caps_normalize(struct taskoff_hw_caps *caps)
{
	bool tx4 = caps->ipv4_tx.ip && caps->ipv4_tx.tcp;

	lso_block_normalize(&caps->lsov1_ipv4, tx4);
	lso_block_normalize(&caps->lsov2_ipv4, tx4);
	lso_block_normalize(&caps->lsov2_ipv6, caps->ipv6_tx.tcp);
	caps->rsc_ipv4 = caps->rsc_ipv4 && caps->ipv4_rx.ip && caps->ipv4_rx.tcp;
	caps->rsc_ipv6 = caps->rsc_ipv6 && caps->ipv6_rx.tcp;
	csum_block_normalize(&caps->ipv4_tx);
	csum_block_normalize(&caps->ipv4_rx);
	csum_block_normalize(&caps->ipv6_tx);
	csum_block_normalize(&caps->ipv6_rx);
	uso_block_normalize(&caps->uso_ipv4);
	uso_block_normalize(&caps->uso_ipv6);
	encap_normalize(caps, &caps->gre, TASKOFF_ENCAP_GRE_MAC);
	encap_normalize(caps, &caps->vxlan, TASKOFF_ENCAP_VXLAN);
}

static void apply_limit(struct taskoff_hw_caps *caps, enum cap_limit lim, uint32_t v)
{
	switch (lim) {
	case LIM_LSO:
		caps->lsov2_ipv4.max_offload_size = v;
		caps->lsov2_ipv6.max_offload_size = v;
		if (caps->lsov1_ipv4.max_offload_size > v)
			caps->lsov1_ipv4.max_offload_size = v;
		break;
	case LIM_LSOV1:
		caps->lsov1_ipv4.max_offload_size = v;
		break;
	case LIM_USO:
		caps->uso_ipv4.max_offload_size = v;
		caps->uso_ipv6.max_offload_size = v;
		break;
	case LIM_MIN_SEG:
		caps->lsov1_ipv4.min_segment_count = v;
		caps->lsov2_ipv4.min_segment_count = v;
		caps->lsov2_ipv6.min_segment_count = v;
		caps->uso_ipv4.min_segment_count = v;
		caps->uso_ipv6.min_segment_count = v;
		break;
	case LIM_GRE_HDR:
		caps->gre.max_header_size = v;
		break;
	case LIM_VXLAN_HDR:
		caps->vxlan.max_header_size = v;
		break;
	default:
		break;
	}
}

static enum taskoff_ndis_status parse_limit(struct taskoff_hw_caps *caps, const char *item,
					    const char *value, struct taskoff_ndis_error *err)
{
	size_t key_len = (size_t)(value - item);
	unsigned long v;
	char *end;
	int i;

	for (i = 0; i < LIM_COUNT; i++) {
		if (strlen(limits[i].name) != key_len || strncasecmp(item, limits[i].name, key_len))
			continue;
		errno = 0;
		v = strtoul(value + 1, &end, 0);
		if (errno != 0 || end == value + 1 || *end != '\0' || v < limits[i].min ||
		    v > limits[i].max)
			return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_DATA,
						 "caps item '%s': value must be %u..%u", item,
						 limits[i].min, limits[i].max);
		apply_limit(caps, (enum cap_limit)i, (uint32_t)v);
		return TASKOFF_NDIS_SUCCESS;
	}
	return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER, "unknown caps item '%s'",
				 item);
}

static enum taskoff_ndis_status parse_item(struct taskoff_hw_caps *caps, uint64_t *bits,
					   const char *item, struct taskoff_ndis_error *err)
{
	const char *eq = strchr(item, '=');
	size_t i;

	if (eq != NULL)
		return parse_limit(caps, item, eq, err);
	for (i = 0; i < sizeof(removals) / sizeof(removals[0]); i++) {
		if (strcasecmp(item, removals[i].name) == 0) {
			*bits |= removals[i].bits;
			return TASKOFF_NDIS_SUCCESS;
		}
	}
	return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER, "unknown caps item '%s'",
				 item);
}

enum taskoff_ndis_status taskoff_hw_caps_parse(struct taskoff_hw_caps *caps, const char *spec,
					       struct taskoff_ndis_error *err)
{
	struct taskoff_hw_caps next = *caps;
	enum taskoff_ndis_status st = TASKOFF_NDIS_SUCCESS;
	uint64_t bits = 0;
	char *copy, *item, *save = NULL;

	if (spec == NULL)
		return TASKOFF_NDIS_SUCCESS;
	copy = strdup(spec);
	if (copy == NULL)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_RESOURCES, "out of memory");
	for (item = strtok_r(copy, ":,", &save); item != NULL && st == TASKOFF_NDIS_SUCCESS;
	     item = strtok_r(NULL, ":,", &save))
		st = parse_item(&next, &bits, item, err);
	free(copy);
	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	remove_csum(&next, bits);
	remove_options(&next, bits);
	remove_offloads(&next, bits);
	remove_encap(&next, &next.gre, &gre_bits, TASKOFF_ENCAP_GRE_MAC, bits);
	remove_encap(&next, &next.vxlan, &vxlan_bits, TASKOFF_ENCAP_VXLAN, bits);
	if (bits & CAP_VLAN)
		remove_vlan(&next);
	caps_normalize(&next);
	*caps = next;
	return TASKOFF_NDIS_SUCCESS;
}

static uint8_t csum_bits(bool tx, bool rx)
{
	return (tx ? TASKOFF_CSUM_TX : 0) | (rx ? TASKOFF_CSUM_RX : 0);
}

void taskoff_offload_config_from_caps(const struct taskoff_hw_caps *caps,
				      struct taskoff_offload_config *cfg)
{
	taskoff_offload_config_default(cfg);
	cfg->ipv4_csum = csum_bits(caps->ipv4_tx.ip, caps->ipv4_rx.ip);
	cfg->tcp4_csum = csum_bits(caps->ipv4_tx.tcp, caps->ipv4_rx.tcp);
	cfg->udp4_csum = csum_bits(caps->ipv4_tx.udp, caps->ipv4_rx.udp);
	cfg->tcp6_csum = csum_bits(caps->ipv6_tx.tcp, caps->ipv6_rx.tcp);
	cfg->udp6_csum = csum_bits(caps->ipv6_tx.udp, caps->ipv6_rx.udp);
	cfg->lsov1 = caps->lsov1_ipv4.encapsulation != 0;
	cfg->lsov2_ipv4 = caps->lsov2_ipv4.encapsulation != 0;
	cfg->lsov2_ipv6 = caps->lsov2_ipv6.encapsulation != 0;
	cfg->uso_ipv4 = caps->uso_ipv4.encapsulation != 0;
	cfg->uso_ipv6 = caps->uso_ipv6.encapsulation != 0;
	cfg->rsc_ipv4 = caps->rsc_ipv4;
	cfg->rsc_ipv6 = caps->rsc_ipv6;
	cfg->encap_types = caps->encap_types & (TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);
	cfg->encap_enabled = cfg->encap_types != 0;
	if (caps->vxlan.udp_port != 0)
		cfg->vxlan_port = caps->vxlan.udp_port;
	if (caps->lsov1_ipv4.encapsulation != 0)
		cfg->lsov1_max_size = caps->lsov1_ipv4.max_offload_size;
	if (caps->lsov2_ipv4.encapsulation != 0 || caps->lsov2_ipv6.encapsulation != 0) {
		cfg->lsov2_max_size = caps->lsov2_ipv4.encapsulation != 0
					  ? caps->lsov2_ipv4.max_offload_size
					  : caps->lsov2_ipv6.max_offload_size;
		cfg->lso_min_segments = caps->lsov2_ipv4.encapsulation != 0
					    ? caps->lsov2_ipv4.min_segment_count
					    : caps->lsov2_ipv6.min_segment_count;
	} else if (caps->lsov1_ipv4.encapsulation != 0) {
		cfg->lso_min_segments = caps->lsov1_ipv4.min_segment_count;
	}
	if (caps->uso_ipv4.encapsulation != 0 || caps->uso_ipv6.encapsulation != 0) {
		const struct taskoff_uso_caps *u =
		    caps->uso_ipv4.encapsulation != 0 ? &caps->uso_ipv4 : &caps->uso_ipv6;
		cfg->uso_max_size = u->max_offload_size;
		cfg->uso_min_segments = u->min_segment_count;
	}
}
