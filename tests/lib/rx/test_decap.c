/* SPDX-License-Identifier: BSD-3-Clause */
/* NVGRE GRE decap on receive (SPEC §2.6): policy, metadata, malformed frames. */
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

#define NVGRE_PTYPE                                                                                \
	(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_TUNNEL_NVGRE |                         \
	 RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP)

static uint8_t payload[1500];

/* A TCP/IPv4 inner frame (FIN so that RSC leaves it alone unless asked). */
static size_t inner_frame(uint8_t *buf, uint32_t seq, uint8_t flags)
{
	return tb_build_tcp4(buf, payload, 100, seq, flags);
}

static void assert_decapped(const struct rte_mbuf *m, const uint8_t *inner, size_t ilen,
			    uint32_t vsid, uint8_t flow_id)
{
	rx_assert_decapped(m, inner, ilen, TASKOFF_ENCAP_GRE_MAC, vsid, flow_id);
}

static void decap_all_strips_outer_headers(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	m = rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen));
	assert_decapped(m, inner, ilen, 0x123456, 0x78);
	assert_int_equal(m->ol_flags & RX_CSUM_FLAGS,
			 RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_MALFORMED], 0);
	rte_pktmbuf_free(m);
}

static void decap_list_selects_vsids(void **state)
{
	struct rx_fixture *fx = *state;
	const uint32_t vsids[] = {5, 0x123456};
	uint8_t inner[TB_FRAME_MAX], buf[2][TB_FRAME_MAX];
	size_t ilen, len[2];
	struct rte_mbuf *pkts[2];
	struct tb_nvgre n;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, vsids, 2), 0);
	tb_nvgre_defaults(&n);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	len[0] = tb_build_nvgre(buf[0], &n, inner, ilen);
	n.vsid = 9;
	n.flow_id = 1;
	len[1] = tb_build_nvgre(buf[1], &n, inner, ilen);
	pkts[0] = rx_mbuf(fx, buf[0], len[0]);
	pkts[1] = rx_mbuf(fx, buf[1], len[1]);
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	assert_decapped(pkts[0], inner, ilen, 0x123456, 0x78);
	rx_assert_untouched(pkts[1], buf[1], len[1]);
	assert_int_equal(pkts[1]->packet_type, NVGRE_PTYPE);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 1);
	rx_free(pkts, 2);
}

static void decap_off_by_default_and_after_empty_list(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen, len;
	unsigned int round;

	tb_nvgre_defaults(&n);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	len = tb_build_nvgre(buf, &n, inner, ilen);
	for (round = 0; round < 2; round++) {
		m = rx_run_bytes(fx, buf, len);
		rx_assert_untouched(m, buf, len);
		assert_int_equal(m->packet_type, NVGRE_PTYPE);
		rte_pktmbuf_free(m);
		assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
		assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, NULL, 0), 0);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 0);
}

static void set_decap_rejects_bad_lists(void **state)
{
	struct rx_fixture *fx = *state;
	uint32_t vsids[65] = {0};
	const uint32_t too_big = 0x1000000;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, vsids, 65), -EINVAL);
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, &too_big, 1), -EINVAL);
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, NULL, 1), -EINVAL);
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, false, vsids, 64), 0);
}

/* Rewrite the GRE flags/protocol of an NVGRE frame built by tb_build_nvgre. */
static size_t malformed_frame(uint8_t *buf, uint16_t flags, uint16_t proto)
{
	uint8_t inner[TB_FRAME_MAX];
	struct tb_nvgre n;

	tb_nvgre_defaults(&n);
	n.gre_flags = flags;
	n.gre_proto = proto;
	return tb_build_nvgre(buf, &n, inner, inner_frame(inner, 1000, 0));
}

/* Frame whose outer IPv4 datagram ends @p gre_bytes into the GRE header. */
static size_t truncated_frame(uint8_t *buf, size_t gre_bytes)
{
	malformed_frame(buf, 0x2000, 0x6558);
	return tb_cut_outer_ipv4(buf, (uint16_t)gre_bytes);
}

static void malformed_gre_is_counted_and_untouched(void **state)
{
	struct rx_fixture *fx = *state;
	static const struct {
		uint16_t flags, proto;
	} bad[] = {
	    {0xa000, 0x6558}, /* C set */
	    {0x3000, 0x6558}, /* S set */
	    {0x0000, 0x6558}, /* K clear */
	    {0x2001, 0x6558}, /* version 1 */
	    {0x2000, 0x0800}, /* not transparent Ethernet bridging */
	};
	uint8_t buf[TB_FRAME_MAX];
	struct rte_mbuf *m;
	unsigned int i;
	size_t len;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	for (i = 0; i < RTE_DIM(bad) + 2; i++) {
		if (i < RTE_DIM(bad))
			len = malformed_frame(buf, bad[i].flags, bad[i].proto);
		else /* GRE header cut at 4 bytes; inner Ethernet cut at 8 + 6 bytes */
			len = truncated_frame(buf, i == RTE_DIM(bad) ? 4 : 14);
		m = rx_run_bytes(fx, buf, len);
		rx_assert_untouched(m, buf, len);
		assert_int_equal(m->packet_type,
				 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_TUNNEL_GRE);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_MALFORMED], i + 1);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 0);
}

static void decap_ipv6_outer_with_padding(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen, len;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	n.outer_version = 6;
	n.vsid = 0xabcdef;
	n.flow_id = 0;
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	len = tb_build_nvgre(buf, &n, inner, ilen);
	memset(buf + len, 0, 10); /* trailing bytes after the outer datagram */
	m = rx_run_bytes(fx, buf, len + 10);
	assert_decapped(m, inner, ilen, 0xabcdef, 0);
	rte_pktmbuf_free(m);
}

static void decap_keeps_outer_and_inner_checksum_verdicts(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct tb_nvgre n;
	struct rte_mbuf *m;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	n.bad_outer_csum = true;
	tb_tcp4_defaults(&f);
	f.payload = payload;
	f.payload_len = 10;
	f.bad_l4_csum = true;
	m = rx_run_mbuf(fx, rx_mbuf_nvgre(fx, &n, &f));
	assert_true(m->ol_flags & taskoff_nvgre_decapped_flag());
	assert_int_equal(m->ol_flags & RX_CSUM_FLAGS, RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD |
							  RTE_MBUF_F_RX_IP_CKSUM_GOOD |
							  RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

static void decapped_frames_coalesce_per_vsid(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX], got[TB_FRAME_MAX];
	struct rte_mbuf *pkts[4];
	struct rte_ipv4_hdr *ip;
	struct tb_nvgre n;
	unsigned int i;
	uint16_t stored;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	for (i = 0; i < 4; i++) { /* vsid 1 seq 1000, vsid 2 seq 1000, vsid 1 1100, vsid 2 1100 */
		n.vsid = 1 + i % 2;
		pkts[i] = rx_mbuf(
		    fx, buf,
		    tb_build_nvgre(buf, &n, inner, inner_frame(inner, 1000 + 100 * (i / 2), 0)));
	}
	assert_int_equal(rx_run(fx, pkts, 4), 2);
	for (i = 0; i < 2; i++) {
		assert_true(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(rx_tunnel_info(pkts[i])->id, 1 + i);
		assert_int_equal(rte_pktmbuf_pkt_len(pkts[i]), 54 + 200);
		ip = rte_pktmbuf_mtod_offset(pkts[i], struct rte_ipv4_hdr *, 14);
		assert_int_equal(rte_be_to_cpu_16(ip->total_length), 40 + 200);
		stored = ip->hdr_checksum;
		ip->hdr_checksum = 0;
		assert_int_equal(rte_ipv4_cksum(ip), stored);
		ip->hdr_checksum = stored;
		/* both segments carried the same 100-byte payload */
		assert_memory_equal(rte_pktmbuf_read(pkts[i], 54, 100, got), payload, 100);
		assert_memory_equal(rte_pktmbuf_read(pkts[i], 154, 100, got), payload, 100);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 4);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCED_PKTS], 2);
	rx_free(pkts, 2);
}

/* Decap is an NVGRE receive offload: with *EncapsulatedPacketTaskOffloadNvgre=0
 * (encapsulation switch on) frames stay whole, malformed GRE is not counted. */
static void decap_off_when_nvgre_type_off(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[2][TB_FRAME_MAX];
	struct rte_mbuf *pkts[2];
	struct tb_nvgre n;
	size_t ilen, len[2];

	fx->cfg.encap_enabled = true;
	fx->cfg.encap_types = 0;
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	ilen = inner_frame(inner, 1000, RTE_TCP_FIN_FLAG);
	len[0] = tb_build_nvgre(buf[0], &n, inner, ilen);
	n.gre_flags |= 0x8000; /* checksum bit: malformed NVGRE */
	len[1] = tb_build_nvgre(buf[1], &n, inner, ilen);
	pkts[0] = rx_mbuf(fx, buf[0], len[0]);
	pkts[1] = rx_mbuf(fx, buf[1], len[1]);
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	rx_assert_untouched(pkts[0], buf[0], len[0]);
	rx_assert_untouched(pkts[1], buf[1], len[1]);
	assert_int_equal(pkts[0]->packet_type, NVGRE_PTYPE);
	assert_int_equal(pkts[0]->ol_flags & RX_CSUM_FLAGS, 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_MALFORMED], 0);
	rx_free(pkts, 2);
}

/* IPv4 receive checksum off: the stripped outer IPv4 header was never
 * verified, so the decapsulated (IPv6) segments are not coalesced. */
static void decapped_behind_unverified_outer_not_coalesced(void **state)
{
	struct rx_fixture *fx = *state;
	struct rte_mbuf *pkts[2];
	struct tb_frame f;
	struct tb_nvgre n;
	unsigned int i;

	fx->cfg.ipv4_csum = TASKOFF_CSUM_TX;
	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	tb_nvgre_defaults(&n);
	for (i = 0; i < 2; i++) {
		tb_tcp4_defaults(&f);
		f.ip_version = 6;
		f.seq = 1000 + 100 * i;
		f.payload = payload;
		f.payload_len = 100;
		pkts[i] = rx_mbuf_nvgre(fx, &n, &f);
	}
	assert_int_equal(rx_run(fx, pkts, 2), 2);
	for (i = 0; i < 2; i++) {
		assert_true(pkts[i]->ol_flags & taskoff_nvgre_decapped_flag());
		assert_false(pkts[i]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(pkts[i]->ol_flags & RX_CSUM_FLAGS, RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_NVGRE_DECAP], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_EXCEPTION_BAD_CSUM], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS], 0);
	rx_free(pkts, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_fixture_setup, rx_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(decap_all_strips_outer_headers),
	    T(decap_list_selects_vsids),
	    T(decap_off_by_default_and_after_empty_list),
	    T(set_decap_rejects_bad_lists),
	    T(malformed_gre_is_counted_and_untouched),
	    T(decap_ipv6_outer_with_padding),
	    T(decap_keeps_outer_and_inner_checksum_verdicts),
	    T(decapped_frames_coalesce_per_vsid),
	    T(decap_off_when_nvgre_type_off),
	    T(decapped_behind_unverified_outer_not_coalesced),
	};

	tb_payload(payload, sizeof(payload), 5);
	if (rx_fixture_global_init("test_decap", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
