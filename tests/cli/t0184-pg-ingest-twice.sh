#!/bin/sh
# t0184: a second ingest into a filled PostgreSQL index (issue 18, lane
# L1).  The demo's first half (--part 1/2), then its second (--part 2/2,
# with --workers 2), ingested into one PostgreSQL index through its kept
# staging index: the second run adds to the index as a second ingest
# into SQLite does (the reads of the same two steps in SQLite, byte for
# byte, ids included; the tables of pg-load's copy of the staging), and
# once internal ids are replaced by DOI, PMID, PMCID or title the index
# says what one ingest of all the articles says (works, identifiers,
# reference lists and their links, statements with their tsv, leads,
# works' search text).  Refused in one line, the index unchanged: a
# staging index of another index, a missing staging index (naming the
# path expected), an index pg-load filled (it keeps no staging), an
# SQLite index that is no staging index.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
export XDG_STATE_HOME="$T/state"

# the two steps in SQLite, and into PostgreSQL (the staging by default
# under $XDG_STATE_HOME/citectx/, named by the index's id)
expect_exit 0 ctx ingest "$DEMO" --part 1/2
expect_exit 0 ctx ingest "$DEMO" --part 2/2
ship_newdb two
TWO=$DBURL
expect_exit 0 "$CITECTX" --db "$TWO" ingest "$DEMO" --part 1/2
sid=$(ship_meta "$TWO" index_id)
[ -n "$sid" ] && [ -f "$T/state/citectx/$sid.db" ] || die "no staging index $T/state/citectx/$sid.db: $(ls -R "$T/state")"
expect_exit 0 "$CITECTX" --db "$TWO" ingest "$DEMO" --part 2/2 --workers 2 --json
[ "$(jq .postgresql.batches "$T/out")" -ge 1 ] || die "second step: $(cat "$T/out")"
# the ingest over, its staging is one file (a WAL left beside it held its
# last batches: the file moved alone was not the index, see the end)
[ ! -s "$T/state/citectx/$sid.db-wal" ] || die "a WAL left beside the staging: $(ls -l "$T/state/citectx")"
ship_reads "$DB" "$T/r.sqlite" "$DB"
ship_reads "$TWO" "$T/r.two" "$DB"
ship_same "$T/r.sqlite" "$T/r.two"
ship_newdb copy
expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$T/state/citectx/$sid.db"
ship_tables "$TWO" >"$T/tabs.a" && ship_tables "$DBURL" >"$T/tabs.b" || die "reading tables"
cmp -s "$T/tabs.a" "$T/tabs.b" || die "not its staging's copy: $(diff "$T/tabs.a" "$T/tabs.b" | head -6)"
# one ingest of everything says the same
ship_newdb one
ONE=$DBURL
expect_exit 0 "$CITECTX" --db "$ONE" ingest "$DEMO" --staging "$T/one.db"
ship_facts "$ONE" >"$T/facts.one" || die "facts of one"
ship_facts "$TWO" >"$T/facts.two" || die "facts of two"
[ "$(grep -c '^st|' "$T/facts.one")" -ge 50 ] || die "facts: $(head -3 "$T/facts.one")"
cmp -s "$T/facts.one" "$T/facts.two" || die "two steps differ from one: $(diff "$T/facts.one" "$T/facts.two" | head -8)"
echo "$ID: part 1 then part 2 into PostgreSQL: the reads of the same steps in SQLite, $(wc -l <"$T/facts.two") facts as one ingest of both"

# refusals, each in one line, the index unchanged
ship_tables "$TWO" >"$T/before"
refused() { # EXIT TEXT command...
	want=$1 text=$2
	shift 2
	expect_exit "$want" "$@"
	expect_err "$text"
	expect_one_line_err
	[ "$(wc -l <"$T/err")" -eq 1 ] || die "not one line: $(cat "$T/err")"
	ship_tables "$TWO" >"$T/after"
	cmp -s "$T/before" "$T/after" || die "a refused ingest changed the index: $(diff "$T/before" "$T/after")"
}
oid=$(ship_meta "$ONE" index_id)
refused 1 "$T/one.db: the staging index of index $oid, not of postgresql 127.0.0.1:$PG_PORT's index $sid" \
	"$CITECTX" --db "$TWO" ingest "$DEMO" --staging "$T/one.db"
mv "$T/state/citectx/$sid.db" "$T/moved.db"
refused 2 "postgresql 127.0.0.1:$PG_PORT: index $sid was filled through the staging index $T/state/citectx/$sid.db, which is missing" \
	"$CITECTX" --db "$TWO" ingest "$DEMO"
[ ! -e "$T/state/citectx/$sid.db" ] || die "a refused ingest made a staging index"
# the staging found where it was moved to: the index takes a third run
expect_exit 0 "$CITECTX" --db "$TWO" ingest "$DEMO/demo05.nxml" --staging "$T/moved.db"
ship_tables "$TWO" >"$T/before"
ship_newdb loaded
expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$DB"
TWO=$DBURL
ship_tables "$TWO" >"$T/before"
refused 1 "postgresql 127.0.0.1:$PG_PORT: the index was filled by pg-load, which keeps no staging index" \
	"$CITECTX" --db "$TWO" ingest "$DEMO"
ship_newdb fresh
TWO=$DBURL
expect_exit 0 "$CITECTX" --db "$TWO" pg-init
ship_tables "$TWO" >"$T/before"
refused 1 "$DB: an index that is not a staging index" \
	"$CITECTX" --db "$TWO" ingest "$DEMO" --staging "$DB"
echo "$ID: refused in one line: another index's staging, a missing staging, a pg-load index, an SQLite index as staging"
