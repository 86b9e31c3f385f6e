#!/bin/sh
# bench.sh — `make bench`: numbered cases on fixed inputs, each printing
# wall seconds, peak memory and a hash of its output (so a fast wrong
# result is caught).  Needs ../shared/data; SIZE scales the corpus by
# ingesting it SIZE times into one index (default 1).
#
#   B1  xmllint --stream --noout over every article of the corpus
#   B2  citectx ingest of the corpus archive (parse, extract, link, store, FTS)
#   B3  citectx report of the most-cited work, 100 times
#   B9  citectx classify of 200,000 statements (the labelled sentences
#       with their markers, repeated) on one core, with the default model
#   B4..B8  queries at scale (bench/bench.c): the corpus index grown to
#       STATEMENTS statements (default 1,000,000) by cloning its real
#       statements under a fixed seed with a skewed citation law, cached
#       in build/bench-STATEMENTS.db; each case is timed next to the bare
#       SQLite query it is built on (median and 99th percentile)
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
measure "B1 xmllint --stream" sh -c "find '$T/c' -name '*.nxml' -print0 | xargs -0 xmllint --stream --noout && find '$T/c' -name '*.nxml' | wc -l"
i=0
args=""
while [ $i -lt "$SIZE" ]; do args="$args $AR"; i=$((i + 1)); done
# shellcheck disable=SC2086
measure "B2 citectx ingest" sh -c "build/citectx --db '$T/x.db' ingest $args | sed 's/, [0-9.]* seconds//'"
top=$(build/citectx --db "$T/x.db" top --limit 1 --json | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
measure "B3 report x100" sh -c "for i in \$(seq 100); do build/citectx --db '$T/x.db' report '$top' --json; done | sort -u | sed 's/\"id\":[0-9]*,//g'"
TSV=../shared/data/citation-sentiment/train.tsv
n=$((200000 * SIZE))
awk -F'\t' -v n="$n" 'NR > 1 { l[++k] = $3 "\t" $5 } END { for (i = 0; i < n; i++) print l[i % k + 1] }' "$TSV" >"$T/stmts"
measure "B9 classify $n statements" sh -c "taskset -c 0 build/citectx classify <'$T/stmts'"
secs=$(cut -d' ' -f1 "$T/time")
echo
echo "B9: $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", s > 0 ? n / s : 0 }') statements classified per second (one core, wall time incl. reading and printing)"

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
