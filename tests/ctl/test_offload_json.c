/* SPDX-License-Identifier: BSD-3-Clause */
/* NDIS_OFFLOAD JSON: exact field names, values, and the current-config view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "taskoff_offload_json.h"

/* Member at a dotted path. */
static json_t *at(json_t *o, const char *path)
{
	char buf[128], *part, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part != NULL && o != NULL;
	     part = strtok_r(NULL, ".", &save))
		o = json_object_get(o, part);
	if (o == NULL)
		fail_msg("missing %s", path);
	return o;
}

static long long num(json_t *o, const char *path)
{
	json_t *v = at(o, path);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return json_integer_value(v);
}

/* @p o has exactly the keys in @p keys (NULL-terminated). */
static void assert_keys(json_t *o, const char *const *keys)
{
	size_t n = 0;

	for (; keys[n] != NULL; n++)
		if (json_object_get(o, keys[n]) == NULL)
			fail_msg("key %s missing", keys[n]);
	assert_int_equal(json_object_size(o), n);
}

static void hardware_caps_have_ndis_offload_shape(void **state)
{
	static const char *const top[] = {"Checksum",
					  "LsoV1",
					  "LsoV2",
					  "Rsc",
					  "EncapsulatedPacketTaskOffloadGre",
					  "UdpSegmentation",
					  "EncapsulatedPacketTaskOffloadVxlan",
					  "EncapsulationTypes",
					  NULL};
	static const char *const v4csum[] = {"Encapsulation",
					     "IpOptionsSupported",
					     "TcpOptionsSupported",
					     "TcpChecksum",
					     "UdpChecksum",
					     "IpChecksum",
					     NULL};
	static const char *const v6csum[] = {"Encapsulation",	    "IpExtensionHeadersSupported",
					     "TcpOptionsSupported", "TcpChecksum",
					     "UdpChecksum",	    NULL};
	static const char *const lsov1[] = {"Encapsulation", "MaxOffLoadSize", "MinSegmentCount",
					    "TcpOptions",    "IpOptions",      NULL};
	static const char *const lsov2v4[] = {"Encapsulation", "MaxOffLoadSize", "MinSegmentCount",
					      NULL};
	static const char *const lsov2v6[] = {"Encapsulation",	     "MaxOffLoadSize",
					      "MinSegmentCount",     "IpExtensionHeadersSupported",
					      "TcpOptionsSupported", NULL};
	static const char *const gre[] = {"TransmitChecksumOffloadSupported",
					  "ReceiveChecksumOffloadSupported",
					  "LsoV2Supported",
					  "RssSupported",
					  "VmqSupported",
					  "MaxHeaderSizeSupported",
					  NULL};
	/* NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD_V2 */
	static const char *const vxlan[] = {"TransmitChecksumOffloadSupported",
					    "ReceiveChecksumOffloadSupported",
					    "LsoV2Supported",
					    "RssSupported",
					    "VmqSupported",
					    "MaxHeaderSizeSupported",
					    "UsoSupported",
					    "VxlanUDPPortNumber",
					    "VxlanUDPPortNumberConfigurable",
					    NULL};
	static const char *const uso6[] = {"Encapsulation",
					   "MaxOffLoadSize",
					   "MinSegmentCount",
					   "SubMssFinalSegmentSupported",
					   "IpExtensionHeadersSupported",
					   NULL};
	struct taskoff_hw_caps caps;
	json_t *j;

	taskoff_hw_caps_default(&caps);
	j = taskoff_offload_to_json(&caps);
	assert_non_null(j);
	assert_keys(j, top);
	assert_keys(at(j, "Checksum.IPv4Transmit"), v4csum);
	assert_keys(at(j, "Checksum.IPv4Receive"), v4csum);
	assert_keys(at(j, "Checksum.IPv6Transmit"), v6csum);
	assert_keys(at(j, "Checksum.IPv6Receive"), v6csum);
	assert_keys(at(j, "LsoV1.IPv4"), lsov1);
	assert_keys(at(j, "LsoV2.IPv4"), lsov2v4);
	assert_keys(at(j, "LsoV2.IPv6"), lsov2v6);
	assert_keys(at(j, "EncapsulatedPacketTaskOffloadGre"), gre);
	assert_keys(at(j, "EncapsulatedPacketTaskOffloadVxlan"), vxlan);
	assert_keys(at(j, "UdpSegmentation.IPv6"), uso6);

	assert_int_equal(num(j, "Checksum.IPv4Transmit.Encapsulation"), 0x6);
	assert_int_equal(num(j, "Checksum.IPv4Transmit.IpChecksum"), 1);
	assert_int_equal(num(j, "Checksum.IPv6Receive.UdpChecksum"), 1);
	assert_int_equal(num(j, "LsoV1.IPv4.MaxOffLoadSize"), 65536);
	assert_int_equal(num(j, "LsoV1.IPv4.MinSegmentCount"), 2);
	assert_int_equal(num(j, "LsoV2.IPv6.MaxOffLoadSize"), 262144);
	assert_int_equal(num(j, "UdpSegmentation.IPv4.MaxOffLoadSize"), 262144);
	assert_int_equal(num(j, "UdpSegmentation.IPv4.SubMssFinalSegmentSupported"), 1);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadGre.MaxHeaderSizeSupported"), 256);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadGre.LsoV2Supported"), 1);
	assert_int_equal(
	    num(j, "EncapsulatedPacketTaskOffloadVxlan.TransmitChecksumOffloadSupported"), 1);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.UsoSupported"), 1);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.MaxHeaderSizeSupported"), 256);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.VxlanUDPPortNumber"), 4789);
	assert_int_equal(
	    num(j, "EncapsulatedPacketTaskOffloadVxlan.VxlanUDPPortNumberConfigurable"), 1);
	assert_int_equal(num(j, "EncapsulationTypes"), 3);
	assert_true(json_is_true(at(j, "Rsc.IPv4.Enabled")));
	assert_true(json_is_true(at(j, "Rsc.IPv6.Enabled")));
	json_decref(j);
}

static void current_config_view_zeroes_disabled_blocks(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps, view;
	json_t *j;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.lsov2_ipv6 = false;
	cfg.rsc_ipv6 = false;
	cfg.tcp6_csum = TASKOFF_CSUM_RX;
	cfg.udp4_csum = 0;
	cfg.uso_ipv4 = false;
	taskoff_offload_view(&caps, &cfg, &view);
	j = taskoff_offload_to_json(&view);

	assert_int_equal(num(j, "LsoV2.IPv6.Encapsulation"), 0);
	assert_int_equal(num(j, "LsoV2.IPv6.MaxOffLoadSize"), 0);
	assert_int_equal(num(j, "LsoV2.IPv4.MaxOffLoadSize"), 262144);
	assert_int_equal(num(j, "Checksum.IPv6Transmit.TcpChecksum"), 0);
	assert_int_equal(num(j, "Checksum.IPv6Transmit.UdpChecksum"), 1);
	assert_int_equal(num(j, "Checksum.IPv6Receive.TcpChecksum"), 1);
	assert_int_equal(num(j, "Checksum.IPv4Transmit.UdpChecksum"), 0);
	assert_int_equal(num(j, "Checksum.IPv4Receive.UdpChecksum"), 0);
	assert_int_equal(num(j, "Checksum.IPv4Receive.TcpChecksum"), 1);
	assert_int_equal(num(j, "UdpSegmentation.IPv4.Encapsulation"), 0);
	assert_int_equal(num(j, "UdpSegmentation.IPv6.MaxOffLoadSize"), 262144);
	assert_true(json_is_false(at(j, "Rsc.IPv6.Enabled")));
	assert_true(json_is_true(at(j, "Rsc.IPv4.Enabled")));
	assert_int_equal(num(j, "EncapsulationTypes"), 3);
	/* VXLAN USO follows USO: IPv6 is still on */
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.UsoSupported"), 1);
	json_decref(j);
}

static void checksum_block_empty_when_all_off(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps, view;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.tcp6_csum = TASKOFF_CSUM_RX;
	cfg.udp6_csum = TASKOFF_CSUM_RX;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_int_equal(view.ipv6_tx.encapsulation, 0);
	assert_false(view.ipv6_tx.tcp_options || view.ipv6_tx.ip_options);
	assert_int_equal(view.ipv6_rx.encapsulation, 0x6);
}

static void nvgre_offloads_follow_the_underlying_ones(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps, view;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.lsov2_ipv4 = cfg.lsov2_ipv6 = false;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.gre.lsov2);
	assert_true(view.gre.tx_csum && view.gre.rx_csum && view.gre.rss && view.gre.vmq);
	assert_int_equal(view.gre.max_header_size, 256);

	cfg.encap_enabled = false;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.gre.tx_csum || view.gre.rx_csum || view.gre.rss || view.gre.vmq);
	assert_int_equal(view.gre.max_header_size, 0);
	assert_int_equal(view.encap_types, 0);

	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.encap_types = 0; /* *EncapsulatedPacketTaskOffloadNvgre = 0 */
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.gre.lsov2 || view.gre.rss);
}

static void vxlan_offloads_follow_the_underlying_ones(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps, view;
	json_t *j;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.lsov2_ipv4 = cfg.lsov2_ipv6 = false;
	cfg.uso_ipv4 = cfg.uso_ipv6 = false;
	cfg.vxlan_port = 4790;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.vxlan.lsov2 || view.vxlan.uso);
	assert_true(view.vxlan.tx_csum && view.vxlan.rx_csum && view.vxlan.rss && view.vxlan.vmq);
	assert_int_equal(view.vxlan.max_header_size, 256);
	assert_int_equal(view.vxlan.udp_port, 4790);
	assert_true(view.vxlan.udp_port_configurable);
	assert_true(view.gre.tx_csum); /* NVGRE as before */

	/* VXLAN type off: no VXLAN offload, NVGRE stays, the port is still reported */
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	cfg.vxlan_port = 8472;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.vxlan.tx_csum || view.vxlan.rx_csum || view.vxlan.lsov2 ||
		     view.vxlan.uso || view.vxlan.rss || view.vxlan.vmq);
	assert_int_equal(view.vxlan.max_header_size, 0);
	assert_int_equal(view.vxlan.udp_port, 8472);
	assert_true(view.gre.lsov2 && view.gre.rss);
	assert_int_equal(view.encap_types, TASKOFF_ENCAP_GRE_MAC);
	j = taskoff_offload_to_json(&view);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.RssSupported"), 0);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.VxlanUDPPortNumber"), 8472);
	json_decref(j);

	/* the switch off: both off */
	taskoff_offload_config_from_caps(&caps, &cfg);
	cfg.encap_enabled = false;
	taskoff_offload_view(&caps, &cfg, &view);
	assert_false(view.vxlan.tx_csum || view.vxlan.rss || view.gre.tx_csum);
	assert_int_equal(view.vxlan.udp_port, 4789);

	/* hardware without VXLAN: an all-zero block */
	assert_int_equal(taskoff_hw_caps_parse(&caps, "no-vxlan", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	taskoff_offload_view(&caps, &cfg, &view);
	assert_int_equal(view.vxlan.udp_port, 0);
	assert_false(view.vxlan.tx_csum || view.vxlan.udp_port_configurable);
	j = taskoff_offload_to_json(&caps);
	assert_int_equal(num(j, "EncapsulatedPacketTaskOffloadVxlan.VxlanUDPPortNumber"), 0);
	assert_int_equal(
	    num(j, "EncapsulatedPacketTaskOffloadVxlan.VxlanUDPPortNumberConfigurable"), 0);
	assert_int_equal(num(j, "EncapsulationTypes"), 1);
	json_decref(j);
}

static void view_limits_come_from_config(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps, view;

	taskoff_hw_caps_default(&caps);
	assert_int_equal(taskoff_hw_caps_parse(&caps, "lso-max=65536:min-segments=3", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	taskoff_offload_view(&caps, &cfg, &view);
	assert_int_equal(view.lsov2_ipv4.max_offload_size, 65536);
	assert_int_equal(view.lsov2_ipv6.min_segment_count, 3);
	assert_int_equal(view.lsov1_ipv4.min_segment_count, 3);
	assert_int_equal(view.uso_ipv4.min_segment_count, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hardware_caps_have_ndis_offload_shape),
	    cmocka_unit_test(current_config_view_zeroes_disabled_blocks),
	    cmocka_unit_test(checksum_block_empty_when_all_off),
	    cmocka_unit_test(nvgre_offloads_follow_the_underlying_ones),
	    cmocka_unit_test(vxlan_offloads_follow_the_underlying_ones),
	    cmocka_unit_test(view_limits_come_from_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
