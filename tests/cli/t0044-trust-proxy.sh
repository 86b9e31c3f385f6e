#!/bin/sh
# t0044: `serve` trusts X-Forwarded-For only with --trust-proxy (issue
# 19).  Without it a client cannot pick its own address: five wrong
# passwords sent with five made-up X-Forwarded-For addresses still count
# against the one real peer, whose next try is refused (429).  With it,
# the same failures count against the forwarded address, and the user
# signs in from another one.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
start() { # serve options...
	: >"$T/log"
	"$CITECTX" --db "$DB" serve --port 0 --threads 2 "$@" 2>"$T/log" &
	PID=$!
	for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
	PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
	[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null; PID=; }
login() { # password forwarded-for -> status
	curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "X-Forwarded-For: $2" --data "{\"username\": \"mia\", \"password\": \"$1\"}" \
		"http://127.0.0.1:$PORT/api/v1/login"
}

start
s=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	--data '{"username": "mia", "password": "mia password"}' "http://127.0.0.1:$PORT/api/v1/accounts")
[ "$s" = 201 ] || die "sign-up: $s"
for i in 1 2 3 4 5; do
	s=$(login "wrong $i" "192.0.2.$i")
	[ "$s" = 401 ] || die "wrong password $i: $s"
done
s=$(login "mia password" "192.0.2.99")
[ "$s" = 429 ] || die "without --trust-proxy a forged X-Forwarded-For escaped the limit: $s"
stop

start --trust-proxy
for i in 1 2 3 4 5; do
	s=$(login "wrong $i" "198.51.100.7")
	[ "$s" = 401 ] || die "--trust-proxy: wrong password $i: $s"
done
s=$(login "mia password" "198.51.100.7")
[ "$s" = 429 ] || die "--trust-proxy: the forwarded address is not limited: $s"
s=$(login "mia password" "198.51.100.8")
[ "$s" = 200 ] || die "--trust-proxy: another forwarded address is locked out: $s"
stop
grep -q 'Sanitizer\|runtime error' "$T/log" && die "sanitizers: $(head -c 400 "$T/log")"
expect_check
