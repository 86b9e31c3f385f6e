#!/bin/sh
# t0102: SIGKILL in the middle of an ingest, several times at different
# moments: each time the index passes check and holds only whole articles;
# a rerun then completes the job.
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-kill.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
AR="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
die() { echo "t0102: $*" >&2; exit 1; }

for delay in 0.5 1.3 2.2 3.7 5.1; do
	"$CITECTX" --db "$DB" ingest "$AR" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	"$CITECTX" --db "$DB" check >/dev/null || die "check failed after kill at ${delay}s"
	# every stored article has its references (one transaction per article)
	bad=$(sqlite3 "$DB" "SELECT count(*) FROM works w WHERE indexed = 1 AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.citing = w.id) AND source LIKE '%PMC%'")
	echo "killed at ${delay}s: $(sqlite3 "$DB" 'SELECT count(*) FROM works WHERE indexed = 1') articles, $bad without references"
done
"$CITECTX" --db "$DB" ingest "$AR" --json >"$T/s" || die "rerun failed"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM works WHERE indexed = 1')" -eq 4470 ] || die "rerun did not complete the job"
"$CITECTX" --db "$DB" check >/dev/null || die "check failed after rerun"
exit 0
