#!/bin/sh
# t0182: what the PostgreSQL backend cannot do yet is said so, honestly
# (issue 18): a command it does not serve exits 1 (CT_ENOTSUP: "other
# failure" in the SPEC's terms) with one line naming the command and what is served; a search
# ranking it cannot reproduce exits 1 too, and over HTTP answers 501
# not_implemented (API and page), never 500, while SQLite answers it; the
# same index's served commands still answer (exit 0).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
SB=
trap '[ -n "$SB" ] && kill "$SB" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 0 "$CITECTX" --db "$PG_URL" pg-load "$DB"

# commands that open the index but are not served on PostgreSQL
# (check and linkeval are served since: tests/cli/t0187)
for cmd in reclassify "silver pool"; do
	# shellcheck disable=SC2086
	expect_exit 1 "$CITECTX" --db "$PG_URL" $cmd
	name=${cmd%% *}
	expect_err "^citectx: $name is not available on the PostgreSQL backend yet (report, statements, search, find,"
	[ "$(wc -l <"$T/err")" -eq 1 ] || die "$cmd: not one line: $(cat "$T/err")"
	[ -s "$T/out" ] && die "$cmd: printed on stdout: $(head -c 200 "$T/out")"
done
CITECTX_DB=$PG_URL expect_exit 1 "$CITECTX" reclassify
expect_err 'reclassify is not available on the PostgreSQL backend yet'
CITECTX_DB=$PG_URL expect_exit 0 "$CITECTX" check
# the served ones answer from the same database
expect_exit 0 "$CITECTX" --db "$PG_URL" find migraine --json
expect_out '"match":"words"'
expect_exit 0 "$CITECTX" --db "$PG_URL" report pmid:90000001 --json
# on SQLite the same commands run
expect_exit 0 ctx check

# a ranking PostgreSQL cannot reproduce: exit 1, one line; SQLite answers
q='(migraine AND trial) OR placebo'
expect_exit 1 "$CITECTX" --db "$PG_URL" search "$q" --json
expect_err 'search: ranking by relevance a query with an AND or NOT inside an OR'
[ "$(wc -l <"$T/err")" -eq 1 ] || die "search: not one line: $(cat "$T/err")"
expect_exit 0 ctx search "$q" --json
expect_exit 0 "$CITECTX" --db "$PG_URL" search "$q" --sort newest --json

# HTTP: 501 not_implemented with the message, API and page
for _ in 1 2 3 4 5; do
	p=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
	"$CITECTX" --db "$PG_URL" serve --port "$p" >"$T/serve" 2>&1 &
	SB=$!
	for _ in $(seq 50); do
		curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break 2
		kill -0 "$SB" 2>/dev/null || break
		sleep 0.1
	done
	kill "$SB" 2>/dev/null
	SB=
done
[ -n "$SB" ] || die "serve did not start: $(cat "$T/serve")"
enc='%28migraine+AND+trial%29+OR+placebo'
st=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$p/api/v1/search?q=$enc")
[ "$st" = 501 ] || die "GET /api/v1/search: $st, want 501: $(head -c 300 "$T/body")"
[ "$(jq -r .error.code "$T/body")" = not_implemented ] || die "error code: $(cat "$T/body")"
jq -r .error.message "$T/body" | grep -q 'is not available on PostgreSQL' || die "message: $(cat "$T/body")"
st=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$p/api/v1/works/10.5555%2Fcitectx-demo.01/statements?q=$enc")
[ "$st" = 501 ] || die "GET .../statements?q=: $st, want 501"
st=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$p/search?q=$enc")
[ "$st" = 501 ] || die "GET /search page: $st, want 501"
grep -q 'not available on PostgreSQL' "$T/body" || die "the page does not say why: $(head -c 300 "$T/body")"
st=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$p/api/v1/search?q=$enc&sort=newest")
[ "$st" = 200 ] || die "sorted by newest: $st"
st=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$p/api/v1/works?q=migraine")
[ "$st" = 200 ] || die "GET /api/v1/works?q=: $st"
echo "$ID: refusals exit 1 and answer 501"
