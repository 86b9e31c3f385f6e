#!/bin/sh
# read-during-ingest.sh — reads during writes: `citectx serve` answers
# correctly while `citectx ingest` writes into the same index.
#
#   read-during-ingest.sh DB MIN_ROUNDS WORK... -- SOURCE...
#
# DB must exist (the server starts on it).  The script starts the server,
# runs `ingest SOURCE...` into DB, and while it runs queries, in rounds,
# the tallies, statements, report of each WORK, a search and the
# most-cited works, and rates the first WORK as a signed-in user (a write
# through the server's own connection, which must wait for ingest's
# transactions, not fail).  Every answer must be 200 (a 404 only for a work that
# has not yet appeared) with valid JSON and no "database is locked", and
# no count (citing publications, statements, search total) may ever
# decrease between successive answers.  At least MIN_ROUNDS rounds must
# run while ingest does.  When ingest is done, the server's report and
# statements of each WORK must equal the CLI's `report/statements --json`,
# the index must pass `check`, and the sanitizers (ASan build) stay quiet.
# CITECTX names the binary.  Prints one summary line; exit 1 on a failure.
set -u
: "${CITECTX:?set CITECTX to the binary under test}"
DB=$1
MIN=$2
shift 2
WORKS=
while [ $# -gt 0 ] && [ "$1" != -- ]; do WORKS="$WORKS $1"; shift; done
[ $# -gt 0 ] && shift
W=$(mktemp -d "${TMPDIR:-/tmp}/citectx-rdi.XXXXXX")
PID=
IPID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	[ -n "$IPID" ] && kill "$IPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
fail() { echo "read-during-ingest: $*" >&2; exit 1; }

"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$W/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$W/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$W/log")
[ -n "$PORT" ] || fail "server did not start: $(cat "$W/log")"
B="http://127.0.0.1:$PORT"

# The URLs of one round and, for each, the jq expression of its counts.
: >"$W/urls"
for w in $WORKS; do
	printf '%s\t%s\n' "$B/api/v1/works/$w/tallies" '[.citing_publications, .statements_total]' \
		"$B/api/v1/works/$w/statements?limit=3" '[.total]' \
		"$B/api/v1/works/$w" '[.citing_publications, .statements_total]' >>"$W/urls"
done
printf '%s\t%s\n' "$B/api/v1/search?q=trial&limit=3" '[.total]' \
	"$B/api/v1/top?limit=5" '[.data | length]' >>"$W/urls"

# get N URL COUNTS: one answer checked; the last counts for URL number N
# are kept in $P_N.
get() {
	code=$(curl -s -o "$W/body" -w '%{http_code}' "$2")
	grep -q 'database [a-z ]*is locked' "$W/body" && fail "$2: $(head -c 300 "$W/body")"
	eval "prev=\${P_$1:-}"
	if [ "$code" = 404 ] && [ -z "$prev" ]; then
		return 0 # a work that has not appeared yet
	fi
	[ "$code" = 200 ] || fail "$2: HTTP $code: $(head -c 300 "$W/body")"
	# one jq: the counts when none went down, false when one did
	c=$(jq -ce --argjson p "${prev:-null}" "($3) as \$c | if \$p == null or
		([range(\$p | length)] | all(. as \$i | \$c[\$i] >= \$p[\$i])) then \$c else false end" "$W/body" 2>&1)
	case $? in
	0) eval "P_$1='$c'" ;;
	1) fail "$2: counts went down: $prev, then $(jq -c "$3" "$W/body")" ;;
	*) fail "$2: invalid JSON ($c): $(head -c 300 "$W/body")" ;;
	esac
}

round() {
	n=0
	while IFS='	' read -r url counts; do
		n=$((n + 1))
		get "$n" "$url" "$counts"
	done <"$W/urls"
}

# a user, to write while ingest writes
FIRST=${WORKS# }
FIRST=${FIRST%% *}
TOKEN=$(curl -s -H 'Content-Type: application/json' \
	-d '{"username": "reader", "password": "reads during writes"}' "$B/api/v1/accounts" | jq -r .token)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || fail "sign-up failed"
rate() {
	code=$(curl -s -o "$W/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "{\"overall\": $((rounds % 5 + 1))}" \
		"$B/api/v1/works/$FIRST/ratings")
	[ "$code" = 200 ] || fail "rating during ingest: HTTP $code: $(head -c 300 "$W/body")"
}

"$CITECTX" --db "$DB" ingest "$@" >"$W/ingest.out" 2>"$W/ingest.err" &
IPID=$!
rounds=0
while kill -0 "$IPID" 2>/dev/null; do
	round
	rate
	rounds=$((rounds + 1))
done
wait "$IPID"
rc=$?
IPID=
[ "$rc" -eq 0 ] || fail "ingest exited $rc: $(tail -3 "$W/ingest.err")"
[ "$rounds" -ge "$MIN" ] || fail "only $rounds rounds of reads during ingest (want $MIN): make the ingest longer"
round

# after ingest: the server says what the CLI says
for w in $WORKS; do
	curl -s "$B/api/v1/works/$w" >"$W/api" || fail "report $w"
	"$CITECTX" --db "$DB" report "$w" --json >"$W/cli" || fail "CLI report $w"
	cmp -s "$W/api" "$W/cli" || fail "report $w: server and CLI differ: $(diff "$W/api" "$W/cli" | head -c 400)"
	curl -s "$B/api/v1/works/$w/statements?limit=50" >"$W/api"
	"$CITECTX" --db "$DB" statements "$w" --json --limit 50 >"$W/cli" || fail "CLI statements $w"
	cmp -s "$W/api" "$W/cli" || fail "statements $w: server and CLI differ"
done
[ -n "${RDI_LOG:-}" ] && cp "$W/log" "$RDI_LOG"
kill "$PID"
wait "$PID" 2>/dev/null
PID=
grep -q 'Sanitizer\|runtime error' "$W/log" && fail "sanitizers: $(grep -A5 'Sanitizer\|runtime error' "$W/log" | head -20)"
grep -q '" 5[0-9][0-9] ' "$W/log" && fail "server errors: $(grep '" 5[0-9][0-9] ' "$W/log" | head -3)"
"$CITECTX" --db "$DB" check >/dev/null 2>&1 || fail "check failed after ingest"
# latency of the reads (the access log's milliseconds), for the record
lat=$(sed -n 's/.*" [0-9]* [0-9]* \([0-9.]*\)ms .*/\1/p' "$W/log" | sort -n |
	awk '{ v[NR] = $1 } END { printf "median %.0f ms, max %.0f ms", v[int((NR + 1) / 2)], v[NR] }')
echo "read-during-ingest: $rounds rounds of $(wc -l <"$W/urls") reads during ingest ($(cat "$W/ingest.out")), all answers correct; $lat"
