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

/* A count by statement type (SQL_RP_TALLIES, SQL_RP_REF_TALLIES). */
enum store_tally_col { STORE_TL_TYPE, STORE_TL_COUNT };

#endif
