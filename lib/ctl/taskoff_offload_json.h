/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_OFFLOAD_JSON_H
#define TASKOFF_OFFLOAD_JSON_H

/**
 * @file
 * JSON forms of the NDIS offload structures used by the control protocol.
 */

#include <jansson.h>

#include "taskoff_caps.h"

/**
 * NDIS_OFFLOAD as a JSON object, field names as in NDIS:
 * {"Checksum": {"IPv4Transmit": {...}, "IPv4Receive", "IPv6Transmit", "IPv6Receive"},
 *  "LsoV1": {"IPv4": {...}}, "LsoV2": {"IPv4", "IPv6"}, "Rsc": {"IPv4": {"Enabled"}, "IPv6"},
 *  "EncapsulatedPacketTaskOffloadGre": {...}, "UdpSegmentation": {"IPv4", "IPv6"},
 *  "EncapsulatedPacketTaskOffloadVxlan": {...}, "EncapsulationTypes": n}
 * EncapsulatedPacketTaskOffloadGre: TransmitChecksumOffloadSupported,
 * ReceiveChecksumOffloadSupported, LsoV2Supported, RssSupported, VmqSupported,
 * MaxHeaderSizeSupported; EncapsulatedPacketTaskOffloadVxlan
 * (NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD_V2): the same, then UsoSupported,
 * VxlanUDPPortNumber and VxlanUDPPortNumberConfigurable (0 / 1).
 * "Supported" fields are 0 / 1 (NDIS_OFFLOAD_NOT_SUPPORTED / SUPPORTED),
 * Rsc Enabled is a boolean. EncapsulationTypes is a TaskOff extension (the
 * NDIS_ENCAPSULATION_TYPE_* bits supported, or enabled in a current config).
 * @return a new reference, or NULL when out of memory.
 */
json_t *taskoff_offload_to_json(const struct taskoff_hw_caps *offload);

#endif
