#!/bin/bash
# Long soak: bash scripts/soak.sh SECONDS (default 600).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh
exec /usr/bin/python3 tests/soak/soak.py build/app/taskoff/taskoff \
	"$ROOT/build/drivers/net/taskoff/librte_net_taskoff.so" "${1:-600}"
