/* t_index.c — the public API end to end on the demo corpus: linking by
 * DOI and PMID, report counts, idempotent re-ingest, facets, cursors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"

/* The demo corpus, with the counts tests/data/demo/EXPECTED.md gives. */
static struct ct_index *demo_index(char *path, size_t cap)
{
	struct ct_ingest_stats st = {0};
	struct ct_index *idx = fx_index(path, cap, "index", "tests/data/demo", &st);

	CHECK_EQ_INT(st.articles, 12);
	CHECK_EQ_INT(st.references, 58);
	CHECK_EQ_INT(st.statements, 91);
	CHECK_EQ_INT(st.nfailures, 0);
	ct_ingest_stats_release(&st);
	return idx;
}

TEST(t_report_demo01)
{
	char path[128];
	struct ct_index *idx = demo_index(path, sizeof(path));
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t a = 0, b = 0, c = 0;

	CHECK(idx != NULL);
	if (!idx)
		return;
	/* one work whichever identifier names it */
	CHECK_EQ_INT(ct_resolve(idx, "10.5555/CITECTX-demo.01", &a, &err), 0);
	CHECK_EQ_INT(ct_resolve(idx, "pmid:90000001", &b, &err), 0);
	CHECK_EQ_INT(ct_resolve(idx, "PMC9900001", &c, &err), 0);
	CHECK(a && a == b && b == c);
	CHECK_EQ_INT(ct_resolve(idx, "pmid:1", &b, &err), CT_ENOTFOUND);
	CHECK_EQ_INT(ct_resolve(idx, "nonsense", &b, &err), CT_EUSAGE);
	CHECK_EQ_INT(ct_report_json(idx, a, &out, &err), 0);
	CHECK(strstr(out.ptr, "\"citing_publications\":10,") != NULL);
	CHECK(strstr(out.ptr, "\"statements_total\":28,") != NULL);
	CHECK(strstr(out.ptr, "\"sections\":{\"introduction\":10,\"methods\":6,"
			      "\"results\":2,\"discussion\":10,\"other\":0}") != NULL);
	ct_buf_release(&out);
	fx_drop(idx, path);
}

TEST(t_reingest_is_idempotent)
{
	char path[128];
	struct ct_index *idx = demo_index(path, sizeof(path));
	struct ct_ingest_stats st = {0};
	struct ct_buf before = CT_BUF_INIT, after = CT_BUF_INIT, rep = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t a = 0;

	if (!idx)
		return;
	ct_resolve(idx, "10.5555/citectx-demo.01", &a, &err);
	ct_report_json(idx, a, &before, &err);
	ct_ingest_path(idx, "tests/data/demo", &st, NULL, NULL, &err);
	ct_ingest_stats_release(&st);
	ct_report_json(idx, a, &after, &err);
	/* statement ids change on re-ingest; the counts must not */
	CHECK(strstr(after.ptr, "\"statements_total\":28,") != NULL);
	CHECK(strstr(after.ptr, "\"citing_publications\":10,") != NULL);
	CHECK_EQ_INT(ct_check(idx, &rep, &err), 0);
	ct_buf_release(&before);
	ct_buf_release(&after);
	ct_buf_release(&rep);
	fx_drop(idx, path);
}

/* Every statement exactly once across pages, whatever the sort; facet
 * counts equal what the facet's filter returns. */
TEST(t_cursor_pages_and_facets)
{
	char path[128];
	struct ct_index *idx = demo_index(path, sizeof(path));
	struct ct_error err = {0};
	int64_t a = 0;

	if (!idx)
		return;
	ct_resolve(idx, "10.5555/citectx-demo.01", &a, &err);
	for (int sort = 0; sort < 4; sort++) {
		struct ct_query q = {.cited = a, .sort = sort, .limit = 3};
		char cursor[128] = "";
		int64_t seen[64] = {0};
		int total = 0, dup = 0;

		do {
			struct ct_page p;

			q.cursor = *cursor ? cursor : NULL;
			if (ct_query_statements(idx, &q, &p, &err)) {
				CHECK(0);
				break;
			}
			for (size_t i = 0; i < p.n; i++) {
				for (int k = 0; k < total && k < 64; k++)
					dup += seen[k] == p.items[i].id;
				if (total < 64)
					seen[total] = p.items[i].id;
				total++;
			}
			snprintf(cursor, sizeof(cursor), "%s", p.next ? p.next : "");
			ct_page_release(&p);
		} while (*cursor);
		CHECK_EQ_INT(total, 28);
		CHECK_EQ_INT(dup, 0);
	}
	{
		struct ct_query q = {.cited = a, .limit = 100};
		struct ct_page p, f;

		CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), 0);
		q.section_mask = 1u << CT_SEC_METHODS;
		CHECK_EQ_INT(ct_query_statements(idx, &q, &f, &err), 0);
		CHECK_EQ_INT((int64_t)f.n, p.facet_section[CT_SEC_METHODS]);
		CHECK_EQ_INT(f.n, 6);
		ct_page_release(&p);
		ct_page_release(&f);
	}
	fx_drop(idx, path);
}

TEST(t_search_text)
{
	char path[128];
	struct ct_index *idx = demo_index(path, sizeof(path));
	struct ct_query q = {.text = "\"consistent with\"", .limit = 50};
	struct ct_error err = {0};
	struct ct_page p;

	if (!idx)
		return;
	CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), 0);
	CHECK(p.n > 0);
	for (size_t i = 0; i < p.n; i++)
		CHECK(strstr(p.items[i].text, "consistent with") != NULL);
	ct_page_release(&p);
	q.text = "\"unbalanced";
	CHECK_EQ_INT(ct_query_statements(idx, &q, &p, &err), CT_EUSAGE);
	fx_drop(idx, path);
}

/* Copies file from into folder dir as name. */
static int copy_into(const char *from, const char *dir, const char *name)
{
	char to[256], buf[8192];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	snprintf(to, sizeof(to), "%s/%s", dir, name);
	out = fopen(to, "wb");
	if (!in || !out) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	return fclose(out);
}

/* The same article twice in one batch: the second copy replaces the
 * first while the first's statements are still queued for the full-text
 * index (store_fts_before_delete must index them before they are
 * deleted).  The index must pass check, FTS5's own integrity check among
 * it, and search must find the article's statements once. */
TEST(t_reingest_within_one_batch)
{
	char dir[64], path[128];
	struct ct_ingest_stats st = {0};
	struct ct_index *idx;
	struct ct_buf rep = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_page pg = {0};
	struct ct_query q = {.text = "migraine", .limit = 100};

	snprintf(dir, sizeof(dir), "/tmp/citectx-twice-%d", (int)getpid());
	CHECK_EQ_INT(mkdir(dir, 0700), 0);
	CHECK_EQ_INT(copy_into("tests/data/demo/demo01.nxml", dir, "a.nxml"), 0);
	CHECK_EQ_INT(copy_into("tests/data/demo/demo01.nxml", dir, "b.nxml"), 0);
	idx = fx_index(path, sizeof(path), "twice", dir, &st);
	CHECK_EQ_INT(st.articles, 2);
	CHECK_EQ_INT(st.nfailures, 0);
	ct_ingest_stats_release(&st);
	if (idx) {
		CHECK_EQ_INT(ct_check(idx, &rep, &err), 0);
		CHECK_EQ_INT(ct_query_statements(idx, &q, &pg, &err), 0);
		/* demo01 alone gives 5 statements saying "migraine" */
		CHECK_EQ_INT(pg.total, 5);
		CHECK_EQ_INT(pg.n, 5);
		ct_page_release(&pg);
	}
	ct_buf_release(&rep);
	fx_drop(idx, path);
	unlink(strcat(strcpy(path, dir), "/a.nxml"));
	unlink(strcat(strcpy(path, dir), "/b.nxml"));
	rmdir(dir);
}
