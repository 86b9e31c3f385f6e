#!/bin/sh
# t0156: user data (issue 17) answers byte for byte as it did before the
# store layer and the user records as structs: one scripted session of
# four users on the corpus — sign-ups, tokens, ratings (a work past
# CT_RATINGS_SHOWN and one under it), flags (with a comment to escape,
# and one on a statement whose reference is not linked), follows, the
# secret feed — is played against the baseline binary (commit e8b2994)
# and the binary under test, each on its own copy of one corpus index,
# and every answer (status and body: the API's JSON, the report and
# account pages, the Atom feed, the form redirects) must be the same once
# secrets and clock readings are masked.
#
# The baseline binary: $BASE_CITECTX, else t0151's in $SAME_CACHE, else
# built here from `git archive e8b2994` (a few minutes).
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
die() { echo "t0156: $*" >&2; exit 1; }
BASE_COMMIT=e8b2994

baseline() {
	if [ -n "${BASE_CITECTX:-}" ]; then echo "$BASE_CITECTX"; return; fi
	full=$(git -C "$TOP" rev-parse "$BASE_COMMIT") || return 1
	if [ -n "${SAME_CACHE:-}" ] && [ -x "$SAME_CACHE/$full/v3/citectx" ]; then
		echo "$SAME_CACHE/$full/v3/citectx"; return
	fi
	mkdir "$T/src" && git -C "$TOP" archive "$BASE_COMMIT" | tar -x -C "$T/src" &&
		make -C "$T/src" CI=1 -j2 build/citectx >"$T/build.log" 2>&1 &&
		echo "$T/src/build/citectx"
}
BASE=$(baseline) || die "cannot build the baseline $BASE_COMMIT"

W1='10.1016/0168-8510(90)90421-9'
W1U='10.1016%2F0168-8510(90)90421-9'
W2U='10.3758%2Fbf03193146'
"$BASE" --db "$T/x.db" ingest "$SHARED/data/corpus/ei-pmc-jats.tar.gz" >/dev/null ||
	die "ingest failed"
q() { sqlite3 "$T/x.db" "$1"; }
WID=$(q "SELECT id FROM works WHERE doi = '$W1'")
S1=$(q "SELECT min(id) FROM statements WHERE cited = $WID")
S2=$(q "SELECT max(id) FROM statements WHERE cited = $WID")
S3=$(q "SELECT min(id) FROM statements WHERE cited IS NULL")
[ -n "$WID" ] && [ -n "$S1" ] && [ -n "$S3" ] || die "no work $W1 or statements"

# Secrets, form tokens and clock readings differ from run to run.
mask() {
	sed -e 's/ct[xf]_[0-9a-f]\{64\}/SECRET/g' -e 's/[0-9a-f]\{64\}/HEX/g' \
		-e 's/1[0-9]\{9\}/TIME/g' -e 's/20[0-9-]*T[0-9:]*Z/DATE/g'
}

# req NAME METHOD PATH [curl options...]: the status and masked body.
req() {
	name=$1 method=$2 path=$3
	shift 3
	code=$(curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -X "$method" \
		"$@" "http://127.0.0.1:$PORT$path")
	{
		echo "== $name: $method $path -> $code" | mask
		sed -n 's/^\(Location\|Content-Type\): /\1: /ip' "$T/head" | tr -d '\r'
		mask <"$T/body"
		echo
	} >>"$OUT"
}
api() { # api NAME METHOD PATH TOKEN [JSON body]
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

session() { # session BINARY OUTPUT
	cp "$T/x.db" "$T/run.db"
	rm -f "$T/run.db-wal" "$T/run.db-shm"
	OUT=$2
	: >"$OUT"
	"$1" --db "$T/run.db" serve --port 0 --threads 2 \
		--base-url https://citectx.example 2>"$T/log" &
	PID=$!
	for i in $(seq 600); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
	PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
	[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
	for u in ann ben cy dee; do
		req "signup $u" POST /api/v1/accounts -H 'Content-Type: application/json' \
			--data-binary "{\"username\": \"$u\", \"password\": \"$u's long password\"}"
		eval "TK_$u=\$(json .token)"
	done
	api "ann token" POST /api/v1/me/tokens "$TK_ann" '{"label": "a <script> & \"quotes\""}'
	api "ann token 2" POST /api/v1/me/tokens "$TK_ann" '{"label": "spare"}'
	api "ann revokes" DELETE "/api/v1/me/tokens/$(json .id)" "$TK_ann"
	api "ann rates" PUT "/api/v1/works/$W1U/ratings" "$TK_ann" '{"overall": 4, "rigour": 2}'
	api "ben rates" PUT "/api/v1/works/$W1U/ratings" "$TK_ben" \
		'{"overall": 5, "novelty": 3, "significance": 4, "rigour": 1}'
	api "cy rates" PUT "/api/v1/works/$W1U/ratings" "$TK_cy" '{"overall": 2, "novelty": 2}'
	api "dee rates" PUT "/api/v1/works/$W2U/ratings" "$TK_dee" '{"overall": 3}'
	api "ann rates W2" PUT "/api/v1/works/$W2U/ratings" "$TK_ann" '{"overall": 1, "significance": 5}'
	api "cy unrates" DELETE "/api/v1/works/$W2U/ratings" "$TK_cy"
	api "ann flags" POST "/api/v1/statements/$S1/flags" "$TK_ann" \
		'{"label": "contrasting", "comment": "it says <b>not</b> & \"never\""}'
	api "ben flags" POST "/api/v1/statements/$S1/flags" "$TK_ben" '{"label": "support"}'
	api "ben flags 2" POST "/api/v1/statements/$S2/flags" "$TK_ben" '{"label": "unclassified"}'
	api "cy flags unlinked" POST "/api/v1/statements/$S3/flags" "$TK_cy" '{"label": "mentioning"}'
	api "ann follows" PUT "/api/v1/works/$W1U/follow" "$TK_ann"
	api "ann follows W2" PUT "/api/v1/works/$W2U/follow" "$TK_ann"
	api "ben follows" PUT "/api/v1/works/$W2U/follow" "$TK_ben"
	api "ben unfollows" DELETE "/api/v1/works/$W2U/follow" "$TK_ben"
	api "ann feed url" POST /api/v1/me/feed-url "$TK_ann"
	FEED=$(json .url | sed 's|^https://citectx.example||')
	# the feed lists what was indexed after a follow: as if all was; and
	# the lists ordered by time in seconds get one past time, so that
	# their order is that of their ids whatever second each write took
	sqlite3 "$T/run.db" "UPDATE follows SET since = 0, created = 1700000000;
		UPDATE ratings SET updated = 1700000000;
		UPDATE flags SET created = 1700000000" || die "sqlite3 failed"
	for u in ann ben cy dee; do
		eval "tk=\$TK_$u"
		for p in me me/tokens me/follows me/feed me/ratings me/flags \
			"works/$W1U/ratings" "works/$W2U/ratings" "works/$W1U/follow" \
			"works/$W2U/follow"; do
			api "$u reads" GET "/api/v1/$p" "$tk"
		done
		req "$u account page" GET /account -H "Cookie: ct_session=$tk"
		req "$u report page" GET "/works/$W1U" -H "Cookie: ct_session=$tk"
		req "$u report page W2" GET "/works/$W2U?type=contrasting" -H "Cookie: ct_session=$tk"
	done
	for p in "works/$W1U/flags" "works/$W2U/flags" "statements/$S1/flags" \
		"statements/$S3/flags" "works/$W1U/ratings"; do
		req "anyone reads" GET "/api/v1/$p"
	done
	req "anyone report page" GET "/works/$W1U"
	req "feed" GET "$FEED"
	# the forms: their redirects, and the page after them
	req "dee's page" GET "/works/$W1U" -H "Cookie: ct_session=$TK_dee"
	CSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
	for f in "rate overall=5&novelty=&significance=2&rigour=" \
		"follow action=follow" "flag statement=$S2&label=contrasting&comment=x%3Cy" \
		"rate overall=9"; do
		req "dee form ${f%% *}" POST "/works/$W1U/${f%% *}" \
			-H "Cookie: ct_session=$TK_dee" -H 'Origin: https://citectx.example' \
			-H 'Sec-Fetch-Site: same-origin' --data "${f#* }&csrf=$CSRF"
	done
	req "dee account page after" GET /account -H "Cookie: ct_session=$TK_dee"
	req "dee report page after" GET "/works/$W1U" -H "Cookie: ct_session=$TK_dee"
	kill "$PID"
	wait "$PID" 2>/dev/null
	PID=
}

# OUT_DIR=DIR keeps both transcripts
session "$BASE" "$T/before"
session "$CITECTX" "$T/after"
[ -n "${OUT_DIR:-}" ] && cp "$T/before" "$T/after" "$OUT_DIR/"
n=$(grep -c '^== ' "$T/after")
grep -q '^== dee form rate: POST .* -> 303' "$T/after" || die "the rating form did not redirect"
[ "$(grep -c '^== .* -> 5' "$T/after")" -eq 0 ] || die "a request failed: $(grep '^== .* -> 5' "$T/after")"
if ! cmp -s "$T/before" "$T/after"; then
	diff "$T/before" "$T/after" | head -40
	die "user data answers differ from $BASE_COMMIT"
fi
echo "t0156: $n user requests answer byte for byte as at $BASE_COMMIT ($(wc -c <"$T/after") bytes)"
