/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RSS hash: which NDIS hash input applies to a parsed frame, and its
 * Toeplitz value: DPDK's rte_thash_gfni when the CPU has GFNI (rss_gfni.c),
 * otherwise rte_softrss_be over the converted key. Both give the same hash.
 */
#include <string.h>

#include <netinet/in.h>

#include <rte_byteorder.h>
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

/* rte_softrss_be wants the input as CPU-order 32-bit words. */
static uint32_t rss_softrss(const struct taskoff_rss_conf *conf, const uint8_t *tuple, uint32_t len)
{
	uint32_t words[STEER_TUPLE_MAX / 4];
	rte_be32_t be;
	uint32_t i;

	for (i = 0; i < len / 4; i++) {
		memcpy(&be, tuple + 4 * i, sizeof(be));
		words[i] = rte_be_to_cpu_32(be);
	}
	return rte_softrss_be(words, len / 4, (const uint8_t *)conf->key_be);
}

uint32_t steer_rss_toeplitz(const struct taskoff_rss_conf *conf, const uint8_t *in, uint32_t len)
{
	if (conf->use_gfni)
		return steer_toeplitz_gfni(conf->gfni_matrix, in, len);
	return rss_softrss(conf, in, len);
}

/* Toeplitz over source and destination address, then (with_ports) source and destination port. */
static uint32_t rss_toeplitz(const struct taskoff_rss_conf *conf, const struct steer_ip *ip,
			     bool with_ports)
{
	return steer_rss_toeplitz(conf, steer_ip_hash_input(ip),
				  2 * steer_ip_addr_len(ip) + (with_ports ? 4 : 0));
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

/* A tunnel (NVGRE, VXLAN): inner 4-tuple, or else the 2-tuple of the outer addresses. */
static bool rss_hash_tunnel(const struct taskoff_rss_conf *conf, const struct steer_frame *f,
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
	if (f->tunneled)
		return rss_hash_tunnel(conf, f, hash);
	return rss_hash_ip(conf, &f->ip, hash);
}
