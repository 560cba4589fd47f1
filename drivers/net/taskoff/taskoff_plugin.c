/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which copy of the plugin serves net_taskoff in this process.
 *
 * Once the plugin is installed in DPDK's plugin directory, EAL loads it into
 * every DPDK process; an application that also links it, or passes
 * `-d build/.../librte_net_taskoff.so`, then holds two copies with two sets of
 * globals (control server, RCU domain). Only the first copy loaded registers
 * the driver; a later one stays inert and says so on stderr, naming both files
 * and their GNU build ids. Copies cannot see each other's symbols (EAL opens
 * plugins RTLD_LOCAL), so the first one leaves its identity in the process
 * environment, tagged with the pid so that a child process does not mistake
 * its parent's copy for its own.
 *
 * The build id also guards secondary processes: a secondary attaches only to
 * ports created by the very same build (taskoff_probe.c), since it reads the
 * primary's private port structures.
 */

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taskoff_pmd.h"

#define PLUGIN_ENV "TASKOFF_NET_PLUGIN"

static char build_id[TASKOFF_BUILD_ID_LEN];
static char own_path[PATH_MAX];

struct note_search {
	uintptr_t base;
	char *out;
};

static void hex_of(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < cap; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* The NT_GNU_BUILD_ID note of one loaded object's PT_NOTE segment, if any. */
static bool note_build_id(const struct dl_phdr_info *info, const ElfW(Phdr) * ph, char *out)
{
	const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
	const uint8_t *end = p + ph->p_memsz;

	while (p + sizeof(ElfW(Nhdr)) <= end) {
		const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
		const uint8_t *desc = p + sizeof(*nh) + RTE_ALIGN_CEIL(nh->n_namesz, 4);

		if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
		    memcmp(p + sizeof(*nh), "GNU", 4) == 0 && desc + nh->n_descsz <= end) {
			hex_of(desc, nh->n_descsz, out, TASKOFF_BUILD_ID_LEN);
			return true;
		}
		p = desc + RTE_ALIGN_CEIL(nh->n_descsz, 4);
	}
	return false;
}

static int find_note(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct note_search *s = arg;
	int i;

	(void)size;
	if (info->dlpi_addr != s->base)
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE &&
		    note_build_id(info, &info->dlpi_phdr[i], s->out))
			return 1;
	return 1;
}

static void identify_self(void)
{
	struct note_search s = {.out = build_id};
	Dl_info dl;

	strlcpy(build_id, "unknown", sizeof(build_id));
	strlcpy(own_path, "?", sizeof(own_path));
	if (dladdr((void *)(uintptr_t)identify_self, &dl) == 0)
		return;
	if (dl.dli_fname != NULL)
		strlcpy(own_path, dl.dli_fname, sizeof(own_path));
	s.base = (uintptr_t)dl.dli_fbase;
	dl_iterate_phdr(find_note, &s);
}

const char *taskoff_plugin_build_id(void)
{
	if (build_id[0] == '\0')
		identify_self();
	return build_id;
}

bool taskoff_plugin_claim(void)
{
	const char *first = getenv(PLUGIN_ENV);
	char mine[sizeof(own_path) + TASKOFF_BUILD_ID_LEN + 32];
	long pid;
	int used = 0;

	taskoff_plugin_build_id();
	if (first != NULL && sscanf(first, "%ld %n", &pid, &used) == 1 && pid == (long)getpid()) {
		fprintf(stderr,
			"net_taskoff: %s (build %s) is not registered: this process already "
			"loaded net_taskoff from %s; load the plugin once (installed in DPDK's "
			"plugin directory, or -d, not both)\n",
			own_path, build_id, first + used);
		return false;
	}
	snprintf(mine, sizeof(mine), "%ld %s (build %s)", (long)getpid(), own_path, build_id);
	setenv(PLUGIN_ENV, mine, 1);
	return true;
}
