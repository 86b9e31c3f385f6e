#!/bin/sh
# run.sh — the HTTP API tests (curl tests/data style): each file in
# tests/api/data is one request and what its response must hold.  The
# runner indexes the invented fixtures, starts `citectx serve` on a free
# loopback port, runs every file in name order, stops the server, and
# checks the access log, the sanitizers' silence and the index.
#
# A data file:
#   # test0001: what it checks          (comment lines start with '#')
#   GET /path?query                      (method and path; ${VAR} expands)
#   Header: value                        (request headers, up to a blank line)
#                                        
#   request body                         (optional, up to '--- expect')
#   --- expect
#   status: 200                          (the HTTP status)
#   header: ^ETag: "                     (a regex some response header matches)
#   body: "citing_publications":10       (a fixed string the body holds)
#   !body: token                         (a fixed string it must not hold)
#   json: .data | length == 25           (a jq expression that must be true)
#   capture: TOKEN .token                (a jq path whose value becomes ${TOKEN})
#   hcapture: TAG ETag                   (a response header's value becomes ${TAG})
#   scapture: CSRF name="csrf" value="\([0-9a-f]*\)"
#                                        (a sed regex's group, first match in the
#                                         headers, then the body, becomes ${CSRF})
#   repeat: N                            (send the request N times, ${I} = 1..N;
#                                         the other lines check the last answer)
# A body of one line "@@bytes N" sends N bytes of 'a'.
set -u
: "${CITECTX:?set CITECTX to the binary under test}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-api.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DB="$T/index.db"
fail=0
n=0

# a hostile article too (issue 19: one long paragraph citing ranges of
# 200 over 201 references): stored truncated, with a warning
sh "$TOP/scripts/hostile-article.sh" 200000 201 200 40 >"$T/hostile.nxml"
"$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo" "$TOP/tests/data/cite" "$TOP/tests/data/cards" "$T/hostile.nxml" >/dev/null || { echo "api: ingest failed"; exit 1; }
"$CITECTX" --db "$DB" serve --port 0 --threads 2 --base-url https://citectx.example --trust-proxy 2>"$T/log" &
PID=$!
for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || { echo "api: server did not start: $(cat "$T/log")"; exit 1; }
BASE="http://127.0.0.1:$PORT"
: >"$T/vars"
# the sign-in forms need a pre-session cookie and its form token (issue
# 19: login CSRF): fetched once, as a browser would, for the files that
# post them: ${PRE} (the Cookie header's value) and ${PRECSRF}
curl -s -D "$T/headers" -o "$T/body" "$BASE/account"
echo "PRE=$(sed -n 's/^Set-Cookie: \(ct_pre=[0-9a-f]*\).*/\1/ip' "$T/headers" | head -1)" >>"$T/vars"
echo "PRECSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)" >>"$T/vars"

expand() { # text with ${VAR} from the captured variables
	sed_script=$(sed 's/[\/&]/\\&/g; s/^\([A-Z_0-9]*\)=\(.*\)$/s\/${\1}\/\2\/g/' "$T/vars")
	if [ -n "$sed_script" ]; then sed "$sed_script"; else cat; fi
}

bad() { echo "FAIL $id: $*"; fail=$((fail + 1)); ok=0; }

check() { # one expectation line against $T/status, $T/headers, $T/body
	key=${1%%: *}
	val=$(printf '%s' "${1#*: }" | expand)
	case "$key" in
	status) [ "$(cat "$T/status")" = "$val" ] || bad "status $(cat "$T/status"), want $val; body: $(head -c 300 "$T/body")" ;;
	header) grep -qiE -- "$val" "$T/headers" || bad "no header matching '$val'" ;;
	body) grep -qF -- "$val" "$T/body" || bad "body lacks '$val': $(head -c 300 "$T/body")" ;;
	!body) grep -qF -- "$val" "$T/body" && bad "body holds '$val'" ;;
	json) jq -e "$val" "$T/body" >/dev/null 2>&1 || bad "jq '$val' is not true: $(head -c 300 "$T/body")" ;;
	capture)
		name=${val%% *}
		v=$(jq -r "${val#* }" "$T/body" 2>/dev/null)
		[ -n "$v" ] && [ "$v" != null ] || bad "capture $name: nothing at ${val#* }"
		echo "$name=$v" >>"$T/vars" ;;
	hcapture)
		name=${val%% *}
		v=$(grep -i "^${val#* }:" "$T/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r')
		[ -n "$v" ] || bad "hcapture $name: no header ${val#* }"
		echo "$name=$v" >>"$T/vars" ;;
	scapture)
		name=${val%% *}
		v=$(cat "$T/headers" "$T/body" | tr -d '\r' | sed -n "s/.*${val#* }.*/\\1/p" | head -1)
		[ -n "$v" ] || bad "scapture $name: nothing matches ${val#* }"
		echo "$name=$v" >>"$T/vars" ;;
	repeat) ;;
	*) bad "unknown expectation '$1'" ;;
	esac
}

send() { # the request of $T/req*, once
	set -- $(expand <"$T/reqline")
	method=$1 path=$2
	: >"$T/curlargs"
	if [ -s "$T/reqheaders" ]; then
		expand <"$T/reqheaders" >"$T/h"
		while IFS= read -r h; do printf -- '-H\n%s\n' "$h" >>"$T/curlargs"; done <"$T/h"
	fi
	datafile=
	if grep -q '^@@bytes [0-9]*$' "$T/reqbody" 2>/dev/null; then
		head -c "$(sed -n 's/^@@bytes //p' "$T/reqbody")" /dev/zero | tr '\0' a >"$T/body.in"
		datafile="$T/body.in"
	elif [ -s "$T/reqbody" ]; then
		expand <"$T/reqbody" | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' >"$T/body.in"
		datafile="$T/body.in"
	fi
	# shellcheck disable=SC2046
	IFS='
'
	curl -s -g -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" \
		$(cat "$T/curlargs") ${datafile:+--data-binary} ${datafile:+@$datafile} \
		"$BASE$path" >"$T/status"
	unset IFS
	n=$((n + 1))
}

run_one() { # file
	f=$1
	id=$(basename "$f")
	ok=1
	grep -v '^#' "$f" | awk -v dir="$T" '
		BEGIN { part = 0 }
		/^--- expect$/ { part = 3; next }
		part == 0 { print > (dir "/reqline"); part = 1; next }
		part == 1 && /^$/ { part = 2; next }
		part == 1 { print > (dir "/reqheaders"); next }
		part == 2 { print > (dir "/reqbody"); next }
		part == 3 && NF { print > (dir "/expect") }' 
	times=$(sed -n 's/^repeat: \([0-9]*\)$/\1/p' "$T/expect")
	i=0
	while [ "$i" -lt "${times:-1}" ]; do
		i=$((i + 1))
		sed -i '/^I=/d' "$T/vars"
		echo "I=$i" >>"$T/vars"
		send
	done
	while IFS= read -r line; do check "$line"; done <"$T/expect"
	[ $ok -eq 1 ] && echo "ok   $id"
	# API_SAVE=DIR keeps each last answer (status, body) for
	# tests/real/t0151-same-output.sh
	if [ -n "${API_SAVE:-}" ]; then
		mkdir -p "$API_SAVE" && cat "$T/status" "$T/body" >"$API_SAVE/$id"
	fi
	rm -f "$T/reqline" "$T/reqheaders" "$T/reqbody" "$T/expect" "$T/body.in"
}

for f in "$TOP"/tests/api/data/test*; do
	run_one "$f"
done

# A write while another process holds the index's write lock: the server
# waits out its busy limit (10 s), then answers 503 with Retry-After; once
# the lock is gone the same write succeeds.
LOCKPID=
busy_write() { # expected status
	id="busy write ($1)"
	ok=1
	n=$((n + 1))
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X PUT \
		-H "Authorization: Bearer $(sed -n 's/^TA=//p' "$T/vars" | tail -1)" \
		-H 'Content-Type: application/json' --data '{"overall": 2}' \
		"$BASE/api/v1/works/10.5555/citectx-demo.01/ratings" >"$T/status"
	check "status: $1"
}
mkfifo "$T/lock"
sqlite3 "$DB" <"$T/lock" >/dev/null 2>&1 &
LOCKPID=$!
exec 9>"$T/lock"
# the holder waits its turn if the server writes just then (without a
# busy timeout its BEGIN failed at once, and the write below got 200)
echo ".timeout 10000" >&9
echo "BEGIN IMMEDIATE; SELECT 1;" >&9
held=0
for i in $(seq 100); do
	sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || { held=1; break; }
	sleep 0.1
done
[ $held -eq 1 ] || { echo "FAIL busy write: the write lock was never taken"; fail=$((fail + 1)); }
busy_write 503
check "header: ^Retry-After: 1"
check 'json: .error.code == "busy"'
[ $ok -eq 1 ] && echo "ok   $id"
echo "COMMIT;" >&9
exec 9>&-
wait "$LOCKPID"
busy_write 200
check "json: .mine.overall == 2"
[ $ok -eq 1 ] && echo "ok   $id"

kill "$PID"
wait "$PID" 2>/dev/null
PID=
lines=$(grep -c '" [0-9][0-9][0-9] ' "$T/log")
n=$((n + 1)) # the pre-session fetch
[ "$lines" -eq "$n" ] || { echo "FAIL access log: $lines lines for $n requests"; fail=$((fail + 1)); }
if grep -q 'Sanitizer\|runtime error' "$T/log"; then
	echo "FAIL sanitizers: $(grep -A5 'Sanitizer\|runtime error' "$T/log" | head -20)"
	fail=$((fail + 1))
fi
"$CITECTX" --db "$DB" check >/dev/null 2>&1 || { echo "FAIL index check after the API tests"; fail=$((fail + 1)); }
echo "api: $n requests, $fail failed"
[ "$fail" -eq 0 ]
