#!/bin/sh
# t0104: the service on the real corpus: `cite` of 300 corpus works read
# by a real bibtex without error or warning, CSL-JSON types; `serve`
# answers the report, tallies and page of the most-cited work; a
# screenshot of that page (build/screenshots/top-work*.png, not committed).
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DB="$T/x.db"
die() { echo "t0104: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"

# cite: indexed articles and works known from reference lists
{
	ctx top --limit 20 --json | jq -r '.data[].id'
	sqlite3 "$DB" "SELECT coalesce(doi, 'pmid:' || pmid, pmcid) FROM works WHERE indexed = 1 ORDER BY id LIMIT 200"
	sqlite3 "$DB" "SELECT coalesce(doi, 'pmid:' || pmid) FROM works WHERE indexed = 0 AND (doi IS NOT NULL OR pmid IS NOT NULL) ORDER BY id LIMIT 80"
} >"$T/ids"
: >"$T/all.bib"
while read -r id; do
	ctx cite "$id" --format bibtex >>"$T/all.bib" || die "cite $id failed"
	ctx cite "$id" --format csl-json | jq -e '.[0].type | IN("article-journal", "article", "book", "chapter", "thesis", "report")' >/dev/null ||
		die "cite $id: CSL type"
done <"$T/ids"
n=$(grep -c '^@' "$T/all.bib")
printf '\\citation{*}\n\\bibstyle{plain}\n\\bibdata{all}\n' >"$T/all.aux"
(cd "$T" && bibtex all >bibtex.out 2>&1) || die "bibtex failed: $(tail -5 "$T/bibtex.out")"
# a parse problem is an error; of plain.bst's warnings only "empty author"
# is allowed: some works (notices, corrections) have no authors at all
grep -v 'Warning--empty author' "$T/all.blg" | grep -q 'Warning--\|error message\|---line\|I was expecting' &&
	die "bibtex complained: $(grep 'Warning--\|error message\|---line' "$T/all.blg" | grep -v 'empty author' | head)"
[ "$(grep -c '\\bibitem' "$T/all.bbl")" -eq "$n" ] || die "bibtex kept $(grep -c '\\bibitem' "$T/all.bbl") of $n"

# the server on the corpus
"$CITECTX" --db "$DB" serve --port 0 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"
top=$(ctx top --limit 1 --json | jq -r '.data[0].id')
curl -sf "$B/api/v1/works/$top" | jq -e '.citing_publications >= 50' >/dev/null || die "report of $top"
curl -sf "$B/api/v1/works/pmid:6880820/tallies" | jq -e '.citing_publications >= 48' >/dev/null || die "HADS tallies"
curl -sf "$B/api/v1/search?q=%22consistent%20with%22&limit=5" | jq -e '.data | length == 5' >/dev/null || die "search"
mkdir -p "$TOP/build/screenshots"
node "$TOP/tests/browser/shot.mjs" "$B/works/$top" "$TOP/build/screenshots/top-work" || die "screenshot of $top"
exit 0
