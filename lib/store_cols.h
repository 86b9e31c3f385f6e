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

#endif
