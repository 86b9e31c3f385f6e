#!/bin/sh
# t0024: records people can read (issue 16), on an invented article
# (tests/data/records): an element-citation rendered from its parts, a
# mixed citation with its own punctuation (and a space where text runs
# into an element), abstract sections as headings, keywords as items,
# affiliations and funders without institution identifiers, ORCID and
# full-text links in the text report, reference text (never
# "(unlinked)") in the report's reference list.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/records"
expect_check
expect_exit 0 ctx refs PMC9900101
expect_out '^  1\. Sedgewick G, Singhal S, Husseini R\. Intended and unintended tiredness in a made-up population\. Stud Fict Plann 2014;45(3):301-314\. doi:10\.5555/citectx-records\.r1 PMID: 99000201\.$'
expect_out '^  2\. Arendale M, and Pollard QT\. Epidemiology of invented candour\. Curr Opin Fict Care 2010;16:445–452\. PMID: 99000202$'
grep -q 'unlinked\|citectx:' "$T/out" && die "refs names internal ids: $(cat "$T/out")"

expect_exit 0 ctx report PMC9900101
expect_out '^  1\. Department of Imaginary Medicine, Lowmoor University, Lowmoor, Nowhereshire$'
expect_out '^  2\. Fernhill Institute of Pretend Studies, Fernhill$'
expect_out '^Keywords: Quillwort; Winter fatigue; Herbal extract; E\. coli Nissle$'
expect_out '^Funding: Lowmoor Research Fund (LRF-42)$'
expect_out '^ORCID Tilda Brackenridge: https://orcid.org/0000-0002-1825-0097$'
expect_out '^PubMed: https://pubmed.ncbi.nlm.nih.gov/99000101/$'
expect_out '^PMC: https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900101/$'
expect_out '^Europe PMC: https://europepmc.org/article/PMC/PMC9900101$'
expect_out '^Full text: https://doi.org/10.5555/citectx-records.01$'
expect_out '^  Background$'
expect_out '^    Winter fatigue is common and poorly treated\.$'
expect_out '^  Findings$'
expect_out '^    1\. Sedgewick G, Singhal S'
grep -q 'grid\.\|0000 0004\|10\.13039\|SummaryBackground\|unlinked' "$T/out" &&
	die "identifiers or glued text in the report: $(cat "$T/out")"

expect_exit 0 ctx report PMC9900101 --json
for k in '"abstract_sections":\[{"heading":"Background","text":"Winter fatigue is common and poorly treated."}' \
	'"keyword_list":\["Quillwort","Winter fatigue","Herbal extract","E. coli Nissle"\]' \
	'"funders":\["Lowmoor Research Fund (LRF-42)"\]' \
	'"abstract":"Background: Winter fatigue is common and poorly treated.\\u000aMethods: ' \
	'"europepmc":"https://europepmc.org/article/PMC/PMC9900101"' \
	'"orcid":"https://orcid.org/0000-0002-1825-0097"'; do
	expect_out "$k"
done
