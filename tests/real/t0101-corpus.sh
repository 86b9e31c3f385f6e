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

# the WAL's largest size during the ingest: a checkpointer thread copies
# each batch into the database, and the WAL restarts once long (ingest.c);
# without the restart it grew to 440 MB over this corpus
( m=0; while [ ! -e "$T/done" ]; do
	s=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
	[ "$s" -gt "$m" ] && m=$s && echo "$m" >"$T/walmax"
	sleep 0.05
done ) &
ctx ingest "$SHARED/data/corpus/ei-pmc-jats.tar.gz" --json >"$T/s1" || die "ingest failed: $(cat "$T/s1")"
touch "$T/done"; wait
[ -s "$T/walmax" ] || die "no WAL seen during ingest"
[ "$(cat "$T/walmax")" -lt 262144000 ] || die "WAL grew to $(cat "$T/walmax") bytes"
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
