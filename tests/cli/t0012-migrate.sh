#!/bin/sh
# t0012: an index written before statements shared their context text
# (schema 7: every statement its own text and its own full-text row) is
# migrated when opened: runs are found, the copies dropped, the full-text
# index rebuilt over the leads; check passes and searches, statements and
# reports read as they did.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not installed"

expect_exit 0 ctx ingest "$TOP/tests/data/demo" "$TOP/tests/data/cite"
W=10.5555/citectx-demo.01
views() { # OUT: what a reader sees
	for q in '"consistent with"' velorastat 'trial* OR placebo'; do
		ctx search "$q" --json --limit 1000 --sort oldest
	done >"$1"
	ctx statements $W --json --limit 1000 >>"$1"
	ctx report $W --json >>"$1"
}
views "$T/before"
runs=$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE ctx > 0")
[ "$runs" -gt 0 ] || die "the demo corpus has no sentence citing two references"

# back to schema 7, as an older citectx wrote it
sqlite3 "$DB" "
DROP TABLE statements_fts;
DROP VIEW statement_texts;
DROP INDEX st_by_lead;
ALTER TABLE statements DROP COLUMN lead;
DROP INDEX st_cited;
ALTER TABLE statements DROP COLUMN sctx;
CREATE INDEX st_cited ON statements(cited, year, type, section_class, self,
 confidence, pubtype, jself);
UPDATE statements SET text = (SELECT l.text FROM statements l
 WHERE l.id = statements.id - statements.ctx) WHERE ctx > 0;
ALTER TABLE statements DROP COLUMN ctx;
CREATE INDEX st_by_id ON statements(id, type, section_class, year, self,
 confidence, pubtype, cited, citing, jself);
CREATE VIRTUAL TABLE statements_fts USING fts5(text, content='statements',
 content_rowid='id');
INSERT INTO statements_fts(statements_fts, rank) VALUES('hashsize', 16777216);
INSERT INTO statements_fts(statements_fts) VALUES('rebuild');
-- nor what migration 11 (token expiry, fair limits, feed secrets) added
ALTER TABLE tokens DROP COLUMN expires;
DROP TABLE signups;
DROP TABLE feed_keys;
DROP INDEX ratings_user;
DROP INDEX flags_user;
DROP INDEX login_failures_name;
CREATE INDEX login_failures_name ON login_failures(name, at);
PRAGMA user_version = 7;" || die "could not write the schema-7 index"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM statements_fts_docsize")" -eq \
  "$(sqlite3 "$DB" "SELECT count(*) FROM statements")" ] || die "schema 7 setup"

expect_check
[ "$(sqlite3 "$DB" "PRAGMA user_version")" -ge 9 ] || die "not migrated"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE ctx > 0 AND text = ''")" -eq "$runs" ] ||
	die "runs not found again"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM statements_fts_docsize")" -eq \
  "$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE ctx = 0")" ] ||
	die "full-text index not over the leads"
views "$T/after"
cmp -s "$T/before" "$T/after" || die "reads differ after the migration: $(diff "$T/before" "$T/after" | head -c 400)"
