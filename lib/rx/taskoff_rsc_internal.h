/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_RSC_INTERNAL_H
#define TASKOFF_RSC_INTERNAL_H

/* Shared by the RSC files: taskoff_rsc.c (decisions), taskoff_rsc_flow_table.c,
 * taskoff_rsc_seg.c (segment description), taskoff_rsc_scu.c (SCU building)
 * and taskoff_rsc_rules.c (the NDIS rules). Not part of the library's API. */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_counters.h"
#include "taskoff_decap.h"
#include "taskoff_rx_parse.h"

/**
 * What makes two segments the same flow, as six 64-bit words: source and
 * destination address (IPv4 in the low 4 bytes, zero-padded), then
 * ports | VLAN TCI | inner VLAN TCI, then VSID / VNI (bits 0-23) | IP version
 * (24-27) | encap (28-31, enum taskoff_rsc_encap) | a 32-bit hash of the outer
 * IP addresses (and VXLAN's outer UDP source port) of a tunnelled frame (32-63,
 * zero otherwise). Built and compared a
 * whole word at a time: a key built from byte and 16-bit stores and then read
 * back as wide words stalls on store forwarding, which cost more than the rest
 * of the flow lookup. The outer addresses are hashed rather than stored (they
 * would take up to four more words for every frame, tunnelled or not); the
 * rule same_outer_headers compares them exactly with the SCU's head.
 */
struct taskoff_rsc_flow_key {
	uint64_t w[6];
};
enum taskoff_rsc_encap {
	TASKOFF_RSC_PLAIN = 0,
	TASKOFF_RSC_NVGRE,	    /* still encapsulated */
	TASKOFF_RSC_VXLAN,	    /* still encapsulated */
	TASKOFF_RSC_DECAPPED_NVGRE, /* inner frame of a decapsulated NVGRE frame */
	TASKOFF_RSC_DECAPPED_VXLAN, /* inner frame of a decapsulated VXLAN frame */
};

/** One received TCP segment as RSC sees it. */
struct taskoff_rsc_seg {
	struct rte_mbuf *m;
	/* the frame's parse; NULL from the fast lane (taskoff_rsc_fast.c), which
	 * compares the outer headers itself and fills only is_fragment,
	 * has_options and payload_sum of l3 */
	const struct taskoff_rx_parsed *p;
	const struct taskoff_rx_l3 *l3; /* the TCP-carrying IP layer */
	struct taskoff_rsc_flow_key key;
	uint32_t seq;
	uint32_t ack;
	uint16_t window;
	uint8_t tcp_flags;
	uint8_t ttl; /* TTL / hop limit */
	/* DSCP + DF (IPv4) or DSCP + flow label (IPv6) of the TCP-carrying IP
	 * header; for a tunnel, the outer header's in the upper 32 bits */
	uint64_t ip_fields;
	uint8_t ecn; /* IP ECN bits (0-1); for a tunnel, the outer ones in bits 2-3 */
	bool has_ts;
	uint32_t tsval;
	uint32_t tsecr;
	uint16_t ts_off;      /* frame offset of the timestamp option's TSval */
	bool other_options;   /* a TCP option other than NOP/EOL/timestamp */
	bool csum_good;	      /* IPv4 headers, TCP and outer UDP checksums verified */
	bool layout_ok;	      /* headers in the first segment, padding trimmable, writable */
	uint32_t hdr_len;     /* bytes before the TCP payload */
	uint32_t payload_len; /* TCP payload bytes */
};

/** The SCU's head has no output slot of this burst: it was carried over from an earlier one. */
#define TASKOFF_RSC_NO_SLOT UINT16_MAX

/** An open single coalesced unit. */
struct taskoff_rsc_scu {
	/* Fields every segment reads or writes, first: with the flow's key they
	 * fill the flow's first two cache lines. */
	struct rte_mbuf *tail; /* last mbuf of head's chain, where the next segment goes */
	uint32_t next_seq;
	uint32_t ack;
	uint16_t window;
	uint8_t min_ttl;
	bool psh;
	bool has_ts;
	uint8_t ecn;
	uint16_t seg_count;
	uint32_t tsval;
	uint32_t tsecr;
	uint64_t ip_fields;
	uint32_t nb_segs;     /* mbufs in head's chain; head's own nb_segs and pkt_len are
				 only written when the SCU ends, so appending never touches it */
	uint32_t payload_len; /* payload bytes of every segment */
	/* Folded one's complement sum of the SCU's payload, accumulated per segment
	 * (byte-swapped for segments starting at an odd payload offset), so the
	 * flush never re-reads the payload for the TCP checksum. */
	uint32_t payload_sum;
	uint32_t outer_len_base; /* outermost IP length field minus the payload */
	uint16_t mss;		 /* largest segment payload seen */
	uint16_t slot;		 /* head's index in this burst's output, or TASKOFF_RSC_NO_SLOT */
	/* Read when the SCU opens, ends or is checked for its hold time. */
	struct rte_mbuf *head; /* first segment */
	uint64_t opened_tsc;   /* rte_rdtsc() of the burst that opened it (hold mode) */
	uint32_t hdr_len;
	uint32_t first_tsval;
	uint16_t ts_off;
	struct taskoff_rx_parsed hdrs; /* head's layout */
};

enum taskoff_rsc_flow_state {
	TASKOFF_RSC_FLOW_IDLE = 0, /* known this burst, no open SCU */
	TASKOFF_RSC_FLOW_OPEN,	   /* an SCU is collecting segments */
};

struct taskoff_rsc_flow {
	struct taskoff_rsc_flow_key key;
	enum taskoff_rsc_flow_state state;
	uint32_t bucket; /* slot in the hash index, cleared when the table empties */
	struct taskoff_rsc_scu scu;
} __rte_cache_aligned;

struct taskoff_rsc_table {
	uint32_t max_flows;
	uint32_t nb_flows; /* flows[0..nb_flows) are in use */
	bool enabled;	   /* the application asked for coalescing (LRO) at all */
	uint64_t hold_tsc; /* how long an SCU may stay open across bursts; 0: flush every burst */
	uint64_t now_tsc;  /* time of the current burst (hold mode only) */
	uint32_t nb_held;  /* SCUs carried over from earlier bursts, still open */
	uint32_t cfg_signature; /* RSC settings the held SCUs were opened under */
	bool touched;		/* an SCU opened or ended during this burst */
	uint64_t oldest_tsc;	/* earliest opened_tsc of the held SCUs */
	uint32_t bucket_mask;
	int32_t *buckets; /* open addressing, linear probing: index into flows or EMPTY */
	struct taskoff_rsc_flow *flows;
	struct taskoff_rsc_flow
	    *last;	 /* flow of the latest lookup: the next segment's likely flow */
	int info_offset; /* "taskoff_rsc_info" dynfield */
};

/* ---- flow table (taskoff_rsc_flow_table.c) ---- */

/** The flow of @p key, or NULL; with @p bucket, also the free bucket it would take. */
struct taskoff_rsc_flow *taskoff_rsc_flow_find(struct taskoff_rsc_table *t,
					       const struct taskoff_rsc_flow_key *key,
					       uint32_t *bucket);

/** The flow of @p key, added IDLE if new; NULL when the table is full. */
struct taskoff_rsc_flow *taskoff_rsc_flow_insert(struct taskoff_rsc_table *t,
						 const struct taskoff_rsc_flow_key *key);

/** Forget every flow (their SCUs must be flushed). */
void taskoff_rsc_table_empty(struct taskoff_rsc_table *t);

/** Keep only the flows with an open SCU (after a burst in hold mode). */
void taskoff_rsc_table_keep_open(struct taskoff_rsc_table *t);

/* ---- segments (taskoff_rsc_seg.c) ---- */

/**
 * Describe frame @p m (parsed in @p p; @p tunnel: metadata of a decapsulated
 * frame or NULL) for RSC. A fragment gets only its key (its first bytes are
 * read as ports). @return false when not even the ports can be read.
 */
bool taskoff_rsc_seg_describe(struct taskoff_rsc_seg *seg, struct rte_mbuf *m,
			      const struct taskoff_rx_parsed *p,
			      const struct taskoff_tunnel_info *tunnel);

/* ---- SCUs (taskoff_rsc_scu.c) ---- */

/** Open @p scu on @p seg (trims the segment's Ethernet padding). */
void taskoff_rsc_scu_start(struct taskoff_rsc_scu *scu, const struct taskoff_rsc_seg *seg);

/** Strip @p seg's headers and chain its payload behind the SCU; no payload copy. */
void taskoff_rsc_scu_append(struct taskoff_rsc_scu *scu, const struct taskoff_rsc_seg *seg,
			    struct taskoff_counters *cnt);

/**
 * Make the SCU read as one received segment (SPEC §2.5 "SCU headers"), fill
 * the dynfield at @p info_offset, flag RX_LRO and count it. A one-segment
 * SCU is left exactly as received.
 */
void taskoff_rsc_scu_finalize(struct taskoff_rsc_scu *scu, int info_offset,
			      struct taskoff_counters *cnt);

/** Largest IPv4 total length / IPv6 payload length. */
#define TASKOFF_RSC_IP_LEN_MAX 65535u

/** Length field of the SCU's outermost IP header with @p extra more payload bytes. */
uint32_t taskoff_rsc_outer_ip_len(const struct taskoff_rsc_scu *scu, uint32_t extra);

/* ---- rules (taskoff_rsc_rules.c) ---- */

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

/** Serial-number "a >= b" (RFC 1982), for sequence, ACK and timestamp values. */
static inline bool taskoff_rsc_seq_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

#endif
