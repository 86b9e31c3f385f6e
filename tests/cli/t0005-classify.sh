#!/bin/sh
# t0005: the classifier from the command line: train on a hand-written
# TSV, classify (text, stdin, --json, --explain), eval (model and grouped
# folds, macro-F1 last), ingest with a model, reclassify an index.
. "$(dirname "$0")/lib.sh"
TINY="$TOP/tests/data/classify/tiny.tsv"
M="$T/tiny.model"

expect_exit 0 ctx train "$TINY" -o "$M" --group-by pmcid --lambda 0.001 --cw-power 1 --min-precision 0
expect_out "trained tiny on 36 statements"
head -1 "$M" | grep -q '^citectx-model 1$' || die "model header: $(head -1 "$M")"

expect_exit 0 ctx classify --model "$M" "Our findings are consistent with those of a recent trial [5] ."
expect_out "^supporting [01]\.[0-9][0-9][0-9]$"
expect_exit 0 ctx classify --model "$M" --json "In contrast to Smith [5], we found no benefit."
expect_out '^{"type":"contrasting","confidence":[01][.0-9]*,"scores":{"supporting":'
[ "$(wc -l <"$T/out")" -eq 1 ] || die "--json is not one document"
expect_exit 0 ctx classify --model "$M" --explain "Pain was measured with a validated scale [5] ."
expect_out "^mentioning"
expect_out "^  [+-]0*[0-9]*\.[0-9]*  "
# stdin: one statement a line, "MARKER<TAB>SENTENCE" or a bare sentence
printf '[5]\tUnlike the previous study [5], we found higher rates.\n[ 4]\n' >"$T/in"
expect_exit 0 sh -c "\"$CITECTX\" classify --model \"$M\" <\"$T/in\""
[ "$(sed -n 1p "$T/out" | cut -d' ' -f1)" = contrasting ] || die "stdin line 1: $(cat "$T/out")"
[ "$(sed -n 2p "$T/out")" = "unclassified 0.000" ] || die "stdin line 2: $(cat "$T/out")"

expect_exit 0 ctx eval "$TINY" --model "$M"
expect_out "^supporting  *[01]\.[0-9]*"
expect_out "^ECE "
[ -n "$(tail -1 "$T/out" | grep '^macro-F1 [01]\.[0-9][0-9][0-9]$')" ] || die "eval last line: $(tail -1 "$T/out")"
expect_exit 0 ctx eval "$TINY" --folds 3 --group-by pmcid --lambda 0.001 --cw-power 1
[ -n "$(tail -1 "$T/out" | grep '^macro-F1 [01]\.[0-9][0-9][0-9]$')" ] || die "cv last line: $(tail -1 "$T/out")"
expect_out "^confusion"

# bad usage and bad input: one line, exit 2
expect_exit 2 ctx eval
expect_exit 2 ctx train "$TINY"
expect_exit 2 ctx eval "$T/missing.tsv"
expect_err "missing.tsv"
expect_exit 2 ctx classify --model "$T/missing.model" "x"
expect_err "missing.model"
printf 'label\tsentence\nmaybe\tA sentence.\n' >"$T/bad.tsv"
expect_exit 2 ctx eval "$T/bad.tsv" --model "$M"
expect_err "bad.tsv:2:"
expect_one_line_err
expect_exit 2 ctx eval "$TINY" --folds 3 --model "$M"
expect_exit 2 ctx eval "$TINY" --folds 1

# ingest labels with the model given; reclassify relabels in place
expect_exit 0 ctx ingest "$TOP/tests/data/demo" --model "$M"
n=$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE model = 'tiny' AND type < 3")
[ "$n" -gt 0 ] || die "ingest stored no labels of model tiny"
expect_exit 0 ctx train "$TINY" -o "$T/other.model" --lambda 0.01 --cw-power 0.5 --min-precision 0
expect_exit 0 ctx reclassify --model "$T/other.model"
total=$(sqlite3 "$DB" "SELECT count(*) FROM statements")
expect_out "relabelled $total statements with model other"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE model = 'tiny'")" -eq 0 ] || die "labels of tiny remain"
expect_check
exit 0
