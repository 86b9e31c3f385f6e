#!/bin/sh
# bench-ingest-citus.sh — B18 of `make bench` (runs alone too): the corpus
# (../shared/data/corpus/ei-pmc-jats.tar.gz) ingested into a throwaway
# Citus cluster (a coordinator and two workers on loopback,
# tests/pg/citus.sh: fsync off) with `ingest --workers 1` and `--workers
# 2`, alternating, ROUNDS times (default 2), each into a new database made
# by `pg-init --citus`, with a staging index of its own.  Prints each
# run's wall seconds and peak RSS of the citectx process, then the median
# of each and the ratio (issue 18 asks 2 workers >= 1.15x one).  Needs
# Citus built (scripts/citus-build.sh); skipped, said, when it cannot be.
set -eu
cd "$(dirname "$0")/.."
TOP=$PWD
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-benchingest.XXXXXX")
. tests/pg/citus.sh
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
CITUS_PG_BIN=$(sh scripts/citus-build.sh | tail -1) || { echo "bench: B18 skipped: Citus cannot be built here (above)" >&2; exit 0; }
export CITUS_PG_BIN
CORPUS=${SHARED:-../shared}/data/corpus/ei-pmc-jats.tar.gz
[ -f "$CORPUS" ] || { echo "bench: B18 skipped: no $CORPUS" >&2; exit 0; }
citus_start "$T/c" >/dev/null
ROUNDS=${ROUNDS:-2}
r=0
: >"$T/w1"
: >"$T/w2"
while [ "$r" -lt "$ROUNDS" ]; do
	for w in 1 2; do
		citus_newdb "b${r}w$w"
		build/citectx --db "$CITUS_URL" pg-init --citus >/dev/null
		/usr/bin/time -f "%e %M" -o "$T/time" build/citectx --db "$CITUS_URL" ingest "$CORPUS" \
			--workers "$w" --staging "$T/stage.$r.$w.db" >"$T/out" 2>"$T/err" ||
			{ echo "bench: B18 ingest --workers $w failed: $(tail -3 "$T/err")" >&2; exit 1; }
		read -r s kb <"$T/time"
		printf '| B18 corpus ingest into Citus, --workers %d (round %d) | %s s | %d MB |\n' "$w" $((r + 1)) "$s" $((kb / 1024))
		echo "$s" >>"$T/w$w"
		rm -f "$T/stage.$r.$w.db"*
	done
	r=$((r + 1))
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
m1=$(median <"$T/w1")
m2=$(median <"$T/w2")
echo "B18 medians: --workers 1 $m1 s, --workers 2 $m2 s; 2 workers $(echo "$m1 $m2" | awk '{ printf "%.2f", $1 / $2 }')x one"
