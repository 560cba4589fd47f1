/* SPDX-License-Identifier: BSD-3-Clause */
/* NDIS standardized keywords mapped onto struct taskoff_offload_config. */
#include <stddef.h>
#include <strings.h>

#include "taskoff_keywords.h"
#include "taskoff_offload_params.h"

enum keyword_kind {
	KW_CSUM,       /* one checksum byte, value = TASKOFF_CSUM_* bits */
	KW_CSUM_GROUP, /* two checksum bytes (TCP and UDP) */
	KW_BOOL,       /* one bool */
	KW_ENCAP_BIT,  /* one bit of encap_types */
	KW_PORT,       /* one uint16_t UDP port */
};

struct keyword {
	struct taskoff_keyword_info info; /* first: info pointers are keyword pointers */
	enum keyword_kind kind;
	size_t offset, offset2;
	uint32_t bit;
};

#define CFG_OFF(m)  offsetof(struct taskoff_offload_config, m)
#define CSUM_VALUES "0 disabled, 1 Tx enabled, 2 Rx enabled, 3 Rx and Tx enabled"
#define BOOL_VALUES "0 disabled, 1 enabled"
#define PORT_VALUES "1..65535, the UDP destination port of VXLAN frames"
#define CSUM_KW(n, m)                                                                              \
	{                                                                                          \
		{n, 0, 3, 3, CSUM_VALUES}, KW_CSUM, CFG_OFF(m), 0, 0                               \
	}
#define BOOL_KW(n, m)                                                                              \
	{                                                                                          \
		{n, 0, 1, 1, BOOL_VALUES}, KW_BOOL, CFG_OFF(m), 0, 0                               \
	}

static const struct keyword keywords[] = {
    CSUM_KW("*IPChecksumOffloadIPv4", ipv4_csum),
    CSUM_KW("*TCPChecksumOffloadIPv4", tcp4_csum),
    CSUM_KW("*TCPChecksumOffloadIPv6", tcp6_csum),
    CSUM_KW("*UDPChecksumOffloadIPv4", udp4_csum),
    CSUM_KW("*UDPChecksumOffloadIPv6", udp6_csum),
    {{"*TCPUDPChecksumOffloadIPv4", 0, 3, 3, CSUM_VALUES},
     KW_CSUM_GROUP,
     CFG_OFF(tcp4_csum),
     CFG_OFF(udp4_csum),
     0},
    {{"*TCPUDPChecksumOffloadIPv6", 0, 3, 3, CSUM_VALUES},
     KW_CSUM_GROUP,
     CFG_OFF(tcp6_csum),
     CFG_OFF(udp6_csum),
     0},
    BOOL_KW("*LsoV1IPv4", lsov1),
    BOOL_KW("*LsoV2IPv4", lsov2_ipv4),
    BOOL_KW("*LsoV2IPv6", lsov2_ipv6),
    BOOL_KW("*RscIPv4", rsc_ipv4),
    BOOL_KW("*RscIPv6", rsc_ipv6),
    BOOL_KW("*UsoIPv4", uso_ipv4),
    BOOL_KW("*UsoIPv6", uso_ipv6),
    BOOL_KW("*EncapsulatedPacketTaskOffload", encap_enabled),
    {{"*EncapsulatedPacketTaskOffloadNvgre", 0, 1, 1, BOOL_VALUES},
     KW_ENCAP_BIT,
     CFG_OFF(encap_types),
     0,
     TASKOFF_ENCAP_GRE_MAC},
    {{"*EncapsulatedPacketTaskOffloadVxlan", 0, 1, 1, BOOL_VALUES},
     KW_ENCAP_BIT,
     CFG_OFF(encap_types),
     0,
     TASKOFF_ENCAP_VXLAN},
    {{"*VxlanUDPPortNumber", 1, 65535, TASKOFF_VXLAN_DEFAULT_PORT, PORT_VALUES},
     KW_PORT,
     CFG_OFF(vxlan_port),
     0,
     0},
};

#define NB_KEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

static const struct keyword *keyword_of(const struct taskoff_keyword_info *info)
{
	return (const struct keyword *)info;
}

unsigned int taskoff_keyword_count(void)
{
	return NB_KEYWORDS;
}

const struct taskoff_keyword_info *taskoff_keyword_at(unsigned int i)
{
	return i < NB_KEYWORDS ? &keywords[i].info : NULL;
}

const struct taskoff_keyword_info *taskoff_keyword_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	if (name[0] == '*')
		name++;
	for (i = 0; i < NB_KEYWORDS; i++)
		if (strcasecmp(name, keywords[i].info.name + 1) == 0)
			return &keywords[i].info;
	return NULL;
}

int taskoff_keyword_get(const struct taskoff_keyword_info *info,
			const struct taskoff_offload_config *cfg)
{
	const struct keyword *kw = keyword_of(info);
	const char *base = (const char *)cfg;
	uint8_t a, b;

	switch (kw->kind) {
	case KW_CSUM:
		return *(const uint8_t *)(base + kw->offset);
	case KW_CSUM_GROUP:
		a = *(const uint8_t *)(base + kw->offset);
		b = *(const uint8_t *)(base + kw->offset2);
		return a == b ? a : -1;
	case KW_BOOL:
		return *(const bool *)(base + kw->offset) ? 1 : 0;
	case KW_ENCAP_BIT:
		return (*(const uint32_t *)(base + kw->offset) & kw->bit) ? 1 : 0;
	case KW_PORT:
		return *(const uint16_t *)(base + kw->offset);
	}
	return -1;
}

void taskoff_keyword_store(const struct taskoff_keyword_info *info, int value,
			   struct taskoff_offload_config *cfg)
{
	const struct keyword *kw = keyword_of(info);
	char *base = (char *)cfg;
	uint32_t *bits;

	switch (kw->kind) {
	case KW_CSUM_GROUP:
		*(uint8_t *)(base + kw->offset2) = (uint8_t)value;
		/* fall through */
	case KW_CSUM:
		*(uint8_t *)(base + kw->offset) = (uint8_t)value;
		break;
	case KW_BOOL:
		*(bool *)(base + kw->offset) = value != 0;
		break;
	case KW_ENCAP_BIT:
		bits = (uint32_t *)(base + kw->offset);
		*bits = value ? (*bits | kw->bit) : (*bits & ~kw->bit);
		break;
	case KW_PORT:
		*(uint16_t *)(base + kw->offset) = (uint16_t)value;
		break;
	}
}

enum taskoff_ndis_status taskoff_keyword_set(const struct taskoff_hw_caps *caps,
					     const struct taskoff_offload_config *cur,
					     const char *name, long value,
					     struct taskoff_offload_config *next,
					     struct taskoff_ndis_error *err)
{
	const struct taskoff_keyword_info *kw = taskoff_keyword_find(name);
	struct taskoff_offload_config work = *cur;
	enum taskoff_ndis_status st;

	if (kw == NULL)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "unknown keyword '%s'", name != NULL ? name : "");
	if (value < kw->min || value > kw->max)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "%s: value %ld out of range %d..%d (%s)", kw->name, value,
					 kw->min, kw->max, kw->values);
	taskoff_keyword_store(kw, (int)value, &work);
	st = taskoff_offload_check(caps, cur, &work, err);
	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	*next = work;
	return TASKOFF_NDIS_SUCCESS;
}

json_t *taskoff_keyword_json(const struct taskoff_keyword_info *kw,
			     const struct taskoff_offload_config *cfg)
{
	int value = taskoff_keyword_get(kw, cfg);

	return json_pack("{s:s, s:o, s:i, s:i, s:i, s:s}", "keyword", kw->name, "value",
			 value < 0 ? json_null() : json_integer(value), "min", kw->min, "max",
			 kw->max, "default", kw->default_value, "values", kw->values);
}

json_t *taskoff_keyword_list_json(const struct taskoff_offload_config *cfg)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; list != NULL && i < NB_KEYWORDS; i++) {
		if (json_array_append_new(list, taskoff_keyword_json(&keywords[i].info, cfg)) !=
		    0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}
