/* store_fts.c — the full-text queue: statements inserted in the open
 * transaction reach statements_fts in runs of consecutive ids, a few
 * thousand at a time and before the commit (see store.h store_fts_add). */
#include <stdint.h>
#include <stdlib.h>

#include "err.h"
#include "store_int.h"

/* statements queued for the full-text index before they are indexed */
#define FQ_FLUSH_AT 4096

void store_fq_clear(struct fts_queue *q)
{
	q->n = q->done = q->nworks = 0;
}

/* Statements lo..hi (every id in between is one) into the FTS.  One
 * INSERT for a run, not one per row: each INSERT into a virtual table
 * opens a statement savepoint, and FTS5 flushes its pending terms to a
 * new segment at every savepoint. */
static int fts_index(struct store *st, int64_t lo, int64_t hi)
{
	struct store_row *r = store_sql(st, SQL_S_FTS_ROW);

	store_bind_int(r, 1, lo);
	store_bind_int(r, 2, hi);
	return store_exec(r);
}

/* Indexes every queued statement, a run of consecutive ids at a time;
 * the queue keeps them (as done) until the commit. */
int store_fq_flush(struct store *st)
{
	struct fts_queue *q = &st->fq;
	int rc = 0;

	while (q->done < q->n && !rc) {
		size_t e = q->done + 1;

		while (e < q->n && q->ids[e] == q->ids[e - 1] + 1)
			e++;
		rc = fts_index(st, q->ids[q->done], q->ids[e - 1]);
		if (!rc)
			q->done = e;
	}
	return rc;
}

static int fq_grow(int64_t **v, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap * 2 : 1024;
	int64_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*v, c * sizeof(*p));
	if (!p)
		return CT_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int store_fts_add(struct store *st, int64_t id, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	if (sqlite3_get_autocommit(st->db))
		return fts_index(st, id, id);
	if (fq_grow(&q->ids, &q->cap, q->n + 1))
		return CT_ENOMEM;
	q->ids[q->n++] = id;
	/* indexed a few thousand at a time rather than all at the commit, so
	 * the store's work keeps pace with the reader's (a burst at each
	 * commit left the reader blocked on a full queue); FTS5 still writes
	 * its segment at the commit */
	if (q->n - q->done >= FQ_FLUSH_AT) {
		int rc = store_fq_flush(st);

		if (rc)
			return rc;
	}
	if (q->nworks && q->works[q->nworks - 1] == citing)
		return 0;
	if (fq_grow(&q->works, &q->wcap, q->nworks + 1))
		return CT_ENOMEM;
	q->works[q->nworks++] = citing;
	return 0;
}

int store_fts_before_delete(struct store *st, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	for (size_t i = 0; i < q->nworks; i++)
		if (q->works[i] == citing)
			return store_fq_flush(st);
	return 0;
}
