/* SPDX-License-Identifier: BSD-3-Clause */
/* Receive checksum validation and packet-type parsing (SPEC §2.4, §2.6). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rx_pkt_builder.h"
#include "rx_test_util.h"

/* scapy-built frames (tests/tx_data): SCTP with scapy's own CRC32-C */
#define V4_TCP	   0
#define V4_UDP	   0
#define V6_TCP	   0
#define V6_UDP	   0
#define TUN_V4_TCP 0
#define V4_SCTP	   0
#define V6_SCTP	   0
#include "../../tx_data/scapy_fixtures.h"

static uint8_t payload[256];

/* Build, run one frame, return it (caller frees). */
static struct rte_mbuf *run_spec(struct rx_fixture *fx, const struct tb_frame *f)
{
	return rx_run_mbuf(fx, rx_mbuf_frame(fx, f));
}

static void frame_defaults(struct tb_frame *f, int version, uint8_t proto)
{
	tb_tcp4_defaults(f);
	f->ip_version = version;
	f->proto = proto;
	f->payload = payload;
	f->payload_len = 100;
	f->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_FIN_FLAG; /* keep RSC out of the way */
}

static void ipv4_tcp_good(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_TCP);
	m = rx_expect_csum(run_spec(fx, &f),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(m->l4_len, 20);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

static void ipv4_header_bad(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_TCP);
	f.bad_ip_csum = true;
	m = rx_expect_csum(run_spec(fx, &f),
			   RTE_MBUF_F_RX_IP_CKSUM_BAD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

static void ipv4_tcp_bad(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_TCP);
	f.bad_l4_csum = true;
	m = rx_expect_csum(run_spec(fx, &f),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 1);
	rte_pktmbuf_free(m);
}

static void ipv4_udp_good_and_bad(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_UDP);
	m = rx_expect_csum(run_spec(fx, &f),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
	assert_int_equal(m->l4_len, 8);
	rte_pktmbuf_free(m);
	f.bad_l4_csum = true;
	m = run_spec(fx, &f);
	assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 1);
	rte_pktmbuf_free(m);
}

static const struct scapy_fixture *fixture(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(scapy_fixtures); i++)
		if (strcmp(scapy_fixtures[i].name, name) == 0)
			return &scapy_fixtures[i];
	fail_msg("no fixture %s", name);
	return NULL;
}

/* SCTP (not NDIS, but OVS relies on it): CRC32-C validated, on IPv4 and IPv6. */
static void sctp_crc32c_good_and_bad(void **state)
{
	static const char *const names[] = {"sctp4_data", "sctp6_hbh_data"};
	struct rx_fixture *fx = *state;
	uint8_t buf[2048];
	unsigned int i;

	for (i = 0; i < RTE_DIM(names); i++) {
		const struct scapy_fixture *f = fixture(names[i]);
		uint32_t l3 = i == 0 ? RTE_PTYPE_L3_IPV4 : RTE_PTYPE_L3_IPV6_EXT;
		uint32_t crc_off = f->l2 + f->l3 + 8;
		struct rte_mbuf *m;

		memcpy(buf, f->expected, f->len);
		m = rx_run_bytes(fx, buf, f->len);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
				 RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | l3 | RTE_PTYPE_L4_SCTP);
		rte_pktmbuf_free(m);
		buf[crc_off + 3] ^= 0x01; /* one bit of the stored CRC */
		m = rx_run_bytes(fx, buf, f->len);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
				 RTE_MBUF_F_RX_L4_CKSUM_BAD);
		rte_pktmbuf_free(m);
		buf[crc_off + 3] ^= 0x01;
		buf[f->len - 1] ^= 0x80; /* one bit of the data */
		m = rx_run_bytes(fx, buf, f->len);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
				 RTE_MBUF_F_RX_L4_CKSUM_BAD);
		rte_pktmbuf_free(m);
		assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 2 * (i + 1));
	}
}

/* UDP/IPv4 checksum 0: not checked, so UNKNOWN. DPDK's L4_CKSUM_NONE would
 * claim the data's integrity was verified (rte_mbuf_core.h). */
static void ipv4_udp_zero_checksum_is_unknown(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_UDP);
	f.udp_zero_csum = true;
	m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

static void ipv6_udp_zero_checksum_is_bad(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 6, IPPROTO_UDP);
	f.udp_zero_csum = true;
	m = run_spec(fx, &f);
	assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 1);
	rte_pktmbuf_free(m);
}

static void ipv6_tcp_udp_good_and_bad(void **state)
{
	struct rx_fixture *fx = *state;
	const uint8_t protos[] = {IPPROTO_TCP, IPPROTO_UDP};
	struct tb_frame f;
	struct rte_mbuf *m;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		frame_defaults(&f, 6, protos[i]);
		m = run_spec(fx, &f);
		/* IPv6 has no header checksum: IP verdict unknown. */
		assert_int_equal(m->ol_flags & RX_CSUM_FLAGS, RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		assert_int_equal(m->packet_type,
				 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6 |
				     (i == 0 ? RTE_PTYPE_L4_TCP : RTE_PTYPE_L4_UDP));
		assert_int_equal(m->l3_len, 40);
		rte_pktmbuf_free(m);
		f.bad_l4_csum = true;
		m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_L4_CKSUM_BAD);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 2);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD], 0);
}

static void ipv4_options_and_vlan(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_TCP);
	f.ipv4_opt_len = 8;
	f.vlan = true;
	f.vlan_tci = 42;
	m = rx_expect_csum(run_spec(fx, &f),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type,
			 RTE_PTYPE_L2_ETHER_VLAN | RTE_PTYPE_L3_IPV4_EXT | RTE_PTYPE_L4_TCP);
	assert_int_equal(m->l2_len, 18);
	assert_int_equal(m->l3_len, 28);
	rte_pktmbuf_free(m);
}

static void ipv6_extension_headers_walked(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 6, IPPROTO_TCP);
	f.ipv6_hbh_len = 16;
	m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_TCP);
	assert_int_equal(m->l3_len, 56);
	rte_pktmbuf_free(m);
	/* 136 bytes of extension headers exceed the 128-byte walk: L4 not checked. */
	f.ipv6_hbh_len = 136;
	m = rx_expect_csum(run_spec(fx, &f), 0);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT);
	rte_pktmbuf_free(m);
}

static void ipv6_routing_header_final_destination(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 6, IPPROTO_UDP);
	f.ipv6_hbh_len = 8;
	f.ipv6_rt2 = true;
	m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_UDP);
	assert_int_equal(m->l3_len, 40 + 8 + 24);
	rte_pktmbuf_free(m);
}

/* Random corruption of valid frames: every frame is delivered, nothing crashes
 * (run under ASan in CI-like builds to catch out-of-bounds reads). */
static void corrupted_frames_are_delivered(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX], work[TB_FRAME_MAX];
	struct rte_mbuf *pkts[8];
	struct tb_frame f;
	struct tb_nvgre n;
	uint32_t rnd = 12345;
	size_t len, ilen, cut;
	unsigned int iter, k;
	uint64_t merged;
	uint16_t nb;

	assert_int_equal(taskoff_rx_set_decap(fx->ctx, true, NULL, 0), 0);
	frame_defaults(&f, 6, IPPROTO_TCP);
	f.ipv6_hbh_len = 8;
	f.tcp_flags = RTE_TCP_ACK_FLAG;
	f.ts = true;
	tb_nvgre_defaults(&n);
	ilen = tb_build(inner, &f);
	len = tb_build_nvgre(buf, &n, inner, ilen);
	for (iter = 0; iter < 2000; iter++) {
		for (k = 0; k < RTE_DIM(pkts); k++) {
			memcpy(work, buf, len);
			rnd = rnd * 1103515245u + 12345u;
			work[(rnd >> 8) % len] ^= (uint8_t)(1u << (rnd & 7));
			rnd = rnd * 1103515245u + 12345u;
			work[(rnd >> 8) % 80] = (uint8_t)(rnd >> 24);
			cut = len - (rnd >> 16) % 16;
			pkts[k] = rx_mbuf(fx, work, cut);
		}
		merged = fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS];
		nb = rx_run(fx, pkts, RTE_DIM(pkts));
		/* every frame is either delivered or merged into a delivered SCU */
		assert_int_equal(nb + fx->cnt.v[TASKOFF_CNT_RSC_COALESCE_EVENTS] - merged,
				 RTE_DIM(pkts));
		rx_free(pkts, nb);
	}
}

static void fragments_are_recognized(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	frame_defaults(&f, 4, IPPROTO_TCP);
	f.mf = true;
	f.df = false;
	m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	assert_int_equal(m->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_FRAG);
	rte_pktmbuf_free(m);
	frame_defaults(&f, 6, IPPROTO_TCP);
	f.ipv6_frag = true;
	m = rx_expect_csum(run_spec(fx, &f), 0);
	assert_int_equal(m->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_FRAG);
	rte_pktmbuf_free(m);
}

static void disabled_validation_reports_unknown(void **state)
{
	struct rx_fixture *fx = *state;
	struct tb_frame f;
	struct rte_mbuf *m;

	fx->cfg.ipv4_csum = TASKOFF_CSUM_TX;
	fx->cfg.tcp4_csum = TASKOFF_CSUM_TX;
	frame_defaults(&f, 4, IPPROTO_TCP);
	f.bad_ip_csum = true;
	f.bad_l4_csum = true;
	m = rx_expect_csum(run_spec(fx, &f), 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_IP_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
	/* UDP over IPv4 has its own switch, still on. */
	frame_defaults(&f, 4, IPPROTO_UDP);
	f.bad_l4_csum = true;
	m = rx_expect_csum(run_spec(fx, &f), RTE_MBUF_F_RX_L4_CKSUM_BAD);
	rte_pktmbuf_free(m);
}

static void checksum_over_segmented_mbuf(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct rte_mbuf *m;
	size_t len;

	frame_defaults(&f, 4, IPPROTO_TCP);
	f.payload_len = 201;
	len = tb_build(buf, &f);
	/* split inside the TCP header and again in the payload: headers span segments */
	m = rx_expect_csum(rx_run_mbuf(fx, tb_mbuf_split(fx->mp, buf, len, 40)),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP);
	rte_pktmbuf_free(m);
}

/* Validate @p buf (len bytes) as a two-segment chain split at @p split; return the flags. */
static uint64_t split_frame_flags(struct rx_fixture *fx, const uint8_t *buf, size_t len,
				  size_t split)
{
	struct rte_mbuf *m = rx_run_mbuf(fx, tb_mbuf_split(fx->mp, buf, len, split));
	uint64_t flags;

	flags = m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
	rte_pktmbuf_free(m);
	return flags;
}

/*
 * A chain whose second segment starts at an odd offset into the TCP bytes:
 * that segment's sum must be folded before it is byte-swapped (DPDK 22.11's
 * rte_raw_cksum_mbuf swaps it unfolded and calls such valid frames bad).
 * Every split point of a valid frame is good, of a corrupted one bad.
 */
static void checksum_over_chain_split_at_every_offset(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t buf[TB_FRAME_MAX];
	struct tb_frame f;
	size_t len, split, l4_off;
	int version;

	for (version = 4; version <= 6; version += 2) {
		frame_defaults(&f, version, IPPROTO_TCP);
		f.payload_len = 201;
		len = tb_build(buf, &f);
		l4_off = 14 + (version == 4 ? 20 : 40);
		for (split = l4_off + 1; split < len; split++)
			assert_int_equal(split_frame_flags(fx, buf, len, split),
					 RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		buf[len - 2] ^= 0x5a; /* corrupt one payload byte */
		for (split = l4_off + 1; split < len; split++)
			assert_int_equal(split_frame_flags(fx, buf, len, split),
					 RTE_MBUF_F_RX_L4_CKSUM_BAD);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_L4_CSUM_BAD], (201 + 20 - 1) * 2);
}

static void truncated_frames_do_not_crash(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct rte_mbuf *m;
	size_t len, cut;

	frame_defaults(&f, 4, IPPROTO_TCP);
	len = tb_build(buf, &f);
	for (cut = 0; cut < len; cut += 7) {
		m = rx_run_bytes(fx, buf, cut);
		/* IP length exceeds the frame: only Ethernet (if present) is recognized. */
		assert_int_equal(m->packet_type, cut >= 14 ? RTE_PTYPE_L2_ETHER : 0);
		assert_int_equal(m->ol_flags & RX_CSUM_FLAGS, 0);
		rte_pktmbuf_free(m);
	}
}

static void nvgre_flags_and_ptypes(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen;

	frame_defaults(&f, 4, IPPROTO_TCP);
	tb_nvgre_defaults(&n);
	ilen = tb_build(inner, &f);
	m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
			   RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 |
					     RTE_PTYPE_TUNNEL_NVGRE | RTE_PTYPE_INNER_L2_ETHER |
					     RTE_PTYPE_INNER_L3_IPV4 | RTE_PTYPE_INNER_L4_TCP);
	assert_int_equal(m->outer_l2_len, 14);
	assert_int_equal(m->outer_l3_len, 20);
	assert_int_equal(m->l2_len, 8 + 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(m->l4_len, 20);
	rte_pktmbuf_free(m);

	/* bad outer IPv4 header, bad inner IPv4 header and TCP */
	n.bad_outer_csum = true;
	f.bad_ip_csum = true;
	f.bad_l4_csum = true;
	ilen = tb_build(inner, &f);
	m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
			   RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD | RTE_MBUF_F_RX_IP_CKSUM_BAD |
			       RTE_MBUF_F_RX_L4_CKSUM_BAD);
	rx_assert_tunnel_bad_counted_once(fx);
	rte_pktmbuf_free(m);
}

static void nvgre_ipv6_outer_ipv6_inner_udp(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen;

	frame_defaults(&f, 6, IPPROTO_UDP);
	f.vlan = true;
	tb_nvgre_defaults(&n);
	n.outer_version = 6;
	ilen = tb_build(inner, &f);
	m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
			   RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6 |
					     RTE_PTYPE_TUNNEL_NVGRE |
					     RTE_PTYPE_INNER_L2_ETHER_VLAN |
					     RTE_PTYPE_INNER_L3_IPV6 | RTE_PTYPE_INNER_L4_UDP);
	assert_int_equal(m->outer_l3_len, 40);
	assert_int_equal(m->l2_len, 8 + 18);
	rte_pktmbuf_free(m);
}

static void nvgre_inner_unchecked_when_encap_disabled(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen;

	fx->cfg.encap_enabled = false;
	frame_defaults(&f, 4, IPPROTO_TCP);
	f.bad_l4_csum = true;
	tb_nvgre_defaults(&n);
	n.bad_outer_csum = true;
	ilen = tb_build(inner, &f);
	m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
			   RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 0);
	rte_pktmbuf_free(m);
}

/* *EncapsulatedPacketTaskOffloadNvgre=0 with the encapsulation switch on: the
 * NVGRE offload is off as transmit sees it, so the inner headers are not
 * checked (their flags stay UNKNOWN, nothing counted); the outer IPv4 header
 * is still checked like any IPv4 header. */
static void nvgre_inner_unchecked_when_nvgre_type_off(void **state)
{
	struct rx_fixture *fx = *state;
	uint8_t inner[TB_FRAME_MAX], buf[TB_FRAME_MAX];
	struct tb_frame f;
	struct tb_nvgre n;
	struct rte_mbuf *m;
	size_t ilen;
	unsigned int bad;

	fx->cfg.encap_enabled = true;
	fx->cfg.encap_types = 0;
	for (bad = 0; bad < 2; bad++) {
		frame_defaults(&f, 4, IPPROTO_TCP);
		f.bad_ip_csum = bad;
		f.bad_l4_csum = bad;
		tb_nvgre_defaults(&n);
		n.bad_outer_csum = bad;
		ilen = tb_build(inner, &f);
		m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
				   bad ? RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD : 0);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD], 1);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_IP_CSUM_BAD], 0);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 0);
	/* the same frames with the NVGRE type on: inner verdicts and counters */
	fx->cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	m = rx_expect_csum(rx_run_bytes(fx, buf, tb_build_nvgre(buf, &n, inner, ilen)),
			   RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD | RTE_MBUF_F_RX_IP_CKSUM_BAD |
			       RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(fx->cnt.v[TASKOFF_CNT_RX_INNER_L4_CSUM_BAD], 1);
	rte_pktmbuf_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(ipv4_tcp_good, rx_fixture_setup, rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv4_header_bad, rx_fixture_setup, rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv4_tcp_bad, rx_fixture_setup, rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv4_udp_good_and_bad, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv4_udp_zero_checksum_is_unknown, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(sctp_crc32c_good_and_bad, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv6_udp_zero_checksum_is_bad, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv6_tcp_udp_good_and_bad, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv4_options_and_vlan, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv6_extension_headers_walked, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(ipv6_routing_header_final_destination, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(corrupted_frames_are_delivered, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(fragments_are_recognized, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(disabled_validation_reports_unknown, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(nvgre_inner_unchecked_when_nvgre_type_off,
					    rx_fixture_setup, rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(checksum_over_segmented_mbuf, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(checksum_over_chain_split_at_every_offset,
					    rx_fixture_setup, rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(truncated_frames_do_not_crash, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(nvgre_flags_and_ptypes, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(nvgre_ipv6_outer_ipv6_inner_udp, rx_fixture_setup,
					    rx_fixture_teardown),
	    cmocka_unit_test_setup_teardown(nvgre_inner_unchecked_when_encap_disabled,
					    rx_fixture_setup, rx_fixture_teardown),
	};

	tb_payload(payload, sizeof(payload), 0);
	if (rx_fixture_global_init("test_rx_cksum", 1024, 2048) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
