/* store_rank.c — the search cache's store side: the index's stamp, the
 * stored statement lengths and ct_rank, FTS5's bm25() linear in the
 * query's phrases (see store.h, fcol.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "err.h"
#include "store_int.h"

/* ---- the search cache: stamp, lengths and ct_rank (store.h, fcol.h) ------ */

/* A row's token count from its statements_fts_docsize.sz (one column):
 * SQLite's varint, 7 bits a byte, most significant first, the high bit
 * set on every byte but the last (FTS5's file format); -1 if it is not
 * one varint of at most 4 bytes. */
static int64_t doclen_of(const unsigned char *p, int n)
{
	int64_t v = 0;

	for (int i = 0; p && i < n && i < 4; i++) {
		v = (v << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80))
			return i + 1 == n ? v : -1;
	}
	return -1;
}

int64_t store_fts_doclen(struct store_row *r, int col)
{
	return doclen_of(sqlite3_column_blob(r->s, col),
	                 sqlite3_column_bytes(r->s, col));
}

int store_stamp(struct store *st, uint64_t stamp[2])
{
	struct store_row *r = store_sql(st, SQL_FC_VERSION);
	int rc = store_step(r);

	if (rc == 1)
		stamp[0] = (uint64_t)store_int(r, 0);
	stamp[1] = (uint64_t)sqlite3_total_changes64(st->db);
	store_done(r);
	return rc == 1 ? 0 : CT_EDB;
}

struct store_rank {
	const uint32_t *len;
	int64_t n;
};

/* Per query (FTS5 auxdata): what bm25() computes once per statement. */
struct rank_query {
	int nphrase;
	double avgdl;
	double *idf, *freq;
};

static int rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts,
                         void *ctx)
{
	(*(int64_t *)ctx)++;
	return SQLITE_OK;
}

/* The IDF of each phrase over the whole table, and the average length:
 * the definitions of FTS5's bm25() (see store.h store_rank_use). */
static int rank_query_init(const Fts5ExtensionApi *api, Fts5Context *fts,
                           struct rank_query **out)
{
	int np = api->xPhraseCount(fts), rc;
	sqlite3_int64 rows = 0, tokens = 0;
	struct rank_query *q =
	    sqlite3_malloc64(sizeof(*q) + 2 * (size_t)np * sizeof(double));

	if (!q)
		return SQLITE_NOMEM;
	q->nphrase = np;
	q->idf = (double *)(q + 1);
	q->freq = q->idf + np;
	rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	q->avgdl = (double)tokens / (double)rows;
	for (int i = 0; i < np && rc == SQLITE_OK; i++) {
		int64_t hits = 0;
		double idf;

		rc = api->xQueryPhrase(fts, i, &hits, rank_count_cb);
		idf = log((rows - hits + 0.5) / (hits + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	*out = rc == SQLITE_OK ? q : NULL;
	return rc;
}

/* The row's length: from the search cache, else from the docsize blob
 * the query joined and passed (ct_rank(statements_fts, d.sz): one seek
 * of the query's own, where xColumnSize runs a statement of its own per
 * row), else FTS5's xColumnSize.  The same integer either way. */
static int rank_doclen(const Fts5ExtensionApi *api, Fts5Context *fts,
                       sqlite3_value *sz, double *d)
{
	const struct store_rank *k = api->xUserData(fts);
	sqlite3_int64 id = api->xRowid(fts);
	int64_t v = -1;
	int n = 0, rc = SQLITE_OK;

	if (k && id >= 0 && id < k->n && k->len[id] != UINT32_MAX)
		n = (int)k->len[id];
	else if (sz && sqlite3_value_type(sz) == SQLITE_BLOB &&
	         (v = doclen_of(sqlite3_value_blob(sz),
	                        sqlite3_value_bytes(sz))) >= 0)
		n = (int)v;
	else
		rc = api->xColumnSize(fts, -1, &n);
	*d = (double)n;
	return rc;
}

/* How often phrase ip occurs in the current row, walking its own position
 * list (xPhraseFirst/xPhraseNext): O(its instances).  Not xInstCount/xInst:
 * FTS5 builds the row's instance array by picking, for every instance,
 * the least position over all phrases, O(instances x phrases) a row, and a
 * query of n repeated terms made that quadratic in n (issue 19: 400 terms
 * took 21 s).  Same counts, so the same doubles as bm25(). */
static double rank_phrase_freq(const Fts5ExtensionApi *api, Fts5Context *fts,
                               int ip, int *rc)
{
	Fts5PhraseIter it;
	int ic = -1, io = 0;
	double n = 0.0;

	*rc = api->xPhraseFirst(fts, ip, &it, &ic, &io);
	for (; *rc == SQLITE_OK && ic >= 0;
	     api->xPhraseNext(fts, &it, &ic, &io))
		n += 1.0;
	return n;
}

/* bm25() of the current row: the per-query IDFs and average length come
 * from the auxdata (computed at the first row), so a row costs
 * O(phrases + their instances in it), linear in the query's terms. */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
                    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	double score = 0.0, d = 0.0;
	int rc = q ? SQLITE_OK : rank_query_init(api, fts, &q);

	for (int i = 0; i < (q ? q->nphrase : 0) && rc == SQLITE_OK; i++)
		q->freq[i] = rank_phrase_freq(api, fts, i, &rc);
	if (rc == SQLITE_OK)
		rc = rank_doclen(api, fts, nval > 0 ? val[0] : NULL, &d);
	for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++)
		score += q->idf[i] *
		         ((q->freq[i] * (k1 + 1.0)) /
		          (q->freq[i] + k1 * (1 - b + b * d / q->avgdl)));
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, -1.0 * score);
	else
		sqlite3_result_error_code(ctx, rc);
}

/* FTS5's extension API of this connection ("SELECT fts5(?)", its
 * documented way). */
static fts5_api *rank_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL))
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int store_rank_use(struct store *st, const uint32_t *len, int64_t n)
{
	if (!st->rank) {
		fts5_api *api = rank_api(st->db);
		struct store_rank *k = calloc(1, sizeof(*k));

		/* FTS5 owns k from here: freed when the connection closes */
		if (!api || !k ||
		    api->xCreateFunction(api, "ct_rank", k, rank_fn, free)) {
			free(k);
			return CT_EDB;
		}
		st->rank = k;
	}
	st->rank->len = len;
	st->rank->n = len ? n : 0;
	return 0;
}
