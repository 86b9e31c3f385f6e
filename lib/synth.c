/* synth.c — a deterministic synthetic index for benchmarks (see synth.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "index.h"
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

static int load_ids(struct store *st, enum store_sql k, int64_t **v, size_t *n)
{
	struct store_row *r = store_sql(st, k);
	size_t cap = 0;
	int rc;

	while ((rc = store_step(r)) == 1) {
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 4096;
			int64_t *p = realloc(*v, nc * sizeof(**v));

			if (!p) {
				rc = CT_ENOMEM;
				break;
			}
			*v = p;
			cap = nc;
		}
		(*v)[(*n)++] = store_int(r, 0);
	}
	store_done(r);
	return rc;
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
	struct store_row *r = store_sql(s->st, SQL_W_INSERT);
	int rc;

	snprintf(doi, sizeof(doi), "10.99999/citectx-synth-cited.%" PRIu64 ".%"
		 PRIu64, s->tag, s->ncited++);
	store_bind_text(r, 1, doi);
	if ((rc = store_exec(r)))
		return rc;
	*id = store_last_id(s->st);
	snprintf(title, sizeof(title), "Synthetic cited work %" PRId64, *id);
	r = store_sql(s->st, SQL_W_FILL);
	store_bind_int(r, 1, *id);
	store_bind_text(r, 2, title);
	store_bind_int(r, 3, 1980 + (int64_t)(rnd(s) % 40));
	return store_exec(r);
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

static int clone_statement(struct synth *s, int64_t citing, int64_t ref,
			   int year)
{
	struct store_row *src = store_sql(s->st, SQL_SY_SOURCE);
	struct store_row *r;
	int rc;

	store_bind_int(src, 1, s->src[rnd(s) % s->nsrc]);
	if ((rc = store_step(src)) != 1)
		return rc < 0 ? rc : 0; /* a source gone: skip it */
	r = store_sql(s->st, SQL_S_INSERT);
	store_bind_int(r, 1, citing);
	store_bind_int(r, 2, ref);
	store_bind_text(r, 4, store_text(src, 0));
	for (int i = 1; i < 3; i++)
		store_bind_int(r, 4 + i, store_int(src, i));
	store_bind_double(r, 7, store_double(src, 3));
	store_bind_int(r, 9, store_int(src, 4));
	store_bind_int(r, 10, year);
	store_bind_text(r, 11, store_text(src, 5));
	store_bind_text(r, 12, store_text(src, 6));
	for (int i = 7; i < 10; i++)
		store_bind_int(r, 6 + i, store_int(src, i));
	if (!(rc = store_exec(r))) {
		int64_t id = store_last_id(s->st);

		r = store_sql(s->st, SQL_S_FTS);
		store_bind_int(r, 1, id);
		store_bind_text(r, 2, store_text(src, 6));
		rc = store_exec(r);
		s->stmts++;
	}
	store_done(src);
	return rc;
}

static int add_ref(struct synth *s, int64_t citing, int pos, int year)
{
	struct store_row *r;
	int64_t cited, ref;
	double u;
	int rc = pick_cited(s, &cited);

	if (rc)
		return rc;
	r = store_sql(s->st, SQL_R_INSERT);
	store_bind_int(r, 1, citing);
	store_bind_int(r, 2, pos);
	store_bind_text(r, 5, "Synthetic reference");
	store_bind_int(r, 15, cited);
	if ((rc = store_exec(r)))
		return rc;
	ref = store_last_id(s->st);
	/* most references are cited once in the text, some two or three times */
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
	{"case-report", 3}, {"letter", 2}, {"editorial", 2}, {"protocol", 1},
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
	struct store_row *r = store_sql(s->st, SQL_W_INSERT);
	double u = rnd01(s);
	int year = 2024 - (int)(34 * u * u); /* more recent than old */
	int nrefs = SYNTH_REFS_MIN + (int)(rnd(s) % SYNTH_REFS_SPAN), rc;
	int64_t w;

	snprintf(doi, sizeof(doi), "10.99999/citectx-synth.%" PRIu64 ".%" PRIu64,
		 s->tag, s->made++);
	store_bind_text(r, 1, doi);
	if ((rc = store_exec(r)))
		return rc;
	w = store_last_id(s->st);
	snprintf(title, sizeof(title), "Synthetic article %" PRIu64 " (cloned "
		 "statements)", s->made);
	r = store_sql(s->st, SQL_A_META);
	store_bind_int(r, 1, w);
	store_bind_text(r, 2, title);
	store_bind_int(r, 3, year);
	store_bind_text(r, 4, "Journal of Synthetic Benchmarks");
	store_bind_text(r, 9, pick_pubtype(s));
	store_bind_text(r, 15, "synth");
	rc = store_exec(r);
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
	int rc = load_ids(s.st, SQL_SY_SOURCES, &s.src, &s.nsrc);

	if (!rc)
		rc = load_ids(s.st, SQL_SY_BY_POPULARITY, &s.works, &s.nworks);
	if (!rc && (!s.nsrc || !s.nworks))
		rc = err_set(err, CT_EUSAGE, "%s: no statements to clone", idx->path);
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
		err_set(err, rc, "%s: synthesis: %s", idx->path, store_errmsg(s.st));
	free(s.src);
	free(s.works);
	free(s.zipf);
	return rc;
}
