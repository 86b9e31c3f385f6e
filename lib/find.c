/* find.c — finding a work from what a person types (find.h, citectx.h):
 * an identifier in any form goes to its work; words go to works_fts
 * (migration 10) as quoted phrases we build, never as FTS5 syntax of the
 * user's, and the matches are ranked by relevance and citations. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "err.h"
#include "find.h"
#include "index.h"
#include "jw.h"
#include "mem.h"
#include "query.h"
#include "store_works.h"

/* How much citations weigh against relevance: the score is
 * relevance * (1 + FIND_CITE_WEIGHT * ln(1 + citing publications)), so a
 * work cited 100 times ranks as if 3.3 times as relevant as an uncited
 * one: citations break ties between works that match alike ("Smith"),
 * and a title that matches much better still comes first. */
#define FIND_CITE_WEIGHT 0.5

/* A work whose title, authors, journal or keywords hold the query's words
 * as one phrase ranks as if this many times as relevant: bm25 scores each
 * word alone, so "Journal of Invented Placebo" put a title with
 * "placebo" in a journal "of Invented ..." above the journal itself. */
#define FIND_PHRASE_BOOST 3.0

static const char *const kind_names[] = {
    [FIND_WORDS] = "words", [FIND_DOI] = "doi", [FIND_PMID] = "pmid",
    [FIND_PMCID] = "pmcid", [FIND_ID] = "id",
};

/* Prefixes that make a query an identifier, with the ID prefix it
 * resolves as (the rest percent-decoded when it is a URL). */
static const struct id_form {
	const char *prefix;
	int kind, url;
	const char *as;
} id_forms[] = {
    {"https://doi.org/", FIND_DOI, 1, "doi:"},
    {"http://doi.org/", FIND_DOI, 1, "doi:"},
    {"https://dx.doi.org/", FIND_DOI, 1, "doi:"},
    {"http://dx.doi.org/", FIND_DOI, 1, "doi:"},
    {"doi.org/", FIND_DOI, 1, "doi:"},
    {"doi:", FIND_DOI, 0, "doi:"},
    {"pmid:", FIND_PMID, 0, "pmid:"},
    {"pmcid:", FIND_PMCID, 0, "pmcid:"},
    {"citectx:", FIND_ID, 0, "citectx:"},
    {"sha:", FIND_ID, 0, "sha:"},
    {"s2:", FIND_ID, 0, "s2:"},
    {"cord:", FIND_ID, 0, "cord:"},
    {"chinaxiv:", FIND_ID, 0, "chinaxiv:"},
};

static int hexval(int c)
{
	return isdigit(c)    ? c - '0'
	       : isxdigit(c) ? (tolower(c) - 'a' + 10)
	                     : -1;
}

/* as + s[0..n), percent-decoded when url, into id. */
static void id_put(char *id, size_t cap, const char *as, const char *s,
                   size_t n, int url)
{
	size_t k = (size_t)snprintf(id, cap, "%s", as);

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		int hi, lo;

		if (url && s[i] == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0 && (hi || lo)) {
			id[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			id[k++] = s[i];
		}
	}
	id[k < cap ? k : cap - 1] = '\0';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* A bare identifier: 10.NNNN/..., PMCnnn, or digits (maybe a PMID). */
static int bare_kind(const char *s, size_t n, int *maybe)
{
	if (n > 3 && !strncmp(s, "10.", 3) && isdigit((unsigned char)s[3]) &&
	    memchr(s, '/', n))
		return FIND_DOI;
	if (n > 3 && !strncasecmp(s, "pmc", 3) && all_digits(s + 3, n - 3))
		return FIND_PMCID;
	if (n <= 9 && all_digits(s, n)) {
		*maybe = 1;
		return FIND_PMID;
	}
	return FIND_WORDS;
}

int find_classify(const char *q, char *id, size_t cap, int *maybe)
{
	static const char *const bare_as[] = {[FIND_DOI] = "doi:",
	                                      [FIND_PMID] = "pmid:",
	                                      [FIND_PMCID] = "pmcid:"};
	size_t n;
	int kind;

	*maybe = 0;
	q += strspn(q, " \t\r\n");
	for (size_t i = 0; i < sizeof(id_forms) / sizeof(*id_forms); i++) {
		const struct id_form *f = &id_forms[i];
		size_t pl = strlen(f->prefix);

		if (strncasecmp(q, f->prefix, pl))
			continue;
		q += pl;
		q += strspn(q, " \t");
		n = strcspn(q, " \t\r\n");
		if (!n || q[n + strspn(q + n, " \t\r\n")])
			return FIND_WORDS; /* "doi: is..." is words */
		id_put(id, cap, f->as, q, n, f->url);
		return f->kind;
	}
	n = strcspn(q, " \t\r\n");
	if (q[n + strspn(q + n, " \t\r\n")])
		return FIND_WORDS;
	kind = bare_kind(q, n, maybe);
	if (kind != FIND_WORDS)
		id_put(id, cap, bare_as[kind], q, n, 0);
	return kind;
}

/* ---- the words
 * ----------------------------------------------------------------- */

/* A chunk that names something: a letter or digit (any non-ASCII byte
 * counts: the tokenizer decides what it makes of it). */
static int has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* A year chunk: four digits from 1800 to 2100, punctuation around them
 * ignored ("(2015)", "2015,"). */
static int chunk_year(const char *s, size_t n)
{
	int y = 0;

	while (n && !isalnum((unsigned char)*s))
		s++, n--;
	while (n && !isalnum((unsigned char)s[n - 1]))
		n--;
	if (n != 4 || !all_digits(s, 4))
		return 0;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	return y >= 1800 && y <= 2100 ? y : 0;
}

struct chunk {
	const char *s;
	size_t n;
};

/* s[0..n) inside an FTS5 string, its '"' doubled */
static void put_quoted(struct ct_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_buf_put(out, s[i] == '"' ? "\"\"" : s + i,
		           s[i] == '"' ? 2 : 1);
}

/* "c0" "c1" ... "cN"* (each a phrase, all must match) into out, and
 * "c0 c1 ... cN"* (one phrase of them all) into phrase */
static void put_queries(struct ct_buf *out, struct ct_buf *phrase,
                        const struct chunk *c, size_t nc, int prefix)
{
	ct_buf_puts(phrase, "\"");
	for (size_t i = 0; i < nc; i++) {
		ct_buf_puts(out, i ? " \"" : "\"");
		put_quoted(out, c[i].s, c[i].n);
		ct_buf_puts(out, i + 1 == nc && prefix ? "\"*" : "\"");
		ct_buf_puts(phrase, i ? " " : "");
		put_quoted(phrase, c[i].s, c[i].n);
	}
	ct_buf_puts(phrase, prefix ? "\"*" : "\"");
}

/* The chunks of q that name something, at most FIND_WORDS_MAX. */
static int chunks_of(const char *q, struct chunk *c, size_t *nc,
                     struct ct_error *err)
{
	*nc = 0;
	for (const char *p = q;;) {
		size_t n;

		p += strspn(p, " \t\r\n\f\v");
		if (!*p)
			return 0;
		n = strcspn(p, " \t\r\n\f\v");
		if (has_word(p, n)) {
			if (*nc == FIND_WORDS_MAX)
				return err_set(err, CT_ELIMIT,
				               "%.40s...: more than %d "
				               "words",
				               q, FIND_WORDS_MAX);
			c[(*nc)++] = (struct chunk){p, n};
		}
		p += n;
	}
}

int find_fts_query(const char *q, struct ct_buf *out, struct ct_buf *phrase,
                   int *year, struct ct_error *err)
{
	struct chunk c[FIND_WORDS_MAX];
	size_t nc;
	int rc, prefix = 1;

	*year = 0;
	if (strlen(q) > CT_FIND_QUERY_MAX)
		return err_set(err, CT_ELIMIT, "query: %zu bytes, at most %d",
		               strlen(q), CT_FIND_QUERY_MAX);
	if ((rc = chunks_of(q, c, &nc, err)))
		return rc;
	for (size_t i = 0; i < nc && nc > 1 && !*year; i++)
		if ((*year = chunk_year(c[i].s, c[i].n))) {
			memmove(c + i, c + i + 1, (nc - i - 1) * sizeof(*c));
			nc--;
			/* a word before a year is whole ("Lee 2013" is not
			 * Leeds) */
			prefix = i < nc;
		}
	if (!nc)
		return err_set(err, CT_EUSAGE,
		               "\"%.60s\": give words of a title, "
		               "an author or a journal, a DOI, PMID or PMCID",
		               q);
	put_queries(out, phrase, c, nc,
	            prefix && c[nc - 1].n >= 3 &&
	                isalnum((unsigned char)c[nc - 1].s[c[nc - 1].n - 1]));
	return 0;
}

/* ---- the search
 * ------------------------------------------------------------------ */

struct hit {
	struct ct_work_brief w;
	const char *journal, *authors; /* authors: "Surname Given; ..." */
	int indexed;
	int64_t citing, statements, tallies[CT_TYPE_COUNT];
	double score;
};

struct found {
	int kind;      /* enum find_kind */
	int64_t total; /* works matching, all of them */
	struct hit *v;
	size_t n;
	struct arena a;
};

/* A candidate as found: its score blends bm25 with citing publications
 * and the phrase match. */
static void hit_read(const struct store_work_hit *x, struct hit *h)
{
	memset(h, 0, sizeof(*h));
	h->w = x->w;
	h->journal = x->journal;
	h->indexed = x->indexed;
	h->citing = x->citing;
	h->authors = x->authors;
	h->score = -x->bm25 *
	           (1.0 + FIND_CITE_WEIGHT * log1p((double)h->citing)) *
	           (x->phrase ? FIND_PHRASE_BOOST : 1.0);
}

static int hit_cmp(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->w.id < b->w.id ? -1 : a->w.id > b->w.id;
}

static void hit_tally(void *arg, int64_t t, int64_t n)
{
	struct hit *h = arg;

	if (t >= 0 && t < CT_TYPE_COUNT)
		h->tallies[t] = n;
	h->statements += n;
}

/* Tallies of the hits shown. */
static int hits_tally(struct store *st, struct found *f)
{
	for (size_t i = 0; i < f->n; i++) {
		int rc =
		    store_work_tallies(st, f->v[i].w.id, hit_tally, &f->v[i]);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int64_t words_total(struct store *st, const char *fts, int year,
                           size_t n)
{
	int64_t t = (int64_t)n;

	if (n < FIND_SCAN_MAX)
		return t;
	store_works_count(st, fts, year, &t);
	return t;
}

/* One candidate more, until FIND_SCAN_MAX. */
static int hit_add(void *arg, const struct store_work_hit *x)
{
	struct found *f = arg;

	hit_read(x, &f->v[f->n++]);
	return f->n < FIND_SCAN_MAX ? 0 : 1;
}

/* The works the words of q match, best first, the first limit kept. */
static int find_words(struct ct_index *idx, const char *q, int limit,
                      struct found *f, struct ct_error *err)
{
	struct ct_buf fts = CT_BUF_INIT, phrase = CT_BUF_INIT;
	int year, rc;

	f->kind = FIND_WORDS;
	if ((rc = find_fts_query(q, &fts, &phrase, &year, err)))
		goto out;
	f->v = arena_alloc(&f->a, FIND_SCAN_MAX * sizeof(*f->v));
	if (!f->v) {
		rc = err_set(err, CT_ENOMEM, "find: out of memory");
		goto out;
	}
	/* one word: its phrase is the query itself */
	rc = store_works_match(idx->st, &f->a, fts.ptr, year, FIND_SCAN_MAX,
	                       strcmp(fts.ptr, phrase.ptr) ? phrase.ptr : NULL,
	                       hit_add, f);
	if (rc < 0) {
		rc = err_set(err, CT_EDB, "find: %s", store_errmsg(idx->st));
		goto out;
	}
	rc = 0;
	qsort(f->v, f->n, sizeof(*f->v), hit_cmp);
	f->total = words_total(idx->st, fts.ptr, year, f->n);
	if (f->n > (size_t)limit)
		f->n = (size_t)limit;
out:
	ct_buf_release(&fts);
	ct_buf_release(&phrase);
	return rc;
}

/* The work an identifier names, if any. */
static int find_one(struct ct_index *idx, int64_t work, struct found *f)
{
	struct store_work_hit x;
	int rc;

	f->v = arena_alloc(&f->a, sizeof(*f->v));
	if (!f->v)
		return CT_ENOMEM;
	if ((rc = store_works_one(idx->st, &f->a, work, &x)) == 1)
		hit_read(&x, &f->v[f->n++]);
	f->total = (int64_t)f->n;
	return rc < 0 ? rc : 0;
}

static int find_run(struct ct_index *idx, const char *q, int limit,
                    struct found *f, struct ct_error *err)
{
	char id[CT_FIND_QUERY_MAX + 16];
	int maybe, rc;
	int64_t work;

	memset(f, 0, sizeof(*f));
	arena_init(&f->a);
	if (limit < 1 || limit > CT_FIND_LIMIT_MAX)
		return err_set(err, CT_EUSAGE, "limit %d: expected 1 to %d",
		               limit, CT_FIND_LIMIT_MAX);
	if (strlen(q) > CT_FIND_QUERY_MAX)
		return err_set(err, CT_ELIMIT, "query: %zu bytes, at most %d",
		               strlen(q), CT_FIND_QUERY_MAX);
	f->kind = find_classify(q, id, sizeof(id), &maybe);
	if (f->kind == FIND_WORDS)
		rc = find_words(idx, q, limit, f, err);
	else if (!(rc = ct_resolve(idx, id, &work, err)))
		rc = find_one(idx, work, f) ? err_set(err, CT_EDB, "find: %s",
		                                      store_errmsg(idx->st))
		                            : 0;
	else if (rc == CT_ENOTFOUND && maybe)
		rc = find_words(idx, q, limit, f, err);
	else if (rc == CT_ENOTFOUND)
		rc = 0; /* an identifier no work has: nothing found */
	if (!rc && hits_tally(idx->st, f))
		rc = err_set(err, CT_EDB, "find: %s", store_errmsg(idx->st));
	return rc;
}

/* ---- rendering
 * ------------------------------------------------------------------- */

/* "Surname Given; ..." as the report's [{"name": ...}] */
static void json_authors(struct jw *w, const char *s)
{
	jw_key(w, "authors");
	jw_arr(w);
	jw_split_objs(w, "name", s);
	jw_arr_end(w);
}

static void json_hit(struct jw *w, const struct hit *h)
{
	char id[400];

	work_id_string(&h->w, id, sizeof(id));
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "doi", h->w.doi);
	jw_kstr(w, "pmid", h->w.pmid);
	jw_kstr(w, "pmcid", h->w.pmcid);
	jw_kstr(w, "title", h->w.title);
	jw_kint(w, "year", h->w.year);
	jw_kstr(w, "journal", h->journal);
	json_authors(w, h->authors);
	jw_key(w, "indexed");
	jw_bool(w, h->indexed);
	jw_kint(w, "citing_publications", h->citing);
	jw_kint(w, "statements_total", h->statements);
	jw_key(w, "tallies");
	jw_obj(w);
	for (int t = 0; t < CT_TYPE_COUNT; t++)
		jw_kint(w, ct_type_name(t), h->tallies[t]);
	jw_obj_end(w);
	jw_obj_end(w);
}

int ct_find_json(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err)
{
	struct found f;
	struct jw w;
	int rc = find_run(idx, query, limit, &f, err);

	if (!rc) {
		jw_init(&w, out);
		jw_obj(&w);
		jw_kstr(&w, "query", query);
		jw_kstr(&w, "match", kind_names[f.kind]);
		jw_kint(&w, "total", f.total);
		jw_key(&w, "data");
		jw_arr(&w);
		for (size_t i = 0; i < f.n; i++)
			json_hit(&w, &f.v[i]);
		jw_arr_end(&w);
		jw_obj_end(&w);
		ct_buf_putc(out, '\n');
		rc = ct_buf_done(out, err, "find");
	}
	arena_release(&f.a);
	return rc;
}

/* The first max authors of "A; B; C; ...", then "et al." */
static void text_authors(struct ct_buf *b, const char *s, int max)
{
	for (int i = 0; s && *s; i++) {
		size_t n = strcspn(s, ";");

		if (i == max) {
			ct_buf_puts(b, " et al.");
			return;
		}
		ct_buf_puts(b, i ? ", " : "");
		ct_buf_put(b, s, n);
		s += n;
		s += strspn(s, "; ");
	}
}

static void text_hit(struct ct_buf *b, const struct hit *h)
{
	char id[400];

	work_id_string(&h->w, id, sizeof(id));
	ct_buf_printf(b, "%s  %s", id, h->w.title ? h->w.title : "(no title)");
	if (h->w.year)
		ct_buf_printf(b, " (%d)", h->w.year);
	ct_buf_puts(b, "\n    ");
	text_authors(b, h->authors, 3);
	if (h->journal)
		ct_buf_printf(b, "%s%s", h->authors ? " · " : "", h->journal);
	ct_buf_printf(
	    b,
	    "\n    cited by %" PRId64 ", %" PRId64 " statements: %" PRId64
	    " supporting, %" PRId64 " contrasting, %" PRId64 " mentioning%s\n",
	    h->citing, h->statements, h->tallies[CT_TYPE_SUPPORTING],
	    h->tallies[CT_TYPE_CONTRASTING], h->tallies[CT_TYPE_MENTIONING],
	    h->indexed ? "" : " (full text not indexed)");
}

int ct_find_text(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err)
{
	struct found f;
	int rc = find_run(idx, query, limit, &f, err);

	if (!rc && !f.n)
		ct_buf_printf(out, "no work matches \"%s\"\n", query);
	else if (!rc && f.kind == FIND_WORDS)
		ct_buf_printf(out, "%" PRId64 " work%s match \"%s\"%s\n",
		              f.total, f.total == 1 ? "" : "s", query,
		              (int64_t)f.n < f.total ? ", the best first:"
		                                     : "");
	for (size_t i = 0; !rc && i < f.n; i++)
		text_hit(out, &f.v[i]);
	if (!rc)
		rc = ct_buf_done(out, err, "find");
	arena_release(&f.a);
	return rc;
}
