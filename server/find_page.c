/* find_page.c — the works the one search box finds (issue 16), shown on
 * the search page above the statements; an identifier that names a work
 * goes straight to its report (303).  Rendered from ct_find_json, like
 * the report page from its documents. */
#include <inttypes.h>
#include <string.h>

#include "buf.h"
#include "page.h"

/* Works listed on the search page (the API and CLI page further). */
#define FOUND_SHOWN 10

static void found_authors(struct ct_buf *b, json_val *au)
{
	size_t n = json_len(au);

	for (size_t i = 0; i < n && i < 3; i++) {
		ct_buf_puts(b, i ? ", " : "");
		html_esc(b, js(json_at(au, i), "name"));
	}
	if (n > 3)
		ct_buf_puts(b, " et al.");
}

static void found_work(struct ct_buf *b, json_val *x)
{
	json_val *t = json_get(x, "tallies");

	ct_buf_puts(b, "<li class=\"work\"><a class=\"wt\" href=\"");
	page_work_url(b, js(x, "id"));
	ct_buf_puts(b, "\">");
	html_esc(b, *js(x, "title") ? js(x, "title") : js(x, "id"));
	ct_buf_puts(b, "</a>");
	if (ji(x, "year"))
		ct_buf_printf(b, " <span class=\"yr\">(%" PRId64 ")</span>",
		              ji(x, "year"));
	ct_buf_puts(b, "<br><span class=\"authors\">");
	found_authors(b, json_get(x, "authors"));
	if (*js(x, "journal")) {
		ct_buf_puts(b, json_len(json_get(x, "authors")) ? " · " : "");
		html_esc(b, js(x, "journal"));
	}
	ct_buf_printf(b,
	              "</span><br><span class=\"n\">cited by %" PRId64
	              ", %" PRId64 " statements</span> <span class=\"mini\">",
	              ji(x, "citing_publications"), ji(x, "statements_total"));
	for (int i = 0; i < CT_TYPE_COUNT - 1; i++)
		ct_buf_printf(
		    b, "<span class=\"dot %s\" title=\"%s\">%" PRId64 "</span>",
		    ct_type_name(i), ct_type_name(i), ji(t, ct_type_name(i)));
	ct_buf_puts(b, "</span></li>");
}

static void found_list(struct ct_buf *b, json_val *root, const char *q)
{
	json_val *d = json_get(root, "data");
	int64_t total = ji(root, "total");

	ct_buf_puts(b, "<section class=\"card works\" id=\"works\"><h2>Works");
	if (json_len(d))
		ct_buf_printf(b, " <span class=\"count\">(%" PRId64 ")</span>",
		              total);
	ct_buf_puts(b, "</h2>");
	if (!json_len(d)) {
		ct_buf_puts(
		    b, "<p class=\"empty\">No work in this index matches “");
		html_esc(b, q);
		ct_buf_puts(b, "”.</p>");
	}
	ct_buf_puts(b, "<ol class=\"found\">");
	for (size_t i = 0; i < json_len(d); i++)
		found_work(b, json_at(d, i));
	ct_buf_puts(b, "</ol>");
	if ((int64_t)json_len(d) < total) {
		ct_buf_puts(b, "<p class=\"more\"><a href=\"/api/v1/works?q=");
		url_esc(b, q, 1);
		ct_buf_puts(b, "&amp;limit=100\">More as JSON</a></p>");
	}
	ct_buf_puts(b, "</section>");
}

int page_works_found(struct ct_buf *b, struct req *rq, struct resp *rs,
                     const char *q)
{
	struct ct_buf j = CT_BUF_INIT, url = CT_BUF_INIT;
	struct ct_error err = {0};
	struct json_doc *doc = NULL;
	json_val *root, *d;
	int words, rc = 0;

	if (ct_find_json(rq->idx, q, FOUND_SHOWN, &j, &err) ||
	    json_doc_parse(j.ptr, j.len, "works", &doc, &err)) {
		ct_buf_puts(b, "<section class=\"card works\" id=\"works\"><p "
		               "class=\"err\">");
		html_esc(b, err.msg);
		ct_buf_puts(b, "</p></section>");
		rc = 2;
		goto out;
	}
	root = json_root(doc);
	d = json_get(root, "data");
	words = !strcmp(js(root, "match"), "words");
	if (!words && json_len(d) == 1) {
		page_work_url(&url, js(json_at(d, 0), "id"));
		page_redirect(rq, rs, url.ptr);
		rc = 1;
		goto out;
	}
	found_list(b, root, q);
	rc = words ? 0 : 2;
out:
	json_doc_free(doc);
	ct_buf_release(&j);
	ct_buf_release(&url);
	return rc;
}
