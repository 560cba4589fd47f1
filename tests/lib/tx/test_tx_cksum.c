/* SPDX-License-Identifier: BSD-3-Clause */
/* taskoff_cksum: buffer sums, mbuf-chain sums, RFC 1624 updates, IP/L4 checksums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ip.h>

#include "taskoff_cksum.h"
#include "taskoff_cksum_dispatch.h"
#include "test_eal.h"
#include "tx_pkt.h"

static struct rte_mempool *pool;

static void fill_random(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	srand(seed);
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rand();
}

static void raw_sum_matches_rte_raw_cksum_every_length_and_alignment(void **state)
{
	static uint8_t buf[2048 + 64];
	unsigned int align;
	size_t len;

	fill_random(buf, sizeof(buf), 1);
	for (align = 0; align < 64; align++) {
		for (len = 0; len <= 2048; len++) {
			uint16_t ref = rte_raw_cksum(buf + align, len);

			if (taskoff_cksum_raw(buf + align, len) != ref ||
			    taskoff_cksum_raw_scalar(buf + align, len) != ref ||
			    taskoff_cksum_raw_avx2(buf + align, len) != ref ||
			    taskoff_cksum_raw_avx512(buf + align, len) != ref)
				fail_msg(
				    "len %zu align %u: ref %04x raw %04x scalar %04x avx2 %04x "
				    "avx512 %04x",
				    len, align, ref, taskoff_cksum_raw(buf + align, len),
				    taskoff_cksum_raw_scalar(buf + align, len),
				    taskoff_cksum_raw_avx2(buf + align, len),
				    taskoff_cksum_raw_avx512(buf + align, len));
		}
	}
}

static void raw_sum_handles_all_ones_and_carries(void **state)
{
	static uint8_t buf[65536];
	size_t len;

	/* worst case for carry propagation: every word 0xffff */
	memset(buf, 0xff, sizeof(buf));
	for (len = 0; len <= sizeof(buf); len = len * 2 + 1)
		assert_int_equal(taskoff_cksum_raw(buf, len), rte_raw_cksum(buf, len));
	assert_int_equal(taskoff_cksum_raw(buf, sizeof(buf)), rte_raw_cksum(buf, sizeof(buf)));
	assert_int_equal(taskoff_cksum_raw(buf, 0), 0);
}

/*
 * The vector sums bias every word by 0x8000 into signed 32-bit lanes and
 * reduce every 64 KiB: all-zero words (most negative after the bias), all-one
 * words and random data, over lengths around those block edges, at every
 * alignment class of the 64-byte head (odd ones swap the result).
 */
/* rte_raw_cksum's 32-bit accumulator overflows past ~128 KiB: sum it in even-length pieces. */
static uint16_t ref_long_sum(const uint8_t *p, size_t len)
{
	uint64_t acc = 0;

	while (len > 0) {
		size_t n = RTE_MIN(len, (size_t)32768);

		acc += rte_raw_cksum(p, n);
		p += n;
		len -= n;
	}
	return taskoff_cksum_fold(acc);
}

static void raw_sum_long_buffers_across_block_edges(void **state)
{
	static const size_t lens[] = {2047,  2048,	 2049,		65535,	 65536,
				      65537, 65536 + 63, 65536 * 2 + 1, 1000003, 4u << 20};
	static const unsigned int aligns[] = {0, 1, 2, 31, 54, 63};
	size_t size = (4u << 20) + 64;
	uint8_t *buf = malloc(size);
	unsigned int fill, a, l;

	assert_non_null(buf);
	for (fill = 0; fill < 3; fill++) {
		if (fill == 2)
			fill_random(buf, size, 9);
		else
			memset(buf, fill == 0 ? 0x00 : 0xff, size);
		for (a = 0; a < RTE_DIM(aligns); a++) {
			for (l = 0; l < RTE_DIM(lens); l++) {
				const uint8_t *p = buf + aligns[a];
				uint16_t ref = ref_long_sum(p, lens[l]);

				assert_int_equal(taskoff_cksum_raw(p, lens[l]), ref);
				assert_int_equal(taskoff_cksum_raw_avx512(p, lens[l]), ref);
				assert_int_equal(taskoff_cksum_raw_avx2(p, lens[l]), ref);
				assert_int_equal(taskoff_cksum_raw_scalar(p, lens[l]), ref);
			}
		}
	}
	free(buf);
}

/*
 * The dispatch: whatever the start-up calibration picked for a size class,
 * taskoff_cksum_raw(), taskoff_cksum_raw_pieces() and taskoff_cksum_mbuf()
 * give rte_raw_cksum's sum. Each variant the CPU has is forced for every
 * class in turn (the test hook), over every length to 2 KiB at every
 * alignment class of a 64-byte line, lengths across the class boundaries,
 * and long buffers where rte_raw_cksum's own 32-bit sum wraps (a dispatch
 * to it must not).
 */
static void check_dispatched_sums(const uint8_t *buf, const char *what)
{
	static const uint32_t edges[] = {31,  32,  33,	63,  64,   65,	 127, 128,
					 129, 511, 512, 513, 4095, 4096, 4097};
	static const size_t long_lens[] = {65536, 65537, 131074, 131075, 200001, 262144};
	unsigned int align, i;
	size_t len;

	for (align = 0; align < 64; align++)
		for (len = 0; len <= 2048; len++)
			if (taskoff_cksum_raw(buf + align, len) != rte_raw_cksum(buf + align, len))
				fail_msg("%s: len %zu align %u: %04x, rte_raw_cksum %04x", what,
					 len, align, taskoff_cksum_raw(buf + align, len),
					 rte_raw_cksum(buf + align, len));
	for (i = 0; i < RTE_DIM(edges); i++) {
		uint16_t sums[5];
		unsigned int k;

		assert_int_equal(taskoff_cksum_raw(buf + 3, edges[i]),
				 rte_raw_cksum(buf + 3, edges[i]));
		taskoff_cksum_raw_pieces(buf + 1, edges[i], RTE_DIM(sums), sums);
		for (k = 0; k < RTE_DIM(sums); k++)
			assert_int_equal(sums[k], rte_raw_cksum(buf + 1 + k * edges[i], edges[i]));
	}
	for (i = 0; i < RTE_DIM(long_lens); i++)
		for (align = 0; align < 3; align++)
			assert_int_equal(taskoff_cksum_raw(buf + align, long_lens[i]),
					 ref_long_sum(buf + align, long_lens[i]));
}

/* All-ones words: 65537 of them overflow a 32-bit sum for sure. */
static void check_dispatched_long_ones(const uint8_t *ones)
{
	static const size_t long_lens[] = {131072, 131074, 131075, 262144};
	unsigned int i;

	for (i = 0; i < RTE_DIM(long_lens); i++) {
		assert_int_equal(taskoff_cksum_raw(ones, long_lens[i]),
				 ref_long_sum(ones, long_lens[i]));
		assert_int_equal(taskoff_cksum_raw(ones + 1, long_lens[i]),
				 ref_long_sum(ones + 1, long_lens[i]));
	}
}

static void dispatched_sum_matches_rte_raw_cksum_for_every_forced_choice(void **state)
{
	size_t size = 262144 + 64;
	uint8_t *buf = malloc(size), *ones = malloc(size);
	struct taskoff_cksum_dispatch d;
	unsigned int v, c;
	char what[64];

	assert_non_null(buf);
	assert_non_null(ones);
	fill_random(buf, size, 11);
	memset(ones, 0xff, size);
	for (v = 0; v < TASKOFF_CKSUM_NB_VARIANTS; v++) {
		if (!taskoff_cksum_variant_available(v)) {
			assert_int_equal(taskoff_cksum_dispatch_force(TASKOFF_CKSUM_NB_CLASSES, v),
					 -ENOTSUP);
			continue;
		}
		assert_int_equal(taskoff_cksum_dispatch_force(TASKOFF_CKSUM_NB_CLASSES, v), 0);
		taskoff_cksum_dispatch_get(&d);
		for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++)
			assert_int_equal(d.classes[c].variant,
					 v == TASKOFF_CKSUM_SHORT && d.classes[c].min_len >= 512
					     ? TASKOFF_CKSUM_DPDK
					     : v);
		snprintf(what, sizeof(what), "all classes %s", taskoff_cksum_variant_name(v));
		check_dispatched_sums(buf, what);
		check_dispatched_long_ones(ones);
		/* one class on v, the others on rte_raw_cksum (inline below the first other) */
		for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++) {
			assert_int_equal(taskoff_cksum_dispatch_force(TASKOFF_CKSUM_NB_CLASSES,
								      TASKOFF_CKSUM_DPDK),
					 0);
			assert_int_equal(taskoff_cksum_dispatch_force(c, v), 0);
			snprintf(what, sizeof(what), "class %u %s", c,
				 taskoff_cksum_variant_name(v));
			check_dispatched_sums(buf, what);
		}
	}
	/* a real calibration's choice, whatever it is on this machine */
	taskoff_cksum_calibrate();
	taskoff_cksum_dispatch_get(&d);
	assert_string_equal(d.how, "calibrated");
	check_dispatched_sums(buf, "calibrated");
	check_dispatched_long_ones(ones);
	free(buf);
	free(ones);
}

/* The hook moves one class only, refuses what does not exist, and the length classes are as
 * documented. */
static void dispatch_hook_forces_one_class(void **state)
{
	struct taskoff_cksum_dispatch before, after;
	unsigned int c;

	taskoff_cksum_dispatch_get(&before);
	assert_int_equal(taskoff_cksum_dispatch_force(2, TASKOFF_CKSUM_SCALAR), 0);
	taskoff_cksum_dispatch_get(&after);
	assert_string_equal(after.how, "forced by test hook");
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++)
		assert_int_equal(after.classes[c].variant,
				 c == 2 ? TASKOFF_CKSUM_SCALAR : before.classes[c].variant);
	assert_int_equal(
	    taskoff_cksum_dispatch_force(TASKOFF_CKSUM_NB_CLASSES + 1, TASKOFF_CKSUM_DPDK),
	    -EINVAL);
	assert_int_equal(taskoff_cksum_dispatch_force(0, TASKOFF_CKSUM_NB_VARIANTS), -EINVAL);
	assert_int_equal(taskoff_cksum_class_of(0), 0);
	assert_int_equal(taskoff_cksum_class_of(31), 0);
	assert_int_equal(taskoff_cksum_class_of(32), 1);
	assert_int_equal(taskoff_cksum_class_of(127), 1);
	assert_int_equal(taskoff_cksum_class_of(128), 2);
	assert_int_equal(taskoff_cksum_class_of(511), 2);
	assert_int_equal(taskoff_cksum_class_of(512), 3);
	assert_int_equal(taskoff_cksum_class_of(4095), 3);
	assert_int_equal(taskoff_cksum_class_of(4096), 4);
	assert_int_equal(taskoff_cksum_class_of(65536), 4);
	assert_int_equal(after.classes[3].min_len, 512);
	assert_int_equal(taskoff_cksum_class_of(SIZE_MAX), 4);
	assert_int_equal(after.classes[3].probe_len, 1500);
	assert_string_equal(taskoff_cksum_variant_name(TASKOFF_CKSUM_DPDK), "rte_raw_cksum");
	assert_null(taskoff_cksum_variant_name(TASKOFF_CKSUM_NB_VARIANTS));
	assert_int_equal(taskoff_cksum_dispatch_force(2, before.classes[2].variant), 0);
}

#ifdef TASKOFF_CKSUM_SHORT_MAX
/* Sums of the last @p len bytes before the guard page at @p end: random and all-ones data. */
static void check_short_before_guard(uint8_t *end, size_t len)
{
	uint8_t *buf = end - len;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		if (k == 0)
			fill_random(buf, len, (unsigned int)len);
		else
			memset(buf, 0xff, len);
		if (taskoff_cksum_raw_short(buf, len) != rte_raw_cksum(buf, len) ||
		    taskoff_cksum_raw(buf, len) != rte_raw_cksum(buf, len))
			fail_msg("len %zu %s: short %04x, dispatched %04x, rte_raw_cksum %04x", len,
				 k == 0 ? "random" : "all ones", taskoff_cksum_raw_short(buf, len),
				 taskoff_cksum_raw(buf, len), rte_raw_cksum(buf, len));
	}
}
#endif

/*
 * The short sum (64-byte blocks, the rest in one masked load): every length
 * it takes, ending right before an inaccessible page (any byte read past the
 * buffer faults), at every offset of a 64-byte line; through
 * taskoff_cksum_raw() too, with the short sum forced on the classes below 512;
 * a class it cannot reach falls back to rte_raw_cksum.
 */
static void short_sum_exact_and_reads_nothing_past_the_buffer(void **state)
{
#ifdef TASKOFF_CKSUM_SHORT_MAX
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct taskoff_cksum_dispatch before, forced;
	unsigned int shift, c;
	size_t len;

	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	if (!taskoff_cksum_variant_available(TASKOFF_CKSUM_SHORT))
		skip();
	taskoff_cksum_dispatch_get(&before);
	for (c = 0; c < 3; c++) /* [0, 32), [32, 128), [128, 512) */
		assert_int_equal(taskoff_cksum_dispatch_force(c, TASKOFF_CKSUM_SHORT), 0);
	taskoff_cksum_dispatch_get(&forced);
	for (c = 0; c < TASKOFF_CKSUM_NB_CLASSES; c++)
		assert_int_equal(forced.classes[c].variant,
				 c < 3 ? TASKOFF_CKSUM_SHORT : before.classes[c].variant);
	for (shift = 0; shift < 64; shift++)
		for (len = 0; len <= TASKOFF_CKSUM_SHORT_MAX; len++)
			check_short_before_guard(map + page - shift, len);
	/* a class after one without it cannot have it: it runs (and says) rte_raw_cksum */
	assert_int_equal(taskoff_cksum_dispatch_force(1, TASKOFF_CKSUM_SCALAR), 0);
	taskoff_cksum_dispatch_get(&forced);
	assert_int_equal(forced.classes[0].variant, TASKOFF_CKSUM_SHORT);
	assert_int_equal(forced.classes[2].variant, TASKOFF_CKSUM_DPDK);
	check_short_before_guard(map + page, 300);
	for (c = 0; c < 3; c++)
		assert_int_equal(taskoff_cksum_dispatch_force(c, before.classes[c].variant), 0);
	munmap(map, (size_t)page * 2);
#else
	skip();
#endif
}

static void mbuf_chain_sum_with_odd_split_points(void **state)
{
	static uint8_t buf[3000];
	static const uint32_t splits[][3] = {
	    {1, 2, 3}, {7, 501, 1333}, {100, 101, 2999}, {2, 4, 6}};
	unsigned int s;

	fill_random(buf, sizeof(buf), 2);
	for (s = 0; s < RTE_DIM(splits); s++) {
		struct rte_mbuf *m = tx_pkt_mbuf(pool, buf, sizeof(buf), splits[s], 3);
		uint32_t off, len;

		assert_true(m->nb_segs >= 4);
		for (off = 0; off < 40; off += 3) {
			for (len = 0; off + len <= sizeof(buf); len += 97) {
				uint16_t sum;

				assert_int_equal(taskoff_cksum_mbuf(m, off, len, &sum), 0);
				assert_int_equal(sum, rte_raw_cksum(buf + off, len));
			}
		}
		/* past the end is refused, not read */
		{
			uint16_t sum;

			assert_int_equal(taskoff_cksum_mbuf(m, 1, sizeof(buf), &sum), -EINVAL);
		}
		rte_pktmbuf_free(m);
	}
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void rfc1624_update_equals_recompute(void **state)
{
	uint8_t hdr[20];
	unsigned int i;

	fill_random(hdr, sizeof(hdr), 3);
	for (i = 0; i < 1000; i++) {
		uint16_t old_val, new_val = (uint16_t)rand(), ck;
		uint32_t old32, new32 = (uint32_t)rand();

		hdr[10] = hdr[11] = 0;
		ck = (uint16_t)~rte_raw_cksum(hdr, sizeof(hdr));
		memcpy(&old_val, hdr + 2, 2);
		memcpy(hdr + 2, &new_val, 2);
		ck = taskoff_cksum_update16(ck, old_val, new_val);
		assert_int_equal(ck, (uint16_t)~rte_raw_cksum(hdr, sizeof(hdr)));
		memcpy(&old32, hdr + 4, 4);
		memcpy(hdr + 4, &new32, 4);
		ck = taskoff_cksum_update32(ck, old32, new32);
		assert_int_equal(ck, (uint16_t)~rte_raw_cksum(hdr, sizeof(hdr)));
	}
}

static void ipv4_header_checksum_with_options(void **state)
{
	static uint8_t buf[TX_PKT_MAX];
	struct tx_pkt_layout lay;
	uint8_t opts;

	for (opts = 0; opts <= 40; opts += 4) {
		struct tx_pkt_spec s = {.l4_proto = IPPROTO_TCP, .ip_opts_len = opts, .ip_id = 7};
		uint16_t ck;

		tx_pkt_build(buf, &s, &lay);
		buf[lay.l3 + 10] = 0x55; /* whatever is in the field is ignored */
		ck = taskoff_ipv4_hdr_cksum(buf + lay.l3, lay.l3_len);
		assert_int_equal(rte_be_to_cpu_16(ck), tx_ref_ip4_cksum(buf + lay.l3));
	}
}

static void pseudo_header_sums_match_dpdk(void **state)
{
	static uint8_t buf[TX_PKT_MAX];
	struct tx_pkt_spec s4 = {.l4_proto = IPPROTO_UDP, .payload_len = 333};
	struct tx_pkt_spec s6 = {.ipv6 = true, .l4_proto = IPPROTO_TCP, .payload_len = 1000};
	struct tx_pkt_layout lay;
	const struct rte_ipv6_hdr *ip6;

	tx_pkt_build(buf, &s4, &lay);
	assert_int_equal(taskoff_phdr_sum_ipv4(buf + lay.l3, IPPROTO_UDP, 341),
			 rte_ipv4_phdr_cksum((const struct rte_ipv4_hdr *)(buf + lay.l3), 0));
	tx_pkt_build(buf, &s6, &lay);
	ip6 = (const struct rte_ipv6_hdr *)(buf + lay.l3);
	assert_int_equal(taskoff_phdr_sum_ipv6(ip6->src_addr, ip6->dst_addr, IPPROTO_TCP, 1020),
			 rte_ipv6_phdr_cksum(ip6, 0));
}

static void udp_zero_result_is_sent_as_ffff(void **state)
{
	assert_int_equal(taskoff_l4_cksum_finish(0xffff, true), 0xffff);
	assert_int_equal(taskoff_l4_cksum_finish(0xffff, false), 0x0000);
	assert_int_equal(taskoff_l4_cksum_finish(0x1234, true), 0xedcb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(raw_sum_matches_rte_raw_cksum_every_length_and_alignment),
	    cmocka_unit_test(raw_sum_handles_all_ones_and_carries),
	    cmocka_unit_test(raw_sum_long_buffers_across_block_edges),
	    cmocka_unit_test(dispatched_sum_matches_rte_raw_cksum_for_every_forced_choice),
	    cmocka_unit_test(dispatch_hook_forces_one_class),
	    cmocka_unit_test(short_sum_exact_and_reads_nothing_past_the_buffer),
	    cmocka_unit_test(mbuf_chain_sum_with_odd_split_points),
	    cmocka_unit_test(rfc1624_update_equals_recompute),
	    cmocka_unit_test(ipv4_header_checksum_with_options),
	    cmocka_unit_test(pseudo_header_sums_match_dpdk),
	    cmocka_unit_test(udp_zero_result_is_sent_as_ffff),
	};

	if (test_eal_init("test_tx_cksum") != 0)
		return 1;
	pool = test_pktmbuf_pool("tx_cksum", 1023, 512);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
