#!/bin/sh
# t0003: bad input gives a one-line error naming it, a non-zero exit, a
# failure in the summary, and an index that still passes check.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"

mkdir "$T/bad"
: >"$T/bad/empty.nxml"
head -c 3000 /dev/urandom >"$T/bad/junk.xml"
printf '<article><body><p>unclosed' >"$T/bad/truncated.nxml"
printf '<TEI/>' >"$T/bad/notjats.xml"
printf '\xff\xfe<article>\x00\x00</article>' >"$T/bad/badutf.nxml"
expect_exit 2 ctx ingest "$T/bad"
expect_out "5 files, 0 articles, 0 references, 0 statements, 5 failures"
for f in empty junk truncated notjats badutf; do
	expect_err "$f"
done
expect_check

# a truncated archive: what was read is kept, the damage is reported
tar czf "$T/demo.tar.gz" -C "$TOP/tests/data" demo
head -c 3000 "$T/demo.tar.gz" >"$T/cut.tar.gz"
expect_exit 2 ctx ingest "$T/cut.tar.gz"
expect_err "cut.tar.gz"
expect_one_line_err
expect_check

expect_exit 2 ctx ingest "$T/does-not-exist.nxml"
expect_err "does-not-exist.nxml"

expect_exit 2 ctx report pmid:1
expect_err "pmid:1: no such work"
[ "$(wc -l <"$T/err")" -eq 1 ] || die "error is not one line"
expect_exit 2 ctx report not-an-id
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --type nonsense
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --limit 5000
expect_exit 2 ctx statements 10.5555/citectx-demo.01 --cursor zzz
expect_exit 2 ctx search '"unclosed'
expect_exit 2 ctx frobnicate
expect_exit 2 "$CITECTX" --db "$T/bad/junk.xml" report pmid:1
expect_one_line_err

# the counts are what they were before any of this
expect_exit 0 ctx report 10.5555/citectx-demo.01
expect_out "Cited by 10 publications (28 citation statements)"
expect_check
exit 0
