#!/bin/bash
# Set up the machine (idempotent) and build TaskOff into ./build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if [ ! -f build/build.ninja ]; then
	meson setup build >"$log" 2>&1 || { cat "$log"; echo "build: meson setup failed" >&2; exit 1; }
fi
ninja -C build >"$log" 2>&1 || { cat "$log"; echo "build: compilation failed" >&2; exit 1; }
