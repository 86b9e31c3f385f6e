#!/bin/sh
# t0171: reads with a Citus worker lost (issue 18, "Faults"; lane L3).
# The demo index, loaded into a database pg-init --citus made; then one
# worker (w2) stopped with pg_ctl stop.  Every read of every work
# (report, refs, statements, cite) either answers the same bytes as
# before or fails in one line naming the stopped worker's host:port,
# exit 1 (CT_EUNAVAIL; never "not found", never another answer); every
# work whose row is on the stopped worker fails so.  `serve` answers
# those 503 with Retry-After, code "unavailable" (JSON) and a 503 page
# (HTML).  Once the worker is started again, every read answers as
# before, and serve 200.  Citus reports the lost node as SQLSTATE 08006
# (connection_failure), which store_pg.c maps.  The worker is started
# again by the EXIT trap: the lane's later tests share the cluster.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0171.XXXXXX")
. "$TOP/tests/pg/citus.sh"
SP=
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; [ -n "${CITUS_DIR:-}" ] && citus_node_start w2; citus_stop "$T/c"; rm -rf "$T"' EXIT
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
W2=$(cat "$CITUS_DIR/w2/port")
# four works whose row is on w2, four on w1 (the lane's time: 0.3 s a read)
node_of="(SELECT nodeport FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('works', w.id) LIMIT 1)"
on_w2=$(psql -X -At "$CITUS_URL" -c "SELECT w.id FROM works w WHERE $node_of = $W2 ORDER BY 1 LIMIT 4")
on_w1=$(psql -X -At "$CITUS_URL" -c "SELECT w.id FROM works w WHERE $node_of <> $W2 ORDER BY 1 LIMIT 4")
[ "$(echo "$on_w2" | wc -w)" -eq 4 ] && [ "$(echo "$on_w1" | wc -w)" -eq 4 ] || die "works by node: w2 $on_w2, w1 $on_w1"
ids="$on_w1 $on_w2"

reads() { # DIR: every read of every work into DIR/NAME.{out,err,rc}
	mkdir -p "$1"
	for id in $ids; do
		for cmd in "report" "refs" "statements" "cite"; do
			"$CITECTX" --db "$CITUS_URL" $cmd "citectx:$id" --json >"$1/$cmd.$id.out" 2>"$1/$cmd.$id.err"
			echo $? >"$1/$cmd.$id.rc"
		done
	done
}
reads "$T/before"
for f in "$T"/before/*.rc; do [ "$(cat "$f")" = 0 ] || die "before: $(basename "$f" .rc): $(cat "${f%.rc}.err")"; done

"$CITECTX" --db "$CITUS_URL" serve --port 0 2>"$T/serve.log" &
SP=$!
P=
for _ in $(seq 1 50); do
	P=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/serve.log" | head -1)
	[ -n "$P" ] && break
	sleep 0.1
done
[ -n "$P" ] || die "serve did not start: $(cat "$T/serve.log")"
down1=$(echo "$on_w2" | head -1)
urls="/api/v1/works/citectx:$down1 /api/v1/works/citectx:$down1/statements /api/v1/works/citectx:$down1/references /api/v1/works/citectx:$down1/tallies /works/citectx:$down1"
for u in $urls; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P$u")
	[ "$code" = 200 ] || die "before: $u: $code"
done

citus_node_stop w2 || die "pg_ctl stop of w2 failed"
reads "$T/after"
same=0 down=0
for id in $ids; do
	for cmd in report refs statements cite; do
		a=$T/after/$cmd.$id
		if [ "$(cat "$a.rc")" = 0 ]; then
			cmp -s "$a.out" "$T/before/$cmd.$id.out" || die "$cmd citectx:$id answered differently with w2 down"
			same=$((same + 1))
			continue
		fi
		[ "$(cat "$a.rc")" = 1 ] || die "$cmd citectx:$id: exit $(cat "$a.rc") with w2 down: $(cat "$a.err")"
		[ "$(wc -l <"$a.err")" -eq 1 ] || die "$cmd citectx:$id: not one line: $(cat "$a.err")"
		grep -q "127.0.0.1:$W2\b" "$a.err" || die "$cmd citectx:$id: the error does not name w2 (127.0.0.1:$W2): $(cat "$a.err")"
		[ -s "$a.out" ] && die "$cmd citectx:$id: output with the error"
		down=$((down + 1))
	done
done
for id in $on_w2; do
	for cmd in report refs statements cite; do
		[ "$(cat "$T/after/$cmd.$id.rc")" = 1 ] || die "$cmd citectx:$id (on w2) answered with w2 down"
	done
done

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

citus_node_start w2 || die "w2 did not start again"
reads "$T/again"
for f in "$T"/before/*.out; do
	n=$(basename "$f" .out)
	[ "$(cat "$T/again/$n.rc")" = 0 ] && cmp -s "$f" "$T/again/$n.out" || die "w2 back: $n differs: $(cat "$T/again/$n.err")"
done
for u in $urls; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P$u")
	[ "$code" = 200 ] || die "w2 back: $u: $code"
done
echo "t0171: w2 down: $same reads the same, $down unavailable naming 127.0.0.1:$W2 (8 works, 4 on w2); 503 with Retry-After; all back after restart"
