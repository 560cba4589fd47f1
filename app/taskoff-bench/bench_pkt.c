/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame builder; checksums come from DPDK's rte_ip.h so they are independent of TaskOff. */
#include <string.h>

#include <rte_byteorder.h>

#include "bench_pkt.h"

void bench_fill_random(void *buf, size_t len, uint64_t seed)
{
	uint8_t *p = buf;
	uint64_t x = seed | 1;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v;

		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		v = x * 0x2545F4914F6CDD1DULL;
		memcpy(p + i, &v, 8);
	}
	for (; i < len; i++)
		p[i] = (uint8_t)(i * 131u + seed);
}

size_t bench_frame_len(bool ipv6, size_t payload_len)
{
	return (ipv6 ? BENCH_HDRS_IPV6 : BENCH_HDRS_IPV4) + payload_len;
}

static void put_eth(uint8_t *buf, bool ipv6)
{
	struct rte_ether_hdr eth = {
	    .dst_addr = {.addr_bytes = {0x02, 0, 0, 0, 0, 0x02}},
	    .src_addr = {.addr_bytes = {0x02, 0, 0, 0, 0, 0x01}},
	    .ether_type = rte_cpu_to_be_16(ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4),
	};

	memcpy(buf, &eth, sizeof(eth));
}

static void put_ipv4(uint8_t *buf, const struct bench_flow *f, uint8_t proto, size_t l4_len)
{
	struct rte_ipv4_hdr ip = {
	    .version_ihl = RTE_IPV4_VHL_DEF,
	    .total_length = rte_cpu_to_be_16((uint16_t)(BENCH_IPV4_LEN + l4_len)),
	    .packet_id = rte_cpu_to_be_16(f->ip_id),
	    .fragment_offset = f->no_df ? 0 : rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG),
	    .time_to_live = 64,
	    .next_proto_id = proto,
	    .src_addr = rte_cpu_to_be_32(f->src_ip),
	    .dst_addr = rte_cpu_to_be_32(f->dst_ip),
	};

	ip.hdr_checksum = rte_ipv4_cksum(&ip);
	memcpy(buf, &ip, sizeof(ip));
}

uint32_t bench_put_eth_ipv4(uint8_t *buf, const struct bench_flow *f, uint8_t proto, size_t l4_len)
{
	put_eth(buf, false);
	put_ipv4(buf + BENCH_ETH_LEN, f, proto, l4_len);
	return BENCH_ETH_LEN + BENCH_IPV4_LEN;
}

uint32_t bench_put_vxlan(uint8_t *buf, const struct bench_flow *outer, uint32_t vni,
			 size_t inner_len)
{
	const uint32_t encap = BENCH_UDP_LEN + BENCH_VXLAN_LEN;
	struct rte_udp_hdr udp = {
	    .src_port = rte_cpu_to_be_16(outer->sport),
	    .dst_port = rte_cpu_to_be_16(BENCH_VXLAN_PORT),
	    .dgram_len = rte_cpu_to_be_16((uint16_t)(encap + inner_len)),
	};
	const rte_be32_t vx[2] = {rte_cpu_to_be_32(0x08000000) /* I */, rte_cpu_to_be_32(vni << 8)};
	uint32_t off = bench_put_eth_ipv4(buf, outer, IPPROTO_UDP, encap + inner_len);

	memcpy(buf + off, &udp, sizeof(udp));
	memcpy(buf + off + BENCH_UDP_LEN, vx, sizeof(vx));
	return off + encap;
}

static void ipv6_addr(uint8_t *a, uint32_t low)
{
	uint32_t be = rte_cpu_to_be_32(low);

	memset(a, 0, 16);
	a[0] = 0xfd;
	memcpy(a + 12, &be, 4);
}

static void put_ipv6(uint8_t *buf, const struct bench_flow *f, size_t payload_len)
{
	struct rte_ipv6_hdr ip = {
	    .vtc_flow = rte_cpu_to_be_32(6u << 28),
	    .payload_len = rte_cpu_to_be_16((uint16_t)(BENCH_TCP_LEN + payload_len)),
	    .proto = IPPROTO_TCP,
	    .hop_limits = 64,
	};

	ipv6_addr(ip.src_addr, f->src_ip);
	ipv6_addr(ip.dst_addr, f->dst_ip);
	memcpy(buf, &ip, sizeof(ip));
}

static void put_tcp(uint8_t *buf, const struct bench_flow *f)
{
	struct rte_tcp_hdr tcp = {
	    .src_port = rte_cpu_to_be_16(f->sport),
	    .dst_port = rte_cpu_to_be_16(f->dport),
	    .sent_seq = rte_cpu_to_be_32(f->seq),
	    .recv_ack = rte_cpu_to_be_32(f->ack),
	    .data_off = (uint8_t)((BENCH_TCP_LEN / 4) << 4),
	    .tcp_flags = f->tcp_flags,
	    .rx_win = rte_cpu_to_be_16(0xffff),
	};

	memcpy(buf, &tcp, sizeof(tcp));
}

size_t bench_build_tcp_frame(uint8_t *buf, const struct bench_flow *f, const uint8_t *payload,
			     size_t payload_len)
{
	uint32_t l3 = f->ipv6 ? BENCH_IPV6_LEN : BENCH_IPV4_LEN;
	uint8_t *ip = buf + BENCH_ETH_LEN;
	uint8_t *tcp = ip + l3;
	uint16_t ck;

	put_eth(buf, f->ipv6);
	if (f->ipv6)
		put_ipv6(ip, f, payload_len);
	else
		put_ipv4(ip, f, IPPROTO_TCP, BENCH_TCP_LEN + payload_len);
	put_tcp(tcp, f);
	memcpy(tcp + BENCH_TCP_LEN, payload, payload_len);
	/* rte_*_udptcp_cksum reads the L4 length from the IP header it is given */
	if (f->ipv6)
		ck = rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)ip, tcp);
	else
		ck = rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)ip, tcp);
	memcpy(tcp + 16, &ck, sizeof(ck));
	return bench_frame_len(f->ipv6, payload_len);
}

uint64_t bench_frames_bytes(struct rte_mbuf *const *f, unsigned int n)
{
	uint64_t b = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		b += f[i]->pkt_len;
	return b;
}

unsigned int bench_count_identical(struct rte_mbuf *const *mine, struct rte_mbuf *const *theirs,
				   unsigned int n)
{
	static uint8_t b1[2048], b2[2048];
	unsigned int i, same = 0;

	for (i = 0; i < n; i++) {
		uint32_t len = mine[i]->pkt_len;
		const void *p1, *p2;

		if (len != theirs[i]->pkt_len || len > sizeof(b1))
			continue;
		p1 = rte_pktmbuf_read(mine[i], 0, len, b1);
		p2 = rte_pktmbuf_read(theirs[i], 0, len, b2);
		same += p1 != NULL && p2 != NULL && memcmp(p1, p2, len) == 0;
	}
	return same;
}
