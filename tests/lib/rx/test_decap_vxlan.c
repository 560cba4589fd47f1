/* SPDX-License-Identifier: BSD-3-Clause */
/* VXLAN decap on receive (SPEC §2.6b): policy (all / per VNI), metadata, malformed frames. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"

#define VXLAN_V4_TCP4                                                                              \
	(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |      \
	 RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP)
#define VNI(n) ((n) | TASKOFF_DECAP_ID_VNI)

static uint8_t payload[1500];

/* A TCP/IPv4 inner frame (FIN so that RSC leaves it alone unless asked). */
static size_t inner_frame(uint8_t *buf, uint32_t seq, uint8_t flags)
{
	return tb_build_tcp4(buf, payload, 100, seq, flags);
}

static void assert_decapped(const struct rte_mbuf *m, const uint8_t *inner, size_t ilen,
			    uint32_t vni)
{
	rx_assert_decapped(m, inner, ilen, TASKOFF_ENCAP_VXLAN, vni, 0);
}

/* decap all: outer Ethernet + IPv4/IPv6 + UDP + VXLAN stripped (and trailing
 * padding after the outer datagram), VNI and type kept, outer UDP verdict kept. */
static void decap_all_strips_outer_headers(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	unsigned int round;
	size_t ilen, len;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	for (round = 0; round < 3; round++) {
		tb_vxlan_defaults(&v);
		v.outer_version = round == 1 ? 6 : 4;
		v.udp_zero_csum = round == 2;
		len = tb_build_vxlan(buf, &v, inner, ilen);
		memset(buf + len, 0, 10); /* trailing bytes after the outer datagram */
		m = rx_run_bytes(fx, buf, len + (round == 1 ? 10 : 0));
		assert_decapped(m, inner, ilen, 0xabcdef);
		assert_int_equal(m->ol_flags & RX_CSUM_FLAGS,
				 (round == 2 ? RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN
					     : RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD) |
				     RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 3);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], 0);
}

/* A list of VNIs and VSIDs: VNI 5 selects VXLAN 5 only, VSID 9 NVGRE 9 only. */
static void decap_list_selects_per_vni(void **state)
{
	struct rx_fixture *fx = *state;
	const uint32_t ids[] = {VNI(5), 9};
	uint8_t inner[TB_FRAME_MAX], buf[4][TB_FRAME_MAX];
	struct rte_mbuf *pkts[4];
	struct tb_vxlan v;
	struct tb_nvgre n;
	size_t ilen, len[4];
	unsigned int i;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, ids, 2), 0);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	tb_vxlan_defaults(&v);
	v.vni = 5;
	len[0] = tb_build_vxlan(buf[0], &v, inner, ilen);
	v.vni = 9;
	len[1] = tb_build_vxlan(buf[1], &v, inner, ilen);
	tb_nvgre_defaults(&n);
	n.vsid = 9;
	len[2] = tb_build_nvgre(buf[2], &n, inner, ilen);
	n.vsid = 5;
	len[3] = tb_build_nvgre(buf[3], &n, inner, ilen);
	for (i = 0; i < 4; i++)
		pkts[i] = rx_mbuf(fx, buf[i], len[i]);
	assert_int_equal(rx_run(fx, pkts, 4), 4);
	assert_decapped(pkts[0], inner, ilen, 5);
	rx_assert_untouched(pkts[1], buf[1], len[1]);
	assert_int_equal(pkts[1]->packet_type, VXLAN_V4_TCP4);
	assert_true(pkts[2]->ol_flags & taskoff_nvgre_decapped_flag());
	assert_int_equal(rx_tunnel_info(pkts[2])->type, TASKOFF_ENCAP_GRE_MAC);
	assert_int_equal(rx_tunnel_info(pkts[2])->id, 9);
	rx_assert_untouched(pkts[3], buf[3], len[3]);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 1);
	rx_free(pkts, 4);
}

static void set_decap_rejects_bad_vnis(void **state)
{
	struct rx_fixture *fx = *state;
	const uint32_t too_big = VNI(0x1000000), max = VNI(0xffffff);

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, &too_big, 1), -EINVAL);
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, &max, 1), 0);
}

/* Malformed VXLAN (flags, truncated) with decap on: untouched, counted once. */
static void malformed_vxlan_is_counted_and_untouched(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	unsigned int i;
	size_t len;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	for (i = 0; i < 2; i++) {
		tb_vxlan_defaults(&v);
		v.flags = i == 0 ? 0x0c : 0x08;
		v.udp_zero_csum = true;
		len = tb_build_vxlan(buf, &v, inner, inner_frame(inner, 1000, 0));
		if (i == 1) /* datagram ends 10 bytes into the inner Ethernet header */
			len = tb_cut_vxlan_udp(buf, 16 + 10);
		m = rx_run_bytes(fx, buf, len);
		rx_assert_untouched(m, buf, len);
		assert_int_equal(m->packet_type,
				 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], i + 1);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_MALFORMED], 0);
}

/* The outer headers must sit in the first mbuf to be stripped in one piece:
 * a frame split inside the VXLAN header is delivered whole and counted. */
static void outer_headers_across_segments_not_decapped(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_vxlan_defaults(&v);
	len = tb_build_vxlan(buf, &v, inner, inner_frame(inner, 1000, RTE_TCP_FIN_FLAG));
	m = rx_run_mbuf(fx, tb_mbuf_split(fx->mp, buf, len, 14 + 20 + 12));
	rx_assert_untouched(m, buf, len);
	assert_int_equal(m->packet_type, VXLAN_V4_TCP4);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 0);
	rte_pktmbuf_free(m);
}

/* Bad outer checksums: decapsulated all the same, verdicts in the flags and
 * counters, and the inner segments are not coalesced behind them. */
static void decap_keeps_bad_outer_verdicts_and_stops_rsc(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct rte_mbuf *pkts[2];
	struct tb_vxlan v;
	unsigned int i;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_vxlan_defaults(&v);
	v.bad_udp_csum = true;
	v.bad_outer_csum = true;
	for (i = 0; i < 2; i++)
		pkts[i] = rx_mbuf(
		    fx, buf, tb_build_vxlan(buf, &v, inner, inner_frame(inner, 1000 + 100 * i, 0)));
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	for (i = 0; i < 2; i++) {
		assert_true(pkts[i]->ol_flags & taskoff_nvgre_decapped_flag());
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(pkts[i]->ol_flags & RX_CSUM_FLAGS,
				 RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD |
				     RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD |
				     RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 2);
	rx_free(pkts, 2);
}

/* Decapsulated frames coalesce per VNI, and apart from NVGRE frames of the same id. */
static void decapped_frames_coalesce_per_vni_and_type(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX], got[TB_FRAME_MAX];
	struct rte_mbuf *pkts[6];
	struct rte_ipv4_hdr *ip;
	struct tb_vxlan v;
	struct tb_nvgre n;
	unsigned int i;
	size_t ilen;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_vxlan_defaults(&v);
	tb_nvgre_defaults(&n);
	n.vsid = 1;
	/* per round of three: VXLAN vni 1, VXLAN vni 2, NVGRE vsid 1; seq 1000 then 1100 */
	for (i = 0; i < 6; i++) {
		ilen = inner_frame(inner, 1000 + 100 * (i / 3), 0);
		v.vni = 1 + i % 3;
		pkts[i] = rx_mbuf(fx, buf,
				  i % 3 == 2 ? tb_build_nvgre(buf, &n, inner, ilen)
					     : tb_build_vxlan(buf, &v, inner, ilen));
	}
	assert_int_equal(rx_run(fx, pkts, 6), 3);
	for (i = 0; i < 3; i++) {
		assert_true(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(rx_tunnel_info(pkts[i])->id, i == 1 ? 2 : 1);
		assert_int_equal(rx_tunnel_info(pkts[i])->type,
				 i == 2 ? TASKOFF_ENCAP_GRE_MAC : TASKOFF_ENCAP_VXLAN);
		assert_int_equal(rte_pktmbuf_pkt_len(pkts[i]), 54 + 200);
		ip = rte_pktmbuf_mtod_offset(pkts[i], struct rte_ipv4_hdr *, 14);
		assert_int_equal(rte_be_to_cpu_16(ip->total_length), 40 + 200);
		assert_int_equal(rte_ipv4_cksum(ip), 0);
		assert_memory_equal(rte_pktmbuf_read(pkts[i], 54, 100, got), payload, 100);
		assert_memory_equal(rte_pktmbuf_read(pkts[i], 154, 100, got), payload, 100);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 4);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 3);
	rx_free(pkts, 3);
}

/* VXLAN off: decap all leaves UDP to 4789 alone (and counts nothing). */
static void no_decap_when_vxlan_disabled(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	fx->cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_vxlan_defaults(&v);
	len = tb_build_vxlan(buf, &v, inner, inner_frame(inner, 1000, RTE_TCP_FIN_FLAG));
	m = rx_run_bytes(fx, buf, len);
	rx_assert_untouched(m, buf, len);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], 0);
	rte_pktmbuf_free(m);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup_vxlan, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(decap_all_strips_outer_headers),
	    T(decap_list_selects_per_vni),
	    T(set_decap_rejects_bad_vnis),
	    T(malformed_vxlan_is_counted_and_untouched),
	    T(outer_headers_across_segments_not_decapped),
	    T(decap_keeps_bad_outer_verdicts_and_stops_rsc),
	    T(decapped_frames_coalesce_per_vni_and_type),
	    T(no_decap_when_vxlan_disabled),
	};

	tb_payload(payload, sizeof(payload), 5);
	if (rx_fixture_global_init("test_decap_vxlan", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
