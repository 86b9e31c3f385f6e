#!/bin/sh
# silver-audit.sh [AUDIT.tsv...] — the annotator's agreement with the
# experts on the gold rows of train.tsv mixed blind into the annotation
# batches (data/silver/audit-*.tsv by default): macro-F1 per batch, then
# over all of them per-class precision / recall / F1, macro-F1, accuracy,
# Cohen's kappa and the confusion matrix.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TRAIN=${TRAIN:-$ROOT/../shared/data/citation-sentiment/train.tsv}
[ $# -gt 0 ] || set -- "$ROOT"/data/silver/audit-*.tsv
awk -F'\t' '
	FNR == NR { gold[$1] = $4; next }
	FNR > 1 && ($2 in gold) { print $1 "\t" gold[$2] "\t" $3 }' "$TRAIN" "$@" | awk -F'\t' '
	function f1(p, r) { return p + r > 0 ? 2 * p * r / (p + r) : 0 }
	function score(pre,   c, k, tp, np, ng, s, P, R) {
		s = 0
		for (c = 0; c < 3; c++) {
			tp = n[pre, L[c], L[c]] + 0; np = 0; ng = 0
			for (k = 0; k < 3; k++) { np += n[pre, L[k], L[c]]; ng += n[pre, L[c], L[k]] }
			P = np ? tp / np : 0; R = ng ? tp / ng : 0
			prec[c] = P; rec[c] = R; sup[c] = ng; s += f1(P, R)
		}
		return s / 3
	}
	BEGIN { L[0] = "supporting"; L[1] = "contrasting"; L[2] = "mentioning" }
	{ n[$1, $2, $3]++; n["all", $2, $3]++; tot[$1]++; tot["all"]++; seen[$1] = 1 }
	END {
		for (b in seen) printf "batch %s: %d gold rows, macro-F1 %.3f\n", b, tot[b], score(b) | "sort"
		close("sort")
		m = score("all")
		printf "\nall batches: %d gold rows\n%-12s %9s %7s %7s %8s\n", tot["all"], "class", "precision", "recall", "F1", "support"
		for (c = 0; c < 3; c++) printf "%-12s %9.3f %7.3f %7.3f %8d\n", L[c], prec[c], rec[c], f1(prec[c], rec[c]), sup[c]
		po = 0; pe = 0
		for (c = 0; c < 3; c++) {
			po += n["all", L[c], L[c]]
			rg = 0; cp = 0
			for (k = 0; k < 3; k++) { rg += n["all", L[c], L[k]]; cp += n["all", L[k], L[c]] }
			pe += rg * cp
		}
		po /= tot["all"]; pe /= tot["all"] * tot["all"]
		printf "macro-F1 %.3f\naccuracy %.3f\nCohen kappa %.3f\n", m, po, (po - pe) / (1 - pe)
		printf "confusion (rows: expert, columns: annotator):\n%-12s %12s %12s %12s\n", "", L[0], L[1], L[2]
		for (c = 0; c < 3; c++) printf "%-12s %12d %12d %12d\n", L[c], n["all", L[c], L[0]], n["all", L[c], L[1]], n["all", L[c], L[2]]
	}'
