#!/bin/sh
# t0179: every input format ingested into Citus (issue 18, lane L3)
# answers as it does ingested into SQLite: tests/real/t0202's fixtures
# and reads (tests/pg/formats-parity.sh) with the index made by
# `pg-init --citus`.  Needs ../shared (SHARED); run by `make test-citus`.
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0179.XXXXXX")
ID=t0179
. "$TOP/tests/pg/citus.sh"
. "$TOP/tests/pg/formats-parity.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0179: $*" >&2; exit 1; }
if [ -z "${SHARED:-}" ] || [ ! -d "$SHARED/data/fixtures" ]; then
	echo "SKIPPED: t0179: no ../shared/data/fixtures (SHARED)" >&2
	exit 0
fi
citus_test_up "$T/c" t0179 t0179
URL=$CITUS_URL
"$CITECTX" --db "$URL" pg-init --citus >"$T/init" 2>&1 || die "pg-init --citus: $(cat "$T/init")"
DB="$T/f.db"
# fewer works than on plain PostgreSQL (each read goes through the
# coordinator): the 40 most cited and every 50th, 120 at most
FP_EVERY=50 FP_MAX=120 FP_MIN=300 FP_MIN_STMTS=20 formats_parity
