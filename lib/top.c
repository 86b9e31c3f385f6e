/* top.c — the most-cited works (citectx_report.h): ct_top loaded once
 * into its struct, then written as JSON or text. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "jw.h"
#include "mem.h"
#include "query.h"
#include "store_report.h"

/* The result and the arena its strings live in (the result first, so
 * that its address is the allocation's). */
struct top_mem {
	struct ct_top t;
	struct arena a;
	size_t cap;
};

static int top_row(void *arg, const struct store_report_top *x)
{
	struct top_mem *m = arg;
	struct ct_top_work *y =
	    arena_push(&m->a, (void **)&m->t.v, &m->t.n, &m->cap, sizeof(*y));

	if (!y)
		return CT_ENOMEM;
	y->citing_pubs = x->citing;
	y->statements = x->statements;
	return work_ref_copy(&m->a, &x->w, &y->work);
}

int ct_top_load(struct ct_index *idx, int n, struct ct_top **out,
                struct ct_error *err)
{
	struct top_mem *m = calloc(1, sizeof(*m));
	struct ct_error e = {0};
	int rc;

	*out = NULL;
	if (!m)
		return err_set(err, CT_ENOMEM, "top: %s",
		               ct_strerror(CT_ENOMEM));
	arena_init(&m->a);
	rc = store_report_top(idx->st, n, top_row, m, &e);
	if (rc) {
		ct_top_free(&m->t);
		return err_set(err, rc, "top: %s",
		               rc == CT_ENOMEM ? ct_strerror(rc) : e.msg);
	}
	*out = &m->t;
	return 0;
}

void ct_top_free(struct ct_top *t)
{
	struct top_mem *m = (struct top_mem *)t;

	if (!m)
		return;
	arena_release(&m->a);
	free(m);
}

int ct_top_write_json(const struct ct_top *t, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	for (size_t i = 0; i < t->n; i++) {
		const struct ct_top_work *x = &t->v[i];

		jw_obj(&w);
		jw_kstr(&w, "id", x->work.id);
		jw_kstr(&w, "doi", x->work.w.doi);
		jw_kstr(&w, "title", x->work.w.title);
		jw_kint(&w, "year", x->work.w.year);
		jw_kint(&w, "citing_publications", x->citing_pubs);
		jw_kint(&w, "statements_total", x->statements);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return ct_buf_error(out);
}

int ct_top_write_text(const struct ct_top *t, struct ct_buf *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct ct_top_work *x = &t->v[i];

		ct_buf_printf(out,
		              "%5" PRId64 " citing, %5" PRId64
		              " statements  %s  %s (%d)\n",
		              x->citing_pubs, x->statements, x->work.id,
		              x->work.w.title ? x->work.w.title : "",
		              x->work.w.year);
	}
	return ct_buf_error(out);
}

static int top_render(struct ct_index *idx, int n, struct ct_buf *out,
                      struct ct_error *err,
                      int (*write)(const struct ct_top *, struct ct_buf *))
{
	struct ct_top *t;
	int rc = ct_top_load(idx, n, &t, err);

	if (!rc && write(t, out))
		rc = ct_buf_done(out, err, "most-cited works");
	ct_top_free(t);
	return rc;
}

int ct_top_json(struct ct_index *idx, int n, struct ct_buf *out,
                struct ct_error *err)
{
	return top_render(idx, n, out, err, ct_top_write_json);
}

int ct_top_text(struct ct_index *idx, int n, struct ct_buf *out,
                struct ct_error *err)
{
	return top_render(idx, n, out, err, ct_top_write_text);
}
