#!/bin/sh
# t0084: `citectx pg-load` copies the demo index into a throwaway
# PostgreSQL 15 cluster (issue 18, lane L1): every table's rows (counted
# against SQLite's), ids and values as they are, identifiers from the
# works and aliases, sequences after the ids; a title that is not valid
# UTF-8 repaired as the JSON writer repairs it, and counted; a database
# holding rows refused; a failure mid-load (a row the server refuses, a
# connection killed, a value PostgreSQL cannot hold) leaves nothing; a
# schema that lacks a column, an old index, an unreachable server: one
# line each.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
BASE=${PG_URL%/postgres}
newdb() { psql -X -q "$PG_URL" -c "CREATE DATABASE $1" || die "CREATE DATABASE $1"; }
pq() { psql -X -q -At "$BASE/$1" -c "$2"; }
lite() { sqlite3 "$1" "$2"; }

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
# rows in the tables the demo leaves empty (a user and what users do, a
# notice, two aliases: one a version DOI, one repeating a work's own DOI)
w1=$(lite "$DB" "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.01'")
s1=$(lite "$DB" "SELECT min(id) FROM statements")
lite "$DB" "INSERT INTO users(id, name, pwhash, created) VALUES(7, 'ann', 'h', 1);
INSERT INTO tokens(user, hash, label, created, expires) VALUES(7, 'th', 'cli', 1, 2);
INSERT INTO login_failures(name, client, at) VALUES('bob', '10.0.0.1', 5);
INSERT INTO signups(client, at) VALUES('10.0.0.2', 6);
INSERT INTO ratings VALUES(7, $w1, 4, 3, NULL, 5, 9);
INSERT INTO flags(user, statement, label, comment, created) VALUES(7, $s1, 2, 'odd', 3);
INSERT INTO follows VALUES(7, $w1, 0, 4);
INSERT INTO feed_keys VALUES(7, 'fh', 8);
INSERT INTO notices VALUES($w1, 0, 'retraction', 'retracts', $w1);
INSERT INTO aliases VALUES('doi:10.5555/citectx-demo.01.v2', $w1, 'v2');
INSERT INTO aliases VALUES('doi:10.5555/citectx-demo.02', $w1, NULL);" || die "sqlite3 rows"
cp "$DB" "$T/clean.db"

# --- the load, counted table by table ---------------------------------
newdb one
expect_exit 0 "$CITECTX" --db "$BASE/one" pg-load "$DB" --json
cp "$T/out" "$T/load.json"
[ "$(jq .schema_created "$T/load.json")" = true ] || die "the schema was not made: $(cat "$T/load.json")"
n=0
for t in $(jq -r '.tables | keys[]' "$T/load.json"); do
	# runs: every statement again, by its run's lead (derived)
	if [ "$t" = runs ]; then want=$(lite "$DB" "SELECT count(*) FROM statements"); else want=$(lite "$DB" "SELECT count(*) FROM $t"); fi
	[ "$(jq ".tables.$t.rows" "$T/load.json")" -eq "$want" ] || die "$t: the summary says $(jq ".tables.$t.rows" "$T/load.json"), SQLite holds $want"
	[ "$t" = aliases ] && continue
	got=$(pq one "SELECT count(*) FROM $t")
	[ "$got" -eq "$want" ] || die "$t: PostgreSQL holds $got rows, SQLite $want"
	[ "$want" -gt 0 ] || die "$t: no row to compare"
	n=$((n + 1))
done
[ "$n" -eq 16 ] || die "$n tables compared, want 16 (works_text: find's; runs: search's)"
# runs: each statement once, under its lead (id - ctx, a row with ctx 0)
# and that lead's shard key, with the statement's own facet fields
[ "$(pq one "SELECT count(*) FROM runs r JOIN statements s ON s.id = r.id
	JOIN statements l ON l.id = s.id - s.ctx
	WHERE r.lead = l.id AND l.ctx = 0 AND r.ldkey = l.dkey AND r.type = s.type
	AND r.year IS NOT DISTINCT FROM s.year AND r.sctx = s.sctx
	AND r.cited IS NOT DISTINCT FROM s.cited AND r.citing = s.citing")" -eq "$(lite "$DB" "SELECT count(*) FROM statements")" ] ||
	die "runs: rows without their lead, its key or their fields"
[ "$(pq one "SELECT count(*) FROM runs WHERE lead <> id")" -gt 0 ] || die "runs: no run longer than its lead to check"
# works_text: every row with its lexemes and token count
[ "$(pq one "SELECT count(*) FROM works_text WHERE ntok > 0 AND length(tsv) > 0")" -eq "$(lite "$DB" "SELECT count(*) FROM works_text")" ] ||
	die "works_text rows without tsv or ntok"
# identifiers: each work's DOI, PMID, PMCID, then the alias that repeats none
ids=$(lite "$DB" "SELECT count(doi) + count(pmid) + count(pmcid) + 1 FROM works")
[ "$(pq one "SELECT count(*) FROM identifiers")" -eq "$ids" ] || die "identifiers: $(pq one "SELECT count(*) FROM identifiers"), want $ids"
[ "$(pq one "SELECT work || ' ' || version FROM identifiers WHERE xid = 'doi:10.5555/citectx-demo.01.v2'")" = "$w1 v2" ] ||
	die "the alias did not reach identifiers"
w2=$(lite "$DB" "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.02'")
[ "$(pq one "SELECT work FROM identifiers WHERE xid = 'doi:10.5555/citectx-demo.02'")" = "$w2" ] ||
	die "an alias took a work's own DOI"
echo "$ID: 16 tables and identifiers counted equal"

# values and ids as they are: statements (with their distribution key),
# works, refs, compared row by row
dump_lite() { sqlite3 -separator '|' "$DB" "$1"; }
dump_pg() { psql -X -q -At -F '|' "$BASE/one" -c "$1"; }
q_st="SELECT id, citing, ref, cited, section, section_class, type, printf('%.6f', confidence), model, self, year, marker, text, sent_start, sent_end, dups, pubtype, jself, ctx, sctx FROM statements ORDER BY id"
dump_lite "$q_st" >"$T/st.lite"
dump_pg "$(echo "$q_st" | sed "s/printf('%.6f', confidence)/to_char(confidence, 'FM0.000000')/")" >"$T/st.pg"
[ -s "$T/st.lite" ] && cmp -s "$T/st.lite" "$T/st.pg" || die "statements differ: $(diff "$T/st.lite" "$T/st.pg" | head -5)"
[ "$(pq one "SELECT count(*) FROM statements WHERE dkey <> coalesce(cited, -citing)")" -eq 0 ] || die "dkey is not coalesce(cited, -citing)"
for q in "SELECT id, doi, pmid, pmcid, fp, title, year, journal, volume, pages, pubtype, keywords, abstract, ref_authors, indexed, source FROM works ORDER BY id" \
	"SELECT id, citing, pos, label, raw, authors, title, year, doi, pmid, cited FROM refs ORDER BY id" \
	"SELECT work, pos, surname, given, orcid, aff FROM authors ORDER BY work, pos"; do
	dump_lite "$q" >"$T/a"
	dump_pg "$q" >"$T/b"
	cmp -s "$T/a" "$T/b" || die "differ: $q: $(diff "$T/a" "$T/b" | head -4)"
done
# each sequence hands out the id after the largest loaded
for t in works refs statements linkrec users tokens flags; do
	want=$(( $(lite "$DB" "SELECT coalesce(max(id), 0) FROM $t") + 1 ))
	[ "$(pq one "SELECT nextval('${t}_ids')")" -eq "$want" ] || die "${t}_ids does not start at $want"
done
echo "$ID: statements, works, refs, authors equal row by row; sequences after the ids"

# --- a target that holds rows: refused, nothing changed ----------------
expect_exit 1 "$CITECTX" --db "$BASE/one" pg-load "$DB"
expect_err 'already holds rows'
expect_err "127.0.0.1:$PG_PORT"
[ "$(pq one "SELECT count(*) FROM statements")" -eq "$(lite "$DB" "SELECT count(*) FROM statements")" ] || die "a refused load changed the rows"

# --- text that is not valid UTF-8: repaired as the JSON writer does ----
cp "$T/clean.db" "$T/bad.db"
w3=$(lite "$T/bad.db" "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.03'")
lite "$T/bad.db" "UPDATE works SET title = CAST(X'4F6C64E92074C3A974650A80FF21' AS TEXT) WHERE id = $w3" || die "bad title"
newdb bad
expect_exit 0 "$CITECTX" --db "$BASE/bad" pg-load "$T/bad.db"
expect_err "1 text values repaired as UTF-8 (works 1)"
"$CITECTX" --db "$T/bad.db" report 10.5555/citectx-demo.03 --json >"$T/rep" || die "report of the bad title"
[ "$(jq -r .work.title "$T/rep")" = "$(pq bad "SELECT title FROM works WHERE id = $w3")" ] ||
	die "repaired title $(pq bad "SELECT title FROM works WHERE id = $w3") is not the JSON's $(jq -r .work.title "$T/rep")"
[ "$(pq bad "SELECT title FROM works WHERE id = $w3")" = "$(printf 'Old\357\277\275 t\303\251te\n\357\277\275\357\277\275!')" ] ||
	die "repair: $(pq bad "SELECT title FROM works WHERE id = $w3")"
echo "$ID: an invalid UTF-8 title repaired (U+FFFD per bad byte), as the JSON report shows it"

# --- all or nothing -----------------------------------------------------
empty() { # DB: no row in any table pg-init makes
	for t in $(pq "$1" "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'citectx_meta'"); do
		[ "$(pq "$1" "SELECT count(*) FROM $t")" -eq 0 ] || die "$1: $t holds rows after a failed load"
	done
}
# a statement the server refuses, after works, authors and refs went in
newdb trig
"$CITECTX" --db "$BASE/trig" pg-init >/dev/null || die "pg-init"
pq trig "CREATE FUNCTION no_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
	IF NEW.id = $s1 + 40 THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END \$\$;
	CREATE TRIGGER no_row BEFORE INSERT ON statements FOR EACH ROW EXECUTE FUNCTION no_row()" || die "trigger"
expect_exit 1 "$CITECTX" --db "$BASE/trig" pg-load "$DB"
expect_one_line_err
expect_err 'refused by the test'
empty trig
# the connection killed mid-COPY
newdb kill
"$CITECTX" --db "$BASE/kill" pg-init >/dev/null || die "pg-init"
pq kill "CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
	IF NEW.id = $s1 + 40 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(1); END IF; RETURN NEW; END \$\$;
	CREATE TRIGGER die BEFORE INSERT ON statements FOR EACH ROW EXECUTE FUNCTION die()" || die "trigger"
expect_exit 1 "$CITECTX" --db "$BASE/kill" pg-load "$DB"
expect_one_line_err
expect_err "127.0.0.1:$PG_PORT"
empty kill
# a value PostgreSQL's column cannot hold: named; the schema the load
# made is gone with its rows
cp "$T/clean.db" "$T/big.db"
lite "$T/big.db" "UPDATE statements SET sent_end = 4294967296 WHERE id = $s1 + 50" || die "big value"
newdb big
expect_exit 2 "$CITECTX" --db "$BASE/big" pg-load "$T/big.db"
expect_one_line_err
expect_err "statements row 51, column sent_end: 4294967296 does not fit"
[ "$(pq big "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq 0 ] || die "a failed load left tables"
echo "$ID: a refused row, a killed connection, a value too large: nothing left"

# --- schemas ------------------------------------------------------------
newdb short
"$CITECTX" --db "$BASE/short" pg-init >/dev/null || die "pg-init"
pq short "ALTER TABLE statements DROP COLUMN model" || die "drop column"
expect_exit 1 "$CITECTX" --db "$BASE/short" pg-load "$DB"
expect_err 'table statements has no column model'
empty short
cp "$T/clean.db" "$T/old.db"
lite "$T/old.db" "PRAGMA user_version = 13"
expect_exit 1 "$CITECTX" --db "$BASE/short" pg-load "$T/old.db"
expect_err 'old.db: schema version 13, this program'
expect_exit 1 "$CITECTX" --db "postgresql://postgres@127.0.0.1:1/x" pg-load "$DB"
expect_one_line_err
expect_err '127.0.0.1:1: cannot connect'
expect_exit 1 "$CITECTX" --db "$BASE/short" pg-load "$T/none.db"
expect_err 'none.db'
expect_exit 2 "$CITECTX" --db "$T/x.db" pg-load "$DB"
expect_err 'must name a PostgreSQL database'
echo "$ID: ok"
