/* t_search.c — search and facets on the demo corpus: every facet count
 * equals what selecting that value returns, relevance pages walk every
 * result once, highlights cover the matched words, bad queries are usage
 * errors, the synthetic index is deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"
#include "index.h"
#include "synth.h"

/* Walks every page of q; returns the count, -1 on error or a repeat. */
static long walk(struct ct_index *idx, struct ct_query q)
{
	static int64_t seen[4096];
	char cursor[128] = "";
	long n = 0;

	do {
		struct ct_error err = {0};
		struct ct_page p;

		q.cursor = *cursor ? cursor : NULL;
		if (ct_query_statements(idx, &q, &p, &err))
			return -1;
		for (size_t i = 0; i < p.n; i++) {
			for (long k = 0; k < n; k++)
				if (seen[k] == p.items[i].id) {
					ct_page_release(&p);
					return -1;
				}
			if (n < 4096)
				seen[n++] = p.items[i].id;
		}
		snprintf(cursor, sizeof(cursor), "%s", p.next ? p.next : "");
		ct_page_release(&p);
	} while (*cursor);
	return n;
}

static int64_t total_of(struct ct_index *idx, const struct ct_query *q)
{
	struct ct_error err = {0};
	struct ct_page p;
	int64_t t;

	if (ct_query_statements(idx, q, &p, &err))
		return -1;
	t = p.total;
	ct_page_release(&p);
	return t;
}

/* For one query: each type / section / pubtype / self count equals the
 * total of the query with that value selected instead, and the totals
 * equal what the pages hold. */
static void check_facets(struct ct_index *idx, struct ct_query q)
{
	struct ct_error err = {0};
	struct ct_page p;

	q.limit = 7;
	if (ct_query_statements(idx, &q, &p, &err)) {
		CHECK(0);
		return;
	}
	CHECK_EQ_INT(walk(idx, q), p.total);
	for (int t = 0; t < CT_TYPE_COUNT; t++) {
		struct ct_query f = q;

		f.type_mask = 1u << t;
		CHECK_EQ_INT(total_of(idx, &f), p.facet_type[t]);
	}
	for (int s = 0; s < CT_SEC_COUNT; s++) {
		struct ct_query f = q;

		f.section_mask = 1u << s;
		CHECK_EQ_INT(total_of(idx, &f), p.facet_section[s]);
		CHECK_EQ_INT(walk(idx, f), p.facet_section[s]);
	}
	for (size_t i = 0; i < p.npubtypes; i++) {
		struct ct_query f = q;

		f.npubtypes = 1;
		f.pubtypes[0] = p.facet_pubtype[i].value;
		CHECK_EQ_INT(total_of(idx, &f), p.facet_pubtype[i].count);
	}
	for (size_t i = 0; i < p.nyears; i++) {
		struct ct_query f = q;

		f.from_year = f.to_year = atoi(p.facet_year[i].value);
		CHECK_EQ_INT(total_of(idx, &f), p.facet_year[i].count);
	}
	q.self = CT_SELF_ONLY;
	CHECK_EQ_INT(total_of(idx, &q), p.self_true);
	q.self = CT_SELF_EXCLUDE;
	CHECK_EQ_INT(total_of(idx, &q), p.self_false);
	ct_page_release(&p);
}

TEST(t_facets_equal_filtered_counts)
{
	char path[128];
	struct ct_index *idx = fx_index(path, sizeof(path), "facets", "tests/data/demo", NULL);
	int64_t w = 0;
	struct ct_error err = {0};

	if (!idx)
		return;
	ct_resolve(idx, "10.5555/citectx-demo.01", &w, &err);
	check_facets(idx, (struct ct_query){.cited = w});
	check_facets(idx, (struct ct_query){.cited = w, .section_mask = 1u << 0,
					    .sort = CT_SORT_OLDEST});
	check_facets(idx, (struct ct_query){.text = "velorastat"});
	check_facets(idx, (struct ct_query){.text = "velorastat", .from_year = 2019,
					    .self = CT_SELF_EXCLUDE,
					    .sort = CT_SORT_NEWEST});
	check_facets(idx, (struct ct_query){.text = "trial*", .npubtypes = 1,
					    .pubtypes = {"review-article"},
					    .sort = CT_SORT_CONFIDENCE});
	check_facets(idx, (struct ct_query){.text = "placebo OR phase NOT adolescents"});
	fx_drop(idx, path);
}

TEST(t_relevance_pages_and_highlights)
{
	char path[128];
	struct ct_index *idx = fx_index(path, sizeof(path), "rel", "tests/data/demo", NULL);
	struct ct_query q = {.text = "\"consistent with\"", .limit = 50};
	struct ct_error err = {0};
	struct ct_page p;

	if (!idx)
		return;
	CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), 0);
	CHECK(p.n > 0);
	for (size_t i = 0; i < p.n; i++) {
		const struct ct_statement *s = &p.items[i];

		CHECK(s->nmatches >= 1);
		for (size_t k = 0; k < s->nmatches; k++) {
			uint32_t a = s->matches[k].start, e = s->matches[k].end;

			CHECK(e - a == strlen("consistent with"));
			CHECK(!strncasecmp(s->text + a, "consistent with", e - a));
		}
	}
	ct_page_release(&p);
	for (int lim = 1; lim <= 4; lim++) {
		q.text = "velorastat";
		q.limit = lim;
		CHECK_EQ_INT(walk(idx, q), total_of(idx, &q));
	}
	q.text = "velorastat AND";
	CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), CT_EUSAGE);
	CHECK(strstr(err.msg, "AND at character 12 has no term after it") != NULL);
	q.text = "velorastat";
	q.cursor = "n2020_5";
	CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), CT_EUSAGE);
	fx_drop(idx, path);
}

static uint64_t grown_digest(const char *tag)
{
	char path[128];
	struct ct_index *idx = fx_index(path, sizeof(path), tag, "tests/data/demo", NULL);
	struct ct_error err = {0};
	struct ct_buf out = CT_BUF_INIT;
	uint64_t d = 0;

	if (!idx)
		return 0;
	CHECK_EQ_INT(synth_grow(idx, 600, 7, NULL, NULL, &err), 0);
	CHECK_EQ_INT(ct_check(idx, &out, &err), 0);
	CHECK_EQ_INT(ct_top_json(idx, 5, &out, &err), 0);
	for (size_t i = 0; i < out.len; i++)
		d = d * 31 + (unsigned char)out.ptr[i];
	CHECK(strstr(out.ptr, "\"statements_total\"") != NULL);
	ct_buf_release(&out);
	fx_drop(idx, path);
	return d;
}

TEST(t_synth_is_deterministic)
{
	uint64_t a = grown_digest("synA"), b = grown_digest("synB");

	CHECK(a != 0 && a == b);
}
