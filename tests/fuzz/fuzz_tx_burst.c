/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: taskoff_tx_burst (checksum filling, LSO, USO, NVGRE, VXLAN) over
 * up to FUZZ_TX_MAX_PKTS fuzzed packets (format: fuzz_tx_input.h), optionally
 * with an extra reference held on each input so the engine may not write it.
 *
 * The outcome of every packet is predicted from taskoff_tx_check and
 * taskoff_tx_parse and compared with what the burst did: packets consumed,
 * frames written, every drop counter, the packet/segment counters; every frame
 * is a sound mbuf chain no longer than header + MSS, with its IPv4 header and
 * TCP/UDP checksums right (VXLAN: the outer UDP length and checksum, or 0); shared inputs are left
 * unmodified; every pool is back to its start level once the frames are freed.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_udp.h>

#include "fuzz_common.h"
#include "fuzz_tx_input.h"
#include "taskoff_tx.h"

#define OUT_CAP 512u

static struct rte_mempool *pkt_pool, *hdr_pool, *ind_pool, *tiny_hdr_pool, *tiny_ind_pool;
/* Tiny pools run dry in the middle of a packet: the no-mbuf path must free what it took. */
#define TINY_POOL_SIZE 6u
#define MF_TINY_POOLS  0x3fu
static struct fuzz_poison_set poisoned;
static uint8_t flat[UINT16_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_eal_init("fuzz_tx_burst", 256);
	pkt_pool = fuzz_pool("fz_txb_pkt", 1024, 2048);
	hdr_pool = fuzz_pool("fz_txb_hdr", 2048, 1024);
	ind_pool = fuzz_pool("fz_txb_ind", 8192, 0);
	tiny_hdr_pool = fuzz_pool("fz_txb_thdr", TINY_POOL_SIZE, 1024);
	tiny_ind_pool = fuzz_pool("fz_txb_tind", TINY_POOL_SIZE, 0);
	return 0;
}

/* What the burst must do with one packet. */
struct expect {
	bool passthrough;
	enum taskoff_counter drop; /* TASKOFF_CNT_MAX: not dropped */
	struct taskoff_tx_desc d;  /* when emitted */
	bool udp4_no_cksum;	   /* USO IPv4 template with UDP checksum 0: segments keep 0 */
	uint8_t copy[TASKOFF_TX_MAX_HDR_LEN];
};

struct run {
	struct taskoff_offload_config cfg;
	struct taskoff_tx_ctx ctx;
	struct taskoff_counters cnt;
	struct rte_mbuf *pkts[FUZZ_TX_MAX_PKTS], *out[OUT_CAP];
	struct expect exp[FUZZ_TX_MAX_PKTS];
	uint16_t nb_pkts, nb_out, consumed;
	bool shared;
	bool tiny; /* tiny pools: tx_no_mbuf_dropped is expected, frames are not predicted */
	/* the shared inputs' bytes before the burst (shared mode) */
	uint8_t *orig[FUZZ_TX_MAX_PKTS];
};

static void predict_one(const struct run *run, struct rte_mbuf *m, struct expect *e)
{
	enum taskoff_tx_reason r;

	e->drop = TASKOFF_CNT_MAX;
	e->passthrough = !taskoff_tx_wants_offload(m);
	if (e->passthrough)
		return;
	r = taskoff_tx_check(&run->cfg, run->ctx.max_frames_per_pkt, m);
	if (r != TASKOFF_TX_OK) {
		e->drop = taskoff_tx_reason_counter(r);
		return;
	}
	FUZZ_CHECK(taskoff_tx_parse(m, &e->d, e->copy) == TASKOFF_TX_OK, "check OK, parse not");
	FUZZ_CHECK(run->ctx.max_frames_per_pkt == 0 || e->d.nb_segs <= run->ctx.max_frames_per_pkt,
		   "check OK for %u frames", e->d.nb_segs);
	e->udp4_no_cksum = (e->d.ops & TASKOFF_TX_OP_USO) && e->d.inner.ipv4 &&
			   e->d.hdr[e->d.l4_off + 6] == 0 && e->d.hdr[e->d.l4_off + 7] == 0;
}

/* Packets consumed and frames written as the header promises. */
static void predict_totals(const struct run *run, uint16_t *consumed, uint16_t *frames)
{
	uint32_t n_out = 0, i;

	for (i = 0; i < run->nb_pkts; i++) {
		const struct expect *e = &run->exp[i];
		uint32_t need = e->passthrough ? 1 : e->drop != TASKOFF_CNT_MAX ? 0 : e->d.nb_segs;

		if (need > OUT_CAP - n_out)
			break;
		n_out += need;
	}
	*consumed = (uint16_t)i;
	*frames = (uint16_t)n_out;
}

static void check_counters(const struct run *run)
{
	struct taskoff_counters want = {0};
	uint64_t seg_pkts = 0, seg_frames = 0, csum = 0, tunnel_seg = 0;
	const uint64_t *v = run->cnt.v;

	for (uint16_t i = 0; i < run->consumed; i++) {
		const struct expect *e = &run->exp[i];

		if (e->passthrough)
			continue;
		if (e->drop != TASKOFF_CNT_MAX) {
			want.v[e->drop]++;
		} else if (e->d.ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO)) {
			seg_pkts++;
			seg_frames += e->d.nb_segs;
			tunnel_seg += (e->d.ops & TASKOFF_TX_OP_TUNNEL) != 0;
		} else {
			csum++;
		}
	}
	want.v[TASKOFF_CNT_CSUM_TX_FILLED] = csum;
	for (int c = TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED;
	     c <= TASKOFF_CNT_TX_DROP_VXLAN_PORT_MISMATCH; c++)
		FUZZ_CHECK(v[c] == want.v[c], "%s = %lu, expected %lu", taskoff_counter_name(c),
			   (unsigned long)v[c], (unsigned long)want.v[c]);
	FUZZ_CHECK(v[TASKOFF_CNT_TX_DROP_TOO_MANY_SEGMENTS] ==
		       want.v[TASKOFF_CNT_TX_DROP_TOO_MANY_SEGMENTS],
		   "tx_too_many_segments_dropped %lu",
		   (unsigned long)v[TASKOFF_CNT_TX_DROP_TOO_MANY_SEGMENTS]);
	FUZZ_CHECK(v[TASKOFF_CNT_TX_DROP_OFFLOAD_UNSUPPORTED] ==
		       want.v[TASKOFF_CNT_TX_DROP_OFFLOAD_UNSUPPORTED],
		   "tx_offload_unsupported_dropped %lu",
		   (unsigned long)v[TASKOFF_CNT_TX_DROP_OFFLOAD_UNSUPPORTED]);
	FUZZ_CHECK(v[TASKOFF_CNT_CSUM_TX_FILLED] == csum, "csum_tx_filled %lu != %lu",
		   (unsigned long)v[TASKOFF_CNT_CSUM_TX_FILLED], (unsigned long)csum);
	FUZZ_CHECK(v[TASKOFF_CNT_LSO_PACKETS] + v[TASKOFF_CNT_USO_PACKETS] == seg_pkts,
		   "lso+uso packets %lu != %lu",
		   (unsigned long)(v[TASKOFF_CNT_LSO_PACKETS] + v[TASKOFF_CNT_USO_PACKETS]),
		   (unsigned long)seg_pkts);
	FUZZ_CHECK(v[TASKOFF_CNT_LSO_SEGMENTS] + v[TASKOFF_CNT_USO_SEGMENTS] == seg_frames,
		   "lso+uso segments %lu != %lu",
		   (unsigned long)(v[TASKOFF_CNT_LSO_SEGMENTS] + v[TASKOFF_CNT_USO_SEGMENTS]),
		   (unsigned long)seg_frames);
	FUZZ_CHECK(
	    v[TASKOFF_CNT_TUNNEL_LSO_PACKETS] + v[TASKOFF_CNT_TUNNEL_USO_PACKETS] == tunnel_seg,
	    "tunnel lso+uso packets %lu != %lu",
	    (unsigned long)(v[TASKOFF_CNT_TUNNEL_LSO_PACKETS] + v[TASKOFF_CNT_TUNNEL_USO_PACKETS]),
	    (unsigned long)tunnel_seg);
}

/* The raw one's-complement sum of a header that carries its own checksum is 0xffff. */
static void check_ipv4_hdr(const uint8_t *f, uint32_t len, const struct taskoff_tx_l3 *l3,
			   const char *which)
{
	FUZZ_CHECK((uint32_t)l3->off + l3->len <= len, "%s IPv4 header past the frame", which);
	FUZZ_CHECK(rte_raw_cksum(f + l3->off, l3->len) == 0xffff, "%s IPv4 checksum wrong", which);
}

static void check_l4_cksum(const uint8_t *f, uint32_t len, const struct expect *e)
{
	const struct taskoff_tx_desc *d = &e->d;
	const void *ip = f + d->inner.off;
	const void *l4 = f + d->l4_off;

	if (!d->inner.ipv4 && d->inner.len != sizeof(struct rte_ipv6_hdr))
		return; /* DPDK's verifier does not walk extension headers */
	FUZZ_CHECK((uint32_t)d->l4_off + d->l4_hdr_len <= len, "L4 header past the frame");
	if (d->inner.ipv4) {
		const struct rte_ipv4_hdr *h = ip;
		uint32_t end = d->inner.off + rte_be_to_cpu_16(h->total_length);

		FUZZ_CHECK(end <= len, "IPv4 total_length %u past the frame %u", end, len);
		if (e->udp4_no_cksum) {
			FUZZ_CHECK(((const struct rte_udp_hdr *)l4)->dgram_cksum == 0,
				   "USO template without checksum, segment with one");
			return;
		}
		FUZZ_CHECK(rte_ipv4_udptcp_cksum_verify(h, l4) == 0, "L4/IPv4 checksum wrong");
	} else {
		const struct rte_ipv6_hdr *h = ip;
		uint32_t end = d->l4_off + rte_be_to_cpu_16(h->payload_len);

		FUZZ_CHECK(end <= len, "IPv6 payload_len past the frame (%u > %u)", end, len);
		FUZZ_CHECK(rte_ipv6_udptcp_cksum_verify(h, l4) == 0, "L4/IPv6 checksum wrong");
	}
}

/* VXLAN: outer UDP length = what the outer IP header says; checksum right, or 0 when not ours. */
static void check_outer_udp(const uint8_t *f, uint32_t len, const struct taskoff_tx_desc *d)
{
	const struct rte_udp_hdr *u = (const void *)(f + d->encap_off);
	const void *ip = f + d->outer.off;
	uint32_t ip_end;

	FUZZ_CHECK((uint32_t)d->encap_off + d->encap_len <= len, "VXLAN header past the frame");
	if (d->outer.ipv4)
		ip_end = d->outer.off +
			 rte_be_to_cpu_16(((const struct rte_ipv4_hdr *)ip)->total_length);
	else
		ip_end = d->outer.off + sizeof(struct rte_ipv6_hdr) +
			 rte_be_to_cpu_16(((const struct rte_ipv6_hdr *)ip)->payload_len);
	FUZZ_CHECK(ip_end <= len, "outer IP length %u past the frame %u", ip_end, len);
	FUZZ_CHECK(rte_be_to_cpu_16(u->dgram_len) == ip_end - d->encap_off,
		   "outer UDP length %u, outer IP says %u", rte_be_to_cpu_16(u->dgram_len),
		   ip_end - d->encap_off);
	FUZZ_CHECK(!(d->ops & TASKOFF_TX_OP_OUTER_UDP_ZERO) || u->dgram_cksum == 0,
		   "outer UDP checksum not asked over IPv4, not 0");
	if (!(d->ops & TASKOFF_TX_OP_OUTER_UDP_CKSUM))
		return;
	FUZZ_CHECK(u->dgram_cksum != 0, "outer UDP checksum 0");
	if (d->outer.ipv4)
		FUZZ_CHECK(rte_ipv4_udptcp_cksum_verify(ip, u) == 0,
			   "outer UDP/IPv4 checksum wrong");
	else if (d->outer.len == sizeof(struct rte_ipv6_hdr)) /* rte_* walks no extensions */
		FUZZ_CHECK(rte_ipv6_udptcp_cksum_verify(ip, u) == 0,
			   "outer UDP/IPv6 checksum wrong");
}

/* One frame of an emitted packet: structure, size, flags, checksums. */
static void check_frame(const struct rte_mbuf *f, const struct expect *e)
{
	const struct taskoff_tx_desc *d = &e->d;
	const uint8_t *b;
	bool seg = d->ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO);

	fuzz_check_chain(f);
	FUZZ_CHECK((f->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS) == 0, "frame keeps ol_flags %#lx",
		   (unsigned long)(f->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS));
	if (seg)
		FUZZ_CHECK(f->pkt_len <= (uint32_t)d->hdr_len + d->mss && f->pkt_len > d->hdr_len,
			   "segment of %u bytes, hdr %u mss %u", f->pkt_len, d->hdr_len, d->mss);
	b = rte_pktmbuf_read(f, 0, f->pkt_len, flat);
	if (f->pkt_len > 0 && b != flat)
		memcpy(flat, b, f->pkt_len);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fuzz_dump_frame(flat, f->pkt_len);
	if (d->inner.ipv4 && (seg || (d->ops & TASKOFF_TX_OP_IP_CKSUM)))
		check_ipv4_hdr(flat, f->pkt_len, &d->inner, "inner");
	if ((d->ops & TASKOFF_TX_OP_TUNNEL) && d->outer.ipv4 &&
	    (seg || (d->ops & TASKOFF_TX_OP_OUTER_IP_CKSUM)))
		check_ipv4_hdr(flat, f->pkt_len, &d->outer, "outer");
	if (seg || (d->ops & TASKOFF_TX_OP_L4_CKSUM))
		check_l4_cksum(flat, f->pkt_len, e);
	if ((d->ops & TASKOFF_TX_OP_TUNNEL) && d->tunnel == TASKOFF_TUNNEL_VXLAN)
		check_outer_udp(flat, f->pkt_len, d);
}

static void check_frames(const struct run *run)
{
	uint16_t o = 0;

	for (uint16_t i = 0; i < run->consumed; i++) {
		const struct expect *e = &run->exp[i];
		uint64_t payload = 0;

		if (e->passthrough) {
			FUZZ_CHECK(run->out[o] == run->pkts[i], "pass-through frame %u replaced",
				   o);
			o++;
			continue;
		}
		if (e->drop != TASKOFF_CNT_MAX)
			continue;
		for (uint32_t k = 0; k < e->d.nb_segs; k++, o++) {
			check_frame(run->out[o], e);
			payload += run->out[o]->pkt_len - e->d.hdr_len;
		}
		if (e->d.ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO))
			FUZZ_CHECK(payload == e->d.payload_len, "segments carry %lu of %u bytes",
				   (unsigned long)payload, e->d.payload_len);
	}
	FUZZ_CHECK(o == run->nb_out, "frames %u, accounted %u", run->nb_out, o);
}

/* Shared inputs: the engine must leave the bytes alone. */
static void check_shared_untouched(const struct run *run)
{
	for (uint16_t i = 0; i < run->nb_pkts; i++) {
		const struct rte_mbuf *m = run->pkts[i];
		const void *p = rte_pktmbuf_read(m, 0, m->pkt_len, flat);

		FUZZ_CHECK(m->pkt_len == 0 || memcmp(p, run->orig[i], m->pkt_len) == 0,
			   "shared input %u was written", i);
	}
}

static void read_inputs(struct run *run, struct fuzz_reader *r)
{
	uint8_t mf;
	struct rte_mbuf *m;

	fuzz_tx_config(fuzz_u16(r), &run->cfg);
	mf = fuzz_u8(r);
	run->shared = mf & 0x80;
	run->tiny = (mf & 0x3f) == MF_TINY_POOLS;
	run->ctx = (struct taskoff_tx_ctx){
	    .cfg = &run->cfg,
	    .hdr_pool = run->tiny ? tiny_hdr_pool : hdr_pool,
	    .indirect_pool = run->tiny ? tiny_ind_pool : ind_pool,
	    .cnt = &run->cnt,
	    .max_frames_per_pkt = (mf & 0x3f) * 8u,
	};
	if (mf & 0x40)
		run->ctx.indirect_pool = run->ctx.hdr_pool;
	while (run->nb_pkts < FUZZ_TX_MAX_PKTS &&
	       (m = fuzz_tx_next_pkt(r, pkt_pool, &poisoned)) != NULL) {
		predict_one(run, m, &run->exp[run->nb_pkts]);
		if (run->shared) {
			const void *p;

			run->orig[run->nb_pkts] = malloc(m->pkt_len + 1);
			p = rte_pktmbuf_read(m, 0, m->pkt_len, run->orig[run->nb_pkts]);
			if (m->pkt_len > 0 && p != run->orig[run->nb_pkts])
				memcpy(run->orig[run->nb_pkts], p, m->pkt_len);
			rte_pktmbuf_refcnt_update(m, 1);
		}
		run->pkts[run->nb_pkts++] = m;
	}
}

static void release(struct run *run)
{
	rte_pktmbuf_free_bulk(run->out, run->nb_out);
	for (uint16_t i = run->consumed; i < run->nb_pkts; i++)
		rte_pktmbuf_free(run->pkts[i]);
	if (run->shared) {
		for (uint16_t i = 0; i < run->nb_pkts; i++) {
			rte_pktmbuf_free(run->pkts[i]);
			free(run->orig[i]);
		}
	}
	fuzz_unpoison(&poisoned);
	fuzz_check_pool_full(pkt_pool);
	fuzz_check_pool_full(hdr_pool);
	fuzz_check_pool_full(ind_pool);
	fuzz_check_pool_full(tiny_hdr_pool);
	fuzz_check_pool_full(tiny_ind_pool);
}

/*
 * Tiny pools: which packets ran out of mbufs is not predicted, only that each
 * packet predicted to be emitted was emitted or counted in tx_no_mbuf_dropped, that
 * the other drops are exactly as predicted, and that the frames are sound.
 */
static void check_tiny(const struct run *run)
{
	const uint64_t *v = run->cnt.v;
	uint64_t emitted = 0, frames = 0, passthrough = 0, want[TASKOFF_CNT_MAX] = {0};

	for (uint16_t i = 0; i < run->nb_pkts; i++) {
		const struct expect *e = &run->exp[i];

		if (e->passthrough)
			passthrough++;
		else if (e->drop != TASKOFF_CNT_MAX)
			want[e->drop]++;
		else {
			emitted++;
			frames += e->d.nb_segs;
		}
	}
	FUZZ_CHECK(run->consumed == run->nb_pkts, "consumed %u of %u", run->consumed, run->nb_pkts);
	for (int c = 0; c < TASKOFF_CNT_MAX; c++)
		if (c != TASKOFF_CNT_TX_DROP_NO_MBUF && taskoff_counter_is_drop(c, 't'))
			FUZZ_CHECK(v[c] == want[c], "%s = %lu, expected %lu",
				   taskoff_counter_name(c), (unsigned long)v[c],
				   (unsigned long)want[c]);
	FUZZ_CHECK(v[TASKOFF_CNT_CSUM_TX_FILLED] + v[TASKOFF_CNT_LSO_PACKETS] +
			   v[TASKOFF_CNT_USO_PACKETS] + v[TASKOFF_CNT_TX_DROP_NO_MBUF] ==
		       emitted,
		   "emitted + no_mbuf != %lu", (unsigned long)emitted);
	FUZZ_CHECK(run->nb_out <= passthrough + frames && run->nb_out >= passthrough,
		   "%u frames, %lu pass-through + at most %lu", run->nb_out,
		   (unsigned long)passthrough, (unsigned long)frames);
	for (uint16_t o = 0; o < run->nb_out; o++)
		fuzz_check_chain(run->out[o]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run run;
	struct fuzz_reader r = {data, size};
	uint16_t want_consumed, want_frames;

	memset(&run, 0, sizeof(run));
	read_inputs(&run, &r);
	predict_totals(&run, &want_consumed, &want_frames);
	run.consumed =
	    taskoff_tx_burst(&run.ctx, run.pkts, run.nb_pkts, run.out, OUT_CAP, &run.nb_out);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fuzz_dump_counters(&run.cnt, run.nb_pkts, run.nb_out);
	if (run.tiny) {
		check_tiny(&run);
		if (run.shared)
			check_shared_untouched(&run);
		release(&run);
		return 0;
	}
	FUZZ_CHECK(run.cnt.v[TASKOFF_CNT_TX_DROP_NO_MBUF] == 0, "tx_drop_no_mbuf with full pools");
	FUZZ_CHECK(run.consumed == want_consumed, "consumed %u, expected %u", run.consumed,
		   want_consumed);
	FUZZ_CHECK(run.nb_out == want_frames, "%u frames, expected %u", run.nb_out, want_frames);
	check_counters(&run);
	check_frames(&run);
	if (run.shared)
		check_shared_untouched(&run);
	release(&run);
	return 0;
}
