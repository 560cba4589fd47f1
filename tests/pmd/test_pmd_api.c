/* SPDX-License-Identifier: BSD-3-Clause */
/* net_taskoff through the ethdev API: devargs validation, link-down drops,
 * back-pressure, stats reset, offload negotiation. The PMD is loaded with
 * `-d`, exactly as applications load it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "test_eal.h"

static struct rte_mempool *pool;

static int xstat(uint16_t port, const char *name)
{
	uint64_t id, value;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0)
		return -1;
	if (rte_eth_xstats_get_by_id(port, &id, &value, 1) != 1)
		return -1;
	return (int)value;
}

static uint16_t port_of(const char *name)
{
	uint16_t id = UINT16_MAX;

	assert_int_equal(rte_eth_dev_get_port_by_name(name, &id), 0);
	return id;
}

static void port_setup(uint16_t port, uint16_t nq)
{
	struct rte_eth_conf conf = {0};
	uint16_t q;

	assert_int_equal(rte_eth_dev_configure(port, nq, nq, &conf), 0);
	for (q = 0; q < nq; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(port, q, 512, SOCKET_ID_ANY, NULL, pool),
				 0);
		assert_int_equal(rte_eth_tx_queue_setup(port, q, 512, SOCKET_ID_ANY, NULL), 0);
	}
}

static unsigned int alloc_frames(struct rte_mbuf **m, unsigned int n, uint16_t len)
{
	unsigned int i;

	assert_int_equal(rte_pktmbuf_alloc_bulk(pool, m, n), 0);
	for (i = 0; i < n; i++) {
		char *p = rte_pktmbuf_append(m[i], len);

		memset(p, (int)i, len);
	}
	return n;
}

static void bad_devargs_fail_probe_cleanly(void **state)
{
	static const char *const bad[][2] = {
	    {"net_taskoff10", "bogus=1"},
	    {"net_taskoff11", "queues=0"},
	    {"net_taskoff12", "queues=1000"},
	    {"net_taskoff13", "queues=two"},
	    {"net_taskoff14", "peer=net_taskoff99"},
	    {"net_taskoff15", "peer=net_taskoff15"},
	    {"net_taskoff16", "lower=net_taskoff16"},
	    {"net_taskoff17", "lower=net_nothere0"},
	    {"net_taskoff18", "peer=net_taskoffB,lower=net_taskoffA"},
	    {"net_taskoff19", "mac=zz:00:00:00:00:00"},
	};
	uint16_t before = rte_eth_dev_count_avail();
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		print_message("devargs %s\n", bad[i][1]);
		assert_true(rte_vdev_init(bad[i][0], bad[i][1]) < 0);
	}
	assert_int_equal(rte_eth_dev_count_avail(), before);
}

static void tx_to_stopped_peer_is_counted_as_link_down(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB");
	struct rte_mbuf *m[16];
	unsigned int start = test_mempool_in_use(pool);

	port_setup(a, 1);
	port_setup(b, 1);
	assert_int_equal(rte_eth_dev_start(a), 0);
	alloc_frames(m, 16, 60);
	assert_int_equal(rte_eth_tx_burst(a, 0, m, 16), 16);
	assert_int_equal(xstat(a, "tx_drop_link_down"), 16);
	assert_int_equal(xstat(a, "tx_packets"), 0);
	assert_int_equal(test_mempool_in_use(pool), start);

	/* peer up: the same frames arrive byte for byte */
	assert_int_equal(rte_eth_dev_start(b), 0);
	alloc_frames(m, 16, 60);
	assert_int_equal(rte_eth_tx_burst(a, 0, m, 16), 16);
	assert_int_equal(rte_eth_rx_burst(b, 0, m, 16), 16);
	assert_int_equal(m[5]->pkt_len, 60);
	assert_int_equal(rte_pktmbuf_mtod(m[5], uint8_t *)[59], 5);
	assert_int_equal(m[5]->port, b);
	rte_pktmbuf_free_bulk(m, 16);
	assert_int_equal(xstat(b, "rx_packets"), 16);
	assert_int_equal(xstat(b, "rx_bytes"), 16 * 60);
	assert_int_equal(rte_eth_dev_stop(a), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	assert_int_equal(test_mempool_in_use(pool), start);
}

/* A full wire is back-pressure (packets not consumed), never a silent loss. */
static void full_wire_pushes_back_and_loses_nothing(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_mbuf *m[64];
	unsigned int start = test_mempool_in_use(pool), accepted = 0, received = 0, n, i;

	port_setup(p, 1);
	assert_int_equal(rte_eth_dev_start(p), 0);
	for (i = 0; i < 200; i++) {
		alloc_frames(m, 64, 64);
		n = rte_eth_tx_burst(p, 0, m, 64);
		accepted += n;
		rte_pktmbuf_free_bulk(m + n, 64 - n);
	}
	assert_true(accepted < 200 * 64);
	assert_true(accepted >= 2047);
	do {
		n = rte_eth_rx_burst(p, 0, m, 64);
		received += n;
		rte_pktmbuf_free_bulk(m, n);
		if (n == 0) /* the backlog moves on the next transmit call */
			n = rte_eth_tx_burst(p, 0, m, 0) + (received < accepted);
	} while (n != 0);
	assert_int_equal(received, accepted);
	assert_int_equal(xstat(p, "tx_packets"), accepted);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(test_mempool_in_use(pool), start);
}

static void stats_reset_zeroes_what_the_app_sees(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_eth_stats st;
	struct rte_mbuf *m[8];

	assert_int_equal(rte_eth_dev_start(p), 0);
	alloc_frames(m, 8, 100);
	assert_int_equal(rte_eth_tx_burst(p, 0, m, 8), 8);
	assert_int_equal(rte_eth_rx_burst(p, 0, m, 8), 8);
	rte_pktmbuf_free_bulk(m, 8);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_true(st.opackets > 0);
	assert_int_equal(rte_eth_stats_reset(p), 0);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 0);
	assert_int_equal(st.ipackets, 0);
	assert_int_equal(st.q_opackets[0], 0);
	assert_int_equal(xstat(p, "tx_bytes"), 0);
	alloc_frames(m, 8, 100);
	assert_int_equal(rte_eth_tx_burst(p, 0, m, 8), 8);
	assert_int_equal(rte_eth_rx_burst(p, 0, m, 8), 8);
	rte_pktmbuf_free_bulk(m, 8);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 8);
	assert_int_equal(st.obytes, 800);
	assert_int_equal(st.q_ipackets[0], 8);
	assert_int_equal(rte_eth_dev_stop(p), 0);
}

static void configure_refuses_offload_not_offered(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf = {0};

	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.max_rx_queues, 1);
	assert_true(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MACSEC_INSERT;
	assert_true(rte_eth_dev_configure(p, 1, 1, &conf) < 0);
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_true(rte_eth_dev_configure(p, 2, 1, &conf) < 0);
}

static int setup(void **state)
{
	char *argv[] = {
	    "test_pmd_api",
	    "--no-huge",
	    "-m",
	    "256",
	    "--no-pci",
	    "--no-shconf",
	    "-l",
	    "0",
	    "--log-level",
	    "pmd.net.taskoff:info",
	    "--no-telemetry",
	    "--file-prefix",
	    "test_pmd_api",
	    "-d",
	    TASKOFF_PMD_PATH,
	    "--vdev",
	    "net_taskoffA,peer=net_taskoffB",
	    "--vdev",
	    "net_taskoffB,peer=net_taskoffA",
	    "--vdev",
	    "net_taskoffL",
	};

	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	pool = test_pktmbuf_pool("test_pmd_pool", 8191, 2048);
	return pool == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	uint16_t p;

	if (pool == NULL)
		return -1;
	RTE_ETH_FOREACH_DEV(p)
	rte_eth_dev_close(p);
	if (test_mempool_in_use(pool) != 0)
		return -1;
	rte_mempool_free(pool);
	return rte_eal_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bad_devargs_fail_probe_cleanly),
	    cmocka_unit_test(tx_to_stopped_peer_is_counted_as_link_down),
	    cmocka_unit_test(full_wire_pushes_back_and_loses_nothing),
	    cmocka_unit_test(stats_reset_zeroes_what_the_app_sees),
	    cmocka_unit_test(configure_refuses_offload_not_offered),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
