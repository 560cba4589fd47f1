/* SPDX-License-Identifier: BSD-3-Clause */
/* NDIS_OFFLOAD_PARAMETERS and OID_OFFLOAD_ENCAPSULATION requests on a config copy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "taskoff_ctl_param.h"
#include "taskoff_offload_params.h"

/* Kinds from FIELD_ENCAP on are the ones OID_OFFLOAD_ENCAPSULATION takes. */
enum field_kind {
	FIELD_CSUM,	   /* 0..4 checksum values */
	FIELD_OFFLOAD,	   /* 0 NO_CHANGE, 1 DISABLED, 2 ENABLED */
	FIELD_ENCAP,	   /* 0 NO_CHANGE, 1 ON, 2 OFF */
	FIELD_ENCAP_TYPES, /* bit set, 0 = no change */
	FIELD_ENCAP_BIT,   /* one type bit: 0 NO_CHANGE, 1 DISABLED, 2 ENABLED */
	FIELD_UDP_PORT,	   /* a JSON integer 1..65535 */
};

struct param_field {
	const char *name;
	const char *alias;
	enum field_kind kind;
	size_t offset;
	uint32_t bit; /* FIELD_ENCAP_BIT */
};

#define CFG_OFF(m) offsetof(struct taskoff_offload_config, m)

static const struct param_field fields[] = {
    {"IPv4Checksum", "ipv4-csum", FIELD_CSUM, CFG_OFF(ipv4_csum)},
    {"TCPIPv4Checksum", "tcp4-csum", FIELD_CSUM, CFG_OFF(tcp4_csum)},
    {"UDPIPv4Checksum", "udp4-csum", FIELD_CSUM, CFG_OFF(udp4_csum)},
    {"TCPIPv6Checksum", "tcp6-csum", FIELD_CSUM, CFG_OFF(tcp6_csum)},
    {"UDPIPv6Checksum", "udp6-csum", FIELD_CSUM, CFG_OFF(udp6_csum)},
    {"LsoV1", "lsov1", FIELD_OFFLOAD, CFG_OFF(lsov1)},
    {"LsoV2IPv4", "lsov2-ipv4", FIELD_OFFLOAD, CFG_OFF(lsov2_ipv4)},
    {"LsoV2IPv6", "lsov2-ipv6", FIELD_OFFLOAD, CFG_OFF(lsov2_ipv6)},
    {"RscIPv4", "rsc-ipv4", FIELD_OFFLOAD, CFG_OFF(rsc_ipv4)},
    {"RscIPv6", "rsc-ipv6", FIELD_OFFLOAD, CFG_OFF(rsc_ipv6)},
    {"UdpSegmentationOffloadIPv4", "uso-ipv4", FIELD_OFFLOAD, CFG_OFF(uso_ipv4)},
    {"UdpSegmentationOffloadIPv6", "uso-ipv6", FIELD_OFFLOAD, CFG_OFF(uso_ipv6)},
    {"EncapsulatedPacketTaskOffload", "encap", FIELD_ENCAP, CFG_OFF(encap_enabled)},
    {"EncapsulationTypes", "encap-types", FIELD_ENCAP_TYPES, CFG_OFF(encap_types)},
    /* after EncapsulationTypes: a request with both changes the bits of its set */
    {"EncapsulationTypeNvgre", "nvgre", FIELD_ENCAP_BIT, CFG_OFF(encap_types),
     TASKOFF_ENCAP_GRE_MAC},
    {"EncapsulationTypeVxlan", "vxlan", FIELD_ENCAP_BIT, CFG_OFF(encap_types), TASKOFF_ENCAP_VXLAN},
    {"VxlanUDPPortNumber", "vxlan-port", FIELD_UDP_PORT, CFG_OFF(vxlan_port)},
};

#define NB_FIELDS (sizeof(fields) / sizeof(fields[0]))

struct word {
	const char *word;
	int value;
};

static const struct word csum_words[] = {
    {"no-change", TASKOFF_NDIS_CSUM_NO_CHANGE},
    {"off", TASKOFF_NDIS_CSUM_TX_RX_DISABLED},
    {"disabled", TASKOFF_NDIS_CSUM_TX_RX_DISABLED},
    {"tx", TASKOFF_NDIS_CSUM_TX_ENABLED_RX_DISABLED},
    {"rx", TASKOFF_NDIS_CSUM_RX_ENABLED_TX_DISABLED},
    {"on", TASKOFF_NDIS_CSUM_TX_RX_ENABLED},
    {"rx-tx", TASKOFF_NDIS_CSUM_TX_RX_ENABLED},
    {"tx-rx", TASKOFF_NDIS_CSUM_TX_RX_ENABLED},
    {"enabled", TASKOFF_NDIS_CSUM_TX_RX_ENABLED},
    {NULL, 0},
};

static const struct word offload_words[] = {
    {"no-change", TASKOFF_NDIS_OFFLOAD_NO_CHANGE}, {"off", TASKOFF_NDIS_OFFLOAD_DISABLED},
    {"disabled", TASKOFF_NDIS_OFFLOAD_DISABLED},   {"on", TASKOFF_NDIS_OFFLOAD_ENABLED},
    {"enabled", TASKOFF_NDIS_OFFLOAD_ENABLED},	   {NULL, 0},
};

static const struct word encap_words[] = {
    {"no-change", TASKOFF_NDIS_ENCAP_NO_CHANGE},
    {"on", TASKOFF_NDIS_ENCAP_ON},
    {"off", TASKOFF_NDIS_ENCAP_OFF},
    {NULL, 0},
};

static const struct word encap_type_words[] = {
    {"nvgre", TASKOFF_ENCAP_GRE_MAC},
    {"gre-mac", TASKOFF_ENCAP_GRE_MAC},
    {"gre", TASKOFF_ENCAP_GRE_MAC},
    {"vxlan", TASKOFF_ENCAP_VXLAN},
    {NULL, 0},
};

static const struct param_field *field_find(const char *key)
{
	size_t i;

	for (i = 0; i < NB_FIELDS; i++)
		if (strcasecmp(key, fields[i].name) == 0 || strcasecmp(key, fields[i].alias) == 0)
			return &fields[i];
	return NULL;
}

static bool word_find(const struct word *words, const char *s, size_t len, int *value)
{
	for (; words->word != NULL; words++) {
		if (strlen(words->word) == len && strncasecmp(words->word, s, len) == 0) {
			*value = words->value;
			return true;
		}
	}
	return false;
}

static bool decimal_parse(const char *s, int *value)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 0xffff)
		return false;
	*value = (int)v;
	return true;
}

/* "nvgre|vxlan" → bit set. */
static bool encap_types_parse(const char *s, int *value)
{
	int bits = 0, bit;
	size_t len;

	while (*s != '\0') {
		len = strcspn(s, "|+");
		if (!word_find(encap_type_words, s, len, &bit))
			return false;
		bits |= bit;
		s += len;
		if (*s != '\0')
			s++;
	}
	*value = bits;
	return bits != 0;
}

static bool string_value(const struct param_field *f, const char *s, int *value)
{
	if (decimal_parse(s, value))
		return true;
	switch (f->kind) {
	case FIELD_CSUM:
		return word_find(csum_words, s, strlen(s), value);
	case FIELD_OFFLOAD:
	case FIELD_ENCAP_BIT:
		return word_find(offload_words, s, strlen(s), value);
	case FIELD_ENCAP:
		return word_find(encap_words, s, strlen(s), value);
	default:
		return encap_types_parse(s, value);
	}
}

static int bool_value(const struct param_field *f, bool on)
{
	switch (f->kind) {
	case FIELD_CSUM:
		return on ? TASKOFF_NDIS_CSUM_TX_RX_ENABLED : TASKOFF_NDIS_CSUM_TX_RX_DISABLED;
	case FIELD_OFFLOAD:
	case FIELD_ENCAP_BIT:
		return on ? TASKOFF_NDIS_OFFLOAD_ENABLED : TASKOFF_NDIS_OFFLOAD_DISABLED;
	case FIELD_ENCAP:
		return on ? TASKOFF_NDIS_ENCAP_ON : TASKOFF_NDIS_ENCAP_OFF;
	default:
		return -1;
	}
}

static int field_max(const struct param_field *f)
{
	switch (f->kind) {
	case FIELD_CSUM:
		return TASKOFF_NDIS_CSUM_TX_RX_ENABLED;
	case FIELD_ENCAP_TYPES:
		return TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN;
	default:
		return 2;
	}
}

/* The NDIS number a JSON value stands for, or -1. */
static int value_of(const struct param_field *f, const json_t *v)
{
	json_int_t i;
	int out;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		return (i >= 0 && i <= field_max(f)) ? (int)i : -1;
	}
	if (json_is_boolean(v))
		return bool_value(f, json_is_true(v));
	if (json_is_string(v) && string_value(f, json_string_value(v), &out))
		return out <= field_max(f) ? out : -1;
	return -1;
}

static const uint8_t csum_bits_of[] = {
    [TASKOFF_NDIS_CSUM_TX_RX_DISABLED] = 0,
    [TASKOFF_NDIS_CSUM_TX_ENABLED_RX_DISABLED] = TASKOFF_CSUM_TX,
    [TASKOFF_NDIS_CSUM_RX_ENABLED_TX_DISABLED] = TASKOFF_CSUM_RX,
    [TASKOFF_NDIS_CSUM_TX_RX_ENABLED] = TASKOFF_CSUM_TX | TASKOFF_CSUM_RX,
};

static void field_store(const struct param_field *f, int value, struct taskoff_offload_config *cfg)
{
	char *p = (char *)cfg + f->offset;
	uint32_t *bits = (uint32_t *)p;

	if (value == 0) /* NO_CHANGE */
		return;
	switch (f->kind) {
	case FIELD_CSUM:
		*(uint8_t *)p = csum_bits_of[value];
		break;
	case FIELD_OFFLOAD:
		*(bool *)p = value == TASKOFF_NDIS_OFFLOAD_ENABLED;
		break;
	case FIELD_ENCAP:
		*(bool *)p = value == TASKOFF_NDIS_ENCAP_ON;
		break;
	case FIELD_ENCAP_TYPES:
		*bits = (uint32_t)value;
		break;
	case FIELD_ENCAP_BIT:
		*bits =
		    value == TASKOFF_NDIS_OFFLOAD_ENABLED ? (*bits | f->bit) : (*bits & ~f->bit);
		break;
	case FIELD_UDP_PORT:
		*(uint16_t *)p = (uint16_t)value;
		break;
	}
}

/* The value of one field, or a refusal naming it; a port is checked as an integer only. */
static enum taskoff_ndis_status field_value(const struct param_field *f, const json_t *v,
					    int *value, struct taskoff_ndis_error *err)
{
	char msg[sizeof(err->message)];
	uint64_t port;

	if (f->kind == FIELD_UDP_PORT) {
		if (taskoff_ctl_json_uint(v, f->name, 1, UINT16_MAX, &port, msg, sizeof(msg)) != 0)
			return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER, "%s", msg);
		*value = (int)port;
		return TASKOFF_NDIS_SUCCESS;
	}
	*value = value_of(f, v);
	if (*value < 0)
		return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "bad value for %s (0..%d or a word)", f->name,
					 field_max(f));
	return TASKOFF_NDIS_SUCCESS;
}

/*
 * Every field is parsed before any is stored, then stored in table order, so
 * that the result does not depend on the order of the JSON members (a type
 * bit after EncapsulationTypes) and a field given twice (name and alias) is
 * refused rather than last-wins.
 */
static enum taskoff_ndis_status apply_fields(const struct taskoff_hw_caps *caps,
					     const struct taskoff_offload_config *cur,
					     const json_t *params, bool encap_only,
					     struct taskoff_offload_config *next,
					     struct taskoff_ndis_error *err)
{
	struct taskoff_offload_config work = *cur;
	int values[NB_FIELDS];
	bool given[NB_FIELDS] = {false};
	enum taskoff_ndis_status st;
	const struct param_field *f;
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(params))
		return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
					 "parameters must be an object {field: value}");
	json_object_foreach((json_t *)params, key, v)
	{
		if (encap_only && strcmp(key, "port") == 0)
			continue;
		f = field_find(key);
		if (f == NULL || (encap_only && f->kind < FIELD_ENCAP))
			return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
						 "unknown field '%s'", key);
		i = (size_t)(f - fields);
		if (given[i])
			return taskoff_ndis_fail(err, TASKOFF_NDIS_INVALID_PARAMETER,
						 "%s given twice", f->name);
		st = field_value(f, v, &values[i], err);
		if (st != TASKOFF_NDIS_SUCCESS)
			return st;
		given[i] = true;
	}
	for (i = 0; i < NB_FIELDS; i++)
		if (given[i])
			field_store(&fields[i], values[i], &work);
	st = taskoff_offload_check(caps, cur, &work, err);
	if (st != TASKOFF_NDIS_SUCCESS)
		return st;
	*next = work;
	return TASKOFF_NDIS_SUCCESS;
}

enum taskoff_ndis_status taskoff_offload_apply_parameters(const struct taskoff_hw_caps *caps,
							  const struct taskoff_offload_config *cur,
							  const json_t *params,
							  struct taskoff_offload_config *next,
							  struct taskoff_ndis_error *err)
{
	return apply_fields(caps, cur, params, false, next, err);
}

enum taskoff_ndis_status taskoff_offload_set_encapsulation(const struct taskoff_hw_caps *caps,
							   const struct taskoff_offload_config *cur,
							   const json_t *request,
							   struct taskoff_offload_config *next,
							   struct taskoff_ndis_error *err)
{
	return apply_fields(caps, cur, request, true, next, err);
}
