/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: taskoff_rx_burst (parse, NVGRE and VXLAN decap, checksum
 * validation, RSC) over a burst of fuzzed frames, RSC and decap on; VXLAN on
 * port 4789 (with the encapsulation offload).
 *
 * Input (big-endian):
 *   u8 mode   bit0/1 RSC IPv4/IPv6 off, bit2/3 RX checksum IPv4/IPv6 off,
 *             bit4 encapsulation offload off, bit5 decap a VSID list instead of
 *             all, bit6 out == pkts, bit7 out_cap = half the burst; bit6 and
 *             bit7 together: hold mode (the frames arrive as two bursts with
 *             SCUs held across them, then a flush)
 *   [bit5: u8 n, then n (<= 4) x u32 ids: VSIDs, VNIs with bit 31 set]
 *   frames until the input ends (at most MAX_FRAMES):
 *     u8 nb_cuts (low 2 bits), nb_cuts x u16 cut offsets, u16 len, len bytes
 *
 * Invariants: every frame is delivered, merged into an SCU (rsc_coalesce_events)
 * or dropped under rx_out_cap_dropped, and nothing else; delivered frames are
 * distinct sound chains, no more bytes than came in; each coalesced frame says
 * how many segments it holds and has valid IPv4 header checksums (and, over
 * VXLAN, a valid outer UDP checksum unless it is 0 over IPv4); on frames
 * without tunnel the IP and L4 checksum flags agree with a recomputation and
 * coalesced frames carry a correct TCP checksum; the pool is
 * back to its start level once the frames are freed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ip.h>

#include "fuzz_common.h"
#include "taskoff_rx.h"

#define MAX_FRAMES 32u

static struct rte_mempool *pkt_pool;
static struct taskoff_rx_ctx *rx_ctx;
static int rsc_info_off;
static struct fuzz_poison_set poisoned;
static uint8_t flat[UINT16_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_eal_init("fuzz_rx", 128);
	pkt_pool = fuzz_pool("fz_rx_pkt", 2048, 2048);
	rx_ctx = taskoff_rx_ctx_create("fz_rx", SOCKET_ID_ANY, 16);
	rsc_info_off = taskoff_rsc_info_offset();
	FUZZ_CHECK(rx_ctx != NULL && rsc_info_off >= 0, "rx context: %d", rsc_info_off);
	return 0;
}

static void config(uint8_t mode, struct taskoff_offload_config *cfg)
{
	taskoff_offload_config_default(cfg);
	cfg->rsc_ipv4 = !(mode & 0x01);
	cfg->rsc_ipv6 = !(mode & 0x02);
	if (mode & 0x04) {
		cfg->ipv4_csum &= (uint8_t)~TASKOFF_CSUM_RX;
		cfg->tcp4_csum &= (uint8_t)~TASKOFF_CSUM_RX;
		cfg->udp4_csum &= (uint8_t)~TASKOFF_CSUM_RX;
	}
	if (mode & 0x08) {
		cfg->tcp6_csum &= (uint8_t)~TASKOFF_CSUM_RX;
		cfg->udp6_csum &= (uint8_t)~TASKOFF_CSUM_RX;
	}
	cfg->encap_types |= TASKOFF_ENCAP_VXLAN;
	cfg->vxlan_port = 4789;
	if (mode & 0x10)
		cfg->encap_enabled = false;
}

static void decap_policy(uint8_t mode, struct fuzz_reader *r)
{
	uint32_t vsids[4];
	unsigned int n;

	if (!(mode & 0x20)) {
		FUZZ_CHECK(taskoff_rx_set_decap(rx_ctx, true, NULL, 0) == 0, "decap all refused");
		return;
	}
	n = fuzz_u8(r) % 5;
	for (unsigned int i = 0; i < n; i++)
		vsids[i] = fuzz_u32(r);
	if (taskoff_rx_set_decap(rx_ctx, false, vsids, n) != 0)
		FUZZ_CHECK(taskoff_rx_set_decap(rx_ctx, true, NULL, 0) == 0, "decap all refused");
}

static uint16_t read_frames(struct fuzz_reader *r, struct rte_mbuf **pkts, uint64_t *bytes)
{
	uint16_t nb = 0;

	while (nb < MAX_FRAMES && r->left > 0) {
		uint16_t cuts[FUZZ_MAX_SPLITS], len;
		unsigned int nb_cuts = fuzz_u8(r) & 3;
		const uint8_t *p;
		size_t got;

		for (unsigned int i = 0; i < nb_cuts; i++)
			cuts[i] = fuzz_u16(r);
		len = fuzz_u16(r);
		p = fuzz_bytes(r, len, &got);
		pkts[nb] = fuzz_chain(pkt_pool, p, (uint32_t)got, cuts, nb_cuts, &poisoned);
		FUZZ_CHECK(pkts[nb] != NULL, "input pool exhausted");
		*bytes += pkts[nb]->pkt_len;
		nb++;
	}
	return nb;
}

static void check_ipv4_hdr(const uint8_t *b, uint32_t len, uint32_t off, uint32_t hlen,
			   const char *which)
{
	FUZZ_CHECK(hlen >= 20 && off + hlen <= len, "%s IPv4 header [%u,+%u) of %u", which, off,
		   hlen, len);
	FUZZ_CHECK(rte_raw_cksum(b + off, hlen) == 0xffff, "coalesced %s IPv4 checksum wrong",
		   which);
}

/* A coalesced VXLAN frame: the rewritten outer UDP checksum verifies (0 only over IPv4). */
static void check_outer_udp(const struct rte_mbuf *m, const uint8_t *b)
{
	uint32_t ip_off = m->outer_l2_len, udp_off = ip_off + m->outer_l3_len;
	const uint8_t *udp = b + udp_off;
	int bad;

	if ((m->packet_type & RTE_PTYPE_TUNNEL_MASK) != RTE_PTYPE_TUNNEL_VXLAN)
		return;
	FUZZ_CHECK(udp_off + 8 <= m->pkt_len &&
		       (uint32_t)(udp[4] << 8 | udp[5]) == m->pkt_len - udp_off,
		   "coalesced VXLAN: outer UDP length wrong");
	if (RTE_ETH_IS_IPV4_HDR(m->packet_type)) {
		if (udp[6] == 0 && udp[7] == 0)
			return;
		bad = rte_ipv4_udptcp_cksum_verify((const struct rte_ipv4_hdr *)(b + ip_off), udp);
	} else {
		FUZZ_CHECK(m->outer_l3_len == 40, "coalesced VXLAN behind IPv6 extension headers");
		bad = rte_ipv6_udptcp_cksum_verify((const struct rte_ipv6_hdr *)(b + ip_off), udp);
	}
	FUZZ_CHECK(bad == 0, "coalesced VXLAN: outer UDP checksum wrong");
}

/* A coalesced frame: segment count recorded, IP header checksum recomputed. */
static uint64_t check_coalesced(const struct rte_mbuf *m)
{
	const struct taskoff_rsc_info *info =
	    RTE_MBUF_DYNFIELD(m, rsc_info_off, const struct taskoff_rsc_info *);
	const uint8_t *b;

	FUZZ_CHECK(info->coalesced_seg_count >= 2, "LRO frame with %u segments",
		   info->coalesced_seg_count);
	FUZZ_CHECK(m->tso_segsz > 0, "LRO frame without MSS");
	b = rte_pktmbuf_read(m, 0, m->pkt_len, flat);
	if (getenv("FUZZ_VERBOSE") != NULL) {
		fprintf(stderr, "LRO frame: l2_len %u l3_len %u ptype %#x segs %u\n", m->l2_len,
			m->l3_len, m->packet_type, info->coalesced_seg_count);
		fuzz_dump_frame(b, m->pkt_len);
	}
	if (RTE_ETH_IS_TUNNEL_PKT(m->packet_type)) {
		/* NVGRE / VXLAN kept (not selected for decap): outer and inner headers both
		 * rewritten */
		if (RTE_ETH_IS_IPV4_HDR(m->packet_type))
			check_ipv4_hdr(b, m->pkt_len, m->outer_l2_len, m->outer_l3_len, "outer");
		check_outer_udp(m, b);
		if ((m->packet_type & RTE_PTYPE_INNER_L3_MASK) == RTE_PTYPE_INNER_L3_IPV4 ||
		    (m->packet_type & RTE_PTYPE_INNER_L3_MASK) == RTE_PTYPE_INNER_L3_IPV4_EXT ||
		    (m->packet_type & RTE_PTYPE_INNER_L3_MASK) ==
			RTE_PTYPE_INNER_L3_IPV4_EXT_UNKNOWN)
			check_ipv4_hdr(b, m->pkt_len,
				       (uint32_t)m->outer_l2_len + m->outer_l3_len + m->l2_len,
				       m->l3_len, "inner");
	} else if (RTE_ETH_IS_IPV4_HDR(m->packet_type)) {
		check_ipv4_hdr(b, m->pkt_len, m->l2_len, m->l3_len, "");
	}
	return info->coalesced_seg_count - 1u;
}

/* Verdict of a checksum flag against a recomputation: 1 good, 0 bad, -1 not judged. */
static int flag_verdict(uint64_t flags, uint64_t mask, uint64_t good, uint64_t bad)
{
	return (flags & mask) == good ? 1 : (flags & mask) == bad ? 0 : -1;
}

/*
 * DPDK's verifiers sum the whole IP payload; a UDP checksum covers the UDP
 * length only (RFC 768). Judge UDP only when the two agree.
 */
static bool udp_len_fills(const struct rte_mbuf *m, const uint8_t *b, uint32_t l4_off,
			  uint32_t ip_payload)
{
	if ((m->packet_type & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_UDP)
		return true;
	return ((uint32_t)b[l4_off + 4] << 8 | b[l4_off + 5]) == ip_payload;
}

static void check_l4_flag(const struct rte_mbuf *m, const uint8_t *b, int verdict)
{
	uint32_t l4_off = (uint32_t)m->l2_len + m->l3_len;
	uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;
	const void *ip = b + m->l2_len;
	int ok;

	if (verdict < 0 || (l4 != RTE_PTYPE_L4_TCP && l4 != RTE_PTYPE_L4_UDP) ||
	    l4_off + 8 > m->pkt_len)
		return;
	if (RTE_ETH_IS_IPV4_HDR(m->packet_type)) {
		const struct rte_ipv4_hdr *h = ip;

		if (m->l2_len + (uint32_t)rte_be_to_cpu_16(h->total_length) > m->pkt_len ||
		    rte_ipv4_hdr_len(h) != m->l3_len)
			return;
		if (l4 == RTE_PTYPE_L4_UDP && b[l4_off + 6] == 0 && b[l4_off + 7] == 0)
			return; /* IPv4 UDP without checksum */
		if (!udp_len_fills(m, b, l4_off, rte_be_to_cpu_16(h->total_length) - m->l3_len))
			return;
		ok = rte_ipv4_udptcp_cksum_verify(h, b + l4_off) == 0;
	} else if (RTE_ETH_IS_IPV6_HDR(m->packet_type) && m->l3_len == 40) {
		const struct rte_ipv6_hdr *h = ip;

		if (l4_off + (uint32_t)rte_be_to_cpu_16(h->payload_len) > m->pkt_len ||
		    !udp_len_fills(m, b, l4_off, rte_be_to_cpu_16(h->payload_len)))
			return;
		ok = rte_ipv6_udptcp_cksum_verify(h, b + l4_off) == 0;
	} else {
		return;
	}
	FUZZ_CHECK(ok == verdict, "L4 checksum %s says %s, recomputed %s (%u segments)",
		   (m->ol_flags & RTE_MBUF_F_RX_LRO) ? "of coalesced frame" : "flag",
		   verdict ? "good" : "bad", ok ? "good" : "bad", m->nb_segs);
}

/* A frame without tunnel: its IP and L4 checksum flags must match the bytes. */
static void check_cksum_flags(const struct rte_mbuf *m)
{
	const uint8_t *b;
	int ip, l4;

	if (RTE_ETH_IS_TUNNEL_PKT(m->packet_type) || m->l2_len + (uint32_t)m->l3_len > m->pkt_len)
		return;
	ip = flag_verdict(m->ol_flags, RTE_MBUF_F_RX_IP_CKSUM_MASK, RTE_MBUF_F_RX_IP_CKSUM_GOOD,
			  RTE_MBUF_F_RX_IP_CKSUM_BAD);
	l4 = flag_verdict(m->ol_flags, RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_GOOD,
			  RTE_MBUF_F_RX_L4_CKSUM_BAD);
	if (m->ol_flags & RTE_MBUF_F_RX_LRO)
		l4 = 1; /* RSC rewrote the TCP header: its checksum must be right */
	if (ip < 0 && l4 < 0)
		return;
	b = rte_pktmbuf_read(m, 0, m->pkt_len, flat);
	if (ip >= 0 && RTE_ETH_IS_IPV4_HDR(m->packet_type) && m->l3_len >= 20)
		FUZZ_CHECK((rte_raw_cksum(b + m->l2_len, m->l3_len) == 0xffff) == ip,
			   "IP checksum flag says %s", ip ? "good" : "bad");
	check_l4_flag(m, b, l4);
}

static void check_outputs(struct rte_mbuf **out, uint16_t nb_out, uint64_t in_bytes,
			  const struct taskoff_counters *cnt)
{
	uint64_t bytes = 0, merged = 0;

	for (uint16_t i = 0; i < nb_out; i++) {
		FUZZ_CHECK(out[i] != NULL, "NULL frame %u", i);
		for (uint16_t j = 0; j < i; j++)
			FUZZ_CHECK(out[j] != out[i], "frame %u delivered twice", i);
		fuzz_check_chain(out[i]);
		bytes += out[i]->pkt_len;
		if (out[i]->ol_flags & RTE_MBUF_F_RX_LRO)
			merged += check_coalesced(out[i]);
		check_cksum_flags(out[i]);
	}
	FUZZ_CHECK(bytes <= in_bytes, "%lu bytes out of %lu in", (unsigned long)bytes,
		   (unsigned long)in_bytes);
	FUZZ_CHECK(merged == cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS],
		   "LRO frames hold %lu merged segments, rsc_coalesce_events %lu",
		   (unsigned long)merged, (unsigned long)cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS]);
}

#define HOLD_MODE (0x40 | 0x80)

/* Hold mode: two bursts with SCUs held across them, then a flush; out_buf has room for all. */
static uint16_t run_held(const struct taskoff_offload_config *cfg, struct taskoff_counters *cnt,
			 struct rte_mbuf **pkts, uint16_t nb, struct rte_mbuf **out, uint16_t cap)
{
	uint16_t half = nb / 2, n;

	taskoff_rx_set_rsc_hold(rx_ctx, 1000000);
	n = taskoff_rx_burst(rx_ctx, cfg, cnt, pkts, half, out, cap);
	n += taskoff_rx_burst(rx_ctx, cfg, cnt, pkts + half, (uint16_t)(nb - half), out + n,
			      (uint16_t)(cap - n));
	n += taskoff_rx_flush(rx_ctx, cnt, out + n, (uint16_t)(cap - n));
	FUZZ_CHECK(taskoff_rx_held(rx_ctx) == 0, "%u SCUs still held after the flush",
		   taskoff_rx_held(rx_ctx));
	taskoff_rx_set_rsc_hold(rx_ctx, 0);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rte_mbuf *pkts[MAX_FRAMES], *out_buf[2 * MAX_FRAMES];
	struct fuzz_reader r = {data, size};
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt = {0};
	struct rte_mbuf **out;
	uint64_t in_bytes = 0;
	uint16_t nb, nb_out, cap;
	uint8_t mode = fuzz_u8(&r);

	config(mode, &cfg);
	decap_policy(mode, &r);
	nb = read_frames(&r, pkts, &in_bytes);
	if ((mode & HOLD_MODE) == HOLD_MODE) {
		out = out_buf;
		cap = RTE_DIM(out_buf);
		nb_out = run_held(&cfg, &cnt, pkts, nb, out, cap);
	} else {
		out = (mode & 0x40) ? pkts : out_buf;
		cap = (mode & 0x80) ? nb / 2 : nb;
		nb_out = taskoff_rx_burst(rx_ctx, &cfg, &cnt, pkts, nb, out, cap);
	}
	if (getenv("FUZZ_VERBOSE") != NULL)
		fuzz_dump_counters(&cnt, nb, nb_out);
	FUZZ_CHECK(nb_out <= cap, "%u frames out, cap %u", nb_out, cap);
	FUZZ_CHECK(cap < nb || cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP] == 0, "out_cap drops with room");
	FUZZ_CHECK(nb == nb_out + cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS] +
			     cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP],
		   "%u in != %u out + %lu merged + %lu dropped", nb, nb_out,
		   (unsigned long)cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS],
		   (unsigned long)cnt.v[TASKOFF_CNT_RX_DROP_OUT_CAP]);
	check_outputs(out, nb_out, in_bytes, &cnt);
	rte_pktmbuf_free_bulk(out, nb_out);
	fuzz_unpoison(&poisoned);
	fuzz_check_pool_full(pkt_pool);
	return 0;
}
