/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_eth_tx_prepare on net_taskoff says in advance what rte_eth_tx_burst will
 * do with a packet (SPEC §2.1, §4): accepted <=> emitted, refused <=> dropped
 * and counted, with the errno that goes with the drop counter. Property test
 * over random packets (Ethernet/VLAN, IPv4 with options, IPv6 with extension
 * headers, TCP/UDP, NVGRE over IPv4/IPv6, chained mbufs up to ~256 KB), random
 * offload flags and lengths (right ones and lies), random tso_segsz, and
 * random offload configurations (keywords set through the control socket, and
 * a second port with lesser capabilities).
 *
 * The seed is printed; TASKOFF_PREPARE_SEED=<n> replays a run.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "test_eal.h"

#define ITERATIONS    3000
#define MAX_PKT	      (270u * 1024u)
#define SEG_ROOM      2048u
#define MAX_DROPS     32
#define TOGGLE_PERIOD 16 /* iterations between two configuration changes */
#define NB_PORTS      2

static struct rte_mempool *pool;
static uint16_t ports[NB_PORTS];
static char ctl_dir[64], ctl_path[108];
static int ctl_fd = -1;
static uint64_t seed, rng; /* xorshift64: never 0 */
static uint8_t buf[MAX_PKT], flat[MAX_PKT];

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t rnd_below(uint32_t n)
{
	return n == 0 ? 0 : rnd() % n;
}

static int chance(unsigned int one_in)
{
	return rnd_below(one_in) == 0;
}

/* ---- the drop counters and the errno each one stands for (SPEC §2.1) ---- */

static const struct {
	const char *name;
	int err; /* 0: not about the packet's content, prepare cannot predict it */
} drop_errno[] = {
    {"tx_bad_flags_dropped", EINVAL},
    {"tx_bad_length_dropped", EINVAL},
    {"tx_hdr_too_long_dropped", EINVAL},
    {"tx_bad_ihl_dropped", EINVAL},
    {"tx_ip_version_mismatch_dropped", EINVAL},
    {"tx_l4_proto_mismatch_dropped", EINVAL},
    {"tx_tcp_doff_mismatch_dropped", EINVAL},
    {"tx_ipv6_ext_too_long_dropped", EINVAL},
    {"tx_ipv6_ext_bad_dropped", EINVAL},
    {"tx_ipv6_fragment_dropped", EINVAL},
    {"tx_ip_fragment_dropped", EINVAL},
    {"tx_tso_segsz_zero_dropped", EINVAL},
    {"tx_tcp_flags_dropped", EINVAL},
    {"tx_bad_gre_dropped", EINVAL},
    {"tx_too_few_segments_dropped", EINVAL},
    {"tx_offload_unsupported_dropped", ENOTSUP},
    {"tx_offload_disabled_dropped", ENOTSUP},
    {"tx_too_big_dropped", EMSGSIZE},
    {"tx_too_many_segments_dropped", EMSGSIZE},
    {"tx_bad_vxlan_dropped", EINVAL},
    {"tx_vxlan_port_mismatch_dropped", ENOTSUP},
    {"tx_no_mbuf_dropped", 0},
    {"tx_link_down_dropped", 0},
};

struct drop_view {
	uint64_t ids[RTE_DIM(drop_errno)];
	uint64_t v[RTE_DIM(drop_errno)];
};

static struct drop_view views[NB_PORTS];

static void drop_view_init(unsigned int p)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(drop_errno); i++)
		if (rte_eth_xstats_get_id_by_name(ports[p], drop_errno[i].name, &views[p].ids[i]) !=
		    0)
			fail_msg("port %u has no xstat %s", ports[p], drop_errno[i].name);
}

static void drop_view_read(unsigned int p, uint64_t *v)
{
	assert_int_equal(rte_eth_xstats_get_by_id(ports[p], views[p].ids, v, RTE_DIM(drop_errno)),
			 RTE_DIM(drop_errno));
}

/* ---- the control socket: offload keywords changed the way an operator would ---- */

static void ctl_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct timeval tv = {.tv_sec = 10};

	ctl_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(ctl_fd >= 0);
	strcpy(sa.sun_path, ctl_path);
	assert_int_equal(connect(ctl_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(setsockopt(ctl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
}

/* One request, one response line. @return true when the server applied it. */
static bool ctl_call(const char *request)
{
	static char resp[65536];
	size_t len = strlen(request), got = 0;
	ssize_t n;

	assert_int_equal(write(ctl_fd, request, len), (ssize_t)len);
	while (got < sizeof(resp) - 1 && (got == 0 || resp[got - 1] != '\n')) {
		n = read(ctl_fd, resp + got, sizeof(resp) - 1 - got);
		if (n <= 0)
			fail_msg("control socket: no response to %s", request);
		got += (size_t)n;
	}
	resp[got] = '\0';
	return strstr(resp, "\"result\"") != NULL;
}

static const struct {
	const char *name;
	int max;
} keywords[] = {
    {"*IPChecksumOffloadIPv4", 3},
    {"*TCPChecksumOffloadIPv4", 3},
    {"*TCPChecksumOffloadIPv6", 3},
    {"*UDPChecksumOffloadIPv4", 3},
    {"*UDPChecksumOffloadIPv6", 3},
    {"*LsoV1IPv4", 1},
    {"*LsoV2IPv4", 1},
    {"*LsoV2IPv6", 1},
    {"*UsoIPv4", 1},
    {"*UsoIPv6", 1},
    {"*EncapsulatedPacketTaskOffload", 1},
    {"*EncapsulatedPacketTaskOffloadNvgre", 1},
};

/* A random keyword of a random port to a random value (refused ones change nothing). */
static unsigned int toggle_config(unsigned int id)
{
	char req[256];
	unsigned int k = rnd_below(RTE_DIM(keywords));

	snprintf(req, sizeof(req),
		 "{\"jsonrpc\":\"2.0\",\"id\":%u,\"method\":\"keyword.set\",\"params\":"
		 "{\"port\":%u,\"keyword\":\"%s\",\"value\":%u}}\n",
		 id, ports[rnd_below(NB_PORTS)], keywords[k].name,
		 rnd_below((uint32_t)keywords[k].max + 1));
	return ctl_call(req) ? 1 : 0;
}

/* ---- random packets ---- */

struct shape {
	bool tunnel, outer_v6, vlan, v6, tcp;
	uint8_t ip_opts, tcp_opts; /* bytes, multiples of 4 */
	uint8_t nb_ext;		   /* IPv6 extension headers of 8 bytes */
	uint32_t payload;
	/* offsets in the built packet */
	uint16_t outer_l3, outer_l3_len, l2, l3, l3_len, l4, l4_len;
	uint32_t len;
};

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t clamp16(uint32_t v)
{
	return v > UINT16_MAX ? UINT16_MAX : v;
}

static uint16_t put_eth(uint8_t *p, bool vlan, uint16_t type)
{
	memset(p, 0, 12);
	p[0] = 0x02, p[5] = 0x01, p[6] = 0x02, p[11] = 0x02;
	if (!vlan) {
		put16(p + 12, type);
		return 14;
	}
	put16(p + 12, 0x8100);
	put16(p + 14, 100);
	put16(p + 16, type);
	return 18;
}

/* IP header at @p p carrying @p ip_payload bytes of protocol @p proto; returns its length. */
static uint16_t put_ip(uint8_t *p, bool v6, uint8_t opts, uint8_t nb_ext, uint8_t proto,
		       uint32_t ip_payload)
{
	uint16_t i, len;

	if (!v6) {
		len = (uint16_t)(20 + opts);
		memset(p, 0, len);
		p[0] = (uint8_t)(0x40 | (len / 4));
		put16(p + 2, clamp16(len + ip_payload));
		put16(p + 4, rnd());
		if (chance(40))
			put16(p + 6, chance(2) ? 0x2000 : 0x0010); /* MF or an offset */
		p[8] = 64;
		p[9] = proto;
		memset(p + 12, 10, 8);
		memset(p + 20, 1, opts); /* NOPs */
		return len;
	}
	len = (uint16_t)(40 + 8 * nb_ext);
	memset(p, 0, len);
	p[0] = 0x60;
	put16(p + 4, clamp16(len - 40 + ip_payload));
	p[6] = nb_ext ? (chance(20) ? 44 : (chance(2) ? 0 : 60)) : proto;
	p[7] = 64;
	memset(p + 8, 0xfd, 32);
	for (i = 0; i < nb_ext; i++) { /* hop-by-hop/destination options, 8 bytes each */
		p[40 + 8 * i] = (uint8_t)(i + 1 == nb_ext ? proto : 60);
		p[40 + 8 * i + 2] = 1; /* PadN */
		p[40 + 8 * i + 3] = 4;
	}
	return len;
}

static uint16_t put_l4(uint8_t *p, bool tcp, uint8_t opts, uint32_t payload)
{
	static const uint8_t flags[] = {0x10, 0x10, 0x18, 0x10, 0x19, 0x90, 0x02, 0x04, 0x30};

	if (!tcp) {
		memset(p, 0, 8);
		put16(p, 5000);
		put16(p + 2, 4789 + rnd_below(3));
		put16(p + 4, clamp16(8 + payload));
		put16(p + 6, chance(4) ? 0 : rnd());
		return 8;
	}
	memset(p, 0, 20 + opts);
	put16(p, 40000);
	put16(p + 2, 80);
	put16(p + 4, rnd());
	put16(p + 8, rnd());
	p[12] = (uint8_t)(((20 + opts) / 4) << 4);
	p[13] = flags[rnd_below(RTE_DIM(flags))];
	put16(p + 14, 1000);
	memset(p + 20, 1, opts);
	return (uint16_t)(20 + opts);
}

static uint32_t random_payload_len(void)
{
	switch (rnd_below(8)) {
	case 0:
		return rnd_below(64);
	case 1:
		return 60000 + rnd_below(12000); /* around the LSOv1 and IP limits */
	case 2:
		return 150000 + rnd_below(MAX_PKT - 150000 - 1024); /* LSOv2 sizes, and beyond */
	default:
		return rnd_below(9000);
	}
}

/* Build the flat packet of a random shape into buf. */
static void build(struct shape *s)
{
	uint32_t off = 0, inner_len;

	memset(s, 0, sizeof(*s));
	s->tunnel = chance(3);
	s->outer_v6 = chance(2);
	s->vlan = chance(6);
	s->v6 = chance(2);
	s->tcp = !chance(3);
	s->ip_opts = s->v6 ? 0 : (uint8_t)(chance(4) ? 4 * rnd_below(11) : 0);
	s->nb_ext = s->v6 && chance(3) ? (uint8_t)rnd_below(19) : 0; /* > 16: over 128 bytes */
	s->tcp_opts = s->tcp && chance(3) ? (uint8_t)(4 * rnd_below(11)) : 0;
	s->payload = random_payload_len();
	inner_len = (s->vlan ? 18u : 14u) + (s->v6 ? 40u + 8u * s->nb_ext : 20u + s->ip_opts) +
		    (s->tcp ? 20u + s->tcp_opts : 8u) + s->payload;
	if (s->tunnel) {
		off = put_eth(buf, false, s->outer_v6 ? 0x86dd : 0x0800);
		s->outer_l3 = (uint16_t)off;
		s->outer_l3_len = put_ip(buf + off, s->outer_v6, 0, 0, 47, 8 + inner_len);
		off += s->outer_l3_len;
		memset(buf + off, 0, 8);
		buf[off] = chance(20) ? 0xb0 : 0x20; /* K (or C+K+S: not NVGRE) */
		put16(buf + off + 2, chance(20) ? 0x0800 : 0x6558);
		put16(buf + off + 4, 0x1234);
		off += 8;
	}
	off += put_eth(buf + off, s->vlan, s->v6 ? 0x86dd : 0x0800);
	s->l2 = (uint16_t)(off - (s->tunnel ? s->outer_l3 + s->outer_l3_len : 0));
	s->l3 = (uint16_t)off;
	s->l3_len = put_ip(buf + off, s->v6, s->ip_opts, s->nb_ext, s->tcp ? 6 : 17,
			   (s->tcp ? 20u + s->tcp_opts : 8u) + s->payload);
	off += s->l3_len;
	s->l4 = (uint16_t)off;
	s->l4_len = put_l4(buf + off, s->tcp, s->tcp_opts, s->payload);
	off += s->l4_len;
	memset(buf + off, 0xa5, s->payload);
	s->len = off + s->payload;
	if (chance(10)) /* a lie somewhere in the headers */
		buf[rnd_below(off)] = (uint8_t)rnd();
}

/* Offload request: mostly what an application would set, sometimes nonsense. */
struct request {
	uint64_t flags;
	uint16_t l2, l3, l4, outer_l2, outer_l3, segsz;
};

static uint64_t random_flags(const struct shape *s)
{
	static const uint64_t any[] = {
	    RTE_MBUF_F_TX_IPV4,		  RTE_MBUF_F_TX_IPV6,
	    RTE_MBUF_F_TX_IP_CKSUM,	  RTE_MBUF_F_TX_TCP_CKSUM,
	    RTE_MBUF_F_TX_UDP_CKSUM,	  RTE_MBUF_F_TX_SCTP_CKSUM,
	    RTE_MBUF_F_TX_TCP_SEG,	  RTE_MBUF_F_TX_UDP_SEG,
	    RTE_MBUF_F_TX_TUNNEL_GRE,	  RTE_MBUF_F_TX_TUNNEL_VXLAN,
	    RTE_MBUF_F_TX_OUTER_IPV4,	  RTE_MBUF_F_TX_OUTER_IPV6,
	    RTE_MBUF_F_TX_OUTER_IP_CKSUM, RTE_MBUF_F_TX_OUTER_UDP_CKSUM,
	    RTE_MBUF_F_TX_VLAN,
	};
	uint64_t f = 0;
	unsigned int i;

	if (chance(6)) { /* anything at all */
		for (i = rnd_below(5); i > 0; i--)
			f |= any[rnd_below(RTE_DIM(any))];
		return f;
	}
	f = s->v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	if (s->tunnel) {
		f |= RTE_MBUF_F_TX_TUNNEL_GRE;
		f |= s->outer_v6 ? RTE_MBUF_F_TX_OUTER_IPV6
				 : RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_OUTER_IP_CKSUM;
	}
	switch (rnd_below(4)) {
	case 0:
		f |= s->tcp ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM;
		break;
	case 1:
		break;
	default:
		f |= s->tcp ? RTE_MBUF_F_TX_TCP_SEG : RTE_MBUF_F_TX_UDP_SEG;
	}
	if (chance(8)) /* one flag more or less */
		f ^= any[rnd_below(RTE_DIM(any))];
	return f;
}

static uint16_t random_segsz(const struct shape *s)
{
	switch (rnd_below(10)) {
	case 0:
		return 0;
	case 1:
		return (uint16_t)(1 + rnd_below(200)); /* many segments */
	case 2:
		return UINT16_MAX;
	case 3:
		return (uint16_t)clamp16(s->payload + rnd_below(3));
	default:
		return (uint16_t)(500 + rnd_below(8500));
	}
}

static uint16_t maybe_lie(uint16_t right, uint16_t range)
{
	return chance(12) ? (uint16_t)rnd_below(range) : right;
}

static void random_request(const struct shape *s, struct request *r)
{
	r->flags = random_flags(s);
	r->outer_l2 = s->tunnel ? maybe_lie(s->outer_l3, 64) : 0;
	r->outer_l3 = s->tunnel ? maybe_lie(s->outer_l3_len, 256) : 0;
	r->l2 = maybe_lie(s->l2, 128);
	r->l3 = maybe_lie(s->l3_len, 512);
	r->l4 = maybe_lie(s->l4_len, 256);
	if (chance(10))
		r->l4 = 0; /* optional for checksum requests */
	r->segsz = random_segsz(s);
}

/* Chain layout: the first segment may split the headers, the rest fill mbufs. */
static unsigned int random_splits(uint32_t len, uint16_t *seg_len, unsigned int max)
{
	uint32_t done = 0;
	unsigned int n = 0;

	while (done < len && n < max) {
		uint32_t room = (n == 0 && chance(3)) ? 1 + rnd_below(200) : SEG_ROOM;

		if (chance(8))
			room = 1 + rnd_below(SEG_ROOM);
		seg_len[n] = (uint16_t)RTE_MIN(room, len - done);
		done += seg_len[n++];
	}
	assert_int_equal(done, len);
	return n;
}

static struct rte_mbuf *to_mbuf(const struct shape *s, const struct request *r,
				const uint16_t *seg_len, unsigned int nb)
{
	struct rte_mbuf *head = NULL, *last = NULL;
	uint32_t off = 0;
	unsigned int i;

	for (i = 0; i < nb; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pool);

		assert_non_null(m);
		memcpy(rte_pktmbuf_append(m, seg_len[i]), buf + off, seg_len[i]);
		off += seg_len[i];
		if (head == NULL) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += seg_len[i];
		}
		last = m;
	}
	head->ol_flags = r->flags;
	head->l2_len = r->l2;
	head->l3_len = r->l3;
	head->l4_len = r->l4;
	head->outer_l2_len = r->outer_l2;
	head->outer_l3_len = r->outer_l3;
	head->tso_segsz = r->segsz;
	return head;
}

/* ---- running packets through the port ---- */

static void drain(uint16_t port)
{
	struct rte_mbuf *m[64];
	uint16_t n;
	int idle = 0;

	while (idle < 2) { /* a backlog moves on the next transmit call */
		n = rte_eth_rx_burst(port, 0, m, RTE_DIM(m));
		rte_pktmbuf_free_bulk(m, n);
		if (n != 0) {
			idle = 0;
			continue;
		}
		rte_eth_tx_burst(port, 0, m, 0);
		idle++;
	}
}

/* prepare's answer: 0 accepted, else rte_errno. The packet must come back unchanged. */
static int prepare_verdict(uint16_t port, struct rte_mbuf *m, uint32_t len)
{
	int err = rte_eth_tx_prepare(port, 0, &m, 1) == 1 ? 0 : rte_errno;
	const void *p = rte_pktmbuf_read(m, 0, len, flat);

	assert_non_null(p);
	assert_memory_equal(p, buf, len);
	rte_pktmbuf_free(m);
	return err;
}

/* burst's answer: 0 emitted, else the errno of the one drop counter that moved. */
static int burst_verdict(unsigned int p, struct rte_mbuf *m, const char **counter)
{
	uint64_t before[RTE_DIM(drop_errno)], after[RTE_DIM(drop_errno)];
	unsigned int i, moved = 0;
	int err = 0;

	drop_view_read(p, before);
	assert_int_equal(rte_eth_tx_burst(ports[p], 0, &m, 1), 1);
	drop_view_read(p, after);
	*counter = NULL;
	for (i = 0; i < RTE_DIM(drop_errno); i++) {
		if (after[i] == before[i])
			continue;
		assert_int_equal(after[i] - before[i], 1);
		moved++;
		*counter = drop_errno[i].name;
		err = drop_errno[i].err;
		if (err == 0)
			fail_msg("%s: a drop the test does not expect (pools are large)",
				 drop_errno[i].name);
	}
	assert_true(moved <= 1);
	drain(ports[p]);
	return err;
}

static void print_case(const struct shape *s, const struct request *r, unsigned int nb_segs)
{
	print_message("  shape: tunnel %d (outer v6 %d) vlan %d v6 %d tcp %d ip_opts %u ext %u "
		      "tcp_opts %u payload %u len %u segs %u\n",
		      s->tunnel, s->outer_v6, s->vlan, s->v6, s->tcp, s->ip_opts, s->nb_ext,
		      s->tcp_opts, s->payload, s->len, nb_segs);
	print_message("  request: flags %#" PRIx64 " l2 %u l3 %u l4 %u outer %u/%u tso_segsz %u\n",
		      r->flags, r->l2, r->l3, r->l4, r->outer_l2, r->outer_l3, r->segsz);
}

static unsigned int in_use_of(const char *pool_name)
{
	const struct rte_mempool *mp = rte_mempool_lookup(pool_name);

	return mp == NULL ? 0 : test_mempool_in_use(mp);
}

static void prepare_predicts_burst_for_random_packets(void **state)
{
	static uint16_t seg_len[1024];
	unsigned int start = test_mempool_in_use(pool), it, p, accepted = 0, applied = 0;
	unsigned int refused[RTE_DIM(drop_errno)] = {0}, k;
	char name[RTE_MEMPOOL_NAMESIZE];

	(void)state;
	print_message("seed %" PRIu64 " (TASKOFF_PREPARE_SEED to replay), %u iterations\n", seed,
		      ITERATIONS);
	for (it = 0; it < ITERATIONS; it++) {
		struct shape s;
		struct request r;
		const char *counter;
		unsigned int nb;
		int want, got;

		if (it % TOGGLE_PERIOD == 0)
			applied += toggle_config(it);
		p = rnd_below(NB_PORTS);
		build(&s);
		random_request(&s, &r);
		nb = random_splits(s.len, seg_len, RTE_DIM(seg_len));
		want = prepare_verdict(ports[p], to_mbuf(&s, &r, seg_len, nb), s.len);
		got = burst_verdict(p, to_mbuf(&s, &r, seg_len, nb), &counter);
		if (want != got) {
			print_case(&s, &r, nb);
			fail_msg("seed %" PRIu64 " iteration %u port %u: prepare says %s, burst %s "
				 "(%s)",
				 seed, it, ports[p], want ? strerror(want) : "accepted",
				 got ? strerror(got) : "emitted", counter ? counter : "no drop");
		}
		accepted += want == 0;
		for (k = 0; counter != NULL && k < RTE_DIM(drop_errno); k++)
			refused[k] += strcmp(counter, drop_errno[k].name) == 0;
	}
	print_message("%u accepted, %u refused, %u configuration changes applied\n", accepted,
		      ITERATIONS - accepted, applied);
	for (k = 0; k < RTE_DIM(drop_errno); k++)
		if (refused[k] != 0)
			print_message("  %s: %u\n", drop_errno[k].name, refused[k]);
	/* the generator reaches both sides, and the configuration did move */
	assert_true(accepted > ITERATIONS / 10 && accepted < ITERATIONS * 9 / 10);
	assert_true(applied > 0);
	assert_int_equal(test_mempool_in_use(pool), start);
	for (p = 0; p < NB_PORTS; p++) {
		snprintf(name, sizeof(name), "tko_hdr_%u", ports[p]);
		assert_int_equal(in_use_of(name), 0);
		snprintf(name, sizeof(name), "tko_ind_%u", ports[p]);
		assert_int_equal(in_use_of(name), 0);
	}
}

/* The case of issue 11 item 14: 200 KB LSOv2, MSS 100 = 2000 frames, more than a queue takes. */
static void lsov2_200k_mss_100_is_refused_by_prepare(void **state)
{
	static uint16_t seg_len[1024];
	struct request r = {.flags =
				RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_TCP_SEG,
			    .l2 = 14,
			    .l3 = 20,
			    .l4 = 20,
			    .segsz = 100};
	struct shape s = {.tcp = true, .payload = 200 * 1024, .l3 = 14, .l4 = 34};
	const char *counter;
	unsigned int nb;

	(void)state;
	put_eth(buf, false, 0x0800);
	put_ip(buf + s.l3, false, 0, 0, 6, 20 + s.payload);
	put16(buf + s.l3 + 6, 0); /* not a fragment */
	put_l4(buf + s.l4, true, 0, s.payload);
	buf[s.l4 + 13] = 0x10; /* ACK */
	s.len = 54 + s.payload;
	memset(buf + 54, 0x5a, s.payload);
	nb = random_splits(s.len, seg_len, RTE_DIM(seg_len));
	/* on the default port (everything enabled): LSOv2 serves it, the frame count does not */
	assert_true(
	    ctl_call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"keyword.set\",\"params\":"
		     "{\"port\":\"net_taskoffP0\",\"keyword\":\"*LsoV2IPv4\",\"value\":1}}\n"));
	assert_int_equal(prepare_verdict(ports[0], to_mbuf(&s, &r, seg_len, nb), s.len), EMSGSIZE);
	assert_int_equal(burst_verdict(0, to_mbuf(&s, &r, seg_len, nb), &counter), EMSGSIZE);
	assert_string_equal(counter, "tx_too_many_segments_dropped");
	/* MSS 1000: 205 frames, emitted */
	r.segsz = 1000;
	assert_int_equal(prepare_verdict(ports[0], to_mbuf(&s, &r, seg_len, nb), s.len), 0);
	assert_int_equal(burst_verdict(0, to_mbuf(&s, &r, seg_len, nb), &counter), 0);
}

/* ---- set-up ---- */

static void port_up(uint16_t port)
{
	struct rte_eth_conf conf = {0};

	assert_int_equal(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(port, 0, 2048, SOCKET_ID_ANY, NULL, pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(port, 0, 1024, SOCKET_ID_ANY, NULL), 0);
	assert_int_equal(rte_eth_dev_start(port), 0);
}

static int setup(void **state)
{
	char prefix[64], vdev0[200];
	char *argv[] = {
	    "test_pmd_prepare",
	    "--no-huge",
	    "-m",
	    "512",
	    "--no-pci",
	    "--no-shconf",
	    "-l",
	    "0",
	    "--log-level",
	    "*:warning",
	    "--no-telemetry",
	    "-d",
	    TASKOFF_PMD_PATH,
	    "--file-prefix",
	    prefix,
	    "--vdev",
	    vdev0,
	    "--vdev",
	    /* a lesser NIC: smaller LSO/USO sizes, more segments needed */
	    "net_taskoffP1,caps=lso-max=100000:lsov1-max=32768:uso-max=50000:min-segments=4",
	};
	unsigned int p;

	(void)state;
	seed = getenv("TASKOFF_PREPARE_SEED") != NULL
		   ? strtoull(getenv("TASKOFF_PREPARE_SEED"), NULL, 0)
		   : 20240611;
	rng = seed != 0 ? seed : 1;
	snprintf(ctl_dir, sizeof(ctl_dir), "/tmp/tko_prepare.XXXXXX");
	if (mkdtemp(ctl_dir) == NULL)
		return -1;
	snprintf(ctl_path, sizeof(ctl_path), "%s/ctl.sock", ctl_dir);
	snprintf(vdev0, sizeof(vdev0), "net_taskoffP0,ctl=%s", ctl_path);
	snprintf(prefix, sizeof(prefix), "test_pmd_prepare-%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	pool = test_pktmbuf_pool("prepare_pool", 4095, SEG_ROOM);
	if (pool == NULL)
		return -1;
	if (rte_eth_dev_get_port_by_name("net_taskoffP0", &ports[0]) != 0 ||
	    rte_eth_dev_get_port_by_name("net_taskoffP1", &ports[1]) != 0)
		return -1;
	for (p = 0; p < NB_PORTS; p++) {
		port_up(ports[p]);
		drop_view_init(p);
	}
	ctl_connect();
	return 0;
}

static int teardown(void **state)
{
	uint16_t p;
	int rc = 0;

	(void)state;
	if (ctl_fd >= 0)
		close(ctl_fd);
	RTE_ETH_FOREACH_DEV(p)
	{
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
	}
	if (pool != NULL && test_mempool_in_use(pool) != 0)
		rc = -1;
	rte_mempool_free(pool);
	unlink(ctl_path);
	rmdir(ctl_dir);
	return rte_eal_cleanup() != 0 ? -1 : rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lsov2_200k_mss_100_is_refused_by_prepare),
	    cmocka_unit_test(prepare_predicts_burst_for_random_packets),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
