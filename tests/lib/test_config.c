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
#include "taskoff_rcu.h"
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
	struct rte_rcu_qsbr *v = taskoff_rcu();
	uint32_t id = taskoff_rcu_reader_id(3, true, 1);

	assert_non_null(v);
	assert_int_equal(taskoff_rcu_reader_register(id), 0);
	taskoff_offload_config_default(&cfg);
	assert_int_equal(taskoff_config_slot_init(&slot, &cfg), 0);
	taskoff_rcu_enter(v, id);
	seen = taskoff_config_load(&slot);
	assert_true(seen->lsov1);
	assert_int_equal(seen->generation, 1);

	cfg.lsov1 = false;
	assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	/* the reader is still inside its burst: its snapshot stays valid and unchanged */
	assert_true(seen->lsov1);
	assert_int_equal(taskoff_rcu_reclaim(), 0);
	assert_int_equal(taskoff_rcu_pending(), 1);
	taskoff_rcu_leave(v, id);

	taskoff_rcu_enter(v, id);
	seen = taskoff_config_load(&slot);
	assert_false(seen->lsov1);
	assert_int_equal(seen->generation, 2);
	taskoff_rcu_leave(v, id);
	assert_int_equal(taskoff_rcu_reclaim(), 1);
	assert_int_equal(taskoff_rcu_pending(), 0);
	taskoff_config_slot_fini(&slot);
	taskoff_rcu_reader_unregister(id);
}

static void stuck_reader_makes_publish_ebusy_not_a_leak(void **state)
{
	struct taskoff_config_slot slot;
	struct taskoff_offload_config cfg;
	struct rte_rcu_qsbr *v = taskoff_rcu();
	uint32_t id = taskoff_rcu_reader_id(0, false, 0);
	unsigned int i;

	assert_int_equal(taskoff_rcu_reader_register(id), 0);
	taskoff_offload_config_default(&cfg);
	assert_int_equal(taskoff_config_slot_init(&slot, &cfg), 0);
	taskoff_rcu_enter(v, id); /* a reader stuck in a burst */
	for (i = 0; i < TASKOFF_RCU_RETIRE_MAX; i++)
		assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	assert_int_equal(taskoff_config_publish(&slot, &cfg), -EBUSY);
	assert_int_equal(taskoff_config_load(&slot)->generation, TASKOFF_RCU_RETIRE_MAX + 1);
	taskoff_rcu_leave(v, id);
	assert_int_equal(taskoff_config_publish(&slot, &cfg), 0);
	assert_int_equal(taskoff_rcu_pending(), 1);
	assert_int_equal(taskoff_rcu_reclaim(), 1);
	taskoff_config_slot_fini(&slot);
	taskoff_rcu_reader_unregister(id);
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
	    cmocka_unit_test(stuck_reader_makes_publish_ebusy_not_a_leak),
	    cmocka_unit_test(counter_names_are_unique_and_complete),
	};

	if (test_eal_init("test_config") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
