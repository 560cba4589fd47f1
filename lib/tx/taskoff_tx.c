/* SPDX-License-Identifier: BSD-3-Clause */
/* Transmit pipeline: parse -> policy (current config) -> checksum or segment -> out[]. */
#include <errno.h>

#include <rte_ip.h>

#include "taskoff_log.h"
#include "taskoff_tx.h"
#include "taskoff_tx_internal.h"

static const struct {
	enum taskoff_counter counter;
	int err;
} reason_table[TASKOFF_TX_REASON_MAX] = {
    [TASKOFF_TX_OK] = {TASKOFF_CNT_MAX, 0},
    [TASKOFF_TX_BAD_FLAGS] = {TASKOFF_CNT_TX_DROP_BAD_FLAGS, -EINVAL},
    [TASKOFF_TX_BAD_LENGTH] = {TASKOFF_CNT_TX_DROP_BAD_LENGTH, -EINVAL},
    [TASKOFF_TX_HDR_TOO_LONG] = {TASKOFF_CNT_TX_DROP_HDR_TOO_LONG, -EINVAL},
    [TASKOFF_TX_BAD_IHL] = {TASKOFF_CNT_TX_DROP_BAD_IHL, -EINVAL},
    [TASKOFF_TX_IP_VERSION_MISMATCH] = {TASKOFF_CNT_TX_DROP_IP_VERSION_MISMATCH, -EINVAL},
    [TASKOFF_TX_L4_PROTO_MISMATCH] = {TASKOFF_CNT_TX_DROP_L4_PROTO_MISMATCH, -EINVAL},
    [TASKOFF_TX_TCP_DOFF_MISMATCH] = {TASKOFF_CNT_TX_DROP_TCP_DOFF_MISMATCH, -EINVAL},
    [TASKOFF_TX_IPV6_EXT_TOO_LONG] = {TASKOFF_CNT_TX_DROP_IPV6_EXT_TOO_LONG, -EINVAL},
    [TASKOFF_TX_IPV6_EXT_BAD] = {TASKOFF_CNT_TX_DROP_IPV6_EXT_BAD, -EINVAL},
    [TASKOFF_TX_IPV6_FRAGMENT] = {TASKOFF_CNT_TX_DROP_IPV6_FRAGMENT, -EINVAL},
    [TASKOFF_TX_IP_FRAGMENT] = {TASKOFF_CNT_TX_DROP_IP_FRAGMENT, -EINVAL},
    [TASKOFF_TX_TSO_SEGSZ_ZERO] = {TASKOFF_CNT_TX_DROP_TSO_SEGSZ_ZERO, -EINVAL},
    [TASKOFF_TX_TCP_FLAGS] = {TASKOFF_CNT_TX_DROP_TCP_FLAGS, -EINVAL},
    [TASKOFF_TX_BAD_GRE] = {TASKOFF_CNT_TX_DROP_BAD_GRE, -EINVAL},
    [TASKOFF_TX_UNSUPPORTED] = {TASKOFF_CNT_TX_DROP_OFFLOAD_UNSUPPORTED, -ENOTSUP},
    [TASKOFF_TX_OFFLOAD_DISABLED] = {TASKOFF_CNT_TX_DROP_OFFLOAD_DISABLED, -ENOTSUP},
    [TASKOFF_TX_TOO_BIG] = {TASKOFF_CNT_TX_DROP_TOO_BIG, -EMSGSIZE},
    [TASKOFF_TX_TOO_FEW_SEGMENTS] = {TASKOFF_CNT_TX_DROP_TOO_FEW_SEGMENTS, -EINVAL},
    [TASKOFF_TX_TOO_MANY_SEGMENTS] = {TASKOFF_CNT_TX_DROP_TOO_MANY_SEGMENTS, -EMSGSIZE},
    [TASKOFF_TX_BAD_VXLAN] = {TASKOFF_CNT_TX_DROP_BAD_VXLAN, -EINVAL},
    /* not VXLAN to this NIC: an offload it cannot do on this packet */
    [TASKOFF_TX_VXLAN_PORT_MISMATCH] = {TASKOFF_CNT_TX_DROP_VXLAN_PORT_MISMATCH, -ENOTSUP},
};

int taskoff_tx_reason_errno(enum taskoff_tx_reason r)
{
	return (unsigned int)r < TASKOFF_TX_REASON_MAX ? reason_table[r].err : -EINVAL;
}

enum taskoff_counter taskoff_tx_reason_counter(enum taskoff_tx_reason r)
{
	return (unsigned int)r < TASKOFF_TX_REASON_MAX ? reason_table[r].counter : TASKOFF_CNT_MAX;
}

/* Non-segmented checksum requests: each one needs its own TX enable bit. */
static enum taskoff_tx_reason csum_enabled(const struct taskoff_offload_config *cfg,
					   const struct taskoff_tx_desc *d)
{
	uint8_t l4;

	if ((d->ops & TASKOFF_TX_OP_IP_CKSUM) && !(cfg->ipv4_csum & TASKOFF_CSUM_TX))
		return TASKOFF_TX_OFFLOAD_DISABLED;
	if (!(d->ops & TASKOFF_TX_OP_L4_CKSUM) || d->inner.proto == IPPROTO_SCTP)
		return TASKOFF_TX_OK; /* SCTP is no NDIS offload: always on, like the capability */
	if (d->inner.proto == IPPROTO_TCP)
		l4 = d->inner.ipv4 ? cfg->tcp4_csum : cfg->tcp6_csum;
	else
		l4 = d->inner.ipv4 ? cfg->udp4_csum : cfg->udp6_csum;
	return (l4 & TASKOFF_CSUM_TX) ? TASKOFF_TX_OK : TASKOFF_TX_OFFLOAD_DISABLED;
}

/* Parse, then hold the request against the current configuration and its limits. */
static enum taskoff_tx_reason classify(const struct taskoff_offload_config *cfg,
				       const struct rte_mbuf *m, struct taskoff_tx_desc *d,
				       uint8_t copy[TASKOFF_TX_MAX_HDR_LEN],
				       enum taskoff_ipid_rule *rule)
{
	enum taskoff_tx_reason r = taskoff_tx_parse(m, d, copy);

	*rule = TASKOFF_IPID_16BIT;
	if (r != TASKOFF_TX_OK || d->ops == 0)
		return r;
	r = taskoff_tunnel_check(cfg, d);
	if (r != TASKOFF_TX_OK)
		return r;
	if (d->ops & TASKOFF_TX_OP_TSO)
		return taskoff_tso_choose(cfg, m, d, rule);
	if (d->ops & TASKOFF_TX_OP_USO)
		return taskoff_uso_choose(cfg, m, d);
	return csum_enabled(cfg, d);
}

/*
 * The burst's verdict on one packet, everything short of building its frames:
 * taskoff_tx_burst() acts on it and taskoff_tx_prepare() reports it, so the two
 * cannot disagree. Only what is not about the packet (a dry mbuf pool) is left.
 * A packet without offload requests is sent as it is, whatever its other flags.
 */
static enum taskoff_tx_reason verdict(const struct taskoff_offload_config *cfg,
				      uint32_t max_frames_per_pkt, const struct rte_mbuf *m,
				      struct taskoff_tx_desc *d,
				      uint8_t copy[TASKOFF_TX_MAX_HDR_LEN],
				      enum taskoff_ipid_rule *rule)
{
	enum taskoff_tx_reason r;

	if (!taskoff_tx_wants_offload(m)) {
		d->ops = 0;
		d->nb_segs = 1;
		return TASKOFF_TX_OK;
	}
	r = classify(cfg, m, d, copy, rule);
	if (r == TASKOFF_TX_OK && max_frames_per_pkt != 0 && d->nb_segs > max_frames_per_pkt)
		return TASKOFF_TX_TOO_MANY_SEGMENTS;
	return r;
}

enum taskoff_tx_reason taskoff_tx_check(const struct taskoff_offload_config *cfg,
					uint32_t max_frames_per_pkt, const struct rte_mbuf *m)
{
	uint8_t copy[TASKOFF_TX_MAX_HDR_LEN];
	struct taskoff_tx_desc d;
	enum taskoff_ipid_rule rule;

	return verdict(cfg, max_frames_per_pkt, m, &d, copy, &rule);
}

int taskoff_tx_prepare(const struct taskoff_offload_config *cfg, uint32_t max_frames_per_pkt,
		       struct rte_mbuf *m)
{
	return taskoff_tx_reason_errno(taskoff_tx_check(cfg, max_frames_per_pkt, m));
}

static void drop(struct taskoff_tx_ctx *ctx, struct rte_mbuf *m, enum taskoff_counter c)
{
	ctx->cnt->v[c]++;
	rte_pktmbuf_free(m);
}

static void count_segmented(struct taskoff_tx_ctx *ctx, const struct taskoff_tx_desc *d)
{
	uint64_t *v = ctx->cnt->v;

	if (d->ops & TASKOFF_TX_OP_USO) {
		v[TASKOFF_CNT_USO_PACKETS]++;
		v[TASKOFF_CNT_USO_SEGMENTS] += d->nb_segs;
		v[TASKOFF_CNT_USO_HEADER_BYTES] += (uint64_t)d->nb_segs * d->hdr_len;
		if (d->ops & TASKOFF_TX_OP_TUNNEL)
			v[TASKOFF_CNT_TUNNEL_USO_PACKETS]++;
		return;
	}
	v[TASKOFF_CNT_LSO_PACKETS]++;
	v[TASKOFF_CNT_LSO_SEGMENTS] += d->nb_segs;
	v[TASKOFF_CNT_TCP_PAYLOAD_BYTES_SENT] += d->payload_len;
	if (d->ops & TASKOFF_TX_OP_TUNNEL)
		v[TASKOFF_CNT_TUNNEL_LSO_PACKETS]++;
}

/* Turn one accepted packet into its frames; the input is consumed. @return frames or -ENOMEM. */
static int emit(struct taskoff_tx_ctx *ctx, struct rte_mbuf *m, const struct taskoff_tx_desc *d,
		enum taskoff_ipid_rule rule, struct rte_mbuf **out)
{
	const struct taskoff_tx_pools pools = {ctx->hdr_pool, ctx->indirect_pool};
	struct taskoff_seg_tmpl t;
	int n;

	if (!(d->ops & (TASKOFF_TX_OP_TSO | TASKOFF_TX_OP_USO))) {
		n = taskoff_tx_fill_csum(&pools, m, d, out);
		if (n < 0)
			return n;
		if (out[0] != m)
			rte_pktmbuf_free(m);
		ctx->cnt->v[TASKOFF_CNT_CSUM_TX_FILLED]++;
		return 1;
	}
	taskoff_seg_tmpl_init(&t, d);
	t.inner_ipid = rule;
	n = taskoff_seg_build(&pools, m, &t, out);
	if (n < 0)
		return n;
	rte_pktmbuf_free(m); /* the indirect mbufs keep the payload alive */
	count_segmented(ctx, d);
	return n;
}

uint16_t taskoff_tx_burst(struct taskoff_tx_ctx *ctx, struct rte_mbuf **pkts, uint16_t nb_pkts,
			  struct rte_mbuf **out, uint16_t out_cap, uint16_t *nb_out)
{
	uint8_t copy[TASKOFF_TX_MAX_HDR_LEN];
	struct taskoff_tx_desc d;
	enum taskoff_ipid_rule rule;
	uint16_t i, n_out = 0;

	for (i = 0; i < nb_pkts; i++) {
		struct rte_mbuf *m = pkts[i];
		enum taskoff_tx_reason r;
		int n;

		r = verdict(ctx->cfg, ctx->max_frames_per_pkt, m, &d, copy, &rule);
		if (r != TASKOFF_TX_OK) {
			TASKOFF_LOG_RATELIMITED(DEBUG, "tx drop: %s", taskoff_tx_reason_name(r));
			drop(ctx, m, taskoff_tx_reason_counter(r));
			continue;
		}
		if (d.ops == 0) { /* nothing asked: sent untouched */
			if (n_out == out_cap)
				break;
			out[n_out++] = m;
			continue;
		}
		if (d.nb_segs > (uint32_t)(out_cap - n_out))
			break;
		n = emit(ctx, m, &d, rule, &out[n_out]);
		if (n < 0) {
			drop(ctx, m, TASKOFF_CNT_TX_DROP_NO_MBUF);
			continue;
		}
		n_out = (uint16_t)(n_out + n);
	}
	*nb_out = n_out;
	return i;
}
