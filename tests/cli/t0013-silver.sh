#!/bin/sh
# t0013: silver labels kept as keys: `silver pool` lists the index's
# statements with their sentence keys, `silver rows` turns key files back
# into training rows and counts the keys it cannot resolve, and train/eval
# take the rows with --silver (never scored, never in a scored paper's
# training).
. "$(dirname "$0")/lib.sh"
TINY="$TOP/tests/data/classify/tiny.tsv"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 0 ctx silver pool
head -1 "$T/out" | grep -q '^pmcid	key	marker	section_class	section	type	confidence	before	sentence	after$' ||
	die "pool header: $(head -1 "$T/out")"
n=$(($(wc -l <"$T/out") - 1))
[ "$n" -gt 5 ] || die "pool has $n statements"
# every pool line: a PMCID, 16 hex digits, ten fields
awk -F'\t' 'NR > 1 && (NF != 10 || length($2) != 16 || $2 ~ /[^0-9a-f]/ || $1 !~ /^PMC/) { exit 1 }' "$T/out" ||
	die "malformed pool line"
# keys of three statements, labelled, plus one key of no statement
awk -F'\t' 'BEGIN { print "pmcid\tkey\tmarker\tlabel\tbatch\tguideline" }
	NR > 1 && NR <= 4 { print $1 "\t" $2 "\t" $3 "\tcontrasting\tt-1\tg0" }
	END { print "PMC1\t0123456789abcdef\t[9]\tsupporting\tt-1\tg0" }' "$T/out" >"$T/keys.tsv"
expect_exit 0 ctx silver rows "$T/keys.tsv" -o "$T/rows.tsv"
expect_err "silver: 4 keys, 3 rows, 1 unresolved (25.00%)"
[ "$(wc -l <"$T/rows.tsv")" -eq 4 ] || die "rows: $(cat "$T/rows.tsv")"
head -1 "$T/rows.tsv" | grep -q '^id	pmcid	marker	label	sentence	section_class	batch$' || die "rows header"
[ "$(awk -F'\t' 'NR > 1 && $4 == "contrasting" && $5 != ""' "$T/rows.tsv" | wc -l)" -eq 3 ] ||
	die "rows lack label or sentence: $(cat "$T/rows.tsv")"
# bad key files: one line, exit 2
printf 'pmcid\tkey\n' >"$T/bad.tsv"
expect_exit 2 ctx silver rows "$T/bad.tsv"
expect_err "bad.tsv"
expect_one_line_err
printf 'pmcid\tkey\tmarker\tlabel\nPMC1\tx\t[1]\tmaybe\n' >"$T/bad2.tsv"
expect_exit 2 ctx silver rows "$T/bad2.tsv"
expect_err "bad2.tsv:2"
expect_exit 2 ctx silver
expect_exit 2 ctx silver rows

# training with silver rows: they are counted, and eval scores the
# expert rows only (36 statements in tiny.tsv)
expect_exit 0 ctx train "$TINY" -o "$T/m.model" --group-by pmcid --silver "$T/rows.tsv" --lambda 0.001 --cw-power 1
expect_err "3 silver rows"
grep -q '^hyper .* 0\.25$\|^hyper .* 0\.5$\|^hyper .* 1$' "$T/m.model" || die "silver weight not recorded: $(grep '^hyper' "$T/m.model")"
expect_exit 0 ctx eval "$TINY" --folds 3 --group-by pmcid --silver "$T/rows.tsv" --lambda 0.001 --cw-power 1 --silver-weight 0.5
expect_out "^statements 36$"
expect_out "^macro-F1 95% interval "
expect_exit 2 ctx eval "$TINY" --folds 3 --silver "$T/rows.tsv"
expect_err "--group-by"
exit 0
