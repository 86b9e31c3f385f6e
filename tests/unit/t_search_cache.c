/* t_search_cache.c — the search cache (lib/fcol.h) gives what the SQL path
 * gives: every page, cursor, total and facet of a search, byte for byte;
 * ct_rank returns bm25()'s very doubles; the cache follows writes made
 * through another connection and through its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"
#include "fcol.h"
#include "index.h"
#include "store.h"
#include "store_int.h"
#include "store_sql.h"
#include "synth.h"

#define MAX_PAGES 500

/* Every page of q (cursor walk), as JSON, one after the other. */
static void pages_json(struct ct_index *idx, struct ct_query q,
		       struct ct_buf *out)
{
	char cursor[128] = "";
	int n = 0;

	do {
		struct ct_error err = {0};
		struct ct_page p;

		q.cursor = *cursor ? cursor : NULL;
		if (ct_query_statements(idx, &q, &p, &err)) {
			ct_buf_printf(out, "error %d %s\n", err.code, err.msg);
			return;
		}
		ct_page_json(&p, out);
		snprintf(cursor, sizeof(cursor), "%s", p.next ? p.next : "");
		ct_page_release(&p);
	} while (*cursor && ++n < MAX_PAGES);
}

/* The queries compared: phrases, prefixes, boolean operators, every sort,
 * every facet filter, and page sizes that cut through ties. */
static const struct ct_query queries[] = {
	{.text = "\"consistent with\"", .limit = 7},
	{.text = "velorastat", .limit = 3},
	{.text = "velorastat", .limit = 11, .sort = CT_SORT_NEWEST},
	{.text = "trial*", .limit = 5, .sort = CT_SORT_OLDEST},
	{.text = "trial*", .limit = 9, .sort = CT_SORT_CONFIDENCE,
	 .npubtypes = 1, .pubtypes = {"review-article"}},
	{.text = "placebo OR phase NOT adolescents", .limit = 6},
	{.text = "velorastat", .limit = 4, .from_year = 2019,
	 .self = CT_SELF_EXCLUDE, .section_mask = 1u << CT_SEC_DISCUSSION},
	{.text = "\"consistent with\" OR trial*", .limit = 8,
	 .type_mask = 1u << 0 | 1u << 2, .journal_self = CT_SELF_EXCLUDE},
	{.text = "nosuchwordanywhere", .limit = 5},
};
#define NQUERIES (sizeof(queries) / sizeof(*queries))

/* Each query through both handles gives the same bytes; returns how many
 * statements the first query found (to tell that there was something). */
static int64_t compare(struct ct_index *plain, struct ct_index *cached)
{
	int64_t total = -1;

	for (size_t i = 0; i < NQUERIES; i++) {
		struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
		struct ct_error err = {0};
		struct ct_page p;

		pages_json(plain, queries[i], &a);
		pages_json(cached, queries[i], &b);
		CHECK(a.len > 0 && b.len == a.len && !memcmp(a.ptr, b.ptr, a.len));
		if (b.len != a.len || memcmp(a.ptr, b.ptr, a.len))
			fprintf(stderr, "  query %zu: %.200s\n  cached: %.200s\n", i,
				a.ptr ? a.ptr : "", b.ptr ? b.ptr : "");
		if (i == 0 && !ct_query_statements(cached, &queries[0], &p, &err)) {
			total = p.total;
			ct_page_release(&p);
		}
		ct_buf_release(&a);
		ct_buf_release(&b);
	}
	CHECK(cached->fcol && cached->fcol->loaded == 1);
	return total;
}

static struct ct_index *open_as(const char *path, int flags)
{
	struct ct_error err = {0};
	struct ct_index *idx = NULL;

	CHECK_EQ_INT(ct_open(path, flags, &idx, &err), 0);
	return idx;
}

TEST(t_search_cache_same_pages)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "fcol", "tests/data/demo", NULL);
	struct ct_index *plain, *cached;
	struct ct_error err = {0};

	if (!w)
		return;
	/* clones of the demo statements: many equal scores, years, ties */
	CHECK_EQ_INT(synth_grow(w, 1500, 11, NULL, NULL, &err), 0);
	plain = open_as(path, CT_OPEN_READONLY);
	cached = open_as(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	if (plain && cached)
		CHECK(compare(plain, cached) > 20);
	ct_close(plain);
	ct_close(cached);
	fx_drop(w, path);
}

/* ct_rank next to bm25(), match by match: the same doubles, with the
 * cached lengths and with FTS5's own (no lengths given).  store_scan_ids
 * gives one row per indexed text (a run's lead), store_scan one per
 * statement: the lead, then the statements of its run. */
static void check_rank(struct ct_index *idx, const char *text)
{
	struct ct_query q = {.text = text};
	struct ct_error err = {0};
	struct store_row *a = NULL, *b = NULL;
	long n = 0, leads = 0;
	int ra = 0, rb = 0;

	CHECK_EQ_INT(store_scan(idx->st, &q, &a, &err), 0);
	CHECK_EQ_INT(store_scan_ids(idx->st, &q, 1, &b, &err), 0);
	if (a && b) {
		ra = store_step(a);
		rb = store_step(b);
	}
	while (ra == 1 && rb == 1) {
		int64_t lead = store_int(b, 0), next;
		double y = store_double(b, 1);

		rb = store_step(b);
		next = rb == 1 ? store_int(b, 0) : INT64_MAX;
		CHECK_EQ_INT(store_int(a, 0), lead);
		leads++;
		do {
			double x = store_double(a, 8);

			CHECK(x == y && !memcmp(&x, &y, sizeof(x)));
			CHECK(store_int(a, 0) >= lead && store_int(a, 0) <= lead + 63);
			n++;
		} while ((ra = store_step(a)) == 1 && store_int(a, 0) != next);
	}
	CHECK(ra == 0 && rb == 0);
	CHECK(leads > 0 && n >= leads);
	store_query_free(a);
	store_query_free(b);
}

TEST(t_search_cache_rank)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "rank", "tests/data/demo", NULL);
	struct ct_index *c;
	struct ct_error err = {0};
	struct ct_page p;
	struct ct_query q = {.text = "velorastat"};

	if (!w)
		return;
	CHECK_EQ_INT(synth_grow(w, 800, 3, NULL, NULL, &err), 0);
	c = open_as(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	if (c && !ct_query_statements(c, &q, &p, &err)) { /* loads the cache */
		ct_page_release(&p);
		check_rank(c, "\"consistent with\"");
		check_rank(c, "placebo OR phase NOT adolescents");
		check_rank(c, "trial* velorastat");
		CHECK_EQ_INT(store_rank_use(c->st, NULL, 0), 0);
		check_rank(c, "\"consistent with\" OR trial*");
		CHECK_EQ_INT(store_rank_use(c->st, c->fcol->len, c->fcol->n), 0);
	}
	ct_close(c);
	fx_drop(w, path);
}

TEST(t_search_cache_follows_writes)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "fcolw",
				      "tests/data/demo/demo01.nxml", NULL);
	struct ct_index *plain, *cached, *self;
	struct ct_ingest_stats st = {0};
	struct ct_error err = {0};
	int64_t before;

	if (!w)
		return;
	plain = open_as(path, CT_OPEN_READONLY);
	cached = open_as(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	if (!plain || !cached)
		goto out;
	/* reload at the first search after a change (no quiet wait: that
	 * is t_search_cache_waits_for_quiet) */
	cached->fcol->quiet_ms = 0;
	compare(plain, cached);
	before = cached->fcol->n;
	/* another connection commits: the cache reloads */
	CHECK_EQ_INT(ct_ingest_path(w, "tests/data/demo", &st, NULL, NULL, &err), 0);
	ct_ingest_stats_release(&st);
	CHECK(compare(plain, cached) > 0);
	CHECK(cached->fcol->n > before);
	/* the cache's own connection writes: it reloads too */
	self = open_as(path, CT_OPEN_SEARCH_CACHE);
	if (self) {
		self->fcol->quiet_ms = 0;
		compare(plain, self);
		before = self->fcol->n;
		CHECK_EQ_INT(synth_grow(self, 900, 5, NULL, NULL, &err), 0);
		compare(plain, self);
		CHECK(self->fcol->n > before);
		ct_close(self);
	}
out:
	ct_close(plain);
	ct_close(cached);
	fx_drop(w, path);
}

/* While the index keeps changing the cache stays empty and the SQL path
 * answers (the same pages); once the index has been still for quiet_ms
 * the next search reloads it. */
TEST(t_search_cache_waits_for_quiet)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "fcolq",
				      "tests/data/demo/demo01.nxml", NULL);
	struct ct_index *plain, *cached;
	struct ct_ingest_stats st = {0};
	struct ct_error err = {0};
	struct timespec pause = {0, 20 * 1000000L};
	int64_t before;

	if (!w)
		return;
	plain = open_as(path, CT_OPEN_READONLY);
	cached = open_as(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	if (!plain || !cached)
		goto out;
	CHECK_EQ_INT(cached->fcol->quiet_ms, FCOL_QUIET_MS);
	compare(plain, cached); /* the first load is not delayed */
	before = cached->fcol->n;
	CHECK_EQ_INT(ct_ingest_path(w, "tests/data/demo", &st, NULL, NULL, &err), 0);
	ct_ingest_stats_release(&st);
	cached->fcol->quiet_ms = 60000;
	for (size_t i = 0; i < NQUERIES; i++) {
		struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;

		pages_json(plain, queries[i], &a);
		pages_json(cached, queries[i], &b);
		CHECK(a.len > 0 && b.len == a.len && !memcmp(a.ptr, b.ptr, a.len));
		ct_buf_release(&a);
		ct_buf_release(&b);
	}
	CHECK_EQ_INT(cached->fcol->loaded, FCOL_WAITING);
	CHECK(cached->fcol->n == 0 && !cached->fcol->rows);
	/* still for longer than quiet_ms: the next search reloads */
	cached->fcol->quiet_ms = 10;
	nanosleep(&pause, NULL);
	CHECK(compare(plain, cached) > 0);
	CHECK(cached->fcol->n > before);
out:
	ct_close(plain);
	ct_close(cached);
	fx_drop(w, path);
}

/* The spans of one statement as the row-by-row highlight() gives them. */
static size_t row_spans(struct ct_index *idx, const char *text, int64_t id,
			struct ct_span *v, size_t cap)
{
	struct store_row *r = store_sql(idx->st, SQL_Q_HIGHLIGHT);
	size_t n = 0;
	uint32_t pos = 0;

	store_bind_text(r, 1, text);
	store_bind_int(r, 2, id);
	if (store_step(r) == 1)
		for (const char *h = store_text(r, 0); h && *h; h++) {
			if (*h == '\x01' && n < cap)
				v[n++] = (struct ct_span){pos, pos};
			else if (*h == '\x02' && n)
				v[n - 1].end = pos;
			else if (*h != '\x01')
				pos++;
		}
	store_done(r);
	return n;
}

/* Pages fetched by id ranges (spans.h) carry the spans highlight() gives
 * row by row, whatever the sort (narrow pages are one range, spread ones
 * several). */
TEST(t_search_spans_by_ranges)
{
	static const struct ct_query qs[] = {
		{.text = "\"consistent with\"", .limit = 40},
		{.text = "velorastat OR trial*", .limit = 60, .sort = CT_SORT_NEWEST},
		{.text = "placebo OR phase NOT adolescents", .limit = 200,
		 .sort = CT_SORT_CONFIDENCE},
	};
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "spans", "tests/data/demo", NULL);
	struct ct_error err = {0};
	long checked = 0;

	if (!w)
		return;
	CHECK_EQ_INT(synth_grow(w, 2000, 13, NULL, NULL, &err), 0);
	for (size_t k = 0; k < sizeof(qs) / sizeof(*qs); k++) {
		struct ct_page p;

		if (ct_query_statements(w, &qs[k], &p, &err)) {
			CHECK(0);
			continue;
		}
		for (size_t i = 0; i < p.n; i++) {
			struct ct_span v[64];
			size_t n = row_spans(w, qs[k].text, p.items[i].id, v, 64);

			CHECK(n > 0);
			CHECK_EQ_INT(p.items[i].nmatches, n);
			for (size_t j = 0; j < n && j < p.items[i].nmatches; j++) {
				CHECK_EQ_INT(p.items[i].matches[j].start, v[j].start);
				CHECK_EQ_INT(p.items[i].matches[j].end, v[j].end);
			}
			checked++;
		}
		ct_page_release(&p);
	}
	CHECK(checked > 100);
	fx_drop(w, path);
}

static int64_t sql_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int64_t search_total(struct ct_index *idx, const char *text)
{
	struct ct_query q = {.text = text, .limit = 100,
			     .group = CT_GROUP_STATEMENT};
	struct ct_error err = {0};
	struct ct_page p;
	int64_t n = -1;

	if (!ct_query_statements(idx, &q, &p, &err)) {
		n = p.total;
		ct_page_release(&p);
	}
	return n;
}

/* How many statements of the first page of q (limit 100) have text
 * holding `words`, ignoring case. */
static int64_t texts_holding(struct ct_index *idx, const char *text,
			     const char *words)
{
	struct ct_query q = {.text = text, .limit = 100,
			     .group = CT_GROUP_STATEMENT};
	struct ct_error err = {0};
	struct ct_page p;
	int64_t n = 0;

	if (ct_query_statements(idx, &q, &p, &err))
		return -1;
	for (size_t i = 0; i < p.n; i++)
		n += p.items[i].text && strcasestr(p.items[i].text, words);
	ct_page_release(&p);
	return n;
}

/* The full-text index holds a context once (schema.c migration 8): a
 * sentence citing several references is one indexed text, yet a search
 * finds each of its statements, through the SQL path and the cache; and
 * `check` notices a statement whose run has no lead with its text. */
TEST(t_search_context_runs)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "runs", "tests/data/demo", NULL);
	struct ct_index *plain = NULL, *cached = NULL;
	struct ct_buf report = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t nst, nlead, like, like_lead;
	sqlite3 *db = NULL;

	if (!w)
		return;
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	nst = sql_count(db, "SELECT count(*) FROM statements");
	nlead = sql_count(db, "SELECT count(*) FROM statements_fts_docsize");
	like = sql_count(db, "SELECT count(*) FROM statements s JOIN statements l"
			     " ON l.id = s.id - s.ctx"
			     " WHERE l.text LIKE '%consistent with%'");
	like_lead = sql_count(db, "SELECT count(*) FROM statement_texts"
				  " WHERE text LIKE '%consistent with%'");
	CHECK(nlead > 0 && nlead < nst);
	/* the others of a run keep no copy of the text */
	CHECK_EQ_INT(sql_count(db, "SELECT count(*) FROM statements"
				   " WHERE ctx > 0 AND text <> ''"), 0);
	CHECK(like_lead > 0 && like > like_lead);
	plain = open_as(path, CT_OPEN_READONLY);
	cached = open_as(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	if (plain && cached) {
		CHECK_EQ_INT(search_total(plain, "\"consistent with\""), like);
		CHECK_EQ_INT(search_total(cached, "\"consistent with\""), like);
		/* and every statement found shows the words */
		CHECK_EQ_INT(texts_holding(cached, "\"consistent with\"",
					   "consistent with"), like);
	}
	CHECK_EQ_INT(ct_check(w, &report, &err), 0);
	/* the second lead made a follower of the first: another text */
	CHECK_EQ_INT(sqlite3_exec(db, "UPDATE statements SET ctx = 1 WHERE id ="
				      " (SELECT id FROM statements WHERE ctx = 0"
				      " ORDER BY id LIMIT 1 OFFSET 1)",
				  NULL, NULL, NULL), SQLITE_OK);
	CHECK(ct_check(w, &report, &err) != 0);
	CHECK(report.ptr && strstr(report.ptr, "outside a run of one context"));
	ct_close(plain);
	ct_close(cached);
	sqlite3_close(db);
	fx_drop(w, path);
	ct_buf_release(&report);
}

/* The plan of a search's SQL path: each match finds its run by equality
 * on statements.lead in st_by_lead (migration 15), not by a range of 64
 * ids checked one by one (1.4 million index entries stepped for 22,422
 * statements at a million; BENCHMARKS.md, issue 16). */
static int plan_has(sqlite3 *db, const char *sql, const char *want)
{
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s = NULL;
	int found = 0;

	if (q && sqlite3_prepare_v2(db, q, -1, &s, NULL) == SQLITE_OK)
		while (sqlite3_step(s) == SQLITE_ROW)
			found |= strstr((const char *)sqlite3_column_text(s, 3),
			                want) != NULL;
	sqlite3_finalize(s);
	sqlite3_free(q);
	return found;
}

TEST(t_search_join_by_lead)
{
	char path[128];
	struct ct_index *w = fx_index(path, sizeof(path), "lead", "tests/data/demo", NULL);
	struct ct_query q = {.text = "velorastat", .limit = 5};
	struct ct_error err = {0};
	struct store_row *r = NULL;
	struct ct_page p;

	if (!w)
		return;
	CHECK_EQ_INT(synth_grow(w, 600, 5, NULL, NULL, &err), 0);
	CHECK_EQ_INT(store_scan(w->st, &q, &r, &err), 0);
	if (r) {
		CHECK(plan_has(w->st->db, sqlite3_sql(r->s),
		               "USING INDEX st_by_lead (lead=?)"));
		CHECK(!plan_has(w->st->db, sqlite3_sql(r->s), "id>? AND id<?"));
	}
	store_query_free(r);
	/* and the answers: every statement of a matched run, as before */
	CHECK_EQ_INT(ct_query_statements(w, &q, &p, &err), 0);
	CHECK(p.total > 0);
	ct_page_release(&p);
	fx_drop(w, path);
}
