#!/bin/sh
# t0170: every read of the PostgreSQL backend on Citus (issue 18, lane
# L3): the demo index, loaded with pg-load into a database pg-init
# --citus made, answers report, refs, statements (facets, sorts, both
# groupings, cursor walks to the end), cite and top with the same bytes
# and exit codes as SQLite, through the coordinator (find too); and the
# reads that know a work's distribution key are router queries (EXPLAIN: one task):
# a report's tallies and statement pool, a statement page's rows
# (dkey = the cited work), a reference list (refs by citing work), the
# notices about a work, a run's lead and a sentence's statements by
# citing work, an ID's work in identifiers.
# Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0170.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0170: $*" >&2; exit 1; }
citus_up "$T/c" t0170
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0170: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
DB=$T/demo.db
"$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo" >"$T/out" 2>"$T/err" || die "ingest failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-load "$DB" >"$T/out" 2>"$T/err" || die "pg-load failed: $(cat "$T/err")"

n=0
same() { # the command's arguments: same stdout, stderr, exit
	"$CITECTX" --db "$DB" "$@" >"$T/a.out" 2>"$T/a.err"
	ra=$?
	"$CITECTX" --db "$CITUS_URL" "$@" >"$T/b.out" 2>"$T/b.err"
	rb=$?
	[ "$ra" -eq "$rb" ] || die "'$*': exit $ra from SQLite, $rb from Citus: $(head -c 300 "$T/b.err")"
	cmp -s "$T/a.out" "$T/b.out" || die "'$*': stdout differs: $(diff "$T/a.out" "$T/b.out" | head -c 600)"
	cmp -s "$T/a.err" "$T/b.err" || die "'$*': stderr differs: $(diff "$T/a.err" "$T/b.err" | head -c 600)"
	n=$((n + 1))
}
same top --json
same top --limit 3
ids=$("$CITECTX" --db "$DB" top --limit 6 --json | jq -r '.data[].id')
[ "$(echo "$ids" | wc -l)" -eq 6 ] || die "top: $ids"
# the citing articles too: their reference lists are long
citers=$(sqlite3 "$DB" "SELECT 'citectx:' || citing FROM refs GROUP BY citing ORDER BY count(*) DESC, citing LIMIT 3")
for id in $ids $citers; do
	same report "$id" --json
	same report "$id"
	same refs "$id" --json
	same refs "$id"
	same cite "$id" --format bibtex
	same cite "$id" --format csl-json
	for srt in relevance newest oldest confidence; do
		same statements "$id" --sort "$srt" --json
		same statements "$id" --sort "$srt" --group statement --json
	done
	for f in "--type supporting" "--type contrasting" "--section discussion" \
		"--from-year 2015" "--to-year 2018" "--self exclude" \
		"--journal-self only" "--pubtype research-article" "--limit 1"; do
		# shellcheck disable=SC2086
		same statements "$id" $f --json
	done
done
w1=$(echo "$ids" | head -1)
same statements "$w1" --citing "$(echo "$citers" | head -1)" --json
same report citectx:999999 --json
same refs nosuch:1
# find: works_text is distributed with works (a candidate's year is a
# join on the shard), citing counts across shards
for q in migraine "episodic migraine" "Okafor 2019" "migraine 2020" velo \
	"Invented Headache Review" 10.5555/citectx-demo.02 pmid:90000001 \
	PMC9900003 zzzzunknownword; do
	same find "$q" --json
	same find "$q" --limit 2
done
# cursor walks to the end, 2 a page: the same pages
walks=0
for srt in newest oldest confidence relevance; do
	for g in sentence statement; do
		cur= k=0
		while :; do
			same statements "$w1" --sort "$srt" --group "$g" --limit 2 ${cur:+--cursor "$cur"} --json
			cur=$(jq -r '.next // empty' "$T/a.out")
			k=$((k + 1))
			[ -n "$cur" ] || break
			[ "$k" -lt 500 ] || die "$srt/$g: no end"
		done
		[ "$k" -ge 3 ] || die "$srt/$g: a walk of $k pages proves little"
		walks=$((walks + 1))
	done
done
echo "t0170: $n commands ($walks cursor walks) print the same bytes from SQLite and from Citus"

# router queries where the key is known: one task each
w=$(sqlite3 "$DB" "SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1")
s=$(sqlite3 "$DB" "SELECT id FROM statements WHERE cited = $w ORDER BY id LIMIT 1")
c=$(sqlite3 "$DB" "SELECT citing FROM refs GROUP BY citing ORDER BY count(*) DESC LIMIT 1")
tasks() { # SQL: the task count of the plan's first distributed scan
	psql -X -At "$CITUS_URL" -c "EXPLAIN $1" | sed -n 's/^ *Task Count: //p' | head -1
}
for q in "SELECT type, count(*) FROM statements WHERE dkey = $w AND cited = $w GROUP BY type" \
	"SELECT id, citing, ctx FROM statements WHERE dkey = $w AND cited = $w ORDER BY year DESC LIMIT 20" \
	"SELECT id, citing, cited, ctx, ref FROM statements WHERE dkey = $w AND id = $s" \
	"SELECT pos, label, raw, cited, id FROM refs WHERE citing = $c" \
	"SELECT id, doi, title FROM works WHERE id = $w" \
	"SELECT notice FROM notices_by WHERE concerned = $w" \
	"SELECT id, text FROM leads WHERE citing = ANY ('{$c}'::bigint[]) AND id = ANY ('{$s}'::bigint[])" \
	"SELECT id, cited, ref FROM citing_stmts WHERE citing = $c AND id BETWEEN $s AND $s + 63 AND id - sctx = $s" \
	"SELECT work FROM identifiers WHERE xid = 'doi:10.1/x'"; do
	k=$(tasks "$q")
	[ "$k" = 1 ] || die "not a router query ($k tasks): $q"
done
k=$(tasks "SELECT id FROM statements WHERE id = $s")
[ "$k" -gt 1 ] || die "a statement by id alone in one task ($k): the check proves nothing"
# a search over the whole index joins each matched lead to its run on the
# lead's shard (runs): one distributed query pushed down whole, no
# intermediate result (the join by id - ctx broadcast every match to
# every shard); the query is store_pg_search.c's XQ_SCAN_ALL
plan=$(psql -X -At "$CITUS_URL" -c "EXPLAIN SELECT s.id, s.type, m.id FROM statements m JOIN runs s ON s.ldkey = m.dkey AND s.lead = m.id WHERE m.ctx = 0 AND m.tsv @@ 'trial'::tsquery ORDER BY s.id")
echo "$plan" | grep -q "Task Count" || die "the search's scan is not distributed: $plan"
echo "$plan" | grep -q "Distributed Subplan\|intermediate_result\|Repartition" && die "the search's scan is not pushed down whole: $plan"
echo "t0170: the reads on a known key are router queries (1 task; by id alone: $k); a search's scan is pushed down whole"
