#!/bin/sh
# t0086: `citectx check --utf8` looks at every stored text (issue 18,
# item 5): values that are not valid UTF-8, or hold a NUL byte, are
# counted by table and named (table, row, column), the first
# CHECK_TEXT_LIST of them; a finding, not a failure (exit 0, "ok"; --json
# counts them); a clean index says nothing of it; plain check stays as
# it was.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 0 ctx check --utf8
grep -q 'UTF-8' "$T/err" && die "a clean index reported text: $(cat "$T/err")"
w=$(sqlite3 "$DB" "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.03'")
r=$(sqlite3 "$DB" "SELECT min(id) FROM refs")
sqlite3 "$DB" "UPDATE works SET publisher = CAST(X'4F6C64E920' AS TEXT) WHERE id = $w;
UPDATE refs SET title = CAST(X'610062' AS TEXT) WHERE id = $r;
INSERT INTO login_failures(name, client, at) VALUES(CAST(X'C0AF' AS TEXT), 'c', 1)" || die "sqlite3"
expect_exit 0 ctx check
[ -s "$T/err" ] && die "plain check reported: $(cat "$T/err")"
expect_exit 0 ctx check --utf8 --json
[ "$(jq -c . "$T/out")" = '{"ok":true,"invalid_utf8":3}' ] || die "--json: $(cat "$T/out")"
expect_exit 0 ctx check --utf8
expect_out '^ok$'
expect_err "warning: 3 text values are not valid UTF-8 (works 1, refs 1, login_failures 1)"
expect_err "  works id $w: publisher"
expect_err "  refs id $r: title"
expect_err "  login_failures row 1: name"
# past the list's ceiling: counted, not named
sqlite3 "$DB" "UPDATE statements SET marker = CAST(X'5BFF5D' AS TEXT) WHERE id IN (SELECT id FROM statements ORDER BY id LIMIT 30)" || die "sqlite3"
expect_exit 0 ctx check --utf8
expect_err "warning: 33 text values are not valid UTF-8 (works 1, refs 1, statements 30, login_failures 1)"
[ "$(grep -c '^  [a-z_]* \(id\|row\) ' "$T/err")" -eq 20 ] || die "named $(grep -c '^  [a-z_]* \(id\|row\) ' "$T/err") values, want 20"
expect_err "  and 13 more"
echo "$ID: ok"
