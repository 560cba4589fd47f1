/* SPDX-License-Identifier: BSD-3-Clause */
/* IPv6 header and the extension headers in front of TCP/UDP. */
#include <string.h>

#include <netinet/in.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>

#include "steer_internal.h"

/* Bytes of hop-by-hop / routing / destination-options headers walked at most. */
#define STEER_IPV6_EXT_BUDGET 128

static bool steer_ipv6_ext_is_walked(uint8_t nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS;
}

/*
 * Walk the extension headers from ip->l4_off, leaving ip->proto and ip->l4_off
 * on the first header that is not walked. Beyond the byte budget the walk stops
 * on the extension header itself: the frame gets a 2-tuple hash.
 */
static enum steer_status steer_ipv6_walk_ext(const struct rte_mbuf *m, struct steer_ip *ip)
{
	uint32_t budget = STEER_IPV6_EXT_BUDGET;
	uint8_t buf[2];
	const uint8_t *ext;
	uint32_t len;

	while (steer_ipv6_ext_is_walked(ip->proto)) {
		ext = steer_read(m, ip->l4_off, sizeof(buf), ip->end, buf);
		if (ext == NULL)
			return STEER_MALFORMED;
		len = ((uint32_t)ext[1] + 1) * 8;
		if (len > budget)
			return STEER_OK;
		if (len > ip->end - ip->l4_off)
			return STEER_MALFORMED;
		budget -= len;
		ip->proto = ext[0];
		ip->l4_off += len;
	}
	ip->fragment = ip->proto == IPPROTO_FRAGMENT;
	return STEER_OK;
}

enum steer_status steer_parse_ipv6(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				   struct steer_ip *ip)
{
	struct rte_ipv6_hdr buf;
	const struct rte_ipv6_hdr *h;
	enum steer_status st;

	h = steer_read(m, off, sizeof(*h), end, &buf);
	if (h == NULL || (rte_be_to_cpu_32(h->vtc_flow) >> 28) != 6)
		return STEER_MALFORMED;
	ip->version = 6;
	ip->proto = h->proto;
	ip->fragment = false;
	ip->l4_off = off + sizeof(*h);
	ip->end = RTE_MIN(end, ip->l4_off + rte_be_to_cpu_16(h->payload_len));
	/* source and destination address sit next to each other, as the hash wants them */
	steer_ip_set_addrs(ip, h->src_addr, (const void *)h != &buf,
			   sizeof(h->src_addr) + sizeof(h->dst_addr));
	st = steer_ipv6_walk_ext(m, ip);
	if (st != STEER_OK)
		return st;
	return steer_parse_ports(m, ip);
}
