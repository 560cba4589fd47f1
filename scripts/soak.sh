#!/bin/bash
# Long soak: bash scripts/soak.sh [SECONDS] [STRESS_SECONDS]
#   1. the taskoff application soak (tests/soak/soak.py) for SECONDS (default 600);
#   2. then the PMD stress test (tests/pmd/test_pmd_stress: LSO/RSC traffic, control
#      socket and reconfiguration at once) for STRESS_SECONDS (default: SECONDS).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SOAK_SECONDS="${1:-600}"
STRESS_SECONDS="${2:-$SOAK_SECONDS}"
bash scripts/build.sh
/usr/bin/python3 tests/soak/soak.py build/app/taskoff/taskoff \
	"$ROOT/build/drivers/net/taskoff/librte_net_taskoff.so" "$SOAK_SECONDS"
TASKOFF_STRESS_SECONDS="$STRESS_SECONDS" timeout "$((STRESS_SECONDS + 120))" \
	build/tests/pmd/test_pmd_stress
