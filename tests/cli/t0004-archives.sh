#!/bin/sh
# t0004: .tar.gz archives and single .gz files are streamed, never
# unpacked to disk; re-ingesting changes no count.
. "$(dirname "$0")/lib.sh"

tar czf "$T/demo.tar.gz" -C "$TOP/tests/data" demo
expect_exit 0 ctx ingest "$T/demo.tar.gz"
expect_out "12 files, 12 articles, 58 references, 91 statements, 0 failures"
expect_exit 0 ctx ingest "$T/demo.tar.gz"
expect_out "12 articles, 58 references, 91 statements"
expect_exit 0 ctx report pmid:90000001 --json
expect_out '"citing_publications":10,"statements_total":28'

gzip -c "$TOP/tests/data/edge/range.nxml" >"$T/range.nxml.gz"
expect_exit 0 ctx ingest "$T/range.nxml.gz"
expect_out "1 files, 1 articles"
[ -z "$(find "$T" -name '*.nxml')" ] || die "something was unpacked to disk"
expect_check
exit 0
