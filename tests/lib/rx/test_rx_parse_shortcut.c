/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * taskoff_rx_parse() takes a shortcut for plain Ethernet + IPv4 + TCP/UDP
 * frames; it must give exactly what the general parser gives, for those frames
 * and for every near miss (tags, options, fragments, odd lengths, lies in the
 * length fields, truncation, split headers). Compared field by field on
 * thousands of mutated frames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"
#include "taskoff_rx_parse.h"

#define FRAMES	   4000
#define VXLAN_PORT 4789

static uint8_t payload[1500];

static void assert_l3_equal(const struct taskoff_rx_l3 *a, const struct taskoff_rx_l3 *b)
{
	assert_int_equal(a->version, b->version);
	if (a->version == 0)
		return;
	assert_int_equal(a->proto, b->proto);
	assert_int_equal(a->has_options, b->has_options);
	assert_int_equal(a->is_fragment, b->is_fragment);
	assert_int_equal(a->l4_valid, b->l4_valid);
	assert_int_equal(a->l3_off, b->l3_off);
	assert_int_equal(a->l3_len, b->l3_len);
	assert_int_equal(a->l4_off, b->l4_off);
	assert_int_equal(a->l4_len, b->l4_len);
	assert_int_equal(a->l4_seg_len, b->l4_seg_len);
	assert_memory_equal(a->src, b->src, sizeof(a->src));
	assert_memory_equal(a->dst, b->dst, sizeof(a->dst));
}

/* A plain TCP or UDP frame of random size, sometimes tagged, optioned, fragmented or padded;
 * sometimes the same inside VXLAN (UDP to the VXLAN port, which the shortcut must not take). */
static size_t random_frame(uint8_t *buf, unsigned int i)
{
	uint8_t inner[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_vxlan v;

	tb_tcp4_defaults(&f);
	f.proto = (i & 1) ? IPPROTO_UDP : IPPROTO_TCP;
	f.payload = payload;
	f.payload_len = (uint16_t)(rand() % 1400);
	f.ts = (i % 3) == 0;
	f.vlan = (i % 17) == 0;
	f.ipv4_opt_len = (i % 19) == 0 ? 4 : 0;
	f.mf = (i % 23) == 0;
	f.min_frame = (i % 5) == 0 ? 60 : 0;
	f.src_last = (uint8_t)i;
	if (i % 13 != 0)
		return tb_build(buf, &f);
	tb_vxlan_defaults(&v);
	f.min_frame = 0;
	return tb_build_vxlan(buf, &v, inner, tb_build(inner, &f));
}

/* Overwrite one byte of the first 64 (the headers) at random. */
static void mutate(uint8_t *buf, size_t len)
{
	size_t at = (size_t)rand() % RTE_MIN(len, (size_t)64);

	buf[at] = (uint8_t)rand();
}

static void shortcut_matches_general_parser(void **state)
{
	struct rx_fixture *fx = *state;
	unsigned int i, shortcut = 0, vxlan = 0;

	srand(4242);
	for (i = 0; i < FRAMES; i++) {
		uint8_t buf[TB_FRAME_MAX];
		struct taskoff_rx_parsed fast, slow;
		size_t len = random_frame(buf, i);
		struct rte_mbuf *m;

		if (i % 2 == 0)
			mutate(buf, len);
		if (i % 7 == 0)
			len = (size_t)rand() % len + 1; /* truncated: the IP length lies */
		m = (i % 11 == 0 && len > 2)
			? tb_mbuf_split(fx->mp, buf, len, 1 + rand() % (len - 1))
			: rx_mbuf(fx, buf, len);
		assert_non_null(m);
		taskoff_rx_parse(m, VXLAN_PORT, &fast);
		taskoff_rx_parse_general(m, VXLAN_PORT, &slow);
		assert_int_equal(fast.ptype, slow.ptype);
		assert_int_equal(fast.tun.kind, slow.tun.kind);
		assert_int_equal(fast.tun.encap, slow.tun.encap);
		vxlan += slow.tun.kind == TASKOFF_RX_TUNNEL_VXLAN;
		assert_int_equal(fast.l2.off, slow.l2.off);
		assert_int_equal(fast.l2.len, slow.l2.len);
		assert_int_equal(fast.l2.vlan_tci, slow.l2.vlan_tci);
		assert_int_equal(fast.l2.has_vlan, slow.l2.has_vlan);
		assert_l3_equal(&fast.l3, &slow.l3);
		shortcut +=
		    fast.ptype == (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP) ||
		    fast.ptype == (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
		rte_pktmbuf_free(m);
	}
	/* both shapes were exercised: plain frames and near misses, VXLAN too */
	assert_true(vxlan > FRAMES / 40);
	assert_true(shortcut > FRAMES / 4);
	assert_true(shortcut < FRAMES - FRAMES / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(shortcut_matches_general_parser, rx_fixture_setup,
					    rx_fixture_teardown),
	};

	tb_payload(payload, sizeof(payload), 3);
	if (rx_fixture_global_init("test_rx_parse_shortcut", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
