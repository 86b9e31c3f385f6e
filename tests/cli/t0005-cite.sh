#!/bin/sh
# t0005: `cite ID --format F` in the four formats: the record, CSL types,
# the tallies and the report link in the note; BibTeX read by a real
# bibtex (plain.bst) without a warning, CSL-JSON with CSL 1.0.2 types and
# variables only; specials in titles and names escaped.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo" "$TOP/tests/data/cite"

expect_exit 0 ctx cite 10.5555/citectx-demo.01 --format bibtex --base-url https://cx.example
expect_out '^@article{okafor2015velorastat,$'
expect_out '  author = {Okafor, Adaeze and Lindqvist, Maja and Haddad, Rami and Brennan, Tomas},'
expect_out '  pages = {1--9},'
expect_out 'note = {citectx: cited by 10 publications (28 citation statements): [0-9]* supporting, [0-9]* mentioning, [0-9]* contrasting, [0-9]* unclassified. Report: https://cx.example/works/10.5555/citectx-demo.01}'

expect_exit 0 ctx cite pmid:90000001 --format ris
expect_out '^TY  - JOUR'
expect_out '^AU  - Lindqvist, Maja'
expect_out '^SP  - 1'
expect_out '^EP  - 9'
expect_out '^N1  - citectx: cited by 10 publications.*Report: http://localhost:8080/works/10.5555/citectx-demo.01'
expect_out '^ER  - '

CITECTX_URL=https://env.example expect_exit 0 ctx cite PMC9900001 --format csl-json
jq -e '.[0].type == "article-journal" and .[0].DOI == "10.5555/citectx-demo.01"
  and .[0].issued["date-parts"][0][0] == 2015 and .[0].author[0].family == "Okafor"
  and (.[0].note | test("28 citation statements.*https://env.example/works/"))' "$T/out" >/dev/null ||
	die "csl-json: $(cat "$T/out")"

# CSL 1.0.2: every item's type and variables are the schema's
types="article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance periodical personal_communication post post-weblog regulation report review review-book software song speech standard thesis treaty webpage"
vars="id type title container-title publisher author issued volume issue page DOI PMID PMCID note URL abstract"
for id in 10.5555/citectx-demo.01 pmid:90000101 10.5555/citectx-demo.05; do
	expect_exit 0 ctx cite "$id" --format csl-json
	t=$(jq -r '.[0].type' "$T/out")
	echo " $types " | grep -q " $t " || die "$id: CSL type '$t' is not a CSL type"
	for k in $(jq -r '.[0] | keys[]' "$T/out"); do
		echo " $vars " | grep -q " $k " || die "$id: '$k' is not a CSL variable we mean to use"
	done
done

expect_exit 0 ctx cite 10.5555/citectx-demo.01 --format apa
expect_out '^Okafor, A., Lindqvist, M., Haddad, R., & Brennan, T. (2015). Velorastat for the prevention'
expect_out 'Journal of Invented Clinical Trials, 1(1), 1-9. https://doi.org/10.5555/citectx-demo.01$'

# specials: escaped for BibTeX, verbatim in the others
expect_exit 0 ctx cite pmid:90000101 --format bibtex
expect_out 'title = {50\\% fewer \\textbraceleft{}relapses\\textbraceright{} with drug\\_X \\& \\#hashtags: a \\$5 \\textbackslash{}trial'
expect_out 'author = {Ørsted-Müller, Ann-Sofie and {van der Berg}, J. P. and {Invented Trialists Collaborative Group}}'
expect_exit 0 ctx cite pmid:90000101 --format apa
expect_out '^Ørsted-Müller, A.-S., van der Berg, J. P., & Invented Trialists Collaborative Group. (2019). 50% fewer {relapses}'
expect_exit 0 ctx cite pmid:90000101 --format csl-json
jq -e '.[0].author[2].literal == "Invented Trialists Collaborative Group" and .[0].page == "e1001"' "$T/out" >/dev/null || die "csl-json specials: $(cat "$T/out")"

# every work of the index through a real bibtex: no error, no warning
: >"$T/all.bib"
for id in $(sqlite3 "$DB" "SELECT coalesce(doi, 'pmid:' || pmid) FROM works WHERE doi IS NOT NULL OR pmid IS NOT NULL"); do
	ctx cite "$id" --format bibtex >>"$T/all.bib" || die "cite $id failed"
done
n=$(grep -c '^@' "$T/all.bib")
[ "$n" -ge 20 ] || die "only $n entries"
printf '\\citation{*}\n\\bibstyle{plain}\n\\bibdata{all}\n' >"$T/all.aux"
(cd "$T" && bibtex all >bibtex.out 2>&1) || die "bibtex failed: $(cat "$T/bibtex.out")"
grep -q 'Warning--\|error message\|---line' "$T/all.blg" && die "bibtex complained: $(grep -B2 'Warning--\|error message\|---line' "$T/all.blg" | head -20)"
[ "$(grep -c '\\bibitem' "$T/all.bbl")" -eq "$n" ] || die "bibtex kept $(grep -c '\\bibitem' "$T/all.bbl") of $n entries"

expect_exit 2 ctx cite 10.5555/citectx-demo.01 --format endnote
expect_err 'endnote: expected bibtex, ris, csl-json or apa'
expect_exit 2 ctx cite 10.5555/no-such-work --format ris
expect_err 'no such work'
expect_one_line_err
exit 0
