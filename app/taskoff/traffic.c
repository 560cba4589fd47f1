/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "traffic.h"

#define HDR_LEN                                                                                    \
	(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_tcp_hdr))
#define FLOW_PORT_BASE 10000

/* Byte at stream offset s of any flow: cheap to produce and to check. */
static inline uint8_t pattern_byte(uint32_t s)
{
	return (uint8_t)(s * 7u + (s >> 8));
}

static void fill_payload(uint8_t *p, uint32_t seq, uint16_t len)
{
	uint16_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern_byte(seq + i);
}

static bool payload_matches(const uint8_t *p, uint32_t seq, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pattern_byte(seq + i))
			return false;
	return true;
}

void traffic_gen_init(struct traffic_gen *gen, struct rte_mempool *pool, uint16_t nb_flows,
		      uint16_t payload_len)
{
	memset(gen, 0, sizeof(*gen));
	gen->pool = pool;
	gen->nb_flows = RTE_MIN(nb_flows, TRAFFIC_MAX_FLOWS);
	gen->payload_len = payload_len;
}

static void build_headers(struct rte_mbuf *m, uint16_t flow, uint32_t seq, uint16_t ip_id,
			  uint16_t payload_len)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);

	memset(eth, 0, HDR_LEN);
	eth->dst_addr.addr_bytes[0] = 0x02;
	eth->dst_addr.addr_bytes[5] = 0x02;
	eth->src_addr.addr_bytes[0] = 0x02;
	eth->src_addr.addr_bytes[5] = 0x01;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + sizeof(*tcp) + payload_len);
	ip->packet_id = rte_cpu_to_be_16(ip_id);
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 1, 1));
	tcp->src_port = rte_cpu_to_be_16(FLOW_PORT_BASE + flow);
	tcp->dst_port = rte_cpu_to_be_16(80);
	tcp->sent_seq = rte_cpu_to_be_32(seq);
	tcp->recv_ack = rte_cpu_to_be_32(1);
	tcp->data_off = (sizeof(*tcp) / 4) << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(65535);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	tcp->cksum = rte_ipv4_udptcp_cksum(ip, tcp);
}

uint16_t traffic_gen_burst(struct traffic_gen *gen, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i, flow;
	uint32_t len = HDR_LEN + gen->payload_len;

	if (rte_pktmbuf_alloc_bulk(gen->pool, pkts, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		flow = gen->next_flow;
		gen->next_flow = (uint16_t)((flow + 1) % gen->nb_flows);
		m->data_len = (uint16_t)len;
		m->pkt_len = len;
		fill_payload(rte_pktmbuf_mtod_offset(m, uint8_t *, HDR_LEN), gen->seq[flow],
			     gen->payload_len);
		build_headers(m, flow, gen->seq[flow], gen->ip_id[flow]++, gen->payload_len);
		gen->seq[flow] += gen->payload_len;
	}
	return n;
}

/* Frames not taken are the newest of their flows: rewind and resend them later. */
void traffic_gen_unsend(struct traffic_gen *gen, struct rte_mbuf **pkts, uint16_t n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		const struct rte_tcp_hdr *tcp = rte_pktmbuf_mtod_offset(
		    pkts[i], const struct rte_tcp_hdr *, HDR_LEN - sizeof(struct rte_tcp_hdr));
		uint16_t flow = (uint16_t)(rte_be_to_cpu_16(tcp->src_port) - FLOW_PORT_BASE);

		gen->seq[flow] = rte_be_to_cpu_32(tcp->sent_seq);
		gen->ip_id[flow]--;
		gen->next_flow = flow;
		rte_pktmbuf_free(pkts[i]);
	}
}

void traffic_check_init(struct traffic_check *chk, uint16_t nb_flows)
{
	memset(chk, 0, sizeof(*chk));
	chk->nb_flows = RTE_MIN(nb_flows, TRAFFIC_MAX_FLOWS);
}

static void check_one(struct traffic_check *chk, struct rte_mbuf *m)
{
	uint8_t hdr[HDR_LEN];
	const struct rte_ipv4_hdr *ip;
	const struct rte_tcp_hdr *tcp;
	uint8_t *payload;
	uint32_t seq, len;
	uint16_t flow;

	if (m->pkt_len < HDR_LEN || m->nb_segs != 1) {
		chk->header_errors++;
		return;
	}
	memcpy(hdr, rte_pktmbuf_mtod(m, void *), HDR_LEN);
	ip = (const struct rte_ipv4_hdr *)(hdr + sizeof(struct rte_ether_hdr));
	tcp = (const struct rte_tcp_hdr *)(ip + 1);
	flow = (uint16_t)(rte_be_to_cpu_16(tcp->src_port) - FLOW_PORT_BASE);
	len = rte_be_to_cpu_16(ip->total_length) - sizeof(*ip) - sizeof(*tcp);
	if (flow >= chk->nb_flows || HDR_LEN + len != m->pkt_len) {
		chk->header_errors++;
		return;
	}
	seq = rte_be_to_cpu_32(tcp->sent_seq);
	if (chk->seen[flow] && seq != chk->expect_seq[flow])
		chk->seq_errors++;
	chk->seen[flow] = true;
	chk->expect_seq[flow] = seq + len;
	payload = rte_pktmbuf_mtod_offset(m, uint8_t *, HDR_LEN);
	if (!payload_matches(payload, seq, len))
		chk->payload_errors++;
	chk->payload_bytes += len;
}

void traffic_check_burst(struct traffic_check *chk, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		check_one(chk, pkts[i]);
	chk->frames += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

uint64_t traffic_check_errors(const struct traffic_check *chk)
{
	return chk->seq_errors + chk->payload_errors + chk->header_errors;
}
