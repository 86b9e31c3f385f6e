#!/bin/sh
# run.sh — the browser tests: indexes the invented fixtures, starts
# `citectx serve` on a free loopback port and runs every tests/browser/*.test.mjs in
# headless Chromium (Debian chromium, playwright-core from npm; both
# installed by scripts/install-deps.sh).  Screenshots go to
# build/screenshots/ (not committed).
set -u
: "${CITECTX:?set CITECTX to the binary under test}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-browser.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
[ -x /usr/bin/chromium ] || { echo "browser: /usr/bin/chromium missing (scripts/install-deps.sh)"; exit 1; }
[ -d "$TOP/tests/browser/node_modules/playwright-core" ] || { echo "browser: playwright-core missing (scripts/install-deps.sh)"; exit 1; }
"$CITECTX" --db "$T/index.db" ingest "$TOP/tests/data/demo" "$TOP/tests/data/records" "$TOP/tests/data/cards" >/dev/null || exit 1
"$CITECTX" --db "$T/index.db" serve --port 0 2>"$T/log" &
PID=$!
for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || { echo "browser: server did not start: $(cat "$T/log")"; exit 1; }
# every *.test.mjs in name order, against the same server
rc=0
for f in "$TOP"/tests/browser/*.test.mjs; do
	echo "== $(basename "$f")"
	node "$f" "http://127.0.0.1:$PORT" "$TOP/build/screenshots" || rc=1
done
exit $rc
