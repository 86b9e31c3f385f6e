/*
 * qparse.h — the search language people type, compiled to a full-text
 * (FTS5 MATCH) expression that FTS5's own syntax can never trip on, with
 * its cost; queries over the cost limits are refused.  Every user query
 * reaches the index through here (ct_query_statements).
 *
 * The language (docs/HTTP-API.md § Query language):
 *
 *   term         a run of characters up to a space, a '"', or a ')' that
 *                closes a group: COVID-19, SF-36, IL-1β, 5-FU, Alzheimer's,
 *                p<0.05, 3'-UTR, pmid:1202204, 10.1016/0022-3956(75)90026-6.
 *                It finds the phrase its words make under the index's
 *                tokenizer (norm_fts_words: letters and digits are words,
 *                every other character separates them), which is what the
 *                quoted form "COVID-19" finds: the term is handed to FTS5
 *                as that quoted string.  A '(' inside a term is part of
 *                it, and so is the ')' that closes that '('.
 *   "a phrase"   the words in this order; all between the quotes is text.
 *   term*  "a phrase"*   the last word as a prefix.
 *   AND OR NOT   operators in upper case only ("and" is a word); terms side
 *                by side are ANDed; NOT binds tighter than AND, AND tighter
 *                than OR (FTS5's order); NOT needs a term on its left.
 *   ( ... )      grouping, where '(' starts a term.
 *
 * Everything else is text: "pmid:" or "title:" is no column filter, NEAR,
 * '^', '+', '-' and lower-case "or" are words or separators.  A term with
 * no letter or digit ("-", "<") names no word of the index and is
 * dropped: an AND or OR without it is what remains, a NOT whose right
 * side is dropped is its left side; a query with nothing left (or only
 * spaces) matches nothing.  A truly malformed query (a quote or '(' never
 * closed, a ')' that closes nothing, an operator without its terms, empty
 * parentheses) is refused with a message that says what to change.
 *
 * Cost: a query's work in FTS5 grows with its terms (each a doclist to
 * read; ranking reads every instance of every phrase, quadratic in the
 * phrases today), its prefixes (a prefix merges the doclists of every
 * word it starts: on the corpus "con*" costs 270 ms of CPU, "cont*" 90,
 * "conti*" 10) and the breadth of its ORs (unions).  The limits are
 * chosen on the 4,470-article corpus so that the slowest query under
 * them ("the" twelve times) takes about half a second of CPU, and every
 * query of tests/data/queries/list.txt passes (docs/HTTP-API.md):
 */
#ifndef CT_QPARSE_H
#define CT_QPARSE_H
#include "citectx.h"

#define QP_BYTES_MAX  4096 /* the query's length */
#define QP_DEPTH_MAX  8    /* parentheses inside parentheses */
#define QP_TERMS_MAX  12   /* terms and phrases that name a word */
#define QP_WORDS_MAX  64   /* words of all of them */
#define QP_OR_MAX     12   /* alternatives of one OR (nested ORs count in) */
#define QP_PREFIX_MIN 3    /* characters of a prefix's last word */
/* prefix units: a prefix of 3 characters is 4 units, of 4 is 2, longer 1
 * (each character fewer about doubles what it expands to) */
#define QP_PREFIX_MAX 8

/* What a query costs: what FTS5 is given (a dropped term counts nothing,
 * nor does the right side of a NOT whose left side was dropped). */
struct qp_cost {
	int terms;      /* terms and phrases that name a word */
	int words;      /* their words: a phrase of four words is four */
	int prefixes;   /* prefix units of the prefix terms among them */
	int or_breadth; /* alternatives of the widest OR: (a OR b) OR c is 3 */
	int depth;      /* deepest nesting of parentheses */
};

/* Compiles query (NUL-terminated, UTF-8) into out, which is reset first:
 * an FTS5 expression in which every term is a double-quoted string
 * (a '"' inside doubled), joined by AND, OR and NOT in parentheses, or
 * "" (an empty phrase: nothing matches) when no term names a word.  cost
 * (may be NULL) is filled in either case as far as the query was read.
 * Returns 0; CT_EUSAGE with a one-line message in err (starting "query:")
 * for a malformed query, one over a limit (the message names the limit),
 * or one that is not valid UTF-8; CT_ENOMEM.  On error out is empty. */
int qparse_compile(const char *query, struct ct_buf *out, struct qp_cost *cost,
                   struct ct_error *err);

#endif
