/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RSC_INTERNAL_H
#define TASKOFF_RSC_INTERNAL_H

/* Shared between the RSC engine (taskoff_rsc.c) and its rules
 * (taskoff_rsc_rules.c); not part of the library's API. */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_counters.h"
#include "taskoff_rx_parse.h"

/** What makes two segments the same flow. memcmp-able: always zero-filled. */
struct taskoff_rsc_flow_key {
	uint8_t src[16];
	uint8_t dst[16];
	uint16_t sport; /* network order */
	uint16_t dport;
	uint16_t vlan_tci;	 /* outer (or only) Ethernet */
	uint16_t inner_vlan_tci; /* inner Ethernet of an encapsulated frame */
	uint32_t vsid;
	uint8_t ip_version;
	uint8_t encap; /* enum taskoff_rsc_encap */
	uint8_t pad[2];
};

enum taskoff_rsc_encap {
	TASKOFF_RSC_PLAIN = 0,
	TASKOFF_RSC_NVGRE,    /* still encapsulated */
	TASKOFF_RSC_DECAPPED, /* inner frame of a decapsulated NVGRE frame */
};

/** One received TCP segment as RSC sees it. */
struct taskoff_rsc_seg {
	struct rte_mbuf *m;
	const struct taskoff_rx_parsed *p;
	const struct taskoff_rx_l3 *l3; /* the TCP-carrying IP layer */
	struct taskoff_rsc_flow_key key;
	uint32_t seq;
	uint32_t ack;
	uint16_t window;
	uint8_t tcp_flags;
	uint8_t ttl;	    /* TTL / hop limit */
	uint32_t ip_fields; /* DSCP + DF (IPv4) or DSCP + flow label (IPv6) */
	uint8_t ecn;	    /* IP ECN bits | TCP ECE/CWR */
	bool has_ts;
	uint32_t tsval;
	uint32_t tsecr;
	uint16_t ts_off;      /* frame offset of the timestamp option's TSval */
	bool other_options;   /* a TCP option other than NOP/EOL/timestamp */
	bool csum_good;	      /* IPv4 header (inner and outer) and TCP checksums verified */
	bool layout_ok;	      /* headers in the first segment, padding trimmable, writable */
	uint32_t hdr_len;     /* bytes before the TCP payload */
	uint32_t payload_len; /* TCP payload bytes */
};

/** An open single coalesced unit. */
struct taskoff_rsc_scu {
	struct rte_mbuf *head;	       /* first segment; owns the output slot */
	struct taskoff_rx_parsed hdrs; /* head's layout */
	uint32_t hdr_len;
	uint32_t next_seq;
	uint32_t ack;
	uint16_t window;
	uint8_t min_ttl;
	bool psh;
	bool has_ts;
	uint32_t first_tsval;
	uint32_t tsval;
	uint32_t tsecr;
	uint16_t ts_off;
	uint32_t ip_fields;
	uint8_t ecn;
	uint16_t seg_count;
	uint16_t mss;	      /* largest segment payload seen */
	uint32_t payload_len; /* payload bytes of every segment */
};

/** What to do with a segment. */
enum taskoff_rsc_action {
	TASKOFF_RSC_JOIN,      /* append to the open SCU */
	TASKOFF_RSC_START,     /* no open SCU: open one with this segment */
	TASKOFF_RSC_RESTART,   /* flush the open SCU, open a new one with this segment */
	TASKOFF_RSC_EXCEPTION, /* flush the open SCU (if any), deliver this segment alone */
};

/**
 * Apply the NDIS rules, in order, to @p seg against @p scu (NULL when its
 * flow has no open SCU). On a refusal, @p *rule is the refusing rule's counter.
 */
enum taskoff_rsc_action taskoff_rsc_decide(const struct taskoff_rsc_seg *seg,
					   const struct taskoff_rsc_scu *scu,
					   enum taskoff_counter *rule);

/** Largest IPv4 total length / IPv6 payload length. */
#define TASKOFF_RSC_IP_LEN_MAX 65535u

/** IP length field the outermost IP header of @p scu would carry with @p extra more payload bytes.
 */
uint32_t taskoff_rsc_outer_ip_len(const struct taskoff_rsc_scu *scu, uint32_t extra);

/** Serial-number "a >= b" (RFC 1982), for sequence, ACK and timestamp values. */
static inline bool taskoff_rsc_seq_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

#endif
