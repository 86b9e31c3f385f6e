/* store.c — the index database (see store.h). */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "store.h"

struct store_row {
	sqlite3_stmt *s;
	struct store *st;
	int owned; /* a dynamic query, finalized by store_query_free */
};

/* Statements inserted in the open transaction, not yet in the FTS:
 * ids[done..n) are queued; works[] are their citing works (consecutive
 * duplicates collapsed). */
/* statements queued for the full-text index before they are indexed */
#define FQ_FLUSH_AT 4096

struct fts_queue {
	int64_t *ids, *works;
	size_t n, cap, done, nworks, wcap;
};

struct store_rank;

/* CITECTX_SQL_PROFILE: time spent in each prepared statement, printed to
 * stderr when the handle closes (a developer's tool, see BENCHMARKS.md). */
#define PROF_SLOTS 512
struct sql_prof {
	char *sql[PROF_SLOTS];
	int64_t ns[PROF_SLOTS], n[PROF_SLOTS];
};

static int prof_cb(unsigned type, void *ctx, void *p, void *x)
{
	struct sql_prof *pf = ctx;
	const char *sql = sqlite3_sql(p);
	size_t h = 5381;

	if (type != SQLITE_TRACE_PROFILE || !sql)
		return 0;
	for (const char *c = sql; *c; c++)
		h = h * 33 + (unsigned char)*c;
	h %= PROF_SLOTS;
	for (size_t i = 0; i < PROF_SLOTS; i++, h = (h + 1) % PROF_SLOTS)
		if (!pf->sql[h] || !strcmp(pf->sql[h], sql)) {
			if (!pf->sql[h] && !(pf->sql[h] = strdup(sql)))
				return 0;
			pf->ns[h] += *(int64_t *)x;
			pf->n[h]++;
			break;
		}
	return 0;
}

static void prof_print(struct sql_prof *pf)
{
	for (;;) {
		int best = -1;

		for (int i = 0; i < PROF_SLOTS; i++)
			if (pf->sql[i] && (best < 0 || pf->ns[i] > pf->ns[best]))
				best = i;
		if (best < 0)
			break;
		fprintf(stderr, "%9.3f s %9lld  %.100s\n", pf->ns[best] / 1e9,
			(long long)pf->n[best], pf->sql[best]);
		free(pf->sql[best]);
		pf->sql[best] = NULL;
	}
}

struct store {
	sqlite3 *db;
	struct store_row rows[SQL__COUNT];
	struct fts_queue fq;
	struct sql_prof *prof;
	void *slot;
	void (*slot_free)(void *);
	int busy_ms; /* busy_poll's limit */
	uint64_t txns; /* write transactions begun (store_txn) */
	uint64_t merges; /* works merged through this handle */
	int wal_frames; /* the WAL's length after the last commit, when
			 * autocheckpoint is off (store_wal_frames) */
	struct store_rank *rank; /* ct_rank's state, owned by FTS5 (fcol.h) */
};

/* Ordered migrations: migrations[i] takes user_version i to i + 1. */
static const char *const migrations[] = {
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
};

#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

/* The context text of statement a (an alias of statements): a run's text
 * is stored on its lead only (migrations 8 and 9). */
#define ST_TEXT(a)                                                   \
	"(CASE WHEN " a ".ctx = 0 THEN " a ".text ELSE (SELECT x.text" \
	" FROM statements x WHERE x.id = " a ".id - " a ".ctx) END)"

/* The columns of one statement with its citing and cited works, in the
 * order query.c read_statement reads them. */
#define Q_COLS                                                                 \
	"SELECT s.id, s.citing, cw.doi, cw.pmid, cw.pmcid, cw.title, cw.year," \
	" s.cited, dw.doi, dw.pmid, dw.pmcid, dw.title, dw.year, s.section,"   \
	" s.section_class, s.type, s.confidence, s.self, " ST_TEXT("s") ","     \
	" s.sent_start, s.sent_end, s.marker, s.dups, s.pubtype, s.jself"

/* One block of SQL_LR_CANDS: a linking record and the identifiers of its
 * work. */
#define LR_CAND_COLS                                                        \
	"SELECT l.work, l.ref, l.title, l.surname, l.year, l.volume, l.fpage," \
	" w.doi, w.pmid, w.pmcid, w.indexed, l.id"                             \
	" FROM linkrec l JOIN works w ON w.id = l.work"

/* The statements s a full-text match f stands for: its lead's run
 * (migration 8).  The id range lets a match find its run by rowid; the
 * equality lets a statement find its match by rowid. */
#define ST_OF_LEAD                                                         \
	"s.id BETWEEN f.rowid AND f.rowid + 63 AND s.id - s.ctx = f.rowid"

static const char *const sql_text[SQL__COUNT] = {
	[SQL_W_BY_DOI] = "SELECT id FROM works WHERE doi = ?1",
	[SQL_W_BY_PMID] = "SELECT id FROM works WHERE pmid = ?1",
	[SQL_W_BY_PMCID] = "SELECT id FROM works WHERE pmcid = ?1",
	[SQL_W_BY_FP] = "SELECT id FROM works WHERE fp = ?1"
			" ORDER BY indexed DESC, id LIMIT 1",
	[SQL_W_BY_ID] = "SELECT id FROM works WHERE id = CAST(?1 AS INT)",
	[SQL_W_INSERT] = "INSERT INTO works(doi, pmid, pmcid, fp)"
			 " VALUES(?1, ?2, ?3, ?4)",
	/* a work first known from a reference, with what it says (as
	 * SQL_W_FILL would set) */
	[SQL_W_INSERT_FILLED] = "INSERT INTO works(doi, pmid, pmcid, fp, title,"
				" year, journal, volume, pages, ref_authors)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SQL_W_IDS] = "SELECT doi, pmid, pmcid, fp, indexed FROM works"
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
		" title = iif(g.indexed > k.indexed, g.title, coalesce(k.title, g.title)),"
		" year = iif(g.indexed > k.indexed, g.year, coalesce(k.year, g.year)),"
		" journal = iif(g.indexed > k.indexed, g.journal, coalesce(k.journal, g.journal)),"
		" publisher = iif(g.indexed > k.indexed, g.publisher, coalesce(k.publisher, g.publisher)),"
		" volume = iif(g.indexed > k.indexed, g.volume, coalesce(k.volume, g.volume)),"
		" issue = iif(g.indexed > k.indexed, g.issue, coalesce(k.issue, g.issue)),"
		" pages = iif(g.indexed > k.indexed, g.pages, coalesce(k.pages, g.pages)),"
		" pubtype = iif(g.indexed > k.indexed, g.pubtype, coalesce(k.pubtype, g.pubtype)),"
		" pubdate = iif(g.indexed > k.indexed, g.pubdate, coalesce(k.pubdate, g.pubdate)),"
		" keywords = iif(g.indexed > k.indexed, g.keywords, coalesce(k.keywords, g.keywords)),"
		" funding = iif(g.indexed > k.indexed, g.funding, coalesce(k.funding, g.funding)),"
		" abstract = iif(g.indexed > k.indexed, g.abstract, coalesce(k.abstract, g.abstract)),"
		" license = iif(g.indexed > k.indexed, g.license, coalesce(k.license, g.license)),"
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
	[SQL_W_FILL] = "UPDATE works SET title = coalesce(title, ?2),"
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
	[SQL_A_META] = "UPDATE works SET title = ?2, year = ?3, journal = ?4,"
		       " publisher = ?5, volume = ?6, issue = ?7, pages = ?8,"
		       " pubtype = ?9, pubdate = ?10, keywords = ?11, funding = ?12,"
		       " abstract = ?13, license = ?14, source = ?15, indexed = 1"
		       " WHERE id = ?1",
	[SQL_A_AUTHOR] = "INSERT INTO authors(work, pos, surname, given, orcid, aff)"
			 " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[SQL_A_DEL_FTS] = "INSERT INTO statements_fts(statements_fts, rowid, text)"
			  " SELECT 'delete', id, text FROM statements"
			  " WHERE citing = ?1 AND ctx = 0",
	[SQL_A_DEL_STMTS] = "DELETE FROM statements WHERE citing = ?1",
	[SQL_A_DEL_REFS] = "DELETE FROM refs WHERE citing = ?1",
	[SQL_R_INSERT] = "INSERT INTO refs(citing, pos, label, xml_id, raw, authors,"
			 " title, source, year, volume, fpage, doi, pmid, pmcid, cited)"
			 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
			 " ?13, ?14, ?15)",
	[SQL_S_INSERT] = "INSERT INTO statements(citing, ref, cited, section,"
			 " section_class, type, confidence, model, self, year, marker,"
			 " text, sent_start, sent_end, dups, pubtype, ctx) VALUES(?1,"
			 " ?2, (SELECT cited FROM refs WHERE id = ?2), ?4, ?5,"
			 " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			 " (SELECT pubtype FROM works WHERE id = ?1), coalesce(?16, 0))",
	/* the same, with the cited work (?3) and the citing work's type
	 * (?17) as the caller knows them (article.c: no merge since) */
	[SQL_S_INSERT_KNOWN] = "INSERT INTO statements(citing, ref, cited,"
			       " section, section_class, type, confidence, model,"
			       " self, year, marker, text, sent_start, sent_end,"
			       " dups, pubtype, ctx) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
			       " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17,"
			       " coalesce(?16, 0))",
	[SQL_S_FTS] = "INSERT INTO statements_fts(rowid, text) VALUES(?1, ?2)",
	[SQL_RP_WORK] = "SELECT id, doi, pmid, pmcid, title, year, journal,"
			" publisher, volume, issue, pages, pubtype, pubdate, keywords,"
			" funding, abstract, license, indexed, ref_authors"
			" FROM works WHERE id = ?1",
	[SQL_RP_AUTHORS] = "SELECT surname, given, orcid, aff FROM authors"
			   " WHERE work = ?1 ORDER BY pos",
	[SQL_RP_CITING] = "SELECT count(DISTINCT citing) FROM refs WHERE cited = ?1",
	[SQL_RP_TALLIES] = "SELECT type, count(*) FROM statements WHERE cited = ?1"
			   " GROUP BY type",
	[SQL_RP_SECTIONS] = "SELECT section_class, count(*) FROM statements"
			    " WHERE cited = ?1 GROUP BY section_class",
	[SQL_RP_YEARS] = "SELECT year, count(*) FROM statements WHERE cited = ?1"
			 " AND year IS NOT NULL GROUP BY year ORDER BY year",
	[SQL_RP_NREFS] = "SELECT count(*) FROM refs WHERE citing = ?1",
	[SQL_RP_REFS] = "SELECT r.pos, r.label, r.raw, r.cited, w.doi, w.pmid,"
			" w.pmcid, w.title, w.year, w.indexed,"
			" (SELECT count(DISTINCT citing) FROM refs x WHERE x.cited = r.cited)"
			" FROM refs r LEFT JOIN works w ON w.id = r.cited"
			" WHERE r.citing = ?1 ORDER BY r.pos",
	[SQL_RP_REF_TALLIES] = "SELECT type, count(*) FROM statements"
			       " WHERE cited = ?1 GROUP BY type",
	[SQL_RP_TOP] = "SELECT w.id, w.doi, w.pmid, w.pmcid, w.title, w.year,"
		       " t.n, (SELECT count(*) FROM statements s WHERE s.cited = w.id)"
		       " FROM (SELECT cited, count(DISTINCT citing) AS n FROM refs"
		       " WHERE cited IS NOT NULL GROUP BY cited ORDER BY n DESC, cited"
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
	[SQL_CK_FTS_COUNT] = "SELECT (SELECT count(*) FROM statement_texts),"
			     " (SELECT count(*) FROM statements_fts_docsize)",
	/* a statement after a run's lead: the statement before it is its
	 * run's previous one (so the lead is there, in the same article),
	 * and it holds no text of its own */
	[SQL_CK_BAD_CTX] =
		"SELECT count(*) FROM statements s WHERE s.ctx NOT BETWEEN 0 AND 63"
		" OR (s.ctx > 0 AND (s.text <> '' OR NOT EXISTS (SELECT 1"
		" FROM statements m WHERE m.id = s.id - 1 AND m.citing = s.citing"
		" AND m.ctx = s.ctx - 1)))",
	[SQL_CK_BAD_OFFSETS] =
		"SELECT count(*) FROM statements s WHERE sent_start < 0 OR"
		" sent_end <= sent_start OR"
		" sent_end > length(CAST(" ST_TEXT("s") " AS BLOB))"
		" OR section_class NOT BETWEEN 0 AND 4 OR type NOT BETWEEN 0 AND 3"
		" OR confidence NOT BETWEEN 0 AND 1",
	[SQL_CK_DUP_IDS] = "SELECT count(*) FROM refs r WHERE r.cited IS NOT NULL"
			   " AND NOT EXISTS (SELECT 1 FROM works w WHERE w.id = r.cited)",
	[SQL_Q_ROW] = Q_COLS " FROM statements s JOIN works cw ON cw.id = s.citing"
		      " LEFT JOIN works dw ON dw.id = s.cited WHERE s.id = ?1",
	/* \x01 and \x02 never occur in text read from XML (XML 1.0 forbids
	 * them), so they mark the matched phrases unambiguously. */
	[SQL_Q_HIGHLIGHT] = "SELECT highlight(statements_fts, 0, char(1), char(2))"
			    " FROM statements_fts WHERE statements_fts MATCH ?1"
			    " AND rowid = (SELECT id - ctx FROM statements"
			    " WHERE id = ?2)",
	[SQL_N_INSERT] = "INSERT OR REPLACE INTO notices(notice, pos, kind,"
			 " relation, concerned) VALUES(?1, ?2, ?3, ?4, ?5)",
	[SQL_N_DELETE] = "DELETE FROM notices WHERE notice = ?1",
	[SQL_W_MOVE_NOTICES] = "UPDATE OR REPLACE notices SET notice = ?1"
			       " WHERE notice = ?2",
	[SQL_W_MOVE_NOTICES_CONCERNED] = "UPDATE notices SET concerned = ?1"
					 " WHERE concerned = ?2",
	[SQL_RP_NOTICES] = "SELECT n.kind, n.relation, w.id, w.doi, w.pmid,"
			   " w.pmcid, w.title, w.year FROM notices n"
			   " JOIN works w ON w.id = n.notice WHERE n.concerned = ?1"
			   " ORDER BY w.year, w.id, n.pos",
	[SQL_RP_NOTICE_OF] = "SELECT n.kind, n.relation, w.id, w.doi, w.pmid,"
			     " w.pmcid, w.title, w.year FROM notices n"
			     " JOIN works w ON w.id = n.concerned WHERE n.notice = ?1"
			     " ORDER BY n.pos",
	/* Co-citation over the ?2 newest citing works (a bound, so that a
	 * work cited 10,000 times costs as much as one cited 100 times). */
	[SQL_RP_COCITED] =
		"SELECT w.id, w.doi, w.pmid, w.pmcid, w.title, w.year, t.n FROM"
		" (SELECT r.cited AS cited, count(DISTINCT r.citing) AS n FROM"
		" (SELECT DISTINCT citing FROM refs WHERE cited = ?1"
		" ORDER BY citing DESC LIMIT ?2) AS c"
		" JOIN refs r ON r.citing = c.citing WHERE r.cited IS NOT NULL"
		" AND r.cited <> ?1 GROUP BY r.cited ORDER BY n DESC, r.cited"
		" LIMIT ?3) AS t JOIN works w ON w.id = t.cited ORDER BY t.n DESC, w.id",
	/* Bibliographic coupling: works whose references overlap ours, each
	 * shared reference looked up in at most ?2 of its citers. */
	[SQL_RP_COUPLED] =
		"SELECT w.id, w.doi, w.pmid, w.pmcid, w.title, w.year, t.n FROM"
		" (SELECT x.citing AS citing, count(DISTINCT x.cited) AS n"
		" FROM refs r JOIN refs x ON x.id IN (SELECT y.id FROM refs y"
		" WHERE y.cited = r.cited ORDER BY y.citing DESC LIMIT ?2)"
		" WHERE r.citing = ?1 AND r.cited IS NOT NULL AND x.citing <> ?1"
		" GROUP BY x.citing ORDER BY n DESC, x.citing LIMIT ?3) AS t"
		" JOIN works w ON w.id = t.citing ORDER BY t.n DESC, w.id",
	/* The statements a summary is drawn from: the ?2 newest, chosen by
	 * walking the covering index backwards (no sort, early stop; ties
	 * within a year in index order), texts read for those only. */
	[SQL_RP_SUMMARY] =
		"SELECT s.id, s.type, s.confidence, s.section_class, " ST_TEXT("s") ","
		" s.sent_start, s.sent_end, s.citing, w.doi, w.pmid, w.pmcid,"
		" w.title, w.year FROM statements s JOIN works w ON w.id = s.citing"
		" WHERE s.id IN (SELECT id FROM statements INDEXED BY st_cited"
		" WHERE cited = ?1 ORDER BY year DESC LIMIT ?2) ORDER BY s.id",
	[SQL_SY_SOURCES] = "SELECT id FROM statements ORDER BY id",
	[SQL_SY_SOURCE] = "SELECT section, section_class, type, confidence, self,"
			  " marker, " ST_TEXT("s") ", sent_start, sent_end, dups"
			  " FROM statements s WHERE id = ?1",
	[SQL_SY_BY_POPULARITY] =
		"SELECT w.id FROM works w LEFT JOIN (SELECT cited, count(*) AS n"
		" FROM refs WHERE cited IS NOT NULL GROUP BY cited) c"
		" ON c.cited = w.id ORDER BY coalesce(c.n, 0) DESC, w.id",
	/* reclassify: statements in id order, one batch after id ?1 */
	[SQL_S_TO_CLASSIFY] = "SELECT id, " ST_TEXT("s") ", sent_start, sent_end,"
			      " marker, section_class FROM statements s"
			      " WHERE id > ?1 ORDER BY id LIMIT ?2",
	[SQL_S_SET_TYPE] = "UPDATE statements SET type = ?2, confidence = ?3,"
			   " model = ?4 WHERE id = ?1",
	[SQL_AL_GET] = "SELECT work FROM aliases WHERE xid = ?1",
	[SQL_AL_PUT] = "INSERT INTO aliases(xid, work, version) VALUES(?1, ?2, ?3)"
		       " ON CONFLICT(xid) DO UPDATE SET"
		       " version = coalesce(version, excluded.version)",
	[SQL_AL_MOVE] = "UPDATE aliases SET work = ?1 WHERE work = ?2",
	[SQL_AL_OF] = "SELECT xid, version FROM aliases WHERE work = ?1"
		      " ORDER BY xid",
	[SQL_LR_INSERT] = "INSERT INTO linkrec(work, ref, citing, title, surname,"
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
	[SQL_LR_CANDS] = LR_CAND_COLS " WHERE l.tkey = ?1"
			 " AND l.year BETWEEN ?4 - 1 AND ?4 + 1"
			 " UNION ALL " LR_CAND_COLS " WHERE l.tkey = ?1 AND l.year IS NULL"
			 " UNION ALL " LR_CAND_COLS " WHERE l.tkey = ?5"
			 " UNION ALL " LR_CAND_COLS " WHERE l.akey = ?2"
			 " UNION ALL " LR_CAND_COLS " WHERE l.pkey = ?3",
	/* every blocking key held (match.c builds its filter from them) */
	[SQL_LR_KEYS] = "SELECT tkey, akey, pkey FROM linkrec",
	[SQL_LR_MAXID] = "SELECT max(id) FROM linkrec",
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
	[SQL_LE_REFS] = "SELECT r.id, r.citing, r.cited FROM refs r WHERE (r.doi IS NOT NULL OR r.pmid IS NOT NULL)"
			" AND r.cited IS NOT NULL ORDER BY r.id",
	[SQL_LE_REF] = "SELECT r.id, r.citing, r.cited, r.title, r.authors, r.year,"
		       " r.volume, r.fpage, r.source, r.doi, r.pmid, r.raw"
		       " FROM refs r WHERE r.id = ?1",
	[SQL_LE_MENTIONS] = "SELECT count(*) FROM refs WHERE cited = ?1",
	[SQL_U_INSERT] = "INSERT INTO users(name, pwhash, created)"
			 " VALUES(?1, ?2, ?3)",
	[SQL_U_BY_NAME] = "SELECT id, name, pwhash FROM users WHERE name = ?1",
	[SQL_U_FAILURES] = "SELECT (SELECT count(*) FROM login_failures"
			   " WHERE name = ?1 AND at > ?3), (SELECT count(*) FROM"
			   " login_failures WHERE client = ?2 AND at > ?3)",
	[SQL_U_FAIL_ADD] = "INSERT INTO login_failures(name, client, at)"
			   " VALUES(?1, ?2, ?3)",
	[SQL_U_FAIL_CLEAR] = "DELETE FROM login_failures WHERE name = ?1"
			     " OR at < ?2",
	[SQL_T_INSERT] = "INSERT INTO tokens(user, hash, label, created)"
			 " VALUES(?1, ?2, ?3, ?4)",
	[SQL_T_USER] = "SELECT u.id, u.name FROM tokens t JOIN users u"
		       " ON u.id = t.user WHERE t.hash = ?1",
	[SQL_T_LIST] = "SELECT id, label, created FROM tokens WHERE user = ?1"
		       " ORDER BY id",
	[SQL_T_DELETE] = "DELETE FROM tokens WHERE user = ?1 AND (id = ?2"
			 " OR hash = ?3)",
	[SQL_RT_UPSERT] = "INSERT INTO ratings(user, work, overall, novelty,"
			  " significance, rigour, updated)"
			  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
			  " ON CONFLICT(work, user) DO UPDATE SET"
			  " overall = ?3, novelty = ?4, significance = ?5,"
			  " rigour = ?6, updated = ?7",
	[SQL_RT_DELETE] = "DELETE FROM ratings WHERE user = ?1 AND work = ?2",
	[SQL_RT_STATS] = "SELECT count(*), avg(overall), avg(novelty),"
			 " avg(significance), avg(rigour), count(novelty),"
			 " count(significance), count(rigour) FROM ratings"
			 " WHERE work = ?1",
	[SQL_RT_MINE] = "SELECT overall, novelty, significance, rigour FROM"
			" ratings WHERE work = ?1 AND user = ?2",
	[SQL_FL_UPSERT] = "INSERT INTO flags(user, statement, label, comment,"
			  " created) SELECT ?1, id, ?3, ?4, ?5 FROM statements"
			  " WHERE id = ?2 ON CONFLICT(statement, user) DO UPDATE"
			  " SET label = ?3, comment = ?4, created = ?5"
			  " RETURNING id",
	[SQL_FL_DELETE] = "DELETE FROM flags WHERE user = ?1 AND id = ?2",
	[SQL_FL_LIST] = "SELECT f.id, f.statement, u.name, f.label, f.comment,"
			" f.created FROM flags f JOIN users u ON u.id = f.user"
			" WHERE f.statement = ?1 OR f.statement IN"
			" (SELECT id FROM statements WHERE cited = ?2)"
			" ORDER BY f.statement, f.id",
	[SQL_FO_INSERT] = "INSERT INTO follows(user, work, since, created)"
			  " SELECT ?1, ?2, coalesce(max(id), 0), ?3 FROM statements"
			  " WHERE true ON CONFLICT(user, work) DO NOTHING",
	[SQL_FO_DELETE] = "DELETE FROM follows WHERE user = ?1 AND work = ?2",
	[SQL_FO_LIST] = "SELECT w.id, w.doi, w.pmid, w.pmcid, w.title, w.year,"
			" f.created FROM follows f JOIN works w ON w.id = f.work"
			" WHERE f.user = ?1 AND (?2 = 0 OR f.work = ?2)"
			" ORDER BY f.created, w.id",
	[SQL_FO_FEED] = "SELECT s.id, s.type, s.confidence, s.section_class, "
			ST_TEXT("s") ", s.sent_start, s.sent_end, cw.doi, cw.pmid,"
			" cw.pmcid, cw.title, cw.year, dw.doi, dw.pmid, dw.pmcid,"
			" dw.title, dw.id, cw.id FROM follows f"
			" JOIN statements s ON s.cited = f.work AND s.id > f.since"
			" JOIN works cw ON cw.id = s.citing"
			" JOIN works dw ON dw.id = s.cited"
			" WHERE f.user = ?1 ORDER BY s.id DESC LIMIT ?2",
	[SQL_READ_BEGIN] = "BEGIN",
	[SQL_READ_END] = "COMMIT",
	/* export.c: the record a citation is made of */
	[SQL_X_WORK] = "SELECT doi, pmid, pmcid, title, year, journal, publisher,"
		       " volume, issue, pages, pubtype, pubdate, ref_authors"
		       " FROM works WHERE id = ?1",
	/* fcol.c: the search cache, read in id order from the narrow index */
	[SQL_FC_MAXID] = "SELECT coalesce(max(id), 0) FROM statements",
	[SQL_FC_ROWS] = "SELECT id, type, section_class, year, self, confidence,"
			" pubtype, jself, ctx FROM statements INDEXED BY st_by_id"
			" ORDER BY id",
	[SQL_FC_DOCSIZE] = "SELECT id, sz FROM statements_fts_docsize",
	[SQL_FC_VERSION] = "PRAGMA data_version",
	/* spans.c: the matches of ?1 among the statements with ids in
	 * [?2, ?3] that are in the JSON array ?4, highlighted (see
	 * SQL_Q_HIGHLIGHT): the leads' matches in [?2 - 63, ?3], each joined
	 * to its run's statements; the unary + keeps the id list from being
	 * a constraint (one seek per id) */
	[SQL_Q_SPANS] = "SELECT s.id, highlight(statements_fts, 0, char(1),"
			" char(2)) FROM statements_fts JOIN statements s"
			" ON s.id BETWEEN statements_fts.rowid AND"
			" statements_fts.rowid + 63 AND s.id - s.ctx ="
			" statements_fts.rowid WHERE statements_fts MATCH ?1"
			" AND statements_fts.rowid BETWEEN ?2 - 63 AND ?3 AND +s.id"
			" IN (SELECT value FROM json_each(?4))",
};

static int store_exec_sql(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0
									: CT_EDB;
}

static int store_migrate(struct store *st, struct ct_error *err,
			 const char *path)
{
	sqlite3_stmt *s;
	int v = 0, rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
		return err_set(err, CT_EDB, "%s: %s", path, sqlite3_errmsg(st->db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (v > (int)NMIGRATIONS)
		return err_set(err, CT_ESCHEMA, "%s: schema version %d is newer "
			       "than this program's %d", path, v, (int)NMIGRATIONS);
	for (; v < (int)NMIGRATIONS && !rc; v++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		rc = store_exec_sql(st, "BEGIN IMMEDIATE");
		if (!rc)
			rc = store_exec_sql(st, migrations[v]);
		if (!rc)
			rc = store_exec_sql(st, pragma);
		if (!rc)
			rc = store_exec_sql(st, "COMMIT");
		if (rc) {
			err_set(err, CT_EDB, "%s: migration %d: %s", path, v + 1,
				sqlite3_errmsg(st->db));
			store_exec_sql(st, "ROLLBACK");
		}
	}
	return rc;
}

/* Statements are prepared on first use, so that a read-only handle on an
 * index of an older schema (tables of later migrations missing) still
 * runs every statement that does not need them. */
static int store_prepare(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	r->st = st;
	if (r->s)
		return 0;
	return sqlite3_prepare_v3(st->db, sql_text[k], -1,
				  SQLITE_PREPARE_PERSISTENT, &r->s, NULL)
		       ? CT_EDB
		       : 0;
}

/* Waiting for another connection's write lock: poll every millisecond
 * for up to STORE_BUSY_MS.  SQLite's own busy timeout sleeps ever longer
 * (100 ms at the end) and so almost never sees the short gap an ingest
 * leaves between two batches (see ingest.c, BATCH_GAP_MS): a user's
 * write through the server waited seconds. */
#define STORE_BUSY_MS 10000

static int busy_poll(void *ctx, int tries)
{
	struct timespec ms = {0, 1000000};

	if (tries >= *(const int *)ctx)
		return 0;
	nanosleep(&ms, NULL);
	return 1;
}

/* The writer's page cache: 160 MB of 4 KB pages (PRAGMA cache_size). */
#define CACHE_KB 163840
#define CACHE_PAGE 4096

/* Once per process, before SQLite initialises: no memory statistics (they
 * take a global mutex at every allocation; citectx never reads them).  In
 * a process that writes much (store_bulk_process: ingest), also the page
 * caches of all its connections in one mapping of CACHE_KB, backed by 2 MB
 * pages where the kernel allows (madvise; Linux's default "madvise" mode):
 * the writer walks b-tree pages all over its cache, and with 4 KB pages
 * the store thread ran at a quarter of the reader's instructions per
 * cycle (docs/BENCHMARKS.md).  SQLite links every slot of the mapping at
 * once, so it is all resident from the start: a one-shot reader must not
 * pay for it (report: 20 -> 57 ms a process).  When it is full SQLite
 * recycles cached pages rather than allocate more; a page that does not
 * fit a slot is malloc'ed. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static int bulk_process;

void store_bulk_process(void)
{
	bulk_process = 1;
}

static void sqlite_setup(void)
{
	int hdr = 0;
	size_t line, n = (size_t)CACHE_KB * 1024 / CACHE_PAGE, len;
	void *p;

	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!bulk_process ||
	    sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
		return;
	line = (CACHE_PAGE + (size_t)hdr + 7) & ~(size_t)7;
	len = line * n;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE);
#endif
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, p, (int)line, (int)n) !=
	    SQLITE_OK)
		munmap(p, len);
}

int store_open(const char *path, int readonly, struct store **out,
	       struct ct_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	int flags = readonly ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = 0;

	*out = NULL;
	if (!st)
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
	pthread_once(&sqlite_once, sqlite_setup);
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL)) {
		rc = err_set(err, CT_EDB, "%s: cannot open index: %s", path,
			     st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* Small allocations (cursors, records, expression values) from the
	 * connection's own slots: 1 MB instead of SQLite's default 120 KB
	 * (with the statistics off, 1-2 s of the writer's 31 s in one run
	 * each: within the run-to-run spread, BENCHMARKS.md).  A no-op where
	 * SQLite is built without lookaside (Debian's: OMIT_LOOKASIDE). */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 512, 2000);
	st->busy_ms = STORE_BUSY_MS;
	sqlite3_busy_handler(st->db, busy_poll, &st->busy_ms);
	if (getenv("CITECTX_SQL_PROFILE") && (st->prof = calloc(1, sizeof(*st->prof))))
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, prof_cb, st->prof);
	/* WAL: readers never block the writer; synchronous=NORMAL keeps every
	 * committed transaction across a process crash (only power loss may
	 * lose the last ones, never consistency). */
	if (!readonly &&
	    store_exec_sql(st, "PRAGMA journal_mode = WAL;"
			       "PRAGMA synchronous = NORMAL;")) {
		rc = err_set(err, CT_EDB, "%s: not an index: %s", path,
			     sqlite3_errmsg(st->db));
		goto out;
	}
	{
		char pragmas[160];

		snprintf(pragmas, sizeof(pragmas),
			 "PRAGMA cache_size = -%d; PRAGMA temp_store = MEMORY;"
			 " PRAGMA wal_autocheckpoint = %d;", CACHE_KB,
			 STORE_WAL_PAGES);
		store_exec_sql(st, pragmas);
	}
	/* Reads through a memory map: a facet scan touches tens of thousands
	 * of index pages, and a read() per page costs more than the scan.
	 * Only for readers: a writer (ingest) gains nothing from it, and the
	 * mapped pages it touches would count in its resident memory. */
	if (readonly)
		store_exec_sql(st, "PRAGMA mmap_size = 2147418112;");
	rc = readonly ? 0 : store_migrate(st, err, path);
	/* a file that is not an index fails here rather than on first use */
	if (!rc && store_prepare(st, SQL_W_BY_ID))
		rc = err_set(err, CT_EDB, "%s: not an index: %s", path,
			     sqlite3_errmsg(st->db));
out:
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int k = 0; k < SQL__COUNT; k++)
		sqlite3_finalize(st->rows[k].s);
	free(st->fq.ids);
	free(st->fq.works);
	if (st->slot_free)
		st->slot_free(st->slot);
	if (st->prof) {
		static const int ops[] = {SQLITE_DBSTATUS_CACHE_HIT,
			SQLITE_DBSTATUS_CACHE_MISS, SQLITE_DBSTATUS_CACHE_WRITE,
			SQLITE_DBSTATUS_CACHE_SPILL};
		static const char *const names[] = {"hit", "miss", "write", "spill"};

		for (int i = 0; i < 4; i++) {
			int cur = 0, hi = 0;

			sqlite3_db_status(st->db, ops[i], &cur, &hi, 0);
			fprintf(stderr, "page cache %s: %d\n", names[i], cur);
		}
	}
	sqlite3_close(st->db);
	if (st->prof) {
		prof_print(st->prof);
		free(st->prof);
	}
	free(st);
}

static void fq_clear(struct fts_queue *q)
{
	q->n = q->done = q->nworks = 0;
}

/* Statements lo..hi (every id in between is one) into the FTS.  One
 * INSERT for a run, not one per row: each INSERT into a virtual table
 * opens a statement savepoint, and FTS5 flushes its pending terms to a
 * new segment at every savepoint. */
static int fts_index(struct store *st, int64_t lo, int64_t hi)
{
	struct store_row *r = store_sql(st, SQL_S_FTS_ROW);

	store_bind_int(r, 1, lo);
	store_bind_int(r, 2, hi);
	return store_exec(r);
}

/* Indexes every queued statement, a run of consecutive ids at a time;
 * the queue keeps them (as done) until the commit. */
static int fq_flush(struct store *st)
{
	struct fts_queue *q = &st->fq;
	int rc = 0;

	while (q->done < q->n && !rc) {
		size_t e = q->done + 1;

		while (e < q->n && q->ids[e] == q->ids[e - 1] + 1)
			e++;
		rc = fts_index(st, q->ids[q->done], q->ids[e - 1]);
		if (!rc)
			q->done = e;
	}
	return rc;
}

static int fq_grow(int64_t **v, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap * 2 : 1024;
	int64_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*v, c * sizeof(*p));
	if (!p)
		return CT_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int store_fts_add(struct store *st, int64_t id, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	if (sqlite3_get_autocommit(st->db))
		return fts_index(st, id, id);
	if (fq_grow(&q->ids, &q->cap, q->n + 1))
		return CT_ENOMEM;
	q->ids[q->n++] = id;
	/* indexed a few thousand at a time rather than all at the commit, so
	 * the store's work keeps pace with the reader's (a burst at each
	 * commit left the reader blocked on a full queue); FTS5 still writes
	 * its segment at the commit */
	if (q->n - q->done >= FQ_FLUSH_AT) {
		int rc = fq_flush(st);

		if (rc)
			return rc;
	}
	if (q->nworks && q->works[q->nworks - 1] == citing)
		return 0;
	if (fq_grow(&q->works, &q->wcap, q->nworks + 1))
		return CT_ENOMEM;
	q->works[q->nworks++] = citing;
	return 0;
}

int store_fts_before_delete(struct store *st, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	for (size_t i = 0; i < q->nworks; i++)
		if (q->works[i] == citing)
			return fq_flush(st);
	return 0;
}

void store_busy_limit(struct store *st, int ms)
{
	st->busy_ms = ms;
}

void *store_slot(struct store *st)
{
	return st->slot;
}

void store_slot_set(struct store *st, void *p, void (*free_fn)(void *))
{
	if (st->slot_free && st->slot != p)
		st->slot_free(st->slot);
	st->slot = p;
	st->slot_free = free_fn;
}

int store_begin(struct store *st)
{
	fq_clear(&st->fq);
	st->txns++;
	return store_exec_sql(st, "BEGIN IMMEDIATE");
}

uint64_t store_txn(struct store *st)
{
	return store_writing(st) ? st->txns : 0;
}

void store_count_merge(struct store *st)
{
	st->merges++;
}

uint64_t store_merges(struct store *st)
{
	return st->merges;
}

const char *store_filename(struct store *st)
{
	const char *f = sqlite3_db_filename(st->db, "main");

	return f && *f ? f : NULL;
}

static int wal_frames_hook(void *ctx, sqlite3 *db, const char *name, int n)
{
	(void)db;
	(void)name;
	((struct store *)ctx)->wal_frames = n;
	return SQLITE_OK;
}

int store_autocheckpoint(struct store *st, int pages)
{
	/* SQLite's autocheckpoint is a WAL hook: ours replaces it */
	if (pages <= 0) {
		sqlite3_wal_hook(st->db, wal_frames_hook, st);
		return 0;
	}
	return sqlite3_wal_autocheckpoint(st->db, pages) == SQLITE_OK ? 0 : -1;
}

int store_wal_frames(struct store *st)
{
	return st->wal_frames;
}

int store_checkpoint(struct store *st, int *frames, int *copied)
{
	*frames = *copied = 0;
	return sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
					 frames, copied) == SQLITE_OK ? 0 : -1;
}

int store_commit(struct store *st)
{
	int rc = fq_flush(st);

	if (!rc)
		rc = store_exec_sql(st, "COMMIT");
	if (!rc)
		fq_clear(&st->fq);
	return rc;
}

void store_rollback(struct store *st)
{
	fq_clear(&st->fq);
	if (!sqlite3_get_autocommit(st->db))
		store_exec_sql(st, "ROLLBACK");
}

int store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

struct store_row *store_sql(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	/* a statement that failed to prepare stays NULL: SQLite's calls take
	 * a NULL statement as misuse, so the first step reports CT_EDB */
	if (store_prepare(st, k))
		return r;
	sqlite3_reset(r->s);
	sqlite3_clear_bindings(r->s);
	return r;
}

void store_bind_int(struct store_row *r, int i, int64_t v)
{
	sqlite3_bind_int64(r->s, i, v);
}

void store_bind_double(struct store_row *r, int i, double v)
{
	sqlite3_bind_double(r->s, i, v);
}

void store_bind_text(struct store_row *r, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(r->s, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(r->s, i);
}

int store_step(struct store_row *r)
{
	int rc = sqlite3_step(r->s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return CT_EDB;
}

int store_exec(struct store_row *r)
{
	int rc;

	while ((rc = store_step(r)) == 1)
		;
	sqlite3_reset(r->s);
	return rc;
}

int64_t store_int(struct store_row *r, int col)
{
	return sqlite3_column_int64(r->s, col);
}

double store_double(struct store_row *r, int col)
{
	return sqlite3_column_double(r->s, col);
}

const char *store_text(struct store_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->s, col);
}

int store_is_null(struct store_row *r, int col)
{
	return sqlite3_column_type(r->s, col) == SQLITE_NULL;
}

void store_done(struct store_row *r)
{
	if (r)
		sqlite3_reset(r->s);
}

int64_t store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int store_error_is_input(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_ERROR;
}

int64_t store_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}

int store_error_is_constraint(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT;
}

int store_error_is_busy(struct store *st)
{
	int c = sqlite3_extended_errcode(st->db) & 0xff;

	return c == SQLITE_BUSY || c == SQLITE_LOCKED;
}

const char *store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

/* ---- the faceted statement query ---------------------------------------- */

static const char q_cols[] = Q_COLS;

static void q_mask(struct ct_buf *b, const char *col, unsigned mask, int n)
{
	const char *sep = "";

	ct_buf_printf(b, " AND %s IN (", col);
	for (int i = 0; i < n; i++)
		if (mask & (1u << i)) {
			ct_buf_printf(b, "%s%d", sep, i);
			sep = ",";
		}
	ct_buf_puts(b, ")");
}

/* The facets of issue 5: publication type of the citing work, self. */
static void q_where_more(struct ct_buf *b, const struct ct_query *q,
			 enum store_qkind kind)
{
	if (q->npubtypes && kind != STORE_Q_PUBTYPE) {
		ct_buf_puts(b, " AND s.pubtype IN (");
		for (int i = 0; i < q->npubtypes && i < CT_PUBTYPES_MAX; i++)
			ct_buf_printf(b, "%s:pt%d", i ? "," : "", i);
		ct_buf_puts(b, ")");
	}
	if (q->self && kind != STORE_Q_SELF)
		ct_buf_puts(b, q->self == CT_SELF_ONLY ? " AND s.self = 1"
						      : " AND s.self = 0");
	if (q->journal_self && kind != STORE_Q_JSELF)
		ct_buf_puts(b, q->journal_self == CT_SELF_ONLY ? " AND s.jself = 1"
							      : " AND s.jself = 0");
}

static void q_where(struct ct_buf *b, const struct ct_query *q,
		    enum store_qkind kind)
{
	ct_buf_puts(b, " WHERE 1");
	if (q->cited)
		ct_buf_puts(b, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(b, " AND s.citing = :citing");
	if (q->type_mask && kind != STORE_Q_TYPE)
		q_mask(b, "s.type", q->type_mask, CT_TYPE_COUNT);
	if (q->section_mask && kind != STORE_Q_SECTION)
		q_mask(b, "s.section_class", q->section_mask, CT_SEC_COUNT);
	if (q->from_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year >= :fy");
	if (q->to_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year <= :ty");
	q_where_more(b, q, kind);
}

/* Keyset pagination for the sorts with a stable key; offsets only for
 * relevance with a text query, whose rank has no key to resume from. */
static void q_order(struct ct_buf *b, const struct ct_query *q,
		    const struct store_cursor *c)
{
	int rel = q->sort == CT_SORT_RELEVANCE;

	if (q->sort == CT_SORT_NEWEST) {
		if (c->kind == 'n')
			ct_buf_puts(b, " AND (coalesce(s.year, 0) < :ck OR"
				       " (coalesce(s.year, 0) = :ck AND s.id < :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0) DESC, s.id DESC");
	} else if (q->sort == CT_SORT_OLDEST) {
		if (c->kind == 'd')
			ct_buf_puts(b, " AND (coalesce(s.year, 0) > :ck OR"
				       " (coalesce(s.year, 0) = :ck AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0), s.id");
	} else if (q->sort == CT_SORT_CONFIDENCE) {
		if (c->kind == 'c')
			ct_buf_puts(b, " AND (s.confidence < :cf OR"
				       " (s.confidence = :cf AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY s.confidence DESC, s.id");
	} else if (rel && q->text) {
		ct_buf_puts(b, " ORDER BY f.rank, s.id");
	} else {
		if (c->kind == 'i')
			ct_buf_puts(b, " AND s.id > :cid");
		ct_buf_puts(b, " ORDER BY s.id");
	}
	ct_buf_puts(b, " LIMIT :lim");
	if (rel && q->text)
		ct_buf_puts(b, " OFFSET :off");
}

static void q_build(struct ct_buf *b, const struct ct_query *q,
		    const struct store_cursor *c, enum store_qkind kind)
{
	static const char *const facet_col[] = {
		[STORE_Q_TYPE] = "s.type", [STORE_Q_SECTION] = "s.section_class",
		[STORE_Q_YEAR] = "s.year", [STORE_Q_SELF] = "s.self",
		[STORE_Q_PUBTYPE] = "s.pubtype", [STORE_Q_JSELF] = "s.jself"};
	const char *from = q->text ? " FROM statements_fts f JOIN statements s"
				     " ON " ST_OF_LEAD
				   : " FROM statements s";

	if (kind == STORE_Q_PAGE) {
		ct_buf_puts(b, q_cols);
		ct_buf_puts(b, from);
		ct_buf_puts(b, " JOIN works cw ON cw.id = s.citing"
			       " LEFT JOIN works dw ON dw.id = s.cited");
	} else {
		ct_buf_printf(b, "SELECT %s, count(*)", facet_col[kind]);
		ct_buf_puts(b, from);
	}
	q_where(b, q, kind);
	if (q->text)
		ct_buf_puts(b, " AND statements_fts MATCH :text");
	if (kind == STORE_Q_PAGE)
		q_order(b, q, c);
	else
		ct_buf_printf(b, " GROUP BY 1 ORDER BY 1");
}

static void q_bind(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_int64(s, i, v);
}

static void q_bind_all(sqlite3_stmt *s, const struct ct_query *q,
		       const struct store_cursor *c)
{
	int i;

	q_bind(s, ":cited", q->cited);
	q_bind(s, ":citing", q->citing);
	q_bind(s, ":fy", q->from_year);
	q_bind(s, ":ty", q->to_year);
	q_bind(s, ":ck", c->year);
	q_bind(s, ":cid", c->id);
	q_bind(s, ":lim", q->limit + 1); /* one more tells if a page follows */
	q_bind(s, ":off", c->off);
	if ((i = sqlite3_bind_parameter_index(s, ":cf")))
		sqlite3_bind_double(s, i, c->conf);
	if ((i = sqlite3_bind_parameter_index(s, ":text")))
		sqlite3_bind_text(s, i, q->text, -1, SQLITE_STATIC);
	for (int k = 0; k < q->npubtypes && k < CT_PUBTYPES_MAX; k++) {
		char name[16];

		snprintf(name, sizeof(name), ":pt%d", k);
		if ((i = sqlite3_bind_parameter_index(s, name)))
			sqlite3_bind_text(s, i, q->pubtypes[k], -1, SQLITE_STATIC);
	}
}

int store_query(struct store *st, const struct ct_query *q,
		const struct store_cursor *cur, enum store_qkind kind,
		struct store_row **out, struct ct_error *err)
{
	struct ct_buf sql = CT_BUF_INIT;
	struct store_row *r;
	int rc = 0;

	*out = NULL;
	q_build(&sql, q, cur, kind);
	r = calloc(1, sizeof(*r));
	if (!r || !sql.ptr) {
		rc = err_set(err, CT_ENOMEM, "query: out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, sql.ptr, (int)sql.len, &r->s, NULL)) {
		rc = err_set(err, CT_EDB, "query: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	r = NULL;
out:
	free(r);
	ct_buf_release(&sql);
	return rc;
}

static int store_prepare_dynamic(struct store *st, const struct ct_buf *sql,
				 const struct ct_query *q,
				 const struct store_cursor *cur,
				 struct store_row **out, struct ct_error *err)
{
	struct store_row *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !sql->ptr) {
		free(r);
		return err_set(err, CT_ENOMEM, "query: out of memory");
	}
	if (sqlite3_prepare_v2(st->db, sql->ptr, (int)sql->len, &r->s, NULL)) {
		free(r);
		return err_set(err, CT_EDB, "query: %s", sqlite3_errmsg(st->db));
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	return 0;
}

int store_scan(struct store *st, const struct ct_query *q,
	       struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	ct_buf_puts(&sql, "SELECT s.id, s.type, s.section_class, s.year, s.self,"
			  " s.confidence, s.pubtype, s.jself, ");
	ct_buf_puts(&sql, q->text ? "bm25(statements_fts) FROM statements_fts f"
				    " JOIN statements s INDEXED BY st_by_id"
				    " ON " ST_OF_LEAD
				  : "0.0 FROM statements s");
	ct_buf_puts(&sql, " WHERE 1");
	if (q->cited)
		ct_buf_puts(&sql, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(&sql, " AND s.citing = :citing");
	if (q->text)
		ct_buf_puts(&sql, " AND statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}

void store_query_free(struct store_row *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->s);
	free(r);
}

/* ---- integrity ----------------------------------------------------------- */

int store_integrity(struct store *st, struct ct_buf *report)
{
	sqlite3_stmt *s;
	int bad = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL))
		return CT_EDB;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);

		if (m && strcmp(m, "ok")) {
			ct_buf_printf(report, "sqlite: %s\n", m);
			bad = 1;
		}
	}
	sqlite3_finalize(s);
	if (sqlite3_exec(st->db,
			 "INSERT INTO statements_fts(statements_fts, rank)"
			 " VALUES('integrity-check', 1)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		ct_buf_printf(report, "fts5: %s\n", sqlite3_errmsg(st->db));
		bad = 1;
	}
	return bad ? CT_ECORRUPT : 0;
}

/* ---- the search cache: stamp, lengths and ct_rank (store.h, fcol.h) ------ */

int64_t store_fts_doclen(struct store_row *r, int col)
{
	const unsigned char *p = sqlite3_column_blob(r->s, col);
	int n = sqlite3_column_bytes(r->s, col);
	int64_t v = 0;

	/* SQLite's varint: 7 bits a byte, most significant first, the high
	 * bit set on every byte but the last (FTS5's file format) */
	for (int i = 0; p && i < n && i < 4; i++) {
		v = (v << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80))
			return i + 1 == n ? v : -1;
	}
	return -1;
}

int store_stamp(struct store *st, uint64_t stamp[2])
{
	struct store_row *r = store_sql(st, SQL_FC_VERSION);
	int rc = store_step(r);

	if (rc == 1)
		stamp[0] = (uint64_t)store_int(r, 0);
	stamp[1] = (uint64_t)sqlite3_total_changes64(st->db);
	store_done(r);
	return rc == 1 ? 0 : CT_EDB;
}

int store_writing(struct store *st)
{
	return sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE;
}

struct store_rank {
	const uint32_t *len;
	int64_t n;
};

/* Per query (FTS5 auxdata): what bm25() computes once per statement. */
struct rank_query {
	int nphrase;
	double avgdl;
	double *idf, *freq;
};

static int rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts,
			 void *ctx)
{
	(*(int64_t *)ctx)++;
	return SQLITE_OK;
}

/* The IDF of each phrase over the whole table, and the average length:
 * the definitions of FTS5's bm25() (see store.h store_rank_use). */
static int rank_query_init(const Fts5ExtensionApi *api, Fts5Context *fts,
			   struct rank_query **out)
{
	int np = api->xPhraseCount(fts), rc;
	sqlite3_int64 rows = 0, tokens = 0;
	struct rank_query *q = sqlite3_malloc64(sizeof(*q) +
						2 * (size_t)np * sizeof(double));

	if (!q)
		return SQLITE_NOMEM;
	q->nphrase = np;
	q->idf = (double *)(q + 1);
	q->freq = q->idf + np;
	rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	q->avgdl = (double)tokens / (double)rows;
	for (int i = 0; i < np && rc == SQLITE_OK; i++) {
		int64_t hits = 0;
		double idf;

		rc = api->xQueryPhrase(fts, i, &hits, rank_count_cb);
		idf = log((rows - hits + 0.5) / (hits + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	*out = rc == SQLITE_OK ? q : NULL;
	return rc;
}

static int rank_doclen(const Fts5ExtensionApi *api, Fts5Context *fts,
		       double *d)
{
	const struct store_rank *k = api->xUserData(fts);
	sqlite3_int64 id = api->xRowid(fts);
	int n = 0, rc = SQLITE_OK;

	if (k && id >= 0 && id < k->n && k->len[id] != UINT32_MAX)
		n = (int)k->len[id];
	else
		rc = api->xColumnSize(fts, -1, &n);
	*d = (double)n;
	return rc;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	double score = 0.0, d = 0.0;
	int ninst = 0, rc = q ? SQLITE_OK : rank_query_init(api, fts, &q);

	if (rc == SQLITE_OK) {
		memset(q->freq, 0, (size_t)q->nphrase * sizeof(double));
		rc = api->xInstCount(fts, &ninst);
	}
	for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
		int ip, ic, io;

		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == SQLITE_OK)
			q->freq[ip] += 1.0;
	}
	if (rc == SQLITE_OK)
		rc = rank_doclen(api, fts, &d);
	for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (k1 + 1.0)) /
				      (q->freq[i] + k1 * (1 - b + b * d / q->avgdl)));
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, -1.0 * score);
	else
		sqlite3_result_error_code(ctx, rc);
}

/* FTS5's extension API of this connection ("SELECT fts5(?)", its
 * documented way). */
static fts5_api *rank_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL))
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int store_rank_use(struct store *st, const uint32_t *len, int64_t n)
{
	if (!st->rank) {
		fts5_api *api = rank_api(st->db);
		struct store_rank *k = calloc(1, sizeof(*k));

		/* FTS5 owns k from here: freed when the connection closes */
		if (!api || !k || api->xCreateFunction(api, "ct_rank", k, rank_fn,
							free)) {
			free(k);
			return CT_EDB;
		}
		st->rank = k;
	}
	st->rank->len = len;
	st->rank->n = len ? n : 0;
	return 0;
}

int store_scan_ids(struct store *st, const struct ct_query *q, int rank,
		   struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	ct_buf_puts(&sql, rank ? "SELECT rowid, ct_rank(statements_fts)"
			       : "SELECT rowid, 0.0");
	ct_buf_puts(&sql, " FROM statements_fts WHERE statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}
