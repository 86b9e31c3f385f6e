#!/bin/sh
# t0183: ingest into PostgreSQL batch by batch, stopped and resumed
# (issue 18, lane L1).  The demo is ingested in batches of 3 articles
# (CITECTX_INGEST_BATCH=3: batch k holds demo0(3k-2)..demo0(3k)), each
# shipped into PostgreSQL by the ship thread as it commits in the staging
# index, while the next batch writes.  A run is killed (kill -9) at three
# moments of batch 2, held there by CITECTX_PG_SHIP_HOLD: its SQLite
# transaction open (batch 1 shipped, its journal not yet cleared by batch
# 2's commit); committed in SQLite, inside PostgreSQL's transaction, batch
# 3 written beside it and waiting to commit; committed in both, the
# staging's journal not yet cleared, batch 3 waiting.  Each time PostgreSQL holds whole batches
# only (its reads are the bytes of an SQLite index of those articles,
# citectx_meta's batch says which), and a re-run of the same files ends
# with the index an uninterrupted run gives: table for table the
# pg-load copy of its staging index, byte for byte the reads of the same
# steps in SQLite (the articles committed, then all of them again), and
# the reads of an uninterrupted ingest once statement ids are set aside
# (re-ingested articles get new ones).  Then the server is stopped inside
# batch 2's transaction: exit 1 naming host:port, PostgreSQL without the
# batch, the journal keeping it, a re-run shipping it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
IP=
trap '[ -n "$IP" ] && kill -9 "$IP" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
export CITECTX_INGEST_BATCH=3 XDG_STATE_HOME="$T/state"
# the first k batches' articles, as SQLite indexes them (ids as in the
# staging), and the same steps in SQLite: those, then all again
mkdir "$T/b1" "$T/b2"
cp "$DEMO"/demo01.nxml "$DEMO"/demo02.nxml "$DEMO"/demo03.nxml "$T/b1/"
cp "$T"/b1/* "$DEMO"/demo04.nxml "$DEMO"/demo05.nxml "$DEMO"/demo06.nxml "$T/b2/"
for k in 1 2; do
	"$CITECTX" --db "$T/first$k.db" ingest "$T/b$k" >/dev/null 2>&1 || die "ingest of b$k"
	cp "$T/first$k.db" "$T/again$k.db"
	"$CITECTX" --db "$T/again$k.db" ingest "$DEMO" >/dev/null 2>&1 || die "re-ingest after b$k"
done
expect_exit 0 ctx ingest "$DEMO"

# uninterrupted: 4 batches, the index its staging's copy
ship_newdb ref
REF=$DBURL
expect_exit 0 "$CITECTX" --db "$REF" ingest "$DEMO" --staging "$T/ref.db"
expect_out 'postgresql: [1-9][0-9]* rows copied in 4 batches'
[ "$(ship_meta "$REF" batch)" = 4 ] || die "uninterrupted: batch $(ship_meta "$REF" batch)"
ship_reads "$REF" "$T/r.ref" "$DB"
ship_reads "$DB" "$T/r.sqlite" "$DB"
ship_same "$T/r.sqlite" "$T/r.ref"

ship_same_as_copy 0 "$REF" "$T/ref.db"

held() { # NAME WHERE: an ingest into database NAME held at batch 2, WHERE
	# (the hook's own line, "holding batch 2 WHERE ...": not "holding
	# batch 2's COMMIT until batch 1 is shipped", said while batch 1 may
	# not be in PostgreSQL yet)
	ship_newdb "$1"
	U=$DBURL
	CITECTX_PG_SHIP_HOLD="2:$2" "$CITECTX" --db "$U" ingest "$DEMO" --staging "$T/$1.db" >"$T/ing.out" 2>"$T/ing.err" &
	IP=$!
	ship_wait "$T/ing.err" "holding batch 2 $2"
}
rerun() { # NAME K: a re-run after K batches committed in the staging
	expect_exit 0 "$CITECTX" --db "$U" ingest "$DEMO" --staging "$T/$1.db"
	[ "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM pg_outbox")" = 0 ] || die "$1: the journal is not empty after the re-run"
	ship_same_as_copy "$1" "$U" "$T/$1.db"
	ship_reads "$T/again$2.db" "$T/r.again$2" "$DB"
	ship_reads "$U" "$T/r.$1.re" "$DB"
	ship_same "$T/r.again$2" "$T/r.$1.re"
	ship_same "$T/r.ref" "$T/r.$1.re" map
}

# 1. killed with batch 2 open in SQLite, batch 1 shipped (by the ship
# thread, while batch 2 wrote): PostgreSQL has batch 1; batch 1's journal
# is cleared by batch 2's transaction, so the staging still holds it
held open open
for _ in $(seq 1 100); do
	[ "$(ship_meta "$U" batch)" = 1 ] && break
	sleep 0.1
done
ship_killed
ship_whole open 1
[ "$(sqlite3 "$T/open.db" "SELECT v FROM pg_stage WHERE k = 'shipped'")" = 0 ] || die "open: batch 1's journal cleared without batch 2"
[ "$(sqlite3 "$T/open.db" "SELECT count(*) FROM pg_outbox")" -gt 0 ] || die "open: batch 1 not in the journal"
rerun open 1
echo "$ID: killed with batch 2 open (batch 1 shipped beside it): PostgreSQL held batch 1 whole; the re-run dropped the journal's copy, equals an uninterrupted run"

# 2. killed inside PostgreSQL's transaction of batch 2 while batch 3 has
# written all its rows beside it (the ship thread), its COMMIT waiting:
# batch 1 there, batch 2 in the staging's journal, shipped first by the
# re-run; batch 3 lost
held before before
ship_wait "$T/ing.err" "holding batch 3's COMMIT until batch 2 is shipped"
ship_killed
ship_whole before 1
[ "$(sqlite3 "$T/before.db" "SELECT v FROM pg_stage WHERE k = 'shipped'")" = 1 ] || die "before: the journal is not at batch 1"
[ "$(sqlite3 "$T/before.db" "SELECT count(*) FROM pg_outbox")" -gt 0 ] || die "before: batch 2 not in the journal"
rerun before 2
echo "$ID: killed inside batch 2's PostgreSQL transaction, batch 3 written beside it: batch 1 whole; the re-run shipped batch 2 first, then equals an uninterrupted run"

# 3. killed after PostgreSQL's commit of batch 2, its journal not cleared
# (batch 3 written, waiting to clear it with its COMMIT): the re-run
# drops it
held after after
ship_wait "$T/ing.err" "holding batch 3's COMMIT until batch 2 is shipped"
ship_killed
ship_whole after 2
[ "$(sqlite3 "$T/after.db" "SELECT v FROM pg_stage WHERE k = 'shipped'")" = 1 ] || die "after: the journal says batch 2 was shipped"
rerun after 2
echo "$ID: killed between the two commits of batch 2, batch 3 written beside it: batches 1-2 whole; the re-run dropped the journal's copy, equals an uninterrupted run"

# 4. the server stopped inside batch 2's transaction: exit 1 naming
# host:port; batch 1 only; the journal keeps batch 2; a re-run ships it
held down before
pg_as "$PG_BIN/pg_ctl" -D "$T/pg/data" -m fast -w stop >/dev/null 2>&1 || die "pg_ctl stop"
wait "$IP"
rc=$?
IP=
[ "$rc" -eq 1 ] || die "server stopped: exit $rc: $(cat "$T/ing.err")"
grep -v '^ingest: holding' "$T/ing.err" >"$T/err"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "127.0.0.1:$PG_PORT" "$T/err" || die "server stopped: not one line naming 127.0.0.1:$PG_PORT: $(cat "$T/err")"
msg=$(cat "$T/err")
pg_restart "$T/pg" || die "the server did not start again"
ship_whole down 1
[ "$(sqlite3 "$T/down.db" "SELECT count(*) FROM pg_outbox")" -gt 0 ] || die "down: batch 2 not in the journal"
rerun down 2
echo "$ID: server stopped inside batch 2: exit 1, \"$msg\"; batch 1 whole; the re-run shipped batch 2 and equals an uninterrupted run"
