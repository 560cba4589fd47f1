/* SPDX-License-Identifier: BSD-3-Clause */
/* net_taskoff through the ethdev API: devargs validation, link-down drops,
 * back-pressure, stats reset, offload negotiation, receive steering and
 * receive offloads. The test links the PMD like an application that uses its
 * public API (rte_pmd_taskoff.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "rte_pmd_taskoff.h"
#include "test_eal.h"
#include "test_ipv4.h"

static struct rte_mempool *pool;

static int xstat(uint16_t port, const char *name)
{
	uint64_t id, value;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0)
		return -1;
	if (rte_eth_xstats_get_by_id(port, &id, &value, 1) != 1)
		return -1;
	return (int)value;
}

static uint16_t port_of(const char *name)
{
	uint16_t id = UINT16_MAX;

	assert_int_equal(rte_eth_dev_get_port_by_name(name, &id), 0);
	return id;
}

static void port_setup(uint16_t port, uint16_t nq)
{
	struct rte_eth_conf conf = {0};
	uint16_t q;

	assert_int_equal(rte_eth_dev_configure(port, nq, nq, &conf), 0);
	for (q = 0; q < nq; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(port, q, 512, SOCKET_ID_ANY, NULL, pool),
				 0);
		assert_int_equal(rte_eth_tx_queue_setup(port, q, 512, SOCKET_ID_ANY, NULL), 0);
	}
}

static unsigned int alloc_frames(struct rte_mbuf **m, unsigned int n, uint16_t len)
{
	unsigned int i;

	assert_int_equal(rte_pktmbuf_alloc_bulk(pool, m, n), 0);
	for (i = 0; i < n; i++) {
		char *p = rte_pktmbuf_append(m[i], len);

		memset(p, (int)i, len);
	}
	return n;
}

static void bad_devargs_fail_probe_cleanly(void **state)
{
	static const char *const bad[][2] = {
	    {"net_taskoff10", "bogus=1"},
	    {"net_taskoff11", "queues=0"},
	    {"net_taskoff12", "queues=1000"},
	    {"net_taskoff13", "queues=two"},
	    {"net_taskoff14", "peer=net_taskoff99"},
	    {"net_taskoff15", "peer=net_taskoff15"},
	    {"net_taskoff16", "lower=net_taskoff16"},
	    {"net_taskoff17", "lower=net_nothere0"},
	    {"net_taskoff18", "peer=net_taskoffB,lower=net_taskoffA"},
	    {"net_taskoff19", "mac=zz:00:00:00:00:00"},
	    {"net_taskoff20", "rsc_hold_us=-1"},
	    {"net_taskoff21", "rsc_hold_us=100001"},
	    {"net_taskoff22", "rsc_hold_us=1ms"},
	};
	uint16_t before = rte_eth_dev_count_avail();
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		print_message("devargs %s\n", bad[i][1]);
		assert_true(rte_vdev_init(bad[i][0], bad[i][1]) < 0);
	}
	assert_int_equal(rte_eth_dev_count_avail(), before);
}

static void tx_to_stopped_peer_is_counted_as_link_down(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB");
	struct rte_mbuf *m[16];
	unsigned int start = test_mempool_in_use(pool);

	port_setup(a, 1);
	port_setup(b, 1);
	assert_int_equal(rte_eth_dev_start(a), 0);
	alloc_frames(m, 16, 60);
	assert_int_equal(rte_eth_tx_burst(a, 0, m, 16), 16);
	assert_int_equal(xstat(a, "tx_link_down_dropped"), 16);
	assert_int_equal(xstat(a, "tx_packets"), 0);
	assert_int_equal(test_mempool_in_use(pool), start);

	/* peer up: the same frames arrive byte for byte */
	assert_int_equal(rte_eth_dev_start(b), 0);
	alloc_frames(m, 16, 60);
	assert_int_equal(rte_eth_tx_burst(a, 0, m, 16), 16);
	assert_int_equal(rte_eth_rx_burst(b, 0, m, 16), 16);
	assert_int_equal(m[5]->pkt_len, 60);
	assert_int_equal(rte_pktmbuf_mtod(m[5], uint8_t *)[59], 5);
	assert_int_equal(m[5]->port, b);
	rte_pktmbuf_free_bulk(m, 16);
	assert_int_equal(xstat(b, "rx_packets"), 16);
	assert_int_equal(xstat(b, "rx_bytes"), 16 * 60);
	assert_int_equal(rte_eth_dev_stop(a), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	assert_int_equal(test_mempool_in_use(pool), start);
}

/* A full wire is back-pressure (packets not consumed), never a silent loss. */
static void full_wire_pushes_back_and_loses_nothing(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_mbuf *m[64];
	unsigned int start = test_mempool_in_use(pool), accepted = 0, received = 0, n, i;

	port_setup(p, 1);
	assert_int_equal(rte_eth_dev_start(p), 0);
	for (i = 0; i < 200; i++) {
		alloc_frames(m, 64, 64);
		n = rte_eth_tx_burst(p, 0, m, 64);
		accepted += n;
		rte_pktmbuf_free_bulk(m + n, 64 - n);
	}
	assert_true(accepted < 200 * 64);
	assert_true(accepted >= 2047);
	do {
		n = rte_eth_rx_burst(p, 0, m, 64);
		received += n;
		rte_pktmbuf_free_bulk(m, n);
		if (n == 0) /* the backlog moves on the next transmit call */
			n = rte_eth_tx_burst(p, 0, m, 0) + (received < accepted);
	} while (n != 0);
	assert_int_equal(received, accepted);
	assert_int_equal(xstat(p, "tx_packets"), accepted);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(test_mempool_in_use(pool), start);
}

static void stats_reset_zeroes_what_the_app_sees(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_eth_stats st;
	struct rte_mbuf *m[8];

	assert_int_equal(rte_eth_dev_start(p), 0);
	alloc_frames(m, 8, 100);
	assert_int_equal(rte_eth_tx_burst(p, 0, m, 8), 8);
	assert_int_equal(rte_eth_rx_burst(p, 0, m, 8), 8);
	rte_pktmbuf_free_bulk(m, 8);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_true(st.opackets > 0);
	assert_int_equal(rte_eth_stats_reset(p), 0);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 0);
	assert_int_equal(st.ipackets, 0);
	assert_int_equal(st.q_opackets[0], 0);
	assert_int_equal(xstat(p, "tx_bytes"), 0);
	alloc_frames(m, 8, 100);
	assert_int_equal(rte_eth_tx_burst(p, 0, m, 8), 8);
	assert_int_equal(rte_eth_rx_burst(p, 0, m, 8), 8);
	rte_pktmbuf_free_bulk(m, 8);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 8);
	assert_int_equal(st.obytes, 800);
	assert_int_equal(st.q_ipackets[0], 8);
	assert_int_equal(rte_eth_dev_stop(p), 0);
}

static void configure_refuses_offload_not_offered(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf = {0};

	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.max_rx_queues, 1);
	assert_true(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MACSEC_INSERT;
	assert_true(rte_eth_dev_configure(p, 1, 1, &conf) < 0);
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_true(rte_eth_dev_configure(p, 2, 1, &conf) < 0);
}

/* A TCP/IPv4 frame with valid checksums (addresses in host order). */
static struct rte_mbuf *tcp4_frame(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
				   uint32_t seq, uint16_t payload_len, uint8_t flags)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint16_t len = 14 + 20 + 20 + payload_len;
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;
	uint8_t *p;
	uint16_t i;

	assert_non_null(m);
	m->data_len = len;
	m->pkt_len = len;
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	memset(eth, 0, len);
	eth->dst_addr.addr_bytes[0] = 0x02;
	eth->dst_addr.addr_bytes[5] = 0x99;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len - 14);
	ip->packet_id = rte_cpu_to_be_16(0x100);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(src);
	ip->dst_addr = rte_cpu_to_be_32(dst);
	tcp = (struct rte_tcp_hdr *)(ip + 1);
	tcp->src_port = rte_cpu_to_be_16(sport);
	tcp->dst_port = rte_cpu_to_be_16(dport);
	tcp->sent_seq = rte_cpu_to_be_32(seq);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = flags;
	tcp->rx_win = rte_cpu_to_be_16(1000);
	p = (uint8_t *)(tcp + 1);
	for (i = 0; i < payload_len; i++)
		p[i] = (uint8_t)(seq + i);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	tcp->cksum = rte_ipv4_udptcp_cksum(ip, tcp);
	return m;
}

static void rx_setup_pair(uint16_t a, uint16_t b, uint16_t nq, uint64_t rx_offloads, bool rss)
{
	struct rte_eth_conf conf = {0};
	uint16_t q;

	conf.rxmode.offloads = rx_offloads;
	if (rss) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV4;
	}
	assert_int_equal(rte_eth_dev_configure(a, nq, nq, &(struct rte_eth_conf){0}), 0);
	assert_int_equal(rte_eth_dev_configure(b, nq, nq, &conf), 0);
	for (q = 0; q < nq; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(a, q, 512, SOCKET_ID_ANY, NULL, pool), 0);
		assert_int_equal(rte_eth_tx_queue_setup(a, q, 512, SOCKET_ID_ANY, NULL), 0);
		assert_int_equal(rte_eth_rx_queue_setup(b, q, 512, SOCKET_ID_ANY, NULL, pool), 0);
		assert_int_equal(rte_eth_tx_queue_setup(b, q, 512, SOCKET_ID_ANY, NULL), 0);
	}
	assert_int_equal(rte_eth_dev_start(a), 0);
	assert_int_equal(rte_eth_dev_start(b), 0);
}

static void rx_teardown_pair(uint16_t a, uint16_t b)
{
	assert_int_equal(rte_eth_dev_stop(a), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
}

/* Microsoft's RSS verification vector: 199.92.111.2:14230 -> 65.69.140.83:4739 with the
 * default key hashes to 0xc626b0ea (TCP/IPv4); reta[0xea & 127] = 106 % 4 = queue 2. */
static void rss_lands_on_queue_of_published_hash(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB"), q;
	struct rte_mbuf *m = tcp4_frame(test_ipv4(199, 92, 111, 2), 14230,
					test_ipv4(65, 69, 140, 83), 4739, 1, 10, RTE_TCP_ACK_FLAG);
	struct rte_mbuf *got[4];
	unsigned int start;

	rx_setup_pair(a, b, 4, RTE_ETH_RX_OFFLOAD_RSS_HASH, true);
	start = test_mempool_in_use(pool);
	assert_int_equal(rte_eth_tx_burst(a, 1, &m, 1), 1);
	for (q = 0; q < 4; q++) {
		uint16_t n = rte_eth_rx_burst(b, q, got, 4);

		if (q != 2) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, 1);
		assert_true(got[0]->ol_flags & RTE_MBUF_F_RX_RSS_HASH);
		assert_int_equal(got[0]->hash.rss, 0xc626b0ea);
		rte_pktmbuf_free(got[0]);
	}
	assert_int_equal(test_mempool_in_use(pool), start - 1);
	rx_teardown_pair(a, b);
}

static void vmq_filter_beats_rss(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB");
	struct rte_pmd_taskoff_vmq_filter f = {
	    .mac = {{0x02, 0, 0, 0, 0, 0x99}},
	    .queue = 3,
	};
	struct rte_mbuf *m, *got[4];

	rx_setup_pair(a, b, 4, 0, true);
	assert_int_equal(rte_pmd_taskoff_vmq_filter_add(b, &f), 0);
	assert_int_equal(rte_pmd_taskoff_vmq_filter_add(b, &f), -EEXIST);
	assert_int_equal(rte_pmd_taskoff_vmq_filter_add(5555, &f), -ENODEV);
	m = tcp4_frame(test_ipv4(199, 92, 111, 2), 14230, test_ipv4(65, 69, 140, 83), 4739, 1, 10,
		       RTE_TCP_ACK_FLAG);
	assert_int_equal(rte_eth_tx_burst(a, 0, &m, 1), 1);
	assert_int_equal(rte_eth_rx_burst(b, 2, got, 4), 0);
	assert_int_equal(rte_eth_rx_burst(b, 3, got, 4), 1);
	rte_pktmbuf_free(got[0]);
	assert_int_equal(rte_pmd_taskoff_vmq_filter_remove(b, &f), 0);
	assert_int_equal(rte_pmd_taskoff_vmq_filter_remove(b, &f), -ENOENT);
	rx_teardown_pair(a, b);
}

static void rx_checksums_flagged_and_counted(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB");
	struct rte_mbuf *m[2], *got[4];
	struct rte_tcp_hdr *tcp;

	rx_setup_pair(a, b, 1, RTE_ETH_RX_OFFLOAD_CHECKSUM, false);
	m[0] = tcp4_frame(RTE_IPV4(10, 0, 0, 1), 1000, RTE_IPV4(10, 0, 0, 2), 80, 5, 100,
			  RTE_TCP_ACK_FLAG);
	m[1] = tcp4_frame(RTE_IPV4(10, 0, 0, 1), 1000, RTE_IPV4(10, 0, 0, 2), 80, 105, 100,
			  RTE_TCP_ACK_FLAG);
	tcp = rte_pktmbuf_mtod_offset(m[1], struct rte_tcp_hdr *, 34);
	tcp->cksum ^= 0x0101;
	assert_int_equal(rte_eth_tx_burst(a, 0, m, 2), 2);
	assert_int_equal(rte_eth_rx_burst(b, 0, got, 4), 2);
	assert_int_equal(got[0]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
			 RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	assert_int_equal(got[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_int_equal(got[1]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
			 RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	assert_int_equal(got[1]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_BAD);
	assert_int_equal(got[0]->packet_type & RTE_PTYPE_L4_MASK, RTE_PTYPE_L4_TCP);
	rte_pktmbuf_free_bulk(got, 2);
	assert_int_equal(xstat(b, "rx_l4_csum_bad"), 1);
	rx_teardown_pair(a, b);
}

/* Four in-order segments of one flow in one burst: one SCU, only when the app asked for LRO. */
static void lro_coalesces_only_when_enabled(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB");
	struct rte_mbuf *m[4], *got[8];
	const struct rte_pmd_taskoff_rsc_info *info;
	int off, i, pass;

	for (pass = 0; pass < 2; pass++) {
		rx_setup_pair(a, b, 1, pass ? RTE_ETH_RX_OFFLOAD_TCP_LRO : 0, false);
		for (i = 0; i < 4; i++)
			m[i] = tcp4_frame(RTE_IPV4(10, 0, 0, 1), 2000, RTE_IPV4(10, 0, 0, 2), 80,
					  1000 + i * 1000, 1000, RTE_TCP_ACK_FLAG);
		assert_int_equal(rte_eth_tx_burst(a, 0, m, 4), 4);
		if (!pass) {
			assert_int_equal(rte_eth_rx_burst(b, 0, got, 8), 4);
			rte_pktmbuf_free_bulk(got, 4);
			rx_teardown_pair(a, b);
			continue;
		}
		assert_int_equal(rte_eth_rx_burst(b, 0, got, 8), 1);
		assert_true(got[0]->ol_flags & RTE_MBUF_F_RX_LRO);
		assert_int_equal(got[0]->pkt_len, 54 + 4000);
		assert_int_equal(got[0]->tso_segsz, 1000);
		off = rte_pmd_taskoff_rsc_info_offset();
		assert_true(off >= 0);
		info = RTE_MBUF_DYNFIELD(got[0], off, const struct rte_pmd_taskoff_rsc_info *);
		assert_int_equal(info->coalesced_seg_count, 4);
		rte_pktmbuf_free(got[0]);
		assert_int_equal(xstat(b, "rsc_coalesced_pkts"), 1);
		assert_int_equal(xstat(b, "rsc_coalesced_octets"), 4000);
		rx_teardown_pair(a, b);
	}
}

/* Segments [first, first + n) of one 1000-byte-segment flow, sent from @p a in one burst. */
static void send_flow_segs(uint16_t a, unsigned int first, unsigned int n)
{
	struct rte_mbuf *m[8];
	unsigned int i;

	for (i = 0; i < n; i++)
		m[i] = tcp4_frame(RTE_IPV4(10, 0, 0, 1), 3000, RTE_IPV4(10, 0, 0, 2), 80,
				  1000 + (first + i) * 1000, 1000, RTE_TCP_ACK_FLAG);
	assert_int_equal(rte_eth_tx_burst(a, 0, m, (uint16_t)n), n);
}

/* rsc_hold_us=50000: an SCU spans bursts until 50 ms after its first segment,
 * then the next poll delivers it, even one that receives nothing. */
static void rsc_hold_spans_bursts_and_stop_counts_held_frames(void **state)
{
	uint16_t a = port_of("net_taskoffH1"), b = port_of("net_taskoffH2");
	const struct rte_pmd_taskoff_rsc_info *info;
	struct rte_mbuf *got[8];
	unsigned int start = test_mempool_in_use(pool);
	uint64_t deadline;
	uint16_t n = 0;

	rx_setup_pair(a, b, 1, RTE_ETH_RX_OFFLOAD_TCP_LRO, false);
	send_flow_segs(a, 0, 4);
	assert_int_equal(rte_eth_rx_burst(b, 0, got, 8), 0);
	send_flow_segs(a, 4, 4);
	assert_int_equal(rte_eth_rx_burst(b, 0, got, 8), 0);
	deadline = rte_get_timer_cycles() + rte_get_timer_hz(); /* 1 s: the hold is 50 ms */
	while (n == 0 && rte_get_timer_cycles() < deadline)
		n = rte_eth_rx_burst(b, 0, got, 8);
	assert_int_equal(n, 1);
	assert_true(got[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(got[0]->pkt_len, 54 + 8000);
	info = RTE_MBUF_DYNFIELD(got[0], rte_pmd_taskoff_rsc_info_offset(),
				 const struct rte_pmd_taskoff_rsc_info *);
	assert_int_equal(info->coalesced_seg_count, 8);
	rte_pktmbuf_free(got[0]);
	/* three more segments are held when the port stops: freed, counted as frames */
	send_flow_segs(a, 8, 3);
	assert_int_equal(rte_eth_rx_burst(b, 0, got, 8), 0);
	assert_int_equal(xstat(b, "rx_port_stopped_dropped"), 0);
	rx_teardown_pair(a, b);
	assert_int_equal(xstat(b, "rx_port_stopped_dropped"), 3);
	assert_int_equal(xstat(b, "rx_packets"), 11);
	assert_int_equal(test_mempool_in_use(pool), start);
}

/* OVS asks 2048 descriptors per queue: accept up to 4096 like a real NIC. */
static void descriptor_limits_like_a_nic(void **state)
{
	uint16_t p = port_of("net_taskoffL");
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;

	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.rx_desc_lim.nb_max, 4096);
	assert_int_equal(info.tx_desc_lim.nb_max, 4096);
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 2048, SOCKET_ID_ANY, NULL, pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 2048, SOCKET_ID_ANY, NULL), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 4096, SOCKET_ID_ANY, NULL, pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 4096, SOCKET_ID_ANY, NULL), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 4097, SOCKET_ID_ANY, NULL, pool), -EINVAL);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 4097, SOCKET_ID_ANY, NULL), -EINVAL);
}

static uint64_t port_stat(uint16_t port, bool tx)
{
	struct rte_eth_stats st;

	assert_int_equal(rte_eth_stats_get(port, &st), 0);
	return tx ? st.opackets : st.ipackets;
}

/* Counts of released queues stay in the port's totals: stats never go backwards. */
static void stats_survive_fewer_queues(void **state)
{
	uint16_t a = port_of("net_taskoffA"), b = port_of("net_taskoffB"), q;
	unsigned int start = test_mempool_in_use(pool);
	uint64_t tx0 = port_stat(a, true), rx0 = port_stat(b, false);
	struct rte_mbuf *m[8];

	port_setup(a, 4);
	port_setup(b, 4);
	assert_int_equal(rte_eth_dev_start(b), 0);
	assert_int_equal(rte_eth_dev_start(a), 0);
	for (q = 0; q < 4; q++) {
		alloc_frames(m, 8, 60);
		assert_int_equal(rte_eth_tx_burst(a, q, m, 8), 8);
		assert_int_equal(rte_eth_rx_burst(b, q, m, 8), 8);
		rte_pktmbuf_free_bulk(m, 8);
	}
	assert_int_equal(port_stat(a, true) - tx0, 32);
	assert_int_equal(port_stat(b, false) - rx0, 32);
	assert_int_equal(rte_eth_dev_stop(a), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	port_setup(a, 2);
	port_setup(b, 2);
	assert_int_equal(port_stat(a, true) - tx0, 32);
	assert_int_equal(port_stat(b, false) - rx0, 32);
	assert_int_equal(xstat(a, "tx_packets"), (int)(port_stat(a, true)));
	assert_int_equal(test_mempool_in_use(pool), start);
}

static int setup(void **state)
{
	char *argv[] = {
	    "test_pmd_api",
	    "--no-huge",
	    "-m",
	    "512",
	    "--no-pci",
	    "--no-shconf",
	    "-l",
	    "0",
	    "--log-level",
	    "pmd.net.taskoff:info",
	    "--no-telemetry",
	    "--file-prefix",
	    "test_pmd_api",
	    "--vdev",
	    "net_taskoffA,peer=net_taskoffB,queues=4",
	    "--vdev",
	    "net_taskoffB,peer=net_taskoffA,queues=4",
	    "--vdev",
	    "net_taskoffL",
	    "--vdev",
	    "net_taskoffH1,peer=net_taskoffH2",
	    "--vdev",
	    "net_taskoffH2,peer=net_taskoffH1,rsc_hold_us=50000",
	};

	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	pool = test_pktmbuf_pool("test_pmd_pool", 8191, 2048);
	return pool == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	uint16_t p;

	if (pool == NULL)
		return -1;
	RTE_ETH_FOREACH_DEV(p)
	rte_eth_dev_close(p);
	if (test_mempool_in_use(pool) != 0)
		return -1;
	rte_mempool_free(pool);
	return rte_eal_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bad_devargs_fail_probe_cleanly),
	    cmocka_unit_test(tx_to_stopped_peer_is_counted_as_link_down),
	    cmocka_unit_test(full_wire_pushes_back_and_loses_nothing),
	    cmocka_unit_test(stats_reset_zeroes_what_the_app_sees),
	    cmocka_unit_test(configure_refuses_offload_not_offered),
	    cmocka_unit_test(rss_lands_on_queue_of_published_hash),
	    cmocka_unit_test(vmq_filter_beats_rss),
	    cmocka_unit_test(rx_checksums_flagged_and_counted),
	    cmocka_unit_test(lro_coalesces_only_when_enabled),
	    cmocka_unit_test(rsc_hold_spans_bursts_and_stop_counts_held_frames),
	    cmocka_unit_test(descriptor_limits_like_a_nic),
	    cmocka_unit_test(stats_survive_fewer_queues),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
