/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the TX header parser and tx_prepare on arbitrary bytes and
 * arbitrary offload metadata, in single mbufs and in chains cut at fuzzed
 * offsets. Invariants: the parser and prepare never modify the packet; an
 * accepted request describes headers that lie inside the packet and whose
 * bytes d->hdr reproduces; segment counts match the MSS; prepare, check and
 * the reason tables agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "fuzz_common.h"
#include "fuzz_tx_input.h"
#include "taskoff_tx.h"

static struct rte_mempool *pkt_pool;
static struct fuzz_poison_set poisoned;
static uint8_t before[UINT16_MAX + 1], after[UINT16_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_eal_init("fuzz_tx_parse", 128);
	pkt_pool = fuzz_pool("fz_txp_pkt", 1024, 2048);
	return 0;
}

static void check_l3(const struct taskoff_tx_l3 *l3, uint32_t pkt_len, const char *which)
{
	FUZZ_CHECK((uint32_t)l3->off + l3->len <= pkt_len, "%s IP header [%u,+%u) past %u", which,
		   l3->off, l3->len, pkt_len);
	FUZZ_CHECK(l3->len >= (l3->ipv4 ? 20 : 40), "%s IP header length %u", which, l3->len);
}

/* The tunnel kind is the one the flags name, its encapsulation header sits where it should. */
static void check_tunnel(const struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	bool vxlan = (m->ol_flags & RTE_MBUF_F_TX_TUNNEL_MASK) == RTE_MBUF_F_TX_TUNNEL_VXLAN;
	uint32_t outer_udp =
	    d->ops & (TASKOFF_TX_OP_OUTER_UDP_CKSUM | TASKOFF_TX_OP_OUTER_UDP_ZERO);

	check_l3(&d->outer, m->pkt_len, "outer");
	FUZZ_CHECK(d->tunnel == (vxlan ? TASKOFF_TUNNEL_VXLAN : TASKOFF_TUNNEL_NVGRE),
		   "tunnel kind %d", d->tunnel);
	FUZZ_CHECK(d->encap_off == d->outer.off + d->outer.len, "encap_off %u", d->encap_off);
	FUZZ_CHECK(d->encap_len == (vxlan ? 16 : 8), "encap_len %u", d->encap_len);
	FUZZ_CHECK((uint32_t)d->encap_off + d->encap_len <= m->pkt_len, "encap header past packet");
	FUZZ_CHECK(outer_udp != (TASKOFF_TX_OP_OUTER_UDP_CKSUM | TASKOFF_TX_OP_OUTER_UDP_ZERO),
		   "outer UDP checksum both computed and zeroed");
	if (!vxlan) {
		FUZZ_CHECK(outer_udp == 0, "outer UDP op on NVGRE");
		return;
	}
	FUZZ_CHECK(d->outer.proto == IPPROTO_UDP, "VXLAN outer protocol %u", d->outer.proto);
	FUZZ_CHECK(before[d->encap_off + 8] & 0x08, "VXLAN without the I flag");
	/* a zero UDP checksum is illegal over IPv6 */
	FUZZ_CHECK(d->outer.ipv4 || (d->ops & TASKOFF_TX_OP_OUTER_UDP_CKSUM),
		   "VXLAN/IPv6 without the outer UDP checksum");
}

static void check_accepted(const struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	uint32_t seg = d->ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO);

	if (d->ops == 0)
		return;
	FUZZ_CHECK(d->hdr_len <= TASKOFF_TX_MAX_HDR_LEN, "hdr_len %u", d->hdr_len);
	FUZZ_CHECK(d->hdr_len <= m->pkt_len, "hdr_len %u > pkt_len %u", d->hdr_len, m->pkt_len);
	FUZZ_CHECK(memcmp(d->hdr, before, d->hdr_len) == 0, "d->hdr differs from the packet");
	FUZZ_CHECK((uint64_t)d->hdr_len + d->payload_len <= m->pkt_len,
		   "hdr %u + payload %u > pkt_len %u", d->hdr_len, d->payload_len, m->pkt_len);
	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		check_tunnel(m, d);
	if (d->ops & (TASKOFF_TX_OP_IP_CKSUM | TASKOFF_TX_OP_L4_CKSUM | TASKOFF_TX_OP_TSO |
		      TASKOFF_TX_OP_USO)) { /* a tunnel-only request has no inner header */
		check_l3(&d->inner, m->pkt_len, "inner");
		FUZZ_CHECK(!(d->ops & TASKOFF_TX_OP_TUNNEL) ||
			       d->encap_off + d->encap_len + 14u <= d->inner.off,
			   "outer and encapsulation headers overlap inner");
	}
	if (d->ops & (TASKOFF_TX_OP_L4_CKSUM | TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO)) {
		FUZZ_CHECK(d->l4_off >= d->inner.off + d->inner.len, "l4_off %u inside IP",
			   d->l4_off);
		FUZZ_CHECK(d->hdr_len == d->l4_off + d->l4_hdr_len, "hdr_len %u != %u + %u",
			   d->hdr_len, d->l4_off, d->l4_hdr_len);
	}
	FUZZ_CHECK(seg != (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO), "both TSO and USO");
	if (seg == 0) {
		FUZZ_CHECK(d->nb_segs == 1, "checksum-only nb_segs %u", d->nb_segs);
		return;
	}
	FUZZ_CHECK(d->mss != 0, "segmentation with mss 0");
	FUZZ_CHECK(d->nb_segs == (d->payload_len + d->mss - 1) / d->mss,
		   "nb_segs %u payload %u mss %u", d->nb_segs, d->payload_len, d->mss);
}

static void check_pkt(struct rte_mbuf *m, const struct taskoff_offload_config *cfg)
{
	uint8_t copy[TASKOFF_TX_MAX_HDR_LEN];
	struct taskoff_tx_desc d;
	enum taskoff_tx_reason r, rc;
	const void *p = rte_pktmbuf_read(m, 0, m->pkt_len, before);

	if (p != before && m->pkt_len > 0)
		memcpy(before, p, m->pkt_len);
	memset(&d, 0xa5, sizeof(d));
	r = taskoff_tx_parse(m, &d, copy);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(
		    stderr,
		    "pkt_len %u segs %u flags %#lx: %s ops %#x inner off %u len %u v4 %d proto %u "
		    "outer off %u len %u l4_off %u l4_hdr_len %u hdr_len %u payload %u\n",
		    m->pkt_len, m->nb_segs, (unsigned long)m->ol_flags, taskoff_tx_reason_name(r),
		    d.ops, d.inner.off, d.inner.len, d.inner.ipv4, d.inner.proto, d.outer.off,
		    d.outer.len, d.l4_off, d.l4_hdr_len, d.hdr_len, d.payload_len);
	FUZZ_CHECK((unsigned int)r < TASKOFF_TX_REASON_MAX, "reason %d", r);
	FUZZ_CHECK(taskoff_tx_reason_name(r) != NULL, "no name for %d", r);
	if (r == TASKOFF_TX_OK)
		check_accepted(m, &d);
	else
		FUZZ_CHECK(taskoff_tx_reason_counter(r) < TASKOFF_CNT_MAX, "no counter for %d", r);
	rc = taskoff_tx_check(cfg, 0, m);
	/* a packet without offload requests is sent as it is, whatever the parser says */
	FUZZ_CHECK(taskoff_tx_wants_offload(m) ? (r == TASKOFF_TX_OK || rc == r)
					       : rc == TASKOFF_TX_OK,
		   "check %d after parse %d", rc, r);
	FUZZ_CHECK(taskoff_tx_prepare(cfg, 0, m) == taskoff_tx_reason_errno(rc),
		   "prepare != check");
	p = rte_pktmbuf_read(m, 0, m->pkt_len, after);
	FUZZ_CHECK(m->pkt_len == 0 || memcmp(p, before, m->pkt_len) == 0, "packet modified");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_reader r = {data, size};
	struct taskoff_offload_config cfg;
	struct rte_mbuf *m;
	unsigned int n = 0;

	fuzz_tx_config(fuzz_u16(&r), &cfg);
	(void)fuzz_u8(&r); /* mode: used by tx_burst only */
	while (n++ < FUZZ_TX_MAX_PKTS && (m = fuzz_tx_next_pkt(&r, pkt_pool, &poisoned)) != NULL) {
		check_pkt(m, &cfg);
		rte_pktmbuf_free(m);
	}
	fuzz_unpoison(&poisoned);
	fuzz_check_pool_full(pkt_pool);
	return 0;
}
