/* SPDX-License-Identifier: BSD-3-Clause */
/* Config publication: immutable snapshots, atomic swap, RCU reclamation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <rte_eal.h>

#include "taskoff_config.h"
#include "taskoff_counters.h"
#include "test_eal.h"

static void defaults_enable_every_offload(void **state)
{
	struct taskoff_offload_config cfg;

	taskoff_offload_config_default(&cfg);
	assert_int_equal(cfg.ipv4_csum, TASKOFF_CSUM_TX | TASKOFF_CSUM_RX);
	assert_int_equal(cfg.udp6_csum, TASKOFF_CSUM_TX | TASKOFF_CSUM_RX);
	assert_true(cfg.lsov1 && cfg.lsov2_ipv4 && cfg.lsov2_ipv6);
	assert_true(cfg.uso_ipv4 && cfg.uso_ipv6 && cfg.rsc_ipv4 && cfg.rsc_ipv6);
	assert_true(cfg.encap_enabled);
	assert_int_equal(cfg.lsov1_max_size, 65536);
	assert_int_equal(cfg.lsov2_max_size, 262144);
	assert_int_equal(cfg.lso_min_segments, 2);
}

static void publish_is_seen_from_next_burst(void **state)
{
	struct taskoff_config_slot slot;
	struct taskoff_offload_config cfg;
	const struct taskoff_offload_config *seen;

	taskoff_offload_config_default(&cfg);
	assert_int_equal(taskoff_config_slot_init(&slot, &cfg, 2), 0);
	seen = taskoff_config_reader_enter(&slot, 0);
	assert_true(seen->lsov1);
	assert_int_equal(seen->generation, 1);

	cfg.lsov1 = false;
	assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	/* reader 0 is still inside its burst: it keeps its snapshot, unchanged */
	assert_true(seen->lsov1);
	assert_int_equal(taskoff_config_reclaim(&slot), 0);
	taskoff_config_reader_leave(&slot, 0);

	seen = taskoff_config_reader_enter(&slot, 0);
	assert_false(seen->lsov1);
	assert_int_equal(seen->generation, 2);
	taskoff_config_reader_leave(&slot, 0);
	assert_int_equal(taskoff_config_reclaim(&slot), 1);
	taskoff_config_slot_fini(&slot);
}

static void retire_list_full_is_ebusy_not_a_leak(void **state)
{
	struct taskoff_config_slot slot;
	struct taskoff_offload_config cfg;
	unsigned int i;

	taskoff_offload_config_default(&cfg);
	assert_int_equal(taskoff_config_slot_init(&slot, &cfg, 1), 0);
	(void)taskoff_config_reader_enter(&slot, 0); /* a reader stuck in a burst */
	for (i = 0; i < TASKOFF_CONFIG_RETIRE_MAX; i++)
		assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	assert_int_equal(taskoff_config_publish(&slot, &cfg), -EBUSY);
	taskoff_config_reader_leave(&slot, 0);
	assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	assert_int_equal(slot.nb_retired, 1);
	taskoff_config_slot_fini(&slot);
}

static void counter_names_are_unique_and_complete(void **state)
{
	unsigned int i, j;

	for (i = 0; i < TASKOFF_CNT_MAX; i++) {
		assert_non_null(taskoff_counter_name(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(taskoff_counter_name(i), taskoff_counter_name(j));
	}
	assert_null(taskoff_counter_name(TASKOFF_CNT_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_enable_every_offload),
	    cmocka_unit_test(publish_is_seen_from_next_burst),
	    cmocka_unit_test(retire_list_full_is_ebusy_not_a_leak),
	    cmocka_unit_test(counter_names_are_unique_and_complete),
	};

	if (test_eal_init("test_config") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
