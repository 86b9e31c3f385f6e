#!/bin/sh
# t0160: the corpus index copied into PostgreSQL by `citectx pg-load`
# (issue 18, lane L1): every table holds as many rows as SQLite's, the
# works and statements keep their ids (sums of ids and of cited ids
# equal), identifiers holds each work's DOI, PMID and PMCID, and the
# values repaired as UTF-8 are exactly the new U+FFFD-bearing values of
# each table (every text column compared), the titles among them
# counted.  Prints the load's summary (docs/BENCHMARKS.md times it with
# scripts/bench-pgload.sh, not here).
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0160.XXXXXX")
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0160: $*" >&2; exit 1; }
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0160: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
command -v sqlite3 >/dev/null || die "sqlite3 not installed"
DB=$T/x.db
. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"
pg_start "$T/pg" || die "no PostgreSQL cluster"
pq() { psql -X -q -At "$PG_URL" -c "$1"; }
lite() { sqlite3 "$DB" "$1"; }

"$CITECTX" --db "$PG_URL" pg-load "$DB" --json >"$T/load.json" 2>"$T/err" || die "pg-load failed: $(cat "$T/err")"
echo "t0160: $(jq -c '{tables: (.tables | map_values(.rows)), identifiers, repaired}' "$T/load.json")"

src() { # a loaded table's SQLite source: runs is statements again
	if [ "$1" = runs ]; then echo statements; else echo "$1"; fi
}
for t in $(jq -r '.tables | keys[]' "$T/load.json"); do
	want=$(lite "SELECT count(*) FROM $(src "$t")")
	[ "$(jq ".tables.$t.rows" "$T/load.json")" -eq "$want" ] || die "$t: the summary says $(jq ".tables.$t.rows" "$T/load.json"), SQLite holds $want"
	[ "$t" = aliases ] && continue
	[ "$(pq "SELECT count(*) FROM $t")" -eq "$want" ] || die "$t: PostgreSQL holds $(pq "SELECT count(*) FROM $t"), SQLite $want"
done
[ "$(lite "SELECT count(*) FROM statements")" -gt 200000 ] || die "not the corpus"
for q in "SELECT sum(id), sum(cited), sum(citing), sum(ref) FROM statements" \
	"SELECT sum(id), sum(indexed), count(title) FROM works" \
	"SELECT sum(id), sum(cited), sum(citing) FROM refs"; do
	[ "$(lite "$q")" = "$(pq "$q")" ] || die "$q: SQLite $(lite "$q"), PostgreSQL $(pq "$q")"
done
ids=$(lite "SELECT count(doi) + count(pmid) + count(pmcid) FROM works")
[ "$(lite "SELECT count(*) FROM aliases")" -eq 0 ] || ids=""
[ -z "$ids" ] || [ "$(pq "SELECT count(*) FROM identifiers")" -eq "$ids" ] || die "identifiers: $(pq "SELECT count(*) FROM identifiers"), want $ids"

# repairs: per table, the values holding U+FFFD in PostgreSQL and not in
# SQLite, over every text column, equal what the summary counts
total=0
for t in $(jq -r '.tables | keys[]' "$T/load.json"); do
	[ "$t" = aliases ] && continue
	new=0
	for col in $(pq "SELECT column_name FROM information_schema.columns WHERE table_name = '$t' AND data_type = 'text'"); do
		a=$(pq "SELECT count(*) FROM $t WHERE strpos(\"$col\", chr(65533)) > 0")
		b=$(lite "SELECT count(*) FROM $(src "$t") WHERE instr(\"$col\", char(65533)) > 0")
		new=$((new + a - b))
	done
	[ "$new" -eq "$(jq ".tables.$t.repaired" "$T/load.json")" ] || die "$t: $new values gained U+FFFD, the summary says $(jq ".tables.$t.repaired" "$T/load.json") repaired"
	total=$((total + new))
done
[ "$total" -eq "$(jq .repaired "$T/load.json")" ] && [ "$total" -gt 0 ] || die "$total values repaired, summary $(jq .repaired "$T/load.json")"
titles=$(( $(pq "SELECT count(*) FROM works WHERE strpos(title, chr(65533)) > 0") - $(lite "SELECT count(*) FROM works WHERE instr(title, char(65533)) > 0") ))
rtitles=$(( $(pq "SELECT count(*) FROM refs WHERE strpos(title, chr(65533)) > 0") - $(lite "SELECT count(*) FROM refs WHERE instr(title, char(65533)) > 0") ))
echo "t0160: $total values repaired as UTF-8 ($(jq -c '.tables | map_values(.repaired) | with_entries(select(.value > 0))' "$T/load.json")), of them titles: $titles in works, $rtitles in refs"
echo "t0160: ok"
