#!/bin/bash
# Every C source is formatted with the repository's .clang-format (generated fixtures excepted).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bad=0
while read -r f; do
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f"; bad=1; }
done < <(git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tests/tx_data/scapy_fixtures.h$' ||
	find lib drivers app tests -name '*.[ch]' ! -name scapy_fixtures.h)
[ "$bad" -eq 0 ] && echo "all C sources formatted"
exit "$bad"
