#!/bin/sh
# t0205: user data on the PostgreSQL backend (issue 18): the demo index is
# pg-loaded into a throwaway cluster and one scripted session — sign-ups
# (a name taken), sign-ins (a wrong password), tokens made and revoked,
# ratings (over and under CT_RATINGS_SHOWN, one removed), flags (with a
# comment to escape, one re-flagged, one of no statement), follows, the
# secret feed, the account and report pages with their CSRF forms,
# sign-out — is played against `serve` on the SQLite index and on
# PostgreSQL: every status and body must be the same once secrets and
# clock readings are masked, and no request may answer 5xx.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 0 "$CITECTX" --db "$PG_URL" pg-load "$DB"
lite() { sqlite3 "$DB" "$1"; }
# the two most cited works, as URL path segments (a DOI's / escaped)
top2=$("$CITECTX" --db "$DB" top --limit 2 --json | jq -r '.data[].id')
W1=$(echo "$top2" | sed -n 1p | sed 's|/|%2F|g')
W2=$(echo "$top2" | sed -n 2p | sed 's|/|%2F|g')
WID=$(lite "SELECT id FROM works WHERE doi = '$(echo "$top2" | sed -n 1p)'")
S1=$(lite "SELECT min(id) FROM statements WHERE cited = '$WID'")
S2=$(lite "SELECT max(id) FROM statements WHERE cited = '$WID'")
[ -n "$W2" ] && [ -n "$S1" ] && [ "$S1" != "$S2" ] || die "no works or statements in the demo"

mask() {
	sed -e 's/ct[xf]_[0-9a-f]\{64\}/SECRET/g' -e 's/[0-9a-f]\{64\}/HEX/g' \
		-e 's/1[0-9]\{9\}/TIME/g' -e 's/20[0-9-]*T[0-9:]*Z/DATE/g' \
		-e "s/127.0.0.1:$PORT/HOST/g"
}
req() { # NAME METHOD PATH [curl options...]: the status and masked body
	name=$1 method=$2 path=$3
	shift 3
	code=$(curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -X "$method" \
		"$@" "http://127.0.0.1:$PORT$path")
	{
		echo "== $name: $method $path -> $code" | mask
		sed -n 's/^\(Location\|Content-Type\): /\1: /ip' "$T/head" | tr -d '\r' | mask
		mask <"$T/body"
		echo
	} >>"$OUT"
}
api() { # NAME METHOD PATH TOKEN [JSON body]
	name=$1 method=$2 path=$3 tok=$4
	shift 4
	if [ $# -gt 0 ]; then
		req "$name" "$method" "$path" -H "Authorization: Bearer $tok" \
			-H 'Content-Type: application/json' --data-binary "$1"
	else
		req "$name" "$method" "$path" -H "Authorization: Bearer $tok"
	fi
}
json() { jq -r "$1" "$T/body"; }
# the lists ordered by seconds get one past time on both backends, so
# that their order is their ids' whatever second each write took
settle() { # DB
	sql="UPDATE follows SET since = 0, created = 1700000000;
		UPDATE ratings SET updated = 1700000000;
		UPDATE flags SET created = 1700000000;"
	case $1 in
	postgresql://*) pg_as "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 "$1" -c "$sql" >/dev/null ;;
	*) sqlite3 "$1" "$sql" ;;
	esac || die "settle $1 failed"
}

session() { # DB OUTPUT
	OUT=$2
	: >"$OUT"
	# emptied here, before the server starts: its own redirect may come
	# after the first look below, which would then read the previous
	# session's "listening on" (a race seen under load)
	: >"$T/log"
	"$CITECTX" --db "$1" serve --port 0 --threads 2 \
		--base-url https://citectx.example 2>"$T/log" &
	PID=$!
	for _ in $(seq 300); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
	PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
	[ -n "$PORT" ] || die "serve --db $1 did not start: $(cat "$T/log")"
	for u in ann ben cy dee; do
		req "signup $u" POST /api/v1/accounts -H 'Content-Type: application/json' \
			--data-binary "{\"username\": \"$u\", \"password\": \"$u's long password\"}"
		eval "TK_$u=\$(json .token)"
	done
	req "signup taken" POST /api/v1/accounts -H 'Content-Type: application/json' \
		--data-binary '{"username": "ANN", "password": "another long password"}'
	req "login bad" POST /api/v1/login -H 'Content-Type: application/json' \
		--data-binary '{"username": "ben", "password": "not the password"}'
	req "login" POST /api/v1/login -H 'Content-Type: application/json' \
		--data-binary "{\"username\": \"Ben\", \"password\": \"ben's long password\"}"
	TK_ben2=$(json .token)
	api "ann token" POST /api/v1/me/tokens "$TK_ann" '{"label": "a <script> & \"quotes\""}'
	api "ann token 2" POST /api/v1/me/tokens "$TK_ann" '{"label": "spare"}'
	api "ann revokes" DELETE "/api/v1/me/tokens/$(json .id)" "$TK_ann"
	api "ann revokes again" DELETE "/api/v1/me/tokens/999" "$TK_ann"
	api "ann token 3" POST /api/v1/me/tokens "$TK_ann" '{"label": "after"}'
	api "ann rates" PUT "/api/v1/works/$W1/ratings" "$TK_ann" '{"overall": 4, "rigour": 2}'
	api "ben rates" PUT "/api/v1/works/$W1/ratings" "$TK_ben" \
		'{"overall": 5, "novelty": 3, "significance": 4, "rigour": 1}'
	api "cy rates" PUT "/api/v1/works/$W1/ratings" "$TK_cy" '{"overall": 2, "novelty": 2}'
	api "cy rates again" PUT "/api/v1/works/$W1/ratings" "$TK_cy" '{"overall": 3, "novelty": 2}'
	api "dee rates" PUT "/api/v1/works/$W2/ratings" "$TK_dee" '{"overall": 3}'
	api "ann rates W2" PUT "/api/v1/works/$W2/ratings" "$TK_ann" '{"overall": 1, "significance": 5}'
	api "cy unrates" DELETE "/api/v1/works/$W2/ratings" "$TK_cy"
	api "ann flags" POST "/api/v1/statements/$S1/flags" "$TK_ann" \
		'{"label": "contrasting", "comment": "it says <b>not</b> & \"never\""}'
	api "ben flags" POST "/api/v1/statements/$S1/flags" "$TK_ben" '{"label": "support"}'
	api "ben flags 2" POST "/api/v1/statements/$S2/flags" "$TK_ben" '{"label": "unclassified"}'
	api "ben re-flags" POST "/api/v1/statements/$S1/flags" "$TK_ben" '{"label": "mentioning"}'
	api "cy flags nothing" POST "/api/v1/statements/99999999/flags" "$TK_cy" '{"label": "mentioning"}'
	api "cy flags" POST "/api/v1/statements/$S2/flags" "$TK_cy" '{"label": "contrasting"}'
	fid=$(json .id)
	api "cy unflags" DELETE "/api/v1/flags/$fid" "$TK_cy"
	api "cy unflags again" DELETE "/api/v1/flags/$fid" "$TK_cy"
	api "cy flags anew" POST "/api/v1/statements/$S2/flags" "$TK_cy" '{"label": "supporting"}'
	api "ann follows" PUT "/api/v1/works/$W1/follow" "$TK_ann"
	api "ann follows again" PUT "/api/v1/works/$W1/follow" "$TK_ann"
	api "ann follows W2" PUT "/api/v1/works/$W2/follow" "$TK_ann"
	api "ben follows" PUT "/api/v1/works/$W2/follow" "$TK_ben"
	api "ben unfollows" DELETE "/api/v1/works/$W2/follow" "$TK_ben"
	api "ben unfollows again" DELETE "/api/v1/works/$W2/follow" "$TK_ben"
	api "ann feed url" POST /api/v1/me/feed-url "$TK_ann"
	FEED=$(json .url | sed 's|^https://citectx.example||')
	settle "$1"
	for u in ann ben cy dee ben2; do
		eval "tk=\$TK_$u"
		for p in me me/tokens me/follows me/feed me/ratings me/flags \
			"works/$W1/ratings" "works/$W2/ratings" "works/$W1/follow" \
			"works/$W2/follow"; do
			api "$u reads" GET "/api/v1/$p" "$tk"
		done
		req "$u account page" GET /account -H "Cookie: ct_session=$tk"
		req "$u report page" GET "/works/$W1" -H "Cookie: ct_session=$tk"
	done
	for p in "works/$W1/flags" "works/$W2/flags" "statements/$S1/flags" \
		"works/$W1/ratings"; do
		req "anyone reads" GET "/api/v1/$p"
	done
	req "feed" GET "$FEED"
	req "feed bad" GET "/feeds/ctf_$(printf '%064d' 0).atom"
	api "ann drops feed url" DELETE /api/v1/me/feed-url "$TK_ann"
	req "feed gone" GET "$FEED"
	# the forms: their redirects, and the pages after them
	req "dee's page" GET "/works/$W1" -H "Cookie: ct_session=$TK_dee"
	CSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
	[ -n "$CSRF" ] || die "no CSRF token on the report page ($1)"
	for f in "rate overall=5&novelty=&significance=2&rigour=" \
		"follow action=follow" "flag statement=$S2&label=contrasting&comment=x%3Cy" \
		"rate overall=9"; do
		req "dee form ${f%% *}" POST "/works/$W1/${f%% *}" \
			-H "Cookie: ct_session=$TK_dee" -H 'Origin: https://citectx.example' \
			-H 'Sec-Fetch-Site: same-origin' --data "${f#* }&csrf=$CSRF"
	done
	req "dee account page after" GET /account -H "Cookie: ct_session=$TK_dee"
	req "form login" POST /account/login -H 'Origin: https://citectx.example' \
		-H 'Sec-Fetch-Site: same-origin' --data "username=cy&password=cy%27s+long+password"
	req "form signup" POST /account/signup -H 'Origin: https://citectx.example' \
		-H 'Sec-Fetch-Site: same-origin' --data "username=eve&password=eve%27s+long+password"
	req "dee signs out" POST /account/logout -H "Cookie: ct_session=$TK_dee" \
		-H 'Origin: https://citectx.example' -H 'Sec-Fetch-Site: same-origin' \
		--data "csrf=$CSRF"
	api "dee after sign-out" GET /api/v1/me "$TK_dee"
	kill "$PID"
	wait "$PID" 2>/dev/null
	PID=
}

session "$DB" "$T/sqlite"
session "$PG_URL" "$T/pg.out"
[ -n "${OUT_DIR:-}" ] && cp "$T/sqlite" "$T/pg.out" "$OUT_DIR/"
n=$(grep -c '^== ' "$T/pg.out")
grep -q '^== dee form rate: POST .* -> 303' "$T/sqlite" || die "the rating form did not redirect on SQLite"
grep -q '^== signup taken: .* -> 409' "$T/sqlite" || die "a name taken is not 409 on SQLite: $(grep '^== signup taken' "$T/sqlite")"
grep -q '^== dee after sign-out: .* -> 401' "$T/sqlite" || die "signed out, still signed in"
[ "$(grep -c '^== .* -> 5' "$T/pg.out")" -eq 0 ] || die "a request failed on PostgreSQL: $(grep '^== .* -> 5' "$T/pg.out" | head -3) $(grep -A2 '^== .* -> 5' "$T/pg.out" | head -6)"
if ! cmp -s "$T/sqlite" "$T/pg.out"; then
	diff "$T/sqlite" "$T/pg.out" | head -40
	die "user data answers differ between SQLite and PostgreSQL"
fi
echo "$ID: $n user requests answer the same from SQLite and PostgreSQL ($(wc -c <"$T/pg.out") bytes)"
