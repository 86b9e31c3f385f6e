#!/bin/sh
# t0172: ingest into Citus when things fail (issue 18, "Faults"; lane L3).
# The ingest ships each batch of its staging index (kept: --staging) in
# one transaction; the demo is one batch.
# 1. A worker stopped mid-ingest: `ingest --db URL` of the demo into an
#    empty index is held inside its batch's writes to a shard of
#    `statements` (locked against writes, on w2), w2 is stopped with
#    pg_ctl stop: ingest exits 1 naming w2's host:port; once w2 is back,
#    every table is empty on the coordinator (only whole batches are
#    written: here none) and the staging's journal keeps the batch; the
#    re-run ships it, then ingests the files again: its reads (report,
#    refs, statements, cite of 8 works, top) are the bytes of its staging
#    index, and those of an uninterrupted ingest (into SQLite, which
#    tests/cli/t0180 shows the same as into PostgreSQL) once statement
#    ids are set aside (re-ingested articles get new ones).
# 2. kill -9 of an ingest held the same way: the index is still empty
#    once its transaction is gone, and a re-run succeeds with the same
#    reads.  The EXIT trap starts w2 again (the lane shares the cluster).
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0172.XXXXXX")
. "$TOP/tests/pg/citus.sh"
IP= LP=
trap '[ -n "$IP" ] && kill -9 "$IP" 2>/dev/null; [ -n "$LP" ] && unlock; [ -n "${CITUS_DIR:-}" ] && citus_node_start w2; citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0172: $*" >&2; exit 1; }
. "$TOP/tests/pg/ship.sh"
export XDG_STATE_HOME="$T/state"
STAGE=$T/stage.db
citus_up "$T/c" t0172
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0172: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
W2=$(cat "$CITUS_DIR/w2/port")
W2URL=$(citus_url "$W2")
REF=$T/ref.db
"$CITECTX" --db "$REF" ingest "$TOP/tests/data/demo" >"$T/out" 2>"$T/err" || die "reference ingest failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"

# the shard of statements on w2 that gets the most rows (ingest keeps
# the staging index's ids, the reference's)
dkeys=$(sqlite3 "$REF" "SELECT coalesce(cited, -citing) FROM statements" | tr '\n' ',' | sed 's/,$//')
shard=$(psql -X -At "$CITUS_URL" -c "SELECT s.shard_name FROM unnest('{$dkeys}'::bigint[]) d, LATERAL (SELECT shard_name, nodeport FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('statements', d)) s WHERE s.nodeport = $W2 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$shard" ] || die "no statements shard on w2"

empty() { # every table on the coordinator holds no row
	n=$(psql -X -At "$CITUS_URL" -c "SELECT (SELECT count(*) FROM works) + (SELECT count(*) FROM statements) + (SELECT count(*) FROM refs) + (SELECT count(*) FROM identifiers) + (SELECT count(*) FROM authors) + (SELECT count(*) FROM linkrec) + (SELECT count(*) FROM notices) + (SELECT count(*) FROM works_text) + (SELECT count(*) FROM cited_by) + (SELECT count(*) FROM work_xids) + (SELECT count(*) FROM notices_by) + (SELECT count(*) FROM leads) + (SELECT count(*) FROM citing_stmts) + (SELECT count(*) FROM runs)") || die "counting rows failed"
	[ "$n" = 0 ] || die "$1: $n rows in the index"
}
held_ingest() { # ingest in the background, held inside its COPY into $shard
	psql -X -q "$W2URL" -c "SET citus.enable_manual_changes_to_shards = on" -c "BEGIN" \
		-c "LOCK TABLE $shard IN EXCLUSIVE MODE" -c "SELECT pg_sleep(300)" >"$T/lock.log" 2>&1 &
	LP=$!
	for _ in $(seq 1 100); do
		[ "$(psql -X -At "$W2URL" -c "SELECT count(*) FROM pg_locks WHERE relation = '$shard'::regclass AND granted")" -gt 0 ] 2>/dev/null && break
		sleep 0.1
	done
	"$CITECTX" --db "$CITUS_URL" ingest "$TOP/tests/data/demo" --staging "$STAGE" >"$T/ing.out" 2>"$T/ing.err" &
	IP=$!
	for _ in $(seq 1 150); do
		n=$(psql -X -At "$W2URL" -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%$shard%'")
		[ "$n" -gt 0 ] 2>/dev/null && return 0
		sleep 0.2
	done
	die "the ingest never reached its writes to $shard: $(cat "$T/ing.err" "$T/lock.log")"
}
unlock() { # the lock's session ended on w2 (when up), its psql gone
	psql -X -q -At "$W2URL" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(300)%' AND pid <> pg_backend_pid()" >/dev/null 2>&1
	kill "$LP" 2>/dev/null
	wait "$LP" 2>/dev/null
	LP=
}
reads() { # DB DIR
	mkdir -p "$2"
	"$CITECTX" --db "$1" top --json >"$2/top" 2>&1 || die "top on $1: $(cat "$2/top")"
	for id in $(sqlite3 "$REF" "SELECT id FROM works ORDER BY id LIMIT 8"); do
		for cmd in report refs statements cite; do
			"$CITECTX" --db "$1" $cmd "citectx:$id" --json >"$2/$cmd.$id" 2>&1 || die "$cmd citectx:$id on $1: $(cat "$2/$cmd.$id")"
		done
	done
}
reads "$REF" "$T/ref"
same_as_ref() { # DIR: the re-run's reads: its staging's, and REF's (statement ids aside)
	reads "$CITUS_URL" "$1"
	reads "$STAGE" "$1.stage"
	for f in "$T"/ref/*; do
		g="$1/$(basename "$f")"
		cmp -s "$g" "$1.stage/$(basename "$f")" || die "$1: $(basename "$f") differs from the staging index's"
		ship_norm "$f" >"$T/na"
		ship_norm "$g" >"$T/nb"
		cmp -s "$T/na" "$T/nb" || die "$1: $(basename "$f") differs from an uninterrupted ingest (statement ids aside)"
	done
}
journal() { # the staging's journal holds a batch
	[ "$(sqlite3 "$STAGE" "SELECT count(*) FROM pg_outbox")" -gt 0 ] || die "$1: the staging's journal is empty"
}

# 1. w2 stopped mid-ingest
held_ingest
citus_node_stop w2 || die "pg_ctl stop of w2 failed"
wait "$IP"
rc=$?
IP=
[ "$rc" -eq 1 ] || die "ingest with w2 stopped: exit $rc: $(cat "$T/ing.err")"
[ "$(wc -l <"$T/ing.err")" -eq 1 ] && grep -q "127.0.0.1:$W2\b" "$T/ing.err" ||
	die "ingest with w2 stopped: not one line naming 127.0.0.1:$W2: $(cat "$T/ing.err")"
unlock
citus_node_start w2 || die "w2 did not start again"
empty "after the failed ingest"
journal "after the failed ingest"
"$CITECTX" --db "$CITUS_URL" ingest "$TOP/tests/data/demo" --staging "$STAGE" >"$T/out" 2>"$T/err" || die "re-run: $(cat "$T/err")"
same_as_ref "$T/rerun"
msg=$(cat "$T/ing.err")

# 2. kill -9 of an ingest inside its COPY
psql -X -q "$CITUS_URL" -c "TRUNCATE works, works_text, authors, refs, statements, notices, linkrec, identifiers, cited_by, work_xids, notices_by, leads, citing_stmts, runs" \
	-c "DELETE FROM citectx_meta WHERE k IN ('index_id', 'batch', 'staging')" || die "TRUNCATE failed"
rm -f "$STAGE" "$STAGE-wal" "$STAGE-shm"
held_ingest
kill -9 "$IP"
wait "$IP" 2>/dev/null
IP=
unlock
for _ in $(seq 1 100); do
	n=$(psql -X -At "$CITUS_URL" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'")
	[ "$n" = 0 ] && break
	sleep 0.2
done
[ "$n" = 0 ] || die "the killed ingest's session is still there"
empty "after kill -9"
journal "after kill -9"
"$CITECTX" --db "$CITUS_URL" ingest "$TOP/tests/data/demo" --staging "$STAGE" >"$T/out" 2>"$T/err" || die "re-run after kill -9: $(cat "$T/err")"
same_as_ref "$T/rerun9"
echo "t0172: w2 stopped mid-batch: exit 1, \"$msg\"; no half batch written, the journal kept it; re-run = its staging = uninterrupted, statement ids aside ($(ls "$T/ref" | wc -l) reads); kill -9 mid-batch: the same"
