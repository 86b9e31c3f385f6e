#!/bin/sh
# t0005: GROBID TEI, S2ORC JSON, Markdown and CORD-19 metadata.csv in; one
# work whoever cites it and however; versions; self-citations; UTF-8 text
# (fixtures written for these tests in tests/data/formats/).
. "$(dirname "$0")/lib.sh"
D="$TOP/tests/data/formats"
stmts() { sqlite3 "$DB" "SELECT coalesce(sum(1 + dups), 0) FROM statements WHERE citing = (SELECT work FROM aliases WHERE xid = '$1' UNION SELECT id FROM works WHERE doi = '$1')"; }

# TEI: three <ref type="bibr"> with targets in prose (one in a formula is
# not prose, one without target cites nothing); numbered subsection 2.1
# keeps the class of 2 (Methods).
expect_exit 0 ctx ingest "$D/walking.tei.xml"
[ "$(stmts 10.5555/ctx.tei.1)" -eq 4 ] || die "TEI: $(stmts 10.5555/ctx.tei.1) statements, want 4"
expect_exit 0 ctx statements 10.5555/ames.2010 --json
expect_out '"marker":"(Ames et al., 2010; Brook, 2012)"'
expect_out '"section_class":"discussion"'
expect_exit 0 ctx search --citing 10.5555/ctx.tei.1 --section methods --json
expect_out '"section":"Participants"'

# S2ORC JSON: code-point offsets after non-ASCII text land on the marker;
# the unresolved [9] cites nothing.  Its Ames reference has no DOI and
# joins the TEI's DOI-identified work by its fields.
expect_exit 0 ctx ingest "$D/sjogren.json"
[ "$(stmts sha:0123456789abcdef0123456789abcdef01234567)" -eq 3 ] || die "JSON: wrong statement count"
expect_exit 0 ctx report 10.5555/ames.2010 --json
expect_out '"citing_publications":2'
expect_exit 0 ctx statements 10.5555/ames.2010 --json
expect_out 'Sjögren’s syndrome — and poor sleep'
expect_out '"marker":"(Ames et al., 2010; Brook, 2012)"'

# metadata.csv names the JSON's paper by its sha: DOI, year, journal join.
expect_exit 0 ctx ingest "$D/metadata.csv"
expect_exit 0 ctx report 10.5555/ctx.json.1 --json
expect_out '"year":2020'
expect_out 'Journal of Invented Sleep Research'
expect_exit 0 ctx statements 10.5555/ames.2010 --from-year 2020 --to-year 2020 --json
expect_out 'Sjögren'
expect_exit 0 ctx report sha:0123456789ABCDEF0123456789abcdef01234567
expect_out 'Invented observations'

# Markdown (ChinaXiv): Chinese text stored and searchable; [1, 2] cites
# two entries; tables and images are not prose.
expect_exit 0 ctx ingest "$D/ChinaXiv-202001.00001V1.md"
[ "$(stmts chinaxiv:202001.00001)" -eq 3 ] || die "Markdown: $(stmts chinaxiv:202001.00001) statements, want 3"
expect_exit 0 ctx search '间充质干细胞' --json
expect_out '间充质干细胞 治疗 睡眠 障碍 的 虚构 证据 \[1\]。'
expect_exit 0 ctx report chinaxiv:202001.00001 --json
expect_out '步行与睡眠的虚构研究'
expect_exit 0 ctx report 10.5555/ames.2010 --json
expect_out '"citing_publications":3'

# Versions: a preprint DOI and the published DOI, same title and authors,
# are one work; either DOI gives the report with both citers.
expect_exit 0 ctx ingest "$D/mood-preprint.nxml" "$D/mood-published.nxml"
expect_exit 0 ctx report 10.5555/mood.2021 --json
expect_out '"citing_publications":2'
expect_out '"version":"published"'
cp "$T/out" "$T/v1"
expect_exit 0 ctx report 10.1101/2020.01.01.000001 --json
cmp -s "$T/out" "$T/v1" || die "versions: the two DOIs give different reports"

# Self-citation: Doe J cites Doe J.
expect_exit 0 ctx statements 10.5555/mood.2021 --self only --json
expect_out '"citing":{"id":"10.5555/ctx.mood.a"'
grep -q 'ctx.mood.b' "$T/out" && die "--self only shows a non-self citer"
expect_exit 0 ctx statements 10.5555/mood.2021 --self exclude --json
expect_out '"citing":{"id":"10.5555/ctx.mood.b"'
expect_out '"self":{"true":1,"false":1}'
expect_exit 2 ctx statements 10.5555/mood.2021 --self sometimes
expect_one_line_err
expect_check

# Any order: metadata.csv before its JSON gives the same work.
DB="$T/second.db"
expect_exit 0 ctx ingest "$D/metadata.csv"
expect_exit 0 ctx ingest "$D/sjogren.json"
expect_exit 0 ctx report 10.5555/ctx.json.1 --json
expect_out '"indexed":true'
expect_check
exit 0
