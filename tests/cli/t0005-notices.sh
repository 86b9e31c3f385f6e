#!/bin/sh
# t0005: editorial notices (retraction, correction, expression of concern)
# read from JATS article-type and related-article, shown on the works they
# concern whichever identifier named them; numbered affiliations.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/notices"
expect_check

# the retracted and corrected article: the retraction names it by DOI (in
# another case), the correction by PMID; the companion link is no notice
expect_exit 0 ctx report 10.5555/citectx-notice.01 --json
expect_out '"notices":\[{"kind":"correction","relation":"corrected-article","id":"10.5555/citectx-notice.03"'
expect_out '{"kind":"retraction","relation":"retracted-article","id":"10.5555/citectx-notice.02"'
[ "$(grep -o '"kind":' "$T/out" | wc -l)" -eq 2 ] || die "notice.01 should carry exactly 2 notices"
expect_out '"concerns":\[\]'
# numbered affiliations: Quist has 1 and 2, Ferro 2
expect_out '"surname":"Quist","given":"Anna","affiliations":\[1,2\]'
expect_out '"surname":"Ferro","given":"Luis","affiliations":\[2\]'
expect_out '"affiliations":\[{"n":1,"name":"Department of Invented Medicine, Nowhere University, Exampleland"},{"n":2,'

expect_exit 0 ctx report 10.5555/citectx-notice.01
expect_out 'EDITORIAL NOTICES about this work'
expect_out 'retraction: 10.5555/citectx-notice.02'

# the notice itself says what it concerns
expect_exit 0 ctx report pmid:90000102 --json
expect_out '"concerns":\[{"kind":"retraction","relation":"retracted-article","id":"10.5555/citectx-notice.01"'
expect_out '"notices":\[\]'

# a concerned work that is not indexed is still found and flagged
expect_exit 0 ctx report 10.5555/citectx-notice.05 --json
expect_out '"notices":\[{"kind":"expression-of-concern","relation":"object-of-concern","id":"10.5555/citectx-notice.04"'
expect_exit 2 ctx report 10.5555/citectx-notice.06
expect_exit 2 ctx report 10.5555/citectx-notice.09

# re-ingesting replaces notices, never duplicates them
expect_exit 0 ctx ingest "$TOP/tests/data/notices"
expect_exit 0 ctx report 10.5555/citectx-notice.01 --json
[ "$(grep -o '"kind":' "$T/out" | wc -l)" -eq 2 ] || die "re-ingest duplicated notices"
expect_check
exit 0
