/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test against DPDK's rte_gso_segment() for TCP/IPv4, GRE/IPv4
 * and VXLAN/IPv4 (the cases rte_gso supports that we share): same segment
 * boundaries, sequence numbers, lengths and IDs. rte_gso leaves checksums to
 * the NIC, so they are computed on its output before comparing bytes (outer
 * and inner IPv4 header, inner TCP, and for VXLAN the outer UDP checksum when
 * RTE_MBUF_F_TX_OUTER_UDP_CKSUM asks for it; otherwise a NIC leaves the field
 * as rte_gso copied it, and the template carries 0 as testpmd sends it).
 * Documented differences, asserted below: rte_gso keeps CWR on every segment
 * (NDIS: first only) and always walks the IPv4 ID over 16 bits (LSOv2: 15);
 * rte_gso needs every header in the first mbuf, taskoff does not; a VXLAN/IPv4
 * template with a non-zero outer UDP checksum and no OUTER_UDP_CKSUM request
 * keeps that (now wrong) value on every rte_gso segment, taskoff sends 0.
 * rte_gso 22.11 has no IPv6 (inner or outer): only IPv4 is compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define TUN_V4 (RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM)
#define VX_V4  (RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM)

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX], ours_b[TX_PKT_MAX], gso_b[TX_PKT_MAX];
static struct rte_mbuf *ours[256], *gso[256];

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

/* What a NIC would do to rte_gso's output: fill the IPv4 and TCP checksums. */
static void nic_checksums(uint8_t *f, const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay,
			  uint32_t len)
{
	if (s->tunnel)
		put_be16(f + lay->outer_l3 + 10, tx_ref_ip4_cksum(f + lay->outer_l3));
	put_be16(f + lay->l3 + 10, tx_ref_ip4_cksum(f + lay->l3));
	put_be16(f + lay->l4 + 16, 0);
	put_be16(f + lay->l4 + 16, tx_ref_l4_cksum(f, s, lay, len - lay->l4));
	if (s->tunnel && s->vxlan && s->outer_udp_cksum) /* covers the inner bytes: last */
		put_be16(f + lay->outer_l4 + 6, tx_ref_outer_udp_cksum(f, s, lay));
}

static uint64_t request(const struct tx_pkt_spec *s)
{
	if (!s->tunnel)
		return V4_TSO;
	if (!s->vxlan)
		return V4_TSO | TUN_V4;
	return V4_TSO | VX_V4 | (s->outer_udp_cksum ? RTE_MBUF_F_TX_OUTER_UDP_CKSUM : 0);
}

/* Segment the same packet both ways; returns the segment count (equal on both sides). */
static uint16_t segment_both(const struct tx_pkt_spec *s, struct tx_pkt_layout *lay, uint16_t mss,
			     const uint32_t *splits, unsigned int nb_splits, struct tx_env *e)
{
	struct rte_gso_ctx ctx = {
	    .direct_pool = pool,
	    .indirect_pool = pool,
	    .flag = 0,
	    .gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO |
			 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO,
	};
	uint64_t flags = request(s);
	struct rte_mbuf *a, *b;
	int n_gso;
	uint16_t n_ours;

	tx_pkt_build(orig, s, lay);
	ctx.gso_size = (uint16_t)(lay->hdr_len + mss);
	a = tx_pkt_mbuf(pool, orig, lay->len, splits, nb_splits);
	b = tx_pkt_mbuf(pool, orig, lay->len, splits, nb_splits);
	tx_pkt_set_offload(a, s, lay, flags, mss);
	tx_pkt_set_offload(b, s, lay, flags, mss);
	n_gso = rte_gso_segment(a, &ctx, gso, RTE_DIM(gso));
	assert_true(n_gso > 1);
	rte_pktmbuf_free(a); /* since 20.11 the caller frees the input */
	n_ours = tx_env_send(e, b, ours, RTE_DIM(ours));
	assert_int_equal(n_ours, n_gso);
	return n_ours;
}

static void compare_all(const struct tx_pkt_spec *s, const struct tx_pkt_layout *lay, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		uint32_t la = tx_pkt_flatten(ours[i], ours_b), lb = tx_pkt_flatten(gso[i], gso_b);

		assert_int_equal(la, lb); /* same boundaries */
		nic_checksums(gso_b, s, lay, lb);
		tx_assert_bytes(ours_b, gso_b, la, "ours vs rte_gso");
	}
	rte_pktmbuf_free_bulk(ours, n);
	rte_pktmbuf_free_bulk(gso, n);
}

static void tcp_ipv4_same_as_rte_gso(void **state)
{
	static const uint8_t opts[12] = {1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8};
	/* payload splits only: rte_gso assumes the headers sit in the first mbuf
	 * (a split inside them makes it emit garbage lengths); ours does not */
	static const uint32_t splits[] = {99, 1500, 1501, 4001};
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 9000,
				.seq = 0xfffff000,
				.ip_id = 1000,
				.ip_opts_len = 8,
				.tcp_opts = opts,
				.tcp_opts_len = sizeof(opts),
				.tcp_flags =
				    RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_FIN_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t mss;

	tx_env_init(&e, pool);
	for (mss = 500; mss <= 1460; mss += 320)
		compare_all(&s, &lay, segment_both(&s, &lay, mss, NULL, 0, &e));
	compare_all(&s, &lay, segment_both(&s, &lay, 1000, splits, RTE_DIM(splits), &e));
}

static void gre_ipv4_same_as_rte_gso(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 7777,
				.seq = 5,
				.ip_id = 10,
				.outer_id = 20,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;

	tx_env_init(&e, pool);
	compare_all(&s, &lay, segment_both(&s, &lay, 1400, NULL, 0, &e));
}

static void vxlan_ipv4_same_as_rte_gso(void **state)
{
	static const uint32_t splits[] = {120, 1333, 1334, 5001};
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 7777,
				.seq = 0xffffff00,
				.ip_id = 10,
				.outer_id = 0xfffe,
				.tcp_flags =
				    RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_FIN_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t mss;

	tx_env_init(&e, pool);
	e.cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	/* outer UDP checksum 0 and not asked (testpmd's TSO without outer-udp hw) */
	for (mss = 500; mss <= 1460; mss += 320)
		compare_all(&s, &lay, segment_both(&s, &lay, mss, NULL, 0, &e));
	/* asked (`csum set outer-udp hw`): the NIC fills it on rte_gso's output */
	s.outer_udp_cksum = true;
	compare_all(&s, &lay, segment_both(&s, &lay, 1400, NULL, 0, &e));
	compare_all(&s, &lay, segment_both(&s, &lay, 1000, splits, RTE_DIM(splits), &e));
	/* with a VLAN tag in the inner Ethernet header */
	s.vlan = true;
	compare_all(&s, &lay, segment_both(&s, &lay, 1400, NULL, 0, &e));
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 7);
}

/* Documented: a stale outer UDP checksum not asked for is copied by rte_gso, zeroed by us. */
static void documented_difference_stale_outer_udp_cksum(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_ck = 0x1234,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t n, i;

	tx_env_init(&e, pool);
	e.cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	n = segment_both(&s, &lay, 1000, NULL, 0, &e);
	for (i = 0; i < n; i++) {
		const uint8_t *a = rte_pktmbuf_mtod(ours[i], const uint8_t *) + lay.outer_l4;
		const uint8_t *b = rte_pktmbuf_mtod(gso[i], const uint8_t *) + lay.outer_l4;

		assert_int_equal(b[6] << 8 | b[7], 0x1234);
		assert_int_equal(a[6] << 8 | a[7], 0);
	}
	rte_pktmbuf_free_bulk(ours, n);
	rte_pktmbuf_free_bulk(gso, n);
}

static void documented_differences_cwr_and_lsov2_id(void **state)
{
	struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.ip_id = 0x7fff,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_CWR_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t n, i;

	tx_env_init(&e, pool);
	n = segment_both(&s, &lay, 1000, NULL, 0, &e);
	for (i = 0; i < n; i++) {
		const uint8_t *a = rte_pktmbuf_mtod(ours[i], const uint8_t *);
		const uint8_t *b = rte_pktmbuf_mtod(gso[i], const uint8_t *);
		uint16_t id_a = (uint16_t)(a[lay.l3 + 4] << 8 | a[lay.l3 + 5]);
		uint16_t id_b = (uint16_t)(b[lay.l3 + 4] << 8 | b[lay.l3 + 5]);

		assert_int_equal(b[lay.l4 + 13] & RTE_TCP_CWR_FLAG, RTE_TCP_CWR_FLAG);
		assert_int_equal(a[lay.l4 + 13] & RTE_TCP_CWR_FLAG, i == 0 ? RTE_TCP_CWR_FLAG : 0);
		assert_int_equal(id_b, (uint16_t)(0x7fff + i));
		assert_int_equal(id_a, (0x7fff + i) & 0x7fff);
	}
	rte_pktmbuf_free_bulk(ours, n);
	rte_pktmbuf_free_bulk(gso, n);
	/* with LSOv1 (16-bit IDs) and no CWR the two agree byte for byte */
	e.cfg.lsov2_ipv4 = false;
	s.tcp_flags = RTE_TCP_ACK_FLAG;
	compare_all(&s, &lay, segment_both(&s, &lay, 1000, NULL, 0, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(tcp_ipv4_same_as_rte_gso, check_pool),
	    cmocka_unit_test_teardown(gre_ipv4_same_as_rte_gso, check_pool),
	    cmocka_unit_test_teardown(vxlan_ipv4_same_as_rte_gso, check_pool),
	    cmocka_unit_test_teardown(documented_difference_stale_outer_udp_cksum, check_pool),
	    cmocka_unit_test_teardown(documented_differences_cwr_and_lsov2_id, check_pool),
	};

	if (test_eal_init("test_tx_gso_diff") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_gso", 2047, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
