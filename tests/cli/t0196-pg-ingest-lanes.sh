#!/bin/sh
# t0196: ingest into PostgreSQL on two lanes (issue 18, lane L1).  With
# --workers 2 a batch committed in the staging index is shipped on a
# second connection while the batch before still ships: its new rows are
# copied at once, the rest once the batch before has committed, so the
# batches commit in PostgreSQL in their order and the staging's journal
# holds the two in flight.  The demo in batches of 2 articles
# (CITECTX_INGEST_BATCH=2: batch k holds demo0(2k-1)..demo(2k)):
# uninterrupted, the index is pg-load's copy of its staging and reads as
# SQLite; batch 3 held inside its PostgreSQL transaction (batch 4
# committed in the staging and copying beside it, batch 5 waiting for
# batch 3), or held after its PostgreSQL COMMIT (batch 4 waiting for its
# turn), the run killed (kill -9): PostgreSQL holds whole batches only,
# the journal the two in flight, and a re-run ends with the index an
# uninterrupted run gives.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
IP=
trap '[ -n "$IP" ] && kill -9 "$IP" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
export CITECTX_INGEST_BATCH=2 XDG_STATE_HOME="$T/state"
# the first k batches' articles as SQLite indexes them, and those then
# all of them again
for k in 2 3 4; do
	mkdir "$T/b$k"
	for i in $(seq 1 $((2 * k))); do
		cp "$DEMO/demo$(printf %02d "$i").nxml" "$T/b$k/"
	done
	"$CITECTX" --db "$T/first$k.db" ingest "$T/b$k" >/dev/null 2>&1 || die "ingest of b$k"
	cp "$T/first$k.db" "$T/again$k.db"
	"$CITECTX" --db "$T/again$k.db" ingest "$DEMO" >/dev/null 2>&1 || die "re-ingest after b$k"
done
expect_exit 0 ctx ingest "$DEMO"

# uninterrupted, two lanes: the staging's copy, SQLite's reads
ship_newdb ref
REF=$DBURL
expect_exit 0 "$CITECTX" --db "$REF" ingest "$DEMO" --workers 2 --staging "$T/ref.db"
expect_out 'postgresql: [1-9][0-9]* rows copied in 6 batches'
[ "$(ship_meta "$REF" batch)" = 6 ] || die "uninterrupted: batch $(ship_meta "$REF" batch)"
[ "$(sqlite3 "$T/ref.db" "SELECT count(*) FROM pg_outbox")" = 0 ] || die "uninterrupted: the journal is not empty"
ship_reads "$REF" "$T/r.ref" "$DB"
ship_reads "$DB" "$T/r.sqlite" "$DB"
ship_same "$T/r.sqlite" "$T/r.ref"

ship_same_as_copy 0 "$REF" "$T/ref.db"
echo "$ID: --workers 2, 6 batches on two lanes: pg-load's copy of the staging, SQLite's reads"

held() { # NAME WHERE: an ingest on two lanes into database NAME, batch 3
	# held WHERE; back when batch 5 waits for it (batch 4 committed in
	# the staging meanwhile: two batches in flight)
	ship_newdb "$1"
	U=$DBURL
	CITECTX_PG_SHIP_HOLD="3:$2" "$CITECTX" --db "$U" ingest "$DEMO" --workers 2 --staging "$T/$1.db" >"$T/ing.out" 2>"$T/ing.err" &
	IP=$!
	ship_wait "$T/ing.err" "holding batch 3 $2"
	ship_wait "$T/ing.err" "holding batch 5's COMMIT until batch 3 is shipped"
}
journal() { # NAME: the staging shipped batch 2 and journals batches 3 and 4
	[ "$(sqlite3 "$T/$1.db" "SELECT v FROM pg_stage WHERE k = 'shipped'")" = 2 ] || die "$1: the journal is not at batch 2"
	[ "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM pg_outbox WHERE tbl = 'batch'")" = 2 ] || die "$1: not two batches in the journal"
}
rerun() { # NAME: a re-run after 4 batches committed in the staging
	expect_exit 0 "$CITECTX" --db "$U" ingest "$DEMO" --workers 2 --staging "$T/$1.db"
	[ "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM pg_outbox")" = 0 ] || die "$1: the journal is not empty after the re-run"
	ship_same_as_copy "$1" "$U" "$T/$1.db"
	ship_reads "$T/again4.db" "$T/r.again4" "$DB"
	ship_reads "$U" "$T/r.$1.re" "$DB"
	ship_same "$T/r.again4" "$T/r.$1.re"
	ship_same "$T/r.ref" "$T/r.$1.re" map
}

# 1. killed inside batch 3's PostgreSQL transaction, batch 4's new rows
# copied beside it on the other lane, batch 5 waiting: batches 1-2 there;
# the re-run ships 3 and 4 as one
held before before
ship_killed
ship_whole before 2
journal before
rerun before
echo "$ID: killed inside batch 3's transaction, batch 4 copying beside it: batches 1-2 whole; the re-run shipped 3 and 4, equals an uninterrupted run"

# 2. killed after batch 3's PostgreSQL COMMIT, batch 4 waiting for its
# turn: batches 1-3 there; the re-run drops batch 3's journal and ships 4
held after after
for _ in $(seq 1 100); do
	[ "$(ship_meta "$U" batch)" = 3 ] && break
	sleep 0.1
done
ship_killed
ship_whole after 3
journal after
rerun after
echo "$ID: killed after batch 3's COMMIT, batch 4 waiting for its turn: batches 1-3 whole; the re-run dropped batch 3's journal, shipped 4, equals an uninterrupted run"
