/* SPDX-License-Identifier: BSD-3-Clause */
/* What a configuration may be: within the hardware caps, dependencies met (SPEC §2.7). */
#include <stddef.h>

#include "taskoff_offload_params.h"

/* A checksum direction one offload needs. */
struct csum_need {
	const char *field; /* NDIS parameter name */
	size_t offset;	   /* uint8_t checksum bits in the config */
	uint8_t dir;	   /* TASKOFF_CSUM_TX or _RX */
};

struct dependency {
	const char *offload; /* NDIS parameter name of the dependent offload */
	size_t offset;	     /* its bool in the config */
	struct csum_need needs[2];
};

#define CFG_OFF(m) offsetof(struct taskoff_offload_config, m)

static const struct dependency dependencies[] = {
    {"LsoV1",
     CFG_OFF(lsov1),
     {{"IPv4Checksum", CFG_OFF(ipv4_csum), TASKOFF_CSUM_TX},
      {"TCPIPv4Checksum", CFG_OFF(tcp4_csum), TASKOFF_CSUM_TX}}},
    {"LsoV2IPv4",
     CFG_OFF(lsov2_ipv4),
     {{"IPv4Checksum", CFG_OFF(ipv4_csum), TASKOFF_CSUM_TX},
      {"TCPIPv4Checksum", CFG_OFF(tcp4_csum), TASKOFF_CSUM_TX}}},
    {"LsoV2IPv6", CFG_OFF(lsov2_ipv6), {{"TCPIPv6Checksum", CFG_OFF(tcp6_csum), TASKOFF_CSUM_TX}}},
    {"RscIPv4",
     CFG_OFF(rsc_ipv4),
     {{"IPv4Checksum", CFG_OFF(ipv4_csum), TASKOFF_CSUM_RX},
      {"TCPIPv4Checksum", CFG_OFF(tcp4_csum), TASKOFF_CSUM_RX}}},
    {"RscIPv6", CFG_OFF(rsc_ipv6), {{"TCPIPv6Checksum", CFG_OFF(tcp6_csum), TASKOFF_CSUM_RX}}},
};

static bool cfg_bool(const struct taskoff_offload_config *cfg, size_t offset)
{
	return *(const bool *)((const char *)cfg + offset);
}

static uint8_t cfg_u8(const struct taskoff_offload_config *cfg, size_t offset)
{
	return *((const uint8_t *)cfg + offset);
}

static const char *dir_name(uint8_t dir)
{
	return dir == TASKOFF_CSUM_TX ? "transmit" : "receive";
}

static enum taskoff_ndis_status check_dependency(const struct dependency *d,
						 const struct taskoff_offload_config *cur,
						 const struct taskoff_offload_config *next,
						 struct taskoff_ndis_error *err)
{
	const struct csum_need *n;
	size_t i;

	if (!cfg_bool(next, d->offset))
		return TASKOFF_NDIS_SUCCESS;
	for (i = 0; i < 2; i++) {
		n = &d->needs[i];
		if (n->field == NULL || (cfg_u8(next, n->offset) & n->dir))
			continue;
		if (cfg_bool(cur, d->offset))
			return taskoff_ndis_fail(
			    err, TASKOFF_NDIS_INVALID_PARAMETER,
			    "cannot disable %s %s checksum while %s is enabled: %s needs it",
			    n->field, dir_name(n->dir), d->offload, d->offload);
		return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "%s needs %s %s checksum enabled", d->offload, n->field,
					 dir_name(n->dir));
	}
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status check_csum_caps(const char *field, uint8_t bits, bool hw_tx,
						bool hw_rx, struct taskoff_ndis_error *err)
{
	if ((bits & TASKOFF_CSUM_TX) && !hw_tx)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
					 "%s transmit is not supported by the hardware", field);
	if ((bits & TASKOFF_CSUM_RX) && !hw_rx)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
					 "%s receive is not supported by the hardware", field);
	return TASKOFF_NDIS_SUCCESS;
}

static enum taskoff_ndis_status check_offload_cap(const char *field, bool on, bool hw,
						  struct taskoff_ndis_error *err)
{
	if (on && !hw)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
					 "%s is not supported by the hardware", field);
	return TASKOFF_NDIS_SUCCESS;
}

/* The VXLAN port moves only on hardware that says it is configurable. */
static enum taskoff_ndis_status check_vxlan_port_cap(const struct taskoff_hw_caps *c,
						     const struct taskoff_offload_config *n,
						     struct taskoff_ndis_error *err)
{
	uint16_t fixed = c->vxlan.udp_port != 0 ? c->vxlan.udp_port : TASKOFF_VXLAN_DEFAULT_PORT;

	if (n->vxlan_port == fixed || c->vxlan.udp_port_configurable)
		return TASKOFF_NDIS_SUCCESS;
	if (!(c->encap_types & TASKOFF_ENCAP_VXLAN))
		return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
					 "VxlanUDPPortNumber %u: the hardware has no VXLAN offload",
					 n->vxlan_port);
	return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
				 "VxlanUDPPortNumber %u: the hardware's VXLAN port is fixed at %u",
				 n->vxlan_port, fixed);
}

enum taskoff_ndis_status taskoff_offload_check_caps(const struct taskoff_hw_caps *c,
						    const struct taskoff_offload_config *n,
						    struct taskoff_ndis_error *err)
{
	enum taskoff_ndis_status st;

	if ((st = check_csum_caps("IPv4Checksum", n->ipv4_csum, c->ipv4_tx.ip, c->ipv4_rx.ip,
				  err)) ||
	    (st = check_csum_caps("TCPIPv4Checksum", n->tcp4_csum, c->ipv4_tx.tcp, c->ipv4_rx.tcp,
				  err)) ||
	    (st = check_csum_caps("UDPIPv4Checksum", n->udp4_csum, c->ipv4_tx.udp, c->ipv4_rx.udp,
				  err)) ||
	    (st = check_csum_caps("TCPIPv6Checksum", n->tcp6_csum, c->ipv6_tx.tcp, c->ipv6_rx.tcp,
				  err)) ||
	    (st = check_csum_caps("UDPIPv6Checksum", n->udp6_csum, c->ipv6_tx.udp, c->ipv6_rx.udp,
				  err)))
		return st;
	if ((st = check_offload_cap("LsoV1", n->lsov1, c->lsov1_ipv4.encapsulation != 0, err)) ||
	    (st = check_offload_cap("LsoV2IPv4", n->lsov2_ipv4, c->lsov2_ipv4.encapsulation != 0,
				    err)) ||
	    (st = check_offload_cap("LsoV2IPv6", n->lsov2_ipv6, c->lsov2_ipv6.encapsulation != 0,
				    err)) ||
	    (st = check_offload_cap("RscIPv4", n->rsc_ipv4, c->rsc_ipv4, err)) ||
	    (st = check_offload_cap("RscIPv6", n->rsc_ipv6, c->rsc_ipv6, err)) ||
	    (st = check_offload_cap("UdpSegmentationOffloadIPv4", n->uso_ipv4,
				    c->uso_ipv4.encapsulation != 0, err)) ||
	    (st = check_offload_cap("UdpSegmentationOffloadIPv6", n->uso_ipv6,
				    c->uso_ipv6.encapsulation != 0, err)) ||
	    (st = check_offload_cap("EncapsulatedPacketTaskOffload", n->encap_enabled,
				    c->encap_types != 0, err)))
		return st;
	if (n->encap_types & ~c->encap_types)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_NOT_SUPPORTED,
					 "EncapsulationTypes 0x%x not supported by the hardware "
					 "(supported: 0x%x)",
					 n->encap_types, c->encap_types);
	return check_vxlan_port_cap(c, n, err);
}

enum taskoff_ndis_status taskoff_offload_check(const struct taskoff_hw_caps *caps,
					       const struct taskoff_offload_config *cur,
					       const struct taskoff_offload_config *next,
					       struct taskoff_ndis_error *err)
{
	enum taskoff_ndis_status st = taskoff_offload_check_caps(caps, next, err);
	size_t i;

	if (st == TASKOFF_NDIS_SUCCESS && next->vxlan_port == 0)
		st = taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
				       "VxlanUDPPortNumber: 0 is out of range 1..65535");
	for (i = 0;
	     st == TASKOFF_NDIS_SUCCESS && i < sizeof(dependencies) / sizeof(dependencies[0]); i++)
		st = check_dependency(&dependencies[i], cur, next, err);
	return st;
}
