#!/bin/sh
# bench-citus.sh — B14 of `make bench` (runs alone too): `citectx
# pg-load` of the corpus index into a throwaway Citus cluster (a
# coordinator and two workers on loopback, tests/pg/citus.sh: fsync off),
# RUNS times (default 3), each into a new database made by
# `pg-init --citus` (32 shards a distributed table).  Prints each run's
# wall seconds for pg-init and pg-load, the client's peak memory and a
# hash of the load's JSON summary without its time, then the median and
# the bytes each node holds.  Needs Citus built (scripts/citus-build.sh);
# skipped, said, when it cannot be.
#
#   scripts/bench-citus.sh [INDEX]   (default: the corpus ingested into
#                                     a temporary index first)
set -eu
cd "$(dirname "$0")/.."
TOP=$PWD
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-benchcitus.XXXXXX")
. tests/pg/citus.sh
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
CITUS_PG_BIN=$(sh scripts/citus-build.sh) || { echo "bench: B14 skipped: Citus cannot be built here (above)" >&2; exit 0; }
DB=${1:-}
if [ -z "$DB" ]; then
	DB=$T/x.db
	build/citectx --db "$DB" ingest ../shared/data/corpus/ei-pmc-jats.tar.gz >/dev/null
fi
citus_start "$T/c" >/dev/null
RUNS=${RUNS:-3}
secs=""
r=0
while [ "$r" -lt "$RUNS" ]; do
	citus_newdb "b$r"
	/usr/bin/time -f "%e" -o "$T/itime" build/citectx --db "$CITUS_URL" pg-init --citus >/dev/null 2>"$T/err" ||
		{ echo "bench: B14 pg-init --citus failed: $(cat "$T/err")" >&2; exit 1; }
	/usr/bin/time -f "%e %M" -o "$T/time" build/citectx --db "$CITUS_URL" pg-load "$DB" --json >"$T/out" 2>"$T/err" ||
		{ echo "bench: B14 pg-load failed: $(cat "$T/err")" >&2; exit 1; }
	read -r s kb <"$T/time"
	hash=$(jq -c 'del(.seconds)' "$T/out" | sha256sum | cut -c1-12)
	printf '| B14 pg-init --citus + pg-load into Citus (run %d) | %s s + %s s | %d MB | %s |\n' \
		$((r + 1)) "$(cat "$T/itime")" "$s" $((kb / 1024)) "$hash"
	secs="$secs $s"
	r=$((r + 1))
done
# shellcheck disable=SC2086
med=$(printf '%s\n' $secs | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
echo
echo "B14: pg-load into Citus median $med s over $RUNS runs: $(jq -r '[.tables[] | .rows] | add' "$T/out") rows, $(jq .tables.statements.rows "$T/out") statements"
psql -X -q -At -F ' ' "$CITUS_URL" -c "SELECT nodeport, pg_size_pretty(sum(shard_size)), sum(shard_size)
	FROM citus_shards GROUP BY nodeport ORDER BY nodeport" | sed 's/^/B14: node /'
psql -X -q -At "$CITUS_URL" -c "SELECT 'B14: statements ' || pg_size_pretty(citus_total_relation_size('statements'))
	|| ' with indexes, ' || pg_size_pretty(citus_relation_size('statements')) || ' heap'"
