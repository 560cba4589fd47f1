/* SPDX-License-Identifier: BSD-3-Clause */
/* The tx pipeline: checksum offloads (SPEC §2.1), pass-through, drops, out[] capacity. */
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

#define V4_TCP_CSUM (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_CKSUM)
#define V4_UDP_CSUM (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM)
#define V6_TCP_CSUM (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_CKSUM)
#define V6_UDP_CSUM (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM)
#define V4_TSO	    (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX], got[TX_PKT_MAX], exp[TX_PKT_MAX];
static struct rte_mbuf *out[64];

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The frame a correct NIC would send for a checksum request on orig. */
static void expected_csum_frame(const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay,
				bool ip, bool l4)
{
	unsigned int ck = lay->l4 + (s->l4_proto == IPPROTO_UDP ? 6 : 16);

	memcpy(exp, orig, lay->len);
	if (ip)
		put_be16(exp + lay->l3 + 10, tx_ref_ip4_cksum(exp + lay->l3));
	if (l4) {
		put_be16(exp + ck, 0);
		put_be16(exp + ck, tx_ref_l4_cksum(exp, s, lay, lay->len - lay->l4));
	}
}

static void csum_and_check(struct tx_env *e, const struct tx_pkt_spec *s, uint64_t flags,
			   const uint32_t *splits, unsigned int n)
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;

	tx_pkt_build(orig, s, &lay);
	if (!s->ipv6)
		orig[lay.l3 + 10] ^= 0x5a; /* a stale IP checksum must be replaced */
	m = tx_pkt_mbuf(pool, orig, lay.len, splits, n);
	tx_pkt_set_offload(m, s, &lay, flags, 0);
	assert_int_equal(taskoff_tx_prepare(&e->cfg, 0, m), 0);
	assert_int_equal(tx_env_send(e, m, out, 4), 1);
	assert_ptr_equal(out[0], m);
	assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
	expected_csum_frame(s, &lay, flags & RTE_MBUF_F_TX_IP_CKSUM, true);
	tx_assert_bytes(got, exp, lay.len, "checksummed frame");
	assert_int_equal(out[0]->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS, 0);
	rte_pktmbuf_free(out[0]);
}

static void tcp_ipv4_checksum_with_options_both_field_conventions(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 1001,
				.ip_opts_len = 8,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	csum_and_check(&e, &s, V4_TCP_CSUM, NULL, 0);
	s.phdr_in_l4 = false;
	csum_and_check(&e, &s, V4_TCP_CSUM, NULL, 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_CSUM_TX_FILLED], 2);
}

static void udp_ipv4_and_ipv6_checksums(void **state)
{
	struct tx_pkt_spec s4 = {.l4_proto = IPPROTO_UDP, .payload_len = 77, .phdr_in_l4 = true};
	struct tx_pkt_spec s6 = {.ipv6 = true, .l4_proto = IPPROTO_UDP, .payload_len = 1500};
	struct tx_env e;

	tx_env_init(&e, pool);
	csum_and_check(&e, &s4, V4_UDP_CSUM, NULL, 0);
	csum_and_check(&e, &s6, V6_UDP_CSUM, NULL, 0);
}

static void tcp_ipv6_with_routing_header_uses_final_destination(void **state)
{
	static const uint8_t final[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
	uint8_t ext[8 + 40];
	struct tx_pkt_spec s = {.ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 500,
				.ext = ext,
				.ext_len = sizeof(ext),
				.ext_first = 0,
				.final_dst = final,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_env e;

	/* hop-by-hop, then routing type 0 with 2 addresses, 2 segments left: last one is final */
	memset(ext, 0, sizeof(ext));
	ext[0] = 43, ext[2] = 1, ext[3] = 4;
	ext[8] = IPPROTO_TCP, ext[9] = 4, ext[10] = 0, ext[11] = 2;
	memset(ext + 16, 0xaa, 16);
	memcpy(ext + 32, final, 16);
	tx_env_init(&e, pool);
	csum_and_check(&e, &s, V6_TCP_CSUM, NULL, 0);
	/* segments left 0: the IPv6 destination is the final one */
	ext[11] = 0;
	s.final_dst = NULL;
	csum_and_check(&e, &s, V6_TCP_CSUM, NULL, 0);
}

/* Payload chosen so that the L4 sum is 0xffff: the checksum computes to 0. */
static void udp_checksum_zero_is_sent_as_ffff(void **state)
{
	struct tx_pkt_spec specs[] = {
	    {.l4_proto = IPPROTO_UDP, .payload_len = 64, .zero_l4_cksum = true},
	    {.ipv6 = true, .l4_proto = IPPROTO_UDP, .payload_len = 64, .zero_l4_cksum = true},
	};
	unsigned int i;
	struct tx_env e;

	tx_env_init(&e, pool);
	for (i = 0; i < RTE_DIM(specs); i++) {
		struct tx_pkt_layout lay;
		struct rte_mbuf *m;
		uint16_t ck;

		tx_pkt_build(orig, &specs[i], &lay);
		orig[lay.len - 2] = orig[lay.len - 1] = 0;
		ck = tx_ref_l4_cksum(orig, &specs[i], &lay, lay.len - lay.l4);
		put_be16(orig + lay.len - 2, ck); /* now the data sums to 0xffff */
		m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
		tx_pkt_set_offload(m, &specs[i], &lay, specs[i].ipv6 ? V6_UDP_CSUM : V4_UDP_CSUM,
				   0);
		assert_int_equal(tx_env_send(&e, m, out, 4), 1);
		assert_int_equal(rte_pktmbuf_mtod_offset(out[0], uint16_t *, lay.l4 + 6)[0],
				 0xffff);
		rte_pktmbuf_free(out[0]);
	}
}

static void checksum_fields_split_across_mbufs(void **state)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 999, .tcp_flags = RTE_TCP_ACK_FLAG};
	/* inside the IP checksum field, inside the TCP checksum field, odd payload splits */
	const uint32_t splits[] = {14 + 11, 34 + 17, 101, 102, 555};
	struct tx_env e;

	tx_env_init(&e, pool);
	csum_and_check(&e, &s, V4_TCP_CSUM, splits, RTE_DIM(splits));
	s.ipv6 = true;
	const uint32_t splits6[] = {54 + 17, 99, 100, 777};
	csum_and_check(&e, &s, V6_TCP_CSUM, splits6, RTE_DIM(splits6));
}

static void shared_packet_is_not_written_but_rebuilt(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 700,
				.tcp_flags = RTE_TCP_ACK_FLAG,
				.phdr_in_l4 = true};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m, *clone;
	struct tx_env e;
	static uint8_t before[TX_PKT_MAX];

	tx_env_init(&e, pool);
	tx_pkt_build(orig, &s, &lay);
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	clone = rte_pktmbuf_clone(m, pool);
	tx_pkt_set_offload(clone, &s, &lay, V4_TCP_CSUM, 0);
	assert_int_equal(tx_env_send(&e, clone, out, 4), 1);
	assert_ptr_not_equal(out[0], clone);
	/* the original owner's bytes are untouched */
	tx_pkt_flatten(m, before);
	tx_assert_bytes(before, orig, lay.len, "shared original");
	assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
	expected_csum_frame(&s, &lay, true, true);
	tx_assert_bytes(got, exp, lay.len, "rebuilt frame");
	rte_pktmbuf_free(out[0]);
	rte_pktmbuf_free(m);
}

static void packets_without_offload_pass_untouched(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP, .payload_len = 100};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;

	tx_env_init(&e, pool);
	tx_pkt_build(orig, &s, &lay);
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	m->ol_flags = RTE_MBUF_F_TX_IPV4; /* describes, asks for nothing */
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), 0);
	assert_int_equal(tx_env_send(&e, m, out, 4), 1);
	assert_ptr_equal(out[0], m);
	assert_int_equal(m->ol_flags, RTE_MBUF_F_TX_IPV4);
	tx_pkt_flatten(m, got);
	tx_assert_bytes(got, orig, lay.len, "pass-through");
	rte_pktmbuf_free(m);
}

static void disabled_checksum_offloads_are_dropped_and_counted(void **state)
{
	struct tx_env e;
	struct {
		uint8_t *field;
		uint64_t flags;
		bool ipv6;
		uint8_t proto;
	} cases[4];
	unsigned int i;

	tx_env_init(&e, pool);
	cases[0] = (typeof(cases[0])){&e.cfg.ipv4_csum, RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM,
				      false, IPPROTO_TCP};
	cases[1] = (typeof(cases[0])){&e.cfg.tcp4_csum, V4_TCP_CSUM, false, IPPROTO_TCP};
	cases[2] = (typeof(cases[0])){&e.cfg.udp6_csum, V6_UDP_CSUM, true, IPPROTO_UDP};
	cases[3] = (typeof(cases[0])){&e.cfg.tcp6_csum, V6_TCP_CSUM, true, IPPROTO_TCP};
	for (i = 0; i < RTE_DIM(cases); i++) {
		struct tx_pkt_spec s = {
		    .ipv6 = cases[i].ipv6, .l4_proto = cases[i].proto, .payload_len = 50};
		struct tx_pkt_layout lay;
		struct rte_mbuf *m;

		*cases[i].field = TASKOFF_CSUM_RX; /* TX off */
		m = tx_pkt_make(pool, orig, &s, &lay, cases[i].flags, 0, NULL, 0);
		assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -ENOTSUP);
		assert_int_equal(tx_env_send(&e, m, out, 4), 0);
		assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], i + 1);
		*cases[i].field = TASKOFF_CSUM_RX | TASKOFF_CSUM_TX;
	}
}

static struct rte_mbuf *tso_pkt(uint32_t payload, uint16_t mss)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = payload, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;

	m = tx_pkt_make(pool, orig, &s, &lay, V4_TSO, mss, NULL, 0);
	return m;
}

static void burst_stops_before_packet_that_does_not_fit(void **state)
{
	struct rte_mbuf *pkts[3] = {tso_pkt(400, 100), tso_pkt(400, 100), tso_pkt(400, 100)};
	struct tx_env e;
	uint16_t nb_out = 0;

	tx_env_init(&e, pool);
	/* 4 + 4 frames do not fit in 6: one packet consumed, the next left to the caller */
	assert_int_equal(taskoff_tx_burst(&e.ctx, pkts, 3, out, 6, &nb_out), 1);
	assert_int_equal(nb_out, 4);
	rte_pktmbuf_free_bulk(out, nb_out);
	assert_int_equal(taskoff_tx_burst(&e.ctx, pkts + 1, 2, out, 8, &nb_out), 2);
	assert_int_equal(nb_out, 8);
	rte_pktmbuf_free_bulk(out, nb_out);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 3);
}

static void too_many_frames_is_dropped(void **state)
{
	struct rte_mbuf *pkts[2] = {tso_pkt(1000, 100), tso_pkt(400, 100)};
	struct tx_env e;
	uint16_t nb_out = 0;

	tx_env_init(&e, pool);
	e.ctx.max_frames_per_pkt = 8;
	/* prepare refuses what the burst will drop */
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 8, pkts[0]), -EMSGSIZE);
	assert_int_equal(taskoff_tx_check(&e.cfg, 8, pkts[0]), TASKOFF_TX_TOO_MANY_SEGMENTS);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 8, pkts[1]), 0);
	assert_int_equal(taskoff_tx_burst(&e.ctx, pkts, 2, out, RTE_DIM(out), &nb_out), 2);
	assert_int_equal(nb_out, 4);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TOO_MANY_SEGMENTS], 1);
	rte_pktmbuf_free_bulk(out, nb_out);
}

static void header_pool_exhausted_is_counted_not_leaked(void **state)
{
	struct rte_mempool *tiny = test_pktmbuf_pool("tx_tiny", 3, 256);
	struct rte_mbuf *m = tso_pkt(1000, 100);
	struct tx_env e;

	assert_non_null(tiny);
	tx_env_init(&e, pool);
	e.ctx.hdr_pool = tiny;
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_NO_MBUF], 1);
	assert_int_equal(test_mempool_in_use(tiny), 0);
	rte_mempool_free(tiny);
}

static void separate_indirect_pool_carries_the_payload(void **state)
{
	struct rte_mempool *ind = test_pktmbuf_pool("tx_ind", 255, 0);
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 1000, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;
	uint16_t nb, i;

	assert_non_null(ind);
	tx_env_init(&e, pool);
	e.ctx.indirect_pool = ind;
	m = tx_pkt_make(pool, orig, &s, &lay, V4_TSO, 300, NULL, 0);
	nb = tx_env_send(&e, m, out, RTE_DIM(out));
	assert_int_equal(nb, 4);
	for (i = 0; i < nb; i++) {
		assert_ptr_equal(out[i]->pool, pool);
		assert_ptr_equal(out[i]->next->pool, ind);
	}
	/* the input was released; its data lives on through the indirect mbufs */
	assert_int_equal(test_mempool_in_use(ind), 4);
	rte_pktmbuf_free_bulk(out, nb);
	assert_int_equal(test_mempool_in_use(ind), 0);
	rte_mempool_free(ind);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(tcp_ipv4_checksum_with_options_both_field_conventions,
				      check_pool),
	    cmocka_unit_test_teardown(udp_ipv4_and_ipv6_checksums, check_pool),
	    cmocka_unit_test_teardown(tcp_ipv6_with_routing_header_uses_final_destination,
				      check_pool),
	    cmocka_unit_test_teardown(udp_checksum_zero_is_sent_as_ffff, check_pool),
	    cmocka_unit_test_teardown(checksum_fields_split_across_mbufs, check_pool),
	    cmocka_unit_test_teardown(shared_packet_is_not_written_but_rebuilt, check_pool),
	    cmocka_unit_test_teardown(packets_without_offload_pass_untouched, check_pool),
	    cmocka_unit_test_teardown(disabled_checksum_offloads_are_dropped_and_counted,
				      check_pool),
	    cmocka_unit_test_teardown(burst_stops_before_packet_that_does_not_fit, check_pool),
	    cmocka_unit_test_teardown(too_many_frames_is_dropped, check_pool),
	    cmocka_unit_test_teardown(header_pool_exhausted_is_counted_not_leaked, check_pool),
	    cmocka_unit_test_teardown(separate_indirect_pool_carries_the_payload, check_pool),
	};

	if (test_eal_init("test_tx_burst") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_burst", 1023, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
