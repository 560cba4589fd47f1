/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stage 3, VXLAN: one inner TCP/IPv4 flow in VXLAN over IPv4 (outer UDP
 * checksum computed, as a sender asked for it; DF clear, outer IPv4 ID
 * counting), 1502-byte frames received in bursts of 32, through
 * taskoff_rx_burst() (parse, outer IPv4 + outer UDP + inner IPv4 + inner TCP
 * checksum validation, RSC) against what an application does without it:
 * parse the outer headers (rte_net_get_ptype), find VXLAN by its port and the
 * inner headers behind it, verify the four checksums in software, describe the
 * frame for rte_gro (packet type, lengths) and hand the burst to
 * rte_gro_reassemble_burst with RTE_GRO_IPV4_VXLAN_TCP_IPV4. Every burst is
 * one 32-segment SCU on both sides. Timed like bench_rsc.c: frames are copied
 * into fresh mbufs before each burst, outside the clock.
 */
#include <stdio.h>
#include <string.h>

#include <rte_gro.h>
#include <rte_ip.h>
#include <rte_net.h>
#include <rte_udp.h>

#include "bench.h"
#include "bench_pkt.h"
#include "bench_rsc_vxlan.h"
#include "taskoff_rx.h"

#define VX_BURST   32u
#define VX_STREAMS 16u /* a round: 16 bursts of 32 */
#define VX_PORT	   BENCH_VXLAN_PORT
#define VX_ENCAP   (BENCH_ETH_LEN + BENCH_IPV4_LEN + BENCH_UDP_LEN + BENCH_VXLAN_LEN)
#define VX_MSS	   1398u /* the outer frame fits a 1500-byte MTU */
#define VX_HDRS	   (VX_ENCAP + BENCH_HDRS_IPV4)
#define VX_FRAME   (VX_HDRS + VX_MSS)
#define VX_PTYPE                                                                                   \
	(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP | RTE_PTYPE_TUNNEL_VXLAN |      \
	 RTE_PTYPE_INNER_L2_ETHER | RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP)
#define GOOD_FLAGS                                                                                 \
	(RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD |                               \
	 RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD)
#define CSUM_MASK                                                                                  \
	(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK |                               \
	 RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK | RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD)

struct vx_arg {
	struct rte_mempool *pool;
	struct rte_mbuf *pkts[VX_BURST];
	struct rte_mbuf *out[VX_BURST];
	struct taskoff_rx_ctx *ctx;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
	struct rte_gro_param gro;
	uint64_t failures;
	uint64_t baseline_bad; /* frames the software verification did not find good */
};

static uint8_t vx_bytes[VX_BURST][VX_FRAME];

/* Outer Ethernet + IPv4 (DF clear, ID counting) + UDP (checksum over the datagram) + VXLAN
 * around inner frame @p k. */
static void wrap_vxlan(uint8_t *buf, unsigned int k)
{
	const struct bench_flow outer = {.src_ip = 0xc0a80101,
					 .dst_ip = 0xc0a80102,
					 .sport = 49152 + 17,
					 .ip_id = (uint16_t)(500 + k),
					 .no_df = true};
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(buf + BENCH_ETH_LEN);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	bench_put_vxlan(buf, &outer, 42, VX_FRAME - VX_ENCAP);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
}

static void make_stream(void)
{
	uint8_t payload[VX_MSS];
	unsigned int k;

	for (k = 0; k < VX_BURST; k++) {
		struct bench_flow fl = {.src_ip = 0x0a000001,
					.dst_ip = 0x0a0000fe,
					.sport = 20000,
					.dport = 5201,
					.seq = 5000000u + k * VX_MSS,
					.ack = 42,
					.ip_id = (uint16_t)(100 + k),
					.tcp_flags = RTE_TCP_ACK_FLAG};

		bench_fill_random(payload, sizeof(payload), 7000 + k);
		bench_build_tcp_frame(vx_bytes[k] + VX_ENCAP, &fl, payload, VX_MSS);
		wrap_vxlan(vx_bytes[k], k);
	}
}

static int refill(struct vx_arg *a)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(a->pool, a->pkts, VX_BURST) != 0) {
		a->failures++;
		return -1;
	}
	for (i = 0; i < VX_BURST; i++)
		memcpy(rte_pktmbuf_append(a->pkts[i], VX_FRAME), vx_bytes[i], VX_FRAME);
	return 0;
}

static uint16_t taskoff_burst(struct vx_arg *a, struct rte_mbuf ***got)
{
	*got = a->out;
	return taskoff_rx_burst(a->ctx, &a->cfg, &a->cnt, a->pkts, VX_BURST, a->out, VX_BURST);
}

static uint64_t good_or_bad(bool ok, uint64_t good, uint64_t bad)
{
	return ok ? good : bad;
}

/*
 * What an application does for one frame without the offload: parse the outer
 * headers, recognise VXLAN by its port, locate the inner headers, verify all
 * four checksums, and describe the frame the way rte_gro needs it.
 */
static void sw_parse_verify_vxlan(struct vx_arg *a, struct rte_mbuf *m)
{
	struct rte_net_hdr_lens hl;
	const struct rte_ipv4_hdr *ip, *in_ip;
	const struct rte_udp_hdr *udp;
	const uint8_t *tcp;
	uint32_t ptype = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
	bool ip_ok, udp_ok, in_ip_ok, tcp_ok;

	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, hl.l2_len);
	udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + hl.l3_len);
	if ((ptype & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_UDP ||
	    udp->dst_port != rte_cpu_to_be_16(VX_PORT)) {
		a->baseline_bad++;
		return;
	}
	in_ip = (const struct rte_ipv4_hdr *)((const uint8_t *)udp + BENCH_UDP_LEN +
					      BENCH_VXLAN_LEN + BENCH_ETH_LEN);
	tcp = (const uint8_t *)in_ip + rte_ipv4_hdr_len(in_ip);
	ip_ok = rte_ipv4_cksum(ip) == 0;
	udp_ok = udp->dgram_cksum == 0 || rte_ipv4_udptcp_cksum_verify(ip, udp) == 0;
	in_ip_ok = rte_ipv4_cksum(in_ip) == 0;
	tcp_ok = rte_ipv4_udptcp_cksum_verify(in_ip, tcp) == 0;
	m->packet_type = VX_PTYPE;
	m->outer_l2_len = hl.l2_len;
	m->outer_l3_len = hl.l3_len;
	m->l2_len = BENCH_UDP_LEN + BENCH_VXLAN_LEN + BENCH_ETH_LEN;
	m->l3_len = rte_ipv4_hdr_len(in_ip);
	m->l4_len = (tcp[12] >> 4) * 4;
	m->ol_flags |=
	    good_or_bad(ip_ok, 0, RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD) |
	    good_or_bad(udp_ok, RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD,
			RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD) |
	    good_or_bad(in_ip_ok, RTE_MBUF_F_RX_IP_CKSUM_GOOD, RTE_MBUF_F_RX_IP_CKSUM_BAD) |
	    good_or_bad(tcp_ok, RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_BAD);
	a->baseline_bad += !(ip_ok && udp_ok && in_ip_ok && tcp_ok);
}

static uint16_t baseline_burst(struct vx_arg *a, struct rte_mbuf ***got)
{
	unsigned int i;

	*got = a->pkts;
	for (i = 0; i < VX_BURST; i++)
		sw_parse_verify_vxlan(a, a->pkts[i]);
	return rte_gro_reassemble_burst(a->pkts, VX_BURST, &a->gro);
}

typedef uint16_t (*vx_side)(struct vx_arg *a, struct rte_mbuf ***got);

/* One burst through @p side (refilled outside the clock); delivered packets go to
 * @p keep (sanity check) or are freed. @return ns timed. */
static uint64_t one_burst(struct vx_arg *a, vx_side side, struct rte_mbuf **keep, uint16_t *nb)
{
	struct rte_mbuf **got;
	uint64_t t0, ns;
	uint16_t n;

	if (refill(a) != 0)
		return 0;
	t0 = bench_now_ns();
	n = side(a, &got);
	ns = bench_now_ns() - t0;
	if (keep != NULL) {
		memcpy(keep, got, n * sizeof(*keep));
		*nb = n;
	} else {
		rte_pktmbuf_free_bulk(got, n);
	}
	return ns;
}

static uint64_t rounds(struct vx_arg *a, vx_side side)
{
	uint64_t ns = 0;
	unsigned int s;

	for (s = 0; s < VX_STREAMS; s++)
		ns += one_burst(a, side, NULL, NULL);
	return ns;
}

static uint64_t round_taskoff(void *arg)
{
	return rounds(arg, taskoff_burst);
}

static uint64_t round_baseline(void *arg)
{
	return rounds(arg, baseline_burst);
}

/* The one delivered packet holds the whole stream's inner payload in order. */
static bool whole_payload(const struct rte_mbuf *m)
{
	static uint8_t buf[VX_BURST * VX_MSS];
	const uint8_t *p;
	unsigned int k;

	if (m->pkt_len != VX_HDRS + sizeof(buf))
		return false;
	p = rte_pktmbuf_read(m, VX_HDRS, sizeof(buf), buf);
	for (k = 0; p != NULL && k < VX_BURST; k++)
		if (memcmp(p + k * VX_MSS, vx_bytes[k] + VX_HDRS, VX_MSS) != 0)
			return false;
	return p != NULL;
}

/* Outer IPv4 + UDP and inner IPv4 + TCP checksums of @p m verify (flat copy). */
static bool wire_valid(const struct rte_mbuf *m)
{
	static uint8_t flat[VX_HDRS + VX_BURST * VX_MSS];
	const uint8_t *p = rte_pktmbuf_read(m, 0, m->pkt_len, flat);
	const struct rte_ipv4_hdr *ip, *in_ip;

	if (p == NULL || m->pkt_len > sizeof(flat))
		return false;
	ip = (const struct rte_ipv4_hdr *)(p + BENCH_ETH_LEN);
	in_ip = (const struct rte_ipv4_hdr *)(p + VX_ENCAP + BENCH_ETH_LEN);
	return rte_ipv4_cksum(ip) == 0 && rte_ipv4_udptcp_cksum_verify(ip, ip + 1) == 0 &&
	       rte_ipv4_cksum(in_ip) == 0 && rte_ipv4_udptcp_cksum_verify(in_ip, in_ip + 1) == 0;
}

static void sanity(struct vx_arg *a, struct bench_report *rep)
{
	struct rte_mbuf *got[VX_BURST];
	uint16_t n = 0;
	bool whole, good, wire;

	one_burst(a, taskoff_burst, got, &n);
	whole = n == 1 && whole_payload(got[0]);
	good = n == 1 && (got[0]->ol_flags & CSUM_MASK) == GOOD_FLAGS &&
	       (got[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	wire = n == 1 && wire_valid(got[0]);
	bench_check(rep, "rsc VXLAN 1 flow: taskoff delivers one SCU", whole && good && wire,
		    "%u packets (expected 1), whole inner payload %s, flags %s, outer and inner "
		    "checksums on the wire %s",
		    n, whole ? "yes" : "no", good ? "LRO + all good" : "wrong",
		    wire ? "valid" : "invalid");
	rte_pktmbuf_free_bulk(got, n);
	n = 0;
	one_burst(a, baseline_burst, got, &n);
	whole = n == 1 && whole_payload(got[0]);
	good = n == 1 && (got[0]->ol_flags & CSUM_MASK) == GOOD_FLAGS;
	bench_check(rep, "rsc VXLAN 1 flow: rte_gro + sw verify agrees with taskoff",
		    whole && good && a->baseline_bad == 0,
		    "%u packets, whole inner payload %s, verified %s (%llu frames not good)", n,
		    whole ? "yes" : "no", good ? "good" : "not good",
		    (unsigned long long)a->baseline_bad);
	rte_pktmbuf_free_bulk(got, n);
}

static int vx_init(struct vx_arg *a, const struct bench_env *env)
{
	memset(a, 0, sizeof(*a));
	a->pool = env->hdr_pool;
	taskoff_offload_config_default(&a->cfg);
	a->cfg.encap_enabled = true;
	a->cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	a->cfg.vxlan_port = VX_PORT;
	a->ctx = taskoff_rx_ctx_create("bench_rsc_vx", (int)rte_socket_id(), 64);
	a->gro.gro_types = RTE_GRO_IPV4_VXLAN_TCP_IPV4;
	a->gro.max_flow_num = 1;
	a->gro.max_item_per_flow = VX_BURST;
	a->gro.socket_id = rte_socket_id();
	make_stream();
	return a->ctx == NULL ? -1 : 0;
}

int bench_rsc_vxlan(const struct bench_env *env, struct bench_report *rep)
{
	static struct vx_arg a;
	const bench_round_fn fns[] = {round_taskoff, round_baseline};
	double in_pkts = (double)VX_STREAMS * VX_BURST, ns[2];
	struct bench_row *mine, *base;
	uint64_t bad;

	if (vx_init(&a, env) != 0) {
		fprintf(stderr, "rsc vxlan: cannot create the RX context\n");
		return -1;
	}
	sanity(&a, rep);
	bench_best_set(fns, &a, RTE_DIM(fns), bench_reps(env, 32), ns);
	mine = bench_add_row(rep, "rsc", "1502 B TCP/IPv4 in VXLAN, 1 flow", "taskoff_rx_burst",
			     BENCH_GBITS, in_pkts * VX_FRAME, in_pkts, "input pkt", ns[0]);
	base = bench_add_row(rep, "rsc", "1502 B TCP/IPv4 in VXLAN, 1 flow",
			     "sw verify + rte_gro VXLAN (burst)", BENCH_GBITS, in_pkts * VX_FRAME,
			     in_pkts, "input pkt", ns[1]);
	bench_set_ratio(mine, base);
	bad = a.cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD] + a.cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD] +
	      a.cnt.v[TASKOFF_CNT_RX_INNER_IP_CSUM_BAD] +
	      a.cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD] +
	      a.cnt.v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD] + a.cnt.v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD];
	bench_check(rep, "rsc VXLAN: no failures, no bad checksums, no drops",
		    a.failures == 0 && bad == 0 && a.baseline_bad == 0 &&
			a.cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP] == 0,
		    "%llu refill failures, %llu bad checksums (taskoff), %llu (baseline), %llu "
		    "out-cap drops",
		    (unsigned long long)a.failures, (unsigned long long)bad,
		    (unsigned long long)a.baseline_bad,
		    (unsigned long long)a.cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP]);
	bench_note(rep, "rsc VXLAN: outer IPv4 + UDP (checksum computed) + VXLAN around inner "
			"TCP/IPv4 segments of 1398 B; both sides verify the outer IPv4, outer UDP, "
			"inner IPv4 and TCP checksums");
	taskoff_rx_ctx_free(a.ctx);
	return 0;
}
