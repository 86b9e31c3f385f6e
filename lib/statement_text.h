/*
 * statement_text.h — statements as text (statement_text.c); a page of
 * them is ct_page_text (citectx.h).
 */
#ifndef CT_STATEMENT_TEXT_H
#define CT_STATEMENT_TEXT_H
#include "citectx.h"

/* "[type conf] title (year) id", its section and marker, then the
 * context with the citing sentence between » « and matches between **. */
void text_statement(struct ct_buf *b, const struct ct_statement *s);

#endif
