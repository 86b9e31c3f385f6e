#!/bin/sh
# t0021: `statements ID QUERY` searches one work's statements (facets
# counting only those), ranked by relevance when asked (and by default
# with a query); malformed and too costly queries exit 2 with one line
# that says what to change or names the limit.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo" "$TOP/tests/data/queries"
W=10.5555/citectx-demo.01
ids() { jq -c '[.data[].id]' "$T/out"; }

expect_exit 0 ctx statements $W --json --limit 100
all=$(jq .total "$T/out")
expect_exit 0 ctx statements $W once-daily --json --limit 100
n=$(jq .total "$T/out")
[ "$n" -gt 0 ] && [ "$n" -lt "$all" ] || die "once-daily: $n of $all statements"
jq -e '[.data[].text | test("once.daily"; "i")] | all' "$T/out" >/dev/null || die "a statement without once-daily"
jq -e '([.facets.type[]] | add) == .total and ([.facets.section_class[]] | add) == .total' "$T/out" >/dev/null ||
	die "facets do not count the searched statements: $(jq -c .facets "$T/out")"
expect_exit 0 ctx statements $W once-daily
expect_out '\*\*once-daily\*\*'

# relevance: the order in which search ranks the same statements (one
# statement per item on both sides: a card is led by one of its works)
Q='velorastat OR migraine'
expect_exit 0 ctx search "$Q" --group statement --json --limit 1000
ranked=$(jq -c "[.data[] | select(.cited.id == \"$W\") | .id]" "$T/out")
expect_exit 0 ctx statements $W "$Q" --sort relevance --json --group statement --limit 100
[ "$(ids)" = "$ranked" ] || die "--sort relevance gave $(ids), search ranks $ranked"
expect_exit 0 ctx statements $W "$Q" --json --group statement --limit 100
[ "$(ids)" = "$ranked" ] || die "with a query the default order is not relevance: $(ids)"
expect_exit 0 ctx statements $W "$Q" --sort newest --json --group statement --limit 100
[ "$(ids)" != "$ranked" ] || die "newest and relevance give the same order: the test says nothing"
# without a query, relevance has nothing to rank by: newest
expect_exit 0 ctx statements $W --sort relevance --json --limit 100
a=$(ids)
expect_exit 0 ctx statements $W --sort newest --json --limit 100
[ "$a" = "$(ids)" ] || die "relevance without a query is not newest"

# what people type that FTS5 would misread: searched, not refused
for q in "Hy's law" 'VELO-1' 'p<0.05' 'pmid:90000004' 'NEAR(a b' 'phase 2/3'; do
	expect_exit 0 ctx statements $W "$q" --json
done

# malformed: exit 2, one line saying what to change
for q in '"once daily' '(velorastat OR placebo' 'velorastat)' 'NOT placebo' \
	'velorastat AND' 'velorastat OR AND placebo' '()'; do
	expect_exit 2 ctx statements $W "$q"
	expect_one_line_err
	[ "$(wc -l <"$T/err")" -eq 1 ] || die "'$q': $(cat "$T/err")"
	expect_err 'query: .* at character [0-9]*'
	expect_exit 2 ctx search "$q"
	expect_err 'query: .* at character [0-9]*'
done

# too costly (issue 19): refused, the limit named
rep() { # word separator count
	i=0 s=
	while [ $i -lt "$3" ]; do s="$s${s:+$2}$1"; i=$((i + 1)); done
	printf '%s' "$s"
}
expect_exit 2 ctx search "$(rep the ' OR ' 400)"
expect_err '400 alternatives in one OR, over the OR limit of'
expect_exit 2 ctx search "$(rep the ' OR ' 3000)"
expect_err 'over the length limit of'
expect_exit 2 ctx search 'a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l* OR m* OR n* OR o* OR p* OR q* OR r* OR s* OR t* OR u* OR v* OR w* OR x* OR y* OR z*'
expect_err 'too short for the prefix limit'
expect_exit 2 ctx search "$(rep trial ' ' 40)"
expect_err '40 terms, over the term limit of'
expect_exit 2 ctx statements $W 'pla* OR mig* OR vel*'
expect_err 'prefix units.*over the prefix limit of'

expect_exit 2 ctx statements $W velorastat placebo
expect_err 'give one work ID, and a query'
expect_check
exit 0
