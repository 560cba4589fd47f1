/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"
#include "taskoff_rsc.h"
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

int rx_fixture_setup_vxlan(void **state)
{
	struct rx_fixture *fx;

	if (rx_fixture_setup(state) != 0)
		return -1;
	fx = *state;
	fx->cfg.encap_enabled = true;
	fx->cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	fx->cfg.vxlan_port = 4789;
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

void rx_counters_reset(struct rx_fixture *fx)
{
	memset(&fx->cnt, 0, sizeof(fx->cnt));
}

struct rte_mbuf *rx_mbuf_frame(struct rx_fixture *fx, const struct tb_frame *f)
{
	uint8_t buf[TB_FRAME_MAX];

	return rx_mbuf(fx, buf, tb_build(buf, f));
}

struct rte_mbuf *rx_mbuf_nvgre(struct rx_fixture *fx, const struct tb_nvgre *n,
			       const struct tb_frame *f)
{
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];

	return rx_mbuf(fx, buf, tb_build_nvgre(buf, n, inner, tb_build(inner, f)));
}

struct rte_mbuf *rx_mbuf_vxlan(struct rx_fixture *fx, const struct tb_vxlan *v,
			       const struct tb_frame *f)
{
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];

	return rx_mbuf(fx, buf, tb_build_vxlan(buf, v, inner, tb_build(inner, f)));
}

struct rte_mbuf *rx_run_mbuf(struct rx_fixture *fx, struct rte_mbuf *m)
{
	assert_non_null(m);
	assert_int_equal(rx_run(fx, &m, 1), 1);
	return m;
}

struct rte_mbuf *rx_run_bytes(struct rx_fixture *fx, const uint8_t *buf, size_t len)
{
	return rx_run_mbuf(fx, rx_mbuf(fx, buf, len));
}

struct rte_mbuf *rx_expect_csum(struct rte_mbuf *m, uint64_t want)
{
	assert_int_equal(m->ol_flags & RX_CSUM_FLAGS, want);
	return m;
}

void rx_assert_tunnel_bad_counted_once(const struct rx_fixture *fx)
{
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_IP_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
}

uint16_t rx_rsc_count(const struct rte_mbuf *m)
{
	if (!(m->ol_flags & RTE_MBUF_F_RX_LRO))
		return 1;
	return RTE_MBUF_DYNFIELD(m, taskoff_rsc_info_offset(), const struct taskoff_rsc_info *)
	    ->coalesced_seg_count;
}

void rx_assert_bytes(const struct rte_mbuf *m, const uint8_t *frame, size_t len)
{
	uint8_t got[TB_FRAME_MAX];

	assert_int_equal(rte_pktmbuf_pkt_len(m), len);
	assert_memory_equal(rte_pktmbuf_read(m, 0, len, got), frame, len);
}

const struct taskoff_tunnel_info *rx_tunnel_info(const struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, taskoff_nvgre_info_offset(),
				 const struct taskoff_tunnel_info *);
}

void rx_assert_decapped(const struct rte_mbuf *m, const uint8_t *inner, size_t ilen, uint8_t type,
			uint32_t id, uint8_t flow_id)
{
	rx_assert_bytes(m, inner, ilen);
	assert_true(m->ol_flags & taskoff_nvgre_decapped_flag());
	assert_int_equal(rx_tunnel_info(m)->id, id);
	assert_int_equal(rx_tunnel_info(m)->flow_id, flow_id);
	assert_int_equal(rx_tunnel_info(m)->type, type);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(m->l4_len, 20);
	assert_int_equal(m->outer_l2_len, 0);
	assert_int_equal(m->outer_l3_len, 0);
}

void rx_assert_untouched(const struct rte_mbuf *m, const uint8_t *frame, size_t len)
{
	rx_assert_bytes(m, frame, len);
	assert_false(m->ol_flags & taskoff_nvgre_decapped_flag());
}
