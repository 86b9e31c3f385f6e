#!/bin/sh
# t0095: the demo index on a Citus cluster (issue 18, lane L3): after
# `pg-init --citus`, `citectx pg-load` copies the SQLite index of
# tests/data/demo into the coordinator; every table holds SQLite's row
# count, the rows are spread over both workers, each statement sits on
# the shard of its distribution key, and the most-cited work's statements
# are one router query that finds exactly SQLite's count.
# Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0095.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0095: $*" >&2; exit 1; }
citus_up "$T/c" t0095
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0095: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$CITUS_URL" -c "$1"; }
lite() { sqlite3 "$T/demo.db" "$1"; }

"$CITECTX" --db "$T/demo.db" ingest "$TOP/tests/data/demo" >"$T/out" 2>"$T/err" || die "ingest failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-load "$T/demo.db" --json >"$T/load.json" 2>"$T/err" || die "pg-load failed: $(cat "$T/err")"
[ "$(jq .schema_created "$T/load.json")" = false ] || die "pg-load made its own schema over pg-init --citus's"

# every table: SQLite's rows, on the cluster
n=0
for t in $(jq -r '.tables | keys[]' "$T/load.json"); do
	[ "$t" = aliases ] && continue # PostgreSQL's identifiers hold them
	want=$(lite "SELECT count(*) FROM $t")
	got=$(sql "SELECT count(*) FROM $t")
	[ "$got" -eq "$want" ] || die "$t: the cluster holds $got rows, SQLite $want"
	n=$((n + 1))
done
[ "$n" -ge 7 ] || die "only $n tables compared"
[ "$(sql "SELECT count(*) FROM identifiers")" -ge "$(lite "SELECT count(doi) FROM works")" ] || die "identifiers missing"
[ "$(sql "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'statements'::regclass")" -eq 1 ] ||
	die "statements are not distributed after the load"

# the rows are on both workers, each on the shard of its key
set -- $CITUS_WORKER_PORTS
for p in "$@"; do
	c=$(sql "SELECT count(*) FROM (SELECT dkey FROM statements) s JOIN pg_dist_shard_placement p
		ON p.shardid = get_shard_id_for_distribution_column('statements', s.dkey) WHERE p.nodeport = $p")
	[ "$c" -gt 0 ] || die "worker $p holds no statement"
	echo "t0095: worker $p holds $c statements"
done
[ "$(sql "SELECT count(*) FROM statements WHERE dkey <> coalesce(cited, -citing)")" -eq 0 ] || die "a statement's dkey is not coalesce(cited, -citing)"

# the most-cited work: its statements, one task, SQLite's count
top=$(lite "SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1")
want=$(lite "SELECT count(*) FROM statements WHERE cited = $top")
q="SELECT count(*) FROM statements s JOIN works w ON w.id = s.dkey WHERE s.dkey = $top"
sql "EXPLAIN $q" | grep -q 'Task Count: 1$' || die "work $top's statements are not a router query"
[ "$(sql "$q")" -eq "$want" ] || die "work $top: $(sql "$q") statements on the cluster, SQLite $want"
echo "t0095: $n tables loaded with SQLite's counts ($(lite "SELECT count(*) FROM statements") statements); work $top's $want statements in 1 task"
