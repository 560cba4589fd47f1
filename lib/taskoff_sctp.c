/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_hash_crc.h>

#include "taskoff_sctp.h"

/*
 * rte_hash_crc() over a buffer at any address. rte_hash_crc() itself loads
 * 8-byte words through a cast, which is undefined at odd addresses (packet
 * data is at any offset): load them with memcpy and feed DPDK's word steps.
 */
static uint32_t crc_buf(const uint8_t *p, uint32_t n, uint32_t crc)
{
	uint64_t w8;
	uint32_t w4;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w8, p, 8);
		crc = rte_hash_crc_8byte(w8, crc);
	}
	if (n >= 4) {
		memcpy(&w4, p, 4);
		crc = rte_hash_crc_4byte(w4, crc);
		p += 4;
		n -= 4;
	}
	for (; n > 0; p++, n--)
		crc = rte_hash_crc_1byte(*p, crc);
	return crc;
}

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
		*crc = crc_buf(rte_pktmbuf_mtod_offset(seg, const uint8_t *, off), n, *crc);
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
	crc = crc_buf(zero, sizeof(zero), crc);
	if (crc_range(m, off + TASKOFF_SCTP_HDR_LEN, len - TASKOFF_SCTP_HDR_LEN, &crc) != 0)
		return -1;
	*out = rte_cpu_to_le_32(~crc);
	return 0;
}
