#!/bin/sh
# t0040: connections persist on every kind of route (issue 19): one curl
# with several URLs opens one connection for all of them (reads, a page,
# an asset, a 404, a 405, a POST with a body, a 304); HTTP/1.0 with
# `Connection: keep-alive` is answered `Connection: Keep-Alive` and kept;
# two requests written at once (pipelined) both get their answer; and
# `Connection: close` from the client still closes.
. "$(dirname "$0")/lib.sh"

ctx ingest "$TOP/tests/data/demo" >/dev/null || die "ingest"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"
W=10.5555/citectx-demo.01

# GETs of every kind on one connection: "code connects" per URL, the
# first opens the connection, every later one reuses it
curl -s -w '%{http_code} %{num_connects}\n' -o /dev/null -o /dev/null \
	-o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
	"$B/healthz" "$B/api/v1/works/$W/tallies" "$B/api/v1/search?q=velorastat" \
	"$B/works/$W" "$B/static/style.css" "$B/no/such/thing" "$B/api/v1/works/$W" \
	>"$T/gets" || die "curl"
printf '200 1\n200 0\n200 0\n200 0\n200 0\n404 0\n200 0\n' >"$T/want"
cmp -s "$T/gets" "$T/want" || die "GETs: got $(tr '\n' ' ' <"$T/gets"), want $(tr '\n' ' ' <"$T/want")"

# a POST with a body, a 405, and a conditional GET answered 304, still on
# the connection of the first request
tag=$(curl -s -D - -o /dev/null "$B/api/v1/works/$W/tallies" | sed -n 's/^ETag: *//Ip' | tr -d '\r')
[ -n "$tag" ] || die "no ETag on tallies"
curl -s -o /dev/null -w '%{http_code} %{num_connects}\n' "$B/healthz" \
	--next -s -o /dev/null -w '%{http_code} %{num_connects}\n' -H 'Content-Type: application/json' \
	--data '{"text": "Velorastat reduced migraine days, as in earlier trials [3]."}' "$B/api/v1/classify" \
	--next -s -o /dev/null -w '%{http_code} %{num_connects}\n' -X DELETE "$B/api/v1/search" \
	--next -s -o /dev/null -w '%{http_code} %{num_connects}\n' -H "If-None-Match: $tag" "$B/api/v1/works/$W/tallies" \
	>"$T/mixed" || die "curl"
sed 's/^\(50[01]\) /2xx /; s/^200 /2xx /' "$T/mixed" >"$T/mixed2"
printf '2xx 1\n2xx 0\n405 0\n304 0\n' >"$T/want"
cmp -s "$T/mixed2" "$T/want" || die "POST/405/304: got $(tr '\n' ' ' <"$T/mixed"), want $(tr '\n' ' ' <"$T/want")"

# HTTP/1.0 asks for keep-alive: the answer says so and the connection stays
curl -s -0 -H 'Connection: keep-alive' -D "$T/h10" -o /dev/null -o /dev/null \
	-w '%{http_code} %{num_connects}\n' "$B/healthz" "$B/api/v1/works/$W/tallies" >"$T/v10" || die "curl -0"
grep -qi '^Connection: keep-alive' "$T/h10" || die "HTTP/1.0: no keep-alive answer: $(cat "$T/h10")"
printf '200 1\n200 0\n' >"$T/want"
cmp -s "$T/v10" "$T/want" || die "HTTP/1.0 keep-alive: got $(tr '\n' ' ' <"$T/v10")"

# Connection: close is honoured: the next request needs a new connection
curl -s -H 'Connection: close' -o /dev/null -o /dev/null -w '%{num_connects}\n' \
	"$B/healthz" "$B/healthz" >"$T/close" || die "curl close"
printf '1\n1\n' >"$T/want"
cmp -s "$T/close" "$T/want" || die "Connection: close not honoured: $(tr '\n' ' ' <"$T/close")"

# pipelining: two requests in one write, two answers in order
bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
	printf "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /api/v1/works/$2/tallies HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" >&3
	timeout 10 cat <&3' sh "$PORT" "$W" >"$T/pipe" || die "pipelined requests"
[ "$(grep -ac '^HTTP/1.1 200' "$T/pipe")" = 2 ] || die "pipelining: $(grep -a '^HTTP' "$T/pipe" | tr -d '\r' | tr '\n' ' ')"
grep -aq '"citing_publications"' "$T/pipe" || die "pipelining: second answer missing"

kill "$PID"
wait "$PID" 2>/dev/null
PID=
grep -q 'Sanitizer\|runtime error' "$T/log" && die "sanitizers: $(grep -A5 'Sanitizer\|runtime error' "$T/log" | head -20)"
exit 0
