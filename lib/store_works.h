/*
 * store_works.h — the store layer's rows of works (issue 17): the row ->
 * struct decoders of the row shapes that name a work, so that no caller
 * reads a work's columns by number.
 */
#ifndef CT_STORE_WORKS_H
#define CT_STORE_WORKS_H

#include "citectx.h"

struct arena;
struct store_row;

/* The brief of a work (struct ct_work_brief) as six consecutive columns
 * of a row: the work's id, then X(NAME, a, column) of table alias a.  The
 * enum gives each its offset from the first; STORE_WB_SQL(id, a) writes
 * the SELECT list in the same order: id, the work's id as an expression
 * (e.g. "s.cited", NULL for an unlinked reference), then a's columns. */
#define STORE_WORK_BRIEF_COLS(X, a)                                           \
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
#define STORE_WB_SQL(id, a) id STORE_WORK_BRIEF_COLS(STORE_WB_SQL_, a)

/* Reads the brief of a work from row r, its columns from c0 on (in the
 * order of STORE_WORK_BRIEF_COLS; c0 is a named column of the row's own
 * enum).  Text is copied into a, or borrowed from the row (valid until
 * its next step) when a is NULL; a failed copy leaves NULL (absent).  A
 * NULL id reads as 0, a NULL year as 0. */
void store_work_brief(struct store_row *r, int c0, struct arena *a,
		      struct ct_work_brief *w);

#endif
