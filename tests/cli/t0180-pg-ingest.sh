#!/bin/sh
# t0180: `ingest --db postgresql://...` (issue 18, lane L1): the demo
# articles ingested into a throwaway PostgreSQL 15 cluster answer, byte
# for byte, as the same articles ingested into SQLite (reports, reference
# lists, citations, statements with facets and sorts, a cursor walk to
# the end, top, bad IDs); the staging index is kept (under
# $XDG_STATE_HOME/citectx/, nothing in $TMPDIR); a second ingest of the
# same files into the filled index answers as a second one into SQLite
# (t0183, t0184: resumed and two-step ingests); one into a server that
# is not there fails in one line naming host:port.
# --workers 2 and 4 give the same answers (ids included).
# --part K/N: the shares are disjoint, together all the articles, the
# same on every run, and a share ingested into PostgreSQL answers as the
# same share in SQLite.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
DEMO="$TOP/tests/data/demo"
mkdir "$T/tmp"
export XDG_STATE_HOME="$T/state"

expect_exit 0 ctx ingest "$DEMO"
head -1 "$T/out" | sed 's/, [0-9.]* seconds$//' >"$T/sum.sqlite"
TMPDIR="$T/tmp" expect_exit 0 "$CITECTX" --db "$PG_URL" ingest "$DEMO"
head -1 "$T/out" | sed 's/, [0-9.]* seconds$//' >"$T/sum.pg"
cmp -s "$T/sum.sqlite" "$T/sum.pg" || die "summaries differ: $(cat "$T/sum.sqlite") / $(cat "$T/sum.pg")"
expect_out '^postgresql: [1-9][0-9]* rows copied'
[ -z "$(ls -A "$T/tmp")" ] || die "a file was left in TMPDIR: $(ls -A "$T/tmp")"
[ "$(ls "$T/state/citectx/" | grep -c '\.db$')" -eq 1 ] || die "no staging index kept: $(ls -R "$T/state")"

n=0
same() { # DB-A DB-B the command's arguments: same stdout, stderr, exit
	a=$1 b=$2
	shift 2
	"$CITECTX" --db "$a" "$@" >"$T/a.out" 2>"$T/a.err"
	ra=$?
	"$CITECTX" --db "$b" "$@" >"$T/b.out" 2>"$T/b.err"
	rb=$?
	[ "$ra" -eq "$rb" ] || die "'$*': exit $ra from SQLite, $rb from PostgreSQL: $(head -c 300 "$T/b.err")"
	cmp -s "$T/a.out" "$T/b.out" || die "'$*': stdout differs: $(diff "$T/a.out" "$T/b.out" | head -6)"
	cmp -s "$T/a.err" "$T/b.err" || die "'$*': stderr differs: $(diff "$T/a.err" "$T/b.err" | head -6)"
	n=$((n + 1))
}
ok() { # same, and SQLite answered
	same "$@"
	[ "$ra" -eq 0 ] && [ -s "$T/a.out" ] || die "'$*': SQLite gave nothing (exit $ra)"
}
parity() { # SQLITE-DB PG-URL: the list of reads
	ok "$1" "$2" top --json
	ok "$1" "$2" top --limit 3
	ids=$("$CITECTX" --db "$1" top --limit 6 --json | jq -r '.data[].id')
	[ "$(echo "$ids" | wc -l)" -ge 2 ] || die "top: $ids"
	for id in $ids; do
		ok "$1" "$2" report "$id" --json
		ok "$1" "$2" report "$id"
		same "$1" "$2" refs "$id" --json
		for f in bibtex ris csl-json apa; do ok "$1" "$2" cite "$id" --format "$f"; done
		ok "$1" "$2" statements "$id" --json
		ok "$1" "$2" statements "$id" --group statement --json
		for s in newest oldest confidence relevance; do
			ok "$1" "$2" statements "$id" --sort "$s" --json
		done
		same "$1" "$2" statements "$id" --type supporting --type contrasting --json
		same "$1" "$2" statements "$id" --section discussion --json
		same "$1" "$2" statements "$id" --from-year 2018 --to-year 2021 --json
	done
	top=$(echo "$ids" | head -1)
	cur= pages=0
	while :; do
		ok "$1" "$2" statements "$top" --limit 4 ${cur:+--cursor "$cur"} --json
		cur=$(jq -r '.next // empty' "$T/a.out")
		pages=$((pages + 1))
		[ -n "$cur" ] || break
		[ "$pages" -lt 100 ] || die "no end to the cursor walk"
	done
	[ "$pages" -ge 2 ] || die "a walk of $pages pages proves little"
	same "$1" "$2" report pmid:99999999
	same "$1" "$2" statements notanid
	# find: ingest fills the works search's text too (t0181: pg-load)
	for q in migraine "episodic migraine" "Okafor 2019" velo Exampleland \
		10.5555/citectx-demo.02 pmid:90000001 zzzzunknownword; do
		same "$1" "$2" find "$q" --json
	done
}
parity "$DB" "$PG_URL"
for id in 10.5555/citectx-demo.03 pmid:90000003 PMC9900003; do
	ok "$DB" "$PG_URL" report "$id" --json
	ok "$DB" "$PG_URL" refs "$id" --json
done
echo "$ID: $n commands byte-identical after ingest into SQLite and into PostgreSQL"

# the filled index: a second ingest adds to it as a second one into SQLite
TMPDIR="$T/tmp" expect_exit 0 "$CITECTX" --db "$PG_URL" ingest "$DEMO"
cp "$DB" "$T/twice.db"
expect_exit 0 "$CITECTX" --db "$T/twice.db" ingest "$DEMO"
parity "$T/twice.db" "$PG_URL"
echo "$ID: a second ingest into the filled index: the same answers as a second one into SQLite"
# no server there: one line naming host:port, exit 1
port=$((PG_PORT == 65000 ? 64999 : 65000))
expect_exit 1 "$CITECTX" --db "postgresql://postgres@127.0.0.1:$port/postgres" ingest "$DEMO"
expect_err "127.0.0.1:$port"
expect_one_line_err

# --workers N: N threads parse and classify, one store takes the articles
# in the walk's order: the same index, ids included, for 2 and 4 workers
for w in 2 4; do
	"$PG_BIN/psql" -q -d "$PG_URL" -c "CREATE DATABASE w$w" >/dev/null 2>&1 || die "CREATE DATABASE w$w"
	wurl="${PG_URL%/postgres}/w$w"
	expect_exit 0 "$CITECTX" --db "$wurl" ingest "$DEMO" --workers "$w" --json
	# each worker's article files: as many counts as workers, all articles
	[ "$(jq '.workers | length' "$T/out")" -eq "$w" ] || die "--workers $w: $(cat "$T/out")"
	[ "$(jq '.workers | add' "$T/out")" -eq "$(jq .articles "$T/out")" ] || die "--workers $w: $(cat "$T/out")"
	got="$(jq -r '"\(.files) files, \(.articles) articles, \(.references) references, \(.statements) statements, \(.failures | length) failures"' "$T/out")"
	[ "$got" = "$(cat "$T/sum.sqlite")" ] || die "--workers $w: $got; SQLite: $(cat "$T/sum.sqlite")"
	parity "$DB" "$wurl"
done
echo "$ID: --workers 2 and 4 into PostgreSQL: the same answers as one worker into SQLite"
expect_exit 2 ctx ingest "$DEMO" --workers 2
expect_err 'parallel workers are for an ingest into PostgreSQL'
expect_one_line_err
for bad in 0 65 x; do
	expect_exit 2 "$CITECTX" --db "$PG_URL" ingest "$DEMO" --workers "$bad"
	expect_err "--workers $bad: expected a number from 1 to 64"
done

# --part K/N: disjoint shares that make up the whole, stable run to run
total=$(sed 's/^[0-9]* files, \([0-9]*\) articles.*/\1/' "$T/sum.sqlite")
sum=0
for k in 1 2 3; do
	expect_exit 0 "$CITECTX" --db "$T/p$k.db" ingest "$DEMO" --part "$k/3" --json
	a=$(jq .articles "$T/out")
	[ "$a" -lt "$total" ] || die "--part $k/3 took all $a articles"
	sum=$((sum + a))
	sqlite3 "$T/p$k.db" "SELECT source FROM works WHERE source IS NOT NULL" | sort >"$T/src$k"
done
[ "$sum" -eq "$total" ] || die "the shares hold $sum articles, the whole $total"
[ -z "$(sort "$T/src1" "$T/src2" "$T/src3" | uniq -d)" ] || die "an article in two shares"
expect_exit 0 "$CITECTX" --db "$T/p2b.db" ingest "$DEMO" --part 2/3
sqlite3 "$T/p2b.db" "SELECT source FROM works WHERE source IS NOT NULL" | sort | cmp -s - "$T/src2" ||
	die "--part 2/3 took other articles on a second run"
for bad in 0/3 4/3 3 x/y 1/0 1/2000; do
	expect_exit 2 ctx ingest "$DEMO" --part "$bad"
	expect_err "--part $bad: expected K/N"
	expect_one_line_err
done
# a share into PostgreSQL answers as the same share in SQLite
pg_stop "$T/pg"
pg_start "$T/pg2" || die "no second PostgreSQL cluster"
trap 'pg_stop "$T/pg"; pg_stop "$T/pg2"; rm -rf "$T"' EXIT
expect_exit 0 "$CITECTX" --db "$PG_URL" ingest "$DEMO" --part 2/3
parity "$T/p2.db" "$PG_URL"
echo "$ID: --part 1/3, 2/3, 3/3: $sum articles in all, disjoint, stable; a share into PostgreSQL answers as in SQLite"
