#!/bin/bash
# The datapath takes no lock: no mutex, spinlock or rwlock in the offload
# engine's burst code or in the PMD. Control-side files (lib/ctl, the RCU
# retire list) are the only places allowed to use one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
pattern='pthread_mutex|pthread_rwlock|pthread_spin|rte_spinlock|rte_rwlock|rte_mcslock|rte_ticketlock|sem_wait'
hits="$(grep -rnE "$pattern" lib drivers --include='*.c' --include='*.h' |
	grep -vE '^lib/ctl/|^lib/taskoff_rcu\.c:|_ctl\.c:' || true)"
if [ -n "$hits" ]; then
	echo "lock primitives on datapath code:"
	echo "$hits"
	exit 1
fi
echo "no lock primitives in lib/ (outside lib/ctl and the RCU retire list) or drivers/"
