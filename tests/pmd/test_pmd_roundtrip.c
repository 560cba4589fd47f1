/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Round trip through two TaskOff ports: port A segments large TCP packets
 * (LSO, random sizes, MSS values and flow mix, IPv4 and IPv6), the peer wire
 * steers them with RSS, port B validates checksums and coalesces them (RSC).
 * Every flow's byte stream must come out exactly as it went in, every flow must
 * land on exactly one RX queue, and that queue and the hash must be what
 * rte_softrss computes on the same key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_thash.h>

#include "test_eal.h"

#define NB_FLOWS    12
#define NB_QUEUES   4
#define PKTS	    40 /* per flow */
#define MAX_PAYLOAD 14000

static const uint8_t ms_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
    0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
    0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

struct flow {
	bool v6;
	uint16_t sport;
	uint16_t mss;
	uint32_t isn;
	uint32_t sent;	   /* payload bytes sent */
	uint32_t received; /* payload bytes received in order */
	int queue;	   /* RX queue seen, -1 none yet */
	uint32_t hash;
};

static struct rte_mempool *pool;
static struct flow flows[NB_FLOWS];
static uint16_t port_a, port_b;

static uint8_t stream_byte(const struct flow *f, uint32_t off)
{
	return (uint8_t)(off * 13 + f->sport);
}

static uint32_t expected_hash(const struct flow *f)
{
	if (f->v6) {
		struct rte_ipv6_hdr ip6 = {0};
		union rte_thash_tuple t;

		ip6.src_addr[0] = 0xfd;
		ip6.src_addr[15] = (uint8_t)f->sport;
		ip6.dst_addr[0] = 0xfd;
		ip6.dst_addr[15] = 2;
		rte_thash_load_v6_addrs(&ip6, &t);
		t.v6.sport = f->sport;
		t.v6.dport = 80;
		return rte_softrss((uint32_t *)&t, RTE_THASH_V6_L4_LEN, ms_key);
	}
	struct rte_ipv4_tuple t = {
	    .src_addr = RTE_IPV4(10, 0, 1, f->sport & 0xff),
	    .dst_addr = RTE_IPV4(10, 0, 2, 1),
	    .sport = f->sport,
	    .dport = 80,
	};
	return rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, ms_key);
}

static struct rte_mbuf *build(struct flow *f, uint32_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint16_t l3 = f->v6 ? 40 : 20, hdr = 14 + l3 + 20;
	struct rte_ether_hdr *eth;
	struct rte_tcp_hdr *tcp;
	uint8_t *p;
	uint32_t i;

	assert_non_null(m);
	m->data_len = (uint16_t)(hdr + len);
	m->pkt_len = hdr + len;
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	memset(eth, 0, hdr);
	eth->dst_addr.addr_bytes[0] = 0x02;
	eth->ether_type = rte_cpu_to_be_16(f->v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	if (f->v6) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);

		ip6->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip6->payload_len = rte_cpu_to_be_16((uint16_t)(20 + len));
		ip6->proto = IPPROTO_TCP;
		ip6->hop_limits = 64;
		ip6->src_addr[0] = 0xfd;
		ip6->src_addr[15] = (uint8_t)f->sport;
		ip6->dst_addr[0] = 0xfd;
		ip6->dst_addr[15] = 2;
		m->ol_flags = RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_SEG;
		tcp = (struct rte_tcp_hdr *)(ip6 + 1);
	} else {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);

		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16((uint16_t)(40 + len));
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_TCP;
		ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 1, f->sport & 0xff));
		ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 2, 1));
		m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG;
		tcp = (struct rte_tcp_hdr *)(ip + 1);
	}
	tcp->src_port = rte_cpu_to_be_16(f->sport);
	tcp->dst_port = rte_cpu_to_be_16(80);
	tcp->sent_seq = rte_cpu_to_be_32(f->isn + f->sent);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(4000);
	p = (uint8_t *)(tcp + 1);
	for (i = 0; i < len; i++)
		p[i] = stream_byte(f, f->sent + i);
	m->l2_len = 14;
	m->l3_len = l3;
	m->l4_len = 20;
	m->tso_segsz = f->mss;
	f->sent += len;
	return m;
}

static struct flow *flow_of(const struct rte_mbuf *m, uint32_t *seq, uint32_t *payload_off,
			    uint32_t *len)
{
	uint8_t hdr[74];
	const uint8_t *h = rte_pktmbuf_read(m, 0, 54, hdr);
	uint16_t et = (uint16_t)(h[12] << 8 | h[13]), l3 = et == RTE_ETHER_TYPE_IPV6 ? 40 : 20;
	const struct rte_tcp_hdr *tcp;
	uint16_t sport;

	h = rte_pktmbuf_read(m, 0, 14 + l3 + 20, hdr);
	tcp = (const struct rte_tcp_hdr *)(h + 14 + l3);
	sport = rte_be_to_cpu_16(tcp->src_port);
	*seq = rte_be_to_cpu_32(tcp->sent_seq);
	*payload_off = 14 + l3 + (tcp->data_off >> 4) * 4;
	*len = m->pkt_len - *payload_off;
	for (int i = 0; i < NB_FLOWS; i++)
		if (flows[i].sport == sport)
			return &flows[i];
	return NULL;
}

static void receive_one(struct rte_mbuf *m, uint16_t q)
{
	uint32_t seq, off, len, i;
	uint8_t buf[RTE_IPV4_MAX_PKT_LEN];
	const uint8_t *p;
	struct flow *f = flow_of(m, &seq, &off, &len);

	assert_non_null(f);
	assert_int_equal(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	assert_true(m->ol_flags & RTE_MBUF_F_RX_RSS_HASH);
	assert_int_equal(m->hash.rss, f->hash);
	if (f->queue < 0)
		f->queue = q;
	assert_int_equal(f->queue, q); /* one flow, one queue */
	assert_int_equal(seq, f->isn + f->received);
	p = rte_pktmbuf_read(m, off, len, buf);
	for (i = 0; i < len; i++)
		if (p[i] != stream_byte(f, f->received + i))
			fail_msg("flow %u byte %u differs", f->sport, f->received + i);
	f->received += len;
}

static unsigned int drain(void)
{
	struct rte_mbuf *m[64];
	unsigned int total = 0;
	uint16_t q, n, i;

	for (q = 0; q < NB_QUEUES; q++) {
		while ((n = rte_eth_rx_burst(port_b, q, m, 64)) != 0) {
			for (i = 0; i < n; i++)
				receive_one(m[i], q);
			rte_pktmbuf_free_bulk(m, n);
			total += n;
		}
	}
	return total;
}

static void setup_ports(const char *name_a, const char *name_b)
{
	struct rte_eth_conf a = {0}, b = {0};
	uint16_t q;

	a.txmode.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			    RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	b.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	b.rxmode.offloads =
	    RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_CHECKSUM | RTE_ETH_RX_OFFLOAD_RSS_HASH;
	b.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV6_TCP;
	assert_int_equal(rte_eth_dev_get_port_by_name(name_a, &port_a), 0);
	assert_int_equal(rte_eth_dev_get_port_by_name(name_b, &port_b), 0);
	assert_int_equal(rte_eth_dev_configure(port_a, NB_QUEUES, NB_QUEUES, &a), 0);
	assert_int_equal(rte_eth_dev_configure(port_b, NB_QUEUES, NB_QUEUES, &b), 0);
	for (q = 0; q < NB_QUEUES; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(port_a, q, 512, SOCKET_ID_ANY, NULL, pool),
				 0);
		assert_int_equal(rte_eth_tx_queue_setup(port_a, q, 512, SOCKET_ID_ANY, NULL), 0);
		assert_int_equal(rte_eth_rx_queue_setup(port_b, q, 512, SOCKET_ID_ANY, NULL, pool),
				 0);
		assert_int_equal(rte_eth_tx_queue_setup(port_b, q, 512, SOCKET_ID_ANY, NULL), 0);
	}
	assert_int_equal(rte_eth_dev_start(port_a), 0);
	assert_int_equal(rte_eth_dev_start(port_b), 0);
}

/* Every flow's bytes all arrived; SCUs held by rsc_hold_us come with the first poll after it. */
static bool all_received(void)
{
	unsigned int i;

	for (i = 0; i < NB_FLOWS; i++)
		if (flows[i].received != flows[i].sent)
			return false;
	return true;
}

static void drain_until_all_received(void)
{
	uint64_t deadline = rte_get_timer_cycles() + 2 * rte_get_timer_hz();

	while (drain() != 0 || (!all_received() && rte_get_timer_cycles() < deadline))
		;
}

static void round_trip(const char *name_a, const char *name_b)
{
	unsigned int start = test_mempool_in_use(pool), round, i, sent_pkts = 0;
	struct rte_mbuf *burst[NB_FLOWS];
	uint64_t xid;
	uint64_t scus = 0;

	srand(4242);
	for (i = 0; i < NB_FLOWS; i++) {
		/* MSS up to what the 1500-byte MTU allows (the IPv6 header is 20 bytes longer) */
		flows[i] = (struct flow){.v6 = i % 3 == 2,
					 .sport = (uint16_t)(20000 + i * 7),
					 .mss = (uint16_t)(536 + rand() % (i % 3 == 2 ? 905 : 925)),
					 .isn = (uint32_t)rand() * 2654435761u,
					 .queue = -1};
		flows[i].hash = expected_hash(&flows[i]);
	}
	setup_ports(name_a, name_b);
	/* like XPS on a host: each flow always leaves through the same TX queue */
	for (round = 0; round < PKTS; round++) {
		for (uint16_t txq = 0; txq < NB_QUEUES; txq++) {
			uint16_t n = 0, done = 0;

			for (i = txq; i < NB_FLOWS; i += NB_QUEUES) {
				struct flow *f = &flows[i];
				uint32_t len =
				    f->mss * 2u + (uint32_t)rand() % (MAX_PAYLOAD - f->mss * 2u);

				burst[n++] = build(f, len);
			}
			while (done < n) {
				done += rte_eth_tx_burst(port_a, txq, burst + done,
							 (uint16_t)(n - done));
				drain();
			}
			sent_pkts += n;
		}
	}
	for (uint16_t txq = 0; txq < NB_QUEUES; txq++) /* push any backlog out */
		while (rte_eth_tx_burst(port_a, txq, burst, 0) != 0 || drain() != 0)
			;
	drain_until_all_received();
	for (i = 0; i < NB_FLOWS; i++) {
		assert_int_equal(flows[i].received, flows[i].sent);
		assert_int_equal(flows[i].queue, (int)((flows[i].hash & 127) % NB_QUEUES));
	}
	assert_int_equal(rte_eth_xstats_get_id_by_name(port_a, "lso_packets", &xid), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(port_a, &xid, &scus, 1), 1);
	assert_int_equal(scus, sent_pkts);
	assert_int_equal(rte_eth_xstats_get_id_by_name(port_b, "rsc_coalesced_pkts", &xid), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(port_b, &xid, &scus, 1), 1);
	print_message("%u packets, %" PRIu64 " SCUs delivered\n", sent_pkts, scus);
	assert_true(scus > 0);
	assert_int_equal(rte_eth_xstats_get_id_by_name(port_b, "rx_too_big_dropped", &xid), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(port_b, &xid, &scus, 1), 1);
	assert_int_equal(scus, 0);
	assert_int_equal(rte_eth_dev_stop(port_a), 0);
	assert_int_equal(rte_eth_dev_stop(port_b), 0);
	assert_int_equal(test_mempool_in_use(pool), start);
}

static void lso_to_rsc_round_trip_keeps_every_byte(void **state)
{
	round_trip("net_taskoffA", "net_taskoffB");
}

/* The same with SCUs held across bursts for up to 200 us (rsc_hold_us). */
static void lso_to_rsc_round_trip_with_rsc_hold(void **state)
{
	round_trip("net_taskoffC", "net_taskoffD");
}

static int setup(void **state)
{
	char *argv[] = {
	    "test_pmd_roundtrip",
	    "--no-huge",
	    "-m",
	    "1024",
	    "--no-pci",
	    "--no-shconf",
	    "-l",
	    "0",
	    "--no-telemetry",
	    "--file-prefix",
	    "test_pmd_roundtrip",
	    "-d",
	    TASKOFF_PMD_PATH,
	    "--vdev",
	    "net_taskoffA,peer=net_taskoffB,queues=4",
	    "--vdev",
	    "net_taskoffB,peer=net_taskoffA,queues=4",
	    "--vdev",
	    "net_taskoffC,peer=net_taskoffD,queues=4",
	    "--vdev",
	    "net_taskoffD,peer=net_taskoffC,queues=4,rsc_hold_us=200",
	};

	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("rt_pool", 8191, 256, 0, RTE_PKTMBUF_HEADROOM + 16384,
				       SOCKET_ID_ANY);
	return pool == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p)
	rte_eth_dev_close(p);
	rte_mempool_free(pool);
	return rte_eal_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lso_to_rsc_round_trip_keeps_every_byte),
	    cmocka_unit_test(lso_to_rsc_round_trip_with_rsc_hold),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
