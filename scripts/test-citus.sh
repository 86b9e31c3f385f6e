#!/bin/sh
# test-citus.sh — `make test-citus`, lane L3 of issue 18: builds Citus
# (scripts/citus-build.sh, cached under build/citus/), then runs every
# tests/pg/t*.sh; each starts its own coordinator and two workers
# (tests/pg/citus.sh) and stops them when it ends.  Ends with one
# "N passed, N failed" line and the lane's time.  When Citus cannot be
# built here it says SKIPPED and why, and fails, unless
# CITECTX_PG_OPTIONAL=1.
set -u
cd "$(dirname "$0")/.." || exit 1
t0=$(date +%s)
if [ -z "${SHARED:-}" ] && [ -d ../shared ]; then
	SHARED=$(cd ../shared && pwd)
fi
export SHARED=${SHARED:-}
bin=$(sh scripts/citus-build.sh)
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: make test-citus: Citus cannot be built here (above); lane L3 did not run" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || { echo "test-citus: building Citus failed" >&2; exit 1; }
export CITUS_PG_BIN=$bin
TOP=$PWD
. tests/pg/citus.sh
L=$PWD/build/test/citus
trap 'citus_stop "$L"' EXIT
citus_stop "$L"
rm -rf "$L"
mkdir -p build/test
citus_start "$L" || { echo "test-citus: the cluster did not start" >&2; exit 1; }
export CITUS_PORT CITUS_WORKER_PORTS CITUS_DIR
t1=$(date +%s)
pass=0
fail=0
for t in tests/pg/t*.sh; do
	name=$(basename "$t" .sh)
	if env CITECTX="$PWD/build/citectx" sh "$t" >"build/test/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name ($(tail -1 "build/test/$name.log"))"
	else
		fail=$((fail + 1))
		echo "FAIL $name (log: build/test/$name.log)"
		tail -n 20 "build/test/$name.log" | sed 's/^/     /'
	fi
done
t2=$(date +%s)
echo "test-citus: $pass passed, $fail failed; $((t2 - t0)) s (Citus build and the cluster's start $((t1 - t0)) s, tests $((t2 - t1)) s)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
