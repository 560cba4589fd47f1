/* SPDX-License-Identifier: BSD-3-Clause */
/* Receive pipeline entry point; see taskoff_rx.h. */
#include <errno.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf_dyn.h>
#include <rte_prefetch.h>

#include "taskoff_rx.h"
#include "taskoff_rx_cksum.h"
#include "taskoff_rx_parse.h"
#include "taskoff_rsc_fast.h"

struct taskoff_rx_ctx {
	struct taskoff_rsc_table *rsc;
	struct taskoff_decap_policy decap;
	struct taskoff_decap_meta meta;
};

struct taskoff_rx_ctx *taskoff_rx_ctx_create(const char *name, int socket_id, uint32_t max_flows)
{
	struct taskoff_rx_ctx *ctx;
	int ret;

	ctx = rte_zmalloc_socket(name, sizeof(*ctx), 0, socket_id);
	if (ctx == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	ret = taskoff_decap_meta_register(&ctx->meta);
	if (ret < 0) {
		rte_free(ctx);
		rte_errno = -ret;
		return NULL;
	}
	ctx->rsc = taskoff_rsc_table_create(name, socket_id, max_flows);
	if (ctx->rsc == NULL) {
		rte_free(ctx);
		return NULL; /* rte_errno set by the table */
	}
	return ctx;
}

void taskoff_rx_ctx_free(struct taskoff_rx_ctx *ctx)
{
	if (ctx == NULL)
		return;
	taskoff_rsc_table_free(ctx->rsc);
	rte_free(ctx);
}

int taskoff_rx_set_decap(struct taskoff_rx_ctx *ctx, bool all, const uint32_t *vsids,
			 unsigned int n)
{
	return taskoff_decap_policy_set(&ctx->decap, all, vsids, n);
}

/* One frame through decap, checksum validation and RSC. */
static void rx_one(struct taskoff_rx_ctx *ctx, const struct taskoff_offload_config *cfg,
		   struct taskoff_counters *cnt, struct rte_mbuf *m, struct rte_mbuf **out,
		   uint16_t *nb_out, uint16_t out_cap)
{
	struct taskoff_rx_parsed p;
	const struct taskoff_tunnel_info *tunnel = NULL;
	bool decapped;

	m->ol_flags &= ~(TASKOFF_RX_CKSUM_FLAGS_MASK | RTE_MBUF_F_RX_LRO | ctx->meta.decapped);
	taskoff_rx_parse(m, taskoff_rx_vxlan_port(cfg), &p);
	decapped =
	    taskoff_decap_frame(&ctx->decap, &ctx->meta, cfg, m, &p, cnt) == TASKOFF_DECAP_DONE;
	if (decapped)
		tunnel = RTE_MBUF_DYNFIELD(m, ctx->meta.info_offset, struct taskoff_tunnel_info *);
	taskoff_rx_parse_to_mbuf(&p, m);
	taskoff_rx_cksum_validate(cfg, &p, m, cnt, decapped);
	taskoff_rsc_input(ctx->rsc, cfg, m, &p, tunnel, out, nb_out, out_cap, cnt);
}

uint16_t taskoff_rx_burst(struct taskoff_rx_ctx *ctx, const struct taskoff_offload_config *cfg,
			  struct taskoff_counters *cnt, struct rte_mbuf **pkts, uint16_t nb_pkts,
			  struct rte_mbuf **out, uint16_t out_cap)
{
	struct taskoff_rsc_fast fast;
	uint16_t i, nb_out;

	nb_out = taskoff_rsc_burst_begin(ctx->rsc, cfg, out, out_cap, cnt);
	taskoff_rsc_fast_prepare(ctx->rsc, cfg, &ctx->decap, ctx->meta.decapped, &fast);
	for (i = 0; i < nb_pkts; i++) {
		/* The next frame's headers and the mbuf after it, both its cache
		 * lines (the second holds the l2/l3/l4 lengths every frame gets):
		 * each frame's first touch is otherwise a cache miss the parser
		 * waits on. */
		if (i + 2 < nb_pkts) {
			rte_prefetch0(pkts[i + 2]);
			rte_prefetch0(RTE_PTR_ADD(pkts[i + 2], RTE_CACHE_LINE_SIZE));
		}
		if (i + 1 < nb_pkts)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		/* Each frame takes at most one slot (plus, in hold mode, one for
		 * its flow's carried SCU), so out == pkts is safe without holding. */
		if (nb_out == out_cap) {
			cnt->v[TASKOFF_CNT_RX_DROP_OUT_CAP]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		if (taskoff_rsc_fast_join(ctx->rsc, &fast, pkts[i], cnt))
			continue;
		if (taskoff_rsc_fast_validate(&fast, pkts[i]))
			out[nb_out++] = pkts[i];
		else
			rx_one(ctx, cfg, cnt, pkts[i], out, &nb_out, out_cap);
	}
	return taskoff_rsc_burst_end(ctx->rsc, false, out, nb_out, out_cap, cnt);
}

void taskoff_rx_set_rsc_enabled(struct taskoff_rx_ctx *ctx, bool enabled)
{
	taskoff_rsc_set_enabled(ctx->rsc, enabled);
}

void taskoff_rx_set_rsc_hold(struct taskoff_rx_ctx *ctx, uint32_t hold_us)
{
	taskoff_rsc_set_hold(ctx->rsc, (uint64_t)hold_us * rte_get_tsc_hz() / US_PER_S);
}

uint32_t taskoff_rx_held(const struct taskoff_rx_ctx *ctx)
{
	return taskoff_rsc_held(ctx->rsc);
}

uint16_t taskoff_rx_flush(struct taskoff_rx_ctx *ctx, struct taskoff_counters *cnt,
			  struct rte_mbuf **out, uint16_t out_cap)
{
	return taskoff_rsc_burst_end(ctx->rsc, true, out, 0, out_cap, cnt);
}

uint32_t taskoff_rx_drop_held(struct taskoff_rx_ctx *ctx)
{
	return taskoff_rsc_table_drop_held(ctx->rsc);
}

int taskoff_rsc_info_offset(void)
{
	return taskoff_rsc_info_register();
}

int taskoff_nvgre_info_offset(void)
{
	struct taskoff_decap_meta meta;
	int ret = taskoff_decap_meta_register(&meta);

	return ret < 0 ? ret : meta.info_offset;
}

uint64_t taskoff_nvgre_decapped_flag(void)
{
	struct taskoff_decap_meta meta;

	return taskoff_decap_meta_register(&meta) < 0 ? 0 : meta.decapped;
}
