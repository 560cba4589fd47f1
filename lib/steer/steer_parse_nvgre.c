/* SPDX-License-Identifier: BSD-3-Clause */
/* NVGRE: GRE with a key (VSID << 8 | FlowID) carrying an Ethernet frame. */
#include <netinet/in.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_common.h>

#include "steer_internal.h"

/* GRE flags/version bits NVGRE pins: C, R, K, S and the version. */
#define STEER_GRE_FIXED_BITS 0xF007u
#define STEER_GRE_KEY_ONLY   0x2000u /* K set, C/R/S clear, version 0 */

struct steer_nvgre_hdr {
	rte_be16_t flags_ver;
	rte_be16_t proto;
	rte_be32_t key;
} __rte_packed;

enum steer_status steer_parse_nvgre(const struct rte_mbuf *m, const struct steer_ip *ip,
				    uint32_t *vsid, uint32_t *inner_off)
{
	struct steer_nvgre_hdr buf;
	const struct steer_nvgre_hdr *g;

	if (ip->proto != IPPROTO_GRE || ip->fragment)
		return STEER_ABSENT;
	g = steer_read(m, ip->l4_off, sizeof(*g), ip->end, &buf);
	if (g == NULL)
		return STEER_MALFORMED;
	if ((rte_be_to_cpu_16(g->flags_ver) & STEER_GRE_FIXED_BITS) != STEER_GRE_KEY_ONLY ||
	    rte_be_to_cpu_16(g->proto) != RTE_ETHER_TYPE_TEB)
		return STEER_ABSENT;
	*vsid = rte_be_to_cpu_32(g->key) >> 8;
	*inner_off = ip->l4_off + sizeof(*g);
	return STEER_OK;
}
