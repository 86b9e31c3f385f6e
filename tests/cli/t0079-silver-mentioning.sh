#!/bin/sh
# t0079: train/eval --silver-mentioning X (silver rows labelled mentioning
# weigh X times the silver weight; the model file records X when it is
# not 1) and --inner-folds K; bad values are one-line usage errors.
. "$(dirname "$0")/lib.sh"
TINY="$TOP/tests/data/classify/tiny.tsv"
SILVER="$TOP/tests/data/classify/tiny-silver.tsv"

expect_exit 0 ctx train "$TINY" -o "$T/a.model" --group-by pmcid --silver "$SILVER" --lambda 0.01 --cw-power 1 --silver-weight 1 --inner-folds 3
expect_err "6 silver rows"
grep -q '^hyper [^ ]* [^ ]* [^ ]* 1$' "$T/a.model" || die "multiplier 1 written: $(grep '^hyper' "$T/a.model")"
expect_exit 0 ctx train "$TINY" -o "$T/b.model" --group-by pmcid --silver "$SILVER" --lambda 0.01 --cw-power 1 --silver-weight 1 --silver-mentioning 0.25 --inner-folds 3
grep -q '^hyper [^ ]* [^ ]* [^ ]* 1 0\.25$' "$T/b.model" || die "multiplier not recorded: $(grep '^hyper' "$T/b.model")"
# the other weights give other scores (the probes' lines)
[ "$(grep '^probe' "$T/a.model")" != "$(grep '^probe' "$T/b.model")" ] || die "--silver-mentioning changed nothing"
# a model file with the multiplier loads and scores
expect_exit 0 ctx eval "$TINY" --model "$T/b.model"
expect_out "^statements 36$"
expect_exit 0 ctx eval "$TINY" --folds 3 --group-by pmcid --silver "$SILVER" --lambda 0.01 --cw-power 1 --silver-weight 1 --silver-mentioning 0.5 --inner-folds 2
expect_out "^statements 36$"
# bounds
expect_exit 2 ctx train "$TINY" -o "$T/c.model" --group-by pmcid --silver "$SILVER" --silver-mentioning 2
expect_err "--silver-mentioning 2"
expect_one_line_err
expect_exit 2 ctx eval "$TINY" --folds 3 --group-by pmcid --inner-folds 1
expect_err "--inner-folds 1"
expect_one_line_err
exit 0
