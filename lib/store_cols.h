/*
 * store_cols.h — the column lists of the store's row shapes (issue 17):
 * each an X-macro that yields both the SELECT list schema.c's SQL text
 * uses and the enum of named columns the store layer's decoders read, so
 * that a column is named once and read by name, never by number.  Only
 * macros and enums: schema.h and the store_*.c decoders include it.
 */
#ifndef CT_STORE_COLS_H
#define CT_STORE_COLS_H

/* The brief of a work (struct ct_work_brief) as six consecutive columns
 * of a row: the work's id, then X(NAME, a, column) of table alias a.  The
 * enum gives each its offset from the first; STORE_WB_SQL(id, a) writes
 * the SELECT list in the same order: id, the work's id as an expression
 * (e.g. "s.cited", NULL for an unlinked reference), then a's columns. */
#define STORE_WORK_BRIEF_COLS(X, a)                                            \
	X(DOI, a, "doi")                                                       \
	X(PMID, a, "pmid")                                                     \
	X(PMCID, a, "pmcid")                                                   \
	X(TITLE, a, "title")                                                   \
	X(YEAR, a, "year")

#define STORE_WB_ENUM_(n, a, c) STORE_WB_##n,
enum store_wb_col {
	STORE_WB_ID,
	STORE_WORK_BRIEF_COLS(STORE_WB_ENUM_, ) STORE_WB__COLS
};
#define STORE_WB_SQL_(n, a, c) ", " a "." c
#define STORE_WB_SQL(id, a)    id STORE_WORK_BRIEF_COLS(STORE_WB_SQL_, a)

/* Column lists after a first column: X(NAME, sql, width) is width
 * consecutive columns (a brief is STORE_WB__COLS wide); each enum names a
 * block's first column, and its _SQL macro is "SELECT <first>" followed
 * by the blocks' SQL.  Expanded where schema.h's fragments (ST_TEXT) are
 * in scope. */
#define STORE_COL_ENUM_(n, sql, w)                                             \
	STORE_##n, STORE_##n##_END_ = STORE_##n + (w)-1,
#define STORE_COL_SQL_(n, sql, w) ", " sql

/* One statement with its citing and cited works (SQL_Q_ROW, store.c's
 * faceted page): store_stmts.c store_stmt_get. */
#define STORE_STMT_COLS(X)                                                     \
	X(ST_CITING, STORE_WB_SQL("s.citing", "cw"), STORE_WB__COLS)           \
	X(ST_CITED, STORE_WB_SQL("s.cited", "dw"), STORE_WB__COLS)             \
	X(ST_SECTION, "s.section", 1)                                          \
	X(ST_SECTION_CLASS, "s.section_class", 1)                              \
	X(ST_TYPE, "s.type", 1)                                                \
	X(ST_CONFIDENCE, "s.confidence", 1)                                    \
	X(ST_SELF, "s.self", 1)                                                \
	X(ST_TEXT, ST_TEXT("s"), 1)                                            \
	X(ST_SENT_START, "s.sent_start", 1)                                    \
	X(ST_SENT_END, "s.sent_end", 1)                                        \
	X(ST_MARKER, "s.marker", 1)                                            \
	X(ST_DUPS, "s.dups", 1)                                                \
	X(ST_PUBTYPE, "s.pubtype", 1)                                          \
	X(ST_JSELF, "s.jself", 1)                                              \
	X(ST_MODEL, "s.model", 1)                                              \
	X(ST_REFERENCE, "(SELECT r.raw FROM refs r WHERE r.id = s.ref)", 1)
enum store_stmt_col {
	STORE_ST_ID,
	STORE_STMT_COLS(STORE_COL_ENUM_) STORE_ST__COLS
};
#define STORE_STMT_SQL "SELECT s.id" STORE_STMT_COLS(STORE_COL_SQL_)

/* One statement of a citing sentence with its cited work or its
 * reference (SQL_Q_SENTENCE): store_stmt_sentence. */
#define STORE_CITE_COLS(X)                                                     \
	X(CI_CITED, STORE_WB_SQL("s.cited", "w"), STORE_WB__COLS)              \
	X(CI_REFERENCE, "r.raw", 1)                                            \
	X(CI_MARKER, "s.marker", 1)                                            \
	X(CI_MODEL, "s.model", 1)                                              \
	X(CI_TYPE, "s.type", 1)                                                \
	X(CI_CONFIDENCE, "s.confidence", 1)                                    \
	X(CI_SELF, "s.self", 1)                                                \
	X(CI_JSELF, "s.jself", 1)
enum store_cite_col {
	STORE_CI_ID,
	STORE_CITE_COLS(STORE_COL_ENUM_) STORE_CI__COLS
};
#define STORE_CITE_SQL "SELECT s.id" STORE_CITE_COLS(STORE_COL_SQL_)

/* A statement's text with the matches of a full-text query marked
 * (SQL_Q_SPANS): store_stmt_highlights. */
#define STORE_SPAN_COLS(X)                                                     \
	X(SP_MARKED, "highlight(statements_fts, 0, char(1), char(2))", 1)
enum store_span_col { STORE_SP_ID, STORE_SPAN_COLS(STORE_COL_ENUM_) };
#define STORE_SPAN_SQL "SELECT s.id" STORE_SPAN_COLS(STORE_COL_SQL_)

/* The facet values of one statement, in id order (SQL_FC_ROWS, the
 * search cache): store_scan_facets. */
#define STORE_FACET_COLS(X)                                                    \
	X(FC_TYPE, "type", 1)                                                  \
	X(FC_SECTION, "section_class", 1)                                      \
	X(FC_YEAR, "year", 1)                                                  \
	X(FC_SELF, "self", 1)                                                  \
	X(FC_CONFIDENCE, "confidence", 1)                                      \
	X(FC_PUBTYPE, "pubtype", 1)                                            \
	X(FC_JSELF, "jself", 1)                                                \
	X(FC_CTX, "ctx", 1)                                                    \
	X(FC_SCTX, "sctx", 1)
enum store_facet_col { STORE_FC_ID, STORE_FACET_COLS(STORE_COL_ENUM_) };
#define STORE_FACET_SQL "SELECT id" STORE_FACET_COLS(STORE_COL_SQL_)

/* The facet scan (store_scan): these columns of statement s, then the
 * rank of the text query and the id of the sentence's first statement,
 * which store.c writes for the scan's source (FTS5 or not). */
#define STORE_SCAN_COLS(X)                                                     \
	X(SC_TYPE, "s.type", 1)                                                \
	X(SC_SECTION, "s.section_class", 1)                                    \
	X(SC_YEAR, "s.year", 1)                                                \
	X(SC_SELF, "s.self", 1)                                                \
	X(SC_CONFIDENCE, "s.confidence", 1)                                    \
	X(SC_PUBTYPE, "s.pubtype", 1)                                          \
	X(SC_JSELF, "s.jself", 1)
enum store_scan_col {
	STORE_SC_ID,
	STORE_SCAN_COLS(STORE_COL_ENUM_) STORE_SC_RANK,
	STORE_SC_CARD
};
#define STORE_SCAN_SQL "SELECT s.id" STORE_SCAN_COLS(STORE_COL_SQL_) ", "

/* A full-text match of the search cache's path (store_scan_ids): the
 * lead statement's id and its rank (0.0 unranked). */
enum store_match_col { STORE_MA_ID, STORE_MA_RANK };

/* One candidate of a works search (SQL_WF_MATCH, SQL_WF_ONE): the
 * work's brief, journal, whether it is indexed, its citing publications;
 * then (written by each statement) its authors, bm25 and whether it
 * matches the phrase query. */
#define STORE_FIND_COLS(X)                                                     \
	X(WF_JOURNAL, "w.journal", 1)                                          \
	X(WF_INDEXED, "w.indexed", 1)                                          \
	X(WF_CITING,                                                           \
	  "(SELECT count(DISTINCT citing) FROM refs r"                         \
	  " WHERE r.cited = w.id)",                                            \
	  1)
enum store_find_col {
	STORE_WF_WORK,
	STORE_WF_WORK_END_ = STORE_WB__COLS - 1,
	STORE_FIND_COLS(STORE_COL_ENUM_) STORE_WF_AUTHORS,
	STORE_WF_SCORE,
	STORE_WF_PHRASE
};
#define STORE_FIND_SQL                                                         \
	"SELECT " STORE_WB_SQL("w.id", "w") STORE_FIND_COLS(STORE_COL_SQL_)

/* The record a citation is made of (SQL_X_WORK): store_work_record. */
#define STORE_RECORD_COLS(X)                                                   \
	X(XR_PMID, "pmid", 1)                                                  \
	X(XR_PMCID, "pmcid", 1)                                                \
	X(XR_TITLE, "title", 1)                                                \
	X(XR_YEAR, "year", 1)                                                  \
	X(XR_JOURNAL, "journal", 1)                                            \
	X(XR_PUBLISHER, "publisher", 1)                                        \
	X(XR_VOLUME, "volume", 1)                                              \
	X(XR_ISSUE, "issue", 1)                                                \
	X(XR_PAGES, "pages", 1)                                                \
	X(XR_PUBTYPE, "pubtype", 1)                                            \
	X(XR_PUBDATE, "pubdate", 1)                                            \
	X(XR_REF_AUTHORS, "ref_authors", 1)
enum store_record_col { STORE_XR_DOI, STORE_RECORD_COLS(STORE_COL_ENUM_) };
#define STORE_RECORD_SQL "SELECT doi" STORE_RECORD_COLS(STORE_COL_SQL_)

/* A work's author (SQL_RP_AUTHORS), in order. */
#define STORE_AUTHOR_COLS(X)                                                   \
	X(AU_GIVEN, "given", 1)                                                \
	X(AU_ORCID, "orcid", 1)                                                \
	X(AU_AFF, "aff", 1)
enum store_author_col { STORE_AU_SURNAME, STORE_AUTHOR_COLS(STORE_COL_ENUM_) };
#define STORE_AUTHOR_SQL "SELECT surname" STORE_AUTHOR_COLS(STORE_COL_SQL_)

/* A statement's FTS5 token counts (SQL_FC_DOCSIZE): its id, the sz blob. */
enum store_docsize_col { STORE_DS_ID, STORE_DS_SIZE };

/* A row of one value (a count, an id, a flag). */
enum store_value_col { STORE_VALUE };

/* ---- user data (store_users.c) -------------------------------------------
 * The same mechanism as above: each list is its first column (in the
 * enum and the _SQL macro) then X(NAME, sql, width) blocks; a row that
 * starts with a work's brief names it NAME_W and its SQL begins with
 * STORE_WB_SQL (store_work_brief reads it from there). */

/* SQL_U_BY_NAME */
#define SU_ACCOUNT_COLS(X)                                                     \
	X(SU_ACCOUNT_NAME, "name", 1)                                          \
	X(SU_ACCOUNT_HASH, "pwhash", 1)
enum store_su_account_col {
	STORE_SU_ACCOUNT_ID,
	SU_ACCOUNT_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_ACCOUNT_SQL "SELECT id" SU_ACCOUNT_COLS(STORE_COL_SQL_)

/* SQL_T_USER, SQL_FK_USER */
#define SU_USER_COLS(X) X(SU_USER_NAME, "u.name", 1)
enum store_su_user_col { STORE_SU_USER_ID, SU_USER_COLS(STORE_COL_ENUM_) };
#define STORE_SU_USER_SQL "SELECT u.id" SU_USER_COLS(STORE_COL_SQL_)

/* SQL_U_SIGNUPS */
#define SU_SIGNUPS_COLS(X) X(SU_SIGNUPS_FIRST, "min(at)", 1)
enum store_su_signups_col {
	STORE_SU_SIGNUPS_COUNT,
	SU_SIGNUPS_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_SIGNUPS_SQL "SELECT count(*)" SU_SIGNUPS_COLS(STORE_COL_SQL_)

/* SQL_U_FAILURES: failures of the name from the client, of the client */
#define SU_FAILURES_COLS(X)                                                    \
	X(SU_FAILURES_CLIENT,                                                  \
	  "(SELECT count(*) FROM login_failures"                               \
	  " WHERE client = ?2 AND at > ?3)",                                   \
	  1)
enum store_su_failures_col {
	STORE_SU_FAILURES_NAME,
	SU_FAILURES_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_FAILURES_SQL                                                  \
	"SELECT (SELECT count(*) FROM login_failures"                          \
	" WHERE name = ?1 AND client = ?2 AND at > ?3)" SU_FAILURES_COLS(      \
	    STORE_COL_SQL_)

/* SQL_T_LIST */
#define SU_TOKEN_COLS(X)                                                       \
	X(SU_TOKEN_LABEL, "label", 1)                                          \
	X(SU_TOKEN_CREATED, "created", 1)                                      \
	X(SU_TOKEN_EXPIRES, "expires", 1)
enum store_su_token_col { STORE_SU_TOKEN_ID, SU_TOKEN_COLS(STORE_COL_ENUM_) };
#define STORE_SU_TOKEN_SQL "SELECT id" SU_TOKEN_COLS(STORE_COL_SQL_)

/* SQL_FK_CREATED, SQL_FL_UPSERT's RETURNING: one value (STORE_VALUE) */
#define STORE_SU_FK_SQL "SELECT created"

/* SQL_RT_STATS: the count, then the averages in aspect order */
#define SU_STATS_COLS(X)                                                       \
	X(SU_STATS_OVERALL, "avg(overall)", 1)                                 \
	X(SU_STATS_NOVELTY, "avg(novelty)", 1)                                 \
	X(SU_STATS_SIGNIFICANCE, "avg(significance)", 1)                       \
	X(SU_STATS_RIGOUR, "avg(rigour)", 1)
enum store_su_stats_col {
	STORE_SU_STATS_COUNT,
	SU_STATS_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_STATS_SQL "SELECT count(*)" SU_STATS_COLS(STORE_COL_SQL_)

/* SQL_RT_MINE, in aspect order */
#define SU_MINE_COLS(X)                                                        \
	X(SU_MINE_NOVELTY, "novelty", 1)                                       \
	X(SU_MINE_SIGNIFICANCE, "significance", 1)                             \
	X(SU_MINE_RIGOUR, "rigour", 1)
enum store_su_mine_col { STORE_SU_MINE_OVERALL, SU_MINE_COLS(STORE_COL_ENUM_) };
#define STORE_SU_MINE_SQL "SELECT overall" SU_MINE_COLS(STORE_COL_SQL_)

/* SQL_RT_OF_USER: the work, then the scores in aspect order */
#define SU_RATED_COLS(X)                                                       \
	X(SU_RATED_OVERALL, "r.overall", 1)                                    \
	X(SU_RATED_NOVELTY, "r.novelty", 1)                                    \
	X(SU_RATED_SIGNIFICANCE, "r.significance", 1)                          \
	X(SU_RATED_RIGOUR, "r.rigour", 1)                                      \
	X(SU_RATED_UPDATED, "r.updated", 1)
enum store_su_rated_col {
	STORE_SU_RATED_W,
	STORE_SU_RATED_W_END_ = STORE_WB__COLS - 1,
	SU_RATED_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_RATED_SQL                                                     \
	"SELECT " STORE_WB_SQL("w.id", "w") SU_RATED_COLS(STORE_COL_SQL_)

/* SQL_FL_LIST */
#define SU_FLAGS_COLS(X)                                                       \
	X(SU_FLAGS_STATEMENT, "f.statement", 1)                                \
	X(SU_FLAGS_USER, "u.name", 1)                                          \
	X(SU_FLAGS_LABEL, "f.label", 1)                                        \
	X(SU_FLAGS_COMMENT, "f.comment", 1)                                    \
	X(SU_FLAGS_CREATED, "f.created", 1)
enum store_su_flags_col { STORE_SU_FLAGS_ID, SU_FLAGS_COLS(STORE_COL_ENUM_) };
#define STORE_SU_FLAGS_SQL "SELECT f.id" SU_FLAGS_COLS(STORE_COL_SQL_)

/* SQL_FL_OF_USER: the cited work (NULL when the reference is not
 * linked), then the flag */
#define SU_MYFLAGS_COLS(X)                                                     \
	X(SU_MYFLAGS_ID, "f.id", 1)                                            \
	X(SU_MYFLAGS_STATEMENT, "f.statement", 1)                              \
	X(SU_MYFLAGS_LABEL, "f.label", 1)                                      \
	X(SU_MYFLAGS_COMMENT, "f.comment", 1)                                  \
	X(SU_MYFLAGS_CREATED, "f.created", 1)
enum store_su_myflags_col {
	STORE_SU_MYFLAGS_W,
	STORE_SU_MYFLAGS_W_END_ = STORE_WB__COLS - 1,
	SU_MYFLAGS_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_MYFLAGS_SQL                                                   \
	"SELECT " STORE_WB_SQL("w.id", "w") SU_MYFLAGS_COLS(STORE_COL_SQL_)

/* SQL_FO_LIST */
#define SU_FOLLOWS_COLS(X) X(SU_FOLLOWS_SINCE, "f.created", 1)
enum store_su_follows_col {
	STORE_SU_FOLLOWS_W,
	STORE_SU_FOLLOWS_W_END_ = STORE_WB__COLS - 1,
	SU_FOLLOWS_COLS(STORE_COL_ENUM_)
};
#define STORE_SU_FOLLOWS_SQL                                                   \
	"SELECT " STORE_WB_SQL("w.id", "w") SU_FOLLOWS_COLS(STORE_COL_SQL_)

/* SQL_FO_FEED: the statement, its citing (cw) and cited (dw) works */
#define SU_FEED_COLS(X)                                                        \
	X(SU_FEED_TYPE, "s.type", 1)                                           \
	X(SU_FEED_CONFIDENCE, "s.confidence", 1)                               \
	X(SU_FEED_SECTION, "s.section_class", 1)                               \
	X(SU_FEED_TEXT, ST_TEXT("s"), 1)                                       \
	X(SU_FEED_SENT_START, "s.sent_start", 1)                               \
	X(SU_FEED_SENT_END, "s.sent_end", 1)                                   \
	X(SU_FEED_CW, STORE_WB_SQL("cw.id", "cw"), STORE_WB__COLS)             \
	X(SU_FEED_DW, STORE_WB_SQL("dw.id", "dw"), STORE_WB__COLS)
enum store_su_feed_col { STORE_SU_FEED_ID, SU_FEED_COLS(STORE_COL_ENUM_) };
#define STORE_SU_FEED_SQL "SELECT s.id" SU_FEED_COLS(STORE_COL_SQL_)

#endif
