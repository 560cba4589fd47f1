/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSS: Toeplitz hash over the NDIS inputs, checked against Microsoft's published
 * verification vectors ("Verifying the RSS Hash Calculation"); hash type
 * fallbacks; indirection table; NVGRE and VXLAN inner/outer hashing; truncated frames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_thash.h>

#include "steer_internal.h"
#include "steer_pkt.h"
#include "steer_run.h"
#include "taskoff_config.h"
#include "taskoff_steer.h"
#include "test_ipv4.h"
#include "test_eal.h"

static struct rte_mempool *pool;

#define MAC_A "02:00:00:00:00:0a"
#define MAC_B "02:00:00:00:00:0b"
#define NQ    7 /* queues: odd, so reta round-robin is not a power-of-two mask */

/* One row of Microsoft's tables: input and the published hash values. */
struct ms_vector {
	const char *dst;
	uint16_t dport;
	const char *src;
	uint16_t sport;
	uint32_t hash_2tuple;
	uint32_t hash_4tuple;
};

static const struct ms_vector ms_ipv4[] = {
    {"161.142.100.80", 1766, "66.9.149.187", 2794, 0x323e8fc2, 0x51ccc178},
    {"65.69.140.83", 4739, "199.92.111.2", 14230, 0xd718262a, 0xc626b0ea},
    {"12.22.207.184", 38024, "24.19.198.95", 12898, 0xd2d0a5de, 0x5c2b394a},
    {"209.142.163.6", 2217, "38.27.205.30", 48228, 0x82989176, 0xafc7327f},
    {"202.188.127.2", 1303, "153.39.163.191", 44251, 0x5d1809c5, 0x10e828a2},
};

static const struct ms_vector ms_ipv6[] = {
    {"3ffe:2501:200:3::1", 1766, "3ffe:2501:200:1fff::7", 2794, 0x2cc18cd5, 0x40207d3d},
    {"ff02::1", 4739, "3ffe:501:8::260:97ff:fe40:efab", 14230, 0x0f0c461c, 0xdde51bbf},
    {"fe80::200:f8ff:fe21:67cf", 38024, "3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, 0x4b61e985,
     0x02d1feef},
};

static const uint8_t payload[16] = "0123456789abcdef";

static struct pkt_ip_spec ms_spec(int version, const struct ms_vector *v, uint8_t proto)
{
	struct pkt_ip_spec s = {.version = version,
				.src = v->src,
				.dst = v->dst,
				.proto = proto,
				.sport = v->sport,
				.dport = v->dport};
	return s;
}

static uint16_t ether_type_of(int version)
{
	return version == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6;
}

/* Ethernet (+VLAN tags) frame carrying the IP packet of @p s. */
static size_t ip_frame(uint8_t *out, const struct pkt_ip_spec *s, const uint16_t *vlans,
		       unsigned int nb_vlans)
{
	uint8_t l3[PKT_MAX];
	size_t l3_len = pkt_ip(l3, s, payload, sizeof(payload));

	return pkt_eth(out, MAC_A, vlans, nb_vlans, ether_type_of(s->version), l3, l3_len);
}

static size_t ms_frame(uint8_t *out, int version, const struct ms_vector *v, uint8_t proto)
{
	struct pkt_ip_spec s = ms_spec(version, v, proto);

	return ip_frame(out, &s, NULL, 0);
}

/* Queue the default table (128 entries, round-robin over NQ) gives a hash. */
static uint16_t default_reta_queue(uint32_t hash)
{
	return (hash % TASKOFF_RSS_RETA_SIZE_DEFAULT) % NQ;
}

static struct steer_result run(const struct taskoff_steer *st, const uint8_t *f, size_t len,
			       struct taskoff_counters *cnt)
{
	return steer_run(pool, st, true, true, f, len, 0, cnt);
}

static void assert_hashed(struct steer_result r, uint32_t hash)
{
	assert_true(r.hashed);
	assert_int_equal(r.hash, hash);
	assert_int_equal(r.queue, default_reta_queue(hash));
}

static void assert_unhashed_queue0(struct steer_result r)
{
	assert_false(r.hashed);
	assert_int_equal(r.queue, 0);
}

static void ms_vectors_check(const struct taskoff_steer *st, int version,
			     const struct ms_vector *tbl, size_t n, uint8_t other,
			     struct taskoff_counters *cnt);

/* Microsoft's vectors on the hash path taskoff_steer_init selects, then on rte_softrss. */
static void ms_vectors_apply(int version, const struct ms_vector *tbl, size_t n, uint8_t other)
{
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;

	taskoff_steer_init(&st, NQ);
	ms_vectors_check(&st, version, tbl, n, other, &cnt);
	/* and again on the portable rte_softrss path, whichever one init chose */
	st.rss.use_gfni = false;
	ms_vectors_check(&st, version, tbl, n, other, &cnt);
	assert_int_equal(cnt.v[TASKOFF_CNT_RSS_HASHED], 2 * 3 * n);
	assert_int_equal(cnt.v[TASKOFF_CNT_VMQ_MATCHED], 0);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 0);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void ms_vectors_check(const struct taskoff_steer *st, int version,
			     const struct ms_vector *tbl, size_t n, uint8_t other,
			     struct taskoff_counters *cnt)
{
	uint8_t f[PKT_MAX];
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = ms_frame(f, version, &tbl[i], IPPROTO_TCP);
		assert_hashed(run(st, f, len, cnt), tbl[i].hash_4tuple);
		/* UDP hashes the same four fields */
		len = ms_frame(f, version, &tbl[i], IPPROTO_UDP);
		assert_hashed(run(st, f, len, cnt), tbl[i].hash_4tuple);
		/* a protocol without ports gets the 2-tuple */
		len = ms_frame(f, version, &tbl[i], other);
		assert_hashed(run(st, f, len, cnt), tbl[i].hash_2tuple);
	}
}

static void microsoft_ipv4_vectors(void **state)
{
	ms_vectors_apply(4, ms_ipv4, RTE_DIM(ms_ipv4), IPPROTO_ICMP);
}

static void microsoft_ipv6_vectors(void **state)
{
	ms_vectors_apply(6, ms_ipv6, RTE_DIM(ms_ipv6), IPPROTO_ICMPV6);
}

static void default_key_is_microsoft_key(void **state)
{
	static const uint8_t ms_key[40] = {
	    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	    0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	    0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa};
	struct taskoff_steer st;
	unsigned int i;

	taskoff_steer_init(&st, NQ);
	assert_memory_equal(st.rss.key, ms_key, sizeof(ms_key));
	assert_int_equal(st.rss.rss_hf, RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP |
					    RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_IPV6 |
					    RTE_ETH_RSS_NONFRAG_IPV6_TCP |
					    RTE_ETH_RSS_NONFRAG_IPV6_UDP);
	assert_int_equal(st.rss.reta_size, 128);
	for (i = 0; i < 128; i++)
		assert_int_equal(st.rss.reta[i], i % NQ);
	assert_int_equal(st.nb_queues, NQ);
	assert_int_equal(st.vmq.nb_filters, 0);
}

static void l4_types_off_fall_back_to_2tuple(void **state)
{
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	/* TCP off: TCP gets the IP 2-tuple; UDP still 4-tuple */
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_IPV4 |
							     RTE_ETH_RSS_NONFRAG_IPV4_UDP |
							     RTE_ETH_RSS_IPV6),
			 0);
	len = ms_frame(f, 4, &ms_ipv4[0], IPPROTO_TCP);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[0].hash_2tuple);
	len = ms_frame(f, 4, &ms_ipv4[0], IPPROTO_UDP);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[0].hash_4tuple);
	len = ms_frame(f, 6, &ms_ipv6[1], IPPROTO_TCP);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[1].hash_2tuple);
	len = ms_frame(f, 6, &ms_ipv6[1], IPPROTO_UDP);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[1].hash_2tuple);

	/* only TCP types: ICMP and UDP have no applicable type, IPv6 TCP neither */
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_NONFRAG_IPV4_TCP), 0);
	len = ms_frame(f, 4, &ms_ipv4[2], IPPROTO_TCP);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[2].hash_4tuple);
	len = ms_frame(f, 4, &ms_ipv4[2], IPPROTO_ICMP);
	assert_unhashed_queue0(run(&st, f, len, NULL));
	len = ms_frame(f, 4, &ms_ipv4[2], IPPROTO_UDP);
	assert_unhashed_queue0(run(&st, f, len, NULL));
	len = ms_frame(f, 6, &ms_ipv6[2], IPPROTO_TCP);
	assert_unhashed_queue0(run(&st, f, len, NULL));

	/* no type at all */
	assert_int_equal(taskoff_rss_set_hash_types(&st, 0), 0);
	len = ms_frame(f, 6, &ms_ipv6[0], IPPROTO_TCP);
	assert_unhashed_queue0(run(&st, f, len, NULL));
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void config_errors(void **state)
{
	struct taskoff_steer st;
	uint8_t key[40] = {0};

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_L2_PAYLOAD),
			 -ENOTSUP);
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_FRAG_IPV4), -ENOTSUP);
	assert_int_equal(st.rss.rss_hf, TASKOFF_RSS_HF_SUPPORTED); /* unchanged */
	assert_int_equal(taskoff_rss_set_key(&st, key, 39), -EINVAL);
	assert_int_equal(taskoff_rss_set_key(&st, key, 52), -EINVAL);
	assert_int_equal(taskoff_rss_set_key(&st, NULL, 40), -EINVAL);
	assert_int_equal(st.rss.key[0], 0x6d); /* unchanged */
	assert_int_equal(taskoff_rss_reta_set_size(&st, 100), -EINVAL);
	assert_int_equal(taskoff_rss_reta_set_size(&st, 1024), -EINVAL);
	assert_int_equal(st.rss.reta_size, 128);
}

/* A new key: expected values from rte_softrss (the generic variant, original key). */
static void custom_key(void **state)
{
	uint8_t key[40] __rte_aligned(4);
	union rte_thash_tuple t;
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len, i;
	uint32_t expect;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0x3b * i + 0x11);
	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_rss_set_key(&st, key, sizeof(key)), 0);
	assert_memory_equal(st.rss.key, key, sizeof(key));
	memset(&t, 0, sizeof(t));
	t.v4.src_addr = test_ipv4(66, 9, 149, 187);
	t.v4.dst_addr = test_ipv4(161, 142, 100, 80);
	t.v4.sport = 2794;
	t.v4.dport = 1766;
	expect = rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, key);
	len = ms_frame(f, 4, &ms_ipv4[0], IPPROTO_TCP);
	assert_hashed(run(&st, f, len, NULL), expect);
	assert_int_not_equal(expect, ms_ipv4[0].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static uint32_t rand_next(uint64_t *state)
{
	/* xorshift64*: reproducible pseudo-random test inputs */
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (uint32_t)((*state * 0x2545F4914F6CDD1DULL) >> 32);
}

static void rand_bytes(uint64_t *state, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)rand_next(state);
}

/*
 * What rte_softrss (DPDK's reference Toeplitz) gives for the NDIS input built
 * from raw bytes: addresses then (with_ports) source and destination port.
 */
static uint32_t reference_hash(const uint8_t *key, const uint8_t *src, const uint8_t *dst,
			       size_t alen, uint16_t sport, uint16_t dport, bool with_ports)
{
	uint8_t in[36];
	uint32_t words[9];
	size_t i, len = 2 * alen;

	memcpy(in, src, alen);
	memcpy(in + alen, dst, alen);
	if (with_ports) {
		in[len++] = (uint8_t)(sport >> 8);
		in[len++] = (uint8_t)sport;
		in[len++] = (uint8_t)(dport >> 8);
		in[len++] = (uint8_t)dport;
	}
	for (i = 0; i < len / 4; i++)
		words[i] = (uint32_t)in[4 * i] << 24 | (uint32_t)in[4 * i + 1] << 16 |
			   (uint32_t)in[4 * i + 2] << 8 | in[4 * i + 3];
	return rte_softrss(words, (uint32_t)(len / 4), key);
}

/* One random frame per protocol kind: TCP, UDP (4-tuple), ICMP (2-tuple). */
static void gfni_vs_softrss_frame(uint64_t *rng, const uint8_t *key,
				  const struct taskoff_steer *gfni,
				  const struct taskoff_steer *soft, unsigned int i)
{
	static const uint8_t protos[2][3] = {{IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP},
					     {IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMPV6}};
	int version = (i & 1) ? 6 : 4;
	uint8_t proto = protos[version == 6][(i / 2) % 3];
	size_t alen = version == 4 ? 4 : 16;
	char src_txt[INET6_ADDRSTRLEN], dst_txt[INET6_ADDRSTRLEN];
	uint8_t src[16], dst[16], f[PKT_MAX];
	struct pkt_ip_spec spec;
	static const uint8_t hbh[] = {IPPROTO_HOPOPTS};
	uint32_t expect;
	size_t len, seg_len;

	rand_bytes(rng, src, alen);
	rand_bytes(rng, dst, alen);
	inet_ntop(version == 4 ? AF_INET : AF_INET6, src, src_txt, sizeof(src_txt));
	inet_ntop(version == 4 ? AF_INET : AF_INET6, dst, dst_txt, sizeof(dst_txt));
	spec = (struct pkt_ip_spec){.version = version,
				    .src = src_txt,
				    .dst = dst_txt,
				    .proto = proto,
				    .sport = (uint16_t)rand_next(rng),
				    .dport = (uint16_t)rand_next(rng)};
	/* Inputs hashed where they lie in the frame, and from the parser's copy
	 * when they are not contiguous there: split headers, an IPv6 extension header. */
	if (version == 6 && i % 7 == 5) {
		spec.v6_ext = hbh;
		spec.v6_nb_ext = 1;
	}
	seg_len = i % 5 == 4 ? 23 : 0;
	len = ip_frame(f, &spec, NULL, 0);
	expect = reference_hash(key, src, dst, alen, spec.sport, spec.dport,
				proto == IPPROTO_TCP || proto == IPPROTO_UDP);
	assert_hashed(steer_run(pool, gfni, true, true, f, len, seg_len, NULL), expect);
	assert_hashed(steer_run(pool, soft, true, true, f, len, seg_len, NULL), expect);
}

/* Random keys and inputs: the GFNI hash equals rte_softrss (only where the CPU has GFNI). */
static void gfni_equals_softrss_random(void **state)
{
	uint8_t key[TASKOFF_RSS_KEY_LEN] __rte_aligned(4);
	struct taskoff_steer gfni, soft;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	unsigned int k, i;

	taskoff_steer_init(&gfni, NQ);
	if (!gfni.rss.use_gfni)
		skip(); /* no GFNI/AVX-512 here: only the portable path exists */
	for (k = 0; k < 32; k++) {
		rand_bytes(&rng, key, sizeof(key));
		assert_int_equal(taskoff_rss_set_key(&gfni, key, sizeof(key)), 0);
		assert_true(gfni.rss.use_gfni);
		soft = gfni;
		soft.rss.use_gfni = false;
		for (i = 0; i < 96; i++)
			gfni_vs_softrss_frame(&rng, key, &gfni, &soft, i);
	}
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void ipv4_fragments_use_2tuple(void **state)
{
	struct pkt_ip_spec s = ms_spec(4, &ms_ipv4[3], IPPROTO_TCP);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	s.v4_frag = RTE_IPV4_HDR_MF_FLAG; /* first fragment */
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[3].hash_2tuple);
	s.v4_frag = 185; /* later fragment (offset 1480) */
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[3].hash_2tuple);
	s.v4_frag = RTE_IPV4_HDR_DF_FLAG; /* DF alone is not a fragment */
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[3].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void ipv6_extension_headers(void **state)
{
	static const uint8_t hbh_dst[] = {IPPROTO_HOPOPTS, IPPROTO_DSTOPTS};
	static const uint8_t routing[] = {IPPROTO_ROUTING};
	static const uint8_t frag[] = {IPPROTO_HOPOPTS, IPPROTO_FRAGMENT};
	struct pkt_ip_spec s = ms_spec(6, &ms_ipv6[0], IPPROTO_TCP);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	s.v6_ext = hbh_dst;
	s.v6_nb_ext = RTE_DIM(hbh_dst);
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[0].hash_4tuple);
	s.v6_ext = routing;
	s.v6_nb_ext = RTE_DIM(routing);
	s.proto = IPPROTO_UDP;
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[0].hash_4tuple);
	s.v6_ext = frag;
	s.v6_nb_ext = RTE_DIM(frag);
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[0].hash_2tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* More than 128 bytes of extension headers: the walk stops, 2-tuple. */
static void ipv6_extension_budget(void **state)
{
	uint8_t ext[17];
	struct pkt_ip_spec s = ms_spec(6, &ms_ipv6[2], IPPROTO_TCP);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	memset(ext, IPPROTO_DSTOPTS, sizeof(ext));
	taskoff_steer_init(&st, NQ);
	s.v6_ext = ext;
	s.v6_nb_ext = 16; /* exactly 128 bytes: still walked */
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[2].hash_4tuple);
	s.v6_nb_ext = 17;
	len = ip_frame(f, &s, NULL, 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[2].hash_2tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void vlan_tagged_frames(void **state)
{
	static const uint16_t one[] = {100};
	static const uint16_t two[] = {0x2005, 0x0006};
	struct pkt_ip_spec s4 = ms_spec(4, &ms_ipv4[4], IPPROTO_TCP);
	struct pkt_ip_spec s6 = ms_spec(6, &ms_ipv6[1], IPPROTO_UDP);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	len = ip_frame(f, &s4, one, 1);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[4].hash_4tuple);
	len = ip_frame(f, &s4, two, 2);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[4].hash_4tuple);
	len = ip_frame(f, &s6, one, 1);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[1].hash_4tuple);
	len = ip_frame(f, &s6, two, 2);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[1].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void reta_update_query_and_mapping(void **state)
{
	struct rte_eth_rss_reta_entry64 conf[512 / RTE_ETH_RETA_GROUP_SIZE];
	const uint32_t hash = ms_ipv4[1].hash_4tuple; /* 0xc626b0ea */
	const unsigned int idx128 = hash % 128, idx512 = hash % 512;
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;
	struct steer_result r;

	taskoff_steer_init(&st, NQ);
	len = ms_frame(f, 4, &ms_ipv4[1], IPPROTO_TCP);
	r = run(&st, f, len, NULL);
	assert_int_equal(r.queue, idx128 % NQ);

	/* point only that entry somewhere else */
	memset(conf, 0, sizeof(conf));
	conf[idx128 / 64].mask = 1ULL << (idx128 % 64);
	conf[idx128 / 64].reta[idx128 % 64] = 5;
	assert_int_equal(taskoff_rss_reta_update(&st, conf, 128), 0);
	r = run(&st, f, len, NULL);
	assert_true(r.hashed);
	assert_int_equal(r.queue, 5);
	assert_int_equal(st.rss.reta[(idx128 + 1) % 128], ((idx128 + 1) % 128) % NQ);

	/* query: masked entries only */
	memset(conf, 0xff, sizeof(conf));
	conf[0].mask = 0;
	conf[1].mask = 0x3;
	assert_int_equal(taskoff_rss_reta_query(&st, conf, 128), 0);
	assert_int_equal(conf[0].reta[0], 0xffff);
	assert_int_equal(conf[1].reta[0], 64 % NQ);
	assert_int_equal(conf[1].reta[1], 65 % NQ);
	assert_int_equal(conf[1].reta[2], 0xffff);

	/* errors leave the table unchanged */
	memset(conf, 0, sizeof(conf));
	conf[0].mask = 0x3;
	conf[0].reta[0] = 1;
	conf[0].reta[1] = NQ; /* out of range */
	assert_int_equal(taskoff_rss_reta_update(&st, conf, 128), -EINVAL);
	assert_int_equal(st.rss.reta[0], 0);
	assert_int_equal(taskoff_rss_reta_update(&st, conf, 64), -EINVAL);
	assert_int_equal(taskoff_rss_reta_update(&st, NULL, 128), -EINVAL);
	assert_int_equal(taskoff_rss_reta_query(&st, conf, 512), -EINVAL);

	/* 512 entries: the index uses 9 bits of the hash */
	assert_int_equal(taskoff_rss_reta_set_size(&st, 512), 0);
	memset(conf, 0, sizeof(conf));
	conf[idx512 / 64].mask = 1ULL << (idx512 % 64);
	conf[idx512 / 64].reta[idx512 % 64] = 6;
	assert_int_equal(taskoff_rss_reta_update(&st, conf, 512), 0);
	r = run(&st, f, len, NULL);
	assert_int_equal(r.queue, 6);
	assert_int_equal(r.hash, hash);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void rss_disabled_goes_to_queue0(void **state)
{
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	len = ms_frame(f, 4, &ms_ipv4[3], IPPROTO_TCP);
	assert_int_not_equal(default_reta_queue(ms_ipv4[3].hash_4tuple), 0);
	assert_unhashed_queue0(steer_run(pool, &st, false, true, f, len, 0, &cnt));
	assert_int_equal(cnt.v[TASKOFF_CNT_RSS_HASHED], 0);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void non_ip_frames_go_to_queue0(void **state)
{
	static const uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	len = pkt_eth(f, MAC_A, NULL, 0, RTE_ETHER_TYPE_ARP, arp, sizeof(arp));
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 0);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* NVGRE around @p inner with outer addresses of @p outer_v (IPv4 or IPv6 outer). */
static size_t nvgre_frame(uint8_t *out, int outer_version, const struct ms_vector *outer_v,
			  const uint8_t *inner, size_t inner_len)
{
	struct pkt_ip_spec outer = ms_spec(outer_version, outer_v, IPPROTO_GRE);

	return pkt_nvgre(out, MAC_B, outer, 0x123456, inner, inner_len);
}

static void nvgre_inner_4tuple_equals_plain(void **state)
{
	struct taskoff_steer st;
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	size_t inner_len, len;
	struct steer_result plain, tunneled;

	taskoff_steer_init(&st, NQ);
	/* inner TCPv4 in outer IPv4 */
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	plain = run(&st, inner, inner_len, NULL);
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	tunneled = run(&st, f, len, NULL);
	assert_hashed(tunneled, ms_ipv4[2].hash_4tuple);
	assert_int_equal(tunneled.hash, plain.hash);
	assert_int_equal(tunneled.queue, plain.queue);
	/* inner UDPv6 in outer IPv4, inner TCPv4 in outer IPv6 (mixed versions) */
	inner_len = ms_frame(inner, 6, &ms_ipv6[2], IPPROTO_UDP);
	len = nvgre_frame(f, 4, &ms_ipv4[1], inner, inner_len);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[2].hash_4tuple);
	inner_len = ms_frame(inner, 4, &ms_ipv4[4], IPPROTO_TCP);
	len = nvgre_frame(f, 6, &ms_ipv6[0], inner, inner_len);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[4].hash_4tuple);
	/* NVGRE task offload off: the frame is hashed on its outer IP (GRE has no ports) */
	assert_hashed(steer_run(pool, &st, true, false, f, len, 0, NULL), ms_ipv6[0].hash_2tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* The receiver asks taskoff_config_nvgre_enabled, the condition transmit uses:
 * with *EncapsulatedPacketTaskOffloadNvgre=0 (encap switch on) or the switch
 * off, an NVGRE frame is hashed on its outer addresses, not its inner 4-tuple. */
static void nvgre_rss_follows_the_transmit_condition(void **state)
{
	struct taskoff_offload_config cfg;
	struct taskoff_steer st;
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	size_t inner_len, len;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	taskoff_offload_config_default(&cfg);
	assert_hashed(
	    steer_run(pool, &st, true, taskoff_config_nvgre_enabled(&cfg), f, len, 0, NULL),
	    ms_ipv4[2].hash_4tuple);
	cfg.encap_types = 0;
	assert_hashed(
	    steer_run(pool, &st, true, taskoff_config_nvgre_enabled(&cfg), f, len, 0, NULL),
	    ms_ipv4[0].hash_2tuple);
	cfg.encap_types = TASKOFF_ENCAP_VXLAN;
	assert_hashed(
	    steer_run(pool, &st, true, taskoff_config_nvgre_enabled(&cfg), f, len, 0, NULL),
	    ms_ipv4[0].hash_2tuple);
	cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	cfg.encap_enabled = false;
	assert_hashed(
	    steer_run(pool, &st, true, taskoff_config_nvgre_enabled(&cfg), f, len, 0, NULL),
	    ms_ipv4[0].hash_2tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void nvgre_without_inner_l4_uses_outer_2tuple(void **state)
{
	struct taskoff_steer st;
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	size_t inner_len, len;
	struct pkt_ip_spec s;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_ICMP);
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[0].hash_2tuple);
	len = nvgre_frame(f, 6, &ms_ipv6[1], inner, inner_len);
	assert_hashed(run(&st, f, len, NULL), ms_ipv6[1].hash_2tuple);
	/* inner fragment: no ports */
	s = ms_spec(4, &ms_ipv4[2], IPPROTO_UDP);
	s.v4_frag = RTE_IPV4_HDR_MF_FLAG;
	inner_len = ip_frame(inner, &s, NULL, 0);
	len = nvgre_frame(f, 4, &ms_ipv4[3], inner, inner_len);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[3].hash_2tuple);
	/* inner TCP, but the TCP hash type is off: outer 2-tuple */
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	len = nvgre_frame(f, 4, &ms_ipv4[4], inner, inner_len);
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_IPV4), 0);
	assert_hashed(run(&st, f, len, NULL), ms_ipv4[4].hash_2tuple);
	/* and with the outer type off too: nothing applies */
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_IPV6), 0);
	assert_unhashed_queue0(run(&st, f, len, NULL));
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* GRE that is not NVGRE (checksum/sequence bits, version, protocol): outer 2-tuple. */
static void gre_that_is_not_nvgre(void **state)
{
	static const uint16_t bad_flags[] = {0xA000, 0x3000, 0x6000, 0x2001, 0x0000};
	uint8_t inner[PKT_MAX], gre[PKT_MAX], l3[PKT_MAX], f[PKT_MAX];
	struct pkt_ip_spec outer = ms_spec(4, &ms_ipv4[1], IPPROTO_GRE);
	struct taskoff_steer st;
	size_t inner_len, gre_len, l3_len, len, i;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	for (i = 0; i <= RTE_DIM(bad_flags); i++) {
		if (i < RTE_DIM(bad_flags))
			gre_len =
			    pkt_gre(gre, bad_flags[i], RTE_ETHER_TYPE_TEB, 7, 0, inner, inner_len);
		else /* right flags, IPv4 payload instead of Ethernet */
			gre_len = pkt_gre(gre, 0x2000, RTE_ETHER_TYPE_IPV4, 7, 0, inner + 14,
					  inner_len - 14);
		l3_len = pkt_ip(l3, &outer, gre, gre_len);
		len = pkt_eth(f, MAC_B, NULL, 0, RTE_ETHER_TYPE_IPV4, l3, l3_len);
		assert_hashed(run(&st, f, len, NULL), ms_ipv4[1].hash_2tuple);
	}
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* Every cut of @p f shorter than @p hdr_len: unhashed, queue 0, counted malformed. */
static void assert_cuts_go_to_queue0(const struct taskoff_steer *st, const uint8_t *f,
				     size_t hdr_len)
{
	struct taskoff_counters cnt = {0};
	struct steer_result r;
	size_t cut;

	for (cut = 0; cut < hdr_len; cut++) {
		r = run(st, f, cut, &cnt);
		assert_false(r.hashed);
		assert_int_equal(r.queue, 0);
	}
	assert_int_equal(cnt.v[TASKOFF_CNT_RSS_HASHED], 0);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], hdr_len);
}

static void truncated_frames_go_to_queue0(void **state)
{
	static const uint16_t vlans[] = {0x2005, 0x0006};
	static const uint8_t ext[] = {IPPROTO_HOPOPTS, IPPROTO_ROUTING};
	struct pkt_ip_spec s4 = ms_spec(4, &ms_ipv4[3], IPPROTO_TCP);
	struct pkt_ip_spec s6 = ms_spec(6, &ms_ipv6[0], IPPROTO_UDP);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];

	taskoff_steer_init(&st, NQ);
	ip_frame(f, &s4, NULL, 0);
	assert_cuts_go_to_queue0(&st, f, 14 + 20 + 20);
	assert_hashed(run(&st, f, 14 + 20 + 20, NULL), ms_ipv4[3].hash_4tuple);
	ip_frame(f, &s4, vlans, 2);
	assert_cuts_go_to_queue0(&st, f, 22 + 20 + 20);
	s6.v6_ext = ext;
	s6.v6_nb_ext = RTE_DIM(ext);
	ip_frame(f, &s6, NULL, 0);
	assert_cuts_go_to_queue0(&st, f, 14 + 40 + 16 + 8);
	assert_hashed(run(&st, f, 14 + 40 + 16 + 8, NULL), ms_ipv6[0].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* NVGRE cut: inside the outer headers → queue 0; inside GRE or the inner frame →
 * outer 2-tuple; once the inner TCP header is complete → inner 4-tuple. */
static void truncated_nvgre(void **state)
{
	const size_t outer_hdr = 14 + 20, inner_hdr = 14 + 20 + 20;
	struct taskoff_counters cnt = {0};
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	struct taskoff_steer st;
	size_t inner_len, len, cut;
	struct steer_result r;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	assert_cuts_go_to_queue0(&st, f, outer_hdr);
	for (cut = outer_hdr; cut < outer_hdr + 8 + inner_hdr; cut++) {
		r = run(&st, f, cut, &cnt);
		assert_hashed(r, ms_ipv4[0].hash_2tuple);
	}
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 8 + inner_hdr);
	for (; cut <= len; cut++)
		assert_hashed(run(&st, f, cut, NULL), ms_ipv4[2].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* ---- VXLAN: the same tunnel rules as NVGRE, for UDP to the configured port ---- */

#define VNI	   42u
#define OTHER_PORT 4790u

static const struct taskoff_steer_tunnels tun_vxlan = {
    .nvgre = true, .vxlan = true, .vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT};

/* VXLAN to UDP port @p port around @p inner; outer addresses and UDP source port of @p outer_v. */
static size_t vxlan_frame(uint8_t *out, int outer_version, const struct ms_vector *outer_v,
			  uint16_t port, const uint8_t *inner, size_t inner_len)
{
	struct pkt_ip_spec outer = ms_spec(outer_version, outer_v, IPPROTO_UDP);

	outer.dport = port;
	return pkt_vxlan(out, MAC_B, outer, VNI, inner, inner_len);
}

static struct steer_result run_tun(const struct taskoff_steer *st, struct taskoff_steer_tunnels tun,
				   const uint8_t *f, size_t len, struct taskoff_counters *cnt)
{
	return steer_run_tun(pool, st, true, tun, f, len, 0, cnt);
}

/* rte_softrss under @p key of the addresses of @p v, then (with_ports) @p sport, @p dport. */
static uint32_t ms_reference(const uint8_t *key, int version, const struct ms_vector *v,
			     uint16_t sport, uint16_t dport, bool with_ports)
{
	int af = version == 4 ? AF_INET : AF_INET6;
	uint8_t src[16], dst[16];

	assert_int_equal(inet_pton(af, v->src, src), 1);
	assert_int_equal(inet_pton(af, v->dst, dst), 1);
	return reference_hash(key, src, dst, version == 4 ? 4 : 16, sport, dport, with_ports);
}

/* Inner TCP/UDP over IPv4/IPv6 in outer IPv4/IPv6 VXLAN, under a custom key, on both
 * hash paths and split headers: Toeplitz of the inner 4-tuple, as rte_softrss gives it. */
static void vxlan_inner_4tuple_equals_softrss(void **state)
{
	static const struct {
		int outer, inner;
		const struct ms_vector *ov, *iv;
		uint8_t proto;
	} cases[] = {
	    {4, 4, &ms_ipv4[0], &ms_ipv4[2], IPPROTO_TCP},
	    {4, 6, &ms_ipv4[1], &ms_ipv6[2], IPPROTO_UDP},
	    {6, 4, &ms_ipv6[0], &ms_ipv4[4], IPPROTO_UDP},
	    {6, 6, &ms_ipv6[1], &ms_ipv6[0], IPPROTO_TCP},
	};
	static const size_t segs[] = {0, 23, 61};
	uint8_t key[TASKOFF_RSS_KEY_LEN] __rte_aligned(4);
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st, soft;
	size_t inner_len, len, i, k;
	uint32_t expect;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0x3b * i + 0x11);
	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_rss_set_key(&st, key, sizeof(key)), 0);
	soft = st;
	soft.rss.use_gfni = false;
	for (i = 0; i < RTE_DIM(cases); i++) {
		inner_len = ms_frame(inner, cases[i].inner, cases[i].iv, cases[i].proto);
		len = vxlan_frame(f, cases[i].outer, cases[i].ov, TASKOFF_VXLAN_DEFAULT_PORT, inner,
				  inner_len);
		expect = ms_reference(key, cases[i].inner, cases[i].iv, cases[i].iv->sport,
				      cases[i].iv->dport, true);
		for (k = 0; k < RTE_DIM(segs); k++) {
			assert_hashed(
			    steer_run_tun(pool, &st, true, tun_vxlan, f, len, segs[k], &cnt),
			    expect);
			assert_hashed(
			    steer_run_tun(pool, &soft, true, tun_vxlan, f, len, segs[k], &cnt),
			    expect);
		}
	}
	assert_int_equal(cnt.v[TASKOFF_CNT_RSS_HASHED], 2 * RTE_DIM(segs) * RTE_DIM(cases));
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 0);
	/* the default key gives Microsoft's published 4-tuple value of the inner frame */
	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[3], IPPROTO_TCP);
	len = vxlan_frame(f, 6, &ms_ipv6[2], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[3].hash_4tuple);
	/* NVGRE is still looked into beside VXLAN */
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[3].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* No inner TCP/UDP 4-tuple to hash: the 2-tuple of the OUTER addresses, not the outer UDP
 * 4-tuple. */
static void vxlan_without_inner_l4_uses_outer_2tuple(void **state)
{
	static const uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	struct taskoff_steer st;
	size_t inner_len, len;
	struct pkt_ip_spec s;

	taskoff_steer_init(&st, NQ);
	/* inner ICMP, outer IPv4 and IPv6 */
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_ICMP);
	len = vxlan_frame(f, 4, &ms_ipv4[0], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[0].hash_2tuple);
	inner_len = ms_frame(inner, 6, &ms_ipv6[2], IPPROTO_ICMPV6);
	len = vxlan_frame(f, 6, &ms_ipv6[1], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv6[1].hash_2tuple);
	/* inner ARP (not IP) */
	inner_len = pkt_eth(inner, MAC_A, NULL, 0, RTE_ETHER_TYPE_ARP, arp, sizeof(arp));
	len = vxlan_frame(f, 4, &ms_ipv4[1], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[1].hash_2tuple);
	/* inner fragment: no ports */
	s = ms_spec(4, &ms_ipv4[2], IPPROTO_UDP);
	s.v4_frag = RTE_IPV4_HDR_MF_FLAG;
	inner_len = ip_frame(inner, &s, NULL, 0);
	len = vxlan_frame(f, 4, &ms_ipv4[3], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[3].hash_2tuple);
	/* inner TCP, but the TCP hash type is off (UDP on): outer 2-tuple, not outer UDP */
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	len = vxlan_frame(f, 4, &ms_ipv4[4], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_int_equal(
	    taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP), 0);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[4].hash_2tuple);
	/* and with the outer type off too: nothing applies */
	assert_int_equal(taskoff_rss_set_hash_types(&st, RTE_ETH_RSS_NONFRAG_IPV4_UDP), 0);
	assert_unhashed_queue0(run_tun(&st, tun_vxlan, f, len, NULL));
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* Only UDP to the configured port, with the I flag, is VXLAN; everything else is plain UDP
 * (the outer 4-tuple, destination port included). */
static void vxlan_port_and_i_flag_decide(void **state)
{
	uint8_t inner[PKT_MAX], vx[PKT_MAX], l3[PKT_MAX], f[PKT_MAX];
	struct taskoff_steer_tunnels tun = tun_vxlan;
	const struct ms_vector *ov = &ms_ipv4[1];
	struct pkt_ip_spec outer;
	struct taskoff_steer st;
	size_t inner_len, len, vx_len, l3_len;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	/* to another port: plain UDP */
	len = vxlan_frame(f, 4, ov, OTHER_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun, f, len, NULL),
		      ms_reference(taskoff_rss_default_key, 4, ov, ov->sport, OTHER_PORT, true));
	/* that port configured: VXLAN; the default port now plain UDP */
	tun.vxlan_port = OTHER_PORT;
	assert_hashed(run_tun(&st, tun, f, len, NULL), ms_ipv4[2].hash_4tuple);
	len = vxlan_frame(f, 4, ov, TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	assert_hashed(run_tun(&st, tun, f, len, NULL),
		      ms_reference(taskoff_rss_default_key, 4, ov, ov->sport,
				   TASKOFF_VXLAN_DEFAULT_PORT, true));
	/* the source port is not the one that counts */
	outer = ms_spec(4, ov, IPPROTO_UDP);
	outer.sport = TASKOFF_VXLAN_DEFAULT_PORT;
	outer.dport = 9999;
	len = pkt_vxlan(f, MAC_B, outer, VNI, inner, inner_len);
	assert_hashed(
	    run_tun(&st, tun_vxlan, f, len, NULL),
	    ms_reference(taskoff_rss_default_key, 4, ov, TASKOFF_VXLAN_DEFAULT_PORT, 9999, true));
	/* the I flag clear: no VNI, plain UDP */
	vx_len = pkt_vxlan_hdr(vx, 0x00, VNI, inner, inner_len);
	outer = ms_spec(4, ov, IPPROTO_UDP);
	outer.dport = TASKOFF_VXLAN_DEFAULT_PORT;
	l3_len = pkt_ip(l3, &outer, vx, vx_len);
	len = pkt_eth(f, MAC_B, NULL, 0, RTE_ETHER_TYPE_IPV4, l3, l3_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL),
		      ms_reference(taskoff_rss_default_key, 4, ov, ov->sport,
				   TASKOFF_VXLAN_DEFAULT_PORT, true));
	/* reserved flag bits beside I do not matter (RFC 7348: ignored on receipt) */
	vx_len = pkt_vxlan_hdr(vx, 0xff, VNI, inner, inner_len);
	l3_len = pkt_ip(l3, &outer, vx, vx_len);
	len = pkt_eth(f, MAC_B, NULL, 0, RTE_ETHER_TYPE_IPV4, l3, l3_len);
	assert_hashed(run_tun(&st, tun_vxlan, f, len, NULL), ms_ipv4[2].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* The receiver asks taskoff_config_vxlan_enabled and the configured port, as transmit does:
 * VXLAN off (type bit or switch) → the frame is plain UDP. */
static void vxlan_rss_follows_the_transmit_condition(void **state)
{
	struct taskoff_offload_config cfg;
	const struct ms_vector *ov = &ms_ipv6[0];
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	struct taskoff_steer st;
	size_t inner_len, len;
	uint32_t plain;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 6, &ms_ipv6[2], IPPROTO_TCP);
	len = vxlan_frame(f, 6, ov, TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	plain = ms_reference(taskoff_rss_default_key, 6, ov, ov->sport, TASKOFF_VXLAN_DEFAULT_PORT,
			     true);
	taskoff_offload_config_default(&cfg);
	cfg.encap_enabled = true;
	cfg.encap_types = TASKOFF_ENCAP_VXLAN;
	cfg.vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT;
	assert_hashed(run_tun(&st, taskoff_steer_tunnels_of(&cfg), f, len, NULL),
		      ms_ipv6[2].hash_4tuple);
	cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	assert_hashed(run_tun(&st, taskoff_steer_tunnels_of(&cfg), f, len, NULL), plain);
	cfg.encap_types = TASKOFF_ENCAP_GRE_MAC | TASKOFF_ENCAP_VXLAN;
	cfg.encap_enabled = false;
	assert_hashed(run_tun(&st, taskoff_steer_tunnels_of(&cfg), f, len, NULL), plain);
	cfg.encap_enabled = true;
	cfg.vxlan_port = OTHER_PORT;
	assert_hashed(run_tun(&st, taskoff_steer_tunnels_of(&cfg), f, len, NULL), plain);
	/* the NVGRE-only interface of before: VXLAN never looked into */
	assert_hashed(steer_run(pool, &st, true, true, f, len, 0, NULL), plain);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* VXLAN cut: inside the outer headers (UDP included) → queue 0; inside the VXLAN header or
 * the inner frame → outer 2-tuple, counted malformed; inner TCP complete → inner 4-tuple. */
static void truncated_vxlan(void **state)
{
	const size_t outer_hdr = 14 + 20 + 8, inner_hdr = 14 + 20 + 20;
	struct taskoff_counters cnt = {0};
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	struct taskoff_steer st;
	size_t inner_len, len, cut;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 4, &ms_ipv4[2], IPPROTO_TCP);
	len = vxlan_frame(f, 4, &ms_ipv4[0], TASKOFF_VXLAN_DEFAULT_PORT, inner, inner_len);
	for (cut = 0; cut < outer_hdr; cut++)
		assert_unhashed_queue0(run_tun(&st, tun_vxlan, f, cut, &cnt));
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], outer_hdr);
	for (; cut < outer_hdr + 8 + inner_hdr; cut++)
		assert_hashed(run_tun(&st, tun_vxlan, f, cut, &cnt), ms_ipv4[0].hash_2tuple);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], outer_hdr + 8 + inner_hdr);
	for (; cut <= len; cut++)
		assert_hashed(run_tun(&st, tun_vxlan, f, cut, &cnt), ms_ipv4[2].hash_4tuple);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], outer_hdr + 8 + inner_hdr);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* Length fields that lie: smaller than the headers → malformed; larger → headers still hashed. */
static void lying_ip_lengths(void **state)
{
	struct pkt_ip_spec s4 = ms_spec(4, &ms_ipv4[0], IPPROTO_TCP);
	struct pkt_ip_spec s6 = ms_spec(6, &ms_ipv6[0], IPPROTO_TCP);
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	len = ip_frame(f, &s4, NULL, 0);
	f[14 + 2] = 0;
	f[14 + 3] = 20 + 19; /* total length ends inside the TCP header */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	f[14 + 3] = 19; /* total length shorter than the IP header */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	f[14 + 2] = 0xff; /* longer than the frame: a truncated payload, headers intact */
	assert_hashed(run(&st, f, len, &cnt), ms_ipv4[0].hash_4tuple);
	len = ip_frame(f, &s4, NULL, 0);
	f[14] = 0x44; /* IHL 4 */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	f[14] = 0x4f; /* IHL 15: a 60-byte header, longer than the 56-byte datagram */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 4);
	len = ip_frame(f, &s6, NULL, 0);
	f[14 + 4] = 0;
	f[14 + 5] = 0; /* payload length 0 leaves no room for TCP */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	f[14 + 5] = 19; /* one byte short of the TCP header */
	assert_unhashed_queue0(run(&st, f, len, &cnt));
	f[14 + 5] = 20;
	assert_hashed(run(&st, f, len, &cnt), ms_ipv6[0].hash_4tuple);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 6);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void multi_segment_frames(void **state)
{
	struct taskoff_steer st;
	uint8_t inner[PKT_MAX], f[PKT_MAX];
	size_t inner_len, len, seg;

	taskoff_steer_init(&st, NQ);
	inner_len = ms_frame(inner, 6, &ms_ipv6[1], IPPROTO_TCP);
	len = nvgre_frame(f, 4, &ms_ipv4[0], inner, inner_len);
	for (seg = 1; seg <= 40; seg++)
		assert_hashed(steer_run(pool, &st, true, true, f, len, seg, NULL),
			      ms_ipv6[1].hash_4tuple);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* One random change to the headers of IPv4 frame @p f that some check of the fast lane is about. */
static void mutate_lane_field(uint8_t *f, size_t *len, uint64_t *rng)
{
	uint8_t r[4];

	rand_bytes(rng, r, sizeof(r));
	switch (r[0] % 12) {
	case 0:
		f[12] = 0x81; /* a VLAN tag's type where the IPv4 type was */
		f[13] = 0x00;
		break;
	case 1:
		f[14] = (uint8_t)(0x40 | (r[1] & 0x0f)); /* IHL: options, or too short */
		break;
	case 2:
		f[14 + 6] |= (uint8_t)(r[1] & 0x3f); /* MF or offset bits */
		f[14 + 7] = r[2];
		break;
	case 3:
		f[14 + 9] = r[1] & 1 ? IPPROTO_UDP : (uint8_t)(r[2] % 64); /* another protocol */
		break;
	case 4:
		f[14 + 2] = 0; /* total length anywhere around the TCP/UDP header's end */
		f[14 + 3] = (uint8_t)(r[1] % 64);
		break;
	case 5:
		f[14 + 2] = 0xff; /* longer than the frame */
		break;
	case 6:
		*len = 14 + (size_t)(r[1] % 48); /* cut anywhere in the headers */
		break;
	case 7:
		f[14 + 9] = IPPROTO_UDP; /* UDP to the VXLAN port */
		f[36] = 0x12;
		f[37] = 0xb5;
		break;
	case 8:
		f[14] = (uint8_t)(r[1] & 0xf0) | 5; /* another version */
		break;
	default:
		rand_bytes(rng, &f[26], 12); /* another flow */
		break;
	}
}

/*
 * The fast lane (a plain untagged IPv4 TCP/UDP frame's hash input found in
 * place) decides exactly as the general parse: queue, hash, flag and counters,
 * on mutated frames in one mbuf or split into segments, under random hash
 * types and tunnel settings.
 */
static void fast_lane_matches_general_parse(void **state)
{
	static const uint64_t hf[] = {TASKOFF_RSS_HF_SUPPORTED, RTE_ETH_RSS_IPV4,
				      RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_IPV6,
				      RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV4};
	struct taskoff_counters fast_cnt = {0}, slow_cnt = {0};
	uint64_t rng = 0x5eed;
	unsigned int i, k, hashed = 0;
	struct taskoff_steer st;

	taskoff_steer_init(&st, NQ);
	for (i = 0; i < 20000; i++) {
		struct pkt_ip_spec s = ms_spec(4, &ms_ipv4[i % RTE_DIM(ms_ipv4)],
					       i % 3 == 0 ? IPPROTO_UDP : IPPROTO_TCP);
		struct taskoff_steer_tunnels tun = {
		    .nvgre = i % 2 == 0, .vxlan = i % 4 < 2, .vxlan_port = 4789};
		struct steer_result fast, slow;
		uint8_t f[PKT_MAX], r[2];
		size_t len = ip_frame(f, &s, NULL, 0), seg;

		rand_bytes(&rng, r, sizeof(r));
		for (k = 0; k < (unsigned int)(r[0] % 3); k++)
			mutate_lane_field(f, &len, &rng);
		seg = r[1] % 4 == 0 ? 1 + r[1] % 50 : 0;
		assert_int_equal(taskoff_rss_set_hash_types(&st, hf[i % RTE_DIM(hf)]), 0);
		taskoff_steer_fast_lane_off = false;
		fast = steer_run_tun(pool, &st, true, tun, f, len, seg, &fast_cnt);
		taskoff_steer_fast_lane_off = true;
		slow = steer_run_tun(pool, &st, true, tun, f, len, seg, &slow_cnt);
		taskoff_steer_fast_lane_off = false;
		if (fast.queue != slow.queue || fast.hashed != slow.hashed ||
		    fast.hash != slow.hash)
			fail_msg("frame %u: lane queue %u hash %d/%08x, general %u %d/%08x", i,
				 fast.queue, fast.hashed, fast.hash, slow.queue, slow.hashed,
				 slow.hash);
		assert_memory_equal(&fast_cnt, &slow_cnt, sizeof(fast_cnt));
		hashed += fast.hashed;
	}
	assert_true(hashed > 10000); /* the lane had frames to take */
	assert_true(slow_cnt.v[TASKOFF_CNT_STEER_MALFORMED] > 1000);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(microsoft_ipv4_vectors),
	    cmocka_unit_test(microsoft_ipv6_vectors),
	    cmocka_unit_test(default_key_is_microsoft_key),
	    cmocka_unit_test(l4_types_off_fall_back_to_2tuple),
	    cmocka_unit_test(config_errors),
	    cmocka_unit_test(custom_key),
	    cmocka_unit_test(gfni_equals_softrss_random),
	    cmocka_unit_test(ipv4_fragments_use_2tuple),
	    cmocka_unit_test(ipv6_extension_headers),
	    cmocka_unit_test(ipv6_extension_budget),
	    cmocka_unit_test(vlan_tagged_frames),
	    cmocka_unit_test(reta_update_query_and_mapping),
	    cmocka_unit_test(rss_disabled_goes_to_queue0),
	    cmocka_unit_test(non_ip_frames_go_to_queue0),
	    cmocka_unit_test(nvgre_inner_4tuple_equals_plain),
	    cmocka_unit_test(nvgre_rss_follows_the_transmit_condition),
	    cmocka_unit_test(nvgre_without_inner_l4_uses_outer_2tuple),
	    cmocka_unit_test(gre_that_is_not_nvgre),
	    cmocka_unit_test(truncated_frames_go_to_queue0),
	    cmocka_unit_test(truncated_nvgre),
	    cmocka_unit_test(vxlan_inner_4tuple_equals_softrss),
	    cmocka_unit_test(vxlan_without_inner_l4_uses_outer_2tuple),
	    cmocka_unit_test(vxlan_port_and_i_flag_decide),
	    cmocka_unit_test(vxlan_rss_follows_the_transmit_condition),
	    cmocka_unit_test(truncated_vxlan),
	    cmocka_unit_test(lying_ip_lengths),
	    cmocka_unit_test(multi_segment_frames),
	    cmocka_unit_test(fast_lane_matches_general_parse),
	};

	if (test_eal_init("test_steer_rss") != 0)
		return 1;
	pool = test_pktmbuf_pool("steer_rss", 1023, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
