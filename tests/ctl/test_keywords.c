/* SPDX-License-Identifier: BSD-3-Clause */
/* Standardized keywords: get/set/list, grouped keywords, keyword files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <errno.h>

#include "taskoff_keywords.h"
#include "taskoff_port_setup.h"

#define BOTH (TASKOFF_CSUM_TX | TASKOFF_CSUM_RX)

struct report {
	unsigned int line;
	enum taskoff_ndis_status status;
	char message[320];
};

struct reports {
	struct report r[32];
	unsigned int n;
};

static void collect(void *arg, const char *file, unsigned int line, enum taskoff_ndis_status status,
		    const char *message)
{
	struct reports *rep = arg;

	if (rep->n < 32) {
		rep->r[rep->n].line = line;
		rep->r[rep->n].status = status;
		snprintf(rep->r[rep->n].message, sizeof(rep->r[0].message), "%s", message);
		rep->n++;
	}
}

static char *write_file(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/taskoff_kw_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void every_standard_keyword_is_listed(void **state)
{
	static const char *const names[] = {
	    "*IPChecksumOffloadIPv4",
	    "*TCPChecksumOffloadIPv4",
	    "*TCPChecksumOffloadIPv6",
	    "*UDPChecksumOffloadIPv4",
	    "*UDPChecksumOffloadIPv6",
	    "*TCPUDPChecksumOffloadIPv4",
	    "*TCPUDPChecksumOffloadIPv6",
	    "*LsoV1IPv4",
	    "*LsoV2IPv4",
	    "*LsoV2IPv6",
	    "*RscIPv4",
	    "*RscIPv6",
	    "*UsoIPv4",
	    "*UsoIPv6",
	    "*EncapsulatedPacketTaskOffload",
	    "*EncapsulatedPacketTaskOffloadNvgre",
	    "*EncapsulatedPacketTaskOffloadVxlan",
	    "*VxlanUDPPortNumber",
	};
	struct taskoff_offload_config cfg;
	const struct taskoff_keyword_info *kw;
	json_t *list;
	unsigned int i;

	taskoff_offload_config_default(&cfg);
	assert_int_equal(taskoff_keyword_count(), 18);
	for (i = 0; i < 17; i++) {
		kw = taskoff_keyword_at(i);
		assert_string_equal(kw->name, names[i]);
		assert_int_equal(kw->default_value, i < 7 ? 3 : 1);
		assert_int_equal(kw->min, 0);
		assert_int_equal(kw->max, i < 7 ? 3 : 1);
		assert_int_equal(taskoff_keyword_get(kw, &cfg), kw->default_value);
	}
	kw = taskoff_keyword_at(17);
	assert_string_equal(kw->name, names[17]);
	assert_int_equal(kw->min, 1);
	assert_int_equal(kw->max, 65535);
	assert_int_equal(kw->default_value, 4789);
	assert_int_equal(taskoff_keyword_get(kw, &cfg), 4789);
	assert_null(taskoff_keyword_at(18));
	list = taskoff_keyword_list_json(&cfg);
	assert_int_equal(json_array_size(list), 18);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 5), "keyword")),
			    "*TCPUDPChecksumOffloadIPv4");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 5), "value")), 3);
	json_decref(list);
}

static void find_ignores_case_and_star(void **state)
{
	assert_ptr_equal(taskoff_keyword_find("LsoV2IPv6"), taskoff_keyword_find("*LsoV2IPv6"));
	assert_ptr_equal(taskoff_keyword_find("*lsov2ipv6"), taskoff_keyword_find("*LsoV2IPv6"));
	assert_null(taskoff_keyword_find("*LsoV3IPv6"));
	assert_null(taskoff_keyword_find(NULL));
}

static void set_obeys_range_caps_and_rules(void **state)
{
	struct taskoff_offload_config cfg, next;
	struct taskoff_hw_caps caps;
	struct taskoff_ndis_error err;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*LsoV2IPv6", 2, &next, &err),
			 TASKOFF_NDIS_INVALID_PARAMETER);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*IPChecksumOffloadIPv4", 4, &next, &err),
			 TASKOFF_NDIS_INVALID_PARAMETER);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*Nope", 1, &next, &err),
			 TASKOFF_NDIS_INVALID_PARAMETER);
	/* LSO still needs the Tx checksum */
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*TCPChecksumOffloadIPv4", 2, &next, &err),
	    TASKOFF_NDIS_INVALID_PARAMETER);
	assert_non_null(strstr(err.message, "LsoV1"));
	/* USO does not depend on the UDP checksum keyword */
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*UDPChecksumOffloadIPv4", 0, &cfg, &err),
			 0);
	assert_int_equal(cfg.udp4_csum, 0);
	assert_true(cfg.uso_ipv4);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "RscIPv6", 0, &cfg, &err), 0);
	assert_false(cfg.rsc_ipv6);

	taskoff_hw_caps_parse(&caps, "no-rsc-ipv6", NULL);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*RscIPv6", 1, &next, &err),
			 TASKOFF_NDIS_NOT_SUPPORTED);
}

static void grouped_checksum_keywords(void **state)
{
	const struct taskoff_keyword_info *group =
	    taskoff_keyword_find("*TCPUDPChecksumOffloadIPv4");
	struct taskoff_offload_config cfg;
	json_t *j;
	struct taskoff_hw_caps caps;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*LsoV1IPv4", 0, &cfg, NULL), 0);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*LsoV2IPv4", 0, &cfg, NULL), 0);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*TCPUDPChecksumOffloadIPv4", 2, &cfg, NULL), 0);
	assert_int_equal(cfg.tcp4_csum, TASKOFF_CSUM_RX);
	assert_int_equal(cfg.udp4_csum, TASKOFF_CSUM_RX);
	assert_int_equal(cfg.ipv4_csum, BOTH);
	assert_int_equal(taskoff_keyword_get(group, &cfg), 2);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*UDPChecksumOffloadIPv4", 3, &cfg, NULL),
			 0);
	assert_int_equal(taskoff_keyword_get(group, &cfg), -1); /* members differ */
	j = taskoff_keyword_json(group, &cfg);
	assert_true(json_is_null(json_object_get(j, "value")));
	json_decref(j);
}

static void nvgre_keywords(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadNvgre", 0, &cfg, NULL),
	    0);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_VXLAN);
	assert_true(cfg.encap_enabled);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadVxlan", 0, &cfg, NULL),
	    0);
	assert_int_equal(cfg.encap_types, 0);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffload", 0, &cfg, NULL), 0);
	assert_false(cfg.encap_enabled);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadNvgre", 1, &cfg, NULL),
	    0);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC);
}

static void vxlan_keywords(void **state)
{
	const struct taskoff_keyword_info *port = taskoff_keyword_find("VxlanUDPPortNumber");
	struct taskoff_offload_config cfg, next;
	struct taskoff_hw_caps caps;
	struct taskoff_ndis_error err;
	json_t *j;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_non_null(port);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadVxlan", 0, &cfg, NULL),
	    0);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*encapsulatedpackettaskoffloadvxlan", 1, &cfg, NULL),
	    0);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 4790, &cfg, NULL),
			 0);
	assert_int_equal(cfg.vxlan_port, 4790);
	assert_int_equal(taskoff_keyword_get(port, &cfg), 4790);
	j = taskoff_keyword_json(port, &cfg);
	assert_int_equal(json_integer_value(json_object_get(j, "value")), 4790);
	assert_int_equal(json_integer_value(json_object_get(j, "min")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "max")), 65535);
	assert_int_equal(json_integer_value(json_object_get(j, "default")), 4789);
	json_decref(j);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 0, &next, &err),
			 TASKOFF_NDIS_INVALID_PARAMETER);
	assert_non_null(strstr(err.message, "*VxlanUDPPortNumber"));
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 65536, &next, &err),
	    TASKOFF_NDIS_INVALID_PARAMETER);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadVxlan", 2, &next, &err),
	    TASKOFF_NDIS_INVALID_PARAMETER);
	assert_int_equal(cfg.vxlan_port, 4790);

	/* a fixed port stays where the hardware has it; no VXLAN, no VXLAN keyword */
	assert_int_equal(taskoff_hw_caps_parse(&caps, "no-vxlan-port-config", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 4790, &next, &err),
			 TASKOFF_NDIS_NOT_SUPPORTED);
	assert_non_null(strstr(err.message, "fixed at 4789"));
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 4789, &cfg, &err),
			 0);
	assert_int_equal(taskoff_hw_caps_parse(&caps, "no-vxlan", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_set(&caps, &cfg, "*EncapsulatedPacketTaskOffloadVxlan", 1, &next, &err),
	    TASKOFF_NDIS_NOT_SUPPORTED);
	assert_int_equal(taskoff_keyword_set(&caps, &cfg, "*VxlanUDPPortNumber", 4790, &next, &err),
			 TASKOFF_NDIS_NOT_SUPPORTED);
	assert_non_null(strstr(err.message, "no VXLAN"));
}

static const char vxlan_file[] = "[default]\n"				      /* 1 */
				 "*VxlanUDPPortNumber = 0\n"		      /* 2 */
				 "*VxlanUDPPortNumber = 65536\n"	      /* 3 */
				 "*EncapsulatedPacketTaskOffloadVxlan = 2\n"  /* 4 */
				 "*VxlanUDPPortNumber = 4790x\n"	      /* 5 */
				 "[net_taskoff0]\n"			      /* 6 */
				 "*VxlanUDPPortNumber = 8472\n"		      /* 7 */
				 "*EncapsulatedPacketTaskOffloadVxlan = 0\n"; /* 8 */

static void vxlan_file_lines_reported_with_file_and_line(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	struct reports rep = {0};
	char *path = write_file(vxlan_file);
	unsigned int i;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, collect, &rep), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(rep.r[i].line, i + 2);
		assert_int_equal(rep.r[i].status, TASKOFF_NDIS_INVALID_PARAMETER);
		assert_non_null(strstr(rep.r[i].message, "out of range"));
	}
	assert_non_null(
	    strstr(rep.r[0].message, "*VxlanUDPPortNumber: value '0' out of range 1..65535"));
	assert_non_null(strstr(rep.r[2].message, "*EncapsulatedPacketTaskOffloadVxlan"));
	/* the good lines are applied */
	assert_int_equal(cfg.vxlan_port, 8472);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC);

	/* above the capabilities: reported (NOT_SUPPORTED), ignored, the rest applies */
	memset(&rep, 0, sizeof(rep));
	taskoff_hw_caps_default(&caps);
	assert_int_equal(taskoff_hw_caps_parse(&caps, "no-vxlan-port-config", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, collect, &rep), 5);
	assert_int_equal(rep.r[4].line, 7);
	assert_int_equal(rep.r[4].status, TASKOFF_NDIS_NOT_SUPPORTED);
	assert_non_null(strstr(rep.r[4].message, "*VxlanUDPPortNumber = 8472"));
	assert_int_equal(cfg.vxlan_port, 4789);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC);

	memset(&rep, 0, sizeof(rep));
	taskoff_hw_caps_default(&caps);
	assert_int_equal(taskoff_hw_caps_parse(&caps, "no-vxlan", NULL), 0);
	taskoff_offload_config_from_caps(&caps, &cfg);
	unlink(path);
	path = write_file("[default]\n*EncapsulatedPacketTaskOffloadVxlan = 1\n");
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, collect, &rep), 1);
	assert_int_equal(rep.r[0].line, 2);
	assert_int_equal(rep.r[0].status, TASKOFF_NDIS_NOT_SUPPORTED);
	assert_int_equal(cfg.encap_types, TASKOFF_ENCAP_GRE_MAC);
	unlink(path);
}

static const char keyword_file[] = "; TaskOff keyword test\n"	       /* 1 */
				   "[default]\n"		       /* 2 */
				   "*UsoIPv6 = 0\n"		       /* 3 */
				   "this line is bad\n"		       /* 4 */
				   "*NoSuchKeyword = 1\n"	       /* 5 */
				   "*LsoV2IPv4 = 7\n"		       /* 6 */
				   "[net_taskoff0]\n"		       /* 7 */
				   "*RscIPv6 = 0   ; inline comment\n" /* 8 */
				   "*TCPUDPChecksumOffloadIPv6 = 2\n"  /* 9 */
				   "  *LsoV2IPv6=0\r\n"		       /* 10 */
				   "[net_taskoff1]\n"		       /* 11 */
				   "*LsoV1IPv4 = 0\n"		       /* 12 */
				   "[broken\n"			       /* 13 */
				   "*UsoIPv4 = 0\n"		       /* 14 */
				   "[net_taskoff0]\n"		       /* 15 */
				   "*RscIPv4 = 1\n"		       /* 16 */
				   "*UsoIPv4 = 1x\n"		       /* 17 */
				   "# the end\n";		       /* 18 */

static void file_reports_bad_lines_and_applies_the_rest(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	struct reports rep = {0};
	char *path = write_file(keyword_file);

	taskoff_hw_caps_default(&caps);
	taskoff_hw_caps_parse(&caps, "no-rsc-ipv4", NULL);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, collect, &rep), 7);
	assert_int_equal(rep.n, 7);
	assert_int_equal(rep.r[0].line, 4);
	assert_int_equal(rep.r[0].status, TASKOFF_NDIS_INVALID_DATA);
	assert_int_equal(rep.r[1].line, 5);
	assert_int_equal(rep.r[1].status, TASKOFF_NDIS_INVALID_PARAMETER);
	assert_non_null(strstr(rep.r[1].message, "*NoSuchKeyword"));
	assert_int_equal(rep.r[2].line, 6);
	assert_int_equal(rep.r[2].status, TASKOFF_NDIS_INVALID_PARAMETER);
	assert_non_null(strstr(rep.r[2].message, "out of range"));
	assert_int_equal(rep.r[3].line, 13);
	assert_int_equal(rep.r[4].line, 14); /* under the malformed header */
	assert_int_equal(rep.r[5].line, 16);
	assert_int_equal(rep.r[5].status, TASKOFF_NDIS_NOT_SUPPORTED);
	assert_int_equal(rep.r[6].line, 17);

	/* grouped Rx-only IPv6 checksum is fine because line 10 turns LSOv2 IPv6 off too */
	assert_false(cfg.uso_ipv6);
	assert_false(cfg.rsc_ipv6);
	assert_false(cfg.lsov2_ipv6);
	assert_int_equal(cfg.tcp6_csum, TASKOFF_CSUM_RX);
	assert_int_equal(cfg.udp6_csum, TASKOFF_CSUM_RX);
	assert_true(cfg.lsov1 && cfg.lsov2_ipv4 && cfg.uso_ipv4);
	assert_false(cfg.rsc_ipv4);

	memset(&rep, 0, sizeof(rep));
	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff1", &caps, &cfg, collect, &rep),
	    5); /* lines 4, 5, 6, 13 and 14; sections of net_taskoff0 skipped */
	assert_false(cfg.lsov1 || cfg.uso_ipv6);
	assert_true(cfg.rsc_ipv6 && cfg.lsov2_ipv6 && cfg.uso_ipv4);
	unlink(path);
}

static const char kw_dup_file[] = "[default]\n"	      /* 1 */
				  "*UsoIPv4 = 0\n"    /* 2 */
				  "*UsoIPv6 = 0\n"    /* 3 */
				  "[net_taskoff0\n"   /* 4 */
				  "*RscIPv6 = 0\n"    /* 5 */
				  "*RscIPv4 = 0\n"    /* 6 */
				  "[net_taskoff0]\n"  /* 7 */
				  "*LsoV2IPv6 = 0\n"  /* 8 */
				  "[default]\n"	      /* 9 */
				  "usoipv4 = 1\n"     /* 10 */
				  "[net_taskoff0]\n"  /* 11 */
				  "*LsoV2IPv6 = 1\n"; /* 12 */

static void malformed_section_and_duplicates_are_reported(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	struct reports rep = {0};
	char *path = write_file(kw_dup_file);
	char where[160];

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(
	    taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, collect, &rep), 5);
	assert_int_equal(rep.n, 5);
	/* the header, then every line it swallows */
	assert_int_equal(rep.r[0].line, 4);
	assert_int_equal(rep.r[0].status, TASKOFF_NDIS_INVALID_DATA);
	assert_int_equal(rep.r[1].line, 5);
	assert_non_null(strstr(rep.r[1].message, "line 4 is malformed"));
	assert_int_equal(rep.r[2].line, 6);
	/* duplicates: the earlier line is reported, naming the later one, which wins */
	assert_int_equal(rep.r[3].line, 2);
	assert_int_equal(rep.r[3].status, TASKOFF_NDIS_INVALID_DATA);
	snprintf(where, sizeof(where), "duplicate keyword *UsoIPv4, overridden by %s:10", path);
	assert_string_equal(rep.r[3].message, where);
	assert_int_equal(rep.r[4].line, 8);
	snprintf(where, sizeof(where), "duplicate keyword *LsoV2IPv6, overridden by %s:12", path);
	assert_string_equal(rep.r[4].message, where);
	assert_true(cfg.uso_ipv4 && cfg.lsov2_ipv6 && cfg.rsc_ipv4 && cfg.rsc_ipv6);
	assert_false(cfg.uso_ipv6);
	unlink(path);
}

static void port_section_overrides_default_wherever_it_is(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	char *path = write_file("[net_taskoff0]\n*UsoIPv4 = 1\n[default]\n*UsoIPv4 = 0\n"
				"*UsoIPv6 = 0\n");

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(taskoff_keyword_file_apply(path, "net_taskoff0", &caps, &cfg, NULL, NULL),
			 0);
	assert_true(cfg.uso_ipv4);
	assert_false(cfg.uso_ipv6);
	unlink(path);
}

static void dependency_conflict_falls_back_to_file_order(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	struct reports rep = {0};
	char *path = write_file("[default]\n*TCPChecksumOffloadIPv4 = 2\n*UsoIPv4 = 0\n");

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	assert_int_equal(taskoff_keyword_file_apply(path, "p", &caps, &cfg, collect, &rep), 1);
	assert_int_equal(rep.r[0].line, 2);
	assert_int_equal(rep.r[0].status, TASKOFF_NDIS_INVALID_PARAMETER);
	assert_non_null(strstr(rep.r[0].message, "LsoV1"));
	assert_int_equal(cfg.tcp4_csum, BOTH);
	assert_false(cfg.uso_ipv4);
	unlink(path);
}

static void missing_file_is_an_error_and_changes_nothing(void **state)
{
	struct taskoff_offload_config cfg, before;
	struct taskoff_hw_caps caps;

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	before = cfg;
	assert_int_equal(
	    taskoff_keyword_file_apply("/nonexistent/taskoff.conf", "p", &caps, &cfg, NULL, NULL),
	    -ENOENT);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void shipped_config_is_clean_and_all_default(void **state)
{
	struct taskoff_offload_config cfg, def;
	struct taskoff_hw_caps caps;
	struct reports rep = {0};

	taskoff_hw_caps_default(&caps);
	taskoff_offload_config_from_caps(&caps, &cfg);
	def = cfg;
	assert_int_equal(taskoff_keyword_file_apply(TASKOFF_CONF_PATH, "net_taskoff0", &caps, &cfg,
						    collect, &rep),
			 0);
	if (rep.n)
		fail_msg("line %u: %s", rep.r[0].line, rep.r[0].message);
	assert_memory_equal(&cfg, &def, sizeof(cfg));
}

static void port_setup_combines_caps_and_keyword_file(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_hw_caps caps;
	char *path = write_file("[net_taskoff3]\n*UsoIPv6 = 0\n*RscIPv4 = 1\n");

	assert_int_equal(
	    taskoff_port_offload_setup("net_taskoff3", "no-rsc:lso-max=65536", path, &caps, &cfg),
	    0);
	assert_false(caps.rsc_ipv4);
	assert_false(cfg.rsc_ipv4 || cfg.rsc_ipv6 || cfg.uso_ipv6); /* line 3 ignored: caps */
	assert_true(cfg.uso_ipv4);
	assert_int_equal(cfg.lsov2_max_size, 65536);
	assert_int_equal(
	    taskoff_port_offload_setup("net_taskoff3", "no-such-cap", NULL, &caps, &cfg), -EINVAL);
	assert_true(cfg.rsc_ipv4); /* defaults stay usable */
	assert_int_equal(taskoff_port_offload_setup("p", NULL, "/nonexistent", &caps, &cfg),
			 -ENOENT);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_standard_keyword_is_listed),
	    cmocka_unit_test(find_ignores_case_and_star),
	    cmocka_unit_test(set_obeys_range_caps_and_rules),
	    cmocka_unit_test(grouped_checksum_keywords),
	    cmocka_unit_test(nvgre_keywords),
	    cmocka_unit_test(vxlan_keywords),
	    cmocka_unit_test(vxlan_file_lines_reported_with_file_and_line),
	    cmocka_unit_test(file_reports_bad_lines_and_applies_the_rest),
	    cmocka_unit_test(malformed_section_and_duplicates_are_reported),
	    cmocka_unit_test(port_section_overrides_default_wherever_it_is),
	    cmocka_unit_test(dependency_conflict_falls_back_to_file_order),
	    cmocka_unit_test(missing_file_is_an_error_and_changes_nothing),
	    cmocka_unit_test(shipped_config_is_clean_and_all_default),
	    cmocka_unit_test(port_setup_combines_caps_and_keyword_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
