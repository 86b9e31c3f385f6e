#!/bin/sh
# t0171: reads with a Citus worker lost (issue 18, "Faults"; lane L3).
# The demo index, loaded into a database pg-init --citus made; then one
# worker (w2) stopped with pg_ctl stop.  What must hold with w2 down:
# * every read (report, refs, statements, cite) of each of 4 works whose
#   row is on w2 fails in one line naming w2's host:port, exit 1, no
#   output (CT_EUNAVAIL; never "not found", never another answer);
# * `cite` of each of 4 works on the live worker w1 answers the bytes it
#   answered before (its record, authors, tallies and citing count are
#   on its shard: cited_by, docs/SCALING.md "Faults");
# * `refs` of a w1 work answers the same bytes when every work it cites
#   is on w1 too (their rows, citing counts and tallies are read on
#   their shards only), and fails as above when one is on w2; at least
#   one of the 4 answers and at least one fails;
# * `report` and `statements` of a w1 work answer the same bytes when
#   every work they read is on w1 (computed below from the SQLite index:
#   a superset of what each reads, SCALING.md "Faults"), and otherwise
#   answer the same or fail as above; among the 4 w1 works at least one
#   report and one statements must answer.  `statements` is read with
#   its default sentences and with --sort oldest --limit 2 --type
#   mentioning and its next page (a cursor);
# * a work found by its DOI answers the same bytes when the DOI's row of
#   identifiers and the work are on w1, and fails naming w2 when the
#   DOI's row is on w2 (identifiers is distributed by ID);
# * `serve` answers 503 with Retry-After, code "unavailable" (JSON) and a
#   503 page (HTML) for a w2 work, and the tallies of a w1 work as before.
# Once the worker is started again, every read that failed answers as
# before, and serve 200.  Citus reports the lost node as SQLSTATE 08006
# (connection_failure), which store_pg.c maps.  The worker is started
# again by the EXIT trap: the lane's later tests share the cluster.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0171.XXXXXX")
. "$TOP/tests/pg/citus.sh"
SP='' DOWN=w2
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; [ -n "${CITUS_DIR:-}" ] && citus_node_start "$DOWN"; citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0171: $*" >&2; exit 1; }
citus_up "$T/c" t0171
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0171: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
DB=$T/demo.db
"$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo" >"$T/out" 2>"$T/err" || die "ingest failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>"$T/err" || die "pg-init --citus failed: $(cat "$T/err")"
"$CITECTX" --db "$CITUS_URL" pg-load "$DB" >"$T/out" 2>"$T/err" || die "pg-load failed: $(cat "$T/err")"
node_of="(SELECT nodeport FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('works', w.id) LIMIT 1)"
# every work's node (works are read by id: get_shard_id_for_distribution_column)
psql -X -At -F ' ' "$CITUS_URL" -c "SELECT w.id, $node_of FROM works w" >"$T/nodes" || die "works' nodes"
live_all() { # IDS...: true when every work named is on a live worker
	for w in "$@"; do
		awk -v w="$w" -v d="$W2" '$1 == w { f = 1; if ($2 == d) bad = 1 } END { exit !(f && !bad) }' "$T/nodes" || return 1
	done
}
# what a report and a statements page of X read (a superset): X; its
# references' works (their citing counts: cited_by, on their shards);
# its citers (co-citation counts their references, on their shards); the
# co-cited and coupled works shown (SQLite's own ranking, related.h:
# the latest 100 citers, the first 10); its statements' citing works
# (their leads and references are on those works' shards); the notices'
# works; for statements, the works cited in the same sentences
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
# On the demo nearly every report reads work 1 (it cites most works:
# coupling), so no placement Citus makes lets a report answer with either
# worker lost.  The test places them, as an operator can: the work whose
# report reads the fewest works, and the shards of those works moved to
# its worker (citus_move_shard_placement, by COPY: block_writes); the
# other worker is the one stopped ("w2" below).
best='' bn=1000
for id in $(awk '{ print $1 }' "$T/nodes" | sort -n); do
	n=$(touched_report "$id" | wc -l)
	[ "$n" -lt "$bn" ] && best=$id bn=$n
done
up_port=$(awk -v w="$best" '$1 == w { print $2 }' "$T/nodes")
DOWN=w2
[ "$(cat "$CITUS_DIR/w2/port")" = "$up_port" ] && DOWN=w1
W2=$(cat "$CITUS_DIR/$DOWN/port")
for w in $(touched_report "$best"); do
	[ "$(awk -v w="$w" '$1 == w { print $2 }' "$T/nodes")" = "$W2" ] || continue
	sh=$(psql -X -At "$CITUS_URL" -c "SELECT get_shard_id_for_distribution_column('works', $w)")
	psql -X -q -At "$CITUS_URL" -c "SELECT citus_move_shard_placement($sh, '127.0.0.1', $W2, '127.0.0.1', $up_port, shard_transfer_mode => 'block_writes')" >/dev/null ||
		die "moving the shard of work $w to $up_port failed"
done
psql -X -At -F ' ' "$CITUS_URL" -c "SELECT w.id, $node_of FROM works w" >"$T/nodes" || die "works' nodes"
all_w1=$(awk -v d="$W2" '$2 != d { print $1 }' "$T/nodes" | sort -n)
rep_live='' st_live=''
for id in $all_w1; do
	# shellcheck disable=SC2046
	live_all $(touched_report "$id") && rep_live="$rep_live $id"
	# shellcheck disable=SC2046
	live_all $(touched_statements "$id") && st_live="$st_live $id"
done
# four works whose row is on w2, four on w1 (the lane's time: 0.3 s a read);
# on w1, those whose report or statements must answer first
on_w2=$(awk -v d="$W2" '$2 == d { print $1 }' "$T/nodes" | sort -n | head -4)
[ "$(echo "$on_w2" | wc -w)" -eq 4 ] && [ "$(echo "$all_w1" | wc -w)" -ge 4 ] || die "works by node: $DOWN $on_w2, the other $all_w1"
# (then those whose report may not: some refs must fail, below)
on_w1=$(for id in $(echo "$rep_live" | awk '{ print $1 }') $(echo "$st_live" | awk '{ print $1 }') $all_w1; do
	case " $rep_live " in *" $id "*) echo "$id 1" ;; *) echo "$id 0" ;; esac
done | awk '!seen[$1]++ { print }' | awk 'NR <= 2 || $2 == 0 { print $1 }' | head -4)
must_rep='' must_st=''
for id in $on_w1; do
	case " $rep_live " in *" $id "*) must_rep="$must_rep $id" ;; esac
	case " $st_live " in *" $id "*) must_st="$must_st $id" ;; esac
done
[ -n "$must_rep" ] && [ -n "$must_st" ] || die "no w1 work reads only w1 works: report '$rep_live', statements '$st_live'"
ids="$on_w1 $on_w2"
# a DOI whose identifiers row and work are on w1, one whose row is on w2
xid_node="(SELECT nodeport FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('identifiers', 'doi:' || w.doi) LIMIT 1)"
doi_up=$(psql -X -At "$CITUS_URL" -c "SELECT w.doi FROM works w WHERE w.doi IS NOT NULL AND $node_of <> $W2 AND $xid_node <> $W2 ORDER BY w.id LIMIT 1")
doi_down=$(psql -X -At "$CITUS_URL" -c "SELECT w.doi FROM works w WHERE w.doi IS NOT NULL AND $node_of <> $W2 AND $xid_node = $W2 ORDER BY w.id LIMIT 1")
[ -n "$doi_up" ] && [ -n "$doi_down" ] || die "DOIs by node: up '$doi_up', down '$doi_down'"
# the w1 works whose references all name works on w1 (refs must answer)
cited_node="(SELECT nodeport FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('works', r.cited) LIMIT 1)"
refs_live=
for id in $on_w1; do
	ok=$(psql -X -At "$CITUS_URL" -c "SELECT coalesce(bool_and($cited_node <> $W2), true) FROM refs r WHERE r.citing = $id AND r.cited IS NOT NULL")
	[ "$ok" = t ] && refs_live="$refs_live $id"
done
[ -n "$refs_live" ] && [ "$(echo "$refs_live" | wc -w)" -lt 4 ] || die "refs: the w1 works with every cited work on w1 are '$refs_live' of '$on_w1': want some, not all"

read1() { # DIR CMD ID: into DIR/CMD.ID.{out,err,rc}; statements2, 3:
	# a sort, a facet and a page size, then the next page by its cursor
	case $2 in
	statements2) set -- "$1" "$2" "$3" statements "citectx:$3" --sort oldest --limit 2 --type mentioning ;;
	statements3)
		c=$(jq -r '.next // empty' "$1/statements2.$3.out" 2>/dev/null)
		set -- "$1" "$2" "$3" statements "citectx:$3" --sort oldest --limit 2 --type mentioning ${c:+--cursor "$c"}
		;;
	doi) # ID up or down: doi_up, doi_down (a DOI has a slash: not a file name)
		[ "$3" = up ] && set -- "$1" "$2" "$3" cite "$doi_up" || set -- "$1" "$2" "$3" cite "$doi_down"
		;;
	*) set -- "$1" "$2" "$3" "$2" "citectx:$3" ;;
	esac
	_d=$1 _n=$2.$3
	shift 3
	"$CITECTX" --db "$CITUS_URL" "$@" --json >"$_d/$_n.out" 2>"$_d/$_n.err"
	echo $? >"$_d/$_n.rc"
}
reads() { # DIR: every read of every work into DIR/NAME.{out,err,rc}
	mkdir -p "$1"
	for id in $ids; do
		for cmd in report refs statements cite; do read1 "$1" $cmd "$id"; done
	done
	for id in $on_w1; do
		for cmd in statements2 statements3; do read1 "$1" $cmd "$id"; done
	done
	read1 "$1" doi up
	read1 "$1" doi down
}
reads "$T/before"
for f in "$T"/before/*.rc; do [ "$(cat "$f")" = 0 ] || die "before: $(basename "$f" .rc): $(cat "${f%.rc}.err")"; done

# a time limit well past a page's time on a loaded machine (the default
# 2 s answered 503 "busy" to a statements page at load 5): a 503 here is
# a worker lost, never a slow page
"$CITECTX" --db "$CITUS_URL" serve --port 0 --request-timeout 60000 2>"$T/serve.log" &
SP=$!
P=
for _ in $(seq 1 50); do
	P=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/serve.log" | head -1)
	[ -n "$P" ] && break
	sleep 0.1
done
[ -n "$P" ] || die "serve did not start: $(cat "$T/serve.log")"
down1=$(echo "$on_w2" | head -1)
up1=$(echo "$on_w1" | head -1)
urls="/api/v1/works/citectx:$down1 /api/v1/works/citectx:$down1/statements /api/v1/works/citectx:$down1/references /api/v1/works/citectx:$down1/tallies /works/citectx:$down1"
for u in $urls; do
	code=$(curl -s -o "$T/b" -w '%{http_code}' "http://127.0.0.1:$P$u")
	[ "$code" = 200 ] || die "before: $u: $code $(head -c 300 "$T/b")"
done
live=/api/v1/works/citectx:$up1/tallies
curl -s -o "$T/live.before" "http://127.0.0.1:$P$live"

citus_node_stop "$DOWN" || die "pg_ctl stop of $DOWN failed"
reads "$T/after"
same=0 down=0
unavailable() { # NAME: the read failed naming w2, nothing printed
	a=$T/after/$1
	[ "$(cat "$a.rc")" = 1 ] || die "$1 with w2 down: exit $(cat "$a.rc"): $(head -c 300 "$a.err")"
	[ "$(wc -l <"$a.err")" -eq 1 ] || die "$1: not one line: $(cat "$a.err")"
	grep -q "127.0.0.1:$W2\b" "$a.err" || die "$1: the error does not name w2 (127.0.0.1:$W2): $(cat "$a.err")"
	[ -s "$a.out" ] && die "$1: output with the error"
	down=$((down + 1))
}
answers() { # NAME: the read answered the bytes it answered before
	a=$T/after/$1
	[ "$(cat "$a.rc")" = 0 ] || die "$1 with w2 down: exit $(cat "$a.rc"): $(cat "$a.err")"
	cmp -s "$a.out" "$T/before/$1.out" || die "$1 answered differently with w2 down"
	same=$((same + 1))
}
for id in $on_w2; do
	for cmd in report refs statements cite; do unavailable "$cmd.$id"; done
done
for id in $on_w1; do
	answers "cite.$id"
	case " $refs_live " in
	*" $id "*) answers "refs.$id" ;;
	*) unavailable "refs.$id" ;;
	esac
	case " $must_rep " in
	*" $id "*) answers "report.$id" ;;
	*) if [ "$(cat "$T/after/report.$id.rc")" = 0 ]; then answers "report.$id"; else unavailable "report.$id"; fi ;;
	esac
	for cmd in statements statements2 statements3; do
		case " $must_st " in
		*" $id "*) answers "$cmd.$id" ;;
		*) if [ "$(cat "$T/after/$cmd.$id.rc")" = 0 ]; then answers "$cmd.$id"; else unavailable "$cmd.$id"; fi ;;
		esac
	done
done
answers doi.up
unavailable doi.down

for u in $urls; do
	curl -s -D "$T/h" -o "$T/b" "http://127.0.0.1:$P$u"
	grep -q '^HTTP/1.1 503' "$T/h" || die "w2 down: $u: $(head -1 "$T/h") $(head -c 300 "$T/b")"
	grep -qi '^Retry-After: [1-9]' "$T/h" || die "w2 down: $u: no Retry-After"
	grep -q "127.0.0.1:$W2" "$T/b" || die "w2 down: $u: the answer does not name w2: $(head -c 300 "$T/b")"
	case $u in
	/api/*) [ "$(jq -r .error.code "$T/b")" = unavailable ] || die "$u: $(cat "$T/b")" ;;
	*) grep -q 'data-status="503"' "$T/b" || die "$u: not a 503 page" ;;
	esac
done
code=$(curl -s -o "$T/live.after" -w '%{http_code}' "http://127.0.0.1:$P$live")
[ "$code" = 200 ] && cmp -s "$T/live.before" "$T/live.after" || die "w2 down: $live: $code $(head -c 300 "$T/live.after")"

citus_node_start "$DOWN" || die "$DOWN did not start again"
mkdir -p "$T/again"
for f in "$T"/after/*.rc; do # the reads that failed, again
	n=$(basename "$f" .rc)
	[ "$(cat "$f")" = 0 ] && continue
	read1 "$T/again" "${n%%.*}" "${n#*.}"
	[ "$(cat "$T/again/$n.rc")" = 0 ] && cmp -s "$T/before/$n.out" "$T/again/$n.out" || die "w2 back: $n differs: $(cat "$T/again/$n.err")"
done
for u in $urls; do # as a client told Retry-After would: again a little later
	for _ in $(seq 1 20); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P$u")
		[ "$code" = 200 ] && break
		sleep 0.5
	done
	[ "$code" = 200 ] || die "w2 back: $u: $code for 10 s"
done
echo "t0171: $DOWN down (\"w2\"): $same reads the same (cite of 4 works on w1, refs of$refs_live, report of$must_rep, statements (3 pages) of$must_st, the DOI $doi_up), $down unavailable naming 127.0.0.1:$W2 (8 works, 4 on w2); 503 with Retry-After; all back after restart"
