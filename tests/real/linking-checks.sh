#!/bin/sh
# linking-checks.sh DB — issue 4's checks on an index of the whole corpus
# (called by t0101 after its ingest):
#  * the Mini-Mental State (pmid:1202204) and HADS papers are each one
#    work gathering citers by DOI, by PMID only and by bare text, with no
#    unrelated work merged in (every reference linked to them names them);
#  * linking by fields, identifiers hidden (citectx linkeval): held-out
#    precision >= 0.97 and recall >= 0.95;
#  * statements --self only|exclude, with a true self-citation: Hulmi et
#    al. (PMC4681166) citing their own earlier trial (pmid:18661258).
set -u
: "${CITECTX:?}"
DB=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-link.XXXXXX")
trap 'rm -rf "$T"' EXIT
die() { echo "linking-checks: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }

one_work() { # name ID min-citers title-words-sql year
	ctx report "$2" --json >"$T/r" || die "$1: report $2"
	n=$(sed -n 's/.*"citing_publications":\([0-9]*\).*/\1/p' "$T/r")
	[ "$n" -ge "$3" ] || die "$1: cited by $n publications, want >= $3"
	w=$(sed -n 's/^{"work":{"id":"citectx:\([0-9]*\)".*/\1/p' "$T/r")
	[ -n "$w" ] || w=$(q "SELECT cited FROM refs WHERE pmid = '${2#pmid:}' OR doi = '$2' LIMIT 1")
	for kind in "doi IS NOT NULL" "doi IS NULL AND pmid IS NOT NULL" "doi IS NULL AND pmid IS NULL AND pmcid IS NULL"; do
		k=$(q "SELECT count(DISTINCT citing) FROM refs WHERE cited = $w AND $kind")
		[ "$k" -ge 1 ] || die "$1: no citer with $kind"
	done
	bad=$(q "SELECT count(*) FROM refs WHERE cited = $w AND NOT ($4 AND coalesce(year, $5) = $5)")
	[ "$bad" -eq 0 ] || die "$1: $bad unrelated references merged: $(q "SELECT raw FROM refs WHERE cited = $w AND NOT ($4) LIMIT 3")"
	echo "$1: $n citing publications, by DOI, PMID and bare text, none unrelated"
}
one_work MMSE pmid:1202204 57 "(lower(coalesce(title, raw)) LIKE '%mental state%' OR lower(coalesce(title, raw)) LIKE '%grading the cognitive state%')" 1975
one_work HADS 10.1111/j.1600-0447.1983.tb09716.x 50 "lower(coalesce(title, raw)) LIKE '%anxiety%depression%'" 1983

ctx linkeval 0 >"$T/e" || die "linkeval failed"
cat "$T/e"
line=$(grep '^held-out:' "$T/e")
p=$(echo "$line" | sed -n 's/.*precision \([0-9.]*\).*/\1/p')
r=$(echo "$line" | sed -n 's/.*recall \([0-9.]*\).*/\1/p')
awk -v p="$p" -v r="$r" 'BEGIN { exit !(p >= 0.97 && r >= 0.95) }' || die "linking precision $p recall $r"

ctx statements pmid:18661258 --self only --group statement --json >"$T/s" || die "statements --self only"
grep -q '"citing":{"id":"10.1186/s12970-015-0109-4"' "$T/s" || die "Hulmi self-citation not found: $(head -c 300 "$T/s")"
grep -q '"self":false' "$T/s" && die "--self only returned a non-self statement"
ctx statements pmid:18661258 --self exclude --group statement --json >"$T/x" || die "statements --self exclude"
grep -q '"self":true' "$T/x" && die "--self exclude returned a self-citation"
all=$(q "SELECT count(*) FROM statements WHERE self = 1")
[ "$all" -gt 0 ] || die "no self-citations at all"
exit 0
