#!/bin/sh
# t0186: lane L2 of issue 18 — pg-init's schema hash-partitioned over 3
# shard clusters with postgres_fdw (`pg-init --fdw`), a coordinator
# cluster in front; shard loss.  Four throwaway PostgreSQL 15 clusters.
# What must hold:
# * bad --fdw lists are refused in one line (exit 2), a shard out of
#   reach names its host:port (exit 1) and leaves nothing behind;
# * pg-init --fdw makes 14 partitioned tables of 3 foreign partitions
#   each; a second pg-init, and a new coordinator over a used shard, are
#   refused;
# * `ingest --db COORDINATOR` of the demo puts rows on every shard, and
#   the reads (report, refs, statements with sorts and a cursor walk,
#   cite, top, search, find, linkeval) answer the bytes the SQLite index
#   answers, and `check` passes across the shards;
# * one shard stopped (the one that leaves most reports answerable, its
#   works found by asking the coordinator which partition holds each
#   row): every read of 4 works on it fails in one line naming its
#   host:port, exit 1, no output; `cite` of live works answers the same
#   bytes; `refs` answers exactly when the work and every work it cites
#   are live, else fails as above; `report` and `statements` of works
#   whose every read work is live (a superset, t0171's rule) answer the
#   same bytes, the others answer the same or fail as above; a DOI
#   whose identifiers row is live answers, one on the lost shard fails;
#   `serve` answers 503 + Retry-After, code "unavailable", naming the
#   shard, and a live work's tallies as before;
# * the shard started again: every read that failed answers as before,
#   and serve 200.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
SP=
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; for d in c s0 s1 s2; do pg_stop "$T/$d"; done; rm -rf "$T"' EXIT
pg_skip_without_server
[ -f "$(dirname "$PG_BIN")/lib/postgres_fdw.so" ] || die "no postgres_fdw in $(dirname "$PG_BIN")/lib (the Debian package postgresql-15 ships it)"
t0=$(date +%s)
for d in c s0 s1 s2; do
	pg_start "$T/$d" || die "no PostgreSQL cluster $d"
done
C=postgresql://postgres@127.0.0.1:$(cat "$T/c/port")/postgres
url() { echo "postgresql://postgres@127.0.0.1:$(cat "$T/s$1/port")/postgres"; }
SHARDS="$(url 0),$(url 1),$(url 2)"
sql() { "$PG_BIN/psql" -X -q -At -F ' ' "$1" -c "$2"; }
DEMO="$TOP/tests/data/demo"

# bad lists: refused before anything is made
expect_exit 2 "$CITECTX" --db "$C" pg-init --fdw notaurl
expect_err "'notaurl' is not a postgresql:// URL"
expect_one_line_err
expect_exit 2 "$CITECTX" --db "$C" pg-init --citus --fdw "$SHARDS"
expect_err "--citus or --fdw, not both"
expect_exit 2 "$CITECTX" --db "$C" pg-init --fdw "$(url 0),$C"
expect_err "is the coordinator's own database"
expect_exit 2 "$CITECTX" --db "$C" pg-init --fdw "$(url 0),$(url 0)"
expect_err "are one database"
port=$(($(cat "$T/s2/port") == 65000 ? 64999 : 65000))
expect_exit 1 "$CITECTX" --db "$C" pg-init --fdw "$(url 0),postgresql://postgres@127.0.0.1:$port/postgres"
expect_err "127.0.0.1:$port"
expect_one_line_err
[ "$(sql "$(url 0)" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq 0 ] ||
	die "a refused pg-init --fdw left tables on a shard"
"$CITECTX" pg-init --fdw "$SHARDS" --print >"$T/ddl" || die "--print failed"
[ "$(grep -c '^CREATE FOREIGN TABLE .* PARTITION OF .* FOR VALUES WITH (MODULUS 3' "$T/ddl")" -eq 42 ] ||
	die "--print: not 42 foreign partitions: $(grep -c 'FOREIGN TABLE' "$T/ddl")"

expect_exit 0 "$CITECTX" --db "$C" pg-init --fdw "$SHARDS" --json
[ "$(jq -c '[.distributed, .reference, .shard_servers, .foreign_partitions]' "$T/out")" = "[14,9,3,42]" ] ||
	die "pg-init --fdw: $(cat "$T/out")"
[ "$(sql "$C" "SELECT count(*) FROM pg_partitioned_table")" -eq 14 ] || die "not 14 partitioned tables"
[ "$(sql "$C" "SELECT count(*) FROM pg_foreign_table")" -eq 42 ] || die "not 42 foreign tables"
for k in 0 1 2; do # each shard: the 14 tables with their primary keys
	[ "$(sql "$(url $k)" "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace")" -eq 14 ] ||
		die "shard $k: not 14 primary keys"
done
expect_exit 1 "$CITECTX" --db "$C" pg-init --fdw "$SHARDS"
expect_err "already holds a citectx index"
sql "$C" "CREATE DATABASE c2" || die "CREATE DATABASE c2"
expect_exit 1 "$CITECTX" --db "${C%/postgres}/c2" pg-init --fdw "$SHARDS"
expect_err "127.0.0.1:$(cat "$T/s0/port"): --fdw: the shard already holds citectx's tables"
expect_one_line_err
[ "$(sql "${C%/postgres}/c2" "SELECT count(*) FROM pg_foreign_server")" -eq 0 ] || die "a refused pg-init left servers"

# the demo through ingest: rows on every shard, the same reads as SQLite
expect_exit 0 ctx ingest "$DEMO"
head -1 "$T/out" | sed 's/, [0-9.]* seconds$//' >"$T/sum.sqlite"
XDG_STATE_HOME="$T/state" expect_exit 0 "$CITECTX" --db "$C" ingest "$DEMO"
head -1 "$T/out" | sed 's/, [0-9.]* seconds$//' | cmp -s - "$T/sum.sqlite" || die "ingest summaries differ: $(head -1 "$T/out")"
total=0
for k in 0 1 2; do
	n=$(sql "$(url $k)" "SELECT count(*) FROM works")
	[ "$n" -gt 0 ] && [ "$(sql "$(url $k)" "SELECT count(*) FROM statements")" -gt 0 ] || die "shard $k holds no works or statements"
	total=$((total + n))
done
[ "$total" -eq "$(sqlite3 "$DB" "SELECT count(*) FROM works")" ] || die "the shards hold $total works"
# check across the shards (store_pg_check.c: fingerprints, pointers)
expect_exit 0 "$CITECTX" --db "$C" check
[ "$(cat "$T/out")" = ok ] || die "check on the shards: $(cat "$T/out") $(cat "$T/err")"
t1=$(date +%s)
n=0
same() { # the command's arguments: same stdout, stderr, exit on both
	"$CITECTX" --db "$DB" "$@" >"$T/a.out" 2>"$T/a.err"
	ra=$?
	"$CITECTX" --db "$C" "$@" >"$T/b.out" 2>"$T/b.err"
	rb=$?
	[ "$ra" -eq "$rb" ] || die "'$*': exit $ra from SQLite, $rb from the shards: $(head -c 300 "$T/b.err")"
	cmp -s "$T/a.out" "$T/b.out" || die "'$*': stdout differs: $(diff "$T/a.out" "$T/b.out" | head -6)"
	cmp -s "$T/a.err" "$T/b.err" || die "'$*': stderr differs: $(diff "$T/a.err" "$T/b.err" | head -6)"
	[ "$ra" -eq 0 ] || [ "${1:-}" = fail ] || die "'$*': SQLite failed: $(cat "$T/a.err")"
	n=$((n + 1))
}
same top --json
same linkeval 20
ids=$(sqlite3 "$DB" "SELECT id FROM works ORDER BY id")
for id in $ids; do # every work's report and references; some more
	same report "citectx:$id" --json
	same refs "citectx:$id" --json
	[ "$id" -le 12 ] || continue
	same statements "citectx:$id" --json
	same cite "citectx:$id"
done
for id in $(sqlite3 "$DB" "SELECT cited FROM statements GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 3"); do
	same report "citectx:$id"
	for s in oldest confidence relevance; do same statements "citectx:$id" --sort "$s" --json; done
	same statements "citectx:$id" --type supporting --type contrasting --json
done
top=$(sqlite3 "$DB" "SELECT cited FROM statements GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 1")
cur= pages=0
while :; do
	same statements "citectx:$top" --limit 4 ${cur:+--cursor "$cur"} --json
	cur=$(jq -r '.next // empty' "$T/a.out")
	pages=$((pages + 1))
	[ -n "$cur" ] || break
	[ "$pages" -lt 100 ] || die "no end to the cursor walk"
done
[ "$pages" -ge 2 ] || die "a walk of $pages pages proves little"
for q in migraine "episodic migraine" "migr*" "migraine NOT episodic"; do
	same search "$q" --json
	same find "$q" --json
done
for x in 10.5555/citectx-demo.03 pmid:90000003 PMC9900003; do same report "$x" --json; done
t2=$(date +%s)
echo "$ID: $n reads byte-identical on SQLite and on 3 shards ($((t2 - t1)) s; clusters, pg-init and ingest $((t1 - t0)) s)"

# which shard holds each work (the coordinator says which partition
# holds its row); every bigint key is hashed alike, so a work's rows of
# every table are on that shard
sql "$C" "SELECT id, substr(tableoid::regclass::text, length('works_shard') + 1) FROM works" >"$T/nodes"
shard_of() { awk -v w="$1" '$1 == w { print $2 }' "$T/nodes"; }
live_all() { # DOWN IDS...: true when no work named is on shard DOWN
	d=$1
	shift
	for w in "$@"; do [ "$(shard_of "$w")" != "$d" ] || return 1; done
}
# what a report and a statements page of X read (a superset), as t0171
touched_report() {
	sqlite3 "$DB" "SELECT $1 UNION SELECT cited FROM refs WHERE citing = $1 AND cited IS NOT NULL
	UNION SELECT citing FROM refs WHERE cited = $1
	UNION SELECT cited FROM (SELECT cited, count(DISTINCT citing) AS n FROM refs WHERE citing IN
	(SELECT DISTINCT citing FROM refs WHERE cited = $1 ORDER BY citing DESC LIMIT 100)
	AND cited IS NOT NULL AND cited <> $1 GROUP BY cited ORDER BY n DESC, cited LIMIT 10)
	UNION SELECT citing FROM (SELECT citing, count(DISTINCT cited) AS n FROM (SELECT citing, cited,
	row_number() OVER (PARTITION BY cited ORDER BY citing DESC) AS k FROM refs WHERE cited IN
	(SELECT cited FROM refs WHERE citing = $1 AND cited IS NOT NULL)) WHERE k <= 100 AND citing <> $1
	GROUP BY citing ORDER BY n DESC, citing LIMIT 10)
	UNION SELECT citing FROM statements WHERE cited = $1
	UNION SELECT notice FROM notices WHERE concerned = $1
	UNION SELECT concerned FROM notices WHERE notice = $1 AND concerned IS NOT NULL"
}
touched_statements() {
	sqlite3 "$DB" "SELECT $1 UNION SELECT citing FROM statements WHERE cited = $1
	UNION SELECT c.cited FROM statements s JOIN statements c ON c.citing = s.citing
	AND c.id - c.sctx = s.id - s.sctx WHERE s.cited = $1 AND c.cited IS NOT NULL"
}
touched_refs() { sqlite3 "$DB" "SELECT $1 UNION SELECT cited FROM refs WHERE citing = $1 AND cited IS NOT NULL"; }
for id in $ids; do
	echo "$id $(touched_report "$id" | tr '\n' ' ')" >>"$T/t.report"
	echo "$id $(touched_statements "$id" | tr '\n' ' ')" >>"$T/t.statements"
	echo "$id $(touched_refs "$id" | tr '\n' ' ')" >>"$T/t.refs"
done
touched() { awk -v w="$2" '$1 == w { $1 = ""; print }' "$T/t.$1"; }
# the shard to stop: the one whose loss leaves most reports answerable
DOWN='' best=-1
for k in 0 1 2; do
	r=0
	for id in $ids; do
		# shellcheck disable=SC2046
		live_all "$k" $(touched report "$id") && r=$((r + 1))
	done
	[ "$(awk -v k="$k" '$2 == k' "$T/nodes" | wc -l)" -ge 4 ] && [ "$r" -gt "$best" ] && DOWN=$k best=$r
done
[ "$best" -ge 1 ] || die "no shard's loss leaves a report answerable"
DP=$(cat "$T/s$DOWN/port")
on_down=$(awk -v k="$DOWN" '$2 == k { print $1 }' "$T/nodes" | sort -n | head -4)
rep_live='' st_live='' refs_live='' live=''
for id in $(awk -v k="$DOWN" '$2 != k { print $1 }' "$T/nodes" | sort -n); do
	# shellcheck disable=SC2046
	live_all "$DOWN" $(touched report "$id") && rep_live="$rep_live $id"
	# shellcheck disable=SC2046
	live_all "$DOWN" $(touched statements "$id") && st_live="$st_live $id"
	# shellcheck disable=SC2046
	live_all "$DOWN" $(touched refs "$id") && refs_live="$refs_live $id"
	live="$live $id"
done
# the live works read: those whose report or statements must answer,
# then the first others (some refs must fail)
on_live=$(for id in $rep_live $st_live $live; do echo "$id"; done | awk '!seen[$1]++' | head -3)
on_live="$on_live $(for id in $live; do case " $refs_live " in *" $id "*) ;; *) echo "$id" ;; esac; done | head -2)"
on_live=$(for id in $on_live; do echo "$id"; done | awk '!seen[$1]++' | tr '\n' ' ')
[ -n "$st_live" ] || die "no live work's statements read only live works"
# a DOI whose identifiers row and work are live, one whose row is not
xq="SELECT w.doi, substr(w.tableoid::regclass::text, 12), (SELECT substr(i.tableoid::regclass::text, 18) FROM identifiers i WHERE i.xid = 'doi:' || w.doi) FROM works w WHERE w.doi IS NOT NULL ORDER BY w.id"
sql "$C" "$xq" >"$T/dois"
doi_up=$(awk -v k="$DOWN" '$2 != k && $3 != k { print $1; exit }' "$T/dois")
doi_down=$(awk -v k="$DOWN" '$3 == k { print $1; exit }' "$T/dois")
[ -n "$doi_up" ] && [ -n "$doi_down" ] || die "DOIs by shard: up '$doi_up', down '$doi_down'"

read1() { # DIR CMD ID: into DIR/CMD.ID.{out,err,rc}
	case $2 in
	statements2) set -- "$1" "$2" "$3" statements "citectx:$3" --sort oldest --limit 2 ;;
	doi) [ "$3" = up ] && set -- "$1" "$2" "$3" cite "$doi_up" || set -- "$1" "$2" "$3" cite "$doi_down" ;;
	*) set -- "$1" "$2" "$3" "$2" "citectx:$3" ;;
	esac
	_d=$1 _n=$2.$3
	shift 3
	"$CITECTX" --db "$C" "$@" --json >"$_d/$_n.out" 2>"$_d/$_n.err"
	echo $? >"$_d/$_n.rc"
}
reads() { # DIR
	mkdir -p "$1"
	for id in $on_down $on_live; do
		for cmd in report refs statements statements2 cite; do read1 "$1" $cmd "$id"; done
	done
	read1 "$1" doi up
	read1 "$1" doi down
}
reads "$T/before"
for f in "$T"/before/*.rc; do [ "$(cat "$f")" = 0 ] || die "before: $(basename "$f" .rc): $(cat "${f%.rc}.err")"; done
"$CITECTX" --db "$C" serve --port 0 --request-timeout 60000 2>"$T/serve.log" &
SP=$!
P=
for _ in $(seq 1 50); do
	P=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/serve.log" | head -1)
	[ -n "$P" ] && break
	sleep 0.1
done
[ -n "$P" ] || die "serve did not start: $(cat "$T/serve.log")"
d1=$(echo "$on_down" | head -1)
l1=$(echo "$on_live" | awk '{ print $1 }')
urls="/api/v1/works/citectx:$d1 /api/v1/works/citectx:$d1/statements /api/v1/works/citectx:$d1/tallies /works/citectx:$d1"
for u in $urls; do
	code=$(curl -s -o "$T/b" -w '%{http_code}' "http://127.0.0.1:$P$u")
	[ "$code" = 200 ] || die "before: $u: $code $(head -c 300 "$T/b")"
done
lu=/api/v1/works/citectx:$l1/tallies
curl -s -o "$T/live.before" "http://127.0.0.1:$P$lu"
# a live work whose report reads live works only: asked again and again
# (a server's prepared statements go generic after 5 runs: their pruning
# must still keep the lost shard out)
r1=$(echo "$rep_live" | awk '{ print $1 }')
ru=/api/v1/works/citectx:${r1:-$l1}/tallies
[ -n "$r1" ] && ru=/api/v1/works/citectx:$r1
curl -s -o "$T/rep.before" "http://127.0.0.1:$P$ru"

pg_stop "$T/s$DOWN"
reads "$T/after"
nsame=0 ndown=0
unavailable() { # NAME: failed in one line naming the lost shard
	a=$T/after/$1
	[ "$(cat "$a.rc")" = 1 ] || die "$1 with shard $DOWN down: exit $(cat "$a.rc"): $(head -c 300 "$a.err")"
	[ "$(wc -l <"$a.err")" -eq 1 ] || die "$1: not one line: $(cat "$a.err")"
	grep -q "shard 127.0.0.1:$DP)" "$a.err" || die "$1: the error does not name the shard (127.0.0.1:$DP): $(cat "$a.err")"
	[ -s "$a.out" ] && die "$1: output with the error"
	ndown=$((ndown + 1))
}
answers() { # NAME: the bytes it answered before
	a=$T/after/$1
	[ "$(cat "$a.rc")" = 0 ] || die "$1 with shard $DOWN down: exit $(cat "$a.rc"): $(cat "$a.err")"
	cmp -s "$a.out" "$T/before/$1.out" || die "$1 answered differently with shard $DOWN down"
	nsame=$((nsame + 1))
}
for id in $on_down; do
	for cmd in report refs statements statements2 cite; do unavailable "$cmd.$id"; done
done
for id in $on_live; do
	answers "cite.$id"
	case " $refs_live " in *" $id "*) answers "refs.$id" ;; *) unavailable "refs.$id" ;; esac
	for cmd in report statements statements2; do
		case "$cmd: $rep_live :: $st_live " in
		report:*" $id "*::* | statements*::*" $id "*) answers "$cmd.$id" ;;
		*) if [ "$(cat "$T/after/$cmd.$id.rc")" = 0 ]; then answers "$cmd.$id"; else unavailable "$cmd.$id"; fi ;;
		esac
	done
done
answers doi.up
unavailable doi.down
for u in $urls; do
	curl -s -D "$T/h" -o "$T/b" "http://127.0.0.1:$P$u"
	grep -q '^HTTP/1.1 503' "$T/h" || die "shard down: $u: $(head -1 "$T/h") $(head -c 300 "$T/b")"
	grep -qi '^Retry-After: [1-9]' "$T/h" || die "shard down: $u: no Retry-After"
	grep -q "127.0.0.1:$DP" "$T/b" || die "shard down: $u: the answer does not name the shard: $(head -c 300 "$T/b")"
	case $u in
	/api/*) [ "$(jq -r .error.code "$T/b")" = unavailable ] || die "$u: $(cat "$T/b")" ;;
	*) grep -q 'data-status="503"' "$T/b" || die "$u: not a 503 page" ;;
	esac
done
code=$(curl -s -o "$T/live.after" -w '%{http_code}' "http://127.0.0.1:$P$lu")
[ "$code" = 200 ] && cmp -s "$T/live.before" "$T/live.after" || die "shard down: $lu: $code $(head -c 300 "$T/live.after")"
for _ in $(seq 1 8); do
	code=$(curl -s -o "$T/rep.after" -w '%{http_code}' "http://127.0.0.1:$P$ru")
	[ "$code" = 200 ] && cmp -s "$T/rep.before" "$T/rep.after" || die "shard down: $ru: $code $(head -c 300 "$T/rep.after")"
done

pg_restart "$T/s$DOWN" || die "shard $DOWN did not start again"
mkdir -p "$T/again"
for f in "$T"/after/*.rc; do
	nm=$(basename "$f" .rc)
	[ "$(cat "$f")" = 0 ] && continue
	read1 "$T/again" "${nm%%.*}" "${nm#*.}"
	[ "$(cat "$T/again/$nm.rc")" = 0 ] && cmp -s "$T/before/$nm.out" "$T/again/$nm.out" || die "shard back: $nm differs: $(cat "$T/again/$nm.err")"
done
for u in $urls; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P$u")
	[ "$code" = 200 ] || die "shard back: $u: $code"
done
echo "$ID: shard $DOWN (127.0.0.1:$DP) down: $nsame reads the same of live works $(echo $on_live) (report of$rep_live and statements of$st_live must answer), $ndown unavailable naming it, 503 with Retry-After; all back after restart; $(($(date +%s) - t0)) s"
