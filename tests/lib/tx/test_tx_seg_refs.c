/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reference accounting of segmented frames (issue 14): the segment builder
 * adds the references of a run of payload pieces in one update instead of one
 * atomic per piece, and still every piece owns exactly one reference on the
 * buffer it points into (direct, indirect or external input segments), so
 * that whoever frees the frames, in any order, releases the input exactly
 * once. Also when a pool runs dry in the middle of a packet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define MSS    100u

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX];
static struct rte_mbuf *out[64];

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

/* The external buffer of the test's chains, with a shared info of its own. */
static uint8_t ext_buf[4096];
static struct rte_mbuf_ext_shared_info ext_shinfo;
static unsigned int ext_freed;

static void ext_free_cb(void *addr, void *opaque)
{
	assert_ptr_equal(addr, ext_buf);
	(void)opaque;
	ext_freed++;
}

/* Where a piece's reference sits: the direct mbuf or the external buffer's shared info. */
static bool piece_on(const struct rte_mbuf *piece, const struct rte_mbuf *in)
{
	if (RTE_MBUF_HAS_EXTBUF(in))
		return RTE_MBUF_HAS_EXTBUF(piece) && piece->shinfo == in->shinfo;
	return RTE_MBUF_CLONED(piece) &&
	       rte_mbuf_from_indirect((struct rte_mbuf *)(uintptr_t)piece) ==
		   rte_mbuf_from_indirect((struct rte_mbuf *)(uintptr_t)in);
}

static unsigned int pieces_on(struct rte_mbuf **f, uint16_t n, const struct rte_mbuf *in)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		const struct rte_mbuf *p;

		for (p = f[i]->next; p != NULL; p = p->next)
			k += piece_on(p, in);
	}
	return k;
}

static uint16_t refcnt_of(const struct rte_mbuf *in)
{
	if (RTE_MBUF_HAS_EXTBUF(in))
		return rte_mbuf_ext_refcnt_read(in->shinfo);
	return rte_mbuf_refcnt_read(rte_mbuf_from_indirect((struct rte_mbuf *)(uintptr_t)in));
}

struct chain {
	struct rte_mbuf *seg[3];  /* direct (headers + payload), indirect, external */
	struct rte_mbuf *backing; /* what seg[1] is attached to */
};

/*
 * A TSO packet of @p payload bytes over three input segments: direct (the
 * headers and payload up to @p cut1), then indirect on another mbuf (up to
 * @p cut2), then an external buffer; cuts inside a segment make frames that
 * span two inputs.
 */
static void make_chain(struct chain *c, struct tx_pkt_layout *lay, uint32_t payload, uint32_t cut1,
		       uint32_t cut2)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = payload, .tcp_flags = RTE_TCP_ACK_FLAG};
	uint32_t a, b;

	tx_pkt_build(orig, &s, lay);
	a = lay->hdr_len + cut1;
	b = lay->hdr_len + cut2;
	c->seg[0] = tx_pkt_mbuf(pool, orig, a, NULL, 0);
	c->backing = tx_pkt_mbuf(pool, orig + a, b - a, NULL, 0);
	c->seg[1] = rte_pktmbuf_alloc(pool);
	c->seg[2] = rte_pktmbuf_alloc(pool);
	assert_non_null(c->seg[0]);
	assert_non_null(c->backing);
	assert_non_null(c->seg[1]);
	assert_non_null(c->seg[2]);
	rte_pktmbuf_attach(c->seg[1], c->backing);
	assert_true(lay->len - b <= sizeof(ext_buf));
	memcpy(ext_buf, orig + b, lay->len - b);
	ext_shinfo.free_cb = ext_free_cb;
	ext_shinfo.fcb_opaque = NULL;
	rte_mbuf_ext_refcnt_set(&ext_shinfo, 1);
	ext_freed = 0;
	rte_pktmbuf_attach_extbuf(c->seg[2], ext_buf, (rte_iova_t)(uintptr_t)ext_buf,
				  sizeof(ext_buf), &ext_shinfo);
	rte_pktmbuf_append(c->seg[2], (uint16_t)(lay->len - b));
	assert_int_equal(rte_pktmbuf_chain(c->seg[0], c->seg[1]), 0);
	assert_int_equal(rte_pktmbuf_chain(c->seg[0], c->seg[2]), 0);
	tx_pkt_set_offload(c->seg[0], &s, lay, V4_TSO, MSS);
}

/* The test's own references: one more on each input (the caller keeps the packet). */
static void hold_inputs(const struct chain *c, int16_t v)
{
	unsigned int k;

	for (k = 0; k < 3; k++)
		rte_mbuf_refcnt_update(c->seg[k], v);
}

static void check_refs(const struct chain *c, uint16_t nb, unsigned int expect_total)
{
	unsigned int total = 0;

	/* seg[0]: ours + pieces; backing: its own + seg[1]'s attach + pieces; ext: seg[2] + pieces
	 */
	assert_int_equal(rte_mbuf_refcnt_read(c->seg[0]), 1 + pieces_on(out, nb, c->seg[0]));
	assert_int_equal(rte_mbuf_refcnt_read(c->backing), 2 + pieces_on(out, nb, c->seg[1]));
	assert_int_equal(rte_mbuf_ext_refcnt_read(&ext_shinfo), 1 + pieces_on(out, nb, c->seg[2]));
	for (unsigned int k = 0; k < 3; k++)
		total += pieces_on(out, nb, c->seg[k]);
	assert_int_equal(total, expect_total);
}

/* The burst consumed one reference of each input: the test's own is what is left. */
static void release_chain(struct chain *c)
{
	rte_pktmbuf_free(c->seg[0]);
	rte_pktmbuf_free(c->backing);
	assert_int_equal(ext_freed, 1);
}

static void every_piece_holds_one_reference_on_its_input(void **state)
{
	struct tx_pkt_layout lay;
	struct chain c;
	struct tx_env e;
	uint16_t nb, i;

	tx_env_init(&e, pool);
	make_chain(&c, &lay, 1000, 150, 480);
	hold_inputs(&c, 1);
	nb = tx_env_send(&e, c.seg[0], out, RTE_DIM(out));
	assert_int_equal(nb, 10);
	/* frames 1 (100..200) and 4 (400..500) span two inputs: 12 pieces */
	check_refs(&c, nb, 12);
	/* any order of frees releases exactly what each frame held */
	for (i = nb; i > 0; i -= 2) {
		uint16_t before0 = refcnt_of(c.seg[0]), before1 = refcnt_of(c.seg[1]),
			 before2 = refcnt_of(c.seg[2]);
		unsigned int p0 = pieces_on(&out[i - 1], 1, c.seg[0]),
			     p1 = pieces_on(&out[i - 1], 1, c.seg[1]),
			     p2 = pieces_on(&out[i - 1], 1, c.seg[2]);

		rte_pktmbuf_free(out[i - 1]);
		assert_int_equal(refcnt_of(c.seg[0]), before0 - p0);
		assert_int_equal(refcnt_of(c.seg[1]), before1 - p1);
		assert_int_equal(refcnt_of(c.seg[2]), before2 - p2);
	}
	for (i = 0; i < nb; i += 2)
		rte_pktmbuf_free(out[i]);
	assert_int_equal(rte_mbuf_refcnt_read(c.seg[0]), 1);
	assert_int_equal(rte_mbuf_refcnt_read(c.backing), 2);
	assert_int_equal(rte_mbuf_ext_refcnt_read(&ext_shinfo), 1);
	assert_int_equal(ext_freed, 0);
	release_chain(&c);
}

static void last_frame_freed_releases_the_input(void **state)
{
	struct tx_pkt_layout lay;
	struct chain c;
	struct tx_env e;
	uint16_t nb;

	tx_env_init(&e, pool);
	make_chain(&c, &lay, 1000, 150, 480);
	rte_mbuf_refcnt_update(c.backing, -1); /* only seg[1] holds it now */
	nb = tx_env_send(&e, c.seg[0], out, RTE_DIM(out));
	assert_int_equal(nb, 10);
	/* the chain was released: seg[1] and seg[2] went back, seg[0] and backing are pinned */
	assert_int_equal(test_mempool_in_use(pool), 10 + 12 + 2);
	rte_pktmbuf_free_bulk(out, (unsigned int)nb - 1);
	assert_int_equal(ext_freed, 0);
	assert_int_equal(test_mempool_in_use(pool), 2); /* the last frame: header + piece */
	rte_pktmbuf_free(out[nb - 1]);
	assert_int_equal(ext_freed, 1);
}

/*
 * The indirect pool runs dry at the second piece of a frame, after other
 * frames of the same batch were built: what was built is freed and the
 * inputs keep exactly the caller's references.
 */
static void indirect_pool_dry_mid_frame_keeps_counts_exact(void **state)
{
	struct rte_mempool *ind = test_pktmbuf_pool("seg_refs_ind", 11, 0);
	struct tx_pkt_layout lay;
	struct chain c;
	struct tx_env e;

	assert_non_null(ind);
	tx_env_init(&e, pool);
	e.ctx.indirect_pool = ind;
	make_chain(&c, &lay, 1000, 850, 930);
	hold_inputs(&c, 1);
	/* the stash takes 10 (one per frame), then 1, then none: frames 8 and 9 span two
	 * inputs, the second piece of frame 9 finds the pool dry with frames 0..8 built */
	assert_int_equal(tx_env_send(&e, c.seg[0], out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_NO_MBUF], 1);
	assert_int_equal(test_mempool_in_use(ind), 0);
	assert_int_equal(rte_mbuf_refcnt_read(c.seg[0]), 1);
	assert_int_equal(rte_mbuf_refcnt_read(c.backing), 2);
	assert_int_equal(rte_mbuf_ext_refcnt_read(&ext_shinfo), 1);
	assert_int_equal(ext_freed, 0);
	release_chain(&c);
	rte_mempool_free(ind);
}

/* The whole payload in the first mbuf: the one-input fast path, its batch reference update. */
static void contiguous_payload_one_reference_per_frame(void **state)
{
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 1000, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;
	uint16_t nb, i;

	tx_env_init(&e, pool);
	m = tx_pkt_make(pool, orig, &s, &lay, V4_TSO, MSS, NULL, 0);
	rte_mbuf_refcnt_update(m, 1); /* the test keeps the packet */
	nb = tx_env_send(&e, m, out, RTE_DIM(out));
	assert_int_equal(nb, 10);
	assert_int_equal(pieces_on(out, nb, m), 10);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1 + 10);
	for (i = 0; i < nb; i++) {
		assert_int_equal(out[i]->nb_segs, 2);
		rte_pktmbuf_free(out[i]);
		assert_int_equal(rte_mbuf_refcnt_read(m), 1 + 10 - (i + 1));
	}
	rte_pktmbuf_free(m);
}

/* Fast path, indirect pool too small for the batch: nothing built, nothing held. */
static void contiguous_payload_indirect_pool_dry(void **state)
{
	struct rte_mempool *ind = test_pktmbuf_pool("seg_refs_ind2", 9, 0);
	struct tx_pkt_spec s = {
	    .l4_proto = IPPROTO_TCP, .payload_len = 1000, .tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;

	assert_non_null(ind);
	tx_env_init(&e, pool);
	e.ctx.indirect_pool = ind;
	m = tx_pkt_make(pool, orig, &s, &lay, V4_TSO, MSS, NULL, 0);
	rte_mbuf_refcnt_update(m, 1);
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TX_DROP_NO_MBUF], 1);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	assert_int_equal(test_mempool_in_use(ind), 0);
	assert_int_equal(test_mempool_in_use(pool), 1);
	rte_pktmbuf_free(m);
	rte_mempool_free(ind);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(every_piece_holds_one_reference_on_its_input, check_pool),
	    cmocka_unit_test_teardown(last_frame_freed_releases_the_input, check_pool),
	    cmocka_unit_test_teardown(indirect_pool_dry_mid_frame_keeps_counts_exact, check_pool),
	    cmocka_unit_test_teardown(contiguous_payload_one_reference_per_frame, check_pool),
	    cmocka_unit_test_teardown(contiguous_payload_indirect_pool_dry, check_pool),
	};

	if (test_eal_init("test_tx_seg_refs") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_seg_refs", 1023, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
