/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_log.h>
#include <rte_mempool.h>

#include "fuzz_common.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define FUZZ_POISON(a, n)   ASAN_POISON_MEMORY_REGION(a, n)
#define FUZZ_UNPOISON(a, n) ASAN_UNPOISON_MEMORY_REGION(a, n)
#endif
#endif
#ifndef FUZZ_POISON
#define FUZZ_POISON(a, n)   ((void)(a), (void)(n))
#define FUZZ_UNPOISON(a, n) ((void)(a), (void)(n))
#endif

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FUZZ INVARIANT FAILED at %s:%d: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_eal_init(const char *name, unsigned int mem_mb)
{
	char prefix[64], mem[16];
	char *argv[] = {
	    (char *)name, "--no-huge",	 "--no-shconf", "--no-pci",	 "-l",	 "0", "-m",
	    mem,	  "--log-level", "*:error",	"--file-prefix", prefix,
	};

	snprintf(prefix, sizeof(prefix), "%s-%d", name, (int)getpid());
	snprintf(mem, sizeof(mem), "%u", mem_mb);
	if (rte_eal_init(RTE_DIM(argv), argv) < 0) {
		fprintf(stderr, "%s: rte_eal_init failed\n", name);
		abort();
	}
}

struct rte_mempool *fuzz_pool(const char *name, unsigned int n, uint16_t data_room)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create(
	    name, n, 0, 0, (uint16_t)(data_room + RTE_PKTMBUF_HEADROOM), SOCKET_ID_ANY);

	if (mp == NULL) {
		fprintf(stderr, "cannot create pool %s\n", name);
		abort();
	}
	return mp;
}

uint8_t fuzz_u8(struct fuzz_reader *r)
{
	uint8_t v = 0;

	if (r->left > 0) {
		v = r->p[0];
		r->p++;
		r->left--;
	}
	return v;
}

uint16_t fuzz_u16(struct fuzz_reader *r)
{
	uint16_t hi = fuzz_u8(r);

	return (uint16_t)(hi << 8 | fuzz_u8(r));
}

uint32_t fuzz_u32(struct fuzz_reader *r)
{
	uint32_t hi = fuzz_u16(r);

	return hi << 16 | fuzz_u16(r);
}

const uint8_t *fuzz_bytes(struct fuzz_reader *r, size_t n, size_t *got)
{
	const uint8_t *p = r->p;

	*got = n < r->left ? n : r->left;
	r->p += *got;
	r->left -= *got;
	return p;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, deduplicated cut offsets strictly inside (0, len). */
static unsigned int cut_points(uint32_t len, const uint16_t *cuts, unsigned int nb_cuts,
			       uint32_t *out)
{
	unsigned int i, n = 0, k = 0;

	for (i = 0; i < nb_cuts && len > 1; i++) {
		uint32_t c = cuts[i] % len;

		if (c != 0)
			out[n++] = c;
	}
	qsort(out, n, sizeof(*out), cmp_u32);
	for (i = 0; i < n; i++)
		if (k == 0 || out[k - 1] != out[i])
			out[k++] = out[i];
	return k;
}

static void poison_room(struct rte_mbuf *s)
{
	uint8_t *buf = s->buf_addr;
	uint32_t end = (uint32_t)s->data_off + s->data_len;

	FUZZ_POISON(buf, s->data_off);
	FUZZ_POISON(buf + end, s->buf_len - end);
}

struct rte_mbuf *fuzz_chain(struct rte_mempool *mp, const uint8_t *data, uint32_t len,
			    const uint16_t *cuts, unsigned int nb_cuts, struct fuzz_poison_set *ps)
{
	uint32_t pts[FUZZ_MAX_SPLITS + 1];
	unsigned int nb_pts =
	    cut_points(len, cuts, nb_cuts < FUZZ_MAX_SPLITS ? nb_cuts : FUZZ_MAX_SPLITS, pts);
	unsigned int first = ps->n, ci = 0;
	struct rte_mbuf *head = NULL, *last = NULL;
	uint32_t off = 0;

	do {
		uint32_t end = ci < nb_pts ? pts[ci] : len;
		struct rte_mbuf *s;
		uint32_t n;

		if (ps->n == RTE_DIM(ps->segs) || (s = rte_pktmbuf_alloc(mp)) == NULL)
			goto fail;
		n = RTE_MIN(end - off, (uint32_t)rte_pktmbuf_tailroom(s));
		memcpy(rte_pktmbuf_mtod(s, uint8_t *), data + off, n);
		s->data_len = (uint16_t)n;
		off += n;
		if (off == end && ci < nb_pts)
			ci++;
		ps->segs[ps->n++] = s;
		if (head == NULL) {
			head = s;
		} else {
			last->next = s;
			head->nb_segs++;
		}
		head->pkt_len += n;
		last = s;
	} while (off < len);
	for (unsigned int i = first; i < ps->n; i++)
		poison_room(ps->segs[i]);
	return head;
fail:
	rte_pktmbuf_free(head);
	ps->n = first;
	return NULL;
}

void fuzz_unpoison(struct fuzz_poison_set *ps)
{
	for (unsigned int i = 0; i < ps->n; i++)
		FUZZ_UNPOISON(ps->segs[i]->buf_addr, ps->segs[i]->buf_len);
	ps->n = 0;
}

void fuzz_check_chain(const struct rte_mbuf *m)
{
	const char *why = NULL;
	const struct rte_mbuf *s;
	uint32_t sum = 0;
	unsigned int nb = 0;
	volatile uint8_t acc = 0;

	FUZZ_CHECK(rte_mbuf_check(m, 1, &why) == 0, "bad mbuf: %s", why);
	for (s = m; s != NULL; s = s->next) {
		const uint8_t *p = rte_pktmbuf_mtod(s, const uint8_t *);

		for (uint16_t i = 0; i < s->data_len; i++)
			acc ^= p[i]; /* ASan: every byte the frame claims is readable */
		sum += s->data_len;
		nb++;
	}
	(void)acc;
	FUZZ_CHECK(sum == m->pkt_len, "pkt_len %u but segments hold %u", m->pkt_len, sum);
	FUZZ_CHECK(nb == m->nb_segs, "nb_segs %u but chain has %u", m->nb_segs, nb);
}

void fuzz_check_pool_full(const struct rte_mempool *mp)
{
	unsigned int used = rte_mempool_in_use_count(mp);

	FUZZ_CHECK(used == 0, "pool %s: %u mbufs not returned", mp->name, used);
}

void fuzz_dump_counters(const struct taskoff_counters *c, unsigned int in, unsigned int out)
{
	fprintf(stderr, "%u in, %u out:", in, out);
	for (int i = 0; i < TASKOFF_CNT_MAX; i++)
		if (c->v[i] != 0)
			fprintf(stderr, " %s=%lu", taskoff_counter_name(i), (unsigned long)c->v[i]);
	fputc('\n', stderr);
}

void fuzz_dump_frame(const uint8_t *p, uint32_t len)
{
	fprintf(stderr, "frame ");
	for (uint32_t i = 0; i < len; i++)
		fprintf(stderr, "%02x", p[i]);
	fputc('\n', stderr);
}
