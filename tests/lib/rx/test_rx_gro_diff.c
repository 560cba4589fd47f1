/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test against DPDK's rte_gro_reassemble_burst on streams where
 * both apply (TCP/IPv4, no options, valid checksums, in order): for every flow
 * the payload bytes delivered, and their order, are the same.
 * Documented differences (not compared): GRO never checks checksums and keeps
 * no NDIS exception rules; its packet boundaries and metadata differ from RSC's.
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

#define FLOWS 8
#define SEGS  24 /* per flow */
#define MSS   1448

static struct rte_mempool *pool;

/* Append every delivered packet's TCP payload to its flow's byte stream. */
static void collect(struct rte_mbuf **pkts, uint16_t n, uint8_t streams[FLOWS][SEGS * MSS],
		    uint32_t lens[FLOWS])
{
	uint8_t hdr[54];
	uint16_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *h = rte_pktmbuf_read(pkts[i], 0, 54, hdr);
		unsigned int flow = h[14 + 15] - 1; /* last byte of the source address */
		uint32_t len = pkts[i]->pkt_len - 54;

		assert_true(flow < FLOWS);
		const uint8_t *p;

		assert_true(lens[flow] + len <= SEGS * MSS);
		/* rte_pktmbuf_read copies into the buffer only when the bytes span segments */
		p = rte_pktmbuf_read(pkts[i], 54, len, streams[flow] + lens[flow]);
		assert_non_null(p);
		if (p != streams[flow] + lens[flow])
			memcpy(streams[flow] + lens[flow], p, len);
		lens[flow] += len;
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

/* FLOWS interleaved in-order flows, SEGS segments each, built identically twice. */
static uint16_t build_stream(struct rte_mbuf **pkts)
{
	static uint8_t payload[MSS];
	uint8_t buf[TB_FRAME_MAX];
	struct tb_frame f;
	uint16_t n = 0;
	unsigned int s, fl, b;

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
			pkts[n++] = tb_mbuf(pool, buf, tb_build(buf, &f));
		}
	}
	return n;
}

static void rsc_delivers_the_same_streams_as_rte_gro(void **state)
{
	static uint8_t gro_streams[FLOWS][SEGS * MSS], rsc_streams[FLOWS][SEGS * MSS];
	uint32_t gro_lens[FLOWS] = {0}, rsc_lens[FLOWS] = {0};
	struct rte_mbuf *pkts[FLOWS * SEGS];
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt = {0};
	struct taskoff_rx_ctx *ctx = taskoff_rx_ctx_create("gro_diff", SOCKET_ID_ANY, 256);
	struct rte_gro_param param = {
	    .gro_types = RTE_GRO_TCP_IPV4,
	    .max_flow_num = FLOWS,
	    .max_item_per_flow = SEGS,
	};
	unsigned int start = test_mempool_in_use(pool), fl;
	uint16_t n, out, i;

	assert_non_null(ctx);
	taskoff_offload_config_default(&cfg);
	/* rte_gro keeps only so many segments per flow per call: feed bursts of 32 to both */
	n = build_stream(pkts);
	for (i = 0; i < n; i += 32) {
		out = rte_gro_reassemble_burst(pkts + i, 32, &param);
		collect(pkts + i, out, gro_streams, gro_lens);
	}
	n = build_stream(pkts);
	for (i = 0; i < n; i += 32) {
		out = taskoff_rx_burst(ctx, &cfg, &cnt, pkts + i, 32, pkts + i, 32);
		collect(pkts + i, out, rsc_streams, rsc_lens);
	}
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
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
