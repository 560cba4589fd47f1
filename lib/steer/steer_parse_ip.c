/* SPDX-License-Identifier: BSD-3-Clause */
/* IP layer dispatch and the TCP/UDP ports that the 4-tuple hash needs. */
#include <string.h>

#include <netinet/in.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "steer_internal.h"

enum steer_status steer_parse_ip(const struct rte_mbuf *m, const struct steer_l2 *l2, uint32_t end,
				 struct steer_ip *ip)
{
	if (l2->ether_type == RTE_ETHER_TYPE_IPV4)
		return steer_parse_ipv4(m, l2->l3_off, end, ip);
	if (l2->ether_type == RTE_ETHER_TYPE_IPV6)
		return steer_parse_ipv6(m, l2->l3_off, end, ip);
	return STEER_ABSENT;
}

/* Smallest complete header of an upper-layer protocol we hash, 0 for others. */
static uint32_t steer_l4_min_len(uint8_t proto)
{
	if (proto == IPPROTO_TCP)
		return sizeof(struct rte_tcp_hdr);
	if (proto == IPPROTO_UDP)
		return sizeof(struct rte_udp_hdr);
	return 0;
}

/*
 * A TCP or UDP header must be complete inside the IP datagram: a frame cut
 * inside it (or an IP length that leaves no room for it) is malformed rather
 * than silently hashed as a 2-tuple.
 */
enum steer_status steer_parse_ports(const struct rte_mbuf *m, struct steer_ip *ip)
{
	uint32_t min_len = steer_l4_min_len(ip->proto);
	uint8_t buf[4];
	const uint8_t *ports;
	uint32_t addrs_len;

	ip->has_ports = false;
	if (min_len == 0 || ip->fragment)
		return STEER_OK;
	if (ip->l4_off > ip->end || min_len > ip->end - ip->l4_off)
		return STEER_MALFORMED;
	ports = steer_read(m, ip->l4_off, sizeof(buf), ip->end, buf);
	if (ports == NULL)
		return STEER_MALFORMED;
	addrs_len = 2 * steer_ip_addr_len(ip);
	ip->has_ports = true;
	if (ip->wire != NULL && ports == ip->wire + addrs_len)
		return STEER_OK; /* the whole input lies in the frame in hash order */
	if (ip->wire != NULL) {
		memcpy(ip->tuple, ip->wire, addrs_len);
		ip->wire = NULL;
	}
	/* source then destination port, right after the addresses */
	memcpy(ip->tuple + addrs_len, ports, sizeof(buf));
	return STEER_OK;
}
