#!/bin/sh
# t0088: the PostgreSQL backend's reads (issue 18, lane L1): the demo index
# (with a notice and aliases added) is loaded into a throwaway PostgreSQL
# 15 cluster with pg-load, and a list of commands (reports, reference
# lists, citations in every format, statements with each facet and sort,
# cursor walks to the end, top, bad IDs) prints the same bytes and exits
# the same from SQLite and from PostgreSQL; so do API requests through
# `serve` (works, statements, references, tallies, cite, top, a page).  A
# command the backend does not serve yet (find, ingest) says so in one
# line (search: t0190); a server gone answers 503 with Retry-After, and answers again once
# it is back.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
SA= SB=
trap '[ -n "$SA" ] && kill "$SA" 2>/dev/null; [ -n "$SB" ] && kill "$SB" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
lite() { sqlite3 "$DB" "$1"; }
w1=$(lite "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.01'")
w3=$(lite "SELECT id FROM works WHERE doi = '10.5555/citectx-demo.03'")
# a notice (the report's notices both ways) and two aliases (one found as
# another version's DOI, one an external id), so those reads are compared
lite "INSERT INTO notices VALUES($w3, 0, 'correction', 'corrects', $w1);
INSERT INTO aliases VALUES('doi:10.5555/citectx-demo.01.v2', $w1, 'preprint');
INSERT INTO aliases VALUES('sha:00ab', $w1, NULL);" || die "sqlite3 rows"
expect_exit 0 "$CITECTX" --db "$PG_URL" pg-load "$DB"

# every command on both backends: same stdout, stderr and exit code
n=0
same() { # the command's arguments
	"$CITECTX" --db "$DB" "$@" >"$T/a.out" 2>"$T/a.err"
	ra=$?
	"$CITECTX" --db "$PG_URL" "$@" >"$T/b.out" 2>"$T/b.err"
	rb=$?
	[ "$ra" -eq "$rb" ] || die "'$*': exit $ra from SQLite, $rb from PostgreSQL: $(head -c 300 "$T/b.err")"
	cmp -s "$T/a.out" "$T/b.out" || die "'$*': stdout differs: $(diff "$T/a.out" "$T/b.out" | head -6)"
	cmp -s "$T/a.err" "$T/b.err" || die "'$*': stderr differs: $(diff "$T/a.err" "$T/b.err" | head -6)"
	n=$((n + 1))
}
ok() { # same, and SQLite answered (two empty answers prove nothing)
	same "$@"
	[ "$ra" -eq 0 ] && [ -s "$T/a.out" ] || die "'$*': SQLite gave nothing (exit $ra)"
}
bad() { # same, and it is an error of one line
	same "$@"
	[ "$ra" -ne 0 ] && [ "$(wc -l <"$T/a.err")" -eq 1 ] || die "'$*': not one error line (exit $ra)"
}

ok top --json
ok top --limit 3
ids=$("$CITECTX" --db "$DB" top --limit 4 --json | jq -r '.data[].id')
[ "$(echo "$ids" | wc -l)" -eq 4 ] || die "top: $ids"
# every form of ID, and the works of the notice
for id in 10.5555/citectx-demo.03 pmid:90000003 PMC9900003 "citectx:$w1" \
	doi:10.5555/citectx-demo.01.v2 sha:00ab; do
	ok report "$id" --json
done
for id in $ids; do
	ok report "$id" --json
	ok report "$id"
	ok refs "$id" --json
	same refs "$id" # a work known only from reference lists has none
	for f in bibtex ris csl-json apa; do ok cite "$id" --format "$f"; done
done
for id in $(echo "$ids" | head -2); do
	ok statements "$id" --json
	ok statements "$id" --group statement --json
	for s in newest oldest confidence relevance; do
		ok statements "$id" --sort "$s" --json
	done
	ok statements "$id" --type supporting --type contrasting --json
	ok statements "$id" --section discussion --json
	ok statements "$id" --from-year 2018 --to-year 2021 --json
	ok statements "$id" --self only --json
	ok statements "$id" --journal-self exclude --json
	ok statements "$id" --pubtype review-article --json
	ok statements "$id" --citing 10.5555/citectx-demo.12
	ok statements "$id"
done
# a cursor walk to the end (every sort and grouping: through the API below)
top=$(echo "$ids" | head -1)
cur= pages=0
while :; do
	ok statements "$top" --limit 5 ${cur:+--cursor "$cur"} --json
	cur=$(jq -r '.next // empty' "$T/a.out")
	pages=$((pages + 1))
	[ -n "$cur" ] || break
	[ "$pages" -lt 100 ] || die "no end to the cursor walk"
done
[ "$pages" -ge 3 ] || die "a walk of $pages pages proves little"
bad report pmid:99999999
bad report 10.5555/nothing
bad report "pmid:1<x>"
bad statements notanid
bad refs PMC0
bad cite "citectx:999999" --format ris
echo "$ID: $n commands byte-identical from SQLite and PostgreSQL"

# not yet served: one line, saying so, exit status 1
expect_exit 1 "$CITECTX" --db "$PG_URL" reclassify
expect_err 'reclassify is not available on the PostgreSQL backend yet'
expect_one_line_err
CITECTX_DB=$PG_URL expect_exit 0 "$CITECTX" report pmid:90000001 --json
expect_out '"pmid":"90000001"'

# serve: the same answers from each backend's server
. "$TOP/tests/pg/pair.sh"
start "$DB" PA SA
start "$PG_URL" PB SB
napi=0
for id in $ids; do
	for path in "/api/v1/works/$id" "/api/v1/works/$id/statements?limit=3&sort=oldest" \
		"/api/v1/works/$id/statements?type=supporting&group=statement" \
		"/api/v1/works/$id/references" "/api/v1/works/$id/tallies" \
		"/api/v1/works/$id/cite?format=csl-json" "/works/$id"; do
		get "$PA" "$path" >"$T/a"
		get "$PB" "$path" >"$T/b"
		[ "$(tail -1 "$T/a")" = 200 ] || die "GET $path: $(tail -1 "$T/a") from SQLite"
		cmp -s "$T/a" "$T/b" || die "GET $path differs: $(diff "$T/a" "$T/b" | head -6)"
		napi=$((napi + 1))
	done
done
for path in "/api/v1/top?limit=5" "/api/v1/works/pmid:99999999" "/api/v1/works/nonsense"; do
	get "$PA" "$path" >"$T/a"
	get "$PB" "$path" >"$T/b"
	cmp -s "$T/a" "$T/b" || die "GET $path differs: $(diff "$T/a" "$T/b" | head -6)"
	napi=$((napi + 1))
done
batch='["pmid:90000001", "10.5555/citectx-demo.04", "pmid:1", "bad id"]'
get "$PA" /api/v1/tallies -X POST -H 'Content-Type: application/json' -d "$batch" >"$T/a"
get "$PB" /api/v1/tallies -X POST -H 'Content-Type: application/json' -d "$batch" >"$T/b"
[ "$(tail -1 "$T/a")" = 200 ] && cmp -s "$T/a" "$T/b" || die "POST /api/v1/tallies differs: $(diff "$T/a" "$T/b" | head -4)"
# cursor walks to the end, every sort, both groupings, page by page
for srt in newest oldest confidence relevance; do
	for g in sentence statement; do
		cur= pages=0
		while :; do
			path="/api/v1/works/$top/statements?sort=$srt&group=$g&limit=3${cur:+&cursor=$cur}"
			get "$PA" "$path" >"$T/a"
			get "$PB" "$path" >"$T/b"
			[ "$(tail -1 "$T/a")" = 200 ] || die "GET $path: $(tail -1 "$T/a") from SQLite"
			cmp -s "$T/a" "$T/b" || die "GET $path differs: $(diff "$T/a" "$T/b" | head -6)"
			napi=$((napi + 1)) pages=$((pages + 1))
			cur=$(sed '$d' "$T/a" | jq -r '.next // empty')
			[ -n "$cur" ] || break
			[ "$pages" -lt 100 ] || die "$srt/$g: no end to the cursor walk"
		done
		[ "$pages" -ge 5 ] || die "$srt/$g: a walk of $pages pages proves little"
	done
done
get "$PA" "/api/v1/search?q=migraine" >"$T/a"
get "$PB" "/api/v1/search?q=migraine" >"$T/b"
[ "$(tail -1 "$T/b")" = 200 ] && cmp -s "$T/a" "$T/b" || die "search on PostgreSQL: $(head -c 300 "$T/b")"
echo "$ID: $((napi + 1)) API requests byte-identical (search: t0190)"

# the server gone: 503 with Retry-After; back: answers again
pg_stop "$T/pg"
curl -s -D "$T/h" -o "$T/b" "http://127.0.0.1:$PB/api/v1/works/pmid:90000001/tallies"
grep -q '^HTTP/1.1 503' "$T/h" && grep -qi '^Retry-After: ' "$T/h" || die "PostgreSQL down: $(head -1 "$T/h") $(cat "$T/b")"
grep -q "127.0.0.1:$PG_PORT" "$T/b" || die "the 503 does not name the server: $(cat "$T/b")"
pg_as "$PG_BIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/server.log" -w -t 30 \
	-o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $T/pg -c fsync=off" start >/dev/null 2>&1 ||
	die "the cluster did not start again"
get "$PB" /api/v1/works/pmid:90000001/tallies >"$T/b"
[ "$(tail -1 "$T/b")" = 200 ] || die "PostgreSQL back, still: $(cat "$T/b")"
grep -q 'WARNING\|terminating' "$T/serve.$PB" && die "libpq's notices reached stderr: $(cat "$T/serve.$PB")"
echo "$ID: 503 with Retry-After while the server is down, 200 once it is back"
