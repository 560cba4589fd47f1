/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stress: reconfiguration against the datapath of two peered net_taskoff ports.
 *
 * Three actors run at once for TASKOFF_STRESS_SECONDS (default 20):
 *  - the traffic lcore sends LSO packets (TCP/IPv4 and IPv6, 16 flows, 4-64 KB,
 *    chained mbufs, testpmd's flags) on every TX queue of port 0 and polls every
 *    RX queue of port 1 (LRO on);
 *  - the control thread drives the real control socket of port 1: rss.set,
 *    vmq.filter_add/remove, offload.set_parameters toggles, and stats.get on both
 *    ports, without pause while the application reconfigures;
 *  - the application thread reads stats and xstats, resets stats live, and
 *    every few tens of milliseconds pauses the traffic lcore (as DPDK requires)
 *    to stop and start the ports, or to reconfigure them with 2 <-> 4 queues.
 *
 * Checks: (a) every wire frame the application sent was delivered or counted
 * as dropped (see struct epoch); (b) every delivered frame is on the RX queue
 * that a steering state published between its send and its receipt names; (c)
 * mempools come back to their start level; (d) ASan/UBSan stay quiet (with
 * stress_malloc_asan.c, the PMD's objects are ASan-visible). The last line is
 * "PASS" or "FAIL: <first failure>".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_thash.h>

#include "rte_pmd_taskoff.h"

#define NB_FLOWS     16
#define MAX_QUEUES   4
#define VMQ_QUEUE    1 /* exists with 2 and 4 queues */
#define SEG_DATA     8192
#define POOL_MBUFS   8191
#define PAYLOAD_MIN  4096
#define PAYLOAD_MAX  65000
#define LOG_SIZE     4096 /* packets remembered per flow */
#define MAX_GENS     (1u << 17)
#define RETA_SIZE    128
#define KEY_LEN	     40
#define RX_BURST     32
#define DEFAULT_SECS 20

#define P0 0 /* sender: net_taskoff0 */
#define P1 1 /* receiver: net_taskoff1, steered by the control thread */

/*
 * Failures: the first one is the verdict. The run goes on to its end (the first
 * few failures of each check are printed), so that one failed check does not hide the
 * others, nor keep ASan from reporting; TASKOFF_STRESS_KEEP_GOING=0 stops every
 * actor at the first failure. fatalf: the run cannot go on (set-up, a lcore that
 * does not answer).
 */
#define REPORTS_PER_CHECK 3
#define MAX_CHECKS	  64

static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static char first_failure[1024];
static unsigned int nb_failures;
static int failed, fatal, keep_going = 1;
/* failures per check (a check is a format string) */
static const char *checks[MAX_CHECKS];
static unsigned int check_failures[MAX_CHECKS], nb_checks;

static unsigned int *failures_of(const char *fmt)
{
	unsigned int i;

	for (i = 0; i < nb_checks; i++)
		if (checks[i] == fmt)
			return &check_failures[i];
	if (nb_checks == MAX_CHECKS)
		return &check_failures[MAX_CHECKS - 1];
	checks[nb_checks] = fmt;
	return &check_failures[nb_checks++];
}

static void vfailf(bool is_fatal, const char *fmt, va_list ap)
{
	char msg[1024];
	unsigned int *n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	pthread_mutex_lock(&fail_lock);
	if (nb_failures++ == 0)
		snprintf(first_failure, sizeof(first_failure), "%s", msg);
	n = failures_of(fmt);
	if ((*n)++ < REPORTS_PER_CHECK)
		fprintf(stderr, "stress: %s\n", msg);
	__atomic_store_n(&failed, 1, __ATOMIC_RELEASE);
	if (is_fatal || !keep_going)
		__atomic_store_n(&fatal, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&fail_lock);
}

static void failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfailf(false, fmt, ap);
	va_end(ap);
}

static void fatalf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfailf(true, fmt, ap);
	va_end(ap);
}

/* Should the actors stop? */
static bool has_failed(void)
{
	return __atomic_load_n(&fatal, __ATOMIC_ACQUIRE) != 0;
}

/* xorshift64*: one generator per thread, all seeded from the printed seed */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- flows ---- */

struct sent_pkt {
	uint32_t off; /* stream offset of the first payload byte */
	uint32_t len;
	uint32_t gen; /* steering generation read before the tx_burst that took it */
};

struct flow {
	bool v6;
	bool vmq_mac; /* destination MAC of the VMQ filter */
	uint16_t sport;
	uint16_t mss;
	uint32_t isn;
	uint32_t next_off; /* payload bytes the PMD consumed */
	uint32_t nb_logged;
	struct sent_pkt log[LOG_SIZE];
};

static struct flow flows[NB_FLOWS];
static const struct rte_ether_addr vmq_mac = {{0x02, 0, 0, 0, 0, 0xaa}};
static const struct rte_ether_addr other_mac = {{0x02, 0, 0, 0, 0, 0xbb}};

static uint8_t stream_byte(const struct flow *f, uint32_t off)
{
	return (uint8_t)(off * 13u + f->sport);
}

static void flows_init(uint64_t *s)
{
	unsigned int i;

	for (i = 0; i < NB_FLOWS; i++) {
		struct flow *f = &flows[i];

		f->v6 = i % 3 == 2;
		f->vmq_mac = i == 0 || i == 2; /* one IPv4 and one IPv6 flow */
		f->sport = (uint16_t)(30000 + i);
		f->mss = f->v6 ? 1380 : 1400;
		f->isn = (uint32_t)rnd(s);
	}
}

static struct flow *flow_by_sport(uint16_t sport)
{
	return sport >= 30000 && sport < 30000 + NB_FLOWS ? &flows[sport - 30000] : NULL;
}

static void flow_addrs4(const struct flow *f, uint32_t *src, uint32_t *dst)
{
	*src = RTE_IPV4(10, 0, 1, (f->sport & 0x7f) + 1);
	*dst = RTE_IPV4(10, 0, 2, (f->sport * 7u & 0x7f) + 1);
}

static void flow_addrs6(const struct flow *f, uint8_t *src, uint8_t *dst)
{
	memset(src, 0, 16);
	memset(dst, 0, 16);
	src[0] = 0xfd;
	src[15] = (uint8_t)f->sport;
	dst[0] = 0xfd;
	dst[1] = 1;
	dst[15] = (uint8_t)(f->sport * 3u);
}

/* ---- the steering model: what the test published to port 1 ---- */

struct steer_model {
	uint8_t key[KEY_LEN];
	uint16_t reta[RETA_SIZE];
	uint64_t rss_hf; /* RTE_ETH_RSS_IPV4 / NONFRAG_IPV4_TCP / IPV6 / NONFRAG_IPV6_TCP */
	bool vmq_on;
	uint16_t nq;
};

/*
 * Generations: expected[g][flow] is the RX queue of each flow under the g-th
 * state the test published. A publisher (holding model_lock) writes slot g+1
 * before the request leaves, so it is complete before the PMD can use it, and
 * stores gen = g+1 only after the PMD said it took it. A frame the lcore sent
 * after reading gen = g0 and received when gen = g1 was steered by a state in
 * g0 .. g1 + 1 (g1 + 1: published, not yet acknowledged).
 */
static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;
static struct steer_model model;
static uint8_t expected[MAX_GENS][NB_FLOWS];
static uint32_t gen;

static const uint64_t hf_sets[] = {
    RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6 |
	RTE_ETH_RSS_NONFRAG_IPV6_TCP,
    RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_IPV6,
    RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6,
    RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV6_TCP,
};

/* Toeplitz hash as NDIS defines it; false when no enabled type applies. */
static bool model_hash(const struct steer_model *m, const struct flow *f, uint32_t *hash)
{
	union rte_thash_tuple t;
	struct rte_ipv6_hdr ip6;
	uint32_t src, dst;

	memset(&t, 0, sizeof(t));
	if (!f->v6) {
		flow_addrs4(f, &src, &dst);
		t.v4.src_addr = src;
		t.v4.dst_addr = dst;
		t.v4.sport = f->sport;
		t.v4.dport = 80;
		if (m->rss_hf & RTE_ETH_RSS_NONFRAG_IPV4_TCP)
			*hash = rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, m->key);
		else if (m->rss_hf & RTE_ETH_RSS_IPV4)
			*hash = rte_softrss((uint32_t *)&t, RTE_THASH_V4_L3_LEN, m->key);
		else
			return false;
		return true;
	}
	flow_addrs6(f, ip6.src_addr, ip6.dst_addr);
	rte_thash_load_v6_addrs(&ip6, &t);
	t.v6.sport = f->sport;
	t.v6.dport = 80;
	if (m->rss_hf & RTE_ETH_RSS_NONFRAG_IPV6_TCP)
		*hash = rte_softrss((uint32_t *)&t, RTE_THASH_V6_L4_LEN, m->key);
	else if (m->rss_hf & RTE_ETH_RSS_IPV6)
		*hash = rte_softrss((uint32_t *)&t, RTE_THASH_V6_L3_LEN, m->key);
	else
		return false;
	return true;
}

static uint8_t model_queue(const struct steer_model *m, const struct flow *f)
{
	uint32_t hash;
	uint16_t q;

	if (m->vmq_on && f->vmq_mac)
		return VMQ_QUEUE;
	if (!model_hash(m, f, &hash))
		return 0;
	q = m->reta[hash % RETA_SIZE];
	return (uint8_t)(q < m->nq ? q : 0);
}

static uint32_t gen_load(void)
{
	return __atomic_load_n(&gen, __ATOMIC_ACQUIRE);
}

/* Caller holds model_lock. The slot @p cand will have, or 0 when the table is full. */
static uint32_t gen_prepare(const struct steer_model *cand)
{
	uint32_t g = gen_load() + 1, i;

	if (g >= MAX_GENS)
		return 0;
	for (i = 0; i < NB_FLOWS; i++)
		__atomic_store_n(&expected[g][i], model_queue(cand, &flows[i]), __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return g;
}

/* Caller holds model_lock; the PMD took @p cand. */
static void gen_commit(uint32_t g, const struct steer_model *cand)
{
	model = *cand;
	__atomic_store_n(&gen, g, __ATOMIC_RELEASE);
}

/* A RETA over queues 1..nq-1: queue 0 is never named, so a frame steered by a
 * zeroed (freed) state stands out. */
static void random_reta(struct steer_model *m, uint64_t *s)
{
	unsigned int i;

	for (i = 0; i < RETA_SIZE; i++)
		m->reta[i] = (uint16_t)(1 + rnd(s) % (m->nq - 1u));
}

/* ---- pause handshake between the application thread and the traffic lcore ---- */

static uint32_t pause_req, paused, drain_req, stop_traffic, in_pause_window;
static uint16_t traffic_nq; /* TX queues of port 0 = RX queues of port 1; set while paused */

/* Written by the traffic lcore only; read by the application while it is paused. */
struct traffic_counts {
	uint64_t bursts, packets, frames_sent, frames_recv, scus, bytes_recv, rx_polls;
};
static struct traffic_counts tc;

static struct rte_mempool *pool;
static int rsc_off;

/* ---- traffic lcore: send ---- */

static struct rte_mbuf *append_chain(struct rte_mbuf *head, struct rte_mbuf **tail)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);

	if (m == NULL)
		return NULL;
	(*tail)->next = m;
	*tail = m;
	head->nb_segs++;
	return m;
}

/* Payload bytes [off, off + len) of @p f after @p used bytes of the first segment. */
static int fill_payload(struct rte_mbuf *head, const struct flow *f, uint16_t hdr, uint32_t len)
{
	struct rte_mbuf *seg = head;
	uint32_t done = 0, room = SEG_DATA - hdr, n, i;
	uint8_t *p = rte_pktmbuf_mtod_offset(head, uint8_t *, hdr);

	head->data_len = hdr;
	for (;;) {
		n = RTE_MIN(room, len - done);
		for (i = 0; i < n; i++)
			p[i] = stream_byte(f, f->next_off + done + i);
		seg->data_len = (uint16_t)(seg->data_len + n);
		done += n;
		if (done == len)
			break;
		if (append_chain(head, &seg) == NULL)
			return -ENOMEM;
		p = rte_pktmbuf_mtod(seg, uint8_t *);
		room = SEG_DATA;
	}
	head->pkt_len = hdr + len;
	return 0;
}

static void build_l3_l4(struct rte_mbuf *m, const struct flow *f, uint32_t len)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_tcp_hdr *tcp;

	eth->dst_addr = f->vmq_mac ? vmq_mac : other_mac;
	eth->src_addr = other_mac;
	eth->src_addr.addr_bytes[5] = 0x01;
	if (f->v6) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
		memset(ip6, 0, sizeof(*ip6));
		ip6->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip6->payload_len = rte_cpu_to_be_16((uint16_t)(20 + len));
		ip6->proto = IPPROTO_TCP;
		ip6->hop_limits = 64;
		flow_addrs6(f, ip6->src_addr, ip6->dst_addr);
		m->ol_flags = RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_SEG;
		tcp = (struct rte_tcp_hdr *)(ip6 + 1);
		memset(tcp, 0, sizeof(*tcp));
		m->l3_len = sizeof(*ip6);
	} else {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
		uint32_t src, dst;

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		memset(ip, 0, sizeof(*ip));
		flow_addrs4(f, &src, &dst);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16((uint16_t)(40 + len));
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_TCP;
		ip->src_addr = rte_cpu_to_be_32(src);
		ip->dst_addr = rte_cpu_to_be_32(dst);
		m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
		tcp = (struct rte_tcp_hdr *)(ip + 1);
		memset(tcp, 0, sizeof(*tcp));
		m->l3_len = sizeof(*ip);
	}
	tcp->src_port = rte_cpu_to_be_16(f->sport);
	tcp->dst_port = rte_cpu_to_be_16(80);
	tcp->sent_seq = rte_cpu_to_be_32(f->isn + f->next_off);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(8000);
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l4_len = sizeof(*tcp);
	m->tso_segsz = f->mss;
	/* testpmd's csum engine: the pseudo-header sum, without the length for TSO */
	if (f->v6)
		tcp->cksum = rte_ipv6_phdr_cksum((struct rte_ipv6_hdr *)(eth + 1), m->ol_flags);
	else
		tcp->cksum = rte_ipv4_phdr_cksum((struct rte_ipv4_hdr *)(eth + 1), m->ol_flags);
}

/* One LSO packet of @p len payload bytes at the flow's next offset, or NULL (pool dry). */
static struct rte_mbuf *build_packet(const struct flow *f, uint32_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint16_t hdr = (uint16_t)(RTE_ETHER_HDR_LEN + (f->v6 ? 40 : 20) + 20);

	if (m == NULL)
		return NULL;
	if (fill_payload(m, f, hdr, len) != 0) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	build_l3_l4(m, f, len);
	return m;
}

static void log_packet(struct flow *f, uint32_t len, uint32_t g)
{
	struct sent_pkt *e = &f->log[f->nb_logged++ % LOG_SIZE];

	e->off = f->next_off;
	e->len = len;
	e->gen = g;
	f->next_off += len;
}

/* One packet per flow mapped to TX queue @p q (flow i leaves through queue i % nq). */
static void send_on_queue(uint16_t q, uint16_t nq, uint64_t *s)
{
	struct rte_mbuf *pkts[NB_FLOWS];
	struct flow *fl[NB_FLOWS];
	uint32_t lens[NB_FLOWS], g0 = gen_load();
	uint16_t n = 0, prepared, sent, i;

	for (i = q; i < NB_FLOWS; i += nq) {
		lens[n] = PAYLOAD_MIN + (uint32_t)(rnd(s) % (PAYLOAD_MAX - PAYLOAD_MIN + 1));
		pkts[n] = build_packet(&flows[i], lens[n]);
		if (pkts[n] == NULL)
			break;
		fl[n++] = &flows[i];
	}
	if (n == 0)
		return;
	prepared = rte_eth_tx_prepare(P0, q, pkts, n);
	if (prepared != n)
		failf("tx_prepare refused a valid LSO packet of flow %u: %s", fl[prepared]->sport,
		      rte_strerror(rte_errno));
	sent = rte_eth_tx_burst(P0, q, pkts, prepared);
	for (i = 0; i < sent; i++) {
		tc.frames_sent += (lens[i] + fl[i]->mss - 1) / fl[i]->mss;
		log_packet(fl[i], lens[i], g0);
	}
	tc.packets += sent;
	tc.bursts++;
	if (sent < n)
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
}

/* ---- traffic lcore: receive and check ---- */

/* Generation read before the packet holding stream offset @p off was sent. */
static bool sent_gen(const struct flow *f, uint32_t off, uint32_t *g)
{
	uint32_t i, n = RTE_MIN(f->nb_logged, (uint32_t)LOG_SIZE);

	for (i = 1; i <= n; i++) {
		const struct sent_pkt *e = &f->log[(f->nb_logged - i) % LOG_SIZE];

		if (off - e->off < e->len) {
			*g = e->gen;
			return true;
		}
	}
	return false;
}

static void check_queue(const struct flow *f, uint32_t off, uint16_t q)
{
	uint32_t g0, g1 = gen_load() + 1, g;
	unsigned int idx = (unsigned int)(f - flows);

	if (!sent_gen(f, off, &g0)) {
		failf("flow %u: frame at stream offset %u matches no packet sent", f->sport, off);
		return;
	}
	g1 = RTE_MIN(g1, MAX_GENS - 1);
	for (g = g0; g <= g1; g++)
		if (__atomic_load_n(&expected[g][idx], __ATOMIC_RELAXED) == q)
			return;
	failf("flow %u (stream offset %u) landed on RX queue %u; steering generations %u..%u "
	      "name queue %u (first) / %u (last)",
	      f->sport, off, q, g0, g1, expected[g0][idx], expected[g1][idx]);
}

static void check_payload(const struct rte_mbuf *m, const struct flow *f, uint32_t hdr,
			  uint32_t off, uint32_t len)
{
	uint8_t b[2];
	const uint8_t *first = rte_pktmbuf_read(m, hdr, 1, &b[0]);
	const uint8_t *last = rte_pktmbuf_read(m, hdr + len - 1, 1, &b[1]);

	if (first == NULL || last == NULL || *first != stream_byte(f, off) ||
	    *last != stream_byte(f, off + len - 1))
		failf("flow %u: payload at stream offset %u (%u bytes) corrupted", f->sport, off,
		      len);
}

static void receive_one(struct rte_mbuf *m, uint16_t q)
{
	uint8_t buf[RTE_ETHER_HDR_LEN + 40 + 20];
	const uint8_t *h = rte_pktmbuf_read(m, 0, RTE_ETHER_HDR_LEN + 20 + 20, buf);
	bool v6 = h != NULL && h[12] == 0x86 && h[13] == 0xdd;
	uint32_t l3 = v6 ? 40 : 20, hdr = RTE_ETHER_HDR_LEN + l3 + 20, off, len;
	const struct rte_tcp_hdr *tcp;
	const struct flow *f;

	h = rte_pktmbuf_read(m, 0, hdr, buf);
	tcp = h != NULL ? (const struct rte_tcp_hdr *)(h + RTE_ETHER_HDR_LEN + l3) : NULL;
	f = tcp != NULL ? flow_by_sport(rte_be_to_cpu_16(tcp->src_port)) : NULL;
	if (f == NULL || f->v6 != v6 || m->pkt_len <= hdr) {
		failf("RX queue %u delivered a frame of no flow (%u bytes)", q, m->pkt_len);
		return;
	}
	if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_GOOD)
		failf("flow %u: TCP checksum not reported good", f->sport);
	off = rte_be_to_cpu_32(tcp->sent_seq) - f->isn;
	len = m->pkt_len - hdr;
	tc.frames_recv += (m->ol_flags & RTE_MBUF_F_RX_LRO)
			      ? RTE_MBUF_DYNFIELD(m, rsc_off, struct rte_pmd_taskoff_rsc_info *)
				    ->coalesced_seg_count
			      : 1;
	tc.scus++;
	tc.bytes_recv += len;
	check_payload(m, f, hdr, off, len);
	check_queue(f, off, q);
}

static unsigned int receive_all(uint16_t nq)
{
	struct rte_mbuf *m[RX_BURST];
	unsigned int total = 0, rounds;
	uint16_t q, n, i;

	for (q = 0; q < nq; q++) {
		for (rounds = 0; rounds < 16; rounds++) {
			n = rte_eth_rx_burst(P1, q, m, RX_BURST);
			tc.rx_polls++;
			if (n == 0)
				break;
			for (i = 0; i < n; i++)
				receive_one(m[i], q);
			rte_pktmbuf_free_bulk(m, n);
			total += n;
		}
	}
	return total;
}

/* Push every TX backlog out and receive everything (no frame left for stop to drop). */
static void drain(uint16_t nq)
{
	unsigned int quiet = 0;
	uint16_t q;

	while (quiet < 3) {
		for (q = 0; q < nq; q++)
			rte_eth_tx_burst(P0, q, NULL, 0);
		quiet = receive_all(nq) == 0 ? quiet + 1 : 0;
	}
}

/* Paused: touch no port until the application releases us. */
static uint16_t pause_point(uint16_t nq)
{
	if (__atomic_load_n(&drain_req, __ATOMIC_ACQUIRE))
		drain(nq);
	__atomic_store_n(&paused, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&pause_req, __ATOMIC_ACQUIRE))
		usleep(50); /* leave the core to the control threads meanwhile */
	nq = __atomic_load_n(&traffic_nq, __ATOMIC_ACQUIRE);
	__atomic_store_n(&paused, 0, __ATOMIC_RELEASE);
	return nq;
}

static int traffic_main(void *arg)
{
	uint64_t s = *(const uint64_t *)arg;
	uint16_t nq = __atomic_load_n(&traffic_nq, __ATOMIC_ACQUIRE), q;

	while (!__atomic_load_n(&stop_traffic, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&pause_req, __ATOMIC_ACQUIRE)) {
			nq = pause_point(nq);
			continue;
		}
		for (q = 0; q < nq && !has_failed(); q++) {
			send_on_queue(q, nq, &s);
			/* a pause here leaves frames on the wire for the stop to drop */
			if (__atomic_load_n(&pause_req, __ATOMIC_ACQUIRE))
				break;
			receive_all(nq);
		}
		if (has_failed()) /* keep answering pauses, send nothing more */
			usleep(100);
	}
	return 0;
}

/* ---- control socket client ---- */

struct ctl {
	int fd;
	unsigned int next_id;
	size_t have;
	char buf[1 << 17];
};

static int ctl_connect(struct ctl *c, const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int tries;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	for (tries = 0; tries < 200; tries++) {
		c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (c->fd < 0)
			return -errno;
		if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return 0;
		close(c->fd);
		usleep(10000);
	}
	return -ECONNREFUSED;
}

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n != 0) {
		w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The next line from the server (NUL-terminated in c->buf), or NULL. */
static char *read_line(struct ctl *c, size_t *line_len)
{
	char *nl;
	ssize_t r;

	for (;;) {
		nl = memchr(c->buf, '\n', c->have);
		if (nl != NULL) {
			*nl = '\0';
			*line_len = (size_t)(nl - c->buf) + 1;
			return c->buf;
		}
		if (c->have >= sizeof(c->buf) - 1)
			return NULL;
		r = read(c->fd, c->buf + c->have, sizeof(c->buf) - 1 - c->have);
		if (r <= 0)
			return NULL;
		c->have += (size_t)r;
	}
}

/* Call @p method with @p params (reference stolen): the result, or NULL (reported). */
static json_t *ctl_call(struct ctl *c, const char *method, json_t *params)
{
	json_t *req = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id",
				(json_int_t)++c->next_id, "method", method, "params", params);
	char *text = json_dumps(req, JSON_COMPACT), *line;
	json_t *resp, *result;
	size_t used;

	json_decref(req);
	if (text == NULL || write_all(c->fd, text, strlen(text)) != 0 ||
	    write_all(c->fd, "\n", 1) != 0 || (line = read_line(c, &used)) == NULL) {
		free(text);
		fatalf("%s: control socket closed", method);
		return NULL;
	}
	free(text);
	resp = json_loads(line, 0, NULL);
	memmove(c->buf, c->buf + used, c->have - used);
	c->have -= used;
	result = json_incref(json_object_get(resp, "result"));
	if (result == NULL) {
		text = json_dumps(json_object_get(resp, "error"), JSON_COMPACT | JSON_ENCODE_ANY);
		failf("%s refused: %s", method, text != NULL ? text : "no result, no error");
		free(text);
	}
	json_decref(resp);
	return result;
}

/* ---- control thread ---- */

struct ctl_counts {
	uint64_t stats_reads, rss_sets, vmq_changes, offload_toggles, busy_skips;
};
static struct ctl_counts cc; /* control thread only; read after join */
static uint32_t stop_ctl;
static char ctl_path[108];

/* stats.get of @p port: every counter a sane non-negative number (never "negative"). */
static void ctl_stats(struct ctl *c, int port)
{
	json_t *r = ctl_call(c, "stats.get", json_pack("{s:i}", "port", port));
	json_t *counters = json_object_get(r, "counters"), *v;
	const char *name;

	if (r == NULL)
		return;
	json_object_foreach(counters, name, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > (json_int_t)1 << 50) {
			failf("stats.get port %d: %s = %" JSON_INTEGER_FORMAT
			      " (a counter went backwards or was read torn)",
			      port, name, json_integer_value(v));
			break;
		}
	}
	cc.stats_reads++;
	json_decref(r);
}

static json_t *rss_params(const struct steer_model *m, bool with_key)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} names[] = {{RTE_ETH_RSS_IPV4, "ipv4"},
		     {RTE_ETH_RSS_NONFRAG_IPV4_TCP, "tcp4"},
		     {RTE_ETH_RSS_IPV6, "ipv6"},
		     {RTE_ETH_RSS_NONFRAG_IPV6_TCP, "tcp6"}};
	json_t *p = json_pack("{s:i}", "port", P1), *reta = json_array(), *types = json_array();
	char hex[2 * KEY_LEN + 1];
	unsigned int i;

	for (i = 0; i < RETA_SIZE; i++)
		json_array_append_new(reta, json_integer(m->reta[i]));
	for (i = 0; i < RTE_DIM(names); i++)
		if (m->rss_hf & names[i].bit)
			json_array_append_new(types, json_string(names[i].name));
	json_object_set_new(p, "reta", reta);
	json_object_set_new(p, "hash_types", types);
	if (with_key) {
		for (i = 0; i < KEY_LEN; i++)
			snprintf(hex + 2 * i, 3, "%02x", m->key[i]);
		json_object_set_new(p, "key", json_string(hex));
	}
	return p;
}

/* Caller holds model_lock: publish a candidate through @p method, then commit it. */
static void ctl_publish(struct ctl *c, const char *method, json_t *params,
			const struct steer_model *cand)
{
	uint32_t g = gen_prepare(cand);
	json_t *r;

	if (g == 0) {
		json_decref(params);
		return;
	}
	r = ctl_call(c, method, params);
	if (r == NULL)
		return;
	json_decref(r);
	gen_commit(g, cand);
}

static void ctl_rss_set(struct ctl *c, uint64_t *s)
{
	struct steer_model cand = model;
	bool new_key = rnd(s) & 1;
	unsigned int i;

	if (new_key)
		for (i = 0; i < KEY_LEN; i++)
			cand.key[i] = (uint8_t)rnd(s);
	random_reta(&cand, s);
	cand.rss_hf = hf_sets[rnd(s) % RTE_DIM(hf_sets)];
	ctl_publish(c, "rss.set", rss_params(&cand, new_key), &cand);
	cc.rss_sets++;
}

static void ctl_vmq_toggle(struct ctl *c)
{
	struct steer_model cand = model;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(mac, sizeof(mac), &vmq_mac);
	cand.vmq_on = !model.vmq_on;
	ctl_publish(c, cand.vmq_on ? "vmq.filter_add" : "vmq.filter_remove",
		    json_pack("{s:i, s:s, s:i}", "port", P1, "mac", mac, "queue", VMQ_QUEUE),
		    &cand);
	cc.vmq_changes++;
}

/* RSC for IPv4 and LSOv2 for IPv6 on the receiving port: configuration publishes that
 * change coalescing (never delivery) and what dev_infos_get/dev_configure see. */
static void ctl_offload_toggle(struct ctl *c, uint64_t *s)
{
	static const char *const fields[] = {"RscIPv4", "LsoV2IPv6"};
	const char *field = fields[rnd(s) % RTE_DIM(fields)];
	json_t *r = ctl_call(
	    c, "offload.set_parameters",
	    json_pack("{s:i, s:{s:i}}", "port", P1, "parameters", field, (int)(1 + rnd(s) % 2)));

	json_decref(r);
	cc.offload_toggles++;
}

/* One steering or configuration change, unless the application holds the model
 * (it is reconfiguring): then another stats.get instead, during its reconfiguration. */
static void ctl_change(struct ctl *c, uint64_t *s)
{
	unsigned int k = (unsigned int)(rnd(s) % 10), i;

	if (pthread_mutex_trylock(&model_lock) != 0) {
		cc.busy_skips++;
		ctl_stats(c, P1);
		return;
	}
	if (k < 6) {
		/* back to back: the state one tx_burst loaded is freed by the second */
		for (i = 0; i < 3 && !has_failed(); i++)
			ctl_rss_set(c, s);
	} else if (k < 8) {
		ctl_vmq_toggle(c);
	} else {
		ctl_offload_toggle(c, s);
	}
	pthread_mutex_unlock(&model_lock);
}

static void *ctl_main(void *arg)
{
	uint64_t s = *(const uint64_t *)arg, next_change = 0;
	struct ctl *c = calloc(1, sizeof(*c));
	unsigned int i = 0;

	if (c == NULL || ctl_connect(c, ctl_path) != 0) {
		fatalf("cannot connect to the control socket %s", ctl_path);
		free(c);
		return NULL;
	}
	while (!__atomic_load_n(&stop_ctl, __ATOMIC_ACQUIRE) && !has_failed()) {
		ctl_stats(c, (int)(i++ & 1));
		if (now_us() >= next_change) {
			ctl_change(c, &s);
			next_change = now_us() + 300 + rnd(&s) % 700;
		}
		/* back to back while the application reconfigures, else leave CPU to traffic */
		if (!__atomic_load_n(&in_pause_window, __ATOMIC_ACQUIRE))
			usleep(200);
	}
	close(c->fd);
	free(c);
	return NULL;
}

/* ---- application thread: ports ---- */

static uint64_t p1_rx_offloads(void)
{
	return RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_CHECKSUM |
	       RTE_ETH_RX_OFFLOAD_RSS_HASH;
}

static int port_configure(uint16_t port, uint16_t nq)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	if (port == P0) {
		conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
				       RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	} else {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rxmode.offloads = p1_rx_offloads();
		conf.rx_adv_conf.rss_conf.rss_hf = hf_sets[0];
	}
	ret = rte_eth_dev_configure(port, nq, nq, &conf);
	for (q = 0; ret == 0 && q < nq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, 1024, SOCKET_ID_ANY, NULL, pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(port, q, 1024, SOCKET_ID_ANY, NULL);
	}
	if (ret != 0)
		fatalf("configure port %u with %u queues: %s", port, nq, rte_strerror(-ret));
	return ret;
}

/* Caller holds model_lock: the steering of a freshly configured port 1, through ethdev. */
static void app_publish_steering(uint16_t nq, uint64_t *s)
{
	struct rte_eth_rss_reta_entry64 reta[RETA_SIZE / RTE_ETH_RETA_GROUP_SIZE];
	struct steer_model cand = model;
	struct rte_eth_rss_conf rc;
	uint32_t g;
	unsigned int i;
	int ret;

	cand.nq = nq;
	random_reta(&cand, s);
	for (i = 0; i < RETA_SIZE; i++) {
		reta[i / RTE_ETH_RETA_GROUP_SIZE].mask = UINT64_MAX;
		reta[i / RTE_ETH_RETA_GROUP_SIZE].reta[i % RTE_ETH_RETA_GROUP_SIZE] = cand.reta[i];
	}
	rc = (struct rte_eth_rss_conf){
	    .rss_key = cand.key, .rss_key_len = KEY_LEN, .rss_hf = cand.rss_hf};
	g = gen_prepare(&cand);
	ret = rte_eth_dev_rss_hash_update(P1, &rc);
	if (ret == 0)
		ret = rte_eth_dev_rss_reta_update(P1, reta, RETA_SIZE);
	if (ret != 0) {
		failf("RSS update after configure: %s", rte_strerror(-ret));
		return;
	}
	if (g != 0)
		gen_commit(g, &cand);
	else
		model = cand; /* table full: nothing to check against any more */
}

/*
 * xstats by name: ethdev puts its generic and per-queue entries before the PMD's,
 * so an xstat's id changes with the queue count. Entries are kept in the order
 * of first sight (application thread only).
 */
#define XS_MAX 512

static char xs_names[XS_MAX][RTE_ETH_XSTATS_NAME_SIZE];
static unsigned int nb_xs_names;

struct xs {
	uint64_t v[XS_MAX];
};

static unsigned int xs_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < nb_xs_names; i++)
		if (strcmp(xs_names[i], name) == 0)
			return i;
	if (nb_xs_names == XS_MAX)
		return XS_MAX - 1; /* never with ~100 names */
	strlcpy(xs_names[nb_xs_names], name, sizeof(xs_names[0]));
	return nb_xs_names++;
}

static void xstats_read(uint16_t port, struct xs *x)
{
	static struct rte_eth_xstat_name names[XS_MAX];
	static struct rte_eth_xstat vals[XS_MAX];
	int n = rte_eth_xstats_get_names(port, names, XS_MAX), i;

	memset(x, 0, sizeof(*x));
	if (n <= 0 || n > XS_MAX || rte_eth_xstats_get(port, vals, XS_MAX) != n) {
		failf("xstats of port %u: %d", port, n);
		return;
	}
	for (i = 0; i < n; i++)
		x->v[xs_index(names[vals[i].id].name)] = vals[i].value;
}

static uint64_t xs_get(const struct xs *x, const char *name)
{
	return x->v[xs_index(name)];
}

static bool is_drop(unsigned int i)
{
	size_t n = strlen(xs_names[i]);

	return n > 8 && strcmp(xs_names[i] + n - 8, "_dropped") == 0;
}

/* Sum of the drop counters: every PMD xstat named *_dropped (by reason). */
static uint64_t drops(const struct xs *x)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < nb_xs_names; i++)
		if (is_drop(i))
			sum += x->v[i];
	return sum;
}

/* rte_eth_stats_get: nothing a counter can only reach by going backwards. */
static void app_stats(uint16_t port)
{
	const uint64_t limit = 1ull << 50;
	struct rte_eth_stats st;
	unsigned int q;

	if (rte_eth_stats_get(port, &st) != 0) {
		failf("stats_get port %u", port);
		return;
	}
	if (st.ipackets > limit || st.opackets > limit || st.ibytes > limit || st.obytes > limit ||
	    st.ierrors > limit || st.oerrors > limit)
		failf("stats_get port %u: ipackets %" PRIu64 " opackets %" PRIu64
		      " ierrors %" PRIu64 " oerrors %" PRIu64 " (went backwards)",
		      port, st.ipackets, st.opackets, st.ierrors, st.oerrors);
	for (q = 0; q < MAX_QUEUES; q++)
		if (st.q_ipackets[q] > limit || st.q_opackets[q] > limit)
			failf("stats_get port %u queue %u went backwards", port, q);
}

/*
 * Conservation, epoch by epoch. An epoch runs from a start of both ports to the
 * next stop; nothing crosses a stop (the stop frees and counts what is in
 * flight), so in every epoch
 *     wire frames the lcore sent = frames delivered + frames the stop dropped,
 * with frames delivered counted by the lcore (an SCU counts its coalesced
 * segments) and frames dropped read from the *_dropped xstats right before and
 * right after the stop, with traffic paused (no live reset in between).
 * Live stats resets happen only while traffic runs, and this traffic is valid,
 * so no drop counter may move then: checked at each pause (the drop counters
 * equal their value at the epoch start, or 0 after a live reset). A drop before
 * a live reset would escape that check, but then the frame equation fails: a
 * reset can make the test fail, never pass wrongly.
 * When no live reset touched a port during the epoch, the PMD's own wire
 * counters must agree too: port 0's tx_packets + its stop drops = frames sent,
 * port 1's rx_packets = frames delivered.
 */
struct epoch {
	struct traffic_counts start;
	struct xs ref[2]; /* xstats after the start */
	bool reset[2];	  /* live stats reset since the start */
};

struct app_counts {
	uint64_t epochs, restarts, reconfigs, stats_reads, resets, stop_drops, drained;
};
static struct app_counts ac;

static void check_no_live_drop(const struct epoch *e, uint16_t port, const struct xs *now)
{
	unsigned int i;
	uint64_t want;

	for (i = 0; i < nb_xs_names; i++) {
		if (!is_drop(i))
			continue;
		want = e->reset[port] ? 0 : e->ref[port].v[i];
		if (now->v[i] != want)
			failf("port %u: %s moved while traffic ran (%" PRIu64 " -> %" PRIu64 ")",
			      port, xs_names[i], want, now->v[i]);
	}
}

static void check_epoch(const struct epoch *e, const struct xs pre[2], const struct xs post[2])
{
	uint64_t sent = tc.frames_sent - e->start.frames_sent;
	uint64_t recv = tc.frames_recv - e->start.frames_recv;
	uint64_t dropped = drops(&post[0]) - drops(&pre[0]) + drops(&post[1]) - drops(&pre[1]);
	uint64_t tx0, rx1, backlog;

	ac.stop_drops += dropped;
	if (sent != recv + dropped)
		failf("epoch %" PRIu64 ": %" PRIu64 " frames sent, %" PRIu64 " delivered, %" PRIu64
		      " dropped at stop: %" PRId64 " unaccounted",
		      ac.epochs, sent, recv, dropped, (int64_t)(sent - recv - dropped));
	tx0 = xs_get(&post[0], "tx_packets") - xs_get(&e->ref[0], "tx_packets");
	backlog =
	    xs_get(&post[0], "tx_link_down_dropped") - xs_get(&pre[0], "tx_link_down_dropped");
	if (!e->reset[0] && tx0 + backlog != sent)
		failf("epoch %" PRIu64 ": port 0 tx_packets %" PRIu64 " + backlog dropped %" PRIu64
		      " != %" PRIu64 " frames sent",
		      ac.epochs, tx0, backlog, sent);
	rx1 = xs_get(&pre[1], "rx_packets") - xs_get(&e->ref[1], "rx_packets");
	if (!e->reset[1] && rx1 != recv)
		failf("epoch %" PRIu64 ": port 1 rx_packets %" PRIu64 " != %" PRIu64
		      " frames delivered",
		      ac.epochs, rx1, recv);
}

static bool pause_traffic(bool drain_first)
{
	uint64_t deadline = now_us() + 10 * 1000000u;

	__atomic_store_n(&drain_req, drain_first, __ATOMIC_RELEASE);
	__atomic_store_n(&pause_req, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&paused, __ATOMIC_ACQUIRE)) {
		if (now_us() > deadline) {
			fatalf("traffic lcore did not pause within 10 s");
			return false;
		}
		usleep(20);
	}
	return true;
}

static void resume_traffic(uint16_t nq)
{
	__atomic_store_n(&traffic_nq, nq, __ATOMIC_RELEASE);
	__atomic_store_n(&pause_req, 0, __ATOMIC_RELEASE);
	while (__atomic_load_n(&paused, __ATOMIC_ACQUIRE))
		usleep(20);
}

static void ports_stop(void)
{
	if (rte_eth_dev_stop(P1) != 0 || rte_eth_dev_stop(P0) != 0)
		fatalf("dev_stop failed");
}

static void ports_start(struct epoch *e)
{
	if (rte_eth_dev_start(P1) != 0 || rte_eth_dev_start(P0) != 0)
		fatalf("dev_start failed");
	e->start = tc;
	xstats_read(P0, &e->ref[0]);
	xstats_read(P1, &e->ref[1]);
	e->reset[0] = e->reset[1] = false;
}

/* Stop both ports with traffic paused and check the epoch that ends. */
static void end_epoch(struct epoch *e)
{
	struct xs pre[2], post[2];

	xstats_read(P0, &pre[0]);
	xstats_read(P1, &pre[1]);
	check_no_live_drop(e, P0, &pre[0]);
	check_no_live_drop(e, P1, &pre[1]);
	ports_stop();
	xstats_read(P0, &post[0]);
	xstats_read(P1, &post[1]);
	check_epoch(e, pre, post);
	ac.epochs++;
}

/* Pause, stop, maybe reconfigure with the other queue count, start, resume. */
static uint16_t reconfigure_cycle(struct epoch *e, uint16_t nq, uint64_t *s)
{
	bool reconfigure = rnd(s) & 1, drain_first = (rnd(s) % 4) == 0;

	if (!pause_traffic(drain_first))
		return nq;
	ac.drained += drain_first;
	__atomic_store_n(&in_pause_window, 1, __ATOMIC_RELEASE);
	end_epoch(e);
	if (reconfigure) {
		pthread_mutex_lock(&model_lock);
		nq = nq == MAX_QUEUES ? 2 : MAX_QUEUES;
		if (port_configure(P1, nq) == 0 && port_configure(P0, nq) == 0)
			app_publish_steering(nq, s);
		pthread_mutex_unlock(&model_lock);
		ac.reconfigs++;
	} else {
		ac.restarts++;
	}
	ports_start(e);
	__atomic_store_n(&in_pause_window, 0, __ATOMIC_RELEASE);
	resume_traffic(nq);
	return nq;
}

static void app_loop(uint64_t seconds, uint64_t *s)
{
	uint64_t deadline = now_us() + seconds * 1000000u, next_cycle = now_us() + 20000;
	static struct xs scratch;
	static struct epoch e;
	uint16_t nq = MAX_QUEUES, p;

	ports_start(&e);
	resume_traffic(nq);
	while (now_us() < deadline && !has_failed()) {
		for (p = P0; p <= P1; p++) {
			app_stats(p);
			xstats_read(p, &scratch);
			ac.stats_reads += 2;
		}
		if (rnd(s) % 8 == 0) {
			p = (uint16_t)(rnd(s) & 1);
			rte_eth_stats_reset(p); /* live: the traffic lcore keeps counting */
			e.reset[p] = true;
			ac.resets++;
		}
		if (now_us() >= next_cycle) {
			nq = reconfigure_cycle(&e, nq, s);
			next_cycle = now_us() + 10000 + rnd(s) % 40000;
		}
		usleep(1000);
	}
	if (pause_traffic(rnd(s) & 1))
		end_epoch(&e);
}

/* ---- set-up, pools, main ---- */

static int eal_init(const char *dir)
{
	char prefix[64], vdev0[256];
	char *argv[] = {
	    "test_pmd_stress",
	    "-l",
	    "0-1",
	    "--no-huge",
	    "-m",
	    "768",
	    "--no-pci",
	    "--no-shconf",
	    "--no-telemetry",
	    "--log-level",
	    "*:warning",
	    "--file-prefix",
	    prefix,
	    "--vdev",
	    vdev0,
	    "--vdev",
	    "net_taskoff1,peer=net_taskoff0,queues=4",
	};

	snprintf(prefix, sizeof(prefix), "test_pmd_stress-%d", (int)getpid());
	snprintf(ctl_path, sizeof(ctl_path), "%s/ctl.sock", dir);
	snprintf(vdev0, sizeof(vdev0), "net_taskoff0,peer=net_taskoff1,queues=4,ctl=%s", ctl_path);
	return rte_eal_init(RTE_DIM(argv), argv) < 0 ? -1 : 0;
}

static void model_init(void)
{
	model.nq = MAX_QUEUES;
	model.rss_hf = hf_sets[0];
	memcpy(model.key, "TaskOff stress test key, forty bytes!!!!", KEY_LEN);
}

/* The PMD's TX offload pools must be full again once both ports are stopped. */
static void check_pmd_pools(void)
{
	static const char *const names[] = {"tko_hdr_0", "tko_ind_0", "tko_hdr_1", "tko_ind_1"};
	struct rte_mempool *mp;
	unsigned int i;

	for (i = 0; i < RTE_DIM(names); i++) {
		mp = rte_mempool_lookup(names[i]);
		if (mp != NULL && rte_mempool_in_use_count(mp) != 0)
			failf("PMD pool %s: %u mbufs not returned", names[i],
			      rte_mempool_in_use_count(mp));
	}
}

static void report(uint64_t seed, uint64_t seconds)
{
	printf("seed %" PRIu64 ", %" PRIu64 " s: %" PRIu64 " bursts, %" PRIu64
	       " LSO packets, %" PRIu64 " wire frames sent, %" PRIu64 " delivered in %" PRIu64
	       " packets, %" PRIu64 " dropped at stop\n",
	       seed, seconds, tc.bursts, tc.packets, tc.frames_sent, tc.frames_recv, tc.scus,
	       ac.stop_drops);
	printf("application: %" PRIu64 " epochs (%" PRIu64 " drained), %" PRIu64
	       " reconfigurations (2<->4 queues), %" PRIu64 " stop/start, %" PRIu64
	       " stats reads, %" PRIu64 " live resets\n",
	       ac.epochs, ac.drained, ac.reconfigs, ac.restarts, ac.stats_reads, ac.resets);
	printf("control socket: %" PRIu64 " stats.get, %" PRIu64 " rss.set, %" PRIu64
	       " vmq changes, %" PRIu64 " offload toggles, %" PRIu64
	       " changes deferred to reconfigurations; %u steering generations\n",
	       cc.stats_reads, cc.rss_sets, cc.vmq_changes, cc.offload_toggles, cc.busy_skips,
	       gen_load());
}

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? strtoull(v, NULL, 0) : def;
}

static void run(uint64_t seed, uint64_t seconds)
{
	uint64_t app_seed = seed ^ 0x1111, lcore_seed = seed ^ 0x2222, ctl_seed = seed ^ 0x3333;
	unsigned int start = rte_mempool_in_use_count(pool);
	pthread_t ctl;
	uint16_t p;

	flows_init(&app_seed);
	model_init();
	if (port_configure(P1, MAX_QUEUES) != 0 || port_configure(P0, MAX_QUEUES) != 0)
		return;
	pthread_mutex_lock(&model_lock);
	app_publish_steering(MAX_QUEUES, &app_seed);
	pthread_mutex_unlock(&model_lock);
	__atomic_store_n(&traffic_nq, MAX_QUEUES, __ATOMIC_RELEASE);
	__atomic_store_n(&pause_req, 1, __ATOMIC_RELEASE); /* held until the ports start */
	if (rte_eal_remote_launch(traffic_main, &lcore_seed, rte_get_next_lcore(-1, 1, 0)) != 0) {
		fatalf("no second lcore for traffic");
		return;
	}
	if (pthread_create(&ctl, NULL, ctl_main, &ctl_seed) != 0) {
		fatalf("cannot start the control thread");
		return;
	}
	app_loop(seconds, &app_seed);
	__atomic_store_n(&stop_traffic, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&pause_req, 0, __ATOMIC_RELEASE);
	rte_eal_mp_wait_lcore();
	__atomic_store_n(&stop_ctl, 1, __ATOMIC_RELEASE);
	pthread_join(ctl, NULL);
	check_pmd_pools();
	RTE_ETH_FOREACH_DEV(p)
	rte_eth_dev_close(p);
	if (rte_mempool_in_use_count(pool) != start)
		failf("application pool: %u mbufs in use at the end, %u at the start",
		      rte_mempool_in_use_count(pool), start);
	report(seed, seconds);
}

int main(int argc, char **argv)
{
	uint64_t seconds = env_u64("TASKOFF_STRESS_SECONDS", DEFAULT_SECS);
	uint64_t seed = env_u64("TASKOFF_STRESS_SEED", (uint64_t)time(NULL) ^ (uint64_t)getpid());
	char dir[] = "/tmp/test_pmd_stress.XXXXXX";

	if (argc > 1)
		seconds = strtoull(argv[1], NULL, 0);
	keep_going = env_u64("TASKOFF_STRESS_KEEP_GOING", 1) != 0;
	seed |= 1; /* xorshift needs a non-zero state */
	printf("test_pmd_stress: seed %" PRIu64 " (TASKOFF_STRESS_SEED), %" PRIu64
	       " s (TASKOFF_STRESS_SECONDS)\n",
	       seed, seconds);
	fflush(stdout);
	if (mkdtemp(dir) == NULL || eal_init(dir) != 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	rsc_off = rte_pmd_taskoff_rsc_info_offset();
	pool = rte_pktmbuf_pool_create("stress_pool", POOL_MBUFS, 256, 0,
				       RTE_PKTMBUF_HEADROOM + SEG_DATA, SOCKET_ID_ANY);
	if (pool == NULL || rsc_off < 0)
		fatalf("mbuf pool or RSC dynfield missing");
	else
		run(seed, seconds);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	unlink(ctl_path);
	rmdir(dir);
	if (__atomic_load_n(&failed, __ATOMIC_ACQUIRE)) {
		printf("FAIL: %s (%u failures of %u checks)\n", first_failure, nb_failures,
		       nb_checks);
		return 1;
	}
	printf("PASS\n");
	return 0;
}
