/* schema.c — the index's SQL: its migrations and every prepared
 * statement (see schema.h); store.c runs them. */
#include <stddef.h>

#include "schema.h"
#include "schema_report.h"
#include "store_ingest_cols.h"

/* Ordered migrations: store_migrations[i] takes user_version i to i + 1. */
const char *const store_migrations[] = {
    /* 0 -> 1: the first schema */
    "CREATE TABLE works("
    " id INTEGER PRIMARY KEY, doi TEXT UNIQUE, pmid TEXT UNIQUE,"
    " pmcid TEXT UNIQUE, fp TEXT, title TEXT, year INT, journal TEXT,"
    " publisher TEXT, volume TEXT, issue TEXT, pages TEXT, pubtype TEXT,"
    " pubdate TEXT, keywords TEXT, funding TEXT, abstract TEXT,"
    " license TEXT, ref_authors TEXT, indexed INT NOT NULL DEFAULT 0,"
    " source TEXT);"
    "CREATE INDEX works_fp ON works(fp);"
    "CREATE TABLE authors(work INT NOT NULL, pos INT NOT NULL,"
    " surname TEXT, given TEXT, orcid TEXT, aff TEXT,"
    " PRIMARY KEY(work, pos)) WITHOUT ROWID;"
    "CREATE TABLE refs(id INTEGER PRIMARY KEY, citing INT NOT NULL,"
    " pos INT NOT NULL, label TEXT, xml_id TEXT, raw TEXT, authors TEXT,"
    " title TEXT, source TEXT, year INT, volume TEXT, fpage TEXT,"
    " doi TEXT, pmid TEXT, pmcid TEXT, cited INT);"
    "CREATE INDEX refs_citing ON refs(citing, pos);"
    "CREATE INDEX refs_cited ON refs(cited, citing);"
    "CREATE TABLE statements(id INTEGER PRIMARY KEY, citing INT NOT NULL,"
    " ref INT NOT NULL, cited INT, section TEXT, section_class INT NOT NULL,"
    " type INT NOT NULL, confidence REAL NOT NULL, model TEXT,"
    " self INT NOT NULL, year INT, marker TEXT, text TEXT NOT NULL,"
    " sent_start INT NOT NULL, sent_end INT NOT NULL, dups INT NOT NULL);"
    "CREATE INDEX st_cited ON statements(cited, year, id);"
    "CREATE INDEX st_citing ON statements(citing);"
    "CREATE VIRTUAL TABLE statements_fts USING fts5(text,"
    " content='statements', content_rowid='id');",
    /* 1 -> 2: search and the full report (issue 5).  The citing work's
     * publication type is copied onto its statements so that a facet
     * scan never joins works; one covering index serves every facet of
     * a cited work; notices (retractions, corrections, expressions of
     * concern) name the works they concern; refs(citing, cited) serves
     * co-citation without touching the table; st_by_id is a narrow copy
     * of the facet columns by id, so that the statements a full-text
     * query matches are read from a dense index instead of from rows
     * that carry their text (5x faster at a million statements). */
    "ALTER TABLE statements ADD COLUMN pubtype TEXT;"
    "UPDATE statements SET pubtype ="
    " (SELECT pubtype FROM works w WHERE w.id = statements.citing);"
    "DROP INDEX st_cited;"
    "CREATE INDEX st_cited ON statements(cited, year, type, section_class,"
    " self, confidence, pubtype);"
    "CREATE INDEX refs_citing_cited ON refs(citing, cited);"
    "CREATE INDEX st_by_id ON statements(id, type, section_class, year,"
    " self, confidence, pubtype, cited, citing);"
    "CREATE TABLE notices(notice INT NOT NULL, pos INT NOT NULL,"
    " kind TEXT NOT NULL, relation TEXT, concerned INT,"
    " PRIMARY KEY(notice, pos)) WITHOUT ROWID;"
    "CREATE INDEX notices_concerned ON notices(concerned);",
    /* 2 -> 3: identifiers beyond DOI/PMID/PMCID and versions (aliases);
     * one matching record per reference or indexed article (linkrec),
     * blocked by title prefix, first author + year, volume + page;
     * journal self-citations. */
    "CREATE TABLE aliases(xid TEXT PRIMARY KEY, work INT NOT NULL,"
    " version TEXT) WITHOUT ROWID;"
    "CREATE INDEX aliases_work ON aliases(work);"
    "CREATE TABLE linkrec(id INTEGER PRIMARY KEY, work INT NOT NULL,"
    " ref INT, citing INT, title TEXT, surname TEXT, year INT,"
    " volume TEXT, fpage TEXT, journal TEXT, tkey TEXT, akey TEXT,"
    " pkey TEXT);"
    "CREATE INDEX linkrec_t ON linkrec(tkey);"
    "CREATE INDEX linkrec_a ON linkrec(akey);"
    "CREATE INDEX linkrec_p ON linkrec(pkey);"
    "CREATE INDEX linkrec_work ON linkrec(work);"
    "CREATE INDEX linkrec_citing ON linkrec(citing);"
    "ALTER TABLE statements ADD COLUMN jself INT NOT NULL DEFAULT 0;"
    "DROP INDEX st_cited;"
    "CREATE INDEX st_cited ON statements(cited, year, type, section_class,"
    " self, confidence, pubtype, jself);"
    "DROP INDEX st_by_id;"
    "CREATE INDEX st_by_id ON statements(id, type, section_class, year,"
    " self, confidence, pubtype, cited, citing, jself);",
    /* 3 -> 4: users.c: accounts, hashed tokens, login failures (rate limit),
     * ratings, classification flags, follows (since: the last statement
     * id when followed, so the feed lists only what came after) */
    "CREATE TABLE users(id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE COLLATE NOCASE, pwhash TEXT NOT NULL,"
    " created INT NOT NULL);"
    "CREATE TABLE tokens(id INTEGER PRIMARY KEY, user INT NOT NULL,"
    " hash TEXT NOT NULL UNIQUE, label TEXT, created INT NOT NULL);"
    "CREATE INDEX tokens_user ON tokens(user);"
    "CREATE TABLE login_failures(name TEXT COLLATE NOCASE, client TEXT,"
    " at INT NOT NULL);"
    "CREATE INDEX login_failures_name ON login_failures(name, at);"
    "CREATE INDEX login_failures_client ON login_failures(client, at);"
    "CREATE TABLE ratings(user INT NOT NULL, work INT NOT NULL,"
    " overall INT NOT NULL, novelty INT, significance INT, rigour INT,"
    " updated INT NOT NULL, PRIMARY KEY(work, user)) WITHOUT ROWID;"
    "CREATE TABLE flags(id INTEGER PRIMARY KEY, user INT NOT NULL,"
    " statement INT NOT NULL, label INT NOT NULL, comment TEXT,"
    " created INT NOT NULL, UNIQUE(statement, user));"
    "CREATE TABLE follows(user INT NOT NULL, work INT NOT NULL,"
    " since INT NOT NULL, created INT NOT NULL,"
    " PRIMARY KEY(user, work)) WITHOUT ROWID;",
    /* 4 -> 5: the title block carries what rules a candidate out before
     * its row is read (a year more than one apart, unless surname, volume
     * and page all agree): blocks of common title openings ("Efficacy
     * and safety of...") held hundreds of records, and reading them was
     * the largest cost of ingest (see SQL_LR_CANDS). */
    "CREATE INDEX linkrec_ty ON linkrec(tkey, year, surname, volume, fpage);"
    "DROP INDEX linkrec_t;",
    /* 5 -> 6: FTS5 keeps up to 16 MB of new terms in memory before it
     * writes them out as a segment (1 MB by default): an ingest batch
     * becomes one segment instead of about ten, and the merges that
     * follow shrink with it (BENCHMARKS.md, issue 7). */
    "INSERT INTO statements_fts(statements_fts, rank)"
    " VALUES('hashsize', 16777216);",
    /* 6 -> 7: one index of a citing work's references serves both the
     * reference list (citing, pos) and co-citation (citing -> cited, read
     * from the index alone): one b-tree fewer to write per reference. */
    "DROP INDEX refs_citing_cited;"
    "DROP INDEX refs_citing;"
    "CREATE INDEX refs_citing ON refs(citing, pos, cited);",
    /* 7 -> 8: the full-text index holds each context text once.  The
     * statements of one sentence (one per reference it cites) carry the
     * same context, stored consecutively: the first is the run's lead
     * (ctx 0) and the k-th after it has ctx k (runs of at most 64).  Only
     * leads are indexed, through the view statement_texts, and a match
     * on lead L stands for statements L .. L + 63 whose id - ctx is L.
     * On the corpus: 208,718 statements, 92,082 contexts; FTS5 read 98 MB
     * of text where 45 MB are distinct (BENCHMARKS.md, issue 7). */
    "ALTER TABLE statements ADD COLUMN ctx INT NOT NULL DEFAULT 0;"
    "UPDATE statements SET ctx = x.k FROM (SELECT id,"
    " (row_number() OVER (PARTITION BY grp ORDER BY id) - 1) % 64 AS k"
    " FROM (SELECT id, sum(brk) OVER (ORDER BY id) AS grp FROM"
    " (SELECT id, (citing IS NOT lag(citing) OVER w OR text IS NOT"
    " lag(text) OVER w OR id - 1 IS NOT lag(id) OVER w) AS brk"
    " FROM statements WINDOW w AS (ORDER BY id)))) AS x"
    " WHERE x.id = statements.id AND x.k > 0;"
    "DROP INDEX st_by_id;"
    "CREATE INDEX st_by_id ON statements(id, type, section_class, year,"
    " self, confidence, pubtype, cited, citing, jself, ctx);"
    "DROP TABLE statements_fts;"
    "CREATE VIEW statement_texts AS SELECT id, text FROM statements"
    " WHERE ctx = 0;"
    "CREATE VIRTUAL TABLE statements_fts USING fts5(text,"
    " content='statement_texts', content_rowid='id');"
    "INSERT INTO statements_fts(statements_fts, rank)"
    " VALUES('hashsize', 16777216);"
    "INSERT INTO statements_fts(statements_fts) VALUES('rebuild');",
    /* 8 -> 9: a run's text is stored once too, on its lead; the others
     * hold '' and are read through ST_TEXT (on the corpus: 53 MB less
     * written at ingest, twice counting the WAL). */
    "UPDATE statements SET text = '' WHERE ctx > 0;",
    /* 9 -> 10: finding a work (issue 16): works_fts holds the title,
     * authors, journal and keywords of every work with a title (indexed
     * or known only from reference lists), rowid = works.id.  Triggers
     * name the works whose indexed fields changed in works_fts_dirty
     * (inserts, updates, merges, deletes, author rows), and store_commit
     * re-indexes those before COMMIT (SQL_WF_SYNC_*), so the index is in
     * step at every commit and an article's ten author rows cost one
     * re-index, not ten.  The table keeps its own copy of the text (a
     * few MB on the corpus): deleting a row needs its old tokens.  The
     * migration is idempotent (IF NOT EXISTS, emptied, then filled), so
     * an index whose user_version was rewound (t0012) migrates too. */
    "CREATE VIRTUAL TABLE IF NOT EXISTS works_fts USING fts5(title,"
    " authors, journal, keywords,"
    " tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE IF NOT EXISTS works_fts_dirty(id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER IF NOT EXISTS works_fts_ins AFTER INSERT ON works"
    " WHEN new.title <> '' BEGIN"
    " INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(new.id); END;"
    "CREATE TRIGGER IF NOT EXISTS works_fts_upd AFTER UPDATE OF title,"
    " journal, keywords, ref_authors ON works WHEN old.title IS NOT"
    " new.title OR old.journal IS NOT new.journal OR old.keywords IS NOT"
    " new.keywords OR old.ref_authors IS NOT new.ref_authors BEGIN"
    " INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(new.id); END;"
    "CREATE TRIGGER IF NOT EXISTS works_fts_del AFTER DELETE ON works"
    " WHEN old.title <> '' BEGIN"
    " INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(old.id); END;"
    "CREATE TRIGGER IF NOT EXISTS works_fts_au_ins AFTER INSERT ON authors"
    " BEGIN INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(new.work); END;"
    "CREATE TRIGGER IF NOT EXISTS works_fts_au_del AFTER DELETE ON authors"
    " BEGIN INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(old.work); END;"
    "CREATE TRIGGER IF NOT EXISTS works_fts_au_upd AFTER UPDATE ON authors"
    " BEGIN INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(old.work);"
    " INSERT OR IGNORE INTO works_fts_dirty(id) VALUES(new.work); END;"
    "DELETE FROM works_fts;"
    "DELETE FROM works_fts_dirty;"
    "INSERT INTO works_fts(rowid, title, authors, journal, keywords)"
    " SELECT w.id, w.title, " WF_AUTHORS(
        "w") ", w.journal, w.keywords"
             " FROM works w WHERE w.title <> '' ORDER BY w.id;",
    /* 10 -> 11: fair limits and the secret feed URL (issue 19, 16).
     * Tokens expire (existing ones CT_TOKEN_TTL, 90 days, after they were
     * made); login failures are counted per (name, client), so the name
     * index leads with both; sign-ups are counted per client for an hour
     * (signups, pruned as it goes); feed_keys holds the hash of each
     * user's feed secret; ratings and flags are listed by user. */
    "ALTER TABLE tokens ADD COLUMN expires INT NOT NULL DEFAULT 0;"
    "UPDATE tokens SET expires = created + 7776000;"
    "DROP INDEX login_failures_name;"
    "CREATE INDEX login_failures_name ON login_failures(name, client, at);"
    "CREATE TABLE signups(client TEXT NOT NULL, at INT NOT NULL);"
    "CREATE INDEX signups_client ON signups(client, at);"
    "CREATE TABLE feed_keys(user INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL UNIQUE, created INT NOT NULL);"
    "CREATE INDEX ratings_user ON ratings(user, updated);"
    "CREATE INDEX flags_user ON flags(user, created);",
    /* 11 -> 12: the works index of migration 10 as an external-content
     * FTS5 table over works_text (the text it indexes, one row per titled
     * work), so that a sync finds the rows it replaces by id: SQLite 3.40
     * plans "DELETE FROM works_fts WHERE rowid IN (...)" as a scan of the
     * whole index, and the sync read every work at each commit (a third
     * more CPU for the corpus's ingest).  Now a sync costs what the works
     * it re-indexes cost (SQL_WF_SYNC_*). */
    "DROP TABLE IF EXISTS works_fts;"
    "DROP TABLE IF EXISTS works_text;"
    "CREATE TABLE works_text(id INTEGER PRIMARY KEY, title TEXT,"
    " authors TEXT, journal TEXT, keywords TEXT);"
    "CREATE VIRTUAL TABLE works_fts USING fts5(title, authors, journal,"
    " keywords, content = 'works_text', content_rowid = 'id',"
    " tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO works_text(id, title, authors, journal, keywords)"
    " SELECT w.id, w.title, " WF_AUTHORS(
        "w") ", w.journal, w.keywords"
             " FROM works w WHERE w.title <> '' ORDER BY w.id;"
             "INSERT INTO works_fts(works_fts) VALUES('rebuild');"
             "DELETE FROM works_fts_dirty;",
    /* 12 -> 13: the works index keeps up to 16 MB of new terms before it
     * writes a segment, as statements_fts does (migration 6): with the
     * default 1 MB its commit-time inserts wrote and merged many small
     * segments, nearly as long as the statements' full-text index took
     * (CITECTX_SQL_PROFILE on the corpus's ingest). */
    "INSERT INTO works_fts(works_fts, rank) VALUES('hashsize', 16777216);",
    /* 13 -> 14: the citing sentence as a key (issue 16: one card per
     * sentence).  A run (one context text) can hold two sentences (a
     * paragraph of two sentences gives both the same context), and a
     * sentence's statements are consecutive inside its run: the first
     * has sctx 0, the k-th after it sctx k, so id - sctx names the
     * sentence (its first statement).  Both covering indexes carry it,
     * so that grouping a scan by sentence reads no row.  On the corpus:
     * 208,718 statements, 116,986 runs, 118,461 sentences. */
    "ALTER TABLE statements ADD COLUMN sctx INT NOT NULL DEFAULT 0;"
    "UPDATE statements SET sctx = x.k FROM (SELECT id, row_number() OVER"
    " (PARTITION BY id - ctx, sent_start ORDER BY id) - 1 AS k"
    " FROM statements) AS x WHERE x.id = statements.id AND x.k > 0;"
    "DROP INDEX st_by_id;"
    "CREATE INDEX st_by_id ON statements(id, type, section_class, year,"
    " self, confidence, pubtype, cited, citing, jself, ctx, sctx);"
    "DROP INDEX st_cited;"
    "CREATE INDEX st_cited ON statements(cited, year, type, section_class,"
    " self, confidence, pubtype, jself, sctx);",
    /* 14 -> 15: a match on lead L joins its run by equality on lead (id -
     * ctx, a virtual column), where it took a range of 64 ids checked
     * one by one: at a million statements the SQL path of a search
     * ("consistent with", 22,422 statements) stepped 1.4 million index
     * entries for 22,422 rows (137 ms -> 20 ms; BENCHMARKS.md, issue 16).
     * Runs are consecutive ids (check: SQL_CK_BAD_CTX), so the order of
     * (lead, id) is the order of id and st_by_lead replaces st_by_id as
     * the narrow copy of the facet columns. */
    "ALTER TABLE statements ADD COLUMN lead INT"
    " GENERATED ALWAYS AS (id - ctx) VIRTUAL;"
    "DROP INDEX st_by_id;"
    "CREATE INDEX st_by_lead ON statements(lead, id, type, section_class,"
    " year, self, confidence, pubtype, cited, citing, jself, ctx, sctx);",
};

const size_t store_nmigrations =
    sizeof(store_migrations) / sizeof(store_migrations[0]);

/* A statement row, up to its values (SQL_S_INSERT, SQL_S_INSERT_KNOWN). */
#define S_INSERT                                                               \
	"INSERT INTO statements(citing, ref, cited, section, section_class,"   \
	" type, confidence, model, self, year, marker, text, sent_start,"      \
	" sent_end, dups, pubtype, ctx, sctx) VALUES("

const char *const store_sql_text[SQL__COUNT] = {
    [SQL_W_BY_DOI] =
        "SELECT " STORE_COLS(STORE_WORK_ID_COLS) " FROM works WHERE doi = ?1",
    [SQL_W_BY_PMID] =
        "SELECT " STORE_COLS(STORE_WORK_ID_COLS) " FROM works WHERE pmid = ?1",
    [SQL_W_BY_PMCID] =
        "SELECT " STORE_COLS(STORE_WORK_ID_COLS) " FROM works WHERE pmcid = ?1",
    [SQL_W_BY_FP] = "SELECT " STORE_COLS(
        STORE_WORK_ID_COLS) " FROM works WHERE fp = ?1"
                            " ORDER BY indexed DESC, id LIMIT 1",
    [SQL_W_BY_ID] = "SELECT id FROM works WHERE id = CAST(?1 AS INT)",
    [SQL_W_INSERT] = "INSERT INTO works(doi, pmid, pmcid, fp)"
                     " VALUES(?1, ?2, ?3, ?4)",
    /* a work first known from a reference, with what it says (as
     * SQL_W_FILL would set) */
    [SQL_W_INSERT_FILLED] = "INSERT INTO works(doi, pmid, pmcid, fp, title,"
                            " year, journal, volume, pages, ref_authors)"
                            " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [SQL_W_IDS] = "SELECT " STORE_COLS(STORE_W_IDS_COLS) " FROM works"
                                                         " WHERE id = ?1",
    [SQL_W_CLEAR_IDS] = "UPDATE works SET doi = NULL, pmid = NULL,"
                        " pmcid = NULL WHERE id = ?1",
    /* (only when it fills a gap: a row rewritten to the same values
     * still dirtied its pages, 24 us each on the corpus) */
    [SQL_W_ADD_IDS] = "UPDATE works SET doi = coalesce(doi, ?2),"
                      " pmid = coalesce(pmid, ?3), pmcid = coalesce(pmcid, ?4),"
                      " fp = coalesce(fp, ?5) WHERE id = ?1 AND ("
                      "(doi IS NULL AND ?2 IS NOT NULL) OR"
                      " (pmid IS NULL AND ?3 IS NOT NULL) OR"
                      " (pmcid IS NULL AND ?4 IS NOT NULL) OR"
                      " (fp IS NULL AND ?5 IS NOT NULL))",
    /* ?1 keeps, ?2 goes: an indexed record wins over one from a
     * reference list; otherwise keep what we have and fill the gaps. */
    [SQL_W_MERGE_META] =
        "UPDATE works AS k SET"
        " title = iif(g.indexed > k.indexed, g.title, coalesce(k.title, "
        "g.title)),"
        " year = iif(g.indexed > k.indexed, g.year, coalesce(k.year, g.year)),"
        " journal = iif(g.indexed > k.indexed, g.journal, coalesce(k.journal, "
        "g.journal)),"
        " publisher = iif(g.indexed > k.indexed, g.publisher, "
        "coalesce(k.publisher, g.publisher)),"
        " volume = iif(g.indexed > k.indexed, g.volume, coalesce(k.volume, "
        "g.volume)),"
        " issue = iif(g.indexed > k.indexed, g.issue, coalesce(k.issue, "
        "g.issue)),"
        " pages = iif(g.indexed > k.indexed, g.pages, coalesce(k.pages, "
        "g.pages)),"
        " pubtype = iif(g.indexed > k.indexed, g.pubtype, coalesce(k.pubtype, "
        "g.pubtype)),"
        " pubdate = iif(g.indexed > k.indexed, g.pubdate, coalesce(k.pubdate, "
        "g.pubdate)),"
        " keywords = iif(g.indexed > k.indexed, g.keywords, "
        "coalesce(k.keywords, g.keywords)),"
        " funding = iif(g.indexed > k.indexed, g.funding, coalesce(k.funding, "
        "g.funding)),"
        " abstract = iif(g.indexed > k.indexed, g.abstract, "
        "coalesce(k.abstract, g.abstract)),"
        " license = iif(g.indexed > k.indexed, g.license, coalesce(k.license, "
        "g.license)),"
        " ref_authors = coalesce(k.ref_authors, g.ref_authors),"
        " source = coalesce(k.source, g.source),"
        " indexed = max(k.indexed, g.indexed)"
        " FROM (SELECT * FROM works WHERE id = ?2) AS g WHERE k.id = ?1",
    [SQL_W_MOVE_REFS] = "UPDATE refs SET cited = ?1 WHERE cited = ?2",
    [SQL_W_MOVE_STMTS] = "UPDATE statements SET cited = ?1 WHERE cited = ?2",
    [SQL_W_MOVE_REFS_CITING] = "UPDATE refs SET citing = ?1 WHERE citing = ?2",
    [SQL_W_MOVE_STMTS_CITING] =
        "UPDATE statements SET citing = ?1 WHERE citing = ?2",
    [SQL_W_MOVE_AUTHORS] =
        "UPDATE authors SET work = ?1 WHERE work = ?2 AND NOT EXISTS"
        " (SELECT 1 FROM authors WHERE work = ?1)",
    [SQL_W_DEL_AUTHORS] = "DELETE FROM authors WHERE work = ?1",
    [SQL_W_DELETE] = "DELETE FROM works WHERE id = ?1",
    [SQL_W_FILL] =
        "UPDATE works SET title = coalesce(title, ?2),"
        " year = coalesce(year, ?3), journal = coalesce(journal, ?4),"
        " volume = coalesce(volume, ?5), pages = coalesce(pages, ?6),"
        " ref_authors = coalesce(ref_authors, ?7)"
        " WHERE id = ?1 AND indexed = 0 AND ("
        "(title IS NULL AND ?2 IS NOT NULL) OR"
        " (year IS NULL AND ?3 IS NOT NULL) OR"
        " (journal IS NULL AND ?4 IS NOT NULL) OR"
        " (volume IS NULL AND ?5 IS NOT NULL) OR"
        " (pages IS NULL AND ?6 IS NOT NULL) OR"
        " (ref_authors IS NULL AND ?7 IS NOT NULL))",
    [SQL_A_META] =
        "UPDATE works SET title = ?2, year = ?3, journal = ?4,"
        " publisher = ?5, volume = ?6, issue = ?7, pages = ?8,"
        " pubtype = ?9, pubdate = ?10, keywords = ?11, funding = ?12,"
        " abstract = ?13, license = ?14, source = ?15, indexed = 1"
        " WHERE id = ?1",
    [SQL_A_AUTHOR] =
        "INSERT INTO authors(work, pos, surname, given, orcid, aff)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [SQL_A_DEL_FTS] = "INSERT INTO statements_fts(statements_fts, rowid, text)"
                      " SELECT 'delete', id, text FROM statements"
                      " WHERE citing = ?1 AND ctx = 0",
    [SQL_A_DEL_STMTS] = "DELETE FROM statements WHERE citing = ?1",
    [SQL_A_DEL_REFS] = "DELETE FROM refs WHERE citing = ?1",
    [SQL_R_INSERT] =
        "INSERT INTO refs(citing, pos, label, xml_id, raw, authors,"
        " title, source, year, volume, fpage, doi, pmid, pmcid, cited)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15)",
    [SQL_S_INSERT] =
        S_INSERT "?1, ?2, (SELECT cited FROM refs WHERE id = ?2),"
                 " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                 " (SELECT pubtype FROM works WHERE id = ?1), coalesce(?16, 0),"
                 " coalesce(?18, 0))",
    /* the same, with the cited work (?3) and the citing work's type
     * (?17) as the caller knows them (article.c: no merge since) */
    [SQL_S_INSERT_KNOWN] =
        S_INSERT "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                 " ?11, ?12, ?13, ?14, ?15, ?17, coalesce(?16, 0),"
                 " coalesce(?18, 0))",
    [SQL_S_FTS] = "INSERT INTO statements_fts(rowid, text) VALUES(?1, ?2)",
    [SQL_RP_WORK] = SQL_SELECT(RP_WORK_COLS) " FROM works WHERE id = ?1",
    [SQL_RP_AUTHORS] =
        STORE_AUTHOR_SQL " FROM authors WHERE work = ?1 ORDER BY pos",
    [SQL_RP_CITING] =
        "SELECT count(DISTINCT citing) FROM refs WHERE cited = ?1",
    [SQL_RP_TALLIES] =
        SQL_SELECT(RP_TALLY_COLS) " FROM statements"
                                  " WHERE cited = ?1 GROUP BY type",
    [SQL_RP_SECTIONS] = "SELECT section_class, count(*) FROM statements"
                        " WHERE cited = ?1 GROUP BY section_class",
    [SQL_RP_YEARS] = "SELECT year, count(*) FROM statements WHERE cited = ?1"
                     " AND year IS NOT NULL GROUP BY year ORDER BY year",
    [SQL_RP_NREFS] = SQL_SELECT(RP_COUNT_COLS) " FROM refs WHERE citing = ?1",
    [SQL_RP_REFS] = SQL_SELECT(
        RP_REF_COLS) " FROM refs r LEFT JOIN works w ON w.id = r.cited"
                     " WHERE r.citing = ?1 ORDER BY r.pos",
    [SQL_RP_TOP] =
        SQL_SELECT(RP_TOP_COLS) " FROM (SELECT cited, count(DISTINCT citing) "
                                "AS n FROM refs"
                                " WHERE cited IS NOT NULL GROUP BY cited ORDER "
                                "BY n DESC, cited"
                                " LIMIT ?1) AS t JOIN works w ON w.id = t.cited"
                                " ORDER BY t.n DESC, w.id",
    [SQL_CK_ORPHAN_STMTS] =
        "SELECT count(*) FROM statements s WHERE NOT EXISTS"
        " (SELECT 1 FROM refs r WHERE r.id = s.ref AND r.citing = s.citing)"
        " OR NOT EXISTS (SELECT 1 FROM works w WHERE w.id = s.citing"
        " AND w.indexed = 1) OR (s.cited IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM works w WHERE w.id = s.cited))"
        " OR s.cited IS NOT (SELECT cited FROM refs r WHERE r.id = s.ref)"
        " OR s.pubtype IS NOT (SELECT pubtype FROM works w"
        " WHERE w.id = s.citing)",
    [SQL_CK_FTS_COUNT] = SQL_SELECT(CK_FTS_COLS),
    /* a statement after a run's lead: the statement before it is its
     * run's previous one (so the lead is there, in the same article),
     * and it holds no text of its own */
    [SQL_CK_BAD_CTX] =
        "SELECT count(*) FROM statements s WHERE s.ctx NOT BETWEEN 0 AND 63"
        " OR (s.ctx > 0 AND (s.text <> '' OR NOT EXISTS (SELECT 1"
        " FROM statements m WHERE m.id = s.id - 1 AND m.citing = s.citing"
        " AND m.ctx = s.ctx - 1)))"
        /* and a statement after its sentence's first (sctx > 0) is in
         * its run and right after the previous one of its sentence, a
         * first one (sctx 0) inside a run starts another sentence */
        " OR s.sctx NOT BETWEEN 0 AND s.ctx OR (s.sctx > 0 AND NOT EXISTS"
        " (SELECT 1 FROM statements m WHERE m.id = s.id - 1"
        " AND m.sctx = s.sctx - 1 AND m.sent_start = s.sent_start))"
        " OR (s.sctx = 0 AND s.ctx > 0 AND EXISTS (SELECT 1 FROM"
        " statements m WHERE m.id = s.id - 1"
        " AND m.sent_start = s.sent_start))",
    [SQL_CK_BAD_OFFSETS] =
        "SELECT count(*) FROM statements s WHERE sent_start < 0 OR"
        " sent_end <= sent_start OR"
        " sent_end > length(CAST(" ST_TEXT(
            "s") " AS BLOB))"
                 " OR section_class NOT BETWEEN 0 AND 4 OR type NOT BETWEEN 0 "
                 "AND 3"
                 " OR confidence NOT BETWEEN 0 AND 1",
    [SQL_CK_DUP_IDS] =
        "SELECT count(*) FROM refs r WHERE r.cited IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM works w WHERE w.id = r.cited)",
    [SQL_Q_ROW] =
        Q_COLS " FROM statements s JOIN works cw ON cw.id = s.citing"
               " LEFT JOIN works dw ON dw.id = s.cited WHERE s.id = ?1",
    /* \x01 and \x02 never occur in text read from XML (XML 1.0 forbids
     * them), so they mark the matched phrases unambiguously. */
    [SQL_Q_HIGHLIGHT] = "SELECT highlight(statements_fts, 0, char(1), char(2))"
                        " FROM statements_fts WHERE statements_fts MATCH ?1"
                        " AND rowid = (SELECT id - ctx FROM statements"
                        " WHERE id = ?2)",
    /* query.c: every statement of the citing sentence whose first
     * statement is ?1 (migration 14), with its work or its reference */
    [SQL_Q_SENTENCE] = STORE_CITE_SQL " FROM statements s"
                                      " LEFT JOIN works w ON w.id = s.cited"
                                      " LEFT JOIN refs r ON r.id = s.ref"
                                      " WHERE s.id BETWEEN ?1 AND ?1 + 63"
                                      " AND s.id - s.sctx = ?1 ORDER BY s.id",
    [SQL_N_INSERT] = "INSERT OR REPLACE INTO notices(notice, pos, kind,"
                     " relation, concerned) VALUES(?1, ?2, ?3, ?4, ?5)",
    [SQL_N_DELETE] = "DELETE FROM notices WHERE notice = ?1",
    [SQL_W_MOVE_NOTICES] = "UPDATE OR REPLACE notices SET notice = ?1"
                           " WHERE notice = ?2",
    [SQL_W_MOVE_NOTICES_CONCERNED] = "UPDATE notices SET concerned = ?1"
                                     " WHERE concerned = ?2",
    [SQL_RP_NOTICES] =
        SQL_SELECT(RP_NOTICE_COLS) " FROM notices n"
                                   " JOIN works w ON w.id = n.notice WHERE "
                                   "n.concerned = ?1"
                                   " ORDER BY w.year, w.id, n.pos",
    [SQL_RP_NOTICE_OF] =
        SQL_SELECT(RP_NOTICE_COLS) " FROM notices n"
                                   " JOIN works w ON w.id = n.concerned WHERE "
                                   "n.notice = ?1"
                                   " ORDER BY n.pos",
    /* Co-citation over the ?2 newest citing works (a bound, so that a
     * work cited 10,000 times costs as much as one cited 100 times). */
    [SQL_RP_COCITED] = SQL_SELECT(
        RP_RELATED_COLS) " FROM"
                         " (SELECT r.cited AS cited, count(DISTINCT r.citing) "
                         "AS n FROM"
                         " (SELECT DISTINCT citing FROM refs WHERE cited = ?1"
                         " ORDER BY citing DESC LIMIT ?2) AS c"
                         " JOIN refs r ON r.citing = c.citing WHERE r.cited IS "
                         "NOT NULL"
                         " AND r.cited <> ?1 GROUP BY r.cited ORDER BY n DESC, "
                         "r.cited"
                         " LIMIT ?3) AS t JOIN works w ON w.id = t.cited ORDER "
                         "BY t.n DESC, w.id",
    /* Bibliographic coupling: works whose references overlap ours, each
     * shared reference looked up in at most ?2 of its citers. */
    [SQL_RP_COUPLED] =
        SQL_SELECT(RP_RELATED_COLS) " FROM"
                                    " (SELECT x.citing AS citing, "
                                    "count(DISTINCT x.cited) AS n"
                                    " FROM refs r JOIN refs x ON x.id IN "
                                    "(SELECT y.id FROM refs y"
                                    " WHERE y.cited = r.cited ORDER BY "
                                    "y.citing DESC LIMIT ?2)"
                                    " WHERE r.citing = ?1 AND r.cited IS NOT "
                                    "NULL AND x.citing <> ?1"
                                    " GROUP BY x.citing ORDER BY n DESC, "
                                    "x.citing LIMIT ?3) AS t"
                                    " JOIN works w ON w.id = t.citing ORDER BY "
                                    "t.n DESC, w.id",
    /* The statements a summary is drawn from: the ?2 newest, chosen by
     * walking the covering index backwards (no sort, early stop; ties
     * within a year in index order), texts read for those only. */
    [SQL_RP_SUMMARY] = SQL_SELECT(
        RP_SUMMARY_COLS) " FROM statements s JOIN works w ON w.id = s.citing"
                         " WHERE s.id IN (SELECT id FROM statements INDEXED BY "
                         "st_cited"
                         " WHERE cited = ?1 ORDER BY year DESC LIMIT ?2) ORDER "
                         "BY s.id",
    [SQL_SY_SOURCES] =
        "SELECT " STORE_COLS(STORE_SY_ID_COLS) " FROM statements ORDER BY id",
    [SQL_SY_SOURCE] = "SELECT " STORE_COLS(
        STORE_SY_SOURCE_COLS) " FROM statements s WHERE id = ?1",
    [SQL_SY_BY_POPULARITY] =
        "SELECT " STORE_COLS(STORE_SY_WORK_COLS) " FROM works w LEFT JOIN "
                                                 "(SELECT cited, count(*) AS n"
                                                 " FROM refs WHERE cited IS "
                                                 "NOT NULL GROUP BY cited) c"
                                                 " ON c.cited = w.id ORDER BY "
                                                 "coalesce(c.n, 0) DESC, w.id",
    /* reclassify: statements in id order, one batch after id ?1 */
    [SQL_S_TO_CLASSIFY] = "SELECT " STORE_COLS(
        STORE_S_CLASSIFY_COLS) " FROM statements s"
                               " WHERE id > ?1 ORDER BY id LIMIT ?2",
    [SQL_S_SILVER_POOL] = "SELECT " STORE_COLS(
        STORE_S_SILVER_COLS) " FROM statements s JOIN works w ON w.id = "
                             "s.citing"
                             " WHERE s.id > ?1 AND w.pmcid IS NOT NULL"
                             " ORDER BY s.id LIMIT ?2",
    [SQL_S_SET_TYPE] = "UPDATE statements SET type = ?2, confidence = ?3,"
                       " model = ?4 WHERE id = ?1",
    [SQL_AL_GET] = "SELECT " STORE_COLS(
        STORE_ALIAS_WORK_COLS) " FROM aliases WHERE xid = ?1",
    [SQL_AL_PUT] = "INSERT INTO aliases(xid, work, version) VALUES(?1, ?2, ?3)"
                   " ON CONFLICT(xid) DO UPDATE SET"
                   " version = coalesce(version, excluded.version)",
    [SQL_AL_MOVE] = "UPDATE aliases SET work = ?1 WHERE work = ?2",
    /* a merge keeps the people's ratings and follows of the work merged
     * away: moved to the work kept, unless the same person rated or
     * follows that one too (then the kept work's row stays) */
    [SQL_RT_MOVE] = "UPDATE OR IGNORE ratings SET work = ?1 WHERE work = ?2",
    [SQL_RT_DROP] = "DELETE FROM ratings WHERE work = ?2",
    [SQL_FO_MOVE] = "UPDATE OR IGNORE follows SET work = ?1 WHERE work = ?2",
    [SQL_FO_DROP] = "DELETE FROM follows WHERE work = ?2",
    [SQL_AL_OF] = SQL_SELECT(AL_OF_COLS) " FROM aliases WHERE work = ?1"
                                         " ORDER BY xid",
    [SQL_LR_INSERT] =
        "INSERT INTO linkrec(work, ref, citing, title, surname,"
        " year, volume, fpage, journal, tkey, akey, pkey)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    /* Candidates of a blocking: any record sharing one of the keys, one
     * index seek per key (?1 title + year known, ?5 title + year unknown,
     * ?2 author + year, ?3 volume + page; a key bound NULL reads
     * nothing).  A record can come twice and order is not kept: match.c
     * drops repeats and breaks ties by record id.  (One query OR-ing the
     * keys made SQLite collect and sort row ids first: 3.4 s of the
     * corpus's ingest.)  A title-block record more than a year apart can only
     * match with surname, volume and page all equal (match_score), and
     * then it shares the volume + page key: so the title block is read
     * only within the year's range (a seek in linkrec_ty, not a scan of
     * blocks like "Efficacy and safety of...", hundreds of records), all
     * of it only when the reference has no year. */
    [SQL_LR_CANDS] = LR_CAND_COLS
    " WHERE l.tkey = ?1"
    " AND l.year BETWEEN ?4 - 1 AND ?4 + 1"
    " UNION ALL " LR_CAND_COLS " WHERE l.tkey = ?1 AND l.year IS NULL"
    " UNION ALL " LR_CAND_COLS " WHERE l.tkey = ?5"
    " UNION ALL " LR_CAND_COLS " WHERE l.akey = ?2"
    " UNION ALL " LR_CAND_COLS " WHERE l.pkey = ?3",
    /* every blocking key held (match.c builds its filter from them) */
    [SQL_LR_KEYS] = "SELECT " STORE_COLS(STORE_LR_KEY_COLS) " FROM linkrec",
    [SQL_LR_MAXID] = "SELECT " STORE_COLS(STORE_LR_MAX_COLS) " FROM linkrec",
    [SQL_LR_MOVE] = "UPDATE linkrec SET work = ?1 WHERE work = ?2",
    [SQL_LR_DEL_CITING] = "DELETE FROM linkrec WHERE citing = ?1",
    [SQL_LR_MOVE_CITING] = "UPDATE linkrec SET citing = ?1 WHERE citing = ?2",
    [SQL_S_JSELF] = "UPDATE statements SET jself = 1 WHERE id = ?1",
    [SQL_S_FTS_ROW] = "INSERT INTO statements_fts(rowid, text)"
                      " SELECT id, text FROM statements"
                      " WHERE id BETWEEN ?1 AND ?2 AND ctx = 0 ORDER BY id",
    [SQL_A_FILL_META] =
        "UPDATE works SET title = coalesce(title, ?2),"
        " year = coalesce(year, ?3), journal = coalesce(journal, ?4),"
        " pubdate = coalesce(pubdate, ?5), abstract = coalesce(abstract, ?6),"
        " license = coalesce(license, ?7),"
        " ref_authors = coalesce(ref_authors, ?8) WHERE id = ?1",
    [SQL_A_FILL_YEAR] = "UPDATE statements SET year = ?2 WHERE citing = ?1"
                        " AND year IS NULL",
    [SQL_LE_REFS] = "SELECT " STORE_COLS(
        STORE_LE_REFS_COLS) " FROM refs r WHERE (r.doi IS NOT NULL OR r.pmid "
                            "IS NOT NULL)"
                            " AND r.cited IS NOT NULL ORDER BY r.id",
    [SQL_LE_REF] =
        "SELECT " STORE_COLS(STORE_LE_REF_COLS) " FROM refs r WHERE r.id = ?1",
    [SQL_LE_MENTIONS] =
        "SELECT " STORE_COLS(STORE_LE_COUNT_COLS) " FROM refs WHERE cited = ?1",
    [SQL_U_INSERT] = "INSERT INTO users(name, pwhash, created)"
                     " VALUES(?1, ?2, ?3)",
    [SQL_U_BY_NAME] = STORE_SU_ACCOUNT_SQL " FROM users WHERE name = ?1",
    [SQL_U_FAILURES] = STORE_SU_FAILURES_SQL,
    [SQL_U_FAIL_ADD] = "INSERT INTO login_failures(name, client, at)"
                       " VALUES(?1, ?2, ?3)",
    [SQL_U_FAIL_CLEAR] = "DELETE FROM login_failures WHERE (name = ?1"
                         " AND client = ?3) OR at < ?2",
    [SQL_T_INSERT] = "INSERT INTO tokens(user, hash, label, created, expires)"
                     " VALUES(?1, ?2, ?3, ?4, ?5)",
    [SQL_T_USER] = STORE_SU_USER_SQL
    " FROM tokens t JOIN users u"
    " ON u.id = t.user WHERE t.hash = ?1 AND t.expires > ?2",
    [SQL_T_LIST] =
        STORE_SU_TOKEN_SQL " FROM tokens"
                           " WHERE user = ?1 AND expires > ?2 ORDER BY id",
    /* the user's expired tokens, and all but the newest ?3 */
    [SQL_T_TRIM] = "DELETE FROM tokens WHERE user = ?1 AND (expires <= ?2"
                   " OR id NOT IN (SELECT id FROM tokens WHERE user = ?1"
                   " ORDER BY id DESC LIMIT ?3))",
    [SQL_U_SIGNUPS] = STORE_SU_SIGNUPS_SQL " FROM signups"
                                           " WHERE client = ?1 AND at > ?2",
    [SQL_U_SIGNUP_ADD] = "INSERT INTO signups(client, at) VALUES(?1, ?2)",
    [SQL_U_SIGNUP_PRUNE] = "DELETE FROM signups WHERE at <= ?1",
    [SQL_FK_PUT] = "INSERT INTO feed_keys(user, hash, created)"
                   " VALUES(?1, ?2, ?3) ON CONFLICT(user) DO UPDATE"
                   " SET hash = ?2, created = ?3",
    [SQL_FK_DELETE] = "DELETE FROM feed_keys WHERE user = ?1",
    [SQL_FK_USER] = STORE_SU_USER_SQL " FROM feed_keys f JOIN users u"
                                      " ON u.id = f.user WHERE f.hash = ?1",
    [SQL_FK_CREATED] = STORE_SU_FK_SQL " FROM feed_keys WHERE user = ?1",
    [SQL_RT_OF_USER] =
        STORE_SU_RATED_SQL " FROM ratings r JOIN works w ON w.id = r.work"
                           " WHERE r.user = ?1 ORDER BY r.updated DESC, w.id"
                           " LIMIT ?2",
    [SQL_FL_OF_USER] = STORE_SU_MYFLAGS_SQL
    " FROM flags f JOIN statements s ON s.id = f.statement"
    " LEFT JOIN works w ON w.id = s.cited WHERE f.user = "
    "?1"
    " ORDER BY f.created DESC, f.id DESC LIMIT ?2",
    [SQL_T_DELETE] = "DELETE FROM tokens WHERE user = ?1 AND (id = ?2"
                     " OR hash = ?3)",
    [SQL_RT_UPSERT] = "INSERT INTO ratings(user, work, overall, novelty,"
                      " significance, rigour, updated)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                      " ON CONFLICT(work, user) DO UPDATE SET"
                      " overall = ?3, novelty = ?4, significance = ?5,"
                      " rigour = ?6, updated = ?7",
    [SQL_RT_DELETE] = "DELETE FROM ratings WHERE user = ?1 AND work = ?2",
    [SQL_RT_STATS] = STORE_SU_STATS_SQL " FROM ratings"
                                        " WHERE work = ?1",
    [SQL_RT_MINE] = STORE_SU_MINE_SQL " FROM"
                                      " ratings WHERE work = ?1 AND user = ?2",
    [SQL_FL_UPSERT] = "INSERT INTO flags(user, statement, label, comment,"
                      " created) SELECT ?1, id, ?3, ?4, ?5 FROM statements"
                      " WHERE id = ?2 ON CONFLICT(statement, user) DO UPDATE"
                      " SET label = ?3, comment = ?4, created = ?5"
                      " RETURNING id",
    [SQL_FL_DELETE] = "DELETE FROM flags WHERE user = ?1 AND id = ?2",
    [SQL_FL_LIST] =
        STORE_SU_FLAGS_SQL " FROM flags f JOIN users u ON u.id = f.user"
                           " WHERE f.statement = ?1 OR f.statement IN"
                           " (SELECT id FROM statements WHERE cited = ?2)"
                           " ORDER BY f.statement, f.id",
    [SQL_FO_INSERT] = "INSERT INTO follows(user, work, since, created)"
                      " SELECT ?1, ?2, coalesce(max(id), 0), ?3 FROM statements"
                      " WHERE true ON CONFLICT(user, work) DO NOTHING",
    [SQL_FO_DELETE] = "DELETE FROM follows WHERE user = ?1 AND work = ?2",
    [SQL_FO_LIST] =
        STORE_SU_FOLLOWS_SQL " FROM follows f JOIN works w ON w.id = f.work"
                             " WHERE f.user = ?1 AND (?2 = 0 OR f.work = ?2)"
                             " ORDER BY f.created, w.id",
    [SQL_FO_FEED] =
        STORE_SU_FEED_SQL " FROM follows f"
                          " JOIN statements s ON s.cited = f.work AND s.id > "
                          "f.since"
                          " JOIN works cw ON cw.id = s.citing"
                          " JOIN works dw ON dw.id = s.cited"
                          " WHERE f.user = ?1 ORDER BY s.id DESC LIMIT ?2",
    [SQL_READ_BEGIN] = "BEGIN",
    [SQL_READ_END] = "COMMIT",
    /* export.c: the record a citation is made of */
    [SQL_X_WORK] = STORE_RECORD_SQL " FROM works WHERE id = ?1",
    /* fcol.c: the search cache, read in id order from the narrow index */
    [SQL_FC_MAXID] = "SELECT coalesce(max(id), 0) FROM statements",
    [SQL_FC_ROWS] = STORE_FACET_SQL " FROM statements INDEXED BY st_by_lead"
                                    " ORDER BY lead, id",
    [SQL_FC_DOCSIZE] = "SELECT id, sz FROM statements_fts_docsize",
    [SQL_FC_VERSION] = "PRAGMA data_version",
    /* spans.c: the matches of ?1 among the statements with ids in
     * [?2, ?3] that are in the JSON array ?4, highlighted (see
     * SQL_Q_HIGHLIGHT): the leads' matches in [?2 - 63, ?3], each joined
     * to its run's statements; the unary + keeps the id list from being
     * a constraint (one seek per id) */
    [SQL_Q_SPANS] = STORE_SPAN_SQL
    " FROM statements_fts JOIN statements s"
    " ON s.lead = statements_fts.rowid WHERE statements_fts MATCH ?1"
    " AND statements_fts.rowid BETWEEN ?2 - 63 AND ?3 AND +s.id"
    " IN (SELECT value FROM json_each(?4))",
    /* works_fts in step (migrations 10, 12): the works the triggers named
     * since the last sync leave the index (their old text, from
     * works_text) and works_text, and come back as they are now; every
     * join starts from the dirty ids (CROSS JOIN: the planner would scan
     * works otherwise) */
    [SQL_WF_SYNC_DEL] =
        "INSERT INTO works_fts(works_fts, rowid, title,"
        " authors, journal, keywords) SELECT 'delete', t.id,"
        " t.title, t.authors, t.journal, t.keywords FROM"
        " works_fts_dirty d CROSS JOIN works_text t ON t.id = d.id",
    [SQL_WF_SYNC_TEXT_DEL] = "DELETE FROM works_text WHERE id IN"
                             " (SELECT id FROM works_fts_dirty)",
    [SQL_WF_SYNC_TEXT_ADD] =
        "INSERT INTO works_text(id, title, authors,"
        " journal, keywords) SELECT w.id, w.title, " WF_AUTHORS(
            "w") ", w.journal, w.keywords FROM"
                 " works_fts_dirty d CROSS JOIN works w ON w.id = d.id"
                 " WHERE w.title <> '' ORDER BY w.id",
    [SQL_WF_SYNC_ADD] = "INSERT INTO works_fts(rowid, title, authors,"
                        " journal, keywords) SELECT t.id, t.title, t.authors,"
                        " t.journal, t.keywords FROM works_fts_dirty d"
                        " CROSS JOIN works_text t ON t.id = d.id ORDER BY t.id",
    [SQL_WF_SYNC_CLEAR] = "DELETE FROM works_fts_dirty",
    [SQL_WF_DIRTY] = "SELECT EXISTS (SELECT 1 FROM works_fts_dirty)",
    /* find.c: the works a safe FTS5 query ?1 matches, best bm25 first,
     * at most ?3, with whether each also matches the phrase query ?4
     * (NULL: the same query); SQL_WF_MATCH_YEAR those published in year
     * ?2.  The inner query ranks and cuts first, so citing publications
     * and authors are read for the ?3 kept only ("trial" matches 12,606
     * works of the corpus). */
    [SQL_WF_MATCH] = WF_MATCH(""),
    [SQL_WF_MATCH_YEAR] = WF_MATCH(" JOIN works y ON y.id = works_fts.rowid"
                                   " AND y.year = ?2"),
    [SQL_WF_COUNT] = "SELECT count(*) FROM works_fts JOIN works w"
                     " ON w.id = works_fts.rowid WHERE works_fts MATCH ?1"
                     " AND (?2 IS NULL OR w.year = ?2)",
    /* the same columns for one work an identifier named */
    [SQL_WF_ONE] = WF_COLS ", " WF_AUTHORS("w") ", 0.0, 0 FROM works w"
                                                " WHERE w.id = ?1",
    /* check: the works index's counts (schema_report.h) */
    [SQL_CK_WORKS_FTS] = SQL_SELECT(CK_WORKS_FTS_COLS),
    /* linkeval.c: the brief of a work named in an example */
    [SQL_LE_WORK] =
        "SELECT " STORE_WB_SQL("w.id", "w") " FROM works w WHERE w.id = ?1",
};
