#!/bin/sh
# t0041: every request has a time limit (`serve --request-timeout MS`):
# past it the request's reads stop and it is answered 503 with
# Retry-After and an error naming the limit, within the limit plus
# SQLite's next look at the clock, not when the query would have ended.
# A server with a 1 ms limit over the demo corpus and 30 copies of it
# (about 2,700 statements) cannot finish a four-word search for a page of
# 1,000, which the CLI (no limit) answers; /healthz still answers.
. "$(dirname "$0")/lib.sh"

mkdir "$T/copies"
for k in $(seq 10 39); do
	for f in "$TOP"/tests/data/demo/demo*.nxml; do
		sed "/<article-id/{s/>900000/>9${k}00/;s/>99000/>98${k}/;s/citectx-demo\./citectx-copy${k}./}" "$f" \
			>"$T/copies/c$k-$(basename "$f")"
	done
done
ctx ingest "$TOP/tests/data/demo" "$T/copies" >/dev/null || die "ingest"
Q='velorastat OR migraine OR trial OR placebo'
QE='velorastat%20OR%20migraine%20OR%20trial%20OR%20placebo&limit=1000'

# the query itself is fine: without a limit it has answers
expect_exit 0 ctx search "$Q" --json --limit 5
jq -e '.data | length == 5' "$T/out" >/dev/null || die "CLI search: $(head -c 300 "$T/out")"

# a limit of 0 or a word is refused with a one-line error
expect_exit 2 ctx serve --port 0 --request-timeout 0
expect_err 'request-timeout'
expect_one_line_err

PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
"$CITECTX" --db "$DB" serve --port 0 --threads 2 --request-timeout 1 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
grep -q '1 ms per request' "$T/log" || die "the limit is not announced: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"

# the API: 503, Retry-After, the cause named; three times (the search
# cache loads at the first, whatever the limit: the index's work)
for i in 1 2 3; do
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code} %{time_total}\n' \
		"$B/api/v1/search?q=$QE" >"$T/st" || die "curl"
	read -r code secs <"$T/st"
	[ "$code" = 503 ] || die "search $i: status $code, want 503: $(head -c 300 "$T/body")"
	grep -qi '^Retry-After: 1' "$T/headers" || die "search $i: no Retry-After: $(cat "$T/headers")"
	jq -e '.error.code == "timeout" and (.error.message | test("limit of 1 ms"))' "$T/body" >/dev/null ||
		die "search $i: error does not name the limit: $(cat "$T/body")"
	awk -v s="$secs" 'BEGIN { exit !(s < 1.0) }' || die "search $i: answered after $secs s"
done
# the page for people too
code=$(curl -s -o /dev/null -D "$T/headers" -w '%{http_code}' "$B/search?q=$QE")
[ "$code" = 503 ] || die "search page: status $code, want 503"
grep -qi '^Retry-After: 1' "$T/headers" || die "search page: no Retry-After"
# health needs no reader and has no request limit
code=$(curl -s -o "$T/body" -w '%{http_code}' "$B/healthz")
[ "$code" = 200 ] || die "healthz: $code $(cat "$T/body")"

kill "$PID"
wait "$PID" 2>/dev/null
PID=
grep -q 'Sanitizer\|runtime error' "$T/log" && die "sanitizers: $(grep -A5 'Sanitizer\|runtime error' "$T/log" | head -20)"
grep -q '"GET /api/v1/search" 503' "$T/log" || die "access log lacks the 503s"
expect_check
exit 0
