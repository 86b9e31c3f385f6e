/*
 * scan.h — one pass over the statements a query's base filters select
 * (store_scan: cited, citing, text), yielding the page's ids in order, the
 * cursor of the next page, the total and every facet of SPEC §1.
 *
 * The items are citing sentences (ct_query.group, the default) or
 * statements.  A sentence is an item when one of its statements passes
 * every filter; its sort key is the best of those statements' keys, and
 * its id (cursor tie-break) is its first statement's, id - sctx.
 *
 * Facet counts follow the rule of faceted search: the count shown for a
 * value is what the query returns with that value selected in place of
 * the facet's own selection, i.e. each facet's own filter is left out and
 * every other filter applies.  A row failing two filters marks nothing;
 * one failing exactly one marks its value in that facet only; one
 * passing all marks everywhere and makes its item a page candidate.  An
 * item counts once under each value its rows marked (so a sentence with
 * a supporting and a mentioning statement counts under both types, and
 * the type counts can add up to more than the total).
 *
 * The page is kept in a bounded heap of limit + 1 keys (the extra one
 * tells that a next page exists), so a page costs one pass whatever its
 * depth.  Cursors hold the sort key of the last row and its id, never an
 * offset; the key of sort=relevance is a score computed here from
 * numbers SQLite returns, so it is bit-identical from page to page and
 * the order is stable and total (ties broken by id).
 */
#ifndef CT_SCAN_H
#define CT_SCAN_H
#include <stdint.h>

#include "citectx.h"
#include "fcol.h"
#include "mem.h"
#include "store.h"

/* Relevance blends BM25 with recency and confidence.  bm25() is negative,
 * better matches more negative, so a multiplicative boost of at most
 * 1 + SCAN_W_CONF + SCAN_W_RECENT moves newer and more confidently
 * classified statements up in proportion to their text relevance, and
 * never lets a weak match overtake one more than 1.5 times better. */
#define SCAN_W_CONF      0.25
#define SCAN_W_RECENT    0.25
#define SCAN_RECENT_FROM 1980 /* recency 0 at or before, 1 at +45 years */
#define SCAN_RECENT_SPAN 45.0
/* Distinct publication types counted per query; beyond, rows still count
 * in the totals but their type is not listed (real indexes hold ~15). */
#define SCAN_PUBTYPES_MAX 64
/* Years the year facet lists. */
#define SCAN_YEAR_MIN 1000
#define SCAN_YEAR_MAX 2999

/* The relevance score of one statement (lower is better). */
double scan_score(double bm25, int year, double confidence);

/* What a scan yields besides p's facets, total and next: the page's
 * statement ids in page order, and every full-text match's id in
 * ascending order (for a text query; what fetching the page's highlights
 * plans with, see query.c).  Arena memory of the page. */
struct scan_out {
	int64_t *ids;   /* the statement each item shows */
	int64_t *cards; /* the items' ids: their sentences' first statements */
	size_t n;
	int64_t *matches;
	size_t nmatches, capmatches;
};

/* Runs the scan for q (limit and text already normalised by the caller)
 * and fills p: facets, total, next (in p->arena), and *out with up to
 * q->limit statement ids in page order.  With a search cache c (current
 * for st's snapshot, see fcol.h; only for a text query without cited or
 * citing) the pass steps FTS5's matches alone and reads facet values
 * from c: the same page, cursors and facets as without.  CT_EUSAGE for a
 * cursor that is not of this query's sort; store errors come back as
 * CT_EDB with the SQLite message (see store_error_is_input). */
int scan_page(struct store *st, const struct fcol *c, const struct ct_query *q,
              struct ct_page *p, struct scan_out *out, struct ct_error *err);

#endif
