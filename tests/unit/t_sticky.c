/* t_sticky.c — sticky output errors (issue 17 item 3): a ct_buf keeps its
 * first failure and refuses every later append; the JSON writer writes
 * nothing past it; each renderer, cut mid-document by a buffer ceiling,
 * returns an error instead of a cut document. */
#include <string.h>

#include "harness.h"
#include "citectx.h"
#include "buf.h"
#include "err.h"
#include "fixture.h"
#include "jw.h"

TEST(t_buf_sticky)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_limit(&b, 10);
	CHECK_EQ_INT(ct_buf_puts(&b, "12345678"), 0);
	CHECK_EQ_INT(ct_buf_puts(&b, "abc"), CT_ELIMIT); /* 11 > 10 */
	CHECK_EQ_INT(ct_buf_error(&b), CT_ELIMIT);
	/* sticky: an append that would fit is refused too, nothing written */
	CHECK_EQ_INT(ct_buf_putc(&b, 'x'), CT_ELIMIT);
	CHECK_EQ_INT(ct_buf_printf(&b, "%d", 1), CT_ELIMIT);
	CHECK_EQ_INT(ct_buf_put(&b, "", 0), CT_ELIMIT);
	CHECK_EQ_INT(b.len, 8);
	CHECK_EQ_STR(b.ptr, "12345678");
	/* reset empties and clears the error; the ceiling stays */
	ct_buf_reset(&b);
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	CHECK_EQ_INT(ct_buf_puts(&b, "0123456789"), 0);
	CHECK_EQ_INT(ct_buf_putc(&b, 'x'), CT_ELIMIT);
	CHECK_EQ_INT(b.len, 10);
	ct_buf_release(&b);
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	/* 0 restores the library's ceiling */
	ct_buf_limit(&b, 0);
	for (int i = 0; i < 100; i++)
		ct_buf_putc(&b, 'y');
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	CHECK_EQ_INT(b.len, 100);
	ct_buf_release(&b);
}

TEST(t_buf_done_names_what)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error err = {0};

	ct_buf_limit(&b, 4);
	CHECK_EQ_INT(ct_buf_done(&b, &err, "report"), 0);
	ct_buf_puts(&b, "12345");
	CHECK_EQ_INT(ct_buf_done(&b, &err, "report of work 7"), CT_ELIMIT);
	CHECK_EQ_INT(err.code, CT_ELIMIT);
	CHECK_EQ_STR(err.msg, "report of work 7: output over 4 bytes");
	ct_buf_release(&b);
}

/* The writer stops at the failure: what it wrote is a prefix of the whole
 * document, cut at the ceiling, and the error is reported. */
static void jw_doc(struct ct_buf *b)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "title", "Caf\xc3\xa9 \"quoted\"\n");
	jw_key(&w, "n");
	jw_arr(&w);
	for (int i = 0; i < 20; i++)
		jw_int(&w, i * 1000);
	jw_arr_end(&w);
	jw_key(&w, "x");
	jw_num(&w, 0.25);
	jw_obj_end(&w);
}

TEST(t_jw_sticky)
{
	struct ct_buf whole = CT_BUF_INIT;

	jw_doc(&whole);
	CHECK_EQ_INT(ct_buf_error(&whole), 0);
	for (size_t cut = 1; cut < whole.len; cut += 7) {
		struct ct_buf b = CT_BUF_INIT;
		struct jw w;

		ct_buf_limit(&b, cut);
		jw_doc(&b);
		jw_init(&w, &b);
		CHECK_EQ_INT(jw_error(&w), CT_ELIMIT);
		CHECK(b.len <= cut);
		CHECK(!memcmp(b.ptr ? b.ptr : "", whole.ptr, b.len));
		ct_buf_release(&b);
	}
	ct_buf_release(&whole);
}

TEST(t_jw_depth_fails)
{
	struct ct_buf b = CT_BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	for (int i = 0; i < JW_DEPTH; i++)
		jw_arr(&w);
	CHECK_EQ_INT(jw_error(&w), 0);
	jw_arr(&w); /* one past the comma state: an error, not bad JSON */
	CHECK_EQ_INT(jw_error(&w), CT_ELIMIT);
	CHECK_EQ_INT(b.len, JW_DEPTH);
	ct_buf_release(&b);
}

/* ---- every renderer, cut mid-document ------------------------------------- */

typedef int (*render_fn)(struct ct_index *idx, int64_t arg, struct ct_buf *out,
			 struct ct_error *err);

/* Renders whole (it must succeed and fit a ceiling of exactly its length),
 * then into buffers whose ceiling cuts the document at several points:
 * each must return CT_ELIMIT with a message naming the ceiling, having
 * written no more than a prefix of the whole. */
static void check_cuts(const char *name, render_fn fn, struct ct_index *idx,
		       int64_t arg)
{
	struct ct_buf whole = CT_BUF_INIT;
	struct ct_error err = {0};
	size_t len, cuts[6];

	CHECK_EQ_INT(fn(idx, arg, &whole, &err), 0);
	len = whole.len;
	if (len < 8) {
		fprintf(stderr, "  %s: a document of %zu bytes\n", name, len);
		CHECK(len >= 8);
		ct_buf_release(&whole);
		return;
	}
	cuts[0] = 1, cuts[1] = len / 4, cuts[2] = len / 2;
	cuts[3] = len - len / 4, cuts[4] = len - 1, cuts[5] = len;
	for (size_t i = 0; i < 6; i++) {
		struct ct_buf b = CT_BUF_INIT;
		struct ct_error e = {0};
		int want = cuts[i] < len ? CT_ELIMIT : 0, rc;

		ct_buf_limit(&b, cuts[i]);
		rc = fn(idx, arg, &b, &e);
		if (rc != want)
			fprintf(stderr, "  %s cut at %zu of %zu bytes: %d (%s)\n",
				name, cuts[i], len, rc, e.msg);
		CHECK_EQ_INT(rc, want);
		CHECK(!want || strstr(e.msg, "output over") != NULL);
		CHECK(b.len <= cuts[i]);
		CHECK(!memcmp(b.ptr ? b.ptr : "", whole.ptr, b.len));
		ct_buf_release(&b);
	}
	ct_buf_release(&whole);
}

static struct ct_index *demo(char *path, size_t cap, const char *tag,
			     int64_t *work)
{
	struct ct_error err = {0};
	struct ct_index *idx = fx_index(path, cap, tag, "tests/data/demo", NULL);

	CHECK(idx != NULL);
	*work = 0;
	if (idx)
		CHECK_EQ_INT(ct_resolve(idx, "10.5555/CITECTX-demo.01", work,
					&err), 0);
	return idx;
}

/* statements of work (a search for "trial" when work is 0): one page
 * of cards with facets, written by write (JSON, or text for a terminal:
 * the CLI's statements and search) */
static int page_render(struct ct_index *idx, int64_t work, struct ct_buf *out,
		       struct ct_error *err,
		       int (*write)(const struct ct_page *, struct ct_buf *))
{
	struct ct_query q = {.cited = work, .text = work ? NULL : "trial",
			     .limit = 5};
	struct ct_page p;
	int rc = ct_query_statements(idx, &q, &p, err);

	if (rc)
		return rc;
	rc = write(&p, out);
	ct_page_release(&p);
	return rc ? err_set(err, rc, "page: output over the ceiling") : 0;
}

static int page_json(struct ct_index *idx, int64_t work, struct ct_buf *out,
		     struct ct_error *err)
{
	return page_render(idx, work, out, err, ct_page_json);
}

static int page_text(struct ct_index *idx, int64_t work, struct ct_buf *out,
		     struct ct_error *err)
{
	return page_render(idx, work, out, err, ct_page_text);
}

TEST(t_render_cut_statements)
{
	char path[128];
	int64_t work;
	struct ct_index *idx = demo(path, sizeof(path), "cut-stmts", &work);

	if (!idx)
		return;
	check_cuts("statements json", page_json, idx, work);
	check_cuts("search json", page_json, idx, 0);
	check_cuts("statements text", page_text, idx, work);
	check_cuts("search text", page_text, idx, 0);
	fx_drop(idx, path);
}

static int find_json(struct ct_index *idx, int64_t arg, struct ct_buf *out,
		     struct ct_error *err)
{
	return ct_find_json(idx, arg ? "10.5555/CITECTX-demo.01" : "trial", 10,
			    out, err);
}

static int find_text(struct ct_index *idx, int64_t arg, struct ct_buf *out,
		     struct ct_error *err)
{
	return ct_find_text(idx, arg ? "10.5555/CITECTX-demo.01" : "trial", 10,
			    out, err);
}

TEST(t_render_cut_find)
{
	char path[128];
	int64_t work;
	struct ct_index *idx = demo(path, sizeof(path), "cut-find", &work);

	if (!idx)
		return;
	check_cuts("find json (words)", find_json, idx, 0);
	check_cuts("find json (doi)", find_json, idx, 1);
	check_cuts("find text (words)", find_text, idx, 0);
	check_cuts("find text (doi)", find_text, idx, 1);
	fx_drop(idx, path);
}

#define CITE_FN(fmt)                                                     \
	static int cite_##fmt(struct ct_index *idx, int64_t work,        \
			      struct ct_buf *out, struct ct_error *err)  \
	{                                                                \
		return ct_cite(idx, work, CT_CITE_##fmt,                 \
			       "https://example.org", out, err);         \
	}
CITE_FN(BIBTEX)
CITE_FN(RIS)
CITE_FN(CSL_JSON)
CITE_FN(APA)

TEST(t_render_cut_cite)
{
	char path[128];
	int64_t work;
	struct ct_index *idx = demo(path, sizeof(path), "cut-cite", &work);

	if (!idx)
		return;
	check_cuts("cite bibtex", cite_BIBTEX, idx, work);
	check_cuts("cite ris", cite_RIS, idx, work);
	check_cuts("cite csl-json", cite_CSL_JSON, idx, work);
	check_cuts("cite apa", cite_APA, idx, work);
	fx_drop(idx, path);
}

/* classify --json (one label) and eval's table: the renderers that take
 * no index (the arg of check_cuts picks the document) */
static int label_render(struct ct_index *idx, int64_t arg, struct ct_buf *out,
			struct ct_error *err)
{
	static const char text[] =
	    "Our findings were not consistent with those of Smith et al. [21].";
	struct ct_model *m = NULL;
	struct ct_label lab;
	int rc = ct_model_default(&m, err);

	if (rc)
		return rc;
	rc = ct_classify(m, text, 0, sizeof(text) - 1, "[21]", -1, &lab);
	if (!rc)
		rc = ct_label_json(out, &lab, ct_model_name(m),
				   arg ? "  +0.500  a feature\n" : NULL);
	ct_model_free(m);
	return rc ? err_set(err, rc, "label: output over the ceiling") : 0;
}

static int eval_render(struct ct_index *idx, int64_t arg, struct ct_buf *out,
		       struct ct_error *err)
{
	struct ct_eval ev = {.n = 30, .accuracy = 0.7, .macro_f1 = 0.6,
			     .ece = 0.04, .f1_lo = 0.5, .f1_hi = 0.7};
	int rc;

	for (int g = 0; g < 3; g++) {
		ev.precision[g] = ev.recall[g] = ev.f1[g] = 0.6;
		for (int p = 0; p < CT_TYPE_COUNT; p++)
			ev.confusion[g][p] = g == p ? 8 : 1;
	}
	rc = ct_eval_text(&ev, out);
	return rc ? err_set(err, rc, "eval: output over the ceiling") : 0;
}

TEST(t_render_cut_label_eval)
{
	check_cuts("classify label", label_render, NULL, 0);
	check_cuts("classify label, explained", label_render, NULL, 1);
	check_cuts("eval", eval_render, NULL, 0);
}
