#!/bin/sh
# t0036: errors for people on the command line (issue 16): every command
# answers --help and `help COMMAND` with its own usage; enum values are
# case-insensitive and take a unique prefix, an unknown one lists the
# valid ones; an empty result says "no matches" with its filters; a
# from-year after the to-year is an error.
. "$(dirname "$0")/lib.sh"

# ---- help: every command of the table (as `citectx help` lists them)
expect_exit 0 "$CITECTX" help
cmds=$(sed -n 's/^  citectx \([a-z-]*\).*/\1/p' "$T/out")
[ "$(echo "$cmds" | wc -w)" -ge 15 ] || die "help lists too few commands: $cmds"
for c in $cmds; do
	expect_exit 0 "$CITECTX" "$c" --help
	head -1 "$T/out" | grep -q "^usage: citectx \[--db PATH\] $c " ||
		die "$c --help: $(head -c 200 "$T/out")"
	cp "$T/out" "$T/help1"
	expect_exit 0 "$CITECTX" help "$c"
	cmp -s "$T/out" "$T/help1" || die "help $c differs from $c --help"
	expect_exit 0 "$CITECTX" "$c" -h
	cmp -s "$T/out" "$T/help1" || die "$c -h differs from $c --help"
done
# --help does nothing else: no index is created, no value is asked for
expect_exit 0 "$CITECTX" --db "$T/none.db" classify --help
[ ! -e "$T/none.db" ] || die "classify --help opened an index"
expect_out "--explain"
expect_exit 0 "$CITECTX" statements --help
expect_out "--from-year"
expect_exit 2 "$CITECTX" help frobnicate
expect_err "frobnicate: unknown command; commands: ingest report"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
W=10.5555/citectx-demo.01

# ---- enums: case and prefixes, the same result as the full name
expect_exit 0 ctx statements $W --type supporting --limit 100 --json
jq -c '[.data[].id]' "$T/out" >"$T/full"
[ "$(jq '.data | length' "$T/out")" -gt 0 ] || die "no supporting statements"
for v in support SUPPORTING Supp s; do
	expect_exit 0 ctx statements $W --type "$v" --limit 100 --json
	[ "$(jq -c '[.data[].id]' "$T/out")" = "$(cat "$T/full")" ] ||
		die "--type $v is not --type supporting"
done
expect_exit 0 ctx statements $W --section discussion --json
jq -c '[.data[].id]' "$T/out" >"$T/full"
expect_exit 0 ctx statements $W --section Discussion --json
[ "$(jq -c '[.data[].id]' "$T/out")" = "$(cat "$T/full")" ] ||
	die "--section Discussion is not --section discussion"
expect_exit 0 ctx statements $W --sort OLD --self EXCL --json
expect_exit 0 ctx cite $W --format BIB
expect_out "@article{"

# ---- unknown values list the valid ones
expect_exit 2 ctx statements $W --type support-ish
expect_err "^citectx statements: --type support-ish: expected supporting, contrasting, mentioning or unclassified$"
expect_exit 2 ctx statements $W --section discusion
expect_err "introduction, methods, results, discussion or other"
expect_exit 2 ctx search trial --sort best
expect_err "--sort best: expected relevance, newest, oldest or confidence"
expect_exit 2 ctx statements $W --journal-self maybe
expect_err "--journal-self maybe: expected only or exclude"
expect_exit 2 ctx cite $W --format endnote
expect_err "--format endnote: expected bibtex, ris, csl-json or apa"
expect_exit 2 ctx statements $W --from-year abc
expect_err "--from-year abc: expected a year like 2015"
expect_one_line_err

# ---- a from-year after the to-year is an error, not an empty page
expect_exit 2 ctx statements $W --from-year 2015 --to-year 2010
expect_err "--from-year 2015 is after --to-year 2010"
[ "$(wc -l <"$T/err")" -eq 1 ] || die "year range error is not one line"
[ ! -s "$T/out" ] || die "year range error printed a result"
expect_exit 0 ctx statements $W --from-year 2015 --to-year 2015 --json

# ---- no matches, said plainly with the filters applied
expect_exit 0 ctx statements $W --type contrasting --section methods --from-year 2030
expect_out "^no matches: no statement about $W with --type contrasting --section methods --from-year 2030$"
grep -q "^types:" "$T/out" && die "an empty result printed zeroed facets"
expect_exit 0 ctx search '"no sentence says this zzz"' --self only
expect_out '^no matches for the search "no sentence says this zzz" with --self only$'
# JSON keeps its shape: an empty list, total 0
expect_exit 0 ctx search zzzqqq --json
[ "$(jq -c '[.total, (.data | length)]' "$T/out")" = "[0,0]" ] || die "empty JSON: $(cat "$T/out")"
# a result that is not empty still has its facets
expect_exit 0 ctx statements $W --type contrasting
expect_out "^types:"
expect_check
exit 0
