/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 2b: tunnel LSO over VXLAN. Bursts of VXLAN/IPv4 packets carrying
 * 64400 bytes of inner TCP/IPv4 payload (46 segments of MSS 1400) through
 * taskoff_tx_burst() with every checksum filled, against rte_gso_segment()
 * (RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO) followed by the software checksums a
 * NIC-less path needs on every segment: outer and inner IPv4 header, inner
 * TCP, and the outer UDP checksum when the request asks for it
 * (RTE_MBUF_F_TX_OUTER_UDP_CKSUM, testpmd's `csum set outer-udp hw`); without
 * it the outer UDP checksum is 0 on both sides. Same packets, same run; the
 * frames of both are checked valid and byte-identical first.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "bench.h"
#include "bench_lso_vxlan.h"
#include "bench_pkt.h"
#include "taskoff_counters.h"
#include "taskoff_tx.h"

#define VX_BURST   8u
#define VX_MSS	   1400u
#define VX_SEGS	   46u /* per packet: one mbuf holds at most 64 KiB */
#define VX_PAYLOAD (VX_SEGS * VX_MSS)
#define VX_OUT_CAP 512u
#define VX_ENCAP   16u				    /* outer UDP + VXLAN */
#define VX_OUTER   (BENCH_ETH_LEN + BENCH_IPV4_LEN) /* outer Ethernet + IPv4 */
#define VX_INNER   (VX_OUTER + VX_ENCAP)	    /* inner Ethernet header */
#define VX_HDRS	   (VX_INNER + BENCH_HDRS_IPV4)	    /* everything before the payload */

struct vx_arg {
	bool outer_udp; /* RTE_MBUF_F_TX_OUTER_UDP_CKSUM asked */
	unsigned int bursts;
	struct rte_mbuf *pkts[VX_BURST];
	struct rte_mbuf *out[VX_OUT_CAP];
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct taskoff_tx_ctx tx;
	struct rte_gso_ctx gso;
	uint64_t wire_bytes;
	uint64_t failures;
};

/* What testpmd's csum engine sets with parse-tunnel on and tunnel_tso (rte_gso clears TCP_SEG). */
static void arm(struct rte_mbuf *m, bool outer_udp)
{
	m->ol_flags = RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 |
		      RTE_MBUF_F_TX_OUTER_IP_CKSUM | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_SEG | (outer_udp ? RTE_MBUF_F_TX_OUTER_UDP_CKSUM : 0);
	m->outer_l2_len = BENCH_ETH_LEN;
	m->outer_l3_len = BENCH_IPV4_LEN;
	m->l2_len = VX_ENCAP + BENCH_ETH_LEN;
	m->l3_len = BENCH_IPV4_LEN;
	m->l4_len = BENCH_TCP_LEN;
	m->tso_segsz = VX_MSS;
}

static uint16_t taskoff_once(struct vx_arg *a)
{
	uint16_t nb_out = 0, done;
	unsigned int i;

	for (i = 0; i < VX_BURST; i++) {
		rte_mbuf_refcnt_update(a->pkts[i], 1); /* taskoff consumes one reference */
		arm(a->pkts[i], a->outer_udp);
	}
	done = taskoff_tx_burst(&a->tx, a->pkts, VX_BURST, a->out, VX_OUT_CAP, &nb_out);
	for (i = done; i < VX_BURST; i++)
		rte_mbuf_refcnt_update(a->pkts[i], -1);
	a->failures += done != VX_BURST || nb_out != VX_BURST * VX_SEGS;
	return nb_out;
}

static uint64_t round_taskoff(void *arg)
{
	struct vx_arg *a = arg;
	uint64_t t0 = bench_now_ns(), wire = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		uint16_t n = taskoff_once(a);

		wire += bench_frames_bytes(a->out, n);
		rte_pktmbuf_free_bulk(a->out, n);
	}
	a->wire_bytes = wire;
	return bench_now_ns() - t0;
}

/* What a NIC would do after GSO: every checksum of one segment, the outer UDP one last. */
static void sw_cksums(struct rte_mbuf *seg, bool outer_udp)
{
	struct rte_ipv4_hdr *oip =
	    rte_pktmbuf_mtod_offset(seg, struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(oip + 1);
	struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(seg, struct rte_ipv4_hdr *, VX_INNER + BENCH_ETH_LEN);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);

	oip->hdr_checksum = 0;
	oip->hdr_checksum = rte_ipv4_cksum(oip);
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	tcp->cksum = 0;
	tcp->cksum = rte_ipv4_udptcp_cksum_mbuf(seg, ip, VX_HDRS - BENCH_TCP_LEN);
	if (!outer_udp)
		return;
	udp->dgram_cksum = 0;
	udp->dgram_cksum = rte_ipv4_udptcp_cksum_mbuf(seg, oip, VX_OUTER);
}

static unsigned int gso_once(struct vx_arg *a)
{
	unsigned int i, j, nb = 0;

	for (i = 0; i < VX_BURST; i++) {
		int k;

		arm(a->pkts[i], a->outer_udp);
		k = rte_gso_segment(a->pkts[i], &a->gso, a->out + nb, (uint16_t)(VX_OUT_CAP - nb));
		if (k <= 0) {
			a->failures++;
			continue;
		}
		for (j = 0; j < (unsigned int)k; j++)
			sw_cksums(a->out[nb + j], a->outer_udp);
		nb += (unsigned int)k;
	}
	return nb;
}

static uint64_t round_gso(void *arg)
{
	struct vx_arg *a = arg;
	uint64_t t0 = bench_now_ns(), wire = 0;
	unsigned int b;

	for (b = 0; b < a->bursts; b++) {
		unsigned int n = gso_once(a);

		wire += bench_frames_bytes(a->out, n);
		rte_pktmbuf_free_bulk(a->out, n);
	}
	a->wire_bytes = wire;
	return bench_now_ns() - t0;
}

/* Every checksum of one frame verifies; the outer UDP one is 0 when not asked. */
static bool frame_valid(const struct rte_mbuf *f, bool outer_udp)
{
	const struct rte_ipv4_hdr *oip =
	    rte_pktmbuf_mtod_offset(f, const struct rte_ipv4_hdr *, BENCH_ETH_LEN);
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(oip + 1);
	const struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(f, const struct rte_ipv4_hdr *, VX_INNER + BENCH_ETH_LEN);
	bool udp_ok = outer_udp ? rte_ipv4_udptcp_cksum_mbuf_verify(f, oip, VX_OUTER) == 0
				: udp->dgram_cksum == 0;

	return rte_ipv4_cksum(oip) == 0 && rte_ipv4_cksum(ip) == 0 && udp_ok &&
	       rte_ipv4_udptcp_cksum_mbuf_verify(f, ip, VX_HDRS - BENCH_TCP_LEN) == 0;
}

static unsigned int count_valid(struct rte_mbuf **f, unsigned int n, bool outer_udp)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		ok += frame_valid(f[i], outer_udp);
	return ok;
}

static const char *variant(const struct vx_arg *a)
{
	return a->outer_udp ? "VXLAN/IPv4 64K TCP/IPv4 MSS 1400, outer UDP csum"
			    : "VXLAN/IPv4 64K TCP/IPv4 MSS 1400, outer UDP 0";
}

static void sanity(struct vx_arg *a, struct bench_report *rep)
{
	static struct rte_mbuf *mine[VX_OUT_CAP];
	unsigned int n_mine, n_gso, valid_mine, valid_gso, same;
	char name[96];

	n_mine = taskoff_once(a);
	memcpy(mine, a->out, n_mine * sizeof(mine[0]));
	valid_mine = count_valid(mine, n_mine, a->outer_udp);
	n_gso = gso_once(a);
	valid_gso = count_valid(a->out, n_gso, a->outer_udp);
	same = bench_count_identical(mine, a->out, RTE_MIN(n_mine, n_gso));
	snprintf(name, sizeof(name), "lso vxlan%s: taskoff = rte_gso+csum",
		 a->outer_udp ? " +udp" : "");
	bench_check(rep, name,
		    n_mine == VX_BURST * VX_SEGS && n_gso == n_mine && valid_mine == n_mine &&
			valid_gso == n_gso && same == n_gso,
		    "%u/%u frames (expected %u), %u/%u valid, %u byte-identical", n_mine, n_gso,
		    VX_BURST * VX_SEGS, valid_mine, valid_gso, same);
	rte_pktmbuf_free_bulk(a->out, n_gso);
	rte_pktmbuf_free_bulk(mine, n_mine);
}

/* Outer Ethernet / IPv4 / UDP to 4789 / VXLAN (I flag, VNI) in front of an inner frame. */
static void build_outer(uint8_t *dst, uint16_t inner_len, uint16_t sport, uint32_t vni)
{
	uint8_t p[VX_INNER];
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint8_t *vx = (uint8_t *)(udp + 1);

	memset(p, 0, VX_INNER);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	eth->src_addr.addr_bytes[0] = 0x02;
	eth->dst_addr.addr_bytes[0] = 0x02;
	eth->dst_addr.addr_bytes[5] = 0x01;
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(BENCH_IPV4_LEN + VX_ENCAP + inner_len));
	ip->packet_id = rte_cpu_to_be_16(0x4321);
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(0xc0a80001);
	ip->dst_addr = rte_cpu_to_be_32(0xc0a80002);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(4789);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(VX_ENCAP + inner_len));
	vx[0] = 0x08; /* I flag */
	vx[4] = (uint8_t)(vni >> 16);
	vx[5] = (uint8_t)(vni >> 8);
	vx[6] = (uint8_t)vni;
	memcpy(dst, p, sizeof(p));
}

static int make_packets(const struct bench_env *env, struct vx_arg *a)
{
	static uint8_t payload[VX_PAYLOAD];
	unsigned int i;

	for (i = 0; i < VX_BURST; i++) {
		struct bench_flow f = {.src_ip = 0x0a000001,
				       .dst_ip = 0x0a000002,
				       .sport = (uint16_t)(10000 + i),
				       .dport = 80,
				       .seq = 1000000u * (i + 1),
				       .ack = 1,
				       .ip_id = 0x1234,
				       .tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
		struct rte_mbuf *m = rte_pktmbuf_alloc(env->big_pool);
		size_t inner = bench_frame_len(false, VX_PAYLOAD), len = VX_INNER + inner;
		uint8_t *p;

		if (m == NULL || rte_pktmbuf_tailroom(m) < len || len > UINT16_MAX) {
			rte_pktmbuf_free(m);
			return -1;
		}
		bench_fill_random(payload, sizeof(payload), 177 + i);
		p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
		build_outer(p, (uint16_t)inner, (uint16_t)(49152 + i), 0x1000 + i);
		bench_build_tcp_frame(p + VX_INNER, &f, payload, VX_PAYLOAD);
		a->pkts[i] = m;
	}
	return 0;
}

static void setup_ctx(const struct bench_env *env, struct vx_arg *a)
{
	taskoff_offload_config_default(&a->cfg);
	a->cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	a->tx.cfg = &a->cfg;
	a->tx.hdr_pool = env->hdr_pool;
	a->tx.indirect_pool = env->indirect_pool;
	a->tx.cnt = &a->cnt;
	a->tx.max_frames_per_pkt = 0;
	a->gso.direct_pool = env->hdr_pool;
	a->gso.indirect_pool = env->indirect_pool;
	a->gso.gso_types = RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO;
	a->gso.gso_size = (uint16_t)(VX_HDRS + VX_MSS);
	a->gso.flag = 0; /* incrementing IP IDs, like LSO */
}

static void run_family(const struct bench_env *env, struct bench_report *rep, struct vx_arg *a)
{
	const bench_round_fn fns[] = {round_taskoff, round_gso};
	double pkts = (double)a->bursts * VX_BURST, ns[RTE_DIM(fns)], wire, gso_wire;
	struct bench_row *mine;

	(void)round_gso(a);
	gso_wire = (double)a->wire_bytes;
	(void)round_taskoff(a);
	wire = (double)a->wire_bytes;
	bench_best_set(fns, a, RTE_DIM(fns), bench_reps(env, 16), ns);
	mine = bench_add_row(rep, "lso", variant(a), "taskoff_tx_burst", BENCH_GBITS, wire, pkts,
			     "64K pkt", ns[0]);
	bench_set_ratio(mine, bench_add_row(rep, "lso", variant(a), "rte_gso_segment + sw csum",
					    BENCH_GBITS, gso_wire, pkts, "64K pkt", ns[1]));
}

int bench_lso_vxlan(const struct bench_env *env, struct bench_report *rep)
{
	static struct vx_arg a;
	int v;

	for (v = 1; v >= 0; v--) {
		memset(&a, 0, sizeof(a));
		a.outer_udp = v == 1;
		a.bursts = 4;
		setup_ctx(env, &a);
		if (make_packets(env, &a) != 0) {
			fprintf(stderr, "lso vxlan: cannot build the 64 KiB packets\n");
			return -1;
		}
		sanity(&a, rep);
		run_family(env, rep, &a);
		bench_check(rep,
			    a.outer_udp ? "lso vxlan +udp: no failed calls, no drops"
					: "lso vxlan: no failed calls, no drops",
			    a.failures == 0 && a.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS] != 0 &&
				a.cnt.v[TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED] == 0,
			    "%llu failed calls, %llu tunnel LSO packets",
			    (unsigned long long)a.failures,
			    (unsigned long long)a.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS]);
		rte_pktmbuf_free_bulk(a.pkts, VX_BURST);
	}
	bench_note(rep,
		   "lso vxlan: %u packets of %u segments per burst; rte_gso's segments get "
		   "outer+inner IPv4, inner TCP (and outer UDP) checksums in software",
		   VX_BURST, VX_SEGS);
	return 0;
}
