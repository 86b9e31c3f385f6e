#!/bin/sh
# t0189: new rows found by id when shipping to PostgreSQL (issue 18, lane
# L1).  The staging journals no insert into works, refs, statements and
# linkrec: a batch ships those past the greatest ids of the batch before,
# or past the lowest greatest id a delete of the batch left, since SQLite
# then gives deleted ids to new rows.  Three ingests into PostgreSQL, the
# same three into SQLite:
#   1. five demo articles;
#   2. the fourth again, without its reference list (its references and
#      statements go: ids free below the greatest);
#   3. the fifth again without its reference list (the greatest ids go),
#      then a new article, in one batch: its references and statements
#      take the ids the second step freed, below the batch before's
#      greatest.
# After each step PostgreSQL holds every row of its staging (pg-load's
# copy of the staging table for table) and answers SQLite's reads.  (The
# references given old ids are also updated in their batch (linked),
# which journals them; steps 4 and 5 below insert a row that nothing
# updates.  Without the 'low' rows step 5 fails: linkrec 19 rows against
# the staging's 20.)
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
mkdir "$T/a" "$T/b" "$T/c"
for i in 1 2 3 4 5; do cp "$DEMO/demo0$i.nxml" "$T/a/"; done
# an article without its reference list
nocite() { perl -0pe 's{<ref-list>.*?</ref-list>}{}s' "$1" >"$2"; }
nocite "$DEMO/demo04.nxml" "$T/b/demo04.nxml"
nocite "$DEMO/demo05.nxml" "$T/c/demo05.nxml"
cp "$DEMO/demo06.nxml" "$T/c/demo06.nxml"
ship_newdb idx
U=$DBURL
STAGE="$T/stage.db"
max_ref() { sqlite3 "$STAGE" "SELECT max(id) FROM refs"; }
copied() { # N: PostgreSQL's tables those of pg-load's copy of the staging
	ship_newdb "copy$1"
	expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$STAGE"
	ship_tables "$U" >"$T/tabs.a" && ship_tables "$DBURL" >"$T/tabs.b" || die "reading tables"
	cmp -s "$T/tabs.a" "$T/tabs.b" || die "step $1: PostgreSQL is not its staging's copy: $(diff "$T/tabs.a" "$T/tabs.b" | head -8)"
}
step() { # N PATHS...: the step into SQLite and PostgreSQL, then compared
	n=$1
	shift
	expect_exit 0 ctx ingest "$@"
	expect_exit 0 "$CITECTX" --db "$U" ingest "$@" --staging "$STAGE"
	copied "$n"
	ship_reads "$DB" "$T/r.sqlite$n" "$DB"
	ship_reads "$U" "$T/r.pg$n" "$DB"
	ship_same "$T/r.sqlite$n" "$T/r.pg$n"
}
step 1 "$T/a/demo01.nxml" "$T/a/demo02.nxml" "$T/a/demo03.nxml" "$T/a/demo04.nxml" "$T/a/demo05.nxml"
top1=$(max_ref)
step 2 "$T/b/demo04.nxml"
top2=$(max_ref)
[ "$top2" = "$top1" ] || die "step 2: the greatest reference id moved ($top1 -> $top2): the test needs demo05's references on top"
step 3 "$T/c/demo05.nxml" "$T/c/demo06.nxml"
# demo06's references took ids freed in step 2, below step 2's greatest
low=$(sqlite3 "$STAGE" "SELECT min(id) FROM refs WHERE citing = (SELECT citing FROM refs ORDER BY id DESC LIMIT 1)")
[ -n "$low" ] && [ "$low" -le "$top2" ] || die "step 3: the new article's references start at $low, not at or below $top2: no id was given again"
echo "$ID: 3 steps into PostgreSQL, reference ids given again below the batch before's greatest ($low <= $top2): every table its staging's copy, SQLite's reads"

# 4-5. two batches written by hand as the staging's writer writes them
# (the journal's rows by its triggers, then the batch's mark), each
# shipped by the next ingest (of no article) before anything else: a
# linking record deleted below the greatest; then the greatest deleted
# and a record inserted, which SQLite gives the id step 4 freed: a row
# inserted and never updated, its id below the batch before's greatest,
# that only the delete's 'low' row says is new
cols="work, ref, citing, title, surname, year, volume, fpage, journal, tkey, akey, pkey"
mark="INSERT INTO pg_outbox(tbl) VALUES('batch'); INSERT OR REPLACE INTO pg_stage(k, v) SELECT 'base', v FROM pg_stage WHERE k = 'top'; INSERT OR REPLACE INTO pg_stage(k, v) VALUES('top', (SELECT coalesce(max(id), 0) FROM works) || ',' || (SELECT coalesce(max(id), 0) FROM refs) || ',' || (SELECT coalesce(max(id), 0) FROM statements) || ',' || (SELECT coalesce(max(id), 0) FROM linkrec));"
M=$(sqlite3 "$STAGE" "SELECT max(id) FROM linkrec")
[ "$M" -ge 3 ] || die "linking records: $M"
sqlite3 "$STAGE" "BEGIN; DELETE FROM linkrec WHERE id = $M - 1; $mark COMMIT;" || die "batch 4 by hand"
mkdir "$T/none"
expect_exit 0 "$CITECTX" --db "$U" ingest "$T/none" --staging "$STAGE"
copied 4
sqlite3 "$STAGE" "BEGIN; CREATE TEMP TABLE keep AS SELECT $cols FROM linkrec WHERE id = $M; DELETE FROM linkrec WHERE id = $M; INSERT INTO linkrec($cols) SELECT $cols FROM keep; $mark COMMIT;" || die "batch 5 by hand"
[ "$(sqlite3 "$STAGE" "SELECT max(id) FROM linkrec")" = $((M - 1)) ] || die "batch 5: the record did not take id $((M - 1))"
expect_exit 0 "$CITECTX" --db "$U" ingest "$T/none" --staging "$STAGE"
copied 5
echo "$ID: a linking record inserted at an id a batch before freed (below the greatest), never updated: shipped"

