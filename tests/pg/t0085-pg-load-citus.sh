#!/bin/sh
# t0085: `citectx pg-load` into a Citus cluster (issue 18, lane L3: a
# coordinator and two workers, tests/pg/citus.sh) made by pg-init
# --citus: the demo index's rows, counted table by table against SQLite's
# through the coordinator; the statements spread over shards on both
# workers, each on the shard of its distribution key (one cited work's
# statements read by a router query, one task, equal SQLite's count);
# identifiers filled (aliases included); a second load refused.
# Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0085.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0085: $*" >&2; exit 1; }
citus_up "$T/c" t0085
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0085: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$CITUS_URL" -c "$1"; }
DB=$T/x.db
lite() { sqlite3 "$DB" "$1"; }
"$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo" >/dev/null || die "ingest failed"
# an alias (through the coordinator's temporary table into identifiers)
lite "INSERT INTO aliases SELECT 'doi:10.5555/v2.' || id, id, 'v2' FROM works WHERE doi IS NOT NULL" || die "aliases"

"$CITECTX" --db "$CITUS_URL" pg-init --citus >/dev/null || die "pg-init --citus failed"
"$CITECTX" --db "$CITUS_URL" pg-load "$DB" --json >"$T/load.json" 2>"$T/err" || die "pg-load failed: $(cat "$T/err")"
[ "$(jq .schema_created "$T/load.json")" = false ] || die "pg-load made a schema over pg-init's"
for t in $(jq -r '.tables | keys[]' "$T/load.json"); do
	[ "$t" = aliases ] && continue
	# runs: every statement again, by its run's lead (derived)
	if [ "$t" = runs ]; then want=$(lite "SELECT count(*) FROM statements"); else want=$(lite "SELECT count(*) FROM $t"); fi
	[ "$(sql "SELECT count(*) FROM $t")" -eq "$want" ] || die "$t: the cluster holds $(sql "SELECT count(*) FROM $t"), SQLite $want"
done
[ "$(sql "SELECT count(*) FROM identifiers")" -eq "$(lite "SELECT count(doi) + count(pmid) + count(pmcid) + (SELECT count(*) FROM aliases) FROM works")" ] ||
	die "identifiers: $(sql "SELECT count(*) FROM identifiers")"

# the statements' shards that hold rows, by worker
set -- $CITUS_WORKER_PORTS
busy=0
for p in "$@"; do
	n=0
	for s in $(sql "SELECT s.shardid FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
		WHERE s.logicalrelid = 'statements'::regclass AND p.nodeport = $p"); do
		n=$((n + $(citus_sql "$p" "SELECT count(*) FROM statements_$s")))
	done
	[ "$n" -gt 0 ] && busy=$((busy + 1))
	total=$(( ${total:-0} + n ))
done
[ "$busy" -eq 2 ] && [ "$total" -eq "$(lite "SELECT count(*) FROM statements")" ] ||
	die "statements on the workers: $total rows, $busy of 2 workers hold some"

# the most-cited work's statements: one task, as many as SQLite's
top=$(lite "SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC LIMIT 1")
explain=$(sql "EXPLAIN SELECT count(*) FROM statements WHERE dkey = $top")
echo "$explain" | grep -q 'Task Count: 1$' || die "one work's statements are not a router query: $explain"
[ "$(sql "SELECT count(*) FROM statements WHERE dkey = $top")" -eq "$(lite "SELECT count(*) FROM statements WHERE cited = $top")" ] ||
	die "work $top: its shard holds $(sql "SELECT count(*) FROM statements WHERE dkey = $top") statements"
echo "t0085: $(jq -r '[.tables[] | .rows] | add' "$T/load.json") rows over $busy workers; work $top's statements on one shard"

"$CITECTX" --db "$CITUS_URL" pg-load "$DB" >"$T/out" 2>"$T/err" && die "a second load succeeded"
grep -q 'already holds rows' "$T/err" || die "second load: $(cat "$T/err")"
echo "t0085: ok"
