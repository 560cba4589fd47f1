/* SPDX-License-Identifier: BSD-3-Clause */
/* Ethernet header and VLAN tags, for the VMQ key and to find the IP header. */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

#include "steer_internal.h"
#include "taskoff_unaligned.h"

/* At most this many VLAN tags (802.1Q, 802.1ad QinQ) are skipped. */
#define STEER_VLAN_TAGS_MAX 2

static bool steer_is_vlan_tpid(uint16_t ether_type)
{
	return ether_type == RTE_ETHER_TYPE_VLAN || ether_type == RTE_ETHER_TYPE_QINQ;
}

/* Skip the VLAN tags after the Ethernet header, remembering the outermost VLAN id. */
static enum steer_status steer_skip_vlan_tags(const struct rte_mbuf *m, uint32_t end,
					      struct steer_l2 *l2)
{
	struct rte_vlan_hdr buf;
	const struct rte_vlan_hdr *vh;
	unsigned int n;

	for (n = 0; n < STEER_VLAN_TAGS_MAX && steer_is_vlan_tpid(l2->ether_type); n++) {
		vh = steer_read(m, l2->l3_off, sizeof(*vh), end, &buf);
		if (vh == NULL)
			return STEER_MALFORMED;
		if (!l2->has_vlan) {
			l2->has_vlan = true;
			l2->vlan_id = rte_be_to_cpu_16(vh->vlan_tci) & 0x0FFF;
		}
		l2->ether_type = rte_be_to_cpu_16(vh->eth_proto);
		l2->l3_off += sizeof(*vh);
	}
	return STEER_OK;
}

enum steer_status steer_parse_l2(const struct rte_mbuf *m, uint32_t off, uint32_t end,
				 struct steer_l2 *l2)
{
	struct rte_ether_hdr buf;
	const struct rte_ether_hdr *eh;

	eh = steer_read(m, off, sizeof(*eh), end, &buf);
	if (eh == NULL)
		return STEER_MALFORMED;
	memcpy(&l2->dst, TASKOFF_FIELD(eh, struct rte_ether_hdr, dst_addr), sizeof(l2->dst));
	l2->has_vlan = false;
	l2->vlan_id = 0;
	l2->ether_type = taskoff_get_be16(TASKOFF_FIELD(eh, struct rte_ether_hdr, ether_type));
	l2->l3_off = off + sizeof(*eh);
	return steer_skip_vlan_tags(m, end, l2);
}
