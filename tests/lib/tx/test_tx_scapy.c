/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transmit checksums against scapy (tests/tx_data/scapy_fixtures.h): the
 * packets scapy built, checksum fields corrupted, must come out byte for byte
 * as scapy computed them, including IPv6 routing-header final destinations
 * (type 0 and SRH), NVGRE outer + inner checksums and VXLAN outer IPv4 + outer
 * UDP + inner checksums (outer IPv4 and IPv6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_TCP	(RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_CKSUM)
#define V4_UDP	(RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM)
#define V6_TCP	(RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_CKSUM)
#define V6_UDP	(RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM)
#define V4_SCTP (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_SCTP_CKSUM)
#define V6_SCTP (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_SCTP_CKSUM)
#define TUN_V4_TCP                                                                                 \
	(RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM |      \
	 V4_TCP)
#define VX_V4_TCP                                                                                  \
	(RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM |    \
	 RTE_MBUF_F_TX_OUTER_UDP_CKSUM | V4_TCP)
/* IPv6 outer: the outer UDP checksum is computed without being asked */
#define VX_V6_UDP6 (RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV6 | V6_UDP)

#include "../../tx_data/scapy_fixtures.h"

static struct rte_mempool *pool;

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

static void run_fixture(const struct scapy_fixture *f, const uint32_t *splits, unsigned int n)
{
	static uint8_t in[2048], got[2048];
	struct rte_mbuf *m, *out[2];
	struct tx_env e;
	unsigned int i;

	memcpy(in, f->expected, f->len);
	for (i = 0; i < RTE_DIM(f->ck_off) && f->ck_off[i] != 0; i++)
		in[f->ck_off[i]] = in[f->ck_off[i] + 1] = 0xa5;
	m = tx_pkt_mbuf(pool, in, f->len, splits, n);
	m->ol_flags = f->flags;
	m->outer_l2_len = f->outer_l2;
	m->outer_l3_len = f->outer_l3;
	m->l2_len = f->l2;
	m->l3_len = f->l3;
	m->l4_len = f->l4;
	tx_env_init(&e, pool);
	e.cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	assert_int_equal(tx_env_send(&e, m, out, 2), 1);
	assert_int_equal(tx_pkt_flatten(out[0], got), f->len);
	tx_assert_bytes(got, f->expected, f->len, f->name);
	rte_pktmbuf_free(out[0]);
}

static void checksums_match_scapy(void **state)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(scapy_fixtures); i++)
		run_fixture(&scapy_fixtures[i], NULL, 0);
}

static void checksums_match_scapy_on_odd_chains(void **state)
{
	static const uint32_t splits[] = {13, 25, 55, 69, 111, 119, 201};
	unsigned int i;

	for (i = 0; i < RTE_DIM(scapy_fixtures); i++)
		run_fixture(&scapy_fixtures[i], splits, RTE_DIM(splits));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(checksums_match_scapy, check_pool),
	    cmocka_unit_test_teardown(checksums_match_scapy_on_odd_chains, check_pool),
	};

	if (test_eal_init("test_tx_scapy") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_scapy", 511, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
