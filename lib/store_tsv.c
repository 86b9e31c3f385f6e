/*
 * store_tsv.c — FTS5's tokens of a text, and their tsvector in
 * PostgreSQL's binary form (store_tsv.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_int.h"
#include "store_tsv.h"

struct store_tsv {
	sqlite3 *db; /* private, in memory: only for its fts5_api */
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
	/* store_tsv_binary's scratch, kept between calls */
	struct tsv_tok {
		uint32_t off, len, pos;
	} * v;
	size_t n, cap;
	struct ct_buf bytes;
};

/* statements_fts declares no tokenize option: FTS5's default; works_fts
 * declares "unicode61 remove_diacritics 2" (schema.c, migration 10). */
static const char tsv_tokenizer[] = "unicode61";

static fts5_api *tsv_fts5(sqlite3 *db)
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

int store_tsv_open(struct store_tsv **out, struct ct_error *err)
{
	return store_tsv_open_args(out, NULL, 0, err);
}

int store_tsv_open_args(struct store_tsv **out, const char *const *args,
                        int nargs, struct ct_error *err)
{
	struct store_tsv *t = calloc(1, sizeof(*t));
	fts5_api *api;
	void *ud = NULL;

	*out = NULL;
	if (!t)
		return err_set(err, CT_ENOMEM, "tokenizer: out of memory");
	if (sqlite3_open_v2(":memory:", &t->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK ||
	    !(api = tsv_fts5(t->db)) ||
	    api->xFindTokenizer(api, tsv_tokenizer, &ud, &t->api) !=
	        SQLITE_OK ||
	    t->api.xCreate(ud, (const char **)args, nargs, &t->tok) !=
	        SQLITE_OK) {
		store_tsv_close(t);
		return err_set(err, CT_EDB,
		               "tokenizer: SQLite's FTS5 %s tokenizer is not "
		               "available",
		               tsv_tokenizer);
	}
	*out = t;
	return 0;
}

void store_tsv_close(struct store_tsv *t)
{
	if (!t)
		return;
	if (t->tok)
		t->api.xDelete(t->tok);
	sqlite3_close(t->db);
	free(t->v);
	ct_buf_release(&t->bytes);
	free(t);
}

struct tsv_each {
	int (*fn)(void *arg, const char *tok, size_t len);
	void *arg;
	int rc;
};

static int tsv_each_cb(void *ctx, int tflags, const char *tok, int n, int start,
                       int end)
{
	struct tsv_each *e = ctx;

	(void)start;
	(void)end;
	if (tflags &
	    FTS5_TOKEN_COLOCATED) /* a synonym: no position of its own */
		return SQLITE_OK;
	e->rc = e->fn(e->arg, tok, (size_t)n);
	return e->rc ? SQLITE_DONE : SQLITE_OK;
}

static int tsv_run(struct store_tsv *t, int flags, const char *s, size_t n,
                   int (*fn)(void *arg, const char *tok, size_t len), void *arg)
{
	struct tsv_each e = {fn, arg, 0};
	int rc;

	if (n > INT32_MAX)
		return CT_ELIMIT;
	rc = t->api.xTokenize(t->tok, &e, flags, s ? s : "", (int)n,
	                      tsv_each_cb);
	if (e.rc)
		return e.rc;
	return rc == SQLITE_OK ? 0 : rc == SQLITE_NOMEM ? CT_ENOMEM : CT_EDB;
}

int store_tsv_tokens(struct store_tsv *t, const char *s, size_t n,
                     int (*fn)(void *arg, const char *tok, size_t len),
                     void *arg)
{
	return tsv_run(t, FTS5_TOKENIZE_QUERY, s, n, fn, arg);
}

int store_tsv_doc_tokens(struct store_tsv *t, const char *s, size_t n,
                         int (*fn)(void *arg, const char *tok, size_t len),
                         void *arg)
{
	return tsv_run(t, FTS5_TOKENIZE_DOCUMENT, s, n, fn, arg);
}

/* ---- the binary tsvector ------------------------------------------------ */

static int tsv_keep(void *arg, const char *tok, size_t len)
{
	struct store_tsv *t = arg;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		struct tsv_tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return CT_ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n] = (struct tsv_tok){(uint32_t)t->bytes.len, (uint32_t)len,
	                              (uint32_t)t->n};
	t->n++;
	return ct_buf_put(&t->bytes, tok, len) ? CT_ENOMEM : 0;
}

/* Byte order, shorter first on a common prefix (tsCompareString), then
 * position; base: the tokens' bytes. */
static int tsv_cmp(const void *a, const void *b, void *base)
{
	const struct tsv_tok *x = a, *y = b;
	const char *tsv_base = base;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(tsv_base + x->off, tsv_base + y->off, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void put16(struct ct_buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};

	ct_buf_put(b, x, 2);
}

static void put32(struct ct_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24),
	                      (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	                      (unsigned char)v};

	ct_buf_put(b, x, 4);
}

static int same_tok(const struct store_tsv *t, size_t i, size_t j)
{
	return t->v[i].len == t->v[j].len &&
	       !memcmp(t->bytes.ptr + t->v[i].off, t->bytes.ptr + t->v[j].off,
	               t->v[i].len);
}

/* A text over tsvector's ceilings, or a token it cannot hold. */
static int tsv_check(const struct store_tsv *t, struct ct_error *err)
{
	for (size_t i = 0, j; i < t->n; i = j) {
		const struct tsv_tok *x = &t->v[i];

		for (j = i + 1; j < t->n && same_tok(t, i, j); j++)
			;
		if (x->len > STORE_TSV_LEXEME_MAX ||
		    memchr(t->bytes.ptr + x->off, '\0', x->len))
			return err_set(
			    err, CT_ELIMIT,
			    "a word of %u bytes (PostgreSQL's "
			    "tsvector holds at most %d, without NUL)",
			    x->len, STORE_TSV_LEXEME_MAX);
		if (j - i > STORE_TSV_NPOS_MAX)
			return err_set(
			    err, CT_ELIMIT,
			    "a word %zu times (PostgreSQL's tsvector "
			    "keeps at most %d positions of a word)",
			    j - i, STORE_TSV_NPOS_MAX);
	}
	if (t->n > STORE_TSV_POS_MAX)
		return err_set(
		    err, CT_ELIMIT,
		    "%zu words (PostgreSQL's tsvector keeps positions "
		    "up to %d)",
		    t->n, STORE_TSV_POS_MAX);
	return 0;
}

int store_tsv_binary(struct store_tsv *t, const char *s, size_t n,
                     struct ct_buf *out, int *ntok, struct ct_error *err)
{
	size_t nlex = 0;
	int rc;

	t->n = 0;
	ct_buf_reset(&t->bytes);
	rc = tsv_run(t, FTS5_TOKENIZE_DOCUMENT, s, n, tsv_keep, t);
	if (!rc && ct_buf_error(&t->bytes))
		rc = CT_ENOMEM;
	if (rc)
		return err_set(err, rc, "tokenizer: %s",
		               rc == CT_ENOMEM ? "out of memory" : "failed");
	if (t->n)
		qsort_r(t->v, t->n, sizeof(*t->v), tsv_cmp, t->bytes.ptr);
	if ((rc = tsv_check(t, err)))
		return rc;
	for (size_t i = 0; i < t->n; i++)
		nlex += !i || !same_tok(t, i - 1, i);
	put32(out, (uint32_t)nlex);
	for (size_t i = 0, j; i < t->n; i = j) {
		for (j = i + 1; j < t->n && same_tok(t, i, j); j++)
			;
		ct_buf_put(out, t->bytes.ptr + t->v[i].off, t->v[i].len);
		ct_buf_putc(out, '\0');
		put16(out, (unsigned)(j - i));
		for (size_t k = i; k < j; k++)
			put16(out, t->v[k].pos + 1); /* weight D: 0 */
	}
	*ntok = (int)t->n;
	return ct_buf_error(out)
	           ? err_set(err, CT_ENOMEM, "tokenizer: out of memory")
	           : 0;
}

int store_tsv_lexemes(struct store_tsv *t, const char *const *s,
                      const size_t *n, int k, struct ct_buf *out, int *ntok,
                      struct ct_error *err)
{
	size_t nlex = 0;
	int rc = 0;

	t->n = 0;
	ct_buf_reset(&t->bytes);
	for (int i = 0; i < k && !rc; i++)
		if (s[i])
			rc = tsv_run(t, FTS5_TOKENIZE_DOCUMENT, s[i], n[i],
			             tsv_keep, t);
	if (!rc && ct_buf_error(&t->bytes))
		rc = CT_ENOMEM;
	if (rc)
		return err_set(err, rc, "tokenizer: %s",
		               rc == CT_ENOMEM ? "out of memory" : "failed");
	/* a token over tsvector's ceiling is kept as its first bytes (whole
	 * characters): as a filter it still holds every query token that
	 * can match it (a query is far shorter), as a prefix */
	for (size_t i = 0; i < t->n; i++) {
		struct tsv_tok *x = &t->v[i];

		if (x->len <= STORE_TSV_LEXEME_MAX)
			continue;
		x->len = STORE_TSV_LEXEME_MAX;
		while (x->len && ((unsigned char)t->bytes.ptr[x->off + x->len] &
		                  0xC0) == 0x80)
			x->len--;
	}
	if (t->n)
		qsort_r(t->v, t->n, sizeof(*t->v), tsv_cmp, t->bytes.ptr);
	for (size_t i = 0; i < t->n; i++) {
		if (memchr(t->bytes.ptr + t->v[i].off, '\0', t->v[i].len))
			return err_set(err, CT_ELIMIT,
			               "a word with a NUL byte (PostgreSQL's "
			               "tsvector holds none)");
		nlex += !i || !same_tok(t, i - 1, i);
	}
	put32(out, (uint32_t)nlex);
	for (size_t i = 0; i < t->n; i++) {
		if (i && same_tok(t, i - 1, i))
			continue;
		ct_buf_put(out, t->bytes.ptr + t->v[i].off, t->v[i].len);
		ct_buf_putc(out, '\0');
		put16(out, 0); /* no positions */
	}
	*ntok = (int)t->n;
	return ct_buf_error(out)
	           ? err_set(err, CT_ENOMEM, "tokenizer: out of memory")
	           : 0;
}
