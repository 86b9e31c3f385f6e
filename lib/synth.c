/* synth.c — a deterministic synthetic index for benchmarks (see synth.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "index.h"
#include "doc.h"
#include "store_link.h"
#include "store_walk.h"
#include "synth.h"

struct synth {
	struct store *st;
	uint64_t rng;
	int64_t *src, *works; /* statement ids to clone; works by popularity */
	size_t nsrc, nworks;
	double *zipf; /* cumulative 1/r over the head ranks */
	size_t nzipf;
	uint64_t made, stmts, tag, ncited;
};

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rnd(struct synth *s)
{
	uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rnd01(struct synth *s)
{
	return (double)(rnd(s) >> 11) / 9007199254740992.0;
}

struct ids {
	int64_t **v;
	size_t *n, cap;
};

static int ids_push(void *arg, int64_t id)
{
	struct ids *x = arg;

	if (*x->n == x->cap) {
		size_t nc = x->cap ? 2 * x->cap : 4096;
		int64_t *p = realloc(*x->v, nc * sizeof(**x->v));

		if (!p)
			return CT_ENOMEM;
		*x->v = p;
		x->cap = nc;
	}
	(*x->v)[(*x->n)++] = id;
	return 0;
}

static int load_ids(struct store *st, enum store_ids k, int64_t **v, size_t *n)
{
	struct ids x = {v, n, 0};

	return store_ids_walk(st, k, ids_push, &x, NULL);
}

static int zipf_init(struct synth *s)
{
	s->nzipf = s->nworks < SYNTH_HEAD ? s->nworks : SYNTH_HEAD;
	s->zipf = malloc((s->nzipf + 1) * sizeof(*s->zipf));
	if (!s->zipf)
		return CT_ENOMEM;
	for (size_t i = 0; i < s->nzipf; i++)
		s->zipf[i] = (i ? s->zipf[i - 1] : 0) + 1.0 / (double)(i + 1);
	return 0;
}

static size_t zipf_rank(struct synth *s)
{
	double u = rnd01(s) * s->zipf[s->nzipf - 1];
	size_t lo = 0, hi = s->nzipf - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->zipf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A new work cited by exactly one reference. */
static int new_cited(struct synth *s, int64_t *id)
{
	char doi[96], title[96];
	struct store_work_ids ids = {doi, NULL, NULL, NULL};
	struct store_work_fill fill = {title, NULL, NULL, NULL, NULL, 0};
	int rc;

	snprintf(doi, sizeof(doi),
	         "10.99999/citectx-synth-cited.%" PRIu64 ".%" PRIu64, s->tag,
	         s->ncited++);
	if ((rc = store_work_create(s->st, &ids, NULL, id, NULL)))
		return rc;
	snprintf(title, sizeof(title), "Synthetic cited work %" PRId64, *id);
	fill.year = 1980 + (int)(rnd(s) % 40);
	return store_work_fill(s->st, *id, &fill, NULL);
}

static int pick_cited(struct synth *s, int64_t *id)
{
	double u = rnd01(s);

	if (u < SYNTH_P_HEAD) {
		*id = s->works[zipf_rank(s)];
		return 0;
	}
	if (u < SYNTH_P_HEAD + SYNTH_P_UNIFORM) {
		*id = s->works[rnd(s) % s->nworks];
		return 0;
	}
	return new_cited(s, id);
}

/* The clone of one source statement (src) in work citing. */
struct clone {
	struct synth *s;
	int64_t citing, ref;
	int year;
};

static int clone_insert(void *arg, const struct store_statement *src)
{
	struct clone *c = arg;
	struct store_statement row = *src;
	int64_t id;
	int rc;

	row.citing = c->citing;
	row.ref = c->ref;
	row.year = c->year;
	row.fts_now = 1;
	rc = store_statement_insert(c->s->st, &row, &id, NULL);
	if (!rc)
		c->s->stmts++;
	return rc;
}

static int clone_statement(struct synth *s, int64_t citing, int64_t ref,
                           int year)
{
	struct clone c = {s, citing, ref, year};

	/* a source gone: skipped */
	return store_stmt_source(s->st, s->src[rnd(s) % s->nsrc], clone_insert,
	                         &c, NULL);
}

static int add_ref(struct synth *s, int64_t citing, int pos, int year)
{
	struct doc_ref r = {.raw = "Synthetic reference"};
	int64_t cited, ref;
	double u;
	int rc = pick_cited(s, &cited);

	if (rc)
		return rc;
	if ((rc = store_ref_insert(s->st, citing, (size_t)pos, &r, cited, &ref,
	                           NULL)))
		return rc;
	/* most references are cited once in the text, some two or three times
	 */
	u = rnd01(s);
	rc = clone_statement(s, citing, ref, year);
	if (!rc && u < 0.20)
		rc = clone_statement(s, citing, ref, year);
	if (!rc && u < 0.05)
		rc = clone_statement(s, citing, ref, year);
	return rc;
}

/* The publication types of synthetic articles, in percent. */
static const struct {
	const char *type;
	int pct;
} pubtypes[] = {
    {"research-article", 80}, {"review-article", 9}, {"brief-report", 3},
    {"case-report", 3},       {"letter", 2},         {"editorial", 2},
    {"protocol", 1},
};

static const char *pick_pubtype(struct synth *s)
{
	int u = (int)(rnd(s) % 100);

	for (size_t i = 0; i < sizeof(pubtypes) / sizeof(*pubtypes); i++) {
		if (u < pubtypes[i].pct)
			return pubtypes[i].type;
		u -= pubtypes[i].pct;
	}
	return pubtypes[0].type;
}

static int add_article(struct synth *s)
{
	char doi[96], title[96];
	struct store_work_ids ids = {doi, NULL, NULL, NULL};
	struct doc_meta m = {0};
	double u = rnd01(s);
	int year = 2024 - (int)(34 * u * u); /* more recent than old */
	int nrefs = SYNTH_REFS_MIN + (int)(rnd(s) % SYNTH_REFS_SPAN), rc;
	int64_t w;

	snprintf(doi, sizeof(doi),
	         "10.99999/citectx-synth.%" PRIu64 ".%" PRIu64, s->tag,
	         s->made++);
	if ((rc = store_work_create(s->st, &ids, NULL, &w, NULL)))
		return rc;
	snprintf(title, sizeof(title),
	         "Synthetic article %" PRIu64 " (cloned "
	         "statements)",
	         s->made);
	m.title = title;
	m.year = year;
	m.journal = "Journal of Synthetic Benchmarks";
	m.pubtype = (char *)pick_pubtype(s);
	rc = store_article_meta(s->st, w, &m, "synth", NULL);
	for (int i = 0; i < nrefs && !rc; i++)
		rc = add_ref(s, w, i, year);
	return rc;
}

static int synth_batch(struct synth *s, uint64_t target)
{
	int rc = store_begin(s->st);

	for (int i = 0; i < SYNTH_BATCH && !rc && s->stmts < target; i++)
		rc = add_article(s);
	if (!rc)
		rc = store_commit(s->st);
	else
		store_rollback(s->st);
	return rc;
}

int synth_grow(struct ct_index *idx, uint64_t target, uint64_t seed,
               synth_progress_fn fn, void *ctx, struct ct_error *err)
{
	struct synth s = {.st = idx->st, .rng = seed};
	int rc = load_ids(s.st, STORE_IDS_STATEMENTS, &s.src, &s.nsrc);

	if (!rc)
		rc = load_ids(s.st, STORE_IDS_WORKS_BY_CITERS, &s.works,
		              &s.nworks);
	if (!rc && (!s.nsrc || !s.nworks))
		rc = err_set(err, CT_EUSAGE, "%s: no statements to clone",
		             idx->path);
	if (!rc)
		rc = zipf_init(&s);
	s.stmts = s.nsrc;
	s.tag = s.nsrc;
	while (!rc && s.stmts < target) {
		rc = synth_batch(&s, target);
		if (!rc && fn)
			fn(ctx, s.stmts);
	}
	if (rc && err && !err->code)
		err_set(err, rc, "%s: synthesis: %s", idx->path,
		        store_errmsg(s.st));
	free(s.src);
	free(s.works);
	free(s.zipf);
	return rc;
}
