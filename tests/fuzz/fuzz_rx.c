/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: taskoff_rx_burst (parse, NVGRE decap, checksum validation,
 * RSC) over a burst of fuzzed frames, RSC and decap on.
 *
 * Input (big-endian):
 *   u8 mode   bit0/1 RSC IPv4/IPv6 off, bit2/3 RX checksum IPv4/IPv6 off,
 *             bit4 encapsulation offload off, bit5 decap a VSID list instead of
 *             all, bit6 out == pkts, bit7 out_cap = half the burst
 *   [bit5: u8 n, then n (<= 4) x u32 VSIDs]
 *   frames until the input ends (at most MAX_FRAMES):
 *     u8 nb_cuts (low 2 bits), nb_cuts x u16 cut offsets, u16 len, len bytes
 *
 * Invariants: every frame is delivered, merged into an SCU (rsc_coalesce_events)
 * or dropped under rx_drop_out_cap, and nothing else; delivered frames are
 * distinct sound chains, no more bytes than came in; each coalesced frame says
 * how many segments it holds and has a valid IPv4 header checksum; the pool is
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
		/* NVGRE kept (not selected for decap): outer and inner headers both rewritten */
		if (RTE_ETH_IS_IPV4_HDR(m->packet_type))
			check_ipv4_hdr(b, m->pkt_len, m->outer_l2_len, m->outer_l3_len, "outer");
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
	}
	FUZZ_CHECK(bytes <= in_bytes, "%lu bytes out of %lu in", (unsigned long)bytes,
		   (unsigned long)in_bytes);
	FUZZ_CHECK(merged == cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS],
		   "LRO frames hold %lu merged segments, rsc_coalesce_events %lu",
		   (unsigned long)merged, (unsigned long)cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rte_mbuf *pkts[MAX_FRAMES], *out_buf[MAX_FRAMES];
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
	out = (mode & 0x40) ? pkts : out_buf;
	cap = (mode & 0x80) ? nb / 2 : nb;
	nb_out = taskoff_rx_burst(rx_ctx, &cfg, &cnt, pkts, nb, out, cap);
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
