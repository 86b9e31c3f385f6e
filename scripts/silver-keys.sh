#!/bin/sh
# silver-keys.sh DIR MANIFEST GUIDELINE BATCH... — turns an annotation
# round's labels (DIR/labels-NN.tsv; MANIFEST from silver-batches.sh) into
# the keys kept in the repository: data/silver/batch-NN.tsv (the silver
# rows: pmcid, sentence key, marker, label, batch, guideline) and
# data/silver/audit-NN.tsv (the blind gold rows: train.tsv id and the
# annotator's label); ROUND=r3 names a later round's files batch-r3-NN.tsv
# and its batches g2-r3-NN.  No text is written: `citectx silver rows` rebuilds
# the rows from an index of the corpus.
set -eu
DIR=$1
MAN=$2
G=$3
shift 3
R=${ROUND:+$ROUND-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/data/silver
mkdir -p "$OUT"
for b in "$@"; do
	n=$(expr "$b" + 0 || :)
	L=$DIR/labels-$b.tsv
	items=$(awk -F'\t' -v B="$n" '$1 == B' "$MAN" | wc -l)
	got=$(awk -F'\t' '$2 ~ /^(supporting|contrasting|mentioning)$/' "$L" | cut -f1 | sort -u | wc -l)
	if [ "$items" -ne "$got" ]; then
		echo "silver-keys: batch $b: $got labels for $items items" >&2
		exit 1
	fi
	awk -F'\t' -v B="$n" -v id="$G-$R$b" -v G="$G" '
		FNR == NR { lab[$1] = $2; next }
		FNR == 1 { print "pmcid\tkey\tmarker\tlabel\tbatch\tguideline"; next }
		$1 == B && $3 == "silver" { print $4 "\t" $5 "\t" $6 "\t" lab[$2] "\t" id "\t" G }' \
		"$L" "$MAN" >"$OUT/batch-$R$b.tsv"
	awk -F'\t' -v B="$n" -v id="$G-$R$b" '
		FNR == NR { lab[$1] = $2; next }
		FNR == 1 { print "batch\tid\tannotator"; next }
		$1 == B && $3 == "gold" { print id "\t" $7 "\t" lab[$2] }' \
		"$L" "$MAN" >"$OUT/audit-$R$b.tsv"
done
