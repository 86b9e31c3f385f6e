/*
 * store_scan.h — the store layer's passes over many statements (issue
 * 17): the facet scan of a query, the full-text matches the search cache
 * starts from, and the cache's own load (fcol.h).  Rows reach a callback
 * as decoded structs, one reused per pass (no allocation per row): fn's
 * non-zero return stops the pass and is returned.  Otherwise 0 or a
 * negative CT_E* code (store_errmsg says why a CT_EDB).
 */
#ifndef CT_STORE_SCAN_H
#define CT_STORE_SCAN_H
#include <stdint.h>

#include "citectx.h"

struct store;

/* What a facet or a sort key needs of one statement.  Integers as
 * stored (a NULL reads as 0); pubtype is NULL when unknown and borrowed
 * until fn returns. */
struct store_scan_row {
	int64_t id;
	int64_t type, section, year;
	int self, jself; /* self-citation, journal self-citation */
	double confidence;
	const char *pubtype; /* of the citing work */
	double rank;         /* ct_rank of the text query (lower is better),
	                      * 0.0 without one */
	int64_t card;        /* the first statement of its citing sentence */
	int follows;         /* store_scan_facets: not its run's lead */
	int same_sentence;   /* store_scan_facets: not its sentence's first */
};

/* Every statement the base filters of q select (cited, citing, text),
 * none of the facet filters (store_scan).  A bad FTS5 query fails here
 * with CT_EDB (store_error_is_input). */
int store_scan_each(struct store *st, const struct ct_query *q,
                    int (*fn)(void *arg, const struct store_scan_row *row),
                    void *arg, struct ct_error *err);

/* The full-text matches of q->text (store_scan_ids): fn(arg, id, rank)
 * with each run's lead id and its ct_rank (0.0 unless rank). */
int store_scan_matches(struct store *st, const struct ct_query *q, int rank,
                       int (*fn)(void *arg, int64_t id, double rank), void *arg,
                       struct ct_error *err);

/* Every statement's facet values in id order (rank and card 0). */
int store_scan_facets(struct store *st,
                      int (*fn)(void *arg, const struct store_scan_row *row),
                      void *arg);

/* Every indexed text's FTS5 token count: fn(arg, id, n), n -1 when the
 * stored size is not one small varint (store_fts_doclen). */
int store_scan_doclens(struct store *st,
                       void (*fn)(void *arg, int64_t id, int64_t n), void *arg);

/* The largest statement id (0 for none) into *max. */
int store_scan_max_id(struct store *st, int64_t *max);

#endif
