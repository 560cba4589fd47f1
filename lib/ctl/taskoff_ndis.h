/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_NDIS_H
#define TASKOFF_NDIS_H

/**
 * @file
 * NDIS vocabulary of the control plane: status codes (reported by name) and the
 * numeric values of NDIS_OFFLOAD_PARAMETERS fields, used verbatim by the
 * control protocol (SPEC §3).
 */

#include <stddef.h>

/** Outcome of a control request, named like the NDIS status it stands for. */
enum taskoff_ndis_status {
	TASKOFF_NDIS_SUCCESS = 0,
	TASKOFF_NDIS_NOT_SUPPORTED,	/**< above the hardware capabilities */
	TASKOFF_NDIS_INVALID_PARAMETER, /**< unknown field, refused combination */
	TASKOFF_NDIS_INVALID_DATA,	/**< value of the wrong type or out of range */
	TASKOFF_NDIS_INVALID_LENGTH,	/**< request line too long */
	TASKOFF_NDIS_INVALID_OID,	/**< unknown method */
	TASKOFF_NDIS_ADAPTER_NOT_FOUND, /**< unknown port */
	TASKOFF_NDIS_RESOURCES,		/**< out of memory, too many clients */
	TASKOFF_NDIS_FAILURE,		/**< the port refused to publish */
};

/** "NDIS_STATUS_..." name of @p status. */
const char *taskoff_ndis_status_name(enum taskoff_ndis_status status);

/** A refused request: status plus a human message that names the reason. */
struct taskoff_ndis_error {
	enum taskoff_ndis_status status;
	char message[256];
};

/** Record a failure in @p err (may be NULL) and return @p status. */
enum taskoff_ndis_status taskoff_ndis_fail(struct taskoff_ndis_error *err,
					   enum taskoff_ndis_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * Make the NUL-terminated @p text valid UTF-8 in place, so that it can go into
 * a JSON reply: a character cut short at the end (by a truncating snprintf) is
 * dropped, any other invalid byte becomes '?'. Returns how many places changed.
 */
size_t taskoff_utf8_sanitize(char *text);

/* NDIS_OFFLOAD_PARAMETERS checksum fields (IPv4Checksum, TCPIPv4Checksum, ...). */
#define TASKOFF_NDIS_CSUM_NO_CHANGE		 0
#define TASKOFF_NDIS_CSUM_TX_RX_DISABLED	 1
#define TASKOFF_NDIS_CSUM_TX_ENABLED_RX_DISABLED 2
#define TASKOFF_NDIS_CSUM_RX_ENABLED_TX_DISABLED 3
#define TASKOFF_NDIS_CSUM_TX_RX_ENABLED		 4

/* LsoV1, LsoV2IPv4/IPv6, RscIPv4/IPv6, UdpSegmentationOffloadIPv4/IPv6. */
#define TASKOFF_NDIS_OFFLOAD_NO_CHANGE 0
#define TASKOFF_NDIS_OFFLOAD_DISABLED  1
#define TASKOFF_NDIS_OFFLOAD_ENABLED   2

/* EncapsulatedPacketTaskOffload (note: ON is 1, OFF is 2). */
#define TASKOFF_NDIS_ENCAP_NO_CHANGE 0
#define TASKOFF_NDIS_ENCAP_ON	     1
#define TASKOFF_NDIS_ENCAP_OFF	     2

/* NDIS_OFFLOAD "supported" values. */
#define TASKOFF_NDIS_NOT_SUPPORTED_VALUE 0
#define TASKOFF_NDIS_SUPPORTED_VALUE	 1

/* NDIS_ENCAPSULATION_* frame encapsulation bits of NDIS_OFFLOAD blocks. */
#define TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3		     0x2u
#define TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q	     0x4u
#define TASKOFF_NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB 0x8u
#define TASKOFF_NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED	     0x10u

#endif
