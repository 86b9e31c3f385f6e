#!/bin/sh
# t0028: `citectx find` (issue 16).  A DOI in any form, pmid:, digits that
# are a PMID, PMC ids go to their work; words of a title, an author's
# surname (with a year), a journal list the works ranked; a work known
# only from reference lists is found by its title; what the user types
# never reaches FTS5 as syntax; an index of schema 9 gets its works index
# from the migration, and check sees a works index out of step.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not installed"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_check
W=10.5555/citectx-demo.01
first() { # the id of the first work find --json lists
	ctx find "$@" --json | sed -n 's/.*"data":\[{"id":"\([^"]*\)".*/\1/p'
}
match() { ctx find "$@" --json | sed -n 's/.*"match":"\([a-z]*\)".*/\1/p'; }

for q in "$W" "doi:$W" "DOI: $W" "https://doi.org/$W" "http://dx.doi.org/$W" \
	 "https://doi.org/10.5555%2Fcitectx-demo.01" pmid:90000001 90000001 \
	 PMC9900001 pmcid:PMC9900001; do
	[ "$(first "$q")" = "$W" ] || die "find '$q' did not give $W: $(ctx find "$q" --json | head -c 300)"
done
[ "$(match pmid:90000001)" = pmid ] || die "pmid: is not a pmid match"
[ "$(match "https://doi.org/$W")" = doi ] || die "a doi.org URL is not a doi match"
# an identifier no work has: nothing, said plainly, no error
expect_exit 0 ctx find 10.5555/no-such-work
expect_out "no work matches"
# digits that are no PMID are words (none here)
[ "$(match 12345)" = words ] || die "digits that are no PMID are not words"

# words: a title fragment, a surname, a surname and year, a journal
[ "$(first episodic migraine velorastat VELO-1)" = "$W" ] || die "title words"
[ "$(first Okafor)" = "$W" ] || die "surname: the most cited of Okafor's works first"
[ "$(first Okafor 2016)" = 10.5555/citectx-demo.02 ] || die "surname and year"
[ "$(ctx find Okafor 2016 --json | grep -o '"id":"10.5555/[^"]*"' | grep -c .)" -eq 1 ] ||
	die "the year does not filter"
[ "$(first Journal of Invented Placebo)" = 10.5555/citectx-ext.003 ] ||
	die "a journal, or a work known only from references"
expect_exit 0 ctx find "Okafor"
expect_out "cited by 10, 28 statements: 4 supporting, 4 contrasting, 20 mentioning"
ctx find Okafor --json | grep -q '"tallies":{"supporting":4,"contrasting":4,"mentioning":20' ||
	die "JSON lacks the tallies"
expect_exit 0 ctx find velorastat --limit 2 --json
[ "$(grep -o '"title"' "$T/out" | grep -c .)" -eq 2 ] || die "--limit 2"
grep -q '"total":1[0-9]' "$T/out" || die "total counts every match: $(head -c 200 "$T/out")"

# hostile input: never an FTS5 error
for q in '"' '"unclosed' 'a AND' 'NOT velorastat' '(' 'x)' 'velo*' 'title:x' \
	 '^velorastat' 'NEAR(a b)' "Alzheimer's" 'p<0.05' 'COVID-19' '-+-' \
	 'a OR OR b' '{title}: x' 'doi:' 'pmid:abc'; do
	"$CITECTX" --db "$DB" find "$q" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 2 ] || die "find '$q' exited $rc: $(cat "$T/err")"
	grep -qi 'fts5\|syntax\|no such column\|Sanitizer\|runtime error' "$T/err" &&
		die "find '$q': $(cat "$T/err")"
done
expect_exit 2 ctx find '-'
expect_err "give words"
expect_exit 2 ctx find
expect_exit 2 ctx find x --limit 101

# an index of schema 9 gets its works index by the migration
# (and without migration 14's sentence key)
sqlite3 "$DB" "DROP INDEX st_by_lead; ALTER TABLE statements DROP COLUMN lead;
DROP INDEX st_cited;
ALTER TABLE statements DROP COLUMN sctx;
CREATE INDEX st_by_id ON statements(id, type, section_class, year, self,
 confidence, pubtype, cited, citing, jself, ctx);
CREATE INDEX st_cited ON statements(cited, year, type, section_class, self,
 confidence, pubtype, jself);
DROP TABLE works_fts; DROP TABLE works_text; DROP TABLE works_fts_dirty;
DROP TRIGGER works_fts_ins; DROP TRIGGER works_fts_upd; DROP TRIGGER works_fts_del;
DROP TRIGGER works_fts_au_ins; DROP TRIGGER works_fts_au_del;
DROP TRIGGER works_fts_au_upd;
-- nor what migration 11 (token expiry, fair limits, feed secrets) added
ALTER TABLE tokens DROP COLUMN expires;
DROP TABLE signups;
DROP TABLE feed_keys;
DROP INDEX ratings_user;
DROP INDEX flags_user;
DROP INDEX login_failures_name;
CREATE INDEX login_failures_name ON login_failures(name, at);
PRAGMA user_version = 9;" || die "could not rewind to schema 9"
expect_check
[ "$(sqlite3 "$DB" "SELECT count(*) FROM works_fts")" -eq \
  "$(sqlite3 "$DB" "SELECT count(*) FROM works WHERE title <> ''")" ] ||
	die "the migration did not fill the works index"
[ "$(first Okafor)" = "$W" ] || die "find after the migration"
# re-ingesting keeps it in step (every work re-stored, merged, refilled)
expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_check
# check sees a works index out of step
sqlite3 "$DB" "DELETE FROM works_fts WHERE rowid = (SELECT min(rowid) FROM works_fts)"
expect_exit 1 ctx check
expect_err "works index holds"
