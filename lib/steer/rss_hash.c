/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RSS hash: which NDIS hash input applies to a parsed frame, and its
 * Toeplitz value computed with DPDK's rte_softrss_be over the converted key.
 */
#include <string.h>

#include <netinet/in.h>

#include <rte_thash.h>

#include "steer_internal.h"

/* Is the TCP/UDP 4-tuple hash type of this IP layer enabled? */
static bool rss_l4_type_enabled(uint64_t rss_hf, const struct steer_ip *ip)
{
	bool v4 = ip->version == 4;

	if (ip->proto == IPPROTO_TCP)
		return rss_hf & (v4 ? RTE_ETH_RSS_NONFRAG_IPV4_TCP : RTE_ETH_RSS_NONFRAG_IPV6_TCP);
	if (ip->proto == IPPROTO_UDP)
		return rss_hf & (v4 ? RTE_ETH_RSS_NONFRAG_IPV4_UDP : RTE_ETH_RSS_NONFRAG_IPV6_UDP);
	return false;
}

static bool rss_l3_type_enabled(uint64_t rss_hf, const struct steer_ip *ip)
{
	return rss_hf & (ip->version == 4 ? RTE_ETH_RSS_IPV4 : RTE_ETH_RSS_IPV6);
}

static bool rss_4tuple_applies(uint64_t rss_hf, const struct steer_ip *ip)
{
	return ip->has_ports && rss_l4_type_enabled(rss_hf, ip);
}

/* Toeplitz over source and destination address, then (with_ports) source and destination port. */
static uint32_t rss_toeplitz(const struct taskoff_rss_conf *conf, const struct steer_ip *ip,
			     bool with_ports)
{
	union rte_thash_tuple t;
	uint32_t len;

	if (ip->version == 4) {
		t.v4.src_addr = ip->src[0];
		t.v4.dst_addr = ip->dst[0];
		t.v4.sport = ip->sport;
		t.v4.dport = ip->dport;
		len = with_ports ? RTE_THASH_V4_L4_LEN : RTE_THASH_V4_L3_LEN;
	} else {
		memcpy(t.v6.src_addr, ip->src, sizeof(t.v6.src_addr));
		memcpy(t.v6.dst_addr, ip->dst, sizeof(t.v6.dst_addr));
		t.v6.sport = ip->sport;
		t.v6.dport = ip->dport;
		len = with_ports ? RTE_THASH_V6_L4_LEN : RTE_THASH_V6_L3_LEN;
	}
	return rte_softrss_be((uint32_t *)&t, len, (const uint8_t *)conf->key_be);
}

/* Plain IP frame: 4-tuple when enabled, else the 2-tuple of its IP version when enabled. */
static bool rss_hash_ip(const struct taskoff_rss_conf *conf, const struct steer_ip *ip,
			uint32_t *hash)
{
	if (rss_4tuple_applies(conf->rss_hf, ip)) {
		*hash = rss_toeplitz(conf, ip, true);
		return true;
	}
	if (rss_l3_type_enabled(conf->rss_hf, ip)) {
		*hash = rss_toeplitz(conf, ip, false);
		return true;
	}
	return false;
}

/* NVGRE: inner 4-tuple, or else the 2-tuple of the outer addresses. */
static bool rss_hash_nvgre(const struct taskoff_rss_conf *conf, const struct steer_frame *f,
			   uint32_t *hash)
{
	if (f->inner_ip_ok && rss_4tuple_applies(conf->rss_hf, &f->inner_ip)) {
		*hash = rss_toeplitz(conf, &f->inner_ip, true);
		return true;
	}
	if (rss_l3_type_enabled(conf->rss_hf, &f->ip)) {
		*hash = rss_toeplitz(conf, &f->ip, false);
		return true;
	}
	return false;
}

bool steer_rss_hash_frame(const struct taskoff_rss_conf *conf, const struct steer_frame *f,
			  uint32_t *hash)
{
	if (!f->ip_ok)
		return false;
	if (f->nvgre)
		return rss_hash_nvgre(conf, f, hash);
	return rss_hash_ip(conf, &f->ip, hash);
}
