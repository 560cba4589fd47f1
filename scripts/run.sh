#!/bin/bash
# Set up, build, install, and run the main job: two peer-wired TaskOff ports with
# live traffic and per-second stats. Extra arguments go to the taskoff application
# (e.g. --duration 30); Ctrl-C ends it with a summary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh
. scripts/plugin.sh
taskoff_plugin_args "$ROOT"
exec build/app/taskoff/taskoff -l 0-1 --no-pci --file-prefix taskoff-run \
	"${TASKOFF_PLUGIN_ARGS[@]}" -- "$@"
