#!/bin/sh
# t0032: one card per citing sentence in the CLI: `search` and `statements`
# print each citing sentence of an article once, say how many sentences
# and statements matched, name every cited work with its label, and show
# an unlinked reference by its text (never citectx:0); paging by cursor
# gives every card once; --group statement keeps one item per statement.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo" "$TOP/tests/data/cards"
expect_check

# text: counts, cited works, the unlinked reference as written
expect_exit 0 ctx search zorvexine --limit 100
expect_out '^4 sentences, 8 statements$'
expect_out 'cites: \[1\] \[[a-z]* [0-9.]*\] 10.5555/citectx-cards.w1 A pilot trial of zorvexine'
expect_out '(not linked) Zorvexine Working Group. Field notes.'
grep -q 'citectx:0' "$T/out" && die "an unlinked reference shown as citectx:0"
[ "$(grep -c '^\[' "$T/out")" -eq 4 ] || die "not 4 cards: $(grep -c '^\[' "$T/out")"
[ "$(grep -c '10.5555/citectx-cards.w1 ' "$T/out")" -eq 2 ] || die "w1 is cited twice in one sentence"

# a work cited twice in one sentence: one card in its list
expect_exit 0 ctx statements 10.5555/citectx-cards.w1
expect_out '^1 sentence, 2 statements$'
[ "$(grep -c '^\[' "$T/out")" -eq 1 ] || die "w1's list repeats its sentence"

# statement by statement, as before
expect_exit 0 ctx statements 10.5555/citectx-cards.w1 --group statement
expect_out '^2 statements$'
expect_out 'about: 10.5555/citectx-cards.w1'
expect_exit 2 ctx search zorvexine --group paragraph
expect_err 'expected sentence or statement'

# every page of 3 of "velorastat": each (citing, sentence) once, total cards
cursor=""
: >"$T/keys"
total=""
while :; do
	if [ -n "$cursor" ]; then
		expect_exit 0 ctx search velorastat --limit 3 --json --cursor "$cursor"
	else
		expect_exit 0 ctx search velorastat --limit 3 --json
	fi
	[ -n "$total" ] || total=$(jq .total "$T/out")
	jq -r '.data[] | "\(.citing.id) \(.sentence.start) \(.text)"' "$T/out" >>"$T/keys"
	cursor=$(jq -r '.next // empty' "$T/out")
	[ -n "$cursor" ] || break
done
[ "$(wc -l <"$T/keys")" -eq "$total" ] || die "pages gave $(wc -l <"$T/keys") cards, total $total"
[ "$(sort -u "$T/keys" | wc -l)" -eq "$total" ] || die "pages repeated a sentence"
[ "$total" -lt "$(jq .statements "$T/out")" ] || die "no sentence of velorastat cites two works"
exit 0
