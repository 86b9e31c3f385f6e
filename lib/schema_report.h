/*
 * schema_report.h — the select lists of the report's statements (a
 * work's record, its authors, references, related works, notices, the
 * summary's pool, the most-cited works and the integrity check), kept
 * next to their SQL text in schema.c.  Each list is an X-macro
 * LIST(F, X) of columns (NAME, "SQL expression"): SQL_SELECT(LIST)
 * writes "SELECT a, b, ..." for schema.c and SQL_COLS_ENUM(LIST) the
 * enum of their positions for store_report.c, so a column is never read
 * by a bare number and the two cannot drift apart.  Private to the store
 * layer.
 */
#ifndef CT_SCHEMA_REPORT_H
#define CT_SCHEMA_REPORT_H
/* clang-format off */
/* (the column lists are laid out by hand, one column a line) */

/* "SELECT a, b, c" from a column list; the enum of its positions. */
#define SQL_COL_FIRST_(name, expr) " " expr
#define SQL_COL_NEXT_(name, expr) ", " expr
#define SQL_COL_ENUM_(name, expr) name,
#define SQL_SELECT(list) "SELECT" list(SQL_COL_FIRST_, SQL_COL_NEXT_)
#define SQL_COLS_ENUM(list) list(SQL_COL_ENUM_, SQL_COL_ENUM_)

/* A work's brief (struct ct_work_brief: id, doi, pmid, pmcid, title,
 * year) from alias a ("w." or ""), its columns named P_ID .. P_YEAR in
 * the order of STORE_WORK_BRIEF_COLS (store_cols.h; store_report.c
 * asserts it and reads the brief with store_work_brief from P_ID on);
 * _REST_ is the same after the id column, for a list that takes the id
 * from elsewhere or starts with it. */
#define SQL_BRIEF_COLS(X, P, a) X(P##_ID, a "id") SQL_BRIEF_COLS_REST_(X, P, a)
#define SQL_BRIEF_COLS_REST_(X, P, a)                                  \
	X(P##_DOI, a "doi") X(P##_PMID, a "pmid") X(P##_PMCID, a "pmcid") \
	X(P##_TITLE, a "title") X(P##_YEAR, a "year")

/* SQL_RP_WORK: the record of one work */
#define RP_WORK_COLS(F, X)                                                  \
	F(RPW_ID, "id") SQL_BRIEF_COLS_REST_(X, RPW, "")                     \
	X(RPW_JOURNAL, "journal") X(RPW_PUBLISHER, "publisher")              \
	X(RPW_VOLUME, "volume") X(RPW_ISSUE, "issue") X(RPW_PAGES, "pages")  \
	X(RPW_PUBTYPE, "pubtype") X(RPW_DATE, "pubdate")                     \
	X(RPW_KEYWORDS, "keywords") X(RPW_FUNDING, "funding")                \
	X(RPW_ABSTRACT, "abstract") X(RPW_LICENSE, "license")                \
	X(RPW_INDEXED, "indexed") X(RPW_REF_AUTHORS, "ref_authors")
enum { SQL_COLS_ENUM(RP_WORK_COLS) };

/* SQL_RP_CITING, SQL_RP_NREFS and the check's invariants: one count */
#define RP_COUNT_COLS(F, X) F(RPC_COUNT, "count(*)")
enum { SQL_COLS_ENUM(RP_COUNT_COLS) };

/* SQL_RP_TALLIES: statements per type (a report's references, a found
 * work) */
#define RP_TALLY_COLS(F, X) F(RPT_TYPE, "type") X(RPT_COUNT, "count(*)")
enum { SQL_COLS_ENUM(RP_TALLY_COLS) };

/* SQL_RP_REFS: a reference and the work it links to (NULLs when none),
 * with that work's citing publications */
#define RP_REF_COLS(F, X)                                                    \
	F(RPR_POS, "r.pos") X(RPR_LABEL, "r.label") X(RPR_RAW, "r.raw")        \
	X(RPR_ID, "r.cited") SQL_BRIEF_COLS_REST_(X, RPR, "w.")                \
	X(RPR_INDEXED, "w.indexed")                                           \
	X(RPR_CITING, "(SELECT count(DISTINCT citing) FROM refs x"           \
		      " WHERE x.cited = r.cited)")
enum { SQL_COLS_ENUM(RP_REF_COLS) };

/* SQL_RP_COCITED, SQL_RP_COUPLED: a related work and its count */
#define RP_RELATED_COLS(F, X)                                        \
	F(RPL_ID, "w.id") SQL_BRIEF_COLS_REST_(X, RPL, "w.")          \
	X(RPL_N, "t.n")
/* SQL_RP_NOTICES, SQL_RP_NOTICE_OF: a notice and the other work */
#define RP_NOTICE_COLS(F, X)                                              \
	F(RPN_KIND, "n.kind") X(RPN_RELATION, "n.relation")                \
	SQL_BRIEF_COLS(X, RPN, "w.")
/* SQL_RP_TOP: a most-cited work, its citing publications, statements */
#define RP_TOP_COLS(F, X)                                                 \
	F(RPP_ID, "w.id") SQL_BRIEF_COLS_REST_(X, RPP, "w.")               \
	X(RPP_CITING, "t.n")                                               \
	X(RPP_STATEMENTS, "(SELECT count(*) FROM statements s"             \
			  " WHERE s.cited = w.id)")
enum { SQL_COLS_ENUM(RP_RELATED_COLS) };
enum { SQL_COLS_ENUM(RP_NOTICE_COLS) };
enum { SQL_COLS_ENUM(RP_TOP_COLS) };

/* SQL_RP_SUMMARY: a statement of the pool, its context text and
 * sentence offsets, and its citing work (ST_TEXT: schema.h) */
#define RP_SUMMARY_COLS(F, X)                                               \
	F(RPS_ID, "s.id") X(RPS_TYPE, "s.type")                              \
	X(RPS_CONFIDENCE, "s.confidence")                                    \
	X(RPS_SECTION_CLASS, "s.section_class") X(RPS_TEXT, ST_TEXT("s"))    \
	X(RPS_SENT_START, "s.sent_start") X(RPS_SENT_END, "s.sent_end")      \
	X(RPS_CITING_ID, "s.citing")                                          \
	SQL_BRIEF_COLS_REST_(X, RPS_CITING, "w.")
enum { SQL_COLS_ENUM(RP_SUMMARY_COLS) };

/* SQL_AL_OF: a work's other identifiers */
#define AL_OF_COLS(F, X) F(ALO_XID, "xid") X(ALO_VERSION, "version")
enum { SQL_COLS_ENUM(AL_OF_COLS) };

/* SQL_CK_FTS_COUNT: statement contexts, rows of the full-text index */
#define CK_FTS_COLS(F, X)                                                \
	F(CKF_TEXTS, "(SELECT count(*) FROM statement_texts)")           \
	X(CKF_ROWS, "(SELECT count(*) FROM statements_fts_docsize)")
enum { SQL_COLS_ENUM(CK_FTS_COLS) };

/* SQL_CK_WORKS_FTS: works with a title, rows of works_text, works_text
 * rows that are no such work, works waiting for a sync, rows of the
 * full-text index */
#define CK_WORKS_FTS_COLS(F, X)                                            \
	F(CKW_TITLED, "(SELECT count(*) FROM works WHERE title <> '')")     \
	X(CKW_TEXTS, "(SELECT count(*) FROM works_text)")                   \
	X(CKW_ORPHANS, "(SELECT count(*) FROM works_text t WHERE NOT EXISTS" \
		       " (SELECT 1 FROM works w WHERE w.id = t.id"           \
		       " AND w.title <> ''))")                               \
	X(CKW_DIRTY, "(SELECT count(*) FROM works_fts_dirty)")              \
	X(CKW_ROWS, "(SELECT count(*) FROM works_fts_docsize)")
enum { SQL_COLS_ENUM(CK_WORKS_FTS_COLS) };

/* clang-format on */
#endif
