#!/bin/sh
# bench-pgsearch.sh — B16 of `make bench` (runs alone too): search latency
# on PostgreSQL next to SQLite on the same rows.  The corpus index is
# loaded into a throwaway PostgreSQL cluster (tests/pg/cluster.sh: fsync
# off, loopback) with pg-load; each query of the list is run RUNS times
# (default 5) as `citectx search Q --json` (a whole process: open, search,
# the first page of 25 with highlights and facets) on each backend, after
# one warm-up run; prints each query's median wall time per backend and
# whether the two outputs are the same bytes.
#
#   scripts/bench-pgsearch.sh [INDEX]   (default: the corpus ingested
#                                        into a temporary index first)
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-benchpgs.XXXXXX")
. tests/pg/cluster.sh
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
[ -x "$PG_BIN/initdb" ] || { echo "bench: no PostgreSQL server binaries; B16 skipped" >&2; exit 0; }
DB=${1:-}
if [ -z "$DB" ]; then
	DB=$T/x.db
	build/citectx --db "$DB" ingest ../shared/data/corpus/ei-pmc-jats.tar.gz >/dev/null
fi
pg_start "$T/pg" >/dev/null
build/citectx --db "$PG_URL" pg-load "$DB" >/dev/null
RUNS=${RUNS:-5}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
time_one() { # DB QUERY [SORT]: median seconds of RUNS runs
	build/citectx --db "$1" search "$2" --sort "$3" --json >"$T/out.$4"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		/usr/bin/time -f "%e" -o "$T/time" build/citectx --db "$1" search "$2" --sort "$3" --json >/dev/null
		cat "$T/time"
		r=$((r + 1))
	done | median
}
echo "| B16 query | sort | SQLite | PostgreSQL | same bytes |"
echo "|---|---|---|---|---|"
while IFS='|' read -r q s; do
	a=$(time_one "$DB" "$q" "$s" a)
	b=$(time_one "$PG_URL" "$q" "$s" b)
	same=no
	cmp -s "$T/out.a" "$T/out.b" && same=yes
	printf '| `%s` | %s | %s s | %s s | %s |\n' "$q" "$s" "$a" "$b" "$same"
done <<'LIST'
aspirin|relevance
"consistent with"|relevance
COVID-19|relevance
cardio*|relevance
aspirin NOT placebo|relevance
statin OR aspirin OR metformin|relevance
the|relevance
the|newest
LIST
echo
echo "B16: medians of $RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
