/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transmit checksum of a packet that is not segmented (SPEC §2.1): the fields
 * are recomputed from scratch (field zeroed first), so it does not matter
 * whether the application left 0 or the pseudo-header sum there.
 */
#include <string.h>

#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_sctp.h"
#include "taskoff_tx_internal.h"
#include "taskoff_unaligned.h"

/* We may only write where nobody else can see: direct segments we alone reference. */
static bool headers_writable(const struct rte_mbuf *m, uint32_t len)
{
	const struct rte_mbuf *seg;
	uint32_t covered = 0;

	for (seg = m; seg != NULL && covered < len; seg = seg->next) {
		if (!RTE_MBUF_DIRECT(seg) || rte_mbuf_refcnt_read(seg) != 1)
			return false;
		covered += seg->data_len;
	}
	return true;
}

/* Store a 16-bit field (memory order) at packet offset @p off; it may straddle two segments. */
static void put16(struct rte_mbuf *m, uint32_t off, uint16_t v)
{
	const uint8_t *src = (const uint8_t *)&v;
	unsigned int i;

	for (i = 0; i < sizeof(v); i++) {
		struct rte_mbuf *seg = m;
		uint32_t o = off + i;

		while (o >= seg->data_len) {
			o -= seg->data_len;
			seg = seg->next;
		}
		*rte_pktmbuf_mtod_offset(seg, uint8_t *, o) = src[i];
	}
}

/* Store 4 bytes (memory order) at packet offset @p off, possibly across segments. */
static void put32(struct rte_mbuf *m, uint32_t off, uint32_t v)
{
	put16(m, off, (uint16_t)(v & 0xffff));
	put16(m, off + 2, (uint16_t)(v >> 16));
}

static void fill_sctp(struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	uint32_t crc;

	/* the parser checked [l4_off, l4_off + l4_total) is inside the chain */
	if (taskoff_sctp_cksum(m, d->l4_off, d->l4_total, &crc) == 0)
		put32(m, d->l4_off + TASKOFF_SCTP_CKSUM_OFF, crc);
}

static void fill_l4_in_place(struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	bool udp = d->inner.proto == IPPROTO_UDP;
	uint32_t field = d->l4_off + (udp ? 6u : 16u);
	uint16_t sum = 0;

	put16(m, field, 0);
	/* the parser checked [l4_off, l4_off + l4_total) is inside the chain */
	(void)taskoff_cksum_mbuf(m, d->l4_off, d->l4_total, &sum);
	sum = taskoff_cksum_add(
	    sum, taskoff_tx_l3_phdr_sum(d->hdr, &d->inner, d->inner.proto, d->l4_total));
	put16(m, field, taskoff_l4_cksum_finish(sum, udp));
}

/* VXLAN: the outer UDP checksum covers the inner headers just filled: computed last. */
static void fill_outer_udp_in_place(struct rte_mbuf *m, const struct taskoff_tx_desc *d)
{
	/* the length in the request's headers: never rewritten here */
	uint32_t udp_len = taskoff_get_be16(d->hdr + d->encap_off + TASKOFF_UDP_OFF_LEN);
	uint32_t field = d->encap_off + TASKOFF_UDP_OFF_CKSUM;
	uint16_t sum = 0;

	put16(m, field, 0);
	if (d->ops & TASKOFF_TX_OP_OUTER_UDP_ZERO)
		return;
	/* the parser checked the UDP length against the outer IP length, inside the chain */
	(void)taskoff_cksum_mbuf(m, d->encap_off, udp_len, &sum);
	sum =
	    taskoff_cksum_add(sum, taskoff_tx_l3_phdr_sum(d->hdr, &d->outer, IPPROTO_UDP, udp_len));
	put16(m, field, taskoff_l4_cksum_finish(sum, true));
}

/* Shared header bytes: rebuild the packet as one frame, headers copied, payload attached. */
static int fill_by_copy(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
			const struct taskoff_tx_desc *d, struct rte_mbuf **frame)
{
	struct taskoff_tx_desc one = *d;
	struct taskoff_seg_tmpl t;
	int rc;

	one.nb_segs = 1;
	one.mss = 0;
	if (d->inner.proto == IPPROTO_SCTP) /* the segment builder knows TCP and UDP sums */
		one.ops &= ~TASKOFF_TX_OP_L4_CKSUM;
	taskoff_seg_tmpl_init(&t, &one);
	rc = taskoff_seg_build(pools, m, &t, frame);
	if (rc < 0)
		return rc;
	if (d->ops != one.ops) /* our header mbuf, fresh: ours to write */
		fill_sctp(*frame, d);
	return 0;
}

int taskoff_tx_fill_csum(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
			 const struct taskoff_tx_desc *d, struct rte_mbuf **frame)
{
	if (!headers_writable(m, d->hdr_len))
		return fill_by_copy(pools, m, d, frame);
	if (d->ops & TASKOFF_TX_OP_OUTER_IP_CKSUM)
		put16(m, d->outer.off + 10u,
		      taskoff_ipv4_hdr_cksum(d->hdr + d->outer.off, d->outer.len));
	if (d->ops & TASKOFF_TX_OP_IP_CKSUM)
		put16(m, d->inner.off + 10u,
		      taskoff_ipv4_hdr_cksum(d->hdr + d->inner.off, d->inner.len));
	if ((d->ops & TASKOFF_TX_OP_L4_CKSUM) && d->inner.proto == IPPROTO_SCTP)
		fill_sctp(m, d);
	else if (d->ops & TASKOFF_TX_OP_L4_CKSUM)
		fill_l4_in_place(m, d);
	if (d->ops & (TASKOFF_TX_OP_OUTER_UDP_CKSUM | TASKOFF_TX_OP_OUTER_UDP_ZERO))
		fill_outer_udp_in_place(m, d);
	taskoff_tx_clear_requests(m);
	*frame = m;
	return 0;
}
