/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"
#include "test_eal.h"

static struct rte_mempool *rx_pool;
static struct rx_fixture rx_fx;

int rx_fixture_global_init(const char *name, unsigned int nb_mbufs, uint16_t data_room)
{
	if (test_eal_init(name) != 0)
		return -1;
	rx_pool = test_pktmbuf_pool("rx_pool", nb_mbufs, data_room);
	return rx_pool == NULL ? -1 : 0;
}

int rx_fixture_setup(void **state)
{
	struct rx_fixture *fx = &rx_fx;

	memset(fx, 0, sizeof(*fx));
	fx->mp = rx_pool;
	fx->pool_start = test_mempool_in_use(rx_pool);
	fx->ctx = taskoff_rx_ctx_create("rx_test", SOCKET_ID_ANY, 64);
	if (fx->ctx == NULL)
		return -1;
	taskoff_offload_config_default(&fx->cfg);
	*state = fx;
	return 0;
}

int rx_fixture_teardown(void **state)
{
	struct rx_fixture *fx = *state;

	taskoff_rx_ctx_free(fx->ctx);
	/* Every test frees what it received: the pool is back where it started. */
	assert_int_equal(test_mempool_in_use(fx->mp), fx->pool_start);
	return 0;
}

struct rte_mbuf *rx_mbuf(struct rx_fixture *fx, const uint8_t *buf, size_t len)
{
	struct rte_mbuf *m = tb_mbuf(fx->mp, buf, len);

	assert_non_null(m);
	return m;
}

uint16_t rx_run(struct rx_fixture *fx, struct rte_mbuf **pkts, uint16_t n)
{
	return taskoff_rx_burst(fx->ctx, &fx->cfg, &fx->cnt, pkts, n, pkts, n);
}

void rx_free(struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		rte_pktmbuf_free(pkts[i]);
}
