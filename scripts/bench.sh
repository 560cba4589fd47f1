#!/bin/bash
# Build and run taskoff-bench (BENCHMARKS.md), single core.
#
#   scripts/bench.sh                 full run: table on stdout, table + JSON kept in $OUT
#   scripts/bench.sh --quick         smoke run (what the bench_smoke meson test does)
#   scripts/bench.sh --profile       also sample each stage with `perf record -e cpu-clock`
#                                    (software clock: this VM exposes no PMU, so
#                                    `perf stat -e instructions,cycles` is not supported)
#   BUILD_DIR=... LCORE=1 scripts/bench.sh -- --reps 25      extra taskoff-bench options
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
LCORE=${LCORE:-0}
OUT=${OUT:-$BUILD_DIR/bench-results}
quick=()
profile=0
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=(--quick) ;;
	--profile) profile=1 ;;
	--) shift; break ;;
	*) echo "usage: $0 [--quick] [--profile] [-- taskoff-bench options]" >&2; exit 2 ;;
	esac
	shift
done

[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" >/dev/null
ninja -C "$BUILD_DIR" -j2 app/taskoff-bench/taskoff-bench >/dev/null
BENCH="$BUILD_DIR/app/taskoff-bench/taskoff-bench"
mkdir -p "$OUT"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs"
"$BENCH" "${quick[@]}" --lcore "$LCORE" "$@" | tee "$OUT/results.txt"
"$BENCH" "${quick[@]}" --lcore "$LCORE" --json "$@" >"$OUT/results.json"
echo "(table: $OUT/results.txt, JSON of a second run: $OUT/results.json)"

[ "$profile" = 1 ] || exit 0
command -v perf >/dev/null || { echo "perf not installed (apt-get install linux-perf)" >&2; exit 1; }

# Attribute each sample to the innermost function, counting only samples whose
# call chain passes through the function that runs the timed work.
profile_stage() { # section, then label=root pairs
	local section=$1 data="$OUT/perf.$1.data"
	shift
	perf record -q -e cpu-clock -F 8000 --call-graph dwarf,16384 -o "$data" \
		"$BENCH" --only "$section" --reps 60 --lcore "$LCORE" >/dev/null 2>&1
	perf script -i "$data" 2>/dev/null | /usr/bin/python3 -c '
import collections, re, sys
roots = dict(a.split("=", 1) for a in sys.argv[1:])
self_t = {k: collections.Counter() for k in roots}
child_t = {k: collections.Counter() for k in roots}
total = collections.Counter()
def flush(frames):
    for label, root in roots.items():
        if root in frames:
            i = frames.index(root)
            total[label] += 1
            self_t[label][frames[0]] += 1
            child_t[label][frames[i - 1] if i > 0 else "(itself)"] += 1
frames = []
for line in sys.stdin:
    line = line.strip()
    if not line:
        if frames: flush(frames)
        frames = []
        continue
    m = re.match(r"^[0-9a-f]+ (\S+?)(\+0x[0-9a-f]+)? \(", line)
    if m:  # LTO and IPA clones carry suffixes: count them under the plain name
        frames.append(re.sub(r"(\.(lto_priv|constprop|isra|part|cold)\.?[0-9]*)+$", "", m.group(1)))
if frames: flush(frames)
for label in roots:
    n = total[label]
    print(f"  {label} ({n} samples under {roots[label]}):")
    if n == 0: continue
    print("    self time by function: " + ", ".join(
        f"{s} {100.0*c/n:.0f}%" for s, c in self_t[label].most_common(10)))
    print("    inclusive, by callee of the root: " + ", ".join(
        f"{s} {100.0*c/n:.0f}%" for s, c in child_t[label].most_common(8)))
' "$@"
}

echo
echo "## where the time goes (perf record -e cpu-clock, DWARF call chains)"
echo "lso:"
profile_stage lso taskoff=round_taskoff "rte_gso+csum=round_gso"
echo "rsc:"
profile_stage rsc "taskoff per frame=rx_one" "verify+rte_gro per burst=baseline_burst"
echo "rss:"
profile_stage rss taskoff=round_taskoff "parse+rte_softrss=round_softrss_frame"
