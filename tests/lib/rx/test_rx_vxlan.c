/* SPDX-License-Identifier: BSD-3-Clause */
/* VXLAN on receive (SPEC §2.6b): parsing, packet types, outer UDP and inner checksums. */
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

#define GOOD_INNER (RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD)
#define VXLAN_V4_TCP4                                                                              \
	(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |      \
	 RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP)
#define PLAIN_UDP4 (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP)

static uint8_t payload[1500];

/* Inner TCP/IPv4 frame (FIN: RSC leaves it alone) with @p len payload bytes. */
static size_t inner_tcp(uint8_t *buf, uint16_t len)
{
	return tb_build_tcp4(buf, payload, len, 1000, RTE_TCP_FIN_FLAG);
}

/* Run one VXLAN frame around @p inner; @p frame gets the bytes sent. */
static struct rte_mbuf *run_vxlan(struct rx_fixture *fx, const struct tb_vxlan *v,
				  const uint8_t *inner, size_t ilen, uint8_t *frame, size_t *len)
{
	*len = tb_build_vxlan(frame, v, inner, ilen);
	return rx_run_bytes(fx, frame, *len);
}

/* run_vxlan around an inner TCP/IPv4 segment of 100 payload bytes. */
static struct rte_mbuf *run_vxlan_tcp(struct rx_fixture *fx, const struct tb_vxlan *v,
				      uint8_t *frame, size_t *len)
{
	uint8_t inner[TB_FRAME_MAX];

	return run_vxlan(fx, v, inner, inner_tcp(inner, 100), frame, len);
}

static void ipv4_outer_good_flags_ptypes_lengths(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_vxlan_defaults(&v);
	m = rx_expect_csum(run_vxlan_tcp(fx, &v, frame, &len),
			   RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD | GOOD_INNER);
	assert_int_equal(m->packet_type, VXLAN_V4_TCP4);
	assert_int_equal(m->outer_l2_len, 14);
	assert_int_equal(m->outer_l3_len, 20);
	assert_int_equal(m->l2_len, 8 + 8 + 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(m->l4_len, 20);
	rx_assert_bytes(m, frame, len);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], 0);
	rte_pktmbuf_free(m);
}

static void ipv4_outer_udp_bad_is_flagged_and_counted(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_vxlan_defaults(&v);
	v.bad_udp_csum = true;
	m = rx_expect_csum(run_vxlan_tcp(fx, &v, frame, &len),
			   RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD | GOOD_INNER);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 0);
	rx_assert_bytes(m, frame, len);
	rte_pktmbuf_free(m);
}

/* UDP checksum 0 over IPv4: sent without one, nothing verified: UNKNOWN, not counted. */
static void ipv4_outer_udp_zero_is_unknown(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_vxlan_defaults(&v);
	v.udp_zero_csum = true;
	m = rx_expect_csum(run_vxlan_tcp(fx, &v, frame, &len),
			   RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN | GOOD_INNER);
	assert_int_equal(m->packet_type, VXLAN_V4_TCP4);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

/* IPv6 outer: good, bad, and 0 (illegal over IPv6: BAD). */
static void ipv6_outer_udp_good_bad_zero(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	unsigned int round;
	size_t len;

	for (round = 0; round < 3; round++) {
		tb_vxlan_defaults(&v);
		v.outer_version = 6;
		v.bad_udp_csum = round == 1;
		v.udp_zero_csum = round == 2;
		m = rx_expect_csum(run_vxlan_tcp(fx, &v, frame, &len),
				   (round == 0 ? RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD
					       : RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD) |
				       GOOD_INNER);
		assert_int_equal(m->packet_type,
				 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_UDP |
				     RTE_PTYPE_TUNNEL_VXLAN | RTE_PTYPE_INNER_L2_ETHER |
				     RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP);
		assert_int_equal(m->outer_l3_len, 40);
		assert_int_equal(m->l2_len, 8 + 8 + 14);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 2);
}

/* Inner verdicts in the plain flags (DPDK tunnel convention), counted as inner;
 * outer IPv4 in OUTER_IP_CKSUM_BAD. */
static void inner_and_outer_ip_bad(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_tcp4_defaults(&f);
	f.tcp_flags |= RTE_TCP_FIN_FLAG;
	f.payload = payload;
	f.payload_len = 33;
	f.bad_ip_csum = true;
	f.bad_l4_csum = true;
	tb_vxlan_defaults(&v);
	v.bad_outer_csum = true;
	m = rx_expect_csum(run_vxlan(fx, &v, inner, tb_build(inner, &f), frame, &len),
			   RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD | RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD |
			       RTE_MBUF_F_RX_IP_CKSUM_BAD | RTE_MBUF_F_RX_L4_CKSUM_BAD);
	rx_assert_tunnel_bad_counted_once(fx);
	rte_pktmbuf_free(m);
}

/* Outer VLAN, inner VLAN + IPv6 + UDP: lengths and inner types. */
static void vlans_and_inner_ipv6_udp(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_tcp4_defaults(&f);
	f.ip_version = 6;
	f.proto = IPPROTO_UDP;
	f.vlan = true;
	f.vlan_tci = 7;
	f.payload = payload;
	f.payload_len = 77;
	tb_vxlan_defaults(&v);
	v.outer_vlan = true;
	v.outer_vlan_tci = 12;
	m = rx_expect_csum(run_vxlan(fx, &v, inner, tb_build(inner, &f), frame, &len),
			   RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER_VLAN | RTE_PTYPE_L3_IPV4 |
					     RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |
					     RTE_PTYPE_INNER_L2_ETHER_VLAN |
					     RTE_PTYPE_INNER_L3_IPV6 | RTE_PTYPE_INNER_L4_UDP);
	assert_int_equal(m->outer_l2_len, 18);
	assert_int_equal(m->l2_len, 8 + 8 + 18);
	assert_int_equal(m->l3_len, 40);
	assert_int_equal(m->l4_len, 8);
	rte_pktmbuf_free(m);
}

/* The outer UDP sum reuses the inner payload's: odd payload lengths, inner
 * padding inside the datagram (summed apart, at an odd offset), chains split
 * at odd offsets; bad ones still BAD. */
static void outer_udp_sum_with_padding_and_chains(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_vxlan v;
	struct rte_mbuf *m;
	unsigned int round, split;
	size_t len;

	for (round = 0; round < 8; round++) {
		tb_tcp4_defaults(&f);
		f.tcp_flags |= RTE_TCP_FIN_FLAG;
		f.payload = payload;
		f.payload_len = (uint16_t)(round < 4 ? 3 : 1001);
		f.min_frame = round & 1 ? 61 : 0; /* 4 padding bytes at an odd offset */
		tb_vxlan_defaults(&v);
		v.outer_version = round & 2 ? 6 : 4;
		v.bad_udp_csum = round == 5;
		len = tb_build_vxlan(frame, &v, inner, tb_build(inner, &f));
		for (split = 0; split < 3; split++) {
			m = rx_run_mbuf(fx, split == 0 ? tb_mbuf(fx->mp, frame, len)
						       : tb_mbuf_split(fx->mp, frame, len,
								       len - 2 * split - 1));
			assert_int_equal(m->ol_flags & RX_CSUM_FLAGS,
					 (round == 5 ? RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD
						     : RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD) |
					     GOOD_INNER);
			rx_assert_bytes(m, frame, len);
			rte_pktmbuf_free(m);
		}
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 3);
}

/* UDP to another port is plain UDP: its checksum in the plain flags. */
static void other_udp_port_is_plain_udp(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len;

	tb_vxlan_defaults(&v);
	v.dport = 4790;
	v.bad_udp_csum = true;
	m = run_vxlan_tcp(fx, &v, frame, &len);
	assert_int_equal(m->packet_type, PLAIN_UDP4);
	assert_int_equal(m->ol_flags & RX_CSUM_FLAGS,
			 RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(m->outer_l2_len, 0);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(m->l4_len, 8);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD], 0);
	rx_assert_bytes(m, frame, len);
	rte_pktmbuf_free(m);
}

/* VXLAN offload off (type bit clear, or the encapsulation switch off): UDP to
 * 4789 is plain UDP, nothing counted as VXLAN. */
static void vxlan_disabled_is_plain_udp(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	unsigned int round;
	size_t len;

	for (round = 0; round < 2; round++) {
		fx->cfg.encap_enabled = round == 0;
		fx->cfg.encap_types = round == 0 ? TASKOFF_ENCAP_GRE_MAC
						 : TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN;
		tb_vxlan_defaults(&v);
		v.flags = round == 0 ? 0x08 : 0x0c;
		m = run_vxlan_tcp(fx, &v, frame, &len);
		assert_int_equal(m->packet_type, PLAIN_UDP4);
		assert_int_equal(m->ol_flags & RX_CSUM_FLAGS,
				 RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		assert_int_equal(m->l2_len, 14);
		rx_assert_bytes(m, frame, len);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], 0);
}

/* Only the configured port is VXLAN: after a port change, 4789 is plain UDP. */
static void configured_port_decides(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len, ilen = inner_tcp(inner, 100);

	fx->cfg.vxlan_port = 8472;
	tb_vxlan_defaults(&v);
	v.dport = 8472;
	m = run_vxlan(fx, &v, inner, ilen, frame, &len);
	assert_int_equal(m->packet_type, VXLAN_V4_TCP4);
	rte_pktmbuf_free(m);
	v.dport = 4789;
	m = run_vxlan(fx, &v, inner, ilen, frame, &len);
	assert_int_equal(m->packet_type, PLAIN_UDP4);
	rte_pktmbuf_free(m);
}

/* Flags other than I (and I clear), or a datagram too short for VXLAN + the
 * inner Ethernet header: malformed VXLAN, delivered untouched as plain UDP,
 * counted once each (decap off). */
static void malformed_vxlan_counted_and_untouched(void **state)
{
	struct rx_fixture *fx = *state;
	static const uint8_t flags[] = {0x0c, 0x00, 0x88, 0x09};
	uint8_t inner[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	struct tb_vxlan v;
	struct rte_mbuf *m;
	size_t len, ilen = inner_tcp(inner, 100);
	unsigned int i, n = RTE_DIM(flags) + 2;

	for (i = 0; i < n; i++) {
		tb_vxlan_defaults(&v);
		if (i < RTE_DIM(flags))
			v.flags = flags[i];
		len = tb_build_vxlan(frame, &v, inner, ilen);
		if (i == RTE_DIM(flags))
			len = tb_cut_vxlan_udp(frame, 8 + 7); /* VXLAN header cut */
		else if (i == RTE_DIM(flags) + 1)
			len = tb_cut_vxlan_udp(frame, 16 + 13); /* inner Ethernet cut */
		m = rx_run_bytes(fx, frame, len);
		rx_assert_bytes(m, frame, len);
		assert_int_equal(m->packet_type, PLAIN_UDP4);
		assert_int_equal(m->l2_len, 14);
		assert_int_equal(m->outer_l2_len, 0);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK, 0);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
				 RTE_MBUF_F_RX_IP_CKSUM_GOOD);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_MALFORMED], i + 1);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_VXLAN_DECAP], 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup_vxlan, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(ipv4_outer_good_flags_ptypes_lengths),
	    T(ipv4_outer_udp_bad_is_flagged_and_counted),
	    T(ipv4_outer_udp_zero_is_unknown),
	    T(ipv6_outer_udp_good_bad_zero),
	    T(inner_and_outer_ip_bad),
	    T(vlans_and_inner_ipv6_udp),
	    T(outer_udp_sum_with_padding_and_chains),
	    T(other_udp_port_is_plain_udp),
	    T(vxlan_disabled_is_plain_udp),
	    T(configured_port_decides),
	    T(malformed_vxlan_counted_and_untouched),
	};

	tb_payload(payload, sizeof(payload), 9);
	if (rx_fixture_global_init("test_rx_vxlan", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
