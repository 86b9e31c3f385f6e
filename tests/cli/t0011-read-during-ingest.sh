#!/bin/sh
# t0011: reads during writes, small: `serve` on an index of the demo
# corpus answers every read correctly (200, valid JSON, counts never going
# down, the CLI's answers at the end) while `ingest` adds 30 copies of the
# demo articles (new identifiers, the same references) to the same index.
# The real-corpus version is tests/real/t0105-read-during-ingest.sh.
. "$(dirname "$0")/lib.sh"

ctx ingest "$TOP/tests/data/demo" >/dev/null || die "ingest of the demo corpus"
# copies: only the article's own identifiers change, so that each copy is
# a new citing work of what the demo articles cite
mkdir "$T/copies"
for k in $(seq 10 39); do
	for f in "$TOP"/tests/data/demo/demo*.nxml; do
		sed "/<article-id/{s/>900000/>9${k}00/;s/>99000/>98${k}/;s/citectx-demo\./citectx-copy${k}./}" "$f" \
			>"$T/copies/c$k-$(basename "$f")"
	done
done
sh "$TOP/tests/api/read-during-ingest.sh" "$DB" 2 10.5555/citectx-demo.01 pmid:90000002 -- "$T/copies" ||
	die "reads during ingest"
# every copy was indexed as a work of its own
[ "$(ctx report 10.5555/citectx-demo.01 --json | jq .citing_publications)" -gt 300 ] ||
	die "copies not indexed as new citing works"
