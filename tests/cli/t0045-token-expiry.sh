#!/bin/sh
# t0045: API tokens expire (issue 19): a token made to live four seconds
# signs requests in at once, is refused (401) once its time is past, and
# is no longer listed; the session made at sign-up lives on.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT/api/v1"

TOK=$(curl -s -H 'Content-Type: application/json' \
	--data '{"username": "noa", "password": "noa password"}' "$B/accounts" | jq -r .token)
case $TOK in ctx_*) ;; *) die "sign-up gave no token" ;; esac
curl -s -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
	--data '{"label": "brief", "expires_in": 4}' "$B/me/tokens" >"$T/short"
SHORT=$(jq -r .token "$T/short")
[ "$(jq '.expires - now | . <= 4.5' "$T/short")" = true ] || die "expiry not shown: $(cat "$T/short")"
s=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SHORT" "$B/me")
[ "$s" = 200 ] || die "a fresh token: $s"
sleep 4.5
s=$(curl -s -o "$T/out" -w '%{http_code}' -H "Authorization: Bearer $SHORT" "$B/me")
[ "$s" = 401 ] || die "an expired token still signs in: $s"
expect_out "expired"
curl -s -H "Authorization: Bearer $TOK" "$B/me/tokens" >"$T/list"
[ "$(jq '.data | length' "$T/list")" = 1 ] || die "expired token still listed: $(cat "$T/list")"
kill "$PID"; wait "$PID" 2>/dev/null; PID=
grep -q 'Sanitizer\|runtime error' "$T/log" && die "sanitizers: $(head -c 400 "$T/log")"
expect_check
