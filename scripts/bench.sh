#!/bin/sh
# bench.sh — `make bench`: numbered cases on fixed inputs, each printing
# wall seconds, peak memory and a hash of its output (so a fast wrong
# result is caught).  Needs ../shared/data; SIZE scales the corpus by
# ingesting it SIZE times into one index (default 1).
#
#   B1  xmllint --stream --noout over every article of the corpus
#   B2  citectx ingest of the corpus archive (parse, extract, link, store, FTS)
#       (B1 and B2 alternate RUNS times, default 3; their medians' ratio
#       is printed as "B2/B1")
#   B3  citectx report of the most-cited work, 100 times
#   B13 citectx pg-load of the corpus index into a throwaway PostgreSQL
#       cluster, 3 runs (scripts/bench-pgload.sh; skipped without the
#       server binaries)
#   B14 the same into a throwaway Citus cluster (a coordinator, two
#       workers) after pg-init --citus, 3 runs (scripts/bench-citus.sh;
#       builds Citus first when build/citus/ does not hold it, about 2 to
#       7 min, untimed; skipped, said, when it cannot be built)
#   B18 the corpus ingested into Citus with --workers 1 and 2
#       (scripts/bench-ingest-citus.sh), alternating, 2 rounds
#   B16 search latency on PostgreSQL next to SQLite, the same rows
#       (scripts/bench-pgsearch.sh; skipped without PostgreSQL)
#   B17 report and search latency on Citus next to SQLite at the
#       million-statement index of B4-B8 (scripts/bench-l3.sh; skipped,
#       said, without Citus)
#   B9  citectx classify of 200,000 statements (the labelled sentences
#       with their markers, repeated) on one core, with the default model
#   B4..B8, B12  queries at scale (bench/bench.c; B12: finding works,
#       issue 16): the corpus index grown to
#       STATEMENTS statements (default 1,000,000) by cloning its real
#       statements under a fixed seed with a skewed citation law, cached
#       in build/bench-STATEMENTS.db; each case is timed next to the bare
#       SQLite query it is built on (median and 99th percentile)
#   B10 citectx serve under wrk: GET /api/v1/works/{most-cited}/tallies
#   B11 citectx serve under wrk: GET /api/v1/search?q="consistent with"
#       (loopback only, 2 server threads, bounded by WRK_SECONDS, default
#       10; requests/s, p99, errors, and the server's RSS after a warm-up
#       and at the end: flat memory means no per-request leak)
set -eu
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1}
AR=../shared/data/corpus/ei-pmc-jats.tar.gz
[ -f "$AR" ] || { echo "bench: $AR not found" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
measure() { # name command... -> "name seconds peakMB"
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$T/time" "$@" >"$T/$name.out" 2>"$T/$name.err"
	read -r secs kb <"$T/time"
	hash=$(sha256sum <"$T/$name.out" | cut -c1-12)
	printf '| %s | %s s | %d MB | %s |\n' "$name" "$secs" $((kb / 1024)) "$hash"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "size: $SIZE"
echo
echo "| case | wall | peak RSS | output hash |"
echo "|---|---|---|---|"
mkdir "$T/c"
tar xzf "$AR" -C "$T/c"
# B1 and B2 alternate RUNS times (default 3): on a shared machine one run
# of each can be 20 % off; the ratio below is of their medians
RUNS=${RUNS:-3}
i=0
args=""
while [ $i -lt "$SIZE" ]; do args="$args $AR"; i=$((i + 1)); done
b1s=""
b2s=""
r=0
while [ $r -lt "$RUNS" ]; do
	measure "B1 xmllint --stream" sh -c "find '$T/c' -name '*.nxml' -print0 | xargs -0 xmllint --stream --noout && find '$T/c' -name '*.nxml' | wc -l"
	b1s="$b1s $(cut -d' ' -f1 "$T/time")"
	rm -f "$T/x.db" "$T/x.db-wal" "$T/x.db-shm"
	# shellcheck disable=SC2086
	measure "B2 citectx ingest" sh -c "build/citectx --db '$T/x.db' ingest $args | sed 's/, [0-9.]* seconds//'"
	b2s="$b2s $(cut -d' ' -f1 "$T/time")"
	r=$((r + 1))
done
median() { # numbers... -> their median
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# shellcheck disable=SC2086
secs_b1=$(median $b1s)
# shellcheck disable=SC2086
secs_b2=$(median $b2s)
top=$(build/citectx --db "$T/x.db" top --limit 1 --json | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
measure "B3 report x100" sh -c "for i in \$(seq 100); do build/citectx --db '$T/x.db' report '$top' --json; done | sort -u | sed 's/\"id\":[0-9]*,//g'"
# B13: the corpus index copied into PostgreSQL (issue 18)
sh scripts/bench-pgload.sh "$T/x.db" || echo "bench: B13 failed" >&2
# B14: the same into a Citus cluster (issue 18, lane L3)
sh scripts/bench-citus.sh "$T/x.db" || echo "bench: B14 failed" >&2
# B18: the corpus ingested into Citus with 1 and 2 workers (issue 18)
SHARED=${SHARED:-../shared} sh scripts/bench-ingest-citus.sh || echo "bench: B18 failed" >&2
# B16: search on PostgreSQL next to SQLite (issue 18)
sh scripts/bench-pgsearch.sh "$T/x.db" || echo "bench: B16 failed" >&2
TSV=../shared/data/citation-sentiment/train.tsv
n=$((200000 * SIZE))
awk -F'\t' -v n="$n" 'NR > 1 { l[++k] = $3 "\t" $5 } END { for (i = 0; i < n; i++) print l[i % k + 1] }' "$TSV" >"$T/stmts"
measure "B9 classify $n statements" sh -c "taskset -c 0 build/citectx classify <'$T/stmts'"
secs=$(cut -d' ' -f1 "$T/time")
echo
echo "B9: $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }') statements classified per second (one core, wall time incl. reading and printing)"
# issue 7's measure: ingest against the streaming parser over the same
# files (at SIZE > 1, B2 reads the corpus SIZE times and B1 once)
echo "B2/B1: $(awk -v a="$secs_b2" -v b="$secs_b1" -v n="$SIZE" 'BEGIN { printf "%.1f", (b > 0 ? a / (b * n) : 0) }')x the streaming parser's time over the same files (medians of $RUNS alternating runs: B1 $secs_b1 s, B2 $secs_b2 s; target: at most 4x)"

N=${STATEMENTS:-1000000}
DB=build/bench-$N.db
echo
if [ ! -f "$DB" ]; then
	cp "$T/x.db" "$DB.tmp"
	build/citectx-bench --db "$DB.tmp" --size "$N" --iters 1 --case none >/dev/null
	mv "$DB.tmp" "$DB"
fi
echo "statements: $(sqlite3 "$DB" 'SELECT count(*) FROM statements'), most-cited work: $(sqlite3 "$DB" 'SELECT count(*) FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY 1 DESC LIMIT 1') statements"
echo
build/citectx-bench --db "$DB" --iters "${ITERS:-200}"
# B17: the same index on Citus (issue 18, L3)
echo
sh scripts/bench-l3.sh "$DB" || echo "bench: B17 failed" >&2

# ---- B10, B11: the HTTP server under load ----------------------------------
WRK_SECONDS=${WRK_SECONDS:-10}
command -v wrk >/dev/null || { echo "bench: wrk not installed; B10, B11 skipped" >&2; exit 0; }
build/citectx --db "$T/x.db" serve --port 0 --threads 2 2>"$T/serve.log" &
SPID=$!
trap 'kill $SPID 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 100); do grep -q 'listening on' "$T/serve.log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/serve.log")
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SPID/status"; }
load() { # name connections url
	wrk -t2 -c"$2" -d2s "$3" >/dev/null 2>&1 # warm-up
	before=$(rss)
	wrk -t2 -c"$2" -d"${WRK_SECONDS}s" --latency "$3" >"$T/wrk.out" 2>&1
	after=$(rss)
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$T/wrk.out")
	p99=$(sed -n 's/^ *99% *\([0-9.a-z]*\)/\1/p' "$T/wrk.out")
	n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$T/wrk.out")
	errs=$(awk '/Non-2xx/ {e += $NF} /Socket errors/ {gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) e += $i} END {print e + 0}' "$T/wrk.out")
	printf '| %s | %s | %s | %s | %s of %s | %s MB -> %s MB |\n' "$1" "$2" "$rps" "$p99" "$errs" "$n" "$before" "$after"
}
echo
echo "| case | connections | requests/s | p99 | errors | server RSS (warm -> end) |"
echo "|---|---|---|---|---|---|"
load "B10 wrk tallies ${WRK_SECONDS}s" 64 "http://127.0.0.1:$PORT/api/v1/works/$top/tallies"
load "B11 wrk search ${WRK_SECONDS}s" 16 "http://127.0.0.1:$PORT/api/v1/search?q=%22consistent%20with%22"
