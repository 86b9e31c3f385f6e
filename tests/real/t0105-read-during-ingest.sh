#!/bin/sh
# t0105: reads during writes on the real corpus: `serve` on an index of
# the demo corpus answers every read correctly (200, valid JSON, counts
# never going down, the CLI's answers once ingest is done) while `ingest`
# writes the whole ei-pmc-jats corpus into the same index.  Watched: a
# demo work, the corpus's most-cited work (HADS, pmid:6880820: 404 until
# it appears) and a corpus article, plus search and the most-cited list.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
[ -f "$CORPUS" ] || { echo "t0105: skip: $CORPUS not found"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
"$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo" >/dev/null || { echo "t0105: demo ingest failed"; exit 1; }
# the corpus four times (each pass after the first replaces every
# article): ingest got fast enough that one pass, then two, left too few
# rounds of reads to mean much
sh "$TOP/tests/api/read-during-ingest.sh" "$DB" 15 10.5555/citectx-demo.01 pmid:6880820 -- "$CORPUS" "$CORPUS" "$CORPUS" "$CORPUS"
