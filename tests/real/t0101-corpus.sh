#!/bin/sh
# t0101: the whole 4,470-article corpus (../shared/data): every article
# indexed, the identity merges of issue 2, check, idempotent re-ingest,
# extraction on the labelled sentences.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
die() { echo "t0101: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$2"; }

# the checkpointer copies each batch into the database and, once the WAL
# is long, the next batch waits for it so that SQLite writes the WAL from
# its start (ingest.c): its length as each checkpoint reports it must fall
# at least once (without the wait it only grew, to 547 MB over this corpus)
CITECTX_INGEST_TIMES=1 ctx ingest "$SHARED/data/corpus/ei-pmc-jats.tar.gz" --json >"$T/s1" 2>"$T/times" || die "ingest failed: $(cat "$T/s1")"
awk '/^ingest: checkpoint / { n++; if ($5 < last) fell++; last = $5 }
	END { exit !(n > 1 && fell > 0) }' "$T/times" ||
	die "the WAL never restarted: $(grep checkpoint "$T/times" | tr '\n' ' ')"
[ "$(field articles "$T/s1")" -eq 4470 ] || die "articles: $(cat "$T/s1")"
grep -q '"failures":\[\]' "$T/s1" || die "failures: $(cat "$T/s1")"
ctx check || die "check failed"

ctx report 10.1111/j.1600-0447.1983.tb09716.x --json >"$T/a" || die "HADS by DOI"
ctx report pmid:6880820 --json >"$T/b" || die "HADS by PMID"
cmp -s "$T/a" "$T/b" || die "HADS: DOI and PMID give different reports"
[ "$(field citing_publications "$T/a")" -ge 48 ] || die "HADS cited by $(field citing_publications "$T/a")"
grep -q '"section_class":"methods"' "$T/a" || die "HADS statements lack section classes"

ctx report pmid:1202204 --json >"$T/c" || die "MMSE by PMID"
ctx report '10.1016/0022-3956(75)90026-6' --json >"$T/d" || die "MMSE by DOI"
cmp -s "$T/c" "$T/d" || die "MMSE: DOI and PMID give different reports"
[ "$(field citing_publications "$T/c")" -ge 53 ] || die "MMSE cited by $(field citing_publications "$T/c")"

sqlite3 "$DB" "SELECT count(*) FROM works; SELECT count(*) FROM refs; SELECT count(*) FROM statements" >"$T/n1"
ctx ingest "$SHARED/data/corpus/ei-pmc-jats.tar.gz" --json >"$T/s2" || die "re-ingest failed"
sqlite3 "$DB" "SELECT count(*) FROM works; SELECT count(*) FROM refs; SELECT count(*) FROM statements" >"$T/n2"
cmp -s "$T/n1" "$T/n2" || die "re-ingest changed counts: $(cat "$T/n1") -> $(cat "$T/n2")"
ctx check || die "check failed after re-ingest"

"$TOP/build/realcheck" "$DB" "$SHARED/data/citation-sentiment/train.tsv" --min 0.95 -v || die "extraction below 95%"
sh "$TOP/tests/real/search.sh" "$DB" || die "search and facet checks failed"
sh "$TOP/tests/real/linking-checks.sh" "$DB" || die "linking checks (issue 4)"
exit 0
