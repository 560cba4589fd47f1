/* SPDX-License-Identifier: BSD-3-Clause */
/* USO (SPEC §2.3): complete UDP datagrams per segment, IDs over 16 bits, zero-checksum rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ip.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_USO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_SEG)
#define V6_USO (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_SEG)

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX];
static struct rte_mbuf *out[512];

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

static struct rte_mbuf *make(const struct tx_pkt_spec *s, struct tx_pkt_layout *lay, uint64_t flags,
			     uint16_t mss)
{
	static const uint32_t splits[] = {23, 333, 1111};

	return tx_pkt_make(pool, orig, s, lay, flags, mss, splits, RTE_DIM(splits));
}

static void uso_and_check(struct tx_env *e, const struct tx_pkt_spec *s, uint64_t flags,
			  uint16_t mss)
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m = make(s, &lay, flags, mss);

	tx_env_segment_and_check(e, m, orig, s, &lay, mss, false);
}

static void uso_ipv4_datagrams_with_options_and_16bit_id_wrap(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_UDP,
				.payload_len = 5000,
				.ip_opts_len = 8,
				.ip_id = 0xfffe,
				.phdr_in_l4 = true};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb;

	tx_env_init(&e, pool);
	uso_and_check(&e, &s, V4_USO, 1200);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_PACKETS], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_SEGMENTS], 5);
	/* header bytes of every segment: 14 + 28 + 8 */
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_HEADER_BYTES], 5 * 50);
	/* explicitly: IDs fffe ffff 0000 0001 0002 */
	nb = tx_env_send(&e, make(&s, &lay, V4_USO, 1200), out, RTE_DIM(out));
	assert_int_equal(nb, 5);
	assert_int_equal(
	    rte_be_to_cpu_16(
		rte_pktmbuf_mtod_offset(out[2], struct rte_ipv4_hdr *, lay.l3)->packet_id),
	    0x0000);
	assert_int_equal(
	    rte_be_to_cpu_16(
		rte_pktmbuf_mtod_offset(out[4], struct rte_ipv4_hdr *, lay.l3)->packet_id),
	    0x0002);
	rte_pktmbuf_free_bulk(out, nb);
}

static void uso_ipv6_datagrams(void **state)
{
	struct tx_pkt_spec s = {
	    .ipv6 = true, .l4_proto = IPPROTO_UDP, .payload_len = 3001, .phdr_in_l4 = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	uso_and_check(&e, &s, V6_USO, 1000);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_SEGMENTS], 4);
}

static void uso_ipv4_zero_template_checksum_sends_zero(void **state)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_UDP, .payload_len = 2500, .zero_l4_cksum = true};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;

	tx_env_init(&e, pool);
	nb = tx_env_send(&e, make(&s, &lay, V4_USO, 1000), out, RTE_DIM(out));
	assert_int_equal(nb, 3);
	for (i = 0; i < nb; i++)
		assert_int_equal(rte_pktmbuf_mtod_offset(out[i], uint16_t *, lay.l4 + 6)[0], 0);
	rte_pktmbuf_free_bulk(out, nb);
	uso_and_check(&e, &s, V4_USO, 1000);
}

static void uso_ipv6_zero_template_checksum_is_still_computed(void **state)
{
	struct tx_pkt_spec s = {
	    .ipv6 = true, .l4_proto = IPPROTO_UDP, .payload_len = 2500, .zero_l4_cksum = true};
	struct tx_env e;

	tx_env_init(&e, pool);
	/* the expected frames carry real checksums (tx_pkt_expected_segment: IPv6 always) */
	uso_and_check(&e, &s, V6_USO, 1000);
}

static void uso_disabled_or_below_min_segments_is_dropped(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_UDP, .payload_len = 2500};
	struct tx_pkt_layout lay;
	struct tx_env e;

	tx_env_init(&e, pool);
	e.cfg.uso_ipv4 = false;
	assert_int_equal(tx_env_send(&e, make(&s, &lay, V4_USO, 1000), out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], 1);
	e.cfg.uso_ipv4 = true;
	assert_int_equal(tx_env_send(&e, make(&s, &lay, V4_USO, 3000), out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TOO_FEW_SEGMENTS], 1);
	e.cfg.uso_max_size = 1000;
	assert_int_equal(tx_env_send(&e, make(&s, &lay, V4_USO, 500), out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_TOO_BIG], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_PACKETS], 0);
	/* USO does not depend on the UDP checksum keyword (SPEC §2.7) */
	e.cfg.uso_max_size = 262144;
	e.cfg.udp4_csum = 0;
	uso_and_check(&e, &s, V4_USO, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(uso_ipv4_datagrams_with_options_and_16bit_id_wrap,
				      check_pool),
	    cmocka_unit_test_teardown(uso_ipv6_datagrams, check_pool),
	    cmocka_unit_test_teardown(uso_ipv4_zero_template_checksum_sends_zero, check_pool),
	    cmocka_unit_test_teardown(uso_ipv6_zero_template_checksum_is_still_computed,
				      check_pool),
	    cmocka_unit_test_teardown(uso_disabled_or_below_min_segments_is_dropped, check_pool),
	};

	if (test_eal_init("test_tx_uso") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_uso", 2047, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
