/* SPDX-License-Identifier: BSD-3-Clause */
/* NDIS_OFFLOAD_PARAMETERS: NO_CHANGE, all or nothing, caps, the §2.7 rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "taskoff_offload_params.h"

#define BOTH (TASKOFF_CSUM_TX | TASKOFF_CSUM_RX)

struct fixture {
	struct taskoff_hw_caps caps;
	struct taskoff_offload_config cur;
	struct taskoff_offload_config next;
	struct taskoff_ndis_error err;
};

static int setup(void **state)
{
	static struct fixture f;

	taskoff_hw_caps_default(&f.caps);
	taskoff_offload_config_from_caps(&f.caps, &f.cur);
	memset(&f.next, 0xA5, sizeof(f.next)); /* sentinel: must stay untouched on refusal */
	memset(&f.err, 0, sizeof(f.err));
	*state = &f;
	return 0;
}

/* Apply a JSON text; on success cur becomes next. */
static enum taskoff_ndis_status apply(struct fixture *f, const char *json_text)
{
	json_t *params = json_loads(json_text, 0, NULL);
	enum taskoff_ndis_status st;

	assert_non_null(params);
	st = taskoff_offload_apply_parameters(&f->caps, &f->cur, params, &f->next, &f->err);
	json_decref(params);
	if (st == TASKOFF_NDIS_SUCCESS)
		f->cur = f->next;
	return st;
}

static void assert_refused(struct fixture *f, const char *json_text, enum taskoff_ndis_status want,
			   const char *must_name)
{
	struct taskoff_offload_config before = f->cur, sentinel;

	memset(&sentinel, 0xA5, sizeof(sentinel));
	f->next = sentinel;
	assert_int_equal(apply(f, json_text), want);
	assert_int_equal(f->err.status, want);
	assert_memory_equal(&f->cur, &before, sizeof(before));
	assert_memory_equal(&f->next, &sentinel, sizeof(sentinel));
	if (must_name != NULL && strstr(f->err.message, must_name) == NULL)
		fail_msg("message '%s' does not name '%s'", f->err.message, must_name);
}

static void no_change_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct taskoff_offload_config before = f->cur;

	assert_int_equal(apply(f,
			       "{\"IPv4Checksum\":0,\"TCPIPv4Checksum\":0,\"UDPIPv4Checksum\":0,"
			       "\"TCPIPv6Checksum\":0,\"UDPIPv6Checksum\":0,\"LsoV1\":0,"
			       "\"LsoV2IPv4\":0,\"LsoV2IPv6\":0,\"RscIPv4\":0,\"RscIPv6\":0,"
			       "\"UdpSegmentationOffloadIPv4\":0,\"UdpSegmentationOffloadIPv6\":0,"
			       "\"EncapsulatedPacketTaskOffload\":0,\"EncapsulationTypes\":0}"),
			 TASKOFF_NDIS_SUCCESS);
	assert_memory_equal(&f->cur, &before, sizeof(before));
	assert_int_equal(apply(f, "{}"), TASKOFF_NDIS_SUCCESS);
	assert_memory_equal(&f->cur, &before, sizeof(before));
}

static void checksum_values_map_to_directions(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(apply(f, "{\"UDPIPv4Checksum\":1}"), 0);
	assert_int_equal(f->cur.udp4_csum, 0);
	assert_int_equal(apply(f, "{\"UDPIPv4Checksum\":2}"), 0);
	assert_int_equal(f->cur.udp4_csum, TASKOFF_CSUM_TX);
	assert_int_equal(apply(f, "{\"UDPIPv4Checksum\":3}"), 0);
	assert_int_equal(f->cur.udp4_csum, TASKOFF_CSUM_RX);
	assert_int_equal(apply(f, "{\"UDPIPv4Checksum\":4}"), 0);
	assert_int_equal(f->cur.udp4_csum, BOTH);
	/* only the named field moved */
	assert_int_equal(f->cur.udp6_csum, BOTH);
	assert_int_equal(f->cur.tcp4_csum, BOTH);
}

static void offload_values_enable_and_disable(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(apply(f, "{\"LsoV1\":1,\"UdpSegmentationOffloadIPv6\":1,\"RscIPv6\":1}"),
			 0);
	assert_false(f->cur.lsov1 || f->cur.uso_ipv6 || f->cur.rsc_ipv6);
	assert_true(f->cur.lsov2_ipv4 && f->cur.uso_ipv4 && f->cur.rsc_ipv4);
	assert_int_equal(apply(f, "{\"LsoV1\":2,\"UdpSegmentationOffloadIPv6\":2,\"RscIPv6\":2}"),
			 0);
	assert_true(f->cur.lsov1 && f->cur.uso_ipv6 && f->cur.rsc_ipv6);
}

static void all_or_nothing(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, "{\"LsoV2IPv6\":1,\"Bogus\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "Bogus");
	assert_refused(f, "{\"LsoV2IPv6\":1,\"LsoV1\":7}", TASKOFF_NDIS_INVALID_PARAMETER, "LsoV1");
	assert_true(f->cur.lsov2_ipv6);
	taskoff_hw_caps_parse(&f->caps, "no-rsc-ipv6", NULL);
	f->cur.rsc_ipv6 = false;
	assert_refused(f, "{\"LsoV2IPv6\":1,\"RscIPv6\":2}", TASKOFF_NDIS_NOT_SUPPORTED, "RscIPv6");
	assert_true(f->cur.lsov2_ipv6);
}

static void bad_values_are_invalid_parameter(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, "{\"TCPIPv4Checksum\":5}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"LsoV1\":3}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"LsoV1\":-1}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"LsoV1\":\"maybe\"}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"LsoV1\":1.5}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"EncapsulationTypes\":4}", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
	assert_refused(f, "{\"EncapsulatedPacketTaskOffload\":3}", TASKOFF_NDIS_INVALID_PARAMETER,
		       NULL);
	assert_refused(f, "[1,2]", TASKOFF_NDIS_INVALID_PARAMETER, NULL);
}

static void above_hardware_caps_is_not_supported(void **state)
{
	struct fixture *f = *state;

	taskoff_hw_caps_parse(&f->caps, "no-lsov2-ipv6:no-csum-udp6", NULL);
	taskoff_offload_config_from_caps(&f->caps, &f->cur);
	assert_refused(f, "{\"LsoV2IPv6\":2}", TASKOFF_NDIS_NOT_SUPPORTED, "LsoV2IPv6");
	assert_refused(f, "{\"UDPIPv6Checksum\":2}", TASKOFF_NDIS_NOT_SUPPORTED, "UDPIPv6Checksum");
	/* disabling what the hardware lacks is fine */
	assert_int_equal(apply(f, "{\"LsoV2IPv6\":1,\"UDPIPv6Checksum\":1}"), 0);
}

static void lso_needs_tx_checksum(void **state)
{
	struct fixture *f = *state;

	/* disabling a checksum an enabled LSO needs is refused */
	assert_refused(f, "{\"TCPIPv4Checksum\":3}", TASKOFF_NDIS_INVALID_PARAMETER,
		       "cannot disable TCPIPv4Checksum transmit");
	assert_refused(f, "{\"IPv4Checksum\":1}", TASKOFF_NDIS_INVALID_PARAMETER, "IPv4Checksum");
	assert_refused(f, "{\"TCPIPv6Checksum\":3}", TASKOFF_NDIS_INVALID_PARAMETER, "LsoV2IPv6");
	/* both in one request is consistent, so accepted */
	assert_int_equal(apply(f, "{\"LsoV1\":1,\"LsoV2IPv4\":1,\"TCPIPv4Checksum\":3}"), 0);
	assert_int_equal(f->cur.tcp4_csum, TASKOFF_CSUM_RX);
	/* enabling LSO without its checksum is refused, never pulled in */
	assert_refused(f, "{\"LsoV1\":2}", TASKOFF_NDIS_INVALID_PARAMETER,
		       "LsoV1 needs TCPIPv4Checksum transmit");
	assert_refused(f, "{\"LsoV2IPv4\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "LsoV2IPv4");
	assert_int_equal(apply(f, "{\"LsoV2IPv4\":2,\"TCPIPv4Checksum\":4}"), 0);
	assert_true(f->cur.lsov2_ipv4);
	assert_false(f->cur.lsov1);
	assert_int_equal(apply(f, "{\"LsoV2IPv6\":1,\"TCPIPv6Checksum\":3}"), 0);
	assert_refused(f, "{\"LsoV2IPv6\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "TCPIPv6Checksum");
}

static void rsc_needs_rx_checksum(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, "{\"TCPIPv4Checksum\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "RscIPv4");
	assert_refused(f, "{\"IPv4Checksum\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "RscIPv4");
	assert_refused(f, "{\"TCPIPv6Checksum\":2}", TASKOFF_NDIS_INVALID_PARAMETER, "RscIPv6");
	assert_int_equal(apply(f, "{\"RscIPv4\":1,\"TCPIPv4Checksum\":2}"), 0);
	assert_int_equal(f->cur.tcp4_csum, TASKOFF_CSUM_TX);
	assert_refused(f, "{\"RscIPv4\":2}", TASKOFF_NDIS_INVALID_PARAMETER,
		       "RscIPv4 needs TCPIPv4Checksum receive");
	assert_int_equal(apply(f, "{\"RscIPv6\":1,\"TCPIPv6Checksum\":2}"), 0);
	assert_false(f->cur.rsc_ipv6);
	assert_true(f->cur.lsov2_ipv6); /* TX stayed on for LSO */
}

static void uso_is_independent_of_udp_checksum(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(apply(f, "{\"UDPIPv4Checksum\":1,\"UDPIPv6Checksum\":1}"), 0);
	assert_true(f->cur.uso_ipv4 && f->cur.uso_ipv6);
	assert_int_equal(apply(f, "{\"UdpSegmentationOffloadIPv4\":1}"), 0);
	assert_int_equal(apply(f, "{\"UdpSegmentationOffloadIPv4\":2}"), 0);
	assert_true(f->cur.uso_ipv4);
	assert_int_equal(f->cur.udp4_csum, 0);
}

static void aliases_and_words(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(apply(f, "{\"lsov2-ipv6\":\"off\",\"udp4-csum\":\"tx\"}"), 0);
	assert_false(f->cur.lsov2_ipv6);
	assert_int_equal(f->cur.udp4_csum, TASKOFF_CSUM_TX);
	assert_int_equal(apply(f, "{\"LSOV2IPV6\":\"on\",\"udp6-csum\":\"rx\"}"), 0);
	assert_true(f->cur.lsov2_ipv6);
	assert_int_equal(f->cur.udp6_csum, TASKOFF_CSUM_RX);
	assert_int_equal(apply(f, "{\"uso-ipv6\":false,\"udp4-csum\":\"4\"}"), 0);
	assert_false(f->cur.uso_ipv6);
	assert_int_equal(f->cur.udp4_csum, BOTH);
	assert_int_equal(apply(f, "{\"uso-ipv6\":true,\"rsc-ipv4\":\"disabled\"}"), 0);
	assert_true(f->cur.uso_ipv6);
	assert_false(f->cur.rsc_ipv4);
}

static void encapsulated_packet_task_offload(void **state)
{
	struct fixture *f = *state;
	json_t *req;

	assert_int_equal(apply(f, "{\"EncapsulatedPacketTaskOffload\":2}"), 0);
	assert_false(f->cur.encap_enabled);
	assert_int_equal(apply(f, "{\"EncapsulatedPacketTaskOffload\":1}"), 0);
	assert_true(f->cur.encap_enabled);
	assert_refused(f, "{\"EncapsulationTypes\":4}", TASKOFF_NDIS_INVALID_PARAMETER,
		       "EncapsulationTypes");
	assert_int_equal(apply(f, "{\"encap-types\":\"nvgre|vxlan\"}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);
	assert_int_equal(apply(f, "{\"encap-types\":\"nvgre\",\"encap\":\"off\"}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_false(f->cur.encap_enabled);

	/* OID_OFFLOAD_ENCAPSULATION takes only its two fields, ignores "port" */
	req = json_pack("{s:s, s:i}", "port", "net_taskoff0", "EncapsulatedPacketTaskOffload", 1);
	assert_int_equal(
	    taskoff_offload_set_encapsulation(&f->caps, &f->cur, req, &f->next, &f->err), 0);
	assert_true(f->next.encap_enabled);
	json_decref(req);
	req = json_pack("{s:i}", "LsoV1", 1);
	assert_int_equal(
	    taskoff_offload_set_encapsulation(&f->caps, &f->cur, req, &f->next, &f->err),
	    TASKOFF_NDIS_INVALID_PARAMETER);
	json_decref(req);

	taskoff_hw_caps_parse(&f->caps, "no-nvgre", NULL);
	f->cur.encap_types = 0;
	assert_refused(f, "{\"EncapsulationTypes\":1}", TASKOFF_NDIS_NOT_SUPPORTED,
		       "EncapsulationTypes");
	taskoff_hw_caps_parse(&f->caps, "no-vxlan", NULL);
	assert_refused(f, "{\"EncapsulatedPacketTaskOffload\":1}", TASKOFF_NDIS_NOT_SUPPORTED,
		       "EncapsulatedPacketTaskOffload");
}

/* OID_OFFLOAD_ENCAPSULATION with a JSON text; on success cur becomes next. */
static enum taskoff_ndis_status set_encap(struct fixture *f, const char *json_text)
{
	json_t *req = json_loads(json_text, 0, NULL);
	enum taskoff_ndis_status st;

	assert_non_null(req);
	st = taskoff_offload_set_encapsulation(&f->caps, &f->cur, req, &f->next, &f->err);
	json_decref(req);
	if (st == TASKOFF_NDIS_SUCCESS)
		f->cur = f->next;
	return st;
}

static void assert_encap_refused(struct fixture *f, const char *json_text,
				 enum taskoff_ndis_status want, const char *message)
{
	struct taskoff_offload_config before = f->cur, sentinel;

	memset(&sentinel, 0xA5, sizeof(sentinel));
	f->next = sentinel;
	assert_int_equal(set_encap(f, json_text), want);
	assert_int_equal(f->err.status, want);
	assert_memory_equal(&f->cur, &before, sizeof(before));
	assert_memory_equal(&f->next, &sentinel, sizeof(sentinel));
	if (message != NULL && strstr(f->err.message, message) == NULL)
		fail_msg("message '%s' does not contain '%s'", f->err.message, message);
}

static void set_encapsulation_vxlan_type_and_port(void **state)
{
	struct fixture *f = *state;

	assert_true(taskoff_config_vxlan_enabled(&f->cur));
	assert_int_equal(f->cur.vxlan_port, 4789);
	/* the type off (bit 0x2 cleared), NVGRE kept */
	assert_int_equal(set_encap(f, "{\"port\":0,\"EncapsulationTypes\":1}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_false(taskoff_config_vxlan_enabled(&f->cur));
	/* type and port in one request */
	assert_int_equal(set_encap(f, "{\"port\":\"net_taskoff0\",\"EncapsulationTypes\":3,"
				      "\"VxlanUDPPortNumber\":4790}"),
			 0);
	assert_true(taskoff_config_vxlan_enabled(&f->cur));
	assert_int_equal(f->cur.vxlan_port, 4790);
	/* one bit by name or alias, the others kept */
	assert_int_equal(set_encap(f, "{\"vxlan\":\"off\",\"vxlan-port\":65535}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_int_equal(f->cur.vxlan_port, 65535);
	assert_int_equal(set_encap(f, "{\"EncapsulationTypeVxlan\":2,\"nvgre\":1}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_VXLAN);
	assert_int_equal(set_encap(f, "{\"vxlan\":0,\"VxlanUDPPortNumber\":1}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_VXLAN); /* 0 = NO_CHANGE */
	assert_int_equal(f->cur.vxlan_port, 1);
	/* bits apply after EncapsulationTypes, whatever the member order */
	assert_int_equal(set_encap(f, "{\"vxlan\":true,\"EncapsulationTypes\":1}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);
	assert_int_equal(set_encap(f, "{\"VxlanUDPPortNumber\":4789}"), 0);
}

static void set_encapsulation_port_is_a_checked_integer(void **state)
{
	struct fixture *f = *state;

	/* all or nothing: a good type change with a bad port changes nothing */
	assert_encap_refused(f, "{\"EncapsulationTypes\":1,\"VxlanUDPPortNumber\":0}",
			     TASKOFF_NDIS_INVALID_PARAMETER,
			     "VxlanUDPPortNumber: 0 is out of range 1..65535");
	assert_encap_refused(f, "{\"vxlan\":1,\"VxlanUDPPortNumber\":65536}",
			     TASKOFF_NDIS_INVALID_PARAMETER,
			     "VxlanUDPPortNumber: 65536 is out of range 1..65535");
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":-1}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "VxlanUDPPortNumber: -1 is out of range");
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":\"4790\"}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "VxlanUDPPortNumber: expected an integer 1..65535, got a string");
	assert_encap_refused(f, "{\"vxlan-port\":4790.0}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "VxlanUDPPortNumber: expected an integer 1..65535, got a real");
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":true}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "got a boolean");
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":null}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "got null");
	assert_encap_refused(f, "{\"vxlan\":3}", TASKOFF_NDIS_INVALID_PARAMETER,
			     "EncapsulationTypeVxlan");
	assert_encap_refused(f, "{\"vxlan\":1,\"EncapsulationTypeVxlan\":2}",
			     TASKOFF_NDIS_INVALID_PARAMETER, "given twice");
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":4790,\"LsoV1\":1}",
			     TASKOFF_NDIS_INVALID_PARAMETER, "unknown field 'LsoV1'");
}

static void set_encapsulation_above_caps_is_not_supported(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(taskoff_hw_caps_parse(&f->caps, "no-vxlan-port-config", NULL), 0);
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":4790}", TASKOFF_NDIS_NOT_SUPPORTED,
			     "fixed at 4789");
	assert_int_equal(set_encap(f, "{\"VxlanUDPPortNumber\":4789,\"vxlan\":1}"), 0);

	assert_int_equal(taskoff_hw_caps_parse(&f->caps, "no-vxlan", NULL), 0);
	f->cur.encap_types = TASKOFF_ENCAP_GRE_MAC;
	assert_encap_refused(f, "{\"vxlan\":\"on\"}", TASKOFF_NDIS_NOT_SUPPORTED,
			     "EncapsulationTypes 0x3 not supported");
	assert_encap_refused(f, "{\"EncapsulationTypes\":2}", TASKOFF_NDIS_NOT_SUPPORTED, NULL);
	assert_encap_refused(f, "{\"VxlanUDPPortNumber\":4790}", TASKOFF_NDIS_NOT_SUPPORTED,
			     "no VXLAN");
	assert_int_equal(set_encap(f, "{\"vxlan\":\"off\",\"nvgre\":\"on\"}"), 0);
}

/* offload.set_parameters takes the same fields (taskoffctl set), its NDIS fields as before. */
static void set_parameters_takes_vxlan_fields_too(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(apply(f, "{\"vxlan\":\"off\",\"vxlan-port\":8472,\"LsoV1\":1}"), 0);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_int_equal(f->cur.vxlan_port, 8472);
	assert_false(f->cur.lsov1);
	assert_refused(f, "{\"LsoV1\":2,\"VxlanUDPPortNumber\":0}", TASKOFF_NDIS_INVALID_PARAMETER,
		       "VxlanUDPPortNumber");
	/* EncapsulatedPacketTaskOffload: 1 ON, 2 OFF; the types stay */
	assert_int_equal(apply(f, "{\"EncapsulatedPacketTaskOffload\":2}"), 0);
	assert_false(f->cur.encap_enabled);
	assert_int_equal(f->cur.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_int_equal(apply(f, "{\"EncapsulatedPacketTaskOffload\":1,\"vxlan\":2}"), 0);
	assert_true(taskoff_config_vxlan_enabled(&f->cur));
}

static void check_reports_existing_violation(void **state)
{
	struct fixture *f = *state;
	struct taskoff_offload_config bad = f->cur;

	bad.tcp6_csum = TASKOFF_CSUM_RX;
	assert_int_equal(taskoff_offload_check(&f->caps, &f->cur, &bad, &f->err),
			 TASKOFF_NDIS_INVALID_PARAMETER);
	assert_int_equal(taskoff_offload_check(&f->caps, &f->cur, &f->cur, NULL), 0);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(no_change_changes_nothing),
	    T(checksum_values_map_to_directions),
	    T(offload_values_enable_and_disable),
	    T(all_or_nothing),
	    T(bad_values_are_invalid_parameter),
	    T(above_hardware_caps_is_not_supported),
	    T(lso_needs_tx_checksum),
	    T(rsc_needs_rx_checksum),
	    T(uso_is_independent_of_udp_checksum),
	    T(aliases_and_words),
	    T(encapsulated_packet_task_offload),
	    T(set_encapsulation_vxlan_type_and_port),
	    T(set_encapsulation_port_is_a_checked_integer),
	    T(set_encapsulation_above_caps_is_not_supported),
	    T(set_parameters_takes_vxlan_fields_too),
	    T(check_reports_existing_violation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
