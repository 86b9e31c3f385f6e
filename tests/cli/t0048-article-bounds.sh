#!/bin/sh
# t0048: bounds per article (issue 19).  A hostile article (one long
# paragraph citing [a–b] ranges of 200 references, from
# scripts/hostile-article.sh) is stored truncated with a warning: at most
# 100 statements per citation and 256 per sentence, each statement's text
# cut to a window around its marker (marked "…").  Many short sentences
# meet the article's own bound instead (statements and text per byte).
. "$(dirname "$0")/lib.sh"

gen() { sh "$TOP/scripts/hostile-article.sh" "$@"; }
gen 300000 1000 200 40 >"$T/long.nxml"
size=$(wc -c <"$T/long.nxml")
expect_exit 0 ctx ingest "$T/long.nxml"
expect_out "1 articles, 1000 references, 256 statements, 0 failures, 1 warnings"
expect_err "warning: $T/long.nxml: stored truncated: 256 statements kept"
expect_err "100 references per citation, 256 statements per sentence"
expect_err "citing sentences over 2560 bytes cut to 1024 bytes"
q() { sqlite3 "$DB" "$1"; }
[ "$(q 'SELECT max(length(CAST(text AS BLOB))) <= 3 * 2560 + 12 FROM statements')" = 1 ] ||
	die "a statement's text is longer than its window: $(q 'SELECT max(length(text)) FROM statements')"
[ "$(q 'SELECT max(n) FROM (SELECT count(*) n FROM statements GROUP BY citing, marker)')" -le 100 ] ||
	die "a citation made more than 100 statements"
[ "$(q "SELECT count(*) FROM statements WHERE ctx = 0 AND instr(text, '…') = 0")" = 0 ] ||
	die "a cut text is not marked"
[ "$(q "SELECT count(*) FROM statements WHERE instr(text, marker) = 0 AND ctx = 0")" = 0 ] ||
	die "a statement's marker is not in its text"
expect_check

# many short citing sentences: the article's own bound, and --json says it
gen 200000 1000 200 3 4 >"$T/short.nxml"
size=$(wc -c <"$T/short.nxml")
expect_exit 0 ctx --json ingest "$T/short.nxml"
jq -e '.warnings | length == 1' "$T/out" >/dev/null || die "no warning in --json: $(head -c 300 "$T/out")"
jq -e '.warnings[0].warning | test("statements and text per byte of article")' "$T/out" >/dev/null ||
	die "the article bound is not named: $(head -c 400 "$T/out")"
n=$(q "SELECT count(*) FROM statements s JOIN works w ON w.id = s.citing WHERE w.doi = '10.5555/citectx-hostile.200000'")
[ "$n" -gt 0 ] && [ "$n" -le $((1024 + size / 32)) ] || die "$n statements for $size bytes"
t=$(q "SELECT sum(length(CAST(text AS BLOB))) FROM statements s JOIN works w ON w.id = s.citing WHERE w.doi = '10.5555/citectx-hostile.200000'")
[ "$t" -le $((262144 + 4 * size)) ] || die "$t bytes of text for $size bytes"
expect_check

# a real article: no warning
expect_exit 0 ctx ingest "$TOP/tests/data/demo/demo01.nxml"
grep -q warning "$T/out" "$T/err" && die "warning on a plain article: $(cat "$T/err")"
exit 0
