#!/bin/sh
# t0102: SIGKILL in the middle of an ingest, 12 times at pseudo-random
# moments (fixed seed): each time the index passes check and every stored
# article is whole; a rerun then completes the job, and the final counts
# equal those of an ingest that was never interrupted.
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-kill.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
AR="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
die() { echo "t0102: $*" >&2; exit 1; }
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM works WHERE indexed = 1), (SELECT count(*) FROM refs), (SELECT count(*) FROM statements), (SELECT count(*) FROM works)"; }

"$CITECTX" --db "$T/clean.db" ingest "$AR" >/dev/null || die "clean ingest failed"
want=$(counts "$T/clean.db")
after_commit=0

for delay in $(awk 'BEGIN { srand(42); for (i = 0; i < 12; i++) printf "%.2f\n", 0.2 + rand() * 8 }'); do
	"$CITECTX" --db "$DB" ingest "$AR" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	"$CITECTX" --db "$DB" check >/dev/null || die "check failed after kill at ${delay}s"
	# whole articles only: each stored article has exactly the references
	# and statements the uninterrupted ingest gave it
	sqlite3 "$DB" "ATTACH '$T/clean.db' AS c;
		SELECT count(*) FROM works w JOIN c.works cw ON cw.pmcid = w.pmcid
		WHERE w.indexed = 1 AND (
		 (SELECT count(*) FROM refs r WHERE r.citing = w.id) !=
		 (SELECT count(*) FROM c.refs r WHERE r.citing = cw.id) OR
		 (SELECT count(*) FROM statements s WHERE s.citing = w.id) !=
		 (SELECT count(*) FROM c.statements s WHERE s.citing = cw.id))" >"$T/partial"
	[ "$(cat "$T/partial")" -eq 0 ] || die "$(cat "$T/partial") partial articles after kill at ${delay}s"
	whole=$(sqlite3 "$DB" 'SELECT count(*) FROM works WHERE indexed = 1')
	[ "$whole" -gt 0 ] && after_commit=$((after_commit + 1))
	echo "killed at ${delay}s: $whole whole articles"
done
# the test means something only if some kills came after a commit
[ "$after_commit" -ge 5 ] || die "only $after_commit of 12 kills came after a commit"

"$CITECTX" --db "$DB" ingest "$AR" >/dev/null || die "rerun failed"
"$CITECTX" --db "$DB" check >/dev/null || die "check failed after rerun"
got=$(counts "$DB")
[ "$got" = "$want" ] || die "after kills and rerun: $got, uninterrupted: $want"
exit 0
