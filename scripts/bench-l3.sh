#!/bin/sh
# bench-l3.sh — B17 of `make bench` (runs alone too): report and search
# latency on Citus (lane L3 of issue 18: a coordinator and two workers on
# loopback, tests/pg/citus.sh) next to SQLite, on the same rows: the
# million-statement bench index (B4-B8's, build/bench-1000000.db) copied
# into Citus by `pg-init --citus` and `pg-load`.  Each command runs RUNS
# times (default 5) as one whole `citectx` process (open, query, JSON),
# after a warm-up run; prints the median wall time per backend and whether
# the two outputs are the same bytes.  Needs Citus built
# (scripts/citus-build.sh, CITUS_CACHE); skipped, said, when it cannot be.
#
#   scripts/bench-l3.sh [INDEX]   (default build/bench-1000000.db)
set -eu
cd "$(dirname "$0")/.."
TOP=$PWD
DB=${1:-build/bench-1000000.db}
[ -f "$DB" ] || { echo "bench: B17 skipped: no $DB (make bench builds it)" >&2; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-benchl3.XXXXXX")
. tests/pg/citus.sh
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
CITUS_PG_BIN=$(sh scripts/citus-build.sh | tail -1) || { echo "bench: B17 skipped: Citus cannot be built here (above)" >&2; exit 0; }
export CITUS_PG_BIN
citus_start "$T/c" >/dev/null
# a copy: the bench index may be of an older schema, and pg-load wants
# the program's own
cp "$DB" "$T/x.db"
build/citectx --db "$T/x.db" check >/dev/null 2>&1 || true
t0=$(date +%s)
build/citectx --db "$CITUS_URL" pg-init --citus >/dev/null
build/citectx --db "$CITUS_URL" pg-load "$T/x.db" >"$T/load.out"
echo "B17: pg-init --citus and pg-load of $(sqlite3 "$T/x.db" 'SELECT count(*) FROM statements') statements: $(($(date +%s) - t0)) s"
top=$(sqlite3 "$T/x.db" 'SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1')
W=citectx:$top
RUNS=${RUNS:-5}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
time_one() { # DB OUT ARGS...: median seconds of RUNS runs
	d=$1 o=$2
	shift 2
	build/citectx --db "$d" "$@" >"$T/out.$o"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		/usr/bin/time -f "%e" -o "$T/time" build/citectx --db "$d" "$@" >/dev/null
		cat "$T/time"
		r=$((r + 1))
	done | median
}
echo
echo "| B17 command | SQLite | Citus | same bytes |"
echo "|---|---|---|---|"
while IFS='|' read -r label a1 a2 a3 a4; do
	# shellcheck disable=SC2086
	set -- $a1
	[ -n "$a2" ] && set -- "$@" "$a2"
	[ -n "$a3" ] && set -- "$@" $a3
	[ -n "$a4" ] && set -- "$@" $a4
	a=$(time_one "$T/x.db" a "$@")
	b=$(time_one "$CITUS_URL" b "$@")
	same=no
	cmp -s "$T/out.a" "$T/out.b" && same="yes ($(wc -c <"$T/out.a") bytes)"
	printf '| %s | %s s | %s s | %s |\n' "$label" "$a" "$b" "$same"
done <<LIST
report of the most-cited work|report|$W|--json|
its statements, all facets|statements|$W|--json|
its statements, discussion, newest|statements|$W|--section discussion --sort newest|--json
search "consistent with"|search|"consistent with"|--json|
search IL-6|search|IL-6|--json|
search placebo AND randomized|search|placebo AND randomized|--json|
search metformin*|search|metformin*|--json|
LIST
echo
echo "B17: medians of $RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
