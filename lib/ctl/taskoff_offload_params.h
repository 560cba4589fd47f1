/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_OFFLOAD_PARAMS_H
#define TASKOFF_OFFLOAD_PARAMS_H

/**
 * @file
 * Changing a port's offload configuration the NDIS way
 * (OID_TCP_OFFLOAD_PARAMETERS, OID_OFFLOAD_ENCAPSULATION) and the rules every
 * change must obey (SPEC §2.7, §3).
 *
 * A request is applied to a copy of the current configuration, all or nothing.
 * Refusals:
 *  - NDIS_STATUS_INVALID_PARAMETER: unknown field, a value the field does not
 *    accept, or a combination rule broken;
 *  - NDIS_STATUS_NOT_SUPPORTED: an offload above the hardware capabilities.
 *
 * Combination rules, and the choice made where NDIS leaves one open: a
 * dependency is never pulled in silently, the request is REFUSED instead
 * (NDIS_STATUS_INVALID_PARAMETER, the message names the dependency):
 *  - LsoV1 and LsoV2IPv4 need IPv4Checksum and TCPIPv4Checksum transmit enabled;
 *  - LsoV2IPv6 needs TCPIPv6Checksum transmit enabled;
 *  - RscIPv4 needs IPv4Checksum and TCPIPv4Checksum receive enabled;
 *  - RscIPv6 needs TCPIPv6Checksum receive enabled;
 *  - enabling an offload without its checksum, or disabling a checksum that an
 *    enabled offload needs, is refused alike; doing both in one request (turn
 *    LSO off and its checksum off together) is accepted;
 *  - USO is independent of the UDP checksum fields.
 * NVGRE and VXLAN offloads apply only while the underlying offload is enabled
 * too: this is how the NDIS_OFFLOAD view reports them, not a reason to refuse.
 * VxlanUDPPortNumber is 1..65535; a port other than 4789 on hardware whose
 * VXLAN port is not configurable (or that has no VXLAN) is NOT_SUPPORTED.
 */

#include <jansson.h>

#include "taskoff_caps.h"
#include "taskoff_config.h"
#include "taskoff_ndis.h"

/**
 * Check @p next against the hardware capabilities and the combination rules.
 * @p cur (the configuration before the change, may equal @p next) only decides
 * how a refusal is worded.
 */
enum taskoff_ndis_status taskoff_offload_check(const struct taskoff_hw_caps *caps,
					       const struct taskoff_offload_config *cur,
					       const struct taskoff_offload_config *next,
					       struct taskoff_ndis_error *err);

/** Only the hardware-capability part of taskoff_offload_check(). */
enum taskoff_ndis_status taskoff_offload_check_caps(const struct taskoff_hw_caps *caps,
						    const struct taskoff_offload_config *next,
						    struct taskoff_ndis_error *err);

/**
 * Apply an NDIS_OFFLOAD_PARAMETERS request to @p cur, result in @p next.
 *
 * @p params is a JSON object {field: value}. Fields are the NDIS names
 * (IPv4Checksum, TCPIPv4Checksum, UDPIPv4Checksum, TCPIPv6Checksum,
 * UDPIPv6Checksum, LsoV1, LsoV2IPv4, LsoV2IPv6, RscIPv4, RscIPv6,
 * UdpSegmentationOffloadIPv4, UdpSegmentationOffloadIPv6,
 * EncapsulatedPacketTaskOffload, EncapsulationTypes), matched without regard to
 * case, or their CLI aliases (ipv4-csum, tcp4-csum, udp4-csum, tcp6-csum,
 * udp6-csum, lsov1, lsov2-ipv4, lsov2-ipv6, rsc-ipv4, rsc-ipv6, uso-ipv4,
 * uso-ipv6, encap, encap-types). Values are the NDIS numbers (0 = NO_CHANGE,
 * see taskoff_ndis.h), as integers or decimal strings, or words: checksum
 * fields "off" / "tx" / "rx" / "on" ("rx-tx", "tx-rx"), others "on" / "off",
 * JSON true / false; EncapsulationTypes a bit set (1 GRE_MAC, 2 VXLAN) or
 * "nvgre" / "gre-mac" / "vxlan" joined by '|' or '+'; 0 leaves it unchanged.
 *
 * TaskOff extensions, the encapsulation fields of OID_OFFLOAD_ENCAPSULATION
 * (accepted here too, so that one request changes everything at once):
 * EncapsulationTypeNvgre / EncapsulationTypeVxlan (aliases nvgre, vxlan) turn
 * one EncapsulationTypes bit on or off and leave the others (values as for
 * LsoV1: 0 NO_CHANGE, 1 DISABLED, 2 ENABLED, or on / off); VxlanUDPPortNumber
 * (alias vxlan-port) is the VXLAN UDP destination port, a JSON integer
 * 1..65535 (taskoff_ctl_param.h: a string or 0 is INVALID_PARAMETER naming
 * the field). Members are applied in this order whatever their order in the
 * request: EncapsulationTypes first, then the type bits. A field given twice
 * (by name and alias) is INVALID_PARAMETER.
 *
 * @p next is written only on success; @p next may alias @p cur.
 */
enum taskoff_ndis_status taskoff_offload_apply_parameters(const struct taskoff_hw_caps *caps,
							  const struct taskoff_offload_config *cur,
							  const json_t *params,
							  struct taskoff_offload_config *next,
							  struct taskoff_ndis_error *err);

/**
 * OID_OFFLOAD_ENCAPSULATION: like taskoff_offload_apply_parameters() but only
 * EncapsulatedPacketTaskOffload, EncapsulationTypes, EncapsulationTypeNvgre,
 * EncapsulationTypeVxlan and VxlanUDPPortNumber (and their aliases) are
 * accepted, all or nothing; a "port" member is ignored.
 */
enum taskoff_ndis_status taskoff_offload_set_encapsulation(const struct taskoff_hw_caps *caps,
							   const struct taskoff_offload_config *cur,
							   const json_t *request,
							   struct taskoff_offload_config *next,
							   struct taskoff_ndis_error *err);

#endif
