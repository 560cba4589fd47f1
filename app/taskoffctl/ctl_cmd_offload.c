/* SPDX-License-Identifier: BSD-3-Clause */
/* ports, caps, show, set, keyword. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmd.h"
#include "ctl_print.h"

/* FEAT_TYPE: one EncapsulationTypes bit; FEAT_PORT: a number, not a switch. */
enum feature_kind { FEAT_CSUM, FEAT_ONOFF, FEAT_ENCAP, FEAT_TYPE, FEAT_PORT };

#define VXLAN_BLOCK "EncapsulatedPacketTaskOffloadVxlan."

/*
 * One line of `show`: alias, NDIS parameter (what `set` takes, "-" when it
 * only reports), where NDIS_OFFLOAD says it is on.
 */
static const struct feature {
	const char *alias;
	const char *ndis;
	enum feature_kind kind;
	const char *on_path; /* Tx for checksums */
	const char *rx_path; /* Rx for checksums, size for segmentation, "configurable" of a port */
	long long bit;	     /* FEAT_TYPE */
} features[] = {
    {"ipv4-csum", "IPv4Checksum", FEAT_CSUM, "Checksum.IPv4Transmit.IpChecksum",
     "Checksum.IPv4Receive.IpChecksum"},
    {"tcp4-csum", "TCPIPv4Checksum", FEAT_CSUM, "Checksum.IPv4Transmit.TcpChecksum",
     "Checksum.IPv4Receive.TcpChecksum"},
    {"udp4-csum", "UDPIPv4Checksum", FEAT_CSUM, "Checksum.IPv4Transmit.UdpChecksum",
     "Checksum.IPv4Receive.UdpChecksum"},
    {"tcp6-csum", "TCPIPv6Checksum", FEAT_CSUM, "Checksum.IPv6Transmit.TcpChecksum",
     "Checksum.IPv6Receive.TcpChecksum"},
    {"udp6-csum", "UDPIPv6Checksum", FEAT_CSUM, "Checksum.IPv6Transmit.UdpChecksum",
     "Checksum.IPv6Receive.UdpChecksum"},
    {"lsov1", "LsoV1", FEAT_ONOFF, "LsoV1.IPv4.Encapsulation", "LsoV1.IPv4.MaxOffLoadSize"},
    {"lsov2-ipv4", "LsoV2IPv4", FEAT_ONOFF, "LsoV2.IPv4.Encapsulation",
     "LsoV2.IPv4.MaxOffLoadSize"},
    {"lsov2-ipv6", "LsoV2IPv6", FEAT_ONOFF, "LsoV2.IPv6.Encapsulation",
     "LsoV2.IPv6.MaxOffLoadSize"},
    {"uso-ipv4", "UdpSegmentationOffloadIPv4", FEAT_ONOFF, "UdpSegmentation.IPv4.Encapsulation",
     "UdpSegmentation.IPv4.MaxOffLoadSize"},
    {"uso-ipv6", "UdpSegmentationOffloadIPv6", FEAT_ONOFF, "UdpSegmentation.IPv6.Encapsulation",
     "UdpSegmentation.IPv6.MaxOffLoadSize"},
    {"rsc-ipv4", "RscIPv4", FEAT_ONOFF, "Rsc.IPv4.Enabled", NULL},
    {"rsc-ipv6", "RscIPv6", FEAT_ONOFF, "Rsc.IPv6.Enabled", NULL},
    {"encap", "EncapsulatedPacketTaskOffload", FEAT_ENCAP, "EncapsulationTypes", NULL},
    {"nvgre-tx-csum", "-", FEAT_ONOFF,
     "EncapsulatedPacketTaskOffloadGre.TransmitChecksumOffloadSupported", NULL},
    {"nvgre-rx-csum", "-", FEAT_ONOFF,
     "EncapsulatedPacketTaskOffloadGre.ReceiveChecksumOffloadSupported", NULL},
    {"nvgre-lso", "-", FEAT_ONOFF, "EncapsulatedPacketTaskOffloadGre.LsoV2Supported", NULL},
    {"nvgre-rss", "-", FEAT_ONOFF, "EncapsulatedPacketTaskOffloadGre.RssSupported", NULL},
    {"nvgre-vmq", "-", FEAT_ONOFF, "EncapsulatedPacketTaskOffloadGre.VmqSupported", NULL},
    {"vxlan", "EncapsulationTypeVxlan", FEAT_TYPE, "EncapsulationTypes", NULL, 0x2},
    {"vxlan-port", "VxlanUDPPortNumber", FEAT_PORT, VXLAN_BLOCK "VxlanUDPPortNumber",
     VXLAN_BLOCK "VxlanUDPPortNumberConfigurable"},
    {"vxlan-tx-csum", "-", FEAT_ONOFF, VXLAN_BLOCK "TransmitChecksumOffloadSupported", NULL},
    {"vxlan-rx-csum", "-", FEAT_ONOFF, VXLAN_BLOCK "ReceiveChecksumOffloadSupported", NULL},
    {"vxlan-lso", "-", FEAT_ONOFF, VXLAN_BLOCK "LsoV2Supported", NULL},
    {"vxlan-uso", "-", FEAT_ONOFF, VXLAN_BLOCK "UsoSupported", NULL},
    {"vxlan-rss", "-", FEAT_ONOFF, VXLAN_BLOCK "RssSupported", NULL},
    {"vxlan-vmq", "-", FEAT_ONOFF, VXLAN_BLOCK "VmqSupported", NULL},
};

#define NB_FEATURES (sizeof(features) / sizeof(features[0]))

static const char *onoff(long long v, long long hw)
{
	if (v)
		return "on";
	return hw ? "off" : "off [fixed]";
}

/* Whether @p f is on in @p offload (the port number for FEAT_PORT). */
static long long feature_value(const struct feature *f, const json_t *offload)
{
	long long v = json_path_int(offload, f->on_path);

	return f->kind == FEAT_TYPE ? (v & f->bit) != 0 : v;
}

static void print_port(const struct feature *f, const json_t *cur, const json_t *hw)
{
	long long port = json_path_int(cur, f->on_path);

	if (json_path_int(hw, f->on_path) == 0)
		printf("- [fixed]\n"); /* the hardware has no such tunnel */
	else
		printf("%lld%s\n", port, json_path_int(hw, f->rx_path) ? "" : " [fixed]");
}

static void print_feature(const struct feature *f, const json_t *cur, const json_t *hw)
{
	long long on = feature_value(f, cur);

	printf("%-14s %-30s ", f->alias, f->ndis);
	switch (f->kind) {
	case FEAT_CSUM:
		printf("tx: %-12s rx: %s\n", onoff(on, json_path_int(hw, f->on_path)),
		       onoff(json_path_int(cur, f->rx_path), json_path_int(hw, f->rx_path)));
		break;
	case FEAT_ENCAP:
		printf("%s", onoff(on, json_path_int(hw, f->on_path)));
		if (on)
			printf("  (types 0x%llx%s%s)", on, (on & 1) ? " NVGRE" : "",
			       (on & 2) ? " VXLAN" : "");
		printf("\n");
		break;
	case FEAT_PORT:
		print_port(f, cur, hw);
		break;
	case FEAT_TYPE:
		printf("%s\n", onoff(on, feature_value(f, hw)));
		break;
	default:
		printf("%s", onoff(on, json_path_int(hw, f->on_path)));
		if (on && f->rx_path != NULL)
			printf("  (max %lld bytes)", json_path_int(cur, f->rx_path));
		printf("\n");
	}
}

void ctl_print_summary(const json_t *offload)
{
	size_t i;
	long long v;

	for (i = 0; i < NB_FEATURES; i++) {
		if (features[i].kind == FEAT_CSUM) {
			v = (json_path_int(offload, features[i].on_path) ? 1 : 0) |
			    (json_path_int(offload, features[i].rx_path) ? 2 : 0);
			printf(" %s=%s", features[i].alias,
			       (const char *[]){"off", "tx", "rx", "on"}[v]);
		} else if (features[i].kind == FEAT_PORT) {
			printf(" %s=%lld", features[i].alias, feature_value(&features[i], offload));
		} else {
			printf(" %s=%s", features[i].alias,
			       feature_value(&features[i], offload) ? "on" : "off");
		}
	}
	printf("\n");
}

int cmd_ports(struct ctl_ctx *ctx, int argc, char **argv)
{
	json_t *ports = ctl_rpc(ctx, "port.list", NULL), *p;
	size_t i;

	if (ports == NULL)
		return 1;
	if (ctx->json) {
		print_json(stdout, ports);
	} else {
		printf("%-6s %s\n", "ID", "NAME");
		json_array_foreach(ports, i, p) printf(
		    "%-6lld %s\n", (long long)json_integer_value(json_object_get(p, "port_id")),
		    json_string_value(json_object_get(p, "name")));
	}
	json_decref(ports);
	return 0;
}

static json_t *port_params(const char *port)
{
	return json_pack("{s:o}", "port", ctl_port_arg(port));
}

int cmd_caps(struct ctl_ctx *ctx, int argc, char **argv)
{
	bool hw = ctl_has_flag(argc, argv, "--hardware");
	char *pos[1];
	json_t *r;

	ctl_positional(argc, argv, pos, 1);
	r = ctl_rpc(ctx, hw ? "offload.hardware_capabilities" : "offload.current_config",
		    port_params(pos[0]));
	if (r == NULL)
		return 1;
	if (ctx->json) {
		print_json(stdout, r);
	} else {
		printf("%s of %s (NDIS_OFFLOAD):\n",
		       hw ? "Hardware capabilities" : "Current configuration", pos[0]);
		print_tree(stdout, r, 2);
	}
	json_decref(r);
	return 0;
}

static int show_port(struct ctl_ctx *ctx, const char *port, json_t *cur)
{
	json_t *hw = ctl_rpc(ctx, "offload.hardware_capabilities", port_params(port));
	size_t i;

	if (hw == NULL)
		return 1;
	if (ctx->json) {
		json_t *both = json_pack("{s:O, s:O}", "current", cur, "hardware", hw);

		print_json(stdout, both);
		json_decref(both);
	} else {
		printf("Offloads of %s:\n", port);
		for (i = 0; i < NB_FEATURES; i++)
			print_feature(&features[i], cur, hw);
	}
	json_decref(hw);
	return 0;
}

int cmd_show(struct ctl_ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	json_t *cur;
	int rc;

	ctl_positional(argc, argv, pos, 1);
	cur = ctl_rpc(ctx, "offload.current_config", port_params(pos[0]));
	if (cur == NULL)
		return 1;
	rc = show_port(ctx, pos[0], cur);
	json_decref(cur);
	return rc;
}

/* "42" → integer, anything else → string (the server knows the words). */
static json_t *value_arg(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*s != '\0' && *end == '\0')
		return json_integer(v);
	return json_string(s);
}

int cmd_set(struct ctl_ctx *ctx, int argc, char **argv)
{
	json_t *params = json_object(), *r;
	char *pos[64], *eq;
	int n = ctl_positional(argc, argv, pos, 64), i, rc;

	for (i = 1; i < n; i++) {
		eq = strchr(pos[i], '=');
		if (eq == NULL || eq == pos[i]) {
			json_decref(params);
			return ctl_fail("expected Field=Value, got '%s'", pos[i]);
		}
		*eq = '\0';
		json_object_set_new(params, pos[i], value_arg(eq + 1));
	}
	r = ctl_rpc(ctx, "offload.set_parameters",
		    json_pack("{s:o, s:o}", "port", ctl_port_arg(pos[0]), "parameters", params));
	if (r == NULL)
		return 1;
	rc = show_port(ctx, pos[0], r);
	json_decref(r);
	return rc;
}

static void print_keyword(const json_t *k)
{
	const json_t *v = json_object_get(k, "value");

	printf("%-38s ", json_string_value(json_object_get(k, "keyword")));
	if (json_is_integer(v))
		printf("%-6lld", (long long)json_integer_value(v));
	else
		printf("%-6s", "mixed");
	printf(" default %lld; %s\n", (long long)json_integer_value(json_object_get(k, "default")),
	       json_string_value(json_object_get(k, "values")));
}

static int keyword_list(struct ctl_ctx *ctx, const char *port)
{
	json_t *list = ctl_rpc(ctx, "keyword.list", port_params(port)), *k;
	size_t i;

	if (list == NULL)
		return 1;
	if (ctx->json)
		print_json(stdout, list);
	else
		json_array_foreach(list, i, k) print_keyword(k);
	json_decref(list);
	return 0;
}

int cmd_keyword(struct ctl_ctx *ctx, int argc, char **argv)
{
	char *pos[2], *eq;
	int n = ctl_positional(argc, argv, pos, 2);
	json_t *params, *r;

	if (n == 1)
		return keyword_list(ctx, pos[0]);
	eq = strchr(pos[1], '=');
	if (eq != NULL)
		*eq = '\0';
	params = json_pack("{s:o, s:s}", "port", ctl_port_arg(pos[0]), "keyword", pos[1]);
	if (eq != NULL)
		json_object_set_new(params, "value", value_arg(eq + 1));
	r = ctl_rpc(ctx, eq != NULL ? "keyword.set" : "keyword.get", params);
	if (r == NULL)
		return 1;
	if (ctx->json)
		print_json(stdout, r);
	else
		print_keyword(r);
	json_decref(r);
	return 0;
}
