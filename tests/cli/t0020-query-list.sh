#!/bin/sh
# t0020: the query list (tests/data/queries/list.txt: what people type,
# each with its quoted form) through the CLI and the HTTP API on the
# fixtures: no query is refused (no exit 2, no 400), and each finds the
# same statements as its quoted form, the same through both front-ends.
. "$(dirname "$0")/lib.sh"
LIST="$TOP/tests/data/queries/list.txt"

expect_exit 0 ctx ingest "$TOP/tests/data/demo" "$TOP/tests/data/queries"
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"

# cli QUERY OUT / api QUERY OUT: the first page of the search, oldest
# first, as JSON; anything but success is a failure of the test
cli() {
	ctx search "$1" --json --sort oldest --limit 100 >"$2" 2>"$T/err" ||
		die "search '$1' exited $?: $(cat "$T/err")"
}
api() {
	code=$(curl -s -G -o "$2" -w '%{http_code}' --data-urlencode "q=$1" \
		--data-urlencode sort=oldest --data-urlencode limit=100 \
		"http://127.0.0.1:$PORT/api/v1/search")
	[ "$code" = 200 ] || die "GET /api/v1/search?q=$1: $code $(head -c 300 "$2")"
}

n=0
found=0
while IFS='	' read -r q quoted; do
	case "$q" in '#'* | '') continue ;; esac
	n=$((n + 1))
	cli "$q" "$T/c1"
	api "$q" "$T/a1"
	cmp -s "$T/c1" "$T/a1" || die "'$q': the CLI and the API differ"
	[ "$(jq .total "$T/c1")" -gt 0 ] && found=$((found + 1))
	[ -n "$quoted" ] || continue
	cli "$quoted" "$T/c2"
	api "$quoted" "$T/a2"
	cmp -s "$T/c1" "$T/c2" || die "'$q' finds $(jq .total "$T/c1"), its quoted form '$quoted' $(jq .total "$T/c2")"
	cmp -s "$T/a1" "$T/a2" || die "'$q' and '$quoted' differ through the API"
done <"$LIST"
[ "$n" -ge 100 ] || die "the list holds $n queries, want at least 100"
# the fixtures are written to hold most of the list's vocabulary
[ "$found" -ge 120 ] || die "only $found of $n queries find a statement"
grep -q 'Sanitizer\|runtime error' "$T/log" && die "server: $(head -c 400 "$T/log")"
expect_check
exit 0
