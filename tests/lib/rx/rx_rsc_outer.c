/* SPDX-License-Identifier: BSD-3-Clause */
/* RSC rules on the outer header, for NVGRE and VXLAN alike; see rx_rsc_outer.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <rte_ip.h>

#include "rx_rsc_outer.h"

#define OUTER_L3 14 /* both tunnels here are untagged: the outer IPv4 header follows Ethernet */

static const struct rte_ipv4_hdr *outer_ipv4(const struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, OUTER_L3);
}

void rx_rsc_outer_ce_restarts(struct rx_fixture *fx, rx_outer_seg_fn seg,
			      rx_outer_scu_check_fn check)
{
	struct rx_outer_fields o = {0};
	struct rte_mbuf *pkts[4];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		o.ecn = i < 2 ? 2 : 3; /* ECT(0), ECT(0), CE, CE */
		pkts[i] = seg(fx, &o, i);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(rx_rsc_count(pkts[i]), 2);
		assert_int_equal(outer_ipv4(pkts[i])->type_of_service & 3, i == 0 ? 2 : 3);
		/* the rewritten outer header sums to 0xffff: its checksum is right */
		assert_int_equal(rte_ipv4_cksum(outer_ipv4(pkts[i])), 0);
		check(pkts[i], i);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_ECN_CHANGE], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 2);
	rx_free(pkts, 2);
}

void rx_rsc_outer_dscp_df_change(struct rx_fixture *fx, rx_outer_seg_fn seg)
{
	struct rte_mbuf *pkts[3];
	struct rx_outer_fields o;
	unsigned int i, round;

	for (round = 0; round < 2; round++) {
		rx_counters_reset(fx);
		o = (struct rx_outer_fields){0};
		for (i = 0; i < 3; i++) {
			if (i == 2 && round == 0)
				o.dscp = 10;
			if (i == 2 && round == 1)
				o.df = true;
			pkts[i] = seg(fx, &o, i);
		}
		assert_int_equal(rx_run(fx, pkts, 3), 2);
		assert_int_equal(rx_rsc_count(pkts[0]), 2);
		assert_false(pkts[1]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_IP_FIELD_CHANGE], 1);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 1);
		rx_free(pkts, 2);
	}
}

void rx_rsc_unverified_outer(struct rx_fixture *fx, rx_outer_seg_fn seg,
			     rx_outer_burst_check_fn check)
{
	struct rx_outer_fields o = {0};
	struct rte_mbuf *pkts[3];
	unsigned int i;

	for (i = 0; i < 3; i++)
		pkts[i] = seg(fx, &o, i);
	assert_int_equal(rx_run(fx, pkts, 3), 3);
	for (i = 0; i < 3; i++) {
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(pkts[i]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
				 RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 3);
	check(fx, pkts, 3);
	rx_free(pkts, 3);

	rx_counters_reset(fx);
	o.no_outer_csum = true;
	for (i = 0; i < 3; i++)
		pkts[i] = seg(fx, &o, i);
	assert_int_equal(rx_run(fx, pkts, 3), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 0);
	rx_free(pkts, 1);
}
