/* find_page.c — the works the one search box finds (issue 16), shown on
 * the search page above the statements; an identifier that names a work
 * goes straight to its report (303).  Rendered from struct ct_found, as
 * ct_find_json and ct_find_text are. */
#include <inttypes.h>
#include <string.h>

#include "buf.h"
#include "citectx_report.h"
#include "page.h"

/* Works listed on the search page (the API and CLI page further). */
#define FOUND_SHOWN 10

static void found_authors(struct ct_buf *b, const struct ct_found_work *x)
{
	for (size_t i = 0; i < x->nauthors && i < 3; i++) {
		ct_buf_puts(b, i ? ", " : "");
		html_esc(b, x->authors[i]);
	}
	if (x->nauthors > 3)
		ct_buf_puts(b, " et al.");
}

static void found_work(struct ct_buf *b, const struct ct_found_work *x)
{
	const char *title = x->work.w.title;

	ct_buf_puts(b, "<li class=\"work\"><a class=\"wt\" href=\"");
	page_work_url(b, x->work.id);
	ct_buf_puts(b, "\">");
	html_esc(b, title && *title ? title : x->work.id);
	ct_buf_puts(b, "</a>");
	if (x->work.w.year)
		ct_buf_printf(b, " <span class=\"yr\">(%d)</span>",
		              x->work.w.year);
	ct_buf_puts(b, "<br><span class=\"authors\">");
	found_authors(b, x);
	if (x->journal && *x->journal) {
		ct_buf_puts(b, x->nauthors ? " · " : "");
		html_esc(b, x->journal);
	}
	ct_buf_printf(b,
	              "</span><br><span class=\"n\">cited by %" PRId64
	              ", %" PRId64 " statements</span> <span class=\"mini\">",
	              x->citing_pubs, x->statements);
	for (int i = 0; i < CT_TYPE_COUNT - 1; i++)
		ct_buf_printf(
		    b, "<span class=\"dot %s\" title=\"%s\">%" PRId64 "</span>",
		    ct_type_name(i), ct_type_name(i), x->tallies[i]);
	ct_buf_puts(b, "</span></li>");
}

static void found_list(struct ct_buf *b, const struct ct_found *f)
{
	ct_buf_puts(b, "<section class=\"card works\" id=\"works\"><h2>Works");
	if (f->n)
		ct_buf_printf(b, " <span class=\"count\">(%" PRId64 ")</span>",
		              f->total);
	ct_buf_puts(b, "</h2>");
	if (!f->n) {
		ct_buf_puts(
		    b, "<p class=\"empty\">No work in this index matches “");
		html_esc(b, f->query);
		ct_buf_puts(b, "”.</p>");
	}
	ct_buf_puts(b, "<ol class=\"found\">");
	for (size_t i = 0; i < f->n; i++)
		found_work(b, &f->v[i]);
	ct_buf_puts(b, "</ol>");
	if ((int64_t)f->n < f->total) {
		ct_buf_puts(b, "<p class=\"more\"><a href=\"/api/v1/works?q=");
		url_esc(b, f->query, 1);
		ct_buf_puts(b, "&amp;limit=100\">More as JSON</a></p>");
	}
	ct_buf_puts(b, "</section>");
}

int page_works_found(struct ct_buf *b, struct req *rq, struct resp *rs,
                     const char *q)
{
	struct ct_buf url = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_found *f = NULL;
	int words, rc = 0;

	if (ct_found_load(rq->idx, q, FOUND_SHOWN, &f, &err)) {
		ct_buf_puts(b, "<section class=\"card works\" id=\"works\"><p "
		               "class=\"err\">");
		html_esc(b, err.msg);
		ct_buf_puts(b, "</p></section>");
		return 2;
	}
	words = !strcmp(f->match, "words");
	if (!words && f->n == 1) {
		page_work_url(&url, f->v[0].work.id);
		page_redirect(rq, rs, url.ptr);
		rc = 1;
		goto out;
	}
	found_list(b, f);
	rc = words ? 0 : 2;
out:
	ct_found_free(f);
	ct_buf_release(&url);
	return rc;
}
