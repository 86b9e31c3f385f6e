#!/bin/sh
# bench-ingest-citus.sh — B18 of `make bench` (runs alone too): the corpus
# (../shared/data/corpus/ei-pmc-jats.tar.gz) ingested into a throwaway
# Citus cluster (a coordinator and two workers on loopback,
# tests/pg/citus.sh: fsync off) with `ingest --workers 1` and `--workers
# 2`, alternating, ROUNDS times (default 2), each into a new database made
# by `pg-init --citus`, with a staging index of its own.  Prints each
# run's wall seconds and peak RSS of the citectx process, then the median
# of each and the ratio (issue 18 asks 2 workers >= 1.15x one).
# HALVES=1 adds, to each round, the bound of any parallel shipping on the
# machine: the corpus's two `--part` halves ingested at the same time,
# one worker each, into two databases of the cluster (two staging
# indexes, two writers, two PostgreSQL connections copying at once), its
# wall time against the whole corpus by one worker.  FRESH=1 starts a
# new cluster for each run (and stops it after), so that no run pays for
# the buffers and background work the runs before left.  Needs
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
# settle: a run starts when no node vacuums the databases of the runs
# before (autovacuum's analyze of a freshly filled index takes a core
# for tens of seconds, and would be charged to the next run)
settle() {
	_i=0
	while [ "$_i" -lt 300 ]; do
		_n=0
		for _p in $CITUS_PORT $CITUS_WORKER_PORTS; do
			_c=$(psql -X -At "$(citus_url "$_p" postgres)" -c \
				"SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'") || _c=0
			_n=$((_n + _c))
		done
		[ "$_n" -eq 0 ] && return 0
		sleep 1
		_i=$((_i + 1))
	done
}
r=0
: >"$T/w1"
: >"$T/w2"
: >"$T/wh"
while [ "$r" -lt "$ROUNDS" ]; do
	for w in 1 2; do
		if [ "${FRESH:-0}" = 1 ]; then
			citus_stop "$T/c"
			rm -rf "$T/c"
			citus_start "$T/c" >/dev/null
		fi
		citus_newdb "b${r}w$w"
		build/citectx --db "$CITUS_URL" pg-init --citus >/dev/null
		settle
		/usr/bin/time -f "%e %M" -o "$T/time" build/citectx --db "$CITUS_URL" ingest "$CORPUS" \
			--workers "$w" --staging "$T/stage.$r.$w.db" >"$T/out" 2>"$T/err" ||
			{ echo "bench: B18 ingest --workers $w failed: $(tail -3 "$T/err")" >&2; exit 1; }
		read -r s kb <"$T/time"
		printf '| B18 corpus ingest into Citus, --workers %d (round %d) | %s s | %d MB |\n' "$w" $((r + 1)) "$s" $((kb / 1024))
		echo "$s" >>"$T/w$w"
		rm -f "$T/stage.$r.$w.db"*
	done
	if [ "${HALVES:-0}" = 1 ]; then
		for h in 1 2; do
			citus_newdb "b${r}h$h"
			build/citectx --db "$CITUS_URL" pg-init --citus >/dev/null
			echo "$CITUS_URL" >"$T/url$h"
		done
		settle
		s0=$(date +%s%N)
		for h in 1 2; do
			build/citectx --db "$(cat "$T/url$h")" ingest "$CORPUS" --workers 1 --part "$h/2" \
				--staging "$T/stage.$r.h$h.db" >"$T/out$h" 2>"$T/err$h" &
			eval "p$h=\$!"
		done
		wait "$p1" || { echo "bench: B18 half 1 failed: $(tail -3 "$T/err1")" >&2; exit 1; }
		wait "$p2" || { echo "bench: B18 half 2 failed: $(tail -3 "$T/err2")" >&2; exit 1; }
		s=$(awk -v a="$s0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		printf '| B18 the two --part halves at once, one worker each, two databases (round %d) | %s s | |\n' $((r + 1)) "$s"
		echo "$s" >>"$T/wh"
		rm -f "$T/stage.$r.h"*
	fi
	r=$((r + 1))
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
m1=$(median <"$T/w1")
m2=$(median <"$T/w2")
echo "B18 medians: --workers 1 $m1 s, --workers 2 $m2 s; 2 workers $(echo "$m1 $m2" | awk '{ printf "%.2f", $1 / $2 }')x one"
if [ -s "$T/wh" ]; then
	mh=$(median <"$T/wh")
	echo "B18 halves at once: median $mh s; $(echo "$m1 $mh" | awk '{ printf "%.2f", $1 / $2 }')x one worker's whole corpus"
fi
