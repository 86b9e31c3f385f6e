#!/bin/sh
# t0110: every GROBID TEI, S2ORC and CORD-19 fixture of ../shared ingests,
# and its statements (repeats folded into one count as their dups) equal
# its in-text citations that point to a reference entry, counted here
# independently with xmllint (TEI) and jq (JSON); reports show them.
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
F="$SHARED/data/fixtures"
die() { echo "t0110: $*" >&2; exit 1; }
command -v jq >/dev/null || die "jq is needed (scripts/install-deps.sh)"

# TEI: <ref type="bibr" target="#id"> whose id names a <biblStruct>.
tei_count() {
	xmllint --xpath 'count(//*[local-name()="ref"][@type="bibr"][substring(@target, 2) = //*[local-name()="biblStruct"]/@*[local-name()="id"]])' "$1"
}
# JSON: cite_spans whose ref_id is a key of bib_entries, in the parse the
# schema version keeps its text in.
json_count() {
	jq '(if .pdf_parse then .pdf_parse elif .grobid_parse then .grobid_parse else . end) as $p
	    | [($p.abstract // [] | if type == "array" then . else [] end), ($p.body_text // []), ($p.back_matter // [])]
	    | add | [.[] | .cite_spans[]? | select(.ref_id != null and $p.bib_entries[.ref_id] != null)] | length' "$1"
}
stored() {
	sqlite3 "$1" "SELECT coalesce(sum(1 + dups), 0) FROM statements"
}

n=0
for f in "$F"/tei/*.tei.xml "$F"/tei/*.json "$F"/s2orc/*/*.json "$F"/cord19/*.json; do
	db="$T/$n.db"
	n=$((n + 1))
	"$CITECTX" --db "$db" ingest "$f" --json >"$T/s" || die "$f: ingest failed: $(cat "$T/s")"
	grep -q '"articles":1' "$T/s" || die "$f: not one article: $(cat "$T/s")"
	case "$f" in
	*.tei.xml) want=$(tei_count "$f") ;;
	*) want=$(json_count "$f") ;;
	esac
	got=$(stored "$db")
	[ "$got" -eq "$want" ] || die "$f: $got statements, $want in-text citations to reference entries"
	"$CITECTX" --db "$db" check >/dev/null || die "$f: check failed"
	echo "$f: $got statements = $want citations"
done
[ "$n" -ge 14 ] || die "only $n fixtures found"

# Reports show them: the most-cited work of the SPECTER TEI is cited there.
db="$T/all.db"
"$CITECTX" --db "$db" ingest "$F/tei/2020.acl-main.207.tei.xml" >/dev/null || die "SPECTER ingest"
id=$(sqlite3 "$db" "SELECT 'citectx:' || cited FROM statements GROUP BY cited ORDER BY count(*) DESC LIMIT 1")
"$CITECTX" --db "$db" report "$id" --json >"$T/r" || die "report $id"
grep -q '"citing_publications":1' "$T/r" || die "report $id: $(head -c 300 "$T/r")"
grep -q 'SPECTER' "$T/r" || die "report $id does not show the citing TEI article"
exit 0
