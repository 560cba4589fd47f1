/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "steer_pkt.h"
#include "steer_run.h"

struct steer_result steer_run(struct rte_mempool *mp, const struct taskoff_steer *st, bool rss,
			      bool nvgre, const uint8_t *frame, size_t len, size_t seg_len,
			      struct taskoff_counters *cnt)
{
	struct taskoff_steer_tunnels tun = {.nvgre = nvgre};

	return steer_run_tun(mp, st, rss, tun, frame, len, seg_len, cnt);
}

struct steer_result steer_run_tun(struct rte_mempool *mp, const struct taskoff_steer *st, bool rss,
				  struct taskoff_steer_tunnels tun, const uint8_t *frame,
				  size_t len, size_t seg_len, struct taskoff_counters *cnt)
{
	struct rte_mbuf *m = pkt_mbuf(mp, frame, len, seg_len);
	struct steer_result r;

	if (m == NULL || m->pkt_len != len)
		abort();
	/* a stale flag and value must not survive when the frame is not hashed */
	m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
	m->hash.rss = 0xdeadbeef;
	r.queue = taskoff_steer_queue(st, rss, tun, m, cnt);
	r.hashed = (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) != 0;
	r.hash = r.hashed ? m->hash.rss : 0;
	rte_pktmbuf_free(m);
	return r;
}
