/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The segment loop shared by LSO, USO and tunnel LSO: every frame is a small
 * header mbuf (template copy plus per-segment fix-ups) chained to indirect
 * mbufs attached to the input's payload. Payload bytes are never copied; they
 * are read once per segment, to sum them for the L4 checksum. Mbufs come from
 * the pools in bulk and raw (taskoff_tx_stash.h): each field is written once,
 * and the references on the input are added once per run (struct ref_batch).
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

void taskoff_seg_fix_ip(uint8_t *hdr, const uint8_t *tmpl, const struct taskoff_tx_l3 *l3,
			uint32_t frame_end, uint32_t id_add, enum taskoff_ipid_rule rule,
			uint16_t base_sum)
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
	/* from the template: a load right after the copy's wide stores would wait on them */
	memcpy(&id, tmpl + l3->off + 4, sizeof(id));
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
	t->phdr_base_sum = taskoff_tx_l3_phdr_sum(t->hdr, l3, l3->proto, 0);
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

/*
 * References the frames take on the input's buffers, added in one update per
 * run of pieces over the same input segment instead of one atomic per piece
 * (rte_pktmbuf_attach's way). Each piece still owns one reference, released
 * by DPDK's own detach when the frame is freed, so the accounting is
 * rte_pktmbuf_attach's; only the additions are batched. While they are
 * pending the count is short, which is safe because the caller's reference
 * on the input is held until the build returns; they are flushed before any
 * frame is freed all the same, so that the count never goes below the truth
 * plus that reference.
 */
struct ref_batch {
	struct rte_mbuf *seg; /**< input segment the pending references are on */
	uint16_t n;
};

static void ref_flush(struct ref_batch *rb)
{
	if (rb->n == 0)
		return;
	if (RTE_MBUF_HAS_EXTBUF(rb->seg))
		rte_mbuf_ext_refcnt_update(rb->seg->shinfo, (int16_t)rb->n);
	else /* the mbuf that embeds the data, like rte_pktmbuf_attach */
		rte_mbuf_refcnt_update(rte_mbuf_from_indirect(rb->seg), (int16_t)rb->n);
	rb->n = 0;
}

/* @p n references on @p seg's buffer to add later (flushed when the segment changes). */
static void ref_take_n(struct ref_batch *rb, struct rte_mbuf *seg, uint16_t n)
{
	if (rb->seg != seg || rb->n > INT16_MAX - n) {
		ref_flush(rb);
		rb->seg = seg;
	}
	rb->n = (uint16_t)(rb->n + n);
}

static void ref_take(struct ref_batch *rb, struct rte_mbuf *seg)
{
	ref_take_n(rb, seg, 1);
}

/*
 * rte_pktmbuf_attach() of raw @p mi to [@p off, @p off + @p n) of @p seg,
 * minus its reference update (ref_take) and minus the copy of the packet
 * metadata, which a chained segment does not carry. A raw mbuf's priv_size
 * is its pool's (@p mi_priv: rte_pktmbuf_init() and every detach set it):
 * written only when the input's differs, so that the build does not touch
 * the mbuf's second cache line (next is NULL already).
 */
static void attach_piece(struct rte_mbuf *mi, uint16_t mi_priv, const struct rte_mbuf *seg,
			 uint32_t off, uint32_t n)
{
	mi->buf_addr = seg->buf_addr;
	rte_mbuf_iova_set(mi, rte_mbuf_iova_get(seg));
	mi->buf_len = seg->buf_len;
	mi->data_off = (uint16_t)(seg->data_off + off);
	mi->data_len = (uint16_t)n;
	mi->pkt_len = n;
	if (RTE_MBUF_HAS_EXTBUF(seg)) {
		mi->ol_flags = seg->ol_flags & (RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT);
		mi->shinfo = seg->shinfo;
	} else {
		mi->ol_flags = RTE_MBUF_F_INDIRECT;
		if (seg->priv_size != mi_priv) /* rte_mbuf_from_indirect() needs it */
			mi->priv_size = seg->priv_size;
	}
}

/* The payload mbufs of one frame, chained, not yet hung under a header. */
struct piece_chain {
	struct rte_mbuf *first, *last;
	uint16_t n;
};

/* Back to the pools, with their references (flushed first: see struct ref_batch). */
static void pieces_free(struct piece_chain *pc, struct ref_batch *rb)
{
	ref_flush(rb);
	if (pc->first == NULL)
		return;
	pc->first->nb_segs = pc->n;
	rte_pktmbuf_free(pc->first);
}

/* Indirect mbufs covering the next @p len payload bytes into @p pc; advances @p cur. */
static int attach_payload(struct taskoff_mbuf_stash *ind_stash, uint16_t ind_priv,
			  struct ref_batch *rb, struct piece_chain *pc, struct payload_cursor *cur,
			  uint32_t len)
{
	uint32_t done = 0;

	pc->first = pc->last = NULL;
	pc->n = 0;
	while (done < len) {
		struct rte_mbuf *ind;
		uint32_t n;

		if (!cursor_settle(cur))
			return -EINVAL;
		n = RTE_MIN((uint32_t)cur->seg->data_len - cur->off, len - done);
		ind = taskoff_stash_take(ind_stash);
		if (ind == NULL)
			return -ENOMEM;
		attach_piece(ind, ind_priv, cur->seg, cur->off, n);
		ref_take(rb, cur->seg);
		if (pc->first == NULL)
			pc->first = ind;
		else
			pc->last->next = ind;
		pc->last = ind;
		pc->n++;
		cur->off += n;
		done += n;
	}
	return 0;
}

/* What the header mbufs of one packet's frames share, computed once per packet. */
struct frame_meta {
	uint64_t ol_flags;   /**< the input's TX metadata flags, offload requests cleared */
	uint64_t tx_offload; /**< the input's header lengths, tso_segsz 0 */
	uint32_t packet_type;
	uint16_t port, vlan_tci, vlan_tci_outer;
	bool pinned; /**< header pool of pinned external buffers: keep their EXTERNAL flag */
};

static void frame_meta_init(struct frame_meta *fm, const struct rte_mbuf *m,
			    struct rte_mempool *hdr_pool)
{
	fm->ol_flags = m->ol_flags & RTE_MBUF_F_TX_OFFLOAD_MASK & ~TASKOFF_TX_OFFLOAD_FLAGS;
	fm->tx_offload = rte_mbuf_tx_offload(m->l2_len, m->l3_len, m->l4_len, 0, m->outer_l3_len,
					     m->outer_l2_len, 0);
	fm->packet_type = m->packet_type;
	fm->port = m->port;
	fm->vlan_tci = m->vlan_tci;
	fm->vlan_tci_outer = m->vlan_tci_outer;
	fm->pinned = rte_pktmbuf_priv_flags(hdr_pool) & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF;
}

/*
 * Everything rte_pktmbuf_reset() + rte_pktmbuf_append() + chaining + the copy
 * of the input's metadata (taskoff_tx_clear_requests() applied) would leave
 * in raw header mbuf @p h, each field written once, none read back.
 */
static void init_header_mbuf(struct rte_mbuf *h, const struct frame_meta *fm, uint16_t hdr_len,
			     const struct piece_chain *pc, uint32_t payload_len)
{
	rte_pktmbuf_reset_headroom(h);
	h->nb_segs = (uint16_t)(1 + pc->n);
	h->port = fm->port;
	h->ol_flags = fm->ol_flags | (fm->pinned ? h->ol_flags & RTE_MBUF_F_EXTERNAL : 0);
	h->packet_type = fm->packet_type;
	h->pkt_len = hdr_len + payload_len;
	h->data_len = hdr_len;
	h->vlan_tci = fm->vlan_tci;
	h->vlan_tci_outer = fm->vlan_tci_outer;
	h->next = pc->first;
	h->tx_offload = fm->tx_offload;
}

__attribute__((flatten)) static void fix_headers(uint8_t *p, const struct taskoff_seg_tmpl *t,
						 const struct taskoff_seg_info *s)
{
	const struct taskoff_tx_desc *d = t->d;
	uint32_t frame_end = d->hdr_len + s->payload_len;

	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		taskoff_tunnel_fix_outer(p, t, s);
	if (d->ops & (TASKOFF_TX_OP_IP_CKSUM | TASKOFF_TX_OP_L4_CKSUM))
		taskoff_seg_fix_ip(p, t->hdr, &d->inner, frame_end, s->index, t->inner_ipid,
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

/*
 * The template in fixed 32-byte steps (inlined vector moves, no call into a
 * length-dispatching memcpy): up to 31 bytes past the headers are written
 * too, which the tailroom check covers and the next data never sees.
 */
#define HDR_COPY_STEP 32u

static uint32_t hdr_copy_len(uint16_t hdr_len)
{
	return RTE_ALIGN_CEIL((uint32_t)hdr_len, HDR_COPY_STEP);
}

/* A buffer of @p buf_len bytes holds the template copy after the headroom reset leaves. */
static bool hdr_copy_fits(uint32_t buf_len, uint16_t hdr_len)
{
	return RTE_MIN((uint32_t)RTE_PKTMBUF_HEADROOM, buf_len) + hdr_copy_len(hdr_len) <= buf_len;
}

static void copy_template(uint8_t *p, const uint8_t *tmpl, uint16_t hdr_len)
{
	uint32_t o;

	for (o = 0; o < hdr_len; o += HDR_COPY_STEP)
		memcpy(p + o, tmpl + o, HDR_COPY_STEP);
}

/* What one packet's frames are built from. */
struct seg_alloc {
	struct taskoff_mbuf_stash hdr;
	struct taskoff_mbuf_stash ind;
	struct ref_batch refs;
	struct frame_meta meta;
	uint16_t ind_priv; /**< private area size of the indirect pool's mbufs */
	bool hdr_fits;	   /**< every header mbuf of the pool has room for the template copy */
};

static int build_one(struct seg_alloc *sa, const struct taskoff_seg_tmpl *t,
		     struct payload_cursor *cur, struct taskoff_seg_info *s,
		     struct rte_mbuf **frame)
{
	uint16_t hdr_len = t->d->hdr_len;
	struct piece_chain pc;
	struct rte_mbuf *h;
	uint8_t *p;

	if (attach_payload(&sa->ind, sa->ind_priv, &sa->refs, &pc, cur, s->payload_len) != 0) {
		pieces_free(&pc, &sa->refs);
		return -ENOMEM;
	}
	h = taskoff_stash_take(&sa->hdr);
	if (h == NULL || !hdr_copy_fits(h->buf_len, hdr_len)) {
		pieces_free(&pc, &sa->refs);
		if (h != NULL)
			rte_mbuf_raw_free(h); /* raw still: nothing written */
		return -ENOMEM;
	}
	init_header_mbuf(h, &sa->meta, hdr_len, &pc, s->payload_len);
	p = rte_pktmbuf_mtod(h, uint8_t *);
	copy_template(p, t->hdr, hdr_len);
	fix_headers(p, t, s);
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
 * The common case in one tight loop: a batch whose payload lies in the
 * input segment under the cursor. One bulk get per pool, one piece per
 * frame, one reference update for the batch (by the caller's flush); no
 * stash, cursor or chain bookkeeping per frame. Same frames as build_one().
 */
static bool batch_in_one_input(const struct seg_alloc *sa, const struct taskoff_tx_desc *d,
			       struct payload_cursor *cur, uint32_t first, uint32_t n)
{
	uint32_t bytes = first + n == d->nb_segs ? d->payload_len - first * (uint32_t)d->mss
						 : n * (uint32_t)d->mss;

	return sa->hdr_fits && cursor_settle(cur) && cur->seg->data_len - cur->off >= bytes;
}

static int build_batch_one_input(struct seg_alloc *sa, const struct taskoff_seg_tmpl *t,
				 struct payload_cursor *cur, uint32_t first, uint32_t n,
				 const uint16_t *sums, struct rte_mbuf **out)
{
	const struct taskoff_tx_desc *d = t->d;
	struct taskoff_seg_info s = {.count = d->nb_segs};
	struct rte_mbuf *inds[SEG_BATCH];
	uint32_t k;

	if (rte_mempool_get_bulk(sa->hdr.mp, (void **)out, n) != 0)
		return -ENOMEM;
	if (rte_mempool_get_bulk(sa->ind.mp, (void **)inds, n) != 0) {
		rte_mempool_put_bulk(sa->hdr.mp, (void **)out, n); /* raw still */
		return -ENOMEM;
	}
	for (k = 0; k < n; k++) {
		struct piece_chain pc = {.first = inds[k], .last = inds[k], .n = 1};
		struct rte_mbuf *h = out[k];
		uint8_t *p;

		s.index = first + k;
		s.payload_off = s.index * (uint32_t)d->mss;
		s.payload_len = seg_payload_len(d, s.index, s.count);
		s.payload_sum = sums[k];
		attach_piece(inds[k], sa->ind_priv, cur->seg, cur->off, s.payload_len);
		cur->off += s.payload_len;
		init_header_mbuf(h, &sa->meta, d->hdr_len, &pc, s.payload_len);
		p = rte_pktmbuf_mtod(h, uint8_t *);
		copy_template(p, t->hdr, d->hdr_len);
		fix_headers(p, t, &s);
	}
	ref_take_n(&sa->refs, cur->seg, (uint16_t)n);
	return 0;
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
	uint32_t i, j, n, built = 0;
	int rc = 0;

	/* one header and (for a contiguous payload) one indirect mbuf per segment */
	taskoff_stash_init(&sa.hdr, pools->hdr_pool, s.count);
	taskoff_stash_init(&sa.ind, pools->indirect_pool, s.count);
	sa.refs.seg = NULL;
	sa.refs.n = 0;
	frame_meta_init(&sa.meta, m, pools->hdr_pool);
	sa.ind_priv = rte_pktmbuf_priv_size(pools->indirect_pool);
	sa.hdr_fits = !sa.meta.pinned &&
		      hdr_copy_fits(rte_pktmbuf_data_room_size(pools->hdr_pool), d->hdr_len);
	cursor_init(&cur, m, d->hdr_len);
	sum_cur = cur;
	for (i = 0; i < s.count && rc == 0; i += n) {
		n = RTE_MIN(s.count - i, SEG_BATCH);
		rc = sum_batch(t, &sum_cur, i, n, sums);
		if (rc == 0 && batch_in_one_input(&sa, d, &cur, i, n)) {
			rc = build_batch_one_input(&sa, t, &cur, i, n, sums, &out[i]);
			built += rc == 0 ? n : 0;
		} else {
			for (j = 0; j < n && rc == 0; j++) {
				s.index = i + j;
				s.payload_off = s.index * (uint32_t)d->mss;
				s.payload_len = seg_payload_len(d, s.index, s.count);
				s.payload_sum = sums[j];
				rc = build_one(&sa, t, &cur, &s, &out[s.index]);
				built += rc == 0;
			}
		}
		ref_flush(&sa.refs); /* before the frames can be freed, here or by the caller */
	}
	if (rc != 0)
		rte_pktmbuf_free_bulk(out, built);
	taskoff_stash_release(&sa.hdr);
	taskoff_stash_release(&sa.ind);
	return rc != 0 ? -ENOMEM : (int)s.count;
}
