/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_TEST_RX_UTIL_H
#define TASKOFF_TEST_RX_UTIL_H

/* Shared fixture of the receive tests: one EAL, one pool, one context per test. */

#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "taskoff_rx.h"

struct tb_frame;
struct tb_nvgre;
struct tb_vxlan;
struct taskoff_tunnel_info;

/** The receive checksum flags the tests look at: IP and L4 (the inner ones in a tunnel),
 * outer IP and outer L4. */
#define RX_CSUM_FLAGS                                                                              \
	(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK |                               \
	 RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD | RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK)

struct rx_fixture {
	struct rte_mempool *mp;
	unsigned int pool_start; /* mbufs in use when the test began */
	struct taskoff_rx_ctx *ctx;
	struct taskoff_offload_config cfg;
	struct taskoff_counters cnt;
};

/** Start EAL and create the shared pool (call once from main). */
int rx_fixture_global_init(const char *name, unsigned int nb_mbufs, uint16_t data_room);

/** cmocka setup/teardown: fresh ctx (64 flows), default config, zero counters; pool level checked.
 */
int rx_fixture_setup(void **state);
int rx_fixture_teardown(void **state);

/** rx_fixture_setup with VXLAN on: encapsulation switch, VXLAN type, port 4789. */
int rx_fixture_setup_vxlan(void **state);

/** One frame from bytes; fails the test if the pool is empty. */
struct rte_mbuf *rx_mbuf(struct rx_fixture *fx, const uint8_t *buf, size_t len);

/** Run a burst in place (out == pkts). */
uint16_t rx_run(struct rx_fixture *fx, struct rte_mbuf **pkts, uint16_t n);

/** Free @p n mbufs of @p pkts. */
void rx_free(struct rte_mbuf **pkts, uint16_t n);

/** Zero the counters (tests that run several rounds count each one apart). */
void rx_counters_reset(struct rx_fixture *fx);

/** An mbuf of frame @p f; of frame @p f in NVGRE @p n; of frame @p f in VXLAN @p v. */
struct rte_mbuf *rx_mbuf_frame(struct rx_fixture *fx, const struct tb_frame *f);
struct rte_mbuf *rx_mbuf_nvgre(struct rx_fixture *fx, const struct tb_nvgre *n,
			       const struct tb_frame *f);
struct rte_mbuf *rx_mbuf_vxlan(struct rx_fixture *fx, const struct tb_vxlan *v,
			       const struct tb_frame *f);

/** Receive @p m (NULL fails the test) in a burst of its own; fails the test unless it
 * comes back; @return it. */
struct rte_mbuf *rx_run_mbuf(struct rx_fixture *fx, struct rte_mbuf *m);

/** rx_run_mbuf of an mbuf holding @p len bytes of @p buf. */
struct rte_mbuf *rx_run_bytes(struct rx_fixture *fx, const uint8_t *buf, size_t len);

/** Assert that the RX_CSUM_FLAGS of @p m are exactly @p want; @return @p m. */
struct rte_mbuf *rx_expect_csum(struct rte_mbuf *m, uint64_t want);

/** The counters after tunnel frames with bad outer IPv4, inner IPv4 and inner L4
 * checksums, one of each: counted as outer and inner, never as plain. */
void rx_assert_tunnel_bad_counted_once(const struct rx_fixture *fx);

/** Segments an SCU coalesced (its RSC info), 1 for a frame that is no SCU. */
uint16_t rx_rsc_count(const struct rte_mbuf *m);

/** @p m holds exactly the @p len bytes of @p frame. */
void rx_assert_bytes(const struct rte_mbuf *m, const uint8_t *frame, size_t len);

/** The tunnel metadata (NVGRE or VXLAN) of decapsulated @p m. */
const struct taskoff_tunnel_info *rx_tunnel_info(const struct rte_mbuf *m);

/** @p m is TCP/IPv4 frame @p inner decapsulated from tunnel @p type, @p id, @p flow_id:
 * its bytes, the decap flag and metadata, the inner packet type and lengths. */
void rx_assert_decapped(const struct rte_mbuf *m, const uint8_t *inner, size_t ilen, uint8_t type,
			uint32_t id, uint8_t flow_id);

/** @p m is @p frame delivered whole, not marked decapsulated. */
void rx_assert_untouched(const struct rte_mbuf *m, const uint8_t *frame, size_t len);

#endif
