/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The segment loop shared by LSO, USO and tunnel LSO: every frame is a small
 * header mbuf (template copy plus per-segment fix-ups) chained to indirect
 * mbufs attached to the input's payload. Payload bytes are never copied; they
 * are read once per segment, to sum them for the L4 checksum. Mbufs come from
 * the pools in bulk (taskoff_tx_stash.h).
 */
#include <errno.h>
#include <string.h>

#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_tx_internal.h"
#include "taskoff_tx_stash.h"

/* Position in the input chain of the next payload byte to hand out. */
struct payload_cursor {
	struct rte_mbuf *seg;
	uint32_t off;
};

static void cursor_init(struct payload_cursor *cur, struct rte_mbuf *m, uint32_t off)
{
	while (off >= m->data_len && m->next != NULL) {
		off -= m->data_len;
		m = m->next;
	}
	cur->seg = m;
	cur->off = off;
}

/* What one packet's frames are built from. */
struct seg_alloc {
	struct taskoff_mbuf_stash hdr;
	struct taskoff_mbuf_stash ind;
};

uint16_t taskoff_ipid_next(uint16_t tmpl_id, uint32_t index, enum taskoff_ipid_rule rule)
{
	if (rule == TASKOFF_IPID_15BIT)
		return (uint16_t)((tmpl_id & 0x8000u) | ((tmpl_id + index) & 0x7fffu));
	return (uint16_t)(tmpl_id + index);
}

uint16_t taskoff_seg_ip_base_sum(const uint8_t *ip, uint16_t len)
{
	uint8_t copy[60];

	len = RTE_MIN(len, (uint16_t)sizeof(copy)); /* IHL caps an IPv4 header at 60 bytes */
	memcpy(copy, ip, len);
	memset(copy + 2, 0, 4);	 /* total length, ID */
	memset(copy + 10, 0, 2); /* checksum */
	return taskoff_cksum_raw(copy, len);
}

void taskoff_seg_fix_ip(uint8_t *hdr, const struct taskoff_tx_l3 *l3, uint32_t frame_end,
			uint32_t id_add, enum taskoff_ipid_rule rule, uint16_t base_sum)
{
	uint8_t *ip = hdr + l3->off;
	uint16_t v, id, ck;

	if (!l3->ipv4) {
		v = rte_cpu_to_be_16((uint16_t)(frame_end - l3->off - sizeof(struct rte_ipv6_hdr)));
		memcpy(ip + 4, &v, sizeof(v));
		return;
	}
	v = rte_cpu_to_be_16((uint16_t)(frame_end - l3->off));
	memcpy(ip + 2, &v, sizeof(v));
	memcpy(&id, ip + 4, sizeof(id));
	id = rte_cpu_to_be_16(taskoff_ipid_next(rte_be_to_cpu_16(id), id_add, rule));
	memcpy(ip + 4, &id, sizeof(id));
	/* RFC 1624: the sum of what never changes, computed once per packet, plus the new fields */
	ck = (uint16_t)~taskoff_cksum_fold((uint32_t)base_sum + v + id);
	memcpy(ip + 10, &ck, sizeof(ck));
}

void taskoff_seg_tmpl_init(struct taskoff_seg_tmpl *t, const struct taskoff_tx_desc *d)
{
	const struct taskoff_tx_l3 *l3 = &d->inner;

	t->d = d;
	memcpy(t->hdr, d->hdr, d->hdr_len);
	t->inner_ipid = TASKOFF_IPID_16BIT;
	t->l4_cksum_zero = false;
	t->l4_base_sum = 0;
	t->phdr_base_sum = 0;
	t->inner_ip_base_sum = l3->ipv4 ? taskoff_seg_ip_base_sum(t->hdr + l3->off, l3->len) : 0;
	t->outer_ip_base_sum = ((d->ops & TASKOFF_TX_OP_TUNNEL) && d->outer.ipv4)
				   ? taskoff_seg_ip_base_sum(t->hdr + d->outer.off, d->outer.len)
				   : 0;
	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		taskoff_tunnel_tmpl_init(t);
	if (!(d->ops & TASKOFF_TX_OP_L4_CKSUM))
		return;
	if (l3->ipv4)
		t->phdr_base_sum = taskoff_phdr_sum_ipv4(t->hdr + l3->off, l3->proto, 0);
	else
		t->phdr_base_sum = taskoff_phdr_sum_ipv6(t->hdr + l3->off + 8,
							 t->hdr + l3->final_dst_off, l3->proto, 0);
	if (l3->proto == IPPROTO_TCP)
		taskoff_tso_tmpl_init(t);
	else
		taskoff_uso_tmpl_init(t);
}

/* Step over exhausted segments. @return false when the chain ends first. */
static bool cursor_settle(struct payload_cursor *cur)
{
	while (cur->off >= cur->seg->data_len) {
		if (cur->seg->next == NULL)
			return false; /* cannot happen on a chain the parser accepted */
		cur->seg = cur->seg->next;
		cur->off = 0;
	}
	return true;
}

/* Sum of the next @p len payload bytes; advances @p cur. */
static int sum_payload(struct payload_cursor *cur, uint32_t len, uint16_t *sum)
{
	uint32_t done = 0, acc = 0;

	while (done < len) {
		uint32_t n;

		if (!cursor_settle(cur))
			return -EINVAL;
		n = RTE_MIN((uint32_t)cur->seg->data_len - cur->off, len - done);
		/* a piece at an odd offset of this frame's payload is byte-swapped */
		acc += taskoff_cksum_at_offset(
		    taskoff_cksum_raw(rte_pktmbuf_mtod_offset(cur->seg, const uint8_t *, cur->off),
				      n),
		    done);
		cur->off += n;
		done += n;
	}
	*sum = taskoff_cksum_fold(acc);
	return 0;
}

/* Chain indirect mbufs covering the next @p len payload bytes to @p h; advances @p cur. */
static int attach_payload(struct taskoff_mbuf_stash *ind_stash, struct rte_mbuf *h,
			  struct payload_cursor *cur, uint32_t len)
{
	struct rte_mbuf *last = rte_pktmbuf_lastseg(h);
	uint32_t done = 0;

	while (done < len) {
		struct rte_mbuf *ind;
		uint32_t n;

		if (!cursor_settle(cur))
			return -EINVAL;
		n = RTE_MIN((uint32_t)cur->seg->data_len - cur->off, len - done);
		ind = taskoff_stash_take(ind_stash);
		if (ind == NULL)
			return -ENOMEM;
		rte_pktmbuf_attach(ind, cur->seg);
		ind->data_off = (uint16_t)(ind->data_off + cur->off);
		ind->data_len = (uint16_t)n;
		ind->pkt_len = n;
		last->next = ind;
		last = ind;
		h->nb_segs++;
		h->pkt_len += n;
		cur->off += n;
		done += n;
	}
	return 0;
}

static void copy_metadata(struct rte_mbuf *h, const struct rte_mbuf *m)
{
	h->port = m->port;
	h->vlan_tci = m->vlan_tci;
	h->vlan_tci_outer = m->vlan_tci_outer;
	h->packet_type = m->packet_type;
	h->tx_offload = m->tx_offload;
	h->ol_flags |= m->ol_flags & RTE_MBUF_F_TX_OFFLOAD_MASK;
	taskoff_tx_clear_requests(h);
}

static void fix_headers(uint8_t *p, const struct taskoff_seg_tmpl *t,
			const struct taskoff_seg_info *s)
{
	const struct taskoff_tx_desc *d = t->d;
	uint32_t frame_end = d->hdr_len + s->payload_len;

	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		taskoff_tunnel_fix_outer(p, t, s);
	if (d->ops & (TASKOFF_TX_OP_IP_CKSUM | TASKOFF_TX_OP_L4_CKSUM))
		taskoff_seg_fix_ip(p, &d->inner, frame_end, s->index, t->inner_ipid,
				   t->inner_ip_base_sum);
	if (d->ops & TASKOFF_TX_OP_L4_CKSUM) {
		if (d->inner.proto == IPPROTO_TCP)
			taskoff_tso_fix_tcp(p, t, s);
		else
			taskoff_uso_fix_udp(p, t, s);
	}
	if (d->ops & TASKOFF_TX_OP_OUTER_UDP_CKSUM) /* covers the inner headers: last */
		taskoff_tunnel_fix_outer_l4(p, t, s);
}

static int build_one(struct seg_alloc *sa, struct rte_mbuf *m, const struct taskoff_seg_tmpl *t,
		     struct payload_cursor *cur, struct taskoff_seg_info *s,
		     struct rte_mbuf **frame)
{
	struct rte_mbuf *h = taskoff_stash_take(&sa->hdr);
	uint8_t *p;

	if (h == NULL)
		return -ENOMEM;
	p = (uint8_t *)rte_pktmbuf_append(h, t->d->hdr_len);
	if (p == NULL || attach_payload(&sa->ind, h, cur, s->payload_len) != 0) {
		rte_pktmbuf_free(h); /* detaches whatever was attached already */
		return -ENOMEM;
	}
	memcpy(p, t->hdr, t->d->hdr_len);
	fix_headers(p, t, s);
	copy_metadata(h, m);
	*frame = h;
	return 0;
}

/*
 * Frames are built in batches: first the payload sums of the batch, in one
 * streaming pass (whole-mss runs in one taskoff_cksum_raw_pieces() call),
 * then the mbufs. Measured on 64 KiB / MSS 1448 LSO: summing each payload
 * between the mbuf set-ups of its frame made the whole packet ~10% slower.
 */
#define SEG_BATCH TASKOFF_STASH_SIZE

static uint32_t seg_payload_len(const struct taskoff_tx_desc *d, uint32_t i, uint32_t count)
{
	/* the last segment takes what is left, the others exactly mss */
	return (i + 1 == count) ? d->payload_len - i * (uint32_t)d->mss : d->mss;
}

/*
 * How many of segments [first, first + n) are whole-mss segments lying in
 * the cursor's current input segment (0 when the cursor is at the chain end).
 */
static uint32_t contiguous_full_segs(const struct taskoff_tx_desc *d, struct payload_cursor *cur,
				     uint32_t first, uint32_t n)
{
	uint32_t k;

	if (d->mss == 0 || !cursor_settle(cur))
		return 0;
	k = RTE_MIN((cur->seg->data_len - cur->off) / d->mss, n);
	/* the packet's last segment may be short */
	if (k > 0 && first + k == d->nb_segs &&
	    seg_payload_len(d, first + k - 1, d->nb_segs) != d->mss)
		k--;
	return k;
}

/* Payload sums of segments [first, first + n) into @p sums; advances @p cur. */
static int sum_batch(const struct taskoff_seg_tmpl *t, struct payload_cursor *cur, uint32_t first,
		     uint32_t n, uint16_t *sums)
{
	const struct taskoff_tx_desc *d = t->d;
	uint32_t j = 0;

	if (!(d->ops & (TASKOFF_TX_OP_L4_CKSUM | TASKOFF_TX_OP_OUTER_UDP_CKSUM))) {
		memset(sums, 0, n * sizeof(*sums));
		return 0;
	}
	while (j < n) {
		uint32_t k = contiguous_full_segs(d, cur, first + j, n - j);

		if (k > 0) {
			taskoff_cksum_raw_pieces(
			    rte_pktmbuf_mtod_offset(cur->seg, const uint8_t *, cur->off), d->mss, k,
			    sums + j);
			cur->off += k * (uint32_t)d->mss;
			j += k;
			continue;
		}
		if (sum_payload(cur, seg_payload_len(d, first + j, d->nb_segs), &sums[j]) != 0)
			return -EINVAL;
		j++;
	}
	return 0;
}

int taskoff_seg_build(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
		      const struct taskoff_seg_tmpl *t, struct rte_mbuf **out)
{
	const struct taskoff_tx_desc *d = t->d;
	struct taskoff_seg_info s = {.count = d->nb_segs};
	struct payload_cursor cur, sum_cur;
	uint16_t sums[SEG_BATCH];
	struct seg_alloc sa;
	uint32_t i, j, n;
	int rc = 0;

	/* one header and (for a contiguous payload) one indirect mbuf per segment */
	taskoff_stash_init(&sa.hdr, pools->hdr_pool, s.count);
	taskoff_stash_init(&sa.ind, pools->indirect_pool, s.count);
	cursor_init(&cur, m, d->hdr_len);
	sum_cur = cur;
	for (i = 0; i < s.count && rc == 0; i += n) {
		n = RTE_MIN(s.count - i, SEG_BATCH);
		rc = sum_batch(t, &sum_cur, i, n, sums);
		for (j = 0; j < n && rc == 0; j++) {
			s.index = i + j;
			s.payload_off = s.index * (uint32_t)d->mss;
			s.payload_len = seg_payload_len(d, s.index, s.count);
			s.payload_sum = sums[j];
			rc = build_one(&sa, m, t, &cur, &s, &out[s.index]);
			if (rc != 0)
				rte_pktmbuf_free_bulk(out, s.index);
		}
	}
	taskoff_stash_release(&sa.hdr);
	taskoff_stash_release(&sa.ind);
	return rc != 0 ? -ENOMEM : (int)s.count;
}
