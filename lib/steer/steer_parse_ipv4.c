/* SPDX-License-Identifier: BSD-3-Clause */
/* IPv4 header: addresses, protocol, fragment state, where the L4 header is. */
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>

#include "steer_internal.h"

static bool steer_ipv4_is_fragment(const struct rte_ipv4_hdr *h)
{
	uint16_t frag = rte_be_to_cpu_16(h->fragment_offset);

	return (frag & (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0;
}

enum steer_status steer_parse_ipv4(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				   struct steer_ip *ip)
{
	struct rte_ipv4_hdr buf;
	const struct rte_ipv4_hdr *h;
	uint32_t hlen, total_len;

	h = steer_read(m, off, sizeof(*h), end, &buf);
	if (h == NULL || (h->version_ihl >> 4) != 4)
		return STEER_MALFORMED;
	hlen = (uint32_t)(h->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	total_len = rte_be_to_cpu_16(h->total_length);
	/* IHL < 5, options cut off, or a total length shorter than the header */
	if (hlen < sizeof(*h) || hlen > end - off || total_len < hlen)
		return STEER_MALFORMED;
	ip->version = 4;
	ip->proto = h->next_proto_id;
	ip->fragment = steer_ipv4_is_fragment(h);
	ip->l4_off = off + hlen;
	/* a length longer than the data is a truncated payload; headers still count */
	ip->end = RTE_MIN(end, off + total_len);
	/* source and destination address sit next to each other, as the hash wants them */
	steer_ip_set_addrs(ip, (const uint8_t *)&h->src_addr, (const void *)h != &buf,
			   2 * sizeof(h->src_addr));
	return steer_parse_ports(m, ip);
}
