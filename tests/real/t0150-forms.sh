#!/bin/sh
# t0150: the forms on the corpus index, as a browser would use them
# (issue 19): sign up with the pre-session token, rate and follow the
# most-cited work with the session's token; the same rating posted
# without the token, from another origin, or as a cookie-authenticated
# API write without X-CSRF-Token is refused (403) and changes nothing;
# the account page lists what was done; the secret feed URL reads without
# a session and stops when revoked; a tab-`next` lands on our own page.
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DB="$T/x.db"
die() { echo "t0150: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"
W=$(ctx top --limit 1 --json | jq -r '.data[0].id')
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"
J="$T/jar"
csrf() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
post() { # path body [curl options...] -> status
	p=$1 d=$2
	shift 2
	curl -s -b "$J" -c "$J" -o "$T/resp" -w '%{http_code}' "$@" --data "$d" "$B$p"
}
mine() { curl -s -b "$J" "$B/api/v1/works/$W/ratings" | jq -r '.mine.overall'; }

curl -s -c "$J" "$B/account" >"$T/acct"
s=$(post /account/signup "username=reader&password=a+real+reader+phrase&csrf=$(csrf "$T/acct")")
[ "$s" = 303 ] || die "sign-up with its token: $s"
curl -s -b "$J" "$B/works/$W" >"$T/page"
C=$(csrf "$T/page")
[ -n "$C" ] || die "the report page of $W has no form token"
s=$(post "/works/$W/rate" "overall=4&csrf=$C")
[ "$s" = 303 ] || die "rating with the token: $s"
s=$(post "/works/$W/rate" "overall=1")
[ "$s" = 403 ] || die "a rating without the token: $s"
s=$(post "/works/$W/rate" "overall=1&csrf=$C" -H "Origin: http://127.0.0.1:1")
[ "$s" = 403 ] || die "a rating from another origin: $s"
s=$(curl -s -b "$J" -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
	--data '{"overall": 1}' "$B/api/v1/works/$W/ratings")
[ "$s" = 403 ] || die "a cookie API write without X-CSRF-Token: $s"
[ "$(mine)" = 4 ] || die "a refused rating changed it: $(mine)"
s=$(post "/works/$W/follow" "action=follow&csrf=$C")
[ "$s" = 303 ] || die "follow: $s"
curl -s -b "$J" "$B/account" >"$T/acct"
grep -q 'class="myratings"><li><a href="/works/' "$T/acct" || die "the account page does not list the rating"
grep -q 'class="follows"><li><a href="/works/' "$T/acct" || die "the account page does not list the follow"
s=$(post /account/feed "action=new&csrf=$C")
F=$(sed -n 's/.*\/feeds\/\(ctf_[0-9a-f]*\)\.atom.*/\1/p' "$T/resp" | head -1)
[ "$s" = 200 ] && [ -n "$F" ] || die "no feed URL: $s"
s=$(curl -s -o "$T/feed" -w '%{http_code}' "$B/feeds/$F.atom")
[ "$s" = 200 ] && grep -q '<feed' "$T/feed" || die "the feed URL without a session: $s"
s=$(post /account/feed "action=revoke&csrf=$C")
[ "$s" = 303 ] || die "revoke: $s"
s=$(curl -s -o /dev/null -w '%{http_code}' "$B/feeds/$F.atom")
[ "$s" = 404 ] || die "a revoked feed URL still reads: $s"
# the tab-next, signed in again from a fresh browser
rm -f "$J"
curl -s -c "$J" "$B/account" >"$T/acct"
curl -s -b "$J" -c "$J" -o /dev/null -D "$T/h" --data \
	"username=reader&password=a+real+reader+phrase&next=%2F%09%2Fevil.example&csrf=$(csrf "$T/acct")" "$B/account/login"
grep -qi '^Location: /.$' "$T/h" || die "tab-next: $(grep -i '^Location' "$T/h")"
kill "$PID"
wait "$PID" 2>/dev/null
PID=
ctx check >/dev/null || die "index check"
echo "t0150: ok (forms on $W)"
