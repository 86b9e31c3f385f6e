#!/bin/sh
# t0187: `check` and `linkeval` on a PostgreSQL index (issue 18).  check
# passes on an index pg-load filled and on one two ingests filled (text,
# --json, --utf8 as on SQLite); each damage a direct SQL statement does
# (a cited_by row deleted, a dkey changed, a run row deleted, a lead's
# text changed, a sequence set back, a lead's tsv removed, a work
# deleted) makes it exit 1 naming the problem in a line.  linkeval's
# report is byte for byte SQLite's on the same index, with its examples
# of wrong and missed links (an index altered to have some).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
export XDG_STATE_HOME="$T/state"
sql() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" >/dev/null || die "SQL on $1: $2"; }

expect_exit 0 ctx ingest "$DEMO"
expect_check

# a sound index passes, in each output shape
ship_newdb loaded
L=$DBURL
expect_exit 0 "$CITECTX" --db "$L" pg-load "$DB"
expect_exit 0 "$CITECTX" --db "$L" check
[ "$(cat "$T/out")" = ok ] || die "check: $(cat "$T/out")"
[ -s "$T/err" ] && die "check printed: $(cat "$T/err")"
expect_exit 0 "$CITECTX" --db "$L" check --json
[ "$(cat "$T/out")" = '{"ok":true}' ] || die "check --json: $(cat "$T/out")"
expect_exit 0 "$CITECTX" --db "$L" check --utf8 --json
[ "$(cat "$T/out")" = '{"ok":true,"invalid_utf8":0}' ] || die "check --utf8 --json: $(cat "$T/out")"
ship_newdb ingested
expect_exit 0 "$CITECTX" --db "$DBURL" ingest "$DEMO" --part 1/2
expect_exit 0 "$CITECTX" --db "$DBURL" ingest "$DEMO" --part 2/2 --workers 2
expect_exit 0 "$CITECTX" --db "$DBURL" check
[ "$(cat "$T/out")" = ok ] || die "check after two ingests: $(cat "$T/out") $(cat "$T/err")"

# each damage: exit 1, a line naming it, {"ok":false}
n=0
damaged() { # SQL TEXT
	n=$((n + 1))
	ship_newdb d$n
	expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$DB"
	sql "$DBURL" "$1"
	expect_exit 1 "$CITECTX" --db "$DBURL" check
	expect_err "^$2"
	expect_err "integrity check failed"
	[ -s "$T/out" ] && die "$1: check printed on stdout: $(cat "$T/out")"
	expect_exit 1 "$CITECTX" --db "$DBURL" check --json
	[ "$(cat "$T/out")" = '{"ok":false}' ] || die "$1: check --json: $(cat "$T/out")"
}
damaged "DELETE FROM cited_by WHERE ctid = (SELECT min(ctid) FROM cited_by)" \
	"cited_by does not hold what refs with a cited work say: 57 rows for 58"
damaged "UPDATE statements SET dkey = dkey + 1000 WHERE id = (SELECT min(id) FROM statements WHERE cited IS NOT NULL)" \
	"1 statements whose distribution key is not coalesce(cited, -citing)"
damaged "DELETE FROM runs WHERE id = (SELECT max(id) FROM runs)" \
	"runs does not hold what statements say: 90 rows for 91"
damaged "UPDATE leads SET text = text || 'x' WHERE id = (SELECT min(id) FROM leads)" \
	"leads does not hold what the statements that lead a run of more than one say: .* (some rows differ)"
damaged "UPDATE citing_stmts SET type = 3 - type WHERE id = (SELECT min(id) FROM citing_stmts)" \
	"citing_stmts does not hold what statements say: 91 rows for 91 (some rows differ)"
damaged "SELECT setval('statements_ids', 5)" \
	"1 sequences not past the largest id of their table"
damaged "UPDATE statements SET tsv = NULL WHERE id = (SELECT min(id) FROM statements WHERE ctx = 0)" \
	"1 run leads without their search text"
damaged "DELETE FROM works WHERE id = (SELECT min(cited) FROM refs)" \
	"[0-9]* references linked to missing works"
echo "$ID: check passes on a loaded and an ingested index, fails on $n damages"

# linkeval: SQLite's bytes, on the demo and with mistakes to show
expect_exit 0 ctx linkeval 20
cp "$T/out" "$T/le.sqlite"
grep -q '^held-out: precision' "$T/le.sqlite" || die "linkeval: $(head -3 "$T/le.sqlite")"
expect_exit 0 "$CITECTX" --db "$L" linkeval 20
cmp -s "$T/le.sqlite" "$T/out" || die "linkeval differs: $(diff "$T/le.sqlite" "$T/out" | head -6)"
cp "$DB" "$T/mut.db"
sqlite3 "$T/mut.db" "UPDATE refs SET cited = (SELECT cited FROM refs WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1 OFFSET 1) WHERE id = (SELECT min(id) FROM refs WHERE cited = (SELECT cited FROM refs WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1) AND doi IS NOT NULL); UPDATE refs SET title = 'Zzz qqq unrelated words', authors = 'Nobody X', volume = NULL, fpage = NULL WHERE id = (SELECT max(id) FROM refs WHERE doi IS NOT NULL AND cited IN (SELECT cited FROM refs GROUP BY cited HAVING count(*) >= 3))" ||
	die "altering the index"
expect_exit 0 "$CITECTX" --db "$T/mut.db" linkeval 20
cp "$T/out" "$T/mut.sqlite"
grep -A3 '^wrong links' "$T/mut.sqlite" | grep -q '^    linked citectx:' || die "no wrong link to show: $(cat "$T/mut.sqlite")"
grep -A3 '^missed links' "$T/mut.sqlite" | grep -q '^    truth  citectx:' || die "no missed link to show: $(cat "$T/mut.sqlite")"
ship_newdb mut
expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$T/mut.db"
expect_exit 0 "$CITECTX" --db "$DBURL" linkeval 20
cmp -s "$T/mut.sqlite" "$T/out" || die "linkeval with mistakes differs: $(diff "$T/mut.sqlite" "$T/out" | head -6)"
echo "$ID: linkeval on PostgreSQL is SQLite's report byte for byte ($(wc -l <"$T/mut.sqlite") lines with examples)"

# linkeval reads in bulk (store_pg_le.c): a few statements in all, not a
# few per reference it tries (the references, a batch of their rows and
# cited counts, the linking records' count and page, the filter's keys;
# then the examples' works)
trials=$(sqlite3 "$T/mut.db" "SELECT count(*) FROM refs WHERE (doi IS NOT NULL OR pmid IS NOT NULL) AND cited IS NOT NULL")
sql "$DBURL" "ALTER DATABASE mut SET log_statement = 'all'"
from=$(($(wc -l <"$T/pg/server.log") + 1))
expect_exit 0 "$CITECTX" --db "$DBURL" linkeval 20
cmp -s "$T/mut.sqlite" "$T/out" || die "linkeval with statements logged differs: $(diff "$T/mut.sqlite" "$T/out" | head -6)"
stmts=$(tail -n +"$from" "$T/pg/server.log" | grep -c 'LOG:  execute ')
[ "$trials" -ge 40 ] || die "only $trials references to try: the demo changed"
[ "$stmts" -le 20 ] || die "linkeval ran $stmts statements for $trials references (bulk reads: at most 20)"
echo "$ID: linkeval on PostgreSQL: $stmts statements for $trials references"
# past its memory bound (1 KiB here; half the machine's by default) the
# linking records are read block by block: the same report, more reads
from=$(($(wc -l <"$T/pg/server.log") + 1))
CITECTX_LINKEVAL_MEM_KB=1 expect_exit 0 "$CITECTX" --db "$DBURL" linkeval 20
cmp -s "$T/mut.sqlite" "$T/out" || die "linkeval read block by block differs: $(diff "$T/mut.sqlite" "$T/out" | head -6)"
slow=$(tail -n +"$from" "$T/pg/server.log" | grep -c 'LOG:  execute ')
[ "$slow" -gt "$stmts" ] || die "linkeval bounded to 1 KiB ran $slow statements, as many as in memory ($stmts)"
echo "$ID: linkeval bounded to 1 KiB of records: the same report in $slow statements"

# the order of a block is part of the answer: match.c scores its first
# 2000 candidates only.  2010 records of a reference's title key and
# year, put before the other record of its true work in SQLite's index
# order (linkrec_ty: tkey, year, surname with NULLs first and text by
# bytes, 1990 NULL and 20 'Zzz' before a lowercase name, then id) and
# after it in other orders (by id, NULLs last, a linguistic collation),
# cut the true work off: the report changes, on both backends alike
cp "$T/mut.db" "$T/cut.db"
set -- $(sqlite3 -separator ' ' "$T/cut.db" "SELECT l.ref, l.year, l.tkey FROM linkrec l JOIN refs r ON r.id = l.ref WHERE r.cited = l.work AND r.doi IS NOT NULL AND l.tkey IS NOT NULL AND l.year IS NOT NULL AND EXISTS (SELECT 1 FROM linkrec m WHERE m.work = l.work AND m.tkey = l.tkey AND m.year = l.year AND m.surname >= 'a' AND m.id <> l.id) AND NOT EXISTS (SELECT 1 FROM linkrec m WHERE m.tkey = l.tkey AND m.year = l.year - 1) ORDER BY l.ref LIMIT 1")
[ $# -eq 3 ] || die "no reference whose work has another record with its title key and year"
sqlite3 "$T/cut.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2010) INSERT INTO linkrec(work, title, surname, year, tkey) SELECT (SELECT min(id) FROM works WHERE id <> (SELECT cited FROM refs WHERE id = $1)), 'filler record number ' || i, CASE WHEN i <= 1990 THEN NULL ELSE 'Zzz' END, $2, '$3' FROM n" ||
	die "adding records"
expect_exit 0 "$CITECTX" --db "$T/cut.db" linkeval 20
cp "$T/out" "$T/cut.sqlite"
cmp -s "$T/mut.sqlite" "$T/cut.sqlite" && die "2010 records before reference $1's work changed nothing in SQLite's report"
ship_newdb cut
expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$T/cut.db"
expect_exit 0 "$CITECTX" --db "$DBURL" linkeval 20
cmp -s "$T/cut.sqlite" "$T/out" || die "linkeval with a block cut differs: $(diff "$T/cut.sqlite" "$T/out" | head -6)"
CITECTX_LINKEVAL_MEM_KB=1 expect_exit 0 "$CITECTX" --db "$DBURL" linkeval 20
cmp -s "$T/cut.sqlite" "$T/out" || die "linkeval read block by block with a block cut differs: $(diff "$T/cut.sqlite" "$T/out" | head -6)"
echo "$ID: a block of 2010 records cut in SQLite's order: the same report on PostgreSQL, in memory and block by block"
