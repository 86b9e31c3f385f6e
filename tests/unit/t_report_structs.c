/* t_report_structs.c — reports as structs (citectx_report.h): loaded once,
 * the JSON written from the struct is the API's, its fields say what the
 * JSON says; the store's report verbs stop when their callback says so. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "citectx_report.h"
#include "fixture.h"
#include "harness.h"
#include "index.h"
#include "store_report.h"

static struct ct_index *demo(char *path, size_t cap, int64_t *work)
{
	struct ct_index *idx = fx_index(path, cap, "rstructs", "tests/data/demo",
					NULL);
	struct ct_error err = {0};

	*work = 0;
	CHECK(idx != NULL);
	if (idx)
		CHECK_EQ_INT(ct_resolve(idx, "10.5555/citectx-demo.01", work,
					&err), 0);
	return idx;
}

/* The struct holds what the JSON of the same work says. */
static void check_report_fields(const struct ct_report *r)
{
	char url[256];

	CHECK_EQ_STR(r->work.id, "10.5555/citectx-demo.01");
	CHECK_EQ_INT(r->citing, 10);
	CHECK_EQ_INT(r->page.total, 28);
	CHECK(r->page.facet_section[CT_SEC_INTRODUCTION] == 10);
	CHECK(r->headline && *r->headline);
	snprintf(url, sizeof(url), "https://doi.org/%s", r->work.w.doi);
	CHECK(r->urls.doi && !strcmp(r->urls.doi, url));
	CHECK(r->nauthors > 0 && r->authors[0].name && *r->authors[0].name);
	CHECK_EQ_INT((int64_t)r->refs.n, r->nrefs);
	for (size_t i = 0; i < r->refs.n; i++)
		CHECK(!r->refs.v[i].cited || (r->refs.v[i].work.id &&
					      r->refs.v[i].work.w.id ==
					      r->refs.v[i].cited));
	for (size_t i = 0; i < r->summary.n; i++)
		CHECK(r->summary.v[i].citing_id && r->summary.v[i].link);
}

TEST(t_report_struct_is_the_json)
{
	char path[128];
	int64_t a;
	struct ct_index *idx = demo(path, sizeof(path), &a);
	struct ct_report *r = NULL;
	struct ct_buf api = CT_BUF_INIT, mine = CT_BUF_INIT;
	struct ct_error err = {0};

	if (!idx)
		return;
	CHECK_EQ_INT(ct_report_load(idx, a, &r, &err), 0);
	CHECK(r != NULL);
	if (r) {
		check_report_fields(r);
		CHECK_EQ_INT(ct_report_json(idx, a, &api, &err), 0);
		CHECK_EQ_INT(ct_report_write_json(r, &mine), 0);
		CHECK(api.len > 0 && api.len == mine.len &&
		      !memcmp(api.ptr, mine.ptr, api.len));
		ct_buf_reset(&api);
		ct_buf_reset(&mine);
		CHECK_EQ_INT(ct_report_text(idx, a, &api, &err), 0);
		CHECK_EQ_INT(ct_report_write_text(r, &mine), 0);
		CHECK(api.len > 0 && api.len == mine.len &&
		      !memcmp(api.ptr, mine.ptr, api.len));
	}
	ct_report_free(r);
	ct_buf_release(&api);
	ct_buf_release(&mine);
	fx_drop(idx, path);
}

TEST(t_report_struct_refs_top)
{
	char path[128];
	int64_t a;
	struct ct_index *idx = demo(path, sizeof(path), &a);
	struct ct_refs *refs = NULL;
	struct ct_top *top = NULL;
	struct ct_buf api = CT_BUF_INIT, mine = CT_BUF_INIT;
	struct ct_error err = {0};

	if (!idx)
		return;
	CHECK_EQ_INT(ct_refs_load(idx, a, &refs, &err), 0);
	CHECK_EQ_INT(ct_refs_json(idx, a, &api, &err), 0);
	if (refs) {
		CHECK_EQ_INT(ct_refs_write_json(refs, &mine), 0);
		CHECK(api.len == mine.len && !memcmp(api.ptr, mine.ptr, api.len));
	}
	ct_buf_reset(&api);
	ct_buf_reset(&mine);
	CHECK_EQ_INT(ct_top_load(idx, 5, &top, &err), 0);
	CHECK(top && top->n > 0 && top->n <= 5);
	for (size_t i = 1; top && i < top->n; i++)
		CHECK(top->v[i - 1].citing_pubs >= top->v[i].citing_pubs);
	CHECK_EQ_INT(ct_top_json(idx, 5, &api, &err), 0);
	if (top) {
		CHECK_EQ_STR(top->v[0].work.id, "10.5555/citectx-demo.01");
		CHECK_EQ_INT(top->v[0].citing_pubs, 10);
		CHECK_EQ_INT(ct_top_write_json(top, &mine), 0);
		CHECK(api.len == mine.len && !memcmp(api.ptr, mine.ptr, api.len));
	}
	ct_refs_free(refs);
	ct_top_free(top);
	ct_buf_release(&api);
	ct_buf_release(&mine);
	fx_drop(idx, path);
}

TEST(t_report_struct_not_found)
{
	char path[128];
	int64_t a;
	struct ct_index *idx = demo(path, sizeof(path), &a);
	struct ct_report *r = (struct ct_report *)&a;
	struct ct_error err = {0};

	if (!idx)
		return;
	CHECK_EQ_INT(ct_report_load(idx, 1 << 30, &r, &err), CT_ENOTFOUND);
	CHECK(r == NULL);
	CHECK(strncmp(err.msg, "report: ", 8) == 0);
	ct_report_free(NULL);
	ct_refs_free(NULL);
	ct_top_free(NULL);
	fx_drop(idx, path);
}

static int stop_at_second(void *arg, const struct store_report_top *row)
{
	int *n = arg;

	CHECK(row->w.id > 0 && row->citing > 0);
	return ++*n == 2 ? 7 : 0;
}

/* A callback's non-zero return stops the walk and is returned. */
TEST(t_store_report_walk_stops)
{
	char path[128];
	int64_t a;
	struct ct_index *idx = demo(path, sizeof(path), &a);
	struct ct_error err = {0};
	int n = 0;

	if (!idx)
		return;
	CHECK_EQ_INT(store_report_top(idx->st, 5, stop_at_second, &n, &err), 7);
	CHECK_EQ_INT(n, 2);
	fx_drop(idx, path);
}

/* A render into a buffer that fails part way (its ceiling) reports the
 * failure, whichever renderer; the API's call names the work. */
TEST(t_report_struct_render_fails)
{
	char path[128];
	int64_t a;
	struct ct_index *idx = demo(path, sizeof(path), &a);
	struct ct_report *r = NULL;
	struct ct_refs *refs = NULL;
	struct ct_top *top = NULL;
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (!idx)
		return;
	ct_report_load(idx, a, &r, &err);
	ct_refs_load(idx, a, &refs, &err);
	ct_top_load(idx, 5, &top, &err);
	CHECK(r && refs && top);
	if (r && refs && top) {
		ct_buf_limit(&out, 64);
		CHECK_EQ_INT(ct_report_write_json(r, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_report_write_text(r, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_refs_write_json(refs, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_refs_write_text(refs, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_top_write_json(top, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_top_write_text(top, &out), CT_ELIMIT);
		ct_buf_reset(&out);
		CHECK_EQ_INT(ct_report_json(idx, a, &out, &err), CT_ELIMIT);
		CHECK(strstr(err.msg, "report of work") != NULL);
	}
	ct_report_free(r);
	ct_refs_free(refs);
	ct_top_free(top);
	ct_buf_release(&out);
	fx_drop(idx, path);
}
