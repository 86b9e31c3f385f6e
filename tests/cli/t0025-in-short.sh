#!/bin/sh
# t0025: "In short" that informs (issue 16), on invented articles citing
# one invented trial (tests/data/summary): a table footnote ("‡Median
# ..."), a list fragment ("b) ...") and a sentence under eight words are
# never points, each from a citing work of its own so that only the
# filters keep them out; supporting and contrasting points come before
# mentioning ones; the headline's share is stated as a majority.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/summary"
expect_check
expect_exit 0 ctx report 10.5555/citectx-sum.target
sed -n '/^What citing papers say:/,/^$/p' "$T/out" >"$T/short"
grep -q '^  - ' "$T/short" || die "no points: $(cat "$T/out")"
grep -q 'Median and interquartile\|Hollowmere\|Quillwort eased intolerable' "$T/short" &&
	die "a footnote, list fragment or short sentence is a point: $(cat "$T/short")"
[ "$(grep -c '^  - ' "$T/short")" -eq 3 ] || die "want 3 points: $(cat "$T/short")"
# classified points first, in the order supporting, contrasting, mentioning
awk '/^  - \[/ { t = $2; r = t == "[supporting]" ? 0 : t == "[contrasting]" ? 1 : 2;
	if (r < last) bad = 1; last = r } END { exit bad }' "$T/short" ||
	die "points out of order: $(cat "$T/short")"
grep -q 'Most (.*%) are in discussion sections\.' "$T/short" ||
	die "headline: $(head -2 "$T/short")"
