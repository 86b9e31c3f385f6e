#!/bin/sh
# t0094: growing a Citus cluster under a citectx index (issue 18, lane L3;
# the commands docs/SCALING.md gives): after pg-init --citus and rows for
# many works, a third worker is added and citus_rebalance_start moves
# shards to it; every row is still there, the new worker holds shards of
# the distributed tables and the reference tables, a work's statements and
# its works row still share a node, and its report is still one task.
# Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0094.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0094: $*" >&2; exit 1; }
citus_up "$T/c" t0094
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0094: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$CITUS_URL" -c "$1"; }

# 8 shards a table, not Citus's default 32: fewer moves, a shorter lane
PGOPTIONS="-c citus.shard_count=8" "$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"
# 500 works, 6 statements each, one user row
sql "INSERT INTO works(id, title) SELECT g, 'w' || g FROM generate_series(1, 500) g" || die "insert works"
sql "INSERT INTO statements(dkey, id, citing, ref, cited, section_class, type, confidence, self, text,
	sent_start, sent_end, dups) SELECT w, w * 10 + k, 1, 1, w, 0, 1, 0.5, 0, 's', 0, 1, 0
	FROM generate_series(1, 500) w, generate_series(1, 6) k" || die "insert statements"
sql "INSERT INTO users VALUES (1, 'ann', 'x', 0)" || die "insert users"
before=$(sql "SELECT (SELECT count(*) FROM works) || '/' || (SELECT count(*) FROM statements)")

citus_add_worker "$T/c" w3 || die "no third worker"
W3=$CITUS_NEW_PORT
on_w3() { sql "SELECT count(*) FROM pg_dist_shard_placement p JOIN pg_dist_shard s USING (shardid)
	WHERE p.nodeport = $W3 AND s.logicalrelid = '$1'::regclass"; }
[ "$(on_w3 statements)" -eq 0 ] || die "the new worker has shards before the rebalance"
# block_writes: moves by COPY, no logical replication (wal_level=logical
# is what an online move needs; see docs/SCALING.md)
sql "SELECT citus_rebalance_start(shard_transfer_mode => 'block_writes')" >/dev/null || die "citus_rebalance_start failed"
sql "SELECT citus_rebalance_wait()" >/dev/null || die "citus_rebalance_wait failed"
moved=$(on_w3 statements)
[ "$moved" -gt 0 ] || die "no statements shard moved to the new worker"
[ "$(on_w3 works)" -eq "$moved" ] || die "works and statements did not move together ($(on_w3 works) vs $moved)"
[ "$(on_w3 users)" -eq 1 ] || die "the reference table users is not on the new worker"
ushard=$(sql "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'users'::regclass")
[ "$(citus_sql "$W3" "SELECT name FROM users_$ushard")" = ann ] || die "the new worker has no copy of users' rows"
[ "$(sql "SELECT (SELECT count(*) FROM works) || '/' || (SELECT count(*) FROM statements)")" = "$before" ] ||
	die "rows lost in the rebalance: $before before"

# each work's statements still on its works row's node; one work, one task
split=$(sql "SELECT count(*) FROM generate_series(1, 500) w
	WHERE (SELECT nodeport FROM pg_dist_shard_placement
		WHERE shardid = get_shard_id_for_distribution_column('works', w))
	<> (SELECT nodeport FROM pg_dist_shard_placement
		WHERE shardid = get_shard_id_for_distribution_column('statements', w))")
[ "$split" -eq 0 ] || die "$split works are on another node than their statements"
sql "EXPLAIN SELECT w.title, s.text FROM statements s JOIN works w ON w.id = s.dkey WHERE s.dkey = 77" |
	grep -q 'Task Count: 1$' || die "after the rebalance one work is not a router query"
[ "$(sql "SELECT count(*) FROM statements s JOIN works w ON w.id = s.dkey WHERE s.dkey = 77")" -eq 6 ] ||
	die "work 77 lost statements"
echo "t0094: $moved of $(sql "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'statements'::regclass") statements shards moved to the third worker, $before rows kept, colocation kept"
