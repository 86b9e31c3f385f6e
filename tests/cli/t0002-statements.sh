#!/bin/sh
# t0002: statements with facets, sorts and cursors; search; refs.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
W=10.5555/citectx-demo.01

expect_exit 0 ctx statements $W --section methods --json --limit 100
[ "$(grep -o '"section_class":"methods"' "$T/out" | wc -l)" -eq 6 ] || die "methods statements != 6"
grep -q '"section_class":"introduction"' "$T/out" && die "section filter leaked"

expect_exit 0 ctx statements $W --from-year 2021 --to-year 2021 --json --limit 100
[ "$(grep -o '"year":2021' "$T/out" | wc -l)" -ge 7 ] || die "year filter"

expect_exit 0 ctx statements $W --sort oldest --limit 1 --json
expect_out '"year":2016'
expect_exit 0 ctx statements $W --sort newest --limit 1 --json
expect_out '"year":2023'

# walk every page of 5: 28 statements exactly once
cursor=""
: >"$T/ids"
while :; do
	if [ -n "$cursor" ]; then
		expect_exit 0 ctx statements $W --limit 5 --json --cursor "$cursor"
	else
		expect_exit 0 ctx statements $W --limit 5 --json
	fi
	grep -o '{"id":[0-9]*,"citing"' "$T/out" >>"$T/ids"
	cursor=$(sed -n 's/.*"next":"\([^"]*\)".*/\1/p' "$T/out")
	[ -n "$cursor" ] || break
done
[ "$(wc -l <"$T/ids")" -eq 28 ] || die "pages gave $(wc -l <"$T/ids") statements"
[ "$(sort -u "$T/ids" | wc -l)" -eq 28 ] || die "pages repeated a statement"

# search: a phrase, and everything one article says
expect_exit 0 ctx search '"consistent with"' --json
expect_out '"data":\[{'
expect_exit 0 ctx search --citing 10.5555/citectx-demo.12 --json --limit 100 --group statement
[ "$(grep -o '"citing":{"id":"10.5555/citectx-demo.12"' "$T/out" | wc -l)" -eq 10 ] || die "demo12 makes 10 statements"

# refs: demo04's first reference is demo01, cited by 10
expect_exit 0 ctx refs 10.5555/citectx-demo.04 --json
expect_out '"position":1,.*"doi":"10.5555/citectx-demo.01".*"citing_publications":10'
exit 0
