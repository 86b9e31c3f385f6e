#!/bin/sh
# t0037: an ID that does not resolve but looks like one that does is
# answered with "did you mean ...?" (a bare PMID or PMC number, "PMID
# 123", a DOI inside a resolver link); one that names nothing gets no
# guess.  Still exit 2 and one line: nothing is run on a guess.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 2 ctx report 90000001
expect_err "^citectx: 90000001: .*; did you mean pmid:90000001?$"
[ ! -s "$T/out" ] || die "a guess was run"
expect_exit 2 ctx statements 9900008
expect_err "did you mean pmcid:PMC9900008?$"
expect_exit 2 ctx refs "PMID 90000003"
expect_err "did you mean pmid:90000003?$"
expect_exit 2 ctx report "https://dx.doi.org/10.5555/citectx-demo.01"
expect_err "did you mean 10.5555/citectx-demo.01?$"
expect_exit 2 ctx cite "(pmc 9900007)."
expect_err "did you mean pmcid:PMC9900007?$"
# each suggestion resolves to the work it names
expect_exit 0 ctx report pmid:90000001
expect_out "Cited by 10 publications"
# nothing to suggest: the plain message
expect_exit 2 ctx report 12345
expect_err "^citectx: 12345: "
grep -q "did you mean" "$T/err" && die "a guess for 12345: $(cat "$T/err")"
expect_exit 2 ctx report pmid:12345
expect_err "^citectx: pmid:12345: no such work in the index$"
expect_one_line_err
exit 0
