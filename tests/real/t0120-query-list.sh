#!/bin/sh
# t0120: the query list (tests/data/queries/list.txt) on the corpus: every
# query answers through the API (no 400), finds what its quoted form
# finds, and most find something; COVID-19, SF-36, Alzheimer's and p<0.05
# through the CLI equal their quoted forms; the hostile queries of issue
# 19 are refused with the limit named.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DB="$T/x.db"
die() { echo "t0120: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"

api() { # QUERY OUT -> HTTP status
	curl -s -G -o "$2" -w '%{http_code}' --data-urlencode "q=$1" \
		--data-urlencode sort=oldest --data-urlencode limit=100 \
		"http://127.0.0.1:$PORT/api/v1/search"
}

n=0
found=0
while IFS='	' read -r q quoted; do
	case "$q" in '#'* | '') continue ;; esac
	n=$((n + 1))
	code=$(api "$q" "$T/a1")
	[ "$code" = 200 ] || die "'$q': $code $(head -c 300 "$T/a1")"
	[ "$(jq .total "$T/a1")" -gt 0 ] && found=$((found + 1))
	[ -n "$quoted" ] || continue
	code=$(api "$quoted" "$T/a2")
	[ "$code" = 200 ] || die "'$quoted': $code $(head -c 300 "$T/a2")"
	cmp -s "$T/a1" "$T/a2" || die "'$q' finds $(jq .total "$T/a1"), its quoted form '$quoted' $(jq .total "$T/a2")"
done <"$TOP/tests/data/queries/list.txt"
[ "$found" -ge 100 ] || die "only $found of $n queries find a statement in the corpus"

for q in COVID-19 SF-36 "Alzheimer's" 'p<0.05'; do
	ctx search "$q" --json --sort oldest --limit 100 >"$T/c1" 2>"$T/err" || die "search '$q' exited $?: $(cat "$T/err")"
	ctx search "\"$q\"" --json --sort oldest --limit 100 >"$T/c2" || die "search '\"$q\"' failed"
	cmp -s "$T/c1" "$T/c2" || die "'$q' and '\"$q\"' differ"
done

rep() { # word separator count
	i=0 s=
	while [ $i -lt "$3" ]; do s="$s${s:+$2}$1"; i=$((i + 1)); done
	printf '%s' "$s"
}
[ "$(api "$(rep the ' OR ' 400)" "$T/h")" = 400 ] && grep -q 'over the OR limit' "$T/h" || die "x400: $(cat "$T/h")"
[ "$(api 'a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l* OR m* OR n* OR o* OR p* OR q* OR r* OR s* OR t* OR u* OR v* OR w* OR x* OR y* OR z*' "$T/h")" = 400 ] &&
	grep -q 'prefix limit' "$T/h" || die "a*..z*: $(cat "$T/h")"
ctx search "$(rep the ' OR ' 3000)" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q 'length limit' "$T/err" || die "x3000: $(cat "$T/err")"
echo "t0120: $n queries, $found find statements in the corpus, each equal to its quoted form"
exit 0
