#!/bin/sh
# t0177: `check` and `linkeval` on Citus (issue 18, lane L3).  check's
# queries run through the coordinator (tables distributed on different
# keys compared by fingerprints aggregated on the workers): it passes on
# the demo loaded with pg-load and on the demo ingested with 2 workers,
# and fails naming the problem when a worker's shard loses a cited_by
# row, a run row, or a work.  linkeval answers SQLite's bytes on the
# loaded index; on the ingested one (its own ids) the production
# threshold's precision and recall and the threshold sweep are
# SQLite's.  Run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0177.XXXXXX")
. "$TOP/tests/pg/citus.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0177: $*" >&2; exit 1; }
citus_up "$T/c" t0177
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0177: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
export XDG_STATE_HOME="$T/state"
run() { # EXIT command...: stdout in $T/out, stderr in $T/err
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq "$want" ] || die "'$*' exited $got, want $want: $(head -c 400 "$T/err")"
}
DB=$T/demo.db
run 0 "$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo"
run 0 "$CITECTX" --db "$CITUS_URL" pg-init --citus
run 0 "$CITECTX" --db "$CITUS_URL" pg-load "$DB"
LOADED=$CITUS_URL
run 0 "$CITECTX" --db "$LOADED" check --utf8 --json
[ "$(cat "$T/out")" = '{"ok":true,"invalid_utf8":0}' ] || die "check on Citus: $(cat "$T/out") $(cat "$T/err")"
run 0 "$CITECTX" --db "$DB" linkeval 20
cp "$T/out" "$T/le.sqlite"
run 0 "$CITECTX" --db "$LOADED" linkeval 20
cmp -s "$T/le.sqlite" "$T/out" || die "linkeval differs: $(diff "$T/le.sqlite" "$T/out" | head -6)"

# the demo ingested with 2 workers
citus_newdb t0177i || die "no database t0177i"
run 0 "$CITECTX" --db "$CITUS_URL" pg-init --citus
run 0 "$CITECTX" --db "$CITUS_URL" ingest "$TOP/tests/data/demo" --workers 2
run 0 "$CITECTX" --db "$CITUS_URL" check
[ "$(cat "$T/out")" = ok ] || die "check after ingest --workers 2: $(cat "$T/out") $(cat "$T/err")"
run 0 "$CITECTX" --db "$DB" linkeval 0
sed -n '/^production threshold/,$p' "$T/out" >"$T/pr.sqlite"
run 0 "$CITECTX" --db "$CITUS_URL" linkeval 0
sed -n '/^production threshold/,$p' "$T/out" >"$T/pr.citus"
grep -q '^     0.80 ' "$T/pr.citus" || die "linkeval: $(cat "$T/out")"
cmp -s "$T/pr.sqlite" "$T/pr.citus" || die "linkeval after ingest --workers 2: $(diff "$T/pr.sqlite" "$T/pr.citus" | head -6)"

# damages, each a statement on the coordinator by a row's full key
damaged() { # NAME SQL TEXT
	citus_newdb "$1" || die "no database $1"
	run 0 "$CITECTX" --db "$CITUS_URL" pg-init --citus
	run 0 "$CITECTX" --db "$CITUS_URL" pg-load "$DB"
	citus_sql "$CITUS_PORT" "$2" >/dev/null || die "$2"
	run 1 "$CITECTX" --db "$CITUS_URL" check
	grep -q -- "^$3" "$T/err" || die "$2: stderr lacks '$3': $(cat "$T/err")"
}
damaged t0177a "DELETE FROM cited_by WHERE (cited, citing, id) = (SELECT cited, citing, id FROM cited_by ORDER BY 1, 2, 3 LIMIT 1)" \
	"cited_by does not hold what refs with a cited work say"
damaged t0177b "DELETE FROM runs WHERE id = (SELECT max(id) FROM runs)" \
	"runs does not hold what statements say"
damaged t0177c "DELETE FROM works WHERE id = (SELECT min(cited) FROM refs)" \
	"[0-9]* references linked to missing works"
echo "t0177: check passes on Citus (loaded, ingested by 2 workers) and fails on 3 damages; linkeval SQLite's bytes"
