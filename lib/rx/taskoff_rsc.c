/* SPDX-License-Identifier: BSD-3-Clause */
/* RSC engine: flow table, segment description, SCU start/append/flush. */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_jhash.h>
#include <rte_malloc.h>
#include <rte_mbuf_dyn.h>
#include <rte_tcp.h>

#include "taskoff_rsc.h"
#include "taskoff_rsc_internal.h"
#include "taskoff_rx_cksum.h"

#define TCP_OPT_EOL	 0
#define TCP_OPT_NOP	 1
#define TCP_OPT_TS	 8
#define TCP_OPT_TS_LEN	 10
#define TCP_HDR_MAX	 60u
#define RSC_BUCKET_EMPTY (-1)

enum taskoff_rsc_flow_state {
	TASKOFF_RSC_FLOW_IDLE = 0, /* known this burst, no open SCU */
	TASKOFF_RSC_FLOW_OPEN,	   /* an SCU is collecting segments */
};

struct taskoff_rsc_flow {
	struct taskoff_rsc_flow_key key;
	enum taskoff_rsc_flow_state state;
	uint32_t bucket; /* slot in the hash index, cleared when the table empties */
	struct taskoff_rsc_scu scu;
};

struct taskoff_rsc_table {
	uint32_t max_flows;
	uint32_t nb_flows; /* flows[0..nb_flows) are in use this burst */
	uint32_t bucket_mask;
	int32_t *buckets; /* open addressing, linear probing: index into flows or EMPTY */
	struct taskoff_rsc_flow *flows;
	int info_offset;
};

int taskoff_rsc_info_register(void)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = TASKOFF_RSC_INFO_NAME,
	    .size = sizeof(struct taskoff_rsc_info),
	    .align = __alignof__(struct taskoff_rsc_info),
	};
	int off = rte_mbuf_dynfield_register(&field);

	return off < 0 ? -rte_errno : off;
}

struct taskoff_rsc_table *taskoff_rsc_table_create(const char *name, int socket_id,
						   uint32_t max_flows)
{
	struct taskoff_rsc_table *t;
	uint32_t nb_buckets, i;
	int off;

	if (max_flows == 0 || max_flows > TASKOFF_RSC_MAX_FLOWS) {
		rte_errno = EINVAL;
		return NULL;
	}
	off = taskoff_rsc_info_register();
	if (off < 0) {
		rte_errno = -off;
		return NULL;
	}
	nb_buckets = rte_align32pow2(max_flows * 2);
	t = rte_zmalloc_socket(name, sizeof(*t), 0, socket_id);
	if (t == NULL)
		goto nomem;
	t->buckets = rte_malloc_socket(name, nb_buckets * sizeof(*t->buckets), 0, socket_id);
	t->flows = rte_zmalloc_socket(name, max_flows * sizeof(*t->flows), 0, socket_id);
	if (t->buckets == NULL || t->flows == NULL)
		goto nomem;
	for (i = 0; i < nb_buckets; i++)
		t->buckets[i] = RSC_BUCKET_EMPTY;
	t->max_flows = max_flows;
	t->bucket_mask = nb_buckets - 1;
	t->info_offset = off;
	return t;
nomem:
	taskoff_rsc_table_free(t);
	rte_errno = ENOMEM;
	return NULL;
}

void taskoff_rsc_table_free(struct taskoff_rsc_table *t)
{
	if (t == NULL)
		return;
	rte_free(t->buckets);
	rte_free(t->flows);
	rte_free(t);
}

/* ---- flow table ---- */

static uint32_t flow_hash(const struct taskoff_rsc_flow_key *key)
{
	return rte_jhash(key, sizeof(*key), 0);
}

/* The flow of @p key, or NULL. With @p bucket, also the free slot where it would go. */
static struct taskoff_rsc_flow *flow_find(const struct taskoff_rsc_table *t,
					  const struct taskoff_rsc_flow_key *key, uint32_t *bucket)
{
	uint32_t b = flow_hash(key) & t->bucket_mask;
	struct taskoff_rsc_flow *f;

	/* Buckets outnumber flows 2:1, so an empty one is always reached. */
	for (;; b = (b + 1) & t->bucket_mask) {
		if (t->buckets[b] == RSC_BUCKET_EMPTY) {
			if (bucket != NULL)
				*bucket = b;
			return NULL;
		}
		f = &t->flows[t->buckets[b]];
		if (memcmp(&f->key, key, sizeof(*key)) == 0)
			return f;
	}
}

/* Add a flow for @p key; NULL when the table is full. */
static struct taskoff_rsc_flow *flow_insert(struct taskoff_rsc_table *t,
					    const struct taskoff_rsc_flow_key *key)
{
	struct taskoff_rsc_flow *f;
	uint32_t b;

	f = flow_find(t, key, &b);
	if (f != NULL)
		return f;
	if (t->nb_flows == t->max_flows)
		return NULL;
	f = &t->flows[t->nb_flows];
	f->key = *key;
	f->state = TASKOFF_RSC_FLOW_IDLE;
	f->bucket = b;
	t->buckets[b] = (int32_t)t->nb_flows++;
	return f;
}

/* Forget every flow (all SCUs must be flushed). */
static void table_empty(struct taskoff_rsc_table *t)
{
	uint32_t i;

	for (i = 0; i < t->nb_flows; i++)
		t->buckets[t->flows[i].bucket] = RSC_BUCKET_EMPTY;
	t->nb_flows = 0;
}

/* ---- describing a segment ---- */

static void describe_key(struct taskoff_rsc_seg *seg, const struct rte_tcp_hdr *tcp,
			 const struct taskoff_nvgre_info *nvgre)
{
	const struct taskoff_rx_parsed *p = seg->p;
	struct taskoff_rsc_flow_key *k = &seg->key;

	memset(k, 0, sizeof(*k));
	memcpy(k->src, seg->l3->src, sizeof(k->src));
	memcpy(k->dst, seg->l3->dst, sizeof(k->dst));
	k->sport = tcp->src_port;
	k->dport = tcp->dst_port;
	k->vlan_tci = p->l2.vlan_tci;
	k->ip_version = seg->l3->version;
	if (p->gre == TASKOFF_RX_GRE_NVGRE) {
		k->encap = TASKOFF_RSC_NVGRE;
		k->vsid = p->vsid;
		k->inner_vlan_tci = p->inner_l2.vlan_tci;
	} else if (nvgre != NULL) {
		k->encap = TASKOFF_RSC_DECAPPED;
		k->vsid = nvgre->vsid;
	}
}

/* Timestamp option and whether any other option is present. */
static void describe_options(struct taskoff_rsc_seg *seg, const uint8_t *tcp, uint16_t tcp_len)
{
	uint16_t i = sizeof(struct rte_tcp_hdr);
	uint8_t len;

	while (i < tcp_len) {
		if (tcp[i] == TCP_OPT_EOL)
			return;
		if (tcp[i] == TCP_OPT_NOP) {
			i++;
			continue;
		}
		len = i + 1 < tcp_len ? tcp[i + 1] : 0;
		if (tcp[i] != TCP_OPT_TS || len != TCP_OPT_TS_LEN || i + len > tcp_len ||
		    seg->has_ts) {
			seg->other_options = true; /* includes malformed option lists */
			return;
		}
		seg->has_ts = true;
		seg->ts_off = (uint16_t)(seg->l3->l4_off + i + 2);
		seg->tsval = rte_be_to_cpu_32(*(const unaligned_uint32_t *)&tcp[i + 2]);
		seg->tsecr = rte_be_to_cpu_32(*(const unaligned_uint32_t *)&tcp[i + 6]);
		i += len;
	}
}

/* TTL, DSCP/DF/flow label and ECN of the TCP-carrying IP header. */
static void describe_ip(struct taskoff_rsc_seg *seg)
{
	uint8_t buf[sizeof(struct rte_ipv6_hdr)];
	const struct rte_ipv4_hdr *v4;
	const struct rte_ipv6_hdr *v6;
	uint32_t vtc;

	if (seg->l3->version == 4) {
		v4 = rte_pktmbuf_read(seg->m, seg->l3->l3_off, sizeof(*v4), buf);
		seg->ttl = v4->time_to_live;
		seg->ip_fields = (uint32_t)(v4->type_of_service >> 2) << 16 |
				 (rte_be_to_cpu_16(v4->fragment_offset) & RTE_IPV4_HDR_DF_FLAG);
		seg->ecn = v4->type_of_service & 0x3;
		return;
	}
	v6 = rte_pktmbuf_read(seg->m, seg->l3->l3_off, sizeof(*v6), buf);
	vtc = rte_be_to_cpu_32(v6->vtc_flow);
	seg->ttl = v6->hop_limits;
	seg->ip_fields = vtc & 0x0fcfffffu; /* DSCP + flow label, not version/ECN */
	seg->ecn = (vtc >> 20) & 0x3;
}

/* Checksums RSC relies on: every IPv4 header verified good, TCP verified good. */
static bool describe_csum(const struct taskoff_rsc_seg *seg)
{
	uint64_t f = seg->m->ol_flags;

	if ((f & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_GOOD)
		return false;
	if (seg->l3->version == 4 &&
	    (f & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_GOOD)
		return false;
	if (seg->p->gre == TASKOFF_RX_GRE_NVGRE && seg->p->l3.version == 4)
		return (f & RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD) == 0 &&
		       (f & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	return true;
}

/* Data bytes in the last segment of @p m (where trailing padding must sit to be trimmed). */
static uint16_t last_seg_data_len(const struct rte_mbuf *m)
{
	while (m->next != NULL)
		m = m->next;
	return m->data_len;
}

/* Headers writable in the first segment, trailing padding removable. */
static bool describe_layout(const struct taskoff_rsc_seg *seg)
{
	const struct rte_mbuf *m = seg->m;
	uint32_t pad = rte_pktmbuf_pkt_len(m) - seg->hdr_len - seg->payload_len;

	if (RTE_MBUF_CLONED(m) || rte_mbuf_refcnt_read(m) != 1)
		return false;
	if (rte_pktmbuf_data_len(m) < seg->hdr_len)
		return false;
	return pad <= last_seg_data_len(m);
}

/* Fill @p seg from frame @p m. false: no TCP header to identify the flow by. */
static bool describe_seg(struct taskoff_rsc_seg *seg, struct rte_mbuf *m,
			 const struct taskoff_rx_parsed *p, const struct taskoff_nvgre_info *nvgre)
{
	uint8_t buf[TCP_HDR_MAX];
	const struct rte_tcp_hdr *tcp;
	uint16_t tcp_len;

	memset(seg, 0, sizeof(*seg));
	seg->m = m;
	seg->p = p;
	seg->l3 = taskoff_rx_payload_l3(p);
	/* A fragment carries its ports only if it is the first one; otherwise
	 * the key is nonsense and at worst flushes an unrelated SCU early. */
	tcp_len = seg->l3->l4_valid ? seg->l3->l4_len : sizeof(*tcp);
	tcp = rte_pktmbuf_read(m, seg->l3->l4_off, tcp_len, buf);
	if (tcp == NULL)
		return false;
	describe_key(seg, tcp, nvgre);
	if (!seg->l3->l4_valid)
		return true;
	seg->seq = rte_be_to_cpu_32(tcp->sent_seq);
	seg->ack = rte_be_to_cpu_32(tcp->recv_ack);
	seg->window = rte_be_to_cpu_16(tcp->rx_win);
	seg->tcp_flags = tcp->tcp_flags;
	seg->hdr_len = seg->l3->l4_off + tcp_len;
	seg->payload_len = seg->l3->l4_seg_len - tcp_len;
	describe_options(seg, (const uint8_t *)tcp, tcp_len);
	describe_ip(seg);
	seg->csum_good = describe_csum(seg);
	seg->layout_ok = describe_layout(seg);
	return true;
}

/* ---- SCU ---- */

uint32_t taskoff_rsc_outer_ip_len(const struct taskoff_rsc_scu *scu, uint32_t extra)
{
	const struct taskoff_rx_l3 *outer = &scu->hdrs.l3;
	uint32_t len = scu->hdr_len - outer->l3_off + scu->payload_len + extra;

	return outer->version == 6 ? len - (uint32_t)sizeof(struct rte_ipv6_hdr) : len;
}

/* Drop Ethernet padding so pkt_len ends with the TCP payload. */
static void trim_padding(const struct taskoff_rsc_seg *seg)
{
	uint32_t pad = rte_pktmbuf_pkt_len(seg->m) - seg->hdr_len - seg->payload_len;

	if (pad > 0)
		rte_pktmbuf_trim(seg->m, (uint16_t)pad);
}

/* Open an SCU with @p seg; the SCU takes the segment's output slot now. */
static void scu_start(struct taskoff_rsc_flow *f, const struct taskoff_rsc_seg *seg,
		      struct rte_mbuf **out, uint16_t *nb_out)
{
	struct taskoff_rsc_scu *scu = &f->scu;

	trim_padding(seg);
	scu->head = seg->m;
	scu->hdrs = *seg->p;
	scu->hdr_len = seg->hdr_len;
	scu->next_seq = seg->seq + seg->payload_len;
	scu->ack = seg->ack;
	scu->window = seg->window;
	scu->min_ttl = seg->ttl;
	scu->psh = (seg->tcp_flags & RTE_TCP_PSH_FLAG) != 0;
	scu->has_ts = seg->has_ts;
	scu->first_tsval = seg->tsval;
	scu->tsval = seg->tsval;
	scu->tsecr = seg->tsecr;
	scu->ts_off = seg->ts_off;
	scu->ip_fields = seg->ip_fields;
	scu->ecn = seg->ecn;
	scu->seg_count = 1;
	scu->mss = (uint16_t)seg->payload_len;
	scu->payload_len = seg->payload_len;
	f->state = TASKOFF_RSC_FLOW_OPEN;
	out[(*nb_out)++] = seg->m;
}

/* Strip @p seg's headers and chain its payload behind the SCU; no copy. */
static void scu_append(struct taskoff_rsc_scu *scu, const struct taskoff_rsc_seg *seg,
		       struct taskoff_counters *cnt)
{
	trim_padding(seg);
	rte_pktmbuf_adj(seg->m, (uint16_t)seg->hdr_len);
	/* Cannot fail: the seg-limit rule checked the segment count. */
	rte_pktmbuf_chain(scu->head, seg->m);
	scu->next_seq += seg->payload_len;
	scu->ack = seg->ack;
	scu->window = seg->window;
	scu->min_ttl = RTE_MIN(scu->min_ttl, seg->ttl);
	scu->psh |= (seg->tcp_flags & RTE_TCP_PSH_FLAG) != 0;
	if (seg->has_ts) {
		scu->tsval = seg->tsval;
		scu->tsecr = seg->tsecr;
	}
	scu->seg_count++;
	scu->mss = (uint16_t)RTE_MAX(scu->mss, seg->payload_len);
	scu->payload_len += seg->payload_len;
	cnt->v[TASKOFF_CNT_RSC_COALESCE_EVENTS]++;
}

/* IPv4 total length / IPv6 payload length of @p l3 in the SCU, and its TTL. */
static void scu_rewrite_ip(const struct taskoff_rsc_scu *scu, const struct taskoff_rx_l3 *l3,
			   bool set_ttl)
{
	uint8_t *base = rte_pktmbuf_mtod(scu->head, uint8_t *);
	uint32_t len = scu->hdr_len - l3->l3_off + scu->payload_len;
	struct rte_ipv4_hdr *v4;
	struct rte_ipv6_hdr *v6;

	if (l3->version == 4) {
		v4 = (struct rte_ipv4_hdr *)(base + l3->l3_off);
		v4->total_length = rte_cpu_to_be_16((uint16_t)len);
		if (set_ttl)
			v4->time_to_live = scu->min_ttl;
		v4->hdr_checksum = 0;
		v4->hdr_checksum = rte_ipv4_cksum(v4);
		return;
	}
	v6 = (struct rte_ipv6_hdr *)(base + l3->l3_off);
	v6->payload_len = rte_cpu_to_be_16((uint16_t)(len - sizeof(*v6)));
	if (set_ttl)
		v6->hop_limits = scu->min_ttl;
}

/* ACK, window, PSH, timestamps of the latest segment; checksum over the chain. */
static void scu_rewrite_tcp(const struct taskoff_rsc_scu *scu, const struct taskoff_rx_l3 *l3)
{
	uint8_t *base = rte_pktmbuf_mtod(scu->head, uint8_t *);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(base + l3->l4_off);
	struct taskoff_rx_l3 scu_l3 = *l3;

	tcp->recv_ack = rte_cpu_to_be_32(scu->ack);
	tcp->rx_win = rte_cpu_to_be_16(scu->window);
	if (scu->psh)
		tcp->tcp_flags |= RTE_TCP_PSH_FLAG;
	if (scu->has_ts) {
		*(unaligned_uint32_t *)(base + scu->ts_off) = rte_cpu_to_be_32(scu->tsval);
		*(unaligned_uint32_t *)(base + scu->ts_off + 4) = rte_cpu_to_be_32(scu->tsecr);
	}
	tcp->cksum = 0;
	scu_l3.l4_seg_len = l3->l4_len + scu->payload_len;
	tcp->cksum = taskoff_rx_cksum_l4_compute(scu->head, &scu_l3);
}

/* Make the SCU a normal-looking segment and report it (SPEC §2.5 "SCU headers"). */
static void scu_finalize(const struct taskoff_rsc_table *t, struct taskoff_rsc_scu *scu,
			 struct taskoff_counters *cnt)
{
	const struct taskoff_rx_l3 *l3 = taskoff_rx_payload_l3(&scu->hdrs);
	struct taskoff_rsc_info *info;

	if (scu->seg_count < 2)
		return; /* a lone segment is delivered exactly as received */
	scu_rewrite_ip(scu, l3, true);
	if (scu->hdrs.gre == TASKOFF_RX_GRE_NVGRE)
		scu_rewrite_ip(scu, &scu->hdrs.l3, false);
	scu_rewrite_tcp(scu, l3);
	info = RTE_MBUF_DYNFIELD(scu->head, t->info_offset, struct taskoff_rsc_info *);
	info->coalesced_seg_count = scu->seg_count;
	info->dup_ack_count = 0;
	info->ts_delta = scu->has_ts ? scu->tsval - scu->first_tsval : 0;
	scu->head->ol_flags |= RTE_MBUF_F_RX_LRO;
	scu->head->tso_segsz = scu->mss;
	cnt->v[TASKOFF_CNT_RSC_COALESCED_PKTS]++;
	cnt->v[TASKOFF_CNT_RSC_COALESCED_OCTETS] += scu->payload_len;
}

static void flow_flush(const struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
		       struct taskoff_counters *cnt)
{
	if (f->state != TASKOFF_RSC_FLOW_OPEN)
		return;
	scu_finalize(t, &f->scu, cnt);
	f->state = TASKOFF_RSC_FLOW_IDLE;
}

/* ---- decisions ---- */

/* May RSC look at this frame at all under @p cfg? */
static bool rsc_applies(const struct taskoff_offload_config *cfg, const struct taskoff_rx_parsed *p)
{
	const struct taskoff_rx_l3 *l3 = taskoff_rx_payload_l3(p);

	if (l3->version == 0 || l3->proto != IPPROTO_TCP)
		return false;
	if (p->gre == TASKOFF_RX_GRE_NVGRE && !cfg->encap_enabled)
		return false;
	return l3->version == 4 ? cfg->rsc_ipv4 : cfg->rsc_ipv6;
}

/* A rule refused the segment: end the flow's SCU, then deliver or restart. */
static void handle_refusal(struct taskoff_rsc_table *t, struct taskoff_rsc_flow *f,
			   const struct taskoff_rsc_seg *seg, enum taskoff_rsc_action action,
			   enum taskoff_counter rule, struct rte_mbuf **out, uint16_t *nb_out,
			   struct taskoff_counters *cnt)
{
	cnt->v[rule]++;
	if (f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN) {
		cnt->v[TASKOFF_CNT_RSC_ABORTS]++;
		flow_flush(t, f, cnt);
	}
	if (action == TASKOFF_RSC_RESTART)
		scu_start(f, seg, out, nb_out);
	else
		out[(*nb_out)++] = seg->m;
}

/* First segment of a flow this burst: open an SCU if the table has room. */
static void handle_start(struct taskoff_rsc_table *t, const struct taskoff_rsc_seg *seg,
			 struct rte_mbuf **out, uint16_t *nb_out, struct taskoff_counters *cnt)
{
	struct taskoff_rsc_flow *f = flow_insert(t, &seg->key);

	if (f == NULL) {
		cnt->v[TASKOFF_CNT_RSC_FLOW_TABLE_FULL]++;
		out[(*nb_out)++] = seg->m;
		return;
	}
	scu_start(f, seg, out, nb_out);
}

void taskoff_rsc_input(struct taskoff_rsc_table *t, const struct taskoff_offload_config *cfg,
		       struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
		       const struct taskoff_nvgre_info *nvgre, struct rte_mbuf **out,
		       uint16_t *nb_out, struct taskoff_counters *cnt)
{
	struct taskoff_rsc_seg seg;
	struct taskoff_rsc_flow *f;
	enum taskoff_rsc_action action;
	enum taskoff_counter rule = TASKOFF_CNT_MAX;

	if (!rsc_applies(cfg, p) || !describe_seg(&seg, m, p, nvgre)) {
		out[(*nb_out)++] = m;
		return;
	}
	f = flow_find(t, &seg.key, NULL);
	action = taskoff_rsc_decide(
	    &seg, f != NULL && f->state == TASKOFF_RSC_FLOW_OPEN ? &f->scu : NULL, &rule);
	switch (action) {
	case TASKOFF_RSC_JOIN:
		scu_append(&f->scu, &seg, cnt);
		break;
	case TASKOFF_RSC_START:
		handle_start(t, &seg, out, nb_out, cnt);
		break;
	case TASKOFF_RSC_RESTART:
	case TASKOFF_RSC_EXCEPTION:
		handle_refusal(t, f, &seg, action, rule, out, nb_out, cnt);
		break;
	}
}

void taskoff_rsc_flush_all(struct taskoff_rsc_table *t, struct taskoff_counters *cnt)
{
	uint32_t i;

	for (i = 0; i < t->nb_flows; i++)
		flow_flush(t, &t->flows[i], cnt);
	table_empty(t);
}
