/* SPDX-License-Identifier: BSD-3-Clause */
/* NVGRE tunnel LSO and tunnel checksums (SPEC §2.6). */
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

#define TUN_V4	  (RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM)
#define TUN_V6	  (RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV6)
#define IN_V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define IN_V6_TSO (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_SEG)

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
	static const uint32_t splits[] = {30, 77, 2001};

	return tx_pkt_make(pool, orig, s, lay, flags, mss, splits, RTE_DIM(splits));
}

static void tunnel_lso_and_check(struct tx_env *e, const struct tx_pkt_spec *s, uint64_t flags,
				 uint16_t mss, bool id15)
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m = make(s, &lay, flags, mss);

	tx_env_segment_and_check(e, m, orig, s, &lay, mss, id15);
}

static void nvgre_v4_in_v4_lso_both_ids_increment(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 4000,
				.seq = 9,
				.ip_id = 0x7ffe,
				.outer_id = 0xfffe,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG,
				.phdr_in_l4 = true};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;

	tx_env_init(&e, pool);
	tunnel_lso_and_check(&e, &s, TUN_V4 | IN_V4_TSO, 1400, true);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_SEGMENTS], 3);
	/* explicitly: outer fffe ffff 0000, inner (LSOv2) 7ffe 7fff 0000 */
	nb = tx_env_send(&e, make(&s, &lay, TUN_V4 | IN_V4_TSO, 1400), out, RTE_DIM(out));
	assert_int_equal(nb, 3);
	for (i = 0; i < nb; i++) {
		const struct rte_ipv4_hdr *o =
		    rte_pktmbuf_mtod_offset(out[i], struct rte_ipv4_hdr *, lay.outer_l3);
		const struct rte_ipv4_hdr *in =
		    rte_pktmbuf_mtod_offset(out[i], struct rte_ipv4_hdr *, lay.l3);

		assert_int_equal(rte_be_to_cpu_16(o->packet_id), (uint16_t)(0xfffe + i));
		assert_int_equal(rte_be_to_cpu_16(in->packet_id), (0x7ffe + i) & 0x7fff);
	}
	rte_pktmbuf_free_bulk(out, nb);
}

static void nvgre_v6_in_v4_lso(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3500,
				.seq = 100,
				.outer_id = 0x1234,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_env e;

	tx_env_init(&e, pool);
	tunnel_lso_and_check(&e, &s, TUN_V4 | IN_V6_TSO, 1000, false);
	s.outer_ipv6 = true; /* and v6 in v6 */
	tunnel_lso_and_check(&e, &s, TUN_V6 | IN_V6_TSO, 1000, false);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 2);
}

static void nvgre_v4_in_v6_lso(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.outer_ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3500,
				.seq = 100,
				.ip_id = 0xffff,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_FIN_FLAG};
	struct tx_env e;

	tx_env_init(&e, pool);
	tunnel_lso_and_check(&e, &s, TUN_V6 | IN_V4_TSO, 1000, true);
}

/* NDIS offers NVGRE LSO only as LSOv2: LsoV2IPv4 off and LsoV1 on does not serve it. */
static void nvgre_lso_is_not_served_by_lsov1(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3500,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;
	unsigned int outer_v6;

	tx_env_init(&e, pool);
	e.cfg.lsov2_ipv4 = false;
	assert_true(e.cfg.lsov1);
	for (outer_v6 = 0; outer_v6 < 2; outer_v6++) {
		s.outer_ipv6 = outer_v6;
		m = make(&s, &lay, (outer_v6 ? TUN_V6 : TUN_V4) | IN_V4_TSO, 1000);
		assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_OFFLOAD_DISABLED);
		assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), -ENOTSUP);
		assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	}
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], 2);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 0);
	/* the same packet without the tunnel is plain LSOv1 */
	s.tunnel = false;
	s.ip_id = 0xffff;
	tunnel_lso_and_check(&e, &s, IN_V4_TSO, 1000, false);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 1);
}

static void nvgre_offloads_need_encapsulation_enabled(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;

	tx_env_init(&e, pool);
	e.cfg.encap_enabled = false;
	assert_int_equal(tx_env_send(&e, make(&s, &lay, TUN_V4 | IN_V4_TSO, 1000), out, 8), 0);
	e.cfg.encap_enabled = true;
	e.cfg.encap_types = TASKOFF_ENCAP_VXLAN;
	assert_int_equal(tx_env_send(&e, make(&s, &lay, TUN_V4 | IN_V4_TSO, 1000), out, 8), 0);
	e.cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	e.cfg.lsov2_ipv4 = e.cfg.lsov1 = false; /* the underlying offload */
	assert_int_equal(tx_env_send(&e, make(&s, &lay, TUN_V4 | IN_V4_TSO, 1000), out, 8), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], 3);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 0);
}

static void nvgre_checksums_without_segmentation(void **state)
{
	static uint8_t got[TX_PKT_MAX], exp[TX_PKT_MAX];
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_UDP,
				.payload_len = 901,
				.ip_opts_len = 4,
				.phdr_in_l4 = true};
	struct tx_pkt_layout lay;
	struct tx_env e;
	struct rte_mbuf *m;
	uint16_t nb;

	tx_env_init(&e, pool);
	m = make(&s, &lay, 0, 0);
	m->ol_flags =
	    TUN_V4 | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM;
	/* break both IPv4 checksums: they must be recomputed */
	orig[lay.outer_l3 + 10] ^= 0xff;
	orig[lay.l3 + 10] ^= 0xff;
	rte_pktmbuf_free(m);
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	tx_pkt_set_offload(
	    m, &s, &lay,
	    TUN_V4 | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM, 0);
	nb = tx_env_send(&e, m, out, 8);
	assert_int_equal(nb, 1);
	assert_ptr_equal(out[0], m); /* in place */
	assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
	memcpy(exp, orig, lay.len);
	exp[lay.outer_l3 + 10] = exp[lay.outer_l3 + 11] = 0;
	*(uint16_t *)(exp + lay.outer_l3 + 10) =
	    rte_cpu_to_be_16(tx_ref_ip4_cksum(exp + lay.outer_l3));
	*(uint16_t *)(exp + lay.l3 + 10) = rte_cpu_to_be_16(tx_ref_ip4_cksum(exp + lay.l3));
	exp[lay.l4 + 6] = exp[lay.l4 + 7] = 0;
	*(uint16_t *)(exp + lay.l4 + 6) =
	    rte_cpu_to_be_16(tx_ref_l4_cksum(exp, &s, &lay, lay.len - lay.l4));
	tx_assert_bytes(got, exp, lay.len, "nvgre csum");
	assert_int_equal(e.cnt.v[TASKOFF_CNT_CSUM_TX_FILLED], 1);
	assert_int_equal(out[0]->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS, 0);
	rte_pktmbuf_free(out[0]);
}

static void nvgre_outer_checksum_only(void **state)
{
	static uint8_t got[TX_PKT_MAX], exp[TX_PKT_MAX];
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 100,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	struct rte_mbuf *m;

	tx_env_init(&e, pool);
	tx_pkt_build(orig, &s, &lay);
	orig[lay.outer_l3 + 10] = orig[lay.outer_l3 + 11] = 0x77;
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	tx_pkt_set_offload(m, &s, &lay, TUN_V4, 0);
	assert_int_equal(taskoff_tx_prepare(&e.cfg, 0, m), 0);
	assert_int_equal(tx_env_send(&e, m, out, 8), 1);
	memcpy(exp, orig, lay.len);
	*(uint16_t *)(exp + lay.outer_l3 + 10) =
	    rte_cpu_to_be_16(tx_ref_ip4_cksum(exp + lay.outer_l3));
	assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
	tx_assert_bytes(got, exp, lay.len, "outer only"); /* inner bytes untouched */
	rte_pktmbuf_free(out[0]);
	/* outer IPv4 checksum disabled: dropped */
	e.cfg.ipv4_csum = TASKOFF_CSUM_RX;
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	tx_pkt_set_offload(m, &s, &lay, TUN_V4, 0);
	assert_int_equal(tx_env_send(&e, m, out, 8), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED], 1);
}

static void gre_that_is_not_nvgre_is_refused(void **state)
{
	static const struct {
		unsigned int off;
		uint8_t val;
	} lies[] = {{0, 0xa0}, /* C bit */ {0, 0x30},	  /* S bit */ {0, 0x00}, /* no K */
		    {1, 0x01}, /* version 1 */ {2, 0x08}, /* protocol 0x0858 */};
	struct tx_env e;
	unsigned int i;

	tx_env_init(&e, pool);
	for (i = 0; i < RTE_DIM(lies); i++) {
		struct tx_pkt_spec s = {.tunnel = true,
					.l4_proto = IPPROTO_TCP,
					.payload_len = 3000,
					.tcp_flags = RTE_TCP_ACK_FLAG};
		struct tx_pkt_layout lay;
		struct rte_mbuf *m;

		tx_pkt_build(orig, &s, &lay);
		orig[lay.outer_l3 + lay.outer_l3_len + lies[i].off] = lies[i].val;
		m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
		tx_pkt_set_offload(m, &s, &lay, TUN_V4 | IN_V4_TSO, 1000);
		assert_int_equal(taskoff_tx_check(&e.cfg, 0, m), TASKOFF_TX_BAD_GRE);
		assert_int_equal(tx_env_send(&e, m, out, 8), 0);
	}
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_BAD_GRE], RTE_DIM(lies));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(nvgre_v4_in_v4_lso_both_ids_increment, check_pool),
	    cmocka_unit_test_teardown(nvgre_v6_in_v4_lso, check_pool),
	    cmocka_unit_test_teardown(nvgre_v4_in_v6_lso, check_pool),
	    cmocka_unit_test_teardown(nvgre_lso_is_not_served_by_lsov1, check_pool),
	    cmocka_unit_test_teardown(nvgre_offloads_need_encapsulation_enabled, check_pool),
	    cmocka_unit_test_teardown(nvgre_checksums_without_segmentation, check_pool),
	    cmocka_unit_test_teardown(nvgre_outer_checksum_only, check_pool),
	    cmocka_unit_test_teardown(gre_that_is_not_nvgre_is_refused, check_pool),
	};

	if (test_eal_init("test_tx_tunnel") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_tunnel", 2047, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
