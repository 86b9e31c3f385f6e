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
#include "citectx_report.h"
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

/* A candidate while ranking; the kept ones become ct_found_work. */
struct hit {
	struct ct_work_brief w;
	const char *journal, *authors; /* authors: "Surname Given; ..." */
	int indexed;
	int64_t citing;
	double score;
};

/* A result and the arena its strings and arrays live in (the result
 * first, so that its address is the allocation's). */
struct found_mem {
	struct ct_found f;
	struct arena a;
	int kind;      /* enum find_kind */
	struct hit *v; /* the candidates, best first once ranked */
	size_t n;
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
	struct ct_found_work *h = arg;

	if (t >= 0 && t < CT_TYPE_COUNT)
		h->tallies[t] = n;
	h->statements += n;
}

/* "Surname Given; ..." as its names, split as stored (';' then spaces). */
static int split_authors(struct arena *a, const char *s,
                         struct ct_found_work *x)
{
	size_t n = 0;

	for (const char *p = s; p && *p; n++) {
		p += strcspn(p, ";");
		p += strspn(p, "; ");
	}
	x->authors = n ? arena_alloc(a, n * sizeof(*x->authors)) : NULL;
	if (n && !x->authors)
		return CT_ENOMEM;
	for (const char *p = s; p && *p; x->nauthors++) {
		size_t k = strcspn(p, ";");

		if (!(x->authors[x->nauthors] = arena_strndup(a, p, k)))
			return CT_ENOMEM;
		p += k;
		p += strspn(p, "; ");
	}
	return 0;
}

/* Hit h kept as x (its ID, names and tallies). */
static int hit_keep(struct store *st, struct arena *a, const struct hit *h,
                    struct ct_found_work *x)
{
	char id[400];
	int rc;

	x->work.w = h->w;
	work_id_string(&h->w, id, sizeof(id));
	if (!(x->work.id = arena_strndup(a, id, strlen(id))))
		return CT_ENOMEM;
	x->journal = h->journal;
	x->author_list = h->authors;
	x->indexed = h->indexed;
	x->citing_pubs = h->citing;
	if ((rc = split_authors(a, h->authors, x)))
		return rc;
	rc = store_work_tallies(st, h->w.id, hit_tally, x);
	return rc < 0 ? rc : 0;
}

/* The first n candidates as the result's works. */
static int hits_keep(struct store *st, struct found_mem *m)
{
	if (!m->n)
		return 0;
	if (!(m->f.v = arena_alloc(&m->a, m->n * sizeof(*m->f.v))))
		return CT_ENOMEM;
	memset(m->f.v, 0, m->n * sizeof(*m->f.v));
	for (; m->f.n < m->n; m->f.n++) {
		int rc = hit_keep(st, &m->a, &m->v[m->f.n], &m->f.v[m->f.n]);

		if (rc)
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
	struct found_mem *m = arg;

	hit_read(x, &m->v[m->n++]);
	return m->n < FIND_SCAN_MAX ? 0 : 1;
}

/* The works the words of q match, best first, the first limit kept. */
static int find_words(struct ct_index *idx, const char *q, int limit,
                      struct found_mem *m, struct ct_error *err)
{
	struct ct_buf fts = CT_BUF_INIT, phrase = CT_BUF_INIT;
	int year, rc;

	m->kind = FIND_WORDS;
	if ((rc = find_fts_query(q, &fts, &phrase, &year, err)))
		goto out;
	m->v = arena_alloc(&m->a, FIND_SCAN_MAX * sizeof(*m->v));
	if (!m->v) {
		rc = err_set(err, CT_ENOMEM, "find: out of memory");
		goto out;
	}
	/* one word: its phrase is the query itself */
	rc = store_works_match(idx->st, &m->a, fts.ptr, year, FIND_SCAN_MAX,
	                       strcmp(fts.ptr, phrase.ptr) ? phrase.ptr : NULL,
	                       hit_add, m);
	if (rc < 0) {
		rc = err_set(err, store_fail_code(rc), "find: %s",
		             store_errmsg(idx->st));
		goto out;
	}
	rc = 0;
	qsort(m->v, m->n, sizeof(*m->v), hit_cmp);
	m->f.total = words_total(idx->st, fts.ptr, year, m->n);
	if (m->n > (size_t)limit)
		m->n = (size_t)limit;
out:
	ct_buf_release(&fts);
	ct_buf_release(&phrase);
	return rc;
}

/* The work an identifier names, if any. */
static int find_one(struct ct_index *idx, int64_t work, struct found_mem *m)
{
	struct store_work_hit x;
	int rc;

	m->v = arena_alloc(&m->a, sizeof(*m->v));
	if (!m->v)
		return CT_ENOMEM;
	if ((rc = store_works_one(idx->st, &m->a, work, &x)) == 1)
		hit_read(&x, &m->v[m->n++]);
	m->f.total = (int64_t)m->n;
	return rc < 0 ? rc : 0;
}

static int find_run(struct ct_index *idx, const char *q, int limit,
                    struct found_mem *m, struct ct_error *err)
{
	char id[CT_FIND_QUERY_MAX + 16];
	int maybe, rc;
	int64_t work;

	if (limit < 1 || limit > CT_FIND_LIMIT_MAX)
		return err_set(err, CT_EUSAGE, "limit %d: expected 1 to %d",
		               limit, CT_FIND_LIMIT_MAX);
	if (strlen(q) > CT_FIND_QUERY_MAX)
		return err_set(err, CT_ELIMIT, "query: %zu bytes, at most %d",
		               strlen(q), CT_FIND_QUERY_MAX);
	m->kind = find_classify(q, id, sizeof(id), &maybe);
	if (m->kind == FIND_WORDS)
		rc = find_words(idx, q, limit, m, err);
	else if (!(rc = ct_resolve(idx, id, &work, err)) &&
	         (rc = find_one(idx, work, m)))
		rc = err_set(err, store_fail_code(rc), "find: %s",
		             store_errmsg(idx->st));
	else if (rc == CT_ENOTFOUND && maybe)
		rc = find_words(idx, q, limit, m, err);
	else if (rc == CT_ENOTFOUND)
		rc = 0; /* an identifier no work has: nothing found */
	if (!rc && (rc = hits_keep(idx->st, m)))
		rc = err_set(err, store_fail_code(rc), "find: %s",
		             rc == CT_ENOMEM ? ct_strerror(rc)
		                             : store_errmsg(idx->st));
	return rc;
}

int ct_found_load(struct ct_index *idx, const char *query, int limit,
                  struct ct_found **out, struct ct_error *err)
{
	struct found_mem *m = calloc(1, sizeof(*m));
	int rc;

	*out = NULL;
	if (!m)
		return err_set(err, CT_ENOMEM, "find: %s",
		               ct_strerror(CT_ENOMEM));
	arena_init(&m->a);
	rc = find_run(idx, query, limit, m, err);
	if (!rc) {
		m->f.match = kind_names[m->kind];
		m->f.query = arena_strndup(&m->a, query, strlen(query));
		if (!m->f.query)
			rc = err_set(err, CT_ENOMEM, "find: %s",
			             ct_strerror(CT_ENOMEM));
	}
	if (rc) {
		ct_found_free(&m->f);
		return rc;
	}
	*out = &m->f;
	return 0;
}

void ct_found_free(struct ct_found *f)
{
	struct found_mem *m = (struct found_mem *)f;

	if (!m)
		return;
	arena_release(&m->a);
	free(m);
}

/* ---- rendering
 * ------------------------------------------------------------------- */

static void json_found_work(struct jw *w, const struct ct_found_work *x)
{
	jw_obj(w);
	jw_kstr(w, "id", x->work.id);
	jw_kstr(w, "doi", x->work.w.doi);
	jw_kstr(w, "pmid", x->work.w.pmid);
	jw_kstr(w, "pmcid", x->work.w.pmcid);
	jw_kstr(w, "title", x->work.w.title);
	jw_kint(w, "year", x->work.w.year);
	jw_kstr(w, "journal", x->journal);
	jw_key(w, "authors");
	jw_arr(w);
	for (size_t i = 0; i < x->nauthors; i++) {
		jw_obj(w);
		jw_kstr(w, "name", x->authors[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "indexed");
	jw_bool(w, x->indexed);
	jw_kint(w, "citing_publications", x->citing_pubs);
	jw_kint(w, "statements_total", x->statements);
	jw_key(w, "tallies");
	jw_obj(w);
	for (int t = 0; t < CT_TYPE_COUNT; t++)
		jw_kint(w, ct_type_name(t), x->tallies[t]);
	jw_obj_end(w);
	jw_obj_end(w);
}

int ct_found_write_json(const struct ct_found *f, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "query", f->query);
	jw_kstr(&w, "match", f->match);
	jw_kint(&w, "total", f->total);
	jw_key(&w, "data");
	jw_arr(&w);
	for (size_t i = 0; i < f->n; i++)
		json_found_work(&w, &f->v[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return ct_buf_error(out);
}

/* The first max authors, then "et al." */
static void text_authors(struct ct_buf *b, const struct ct_found_work *x,
                         size_t max)
{
	for (size_t i = 0; i < x->nauthors && i < max; i++) {
		ct_buf_puts(b, i ? ", " : "");
		ct_buf_puts(b, x->authors[i]);
	}
	if (x->nauthors > max)
		ct_buf_puts(b, " et al.");
}

static void text_found_work(struct ct_buf *b, const struct ct_found_work *x)
{
	ct_buf_printf(b, "%s  %s", x->work.id,
	              x->work.w.title ? x->work.w.title : "(no title)");
	if (x->work.w.year)
		ct_buf_printf(b, " (%d)", x->work.w.year);
	ct_buf_puts(b, "\n    ");
	text_authors(b, x, 3);
	if (x->journal)
		ct_buf_printf(b, "%s%s", x->author_list ? " · " : "",
		              x->journal);
	ct_buf_printf(
	    b,
	    "\n    cited by %" PRId64 ", %" PRId64 " statements: %" PRId64
	    " supporting, %" PRId64 " contrasting, %" PRId64 " mentioning%s\n",
	    x->citing_pubs, x->statements, x->tallies[CT_TYPE_SUPPORTING],
	    x->tallies[CT_TYPE_CONTRASTING], x->tallies[CT_TYPE_MENTIONING],
	    x->indexed ? "" : " (full text not indexed)");
}

int ct_found_write_text(const struct ct_found *f, struct ct_buf *out)
{
	if (!f->n)
		ct_buf_printf(out, "no work matches \"%s\"\n", f->query);
	else if (!strcmp(f->match, "words"))
		ct_buf_printf(out, "%" PRId64 " work%s match \"%s\"%s\n",
		              f->total, f->total == 1 ? "" : "s", f->query,
		              (int64_t)f->n < f->total ? ", the best first:"
		                                       : "");
	for (size_t i = 0; i < f->n; i++)
		text_found_work(out, &f->v[i]);
	return ct_buf_error(out);
}

static int find_render(struct ct_index *idx, const char *query, int limit,
                       struct ct_buf *out, struct ct_error *err,
                       int (*write)(const struct ct_found *, struct ct_buf *))
{
	struct ct_found *f;
	int rc = ct_found_load(idx, query, limit, &f, err);

	if (!rc) {
		write(f, out);
		rc = ct_buf_done(out, err, "find");
	}
	ct_found_free(f);
	return rc;
}

int ct_find_json(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err)
{
	return find_render(idx, query, limit, out, err, ct_found_write_json);
}

int ct_find_text(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err)
{
	return find_render(idx, query, limit, out, err, ct_found_write_text);
}
