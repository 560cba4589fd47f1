/* SPDX-License-Identifier: BSD-3-Clause */
/* Receive segment coalescing: the NDIS rules of SPEC §2.5, one test each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_rsc_outer.h"
#include "rx_test_util.h"
#include "taskoff_rsc.h"
#include "taskoff_rsc_internal.h"

#define MAX_SEGS 64
#define ETH_LEN	 14
#define V4_HDRS	 (ETH_LEN + 20 + 20 + 12) /* Ethernet + IPv4 + TCP with timestamps */

static uint8_t payloads[MAX_SEGS][1500];

/* Segment @p i of flow 1000→2000: 100 bytes, seq 1000 + 100 i, timestamps. */
static void seg_spec(struct tb_frame *f, unsigned int i)
{
	tb_rsc_seg(f, i, payloads[i]);
}

/* Build @p n default segments into @p pkts. */
static void default_segs(struct rx_fixture *fx, struct rte_mbuf **pkts, unsigned int n)
{
	struct tb_frame f;
	unsigned int i;

	for (i = 0; i < n; i++) {
		seg_spec(&f, i);
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
}

static struct rte_tcp_hdr *tcp_at(struct rte_mbuf *m, uint32_t off)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *, off);
}

/* IPv4 header and TCP checksums of @p m are what DPDK computes independently. */
static void assert_v4_checksums(struct rte_mbuf *m, uint32_t l3_off)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l3_off);
	struct rte_tcp_hdr *tcp = tcp_at(m, l3_off + rte_ipv4_hdr_len(ip));
	uint16_t stored = ip->hdr_checksum;

	ip->hdr_checksum = 0;
	assert_int_equal(rte_ipv4_cksum(ip), stored);
	ip->hdr_checksum = stored;
	stored = tcp->cksum;
	tcp->cksum = 0;
	assert_int_equal(rte_ipv4_udptcp_cksum_mbuf(m, ip, l3_off + rte_ipv4_hdr_len(ip)), stored);
	tcp->cksum = stored;
}

/*
 * The TCP checksum of (possibly chained) @p m computed independently: over a
 * flat copy with rte_ipv4_udptcp_cksum / rte_ipv6_udptcp_cksum. (The _mbuf
 * variants go through DPDK 22.11's rte_raw_cksum_mbuf, which gets chains
 * with odd-length segments wrong.)
 */
static uint16_t flat_tcp_cksum(const struct rte_mbuf *m, uint32_t l3_off, int version)
{
	static uint8_t flat[70000];
	uint32_t len = rte_pktmbuf_pkt_len(m);
	const uint8_t *data = rte_pktmbuf_read(m, 0, len, flat);
	uint32_t l4_off;
	struct rte_tcp_hdr *tcp;

	assert_non_null(data);
	if (data != flat)
		memcpy(flat, data, len);
	l4_off = l3_off + (version == 4 ? rte_ipv4_hdr_len((void *)(flat + l3_off)) : 40);
	tcp = (struct rte_tcp_hdr *)(flat + l4_off);
	tcp->cksum = 0;
	if (version == 4)
		return rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)(flat + l3_off), tcp);
	return rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)(flat + l3_off), tcp);
}

/* The SCU's payload is exactly the inputs' payloads one after the other. */
static void assert_payload(const struct rte_mbuf *m, uint32_t hdr_len, const unsigned int *segs,
			   const uint16_t *lens, unsigned int n)
{
	static uint8_t want[70000], got[70000];
	uint32_t total = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		memcpy(want + total, payloads[segs[i]], lens[i]);
		total += lens[i];
	}
	assert_int_equal(rte_pktmbuf_pkt_len(m), hdr_len + total);
	assert_memory_equal(rte_pktmbuf_read(m, hdr_len, total, got), want, total);
}

static void in_order_run_merges_with_exact_headers(void **state)
{
	struct rx_fixture *fx = *state;
	static const uint16_t lens[] = {100, 120, 80, 60};
	static const uint8_t ttls[] = {64, 60, 62, 61};
	static const unsigned int idx[] = {0, 1, 2, 3};
	struct rte_mbuf *pkts[4];
	const struct taskoff_rsc_info *info;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;
	struct tb_frame f;
	uint32_t seq = 1000, ts[2];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		seg_spec(&f, i);
		f.seq = seq;
		f.payload_len = lens[i];
		f.ttl = ttls[i];
		f.ack = 5000 + 10 * i;
		f.win = (uint16_t)(1024 + i);
		f.tsecr = 77 + i;
		f.tcp_flags = RTE_TCP_ACK_FLAG | (i == 1 ? RTE_TCP_PSH_FLAG : 0);
		seq += lens[i];
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 1);
	ip = rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv4_hdr *, ETH_LEN);
	tcp = tcp_at(pkts[0], ETH_LEN + 20);
	assert_int_equal(rte_be_to_cpu_32(tcp->sent_seq), 1000);
	assert_int_equal(rte_be_to_cpu_16(ip->total_length), 20 + 32 + 360);
	assert_int_equal(rte_be_to_cpu_16(ip->packet_id), 100);
	assert_int_equal(ip->time_to_live, 60);
	assert_int_equal(tcp->tcp_flags, RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG);
	assert_int_equal(rte_be_to_cpu_32(tcp->recv_ack), 5030);
	assert_int_equal(rte_be_to_cpu_16(tcp->rx_win), 1027);
	memcpy(ts, (uint8_t *)(tcp + 1) + 4, 8);
	assert_int_equal(rte_be_to_cpu_32(ts[0]), 13);
	assert_int_equal(rte_be_to_cpu_32(ts[1]), 80);
	assert_v4_checksums(pkts[0], ETH_LEN);
	assert_payload(pkts[0], V4_HDRS, idx, lens, 4);
	assert_int_equal(pkts[0]->nb_segs, 4);
	assert_true(pkts[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(pkts[0]->tso_segsz, 120);
	info = RTE_MBUF_DYNFIELD(pkts[0], taskoff_rsc_info_offset(), struct taskoff_rsc_info *);
	assert_int_equal(info->coalesced_seg_count, 4);
	assert_int_equal(info->dup_ack_count, 0);
	assert_int_equal(info->ts_delta, 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_OCTETS], 360);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 0);
	rx_free(pkts, 1);
}

typedef void (*mutate_fn)(struct tb_frame *f);

/*
 * Segments 0, 1 normal, segment 2 mutated, segment 3 in sequence after 2.
 * An exception gives [SCU(0,1), 2 alone, 3 alone]; a restarting rule gives
 * [SCU(0,1), SCU(2,3)] (segment 3 then carries the same mutation).
 */
static void run_rule(struct rx_fixture *fx, mutate_fn mutate, enum taskoff_counter rule,
		     bool restarts)
{
	static const unsigned int idx01[] = {0, 1};
	static const uint16_t lens[] = {100, 100};
	struct rte_mbuf *pkts[4];
	struct tb_frame f;
	unsigned int i;
	uint16_t n;

	for (i = 0; i < 4; i++) {
		seg_spec(&f, i);
		if (i == 2 || (restarts && i == 3))
			mutate(&f); /* a restarted SCU continues with the new state */
		if (i == 3) {
			f.ack = 6000; /* stay in order after any mutation of segment 2 */
			f.tsval = 1000;
			f.seq = 1000 + 300;
		}
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	n = rx_run(fx, pkts, 4);
	assert_int_equal(fx->cnt.v[rule], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_payload(pkts[0], V4_HDRS, idx01, lens, 2);
	assert_v4_checksums(pkts[0], ETH_LEN);
	if (restarts) {
		/* segment 2 opened a new SCU that segment 3 joined */
		assert_int_equal(n, 2);
		assert_int_equal(rx_rsc_count(pkts[1]), 2);
		assert_v4_checksums(pkts[1], ETH_LEN);
		assert_int_equal(rte_be_to_cpu_32(tcp_at(pkts[1], ETH_LEN + 20)->sent_seq), 1200);
	} else {
		assert_int_equal(n, 3);
		assert_false(pkts[1]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(rx_rsc_count(pkts[2]), 1);
	}
	rx_free(pkts, n);
}

static void mut_fin(struct tb_frame *f)
{
	f->tcp_flags |= RTE_TCP_FIN_FLAG;
}
static void mut_urg(struct tb_frame *f)
{
	f->tcp_flags |= RTE_TCP_URG_FLAG;
}
static void mut_mss_option(struct tb_frame *f)
{
	f->mss_opt = true;
}
static void mut_no_timestamp(struct tb_frame *f)
{
	f->ts = false;
}
static void mut_ip_options(struct tb_frame *f)
{
	f->ipv4_opt_len = 4;
}
static void mut_fragment(struct tb_frame *f)
{
	f->mf = true;
	f->df = false;
}
static void mut_bad_tcp_csum(struct tb_frame *f)
{
	f->bad_l4_csum = true;
}
static void mut_bad_ip_csum(struct tb_frame *f)
{
	f->bad_ip_csum = true;
}
static void mut_ecn(struct tb_frame *f)
{
	f->ecn = 3;
}
static void mut_cwr(struct tb_frame *f)
{
	f->tcp_flags |= RTE_TCP_CWR_FLAG;
}
static void mut_ece(struct tb_frame *f)
{
	f->tcp_flags |= RTE_TCP_ECE_FLAG;
}
static void mut_dscp(struct tb_frame *f)
{
	f->dscp = 10;
}
static void mut_df(struct tb_frame *f)
{
	f->df = false;
}
static void mut_gap(struct tb_frame *f)
{
	f->seq += 1;
}
static void mut_pure_ack(struct tb_frame *f)
{
	f->payload_len = 0;
	f->ack += 100;
}
static void mut_dup_ack(struct tb_frame *f)
{
	f->payload_len = 0;
}
static void mut_window_update(struct tb_frame *f)
{
	f->payload_len = 0;
	f->win += 100;
}
static void mut_ts_back(struct tb_frame *f)
{
	f->tsval = 5;
}
static void mut_tsecr_back(struct tb_frame *f)
{
	f->tsecr = 70;
}
static void mut_ack_back(struct tb_frame *f)
{
	f->ack -= 1;
}

#define RULE_TEST(name, mut, counter, restart)                                                     \
	static void name(void **state)                                                             \
	{                                                                                          \
		run_rule(*state, mut, TASKOFF_CNT_##counter, restart);                             \
	}

RULE_TEST(exception_fin_flag, mut_fin, RSC_EXCEPTION_FLAGS, false)
RULE_TEST(exception_urg_flag, mut_urg, RSC_EXCEPTION_FLAGS, false)
RULE_TEST(exception_tcp_option_other_than_timestamp, mut_mss_option, RSC_EXCEPTION_TCP_OPTIONS,
	  false)
RULE_TEST(exception_timestamp_presence_changes, mut_no_timestamp, RSC_EXCEPTION_TCP_OPTIONS, false)
RULE_TEST(exception_ip_options, mut_ip_options, RSC_EXCEPTION_IP_OPTIONS, false)
RULE_TEST(exception_fragment, mut_fragment, RSC_EXCEPTION_FRAGMENT, false)
RULE_TEST(exception_bad_tcp_checksum, mut_bad_tcp_csum, RSC_EXCEPTION_BAD_CSUM, false)
RULE_TEST(exception_bad_ip_checksum, mut_bad_ip_csum, RSC_EXCEPTION_BAD_CSUM, false)
RULE_TEST(exception_ecn_change_restarts, mut_ecn, RSC_EXCEPTION_ECN_CHANGE, true)
/* NDIS coalesces only ACK [+ PSH]: ECE and CWR are flags exceptions, not ECN state. */
RULE_TEST(exception_cwr_flag, mut_cwr, RSC_EXCEPTION_FLAGS, false)
RULE_TEST(exception_ece_flag, mut_ece, RSC_EXCEPTION_FLAGS, false)
RULE_TEST(exception_dscp_change, mut_dscp, RSC_EXCEPTION_IP_FIELD_CHANGE, false)
RULE_TEST(exception_df_change, mut_df, RSC_EXCEPTION_IP_FIELD_CHANGE, false)
RULE_TEST(exception_out_of_order, mut_gap, RSC_EXCEPTION_OUT_OF_ORDER, false)
RULE_TEST(exception_pure_ack, mut_pure_ack, RSC_EXCEPTION_PURE_ACK, false)
RULE_TEST(exception_dup_ack, mut_dup_ack, RSC_EXCEPTION_DUP_ACK, false)
RULE_TEST(exception_window_update, mut_window_update, RSC_EXCEPTION_WINDOW_UPDATE, false)
RULE_TEST(exception_tsval_regression, mut_ts_back, RSC_EXCEPTION_TS_REGRESSION, false)
RULE_TEST(exception_tsecr_regression, mut_tsecr_back, RSC_EXCEPTION_TS_REGRESSION, false)
RULE_TEST(exception_ack_regression, mut_ack_back, RSC_EXCEPTION_ACK_REGRESSION, false)

/* A run of segments that all carry ECE (or CWR) has no ECN change to break it:
 * the flags rule alone keeps every one of them out of an SCU. */
static void ece_cwr_segments_never_coalesce(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[4];
	struct tb_frame f;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		seg_spec(&f, i);
		f.tcp_flags |= i < 2 ? RTE_TCP_ECE_FLAG : RTE_TCP_CWR_FLAG;
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 4);
	for (i = 0; i < 4; i++) {
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(rte_be_to_cpu_32(tcp_at(pkts[i], ETH_LEN + 20)->sent_seq),
				 1000 + 100 * i);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_FLAGS], 4);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_ECN_CHANGE], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 0);
	rx_free(pkts, 4);
}

static void exception_length_limit_restarts(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[46];
	struct tb_frame f;
	unsigned int i;

	/* 44 x 1460 + 52 header bytes = 64292 fits; the 45th would make 65752. */
	for (i = 0; i < 46; i++) {
		seg_spec(&f, i % MAX_SEGS);
		f.seq = 1000 + 1460 * i;
		f.payload_len = 1460;
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 46), 2);
	assert_int_equal(rx_rsc_count(pkts[0]), 44);
	assert_int_equal(rx_rsc_count(pkts[1]), 2);
	assert_int_equal(
	    rte_be_to_cpu_16(
		rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv4_hdr *, ETH_LEN)->total_length),
	    52 + 44 * 1460);
	assert_int_equal(rte_be_to_cpu_32(tcp_at(pkts[1], ETH_LEN + 20)->sent_seq),
			 1000 + 44 * 1460);
	assert_v4_checksums(pkts[0], ETH_LEN);
	assert_v4_checksums(pkts[1], ETH_LEN);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_LENGTH_LIMIT], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_OCTETS], 46 * 1460);
	rx_free(pkts, 2);
}

/* The mbuf segment limit cannot be reached with real frames (65535 segments
 * would carry more than 65535 payload bytes), so check the rule directly. */
static void exception_mbuf_segment_limit(void **state)
{
	struct rx_fixture *fx = *state;
	struct taskoff_rx_parsed p;
	struct taskoff_rsc_scu scu;
	struct taskoff_rsc_seg seg;
	struct rte_mbuf *head = rte_pktmbuf_alloc(fx->mp), *m = rte_pktmbuf_alloc(fx->mp);
	enum taskoff_counter rule = TASKOFF_CNT_MAX;

	memset(&p, 0, sizeof(p));
	memset(&scu, 0, sizeof(scu));
	memset(&seg, 0, sizeof(seg));
	p.l3.version = 4;
	p.l3.l3_off = ETH_LEN;
	seg.m = m;
	seg.p = &p;
	seg.l3 = &p.l3;
	seg.tcp_flags = RTE_TCP_ACK_FLAG;
	seg.csum_good = seg.layout_ok = true;
	seg.payload_len = 1;
	scu.head = head;
	scu.hdr_len = 54;
	scu.seg_count = 1;
	scu.nb_segs = 1;
	assert_int_equal(taskoff_rsc_decide(&seg, &scu, &rule), TASKOFF_RSC_JOIN);
	scu.nb_segs = RTE_MBUF_MAX_NB_SEGS;
	assert_int_equal(taskoff_rsc_decide(&seg, &scu, &rule), TASKOFF_RSC_RESTART);
	assert_int_equal(rule, TASKOFF_CNT_RSC_EXCEPTION_SEG_LIMIT);
	rte_pktmbuf_free(head);
	rte_pktmbuf_free(m);
}

static void pure_ack_without_scu_is_delivered(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *m;
	struct tb_frame f;

	seg_spec(&f, 0);
	f.payload_len = 0;
	m = rx_mbuf_frame(fx, &f);
	assert_int_equal(rx_run(fx, &m, 1), 1);
	assert_false(m->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_PURE_ACK], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 0);
	rte_pktmbuf_free(m);
}

/* Flow A: src .1, flow B: src .2. */
static struct rte_mbuf *flow_seg(struct rx_fixture *fx, uint8_t src, unsigned int i, uint8_t flags)
{
	struct tb_frame f;

	seg_spec(&f, i);
	f.src_last = src;
	f.tcp_flags |= flags;
	return rx_mbuf_frame(fx, &f);
}

static uint32_t seq_of(struct rte_mbuf *m)
{
	return rte_be_to_cpu_32(tcp_at(m, ETH_LEN + 20)->sent_seq);
}

static uint8_t src_of(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, uint8_t *, ETH_LEN + 15)[0];
}

static void flows_interleaved_keep_their_order(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[5];

	pkts[0] = flow_seg(fx, 1, 0, 0);
	pkts[1] = flow_seg(fx, 2, 0, 0);
	pkts[2] = flow_seg(fx, 1, 1, 0);
	pkts[3] = flow_seg(fx, 2, 1, 0);
	pkts[4] = flow_seg(fx, 1, 2, 0);
	assert_int_equal(rx_run(fx, pkts, 5), 2);
	assert_int_equal(src_of(pkts[0]), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	assert_int_equal(src_of(pkts[1]), 2);
	assert_int_equal(rx_rsc_count(pkts[1]), 2);
	assert_v4_checksums(pkts[0], ETH_LEN);
	assert_v4_checksums(pkts[1], ETH_LEN);
	rx_free(pkts, 2);
}

static void refused_segment_never_overtakes_its_scu(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[5];

	pkts[0] = flow_seg(fx, 1, 0, 0);
	pkts[1] = flow_seg(fx, 2, 0, 0);
	pkts[2] = flow_seg(fx, 1, 1, 0);
	pkts[3] = flow_seg(fx, 1, 2, RTE_TCP_FIN_FLAG);
	pkts[4] = flow_seg(fx, 2, 1, 0);
	assert_int_equal(rx_run(fx, pkts, 5), 3);
	/* A's SCU first (it opened first), then B's SCU, then A's FIN after A's SCU */
	assert_int_equal(src_of(pkts[0]), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_int_equal(src_of(pkts[1]), 2);
	assert_int_equal(rx_rsc_count(pkts[1]), 2);
	assert_int_equal(src_of(pkts[2]), 1);
	assert_int_equal(seq_of(pkts[2]), 1200);
	assert_true(tcp_at(pkts[2], ETH_LEN + 20)->tcp_flags & RTE_TCP_FIN_FLAG);
	rx_free(pkts, 3);
}

static void vlan_is_part_of_the_flow_key(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1};
	static const uint16_t lens[] = {100, 100};
	const uint16_t vlans[] = {10, 20, 10};
	const unsigned int segs[] = {0, 1, 1};
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		seg_spec(&f, segs[i]);
		f.vlan = true;
		f.vlan_tci = vlans[i];
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 2);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_payload(pkts[0], V4_HDRS + 4, idx, lens, 2);
	assert_v4_checksums(pkts[0], ETH_LEN + 4);
	/* VLAN 20 carries seq 1100 with no SCU of its own before it: delivered as is */
	assert_int_equal(rx_rsc_count(pkts[1]), 1);
	assert_int_equal(rte_be_to_cpu_32(tcp_at(pkts[1], ETH_LEN + 4 + 20)->sent_seq), 1100);
	rx_free(pkts, 2);
}

static void sequence_and_timestamp_wraparound(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1, 2};
	static const uint16_t lens[] = {100, 100, 100};
	struct rte_mbuf *pkts[3];
	const struct taskoff_rsc_info *info;
	struct tb_frame f;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		seg_spec(&f, i);
		f.seq = 0xffffff9cu + 100 * i; /* 2nd segment starts at 0 */
		f.ack = 0xfffffffeu + i;       /* ACK wraps too */
		f.tsval = 0xffffffffu + i;     /* TSval wraps: still "later" */
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	assert_int_equal(seq_of(pkts[0]), 0xffffff9cu);
	assert_int_equal(rte_be_to_cpu_32(tcp_at(pkts[0], ETH_LEN + 20)->recv_ack), 0);
	info = RTE_MBUF_DYNFIELD(pkts[0], taskoff_rsc_info_offset(), struct taskoff_rsc_info *);
	assert_int_equal(info->ts_delta, 2);
	assert_payload(pkts[0], V4_HDRS, idx, lens, 3);
	assert_v4_checksums(pkts[0], ETH_LEN);
	rx_free(pkts, 1);
}

static void flow_table_full_passes_new_flows_through(void **state)
{
	struct rx_fixture *fx = *state;
	struct taskoff_rx_ctx *small = taskoff_rx_ctx_create("rx_small", SOCKET_ID_ANY, 2);
	struct rte_mbuf *pkts[6];
	uint16_t n;

	assert_non_null(small);
	pkts[0] = flow_seg(fx, 1, 0, 0);
	pkts[1] = flow_seg(fx, 2, 0, 0);
	pkts[2] = flow_seg(fx, 3, 0, 0);
	pkts[3] = flow_seg(fx, 1, 1, 0);
	pkts[4] = flow_seg(fx, 2, 1, 0);
	pkts[5] = flow_seg(fx, 3, 1, 0);
	n = taskoff_rx_burst(small, &fx->cfg, &fx->cnt, pkts, 6, pkts, 6);
	assert_int_equal(n, 4);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_int_equal(rx_rsc_count(pkts[1]), 2);
	assert_int_equal(src_of(pkts[2]), 3);
	assert_int_equal(seq_of(pkts[2]), 1000);
	assert_int_equal(src_of(pkts[3]), 3);
	assert_int_equal(seq_of(pkts[3]), 1100);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_FLOW_TABLE_FULL], 2);
	rx_free(pkts, n);
	/* the table empties at burst end: flow 3 coalesces in the next burst */
	pkts[0] = flow_seg(fx, 3, 2, 0);
	pkts[1] = flow_seg(fx, 3, 3, 0);
	assert_int_equal(taskoff_rx_burst(small, &fx->cfg, &fx->cnt, pkts, 2, pkts, 2), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	rx_free(pkts, 1);
	taskoff_rx_ctx_free(small);
}

static void ipv6_run_merges_and_flow_label_is_a_rule(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1, 2};
	static const uint16_t lens[] = {100, 100, 100};
	struct rte_mbuf *pkts[4];
	struct rte_ipv6_hdr *ip;
	struct rte_tcp_hdr *tcp;
	struct tb_frame f;
	uint16_t stored;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		seg_spec(&f, i);
		f.ip_version = 6;
		f.flow_label = i == 3 ? 0x12346 : 0x12345;
		f.ttl = (uint8_t)(50 - i);
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 2);
	ip = rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv6_hdr *, ETH_LEN);
	tcp = tcp_at(pkts[0], ETH_LEN + 40);
	assert_int_equal(rte_be_to_cpu_16(ip->payload_len), 32 + 300);
	assert_int_equal(ip->hop_limits, 48);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	assert_payload(pkts[0], ETH_LEN + 40 + 32, idx, lens, 3);
	stored = tcp->cksum;
	tcp->cksum = 0;
	assert_int_equal(rte_ipv6_udptcp_cksum_mbuf(pkts[0], ip, ETH_LEN + 40), stored);
	tcp->cksum = stored;
	assert_int_equal(rx_rsc_count(pkts[1]), 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_IP_FIELD_CHANGE], 1);
	rx_free(pkts, 2);
}

/*
 * Odd-length segments coalesce (no NDIS rule asks for full-sized segments), so
 * later segments start at odd payload offsets: their payload sums must be
 * byte-swapped when the SCU's TCP checksum is built from them.
 */
static void odd_length_segments_checksum(struct rx_fixture *fx, int version)
{
	static const uint16_t lens[] = {101, 333, 77, 1, 250, 3, 1448, 99};
	static const unsigned int idx[] = {0, 1, 2, 3, 4, 5, 6, 7};
	const unsigned int n = RTE_DIM(lens);
	const uint32_t l3_len = version == 4 ? 20 : 40;
	struct rte_mbuf *pkts[RTE_DIM(lens)];
	struct rte_tcp_hdr *tcp;
	struct tb_frame f;
	uint32_t seq = 1000, total = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		seg_spec(&f, i);
		f.ip_version = version;
		f.seq = seq;
		f.payload_len = lens[i];
		f.ack = 5000 + i; /* header fields change too */
		seq += lens[i];
		total += lens[i];
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, (uint16_t)n), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), n);
	assert_int_equal(pkts[0]->nb_segs, n);
	assert_payload(pkts[0], ETH_LEN + l3_len + 32, idx, lens, n);
	tcp = tcp_at(pkts[0], ETH_LEN + l3_len);
	assert_int_equal(rte_be_to_cpu_32(tcp->recv_ack), 5000 + n - 1);
	assert_int_equal(tcp->cksum, flat_tcp_cksum(pkts[0], ETH_LEN, version));
	if (version == 4)
		assert_int_equal(rte_be_to_cpu_16(rte_pktmbuf_mtod_offset(
						      pkts[0], struct rte_ipv4_hdr *, ETH_LEN)
						      ->total_length),
				 20 + 32 + total);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_OCTETS], total);
	/* the delivered SCU is a valid segment: receive validation accepts it again */
	assert_int_equal(rx_run(fx, pkts, 1), 1);
	assert_int_equal(pkts[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	rx_free(pkts, 1);
}

static void odd_length_segments_ipv4(void **state)
{
	odd_length_segments_checksum(*state, 4);
}

static void odd_length_segments_ipv6(void **state)
{
	odd_length_segments_checksum(*state, 6);
}

/* IPv6: extension headers and the fragment header are exceptions, like IPv4's. */
static void ipv6_extension_header_and_fragment_exceptions(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[5];
	struct tb_frame f;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		seg_spec(&f, i);
		f.ip_version = 6;
		f.ipv6_hbh_len = i == 2 ? 8 : 0;
		f.ipv6_frag = i == 4;
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	/* [SCU(0,1), 2 (hop-by-hop), SCU(3) closed by 4 (fragment), 4] */
	assert_int_equal(rx_run(fx, pkts, 5), 4);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_int_equal(pkts[1]->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_TCP);
	assert_int_equal(rx_rsc_count(pkts[2]), 1);
	assert_int_equal(pkts[3]->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_FRAG);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_IP_OPTIONS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_FRAGMENT], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 2);
	rx_free(pkts, 4);
}

static void nvgre_flow_key_includes_vsid(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1};
	static const uint16_t lens[] = {100, 100};
	struct rte_mbuf *pkts[4];
	struct rte_ipv4_hdr *outer;
	struct tb_frame f;
	struct tb_nvgre n;
	unsigned int i;
	uint16_t stored;

	tb_nvgre_defaults(&n);
	for (i = 0; i < 4; i++) { /* vsid 1 seg 0, vsid 2 seg 0, vsid 1 seg 1, vsid 2 seg 1 */
		seg_spec(&f, i / 2);
		n.vsid = 1 + i % 2;
		n.outer_ip_id = (uint16_t)(7 + i);
		pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(rx_rsc_count(pkts[i]), 2);
		outer = rte_pktmbuf_mtod_offset(pkts[i], struct rte_ipv4_hdr *, ETH_LEN);
		assert_int_equal(rte_be_to_cpu_16(outer->total_length), 20 + 8 + V4_HDRS + 200);
		assert_int_equal(rte_be_to_cpu_16(outer->packet_id), 7 + i);
		stored = outer->hdr_checksum;
		outer->hdr_checksum = 0;
		assert_int_equal(rte_ipv4_cksum(outer), stored);
		outer->hdr_checksum = stored;
		assert_v4_checksums(pkts[i], ETH_LEN + 20 + 8 + ETH_LEN);
		assert_payload(pkts[i], 20 + ETH_LEN + 8 + V4_HDRS, idx, lens, 2);
		assert_int_equal(rte_pktmbuf_mtod_offset(pkts[i], uint8_t *, ETH_LEN + 20 + 6)[0],
				 1 + i); /* low byte of the VSID in the GRE key */
	}
	rx_free(pkts, 2);
}

/* IPv6 inner TCP under an IPv6 or IPv4 outer header. */
static void nvgre_ipv6_inner_coalesces_under_both_outer_versions(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1, 2};
	static const uint16_t lens[] = {100, 100, 100};
	struct rte_mbuf *pkts[3];
	struct rte_ipv6_hdr *ip;
	struct rte_tcp_hdr *tcp;
	struct tb_frame f;
	struct tb_nvgre n;
	uint32_t inner_l3, outer_ip_len;
	unsigned int i, round;
	uint16_t stored;

	for (round = 0; round < 2; round++) {
		tb_nvgre_defaults(&n);
		n.outer_version = round == 0 ? 6 : 4;
		outer_ip_len = round == 0 ? 40 : 20;
		inner_l3 = ETH_LEN + outer_ip_len + 8 + ETH_LEN;
		for (i = 0; i < 3; i++) {
			seg_spec(&f, i);
			f.ip_version = 6;
			pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
		}
		assert_int_equal(rx_run(fx, pkts, 3), 1);
		assert_int_equal(rx_rsc_count(pkts[0]), 3);
		if (round == 0)
			assert_int_equal(
			    rte_be_to_cpu_16(
				rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv6_hdr *, ETH_LEN)
				    ->payload_len),
			    8 + ETH_LEN + 40 + 32 + 300);
		else
			assert_int_equal(
			    rte_be_to_cpu_16(
				rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv4_hdr *, ETH_LEN)
				    ->total_length),
			    20 + 8 + ETH_LEN + 40 + 32 + 300);
		ip = rte_pktmbuf_mtod_offset(pkts[0], struct rte_ipv6_hdr *, inner_l3);
		tcp = tcp_at(pkts[0], inner_l3 + 40);
		assert_int_equal(rte_be_to_cpu_16(ip->payload_len), 32 + 300);
		stored = tcp->cksum;
		tcp->cksum = 0;
		assert_int_equal(rte_ipv6_udptcp_cksum_mbuf(pkts[0], ip, inner_l3 + 40), stored);
		tcp->cksum = stored;
		assert_payload(pkts[0], inner_l3 + 40 + 32, idx, lens, 3);
		rx_free(pkts, 1);
	}
}

static void nvgre_bad_outer_checksum_is_an_exception(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	struct tb_nvgre n;
	unsigned int i;

	tb_nvgre_defaults(&n);
	for (i = 0; i < 3; i++) {
		seg_spec(&f, i);
		n.bad_outer_csum = i == 2;
		pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 2);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_true(pkts[1]->ol_flags & RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD);
	assert_int_equal(rx_rsc_count(pkts[1]), 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 1);
	rx_free(pkts, 2);
}

static void nvgre_not_coalesced_when_encap_disabled(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[2];
	struct tb_frame f;
	struct tb_nvgre n;
	unsigned int i;

	fx->cfg.encap_enabled = false;
	tb_nvgre_defaults(&n);
	for (i = 0; i < 2; i++) {
		seg_spec(&f, i);
		pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	rx_free(pkts, 2);
}

/* *EncapsulatedPacketTaskOffloadNvgre=0 with the encapsulation switch on: the
 * NVGRE offload is off (as transmit sees it), so NVGRE segments stay apart. */
static void nvgre_not_coalesced_when_nvgre_type_off(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	struct tb_nvgre n;
	unsigned int i;

	fx->cfg.encap_enabled = true;
	fx->cfg.encap_types = 0;
	tb_nvgre_defaults(&n);
	for (i = 0; i < 3; i++) {
		seg_spec(&f, i);
		pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 3);
	for (i = 0; i < 3; i++)
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 0);
	rx_free(pkts, 3);
}

#define NVGRE_V4_OUTER (ETH_LEN + 20 + 8) /* outer Ethernet + IPv4 + GRE */

static struct rte_mbuf *nvgre_seg(struct rx_fixture *fx, const struct tb_nvgre *n, unsigned int i)
{
	struct tb_frame f;

	seg_spec(&f, i);
	return rx_mbuf_nvgre(fx, n, &f);
}

static const struct rte_ipv4_hdr *outer_v4(const struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, ETH_LEN);
}

/* Outer addresses are in the flow key: one inner flow from two tunnel sources
 * is two flows. */
static void nvgre_outer_source_is_part_of_the_flow_key(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1};
	static const uint16_t lens[] = {100, 100};
	struct rte_mbuf *pkts[3];
	struct tb_nvgre n;

	tb_nvgre_defaults(&n);
	pkts[0] = nvgre_seg(fx, &n, 0); /* outer 192.168.0.1 */
	n.outer_src_last = 9;
	pkts[1] = nvgre_seg(fx, &n, 1); /* outer 192.168.0.9, next in sequence */
	n.outer_src_last = 1;
	pkts[2] = nvgre_seg(fx, &n, 1); /* outer 192.168.0.1 again */
	assert_int_equal(rx_run(fx, pkts, 3), 2);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_int_equal(rte_be_to_cpu_32(outer_v4(pkts[0])->src_addr), 0xc0a80001u);
	assert_payload(pkts[0], NVGRE_V4_OUTER + V4_HDRS, idx, lens, 2);
	assert_false(pkts[1]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(rte_be_to_cpu_32(outer_v4(pkts[1])->src_addr), 0xc0a80009u);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 0);
	rx_free(pkts, 2);
}

/* NVGRE segment @p i with outer fields @p o. */
static struct rte_mbuf *nvgre_outer_seg(struct rx_fixture *fx, const struct rx_outer_fields *o,
					unsigned int i)
{
	struct tb_nvgre n;

	tb_nvgre_defaults(&n);
	n.outer_dscp = o->dscp;
	n.outer_ecn = o->ecn;
	n.outer_df = o->df;
	return nvgre_seg(fx, &n, i);
}

static void nvgre_outer_ce_scu_check(struct rte_mbuf *scu, unsigned int i)
{
	static const unsigned int idx[] = {2, 3};
	static const uint16_t lens[] = {100, 100};

	assert_v4_checksums(scu, NVGRE_V4_OUTER + ETH_LEN);
	if (i == 1)
		assert_payload(scu, NVGRE_V4_OUTER + V4_HDRS, idx, lens, 2);
}

/* Outer ECN follows the inner ECN rule: CE on the outer header ends the SCU and
 * starts a new one, whose head keeps the CE mark. */
static void nvgre_outer_ce_restarts_and_is_kept(void **state)
{
	rx_rsc_outer_ce_restarts(*state, nvgre_outer_seg, nvgre_outer_ce_scu_check);
}

/* Outer DSCP and DF follow the inner rule: a change is an exception. */
static void nvgre_outer_dscp_df_change_is_an_exception(void **state)
{
	rx_rsc_outer_dscp_df_change(*state, nvgre_outer_seg);
}

/* NVGRE segment @p i of an inner IPv6 flow, its outer header IPv6 when it is to carry
 * no checksum. */
static struct rte_mbuf *nvgre_ipv6_inner_seg(struct rx_fixture *fx, const struct rx_outer_fields *o,
					     unsigned int i)
{
	struct tb_frame f;
	struct tb_nvgre n;

	tb_nvgre_defaults(&n);
	n.outer_version = o->no_outer_csum ? 6 : 4;
	seg_spec(&f, i);
	f.ip_version = 6;
	return rx_mbuf_nvgre(fx, &n, &f);
}

static void nvgre_unverified_check(struct rx_fixture *fx, struct rte_mbuf **pkts, unsigned int n)
{
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
}

/* IPv4 receive checksum off (inner IPv6, whose TCP checksum is still checked):
 * the outer IPv4 header is not verified, so nothing coalesces. An IPv6 outer
 * header has no checksum and does not stand in the way. */
static void nvgre_unverified_outer_ipv4_stops_coalescing(void **state)
{
	struct rx_fixture *fx = *state;

	fx->cfg.ipv4_csum = TASKOFF_CSUM_TX;
	rx_rsc_unverified_outer(fx, nvgre_ipv6_inner_seg, nvgre_unverified_check);
}

/* The flow key holds only a hash of the outer addresses: two NVGRE segments
 * whose hashes collided are told apart by the exact comparison, which starts a
 * new SCU (counted as an IP field change). */
static void nvgre_outer_address_rule_restarts(void **state)
{
	struct rx_fixture *fx = *state;
	struct taskoff_rx_parsed seg_p, scu_p;
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_scu scu;
	enum taskoff_counter rule = TASKOFF_CNT_MAX;
	struct rte_mbuf *m = rte_pktmbuf_alloc(fx->mp);

	assert_non_null(m);
	memset(&seg_p, 0, sizeof(seg_p));
	seg_p.tun.kind = TASKOFF_RX_TUNNEL_NVGRE;
	seg_p.tun.encap = TASKOFF_ENCAP_GRE_MAC;
	seg_p.l3.version = 4;
	memcpy(seg_p.l3.src, "\xc0\xa8\x00\x01", 4);
	memcpy(seg_p.l3.dst, "\xc0\xa8\x00\x02", 4);
	seg_p.inner_l3.version = 4;
	scu_p = seg_p;
	memset(&seg, 0, sizeof(seg));
	memset(&scu, 0, sizeof(scu));
	seg.m = m;
	seg.p = &seg_p;
	seg.l3 = &seg_p.inner_l3;
	seg.tcp_flags = RTE_TCP_ACK_FLAG;
	seg.csum_good = true;
	seg.layout_ok = true;
	seg.payload_len = 100;
	seg.seq = 1100;
	scu.hdrs = scu_p;
	scu.next_seq = 1100;
	scu.seg_count = 1;
	scu.nb_segs = 1;
	/* same outer addresses: joins */
	assert_int_equal(taskoff_rsc_decide(&seg, &scu, &rule), TASKOFF_RSC_JOIN);
	/* another outer destination: a new SCU */
	scu.hdrs.l3.dst[3] = 3;
	assert_int_equal(taskoff_rsc_decide(&seg, &scu, &rule), TASKOFF_RSC_RESTART);
	assert_int_equal(rule, TASKOFF_CNT_RSC_EXCEPTION_IP_FIELD_CHANGE);
	/* a plain segment never looks at them */
	seg_p.tun.kind = TASKOFF_RX_TUNNEL_NONE;
	seg.l3 = &seg_p.l3;
	assert_int_equal(taskoff_rsc_decide(&seg, &scu, &rule), TASKOFF_RSC_JOIN);
	rte_pktmbuf_free(m);
}

static void rsc_disabled_per_ip_version(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];

	fx->cfg.rsc_ipv4 = false;
	default_segs(fx, pkts, 3);
	assert_int_equal(rx_run(fx, pkts, 3), 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	assert_false(pkts[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	rx_free(pkts, 3);
}

/* The application's LRO switch off: nothing coalesces though the config enables RSC. */
static void lro_switch_off_coalesces_nothing(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	unsigned int i;

	taskoff_rx_set_rsc_enabled(fx->ctx, false);
	default_segs(fx, pkts, 3);
	assert_int_equal(rx_run(fx, pkts, 3), 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	for (i = 0; i < 3; i++) {
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(seq_of(pkts[i]), 1000 + 100 * i);
	}
	rx_free(pkts, 3);
	taskoff_rx_set_rsc_enabled(fx->ctx, true);
	default_segs(fx, pkts, 3);
	assert_int_equal(rx_run(fx, pkts, 3), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	rx_free(pkts, 1);
}

static void padded_small_segments_lose_their_padding(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1, 2};
	static const uint16_t lens[] = {2, 3, 1};
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	uint32_t seq = 1000;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		seg_spec(&f, i);
		f.ts = false;
		f.seq = seq;
		f.payload_len = lens[i];
		f.min_frame = 60;
		seq += lens[i];
		pkts[i] = rx_mbuf_frame(fx, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 1);
	assert_payload(pkts[0], ETH_LEN + 40, idx, lens, 3);
	assert_v4_checksums(pkts[0], ETH_LEN);
	rx_free(pkts, 1);
}

static void multi_segment_inputs(void **state)
{
	struct rx_fixture *fx = *state;
	static const unsigned int idx[] = {0, 1};
	static const uint16_t lens[] = {100, 100};
	uint8_t buf[TB_FRAME_MAX];
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	size_t len;

	/* payload split over two mbufs joins; headers split over two mbufs cannot */
	seg_spec(&f, 0);
	len = tb_build(buf, &f);
	pkts[0] = tb_mbuf_split(fx->mp, buf, len, V4_HDRS + 30);
	seg_spec(&f, 1);
	len = tb_build(buf, &f);
	pkts[1] = tb_mbuf_split(fx->mp, buf, len, V4_HDRS + 70);
	seg_spec(&f, 2);
	len = tb_build(buf, &f);
	pkts[2] = tb_mbuf_split(fx->mp, buf, len, 40);
	assert_non_null(pkts[0]);
	assert_non_null(pkts[1]);
	assert_non_null(pkts[2]);
	assert_int_equal(rx_run(fx, pkts, 3), 2);
	assert_int_equal(rx_rsc_count(pkts[0]), 2);
	assert_int_equal(pkts[0]->nb_segs, 4);
	assert_payload(pkts[0], V4_HDRS, idx, lens, 2);
	assert_v4_checksums(pkts[0], ETH_LEN);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_MBUF_LAYOUT], 1);
	assert_int_equal(pkts[1]->nb_segs, 2);
	rx_free(pkts, 2);
}

/* Several chained inputs (odd lengths, split at odd payload offsets) in a row:
 * each one is linked behind the previous one's last mbuf, in order. */
static void chained_inputs_in_a_row(void **state)
{
	struct rx_fixture *fx = *state;
	static const uint16_t lens[] = {301, 77, 500, 13, 1001};
	static const unsigned int idx[] = {0, 1, 2, 3, 4};
	const unsigned int n = RTE_DIM(lens);
	uint8_t buf[TB_FRAME_MAX];
	struct rte_mbuf *pkts[RTE_DIM(lens)];
	struct tb_frame f;
	uint32_t seq = 1000;
	unsigned int i;
	size_t len;

	for (i = 0; i < n; i++) {
		seg_spec(&f, i);
		f.seq = seq;
		f.payload_len = lens[i];
		seq += lens[i];
		len = tb_build(buf, &f);
		pkts[i] = tb_mbuf_split(fx->mp, buf, len, V4_HDRS + 1 + 2 * i);
		assert_non_null(pkts[i]);
	}
	assert_int_equal(rx_run(fx, pkts, (uint16_t)n), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), n);
	assert_int_equal(pkts[0]->nb_segs, 2 * n);
	assert_payload(pkts[0], V4_HDRS, idx, lens, n);
	assert_int_equal(tcp_at(pkts[0], ETH_LEN + 20)->cksum, flat_tcp_cksum(pkts[0], ETH_LEN, 4));
	rx_free(pkts, 1);
}

static void separate_out_array_and_small_capacity(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3], *out[1];
	struct tb_frame f;

	seg_spec(&f, 0);
	f.src_last = 1;
	pkts[0] = rx_mbuf_frame(fx, &f);
	f.src_last = 2;
	pkts[1] = rx_mbuf_frame(fx, &f);
	seg_spec(&f, 1);
	pkts[2] = rx_mbuf_frame(fx, &f);
	/* room for one: the second flow's frame has no slot and is dropped, counted */
	assert_int_equal(taskoff_rx_burst(fx->ctx, &fx->cfg, &fx->cnt, pkts, 3, out, 1), 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP], 2);
	assert_int_equal(rx_rsc_count(out[0]), 1);
	rx_free(out, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(in_order_run_merges_with_exact_headers),
	    T(odd_length_segments_ipv4),
	    T(odd_length_segments_ipv6),
	    T(chained_inputs_in_a_row),
	    T(exception_fin_flag),
	    T(exception_urg_flag),
	    T(exception_tcp_option_other_than_timestamp),
	    T(exception_timestamp_presence_changes),
	    T(exception_ip_options),
	    T(exception_fragment),
	    T(exception_bad_tcp_checksum),
	    T(exception_bad_ip_checksum),
	    T(exception_ecn_change_restarts),
	    T(exception_cwr_flag),
	    T(exception_ece_flag),
	    T(ece_cwr_segments_never_coalesce),
	    T(exception_dscp_change),
	    T(exception_df_change),
	    T(exception_out_of_order),
	    T(exception_pure_ack),
	    T(exception_dup_ack),
	    T(exception_window_update),
	    T(exception_tsval_regression),
	    T(exception_tsecr_regression),
	    T(exception_ack_regression),
	    T(exception_length_limit_restarts),
	    T(exception_mbuf_segment_limit),
	    T(pure_ack_without_scu_is_delivered),
	    T(flows_interleaved_keep_their_order),
	    T(refused_segment_never_overtakes_its_scu),
	    T(vlan_is_part_of_the_flow_key),
	    T(sequence_and_timestamp_wraparound),
	    T(flow_table_full_passes_new_flows_through),
	    T(ipv6_run_merges_and_flow_label_is_a_rule),
	    T(ipv6_extension_header_and_fragment_exceptions),
	    T(nvgre_flow_key_includes_vsid),
	    T(nvgre_ipv6_inner_coalesces_under_both_outer_versions),
	    T(nvgre_bad_outer_checksum_is_an_exception),
	    T(nvgre_not_coalesced_when_encap_disabled),
	    T(nvgre_not_coalesced_when_nvgre_type_off),
	    T(nvgre_outer_source_is_part_of_the_flow_key),
	    T(nvgre_outer_ce_restarts_and_is_kept),
	    T(nvgre_outer_dscp_df_change_is_an_exception),
	    T(nvgre_unverified_outer_ipv4_stops_coalescing),
	    T(nvgre_outer_address_rule_restarts),
	    T(rsc_disabled_per_ip_version),
	    T(lro_switch_off_coalesces_nothing),
	    T(padded_small_segments_lose_their_padding),
	    T(multi_segment_inputs),
	    T(separate_out_array_and_small_capacity),
	};
	unsigned int i;

	for (i = 0; i < MAX_SEGS; i++)
		tb_payload(payloads[i], sizeof(payloads[i]), i + 1);
	if (rx_fixture_global_init("test_rsc", 2048, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
