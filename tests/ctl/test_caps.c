/* SPDX-License-Identifier: BSD-3-Clause */
/* Hardware capabilities: defaults, the caps= list, the initial configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "taskoff_caps.h"

#define ENC_8023    0x2u
#define ENC_8023_PQ 0x6u

static void default_is_everything_taskoff_implements(void **state)
{
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	assert_int_equal(c.ipv4_tx.encapsulation, ENC_8023_PQ);
	assert_true(c.ipv4_tx.ip && c.ipv4_tx.tcp && c.ipv4_tx.udp);
	assert_true(c.ipv4_tx.ip_options && c.ipv4_tx.tcp_options);
	assert_true(c.ipv4_rx.ip && c.ipv4_rx.tcp && c.ipv4_rx.udp);
	assert_false(c.ipv6_tx.ip); /* no IPv6 header checksum exists */
	assert_true(c.ipv6_tx.tcp && c.ipv6_tx.udp && c.ipv6_rx.tcp && c.ipv6_rx.udp);
	assert_int_equal(c.lsov1_ipv4.encapsulation, ENC_8023_PQ);
	assert_int_equal(c.lsov1_ipv4.max_offload_size, 65536);
	assert_int_equal(c.lsov1_ipv4.min_segment_count, 2);
	assert_int_equal(c.lsov2_ipv4.max_offload_size, 262144);
	assert_int_equal(c.lsov2_ipv6.max_offload_size, 262144);
	assert_int_equal(c.lsov2_ipv6.min_segment_count, 2);
	assert_true(c.lsov2_ipv6.ip_options && c.lsov2_ipv6.tcp_options);
	assert_true(c.rsc_ipv4 && c.rsc_ipv6);
	assert_int_equal(c.uso_ipv4.max_offload_size, 262144);
	assert_int_equal(c.uso_ipv6.min_segment_count, 2);
	assert_true(c.uso_ipv4.sub_mss_final_segment && c.uso_ipv6.ip_ext_headers);
	assert_true(c.gre.tx_csum && c.gre.rx_csum && c.gre.lsov2 && c.gre.rss && c.gre.vmq);
	assert_int_equal(c.gre.max_header_size, 256);
	assert_false(c.gre.uso || c.gre.udp_port || c.gre.udp_port_configurable); /* V2 only */
	assert_true(c.vxlan.tx_csum && c.vxlan.rx_csum && c.vxlan.lsov2 && c.vxlan.rss &&
		    c.vxlan.vmq && c.vxlan.uso);
	assert_int_equal(c.vxlan.max_header_size, 256);
	assert_int_equal(c.vxlan.udp_port, 4789);
	assert_true(c.vxlan.udp_port_configurable);
	assert_int_equal(c.encap_types, TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);
}

static void brief_example_removes_exactly_what_it_names(void **state)
{
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c,
					       "no-lsov2-ipv6,no-rsc,no-rsc-ipv6,no-uso,no-lsov1,"
					       "no-nvgre,no-csum-ipv6,lso-max=65536",
					       NULL),
			 TASKOFF_NDIS_SUCCESS);
	assert_int_equal(c.lsov2_ipv6.encapsulation, 0);
	assert_int_equal(c.lsov2_ipv6.max_offload_size, 0);
	assert_int_equal(c.lsov1_ipv4.encapsulation, 0);
	assert_false(c.rsc_ipv4 || c.rsc_ipv6);
	assert_int_equal(c.uso_ipv4.encapsulation, 0);
	assert_int_equal(c.uso_ipv6.encapsulation, 0);
	assert_int_equal(c.ipv6_tx.encapsulation, 0);
	assert_false(c.ipv6_tx.tcp || c.ipv6_tx.udp || c.ipv6_rx.tcp || c.ipv6_rx.udp);
	assert_int_equal(c.encap_types, TASKOFF_ENCAP_VXLAN);
	assert_false(c.gre.tx_csum || c.gre.lsov2 || c.gre.rss || c.gre.vmq);
	assert_int_equal(c.gre.max_header_size, 0);
	/* what was not named stays: VXLAN, its LSO over LSOv2 IPv4, no USO left for it */
	assert_true(c.vxlan.tx_csum && c.vxlan.lsov2 && c.vxlan.rss && c.vxlan.vmq);
	assert_false(c.vxlan.uso);
	assert_int_equal(c.vxlan.udp_port, 4789);
	assert_int_equal(c.lsov2_ipv4.encapsulation, ENC_8023_PQ);
	assert_int_equal(c.lsov2_ipv4.max_offload_size, 65536);
	assert_true(c.ipv4_tx.ip && c.ipv4_tx.tcp && c.ipv4_rx.udp);
}

static void colon_and_comma_separators_are_equivalent(void **state)
{
	struct taskoff_hw_caps a, b;

	taskoff_hw_caps_default(&a);
	taskoff_hw_caps_default(&b);
	assert_int_equal(taskoff_hw_caps_parse(&a, "no-rsc:lso-max=65536:no-vlan", NULL), 0);
	assert_int_equal(taskoff_hw_caps_parse(&b, "no-rsc,lso-max=65536,no-vlan", NULL), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_false(a.rsc_ipv4);
	assert_int_equal(a.lsov2_ipv6.max_offload_size, 65536);
	assert_int_equal(a.ipv4_rx.encapsulation, ENC_8023);
	assert_int_equal(a.uso_ipv6.encapsulation, ENC_8023);
}

static void bad_lists_change_nothing(void **state)
{
	static const struct {
		const char *spec;
		enum taskoff_ndis_status st;
	} bad[] = {
	    {"no-rsc:no-such-thing", TASKOFF_NDIS_INVALID_PARAMETER},
	    {"no-lsov1,lso-max=300000", TASKOFF_NDIS_INVALID_DATA},
	    {"lso-max=100", TASKOFF_NDIS_INVALID_DATA},
	    {"lso-max=12ab", TASKOFF_NDIS_INVALID_DATA},
	    {"lsov1-max=65537", TASKOFF_NDIS_INVALID_DATA},
	    {"min-segments=1", TASKOFF_NDIS_INVALID_DATA},
	    {"nvgre-max-header=", TASKOFF_NDIS_INVALID_DATA},
	    {"vxlan-max-header=300", TASKOFF_NDIS_INVALID_DATA},
	    {"no-vxlan-port", TASKOFF_NDIS_INVALID_PARAMETER},
	    {"max=5", TASKOFF_NDIS_INVALID_PARAMETER},
	};
	struct taskoff_hw_caps c, ref;
	struct taskoff_ndis_error err;
	size_t i;

	taskoff_hw_caps_default(&ref);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = ref;
		assert_int_equal(taskoff_hw_caps_parse(&c, bad[i].spec, &err), bad[i].st);
		assert_int_equal(err.status, bad[i].st);
		assert_memory_equal(&c, &ref, sizeof(c));
	}
	c = ref;
	taskoff_hw_caps_parse(&c, "no-rsc:bogus", &err);
	assert_non_null(strstr(err.message, "bogus"));
}

static void limits_are_applied(void **state)
{
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	assert_int_equal(
	    taskoff_hw_caps_parse(
		&c, "lso-max=32768:uso-max=9000:min-segments=4:nvgre-max-header=128", NULL),
	    0);
	assert_int_equal(c.lsov2_ipv4.max_offload_size, 32768);
	assert_int_equal(c.lsov2_ipv6.max_offload_size, 32768);
	assert_int_equal(c.lsov1_ipv4.max_offload_size, 32768); /* LSOv1 never above LSOv2 */
	assert_int_equal(c.uso_ipv4.max_offload_size, 9000);
	assert_int_equal(c.uso_ipv6.max_offload_size, 9000);
	assert_int_equal(c.lsov1_ipv4.min_segment_count, 4);
	assert_int_equal(c.uso_ipv6.min_segment_count, 4);
	assert_int_equal(c.gre.max_header_size, 128);
	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "lsov1-max=16384", NULL), 0);
	assert_int_equal(c.lsov1_ipv4.max_offload_size, 16384);
	assert_int_equal(c.lsov2_ipv4.max_offload_size, 262144);
}

static void removing_a_checksum_removes_what_needs_it(void **state)
{
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-csum-tcp4", NULL), 0);
	assert_int_equal(c.lsov1_ipv4.encapsulation, 0);
	assert_int_equal(c.lsov2_ipv4.encapsulation, 0);
	assert_false(c.rsc_ipv4);
	assert_int_equal(c.lsov2_ipv6.encapsulation, ENC_8023_PQ);
	assert_true(c.rsc_ipv6);
	assert_true(c.ipv4_tx.ip && c.ipv4_tx.udp && !c.ipv4_tx.tcp);
	assert_int_equal(c.uso_ipv4.encapsulation, ENC_8023_PQ); /* USO is independent */

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-csum-ipv6-rx", NULL), 0);
	assert_false(c.rsc_ipv6);
	assert_int_equal(c.ipv6_rx.encapsulation, 0);
	assert_int_equal(c.lsov2_ipv6.encapsulation, ENC_8023_PQ);

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-lsov2", NULL), 0);
	assert_false(c.gre.lsov2);
	assert_true(c.gre.rss);
}

static void initial_config_follows_caps(void **state)
{
	struct taskoff_offload_config cfg, def;
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	taskoff_offload_config_from_caps(&c, &cfg);
	taskoff_offload_config_default(&def);
	assert_memory_equal(&cfg, &def, sizeof(cfg));

	assert_int_equal(
	    taskoff_hw_caps_parse(&c, "no-lsov2-ipv6:no-csum-udp6:no-rsc-ipv4:lso-max=65536", NULL),
	    0);
	taskoff_offload_config_from_caps(&c, &cfg);
	assert_false(cfg.lsov2_ipv6);
	assert_true(cfg.lsov2_ipv4 && cfg.lsov1 && cfg.rsc_ipv6 && cfg.uso_ipv6);
	assert_false(cfg.rsc_ipv4);
	assert_int_equal(cfg.udp6_csum, 0);
	assert_int_equal(cfg.tcp6_csum, TASKOFF_CSUM_TX | TASKOFF_CSUM_RX);
	assert_int_equal(cfg.lsov2_max_size, 65536);
	assert_int_equal(cfg.lsov1_max_size, 65536);

	assert_int_equal(taskoff_hw_caps_parse(&c, "no-nvgre:no-csum-rx", NULL), 0);
	taskoff_offload_config_from_caps(&c, &cfg);
	assert_true(cfg.encap_enabled);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_VXLAN);
	assert_int_equal(cfg.vxlan_port, 4789);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-vxlan", NULL), 0);
	taskoff_offload_config_from_caps(&c, &cfg);
	assert_false(cfg.encap_enabled);
	assert_int_equal(cfg.encap_types, 0);
	assert_int_equal(cfg.vxlan_port, 4789); /* harmless: VXLAN is off */
	assert_int_equal(cfg.ipv4_csum, TASKOFF_CSUM_TX);
	assert_false(cfg.rsc_ipv6);
}

static void vxlan_removals_and_limit(void **state)
{
	struct taskoff_hw_caps c;

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-vxlan", NULL), 0);
	assert_int_equal(c.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_false(c.vxlan.tx_csum || c.vxlan.rx_csum || c.vxlan.lsov2 || c.vxlan.uso ||
		     c.vxlan.rss || c.vxlan.vmq || c.vxlan.udp_port_configurable);
	assert_int_equal(c.vxlan.udp_port, 0);
	assert_int_equal(c.vxlan.max_header_size, 0);
	assert_true(c.gre.tx_csum && c.gre.lsov2); /* NVGRE untouched */

	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c,
					       "no-vxlan-csum-tx:no-vxlan-lso:no-vxlan-rss:"
					       "no-vxlan-port-config:vxlan-max-header=128",
					       NULL),
			 0);
	assert_false(c.vxlan.tx_csum || c.vxlan.lsov2 || c.vxlan.rss ||
		     c.vxlan.udp_port_configurable);
	assert_true(c.vxlan.rx_csum && c.vxlan.uso && c.vxlan.vmq);
	assert_int_equal(c.vxlan.udp_port, 4789);
	assert_int_equal(c.vxlan.max_header_size, 128);
	assert_int_equal(c.gre.max_header_size, 256);
	assert_true(c.gre.tx_csum && c.gre.lsov2 && c.gre.rss);

	/* the rest one by one; nothing offered, no header size */
	assert_int_equal(
	    taskoff_hw_caps_parse(&c, "no-vxlan-csum-rx,no-vxlan-uso,no-vxlan-vmq", NULL), 0);
	assert_int_equal(c.vxlan.max_header_size, 0);
	assert_int_equal(c.encap_types, TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);

	/* no LSOv2 and no USO underneath: no VXLAN LSO or USO */
	taskoff_hw_caps_default(&c);
	assert_int_equal(taskoff_hw_caps_parse(&c, "no-lsov2:no-uso", NULL), 0);
	assert_false(c.vxlan.lsov2 || c.vxlan.uso);
	assert_true(c.vxlan.tx_csum && c.vxlan.rss);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(default_is_everything_taskoff_implements),
	    cmocka_unit_test(brief_example_removes_exactly_what_it_names),
	    cmocka_unit_test(colon_and_comma_separators_are_equivalent),
	    cmocka_unit_test(bad_lists_change_nothing),
	    cmocka_unit_test(limits_are_applied),
	    cmocka_unit_test(removing_a_checksum_removes_what_needs_it),
	    cmocka_unit_test(initial_config_follows_caps),
	    cmocka_unit_test(vxlan_removals_and_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
