/* SPDX-License-Identifier: BSD-3-Clause */
/* Receive checksum validation; see taskoff_rx_cksum.h. */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "taskoff_cksum.h"
#include "taskoff_rx_cksum.h"
#include "taskoff_sctp.h"

#define IPV4_HDR_MAX 60u

uint32_t taskoff_rx_cksum_pseudo(const struct taskoff_rx_l3 *l3, uint32_t l4_len)
{
	/* Words as __rte_raw_cksum reads them from memory: network-order fields are
	 * added in their big-endian form (zero byte, then protocol; length). */
	uint64_t sum = rte_cpu_to_be_16((uint16_t)l3->proto);
	size_t addr_len = l3->version == 4 ? 4 : 16;

	sum += taskoff_cksum_words32(l3->src, addr_len) + taskoff_cksum_words32(l3->dst, addr_len);
	if (l3->version == 4)
		sum += rte_cpu_to_be_16((uint16_t)l4_len);
	else
		sum +=
		    rte_cpu_to_be_16((uint16_t)(l4_len >> 16)) + rte_cpu_to_be_16((uint16_t)l4_len);
	return taskoff_cksum_fold(sum);
}

#define L4_HDR_MAX 60u

/*
 * Folded one's complement sum of pseudo header + segment; 0xffff when intact.
 * Header and payload are summed apart (the header length is even, so the sums
 * just add) and the payload's sum is kept in @p l3: RSC builds a coalesced
 * packet's checksum from it without reading the payload again.
 */
static int l4_folded_sum(const struct rte_mbuf *m, struct taskoff_rx_l3 *l3, uint16_t *out)
{
	uint8_t buf[L4_HDR_MAX];
	const void *hdr = rte_pktmbuf_read(m, l3->l4_off, l3->l4_len, buf);
	uint16_t payload_sum;

	/* not rte_raw_cksum_mbuf: DPDK 22.11 mis-sums chains split at odd offsets */
	if (hdr == NULL || taskoff_cksum_mbuf(m, l3->l4_off + l3->l4_len,
					      l3->l4_seg_len - l3->l4_len, &payload_sum) != 0)
		return -1;
	l3->payload_sum = payload_sum;
	/* TCP and UDP header lengths are multiples of 4 */
	*out = taskoff_cksum_fold((uint64_t)taskoff_rx_cksum_pseudo(l3, l3->l4_seg_len) +
				  taskoff_cksum_words32(hdr, l3->l4_len) + payload_sum);
	return 0;
}

enum taskoff_rx_csum taskoff_rx_cksum_ipv4_hdr(const struct rte_mbuf *m,
					       const struct taskoff_rx_l3 *l3)
{
	uint8_t buf[IPV4_HDR_MAX];
	const void *hdr;

	if (l3->version != 4)
		return TASKOFF_RX_CSUM_UNKNOWN;
	hdr = rte_pktmbuf_read(m, l3->l3_off, l3->l3_len, buf);
	if (hdr == NULL)
		return TASKOFF_RX_CSUM_UNKNOWN;
	/* IHL counts 32-bit words */
	return taskoff_cksum_fold(taskoff_cksum_words32(hdr, l3->l3_len)) == 0xffff
		   ? TASKOFF_RX_CSUM_GOOD
		   : TASKOFF_RX_CSUM_BAD;
}

/* SCTP: CRC32-C of the packet against the stored field (RFC 9260 Appendix A). */
static enum taskoff_rx_csum sctp_check(const struct rte_mbuf *m, const struct taskoff_rx_l3 *l3)
{
	uint32_t want, stored_buf;
	const uint32_t *stored =
	    rte_pktmbuf_read(m, l3->l4_off + TASKOFF_SCTP_CKSUM_OFF, sizeof(want), &stored_buf);

	if (stored == NULL || taskoff_sctp_cksum(m, l3->l4_off, l3->l4_seg_len, &want) != 0)
		return TASKOFF_RX_CSUM_UNKNOWN;
	return memcmp(stored, &want, sizeof(want)) == 0 ? TASKOFF_RX_CSUM_GOOD
							: TASKOFF_RX_CSUM_BAD;
}

enum taskoff_rx_csum taskoff_rx_cksum_l4(const struct rte_mbuf *m, struct taskoff_rx_l3 *l3)
{
	struct rte_udp_hdr udp_buf;
	const struct rte_udp_hdr *udp;
	uint16_t sum;

	if (!l3->l4_valid)
		return TASKOFF_RX_CSUM_UNKNOWN;
	if (l3->proto == IPPROTO_SCTP)
		return sctp_check(m, l3);
	if (l3->proto == IPPROTO_UDP) {
		udp = rte_pktmbuf_read(m, l3->l4_off, sizeof(*udp), &udp_buf);
		if (udp == NULL)
			return TASKOFF_RX_CSUM_UNKNOWN;
		/* Zero means "no checksum" on IPv4: nothing was verified, so UNKNOWN
		 * (DPDK's NONE would claim the data's integrity was checked). On IPv6
		 * it is illegal (RFC 8200). */
		if (udp->dgram_cksum == 0)
			return l3->version == 4 ? TASKOFF_RX_CSUM_UNKNOWN : TASKOFF_RX_CSUM_BAD;
	}
	if (l4_folded_sum(m, l3, &sum) != 0)
		return TASKOFF_RX_CSUM_UNKNOWN;
	return sum == 0xffff ? TASKOFF_RX_CSUM_GOOD : TASKOFF_RX_CSUM_BAD;
}

/* Is receive validation of this layer's transport checksum enabled? */
static bool l4_enabled(const struct taskoff_offload_config *cfg, const struct taskoff_rx_l3 *l3)
{
	uint8_t bits = 0;

	if (l3->proto == IPPROTO_TCP)
		bits = l3->version == 4 ? cfg->tcp4_csum : cfg->tcp6_csum;
	else if (l3->proto == IPPROTO_UDP)
		bits = l3->version == 4 ? cfg->udp4_csum : cfg->udp6_csum;
	else if (l3->proto == IPPROTO_SCTP)
		return true; /* no NDIS offload to turn off: always validated, like the capability
			      */
	return (bits & TASKOFF_CSUM_RX) != 0;
}

static uint64_t ip_flag(enum taskoff_rx_csum r)
{
	static const uint64_t flag[] = {
	    [TASKOFF_RX_CSUM_UNKNOWN] = RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN,
	    [TASKOFF_RX_CSUM_GOOD] = RTE_MBUF_F_RX_IP_CKSUM_GOOD,
	    [TASKOFF_RX_CSUM_BAD] = RTE_MBUF_F_RX_IP_CKSUM_BAD,
	};
	return flag[r];
}

static uint64_t l4_flag(enum taskoff_rx_csum r)
{
	static const uint64_t flag[] = {
	    [TASKOFF_RX_CSUM_UNKNOWN] = RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN,
	    [TASKOFF_RX_CSUM_GOOD] = RTE_MBUF_F_RX_L4_CKSUM_GOOD,
	    [TASKOFF_RX_CSUM_BAD] = RTE_MBUF_F_RX_L4_CKSUM_BAD,
	};
	return flag[r];
}

enum taskoff_rx_csum taskoff_rx_cksum_check_outer(const struct taskoff_offload_config *cfg,
						  const struct taskoff_rx_l3 *outer,
						  struct rte_mbuf *m, struct taskoff_counters *cnt)
{
	enum taskoff_rx_csum r = TASKOFF_RX_CSUM_UNKNOWN;

	if (cfg->ipv4_csum & TASKOFF_CSUM_RX)
		r = taskoff_rx_cksum_ipv4_hdr(m, outer);
	if (r == TASKOFF_RX_CSUM_BAD) {
		m->ol_flags |= RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD;
		cnt->v[TASKOFF_CNT_RX_OUTER_IP_CSUM_BAD]++;
	}
	return r;
}

/* Validate one IP layer + transport, set the (inner-or-only) flags, count
 * failures. @return the transport verdict. */
static enum taskoff_rx_csum validate_layer(const struct taskoff_offload_config *cfg,
					   struct taskoff_rx_l3 *l3, struct rte_mbuf *m,
					   struct taskoff_counters *cnt, bool inner)
{
	enum taskoff_rx_csum ip = TASKOFF_RX_CSUM_UNKNOWN, l4 = TASKOFF_RX_CSUM_UNKNOWN;

	if (cfg->ipv4_csum & TASKOFF_CSUM_RX)
		ip = taskoff_rx_cksum_ipv4_hdr(m, l3);
	if (l3->l4_valid && l4_enabled(cfg, l3))
		l4 = taskoff_rx_cksum_l4(m, l3);
	m->ol_flags = (m->ol_flags & ~(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK)) |
		      ip_flag(ip) | l4_flag(l4);
	if (ip == TASKOFF_RX_CSUM_BAD)
		cnt->v[inner ? TASKOFF_CNT_RX_INNER_IP_CSUM_BAD : TASKOFF_CNT_RX_IP_CSUM_BAD]++;
	if (l4 == TASKOFF_RX_CSUM_BAD)
		cnt->v[inner ? TASKOFF_CNT_RX_INNER_L4_CSUM_BAD : TASKOFF_CNT_RX_L4_CSUM_BAD]++;
	return l4;
}

static uint64_t outer_l4_flag(enum taskoff_rx_csum r)
{
	static const uint64_t flag[] = {
	    [TASKOFF_RX_CSUM_UNKNOWN] = RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN,
	    [TASKOFF_RX_CSUM_GOOD] = RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD,
	    [TASKOFF_RX_CSUM_BAD] = RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD,
	};
	return flag[r];
}

/* Sum of the outer UDP datagram of VXLAN frame @p p, pseudo header included. */
static int outer_udp_sum_all(const struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
			     uint16_t *sum)
{
	uint16_t dgram;

	if (taskoff_cksum_mbuf(m, p->tun.off, p->l3.l4_seg_len, &dgram) != 0)
		return -1;
	*sum =
	    taskoff_cksum_fold((uint64_t)taskoff_rx_cksum_pseudo(&p->l3, p->l3.l4_seg_len) + dgram);
	return 0;
}

/*
 * The same sum when the inner transport payload was just summed (its checksum
 * verified): only the bytes around it are read, the payload's sum is reused
 * (byte-swapped when it starts at an odd offset of the datagram). Saves a
 * second pass over every byte of the frame.
 */
static int outer_udp_sum_around(const struct rte_mbuf *m, const struct taskoff_rx_parsed *p,
				uint16_t *sum)
{
	const struct taskoff_rx_l3 *in = &p->inner_l3;
	uint32_t start = p->tun.off, end = start + p->l3.l4_seg_len;
	uint32_t pay = (uint32_t)in->l4_off + in->l4_len,
		 pay_end = (uint32_t)in->l4_off + in->l4_seg_len;
	uint16_t head, tail = 0;

	if (pay_end > end || taskoff_cksum_mbuf(m, start, pay - start, &head) != 0 ||
	    (pay_end < end && taskoff_cksum_mbuf(m, pay_end, end - pay_end, &tail) != 0))
		return -1;
	*sum = taskoff_cksum_fold((uint64_t)taskoff_rx_cksum_pseudo(&p->l3, p->l3.l4_seg_len) +
				  head + taskoff_cksum_at_offset(in->payload_sum, pay - start) +
				  taskoff_cksum_at_offset(tail, pay_end - start));
	return 0;
}

/*
 * Verdict on VXLAN's outer UDP checksum; @p inner_summed: the inner payload's
 * sum is in p->inner_l3.payload_sum. @p none: sent without a checksum (0 over
 * IPv4; over IPv6 a 0 is illegal, RFC 8200, and BAD).
 */
static enum taskoff_rx_csum outer_udp_verdict(const struct taskoff_offload_config *cfg,
					      const struct taskoff_rx_parsed *p,
					      const struct rte_mbuf *m, bool inner_summed,
					      bool *none)
{
	uint8_t field_buf[2];
	const uint8_t *field = rte_pktmbuf_read(m, p->tun.off + 6u, sizeof(field_buf), field_buf);
	uint16_t sum;

	*none = false;
	if (field == NULL)
		return TASKOFF_RX_CSUM_UNKNOWN;
	if ((field[0] | field[1]) == 0) { /* bytes: a later mbuf may start at an odd address */
		*none = p->l3.version == 4;
		if (*none || !l4_enabled(cfg, &p->l3))
			return TASKOFF_RX_CSUM_UNKNOWN;
		return TASKOFF_RX_CSUM_BAD;
	}
	if (!l4_enabled(cfg, &p->l3))
		return TASKOFF_RX_CSUM_UNKNOWN;
	if ((!inner_summed || outer_udp_sum_around(m, p, &sum) != 0) &&
	    outer_udp_sum_all(m, p, &sum) != 0)
		return TASKOFF_RX_CSUM_UNKNOWN;
	return sum == 0xffff ? TASKOFF_RX_CSUM_GOOD : TASKOFF_RX_CSUM_BAD;
}

/* Outer UDP of a VXLAN frame: flag, counter; true when verified or nothing to verify. */
static bool check_outer_udp(const struct taskoff_offload_config *cfg,
			    const struct taskoff_rx_parsed *p, struct rte_mbuf *m,
			    struct taskoff_counters *cnt, bool inner_summed)
{
	bool none;
	enum taskoff_rx_csum r = outer_udp_verdict(cfg, p, m, inner_summed, &none);

	m->ol_flags = (m->ol_flags & ~RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK) | outer_l4_flag(r);
	if (r == TASKOFF_RX_CSUM_BAD)
		cnt->v[TASKOFF_CNT_RX_OUTER_L4_CSUM_BAD]++;
	return r == TASKOFF_RX_CSUM_GOOD || none;
}

bool taskoff_rx_cksum_check_outer_udp(const struct taskoff_offload_config *cfg,
				      const struct taskoff_rx_parsed *p, struct rte_mbuf *m,
				      struct taskoff_counters *cnt)
{
	return check_outer_udp(cfg, p, m, cnt, false);
}

void taskoff_rx_cksum_validate(const struct taskoff_offload_config *cfg,
			       struct taskoff_rx_parsed *p, struct rte_mbuf *m,
			       struct taskoff_counters *cnt, bool inner_counters)
{
	enum taskoff_rx_csum outer, inner_l4;

	if (!taskoff_rx_tunnelled(p)) {
		validate_layer(cfg, &p->l3, m, cnt, inner_counters);
		return;
	}
	/* Still encapsulated: inner results in the plain flags (DPDK tunnel
	 * convention), outer IPv4 in OUTER_IP_CKSUM_BAD, VXLAN's outer UDP in
	 * OUTER_L4_CKSUM_* (GRE has no outer L4 sum). The outer IPv4 header is
	 * checked as any IPv4 header is; the rest only under the tunnel's offload,
	 * the condition transmit uses too. The inner layer goes first: the outer
	 * UDP sum reuses its payload sum. */
	outer = taskoff_rx_cksum_check_outer(cfg, &p->l3, m, cnt);
	p->outer_verified &= outer == TASKOFF_RX_CSUM_GOOD || p->l3.version != 4;
	if (!taskoff_rx_tunnel_enabled(cfg, p))
		return;
	inner_l4 = validate_layer(cfg, &p->inner_l3, m, cnt, true);
	if (p->tun.kind == TASKOFF_RX_TUNNEL_VXLAN)
		p->outer_verified &= check_outer_udp(cfg, p, m, cnt,
						     inner_l4 == TASKOFF_RX_CSUM_GOOD &&
							 p->inner_l3.proto != IPPROTO_SCTP);
}
