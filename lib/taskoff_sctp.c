/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_hash_crc.h>

#include "taskoff_sctp.h"

/* CRC32-C over [off, off + len) of the chain, continuing from @p crc. */
static int crc_range(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t *crc)
{
	const struct rte_mbuf *seg = m;

	while (seg != NULL && off >= seg->data_len) {
		off -= seg->data_len;
		seg = seg->next;
	}
	while (len > 0) {
		uint32_t n;

		if (seg == NULL)
			return -1;
		n = RTE_MIN(len, (uint32_t)seg->data_len - off);
		*crc = rte_hash_crc(rte_pktmbuf_mtod_offset(seg, const uint8_t *, off), n, *crc);
		len -= n;
		off = 0;
		seg = seg->next;
	}
	return 0;
}

int taskoff_sctp_cksum(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t *out)
{
	static const uint8_t zero[4];
	uint32_t crc = 0xffffffff;

	if (len < TASKOFF_SCTP_HDR_LEN || (uint64_t)off + len > m->pkt_len)
		return -1;
	if (crc_range(m, off, TASKOFF_SCTP_CKSUM_OFF, &crc) != 0)
		return -1;
	crc = rte_hash_crc(zero, sizeof(zero), crc);
	if (crc_range(m, off + TASKOFF_SCTP_HDR_LEN, len - TASKOFF_SCTP_HDR_LEN, &crc) != 0)
		return -1;
	*out = rte_cpu_to_le_32(~crc);
	return 0;
}
