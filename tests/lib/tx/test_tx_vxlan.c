/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VXLAN transmit offloads (SPEC §2.6b): tunnel LSO and USO with the outer
 * IPv4 ID, IP/UDP lengths and UDP checksum of every segment, checksums of
 * non-segmented VXLAN frames, and the refusals (VXLAN off, another port, not
 * VXLAN). Requests are what testpmd's csum engine sets with `csum
 * parse-tunnel on`, `tunnel_tso set` and `csum set outer-udp hw`:
 * outer_l2_len 14, outer_l3_len 20/40, l2_len = UDP 8 + VXLAN 8 + inner
 * Ethernet 14. Expected frames are patched field by field from the template
 * and summed with DPDK's rte_ipv4/ipv6_udptcp_cksum (tx_pkt.c).
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

#define VX_V4	  (RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM)
#define VX_V6	  (RTE_MBUF_F_TX_TUNNEL_VXLAN | RTE_MBUF_F_TX_OUTER_IPV6)
#define OUTER_UDP RTE_MBUF_F_TX_OUTER_UDP_CKSUM
#define IN_V4_TSO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG)
#define IN_V6_TSO (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_SEG)
#define IN_V4_USO (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_SEG)
#define IN_V6_USO (RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_SEG)
#define GARBAGE	  0xbeefu /* outer UDP checksum the application left */

static struct rte_mempool *pool;
static uint8_t orig[TX_PKT_MAX], got[TX_PKT_MAX], exp_b[TX_PKT_MAX];
static struct rte_mbuf *out[512];

static int check_pool(void **state)
{
	assert_int_equal(test_mempool_in_use(pool), 0);
	return 0;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* A queue with VXLAN enabled next to NVGRE (the default config has NVGRE only). */
static void vx_env(struct tx_env *e)
{
	tx_env_init(e, pool);
	e->cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
}

static struct rte_mbuf *make(const struct tx_pkt_spec *s, struct tx_pkt_layout *lay, uint64_t flags,
			     uint16_t mss)
{
	static const uint32_t splits[] = {30, 77, 2001};

	return tx_pkt_make(pool, orig, s, lay, flags, mss, splits, RTE_DIM(splits));
}

/* Segment, compare every byte with the expected frames, keep nothing. */
static void seg_and_check(struct tx_env *e, const struct tx_pkt_spec *s, uint64_t flags,
			  uint16_t mss, bool id15)
{
	struct tx_pkt_layout lay;
	struct rte_mbuf *m = make(s, &lay, flags, mss);

	tx_env_segment_and_check(e, m, orig, s, &lay, mss, id15);
}

/* Segment and keep the frames in out[] (flattened one by one by the caller). */
static uint16_t seg_keep(struct tx_env *e, const struct tx_pkt_spec *s, struct tx_pkt_layout *lay,
			 uint64_t flags, uint16_t mss)
{
	return tx_env_send(e, make(s, lay, flags, mss), out, RTE_DIM(out));
}

static void lso_v4_in_v4_outer_udp_cksum_asked(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_cksum = true,
				.outer_udp_ck = GARBAGE,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 4000,
				.seq = 9,
				.ip_id = 0x7ffe,
				.outer_id = 0xfffe,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG,
				.phdr_in_l4 = true};
	struct tx_env e;

	vx_env(&e);
	seg_and_check(&e, &s, VX_V4 | OUTER_UDP | IN_V4_TSO, 1400, true);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS], 1);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_SEGMENTS], 3);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TCP_PAYLOAD_BYTES_SENT], 4000);
}

/* Per segment, field by field: outer ID +1 (16 bits), lengths, source port kept, inner fields. */
static void lso_outer_fields_per_segment(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_cksum = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.seq = 0xfffffc00,
				.ip_id = 0x7fff,
				.outer_id = 0xffff,
				.tcp_flags =
				    RTE_TCP_ACK_FLAG | RTE_TCP_FIN_FLAG | RTE_TCP_CWR_FLAG};
	static const uint16_t plen[] = {1400, 1400, 200};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;

	vx_env(&e);
	nb = seg_keep(&e, &s, &lay, VX_V4 | OUTER_UDP | IN_V4_TSO, 1400);
	assert_int_equal(nb, 3);
	for (i = 0; i < nb; i++) {
		const uint8_t *o, *u, *in, *tcp;
		uint32_t len = tx_pkt_flatten(out[i], got);

		o = got + lay.outer_l3, u = got + lay.outer_l4, in = got + lay.l3,
		tcp = got + lay.l4;
		assert_int_equal(len, lay.hdr_len + plen[i]);
		assert_int_equal(rd16(o + 2), len - 14);	       /* outer total length */
		assert_int_equal(rd16(o + 4), (uint16_t)(0xffff + i)); /* ffff 0000 0001 */
		assert_int_equal(rd16(o + 10), tx_ref_ip4_cksum(o));
		assert_int_equal(rd16(u), TX_PKT_VXLAN_SPORT);
		assert_int_equal(rd16(u + 2), 4789);
		assert_int_equal(rd16(u + 4), len - lay.outer_l4);
		assert_int_equal(rd16(u + 6), tx_ref_outer_udp_cksum(got, &s, &lay));
		assert_int_equal(u[8], 0x08);
		assert_int_equal((u[12] << 16) | (u[13] << 8) | u[14], TX_PKT_VXLAN_VNI);
		assert_int_equal(rd16(in + 2), len - lay.l3);
		assert_int_equal(rd16(in + 4), (0x7fff + i) & 0x7fff); /* LSOv2: 7fff 0000 0001 */
		assert_int_equal((uint32_t)rd16(tcp + 4) << 16 | rd16(tcp + 6),
				 0xfffffc00u + i * 1400u);
		assert_int_equal(tcp[13] & (RTE_TCP_FIN_FLAG | RTE_TCP_CWR_FLAG),
				 i == 0	  ? RTE_TCP_CWR_FLAG
				 : i == 2 ? RTE_TCP_FIN_FLAG
					  : 0);
	}
	rte_pktmbuf_free_bulk(out, nb);
}

/* IPv4 outer, RTE_MBUF_F_TX_OUTER_UDP_CKSUM not asked: every segment carries 0. */
static void lso_outer_udp_cksum_not_asked_is_zero(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_ck = GARBAGE,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 5001,
				.outer_id = 7,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;

	vx_env(&e);
	seg_and_check(&e, &s, VX_V4 | IN_V4_TSO, 1000, true);
	nb = seg_keep(&e, &s, &lay, VX_V4 | IN_V4_TSO, 1000);
	assert_int_equal(nb, 6);
	for (i = 0; i < nb; i++) {
		tx_pkt_flatten(out[i], got);
		assert_int_equal(rd16(got + lay.outer_l4 + 6), 0);
	}
	rte_pktmbuf_free_bulk(out, nb);
}

/* IPv6 outer: the outer UDP checksum is computed whether asked or not (0 is illegal). */
static void lso_outer_ipv6_udp_cksum_always(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_ipv6 = true,
				.outer_udp_ck = GARBAGE,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3500,
				.seq = 100,
				.ip_id = 0xffff,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;
	uint16_t nb, i;

	vx_env(&e);
	seg_and_check(&e, &s, VX_V6 | IN_V4_TSO, 1000, true); /* not asked */
	seg_and_check(&e, &s, VX_V6 | OUTER_UDP | IN_V4_TSO, 1000, true);
	s.ipv6 = true; /* v6 in v6 */
	seg_and_check(&e, &s, VX_V6 | IN_V6_TSO, 1000, false);
	nb = seg_keep(&e, &s, &lay, VX_V6 | IN_V6_TSO, 1000);
	for (i = 0; i < nb; i++) {
		tx_pkt_flatten(out[i], got);
		assert_int_not_equal(rd16(got + lay.outer_l4 + 6), 0);
		assert_int_equal(rd16(got + lay.outer_l3 + 4), rd16(got + lay.outer_l4 + 4));
	}
	rte_pktmbuf_free_bulk(out, nb);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 4);
}

static void lso_v6_in_v4(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.ipv6 = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 2999,
				.seq = 1,
				.outer_id = 0x1234,
				.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG};
	struct tx_env e;

	vx_env(&e);
	seg_and_check(&e, &s, VX_V4 | IN_V6_TSO, 700, false);
	s.outer_udp_cksum = true;
	seg_and_check(&e, &s, VX_V4 | OUTER_UDP | IN_V6_TSO, 700, false);
}

/* Headers and payload split over mbufs at odd offsets, inside every header too. */
static void lso_on_chains_split_at_odd_offsets(void **state)
{
	static const uint32_t splits[] = {7, 33, 49, 61, 79, 91, 1001, 2333, 2334, 4001};
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_cksum = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 6007,
				.seq = 77,
				.ip_id = 3,
				.outer_id = 5,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;
	uint16_t mss, nb;

	vx_env(&e);
	for (mss = 999; mss <= 1401; mss += 201) {
		s.outer_ipv6 = mss & 2;
		m = tx_pkt_make(pool, orig, &s, &lay,
				(s.outer_ipv6 ? VX_V6 : VX_V4) | OUTER_UDP | IN_V4_TSO, mss, splits,
				RTE_DIM(splits));
		nb = tx_env_send(&e, m, out, RTE_DIM(out));
		tx_check_segments(out, nb, orig, &s, &lay, mss, true);
	}
}

/* USO over VXLAN: every segment a complete inner UDP datagram, outer headers per segment. */
static void uso_over_vxlan(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_cksum = true,
				.l4_proto = IPPROTO_UDP,
				.payload_len = 3333,
				.ip_id = 0xfffe,
				.outer_id = 0x10,
				.phdr_in_l4 = true};
	struct tx_env e;

	vx_env(&e);
	seg_and_check(&e, &s, VX_V4 | OUTER_UDP | IN_V4_USO, 1000, false);
	s.ipv6 = true;
	s.outer_ipv6 = true;
	seg_and_check(&e, &s, VX_V6 | IN_V6_USO, 1000, false);
	/* IPv4 inner template without checksum: inner 0, outer still computed */
	s.ipv6 = false;
	s.phdr_in_l4 = false;
	s.zero_l4_cksum = true;
	seg_and_check(&e, &s, VX_V6 | IN_V4_USO, 1000, false);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_PACKETS], 3);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_USO_PACKETS], 3);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_USO_SEGMENTS], 12);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_TUNNEL_LSO_PACKETS], 0);
}

/* One refused packet: the verdict of prepare, the drop and its counter agree. */
static void refused(struct tx_env *e, struct rte_mbuf *m, enum taskoff_tx_reason r, int err,
		    enum taskoff_counter c)
{
	uint64_t before = e->cnt.v[c];

	assert_int_equal(taskoff_tx_check(&e->cfg, 0, m), r);
	assert_int_equal(taskoff_tx_prepare(&e->cfg, 0, m), err);
	assert_int_equal(tx_env_send(e, m, out, RTE_DIM(out)), 0);
	assert_int_equal(e->cnt.v[c], before + 1);
}

static void refused_when_vxlan_disabled(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;

	tx_env_init(&e, pool);
	e.cfg.encap_types = TASKOFF_ENCAP_GRE_MAC; /* NVGRE only (the default has VXLAN too) */
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_TSO, 1000), TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP,
		TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED);
	refused(&e, make(&s, &lay, VX_V4 | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM, 0),
		TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP, TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED);
	e.cfg.encap_types |= TASKOFF_ENCAP_VXLAN;
	e.cfg.encap_enabled = false; /* the switch */
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_TSO, 1000), TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP,
		TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED);
	e.cfg.encap_enabled = true;
	e.cfg.lsov2_ipv4 = false; /* VXLAN LSO is LSOv2 only: LSOv1 does not serve it */
	assert_true(e.cfg.lsov1);
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_TSO, 1000), TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP,
		TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED);
	s.l4_proto = IPPROTO_UDP;
	e.cfg.uso_ipv4 = false;
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_USO, 1000), TASKOFF_TX_OFFLOAD_DISABLED, -ENOTSUP,
		TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED);
	assert_int_equal(e.cnt.v[TASKOFF_CNT_LSO_PACKETS] + e.cnt.v[TASKOFF_CNT_USO_PACKETS], 0);
}

/* Only frames to cfg->vxlan_port are VXLAN; the port follows the configuration. */
static void refused_on_another_port(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.vxlan_port = 4790,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 3000,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct tx_env e;

	vx_env(&e);
	assert_int_equal(e.cfg.vxlan_port, 4789);
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_TSO, 1000), TASKOFF_TX_VXLAN_PORT_MISMATCH,
		-ENOTSUP, TASKOFF_CNT_TX_DROP_VXLAN_PORT_MISMATCH);
	assert_string_equal(taskoff_tx_reason_name(TASKOFF_TX_VXLAN_PORT_MISMATCH),
			    "vxlan_port_mismatch");
	e.cfg.vxlan_port = 4790;
	seg_and_check(&e, &s, VX_V4 | IN_V4_TSO, 1000, true);
	s.vxlan_port = 4789; /* the IANA port is no longer VXLAN */
	refused(&e, make(&s, &lay, VX_V4 | IN_V4_TSO, 1000), TASKOFF_TX_VXLAN_PORT_MISMATCH,
		-ENOTSUP, TASKOFF_CNT_TX_DROP_VXLAN_PORT_MISMATCH);
}

static void refused_when_not_vxlan(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.l4_proto = IPPROTO_UDP,
				.payload_len = 300,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	const uint64_t csum = VX_V4 | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;

	vx_env(&e);
	tx_pkt_build(orig, &s, &lay);
	orig[lay.outer_l4 + 8] = 0x00; /* I flag clear */
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	tx_pkt_set_offload(m, &s, &lay, csum, 0);
	refused(&e, m, TASKOFF_TX_BAD_VXLAN, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_VXLAN);
	/* NVGRE bytes under the VXLAN flag: the outer protocol is GRE */
	s.vxlan = false;
	m = make(&s, &lay, csum, 0);
	m->l2_len = 30;
	refused(&e, m, TASKOFF_TX_BAD_VXLAN, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_VXLAN);
	/* l2_len without the inner Ethernet header */
	s.vxlan = true;
	m = make(&s, &lay, csum, 0);
	m->l2_len = 16;
	refused(&e, m, TASKOFF_TX_BAD_VXLAN, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_VXLAN);
	/* outer UDP length that disagrees with the outer IP length */
	tx_pkt_build(orig, &s, &lay);
	orig[lay.outer_l4 + 5] ^= 0x01;
	m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
	tx_pkt_set_offload(m, &s, &lay, csum, 0);
	refused(&e, m, TASKOFF_TX_BAD_LENGTH, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_LENGTH);
	/* outer UDP checksum asked on NVGRE, or without any tunnel */
	s.vxlan = false;
	refused(&e,
		make(&s, &lay,
		     RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | OUTER_UDP |
			 RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM,
		     0),
		TASKOFF_TX_BAD_FLAGS, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_FLAGS);
	s.tunnel = false;
	refused(&e, make(&s, &lay, OUTER_UDP | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM, 0),
		TASKOFF_TX_BAD_FLAGS, -EINVAL, TASKOFF_CNT_TX_DROP_BAD_FLAGS);
	/* USO over NVGRE stays unsupported */
	s.tunnel = true;
	refused(
	    &e,
	    make(&s, &lay, RTE_MBUF_F_TX_TUNNEL_GRE | RTE_MBUF_F_TX_OUTER_IPV4 | IN_V4_USO, 100),
	    TASKOFF_TX_UNSUPPORTED, -ENOTSUP, TASKOFF_CNT_TX_DROP_OFFLOAD_UNSUPPORTED);
}

/*
 * Checksums without segmentation: inner IPv4 + UDP, outer IPv4 header, outer
 * UDP as asked (IPv4 not asked: 0; IPv6: always); in place when the bytes are
 * ours, through a header copy when the packet is shared; chains at odd offsets.
 */
static void checksum_case(struct tx_env *e, bool outer_v6, bool asked, bool shared,
			  const uint32_t *splits, unsigned int n)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_ipv6 = outer_v6,
				.outer_udp_ck = GARBAGE,
				.l4_proto = IPPROTO_UDP,
				.payload_len = 901,
				.ip_opts_len = 4,
				.phdr_in_l4 = true};
	uint64_t flags = (outer_v6 ? VX_V6 : VX_V4) | (asked ? OUTER_UDP : 0) | RTE_MBUF_F_TX_IPV4 |
			 RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM;
	struct tx_pkt_layout lay;
	struct rte_mbuf *m, *seg;
	uint8_t *u;

	tx_pkt_build(orig, &s, &lay);
	if (!outer_v6)
		orig[lay.outer_l3 + 10] ^= 0xff; /* must be recomputed */
	orig[lay.l3 + 10] ^= 0xff;
	m = tx_pkt_mbuf(pool, orig, lay.len, splits, n);
	tx_pkt_set_offload(m, &s, &lay, flags, 0);
	for (seg = m; shared && seg != NULL; seg = seg->next) /* another owner of every segment */
		rte_mbuf_refcnt_update(seg, 1);
	assert_int_equal(taskoff_tx_prepare(&e->cfg, 0, m), 0);
	assert_int_equal(tx_env_send(e, m, out, 8), 1);
	if (shared) {
		assert_ptr_not_equal(out[0], m); /* the other owner sees nothing change */
		assert_int_equal(tx_pkt_flatten(m, got), lay.len);
		tx_assert_bytes(got, orig, lay.len, "shared original");
		rte_pktmbuf_free(m);
	} else {
		assert_ptr_equal(out[0], m);
	}
	assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
	memcpy(exp_b, orig, lay.len);
	if (!outer_v6)
		*(uint16_t *)(exp_b + lay.outer_l3 + 10) =
		    rte_cpu_to_be_16(tx_ref_ip4_cksum(exp_b + lay.outer_l3));
	*(uint16_t *)(exp_b + lay.l3 + 10) = rte_cpu_to_be_16(tx_ref_ip4_cksum(exp_b + lay.l3));
	exp_b[lay.l4 + 6] = exp_b[lay.l4 + 7] = 0;
	*(uint16_t *)(exp_b + lay.l4 + 6) =
	    rte_cpu_to_be_16(tx_ref_l4_cksum(exp_b, &s, &lay, lay.len - lay.l4));
	u = exp_b + lay.outer_l4;
	u[6] = u[7] = 0;
	if (asked || outer_v6)
		*(uint16_t *)(u + 6) = rte_cpu_to_be_16(tx_ref_outer_udp_cksum(exp_b, &s, &lay));
	tx_assert_bytes(got, exp_b, lay.len, "vxlan csum");
	assert_int_equal(out[0]->ol_flags & TASKOFF_TX_OFFLOAD_FLAGS, 0);
	rte_pktmbuf_free(out[0]);
}

static void checksums_without_segmentation(void **state)
{
	static const uint32_t splits[] = {13, 41, 45, 57, 69, 97, 333};
	unsigned int i;
	struct tx_env e;

	vx_env(&e);
	for (i = 0; i < 16; i++) {
		bool odd = i & 8;

		checksum_case(&e, i & 1, i & 2, i & 4, odd ? splits : NULL,
			      odd ? RTE_DIM(splits) : 0);
	}
	assert_int_equal(e.cnt.v[TASKOFF_CNT_CSUM_TX_FILLED], 16);
}

/* Outer checksums only (inner bytes untouched): IPv4 header, and UDP over IPv6. */
static void outer_checksums_only(void **state)
{
	struct tx_pkt_spec s = {.tunnel = true,
				.vxlan = true,
				.outer_udp_ck = GARBAGE,
				.l4_proto = IPPROTO_TCP,
				.payload_len = 100,
				.tcp_flags = RTE_TCP_ACK_FLAG};
	struct tx_pkt_layout lay;
	struct rte_mbuf *m;
	struct tx_env e;
	unsigned int v6;

	vx_env(&e);
	for (v6 = 0; v6 < 2; v6++) {
		s.outer_ipv6 = v6;
		tx_pkt_build(orig, &s, &lay);
		orig[lay.outer_l3 + 10] ^= (uint8_t)(v6 ? 0 : 0x77);
		m = tx_pkt_mbuf(pool, orig, lay.len, NULL, 0);
		tx_pkt_set_offload(m, &s, &lay, v6 ? VX_V6 : VX_V4 | OUTER_UDP, 0);
		assert_int_equal(tx_env_send(&e, m, out, 8), 1);
		memcpy(exp_b, orig, lay.len);
		if (!v6)
			*(uint16_t *)(exp_b + lay.outer_l3 + 10) =
			    rte_cpu_to_be_16(tx_ref_ip4_cksum(exp_b + lay.outer_l3));
		*(uint16_t *)(exp_b + lay.outer_l4 + 6) =
		    rte_cpu_to_be_16(tx_ref_outer_udp_cksum(exp_b, &s, &lay));
		assert_int_equal(tx_pkt_flatten(out[0], got), lay.len);
		tx_assert_bytes(got, exp_b, lay.len, "outer only"); /* inner bytes untouched */
		rte_pktmbuf_free(out[0]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(lso_v4_in_v4_outer_udp_cksum_asked, check_pool),
	    cmocka_unit_test_teardown(lso_outer_fields_per_segment, check_pool),
	    cmocka_unit_test_teardown(lso_outer_udp_cksum_not_asked_is_zero, check_pool),
	    cmocka_unit_test_teardown(lso_outer_ipv6_udp_cksum_always, check_pool),
	    cmocka_unit_test_teardown(lso_v6_in_v4, check_pool),
	    cmocka_unit_test_teardown(lso_on_chains_split_at_odd_offsets, check_pool),
	    cmocka_unit_test_teardown(uso_over_vxlan, check_pool),
	    cmocka_unit_test_teardown(refused_when_vxlan_disabled, check_pool),
	    cmocka_unit_test_teardown(refused_on_another_port, check_pool),
	    cmocka_unit_test_teardown(refused_when_not_vxlan, check_pool),
	    cmocka_unit_test_teardown(checksums_without_segmentation, check_pool),
	    cmocka_unit_test_teardown(outer_checksums_only, check_pool),
	};

	if (test_eal_init("test_tx_vxlan") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_vxlan", 2047, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
