/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSC hold mode (taskoff_rx_set_rsc_hold): an SCU stays open across bursts
 * until its hold time runs out, a rule ends it, the configuration changes or
 * the queue is flushed, and it never lets a later segment of its flow pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"
#include "taskoff_rsc.h"

#define ETH_LEN	    14
#define SEG_PAYLOAD 100
#define HOLD_LONG   (10u * 1000 * 1000) /* 10 s: never runs out during a test */

static uint8_t payload[SEG_PAYLOAD];

/* Segment @p i of flow "src .@p src": 100 bytes at seq 1000 + 100 i, ACK only. */
static struct rte_mbuf *hold_seg(struct rx_fixture *fx, uint8_t src, unsigned int i, uint8_t flags)
{
	uint8_t buf[TB_FRAME_MAX];
	struct tb_frame f;

	tb_tcp4_defaults(&f);
	f.src_last = src;
	f.seq = 1000 + SEG_PAYLOAD * i;
	f.ip_id = (uint16_t)(100 + i);
	f.tcp_flags |= flags;
	f.payload = payload;
	f.payload_len = SEG_PAYLOAD;
	return rx_mbuf(fx, buf, tb_build(buf, &f));
}

static uint16_t coalesced(const struct rte_mbuf *m)
{
	if (!(m->ol_flags & RTE_MBUF_F_RX_LRO))
		return 1;
	return RTE_MBUF_DYNFIELD(m, taskoff_rsc_info_offset(), const struct taskoff_rsc_info *)
	    ->coalesced_seg_count;
}

static uint8_t src_of(const struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, const uint8_t *, ETH_LEN + 15)[0];
}

static uint32_t seq_of(const struct rte_mbuf *m)
{
	const struct rte_tcp_hdr *tcp =
	    rte_pktmbuf_mtod_offset(m, const struct rte_tcp_hdr *, ETH_LEN + 20);

	return rte_be_to_cpu_32(tcp->sent_seq);
}

/* The coalesced packet's IPv4 length and both checksums are right. */
static void assert_scu(struct rte_mbuf *m, uint8_t src, uint16_t segs)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, ETH_LEN);

	assert_int_equal(src_of(m), src);
	assert_int_equal(coalesced(m), segs);
	assert_int_equal(seq_of(m), 1000);
	assert_int_equal(rte_be_to_cpu_16(ip->total_length), 40 + segs * SEG_PAYLOAD);
	assert_int_equal(rte_pktmbuf_pkt_len(m), ETH_LEN + 40 + segs * SEG_PAYLOAD);
	assert_int_equal(rte_ipv4_cksum(ip), 0);
	assert_int_equal(rte_ipv4_udptcp_cksum_mbuf_verify(m, ip, ETH_LEN + 20), 0);
}

/* One burst of @p n frames into a separate output array (hold mode needs one). */
static uint16_t burst(struct rx_fixture *fx, struct rte_mbuf **in, uint16_t n,
		      struct rte_mbuf **out, uint16_t cap)
{
	return taskoff_rx_burst(fx->ctx, &fx->cfg, &fx->cnt, in, n, out, cap);
}

/* Hold time @p hold_us, then segments 0 and 1 of flow .1 in one burst: one SCU, held. */
static void hold_first_two_segments(struct rx_fixture *fx, uint32_t hold_us)
{
	struct rte_mbuf *in[2], *out[4];

	taskoff_rx_set_rsc_hold(fx->ctx, hold_us);
	in[0] = hold_seg(fx, 1, 0, 0);
	in[1] = hold_seg(fx, 1, 1, 0);
	assert_int_equal(burst(fx, in, 2, out, 4), 0);
	assert_int_equal(taskoff_rx_held(fx->ctx), 1);
}

static void scu_spans_bursts_until_flushed(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *in[4], *out[8];
	unsigned int b;

	taskoff_rx_set_rsc_hold(fx->ctx, HOLD_LONG);
	for (b = 0; b < 3; b++) {
		in[0] = hold_seg(fx, 1, 2 * b, 0);
		in[1] = hold_seg(fx, 1, 2 * b + 1, 0);
		assert_int_equal(burst(fx, in, 2, out, 8), 0);
		assert_int_equal(taskoff_rx_held(fx->ctx), 1);
	}
	assert_int_equal(taskoff_rx_flush(fx->ctx, &fx->cnt, out, 8), 1);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	assert_scu(out[0], 1, 6);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 5);
	rx_free(out, 1);
}

static void hold_time_runs_out_on_an_empty_burst(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *out[4];

	hold_first_two_segments(fx, 200);
	rte_delay_us_block(400);
	/* nothing received, but the poll delivers the SCU whose time is up */
	assert_int_equal(burst(fx, NULL, 0, out, 4), 1);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	assert_scu(out[0], 1, 2);
	rx_free(out, 1);
}

static void exception_delivers_carried_scu_first(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *in[3], *out[6];

	taskoff_rx_set_rsc_hold(fx->ctx, HOLD_LONG);
	in[0] = hold_seg(fx, 1, 0, 0);
	in[1] = hold_seg(fx, 2, 0, 0);
	in[2] = hold_seg(fx, 1, 1, 0);
	assert_int_equal(burst(fx, in, 3, out, 6), 0);
	assert_int_equal(taskoff_rx_held(fx->ctx), 2);
	/* next burst: B's FIN ends B's SCU (carried over), then A continues */
	in[0] = hold_seg(fx, 2, 1, RTE_TCP_FIN_FLAG);
	in[1] = hold_seg(fx, 1, 2, 0);
	assert_int_equal(burst(fx, in, 2, out, 6), 2);
	assert_scu(out[0], 2, 1);
	assert_false(out[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(src_of(out[1]), 2);
	assert_int_equal(seq_of(out[1]), 1100);
	assert_true(rte_pktmbuf_mtod_offset(out[1], struct rte_tcp_hdr *, ETH_LEN + 20)->tcp_flags &
		    RTE_TCP_FIN_FLAG);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_FLAGS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 1);
	assert_int_equal(taskoff_rx_held(fx->ctx), 1);
	rx_free(out, 2);
	assert_int_equal(taskoff_rx_flush(fx->ctx, &fx->cnt, out, 6), 1);
	assert_scu(out[0], 1, 3);
	rx_free(out, 1);
}

static void config_change_flushes_held_scus_before_the_burst(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *in[1], *out[4];

	hold_first_two_segments(fx, HOLD_LONG);
	/* RSC off: the next segment is delivered as it is, after the held SCU */
	fx->cfg.rsc_ipv4 = false;
	in[0] = hold_seg(fx, 1, 2, 0);
	assert_int_equal(burst(fx, in, 1, out, 4), 2);
	assert_scu(out[0], 1, 2);
	assert_int_equal(seq_of(out[1]), 1200);
	assert_false(out[1]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	rx_free(out, 2);
}

static void many_flows_held_each_one_scu(void **state)
{
	struct rx_fixture *fx = *state;
	enum { FLOWS = 40, PER_FLOW = 4 };
	struct rte_mbuf *in[FLOWS], *out[FLOWS];
	bool seen[FLOWS] = {false};
	unsigned int k, f, n;

	taskoff_rx_set_rsc_hold(fx->ctx, HOLD_LONG);
	/* round-robin: each burst carries one segment of every flow */
	for (k = 0; k < PER_FLOW; k++) {
		for (f = 0; f < FLOWS; f++)
			in[f] = hold_seg(fx, (uint8_t)(f + 1), k, 0);
		assert_int_equal(burst(fx, in, FLOWS, out, FLOWS), 0);
		assert_int_equal(taskoff_rx_held(fx->ctx), FLOWS);
	}
	/* a flush with room for 10 delivers 10 and keeps the others held */
	assert_int_equal(taskoff_rx_flush(fx->ctx, &fx->cnt, out, 10), 10);
	assert_int_equal(taskoff_rx_held(fx->ctx), FLOWS - 10);
	n = 10 + taskoff_rx_flush(fx->ctx, &fx->cnt, out + 10, FLOWS - 10);
	assert_int_equal(n, FLOWS);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	for (k = 0; k < n; k++) {
		f = src_of(out[k]) - 1u;
		assert_true(f < FLOWS && !seen[f]);
		seen[f] = true;
		assert_scu(out[k], (uint8_t)(f + 1), PER_FLOW);
	}
	rx_free(out, (uint16_t)n);
}

static void freeing_the_context_frees_held_scus(void **state)
{
	hold_first_two_segments(*state, HOLD_LONG);
	/* the teardown frees the context and checks the pool is back to its start level */
}

static void without_hold_nothing_is_carried(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *in[2];

	in[0] = hold_seg(fx, 1, 0, 0);
	in[1] = hold_seg(fx, 1, 1, 0);
	assert_int_equal(rx_run(fx, in, 2), 1);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	assert_scu(in[0], 1, 2);
	rx_free(in, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(scu_spans_bursts_until_flushed),
	    T(hold_time_runs_out_on_an_empty_burst),
	    T(exception_delivers_carried_scu_first),
	    T(config_change_flushes_held_scus_before_the_burst),
	    T(many_flows_held_each_one_scu),
	    T(freeing_the_context_frees_held_scus),
	    T(without_hold_nothing_is_carried),
	};

	tb_payload(payload, sizeof(payload), 7);
	if (rx_fixture_global_init("test_rsc_hold", 2048, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
