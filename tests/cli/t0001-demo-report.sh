#!/bin/sh
# t0001: ingest the invented demo corpus; the report of its most-cited
# work (demo01) counts what tests/data/demo/EXPECTED.md says.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_out "12 files, 12 articles, 58 references, 91 statements, 0 failures"
expect_check

expect_exit 0 ctx report 10.5555/citectx-demo.01
expect_out "Cited by 10 publications (28 citation statements)"

# one work, whichever identifier a user gives
for id in doi:10.5555/CITECTX-DEMO.01 pmid:90000001 pmcid:PMC9900001 PMC9900001; do
	expect_exit 0 ctx report "$id" --json
	expect_out '"citing_publications":10,"statements_total":28'
	expect_out '"doi":"10.5555/citectx-demo.01"'
done
expect_out '"sections":{"introduction":10,"methods":6,"results":2,"discussion":10,"other":0}'
expect_out '"references_count":4'

expect_exit 0 ctx top --limit 1 --json
expect_out '"id":"10.5555/citectx-demo.01"'

# ingest --json is one JSON object
expect_exit 0 ctx ingest "$TOP/tests/data/demo/demo01.nxml" --json
expect_out '^{"files":1,"articles":1,"references":4,"statements":5,"failures":\[\],"seconds":'
exit 0
