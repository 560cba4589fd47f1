/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AddressSanitizer builds only: the PMD's own rte_malloc objects (type names
 * "taskoff*" and "tko_*": queues, steering states, configurations, RSC tables)
 * come from the C heap instead of DPDK's, so ASan sees when they are freed.
 *
 * Why: Debian's DPDK is not built with ASan, so rte_malloc memory has no shadow
 * poisoning, and rte_free only zeroes and recycles the element. A thread still
 * reading a freed queue or steering state reads zeroes or a newer object and
 * nothing reports it. With this file linked into a test executable, those reads
 * are heap-use-after-free reports.
 *
 * How: a definition in the executable interposes on librte_eal's for every
 * library in the process (the PMD, ethdev). Everything not ours goes to the
 * real function (dlsym RTLD_NEXT); rte_free tells ours apart by a header word
 * just before the object (DPDK's malloc element header sits there otherwise).
 */
#if defined(__SANITIZE_ADDRESS__)

#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#define HEAP_MAGIC 0x7461736b6f666621ull /* "taskoff!" */
#define MIN_ALIGN  64u

struct heap_hdr {
	uint64_t magic;
	void *base;
};

static bool ours(const char *type)
{
	return type != NULL && (strncmp(type, "taskoff", 7) == 0 || strncmp(type, "tko_", 4) == 0);
}

static void *heap_alloc(size_t size, unsigned int align, bool zero)
{
	struct heap_hdr *h;
	void *base;
	char *p;

	if (size == 0 || (align & (align - 1)) != 0)
		return NULL; /* as rte_malloc */
	if (align < MIN_ALIGN)
		align = MIN_ALIGN;
	if (posix_memalign(&base, align, size + align) != 0)
		return NULL;
	p = (char *)base + align;
	h = (struct heap_hdr *)p - 1;
	h->magic = HEAP_MAGIC;
	h->base = base;
	if (zero)
		memset(p, 0, size);
	return p;
}

static void *real(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (fn == NULL)
		abort();
	return fn;
}

typedef void *(*socket_alloc_fn)(const char *, size_t, unsigned int, int);
typedef void (*free_fn)(void *);

void *rte_malloc_socket(const char *type, size_t size, unsigned int align, int socket)
{
	static socket_alloc_fn fn;

	if (ours(type))
		return heap_alloc(size, align, false);
	if (__atomic_load_n(&fn, __ATOMIC_ACQUIRE) == NULL)
		__atomic_store_n(&fn, (socket_alloc_fn)real("rte_malloc_socket"), __ATOMIC_RELEASE);
	return fn(type, size, align, socket);
}

void *rte_zmalloc_socket(const char *type, size_t size, unsigned int align, int socket)
{
	static socket_alloc_fn fn;

	if (ours(type))
		return heap_alloc(size, align, true);
	if (__atomic_load_n(&fn, __ATOMIC_ACQUIRE) == NULL)
		__atomic_store_n(&fn, (socket_alloc_fn)real("rte_zmalloc_socket"),
				 __ATOMIC_RELEASE);
	return fn(type, size, align, socket);
}

void *rte_malloc(const char *type, size_t size, unsigned int align)
{
	return rte_malloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_zmalloc(const char *type, size_t size, unsigned int align)
{
	return rte_zmalloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_calloc(const char *type, size_t num, size_t size, unsigned int align)
{
	if (size != 0 && num > SIZE_MAX / size)
		return NULL;
	return rte_zmalloc_socket(type, num * size, align, SOCKET_ID_ANY);
}

void *rte_calloc_socket(const char *type, size_t num, size_t size, unsigned int align, int socket)
{
	if (size != 0 && num > SIZE_MAX / size)
		return NULL;
	return rte_zmalloc_socket(type, num * size, align, socket);
}

void rte_free(void *ptr)
{
	static free_fn fn;
	struct heap_hdr *h;

	if (ptr != NULL) {
		h = (struct heap_hdr *)ptr - 1;
		if (h->magic == HEAP_MAGIC) {
			h->magic = 0;
			free(h->base);
			return;
		}
	}
	if (__atomic_load_n(&fn, __ATOMIC_ACQUIRE) == NULL)
		__atomic_store_n(&fn, (free_fn)real("rte_free"), __ATOMIC_RELEASE);
	fn(ptr);
}

#else
/* ISO C wants a translation unit to declare something. */
typedef int stress_malloc_asan_unused;
#endif
