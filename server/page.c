/* page.c — the shared frame and pieces of the HTML pages (see page.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "page.h"

static const char *const type_label[CT_TYPE_COUNT] = {
    "Supporting", "Contrasting", "Mentioning", "Unclassified"};
static const char *const section_label[CT_SEC_COUNT] = {
    "Introduction", "Methods", "Results", "Discussion", "Other"};

void page_work_url(struct ct_buf *b, const char *id)
{
	ct_buf_puts(b, "/works/");
	url_esc(b, id, 0);
}

/* ---- the frame
 * ----------------------------------------------------------------- */

void page_begin(struct ct_buf *b, struct req *rq, const char *title)
{
	const char *q = req_param(rq, "q");

	auth_user(rq);
	ct_buf_puts(b,
	            "<!doctype html>\n<html lang=\"en\"><head>"
	            "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	            "content=\"width=device-width, initial-scale=1\"><title>");
	html_esc(b, title);
	ct_buf_puts(
	    b, " · citectx</title><link rel=\"icon\" href=\"data:,\">"
	       "<link rel=\"stylesheet\" "
	       "href=\"/static/style.css\"><script src=\"/static/app.js\" "
	       "defer></script></head>\n<body><header class=\"top\">"
	       "<a class=\"brand\" href=\"/\">citectx</a><form class=\"qs\" "
	       "action=\"/search\" role=\"search\"><input type=\"search\" "
	       "name=\"q\" aria-label=\"Find a paper or search citation "
	       "statements\" placeholder=\"Find a paper or what papers "
	       "say\" value=\"");
	html_esc(b, q && !strcmp(rq->path, "/search") ? q : "");
	ct_buf_puts(b, "\"><button>Search</button></form><nav>");
	if (rq->user.id) {
		ct_buf_puts(b, "<a href=\"/account\" class=\"me\">");
		html_esc(b, rq->user.name);
		ct_buf_puts(b, "</a>");
	} else {
		ct_buf_puts(b, "<a href=\"/account\">Sign in</a>");
	}
	ct_buf_puts(b, "</nav></header>\n<main>");
}

void page_take(struct resp *rs, struct ct_buf *b)
{
	int status = rs->status >= 400 ? rs->status : 200;

	resp_take(rs, b, "text/html; charset=utf-8");
	rs->status = status;
	rs->no_etag |= status >= 400;
}

void page_end(struct ct_buf *b, struct resp *rs)
{
	ct_buf_puts(b,
	            "</main>\n<footer>citectx " CT_VERSION " · a smart "
	            "citation index · <a href=\"/api/v1/top\">API</a></footer>"
	            "</body></html>\n");
	page_take(rs, b);
	rs->cache = "private, no-cache";
}

/* ---- error pages (see page.h)
 * ---------------------------------------------------- What went wrong in
 * words, then what to do about it.  The JSON API (req_is_api) keeps its JSON
 * errors; every other path answers a page. */

static const struct {
	int status;
	const char *title, *todo;
} problems[] = {
    {400, "Something in the address needs fixing",
     "Change the value and try again, or start from the search box."},
    {401, "Please sign in",
     "Sign in on the <a href=\"/account\">account "
     "page</a>, then try again."},
    {403, "Not allowed", "Reload the page you came from and try again."},
    {404, "Not found",
     "Check the address, or search for what you had in "
     "mind."},
    {405, "Not here",
     "This address answers other requests: follow a link "
     "instead of typing it."},
    {409, "Already there", "Pick another name and try again."},
    {413, "Too much at once", "Send less and try again."},
    {429, "Too many attempts", "Wait a few minutes, then try again."},
    {503, "Not available just now",
     "The index is busy, or a server holding part of it cannot be "
     "reached: try again in a moment."},
    {0, "Something went wrong",
     "Try again in a moment; if it keeps "
     "happening, tell whoever runs this "
     "server."},
};

static size_t problem_of(int status)
{
	size_t i = 0;

	while (problems[i].status && problems[i].status != status)
		i++;
	return i;
}

/* The search box again, filled with what the person may have meant. */
static void search_again(struct ct_buf *b, const char *q)
{
	ct_buf_puts(b,
	            "<form action=\"/search\" class=\"big\" role=\"search\">"
	            "<input type=\"search\" name=\"q\" aria-label=\"search\" "
	            "value=\"");
	html_esc(b, q ? q : "");
	ct_buf_puts(b, "\"><button>Search</button></form>");
}

/* "Did you mean pmid:1202204?" with links to the works, when id (which
 * did not resolve) looks like the ID of a work that exists. */
static void suggestions(struct ct_buf *b, struct req *rq, const char *id)
{
	struct ct_suggestions sg;

	if (!id || !*id || !rq->idx)
		return;
	ct_suggest(rq->idx, id, &sg);
	for (size_t i = 0; i < sg.n; i++) {
		ct_buf_puts(b,
		            i ? " or " : "<p class=\"suggest\">Did you mean ");
		ct_buf_puts(b, "<a href=\"");
		page_work_url(b, sg.id[i]);
		ct_buf_puts(b, "\">");
		html_esc(b, sg.id[i]);
		ct_buf_puts(b, "</a>");
	}
	if (sg.n)
		ct_buf_puts(b, "?</p>");
}

/* A problem page: title, msg, the suggestions for id (may be NULL), what
 * to do, and the search box filled with query (may be NULL). */
static int problem_page(struct req *rq, struct resp *rs, int status,
                        const char *msg, const char *id, const char *query)
{
	struct ct_buf b = CT_BUF_INIT;
	size_t k = problem_of(status);

	page_begin(&b, rq, problems[k].title);
	ct_buf_printf(&b,
	              "<section class=\"card problem\" data-status=\"%d\">"
	              "<h1>%s</h1><p class=\"err\" role=\"alert\">",
	              status, problems[k].title);
	html_esc(&b, msg);
	ct_buf_puts(&b, "</p>");
	suggestions(&b, rq, id);
	ct_buf_printf(&b, "<p class=\"todo\">%s</p>", problems[k].todo);
	search_again(&b, query);
	ct_buf_puts(&b, "<p><a href=\"/\">Home: the most-cited works</a>");
	if (rq->route_id && *rq->route_id && !strncmp(rq->path, "/works/", 7) &&
	    status != 404) {
		ct_buf_puts(&b, " · <a href=\"");
		page_work_url(&b, rq->route_id);
		ct_buf_puts(&b, "\">back to the report</a>");
	}
	ct_buf_puts(&b, "</p></section>");
	rs->status = status;
	page_end(&b, rs);
	rs->no_etag = 1;
	ct_buf_release(&b);
	return status;
}

int page_error(struct req *rq, struct resp *rs, int status, const char *msg)
{
	return problem_page(rq, rs, status, msg, NULL, NULL);
}

int page_no_work(struct req *rq, struct resp *rs, const char *id)
{
	char msg[CT_ID_MAX + 80];

	snprintf(msg, sizeof(msg), "No work in this index has the ID “%.*s”.",
	         CT_ID_MAX, id ? id : "");
	return problem_page(rq, rs, 404, msg, id, id);
}

void resp_message(const struct resp *rs, char *msg, size_t n)
{
	snprintf(msg, n, "%s", rs->err_code ? rs->err_msg : "");
}

void page_humanize(struct req *rq, struct resp *rs)
{
	char msg[600];
	const char *tail = rq->path + 1;

	if (req_is_api(rq) || rs->status < 400 || !rs->type ||
	    strncmp(rs->type, "application/json", 16))
		return;
	resp_message(rs, msg, sizeof(msg));
	ct_buf_reset(&rs->body);
	if (rs->status == 404 && !rq->route_id) { /* no route: a typed URL */
		snprintf(msg, sizeof(msg), "There is no page at %.500s.",
		         rq->path);
		problem_page(rq, rs, 404, msg, tail, NULL);
		return;
	}
	problem_page(rq, rs, rs->status, msg, NULL, NULL);
}

/* ---- a filter that cannot be applied
 * -------------------------------------------- */

/* Whether parameter k is shown in the fix-it form (the refused one; both
 * years when a year was refused) rather than carried as hidden. */
static int fix_visible(const char *k, const char *bad)
{
	return !strcmp(k, bad) ||
	       (!strncmp(bad, "from_year", 9) && !strcmp(k, "to_year")) ||
	       (!strcmp(bad, "to_year") && !strcmp(k, "from_year"));
}

static void fix_field(struct ct_buf *b, const struct kv *p, int invalid)
{
	ct_buf_puts(b, "<label>");
	for (const char *c = p->k; *c; c++) /* from_year: from year */
		ct_buf_putc(b, *c == '_' ? ' ' : *c);
	ct_buf_puts(b, " <input name=\"");
	html_esc(b, p->k);
	ct_buf_puts(b, "\" value=\"");
	html_esc(b, p->v);
	ct_buf_printf(b, "\"%s></label> ",
	              invalid ? " aria-invalid=\"true\" "
	                        "autofocus"
	                      : "");
}

void page_filter_error(struct ct_buf *b, struct req *rq, struct resp *rs,
                       const char *path)
{
	const char *bad = rq->bad_param ? rq->bad_param->k : "";
	char msg[600];

	resp_message(rs, msg, sizeof(msg));
	ct_buf_puts(b, "<section class=\"filter-error\"><p class=\"err\" "
	               "role=\"alert\">");
	html_esc(b, msg);
	ct_buf_puts(b, "</p><form class=\"fix\" method=\"get\" action=\"");
	html_esc(b, path);
	ct_buf_puts(b, "\">");
	for (size_t i = 0; i < rq->nparams; i++) {
		const struct kv *p = &rq->params[i];

		if (!strcmp(p->k, "cursor") || !strcmp(p->k, "fragment"))
			continue;
		if (fix_visible(p->k, bad)) {
			fix_field(b, p, p == rq->bad_param);
			continue;
		}
		ct_buf_puts(b, "<input type=\"hidden\" name=\"");
		html_esc(b, p->k);
		ct_buf_puts(b, "\" value=\"");
		html_esc(b, p->v);
		ct_buf_puts(b, "\">");
	}
	ct_buf_puts(b, "<button>Apply</button></form><p><a href=\"");
	html_esc(b, path);
	if (req_param(rq, "q")) {
		ct_buf_puts(b, "?q=");
		url_esc(b, req_param(rq, "q"), 1);
	}
	ct_buf_puts(b, "\">Show all, without filters</a></p></section>");
}

#define NEXT_MAX 2000 /* a redirect target */

/* ---- redirects
 * -------------------------------------------------------------------- */

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* The byte a "%XX" at p stands for, or -1 when it is not one. */
static int pct_byte(const char *p)
{
	int h, l;

	if (p[0] != '%' || (h = hexval(p[1])) < 0 || (l = hexval(p[2])) < 0)
		return -1;
	return h * 16 + l;
}

/* A byte that may not appear in a target: controls, space, DEL, a
 * backslash (browsers read it as '/'), and non-ASCII. */
static int bad_byte(int c)
{
	return c <= 0x20 || c >= 0x7f || c == '\\';
}

/* 1 when to may be a redirect target: a path of ours ("/" then neither
 * '/' nor '\'), printable ASCII without control characters raw or
 * percent-encoded, at most NEXT_MAX bytes. */
static int local_path(const char *to)
{
	size_t n = to ? strlen(to) : 0;

	/* "//host" and "/\host" are another site to a browser; so is
	 * "/%09/host" once the browser drops the tab, and "/%2F/host" to
	 * some proxies */
	if (!n || n > NEXT_MAX || to[0] != '/' || to[1] == '/' || to[1] == '\\')
		return 0;
	if (pct_byte(to + 1) == '/' || pct_byte(to + 1) == '\\')
		return 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)to[i];

		if (bad_byte(c))
			return 0;
		if (c == '%' &&
		    (pct_byte(to + i) < 0 || bad_byte(pct_byte(to + i))))
			return 0;
	}
	/* no scheme or authority can follow a single leading '/' */
	return 1;
}

int page_redirect(struct req *rq, struct resp *rs, const char *to)
{
	/* only paths of ours: never an open redirect */
	if (!local_path(to))
		to = "/";
	rs->location = arena_strndup(&rq->a, to, strlen(to));
	rs->status = 303;
	rs->type = "text/plain; charset=utf-8";
	ct_buf_puts(&rs->body, "See Other\n");
	return 303;
}

/* ---- statements
 * ------------------------------------------------------------------- */

void page_badge(struct ct_buf *b, int type)
{
	ct_buf_printf(b, "<span class=\"badge %s\">%s</span>",
	              ct_type_name(type),
	              type_label[type >= 0 && type < CT_TYPE_COUNT ? type : 3]);
}

/* The statement with the citing sentence in <mark> and the words a search
 * matched in <b class="hit">: the text is cut at every boundary of either
 * and each piece wrapped on its own, so the tags always nest. */
static void statement_text(struct ct_buf *b, const struct ct_statement *s)
{
	size_t len = strlen(s->text), pos = 0, m = 0;
	size_t a = s->sent_start <= len ? s->sent_start : 0;
	size_t e = s->sent_end <= len && s->sent_end >= a ? s->sent_end : len;

	ct_buf_puts(b, "<blockquote>");
	while (pos < len) {
		size_t end = len;
		int in_sent = pos >= a && pos < e, hit;

		while (m < s->nmatches && s->matches[m].end <= pos)
			m++;
		hit = m < s->nmatches && s->matches[m].start <= pos;
		end = pos < a ? a : pos < e ? e : len;
		if (m < s->nmatches)
			end = hit ? (s->matches[m].end < end ? s->matches[m].end
			                                     : end)
			          : (s->matches[m].start < end
			                 ? s->matches[m].start
			                 : end);
		if (end <= pos || end > len)
			end = len;
		ct_buf_puts(b, in_sent ? "<mark>" : "<span class=\"ctx\">");
		ct_buf_puts(b, hit ? "<b class=\"hit\">" : "");
		html_escn(b, s->text + pos, end - pos);
		ct_buf_puts(b, hit ? "</b>" : "");
		ct_buf_puts(b, in_sent ? "</mark>" : "</span>");
		pos = end;
	}
	ct_buf_puts(b, "</blockquote>");
}

void page_work_id(const struct ct_work_brief *w, char *id, size_t cap)
{
	if (w->doi)
		snprintf(id, cap, "%s", w->doi);
	else if (w->pmid)
		snprintf(id, cap, "pmid:%s", w->pmid);
	else if (w->pmcid)
		snprintf(id, cap, "pmcid:%s", w->pmcid);
	else
		snprintf(id, cap, "citectx:%" PRId64, w->id);
}

static void statement_work(struct ct_buf *b, const char *cls,
                           const struct ct_work_brief *w)
{
	char id[400];

	page_work_id(w, id, sizeof(id));
	ct_buf_printf(b, "<p class=\"%s\"><a href=\"", cls);
	page_work_url(b, id);
	ct_buf_puts(b, "\">");
	html_esc(b, w->title ? w->title : id);
	ct_buf_puts(b, "</a>");
	if (w->year)
		ct_buf_printf(b, " <span class=\"yr\">(%d)</span>", w->year);
	ct_buf_puts(b, "</p>");
}

/* A work a sentence cites: its badge and a link to its report, or the
 * reference as written when it is not linked to a work (no link: there
 * is no report to go to). */
static void cite_item(struct ct_buf *b, const struct ct_cite *c)
{
	char id[400];

	ct_buf_printf(b, "<li class=\"cite%s\">",
	              c->work.id ? "" : " unlinked");
	page_badge(b, c->type);
	if (c->work.id) {
		page_work_id(&c->work, id, sizeof(id));
		ct_buf_puts(b, "<a href=\"");
		page_work_url(b, id);
		ct_buf_puts(b, "\">");
		html_esc(b, c->work.title ? c->work.title : id);
		ct_buf_puts(b, "</a>");
		if (c->work.year)
			ct_buf_printf(b, " <span class=\"yr\">(%d)</span>",
			              c->work.year);
	} else {
		ct_buf_puts(b, "<span class=\"ref\">");
		html_esc(b, c->reference && *c->reference
		                ? c->reference
		                : "(reference without text)");
		ct_buf_puts(b, "</span>");
	}
	if (c->marker && *c->marker) {
		ct_buf_puts(b, " <span class=\"mk\">");
		html_esc(b, c->marker);
		ct_buf_puts(b, "</span>");
	}
	ct_buf_puts(b, "</li>");
}

/* The works the sentence cites, each with its label: all of them in a
 * search, the others in a work's own list (the card is about that one). */
static void statement_cites(struct ct_buf *b, const struct ct_statement *s,
                            int show_cited)
{
	size_t shown = 0;

	for (size_t i = 0; i < s->ncites; i++) {
		const struct ct_cite *c = &s->cites[i];

		if (!show_cited && c->work.id && c->work.id == s->cited.id)
			continue;
		if (!shown++)
			ct_buf_printf(
			    b, "<p class=\"about\">%s</p><ul class=\"cites\">",
			    show_cited ? "cites" : "also cites");
		cite_item(b, c);
	}
	if (shown)
		ct_buf_puts(b, "</ul>");
}

/* The work a statement alone is about (group=statement). */
static void statement_cited(struct ct_buf *b, const struct ct_statement *s)
{
	ct_buf_puts(b, "<p class=\"about\">about</p>");
	if (s->cited.id) {
		statement_work(b, "cited", &s->cited);
		return;
	}
	ct_buf_puts(b, "<p class=\"cited unlinked\"><span class=\"ref\">");
	html_esc(b, s->reference && *s->reference ? s->reference
	                                          : "(reference without text)");
	ct_buf_puts(b, "</span></p>");
}

static void statement_flags(struct ct_buf *b, int64_t sid,
                            const struct ct_flags *flags)
{
	for (size_t i = 0; flags && i < flags->n; i++) {
		const struct ct_flag_item *f = &flags->items[i];

		if (f->statement != sid)
			continue;
		ct_buf_puts(b, "<p class=\"flag\">Flagged: should be <b>");
		html_esc(b, ct_type_name(f->label));
		ct_buf_puts(b, "</b>, says ");
		html_esc(b, f->user);
		if (f->comment && *f->comment) {
			ct_buf_puts(b, ": “");
			html_esc(b, f->comment);
			ct_buf_puts(b, "”");
		}
		ct_buf_printf(b, " <time data-t=\"%" PRId64 "\"></time></p>",
		              f->created);
	}
}

static void flag_form(struct ct_buf *b, int64_t sid, const char *action)
{
	ct_buf_puts(b, "<details class=\"flagit\"><summary>Classification "
	               "wrong?</summary><form method=\"post\" action=\"");
	html_esc(b, action);
	ct_buf_printf(
	    b,
	    "\"><input type=\"hidden\" name=\"statement\" value=\"%" PRId64
	    "\"><label>It is <select name=\"label\">",
	    sid);
	for (int t = 0; t < CT_TYPE_COUNT; t++)
		ct_buf_printf(b, "<option value=\"%s\">%s</option>",
		              ct_type_name(t), type_label[t]);
	ct_buf_puts(
	    b, "</select></label> <input name=\"comment\" maxlength=\"2000\""
	       " placeholder=\"why (optional)\"> <button>Flag</button>"
	       "</form></details>");
}

void page_statement(struct ct_buf *b, const struct ct_statement *s,
                    int show_cited, const struct ct_flags *flags,
                    const char *action)
{
	ct_buf_printf(
	    b, "<li class=\"stmt\" id=\"s%" PRId64 "\"><div class=\"meta\">",
	    s->id);
	page_badge(b, s->type);
	ct_buf_printf(b, " <span class=\"sec\">%s",
	              section_label[s->section_class >= 0 &&
	                                    s->section_class < CT_SEC_COUNT
	                                ? s->section_class
	                                : CT_SEC_OTHER]);
	/* the heading as written, unless it only repeats the class */
	if (s->section && *s->section &&
	    strcasecmp(s->section, ct_section_name(s->section_class))) {
		ct_buf_puts(b, " · ");
		html_esc(b, s->section);
	}
	if (s->type == CT_TYPE_UNCLASSIFIED)
		ct_buf_puts(
		    b, "</span> <span class=\"conf\">not classified</span>");
	else
		ct_buf_printf(b,
		              "</span> <span class=\"conf\">confidence %.0f%%"
		              "</span>",
		              s->confidence * 100);
	if (s->self)
		ct_buf_puts(b, " <span class=\"self\">self-citation</span>");
	ct_buf_puts(b, "</div>");
	statement_text(b, s);
	statement_work(b, "from", &s->citing);
	if (s->ncites)
		statement_cites(b, s, show_cited);
	else if (show_cited)
		statement_cited(b, s);
	statement_flags(b, s->id, flags);
	if (action)
		flag_form(b, s->id, action);
	ct_buf_puts(b, "</li>\n");
}

/* ---- the facet form and the list
 * ---------------------------------------------------- */

static void facet_box(struct ct_buf *b, const char *name, const char *value,
                      const char *label, int64_t n, int on)
{
	ct_buf_printf(
	    b,
	    "<label class=\"fc %s\"><input type=\"checkbox\" name=\"%s\" "
	    "value=\"%s\"%s> %s <span class=\"n\">%" PRId64 "</span></label>",
	    value, name, value, on ? " checked" : "", label, n);
}

static int pubtype_on(struct req *rq, const char *v)
{
	for (size_t i = 0; i < rq->nparams; i++)
		if (!strcmp(rq->params[i].k, "pubtype") &&
		    !strcmp(rq->params[i].v, v))
			return 1;
	return 0;
}

/* Publication types of the citing works, as the index names them. */
static void pubtype_boxes(struct ct_buf *b, struct req *rq,
                          const struct ct_page *p)
{
	if (!p->npubtypes)
		return;
	ct_buf_puts(b, "</fieldset><fieldset><legend>Citing publication"
	               "</legend>");
	for (size_t i = 0; i < p->npubtypes && i < 12; i++) {
		const char *v = p->facet_pubtype[i].value;

		ct_buf_puts(b, "<label class=\"fc\"><input type=\"checkbox\" "
		               "name=\"pubtype\" value=\"");
		html_esc(b, v);
		ct_buf_printf(b, "\"%s> ", pubtype_on(rq, v) ? " checked" : "");
		html_esc(b, v);
		ct_buf_printf(b,
		              " <span class=\"n\">%" PRId64 "</span></label>",
		              p->facet_pubtype[i].count);
	}
}

static void self_select(struct ct_buf *b, const struct ct_query *q,
                        const struct ct_page *p)
{
	static const char *const v[] = {"", "only", "exclude"};
	static const char *const label[] = {
	    "all citations", "only self-citations", "no self-citations"};

	ct_buf_printf(
	    b,
	    "<fieldset><legend>Self-citations (%" PRId64 ")"
	    "</legend><select name=\"self\" aria-label=\"self-citations\">",
	    p->self_true);
	for (int i = 0; i < 3; i++)
		ct_buf_printf(b, "<option value=\"%s\"%s>%s</option>", v[i],
		              q->self == i ? " selected" : "", label[i]);
	ct_buf_puts(b, "</select></fieldset>");
}

void page_query_box(struct ct_buf *b, const char *text)
{
	ct_buf_puts(b,
	            "<fieldset class=\"qbox\"><legend>Search these statements"
	            "</legend><input type=\"search\" name=\"q\" aria-label=\""
	            "search these statements\" placeholder=\"e.g. MMSE OR "
	            "dementia\" value=\"");
	html_esc(b, text ? text : "");
	ct_buf_puts(b, "\"></fieldset>");
}

/* The query goes with the facets: a box of its own (box), or hidden
 * (the search page has its box in the header). */
static void facet_form(struct ct_buf *b, struct req *rq, const char *path,
                       const struct ct_query *q, const struct ct_page *p,
                       int box)
{
	static const char *const sorts[] = {"relevance", "newest", "oldest",
	                                    "confidence"};
	const char *text = req_param(rq, "q");

	if (text && !*text)
		text = NULL;
	ct_buf_puts(b, "<form class=\"facets\" method=\"get\" action=\"");
	html_esc(b, path);
	ct_buf_puts(b, "\">");
	if (box) {
		page_query_box(b, text);
	} else if (text) {
		ct_buf_puts(b, "<input type=\"hidden\" name=\"q\" value=\"");
		html_esc(b, text);
		ct_buf_puts(b, "\">");
	}
	ct_buf_puts(b, "<fieldset><legend>Citation type</legend>");
	for (int t = 0; t < CT_TYPE_COUNT; t++)
		facet_box(b, "type", ct_type_name(t), type_label[t],
		          p->facet_type[t], !!(q->type_mask & (1u << t)));
	ct_buf_puts(b, "</fieldset><fieldset><legend>Section</legend>");
	for (int s = 0; s < CT_SEC_COUNT; s++)
		facet_box(b, "section", ct_section_name(s), section_label[s],
		          p->facet_section[s], !!(q->section_mask & (1u << s)));
	pubtype_boxes(b, rq, p);
	ct_buf_puts(
	    b, "</fieldset><fieldset><legend>Years</legend>"
	       "<input name=\"from_year\" inputmode=\"numeric\" size=\"4\" "
	       "aria-label=\"from year\" placeholder=\"from\" value=\"");
	if (q->from_year)
		ct_buf_printf(b, "%d", q->from_year);
	ct_buf_puts(
	    b, "\"> – <input name=\"to_year\" inputmode=\"numeric\" "
	       "size=\"4\" aria-label=\"to year\" placeholder=\"to\" value=\"");
	if (q->to_year)
		ct_buf_printf(b, "%d", q->to_year);
	ct_buf_puts(b, "\"></fieldset><fieldset><legend>Order</legend>"
	               "<select name=\"sort\" aria-label=\"order\">");
	for (int i = text ? 0 : 1; i < 4; i++)
		ct_buf_printf(b, "<option%s>%s</option>",
		              q->sort == i ? " selected" : "", sorts[i]);
	ct_buf_puts(b, "</select></fieldset>");
	self_select(b, q, p);
	ct_buf_puts(b, "<button class=\"apply\">Apply</button></form>");
}

/* The "more" link: this page's parameters with the next cursor. */
static void more_link(struct ct_buf *b, struct req *rq, const char *path,
                      const char *next)
{
	ct_buf_puts(b, "<p><a class=\"more\" href=\"");
	html_esc(b, path);
	ct_buf_puts(b, "?");
	for (size_t i = 0; i < rq->nparams; i++) {
		const struct kv *p = &rq->params[i];

		if (!strcmp(p->k, "cursor") || !strcmp(p->k, "fragment"))
			continue;
		url_esc(b, p->k, 1);
		ct_buf_puts(b, "=");
		url_esc(b, p->v, 1);
		ct_buf_puts(b, "&amp;");
	}
	ct_buf_puts(b, "cursor=");
	url_esc(b, next, 1);
	ct_buf_puts(b, "\">More statements</a></p>");
}

/* An empty list said plainly, naming the filters that emptied it, with a
 * way out. */
static void no_matches(struct ct_buf *b, struct req *rq, const char *path,
                       const struct ct_query *q)
{
	struct ct_buf f = CT_BUF_INIT;
	const char *text = req_param(rq, "q");

	ct_query_describe(q, CT_STYLE_TEXT, &f);
	ct_buf_puts(b, "<p class=\"empty no-matches\"><b>No matches</b>: no "
	               "statement");
	if (text && *text)
		ct_buf_puts(b, " matches this search");
	if (f.len) {
		ct_buf_puts(b, " with ");
		html_esc(b, f.ptr);
		ct_buf_puts(b, ". <a href=\"");
		html_esc(b, path);
		if (text) {
			ct_buf_puts(b, "?q=");
			url_esc(b, text, 1);
		}
		ct_buf_puts(b, "\">Remove the filters</a>");
	}
	ct_buf_puts(b, f.len ? "</p>" : ".</p>");
	ct_buf_release(&f);
}

/* n with thousands separators: 2,311. */
static void put_count(struct ct_buf *b, int64_t n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%" PRId64, n);

	for (int i = 0; i < len; i++) {
		if (i && d[i - 1] != '-' && (len - i) % 3 == 0)
			ct_buf_puts(b, ",");
		ct_buf_put(b, d + i, 1);
	}
}

/* "2,311 matching statements in 1,204 sentences": the list shows the
 * sentences, once each, and the facets count them. */
static void page_count(struct ct_buf *b, const struct ct_page *p)
{
	ct_buf_puts(b, "<p class=\"count\">");
	put_count(b, p->statements);
	ct_buf_printf(b, " matching statement%s",
	              p->statements == 1 ? "" : "s");
	if (p->group == CT_GROUP_SENTENCE) {
		ct_buf_puts(b, " in ");
		put_count(b, p->total);
		ct_buf_printf(b, " sentence%s", p->total == 1 ? "" : "s");
	}
	ct_buf_puts(b, "</p>");
}

void page_results(struct ct_buf *b, struct req *rq, const char *path,
                  const struct ct_query *q, const struct ct_page *page,
                  int show_cited, const struct ct_flags *flags,
                  const char *flag_action)
{
	ct_buf_puts(b, "<div class=\"results-grid\"><aside>");
	facet_form(b, rq, path, q, page, !show_cited);
	ct_buf_puts(b, "</aside><section class=\"list\">");
	page_count(b, page);
	if (!page->n)
		no_matches(b, rq, path, q);
	ct_buf_puts(b, "<ol class=\"stmts\">");
	for (size_t i = 0; i < page->n; i++)
		page_statement(b, &page->items[i], show_cited, flags,
		               flag_action);
	ct_buf_puts(b, "</ol>");
	if (page->next)
		more_link(b, rq, path, page->next);
	ct_buf_puts(b, "</section></div>");
}
