/*
 * bench.c — query benchmarks at scale (SQLite speedtest1 style): numbered
 * cases on fixed inputs, a --size scale (statements in the index, grown
 * synthetically from the real corpus by synth_grow under a fixed seed),
 * and a hash of every output so that a fast wrong answer is caught.
 *
 *   bench --db PATH [--size N] [--seed S] [--iters K] [--case C] [--no-cache]
 *
 * The index is opened as the server opens it, with the search cache
 * (CT_OPEN_SEARCH_CACHE, lib/fcol.h); --no-cache times the SQL path that
 * one-shot commands take.
 *
 * Each case times our call (what `citectx` and the server run) and, side
 * by side, the bare SQLite query it is built on (stepped to the end, no
 * work done on the rows), so the overhead of our layer is visible.
 * Prints one Markdown table row per case: median and 99th percentile.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "citectx.h"
#include "find.h"
#include "index.h"
#include "related.h"
#include "summary.h"
#include "store.h"
#include "store_sql.h"
#include "synth.h"

struct bench {
	struct ct_index *idx;
	int64_t top;	/* the most-cited work */
	int iters;
	uint64_t hash;	/* FNV-1a over every output of our calls */
	char deep_cursor[128];
};

/* Search queries of the clinical-trial literature: phrases, words,
 * prefixes, AND / OR / NOT. */
static const char *const queries[] = {
	"\"consistent with\"",
	"\"no serious adverse events\"",
	"\"IL-6\"",
	"placebo AND randomized",
	"\"quality of life\" NOT cancer",
	"depression OR anxiety",
	"\"in line with\"",
	"efficacy safety",
	"metformin*",
	"\"not significantly different\"",
};
#define NQUERIES (sizeof(queries) / sizeof(*queries))

/* What people type into the one box (issue 16): title words, surnames
 * with and without a year, a journal, a common word, identifiers.  As
 * many as queries[] (the warm-up runs each once). */
static const char *const works_queries[] = {
	"mini-mental state",
	"Folstein 1975",
	"randomized controlled trial",
	"Smith",
	"Lancet",
	"trial",
	"pmid:1202204",
	"10.1016/0022-3956(75)90026-6",
	"quality of life questionnaire",
	"Wang 2015",
};

static double now_ms(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void hash_buf(struct bench *b, const struct ct_buf *o)
{
	for (size_t i = 0; i < o->len; i++)
		b->hash = (b->hash ^ (unsigned char)o->ptr[i]) * 0x100000001b3ull;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- what is timed ------------------------------------------------------------ */

/* Steps the facet scan of q to its end: the bare query under a page.
 * With the search cache (CT_OPEN_SEARCH_CACHE) a text query's scan is
 * FTS5's matches alone (store_scan_ids, ranked by ct_rank for relevance),
 * the rest being counted from memory; without, the join of store_scan. */
static int bare_scan(struct bench *b, const struct ct_query *q)
{
	struct ct_error err = {0};
	struct store_row *r;
	int rc = b->idx->fcol && q->text && !q->cited
			 ? store_scan_ids(b->idx->st, q,
					  q->sort == CT_SORT_RELEVANCE, &r, &err)
			 : store_scan(b->idx->st, q, &r, &err);

	while (!rc && (rc = store_step(r)) == 1)
		rc = 0;
	store_query_free(r);
	return rc < 0 ? rc : 0;
}

/* Every SQL statement a report runs, each stepped to its end: ?1 the
 * work, ?2 and ?3 the bounds related.h and summary.h set. */
static int bare_report(struct bench *b, const struct ct_query *q)
{
	static const struct {
		enum store_sql k;
		int64_t p2, p3;
	} steps[] = {
		{SQL_RP_WORK, 0, 0}, {SQL_RP_AUTHORS, 0, 0}, {SQL_RP_CITING, 0, 0},
		{SQL_RP_NREFS, 0, 0}, {SQL_RP_REFS, 0, 0},
		{SQL_RP_COCITED, RELATED_CITERS, RELATED_MAX},
		{SQL_RP_COUPLED, RELATED_CITERS, RELATED_MAX},
		{SQL_RP_NOTICES, 0, 0}, {SQL_RP_NOTICE_OF, 0, 0},
		{SQL_RP_SUMMARY, SUMMARY_POOL, 0},
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps) && !rc; i++) {
		struct store_row *r = store_sql(b->idx->st, steps[i].k);

		store_bind_int(r, 1, b->top);
		if (steps[i].p2)
			store_bind_int(r, 2, steps[i].p2);
		if (steps[i].p3)
			store_bind_int(r, 3, steps[i].p3);
		while ((rc = store_step(r)) == 1)
			;
		store_done(r);
	}
	return rc < 0 ? rc : bare_scan(b, q);
}

static int ours_page(struct bench *b, const struct ct_query *q, int hash)
{
	struct ct_error err = {0};
	struct ct_buf o = CT_BUF_INIT;
	struct ct_page p;
	int rc = ct_query_statements(b->idx, q, &p, &err);

	if (rc) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return rc;
	}
	ct_page_json(&p, &o);
	if (hash)
		hash_buf(b, &o);
	ct_page_release(&p);
	ct_buf_release(&o);
	return 0;
}

static int run_report(struct bench *b, int i, int bare, int hash)
{
	struct ct_query q = {.cited = b->top};
	struct ct_error err = {0};
	struct ct_buf o = CT_BUF_INIT;
	int rc;

	if (bare)
		return bare_report(b, &q);
	rc = ct_report_json(b->idx, b->top, &o, &err);
	if (rc)
		fprintf(stderr, "bench: %s\n", err.msg);
	if (hash)
		hash_buf(b, &o);
	ct_buf_release(&o);
	return rc;
}

static int run_facets(struct bench *b, int i, int bare, int hash)
{
	struct ct_query q = {.cited = b->top, .sort = CT_SORT_NEWEST, .limit = 25};

	return bare ? bare_scan(b, &q) : ours_page(b, &q, hash);
}

static int run_search(struct bench *b, int i, int bare, int hash)
{
	struct ct_query q = {.text = queries[i % NQUERIES], .limit = 25};

	return bare ? bare_scan(b, &q) : ours_page(b, &q, hash);
}

static int run_filtered(struct bench *b, int i, int bare, int hash)
{
	struct ct_query q = {.text = queries[i % NQUERIES], .limit = 25,
			     .section_mask = 1u << CT_SEC_DISCUSSION,
			     .from_year = 2015, .sort = CT_SORT_NEWEST};

	return bare ? bare_scan(b, &q) : ours_page(b, &q, hash);
}

static int run_deep(struct bench *b, int i, int bare, int hash)
{
	struct ct_query q = {.text = queries[0], .limit = 25,
			     .cursor = b->deep_cursor};

	return bare ? bare_scan(b, &q) : ours_page(b, &q, hash);
}

/* B12: finding works; the bare side steps the works query alone. */
static int run_find(struct bench *b, int i, int bare, int hash)
{
	const char *q = works_queries[i % NQUERIES];
	struct ct_buf o = CT_BUF_INIT, fts = CT_BUF_INIT, phrase = CT_BUF_INIT;
	struct ct_error err = {0};
	int year, rc;

	if (!bare) {
		rc = ct_find_json(b->idx, q, 10, &o, &err);
		if (rc)
			fprintf(stderr, "bench: %s\n", err.msg);
		if (hash)
			hash_buf(b, &o);
	} else if (!(rc = find_fts_query(q, &fts, &phrase, &year, NULL))) {
		struct store_row *r = store_sql(b->idx->st, year ? SQL_WF_MATCH_YEAR
							   : SQL_WF_MATCH);

		store_bind_text(r, 1, fts.ptr);
		if (year)
			store_bind_int(r, 2, year);
		store_bind_int(r, 3, FIND_SCAN_MAX);
		store_bind_text(r, 4, strcmp(fts.ptr, phrase.ptr) ? phrase.ptr : NULL);
		while ((rc = store_step(r)) == 1)
			;
		store_done(r);
	} else {
		rc = 0; /* an identifier: nothing bare to time */
	}
	ct_buf_release(&o);
	ct_buf_release(&fts);
	ct_buf_release(&phrase);
	return rc < 0 ? rc : 0;
}

static const struct bench_case {
	const char *name;
	int (*run)(struct bench *b, int i, int bare, int hash);
} cases[] = {
	{"B4 report of the most-cited work", run_report},
	{"B5 its statement page, all facets", run_facets},
	{"B6 search, relevance, all facets", run_search},
	{"B7 search + section + year, newest", run_filtered},
	{"B8 search page 200 (cursor)", run_deep},
	{"B12 find works (words, identifiers)", run_find},
};
#define NCASES (sizeof(cases) / sizeof(*cases))

/* ---- timing ------------------------------------------------------------------- */

struct stats {
	double med, p99, cpu_p99;
};

static double pct(double *t, int n, int p)
{
	int i = (n * p) / 100;

	qsort(t, (size_t)n, sizeof(*t), dbl_cmp);
	return t[i < n ? i : n - 1];
}

/* Wall time, and CPU time too: on a shared machine the wall clock also
 * counts the time other processes held the CPU. */
static int time_side(struct bench *b, const struct bench_case *c, int bare,
		     struct stats *st)
{
	double *t = malloc(2 * (size_t)b->iters * sizeof(*t)), *cpu;
	int rc = 0;

	if (!t)
		return CT_ENOMEM;
	cpu = t + b->iters;
	for (int i = 0; i < (int)NQUERIES && !rc; i++) /* warm the cache */
		rc = c->run(b, i, bare, 0);
	for (int i = 0; i < b->iters && !rc; i++) {
		double t0 = now_ms(CLOCK_MONOTONIC);
		double c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);

		rc = c->run(b, i, bare, !bare && i < (int)NQUERIES);
		t[i] = now_ms(CLOCK_MONOTONIC) - t0;
		cpu[i] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	st->med = pct(t, b->iters, 50);
	st->p99 = pct(t, b->iters, 99);
	st->cpu_p99 = pct(cpu, b->iters, 99);
	free(t);
	return rc;
}

static int run_case(struct bench *b, const struct bench_case *c)
{
	struct stats o, s;
	uint64_t h0 = b->hash = 0xcbf29ce484222325ull;
	int rc = time_side(b, c, 0, &o);

	if (!rc)
		rc = time_side(b, c, 1, &s);
	if (rc)
		return rc;
	printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %012" PRIx64
	       " |\n", c->name, o.med, o.p99, o.cpu_p99, s.med, s.p99, s.cpu_p99,
	       (b->hash ^ h0) >> 16);
	fflush(stdout);
	return 0;
}

/* ---- setup -------------------------------------------------------------------- */

static void progress(void *ctx, uint64_t n)
{
	if (isatty(2))
		fprintf(stderr, "\rbench: synthesising: %" PRIu64 " statements", n);
}

static int find_top(struct bench *b)
{
	struct store_row *r = store_sql(b->idx->st, SQL_SY_BY_POPULARITY);
	int rc = store_step(r);

	if (rc == 1)
		b->top = store_int(r, 0);
	store_done(r);
	return rc == 1 ? 0 : CT_ENOTFOUND;
}

/* The cursor of page 200 of queries[0], found by paging. */
static int find_deep_cursor(struct bench *b)
{
	struct ct_query q = {.text = queries[0], .limit = 25};
	struct ct_error err = {0};

	b->deep_cursor[0] = '\0';
	for (int i = 0; i < 199; i++) {
		struct ct_page p;

		q.cursor = *b->deep_cursor ? b->deep_cursor : NULL;
		if (ct_query_statements(b->idx, &q, &p, &err))
			return CT_EDB;
		snprintf(b->deep_cursor, sizeof(b->deep_cursor), "%s",
			 p.next ? p.next : "");
		ct_page_release(&p);
		if (!*b->deep_cursor)
			break;
	}
	return 0;
}

static int grow(const char *db, uint64_t size, uint64_t seed)
{
	struct ct_error err = {0};
	struct ct_index *idx;
	int rc = ct_open(db, 0, &idx, &err);

	if (!rc)
		rc = synth_grow(idx, size, seed, progress, NULL, &err);
	fprintf(stderr, "\n");
	if (rc)
		fprintf(stderr, "bench: %s\n", err.msg);
	ct_close(idx);
	return rc;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *only = NULL;
	uint64_t size = 0, seed = 20240501;
	struct bench b = {.iters = 200};
	struct ct_error err = {0};
	int rc, nocache = 0;

	for (int i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "--no-cache"))
			nocache = 1, i--;
		else if (i + 1 == argc)
			break;
		else if (!strcmp(argv[i], "--db"))
			db = argv[i + 1];
		else if (!strcmp(argv[i], "--size"))
			size = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--iters"))
			b.iters = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--case"))
			only = argv[i + 1];
	}
	if (!db || b.iters < 1) {
		fprintf(stderr, "usage: bench --db PATH [--size N] [--seed S] "
				"[--iters K] [--case B4] [--no-cache]\n");
		return 2;
	}
	if (size && grow(db, size, seed))
		return 1;
	/* a cached index from an older build: migrate it once read-write,
	 * since a read-only handle cannot */
	if ((rc = ct_open(db, 0, &b.idx, &err))) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	ct_close(b.idx);
	if ((rc = ct_open(db, CT_OPEN_READONLY | (nocache ? 0 : CT_OPEN_SEARCH_CACHE),
			  &b.idx, &err))) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	rc = find_top(&b);
	if (!rc)
		rc = find_deep_cursor(&b);
	printf("| case (ms) | ours median | ours p99 | ours CPU p99 | bare SQL "
	       "median | bare SQL p99 | bare CPU p99 | output hash |\n"
	       "|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < NCASES && !rc; i++)
		if (!only || !strncmp(cases[i].name, only, strlen(only)))
			rc = run_case(&b, &cases[i]);
	ct_close(b.idx);
	if (rc)
		fprintf(stderr, "bench: %s: %s\n", db, ct_strerror(rc));
	return rc ? 1 : 0;
}
