#!/bin/bash
# Set up the machine (idempotent), build TaskOff into ./build and install it like
# a DPDK driver: the plugin into DPDK's plugin directory (every DPDK application
# then finds net_taskoff without -d), taskoff and taskoffctl into /usr/local/bin.
# `ninja -C build uninstall` removes them.
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
meson install -C build --no-rebuild >"$log" 2>&1 || { cat "$log"; echo "build: install failed" >&2; exit 1; }
