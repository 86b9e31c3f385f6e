#!/bin/sh
# t0083: `citectx pg-init` on a throwaway PostgreSQL 15 cluster (issue 18,
# lane L1): the schema is made whole, every unique key of a distributed
# table includes its distribution key (Citus's rule), a second pg-init and
# a partly occupied database are refused with nothing changed, an
# unreachable server is named by host:port, and the commands the backend
# does not serve yet refuse a postgresql:// index with a message.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0083.XXXXXX")
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0083: $*" >&2; exit 1; }
pg_start "$T/pg" || die "no PostgreSQL cluster"
sql() { psql -X -q -At "$PG_URL" -c "$1"; }

"$CITECTX" --db "$PG_URL" pg-init --json >"$T/out" 2>"$T/err" || die "pg-init failed: $(cat "$T/err")"
tables=$(jq .tables "$T/out")
dist=$(jq .distributed "$T/out")
[ "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq "$tables" ] ||
	die "pg-init says $tables tables, the catalog holds $(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
[ "$(sql "SELECT v FROM citectx_meta WHERE k = 'schema'")" = "$(jq .schema "$T/out")" ] || die "no schema version"

# each distributed table's key, from the DDL's own comments; every unique
# index of that table must include it
"$CITECTX" pg-init --print >"$T/ddl" || die "pg-init --print failed"
sed -n 's/^-- \([a-z_]*\): distributed by \([a-z_]*\)$/\1 \2/p' "$T/ddl" >"$T/keys"
[ "$(wc -l <"$T/keys")" -eq "$dist" ] || die "--print names $(wc -l <"$T/keys") distributed tables, pg-init $dist"
while read -r tab key; do
	bad=$(sql "SELECT i.indexrelid::regclass FROM pg_index i
		WHERE i.indrelid = '$tab'::regclass AND i.indisunique
		AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid
			AND a.attname = '$key' AND a.attnum = ANY(i.indkey))")
	[ -z "$bad" ] || die "$tab: unique index $bad does not include its distribution key $key"
done <"$T/keys"
echo "t0083: $tables tables, $dist distributed, every unique key holds its distribution key"

# a second pg-init: refused, nothing changed
before=$(sql "SELECT count(*) FROM pg_class")
"$CITECTX" --db "$PG_URL" pg-init >"$T/out" 2>"$T/err" && die "a second pg-init succeeded"
grep -q 'already holds a citectx index' "$T/err" || die "second pg-init: $(cat "$T/err")"
[ "$(sql "SELECT count(*) FROM pg_class")" -eq "$before" ] || die "a refused pg-init changed the catalog"

# a database holding a table of the same name: refused whole
sql "CREATE DATABASE other" || die "CREATE DATABASE failed"
OTHER=${PG_URL%/postgres}/other
psql -X -q "$OTHER" -c "CREATE TABLE refs(x int)" || die "cannot make refs"
"$CITECTX" --db "$OTHER" pg-init >"$T/out" 2>"$T/err" && die "pg-init over a foreign refs table succeeded"
grep -q "127.0.0.1:$PG_PORT" "$T/err" || die "the error does not name the server: $(cat "$T/err")"
[ "$(psql -X -At "$OTHER" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq 1 ] ||
	die "a failed pg-init left tables behind"

# an unreachable server: one line naming host:port, exit 1
"$CITECTX" --db "postgresql://postgres@127.0.0.1:1/x" pg-init >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || die "unreachable server: exit $rc"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q '127.0.0.1:1: cannot connect' "$T/err" || die "unreachable server: $(cat "$T/err")"

# the commands the PostgreSQL backend does not serve yet refuse it, and
# no message echoes the URL's password (the reads: t0088)
"$CITECTX" --db "postgresql://u:secret@127.0.0.1:$PG_PORT/postgres" reclassify >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || die "reclassify on postgresql://: exit $rc"
grep -q 'reclassify is not available on the PostgreSQL backend yet' "$T/err" || die "reclassify on postgresql://: $(cat "$T/err")"
grep -q secret "$T/err" && die "the password in a message: $(cat "$T/err")"
"$CITECTX" --db "postgresql://postgres:secret@127.0.0.1:$PG_PORT/other" report pmid:1 >"$T/out" 2>"$T/err" &&
	die "report on a database without an index succeeded"
grep -q 'holds no citectx index' "$T/err" || die "report on a foreign database: $(cat "$T/err")"
grep -q secret "$T/err" && die "the password was printed"
"$CITECTX" --db "$T/x.db" pg-init >"$T/out" 2>"$T/err" && die "pg-init on an SQLite path succeeded"
echo "t0083: refusals named; ok"
