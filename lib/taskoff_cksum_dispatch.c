/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which sum taskoff_cksum_raw() runs for which length: every variant the CPU
 * has, timed at start-up against rte_raw_cksum() itself, in L1 and from DRAM.
 * A fixed order (AVX-512, then AVX2...) was measured 0.9x of rte_raw_cksum on
 * data streamed from DRAM on an Intel Xeon, where its AVX2 sum was 1.1x.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_ip.h>
#if defined(RTE_ARCH_X86_64)
#include <immintrin.h>
#endif

#include "taskoff_cksum.h"
#include "taskoff_cksum_internal.h"
#include "taskoff_log.h"

/* First length of each class (see taskoff_cksum_class_of_log2()) and the length timed for it. */
static const uint32_t class_from[TASKOFF_CKSUM_NB_CLASSES] = {0, 32, 128, 512, 4096};
static const uint32_t probe_len[TASKOFF_CKSUM_NB_CLASSES] = {20, 64, 256, 1500, 9000};

static const char *const variant_names[TASKOFF_CKSUM_NB_VARIANTS] = {
    [TASKOFF_CKSUM_DPDK] = "rte_raw_cksum", [TASKOFF_CKSUM_SCALAR] = "scalar",
    [TASKOFF_CKSUM_AVX2] = "avx2",	    [TASKOFF_CKSUM_AVX512] = "avx512",
    [TASKOFF_CKSUM_SHORT] = "short",
};

/*
 * The published dispatch (taskoff_cksum.h). Until the calibration has
 * measured, rte_raw_cksum(): sums asked for earlier (other constructors) are
 * right and no slower than DPDK's. Defined here, next to the constructor
 * that sets them, so that every program using taskoff_cksum_raw() links the
 * calibration in.
 */
taskoff_cksum_fn taskoff_cksum_by_log2[64] = {[TASKOFF_CKSUM_INLINE_LOG2_MAX + 1 ... 63] =
						  taskoff_cksum_sum_dpdk};
size_t taskoff_cksum_inline_below = (size_t)1 << (TASKOFF_CKSUM_INLINE_LOG2_MAX + 1);
size_t taskoff_cksum_short_below;

/* What taskoff_cksum_dispatch_get() reports; written only by the calibration and the hooks. */
static struct taskoff_cksum_dispatch current = {.how = "not calibrated (rte_raw_cksum)"};

/*
 * Bytes summed per timed round in L1 and rounds per variant; the same for
 * data flushed from the caches before each round. Rounds are short (a few
 * us) so that most of them run undisturbed on a busy machine; streamed ones
 * vary most, hence more of them. 2-4 ms of work in all.
 */
#define HOT_BUF_LEN	16384u
#define HOT_ROUND_BYTES (64u * 1024u)
#define HOT_ROUNDS	7u
#define COLD_BUF_LEN	(128u * 1024u)
#define COLD_ROUNDS	15u
#define COLD_BATCHES	3u
#define CACHE_LINE	64u
/*
 * A variant replaces rte_raw_cksum for a class only when it is clearly
 * faster in L1: by 10 %, as much as the speed of the inline rte_raw_cksum
 * varies with the code the compiler puts around it. Streamed data can only
 * veto it: at the memory's speed every variant ties within the noise, and
 * the fastest of 45 rounds still moves by 5 % from one start-up to the next
 * on a busy machine; slower than that, it is out.
 */
#define HOT_MIN_GAIN	   1.10
#define STREAMED_TOLERANCE 0.05

const char *taskoff_cksum_variant_name(enum taskoff_cksum_variant v)
{
	return (unsigned int)v < TASKOFF_CKSUM_NB_VARIANTS ? variant_names[v] : NULL;
}

bool taskoff_cksum_variant_available(enum taskoff_cksum_variant v)
{
	switch (v) {
	case TASKOFF_CKSUM_DPDK:
	case TASKOFF_CKSUM_SCALAR:
		return true;
	case TASKOFF_CKSUM_AVX2:
		return taskoff_cksum_has_avx2();
	case TASKOFF_CKSUM_AVX512:
		return taskoff_cksum_has_avx512();
	case TASKOFF_CKSUM_SHORT:
#ifdef TASKOFF_CKSUM_SHORT_MAX
		return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi2");
#else
		return false;
#endif
	default:
		return false;
	}
}

unsigned int taskoff_cksum_class_of(size_t len)
{
	return taskoff_cksum_class_of_log2(63u - (unsigned int)__builtin_clzll(len | 1));
}

void taskoff_cksum_dispatch_get(struct taskoff_cksum_dispatch *out)
{
	*out = current;
}

/* Keeps the compiler from hoisting a sum of unchanged bytes out of the loop. */
#define OPAQUE(p) __asm__ volatile("" : "+r"(p) : : "memory")

static volatile uint64_t calib_sink;

/*
 * Timed loops, each reaching the sum the way taskoff_cksum_raw() would if it
 * were chosen: rte_raw_cksum() and the short sum inline, the others through a
 * function pointer (a call costs as much as summing a short buffer: it is
 * part of the price). hot: @p n sums of the same @p len bytes; walk:
 * @p buf_len bytes in pieces.
 */
#define INLINE_ROUNDS(tag, sum)                                                                    \
	static uint64_t hot_##tag(const uint8_t *buf, size_t len, unsigned int n)                  \
	{                                                                                          \
		uint64_t t0 = rte_rdtsc_precise(), acc = 0, t;                                     \
		unsigned int i;                                                                    \
		for (i = 0; i < n; i++) {                                                          \
			const uint8_t *p = buf;                                                    \
			OPAQUE(p);                                                                 \
			acc += sum(p, len);                                                        \
		}                                                                                  \
		t = rte_rdtsc_precise() - t0;                                                      \
		calib_sink += acc;                                                                 \
		return t;                                                                          \
	}                                                                                          \
	static uint64_t walk_##tag(const uint8_t *buf, size_t buf_len, size_t len)                 \
	{                                                                                          \
		uint64_t t0 = rte_rdtsc_precise(), acc = 0, t;                                     \
		size_t off;                                                                        \
		for (off = 0; off + len <= buf_len; off += len)                                    \
			acc += sum(buf + off, len);                                                \
		t = rte_rdtsc_precise() - t0;                                                      \
		calib_sink += acc;                                                                 \
		return t;                                                                          \
	}

INLINE_ROUNDS(dpdk, rte_raw_cksum)
#ifdef TASKOFF_CKSUM_SHORT_MAX
INLINE_ROUNDS(short, taskoff_cksum_raw_short)
#endif

static uint64_t hot_fn(taskoff_cksum_fn fn, const uint8_t *buf, size_t len, unsigned int n)
{
	uint64_t t0 = rte_rdtsc_precise(), acc = 0, t;
	unsigned int i;

	for (i = 0; i < n; i++) {
		taskoff_cksum_fn f = fn;

		OPAQUE(f); /* loaded anew per call, as from the table */
		acc += f(buf, len);
	}
	t = rte_rdtsc_precise() - t0;
	calib_sink += acc;
	return t;
}

static uint64_t walk_fn(taskoff_cksum_fn fn, const uint8_t *buf, size_t buf_len, size_t len)
{
	uint64_t t0 = rte_rdtsc_precise(), acc = 0, t;
	size_t off;

	for (off = 0; off + len <= buf_len; off += len) {
		taskoff_cksum_fn f = fn;

		OPAQUE(f);
		acc += f(buf + off, len);
	}
	t = rte_rdtsc_precise() - t0;
	calib_sink += acc;
	return t;
}

/*
 * Evict @p len bytes from every cache level: the next read comes from DRAM,
 * as from a buffer larger than the LLC, without filling one (tens of MB and
 * tens of ms per process). Where there is no user-level flush, nothing is
 * streamed and only the L1 times decide.
 */
#if defined(RTE_ARCH_X86_64)
static bool can_flush(void)
{
	return true;
}

static void flush_caches(const uint8_t *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += CACHE_LINE)
		_mm_clflush(p + off);
	_mm_mfence();
}
#else
static bool can_flush(void)
{
	return false;
}

static void flush_caches(const uint8_t *p, size_t len)
{
	RTE_SET_USED(p);
	RTE_SET_USED(len);
}
#endif

struct calib_bufs {
	uint8_t *hot;  /* HOT_BUF_LEN bytes, 64-byte aligned */
	uint8_t *cold; /* COLD_BUF_LEN bytes, page aligned */
};

/*
 * @p n rounds of each variant in @p which (a bit per variant), interleaved,
 * the order reversed every other round so that a noisy moment on the machine
 * hits neighbours alike; the fastest round of each is kept in @p best
 * (interference from the rest of the machine only ever adds time). Cold
 * rounds flush the buffer first.
 */
static uint64_t run_round(const struct calib_bufs *b, size_t len, bool cold, unsigned int v)
{
	unsigned int n = RTE_MAX(1u, HOT_ROUND_BYTES / (unsigned int)len);
	taskoff_cksum_fn fn = taskoff_cksum_variant_fn(v);

	if (cold)
		flush_caches(b->cold, COLD_BUF_LEN);
	if (v == TASKOFF_CKSUM_DPDK)
		return cold ? walk_dpdk(b->cold, COLD_BUF_LEN, len) : hot_dpdk(b->hot, len, n);
#ifdef TASKOFF_CKSUM_SHORT_MAX
	if (v == TASKOFF_CKSUM_SHORT)
		return cold ? walk_short(b->cold, COLD_BUF_LEN, len) : hot_short(b->hot, len, n);
#endif
	return cold ? walk_fn(fn, b->cold, COLD_BUF_LEN, len) : hot_fn(fn, b->hot, len, n);
}

static void time_rounds(const struct calib_bufs *b, size_t len, bool cold, unsigned int which,
			unsigned int n, uint64_t *best)
{
	unsigned int r, i;

	for (r = 0; r < n; r++)
		for (i = 0; i < TASKOFF_CKSUM_NB_VARIANTS; i++) {
			unsigned int v = r & 1 ? TASKOFF_CKSUM_NB_VARIANTS - 1 - i : i;

			if (which & (1u << v))
				best[v] = RTE_MIN(best[v], run_round(b, len, cold, v));
		}
}

/* Speed of @p v relative to rte_raw_cksum: the ratio of their fastest rounds. */
static double speedup(const uint64_t *best, unsigned int v)
{
	return (double)best[TASKOFF_CKSUM_DPDK] / (double)RTE_MAX(best[v], (uint64_t)1);
}

/* Not measurably slower than rte_raw_cksum on streamed data (0: not measured). */
static bool keeps_up_streamed(double s)
{
	return s == 0 || s * (1.0 + STREAMED_TOLERANCE) >= 1.0;
}

/*
 * Streamed speeds of the variants in @p which. The rounds vary most here
 * (DRAM is shared with the whole machine): while a candidate falls behind,
 * everyone gets more rounds, up to COLD_BATCHES, so that one lucky round of
 * rte_raw_cksum does not throw away a large gain in cache.
 */
static void measure_streamed(const struct calib_bufs *b, struct taskoff_cksum_class *c,
			     unsigned int which)
{
	uint64_t best[TASKOFF_CKSUM_NB_VARIANTS];
	unsigned int v, batch;
	bool behind = true;

	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++)
		best[v] = UINT64_MAX;
	for (batch = 0; batch < COLD_BATCHES && behind; batch++) {
		time_rounds(b, c->probe_len, true, which, COLD_ROUNDS, best);
		behind = false;
		for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++) {
			if (!(which & (1u << v)))
				continue;
			c->streamed_speedup[v] = speedup(best, v);
			behind |= !keeps_up_streamed(c->streamed_speedup[v]);
		}
	}
}

/*
 * Time one class at its probe length: every variant in L1, then from DRAM
 * the candidates, those clearly faster in L1 (streamed rounds are the
 * expensive ones).
 */
static void measure_class(const struct calib_bufs *b, struct taskoff_cksum_class *c, bool short_ok)
{
	unsigned int v, all = 0, which = 1u << TASKOFF_CKSUM_DPDK;
	uint64_t best[TASKOFF_CKSUM_NB_VARIANTS];

	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++) {
		best[v] = UINT64_MAX;
		if (taskoff_cksum_variant_available(v) && (v != TASKOFF_CKSUM_SHORT || short_ok))
			all |= 1u << v;
	}
	time_rounds(b, c->probe_len, false, all, HOT_ROUNDS, best);
	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++) {
		if (!(all & (1u << v)))
			continue;
		c->hot_speedup[v] = speedup(best, v);
		if (c->hot_speedup[v] >= HOT_MIN_GAIN)
			which |= 1u << v;
	}
	c->streamed_speedup[TASKOFF_CKSUM_DPDK] = 1.0; /* the reference, measured or not */
	if (which != 1u << TASKOFF_CKSUM_DPDK && can_flush())
		measure_streamed(b, c, which);
}

/* The candidate fastest in L1 that keeps up on streamed data; else rte_raw_cksum. */
static enum taskoff_cksum_variant choose(const struct taskoff_cksum_class *c)
{
	enum taskoff_cksum_variant best = TASKOFF_CKSUM_DPDK;
	double best_hot = 1.0;
	unsigned int v;

	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++) {
		double hot = c->hot_speedup[v];

		if (v == TASKOFF_CKSUM_DPDK || hot < HOT_MIN_GAIN ||
		    !keeps_up_streamed(c->streamed_speedup[v]))
			continue;
		if (hot > best_hot) {
			best_hot = hot;
			best = (enum taskoff_cksum_variant)v;
		}
	}
	return best;
}

/* Table entry for lengths with highest bit @p log2 in class @p c: NULL for rte_raw_cksum inline. */
static taskoff_cksum_fn entry(const struct taskoff_cksum_dispatch *d, unsigned int log2)
{
	enum taskoff_cksum_variant v = d->classes[taskoff_cksum_class_of_log2(log2)].variant;

	if (v == TASKOFF_CKSUM_SHORT) /* inline below taskoff_cksum_short_below */
		v = TASKOFF_CKSUM_DPDK;
	if (v == TASKOFF_CKSUM_DPDK && log2 <= TASKOFF_CKSUM_INLINE_LOG2_MAX)
		return NULL;
	return taskoff_cksum_variant_fn(v);
}

/* Can class @p c run the short sum? Only a run of classes from length 0 up
 * can: taskoff_cksum_raw() asks one bound. */
static bool short_reaches(const struct taskoff_cksum_dispatch *d, unsigned int c)
{
#ifdef TASKOFF_CKSUM_SHORT_MAX
	return d->classes[c].min_len <= TASKOFF_CKSUM_SHORT_MAX &&
	       (c == 0 || d->classes[c - 1].variant == TASKOFF_CKSUM_SHORT);
#else
	RTE_SET_USED(d);
	RTE_SET_USED(c);
	return false;
#endif
}

/* A short-sum class it cannot reach runs rte_raw_cksum, and says so. */
static void short_reachable_only(struct taskoff_cksum_dispatch *d)
{
	unsigned int c;

	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++)
		if (d->classes[c].variant == TASKOFF_CKSUM_SHORT && !short_reaches(d, c))
			d->classes[c].variant = TASKOFF_CKSUM_DPDK;
}

/* taskoff_cksum_short_below: the first length of the first class without it. */
static size_t short_below(const struct taskoff_cksum_dispatch *d)
{
	unsigned int c;

	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++)
		if (d->classes[c].variant != TASKOFF_CKSUM_SHORT)
			return d->classes[c].min_len;
	return 0; /* not reached: the last class is past the short sum's lengths */
}

/* Below the first length whose entry is not NULL, everything is rte_raw_cksum inline. */
static size_t inline_below(const struct taskoff_cksum_dispatch *d)
{
	unsigned int b;

	for (b = 0; b < RTE_DIM(taskoff_cksum_by_log2); b++)
		if (entry(d, b) != NULL)
			return b == 0 ? 0 : (size_t)1 << b;
	return SIZE_MAX;
}

/*
 * One atomic store per table entry, then the bound: a reader in between
 * mixes old and new choices, which give the same sums.
 */
static void publish(struct taskoff_cksum_dispatch *d)
{
	unsigned int b;

	short_reachable_only(d);
	current = *d;
	for (b = 0; b < RTE_DIM(taskoff_cksum_by_log2); b++)
		__atomic_store_n(&taskoff_cksum_by_log2[b], entry(d, b), __ATOMIC_RELEASE);
	__atomic_store_n(&taskoff_cksum_inline_below, inline_below(d), __ATOMIC_RELEASE);
	__atomic_store_n(&taskoff_cksum_short_below, short_below(d), __ATOMIC_RELEASE);
}

static void fill(uint8_t *p, size_t len)
{
	uint32_t x = 0x9e3779b9;
	size_t i;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 24);
	}
}

static double now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One INFO line: the variant per class and its measured speed relative to rte_raw_cksum. */
void taskoff_cksum_dispatch_format(const struct taskoff_cksum_dispatch *d, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int c;

	if (len > 0)
		buf[0] = '\0';
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES && used < len; c++) {
		const struct taskoff_cksum_class *k = &d->classes[c];

		used += (size_t)snprintf(
		    buf + used, len - used, "%s%u+ B %s %.2f/%.2f", c == 0 ? "" : ", ", k->min_len,
		    taskoff_cksum_variant_name(k->variant), k->hot_speedup[k->variant],
		    k->streamed_speedup[k->variant]);
	}
}

static void log_dispatch(const struct taskoff_cksum_dispatch *d)
{
	char line[512];

	taskoff_cksum_dispatch_format(d, line, sizeof(line));
	/* DEBUG: the plugin is loaded into every DPDK process on the host once installed;
	 * taskoff-bench prints the choice, --log-level=pmd.net.taskoff:debug shows it */
	TASKOFF_LOG(DEBUG,
		    "checksum dispatch %s in %.1f ms (%.1f ms CPU); per length, variant (speed vs "
		    "rte_raw_cksum in L1/streamed): %s",
		    d->how, d->calib_ms, d->calib_cpu_ms, line);
}

void taskoff_cksum_calibrate(void)
{
	struct taskoff_cksum_dispatch d;
	struct calib_bufs b;
	double t0 = now_ms(CLOCK_MONOTONIC), cpu0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
	unsigned int c;

	memset(&d, 0, sizeof(d));
	b.hot = aligned_alloc(CACHE_LINE, HOT_BUF_LEN);
	b.cold = aligned_alloc(4096, COLD_BUF_LEN);
	if (b.hot == NULL || b.cold == NULL) {
		TASKOFF_LOG(WARNING, "checksum calibration: out of memory, rte_raw_cksum kept");
		free(b.hot);
		free(b.cold);
		return;
	}
	fill(b.hot, HOT_BUF_LEN);
	fill(b.cold, COLD_BUF_LEN);
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++) {
		d.classes[c].min_len = class_from[c];
		d.classes[c].probe_len = probe_len[c];
		measure_class(&b, &d.classes[c], short_reaches(&d, c));
		d.classes[c].variant = choose(&d.classes[c]);
	}
	free(b.hot);
	free(b.cold);
	d.calib_ms = now_ms(CLOCK_MONOTONIC) - t0;
	d.calib_cpu_ms = now_ms(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	snprintf(d.how, sizeof(d.how), "calibrated");
	publish(&d);
	log_dispatch(&d);
}

int taskoff_cksum_dispatch_force(unsigned int cls, enum taskoff_cksum_variant v)
{
	struct taskoff_cksum_dispatch d = current;
	unsigned int c;

	if (cls > TASKOFF_CKSUM_NB_CLASSES || (unsigned int)v >= TASKOFF_CKSUM_NB_VARIANTS)
		return -EINVAL;
	if (!taskoff_cksum_variant_available(v))
		return -ENOTSUP;
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++) {
		d.classes[c].min_len = class_from[c];
		d.classes[c].probe_len = probe_len[c];
		if (c == cls || cls == TASKOFF_CKSUM_NB_CLASSES)
			d.classes[c].variant = v;
	}
	snprintf(d.how, sizeof(d.how), "forced by test hook");
	publish(&d);
	return 0;
}

/* TASKOFF_CKSUM=<variant>: the same variant everywhere, no calibration (repeatable profiles). */
static bool forced_by_env(void)
{
	const char *want = getenv("TASKOFF_CKSUM");
	struct taskoff_cksum_dispatch d;
	unsigned int v, c;

	memset(&d, 0, sizeof(d));
	if (want == NULL || *want == '\0')
		return false;
	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++)
		if (strcmp(want, variant_names[v]) == 0)
			break;
	if (v == TASKOFF_CKSUM_NB_VARIANTS || !taskoff_cksum_variant_available(v)) {
		TASKOFF_LOG(WARNING, "TASKOFF_CKSUM=%s: no such variant on this CPU, calibrating",
			    want);
		return false;
	}
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++) {
		d.classes[c].min_len = class_from[c];
		d.classes[c].probe_len = probe_len[c];
		d.classes[c].variant = (enum taskoff_cksum_variant)v;
	}
	snprintf(d.how, sizeof(d.how), "forced by TASKOFF_CKSUM=%s", variant_names[v]);
	publish(&d);
	log_dispatch(&d);
	return true;
}

RTE_INIT(taskoff_cksum_dispatch_init)
{
	taskoff_log_register(); /* the choice is logged: the log type must exist by then */
	if (!forced_by_env())
		taskoff_cksum_calibrate();
}
