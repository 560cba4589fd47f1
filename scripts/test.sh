#!/bin/bash
# Set up, build, and run every test suite; the last line is "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

log="$(mktemp)"
meson test -C build --num-processes 2 --print-errorlogs "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count() { sed -n "s/^$1:[[:space:]]*\([0-9]*\).*/\1/p" "$log" | tail -1; }
ok=$(count 'Ok'); fail=$(count 'Fail'); timeout_n=$(count 'Timeout')
xfail=$(count 'Expected Fail'); xpass=$(count 'Unexpected Pass')
passed=$(( ${ok:-0} + ${xfail:-0} ))
failed=$(( ${fail:-0} + ${timeout_n:-0} + ${xpass:-0} ))
rm -f "$log"
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
	failed=1 # no test ran: that is a failure, not a pass
fi
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
