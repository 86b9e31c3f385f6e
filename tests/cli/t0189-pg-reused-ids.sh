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
# copy of the staging table for table) and answers SQLite's reads.  (Here
# the references given old ids are also updated in their batch (linked),
# which journals them; the 'low' rows cover a row inserted and never
# updated.)
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: $ID: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
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
step() { # N PATHS...: the step into SQLite and PostgreSQL, then compared
	n=$1
	shift
	expect_exit 0 ctx ingest "$@"
	expect_exit 0 "$CITECTX" --db "$U" ingest "$@" --staging "$STAGE"
	ship_newdb "copy$n"
	expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$STAGE"
	ship_tables "$U" >"$T/tabs.a" && ship_tables "$DBURL" >"$T/tabs.b" || die "reading tables"
	cmp -s "$T/tabs.a" "$T/tabs.b" || die "step $n: PostgreSQL is not its staging's copy: $(diff "$T/tabs.a" "$T/tabs.b" | head -8)"
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
