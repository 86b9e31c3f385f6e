/*
 * spans.h — the words a full-text query matched in a page's statements
 * (the "highlight" of SPEC §4): FTS5's highlight() mapped back to byte
 * offsets of each statement's text.
 *
 * A page's statements are fetched by id ranges, not one by one: seeking
 * one row of a full-text query costs FTS5 a walk of every term's doclist
 * index in every segment (0.1 to 1 ms a row at a million statements),
 * while stepping a few hundred matches costs less.  So the page's ids,
 * sorted, are grouped into runs whose matches lie at most SPANS_GAP
 * apart in the query's ascending list of matches (scan.h scan_out), and
 * each run is one range of the full-text query, highlight() computed for
 * the page's rows only.  A narrow page (sort=newest, a deep cursor) is a
 * single run; a page spread over the index costs what row seeks cost.
 */
#ifndef CT_SPANS_H
#define CT_SPANS_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "mem.h"
#include "store.h"

#define SPANS_GAP 256

/* Sets matches / nmatches of items[0..n) (arena memory) for the query
 * text; matches[0..nmatches) are every match's id, ascending (an id not
 * among them is fetched alone).  A statement whose marked text does not
 * map onto its stored text gets no spans.  CT_EDB, CT_ENOMEM. */
int spans_fetch(struct store *st, struct arena *a, const char *text,
                struct ct_statement *items, size_t n, const int64_t *matches,
                size_t nmatches);

#endif
