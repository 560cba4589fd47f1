/* SPDX-License-Identifier: BSD-3-Clause */
/* Every parser rejection reason, reached through the pipeline, named and counted once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "taskoff_tx.h"
#include "test_eal.h"
#include "tx_pkt.h"

#define V4_TCP (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_CKSUM)
#define V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define V6_TCP (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_CKSUM)
#define TUN_V4 (RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM)

static struct rte_mempool *pool;
static uint8_t buf[TX_PKT_MAX];
static struct rte_mbuf *out[64];

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

/* A good packet from @p s, offload set; @p edit may lie about it before it becomes an mbuf. */
static struct rte_mbuf *pkt(const struct tx_pkt_spec *s, uint64_t flags, uint16_t mss,
			    void (*edit)(uint8_t *b, struct tx_pkt_layout *lay))
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;

	tx_pkt_build(buf, s, &lay);
	if (edit)
		edit(buf, &lay);
	m = tx_pkt_mbuf(pool, buf, lay.len, NULL, 0);
	tx_pkt_set_offload(m, s, &lay, flags, mss);
	return m;
}

static const struct tx_pkt_spec tcp4 = {
    .l4_proto = IPPROTO_TCP, .payload_len = 3000, .tcp_flags = RTE_TCP_ACK_FLAG};
static const struct tx_pkt_spec tcp6 = {
    .ipv6 = true, .l4_proto = IPPROTO_TCP, .payload_len = 3000, .tcp_flags = RTE_TCP_ACK_FLAG};
static const struct tx_pkt_spec udp4 = {.l4_proto = IPPROTO_UDP, .payload_len = 300};

static void ihl_4(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l3] = 0x44;
}

static void first_ext_is_fragment(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l3 + 6] = 44;
}

static void mf_set(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l3 + 6] |= 0x20;
}

static void syn_set(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l4 + 13] |= RTE_TCP_SYN_FLAG;
}

static void gre_checksum_bit(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->outer_l3 + lay->outer_l3_len] |= 0x80;
}

static void udp_length_lies(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l4 + 5] ^= 1;
}

static void ip_total_length_past_data(uint8_t *b, struct tx_pkt_layout *lay)
{
	b[lay->l3 + 2] = 0xff;
}

/* mbuf-level lies after the packet is built */
static struct rte_mbuf *with_l3_len(struct rte_mbuf *m, uint16_t l3_len)
{
	m->l3_len = l3_len;
	return m;
}

static struct rte_mbuf *with_l4_len(struct rte_mbuf *m, uint8_t l4_len)
{
	m->l4_len = l4_len;
	return m;
}

static struct rte_mbuf *with_flags(struct rte_mbuf *m, uint64_t flags)
{
	m->ol_flags = flags;
	return m;
}

static struct rte_mbuf *truncated(struct rte_mbuf *m, uint16_t len)
{
	m->data_len = len;
	m->pkt_len = len;
	return m;
}

static struct rte_mbuf *chain_shorter_than_pkt_len(struct rte_mbuf *m)
{
	m->pkt_len += 100;
	return m;
}

/* IPv6 with extension headers built by hand: @p ext (len bytes) before TCP. */
static struct rte_mbuf *ipv6_ext(const uint8_t *ext, uint16_t ext_len, uint8_t first,
				 uint16_t l3_len)
{
	struct tx_pkt_spec s = tcp6;
	struct rte_mbuf *m;

	s.ext = ext;
	s.ext_len = ext_len;
	s.ext_first = first;
	s.payload_len = 100;
	m = pkt(&s, V6_TCP, 0, NULL);
	m->l3_len = l3_len;
	return m;
}

static struct rte_mbuf *ipv6_ext_too_long(void)
{
	static uint8_t ext[136];

	memset(ext, 0, sizeof(ext));
	ext[0] = IPPROTO_TCP, ext[1] = 16; /* one 136-byte hop-by-hop header */
	return ipv6_ext(ext, sizeof(ext), 0, 40 + sizeof(ext));
}

static struct rte_mbuf *ipv6_ext_not_ending_at_l3_len(void)
{
	static uint8_t ext[16];

	memset(ext, 0, sizeof(ext));
	ext[0] = IPPROTO_TCP, ext[1] = 1; /* 16 bytes, but l3_len says 8 */
	return ipv6_ext(ext, sizeof(ext), 0, 48);
}

static struct rte_mbuf *ipv6_unknown_routing_type(void)
{
	static uint8_t ext[24];

	memset(ext, 0, sizeof(ext));
	ext[0] = IPPROTO_TCP, ext[1] = 2, ext[2] = 3, ext[3] = 1; /* RPL, 1 segment left */
	return ipv6_ext(ext, sizeof(ext), 43, 40 + sizeof(ext));
}

/* A legal-looking NVGRE frame whose header block exceeds TASKOFF_TX_MAX_HDR_LEN. */
static struct rte_mbuf *headers_longer_than_512(void)
{
	static uint8_t b[2000];
	uint16_t o = 127, g, in, tcp;
	struct rte_mbuf *m;

	memset(b, 0, sizeof(b));
	b[o] = 0x60, b[o + 6] = 60; /* outer IPv6 -> 128-byte destination options */
	b[o + 40] = IPPROTO_GRE, b[o + 41] = 15;
	g = o + 168;
	b[g] = 0x20, b[g + 2] = 0x65, b[g + 3] = 0x58;
	in = g + 127; /* l2_len 127: GRE + 119 bytes of inner L2 */
	b[in] = 0x4f, b[in + 9] = IPPROTO_TCP;
	tcp = in + 60;
	b[tcp + 12] = 0xf0; /* 60-byte TCP header: ends at 542 */
	m = tx_pkt_mbuf(pool, b, sizeof(b), NULL, 0);
	m->ol_flags = RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV6 | RTE_MBUF_F_TX_IPV4 |
		      RTE_MBUF_F_TX_TCP_SEG;
	m->outer_l2_len = 127;
	m->outer_l3_len = 168;
	m->l2_len = 127;
	m->l3_len = 60;
	m->l4_len = 60;
	m->tso_segsz = 100;
	return m;
}

struct reason_case {
	const char *name;
	enum taskoff_tx_reason reason;
	int err;
	bool lso_off;		     /* run with every LSO version disabled */
	uint32_t max_frames_per_pkt; /* the queue's limit (0: none) */
};

static void run_case(const struct reason_case *c, struct rte_mbuf *m)
{
	struct tx_env e;
	enum taskoff_counter cnt = taskoff_tx_reason_counter(c->reason);
	uint64_t total = 0;
	unsigned int i;

	tx_env_init(&e, pool);
	e.cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	if (c->lso_off)
		e.cfg.lsov1 = e.cfg.lsov2_ipv4 = e.cfg.lsov2_ipv6 = false;
	e.ctx.max_frames_per_pkt = c->max_frames_per_pkt;
	if (taskoff_tx_check(&e.cfg, c->max_frames_per_pkt, m) != c->reason)
		fail_msg(
		    "%s: got reason %s", c->name,
		    taskoff_tx_reason_name(taskoff_tx_check(&e.cfg, c->max_frames_per_pkt, m)));
	assert_int_equal(taskoff_tx_prepare(&e.cfg, c->max_frames_per_pkt, m), c->err);
	assert_int_equal(tx_env_send(&e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e.cnt.v[cnt], 1);
	for (i = 0; i < TASKOFF_CNT_MAX; i++)
		total += e.cnt.v[i];
	assert_int_equal(total, 1); /* counted exactly once */
}

static void every_rejection_reason_is_reached_and_counted(void **state)
{
	static const struct tx_pkt_spec tun = {.tunnel = true,
					       .l4_proto = IPPROTO_TCP,
					       .payload_len = 3000,
					       .tcp_flags = RTE_TCP_ACK_FLAG};
	static const struct tx_pkt_spec vx_4790 = {.tunnel = true,
						   .vxlan = true,
						   .vxlan_port = 4790,
						   .l4_proto = IPPROTO_TCP,
						   .payload_len = 3000,
						   .tcp_flags = RTE_TCP_ACK_FLAG};
	bool seen[TASKOFF_TX_REASON_MAX] = {false};
	struct tx_pkt_spec big = tcp4;
	struct tx_pkt_spec tcp_opts = tcp4;
	static const uint8_t opts[12] = {1, 1, 8, 10};
	unsigned int r;

	big.payload_len = 70000;
	tcp_opts.tcp_opts = opts;
	tcp_opts.tcp_opts_len = sizeof(opts);
#define CASE_CFG(reason, err, lso_off, max_frames, mbuf)                                           \
	do {                                                                                       \
		const struct reason_case c = {#mbuf, reason, err, lso_off, max_frames};            \
		run_case(&c, mbuf);                                                                \
		seen[reason] = true;                                                               \
	} while (0)
#define CASE(reason, err, mbuf) CASE_CFG(reason, err, false, 0, mbuf)
	CASE(TASKOFF_TX_BAD_FLAGS, -EINVAL,
	     with_flags(pkt(&tcp4, 0, 0, NULL), RTE_MBUF_F_TX_TCP_CKSUM));
	CASE(TASKOFF_TX_BAD_FLAGS, -EINVAL,
	     with_flags(pkt(&tcp4, 0, 0, NULL), V4_TCP | RTE_MBUF_F_TX_IPV6));
	CASE(TASKOFF_TX_BAD_FLAGS, -EINVAL,
	     with_flags(pkt(&tcp4, 0, 0, NULL), V4_TCP | RTE_MBUF_F_TX_OUTER_IP_CKSUM));
	CASE(TASKOFF_TX_BAD_LENGTH, -EINVAL, truncated(pkt(&tcp4, V4_TCP, 0, NULL), 40));
	CASE(TASKOFF_TX_BAD_LENGTH, -EINVAL,
	     chain_shorter_than_pkt_len(pkt(&tcp4, V4_TCP, 0, NULL)));
	CASE(TASKOFF_TX_BAD_LENGTH, -EINVAL, pkt(&tcp4, V4_TCP, 0, ip_total_length_past_data));
	CASE(TASKOFF_TX_BAD_LENGTH, -EINVAL,
	     pkt(&udp4, RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM, 0, udp_length_lies));
	CASE(TASKOFF_TX_HDR_TOO_LONG, -EINVAL, headers_longer_than_512());
	CASE(TASKOFF_TX_BAD_IHL, -EINVAL, pkt(&tcp4, V4_TCP, 0, ihl_4));
	CASE(TASKOFF_TX_BAD_IHL, -EINVAL, with_l3_len(pkt(&tcp4, V4_TCP, 0, NULL), 24));
	CASE(TASKOFF_TX_IP_VERSION_MISMATCH, -EINVAL, with_flags(pkt(&tcp6, 0, 0, NULL), V4_TCP));
	CASE(TASKOFF_TX_IP_VERSION_MISMATCH, -EINVAL,
	     with_l3_len(with_flags(pkt(&tcp4, 0, 0, NULL), V6_TCP), 20));
	CASE(TASKOFF_TX_L4_PROTO_MISMATCH, -EINVAL, pkt(&udp4, V4_TCP, 0, NULL));
	CASE(TASKOFF_TX_TCP_DOFF_MISMATCH, -EINVAL,
	     with_l4_len(pkt(&tcp_opts, V4_TSO, 1000, NULL), 20));
	CASE(TASKOFF_TX_IPV6_EXT_TOO_LONG, -EINVAL, ipv6_ext_too_long());
	CASE(TASKOFF_TX_IPV6_EXT_BAD, -EINVAL, ipv6_ext_not_ending_at_l3_len());
	CASE(TASKOFF_TX_IPV6_EXT_BAD, -EINVAL, ipv6_unknown_routing_type());
	CASE(TASKOFF_TX_IPV6_FRAGMENT, -EINVAL,
	     with_l3_len(pkt(&tcp6, V6_TCP, 0, first_ext_is_fragment), 48));
	CASE(TASKOFF_TX_IP_FRAGMENT, -EINVAL, pkt(&tcp4, V4_TCP, 0, mf_set));
	CASE(TASKOFF_TX_TSO_SEGSZ_ZERO, -EINVAL, pkt(&tcp4, V4_TSO, 0, NULL));
	CASE(TASKOFF_TX_TCP_FLAGS, -EINVAL, pkt(&tcp4, V4_TSO, 1000, syn_set));
	CASE(TASKOFF_TX_BAD_GRE, -EINVAL, pkt(&tun, TUN_V4 | V4_TSO, 1000, gre_checksum_bit));
	/* SCTP checksum is offered (CRC32-C), but not on a TCP packet, nor inside a tunnel */
	CASE(TASKOFF_TX_L4_PROTO_MISMATCH, -EINVAL,
	     pkt(&tcp4, RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_SCTP_CKSUM, 0, NULL));
	CASE(TASKOFF_TX_UNSUPPORTED, -ENOTSUP,
	     pkt(&tun, TUN_V4 | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_SCTP_CKSUM, 0, NULL));
	CASE(
	    TASKOFF_TX_UNSUPPORTED, -ENOTSUP,
	    pkt(&tun, RTE_MBUF_F_TX_TUNNEL_GENEVE | RTE_MBUF_F_TX_OUTER_IPV4 | V4_TSO, 1000, NULL));
	/* NVGRE bytes under the VXLAN flag; VXLAN to a port that is not the configured one */
	CASE(TASKOFF_TX_BAD_VXLAN, -EINVAL,
	     pkt(&tun, RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 | V4_TSO, 1000, NULL));
	CASE(TASKOFF_TX_VXLAN_PORT_MISMATCH, -ENOTSUP,
	     pkt(&vx_4790, RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 | V4_TSO, 1000,
		 NULL));
	CASE_CFG(TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP, true, 0, pkt(&tcp4, V4_TSO, 1000, NULL));
	CASE(TASKOFF_TX_TOO_BIG, -EMSGSIZE, pkt(&big, V4_TSO, 65500, NULL));
	CASE(TASKOFF_TX_TOO_FEW_SEGMENTS, -EINVAL, pkt(&tcp4, V4_TSO, 3000, NULL));
	/* 3000 bytes at MSS 100 are 30 frames, on a queue that takes 29 per packet */
	CASE_CFG(TASKOFF_TX_TOO_MANY_SEGMENTS, -EMSGSIZE, false, 29, pkt(&tcp4, V4_TSO, 100, NULL));
#undef CASE
#undef CASE_CFG
	for (r = TASKOFF_TX_OK + 1; r < TASKOFF_TX_REASON_MAX; r++)
		if (!seen[r])
			fail_msg("reason %s not reached", taskoff_tx_reason_name(r));
}

static void every_reason_has_a_drop_counter_of_its_name(void **state)
{
	unsigned int r;
	char want[64];

	assert_int_equal(taskoff_tx_reason_counter(TASKOFF_TX_OK), TASKOFF_CNT_MAX);
	for (r = TASKOFF_TX_OK + 1; r < TASKOFF_TX_REASON_MAX; r++) {
		snprintf(want, sizeof(want), "tx_%s_dropped", taskoff_tx_reason_name(r));
		assert_string_equal(taskoff_counter_name(taskoff_tx_reason_counter(r)), want);
	}
	assert_null(taskoff_tx_reason_name(TASKOFF_TX_REASON_MAX));
}

static uint64_t drops(const struct tx_env *e)
{
	uint64_t total = 0;
	unsigned int r;

	for (r = TASKOFF_TX_OK + 1; r < TASKOFF_TX_REASON_MAX; r++)
		total += e->cnt.v[taskoff_tx_reason_counter(r)];
	return total + e->cnt.v[TASKOFF_CNT_TX_DROP_NO_MBUF];
}

/* Frames must be well-formed chains: data_len adds up to pkt_len over nb_segs links. */
static void assert_chain_sane(const struct rte_mbuf *m)
{
	const struct rte_mbuf *seg;
	uint32_t total = 0;
	uint16_t n = 0;

	for (seg = m; seg != NULL; seg = seg->next, n++)
		total += seg->data_len;
	assert_int_equal(total, m->pkt_len);
	assert_int_equal(n, m->nb_segs);
}

static const uint64_t flag_pool[] = {
    RTE_MBUF_F_TX_IPV4,		  RTE_MBUF_F_TX_IPV6,
    RTE_MBUF_F_TX_IP_CKSUM,	  RTE_MBUF_F_TX_TCP_CKSUM,
    RTE_MBUF_F_TX_UDP_CKSUM,	  RTE_MBUF_F_TX_TCP_SEG,
    RTE_MBUF_F_TX_UDP_SEG,	  RTE_MBUF_F_TX_TUNNEL_GRE,
    RTE_MBUF_F_TX_OUTER_IPV4,	  RTE_MBUF_F_TX_OUTER_IPV6,
    RTE_MBUF_F_TX_OUTER_IP_CKSUM, RTE_MBUF_F_TX_SCTP_CKSUM,
    RTE_MBUF_F_TX_TUNNEL_VXLAN,	  RTE_MBUF_F_TX_OUTER_UDP_CKSUM,
};

static struct rte_mbuf *random_packet(struct tx_pkt_spec *s)
{
	static uint8_t ext[16];
	struct tx_pkt_layout lay;
	uint32_t splits[3];
	unsigned int i, nb_splits = (unsigned int)rand() % 4;
	struct rte_mbuf *m;

	memset(s, 0, sizeof(*s));
	s->ipv6 = rand() & 1;
	s->l4_proto = (rand() & 1) ? IPPROTO_TCP : IPPROTO_UDP;
	s->tunnel = (rand() % 3) == 0;
	s->outer_ipv6 = rand() & 1;
	s->vxlan = rand() & 1;
	s->payload_len = (uint32_t)rand() % 3000;
	s->ip_opts_len = (uint8_t)((rand() % 3) * 4);
	s->tcp_flags = (uint8_t)rand();
	s->ip_id = (uint16_t)rand();
	if (s->ipv6 && (rand() & 1)) {
		memset(ext, 0, sizeof(ext));
		ext[0] = s->l4_proto, ext[1] = 1;
		s->ext = ext, s->ext_len = sizeof(ext), s->ext_first = 60;
	}
	tx_pkt_build(buf, s, &lay);
	for (i = (unsigned int)rand() % 5; i > 0; i--) /* lies in the headers */
		buf[(unsigned int)rand() % lay.hdr_len] = (uint8_t)rand();
	for (i = 0; i < nb_splits; i++)
		splits[i] = (i == 0 ? 0 : splits[i - 1]) + 1 + (uint32_t)rand() % 80;
	while (nb_splits > 0 && splits[nb_splits - 1] >= lay.len)
		nb_splits--;
	m = tx_pkt_mbuf(pool, buf, lay.len, splits, nb_splits);
	tx_pkt_set_offload(m, s, &lay, 0, 0);
	for (i = (unsigned int)rand() % 5; i > 0; i--)
		m->ol_flags |= flag_pool[(unsigned int)rand() % RTE_DIM(flag_pool)];
	if ((rand() % 4) == 0) /* lies in the metadata */
		m->l2_len = (uint64_t)rand() % 128;
	if ((rand() % 4) == 0)
		m->l3_len = (uint64_t)rand() % 512;
	if ((rand() % 4) == 0)
		m->l4_len = (uint64_t)rand() % 256;
	if ((rand() % 8) == 0)
		m->outer_l3_len = (uint64_t)rand() % 512;
	m->tso_segsz = (uint16_t)((rand() % 4) == 0 ? 0 : 1 + rand() % 2000);
	return m;
}

static void random_lies_never_crash_and_are_always_accounted(void **state)
{
	struct tx_env e;
	unsigned int iter;
	uint64_t sent = 0;

	srand(12345);
	tx_env_init(&e, pool);
	e.ctx.max_frames_per_pkt = RTE_DIM(out);
	for (iter = 0; iter < 20000; iter++) {
		struct tx_pkt_spec s;
		struct rte_mbuf *m = random_packet(&s);
		uint64_t before = drops(&e);
		uint16_t nb = 0, i;
		enum taskoff_tx_reason verdict;

		e.cfg.lsov2_ipv4 = rand() & 1;
		e.cfg.encap_types =
		    TASKOFF_ENCAP_GRE_MAC | ((rand() & 1) ? TASKOFF_ENCAP_VXLAN : 0);
		e.cfg.lso_min_segments = (uint32_t)rand() % 3;
		verdict = taskoff_tx_check(&e.cfg, e.ctx.max_frames_per_pkt, m);
		assert_int_equal(taskoff_tx_burst(&e.ctx, &m, 1, out, RTE_DIM(out), &nb), 1);
		/* delivered (as >= 1 frame) or counted in exactly one drop counter */
		assert_int_equal(drops(&e) - before, nb == 0 ? 1 : 0);
		/* and prepare said so beforehand */
		assert_int_equal(verdict == TASKOFF_TX_OK, nb != 0);
		for (i = 0; i < nb; i++)
			assert_chain_sane(out[i]);
		sent += nb != 0;
		rte_pktmbuf_free_bulk(out, nb);
	}
	assert_true(sent > 1000); /* the generator does not only produce garbage */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(every_rejection_reason_is_reached_and_counted, check_pool),
	    cmocka_unit_test(every_reason_has_a_drop_counter_of_its_name),
	    cmocka_unit_test_teardown(random_lies_never_crash_and_are_always_accounted, check_pool),
	};

	if (test_eal_init("test_tx_parse") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_parse", 1023, 4096);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
