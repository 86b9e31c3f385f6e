/*
 * store_pg_find.c — the works search (find) on PostgreSQL (issue 18):
 * store_works.h's works_match, works_count and works_one, answering what
 * works_fts answers on SQLite: the same works, the same bm25() doubles,
 * so find.c ranks them the same.
 *
 * The text: works_text (pg-load copies SQLite's, as works_fts indexed it)
 * with tsv, the distinct tokens of its four columns as works_fts's own
 * tokenizer cuts them (unicode61 remove_diacritics 2, store_tsv.h; no
 * positions), and ntok, their count (FTS5's size of the row).
 *
 * The query: find.c's FTS5 query is only quoted phrases, all of which
 * must match ("a" "b c"*).  Each phrase is cut by the same tokenizer; the
 * candidates are the rows whose tsv holds every token (the last one of a
 * prefix phrase as a prefix: both compare bytes), a superset of the
 * matches.  Each candidate's columns are cut again here and its phrases
 * counted column by column (consecutive tokens, as FTS5's instances);
 * those where a phrase does not occur are dropped.  A phrase without a
 * token is dropped from the query, as FTS5 drops it (and a query of only
 * such phrases matches nothing).
 *
 * The rank: bm25(works_fts, 4.0, 3.0, 1.0, 2.0) as FTS5 computes it
 * (store_pg_search.c rank_of, the same expression in the same order):
 * each phrase's frequency the sum of its instances' column weights, the
 * row's length its ntok, the average length sum(ntok) / count(*), each
 * phrase's IDF from the rows it occurs in (counted on the index for a
 * one-token phrase, on the candidates' texts for a longer one).  Ties
 * are cut by id (SQLite's sorter keeps rowid order).
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "mem.h"
#include "store_cols.h"
#include "store_int.h"
#include "store_pg_int.h"
#include "store_tsv.h"
#include "store_works.h"

#define PF_PHRASES_MAX 40  /* find.c: FIND_WORDS_MAX chunks, and one */
#define PF_TOKENS_MAX  512 /* the tokens of a query's phrases */
#define PF_COLS        4   /* title, authors, journal, keywords */
#define PF_SLOT        16  /* pg_read_query's slots PF_SLOT.. */

/* works_fts's bm25() weights (schema.h WF_MATCH) */
static const double pf_weight[PF_COLS] = {4.0, 3.0, 1.0, 2.0};

enum fq {
	FQ_STATS,
	FQ_HITS,
	FQ_CAND,
	FQ_CAND_YEAR,
	FQ_WORKS,
	FQ_CITING,
	FQ_ONE,
	FQ__COUNT
};

#define FQ_CAND_COLS "t.id, t.title, t.authors, t.journal, t.keywords, t.ntok"

static const char *const fq_sql[FQ__COUNT] = {
    [FQ_STATS] = "SELECT count(*), coalesce(sum(ntok), 0)::bigint"
                 " FROM works_text",
    [FQ_HITS] = "SELECT count(*) FROM works_text WHERE tsv @@ $1::tsquery",
    [FQ_CAND] = "SELECT " FQ_CAND_COLS " FROM works_text t"
                " WHERE t.tsv @@ $1::tsquery",
    /* works_text and works are colocated by id: one join per shard */
    [FQ_CAND_YEAR] = "SELECT " FQ_CAND_COLS " FROM works_text t JOIN works w"
                     " ON w.id = t.id WHERE t.tsv @@ $1::tsquery"
                     " AND w.year = $2::int",
    [FQ_WORKS] = "SELECT id, doi, pmid, pmcid, title, year, journal, indexed"
                 " FROM works WHERE id = ANY ($1::bigint[])",
    [FQ_CITING] = "SELECT cited, count(DISTINCT citing) FROM refs"
                  " WHERE cited = ANY ($1::bigint[]) GROUP BY cited",
    /* schema.h WF_AUTHORS: the authors' names, else ref_authors */
    [FQ_ONE] = "SELECT w.id, w.doi, w.pmid, w.pmcid, w.title, w.year,"
               " w.journal, w.indexed, coalesce((SELECT string_agg("
               "trim(coalesce(a.surname, '') || ' ' || coalesce(a.given, '')),"
               " '; ' ORDER BY a.pos) FROM authors a WHERE a.work ="
               " $1::bigint), w.ref_authors) FROM works w"
               " WHERE w.id = $1::bigint",
};

/* works_fts's tokenizer options (schema.c, migration 10) */
static const char *const pf_tok_args[] = {"remove_diacritics", "2"};

static int fq(struct store *st, enum fq k, int n, const char *const *v,
              PGresult **out)
{
	return pg_read_query(st, PF_SLOT + (int)k, fq_sql[k], n, v, out);
}

/* Tokens: offsets into bytes. */
struct toks {
	struct ct_buf bytes;
	struct {
		size_t off, len;
	} * v;
	size_t n, cap;
};

static int toks_add(void *arg, const char *tok, size_t len)
{
	struct toks *t = arg;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		void *v = realloc(t->v, cap * sizeof(*t->v));

		if (!v)
			return CT_ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n].off = t->bytes.len;
	t->v[t->n].len = len;
	t->n++;
	return ct_buf_put(&t->bytes, tok, len) ? CT_ENOMEM : 0;
}

static void toks_release(struct toks *t)
{
	ct_buf_release(&t->bytes);
	free(t->v);
}

static const char *tok_s(const struct toks *t, size_t i)
{
	return t->bytes.ptr + t->v[i].off;
}

struct phrase {
	size_t first, n; /* its tokens in pf.q */
	int prefix;
};

/* One query: its phrases (the words' and, apart, the whole phrase's). */
struct pf {
	struct store_tsv *tsv;
	struct toks q;
	struct phrase ph[PF_PHRASES_MAX];
	int nph;
	struct phrase whole; /* the phrase query, when has_whole */
	int has_whole;
	struct ct_buf tsq; /* every token, ANDed */
	struct toks col[PF_COLS];
};

static void pf_release(struct pf *p)
{
	store_tsv_close(p->tsv);
	toks_release(&p->q);
	ct_buf_release(&p->tsq);
	for (int c = 0; c < PF_COLS; c++)
		toks_release(&p->col[c]);
}

/* The next quoted phrase of s at *i ("" inside is one '"', then '*' for a
 * prefix) cut into p->q; 0 at the end, 1 with *ph, or CT_EUSAGE. */
static int pf_next(struct pf *p, const char *s, size_t *i, struct phrase *ph)
{
	struct ct_buf raw = CT_BUF_INIT;
	int rc = 0;

	while (s[*i] == ' ')
		(*i)++;
	if (!s[*i])
		return 0;
	if (s[*i] != '"')
		return CT_EUSAGE;
	for ((*i)++; s[*i]; (*i)++) {
		if (s[*i] == '"') {
			if (s[*i + 1] != '"')
				break;
			(*i)++;
		}
		ct_buf_putc(&raw, s[*i]);
	}
	if (s[*i] != '"') {
		ct_buf_release(&raw);
		return CT_EUSAGE;
	}
	(*i)++;
	ph->first = p->q.n;
	ph->prefix = s[*i] == '*';
	*i += (size_t)ph->prefix;
	if (raw.len)
		rc =
		    store_tsv_tokens(p->tsv, raw.ptr, raw.len, toks_add, &p->q);
	if (!rc && ct_buf_error(&raw))
		rc = CT_ENOMEM;
	ct_buf_release(&raw);
	ph->n = p->q.n - ph->first;
	if (!rc && p->q.n > PF_TOKENS_MAX)
		rc = CT_ELIMIT;
	return rc ? rc : 1;
}

/* A lexeme as tsquery's input reads it: quoted, ' and \ escaped. */
static void tsq_lexeme(struct ct_buf *b, const char *s, size_t n, int prefix)
{
	ct_buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			ct_buf_putc(b, '\\');
		ct_buf_putc(b, s[i]);
	}
	ct_buf_puts(b, prefix ? "':*" : "'");
}

static void phrase_tsq(const struct pf *p, const struct phrase *ph,
                       struct ct_buf *b)
{
	for (size_t j = 0; j < ph->n; j++) {
		if (b->len)
			ct_buf_puts(b, " & ");
		tsq_lexeme(b, tok_s(&p->q, ph->first + j),
		           p->q.v[ph->first + j].len,
		           ph->prefix && j + 1 == ph->n);
	}
}

/* fts (and phrase, NULL: none) read into p; its tsquery in p->tsq (empty
 * when no phrase has a token: nothing matches). */
static int pf_read(struct store *st, struct pf *p, const char *fts,
                   const char *phrase)
{
	size_t i = 0;
	struct phrase ph;
	int rc;

	if ((rc = store_tsv_open_args(&p->tsv, pf_tok_args, 2,
	                              &(struct ct_error){0})))
		goto fail;
	while ((rc = pf_next(p, fts, &i, &ph)) == 1) {
		if (!ph.n)
			continue; /* FTS5 drops a phrase without a token */
		if (p->nph == PF_PHRASES_MAX) {
			rc = CT_ELIMIT;
			break;
		}
		p->ph[p->nph++] = ph;
		phrase_tsq(p, &ph, &p->tsq);
	}
	if (!rc && phrase) {
		i = 0;
		rc = pf_next(p, phrase, &i, &p->whole);
		p->has_whole = 1;
		rc = rc == 1 ? 0 : rc ? rc : CT_EUSAGE;
	}
	if (!rc && ct_buf_error(&p->tsq))
		rc = CT_ENOMEM;
	if (!rc)
		return 0;
fail:
	snprintf(pg_read_msg(st), 512, "find: %s: %s", fts,
	         rc == CT_ENOMEM   ? "out of memory"
	         : rc == CT_ELIMIT ? "too many words"
	                           : "a query it cannot read");
	return rc < 0 ? rc : CT_EDB;
}

/* ---- a row's phrases ---------------------------------------------------- */

static int tok_eq(const struct toks *a, size_t i, const struct toks *b,
                  size_t j, int prefix)
{
	size_t n = b->v[j].len;

	return prefix
	           ? a->v[i].len >= n && !memcmp(tok_s(a, i), tok_s(b, j), n)
	           : a->v[i].len == n && !memcmp(tok_s(a, i), tok_s(b, j), n);
}

/* Instances of ph in column t: the positions where its tokens follow. */
static int phrase_count(const struct pf *p, const struct phrase *ph,
                        const struct toks *t)
{
	int n = 0;

	for (size_t at = 0; at + ph->n <= t->n; at++) {
		size_t k = 0;

		while (k < ph->n && tok_eq(t, at + k, &p->q, ph->first + k,
		                           ph->prefix && k + 1 == ph->n))
			k++;
		n += k == ph->n;
	}
	return n;
}

/* Row i of a candidates' result cut into p->col. */
static int row_cut(struct pf *p, const PGresult *r, int i)
{
	for (int c = 0; c < PF_COLS; c++) {
		struct toks *t = &p->col[c];
		int rc;

		t->n = 0;
		ct_buf_reset(&t->bytes);
		if (PQgetisnull(r, i, 1 + c))
			continue;
		rc = store_tsv_doc_tokens(p->tsv, PQgetvalue(r, i, 1 + c),
		                          (size_t)PQgetlength(r, i, 1 + c),
		                          toks_add, t);
		if (rc)
			return rc < 0 ? rc : CT_EDB;
		if (ct_buf_error(&t->bytes))
			return CT_ENOMEM;
	}
	return 0;
}

/* The weighted frequency of ph in the row cut (0: it does not occur). */
static double phrase_freq(const struct pf *p, const struct phrase *ph)
{
	double f = 0.0;

	for (int c = 0; c < PF_COLS; c++) {
		int n = phrase_count(p, ph, &p->col[c]);

		for (int k = 0; k < n; k++)
			f += pf_weight[c];
	}
	return f;
}

/* ---- the matches -------------------------------------------------------- */

struct cand {
	int64_t id;
	double bm25;
	int phrase;
	int row; /* in the candidates' result */
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->bm25 != y->bm25)
		return x->bm25 < y->bm25 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

struct pf_run {
	struct store *st;
	struct pf p;
	PGresult *cand;
	struct cand *v;
	size_t n;
	double avgdl, idf[PF_PHRASES_MAX];
};

/* The rows of the candidates' query, in year unless 0. */
static int run_cand(struct pf_run *x, const char *tsq, int year, PGresult **out)
{
	char y[16];
	const char *v[2] = {tsq, y};

	snprintf(y, sizeof(y), "%d", year);
	return fq(x->st, year ? FQ_CAND_YEAR : FQ_CAND, year ? 2 : 1, v, out);
}

/* How many rows phrase i occurs in, over the whole index (FTS5's IDF). */
static int phrase_hits(struct pf_run *x, int i, int64_t *hits)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *v[1];
	PGresult *r;
	int rc;

	phrase_tsq(&x->p, &x->p.ph[i], &b);
	if (ct_buf_error(&b) || !b.ptr) {
		ct_buf_release(&b);
		return CT_ENOMEM;
	}
	v[0] = b.ptr;
	rc = x->p.ph[i].n == 1 ? fq(x->st, FQ_HITS, 1, v, &r)
	                       : run_cand(x, b.ptr, 0, &r);
	ct_buf_release(&b);
	if (rc)
		return rc;
	*hits = 0;
	if (x->p.ph[i].n == 1)
		*hits = pg_col_int(r, 0, 0);
	for (int k = 0; x->p.ph[i].n > 1 && k < PQntuples(r) && !rc; k++)
		if (!(rc = row_cut(&x->p, r, k)))
			*hits += phrase_freq(&x->p, &x->p.ph[i]) > 0.0;
	PQclear(r);
	return rc;
}

/* avgdl and each phrase's IDF (store_rank.c rank_query_init). */
static int run_stats(struct pf_run *x)
{
	int64_t rows, tokens, hits;
	PGresult *r;
	int rc = fq(x->st, FQ_STATS, 0, NULL, &r);

	if (rc)
		return rc;
	rows = pg_col_int(r, 0, 0);
	tokens = pg_col_int(r, 0, 1);
	PQclear(r);
	x->avgdl = (double)tokens / (double)rows;
	for (int i = 0; i < x->p.nph; i++) {
		double idf;

		if ((rc = phrase_hits(x, i, &hits)))
			return rc;
		idf = log((rows - hits + 0.5) / (hits + 0.5));
		x->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	return 0;
}

/* bm25() of the row cut, of length d (FTS5's expression, in its order);
 * 1 when every phrase occurs in it. */
static int row_rank(const struct pf_run *x, double d, double *score)
{
	const double k1 = 1.2, b = 0.75;
	double freq[PF_PHRASES_MAX], s = 0.0;

	for (int i = 0; i < x->p.nph; i++)
		if ((freq[i] = phrase_freq(&x->p, &x->p.ph[i])) == 0.0)
			return 0;
	for (int i = 0; i < x->p.nph; i++)
		s += x->idf[i] * ((freq[i] * (k1 + 1.0)) /
		                  (freq[i] + k1 * (1 - b + b * d / x->avgdl)));
	*score = -1.0 * s;
	return 1;
}

/* Every match of fts (in year unless 0), ranked when rank is set, into
 * x->v (best first). */
static int run_match(struct pf_run *x, const char *fts, int year,
                     const char *phrase, int rank)
{
	int rc = pf_read(x->st, &x->p, fts, phrase), n;

	if (rc || !x->p.nph)
		return rc;
	if ((rank && (rc = run_stats(x))) ||
	    (rc = run_cand(x, x->p.tsq.ptr, year, &x->cand)))
		return rc;
	n = PQntuples(x->cand);
	if (!(x->v = malloc((size_t)(n ? n : 1) * sizeof(*x->v))))
		return CT_ENOMEM;
	for (int i = 0; i < n; i++) {
		struct cand *c = &x->v[x->n];

		if ((rc = row_cut(&x->p, x->cand, i)))
			return rc;
		if (!row_rank(x, (double)pg_col_int(x->cand, i, 5), &c->bm25))
			continue;
		c->id = pg_col_int(x->cand, i, 0);
		c->row = i;
		c->phrase =
		    !x->p.has_whole ||
		    (x->p.whole.n && phrase_freq(&x->p, &x->p.whole) > 0.0);
		x->n++;
	}
	if (rank && x->n)
		qsort(x->v, x->n, sizeof(*x->v), cand_cmp);
	return 0;
}

static void run_release(struct pf_run *x)
{
	pf_release(&x->p);
	PQclear(x->cand);
	free(x->v);
}

/* A failure's code, with a message in pg_read_msg when it has none. */
static int run_fail(struct pf_run *x, int rc)
{
	if (rc == CT_ENOMEM)
		snprintf(pg_read_msg(x->st), 512, "find: out of memory");
	return rc < 0 ? rc : CT_EDB;
}

/* "{id,id,...}" of the first n matches. */
static int ids_array(const struct cand *v, size_t n, struct ct_buf *b)
{
	ct_buf_putc(b, '{');
	for (size_t i = 0; i < n; i++)
		ct_buf_printf(b, "%s%lld", i ? "," : "", (long long)v[i].id);
	ct_buf_putc(b, '}');
	return ct_buf_error(b) ? CT_ENOMEM : 0;
}

static int row_of(const PGresult *r, int64_t id)
{
	for (int i = 0; i < PQntuples(r); i++)
		if (pg_col_int(r, i, 0) == id)
			return i;
	return -1;
}

static const char *text_at(const PGresult *r, int row, int col, struct arena *a)
{
	if (row < 0 || PQgetisnull(r, row, col))
		return NULL;
	return arena_strndup(a, PQgetvalue(r, row, col),
	                     (size_t)PQgetlength(r, row, col));
}

/* A hit's work columns (FQ_WORKS, FQ_ONE: id, brief, journal, indexed)
 * from row i of r. */
static void hit_work(const PGresult *r, int i, struct arena *a,
                     struct store_work_hit *h)
{
	h->w.id = i < 0 ? 0 : pg_col_int(r, i, 0);
	h->w.doi = text_at(r, i, 1, a);
	h->w.pmid = text_at(r, i, 2, a);
	h->w.pmcid = text_at(r, i, 3, a);
	h->w.title = text_at(r, i, 4, a);
	h->w.year = i < 0 ? 0 : (int)pg_col_int(r, i, 5);
	h->journal = text_at(r, i, 6, a);
	h->indexed = i < 0 ? 0 : (int)pg_col_int(r, i, 7);
}

int pg_works_match(struct store *st, struct arena *a, const char *fts, int year,
                   int max, const char *phrase,
                   int (*fn)(void *arg, const struct store_work_hit *h),
                   void *arg)
{
	struct pf_run x = {.st = st};
	struct ct_buf ids = CT_BUF_INIT;
	PGresult *w = NULL, *c = NULL;
	const char *v[1];
	size_t n;
	int rc = run_match(&x, fts, year, phrase, 1);

	n = x.n < (size_t)(max > 0 ? max : 0) ? x.n : (size_t)max;
	if (!rc && n && !(rc = ids_array(x.v, n, &ids))) {
		v[0] = ids.ptr;
		if (!(rc = fq(st, FQ_WORKS, 1, v, &w)))
			rc = fq(st, FQ_CITING, 1, v, &c);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		struct store_work_hit h = {0};
		int k = row_of(c, x.v[i].id);

		hit_work(w, row_of(w, x.v[i].id), a, &h);
		h.w.id = x.v[i].id;
		h.authors = text_at(x.cand, x.v[i].row, 2, a);
		h.citing = k < 0 ? 0 : pg_col_int(c, k, 1);
		h.bm25 = x.v[i].bm25;
		h.phrase = x.v[i].phrase;
		rc = fn(arg, &h);
	}
	PQclear(w);
	PQclear(c);
	ct_buf_release(&ids);
	if (rc < 0)
		rc = run_fail(&x, rc);
	run_release(&x);
	return rc;
}

int pg_works_count(struct store *st, const char *fts, int year, int64_t *n)
{
	struct pf_run x = {.st = st};
	int rc = run_match(&x, fts, year, NULL, 0);

	if (!rc)
		*n = (int64_t)x.n;
	else
		rc = run_fail(&x, rc);
	run_release(&x);
	return rc;
}

int pg_works_one(struct store *st, struct arena *a, int64_t work,
                 struct store_work_hit *h)
{
	char id[24];
	const char *v[1] = {id};
	PGresult *r;
	int rc;

	snprintf(id, sizeof(id), "%lld", (long long)work);
	memset(h, 0, sizeof(*h));
	if ((rc = fq(st, FQ_ONE, 1, v, &r)))
		return rc;
	if (PQntuples(r) == 1) {
		hit_work(r, 0, a, h);
		h->authors = text_at(r, 0, 8, a);
		rc = store_work_citing(st, work, &h->citing);
		rc = rc < 0 ? rc : 1;
	}
	PQclear(r);
	return rc;
}
