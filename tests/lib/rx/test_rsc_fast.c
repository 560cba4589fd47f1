/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RSC fast lane (taskoff_rsc_fast.c) must leave every frame, SCU and
 * counter exactly as the general receive path does. The same streams (plain
 * TCP/IPv4 and TCP/IPv4 in VXLAN, with and without timestamps, outer UDP
 * checksum or not) are received by two contexts, one with the lane and one
 * without, after random mutations of their segments (every NDIS rule's field,
 * checksums, header bytes, truncation, split mbufs, padding, configuration),
 * in random burst sizes, with and without hold mode; the delivered packets are
 * compared byte for byte with their metadata, then the counters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"
#include "taskoff_rsc.h"
#include "taskoff_rsc_fast.h"

#define STREAMS	 1500
#define SEGS_MAX 12
#define MSS	 700

static uint8_t payload[SEGS_MAX][MSS];

struct stream {
	uint8_t bytes[SEGS_MAX][TB_FRAME_MAX];
	size_t len[SEGS_MAX];
	size_t split[SEGS_MAX]; /* 0: one mbuf */
	unsigned int n;
};

static bool chance(unsigned int one_in)
{
	return rand() % one_in == 0;
}

/* One field of segment @p f / its tunnel @p v changed so that some rule or
 * check of the lane is at stake. */
static void mutate_fields(struct tb_frame *f, struct tb_vxlan *v)
{
	switch (rand() % 28) {
	case 0:
		f->seq += chance(2) ? 1 : -MSS;
		break;
	case 1:
		f->tcp_flags |= (uint8_t)(1u << (rand() % 8));
		break;
	case 2:
		f->tcp_flags = RTE_TCP_PSH_FLAG;
		break; /* no ACK */
	case 3:
		f->ack -= 10;
		break;
	case 4:
		f->win += 1;
		f->payload_len = 0;
		break;
	case 5:
		f->payload_len = 0;
		break;
	case 6:
		f->tsval -= 5;
		break;
	case 7:
		f->tsecr -= 5;
		break;
	case 8:
		f->ts = !f->ts;
		break;
	case 9:
		f->dscp = 10;
		break;
	case 10:
		f->ecn = 3;
		break;
	case 11:
		f->ttl = 7;
		break;
	case 12:
		f->df = !f->df;
		break;
	case 13:
		f->bad_ip_csum = true;
		break;
	case 14:
		f->bad_l4_csum = true;
		break;
	case 15:
		f->vlan = true;
		break;
	case 16:
		f->ipv4_opt_len = 4;
		break;
	case 17:
		f->mf = true;
		break;
	case 18:
		f->mss_opt = true;
		break;
	case 19:
		f->payload_len = 3;
		f->min_frame = 60;
		break;
	case 20:
		v->sport += 1;
		break;
	case 21:
		v->outer_src_last += 1;
		break;
	case 22:
		v->vni += 1;
		break;
	case 23:
		v->bad_udp_csum = true;
		break;
	case 24:
		v->udp_zero_csum = !v->udp_zero_csum;
		v->outer_ecn = (uint8_t)(rand() % 4);
		break;
	case 26:
		v->outer_dscp = 4;
		break;
	case 27:
		v->outer_df = !v->outer_df;
		break;
	default:
		v->bad_outer_csum = true;
		break;
	}
}

/* A stream of one flow's segments, some of them mutated. */
static void make_stream(struct stream *s, bool vxlan)
{
	struct tb_frame f;
	struct tb_vxlan v;
	bool ts = chance(2), zero_csum = chance(3);
	uint32_t seq = (uint32_t)rand();
	unsigned int i;

	s->n = 2 + (unsigned int)rand() % (SEGS_MAX - 1);
	for (i = 0; i < s->n; i++) {
		uint8_t inner[TB_FRAME_MAX];
		size_t len;

		tb_tcp4_defaults(&f);
		tb_vxlan_defaults(&v);
		v.udp_zero_csum = zero_csum;
		f.payload = payload[i];
		f.payload_len = (uint16_t)(MSS - (chance(4) ? rand() % 300 : 0));
		f.seq = seq;
		f.ack = 5000 + i;
		f.ts = ts;
		f.tsval = 100 + i;
		f.tsecr = 7;
		f.tcp_flags = RTE_TCP_ACK_FLAG | (chance(5) ? RTE_TCP_PSH_FLAG : 0);
		if (chance(i > 0 ? 3 : 8)) /* the head too: SCUs of other shapes */
			mutate_fields(&f, &v);
		len = tb_build(vxlan ? inner : s->bytes[i], &f);
		if (vxlan)
			len = tb_build_vxlan(s->bytes[i], &v, inner, len);
		seq = f.seq + f.payload_len;
		if (i > 0 && chance(12)) /* any header byte */
			s->bytes[i][rand() % 110] ^= (uint8_t)(1u << (rand() % 8));
		if (i > 0 && len > 200 && chance(15))
			len -= 1 + (size_t)rand() % 120; /* truncated: the lengths lie */
		s->len[i] = len;
		s->split[i] = chance(10) ? 1 + (size_t)rand() % (len - 1) : 0;
	}
}

static struct rte_mbuf *frame(struct rx_fixture *fx, const struct stream *s, unsigned int i)
{
	struct rte_mbuf *m = s->split[i] != 0
				 ? tb_mbuf_split(fx->mp, s->bytes[i], s->len[i], s->split[i])
				 : tb_mbuf(fx->mp, s->bytes[i], s->len[i]);

	assert_non_null(m);
	return m;
}

/* Receive @p s through @p ctx in random bursts (the same for both runs: seeded). */
static uint16_t receive(struct rx_fixture *fx, struct taskoff_rx_ctx *ctx,
			struct taskoff_counters *cnt, const struct stream *s, unsigned int seed,
			struct rte_mbuf **got)
{
	struct rte_mbuf *pkts[SEGS_MAX];
	uint16_t nb = 0, n;
	unsigned int i = 0;

	srand(seed);
	while (i < s->n) {
		n = (uint16_t)(1 + rand() % (s->n - i));
		for (unsigned int k = 0; k < n; k++)
			pkts[k] = frame(fx, s, i + k);
		nb = (uint16_t)(nb + taskoff_rx_burst(ctx, &fx->cfg, cnt, pkts, n, got + nb,
						      SEGS_MAX * 2));
		i += n;
	}
	return (uint16_t)(nb + taskoff_rx_flush(ctx, cnt, got + nb, SEGS_MAX * 2));
}

static void assert_same_packet(const struct rte_mbuf *a, const struct rte_mbuf *b, int info_off)
{
	static uint8_t fa[SEGS_MAX * TB_FRAME_MAX], fb[SEGS_MAX * TB_FRAME_MAX];
	const struct rte_mbuf *x, *y;

	assert_int_equal(a->pkt_len, b->pkt_len);
	assert_int_equal(a->nb_segs, b->nb_segs);
	assert_int_equal(a->ol_flags, b->ol_flags);
	assert_int_equal(a->packet_type, b->packet_type);
	assert_int_equal(a->tx_offload, b->tx_offload);
	for (x = a, y = b; x != NULL && y != NULL; x = x->next, y = y->next) {
		assert_int_equal(x->data_len, y->data_len);
		assert_int_equal(x->ol_flags, y->ol_flags);
		assert_int_equal(x->packet_type, y->packet_type);
		assert_int_equal(x->tx_offload, y->tx_offload);
	}
	assert_memory_equal(rte_pktmbuf_read(a, 0, a->pkt_len, fa),
			    rte_pktmbuf_read(b, 0, b->pkt_len, fb), a->pkt_len);
	if (a->ol_flags & RTE_MBUF_F_RX_LRO)
		assert_memory_equal(RTE_MBUF_DYNFIELD(a, info_off, void *),
				    RTE_MBUF_DYNFIELD(b, info_off, void *),
				    sizeof(struct taskoff_rsc_info));
}

/* A plain TCP/IPv4 frame flagged good on both layers: the validation lane's kind. */
static bool good_plain(const struct rte_mbuf *m)
{
	return m->packet_type == (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP) &&
	       (m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
	       (m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD;
}

/* Configuration changes that take a lane away or keep it. @return RSC on. */
static bool random_config(struct rx_fixture *fx, struct taskoff_rx_ctx *a, struct taskoff_rx_ctx *b)
{
	uint32_t vni = 0xabcdef;
	bool rsc = !chance(4); /* off: the validation lane */

	taskoff_rx_set_rsc_enabled(a, rsc);
	taskoff_rx_set_rsc_enabled(b, rsc);
	taskoff_offload_config_default(&fx->cfg);
	if (chance(20))
		fx->cfg.rsc_ipv4 = false;
	if (chance(20))
		fx->cfg.tcp4_csum = 0;
	if (chance(20))
		fx->cfg.udp4_csum = 0;
	if (chance(20))
		fx->cfg.ipv4_csum = 0;
	if (chance(20))
		fx->cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	if (chance(20)) {
		vni = chance(2) ? vni : vni + 1;
		vni |= TASKOFF_DECAP_ID_VNI;
	}
	assert_int_equal(taskoff_rx_set_decap(a, false, &vni, vni & TASKOFF_DECAP_ID_VNI ? 1 : 0),
			 0);
	assert_int_equal(taskoff_rx_set_decap(b, false, &vni, vni & TASKOFF_DECAP_ID_VNI ? 1 : 0),
			 0);
	return rsc;
}

static void lane_matches_general_path(void **state)
{
	static struct stream s;
	struct rx_fixture *fx = *state;
	struct taskoff_rx_ctx *slow = taskoff_rx_ctx_create("rsc_fast_slow", SOCKET_ID_ANY, 64);
	struct taskoff_counters slow_cnt = {0};
	struct rte_mbuf *got_fast[SEGS_MAX * 2], *got_slow[SEGS_MAX * 2];
	int info_off = taskoff_rsc_info_offset();
	unsigned int k, vxlan_lro = 0, plain_lro = 0, plain_validated = 0;

	assert_non_null(slow);
	srand(777);
	for (k = 0; k < STREAMS; k++) {
		unsigned int seed = (unsigned int)rand(), hold_seed = (unsigned int)rand();
		bool vxlan = k % 2 == 1, rsc;
		uint16_t nf, ns, i;

		srand(seed);
		make_stream(&s, vxlan);
		srand(hold_seed);
		rsc = random_config(fx, fx->ctx, slow);
		taskoff_rx_set_rsc_hold(slow, 0);
		taskoff_rx_set_rsc_hold(fx->ctx, 0);
		if (hold_seed % 3 == 0) {
			taskoff_rx_set_rsc_hold(slow, 1000000);
			taskoff_rx_set_rsc_hold(fx->ctx, 1000000);
		}
		taskoff_rsc_fast_lane_off = false;
		nf = receive(fx, fx->ctx, &fx->cnt, &s, seed, got_fast);
		taskoff_rsc_fast_lane_off = true;
		ns = receive(fx, slow, &slow_cnt, &s, seed, got_slow);
		taskoff_rsc_fast_lane_off = false;
		assert_int_equal(nf, ns);
		for (i = 0; i < nf; i++) {
			assert_same_packet(got_fast[i], got_slow[i], info_off);
			if (got_fast[i]->ol_flags & RTE_MBUF_F_RX_LRO)
				*(vxlan ? &vxlan_lro : &plain_lro) += 1;
			else if (!rsc && !vxlan && good_plain(got_fast[i]))
				plain_validated++;
		}
		assert_memory_equal(&fx->cnt, &slow_cnt, sizeof(slow_cnt));
		rx_free(got_fast, nf);
		rx_free(got_slow, ns);
		srand(seed ^ hold_seed);
	}
	taskoff_rx_ctx_free(slow);
	/* both shapes were coalesced often (and the lane had frames to take) */
	assert_true(plain_lro > STREAMS / 8);
	assert_true(vxlan_lro > STREAMS / 8);
	assert_true(plain_validated > STREAMS / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(lane_matches_general_path, rx_fixture_setup,
					    rx_fixture_teardown),
	};
	unsigned int i;

	for (i = 0; i < SEGS_MAX; i++)
		tb_payload(payload[i], MSS, i);
	if (rx_fixture_global_init("test_rsc_fast", 2048, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
