/*
 * store_pg_search.c — search on PostgreSQL (issue 18): the same matches,
 * the same bm25() doubles and the same highlights as FTS5 on SQLite.
 *
 * The words: every indexed text (a run's lead, ctx = 0) holds a tsvector
 * made from FTS5's own tokens and positions (store_tsv.h, written by
 * pg-load) and ntok, its FTS5 token count.  PostgreSQL's text parser is
 * never used (it cuts "COVID-19" otherwise).
 *
 * The query: qparse's FTS5 expression (quoted strings, '*' after one,
 * AND, OR, NOT, parentheses) is read again here and written as a tsquery:
 * each string cut by the same tokenizer into lexemes joined by <->
 * (FTS5's phrase: consecutive positions), the last one :* for a prefix
 * (both compare bytes), AND as &, OR as |, "a NOT b" as a & !b.
 *
 * The rank: bm25() as FTS5 computes it (store_rank.c rank_fn, the same
 * expression in the same order): IDF of each phrase from the count of
 * texts it matches, the average length from count(*) and sum(ntok) of
 * the indexed texts, and each matched text's phrase frequencies counted
 * here on its tsvector's positions.  FTS5 counts a phrase in a row only
 * when the phrase's node stands on that row, which depends on how the
 * expression was walked: it equals the count in the text wherever no AND
 * or NOT sits below an OR and no AND or NOT on a NOT's right side.  Other
 * expressions are refused when ranked by relevance (their matches are
 * the same; only their order could differ): a clear error, never a
 * different answer.
 *
 * Highlights: the page's texts go into an FTS5 table of the store's own
 * in-memory SQLite database, and highlight() runs there with the same
 * expression: a row's highlight depends on its text and the expression
 * only, so it is SQLite's by construction.
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_cols.h"
#include "store_int.h"
#include "store_pg_int.h"
#include "store_scan.h"
#include "store_tsv.h"

#define PGS_PHRASES_MAX 64  /* phrases of one expression (qparse: 12) */
#define PGS_TOKENS_MAX  256 /* tokens of all its phrases (qparse: 64) */

enum xq {
	XQ_STATS,
	XQ_HITS,
	XQ_MATCH,
	XQ_SCAN_ALL,
	XQ_SCAN_CITED,
	XQ_SCAN_CITING,
	XQ_SCAN_BOTH,
	XQ_RUNS,
	XQ_TEXTS,
	XQ__COUNT
};

/* The matched texts, computed once (MATERIALIZED: on Citus an
 * intermediate result joined on any column), then the scan's rows with
 * the lead's id where the rank goes (pg_search_scan reads it): the scans
 * of one work's statements (its shard) or one citing work's. */
#define XQ_LEADS                                                               \
	"WITH m AS MATERIALIZED (SELECT id FROM statements WHERE ctx = 0"      \
	" AND tsv @@ $1::tsquery) " STORE_SCAN_SQL                             \
	"m.id, s.id - s.sctx, s.dkey FROM statements s"                        \
	" JOIN m ON s.id - s.ctx = m.id"

static const char *const xq_sql[XQ__COUNT] = {
    [XQ_STATS] = "SELECT count(*), coalesce(sum(ntok), 0)::bigint"
                 " FROM statements WHERE ctx = 0",
    [XQ_HITS] = "SELECT count(*) FROM statements WHERE ctx = 0"
                " AND tsv @@ $1::tsquery",
    [XQ_MATCH] = "SELECT id, ntok, tsv FROM statements WHERE ctx = 0"
                 " AND tsv @@ $1::tsquery",
    /* the whole index: the matched leads joined to their runs on each
     * lead's shard (runs, by the lead's dkey: a co-located join that
     * Citus pushes down whole, instead of every shard's rows matched
     * by id - ctx to every matched lead) */
    [XQ_SCAN_ALL] = STORE_SCAN_SQL "m.id, s.id - s.sctx,"
                                   " coalesce(s.cited, -s.citing)"
                                   " FROM statements m"
                                   " JOIN runs s ON s.ldkey = m.dkey"
                                   " AND s.lead = m.id WHERE m.ctx = 0"
                                   " AND m.tsv @@ $1::tsquery ORDER BY s.id",
    [XQ_SCAN_CITED] = XQ_LEADS " WHERE s.dkey = $2::bigint"
                               " AND s.cited = $2::bigint ORDER BY s.id",
    [XQ_SCAN_CITING] = XQ_LEADS " WHERE s.citing = $2::bigint ORDER BY s.id",
    [XQ_SCAN_BOTH] = XQ_LEADS " WHERE s.dkey = $2::bigint"
                              " AND s.cited = $2::bigint"
                              " AND s.citing = $3::bigint ORDER BY s.id",
    [XQ_RUNS] = "SELECT id, id - ctx FROM statements"
                " WHERE id = ANY($1::bigint[]) ORDER BY id",
    [XQ_TEXTS] = "SELECT id, text FROM statements"
                 " WHERE id = ANY($1::bigint[]) AND ctx = 0 ORDER BY id",
};

struct pg_search {
	struct store_tsv *tsv;
	int hl_ready; /* the in-memory FTS5 table exists */
};

void pg_search_free(struct pg_search *s)
{
	if (!s)
		return;
	store_tsv_close(s->tsv);
	free(s);
}

static int xq(struct store *st, enum xq k, int n, const char *const *v,
              PGresult **out)
{
	return pg_read_query(st, (int)k, xq_sql[k], n, v, out);
}

/* ---- the expression, read again ---------------------------------------- */

struct phrase {
	int first, n; /* its tokens in xl.tok */
	int prefix;
};

struct xl {
	const char *s; /* qparse's expression */
	size_t i;
	struct store_tsv *tsv;
	struct ct_buf tsq;   /* the whole tsquery */
	struct ct_buf bytes; /* the tokens' bytes */
	struct {
		size_t off, len;
	} tok[PGS_TOKENS_MAX];
	int ntok;
	struct phrase ph[PGS_PHRASES_MAX];
	int nph;
	int unranked; /* an AND or NOT where FTS5's counts differ */
	const char *why;
};

static int xl_fail(struct xl *x, const char *why)
{
	if (!x->why)
		x->why = why;
	return -1;
}

static int xl_token(void *arg, const char *tok, size_t len)
{
	struct xl *x = arg;

	if (x->ntok == PGS_TOKENS_MAX)
		return xl_fail(x, "too many words");
	if (len > STORE_TSV_LEXEME_MAX)
		return xl_fail(x, "a word longer than PostgreSQL's tsvector "
		                  "holds");
	x->tok[x->ntok].off = x->bytes.len;
	x->tok[x->ntok].len = len;
	x->ntok++;
	return ct_buf_put(&x->bytes, tok, len) ? xl_fail(x, "out of memory")
	                                       : 0;
}

/* A lexeme as tsquery's input reads it: quoted, ' and \ escaped. */
static void xl_lexeme(struct ct_buf *b, const char *s, size_t n)
{
	ct_buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			ct_buf_putc(b, '\\');
		ct_buf_putc(b, s[i]);
	}
	ct_buf_putc(b, '\'');
}

/* A phrase's tsquery: its lexemes joined by <->, the last :* when a
 * prefix. */
static void xl_phrase_tsq(const struct xl *x, const struct phrase *p,
                          struct ct_buf *b)
{
	ct_buf_putc(b, '(');
	for (int j = 0; j < p->n; j++) {
		if (j)
			ct_buf_puts(b, " <-> ");
		xl_lexeme(b, x->bytes.ptr + x->tok[p->first + j].off,
		          x->tok[p->first + j].len);
	}
	ct_buf_puts(b, p->prefix ? ":*)" : ")");
}

/* A quoted string ('"' doubled inside), then '*' for a prefix. */
static int xl_string(struct xl *x)
{
	struct ct_buf raw = CT_BUF_INIT;
	struct phrase *p;
	int rc = 0;

	for (x->i++; x->s[x->i]; x->i++) {
		if (x->s[x->i] == '"') {
			if (x->s[x->i + 1] != '"')
				break;
			x->i++;
		}
		ct_buf_putc(&raw, x->s[x->i]);
	}
	if (x->s[x->i] != '"' || x->nph == PGS_PHRASES_MAX) {
		ct_buf_release(&raw);
		return xl_fail(x, "an expression it cannot read");
	}
	x->i++;
	p = &x->ph[x->nph++];
	p->first = x->ntok;
	p->prefix = x->s[x->i] == '*';
	x->i += p->prefix;
	if (raw.len)
		rc = store_tsv_tokens(x->tsv, raw.ptr, raw.len, xl_token, x);
	ct_buf_release(&raw);
	p->n = x->ntok - p->first;
	if (rc || ct_buf_error(&x->bytes))
		return xl_fail(x, "cannot cut its words");
	if (!p->n)
		return xl_fail(x, "a phrase without a word");
	xl_phrase_tsq(x, p, &x->tsq);
	return 0;
}

static int xl_is(struct xl *x, const char *op)
{
	size_t n = strlen(op);

	if (strncmp(x->s + x->i, op, n))
		return 0;
	x->i += n;
	return 1;
}

/* Each returns whether its node holds an AND or a NOT (for the rank's
 * rule), or -1. */
static int xl_or(struct xl *x);

static int xl_primary(struct xl *x)
{
	int r;

	if (x->s[x->i] == '"')
		return xl_string(x) ? -1 : 0;
	if (x->s[x->i] != '(')
		return xl_fail(x, "an expression it cannot read");
	x->i++;
	if ((r = xl_or(x)) < 0)
		return r;
	if (x->s[x->i] != ')')
		return xl_fail(x, "an expression it cannot read");
	x->i++;
	return r;
}

/* a NOT b NOT c: FTS5's tightest operator, from the left. */
static int xl_not(struct xl *x)
{
	size_t at = x->tsq.len;
	int r = xl_primary(x), any = 0, right;

	while (r >= 0 && xl_is(x, " NOT ")) {
		if (!any) { /* "(" before the left side */
			ct_buf_putc(&x->tsq, ')');
			memmove(x->tsq.ptr + at + 1, x->tsq.ptr + at,
			        x->tsq.len - at - 1);
			x->tsq.ptr[at] = '(';
			any = 1;
		}
		ct_buf_puts(&x->tsq, " & !");
		if ((right = xl_primary(x)) < 0)
			return right;
		if (right)
			x->unranked = 1;
		r = 1;
	}
	if (any)
		ct_buf_putc(&x->tsq, ')');
	return r;
}

/* A chain of one operator, " AND " or " OR ", in parentheses. */
static int xl_chain(struct xl *x, const char *op, const char *tsq_op,
                    int (*next)(struct xl *x), int *n)
{
	size_t at = x->tsq.len;
	int r = next(x), k, any = r > 0;

	*n = 1;
	while (r >= 0 && xl_is(x, op)) {
		if (*n == 1) {
			ct_buf_putc(&x->tsq, ')');
			memmove(x->tsq.ptr + at + 1, x->tsq.ptr + at,
			        x->tsq.len - at - 1);
			x->tsq.ptr[at] = '(';
		}
		ct_buf_puts(&x->tsq, tsq_op);
		if ((k = next(x)) < 0)
			return k;
		any |= k;
		(*n)++;
	}
	if (r >= 0 && *n > 1)
		ct_buf_putc(&x->tsq, ')');
	return r < 0 ? r : any;
}

static int xl_and(struct xl *x)
{
	int n, r = xl_chain(x, " AND ", " & ", xl_not, &n);

	return r < 0 ? r : r || n > 1;
}

static int xl_or(struct xl *x)
{
	int n, r = xl_chain(x, " OR ", " | ", xl_and, &n);

	if (r > 0 && n > 1)
		x->unranked = 1; /* an AND or NOT below an OR */
	return r;
}

/* qparse's expression into x (x->tsq the tsquery); CT_ENOTSUP for one
 * PostgreSQL cannot express. */
static int xl_read(struct xl *x, const char *expr, struct ct_error *err)
{
	int r;

	x->s = expr;
	r = xl_or(x);
	if (r >= 0 && x->s[x->i])
		r = xl_fail(x, "an expression it cannot read");
	if (ct_buf_error(&x->tsq))
		return err_set(err, CT_ENOMEM, "search: out of memory");
	if (r < 0)
		return err_set(err, CT_ENOTSUP,
		               "%s: search on PostgreSQL cannot express this "
		               "query (%s)",
		               expr, x->why ? x->why : "?");
	return 0;
}

static void xl_release(struct xl *x)
{
	ct_buf_release(&x->tsq);
	ct_buf_release(&x->bytes);
}

static int search_state(struct store *st, struct pg_search **out,
                        struct ct_error *err)
{
	struct pg_search **s = pg_read_search(st);
	int rc;

	if (!*s && !(*s = calloc(1, sizeof(**s))))
		return err_set(err, CT_ENOMEM, "search: out of memory");
	if (!(*s)->tsv && (rc = store_tsv_open(&(*s)->tsv, err)))
		return rc;
	*out = *s;
	return 0;
}

/* ---- bm25() ------------------------------------------------------------- */

/* What bm25() computes once per query (store_rank.c rank_query_init). */
struct rq {
	double avgdl;
	double idf[PGS_PHRASES_MAX];
};

static int read_i64(const PGresult *r, int row, int col, int64_t *v)
{
	*v = pg_col_int(r, row, col);
	return 0;
}

static int rank_query(struct store *st, struct xl *x, struct rq *q,
                      struct ct_error *err)
{
	int64_t rows = 0, tokens = 0;
	PGresult *r;
	int rc = xq(st, XQ_STATS, 0, NULL, &r);

	if (rc)
		return err_set(err, rc, "search: %s", pg_read_msg(st));
	read_i64(r, 0, 0, &rows);
	read_i64(r, 0, 1, &tokens);
	PQclear(r);
	q->avgdl = (double)tokens / (double)rows;
	for (int i = 0; i < x->nph; i++) {
		struct ct_buf b = CT_BUF_INIT;
		const char *v[1];
		int64_t hits = 0;
		double idf;

		xl_phrase_tsq(x, &x->ph[i], &b);
		if (ct_buf_error(&b) || !b.ptr) {
			ct_buf_release(&b);
			return err_set(err, CT_ENOMEM, "search: out of memory");
		}
		v[0] = b.ptr;
		rc = xq(st, XQ_HITS, 1, v, &r);
		ct_buf_release(&b);
		if (rc)
			return err_set(err, rc, "search: %s", pg_read_msg(st));
		read_i64(r, 0, 0, &hits);
		PQclear(r);
		idf = log((rows - hits + 0.5) / (hits + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	return 0;
}

/* A tsvector in binary: its lexemes in byte order, each with its
 * positions (tsvector_send). */
struct lex {
	const char *s;
	size_t n;
	const unsigned char *pos; /* npos big-endian uint16 */
	int npos;
};

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int tsv_parse(const char *p, size_t n, struct lex **v, int *nv)
{
	const unsigned char *u = (const unsigned char *)p, *end = u + n;
	uint32_t k;

	*nv = 0;
	if (n < 4)
		return n ? CT_EPARSE : 0;
	k = (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 |
	    u[3];
	u += 4;
	if (k > n || !(*v = realloc(*v, (k ? k : 1) * sizeof(**v))))
		return k > n ? CT_EPARSE : CT_ENOMEM;
	for (uint32_t i = 0; i < k; i++) {
		struct lex *l = &(*v)[i];
		const unsigned char *z = memchr(u, 0, (size_t)(end - u));

		if (!z || end - z < 3)
			return CT_EPARSE;
		l->s = (const char *)u;
		l->n = (size_t)(z - u);
		l->npos = (int)be16(z + 1);
		l->pos = z + 3;
		u = l->pos + 2 * l->npos;
		if (u > end)
			return CT_EPARSE;
	}
	*nv = (int)k;
	return 0;
}

static int lex_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : an < bn ? -1 : an > bn;
}

/* The first lexeme not below s[0..n). */
static int lex_lower(const struct lex *v, int nv, const char *s, size_t n)
{
	int lo = 0, hi = nv;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (lex_cmp(v[mid].s, v[mid].n, s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether token t of the text (exactly, or as a prefix) is at pos. */
static int tok_at(const struct lex *v, int nv, const char *s, size_t n,
                  int prefix, unsigned pos)
{
	for (int i = lex_lower(v, nv, s, n); i < nv; i++) {
		if (prefix ? v[i].n < n || memcmp(v[i].s, s, n)
		           : v[i].n != n || memcmp(v[i].s, s, n))
			return 0;
		for (int j = 0; j < v[i].npos; j++)
			if ((be16(v[i].pos + 2 * j) & 0x3FFF) == pos)
				return 1;
		if (!prefix)
			return 0;
	}
	return 0;
}

/* How often phrase p occurs in the text: the positions of its first
 * token where each next token follows (FTS5's instances). */
static double phrase_freq(const struct xl *x, const struct phrase *p,
                          const struct lex *v, int nv)
{
	const char *s0 = x->bytes.ptr + x->tok[p->first].off;
	size_t n0 = x->tok[p->first].len;
	int pre0 = p->prefix && p->n == 1;
	double f = 0.0;

	for (int i = lex_lower(v, nv, s0, n0); i < nv; i++) {
		if (pre0 ? v[i].n < n0 || memcmp(v[i].s, s0, n0)
		         : v[i].n != n0 || memcmp(v[i].s, s0, n0))
			break;
		for (int j = 0; j < v[i].npos; j++) {
			unsigned at = be16(v[i].pos + 2 * j) & 0x3FFF;
			int k = 1;

			for (; k < p->n; k++)
				if (!tok_at(v, nv,
				            x->bytes.ptr +
				                x->tok[p->first + k].off,
				            x->tok[p->first + k].len,
				            p->prefix && k == p->n - 1,
				            at + (unsigned)k))
					break;
			if (k == p->n)
				f += 1.0;
		}
		if (!pre0)
			break;
	}
	return f;
}

/* bm25() of one text: store_rank.c rank_fn's expression, in its order. */
static double rank_of(const struct xl *x, const struct rq *q,
                      const struct lex *v, int nv, double d)
{
	const double k1 = 1.2, b = 0.75;
	double freq[PGS_PHRASES_MAX], score = 0.0;

	for (int i = 0; i < x->nph; i++)
		freq[i] = phrase_freq(x, &x->ph[i], v, nv);
	for (int i = 0; i < x->nph; i++)
		score +=
		    q->idf[i] * ((freq[i] * (k1 + 1.0)) /
		                 (freq[i] + k1 * (1 - b + b * d / q->avgdl)));
	return -1.0 * score;
}

struct ranked {
	int64_t id;
	double rank;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every matched text's bm25(), by id. */
static int rank_all(struct store *st, struct xl *x, struct ranked **out,
                    size_t *nout, struct ct_error *err)
{
	const char *v[1] = {x->tsq.ptr};
	struct lex *lx = NULL;
	struct rq q = {0};
	PGresult *r;
	int rc = rank_query(st, x, &q, err), n, nlx;

	if (rc)
		return rc;
	if ((rc = xq(st, XQ_MATCH, 1, v, &r)))
		return err_set(err, rc, "search: %s", pg_read_msg(st));
	n = PQntuples(r);
	if (!(*out = malloc((size_t)(n ? n : 1) * sizeof(**out)))) {
		PQclear(r);
		return err_set(err, CT_ENOMEM, "search: out of memory");
	}
	for (int i = 0; i < n && !rc; i++) {
		rc = tsv_parse(PQgetvalue(r, i, 2),
		               (size_t)PQgetlength(r, i, 2), &lx, &nlx);
		(*out)[i].id = pg_col_int(r, i, 0);
		(*out)[i].rank =
		    rc ? 0.0
		       : rank_of(x, &q, lx, nlx, (double)pg_col_int(r, i, 1));
	}
	PQclear(r);
	free(lx);
	if (rc)
		return err_set(err, rc, "search: a tsvector it cannot read");
	qsort(*out, (size_t)n, sizeof(**out), ranked_cmp);
	*nout = (size_t)n;
	return 0;
}

static double rank_lookup(const struct ranked *v, size_t n, int64_t id)
{
	struct ranked k = {id, 0.0}, *hit;

	hit = v ? bsearch(&k, v, n, sizeof(*v), ranked_cmp) : NULL;
	return hit ? hit->rank : 0.0;
}

/* ---- the scan ----------------------------------------------------------- */

static int ranks_needed(const struct ct_query *q)
{
	return q->sort != CT_SORT_NEWEST && q->sort != CT_SORT_OLDEST &&
	       q->sort != CT_SORT_CONFIDENCE;
}

static int scan_rows(struct store *st, const struct ct_query *q,
                     const char *tsq, const struct ranked *rk, size_t nrk,
                     int (*fn)(void *arg, const struct store_scan_row *row),
                     void *arg, struct ct_error *err)
{
	char a[2][24];
	const char *v[3] = {tsq};
	enum xq k = XQ_SCAN_ALL;
	struct store_scan_row row = {0};
	int n = 1, rc;
	PGresult *r;

	if (q->cited) {
		snprintf(a[0], sizeof(a[0]), "%lld", (long long)q->cited);
		v[n++] = a[0];
	}
	if (q->citing) {
		snprintf(a[1], sizeof(a[1]), "%lld", (long long)q->citing);
		v[n++] = a[1];
	}
	if (q->cited && q->citing)
		k = XQ_SCAN_BOTH;
	else if (q->cited || q->citing)
		k = q->cited ? XQ_SCAN_CITED : XQ_SCAN_CITING;
	if ((rc = xq(st, k, n, v, &r)))
		return err_set(err, rc, "query: %s", pg_read_msg(st));
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		pg_scan_row(r, i, &row);
		row.rank =
		    rank_lookup(rk, nrk, pg_col_int(r, i, STORE_SC_RANK));
		/* each row's own shard key, after the scan's columns */
		pg_keys_add(st, row.id, pg_col_int(r, i, STORE_SC_CARD + 1));
		rc = fn(arg, &row);
	}
	PQclear(r);
	return rc;
}

int pg_search_scan(struct store *st, const struct ct_query *q,
                   int (*fn)(void *arg, const struct store_scan_row *row),
                   void *arg, struct ct_error *err)
{
	struct pg_search *s;
	struct xl x = {0};
	struct ranked *rk = NULL;
	size_t nrk = 0;
	int rc;

	if (!strcmp(q->text, "\"\"")) /* qparse: nothing left, no match */
		return 0;
	if ((rc = search_state(st, &s, err)))
		return rc;
	x.tsv = s->tsv;
	if ((rc = xl_read(&x, q->text, err)))
		goto out;
	if (ranks_needed(q) && x.unranked) {
		rc = err_set(err, CT_ENOTSUP,
		             "search: ranking by relevance a query with an AND "
		             "or NOT inside an OR (or after a NOT) is not "
		             "available on PostgreSQL; sort by newest, oldest "
		             "or confidence");
		goto out;
	}
	if (ranks_needed(q) && (rc = rank_all(st, &x, &rk, &nrk, err)))
		goto out;
	rc = scan_rows(st, q, x.tsq.ptr, rk, nrk, fn, arg, err);
out:
	free(rk);
	xl_release(&x);
	return rc;
}

/* ---- highlights ---------------------------------------------------------- */

/* SQLite's message as the store's (CT_EDB). */
static int hl_fail(struct store *st)
{
	snprintf(pg_read_msg(st), 512, "highlights: %s",
	         sqlite3_errmsg(st->db));
	return CT_EDB;
}

/* The FTS5 table of the store's in-memory database that highlights run
 * on (statements_fts's definition: one column, FTS5's defaults). */
static int hl_ready(struct store *st, struct pg_search *s)
{
	if (s->hl_ready)
		return 0;
	if (sqlite3_exec(st->db,
	                 "CREATE VIRTUAL TABLE pg_highlight USING fts5(text)",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return hl_fail(st);
	s->hl_ready = 1;
	return 0;
}

/* ids, a JSON array of integers, as an SQL array literal "{...}". */
static int ids_array(const char *ids, struct ct_buf *b)
{
	for (const char *p = ids; *p; p++)
		ct_buf_putc(b, *p == '[' ? '{' : *p == ']' ? '}' : *p);
	return ct_buf_error(b) || !b->ptr ? CT_ENOMEM : 0;
}

/* The page's lead texts into pg_highlight (emptied first). */
static int hl_fill(struct store *st, const PGresult *t)
{
	sqlite3_stmt *ins = NULL;
	int rc =
	    sqlite3_exec(st->db, "DELETE FROM pg_highlight", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    st->db,
		    "INSERT INTO pg_highlight(rowid, text) VALUES(?1, ?2)", -1,
		    &ins, NULL);
	for (int i = 0; rc == SQLITE_OK && i < PQntuples(t); i++) {
		sqlite3_bind_int64(ins, 1, pg_col_int(t, i, 0));
		sqlite3_bind_text(ins, 2, PQgetvalue(t, i, 1),
		                  PQgetlength(t, i, 1), SQLITE_STATIC);
		rc = sqlite3_step(ins) == SQLITE_DONE ? sqlite3_reset(ins)
		                                      : SQLITE_ERROR;
	}
	sqlite3_finalize(ins);
	return rc == SQLITE_OK ? 0 : hl_fail(st);
}

/* highlight() of the matched leads, each handed to fn for every listed
 * statement of its run (runs holds id, lead in id order). */
static int hl_run(struct store *st, const char *match, const PGresult *runs,
                  void (*fn)(void *arg, int64_t id, const char *text),
                  void *arg)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(
	    st->db,
	    "SELECT rowid, highlight(pg_highlight, 0, char(1), char(2))"
	    " FROM pg_highlight WHERE pg_highlight MATCH ?1 ORDER BY rowid",
	    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return hl_fail(st);
	sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t lead = sqlite3_column_int64(q, 0);
		const char *marked = (const char *)sqlite3_column_text(q, 1);

		for (int i = 0; i < PQntuples(runs); i++)
			if (pg_col_int(runs, i, 1) == lead)
				fn(arg, pg_col_int(runs, i, 0),
				   marked ? marked : "");
	}
	rc = rc == SQLITE_DONE ? 0 : hl_fail(st);
	sqlite3_finalize(q);
	return rc;
}

int pg_search_highlights(struct store *st, const char *match, int64_t lo,
                         int64_t hi, const char *ids,
                         void (*fn)(void *arg, int64_t id, const char *text),
                         void *arg)
{
	struct ct_error e = {0};
	struct ct_buf a = CT_BUF_INIT, leads = CT_BUF_INIT;
	PGresult *runs = NULL, *texts = NULL;
	struct pg_search *s;
	const char *v[1];
	int rc;

	(void)lo; /* ids are all within [lo, hi] */
	(void)hi;
	if ((rc = search_state(st, &s, &e))) {
		snprintf(pg_read_msg(st), 512, "%s", e.msg);
		goto out;
	}
	if ((rc = hl_ready(st, s)) || (rc = ids_array(ids, &a)))
		goto out;
	v[0] = a.ptr;
	if ((rc = xq(st, XQ_RUNS, 1, v, &runs)))
		goto out;
	for (int i = 0; i < PQntuples(runs); i++)
		ct_buf_printf(&leads, "%c%lld", i ? ',' : '{',
		              (long long)pg_col_int(runs, i, 1));
	if (ct_buf_puts(&leads, PQntuples(runs) ? "}" : "{}")) {
		rc = CT_ENOMEM;
		goto out;
	}
	v[0] = leads.ptr;
	if ((rc = xq(st, XQ_TEXTS, 1, v, &texts)) || (rc = hl_fill(st, texts)))
		goto out;
	rc = hl_run(st, match, runs, fn, arg);
out:
	PQclear(runs);
	PQclear(texts);
	ct_buf_release(&a);
	ct_buf_release(&leads);
	return rc;
}
