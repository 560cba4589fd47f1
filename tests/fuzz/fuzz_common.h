/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_FUZZ_COMMON_H
#define TASKOFF_FUZZ_COMMON_H

/**
 * @file
 * Shared pieces of the libFuzzer targets: EAL start-up (once per process,
 * --no-huge), a reader that takes fields from the fuzz input, an mbuf chain
 * builder whose unused head- and tailroom is poisoned for AddressSanitizer (a
 * read one byte past the packet data is then reported even though the mbuf
 * data room is larger), and an invariant check that aborts with a message.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "taskoff_counters.h"

/** Abort (libFuzzer then saves the input) when @p cond is false. */
#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                         \
	} while (0)

__attribute__((noreturn, format(printf, 4, 5))) void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...);

/** Start EAL once (--no-huge, -m @p mem_mb, logs at error level). Aborts on failure. */
void fuzz_eal_init(const char *name, unsigned int mem_mb);

/** A pktmbuf pool or abort. */
struct rte_mempool *fuzz_pool(const char *name, unsigned int n, uint16_t data_room);

/** Consumes the fuzz input front to back; past the end every field reads as 0. */
struct fuzz_reader {
	const uint8_t *p;
	size_t left;
};

uint8_t fuzz_u8(struct fuzz_reader *r);
uint16_t fuzz_u16(struct fuzz_reader *r);
uint32_t fuzz_u32(struct fuzz_reader *r);
/** Up to @p n bytes (fewer at the end of the input); *got receives the count. */
const uint8_t *fuzz_bytes(struct fuzz_reader *r, size_t n, size_t *got);

/** Most segments one fuzzed packet is split into. */
#define FUZZ_MAX_SPLITS 4u

/** Segments whose room is poisoned, remembered so the room can be unpoisoned. */
struct fuzz_poison_set {
	unsigned int n;
	struct rte_mbuf *segs[4096];
};

/**
 * Copy @p len bytes into a chain from @p mp. Each segment holds at most the
 * pool's data room; in addition the chain is cut at the @p nb_cuts offsets in
 * @p cuts (taken modulo @p len, any order, duplicates ignored), so headers
 * straddle segments. Head- and tailroom of every segment are poisoned and the
 * segments recorded in @p ps. @return the chain or NULL (pool empty; nothing
 * allocated then).
 */
struct rte_mbuf *fuzz_chain(struct rte_mempool *mp, const uint8_t *data, uint32_t len,
			    const uint16_t *cuts, unsigned int nb_cuts, struct fuzz_poison_set *ps);

/** Unpoison every segment recorded in @p ps (after the mbufs were freed) and empty it. */
void fuzz_unpoison(struct fuzz_poison_set *ps);

/** Check a chain's structure (rte_mbuf_check) and that its data reads end to end. */
void fuzz_check_chain(const struct rte_mbuf *m);

/** Print the non-zero counters (FUZZ_VERBOSE=1 when replaying an input). */
void fuzz_dump_counters(const struct taskoff_counters *c, unsigned int in, unsigned int out);

/** Print @p len bytes as one hex line "frame <hex>" (FUZZ_VERBOSE replays). */
void fuzz_dump_frame(const uint8_t *p, uint32_t len);

/** Abort unless @p mp has every mbuf back. */
void fuzz_check_pool_full(const struct rte_mempool *mp);

#endif
