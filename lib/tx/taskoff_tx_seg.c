/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The segment loop shared by LSO, USO and tunnel LSO: every frame is a small
 * header mbuf (template copy plus per-segment fix-ups) chained to indirect
 * mbufs attached to the input's payload. Payload bytes are never copied; they
 * are read once per segment, to sum them for the L4 checksum.
 */
#include <errno.h>
#include <string.h>

#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_tx_internal.h"

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

void taskoff_seg_fix_ip(uint8_t *hdr, const struct taskoff_tx_l3 *l3, uint32_t frame_end,
			uint32_t id_add, enum taskoff_ipid_rule rule)
{
	uint8_t *ip = hdr + l3->off;
	uint16_t v;

	if (!l3->ipv4) {
		v = rte_cpu_to_be_16((uint16_t)(frame_end - l3->off - sizeof(struct rte_ipv6_hdr)));
		memcpy(ip + 4, &v, sizeof(v));
		return;
	}
	v = rte_cpu_to_be_16((uint16_t)(frame_end - l3->off));
	memcpy(ip + 2, &v, sizeof(v));
	memcpy(&v, ip + 4, sizeof(v));
	v = rte_cpu_to_be_16(taskoff_ipid_next(rte_be_to_cpu_16(v), id_add, rule));
	memcpy(ip + 4, &v, sizeof(v));
	v = taskoff_ipv4_hdr_cksum(ip, l3->len);
	memcpy(ip + 10, &v, sizeof(v));
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

/* Chain indirect mbufs covering the next @p len payload bytes to @p h; sum them on the way. */
static int attach_payload(const struct taskoff_tx_pools *pools, struct rte_mbuf *h,
			  struct payload_cursor *cur, uint32_t len, uint16_t *sum)
{
	struct rte_mbuf *last = rte_pktmbuf_lastseg(h);
	uint32_t done = 0, acc = 0;

	while (done < len) {
		struct rte_mbuf *ind;
		uint32_t n;

		while (cur->off >= cur->seg->data_len) {
			if (cur->seg->next == NULL)
				return -EINVAL; /* cannot happen on a chain the parser accepted */
			cur->seg = cur->seg->next;
			cur->off = 0;
		}
		n = RTE_MIN((uint32_t)cur->seg->data_len - cur->off, len - done);
		ind = rte_pktmbuf_alloc(pools->indirect_pool);
		if (ind == NULL)
			return -ENOMEM;
		rte_pktmbuf_attach(ind, cur->seg);
		ind->data_off = (uint16_t)(ind->data_off + cur->off);
		ind->data_len = (uint16_t)n;
		ind->pkt_len = n;
		acc += taskoff_cksum_at_offset(
		    taskoff_cksum_raw(rte_pktmbuf_mtod(ind, const uint8_t *), n), done);
		last->next = ind;
		last = ind;
		h->nb_segs++;
		h->pkt_len += n;
		cur->off += n;
		done += n;
	}
	*sum = taskoff_cksum_fold(acc);
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
		taskoff_seg_fix_ip(p, &d->inner, frame_end, s->index, t->inner_ipid);
	if (!(d->ops & TASKOFF_TX_OP_L4_CKSUM))
		return;
	if (d->inner.proto == IPPROTO_TCP)
		taskoff_tso_fix_tcp(p, t, s);
	else
		taskoff_uso_fix_udp(p, t, s);
}

static int build_one(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
		     const struct taskoff_seg_tmpl *t, struct payload_cursor *cur,
		     struct taskoff_seg_info *s, struct rte_mbuf **frame)
{
	struct rte_mbuf *h = rte_pktmbuf_alloc(pools->hdr_pool);
	uint8_t *p;

	if (h == NULL)
		return -ENOMEM;
	p = (uint8_t *)rte_pktmbuf_append(h, t->d->hdr_len);
	if (p == NULL || attach_payload(pools, h, cur, s->payload_len, &s->payload_sum) != 0) {
		rte_pktmbuf_free(h); /* detaches whatever was attached already */
		return -ENOMEM;
	}
	memcpy(p, t->hdr, t->d->hdr_len);
	fix_headers(p, t, s);
	copy_metadata(h, m);
	*frame = h;
	return 0;
}

int taskoff_seg_build(const struct taskoff_tx_pools *pools, struct rte_mbuf *m,
		      const struct taskoff_seg_tmpl *t, struct rte_mbuf **out)
{
	const struct taskoff_tx_desc *d = t->d;
	struct taskoff_seg_info s = {.count = d->nb_segs};
	struct payload_cursor cur;
	uint32_t i;

	cursor_init(&cur, m, d->hdr_len);
	for (i = 0; i < s.count; i++) {
		s.index = i;
		s.payload_off = i * (uint32_t)d->mss;
		/* the last segment takes what is left, the others exactly mss */
		s.payload_len = (i + 1 == s.count) ? d->payload_len - s.payload_off : d->mss;
		if (build_one(pools, m, t, &cur, &s, &out[i]) != 0) {
			rte_pktmbuf_free_bulk(out, i);
			return -ENOMEM;
		}
	}
	return (int)s.count;
}
