/*
 * store_works.h — the store layer's rows of works (issue 17): the row ->
 * struct decoders of the row shapes that name a work, so that no caller
 * reads a work's columns by number.
 */
#ifndef CT_STORE_WORKS_H
#define CT_STORE_WORKS_H

#include "citectx.h"
#include "store_cols.h"

struct arena;
struct store_row;

/* Reads the brief of a work from row r, its columns from c0 on (in the
 * order of STORE_WORK_BRIEF_COLS, store_cols.h; c0 is a named column of
 * the row's own enum).  Text is copied into a, or borrowed from the row (valid
 * until its next step) when a is NULL; a failed copy leaves NULL (absent).  A
 * NULL id reads as 0, a NULL year as 0. */
void store_work_brief(struct store_row *r, int c0, struct arena *a,
                      struct ct_work_brief *w);

#endif
