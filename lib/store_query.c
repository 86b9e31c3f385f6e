/* store_query.c — the faceted statement query: SQL built from fixed
 * fragments for a struct ct_query, every value bound (see store.h
 * store_query, store_scan, store_scan_ids). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "err.h"
#include "store_int.h"

/* ---- the faceted statement query ---------------------------------------- */

static const char q_cols[] = Q_COLS;

static void q_mask(struct ct_buf *b, const char *col, unsigned mask, int n)
{
	const char *sep = "";

	ct_buf_printf(b, " AND %s IN (", col);
	for (int i = 0; i < n; i++)
		if (mask & (1u << i)) {
			ct_buf_printf(b, "%s%d", sep, i);
			sep = ",";
		}
	ct_buf_puts(b, ")");
}

/* The facets of issue 5: publication type of the citing work, self. */
static void q_where_more(struct ct_buf *b, const struct ct_query *q,
                         enum store_qkind kind)
{
	if (q->npubtypes && kind != STORE_Q_PUBTYPE) {
		ct_buf_puts(b, " AND s.pubtype IN (");
		for (int i = 0; i < q->npubtypes && i < CT_PUBTYPES_MAX; i++)
			ct_buf_printf(b, "%s:pt%d", i ? "," : "", i);
		ct_buf_puts(b, ")");
	}
	if (q->self && kind != STORE_Q_SELF)
		ct_buf_puts(b, q->self == CT_SELF_ONLY ? " AND s.self = 1"
		                                       : " AND s.self = 0");
	if (q->journal_self && kind != STORE_Q_JSELF)
		ct_buf_puts(b, q->journal_self == CT_SELF_ONLY
		                   ? " AND s.jself = 1"
		                   : " AND s.jself = 0");
}

static void q_where(struct ct_buf *b, const struct ct_query *q,
                    enum store_qkind kind)
{
	ct_buf_puts(b, " WHERE 1");
	if (q->cited)
		ct_buf_puts(b, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(b, " AND s.citing = :citing");
	if (q->type_mask && kind != STORE_Q_TYPE)
		q_mask(b, "s.type", q->type_mask, CT_TYPE_COUNT);
	if (q->section_mask && kind != STORE_Q_SECTION)
		q_mask(b, "s.section_class", q->section_mask, CT_SEC_COUNT);
	if (q->from_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year >= :fy");
	if (q->to_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year <= :ty");
	q_where_more(b, q, kind);
}

/* Keyset pagination for the sorts with a stable key; offsets only for
 * relevance with a text query, whose rank has no key to resume from. */
static void q_order(struct ct_buf *b, const struct ct_query *q,
                    const struct store_cursor *c)
{
	int rel = q->sort == CT_SORT_RELEVANCE;

	if (q->sort == CT_SORT_NEWEST) {
		if (c->kind == 'n')
			ct_buf_puts(
			    b, " AND (coalesce(s.year, 0) < :ck OR"
			       " (coalesce(s.year, 0) = :ck AND s.id < :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0) DESC, s.id DESC");
	} else if (q->sort == CT_SORT_OLDEST) {
		if (c->kind == 'd')
			ct_buf_puts(
			    b, " AND (coalesce(s.year, 0) > :ck OR"
			       " (coalesce(s.year, 0) = :ck AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0), s.id");
	} else if (q->sort == CT_SORT_CONFIDENCE) {
		if (c->kind == 'c')
			ct_buf_puts(b,
			            " AND (s.confidence < :cf OR"
			            " (s.confidence = :cf AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY s.confidence DESC, s.id");
	} else if (rel && q->text) {
		ct_buf_puts(b, " ORDER BY f.rank, s.id");
	} else {
		if (c->kind == 'i')
			ct_buf_puts(b, " AND s.id > :cid");
		ct_buf_puts(b, " ORDER BY s.id");
	}
	ct_buf_puts(b, " LIMIT :lim");
	if (rel && q->text)
		ct_buf_puts(b, " OFFSET :off");
}

static void q_build(struct ct_buf *b, const struct ct_query *q,
                    const struct store_cursor *c, enum store_qkind kind)
{
	static const char *const facet_col[] = {
	    [STORE_Q_TYPE] = "s.type",
	    [STORE_Q_SECTION] = "s.section_class",
	    [STORE_Q_YEAR] = "s.year",
	    [STORE_Q_SELF] = "s.self",
	    [STORE_Q_PUBTYPE] = "s.pubtype",
	    [STORE_Q_JSELF] = "s.jself"};
	const char *from = q->text ? " FROM statements_fts f JOIN statements s"
	                             " ON " ST_OF_LEAD
	                           : " FROM statements s";

	if (kind == STORE_Q_PAGE) {
		ct_buf_puts(b, q_cols);
		ct_buf_puts(b, from);
		ct_buf_puts(b, " JOIN works cw ON cw.id = s.citing"
		               " LEFT JOIN works dw ON dw.id = s.cited");
	} else {
		ct_buf_printf(b, "SELECT %s, count(*)", facet_col[kind]);
		ct_buf_puts(b, from);
	}
	q_where(b, q, kind);
	if (q->text)
		ct_buf_puts(b, " AND statements_fts MATCH :text");
	if (kind == STORE_Q_PAGE)
		q_order(b, q, c);
	else
		ct_buf_printf(b, " GROUP BY 1 ORDER BY 1");
}

static void q_bind(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_int64(s, i, v);
}

static void q_bind_all(sqlite3_stmt *s, const struct ct_query *q,
                       const struct store_cursor *c)
{
	int i;

	q_bind(s, ":cited", q->cited);
	q_bind(s, ":citing", q->citing);
	q_bind(s, ":fy", q->from_year);
	q_bind(s, ":ty", q->to_year);
	q_bind(s, ":ck", c->year);
	q_bind(s, ":cid", c->id);
	q_bind(s, ":lim", q->limit + 1); /* one more tells if a page follows */
	q_bind(s, ":off", c->off);
	if ((i = sqlite3_bind_parameter_index(s, ":cf")))
		sqlite3_bind_double(s, i, c->conf);
	if ((i = sqlite3_bind_parameter_index(s, ":text")))
		sqlite3_bind_text(s, i, q->text, -1, SQLITE_STATIC);
	for (int k = 0; k < q->npubtypes && k < CT_PUBTYPES_MAX; k++) {
		char name[16];

		snprintf(name, sizeof(name), ":pt%d", k);
		if ((i = sqlite3_bind_parameter_index(s, name)))
			sqlite3_bind_text(s, i, q->pubtypes[k], -1,
			                  SQLITE_STATIC);
	}
}

int store_query(struct store *st, const struct ct_query *q,
                const struct store_cursor *cur, enum store_qkind kind,
                struct store_row **out, struct ct_error *err)
{
	struct ct_buf sql = CT_BUF_INIT;
	struct store_row *r;
	int rc = 0;

	*out = NULL;
	q_build(&sql, q, cur, kind);
	r = calloc(1, sizeof(*r));
	if (!r || !sql.ptr) {
		rc = err_set(err, CT_ENOMEM, "query: out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, sql.ptr, (int)sql.len, &r->s, NULL)) {
		rc = err_set(err, st->pg ? store_pg_not_yet(st) : CT_EDB,
		             "query: %s", store_errmsg(st));
		goto out;
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	r = NULL;
out:
	free(r);
	ct_buf_release(&sql);
	return rc;
}

static int store_prepare_dynamic(struct store *st, const struct ct_buf *sql,
                                 const struct ct_query *q,
                                 const struct store_cursor *cur,
                                 struct store_row **out, struct ct_error *err)
{
	struct store_row *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !sql->ptr) {
		free(r);
		return err_set(err, CT_ENOMEM, "query: out of memory");
	}
	if (sqlite3_prepare_v2(st->db, sql->ptr, (int)sql->len, &r->s, NULL)) {
		free(r);
		return err_set(err, st->pg ? store_pg_not_yet(st) : CT_EDB,
		               "query: %s", store_errmsg(st));
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	return 0;
}

int store_scan(struct store *st, const struct ct_query *q,
               struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	/* ct_rank, not bm25(): the same doubles, linear in the query's
	 * phrases (rank_fn) */
	if (q->text && !st->rank && store_rank_use(st, NULL, 0))
		return err_set(err, CT_EDB, "query: cannot install ct_rank");
	ct_buf_puts(&sql, STORE_SCAN_SQL); /* store_cols.h, then rank, card */
	/* the row's length joined (one seek per match), not looked up by
	 * FTS5 through a statement of its own per row (store_rank.c) */
	ct_buf_puts(&sql, q->text
	                      ? "ct_rank(statements_fts, d.sz), s.id - s.sctx"
	                        " FROM statements_fts f"
	                        " JOIN statements_fts_docsize d"
	                        " ON d.id = f.rowid"
	                        " JOIN statements s INDEXED BY st_by_lead"
	                        " ON " ST_OF_LEAD
	                      : "0.0, s.id - s.sctx FROM statements s");
	ct_buf_puts(&sql, " WHERE 1");
	if (q->cited)
		ct_buf_puts(&sql, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(&sql, " AND s.citing = :citing");
	if (q->text)
		ct_buf_puts(&sql, " AND statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}

void store_query_free(struct store_row *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->s);
	free(r);
}

int store_scan_ids(struct store *st, const struct ct_query *q, int rank,
                   struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	ct_buf_puts(&sql, rank ? "SELECT rowid, ct_rank(statements_fts)"
	                       : "SELECT rowid, 0.0");
	ct_buf_puts(&sql,
	            " FROM statements_fts WHERE statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}
