#!/bin/bash
# Build the libFuzzer targets (clang, -Dfuzz=true, in build-fuzz) and run each
# one for a given time, starting from its seed corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 300
#
# SECONDS per target (default 60); TARGETs among tx_parse tx_burst rx steer
# keywords ctl (default: all). FUZZ_JOBS=N runs N targets at once (default 1);
# FUZZ_RUNS=N also stops a target after N executions. Every UBSan check aborts,
# alignment included (tests/fuzz/ubsan-known.supp is empty).
# Inputs found are kept in build-fuzz/fuzz-corpus/<target>/ (the checked-in
# seeds in tests/fuzz/corpus/ are never written); crashes land in
# build-fuzz/fuzz-artifacts/<target>/ and the script then exits non-zero.
# The last line is "N targets clean, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-fuzz"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(tx_parse tx_burst rx steer keywords ctl)
JOBS="${FUZZ_JOBS:-1}"
RUNS=()
[ -n "${FUZZ_RUNS:-}" ] && RUNS=(-runs="$FUZZ_RUNS")
export UBSAN_OPTIONS="print_stacktrace=1:suppressions=$ROOT/tests/fuzz/ubsan-known.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

cd "$ROOT"
if [ ! -f "$BUILD/build.ninja" ]; then
	CC=clang meson setup "$BUILD" -Dfuzz=true -Db_lto=false || exit 1
fi
ninja -C "$BUILD" -j2 $(printf 'tests/fuzz/fuzz_%s ' "${TARGETS[@]}") || exit 1

run_one() {
	local t="$1" corpus="$BUILD/fuzz-corpus/$1" art="$BUILD/fuzz-artifacts/$1"
	local log="$BUILD/fuzz-$1.log"

	mkdir -p "$corpus" "$art"
	"$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" "${RUNS[@]}" -max_len=8192 -timeout=10 \
		-error_exitcode=1 -print_final_stats=1 -artifact_prefix="$art/" "$corpus" "$ROOT/tests/fuzz/corpus/$t" \
		>"$log" 2>&1
	local rc=$?
	local execs
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	echo "$t: exit $rc, ${execs:-?} executions, corpus $(ls "$corpus" | wc -l) inputs, log $log"
	[ "$rc" -eq 0 ] || { grep -m5 -E 'ERROR|INVARIANT|SUMMARY' "$log"; ls "$art"; }
	return "$rc"
}

failed=0
running=0
pids=()
for t in "${TARGETS[@]}"; do
	run_one "$t" &
	pids+=($!)
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n || failed=$((failed + 1))
		running=$((running - 1))
	fi
done
while [ "$running" -gt 0 ]; do
	wait -n || failed=$((failed + 1))
	running=$((running - 1))
done
echo "$(( ${#TARGETS[@]} - failed )) targets clean, $failed failed"
[ "$failed" -eq 0 ]
