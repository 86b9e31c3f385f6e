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
. "$TOP/tests/pg/formats-parity.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
ID=t0202
die() { echo "t0202: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0202: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
DB="$T/f.db"
URL=
pg_start "$T/pg" || die "no PostgreSQL cluster"
"$PG_BIN/psql" -X -q -d "$PG_URL" -c "CREATE DATABASE formats" >/dev/null 2>&1 || die "CREATE DATABASE formats"
URL="${PG_URL%/postgres}/formats"
formats_parity
