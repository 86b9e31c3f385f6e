#!/bin/sh
# t0097: a mistyped command or option is refused (exit 2, one line, nothing
# run) with the nearest known name as a guess: commands, options and
# facets alike (a facet written with '-'); a name near nothing gets no guess.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 2 ctx reprot 10.5555/citectx-demo.01
expect_err "^citectx: reprot: unknown command; did you mean report? "
[ ! -s "$T/out" ] || die "a guess was run"
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --limt 3
expect_err "^citectx statements: --limt: unknown option; did you mean --limit?$"
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --form-year 2010
expect_err "did you mean --from-year?$"
expect_exit 2 ctx report 10.5555/citectx-demo.01 --jsno
expect_err "did you mean --json?$"
expect_exit 2 ctx xyzzy
expect_err "^citectx: xyzzy: unknown command (see citectx help)$"
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --qqqqqq 1
expect_err "^citectx statements: --qqqqqq: unknown option$"
echo "t0097: ok"
