#!/bin/bash
# Set up, build, and run every test suite; the last line is "N passed, N failed".
#   1. the main build (release): every suite (unit, pmd under stock testpmd, ctl, app, e2e, soak, ...)
#   2. an AddressSanitizer + UndefinedBehaviorSanitizer build: unit tests, the C PMD tests and
#      the main job (LeakSanitizer checks the short taskoff runs)
#   3. a clang libFuzzer build: every fuzz target for a bounded number of runs (fuzz-smoke)
# TASKOFF_TEST_STAGES="main asan fuzz" selects stages; extra arguments go to stage 1's meson test.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STAGES="${TASKOFF_TEST_STAGES:-main asan fuzz}"
passed=0
failed=0
rc_all=0

count() { sed -n "s/^$1:[[:space:]]*\([0-9]*\).*/\1/p" "$2" | tail -1; }

# run_meson_test BUILDDIR ARGS...: run, print, and add the counts to the totals
run_meson_test() {
	local dir="$1" log ok fail timeout_n xfail xpass rc
	shift
	log="$(mktemp)"
	meson test -C "$dir" --num-processes 2 --print-errorlogs "$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	ok=$(count 'Ok' "$log"); fail=$(count 'Fail' "$log"); timeout_n=$(count 'Timeout' "$log")
	xfail=$(count 'Expected Fail' "$log"); xpass=$(count 'Unexpected Pass' "$log")
	rm -f "$log"
	passed=$((passed + ${ok:-0} + ${xfail:-0}))
	failed=$((failed + ${fail:-0} + ${timeout_n:-0} + ${xpass:-0}))
	if [ -z "$ok" ] && [ -z "$fail" ]; then
		failed=$((failed + 1)) # the runner did not even report: count it as a failure
	fi
	[ "$rc" -eq 0 ] || rc_all=1
}

# setup_build DIR MESON-ARGS...: configure (once) and compile, showing errors only
setup_build() {
	local dir="$1" log
	shift
	log="$(mktemp)"
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
	fi
	ninja -C "$dir" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
	rm -f "$log"
}

bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

for stage in $STAGES; do
	echo "=== stage: $stage"
	case "$stage" in
	main)
		run_meson_test build "$@"
		;;
	asan)
		# All UBSan checks, alignment included: packet fields are read through
		# lib/taskoff_unaligned.h wherever a header struct could sit at an odd address.
		# TASKOFF_PLUGIN=build: these tests load build-asan's plugin, not the installed one
		if setup_build build-asan -Db_lto=false -Db_sanitize=address,undefined -Db_lundef=false; then
			export TASKOFF_PLUGIN=build
			ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
				run_meson_test build-asan --suite unit
			ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
				run_meson_test build-asan pmd_api pmd_lso_rsc_roundtrip app_main_job pmd_stress
			unset TASKOFF_PLUGIN
		else
			failed=$((failed + 1)); rc_all=1
		fi
		;;
	fuzz)
		if CC=clang setup_build build-fuzz -Dfuzz=true -Db_lto=false; then
			run_meson_test build-fuzz --suite fuzz-smoke
		else
			failed=$((failed + 1)); rc_all=1
		fi
		;;
	esac
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
	failed=1 # no test ran: that is a failure, not a pass
fi
echo "$passed passed, $failed failed"
[ "$rc_all" -eq 0 ] && [ "$failed" -eq 0 ]
