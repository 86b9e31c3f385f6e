#!/bin/sh
# t0049: strict inputs (issue 19).  In a folder only regular files are
# read: a FIFO named .nxml (it hung the ingest), a link to /dev/zero (read
# to the size cap), a link to an article and a link back to the folder
# (one article ingested 32 times) are each named as skipped, and the
# ingest finishes.  A FIFO named on the command line is refused too.
# IDs are parsed whole: sign, junk or nothing after the prefix is a usage
# error naming the ID, never a lookup of the digits inside.
. "$(dirname "$0")/lib.sh"

F="$T/folder"
mkdir -p "$F/sub"
cp "$TOP/tests/data/demo/demo01.nxml" "$F/a.nxml"
mkfifo "$F/b.nxml"
ln -s /dev/zero "$F/z.nxml"
ln -s "$TOP/tests/data/demo/demo02.nxml" "$F/c.nxml"
ln -s .. "$F/sub/loop"
ln -s "$F" "$F/self"
timeout 60 "$CITECTX" --db "$DB" ingest "$F" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 124 ] && die "ingest hung on the folder"
[ $rc -eq 2 ] || die "ingest exited $rc, want 2: $(head -c 400 "$T/err")"
expect_out "1 articles"
expect_out "5 failures"
expect_err "$F/b.nxml: skipped: a FIFO"
expect_err "$F/z.nxml: skipped: a symbolic link, not followed"
expect_err "$F/c.nxml: skipped: a symbolic link, not followed"
expect_err "$F/sub/loop: skipped: a symbolic link, not followed"
expect_err "$F/self: skipped: a symbolic link, not followed"
expect_one_line_err
expect_check

# named on the command line: a FIFO is refused, a link is followed
mkfifo "$T/fifo.nxml"
timeout 60 "$CITECTX" --db "$DB" ingest "$T/fifo.nxml" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || die "ingest of a FIFO exited $rc, want 2"
expect_err "$T/fifo.nxml: skipped: a FIFO"
expect_exit 0 ctx ingest "$F/c.nxml"
expect_out "1 articles"

# IDs parsed whole
for id in 'citectx:-5' 'citectx:1<script>' 'citectx:+1' 'citectx: 1' 'pmid:-1' \
	'pmid:0' 'pmid:1x' 'PMC99x' 'doi:junk10.5555/citectx-demo.01'; do
	expect_exit 2 ctx report "$id"
	expect_err "$id: not an identifier"
	expect_one_line_err
done
expect_exit 0 ctx report citectx:1
expect_exit 0 ctx report 10.5555/citectx-demo.01
exit 0
