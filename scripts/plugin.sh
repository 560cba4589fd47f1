#!/bin/bash
# Sourced by scripts: taskoff_plugin_args fills the array TASKOFF_PLUGIN_ARGS with
# the EAL arguments that give a DPDK process exactly one copy of net_taskoff
# (none when the installed copy is this build, -d <build copy> when nothing is
# installed, an error when a different build is installed). The decision is
# tests/common/taskoff_plugin.py's, shared with every test.
taskoff_plugin_args() {
	local root="$1" out
	out="$(/usr/bin/python3 "$root/tests/common/taskoff_plugin.py" \
		"$root/build/drivers/net/taskoff/librte_net_taskoff.so")" || return 1
	mapfile -t TASKOFF_PLUGIN_ARGS <<<"$out"
	[ -n "$out" ] || TASKOFF_PLUGIN_ARGS=()
}
