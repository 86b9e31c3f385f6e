#!/bin/sh
# t0202: every input format ingested into PostgreSQL (issue 18, lane L1)
# answers byte for byte as it does ingested into SQLite.  The fixtures of
# ../shared/data/fixtures (PLOS and PMC JATS, GROBID TEI, S2ORC JSON in
# three schema versions, CORD-19 JSON) go into one SQLite index and, the
# same folders one after another, into one PostgreSQL index through its
# staging: the same files fail with the same message, and top, searches
# (phrases, prefixes, NOT, both sorts), and the report, references,
# citations and statements of the most cited works and of every seventh
# work (up to 400) print the same bytes and exit the same.
#
#   CITECTX=build/citectx SHARED=../shared sh tests/real/t0202-pg-formats.sh
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0202.XXXXXX")
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0202: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0202: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
F="$SHARED/data/fixtures"
DB="$T/f.db"
URL=
pg_start "$T/pg" || die "no PostgreSQL cluster"
"$PG_BIN/psql" -X -q -d "$PG_URL" -c "CREATE DATABASE formats" >/dev/null 2>&1 || die "CREATE DATABASE formats"
URL="${PG_URL%/postgres}/formats"
nf=0
for d in jats-plos jats-pmc tei s2orc cord19; do
	[ -d "$F/$d" ] || die "no $F/$d"
	"$CITECTX" --db "$DB" ingest "$F/$d" >"$T/s.$d" 2>"$T/es.$d"
	a=$?
	"$CITECTX" --db "$URL" ingest "$F/$d" --staging "$T/staging.db" >"$T/p.$d" 2>"$T/ep.$d"
	b=$?
	[ "$a" = "$b" ] || die "$d: exit $a into SQLite, $b into PostgreSQL: $(tail -2 "$T/ep.$d")"
	cmp -s "$T/es.$d" "$T/ep.$d" || die "$d: messages differ: $(diff "$T/es.$d" "$T/ep.$d" | head -4)"
	x=$(head -1 "$T/s.$d" | sed 's/, [0-9.]* seconds$//')
	y=$(head -1 "$T/p.$d" | sed 's/, [0-9.]* seconds$//')
	[ "$x" = "$y" ] || die "$d: summaries differ: $x / $y"
	nf=$((nf + 1))
done
reads() { # DB DIR
	mkdir -p "$2"
	"$CITECTX" --db "$1" top --limit 100 --json >"$2/top" 2>&1
	echo $? >>"$2/top"
	i=0
	for q in trial '"consistent with"' 'placebo OR covid' 'rand*' 'stem NOT cell' \
		'"stem cell*"' 'sars-cov-2' '"in contrast"' 'mortality AND (sepsis OR shock)'; do
		i=$((i + 1))
		"$CITECTX" --db "$1" search "$q" --json >"$2/search.$i" 2>&1
		echo $? >>"$2/search.$i"
		"$CITECTX" --db "$1" search "$q" --json --sort newest >"$2/newest.$i" 2>&1
		echo $? >>"$2/newest.$i"
	done
	for id in $(sqlite3 "$DB" "SELECT id FROM works WHERE id % 7 = 0 OR id IN
	    (SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 40)
	    ORDER BY id LIMIT 400"); do
		for cmd in report refs statements cite; do
			"$CITECTX" --db "$1" $cmd "citectx:$id" --json >"$2/$cmd.$id" 2>&1
			echo $? >>"$2/$cmd.$id"
		done
	done
}
reads "$DB" "$T/sqlite"
reads "$URL" "$T/pg"
n=0
for f in "$T/sqlite"/*; do
	g="$T/pg/$(basename "$f")"
	cmp -s "$f" "$g" || die "$(basename "$f") differs: $(diff "$f" "$g" | head -6)"
	n=$((n + 1))
done
[ "$n" -ge 500 ] || die "only $n reads compared"
ns=$(grep -l '^{"data":\[{' "$T/sqlite"/statements.* 2>/dev/null | wc -l)
[ "$ns" -ge 20 ] || die "only $ns works with statements among the reads"
echo "t0202: $nf formats' folders into SQLite and PostgreSQL: $n reads the same bytes ($ns works' statements)"
