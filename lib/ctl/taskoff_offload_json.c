/* SPDX-License-Identifier: BSD-3-Clause */
/* NDIS_OFFLOAD → JSON, field names exactly as NDIS spells them. */
#include "taskoff_offload_json.h"

#define SUPPORTED(b) ((b) ? TASKOFF_NDIS_SUPPORTED_VALUE : TASKOFF_NDIS_NOT_SUPPORTED_VALUE)

static json_t *csum_json(const struct taskoff_csum_caps *c, bool v4)
{
	json_t *o =
	    json_pack("{s:i, s:i, s:i, s:i, s:i}", "Encapsulation", (int)c->encapsulation,
		      v4 ? "IpOptionsSupported" : "IpExtensionHeadersSupported",
		      SUPPORTED(c->ip_options), "TcpOptionsSupported", SUPPORTED(c->tcp_options),
		      "TcpChecksum", SUPPORTED(c->tcp), "UdpChecksum", SUPPORTED(c->udp));

	if (o != NULL && v4)
		json_object_set_new(o, "IpChecksum", json_integer(SUPPORTED(c->ip)));
	return o;
}

static json_t *lsov1_json(const struct taskoff_lso_caps *l)
{
	return json_pack("{s:i, s:I, s:I, s:i, s:i}", "Encapsulation", (int)l->encapsulation,
			 "MaxOffLoadSize", (json_int_t)l->max_offload_size, "MinSegmentCount",
			 (json_int_t)l->min_segment_count, "TcpOptions", SUPPORTED(l->tcp_options),
			 "IpOptions", SUPPORTED(l->ip_options));
}

static json_t *lsov2_json(const struct taskoff_lso_caps *l, bool v4)
{
	json_t *o = json_pack("{s:i, s:I, s:I}", "Encapsulation", (int)l->encapsulation,
			      "MaxOffLoadSize", (json_int_t)l->max_offload_size, "MinSegmentCount",
			      (json_int_t)l->min_segment_count);

	if (o != NULL && !v4) {
		json_object_set_new(o, "IpExtensionHeadersSupported",
				    json_integer(SUPPORTED(l->ip_options)));
		json_object_set_new(o, "TcpOptionsSupported",
				    json_integer(SUPPORTED(l->tcp_options)));
	}
	return o;
}

static json_t *uso_json(const struct taskoff_uso_caps *u, bool v4)
{
	json_t *o = json_pack("{s:i, s:I, s:I, s:i}", "Encapsulation", (int)u->encapsulation,
			      "MaxOffLoadSize", (json_int_t)u->max_offload_size, "MinSegmentCount",
			      (json_int_t)u->min_segment_count, "SubMssFinalSegmentSupported",
			      SUPPORTED(u->sub_mss_final_segment));

	if (o != NULL && !v4)
		json_object_set_new(o, "IpExtensionHeadersSupported",
				    json_integer(SUPPORTED(u->ip_ext_headers)));
	return o;
}

static json_t *gre_json(const struct taskoff_encap_caps *g)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:I}", "TransmitChecksumOffloadSupported",
			 SUPPORTED(g->tx_csum), "ReceiveChecksumOffloadSupported",
			 SUPPORTED(g->rx_csum), "LsoV2Supported", SUPPORTED(g->lsov2),
			 "RssSupported", SUPPORTED(g->rss), "VmqSupported", SUPPORTED(g->vmq),
			 "MaxHeaderSizeSupported", (json_int_t)g->max_header_size);
}

/* NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD_V2: the V1 members plus USO and the UDP port. */
static json_t *vxlan_json(const struct taskoff_encap_caps *v)
{
	json_t *o = gre_json(v);

	if (o != NULL) {
		json_object_set_new(o, "UsoSupported", json_integer(SUPPORTED(v->uso)));
		json_object_set_new(o, "VxlanUDPPortNumber", json_integer(v->udp_port));
		json_object_set_new(o, "VxlanUDPPortNumberConfigurable",
				    json_integer(SUPPORTED(v->udp_port_configurable)));
	}
	return o;
}

json_t *taskoff_offload_to_json(const struct taskoff_hw_caps *o)
{
	/* json_pack's "o" steals the references, and frees them all if it fails */
	return json_pack(
	    "{s:{s:o, s:o, s:o, s:o}, s:{s:o}, s:{s:o, s:o}, s:{s:{s:b}, s:{s:b}}, s:o, "
	    "s:{s:o, s:o}, s:o, s:i}",
	    "Checksum", "IPv4Transmit", csum_json(&o->ipv4_tx, true), "IPv4Receive",
	    csum_json(&o->ipv4_rx, true), "IPv6Transmit", csum_json(&o->ipv6_tx, false),
	    "IPv6Receive", csum_json(&o->ipv6_rx, false), "LsoV1", "IPv4",
	    lsov1_json(&o->lsov1_ipv4), "LsoV2", "IPv4", lsov2_json(&o->lsov2_ipv4, true), "IPv6",
	    lsov2_json(&o->lsov2_ipv6, false), "Rsc", "IPv4", "Enabled", (int)o->rsc_ipv4, "IPv6",
	    "Enabled", (int)o->rsc_ipv6, "EncapsulatedPacketTaskOffloadGre", gre_json(&o->gre),
	    "UdpSegmentation", "IPv4", uso_json(&o->uso_ipv4, true), "IPv6",
	    uso_json(&o->uso_ipv6, false), "EncapsulatedPacketTaskOffloadVxlan",
	    vxlan_json(&o->vxlan), "EncapsulationTypes", (int)o->encap_types);
}
