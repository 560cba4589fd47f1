/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: RSS/VMQ steering (taskoff_steer_queue) of a fuzzed frame
 * under a fuzzed steering state, built through the public control functions.
 *
 * Input (big-endian):
 *   u8 nb_queues, u8 flags (bit0 RSS on, bit1 NVGRE on, bits2-3 RETA size
 *   64/128/256/512, bit4 a 40-byte key follows, bit5 RETA updates follow,
 *   bit6 VXLAN on, bit7 a u16 VXLAN port follows, else 4789),
 *   u8 hash-type bits (IPV4, TCP4, UDP4, IPV6, TCP6, UDP6, then 2 bits that are
 *   not supported), [u16 VXLAN port], [40 key bytes], u8 nb_filters (<= 8) x
 *   {6 MAC, u8 match bits (bit0 VLAN, bit1 VSID, bit2 VNI), u16 vlan, u32 VSID
 *   or VNI, u16 queue}, [u8 n x {u16 index, u16 queue}], u8 nb_cuts + nb_cuts x
 *   u16 cut offsets, then the frame (rest of input).
 *
 * Invariants: the queue is < nb_queues; steering is a pure function (same
 * queue and hash twice) and does not modify the frame; a hashed frame not
 * taken by VMQ lands on reta[hash % size]; VMQ results are filter queues;
 * counters agree with the flags; the pool is back to its start level.
 */
#include <errno.h>
#include <string.h>

#include "fuzz_common.h"
#include "taskoff_steer.h"

static struct rte_mempool *pkt_pool;
static struct fuzz_poison_set poisoned;
static uint8_t before[UINT16_MAX + 1], after[UINT16_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_eal_init("fuzz_steer", 64);
	pkt_pool = fuzz_pool("fz_steer_pkt", 256, 2048);
	return 0;
}

static uint64_t hash_types(uint8_t bits)
{
	static const uint64_t map[8] = {
	    RTE_ETH_RSS_IPV4,
	    RTE_ETH_RSS_NONFRAG_IPV4_TCP,
	    RTE_ETH_RSS_NONFRAG_IPV4_UDP,
	    RTE_ETH_RSS_IPV6,
	    RTE_ETH_RSS_NONFRAG_IPV6_TCP,
	    RTE_ETH_RSS_NONFRAG_IPV6_UDP,
	    RTE_ETH_RSS_FRAG_IPV4,
	    RTE_ETH_RSS_SCTP,
	};
	uint64_t hf = 0;

	for (unsigned int i = 0; i < 8; i++)
		if (bits & (1u << i))
			hf |= map[i];
	return hf;
}

static void add_filters(struct taskoff_steer *st, struct fuzz_reader *r)
{
	unsigned int n = fuzz_u8(r) % 9, added = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct taskoff_vmq_filter f = {0};
		uint8_t match;
		size_t got;
		int rc;

		memcpy(f.mac.addr_bytes, fuzz_bytes(r, 6, &got), got);
		match = fuzz_u8(r);
		f.match_vlan = match & 1;
		f.match_vsid = match & 2;
		f.match_vni = match & 4;
		f.vlan_id = fuzz_u16(r);
		f.vsid = fuzz_u32(r);
		f.vni = f.vsid;
		f.queue = fuzz_u16(r);
		rc = taskoff_vmq_filter_add(st, &f);
		FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -EEXIST || rc == -ENOSPC, "add: %d",
			   rc);
		FUZZ_CHECK(!(f.match_vsid && f.match_vni) || rc == -EINVAL, "VSID and VNI: %d", rc);
		if (rc == 0) {
			added++;
			FUZZ_CHECK(taskoff_vmq_filter_add(st, &f) == -EEXIST,
				   "same filter added twice");
		}
	}
	FUZZ_CHECK(taskoff_vmq_filter_list(st, NULL, 0) == added, "filter count");
}

static void update_reta(struct taskoff_steer *st, struct fuzz_reader *r)
{
	struct rte_eth_rss_reta_entry64 conf[TASKOFF_RSS_RETA_SIZE_MAX / RTE_ETH_RETA_GROUP_SIZE];
	unsigned int n = fuzz_u8(r) % 16;
	uint16_t size = st->rss.reta_size;

	memset(conf, 0, sizeof(conf));
	for (unsigned int i = 0; i < n; i++) {
		uint16_t idx = fuzz_u16(r) % size, q = fuzz_u16(r);

		conf[idx / RTE_ETH_RETA_GROUP_SIZE].mask |= 1ull << (idx % RTE_ETH_RETA_GROUP_SIZE);
		conf[idx / RTE_ETH_RETA_GROUP_SIZE].reta[idx % RTE_ETH_RETA_GROUP_SIZE] = q;
	}
	(void)taskoff_rss_reta_update(st, conf, size);
}

static void build_state(struct taskoff_steer *st, struct fuzz_reader *r, uint8_t *flags,
			struct taskoff_steer_tunnels *tun)
{
	static const uint16_t sizes[4] = {64, 128, 256, 512};
	uint64_t hf;
	uint8_t key[TASKOFF_RSS_KEY_LEN] = {0};
	size_t got;

	taskoff_steer_init(st, fuzz_u8(r));
	*flags = fuzz_u8(r);
	hf = hash_types(fuzz_u8(r));
	tun->nvgre = *flags & 0x02;
	tun->vxlan = *flags & 0x40;
	tun->vxlan_port = *flags & 0x80 ? fuzz_u16(r) : TASKOFF_VXLAN_DEFAULT_PORT;
	FUZZ_CHECK(taskoff_rss_set_hash_types(st, hf) ==
		       ((hf & ~TASKOFF_RSS_HF_SUPPORTED) ? -ENOTSUP : 0),
		   "hash types %#lx", (unsigned long)hf);
	FUZZ_CHECK(taskoff_rss_reta_set_size(st, sizes[(*flags >> 2) & 3]) == 0, "reta size");
	if (*flags & 0x10) {
		memcpy(key, fuzz_bytes(r, sizeof(key), &got), got);
		FUZZ_CHECK(taskoff_rss_set_key(st, key, sizeof(key)) == 0, "key refused");
	}
	add_filters(st, r);
	if (*flags & 0x20)
		update_reta(st, r);
	for (unsigned int i = 0; i < st->rss.reta_size; i++)
		FUZZ_CHECK(st->rss.reta[i] < st->nb_queues, "reta[%u] = %u", i, st->rss.reta[i]);
}

static bool is_filter_queue(const struct taskoff_steer *st, uint16_t q)
{
	for (unsigned int i = 0; i < st->vmq.nb_filters; i++)
		if (st->vmq.filters[i].queue == q)
			return true;
	return false;
}

static void check_steering(const struct taskoff_steer *st, uint8_t flags,
			   struct taskoff_steer_tunnels tun, struct rte_mbuf *m)
{
	bool rss = flags & 1;
	struct taskoff_counters c1 = {0}, c2 = {0};
	uint16_t q1, q2;
	uint32_t h1;
	uint64_t f1;
	const void *p;

	m->ol_flags = RTE_MBUF_F_RX_RSS_HASH; /* stale flag: steering must clear or set it */
	q1 = taskoff_steer_queue(st, rss, tun, m, &c1);
	h1 = m->hash.rss;
	f1 = m->ol_flags & RTE_MBUF_F_RX_RSS_HASH;
	q2 = taskoff_steer_queue(st, rss, tun, m, &c2);
	FUZZ_CHECK(q1 < st->nb_queues, "queue %u of %u", q1, st->nb_queues);
	FUZZ_CHECK(q1 == q2 && memcmp(&c1, &c2, sizeof(c1)) == 0, "not deterministic");
	FUZZ_CHECK(f1 == (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) && (!f1 || h1 == m->hash.rss),
		   "hash differs between calls");
	FUZZ_CHECK(rss || !f1, "hashed with RSS off");
	FUZZ_CHECK(c1.v[TASKOFF_CNT_RSS_HASHED] == (f1 != 0), "rss_hashed %lu, flag %d",
		   (unsigned long)c1.v[TASKOFF_CNT_RSS_HASHED], f1 != 0);
	FUZZ_CHECK(c1.v[TASKOFF_CNT_VMQ_MATCHED] <= 1 && c1.v[TASKOFF_CNT_STEER_MALFORMED] <= 1,
		   "counted twice");
	if (c1.v[TASKOFF_CNT_VMQ_MATCHED])
		FUZZ_CHECK(is_filter_queue(st, q1), "VMQ match to queue %u, no such filter", q1);
	else if (f1)
		FUZZ_CHECK(q1 == st->rss.reta[h1 % st->rss.reta_size], "hash %#x to queue %u", h1,
			   q1);
	else
		FUZZ_CHECK(q1 == 0, "unhashed, unmatched frame to queue %u", q1);
	p = rte_pktmbuf_read(m, 0, m->pkt_len, after);
	FUZZ_CHECK(m->pkt_len == 0 || memcmp(p, before, m->pkt_len) == 0, "frame modified");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct taskoff_steer st;
	struct taskoff_steer_tunnels tun;
	struct fuzz_reader r = {data, size};
	uint16_t cuts[FUZZ_MAX_SPLITS];
	unsigned int nb_cuts;
	struct rte_mbuf *m;
	uint8_t flags;
	const uint8_t *frame;
	const void *p;
	size_t len;

	build_state(&st, &r, &flags, &tun);
	nb_cuts = fuzz_u8(&r) & 3;
	for (unsigned int i = 0; i < nb_cuts; i++)
		cuts[i] = fuzz_u16(&r);
	frame = fuzz_bytes(&r, UINT16_MAX, &len);
	m = fuzz_chain(pkt_pool, frame, (uint32_t)len, cuts, nb_cuts, &poisoned);
	FUZZ_CHECK(m != NULL, "pool exhausted");
	p = rte_pktmbuf_read(m, 0, m->pkt_len, before);
	if (m->pkt_len > 0 && p != before)
		memcpy(before, p, m->pkt_len);
	check_steering(&st, flags, tun, m);
	rte_pktmbuf_free(m);
	fuzz_unpoison(&poisoned);
	fuzz_check_pool_full(pkt_pool);
	return 0;
}
