#!/bin/sh
# t0093: `citectx pg-init --citus` on a throwaway Citus cluster (issue 18,
# lane L3: a coordinator and two workers, tests/pg/citus.sh).  Each table
# --print calls distributed is hash-distributed on its key in Citus's
# catalog, the work-keyed tables share works' colocation group and the
# identifiers have their own, the reference tables are on every worker
# with their rows, a query for one cited work is routed to one shard
# (works joined), a second pg-init is refused with nothing changed, and
# --citus on a database without the extension is one clear line.
# Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0093.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0093: $*" >&2; exit 1; }
citus_up "$T/c" t0093
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0093: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$CITUS_URL" -c "$1"; }
set -- $CITUS_WORKER_PORTS
W1=$1 W2=$2

# a database of the coordinator without the extension: one line, nothing made
sql "CREATE DATABASE t0093_plain" || die "CREATE DATABASE failed"
PLAIN=${CITUS_URL%/*}/t0093_plain
"$CITECTX" --db "$PLAIN" pg-init --citus >"$T/out" 2>"$T/err" && die "--citus without the extension succeeded"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "127.0.0.1:$CITUS_PORT: --citus: .*no citus extension" "$T/err" ||
	die "--citus without the extension: $(cat "$T/err")"
[ "$(psql -X -At "$PLAIN" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq 0 ] ||
	die "--citus without the extension left tables behind"

"$CITECTX" --db "$CITUS_URL" pg-init --citus --json >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"
dist=$(jq .distributed "$T/out")
ref=$(jq .reference "$T/out")
[ "$(jq -r .citus "$T/out")" = "$(sql "SELECT extversion FROM pg_extension WHERE extname = 'citus'")" ] ||
	die "pg-init does not name the Citus version: $(cat "$T/out")"
[ "$(jq .shards "$T/out")" -eq "$(sql "SELECT count(*) FROM pg_dist_shard")" ] || die "shard count differs from pg_dist_shard"

# every table --print calls distributed: hash-distributed on that key
"$CITECTX" pg-init --print --citus >"$T/ddl" || die "pg-init --print --citus failed"
sed -n 's/^-- \([a-z_]*\): distributed by \([a-z_]*\)$/\1 \2/p' "$T/ddl" >"$T/keys"
sed -n 's/^-- \([a-z_]*\): reference table$/\1/p' "$T/ddl" >"$T/refs"
[ "$(wc -l <"$T/keys")" -eq "$dist" ] && [ "$(wc -l <"$T/refs")" -eq "$ref" ] || die "--print and pg-init disagree"
[ "$(sql "SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'h'")" -eq "$dist" ] ||
	die "pg_dist_partition holds $(sql "SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'h'") hash-distributed tables, not $dist"
while read -r tab key; do
	got=$(sql "SELECT column_to_column_name(logicalrelid, partkey) FROM pg_dist_partition
		WHERE logicalrelid = '$tab'::regclass AND partmethod = 'h'")
	[ "$got" = "$key" ] || die "$tab: distributed on '$got', not $key"
done <"$T/keys"

# colocation: what joins a work's rows is in works' group; identifiers
# (a text key) in its own
group() { sql "SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = '$1'::regclass"; }
wg=$(group works)
for tab in authors refs statements notices linkrec works_text cited_by work_xids notices_by leads citing_stmts; do
	[ "$(group $tab)" = "$wg" ] || die "$tab is not colocated with works"
done
[ "$(group identifiers)" != "$wg" ] || die "identifiers (a text key) share works' group"

# reference tables: one shard, placed on both workers, rows there too
while read -r tab; do
	[ "$(sql "SELECT partmethod::text || repmodel::text FROM pg_dist_partition WHERE logicalrelid = '$tab'::regclass")" = nt ] ||
		die "$tab is not a reference table"
	n=$(sql "SELECT count(DISTINCT p.nodeport) FROM pg_dist_shard_placement p JOIN pg_dist_shard s USING (shardid)
		WHERE s.logicalrelid = '$tab'::regclass AND p.nodeport IN ($W1, $W2)")
	[ "$n" -eq 2 ] || die "$tab is on $n of the 2 workers"
done <"$T/refs"
shard=$(sql "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'citectx_meta'::regclass")
for p in $W1 $W2; do
	[ "$(citus_sql "$p" "SELECT v FROM citectx_meta_$shard WHERE k = 'schema'")" = "$(jq .schema "$T/out")" ] ||
		die "worker $p has no copy of citectx_meta's rows"
done

# one cited work: its statements and its works row on one shard, its
# report a router query (one task); the whole table is many tasks
sql "INSERT INTO works(id, title) VALUES (42, 'w42'), (43, 'w43')" || die "insert works"
sql "INSERT INTO statements(dkey, id, citing, ref, cited, section_class, type, confidence, self, text,
	sent_start, sent_end, dups) SELECT 42, g, 43, 1, 42, 0, 1, 0.5, 0, 's', 0, 1, 0 FROM generate_series(1, 5) g" ||
	die "insert statements"
explain=$(sql "EXPLAIN SELECT w.title, s.text FROM statements s JOIN works w ON w.id = s.dkey
	WHERE s.dkey = 42 ORDER BY s.id")
echo "$explain" | grep -q 'Task Count: 1$' || die "one work's statements are not a router query: $explain"
all=$(sql "EXPLAIN SELECT count(*) FROM statements" | sed -n 's/.*Task Count: \([0-9]*\)$/\1/p')
[ "${all:-0}" -gt 1 ] || die "the whole table is $all task(s): the router check proves nothing"
[ "$(sql "SELECT count(*) FROM statements s JOIN works w ON w.id = s.dkey WHERE s.dkey = 42")" -eq 5 ] ||
	die "the colocated join lost rows"
sql "UPDATE statements SET dkey = 43 WHERE dkey = 42" 2>"$T/err" && die "the distribution key was updated"
echo "t0093: $dist tables distributed ($(jq .shards "$T/out") shards), $ref reference tables, one work = 1 task of $all"

# a second pg-init (with or without --citus): refused, nothing changed
before=$(sql "SELECT (SELECT count(*) FROM pg_class) || '/' || (SELECT count(*) FROM pg_dist_shard)")
for flag in --citus ""; do
	"$CITECTX" --db "$CITUS_URL" pg-init $flag >"$T/out" 2>"$T/err" && die "a second pg-init $flag succeeded"
	grep -q 'already holds a citectx index' "$T/err" || die "second pg-init $flag: $(cat "$T/err")"
done
[ "$(sql "SELECT (SELECT count(*) FROM pg_class) || '/' || (SELECT count(*) FROM pg_dist_shard)")" = "$before" ] ||
	die "a refused pg-init changed the catalog"
echo "t0093: ok"
