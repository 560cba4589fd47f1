#!/bin/sh
# Run one libFuzzer target for a bounded number of inputs, starting from its seed
# corpus. New inputs go to a scratch directory so the checked-in seeds stay as
# they are. Usage: run_smoke.sh <target> <seed dir> <scratch dir> <runs>
set -eu
exe=$1 seeds=$2 scratch=$3 runs=$4
export UBSAN_OPTIONS="print_stacktrace=1:suppressions=$(dirname "$0")/ubsan-known.supp"
rm -rf "$scratch"
mkdir -p "$scratch"
exec "$exe" -runs="$runs" -error_exitcode=1 -max_len=8192 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$scratch/" "$scratch" "$seeds"
