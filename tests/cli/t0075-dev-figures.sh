#!/bin/sh
# t0075: the developer's figures leave the library as structs and the CLI
# prints them (issue 17): CITECTX_INGEST_TIMES=1 gives each thread's time,
# each checkpoint and the commits of an ingest; CITECTX_SQL_PROFILE=1 the
# page cache and every SQL statement with how often it ran; with neither,
# stderr stays quiet.  lib/ itself never prints nor reads the environment.
. "$(dirname "$0")/lib.sh"
unset CITECTX_INGEST_TIMES CITECTX_SQL_PROFILE

# the library: no getenv, no output of its own (stdio on FILE *s it
# opened itself, like /proc's schedstat, is reading, not printing)
if grep -nE '\bgetenv\b|\bv?f?printf\(|\bfput[sc]\(|\bputs\(|\bperror\(|\bstd(err|out)\b' \
	"$TOP"/lib/*.[ch] >"$T/lib"; then
	die "lib/ prints or reads the environment: $(head -5 "$T/lib")"
fi

# no figures unless asked for
expect_exit 0 ctx ingest "$TOP/tests/data/demo"
[ -s "$T/err" ] && die "an ingest printed on stderr: $(head -c 400 "$T/err")"
rm -f "$DB" "$DB-wal" "$DB-shm"

# the times of an ingest, from ct_ingest_stats.times
expect_exit 0 env CITECTX_INGEST_TIMES=1 "$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo"
expect_err "^ingest: reader thread [0-9.]* s CPU, [0-9.]* s waiting on the queue"
expect_err "^ingest: store thread [0-9.]* s CPU"
expect_err "^ingest: checkpoint [0-9]* of [1-9][0-9]* WAL pages, [0-9.]* s$"
expect_err "^ingest: [1-9][0-9]* commits [0-9.]* s, waits for a checkpoint"
rm -f "$DB" "$DB-wal" "$DB-shm"

# the SQL profile: as many reference inserts as the summary counts
expect_exit 0 env CITECTX_SQL_PROFILE=1 "$CITECTX" --db "$DB" ingest "$TOP/tests/data/demo"
refs=$(sed -n 's/.* \([0-9]*\) references,.*/\1/p' "$T/out")
[ -n "$refs" ] && [ "$refs" -gt 0 ] || die "no reference count: $(cat "$T/out")"
expect_err "^page cache hit: [0-9]*$"
expect_err "^page cache spill: [0-9]*$"
grep -qE "^ +[0-9]+\.[0-9]{3} s +$refs  INSERT INTO refs\(" "$T/err" ||
	die "no profile line of $refs reference inserts: $(grep 'INTO refs' "$T/err")"
# a reader's too, at its close
expect_exit 0 env CITECTX_SQL_PROFILE=1 "$CITECTX" --db "$DB" report pmid:90000001
expect_err "^page cache miss: [0-9]*$"
grep -qE "^ +[0-9]+\.[0-9]{3} s +[1-9][0-9]*  SELECT " "$T/err" ||
	die "no SELECT in a report's profile: $(head -c 400 "$T/err")"
expect_check
exit 0
