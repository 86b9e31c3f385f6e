/*
 * check_text.h — `citectx check --utf8`: a look at the index's text
 * (issue 18, item 5): every text value of every table that holds data
 * (store_dump.h) must be valid UTF-8 without a NUL byte, as PostgreSQL
 * requires; the values that are not are counted by table and the first
 * CHECK_TEXT_LIST named (table, row key, column).
 *
 * A finding, not a failure: ingest stores article text as the files give
 * it (the corpus's index holds 17 such values) and the readers repair it
 * on output (jw_strn), pg-load on copy.  Asked for (--utf8), so that
 * check's output on an index stays what it was (tests/real/t0151).  Once
 * ingest repairs text as it stores it, check can look always and refuse
 * what remains.
 */
#ifndef CT_CHECK_TEXT_H
#define CT_CHECK_TEXT_H
#include <stdint.h>

#include "citectx.h"

struct store;

/* Values named in the report; the others are only counted. */
#define CHECK_TEXT_LIST 20

/* Appends the finding to report (nothing when every value is valid);
 * *bad: the values that are not.  0, or the store's error. */
int check_text(struct store *st, struct ct_buf *report, int64_t *bad,
               struct ct_error *err);

#endif
