#!/bin/sh
# t0014: minimal pairs (tests/data/classify/pairs.tsv, written for citectx):
# statements in pairs or triples that differ by a negation, a contrast word
# or which marker is the target.  The shipped model must label at least
# 90% of them as written, and each class must be found.
. "$(dirname "$0")/lib.sh"
P="$TOP/tests/data/classify/pairs.tsv"
n=$(($(wc -l <"$P") - 1))
[ "$n" -ge 80 ] || die "pairs.tsv holds $n statements, want at least 80"
expect_exit 0 ctx eval "$P"
cat "$T/out"
acc=$(sed -n 's/^accuracy //p' "$T/out")
awk -v a="$acc" 'BEGIN { exit !(a >= 0.90) }' || die "minimal pairs: accuracy $acc < 0.90"
for c in supporting contrasting mentioning; do
	r=$(awk -v c="$c" '$1 == c && NF == 5 { print $3; exit }' "$T/out")
	awk -v r="$r" 'BEGIN { exit !(r >= 0.8) }' || die "$c recall $r < 0.8 on the pairs"
done
exit 0
