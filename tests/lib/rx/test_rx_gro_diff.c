/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test against DPDK's rte_gro_reassemble_burst on streams where
 * both apply (TCP/IPv4, no options, valid checksums, in order; and the same
 * inside VXLAN over IPv4, RTE_GRO_IPV4_VXLAN_TCP_IPV4): for every flow the
 * payload bytes delivered, and their order, are the same.
 * Documented differences (not compared): GRO never checks checksums and keeps
 * no NDIS exception rules; its packet boundaries and metadata differ from RSC's;
 * for VXLAN it needs the packet type and header lengths set by the application
 * (done here by hand), fixes the outer lengths but leaves the outer IPv4 and
 * UDP checksums stale, where RSC recomputes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_gro.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "taskoff_rx.h"
#include "test_eal.h"

#define FLOWS	  8
#define SEGS	  24 /* per flow */
#define MSS	  1448
#define PLAIN_HDR 54u
#define VXLAN_HDR (14u + 20 + 8 + 8 + PLAIN_HDR) /* outer Ethernet + IPv4 + UDP + VXLAN */

static struct rte_mempool *pool;

/* Append every delivered packet's TCP payload (after @p hdr_len header bytes)
 * to its flow's byte stream. */
static void collect(struct rte_mbuf **pkts, uint16_t n, uint32_t hdr_len,
		    uint8_t streams[FLOWS][SEGS * MSS], uint32_t lens[FLOWS])
{
	uint8_t hdr[VXLAN_HDR];
	uint16_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *h = rte_pktmbuf_read(pkts[i], 0, hdr_len, hdr);
		/* last byte of the (inner) source address */
		unsigned int flow = h[hdr_len - PLAIN_HDR + 14 + 15] - 1;
		uint32_t len = pkts[i]->pkt_len - hdr_len;

		assert_true(flow < FLOWS);
		const uint8_t *p;

		assert_true(lens[flow] + len <= SEGS * MSS);
		/* rte_pktmbuf_read copies into the buffer only when the bytes span segments */
		p = rte_pktmbuf_read(pkts[i], hdr_len, len, streams[flow] + lens[flow]);
		assert_non_null(p);
		if (p != streams[flow] + lens[flow])
			memcpy(streams[flow] + lens[flow], p, len);
		lens[flow] += len;
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

/* FLOWS interleaved in-order flows, SEGS segments each, built identically twice;
 * with @p vxlan each inside VXLAN over IPv4 (its own VNI and outer UDP source
 * port, the outer IPv4 ID counting per flow as a sender's would). */
static uint16_t build_stream(struct rte_mbuf **pkts, bool vxlan)
{
	static uint8_t payload[MSS];
	uint8_t buf[TB_FRAME_MAX], inner[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_vxlan v;
	uint16_t n = 0;
	unsigned int s, fl, b;
	size_t len;

	for (s = 0; s < SEGS; s++) {
		for (fl = 0; fl < FLOWS; fl++) {
			for (b = 0; b < MSS; b++)
				payload[b] = (uint8_t)(s * 31 + fl * 7 + b);
			tb_tcp4_defaults(&f);
			f.src_last = (uint8_t)(fl + 1);
			f.sport = (uint16_t)(3000 + fl);
			f.seq = 1000 + s * MSS;
			f.ip_id = (uint16_t)s;
			f.payload = payload;
			f.payload_len = MSS;
			if (!vxlan) {
				pkts[n++] = tb_mbuf(pool, buf, tb_build(buf, &f));
				continue;
			}
			tb_vxlan_defaults(&v);
			v.vni = 100 + fl;
			v.sport = (uint16_t)(49152 + fl);
			v.outer_ip_id = (uint16_t)s;
			len = tb_build_vxlan(buf, &v, inner, tb_build(inner, &f));
			pkts[n++] = tb_mbuf(pool, buf, len);
		}
	}
	return n;
}

/* What an application tells rte_gro about a frame (it parses nothing itself):
 * packet type and header lengths. */
static void gro_describe(struct rte_mbuf **pkts, uint16_t n, bool vxlan)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		pkts[i]->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP;
		pkts[i]->l2_len = 14;
		if (vxlan) {
			pkts[i]->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 |
					       RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |
					       RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 |
					       RTE_PTYPE_INNER_L4_TCP;
			pkts[i]->outer_l2_len = 14;
			pkts[i]->outer_l3_len = 20;
			pkts[i]->l2_len = 8 + 8 + 14;
		}
		pkts[i]->l3_len = 20;
		pkts[i]->l4_len = 20;
	}
}

static void same_streams_as_rte_gro(bool vxlan)
{
	static uint8_t gro_streams[FLOWS][SEGS * MSS], rsc_streams[FLOWS][SEGS * MSS];
	uint32_t gro_lens[FLOWS] = {0}, rsc_lens[FLOWS] = {0};
	uint32_t hdr_len = vxlan ? VXLAN_HDR : PLAIN_HDR;
	struct rte_mbuf *pkts[FLOWS * SEGS];
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt = {0};
	struct taskoff_rx_ctx *ctx = taskoff_rx_ctx_create("gro_diff", SOCKET_ID_ANY, 256);
	struct rte_gro_param param = {
	    .gro_types = vxlan ? RTE_GRO_IPV4_VXLAN_TCP_IPV4 : RTE_GRO_TCP_IPV4,
	    .max_flow_num = FLOWS,
	    .max_item_per_flow = SEGS,
	};
	unsigned int start = test_mempool_in_use(pool), fl;
	uint16_t n, out, i, gro_out = 0;

	assert_non_null(ctx);
	taskoff_offload_config_default(&cfg);
	cfg.encap_enabled = true;
	cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	/* rte_gro keeps only so many segments per flow per call: feed bursts of 32 to both */
	n = build_stream(pkts, vxlan);
	for (i = 0; i < n; i += 32) {
		gro_describe(pkts + i, 32, vxlan);
		out = rte_gro_reassemble_burst(pkts + i, 32, &param);
		gro_out += out;
		collect(pkts + i, out, hdr_len, gro_streams, gro_lens);
	}
	n = build_stream(pkts, vxlan);
	for (i = 0; i < n; i += 32) {
		out = taskoff_rx_burst(ctx, &cfg, &cnt, pkts + i, 32, pkts + i, 32);
		collect(pkts + i, out, hdr_len, rsc_streams, rsc_lens);
	}
	assert_true(gro_out < n); /* rte_gro merged: the stream is one it handles */
	for (fl = 0; fl < FLOWS; fl++) {
		assert_int_equal(gro_lens[fl], SEGS * MSS);
		assert_int_equal(rsc_lens[fl], gro_lens[fl]);
		assert_memory_equal(rsc_streams[fl], gro_streams[fl], gro_lens[fl]);
	}
	assert_true(cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS] > 0);
	assert_int_equal(cnt.v[TASKOFF_CNT_RSC_COALESCED_OCTETS], (uint64_t)FLOWS * SEGS * MSS);
	taskoff_rx_ctx_free(ctx);
	assert_int_equal(test_mempool_in_use(pool), start);
}

static void rsc_delivers_the_same_streams_as_rte_gro(void **state)
{
	(void)state;
	same_streams_as_rte_gro(false);
}

/* The same inside VXLAN over IPv4: RTE_GRO_IPV4_VXLAN_TCP_IPV4 against RSC of the inner flows. */
static void rsc_over_vxlan_delivers_the_same_streams_as_rte_gro(void **state)
{
	(void)state;
	same_streams_as_rte_gro(true);
}

static int setup(void **state)
{
	if (test_eal_init("test_rx_gro_diff") != 0)
		return -1;
	pool = test_pktmbuf_pool("gro_diff_pool", 4095, 2048);
	return pool == NULL ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rsc_delivers_the_same_streams_as_rte_gro),
	    cmocka_unit_test(rsc_over_vxlan_delivers_the_same_streams_as_rte_gro),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
