#!/bin/sh
# t0050: a truncated .tar.gz keeps every whole entry before the damage,
# whatever its size (issue 19).  libarchive's gzip filter dropped the
# last 64 KB of output at a truncation, so a small archive cut in half
# gave nothing; the entries are counted here from what gzip itself can
# decompress of the cut file.  A cut single .gz is a failure naming it.
. "$(dirname "$0")/lib.sh"

tar --sort=name -czf "$T/demo.tar.gz" -C "$TOP/tests/data" demo
size=$(wc -c <"$T/demo.tar.gz")
for part in 2 3; do
	cut="$T/cut$part.tar.gz"
	head -c $((size * (part - 1) / part)) "$T/demo.tar.gz" >"$cut"
	# bytes of tar gzip recovers, and the .nxml entries wholly inside them
	got=$(gzip -dc "$cut" 2>/dev/null | wc -c)
	whole=$(tar -tvzf "$T/demo.tar.gz" | awk -v got="$got" '
		{ off += 512; end = off + $3
		  if ($6 ~ /\.nxml$/ && end <= got) n++
		  off += int(($3 + 511) / 512) * 512 }
		END { print n + 0 }')
	[ "$whole" -gt 0 ] || die "the cut leaves no whole entry: $got bytes"
	rm -f "$DB"*
	[ -n "${VERBOSE:-}" ] && echo "part $part: $got bytes, $whole entries" >&2
	expect_exit 2 ctx ingest "$cut"
	expect_out ", $whole articles"
	expect_err "$cut: damaged archive: truncated gzip input"
	expect_one_line_err
	expect_check
done

gzip -c "$TOP/tests/data/demo/demo01.nxml" >"$T/one.nxml.gz"
head -c 1500 "$T/one.nxml.gz" >"$T/cut.nxml.gz"
expect_exit 2 ctx ingest "$T/cut.nxml.gz"
expect_out "0 articles"
expect_err "$T/cut.nxml.gz: truncated gzip input"
expect_exit 0 ctx ingest "$T/one.nxml.gz"
expect_out "1 articles"
exit 0
