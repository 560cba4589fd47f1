/* SPDX-License-Identifier: BSD-3-Clause */
/* LSOv1 / LSOv2 (SPEC §2.2), one test per rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define V6_TSO (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_SEG)

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX];
static struct rte_mbuf *out[512];

/* timestamps (NOP NOP TS), SACK-permitted, window scale, padded to 20 bytes */
static const uint8_t tcp_opts[20] = {1,	   1,	 8, 10, 0, 0, 0x12, 0x34, 0, 0,
				     0x56, 0x78, 4, 2,	3, 3, 7,    1,	  1, 1};

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

static struct rte_mbuf *make(const struct tx_pkt_spec *s, struct tx_pkt_layout *lay, uint64_t flags,
			     uint16_t mss, const uint32_t *splits, unsigned int n)
{
	return tx_pkt_make(pool, orig, s, lay, flags, mss, splits, n);
}

/* Segment with the default config (LSOv2) and check every byte of every frame. */
static void lso_and_check(struct tx_env *e, const struct tx_pkt_spec *s, uint64_t flags,
			  uint16_t mss, const uint32_t *splits, unsigned int n, bool id15)
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m = make(s, &lay, flags, mss, splits, n);

	tx_env_segment_and_check(e, m, orig, s, &lay, mss, id15);
}

static void lso_ipv4_segments_of_exactly_mss(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 4000,
				.seq = 1000,
				.ip_id = 100,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 1000, NULL, 0, true);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_SEGMENTS], 4);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TCP_PAYLOAD_BYTES_SENT], 4000);
}

static void lso_ipv4_last_segment_shorter_when_mss_does_not_divide(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 4567,
				.seq = 0xfffffc00,
				.ip_id = 1,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_env e;

	tx_env_init(&e, pool);
	/* seq also wraps past 2^32 here */
	lso_and_check(&e, &s, V4_TSO, 1460, NULL, 0, true);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_SEGMENTS], 4);
}

static void lso_copies_ip_options_and_tcp_options_unaltered(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.ip_opts_len = 12,
				.tcp_opts = tcp_opts,
				.tcp_opts_len = sizeof(tcp_opts),
				.seq = 5,
				.ip_id = 9,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 1000, NULL, 0, true);
}

static void lso_ipv6_plain(void **state)
{
	struct tx_pkt_spec s = {.ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 5000,
				.seq = 77,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true,
				.tcp_opts = tcp_opts,
				.tcp_opts_len = sizeof(tcp_opts)};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V6_TSO, 1440, NULL, 0, false);
}

static void lso_ipv6_extension_headers_and_final_destination(void **state)
{
	static const uint8_t final[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					  0,	0,    0,    0,	  0, 0, 0, 0x99};
	uint8_t ext[8 + 8 + 24];
	struct tx_pkt_spec s = {.ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 2500,
				.seq = 1,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.ext = ext,
				.ext_len = sizeof(ext),
				.ext_first = 0,
				.final_dst = final};
	struct tx_env e;

	/* hop-by-hop (PadN) -> destination options (PadN) -> routing type 0, 1 hop left */
	memset(ext, 0, sizeof(ext));
	ext[0] = 60, ext[1] = 0, ext[2] = 1, ext[3] = 4;
	ext[8] = 43, ext[9] = 0, ext[10] = 1, ext[11] = 4;
	ext[16] = IPPROTO_TCP, ext[17] = 2, ext[18] = 0, ext[19] = 1;
	memcpy(ext + 24, final, 16);
	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V6_TSO, 1000, NULL, 0, false);
}

static void lso_mss_1(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 37,
				.seq = 10,
				.ip_id = 0x7ff0,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 1, NULL, 0, true);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_SEGMENTS], 37);
}

static void lso_mss_above_payload_is_min_segment_count_error(void **state)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 1000, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	struct rte_mbuf *m;

	tx_env_init(&e, pool);
	m = make(&s, &lay, V4_TSO, 1460, NULL, 0);
	assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_TOO_FEW_SEGMENTS);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -EINVAL);
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TOO_FEW_SEGMENTS], 1);
	/* with MinSegmentCount 1 the same packet is one segment */
	e.cfg.lso_min_segments = 1;
	lso_and_check(&e, &s, V4_TSO, 1460, NULL, 0, true);
}

static void lso_chained_input_segments_span_mbufs(void **state)
{
	/* splits inside the IP header, the TCP header and the payload, at odd offsets */
	static const uint32_t splits[] = {15, 41, 57, 63, 1001, 1002, 2999, 3001};
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 6000,
				.seq = 3,
				.ip_id = 4,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.tcp_opts = tcp_opts,
				.tcp_opts_len = sizeof(tcp_opts)};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 999, splits, RTE_DIM(splits), true);
	s.ipv6 = true;
	lso_and_check(&e, &s, V6_TSO, 777, splits, RTE_DIM(splits), false);
}

/*
 * Payload sums are taken per batch of frames, many whole-mss segments with one
 * call when they lie in one input mbuf, piece by piece otherwise: more than
 * one batch (64 frames), odd mss values (pieces start at odd addresses), some
 * at or above 512 bytes (aligned vector loads), input split at odd offsets.
 */
static void lso_many_segments_across_batches_and_mbufs(void **state)
{
	static const uint32_t splits[] = {100, 3001, 3002, 7777, 12001};
	static const uint16_t mss[] = {201, 513, 1447, 1448};
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 20011,
				.seq = 0xfffff000u,
				.ip_id = 9,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
	struct tx_env e;
	unsigned int i;

	tx_env_init(&e, pool);
	for (i = 0; i < RTE_DIM(mss); i++) {
		s.ipv6 = false;
		lso_and_check(&e, &s, V4_TSO, mss[i], splits, RTE_DIM(splits), true);
		lso_and_check(&e, &s, V4_TSO, mss[i], NULL, 0, true);
		s.ipv6 = true;
		lso_and_check(&e, &s, V6_TSO, mss[i], splits, RTE_DIM(splits), false);
	}
}

static void lsov2_ipv4_id_wraps_at_7fff(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 400,
				.ip_id = 0x7ffe,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;
	static const uint16_t want[] = {0x7ffe, 0x7fff, 0x0000, 0x0001};

	tx_env_init(&e, pool);
	nb = tx_env_send(&e, make(&s, &lay, V4_TSO, 100, NULL, 0), out, RTE_DIM(out));
	assert_int_equal(nb, 4);
	for (i = 0; i < nb; i++) {
		const struct rte_ipv4_hdr *ip =
		    rte_pktmbuf_mtod_offset(out[i], const struct rte_ipv4_hdr *, lay.l3);

		assert_int_equal(rte_be_to_cpu_16(ip->packet_id), want[i]);
	}
	rte_pktmbuf_free_bulk(out, nb);
	/* full byte check, and the high bit of a template ID is kept */
	lso_and_check(&e, &s, V4_TSO, 100, NULL, 0, true);
	s.ip_id = 0xfffe;
	lso_and_check(&e, &s, V4_TSO, 100, NULL, 0, true);
}

static void lsov1_id_wraps_at_ffff(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 400,
				.ip_id = 0xfffe,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;
	static const uint16_t want[] = {0xfffe, 0xffff, 0x0000, 0x0001};

	tx_env_init(&e, pool);
	e.cfg.lsov2_ipv4 = false; /* LSOv1 serves IPv4 */
	nb = tx_env_send(&e, make(&s, &lay, V4_TSO, 100, NULL, 0), out, RTE_DIM(out));
	assert_int_equal(nb, 4);
	for (i = 0; i < nb; i++) {
		const struct rte_ipv4_hdr *ip =
		    rte_pktmbuf_mtod_offset(out[i], const struct rte_ipv4_hdr *, lay.l3);

		assert_int_equal(rte_be_to_cpu_16(ip->packet_id), want[i]);
	}
	rte_pktmbuf_free_bulk(out, nb);
	s.ip_id = 0x7ffe; /* LSOv1 does not wrap at 0x7fff */
	lso_and_check(&e, &s, V4_TSO, 100, NULL, 0, false);
}

static void fin_psh_only_on_last_cwr_only_on_first(void **state)
{
	uint8_t all = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_FIN_FLAG | RTE_TCP_CWR_FLAG |
		      RTE_TCP_ECE_FLAG;
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP, .payload_len = 300, .tcp_flags = all};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb;

	tx_env_init(&e, pool);
	nb = tx_env_send(&e, make(&s, &lay, V4_TSO, 100, NULL, 0), out, RTE_DIM(out));
	assert_int_equal(nb, 3);
	assert_int_equal(rte_pktmbuf_mtod_offset(out[0], uint8_t *, lay.l4)[13],
			 RTE_TCP_ACK_FLAG | RTE_TCP_CWR_FLAG | RTE_TCP_ECE_FLAG);
	assert_int_equal(rte_pktmbuf_mtod_offset(out[1], uint8_t *, lay.l4)[13],
			 RTE_TCP_ACK_FLAG | RTE_TCP_ECE_FLAG);
	assert_int_equal(rte_pktmbuf_mtod_offset(out[2], uint8_t *, lay.l4)[13],
			 RTE_TCP_ACK_FLAG | RTE_TCP_ECE_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_FIN_FLAG);
	rte_pktmbuf_free_bulk(out, nb);
	lso_and_check(&e, &s, V4_TSO, 100, NULL, 0, true);
}

static void syn_rst_urg_templates_are_refused(void **state)
{
	static const uint8_t bad[] = {RTE_TCP_SYN_FLAG, RTE_TCP_RST_FLAG, RTE_TCP_URG_FLAG};
	struct tx_env e;
	unsigned int i;

	tx_env_init(&e, pool);
	for (i = 0; i < RTE_DIM(bad); i++) {
		struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
					.payload_len = 3000,
					.tcp_flags = (uint8_t)(RTE_TCP_ACK_FLAG | bad[i])};
		struct tx_pkt_layout lay;
		struct rte_mbuf *m = make(&s, &lay, V4_TSO, 1000, NULL, 0);

		assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_TCP_FLAGS);
		assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	}
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TCP_FLAGS], 3);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 0);
}

static void ipv4_fragments_are_refused(void **state)
{
	static const uint16_t frag[] = {0x2000 /* MF */, 0x0010 /* offset */};
	struct tx_env e;
	unsigned int i;

	tx_env_init(&e, pool);
	for (i = 0; i < RTE_DIM(frag); i++) {
		struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
					.payload_len = 3000,
					.ip_frag = frag[i],
					.tcp_flags = RTE_TCP_ACK_FLAG};
		struct tx_pkt_layout lay;
		struct rte_mbuf *m = make(&s, &lay, V4_TSO, 1000, NULL, 0);

		assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -EINVAL);
		assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	}
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_IP_FRAGMENT], 2);
	/* DF alone is fine */
	{
		struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
					.payload_len = 3000,
					.ip_frag = 0x4000,
					.tcp_flags = RTE_TCP_ACK_FLAG};

		lso_and_check(&e, &s, V4_TSO, 1000, NULL, 0, true);
	}
}

static void version_choice_and_max_offload_size(void **state)
{
	struct tx_pkt_spec big = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 66000, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_spec s6 = {.ipv6 = true,
				 .l4_proto = IPPROTO_TCP,
				 .payload_len = 3000,
				 .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	struct rte_mbuf *m;

	tx_env_init(&e, pool);
	/* LSOv2 takes a packet above 64 KiB */
	lso_and_check(&e, &big, V4_TSO, 1460, NULL, 0, true);
	/* LSOv1 only: above its MaxOffLoadSize it is refused, not cut */
	e.cfg.lsov2_ipv4 = false;
	m = make(&big, &lay, V4_TSO, 1460, NULL, 0);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -EMSGSIZE);
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TOO_BIG], 1);
	/* a smaller LSOv1 limit from the capabilities applies too */
	e.cfg.lsov1_max_size = 2000;
	big.payload_len = 2500;
	m = make(&big, &lay, V4_TSO, 1000, NULL, 0);
	assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_TOO_BIG);
	rte_pktmbuf_free(m);
	/* neither version: offload disabled, dropped and counted */
	e.cfg.lsov1 = false;
	m = make(&big, &lay, V4_TSO, 1000, NULL, 0);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -ENOTSUP);
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], 1);
	/* IPv6 TSO is LSOv2 IPv6 only */
	e.cfg.lsov1 = true;
	e.cfg.lsov2_ipv6 = false;
	m = make(&s6, &lay, V6_TSO, 1000, NULL, 0);
	assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_OFFLOAD_DISABLED);
	rte_pktmbuf_free(m);
	/* LSOv2 MaxOffLoadSize */
	e.cfg.lsov2_ipv6 = true;
	e.cfg.lsov2_max_size = 2000;
	m = make(&s6, &lay, V6_TSO, 1000, NULL, 0);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -EMSGSIZE);
	rte_pktmbuf_free(m);
}

static void pseudo_header_or_garbage_in_field_gives_same_frames(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 2000,
				.seq = 42,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 512, NULL, 0, true);
	s.phdr_in_l4 = false; /* 0xdead in the field */
	lso_and_check(&e, &s, V4_TSO, 512, NULL, 0, true);
	s.zero_l4_cksum = true;
	lso_and_check(&e, &s, V4_TSO, 512, NULL, 0, true);
}

static void lso_vlan_tagged_and_nvgre_inner_vlan(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 3333,
				.seq = 8,
				.ip_id = 3,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.vlan = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	lso_and_check(&e, &s, V4_TSO, 1000, NULL, 0, true);
	s.ipv6 = true;
	lso_and_check(&e, &s, V6_TSO, 1000, NULL, 0, false);
	s.ipv6 = false;
	s.tunnel = true; /* l2_len = 8 + 18 */
	lso_and_check(&e, &s,
		      V4_TSO | RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 |
			  RTE_MBUF_F_TX_OUTER_IP_CKSUM,
		      1000, NULL, 0, true);
}

static void mixed_burst_keeps_submission_and_segment_order(void **state)
{
	struct tx_pkt_spec tso = {.l4_proto = IPPROTO_TCP,
				  .payload_len = 300,
				  .seq = 1000,
				  .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_spec plain = {.l4_proto = IPPROTO_UDP, .payload_len = 10};
	struct tx_pkt_layout lay;
	struct rte_mbuf *pkts[4];
	struct tx_env e;
	uint16_t nb_out = 0, i;

	tx_env_init(&e, pool);
	pkts[0] = make(&tso, &lay, V4_TSO, 100, NULL, 0);
	pkts[1] = make(&plain, &lay, 0, 0, NULL, 0);
	pkts[2] = make(&tso, &lay, V4_TSO, 0, NULL, 0); /* tso_segsz 0: dropped */
	tso.seq = 5000;
	pkts[3] = make(&tso, &lay, V4_TSO, 150, NULL, 0);
	assert_int_equal(taskoff_tx_burst(&e.ctx, pkts, 4, out, RTE_DIM(out), &nb_out), 4);
	assert_int_equal(nb_out, 3 + 1 + 2);
	assert_ptr_equal(out[3], pkts[1]);
	for (i = 0; i < 3; i++)
		assert_int_equal(
		    rte_be_to_cpu_32(
			rte_pktmbuf_mtod_offset(out[i], struct rte_tcp_hdr *, lay.l4)->sent_seq),
		    1000 + 100 * i);
	for (i = 0; i < 2; i++)
		assert_int_equal(rte_be_to_cpu_32(rte_pktmbuf_mtod_offset(
						      out[4 + i], struct rte_tcp_hdr *, lay.l4)
						      ->sent_seq),
				 5000 + 150 * i);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TSO_SEGSZ_ZERO], 1);
	rte_pktmbuf_free_bulk(out, nb_out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(lso_ipv4_segments_of_exactly_mss, check_pool),
	    cmocka_unit_test_teardown(lso_ipv4_last_segment_shorter_when_mss_does_not_divide,
				      check_pool),
	    cmocka_unit_test_teardown(lso_copies_ip_options_and_tcp_options_unaltered, check_pool),
	    cmocka_unit_test_teardown(lso_ipv6_plain, check_pool),
	    cmocka_unit_test_teardown(lso_ipv6_extension_headers_and_final_destination, check_pool),
	    cmocka_unit_test_teardown(lso_mss_1, check_pool),
	    cmocka_unit_test_teardown(lso_mss_above_payload_is_min_segment_count_error, check_pool),
	    cmocka_unit_test_teardown(lso_chained_input_segments_span_mbufs, check_pool),
	    cmocka_unit_test_teardown(lsov2_ipv4_id_wraps_at_7fff, check_pool),
	    cmocka_unit_test_teardown(lsov1_id_wraps_at_ffff, check_pool),
	    cmocka_unit_test_teardown(fin_psh_only_on_last_cwr_only_on_first, check_pool),
	    cmocka_unit_test_teardown(syn_rst_urg_templates_are_refused, check_pool),
	    cmocka_unit_test_teardown(ipv4_fragments_are_refused, check_pool),
	    cmocka_unit_test_teardown(version_choice_and_max_offload_size, check_pool),
	    cmocka_unit_test_teardown(pseudo_header_or_garbage_in_field_gives_same_frames,
				      check_pool),
	    cmocka_unit_test_teardown(lso_vlan_tagged_and_nvgre_inner_vlan, check_pool),
	    cmocka_unit_test_teardown(mixed_burst_keeps_submission_and_segment_order, check_pool),
	    cmocka_unit_test_teardown(lso_many_segments_across_batches_and_mbufs, check_pool),
	};

	if (test_eal_init("test_tx_tso") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_tso", 4095, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
