#!/bin/sh
# t0140: the errors of issue 16 item 7, as found on the corpus index:
# each one now answered for people.  CLI: `report 1202204` suggests
# pmid:1202204; `--type support --section Discussion` is `--type
# supporting --section discussion`; a from-year after the to-year exits 2;
# `classify --help` prints its usage; an empty result says "no matches".
# Web: /works/pmid:1202204?from_year=abc is an HTML 400 keeping "abc";
# /nosuchpage an HTML 404; /works/1202204 suggests pmid:1202204.
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DB="$T/x.db"
die() { echo "t0140: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"

ctx report 1202204 >/dev/null 2>"$T/err" && die "report 1202204 resolved a bare number"
grep -q "did you mean pmid:1202204?" "$T/err" || die "no suggestion: $(cat "$T/err")"
ctx statements pmid:1202204 --type supporting --section discussion --limit 1000 --json | jq -c '[.data[].id]' >"$T/a" || die "statements failed"
ctx statements pmid:1202204 --type support --section Discussion --limit 1000 --json | jq -c '[.data[].id]' >"$T/b" || die "--type support --section Discussion refused"
[ "$(cat "$T/a")" != "[]" ] && cmp -s "$T/a" "$T/b" || die "prefix/case forms differ from the full names"
ctx statements pmid:1202204 --from-year 2015 --to-year 2010 >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "is after --to-year 2010" "$T/err" || die "year range: $(cat "$T/err")"
ctx classify --help >"$T/out" 2>&1 || die "classify --help failed: $(cat "$T/out")"
grep -q "^usage: citectx \[--db PATH\] classify" "$T/out" || die "classify --help: $(cat "$T/out")"
ctx statements pmid:1202204 --type contrasting --from-year 1900 --to-year 1901 >"$T/out" || die "empty statements failed"
grep -q "^no matches: no statement about pmid:1202204 with --type contrasting --from-year 1900 --to-year 1901$" "$T/out" || die "no 'no matches' line: $(cat "$T/out")"

"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"
get() { curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' "$B$1"; }
[ "$(get '/works/pmid:1202204?from_year=abc')" = 400 ] || die "from_year=abc: not 400"
grep -qi '^content-type: text/html' "$T/h" || die "from_year=abc: not HTML"
grep -q 'value="abc" aria-invalid="true"' "$T/body" || die "from_year=abc: value not kept"
[ "$(get /nosuchpage)" = 404 ] && grep -qi '^content-type: text/html' "$T/h" || die "/nosuchpage: not an HTML 404"
[ "$(get /works/1202204)" = 404 ] || die "/works/1202204: not 404"
grep -q 'Did you mean <a href="/works/pmid:1202204">pmid:1202204</a>?' "$T/body" || die "/works/1202204: no suggestion"
[ "$(get /api/v1/works/1202204)" = 400 ] && grep -qi '^content-type: application/json' "$T/h" || die "API error is not JSON"
echo "t0140: ok"
