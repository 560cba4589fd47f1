/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_STEER_INTERNAL_H
#define TASKOFF_STEER_INTERNAL_H

/*
 * Internal to lib/steer: the frame parse that RSS and VMQ share. A frame is
 * parsed once into struct steer_frame; each layer is either parsed, absent
 * (e.g. not IP), or malformed (truncated or inconsistent headers).
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "taskoff_steer.h"

enum steer_status {
	STEER_OK,	 /* layer parsed */
	STEER_ABSENT,	 /* layer not there (not IP, not a tunnel) */
	STEER_MALFORMED, /* headers truncated or inconsistent */
};

/* One Ethernet header. */
struct steer_l2 {
	struct rte_ether_addr dst;
	bool has_vlan;
	uint16_t vlan_id;    /* outermost tag */
	uint16_t ether_type; /* host order, after the VLAN tags */
	uint32_t l3_off;
};

/* Largest NDIS hash input: IPv6 source and destination address, two ports. */
#define STEER_TUPLE_MAX 36u

/* One IP layer, as the RSS hash needs it. */
struct steer_ip {
	uint8_t version; /* 4 or 6 */
	uint8_t proto;	 /* upper-layer protocol (after IPv6 extension headers) */
	bool fragment;	 /* not the only fragment: no L4 header to hash */
	bool has_ports;	 /* TCP or UDP with a complete header, not a fragment */
	uint32_t l4_off; /* offset of the upper-layer header */
	uint32_t end;	 /* end of the IP datagram within the frame data */
	/*
	 * The hash input exactly as on the wire (network order): source address,
	 * destination address (4 bytes each for IPv4, 16 for IPv6), then, when
	 * has_ports, source port and destination port. Both hash paths read it:
	 * GFNI as bytes, rte_softrss_be after a per-word byte swap. Only filled
	 * when @p wire is NULL.
	 */
	uint8_t tuple[STEER_TUPLE_MAX] __rte_aligned(4);
	/*
	 * The same bytes where they already lie in the frame data, when they are
	 * contiguous there (IPv4 without options, IPv6 without extension headers,
	 * headers in the first segment); NULL otherwise. Hashing them in place
	 * saves the copy, and the GFNI hash's wide load of bytes just stored by
	 * the parser would stall on store forwarding.
	 */
	const uint8_t *wire;
};

/* The hash input of @p ip (see steer_ip.tuple). */
static inline const uint8_t *steer_ip_hash_input(const struct steer_ip *ip)
{
	return ip->wire != NULL ? ip->wire : ip->tuple;
}

/*
 * Record the addresses of @p ip found at @p addrs (source then destination):
 * in place when @p addrs points into the frame data, else copied (it points
 * at the caller's bounce buffer).
 */
static inline void steer_ip_set_addrs(struct steer_ip *ip, const uint8_t *addrs, bool in_frame,
				      uint32_t len)
{
	ip->wire = in_frame ? addrs : NULL;
	if (!in_frame)
		memcpy(ip->tuple, addrs, len);
}

/* Bytes of one address in steer_ip.tuple. */
static inline uint32_t steer_ip_addr_len(const struct steer_ip *ip)
{
	return ip->version == 4 ? 4 : 16;
}

/* The tunnels steering knows; which one a frame is in decides what its id means. */
enum steer_tunnel_kind {
	STEER_TUNNEL_NONE,
	STEER_TUNNEL_NVGRE, /* id = VSID */
	STEER_TUNNEL_VXLAN, /* id = VNI */
};

/* A tunnel header found after an outer IP layer. */
struct steer_tunnel {
	enum steer_tunnel_kind kind;
	uint32_t id;	    /* 24-bit VSID or VNI */
	uint32_t inner_off; /* the inner Ethernet header */
};

/* What VMQ matches a frame on. */
struct steer_vmq_key {
	struct rte_ether_addr dst;
	bool has_vlan;
	uint16_t vlan_id;
	enum steer_tunnel_kind tunnel; /* NONE: no tunnel id */
	uint32_t tunnel_id;
};

/* Everything steering reads from one frame. */
struct steer_frame {
	bool malformed;	  /* some layer that was looked at is malformed */
	bool vmq_ok;	  /* vmq key valid */
	bool ip_ok;	  /* outer IP parsed */
	bool tunneled;	  /* outer IP carries an enabled tunnel (vmq.tunnel says which) */
	bool inner_ip_ok; /* the tunnel's inner IP parsed */
	struct steer_vmq_key vmq;
	struct steer_ip ip;
	struct steer_ip inner_ip;
};

/* Read @p len header bytes at @p off, only if they lie before @p end (and the mbuf data). */
static inline const void *steer_read(const struct rte_mbuf *m, uint32_t off, uint32_t len,
				     uint32_t end, void *buf)
{
	if (off > end || len > end - off)
		return NULL;
	return rte_pktmbuf_read(m, off, len, buf);
}

/* Ethernet header (and up to two VLAN tags) at @p off, within @p end. OK or MALFORMED. */
enum steer_status steer_parse_l2(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				 struct steer_l2 *l2);

/* IP layer following @p l2, within @p end. OK, ABSENT (not IP) or MALFORMED. */
enum steer_status steer_parse_ip(const struct rte_mbuf *m, const struct steer_l2 *l2, uint32_t end,
				 struct steer_ip *ip);
enum steer_status steer_parse_ipv4(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				   struct steer_ip *ip);
enum steer_status steer_parse_ipv6(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				   struct steer_ip *ip);
/* TCP/UDP ports of @p ip (ip->proto, l4_off, end, fragment set). OK or MALFORMED. */
enum steer_status steer_parse_ports(const struct rte_mbuf *m, struct steer_ip *ip);

/*
 * Tunnel header (of a kind enabled in @p tun) carried by @p ip. OK: *t set;
 * ABSENT: no enabled tunnel; MALFORMED: the tunnel header is truncated.
 */
enum steer_status steer_parse_tunnel(const struct rte_mbuf *m, const struct steer_ip *ip,
				     const struct taskoff_steer_tunnels *tun,
				     struct steer_tunnel *t);

/* Parse the whole frame (inner layers of the tunnels enabled in @p tun). */
void steer_parse_frame(const struct rte_mbuf *m, const struct taskoff_steer_tunnels *tun,
		       struct steer_frame *f);

/* Tests only: true sends every frame through the general parse (steer_fast.c). */
extern bool taskoff_steer_fast_lane_off;

/*
 * Fast lane (steer_fast.c): the RSS hash input of @p m, in place in the frame,
 * when it is a plain untagged IPv4 TCP/UDP frame the general parse would hash
 * (the caller has no VMQ filter to match). false: parse it the general way.
 */
bool steer_fast_rss_input(const struct taskoff_rss_conf *rss,
			  const struct taskoff_steer_tunnels *tun, const struct rte_mbuf *m,
			  const uint8_t **in, uint32_t *len);

/* Toeplitz hash of @p len (<= STEER_TUPLE_MAX) network-order bytes at @p in. */
uint32_t steer_rss_toeplitz(const struct taskoff_rss_conf *conf, const uint8_t *in, uint32_t len);

/* RSS hash of a parsed frame; false when no enabled hash type applies. */
bool steer_rss_hash_frame(const struct taskoff_rss_conf *conf, const struct steer_frame *f,
			  uint32_t *hash);

/* Was the GFNI Toeplitz hash compiled into this build (AVX-512 + GFNI code)? */
bool steer_gfni_built(void);

/* Can steer_toeplitz_gfni run here: built in, and the CPU has every ISA extension it uses? */
bool steer_gfni_usable(void);

/*
 * Toeplitz hash of @p len (<= STEER_TUPLE_MAX) network-order bytes with the key
 * matrices of rte_thash_complete_matrix. Call only when steer_gfni_usable().
 */
uint32_t steer_toeplitz_gfni(const uint64_t *matrix, const uint8_t *tuple, uint32_t len);

/* VMQ lookup; true and *queue when a filter matches. */
bool steer_vmq_lookup(const struct taskoff_vmq_table *t, const struct steer_vmq_key *key,
		      uint16_t *queue);

#endif
