#!/bin/sh
# demo.sh — `make demo`: install what is missing, build, index the invented
# demo corpus (tests/data/demo) and print the report of its most-cited work.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -s build/citectx
db=build/demo.db
rm -f "$db" "$db-wal" "$db-shm"
build/citectx --db "$db" ingest tests/data/demo
echo
top=$(build/citectx --db "$db" top --limit 1 --json | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
build/citectx --db "$db" report "$top"
echo
echo "(the demo articles are invented; try: build/citectx --db $db statements $top --section discussion)"
