#!/bin/sh
# bench-pgload.sh — B13 of `make bench` (runs alone too): `citectx
# pg-load` of the corpus index into a throwaway PostgreSQL cluster
# (tests/pg/cluster.sh: fsync off, loopback), RUNS times (default 3),
# each into a new empty database (the schema made by the load).  Prints
# each run's wall seconds, the client's peak memory and a hash of the
# JSON summary without its time, then the median.
#
#   scripts/bench-pgload.sh [INDEX]   (default: the corpus ingested into
#                                      a temporary index first)
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-benchpg.XXXXXX")
. tests/pg/cluster.sh
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
[ -x "$PG_BIN/initdb" ] || { echo "bench: no PostgreSQL server binaries; B13 skipped" >&2; exit 0; }
DB=${1:-}
if [ -z "$DB" ]; then
	DB=$T/x.db
	build/citectx --db "$DB" ingest ../shared/data/corpus/ei-pmc-jats.tar.gz >/dev/null
fi
pg_start "$T/pg" >/dev/null
BASE=${PG_URL%/postgres}
RUNS=${RUNS:-3}
secs=""
r=0
while [ "$r" -lt "$RUNS" ]; do
	psql -X -q "$PG_URL" -c "CREATE DATABASE b$r"
	/usr/bin/time -f "%e %M" -o "$T/time" build/citectx --db "$BASE/b$r" pg-load "$DB" --json >"$T/out" 2>"$T/err" ||
		{ echo "bench: B13 pg-load failed: $(cat "$T/err")" >&2; exit 1; }
	read -r s kb <"$T/time"
	hash=$(jq -c 'del(.seconds)' "$T/out" | sha256sum | cut -c1-12)
	printf '| B13 citectx pg-load (run %d) | %s s | %d MB | %s |\n' $((r + 1)) "$s" $((kb / 1024)) "$hash"
	secs="$secs $s"
	r=$((r + 1))
done
# shellcheck disable=SC2086
med=$(printf '%s\n' $secs | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
echo
echo "B13: pg-load median $med s over $RUNS runs: $(jq -r '[.tables[] | .rows] | add' "$T/out") rows and $(jq .identifiers "$T/out") identifiers (PostgreSQL $(jq .server_version "$T/out"))"
