/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Steering fast lane: the frame nearly every RSS decision is about (untagged
 * Ethernet, IPv4 without options, TCP or UDP that is not VXLAN, not a
 * fragment, headers in the first mbuf) has its hash input found with a few
 * direct loads where it lies in the frame, without the general parse and its
 * per-frame struct (two IP layers and the VMQ key, cleared for every frame).
 * It decides nothing on its own: any other frame, or one the general parse
 * would find malformed, goes the general way (test_rss.c compares the two on
 * mutated frames).
 */
#include <netinet/in.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "steer_internal.h"
#include "taskoff_unaligned.h"

#define ETH_LEN	 14u
#define IP4_LEN	 20u
#define L4_OFF	 (ETH_LEN + IP4_LEN)
#define IP4_FRAG (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)

bool taskoff_steer_fast_lane_off;

/* Smallest complete header of @p proto at @p l4 the lane hashes; 0: not for the lane. */
static inline uint32_t lane_l4_min(uint8_t proto, const uint8_t *l4,
				   const struct taskoff_steer_tunnels *tun)
{
	if (proto == IPPROTO_TCP)
		return sizeof(struct rte_tcp_hdr);
	/* UDP to the VXLAN port is a tunnel candidate: the general parse looks inside */
	if (proto == IPPROTO_UDP && !(tun->vxlan && taskoff_get_be16(l4 + 2) == tun->vxlan_port))
		return sizeof(struct rte_udp_hdr);
	return 0;
}

bool steer_fast_rss_input(const struct taskoff_rss_conf *rss,
			  const struct taskoff_steer_tunnels *tun, const struct rte_mbuf *m,
			  const uint8_t **in, uint32_t *len)
{
	const uint8_t *eth = rte_pktmbuf_mtod(m, const uint8_t *), *ip = eth + ETH_LEN;
	uint32_t l4_min, ip_end;
	uint64_t l4_type;

	/* addresses and ports (the whole 4-tuple) in the first mbuf */
	if (taskoff_steer_fast_lane_off || rte_pktmbuf_data_len(m) < L4_OFF + 4 ||
	    taskoff_get_be16(eth + 12) != RTE_ETHER_TYPE_IPV4 || ip[0] != 0x45 ||
	    (taskoff_get_be16(ip + 6) & IP4_FRAG) != 0)
		return false;
	l4_min = lane_l4_min(ip[9], eth + L4_OFF, tun);
	/* a length longer than the frame is a truncated payload, headers still count */
	ip_end = RTE_MIN(rte_pktmbuf_pkt_len(m), ETH_LEN + taskoff_get_be16(ip + 2));
	if (l4_min == 0 || ip_end < L4_OFF + l4_min)
		return false; /* another protocol, or malformed: the general parse says which */
	l4_type =
	    ip[9] == IPPROTO_TCP ? RTE_ETH_RSS_NONFRAG_IPV4_TCP : RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	if (rss->rss_hf & l4_type)
		*len = 2 * 4 + 4; /* addresses, then the ports right behind them */
	else if (rss->rss_hf & RTE_ETH_RSS_IPV4)
		*len = 2 * 4;
	else
		return false;
	*in = ip + 12;
	return true;
}
