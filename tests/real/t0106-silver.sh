#!/bin/sh
# t0106: the silver labels (data/silver, docs/LABELLING.md) against the
# corpus: their keys resolve to statements (fewer than 1% unresolved), the
# set meets its counts, no silver statement comes from a paper of
# train.tsv, and the blind audit scores what QUALITY.md says.  Then the
# shipped model on the corpus: statements found by "not consistent with"
# are mostly contrasting, and none labelled supporting has the negation
# governing the agreement cue of its own citation.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
TSV="$SHARED/data/citation-sentiment/train.tsv"
die() { echo "t0106: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"
ctx silver rows "$TOP"/data/silver/batch-*.tsv -o "$T/rows.tsv" 2>"$T/err" || die "silver rows: $(cat "$T/err")"
cat "$T/err"
set -- $(sed -n 's/^silver: \([0-9]*\) keys, \([0-9]*\) rows, \([0-9]*\) unresolved.*/\1 \2 \3/p' "$T/err")
[ $# -eq 3 ] || die "no summary line: $(cat "$T/err")"
keys=$1 missing=$3
[ "$keys" -ge 8000 ] || die "$keys silver keys, want at least 8,000"
[ $((missing * 100)) -lt "$keys" ] || die "$missing of $keys keys unresolved (1% or more)"
awk -F'\t' 'NR > 1 { n[$4]++; p[$2] = 1 } END {
	printf "silver rows: %d supporting, %d contrasting, %d mentioning, %d articles\n", n["supporting"], n["contrasting"], n["mentioning"], length(p)
	exit !(n["contrasting"] >= 1200 && n["supporting"] >= 1500 && length(p) >= 1500) }' "$T/rows.tsv" ||
	die "silver counts under 1,200 contrasting, 1,500 supporting or 1,500 articles"
# no silver statement from a paper of train.tsv (grouped CV stays honest)
awk -F'\t' 'FNR == NR { if (FNR > 1) gold[$2] = 1; next } FNR > 1 && ($2 in gold) { bad++ } END { exit bad > 0 }' \
	"$TSV" "$T/rows.tsv" || die "silver rows from a paper of train.tsv"
# the audit: at least 600 blind gold rows, all three labels, as QUALITY.md
TRAIN="$TSV" sh "$TOP/scripts/silver-audit.sh" >"$T/audit" || die "audit failed"
tail -13 "$T/audit"
n=$(sed -n 's/^all batches: \([0-9]*\) gold rows$/\1/p' "$T/audit")
[ "${n:-0}" -ge 600 ] || die "$n gold rows in the audit, want at least 600"
f1=$(sed -n 's/^macro-F1 //p' "$T/audit")
grep -q "annotator macro-F1 $f1" "$TOP/docs/QUALITY.md" || die "QUALITY.md does not state the audit's macro-F1 $f1"

# "not consistent with": mostly contrasting; a supporting one must owe its
# label to its own citation's agreement, not to the negated cue
ctx search '"not consistent with"' --group statement --limit 1000 --json >"$T/s" || die "search failed"
jq -r '.data[] | [.type, .sentence.start, .sentence.end, .marker, .text] | @tsv' "$T/s" >"$T/rows"
total=$(wc -l <"$T/rows")
con=$(awk -F'\t' '$1 == "contrasting"' "$T/rows" | wc -l)
echo "\"not consistent with\": $total statements, $con contrasting"
[ "$total" -gt 20 ] || die "only $total statements found"
[ $((con * 2)) -gt "$total" ] || die "$con of $total contrasting"
# the sentence up to the marker, from the end of the citation before it
# (byte offsets: awk in the C locale): a supporting statement must not
# have "not consistent with" there
jq -r '.data[] | select(.type == "supporting") | [.marker, .sentence.start, .sentence.end, .text] | @tsv' "$T/s" |
	LC_ALL=C awk -F'\t' '{ s = substr($4, $2 + 1, $3 - $2); p = index(s, $1); if (!p) next
		seg = substr(s, 1, p - 1); cut = 0
		for (i = length(seg); i > 0; i--) { c = substr(seg, i, 1); if (c == "]" || c == ")") { cut = i; break } }
		seg = tolower(substr(seg, cut + 1))
		if (seg ~ /not consistent with/) { print; bad++ } }
		END { exit bad > 0 }' || die "a supporting statement whose own citation follows \"not consistent with\""
exit 0
