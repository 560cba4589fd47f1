/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TUNNEL_HDR_H
#define TASKOFF_TUNNEL_HDR_H

/**
 * @file
 * Wire format of the tunnels TaskOff parses and builds: one definition for
 * the transmit, receive and steering parsers.
 */

#include "taskoff_config.h"

/** GRE header of NVGRE (RFC 7637): flags/version, protocol, key (VSID << 8 | FlowID). */
#define TASKOFF_NVGRE_HDR_LEN 8u
#define TASKOFF_GRE_FLAG_C    0x8000u
#define TASKOFF_GRE_FLAG_R    0x4000u
#define TASKOFF_GRE_FLAG_K    0x2000u
#define TASKOFF_GRE_FLAG_S    0x1000u
#define TASKOFF_GRE_VER_MASK  0x0007u
#define TASKOFF_GRE_PROTO_TEB 0x6558u

/** VXLAN header (RFC 7348): flags (I: the VNI is valid), reserved, VNI, reserved. */
#define TASKOFF_VXLAN_FLAG_I 0x08u
/** Outer UDP + VXLAN header: the encapsulation between outer IP and inner Ethernet. */
#define TASKOFF_VXLAN_ENCAP_LEN (8u + TASKOFF_VXLAN_HDR_LEN)

#endif
