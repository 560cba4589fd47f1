/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_FUZZ_TX_INPUT_H
#define TASKOFF_FUZZ_TX_INPUT_H

/**
 * @file
 * Input format shared by the tx_parse and tx_burst targets (and their corpora):
 *
 *   u16 cfg_mask      bit set = that offload disabled (see fuzz_tx_config;
 *                     0x8000: VXLAN off, NVGRE on)
 *   u8  mode          tx_burst only: low 6 bits x 8 = max_frames_per_pkt (0 = no
 *                     limit; 0x3f = tiny header/indirect pools that run dry),
 *                     0x40 indirect pool = header pool, 0x80 inputs shared
 *                     (an extra reference held, so they must not be written)
 *   then packet records until the input ends:
 *   u16 flags_sel     RTE_MBUF_F_TX_* request bits (see fuzz_tx_flags)
 *   u8  l2_len, u16 l3_len, u8 l4_len, u8 outer_l2_len, u16 outer_l3_len,
 *   u16 tso_segsz
 *   u8  nb_cuts (low 2 bits), then nb_cuts x u16 cut offsets (mod len)
 *   u16 len, then len packet bytes (fewer at the end of the input)
 * All integers big-endian. tests/fuzz/gen_corpus.py writes this format.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#include "fuzz_common.h"
#include "taskoff_config.h"

/** Most packets taken from one input. */
#define FUZZ_TX_MAX_PKTS 8u

/** The offload configuration selected by @p mask: defaults minus the masked offloads. */
void fuzz_tx_config(uint16_t mask, struct taskoff_offload_config *cfg);

/** The TX ol_flags selected by @p sel. */
uint64_t fuzz_tx_flags(uint16_t sel);

/**
 * Read one packet record and build it as a chain from @p mp (poisoned room,
 * recorded in @p ps). @return the chain, or NULL at the end of the input.
 */
struct rte_mbuf *fuzz_tx_next_pkt(struct fuzz_reader *r, struct rte_mempool *mp,
				  struct fuzz_poison_set *ps);

#endif
