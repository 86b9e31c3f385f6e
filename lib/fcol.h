/*
 * fcol.h — the search cache: the facet values of every statement, in
 * memory, by statement id (a "column" per facet, packed in one row of 16
 * bytes), and the token count FTS5 holds for each.
 *
 * Why: a search with exact facet counts visits every match, and through
 * SQL each match costs a seek in the facet index (st_by_lead) and, for
 * sort=relevance, one in statements_fts_docsize (bm25()'s row length).
 * A long-lived handle (the server's read connections, the benchmark)
 * keeps this cache so that a search steps only FTS5's row ids and ranks
 * (store_scan_ids, ct_rank) and counts from memory: the same totals,
 * facets and order as the SQL path (scan.h), which the unit tests check.
 *
 * The cache is loaded at the first search that can use it and reloaded
 * whenever the index may have changed (store_stamp: another connection's
 * commit, or a write on this one); the check and the scan run inside one
 * read transaction, so they see the same snapshot.  About 20 bytes a
 * statement (20 MB at a million); the load reads the narrow index
 * st_by_lead and statements_fts_docsize once (about half a second at a
 * million statements), so one-shot commands do not use it.
 */
#ifndef CT_FCOL_H
#define CT_FCOL_H
#include <stdint.h>

#include "citectx.h"
#include "store.h"

/* Distinct publication types the cache names; an index with more is
 * served by the SQL path.  Ids above FCOL_ID_MAX likewise. */
#define FCOL_PUB_MAX 255
#define FCOL_ID_MAX  (INT64_C(1) << 26)

/* FCOL_FOLLOWS: the statement follows its run's lead (ctx > 0, store.c
 * migration 8): a full-text match on a lead stands for the lead and the
 * FCOL_FOLLOWS rows right after it. */
/* FCOL_SAME_SENTENCE: the statement continues the citing sentence of the
 * one before it (sctx > 0, migration 14). */
enum {
	FCOL_PRESENT = 1,
	FCOL_SELF = 2,
	FCOL_JSELF = 4,
	FCOL_FOLLOWS = 8,
	FCOL_SAME_SENTENCE = 16
};

/* One statement: type and section_class as stored, or -1 when outside
 * 0..31 (a value no mask selects and no facet counts, as in scan.c);
 * year 0 when unknown; pub 0 when the pubtype is NULL, else its name is
 * pubs[pub - 1]. */
struct fcol_row {
	double confidence;
	int32_t year;
	int8_t type, section;
	uint8_t flags, pub;
};

struct fcol {
	struct fcol_row *rows; /* [0, n) by statement id */
	uint32_t *len;         /* tokens by lead id, UINT32_MAX when unknown */
	int64_t n;
	char *pubs[FCOL_PUB_MAX];
	int npubs;
	uint64_t stamp[2]; /* store_stamp when loaded (or last seen, waiting) */
	int loaded;        /* 1 loaded, -1 failed at stamp, 0 never tried,
	                      FCOL_WAITING: stale, waiting for a quiet index */
	double seen_at; /* waiting: when stamp was first seen (monotonic s) */
	int quiet_ms;   /* see fcol_refresh; FCOL_QUIET_MS by fcol_new */
};

/* Makes c current for the snapshot st reads (call inside a read
 * transaction): loads it the first time, reloads it when the stamp moved
 * and has then stayed put for quiet_ms.  0 when c is usable; CT_EUSAGE
 * when this index cannot be cached (too many publication types, ids too
 * high: use the SQL path), CT_EBUSY while the index is changing (use the
 * SQL path), CT_ENOMEM, CT_EDB.  On failure c is left empty, and the
 * failure is returned again without a new attempt until the stamp moves.
 *
 * Why the wait: a load costs about half a second at a million statements,
 * and ingest commits every half second (ingest_pipeline.c), so a server
 * searched during ingest reloaded at nearly every search, on every
 * thread; the SQL path answers the same (scan.h) in tens of milliseconds.
 * The cache returns once the index has not changed for quiet_ms between
 * two searches. */
#define FCOL_WAITING  2
#define FCOL_QUIET_MS 1000
struct fcol *fcol_new(void); /* empty; NULL when out of memory */
int fcol_refresh(struct store *st, struct fcol *c);
void fcol_free(struct fcol *c); /* NULL ok; give store_rank_use NULL first */

/* The row of statement id, NULL when the cache has none. */
static inline const struct fcol_row *fcol_get(const struct fcol *c, int64_t id)
{
	return id >= 0 && id < c->n && (c->rows[id].flags & FCOL_PRESENT)
	           ? &c->rows[id]
	           : NULL;
}

#endif
