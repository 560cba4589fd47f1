/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 2b: tunnel LSO (issue 14). Bursts of tunnelled packets carrying 64400
 * bytes of inner TCP/IPv4 payload (46 segments of MSS 1400; one mbuf holds at
 * most 64 KiB) through taskoff_tx_burst() with every checksum filled, against
 * rte_gso_segment() followed by the software checksums a NIC-less path needs
 * on every segment: outer and inner IPv4 header, inner TCP, and the outer UDP
 * checksum when the request asks for it (RTE_MBUF_F_TX_OUTER_UDP_CKSUM,
 * testpmd's `csum set outer-udp hw`; without it the outer UDP checksum is 0 on
 * both sides). Tunnels:
 * - VXLAN/IPv4 (RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO), with and without the outer
 *   UDP checksum;
 * - NVGRE/IPv4: GRE with the key bit, protocol 0x6558, VSID + FlowID
 *   (RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO: rte_gso copies the GRE header and
 *   rewrites the outer IPv4 length and ID).
 * Same packets, same run; the frames of both are checked valid and
 * byte-identical first.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "bench_lso_core.h"
#include "bench_lso_tunnel.h"
#include "taskoff_config.h"

#define TUNNEL_MSS  1400u
#define TUNNEL_SEGS 46u
#define VXLAN_ENCAP (BENCH_UDP_LEN + BENCH_VXLAN_LEN)
#define NVGRE_ENCAP 8u	    /* GRE with key */
#define VXLAN_SPORT 49152u  /* + packet index */
#define VIRTUAL_NET 0x1000u /* VNI / VSID: + packet index */

/* What testpmd's csum engine sets with parse-tunnel on and tunnel_tso. */
#define TUNNEL_REQUEST                                                                             \
	(RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM | RTE_MBUF_F_TX_IPV4 |            \
	 RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)

/* The outer Ethernet / IPv4 of every tunnel. */
static const struct bench_flow outer_ip = {
    .src_ip = 0xc0a80001, .dst_ip = 0xc0a80002, .ip_id = 0x4321};

/* Outer Ethernet / IPv4 / UDP to 4789 / VXLAN (I flag, VNI) in front of packet i's inner frame. */
static void put_vxlan(uint8_t *dst, uint16_t inner_len, unsigned int i)
{
	struct bench_flow outer = outer_ip;

	outer.sport = (uint16_t)(VXLAN_SPORT + i);
	bench_put_vxlan(dst, &outer, VIRTUAL_NET + i, inner_len);
}

/* Outer Ethernet / IPv4 / GRE (K bit, 0x6558, VSID, FlowID i) in front of packet i's inner frame */
static void put_nvgre(uint8_t *dst, uint16_t inner_len, unsigned int i)
{
	uint32_t vsid = VIRTUAL_NET + i;
	const rte_be32_t gre[2] = {rte_cpu_to_be_32(0x20006558),
				   rte_cpu_to_be_32(vsid << 8 | (uint8_t)i)};

	dst += bench_put_eth_ipv4(dst, &outer_ip, IPPROTO_GRE, NVGRE_ENCAP + inner_len);
	memcpy(dst, gre, sizeof(gre));
}

static const struct bench_lso_encap vxlan = {
    .len = VXLAN_ENCAP, .udp = true, .taskoff_types = TASKOFF_ENCAP_VXLAN, .put_outer = put_vxlan};
static const struct bench_lso_encap nvgre = {
    .len = NVGRE_ENCAP, .taskoff_types = TASKOFF_ENCAP_GRE_MAC, .put_outer = put_nvgre};

/* The request and the packets of a tunnel family: 46 segments of MSS 1400, payload seed @p s. */
#define TUNNEL_KIND(flags, gso, tnl, s)                                                            \
	{                                                                                          \
		.ol_flags = TUNNEL_REQUEST | (flags), .mss = TUNNEL_MSS, .segs = TUNNEL_SEGS,      \
		.seed = (s), .gso_types = (gso), .encap = (tnl)                                    \
	}

/* One tunnel family and the names of its rows and checks. */
struct lso_tunnel {
	struct bench_lso_kind kind;
	const char *tag;  /* checks are "lso <tag>: ..." */
	const char *name; /* the rows' case */
	/* the checksums rte_gso's segments get in software; noted after a tunnel's last family */
	const char *note;
};

static const struct lso_tunnel tunnels[] = {
    {.kind = TUNNEL_KIND(RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_UDP_CKSUM,
			 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO, &vxlan, 177),
     .tag = "vxlan +udp",
     .name = "VXLAN/IPv4 64K TCP/IPv4 MSS 1400, outer UDP csum"},
    {.kind = TUNNEL_KIND(RTE_MBUF_F_TX_TUNNEL_VXLAN, RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO, &vxlan, 177),
     .tag = "vxlan",
     .name = "VXLAN/IPv4 64K TCP/IPv4 MSS 1400, outer UDP 0",
     .note = "outer+inner IPv4, inner TCP (and outer UDP)"},
    {.kind = TUNNEL_KIND(RTE_MBUF_F_TX_TUNNEL_GRE, RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO, &nvgre, 277),
     .tag = "nvgre",
     .name = "NVGRE/IPv4 64K TCP/IPv4 MSS 1400",
     .note = "outer+inner IPv4 and inner TCP"},
};

static void sanity(struct bench_lso_arg *a, const struct lso_tunnel *t, struct bench_report *rep)
{
	struct bench_lso_cmp c;
	char name[96];

	bench_lso_compare(a, &c);
	snprintf(name, sizeof(name), "lso %s: taskoff = rte_gso+csum", t->tag);
	bench_check(rep, name,
		    c.n_mine == c.expected && c.n_gso == c.n_mine && c.valid_mine == c.n_mine &&
			c.valid_gso == c.n_gso && c.same == c.n_gso,
		    "%u/%u frames (expected %u), %u/%u valid, %u byte-identical", c.n_mine, c.n_gso,
		    c.expected, c.valid_mine, c.valid_gso, c.same);
}

static int run_tunnel(const struct bench_env *env, struct bench_report *rep,
		      const struct lso_tunnel *t)
{
	static struct bench_lso_arg a;
	char name[96];

	if (bench_lso_prepare(env, &a, &t->kind, 4) != 0) {
		fprintf(stderr, "lso %s: cannot build the 64 KiB packets\n", t->tag);
		return -1;
	}
	sanity(&a, t, rep);
	bench_lso_measure(env, rep, &a, t->name, NULL, 0);
	snprintf(name, sizeof(name), "lso %s: no failed calls, no drops", t->tag);
	bench_lso_check_clean(rep, name, &a);
	bench_lso_release(&a);
	if (t->note != NULL)
		bench_note(rep,
			   "lso %s: %u packets of %u segments per burst; rte_gso's segments get "
			   "%s checksums in software",
			   t->tag, BENCH_LSO_BURST, t->kind.segs, t->note);
	return 0;
}

int bench_lso_tunnel(const struct bench_env *env, struct bench_report *rep)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(tunnels); i++)
		if (run_tunnel(env, rep, &tunnels[i]) != 0)
			return -1;
	return 0;
}
