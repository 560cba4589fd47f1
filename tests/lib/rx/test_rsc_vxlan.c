/* SPDX-License-Identifier: BSD-3-Clause */
/* RSC of inner TCP flows over VXLAN (SPEC §2.5, §2.6b): flow key, outer rules, SCU headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "rx_pkt_builder.h"
#include "rx_rsc_outer.h"
#include "rx_test_util.h"
#include "taskoff_rsc.h"

#define MAX_SEGS 8
#define ETH_LEN	 14
#define TCP_HDRS (20 + 20 + 12) /* inner IPv4 + TCP with timestamps */

static uint8_t payloads[MAX_SEGS][1500];
static uint8_t flat[70000];

/* Inner segment @p i of flow 1000→2000 (IPv4 or IPv6): 100 bytes, seq 1000 + 100 i. */
static void seg_spec(struct tb_frame *f, unsigned int i, int version)
{
	tb_rsc_seg(f, i, payloads[i]);
	f->ip_version = version;
}

static struct rte_mbuf *vxlan_seg(struct rx_fixture *fx, const struct tb_vxlan *v, unsigned int i,
				  int inner_version)
{
	struct tb_frame f;

	seg_spec(&f, i, inner_version);
	return rx_mbuf_vxlan(fx, v, &f);
}

/* A flat copy of @p m (whole packet). */
static uint8_t *flatten(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), flat);

	assert_non_null(p);
	if (p != flat)
		memcpy(flat, p, rte_pktmbuf_pkt_len(m));
	return flat;
}

/* Outer UDP length @p udp_len, and an outer UDP checksum that DPDK computes to the
 * same value (or 0 when @p zero). */
static void assert_outer_udp(const uint8_t *b, int outer_version, uint32_t udp_len, bool zero)
{
	uint32_t ip_len = outer_version == 4 ? 20 : 40;
	struct rte_udp_hdr udp, *u = (struct rte_udp_hdr *)(uintptr_t)(b + ETH_LEN + ip_len);
	uint16_t want;

	memcpy(&udp, u, sizeof(udp));
	assert_int_equal(rte_be_to_cpu_16(udp.dgram_len), udp_len);
	if (zero) {
		assert_int_equal(udp.dgram_cksum, 0);
		return;
	}
	u->dgram_cksum = 0;
	want = outer_version == 4
		   ? rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)(b + ETH_LEN), u)
		   : rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)(b + ETH_LEN), u);
	u->dgram_cksum = udp.dgram_cksum;
	assert_int_equal(udp.dgram_cksum, want);
}

/* Inner IPv4 header and TCP checksums at @p l3 of flat frame @p b. */
static void assert_inner_v4(uint8_t *b, uint32_t l3, uint32_t ip_len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(b + l3);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(b + l3 + 20);
	uint16_t stored = tcp->cksum;

	assert_int_equal(rte_be_to_cpu_16(ip->total_length), ip_len);
	assert_int_equal(rte_ipv4_cksum(ip), 0);
	tcp->cksum = 0;
	assert_int_equal(rte_ipv4_udptcp_cksum(ip, tcp), stored);
	tcp->cksum = stored;
}

/* The SCU's payload is segments @p first.. @p first + n - 1 one after the other. */
static void assert_payload(const uint8_t *b, uint32_t len, uint32_t hdr_len, unsigned int first,
			   unsigned int n)
{
	unsigned int i;

	assert_int_equal(len, hdr_len + 100 * n);
	for (i = 0; i < n; i++)
		assert_memory_equal(b + hdr_len + 100 * i, payloads[first + i], 100);
}

/* Outer IPv4 and IPv6, outer UDP checksum computed or 0: one SCU, every header
 * exact (outer length, outer IPv4 checksum, UDP length and checksum, inner
 * lengths and checksums), VNI and outer UDP source port kept. */
static void run_merges_with_exact_outer_headers(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[4];
	struct tb_vxlan v;
	unsigned int round, i;
	uint32_t outer_ip, l3, udp_len;
	uint8_t *b;

	for (round = 0; round < 3; round++) {
		rx_counters_reset(fx);
		tb_vxlan_defaults(&v);
		v.outer_version = round == 1 ? 6 : 4;
		v.udp_zero_csum = round == 2;
		outer_ip = v.outer_version == 4 ? 20 : 40;
		l3 = ETH_LEN + outer_ip + 16 + ETH_LEN;
		for (i = 0; i < 4; i++) {
			v.outer_ip_id = (uint16_t)(7 + i);
			pkts[i] = vxlan_seg(fx, &v, i, 4);
		}
		assert_int_equal(rx_run(fx, pkts, 4), 1);
		assert_int_equal(rx_rsc_count(pkts[0]), 4);
		assert_int_equal(pkts[0]->tso_segsz, 100);
		b = flatten(pkts[0]);
		udp_len = 16 + ETH_LEN + TCP_HDRS + 400;
		if (v.outer_version == 4) {
			const struct rte_ipv4_hdr *ip = (const void *)(b + ETH_LEN);

			assert_int_equal(rte_be_to_cpu_16(ip->total_length), 20 + udp_len);
			assert_int_equal(rte_be_to_cpu_16(ip->packet_id), 7);
			assert_int_equal(rte_ipv4_cksum(ip), 0);
		} else {
			const struct rte_ipv6_hdr *ip = (const void *)(b + ETH_LEN);

			assert_int_equal(rte_be_to_cpu_16(ip->payload_len), udp_len);
		}
		assert_outer_udp(b, v.outer_version, udp_len, v.udp_zero_csum);
		assert_int_equal(b[ETH_LEN + outer_ip] << 8 | b[ETH_LEN + outer_ip + 1], 49152);
		assert_int_equal(b[ETH_LEN + outer_ip + 8], 0x08);
		assert_int_equal(b[ETH_LEN + outer_ip + 12] << 16 |
				     b[ETH_LEN + outer_ip + 13] << 8 | b[ETH_LEN + outer_ip + 14],
				 0xabcdef);
		assert_inner_v4(b, l3, TCP_HDRS + 400);
		assert_payload(b, pkts[0]->pkt_len, l3 + TCP_HDRS, 0, 4);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 3);
		rx_free(pkts, 1);
	}
}

/* IPv6 inner TCP over IPv4 outer, segments split over two mbufs at odd payload
 * offsets: the outer UDP checksum is still exact. */
static void ipv6_inner_chained_segments(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct rte_mbuf *pkts[3];
	struct tb_frame f;
	struct tb_vxlan v;
	uint32_t hdrs = ETH_LEN + 20 + 16 + ETH_LEN + 40 + 32, seq = 1000;
	unsigned int i;
	size_t len;
	uint8_t *b;

	tb_vxlan_defaults(&v);
	for (i = 0; i < 3; i++) {
		seg_spec(&f, i, 6);
		f.seq = seq;
		f.payload_len = (uint16_t)(99 + i); /* odd, even, odd */
		seq += f.payload_len;
		len = tb_build_vxlan(buf, &v, inner, tb_build(inner, &f));
		pkts[i] = tb_mbuf_split(fx->mp, buf, len, hdrs + 1 + 2 * i);
		assert_non_null(pkts[i]);
	}
	assert_int_equal(rx_run(fx, pkts, 3), 1);
	assert_int_equal(rx_rsc_count(pkts[0]), 3);
	assert_int_equal(pkts[0]->nb_segs, 6);
	b = flatten(pkts[0]);
	assert_int_equal(pkts[0]->pkt_len, hdrs + 300);
	assert_outer_udp(b, 4, 16 + ETH_LEN + 40 + 32 + 300, false);
	for (i = 0; i < 3; i++)
		assert_memory_equal(b + hdrs + 99 * i + (i == 2 ? 1 : 0), payloads[i], 99 + i);
	rx_free(pkts, 1);
}

/* The VNI is in the flow key: two VNIs interleaved are two SCUs. */
static void vni_is_part_of_the_flow_key(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[4];
	struct tb_vxlan v;
	unsigned int i;
	uint8_t *b;

	tb_vxlan_defaults(&v);
	for (i = 0; i < 4; i++) { /* vni 1 seg 0, vni 2 seg 0, vni 1 seg 1, vni 2 seg 1 */
		v.vni = 1 + i % 2;
		pkts[i] = vxlan_seg(fx, &v, i / 2, 4);
	}
	assert_int_equal(rx_run(fx, pkts, 4), 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(rx_rsc_count(pkts[i]), 2);
		b = flatten(pkts[i]);
		assert_int_equal(b[ETH_LEN + 20 + 14], 1 + i); /* low byte of the VNI */
		assert_outer_udp(b, 4, 16 + ETH_LEN + TCP_HDRS + 200, false);
		assert_payload(b, pkts[i]->pkt_len, ETH_LEN + 20 + 16 + ETH_LEN + TCP_HDRS, 0, 2);
	}
	rx_free(pkts, 2);
}

/* One inner flow from two outer sources, or two outer UDP source ports: two flows. */
static void outer_source_and_udp_port_are_part_of_the_flow(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	struct tb_vxlan v;
	unsigned int round;

	for (round = 0; round < 2; round++) {
		rx_counters_reset(fx);
		tb_vxlan_defaults(&v);
		pkts[0] = vxlan_seg(fx, &v, 0, 4);
		if (round == 0)
			v.outer_src_last = 9;
		else
			v.sport = 50000;
		pkts[1] = vxlan_seg(fx, &v, 1, 4); /* next in sequence, other outer */
		tb_vxlan_defaults(&v);
		pkts[2] = vxlan_seg(fx, &v, 1, 4);
		assert_int_equal(rx_run(fx, pkts, 3), 2);
		assert_int_equal(rx_rsc_count(pkts[0]), 2);
		assert_payload(flatten(pkts[0]), pkts[0]->pkt_len,
			       ETH_LEN + 20 + 16 + ETH_LEN + TCP_HDRS, 0, 2);
		assert_false(pkts[1]->ol_flags & RTE_MBUF_F_RX_LRO);
		if (round == 0)
			assert_int_equal(flatten(pkts[1])[ETH_LEN + 15], 9);
		else
			assert_int_equal(rte_be_to_cpu_16(*rte_pktmbuf_mtod_offset(
					     pkts[1], uint16_t *, ETH_LEN + 20)),
					 50000);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 1);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_ABORTS], 0);
		rx_free(pkts, 2);
	}
}

/* The same inner flow and id under NVGRE and VXLAN are two flows (tunnel kind in the key). */
static void tunnel_kind_is_part_of_the_flow(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[2];
	struct tb_frame f;
	struct tb_nvgre n;
	struct tb_vxlan v;

	tb_nvgre_defaults(&n);
	n.vsid = 5;
	tb_vxlan_defaults(&v);
	v.vni = 5;
	seg_spec(&f, 0, 4);
	pkts[0] = rx_mbuf_nvgre(fx, &n, &f);
	pkts[1] = vxlan_seg(fx, &v, 1, 4);
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	assert_false(pkts[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_false(pkts[1]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(pkts[1]->packet_type & RTE_PTYPE_TUNNEL_MASK, RTE_PTYPE_TUNNEL_VXLAN);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	rx_free(pkts, 2);
}

/* VXLAN segment @p i (inner IPv4) with outer fields @p o. */
static struct rte_mbuf *vxlan_outer_seg(struct rx_fixture *fx, const struct rx_outer_fields *o,
					unsigned int i)
{
	struct tb_vxlan v;

	tb_vxlan_defaults(&v);
	v.outer_dscp = o->dscp;
	v.outer_ecn = o->ecn;
	v.outer_df = o->df;
	v.udp_zero_csum = o->no_outer_csum;
	return vxlan_seg(fx, &v, i, 4);
}

static void vxlan_outer_ce_scu_check(struct rte_mbuf *scu, unsigned int i)
{
	uint8_t *b = flatten(scu);

	assert_outer_udp(b, 4, 16 + ETH_LEN + TCP_HDRS + 200, false);
	assert_payload(b, scu->pkt_len, ETH_LEN + 20 + 16 + ETH_LEN + TCP_HDRS, 2 * i, 2);
}

/* Outer ECN follows the inner rule: CE ends the SCU and starts a new one whose
 * head keeps the mark; both SCUs' outer headers are valid. */
static void outer_ce_restarts_and_is_kept(void **state)
{
	rx_rsc_outer_ce_restarts(*state, vxlan_outer_seg, vxlan_outer_ce_scu_check);
}

/* Outer DSCP and DF follow the inner rule: a change is an exception. */
static void outer_dscp_df_change_is_an_exception(void **state)
{
	rx_rsc_outer_dscp_df_change(*state, vxlan_outer_seg);
}

/* A bad outer UDP or outer IPv4 checksum ends the SCU; the segment goes alone. */
static void bad_outer_checksums_are_exceptions(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	struct tb_vxlan v;
	unsigned int i, round;

	for (round = 0; round < 2; round++) {
		rx_counters_reset(fx);
		tb_vxlan_defaults(&v);
		for (i = 0; i < 3; i++) {
			v.bad_udp_csum = round == 0 && i == 2;
			v.bad_outer_csum = round == 1 && i == 2;
			pkts[i] = vxlan_seg(fx, &v, i, 4);
		}
		assert_int_equal(rx_run(fx, pkts, 3), 2);
		assert_int_equal(rx_rsc_count(pkts[0]), 2);
		assert_int_equal(rx_rsc_count(pkts[1]), 1);
		assert_int_equal(pkts[1]->ol_flags & (RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK |
						      RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD),
				 round == 0 ? RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD
					    : RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD |
						  RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 1);
		rx_free(pkts, 2);
	}
}

static void vxlan_unverified_check(struct rx_fixture *fx, struct rte_mbuf **pkts, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		assert_int_equal(pkts[i]->ol_flags & RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK,
				 RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN);
}

/* UDP/IPv4 receive checksum off: a computed outer UDP checksum is not verified,
 * so nothing coalesces; one sent as 0 has nothing to verify and does not stand
 * in the way. */
static void unverified_outer_udp_stops_coalescing(void **state)
{
	struct rx_fixture *fx = *state;

	fx->cfg.udp4_csum = TASKOFF_CSUM_TX;
	rx_rsc_unverified_outer(fx, vxlan_outer_seg, vxlan_unverified_check);
}

/* VXLAN off: the frames are plain UDP, their inner TCP is never coalesced. */
static void not_coalesced_when_vxlan_disabled(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[3];
	struct tb_vxlan v;
	unsigned int i;

	fx->cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	tb_vxlan_defaults(&v);
	for (i = 0; i < 3; i++)
		pkts[i] = vxlan_seg(fx, &v, i, 4);
	assert_int_equal(rx_run(fx, pkts, 3), 3);
	for (i = 0; i < 3; i++)
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	rx_free(pkts, 3);
}

/* Hold mode: a VXLAN SCU held across bursts is delivered before anything later
 * of its flow when the VXLAN port changes (the frames would no longer be VXLAN). */
static void held_scu_flushed_when_port_changes(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[2], *out[4];
	struct tb_vxlan v;
	uint16_t n;

	taskoff_rx_set_rsc_hold(fx->ctx, 1000000);
	tb_vxlan_defaults(&v);
	pkts[0] = vxlan_seg(fx, &v, 0, 4);
	pkts[1] = vxlan_seg(fx, &v, 1, 4);
	assert_int_equal(taskoff_rx_burst(fx->ctx, &fx->cfg, &fx->cnt, pkts, 2, out, 4), 0);
	assert_int_equal(taskoff_rx_held(fx->ctx), 1);
	fx->cfg.vxlan_port = 4790;
	pkts[0] = vxlan_seg(fx, &v, 2, 4);
	n = taskoff_rx_burst(fx->ctx, &fx->cfg, &fx->cnt, pkts, 1, out, 4);
	assert_int_equal(n, 2);
	assert_int_equal(rx_rsc_count(out[0]), 2);
	assert_false(out[1]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(out[1]->packet_type & RTE_PTYPE_TUNNEL_MASK, 0);
	assert_int_equal(taskoff_rx_held(fx->ctx), 0);
	taskoff_rx_set_rsc_hold(fx->ctx, 0);
	rx_free(out, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup_vxlan, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(run_merges_with_exact_outer_headers),
	    T(ipv6_inner_chained_segments),
	    T(vni_is_part_of_the_flow_key),
	    T(outer_source_and_udp_port_are_part_of_the_flow),
	    T(tunnel_kind_is_part_of_the_flow),
	    T(outer_ce_restarts_and_is_kept),
	    T(outer_dscp_df_change_is_an_exception),
	    T(bad_outer_checksums_are_exceptions),
	    T(unverified_outer_udp_stops_coalescing),
	    T(not_coalesced_when_vxlan_disabled),
	    T(held_scu_flushed_when_port_changes),
	};
	unsigned int i;

	for (i = 0; i < MAX_SEGS; i++)
		tb_payload(payloads[i], sizeof(payloads[i]), i + 1);
	if (rx_fixture_global_init("test_rsc_vxlan", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
