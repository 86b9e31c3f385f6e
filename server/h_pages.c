/*
 * h_pages.c — the two pages people read: search (GET / and /search) and
 * the report of a work (GET /works/{id}, the DOI as it is in the path).
 *
 * The report page is a view of the same results the API serves: the
 * report and its reference list from struct ct_report (citectx_report.h,
 * which the API's JSON is rendered from too), the ratings, flags and
 * follow from the user records (citectx.h, "user records as structs"),
 * the statements from ct_query_statements with the facets of
 * the query string.  With
 * ?fragment=1 only the #results block is sent: app.js swaps it in place
 * when a facet changes; without JavaScript the facet form reloads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "citectx_report.h"
#include "page.h"

#define CHART_W 640
#define CHART_H 120

struct work_view {
	int64_t work;
	struct ct_report *report; /* NULL when it could not be built */
	/* the user records (empty when they could not be read) */
	struct ct_ratings ratings;
	struct ct_flags flags;
	struct ct_follows follow; /* signed in: whether they follow it */
	const char *id;           /* the public ID */
	struct ct_buf url;        /* /works/ID */
};

/* The ratings, flags and (signed in) follow of the work; a record that
 * cannot be read shows as none. */
static void load_user_records(struct req *rq, struct work_view *v)
{
	ct_ratings_load(rq->idx, v->work, rq->user.id, &v->ratings, NULL);
	ct_flags_load(rq->idx, 0, v->work, &v->flags, NULL);
	if (rq->user.id)
		ct_follows_load(rq->idx, rq->user.id, v->work, &v->follow,
		                NULL);
}

static void view_release(struct work_view *v)
{
	ct_report_free(v->report);
	ct_flags_release(&v->flags);
	ct_follows_release(&v->follow);
	ct_buf_release(&v->url);
}

/* ---- the record
 * ---------------------------------------------------------------- */

/* s, or "" for an absent value. */
static const char *sz(const char *s)
{
	return s ? s : "";
}

/* An author's name, affiliation numbers and ORCID (a link to orcid.org). */
static void record_author(struct ct_buf *b, const char *name, const int *affn,
                          int naffn, const char *orcid)
{
	html_esc(b, name);
	for (int k = 0; k < naffn; k++)
		ct_buf_printf(b, "%s%d", k ? "," : "<sup>", affn[k]);
	if (naffn)
		ct_buf_puts(b, "</sup>");
	if (orcid && *orcid) {
		const char *bare = strstr(orcid, "orcid.org/");

		bare = bare ? bare + 10 : orcid;
		ct_buf_puts(b, " <a class=\"orcid\" href=\"https://orcid.org/");
		url_esc(b, bare, 0);
		ct_buf_puts(b, "\" title=\"ORCID\">ORCID ");
		html_esc(b, bare);
		ct_buf_puts(b, "</a>");
	}
}

/* The authors of the full text, else the names reference lists give. */
static void record_authors(struct ct_buf *b, const struct ct_report *r)
{
	size_t n = r->nauthors ? r->nauthors : r->nref_names;

	if (!n)
		return;
	ct_buf_puts(b, "<p class=\"authors\">");
	for (size_t i = 0; i < n; i++) {
		const struct ct_author *a = r->nauthors ? &r->authors[i] : NULL;

		if (i == 12 && n > 14) {
			ct_buf_printf(b, " … and %zu more", n - 12);
			break;
		}
		ct_buf_puts(b, i ? ", " : "");
		if (a)
			record_author(b, a->name, a->affn, a->naffn, a->orcid);
		else
			record_author(b, r->ref_names[i], NULL, 0, NULL);
	}
	ct_buf_puts(b, "</p>");
	if (!r->naffs)
		return;
	ct_buf_puts(b, "<ol class=\"affs\">");
	for (size_t i = 0; i < r->naffs; i++) {
		ct_buf_puts(b, "<li>");
		html_esc(b, r->affs[i]);
		ct_buf_puts(b, "</li>");
	}
	ct_buf_puts(b, "</ol>");
}

/* One identifier, linked to where the work can be read. */
static void id_link(struct ct_buf *b, const char *label, const char *value,
                    const char *url, const char *cls)
{
	if (!value || !*value || !url || !*url)
		return;
	ct_buf_printf(b, "%s <a class=\"%s\" href=\"", label, cls);
	html_esc(b, url);
	ct_buf_puts(b, "\">");
	html_esc(b, value);
	ct_buf_puts(b, "</a> ");
}

static void record_ids(struct ct_buf *b, const struct ct_report *r)
{
	const struct ct_work_brief *w = &r->work.w;

	ct_buf_puts(b, "<p class=\"ids\">");
	id_link(b, "DOI", w->doi, r->urls.doi, "doi");
	id_link(b, "PMID", w->pmid, r->urls.pubmed, "pmid");
	id_link(b, "PMCID", w->pmcid, r->urls.pmc, "pmcid");
	if (r->urls.europepmc && *r->urls.europepmc) {
		ct_buf_puts(b, "<a class=\"epmc\" href=\"");
		html_esc(b, r->urls.europepmc);
		ct_buf_puts(b, "\">Europe PMC</a>");
	}
	if (!r->indexed)
		ct_buf_puts(b, " <span class=\"note\">cited, full text not "
		               "indexed</span>");
	ct_buf_puts(b, "</p>");
}

/* Keywords or funders, one list item each. */
static void record_items(struct ct_buf *b, const char *const *v, size_t n,
                         const char *title, const char *cls)
{
	if (!n)
		return;
	ct_buf_printf(b, "<div class=\"%s\"><b>%s:</b> <ul>", cls, title);
	for (size_t i = 0; i < n; i++) {
		ct_buf_puts(b, "<li>");
		html_esc(b, v[i]);
		ct_buf_puts(b, "</li>");
	}
	ct_buf_puts(b, "</ul></div>");
}

/* The abstract under its own section headings. */
static void record_abstract(struct ct_buf *b, const struct ct_report *r)
{
	if (!r->nabstract_sections)
		return;
	ct_buf_puts(b,
	            "<details class=\"abstract\"><summary>Abstract</summary>");
	for (size_t i = 0; i < r->nabstract_sections; i++) {
		const struct ct_abstract_section *x = &r->abstract_sections[i];

		if (x->heading && *x->heading) {
			ct_buf_puts(b, "<h3>");
			html_esc(b, x->heading);
			ct_buf_puts(b, "</h3>");
		}
		ct_buf_puts(b, "<p>");
		html_esc(b, x->text);
		ct_buf_puts(b, "</p>");
	}
	ct_buf_puts(b, "</details>");
}

static void record(struct ct_buf *b, const struct ct_report *r)
{
	const struct ct_work_brief *w = &r->work.w;

	ct_buf_puts(b, "<article class=\"record card\"><p class=\"venue\">");
	html_esc(b, r->journal);
	if (w->year)
		ct_buf_printf(b, "%s%d", *sz(r->journal) ? " · " : "", w->year);
	if (*sz(r->volume)) {
		ct_buf_puts(b, " · vol. ");
		html_esc(b, r->volume);
	}
	if (*sz(r->pages)) {
		ct_buf_puts(b, " · pp. ");
		html_esc(b, r->pages);
	}
	ct_buf_puts(b, "</p><h1>");
	html_esc(b, *sz(w->title) ? w->title : r->work.id);
	ct_buf_puts(b, "</h1>");
	record_authors(b, r);
	record_ids(b, r);
	record_items(b, r->keyword_list, r->nkeyword_list, "Keywords",
	             "keywords");
	record_items(b, r->funders, r->nfunders, "Funding", "funding");
	record_abstract(b, r);
	ct_buf_puts(b, "</article>");
}

/* ---- tallies and the per-year chart
 * ------------------------------------------------- */

static void chart(struct ct_buf *b, const struct ct_facet *years, size_t n)
{
	int64_t max = 1;

	for (size_t i = 0; i < n; i++)
		max = years[i].count > max ? years[i].count : max;
	if (!n)
		return;
	ct_buf_printf(
	    b,
	    "<figure class=\"chart\"><svg viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-label=\"citation statements per year\">",
	    CHART_W, CHART_H + 18);
	for (size_t i = 0; i < n; i++) {
		double bw = (double)CHART_W / (double)n;
		int64_t c = years[i].count;
		double h = (double)c * CHART_H / (double)max;

		ct_buf_printf(b,
		              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		              "height=\"%.1f\"><title>%s: %" PRId64
		              "</title></rect>",
		              (double)i * bw + 1, CHART_H - h,
		              bw > 3 ? bw - 2 : bw, h, years[i].value, c);
		if (i == 0 || i == n - 1 || (n > 8 && i % (n / 4) == 0))
			ct_buf_printf(b, "<text x=\"%.1f\" y=\"%d\">%s</text>",
			              (double)i * bw + bw / 2, CHART_H + 14,
			              years[i].value);
	}
	ct_buf_puts(b, "</svg><figcaption>Citation statements per year of the "
	               "citing publication</figcaption></figure>");
}

static void summary(struct ct_buf *b, const struct work_view *v)
{
	const struct ct_report *r = v->report;
	int64_t cp = r->citing, st = r->page.total;

	ct_buf_printf(b,
	              "<section class=\"summary card\"><p class=\"citedby\">"
	              "Cited by <strong>%" PRId64 "</strong> publication%s "
	              "(%" PRId64
	              " citation statement%s)</p><ul class=\"tallies\">",
	              cp, cp == 1 ? "" : "s", st, st == 1 ? "" : "s");
	for (int i = 0; i < CT_TYPE_COUNT; i++) {
		ct_buf_puts(b, "<li><a class=\"facet-link tally ");
		ct_buf_printf(b, "%s\" href=\"%s?type=%s#results\">",
		              ct_type_name(i), v->url.ptr, ct_type_name(i));
		page_badge(b, i);
		ct_buf_printf(b, " <b>%" PRId64 "</b></a></li>",
		              r->page.facet_type[i]);
	}
	ct_buf_printf(b,
	              "</ul><p class=\"refs-count\">%" PRId64 " references · "
	              "<a href=\"#cite\">Cite</a> · <a href=\"#references\">"
	              "References</a></p>",
	              r->nrefs);
	chart(b, r->page.facet_year, r->page.nyears);
	ct_buf_puts(b, "</section>");
}

/* ---- what the citing literature says, related works, notices
 * ------------------ */

static void summary_points(struct ct_buf *b, const struct ct_report *r)
{
	if (!*sz(r->headline))
		return;
	ct_buf_puts(b, "<section class=\"card gist\"><h2>In short</h2><p>");
	html_esc(b, r->headline);
	ct_buf_puts(b, "</p><ul class=\"points\">");
	for (size_t i = 0; i < r->summary.n; i++) {
		const struct ct_summary_point *x = &r->summary.v[i];
		int t = x->type >= 0 && x->type < CT_TYPE_COUNT
		            ? x->type
		            : CT_TYPE_UNCLASSIFIED;

		ct_buf_puts(b, "<li>");
		page_badge(b, t);
		ct_buf_puts(b, " “");
		html_esc(b, x->sentence);
		ct_buf_puts(b, "” — <a href=\"");
		page_work_url(b, x->citing_id);
		ct_buf_puts(b, "\">");
		html_esc(b, x->citing.title);
		ct_buf_printf(b, "</a> (%d)</li>", x->citing.year);
	}
	ct_buf_puts(b, "</ul></section>");
}

static void work_links(struct ct_buf *b, const struct ct_work_links *l,
                       const char *h, const char *count_label)
{
	if (!l->n)
		return;
	ct_buf_printf(b, "<h3>%s</h3><ul class=\"related\">", h);
	for (size_t i = 0; i < l->n && i < 10; i++) {
		const struct ct_work_link *x = &l->v[i];

		ct_buf_puts(b, "<li>");
		if (*sz(x->kind)) {
			ct_buf_puts(b, "<b class=\"kind\">");
			html_esc(b, x->kind);
			ct_buf_puts(b, "</b> ");
		}
		ct_buf_puts(b, "<a href=\"");
		page_work_url(b, x->work.id);
		ct_buf_puts(b, "\">");
		html_esc(b,
		         *sz(x->work.w.title) ? x->work.w.title : x->work.id);
		ct_buf_printf(b, "</a> <span class=\"yr\">(%d)</span>",
		              x->work.w.year);
		if (count_label)
			ct_buf_printf(
			    b, " <span class=\"n\">%" PRId64 " %s</span>", x->n,
			    count_label);
		ct_buf_puts(b, "</li>");
	}
	ct_buf_puts(b, "</ul>");
}

/* Retractions, corrections and expressions of concern about this work
 * (and, for a notice, what it concerns): shown first, they matter most. */
static void notices(struct ct_buf *b, const struct ct_report *r)
{
	if (!r->notices.n && !r->concerns.n)
		return;
	ct_buf_puts(b, "<section class=\"card notice\" role=\"note\">");
	work_links(b, &r->notices, "Editorial notices about this work", NULL);
	work_links(b, &r->concerns, "This notice concerns", NULL);
	ct_buf_puts(b, "</section>");
}

static void related(struct ct_buf *b, const struct ct_report *r)
{
	if (!r->cocited.n && !r->coupled.n)
		return;
	ct_buf_puts(b,
	            "<section id=\"related\" class=\"card\"><h2>Related works"
	            "</h2>");
	work_links(b, &r->cocited, "Cited together with it", "times together");
	work_links(b, &r->coupled, "Citing the same references",
	           "shared references");
	ct_buf_puts(b, "</section>");
}

/* ---- ratings, follow, cite, references
 * ----------------------------------------------- */

static void rating_select(struct ct_buf *b, int aspect, int64_t mine)
{
	const char *name = ct_rating_aspect_name(aspect);

	ct_buf_printf(b, "<label>%s <select name=\"%s\">%s", name, name,
	              aspect ? "<option value=\"\">–</option>" : "");
	for (int s = 1; s <= 5; s++)
		ct_buf_printf(b, "<option%s>%d</option>",
		              mine == s ? " selected" : "", s);
	ct_buf_puts(b, "</select></label> ");
}

static void rating_averages(struct ct_buf *b, const struct ct_ratings *r)
{
	ct_buf_puts(b, "<dl class=\"avgs\">");
	for (int i = 0; i < CT_RATE_COUNT; i++)
		if (r->average[i] > 0)
			ct_buf_printf(b, "<div><dt>%s</dt><dd>%.1f</dd></div>",
			              ct_rating_aspect_name(i), r->average[i]);
	ct_buf_puts(b, "</dl>");
}

/* The signed-in forms, each with the form token of the session. */
static void rating_form(struct ct_buf *b, struct req *rq,
                        const struct work_view *v)
{
	const struct ct_ratings *r = &v->ratings;
	int following = v->follow.n > 0;
	const char *csrf = forms_token(rq);

	ct_buf_printf(b,
	              "<form method=\"post\" class=\"rate\" action=\"%s/rate\">"
	              "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	              v->url.ptr, csrf ? csrf : "");
	for (int i = 0; i < CT_RATE_COUNT; i++)
		rating_select(b, i, r->has_mine ? r->mine[i] : 0);
	ct_buf_printf(b, "<button>%s</button></form>",
	              r->has_mine ? "Update my rating" : "Rate");
	ct_buf_printf(
	    b,
	    "<form method=\"post\" class=\"follow\" action=\"%s/follow\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"action\" value=\"%s\">"
	    "<button>%s</button></form>",
	    v->url.ptr, csrf ? csrf : "", following ? "unfollow" : "follow",
	    following ? "Following (unfollow)" : "Follow new statements");
}

static void ratings(struct ct_buf *b, struct req *rq, const struct work_view *v)
{
	int64_t n = v->ratings.count;

	ct_buf_printf(b,
	              "<section id=\"rate\" class=\"card\"><h2>Ratings</h2>"
	              "<p class=\"rcount\">%" PRId64 " rating%s",
	              n, n == 1 ? "" : "s");
	if (!v->ratings.has_average)
		ct_buf_printf(b,
		              "; averages are shown once %d people have rated",
		              CT_RATINGS_SHOWN);
	ct_buf_puts(b, "</p>");
	if (v->ratings.has_average)
		rating_averages(b, &v->ratings);
	if (rq->user.id)
		rating_form(b, rq, v);
	else
		ct_buf_printf(b,
		              "<p><a href=\"/account?next=%s\">Sign in</a> to "
		              "rate, flag and follow.</p>",
		              v->url.ptr);
	ct_buf_puts(b, "</section>");
}

static void cite_section(struct ct_buf *b, struct req *rq,
                         const struct work_view *v)
{
	struct ct_buf apa = CT_BUF_INIT, bib = CT_BUF_INIT;
	char api[512];

	ct_cite(rq->idx, v->work, CT_CITE_APA, rq->srv->base_url, &apa, NULL);
	ct_cite(rq->idx, v->work, CT_CITE_BIBTEX, rq->srv->base_url, &bib,
	        NULL);
	snprintf(api, sizeof(api), "/api/v1%s/cite?format=", v->url.ptr);
	ct_buf_puts(b, "<section id=\"cite\" class=\"card\"><h2>Cite</h2><p "
	               "class=\"apa\">");
	html_esc(b, apa.ptr);
	ct_buf_puts(b, "</p><p class=\"formats\">Download: ");
	for (int f = 0; f < CT_CITE_COUNT; f++) {
		ct_buf_printf(
		    b, "<a class=\"dl\" href=\"%s%s\" download>%s</a> ", api,
		    ct_cite_format_name(f), ct_cite_format_name(f));
	}
	ct_buf_puts(
	    b, "</p><details><summary>BibTeX</summary><pre class=\"bibtex\">");
	html_esc(b, bib.ptr);
	ct_buf_puts(b, "</pre></details></section>");
	ct_buf_release(&apa);
	ct_buf_release(&bib);
}

/* A reference's identifiers, each a link to the text (doi.org, PubMed,
 * PMC). */
static void reference_links(struct ct_buf *b, const struct ct_work_brief *w)
{
	const struct {
		const char *key, *value, *label, *pre, *post;
	} l[] = {
	    {"doi", w->doi, "doi", "https://doi.org/", ""},
	    {"pmid", w->pmid, "PubMed", "https://pubmed.ncbi.nlm.nih.gov/",
	     "/"},
	    {"pmcid", w->pmcid, "PMC",
	     "https://www.ncbi.nlm.nih.gov/pmc/articles/", "/"},
	};

	for (size_t i = 0; i < sizeof(l) / sizeof(*l); i++) {
		if (!*sz(l[i].value))
			continue;
		ct_buf_printf(b, " <a class=\"ext %s\" href=\"%s", l[i].key,
		              l[i].pre);
		url_esc(b, l[i].value, 0);
		ct_buf_printf(b, "%s\">%s</a>", l[i].post, l[i].label);
	}
}

static void reference(struct ct_buf *b, const struct ct_ref *r)
{
	ct_buf_puts(b, "<li>");
	html_esc(b, r->raw);
	if (r->cited) {
		reference_links(b, &r->work.w);
		ct_buf_puts(b, " <a class=\"rep\" href=\"");
		page_work_url(b, r->work.id);
		ct_buf_printf(
		    b, "\">cited by %" PRId64 "</a> <span class=\"mini\">",
		    r->citing_pubs);
		for (int i = 0; i < CT_TYPE_COUNT - 1; i++)
			ct_buf_printf(
			    b,
			    "<span class=\"dot %s\" title=\"%s\">%" PRId64
			    "</span>",
			    ct_type_name(i), ct_type_name(i), r->tallies[i]);
		ct_buf_puts(b, "</span>");
	}
	ct_buf_puts(b, "</li>");
}

static void references(struct ct_buf *b, const struct ct_refs *refs)
{
	ct_buf_printf(b,
	              "<section id=\"references\" class=\"card\"><h2>"
	              "References (%zu)</h2>",
	              refs->n);
	if (!refs->n)
		ct_buf_puts(
		    b, "<p class=\"empty\">No reference list: this work is "
		       "known from the papers that cite it.</p>");
	ct_buf_puts(b, "<ol class=\"refs\">");
	for (size_t i = 0; i < refs->n; i++)
		reference(b, &refs->v[i]);
	ct_buf_puts(b, "</ol></section>");
}

/* ---- the report page
 * ----------------------------------------------------------------- */

/* A search of the work's statements that the query language refuses:
 * the box again, holding the query, and what to change. */
static void query_refused(struct ct_buf *b, const struct work_view *v,
                          const char *text, const struct ct_error *err)
{
	ct_buf_puts(b, "<div id=\"results\"><form class=\"facets\" method=\""
	               "get\" action=\"");
	html_esc(b, v->url.ptr);
	ct_buf_puts(b, "\">");
	page_query_box(b, text);
	ct_buf_puts(b,
	            "<button class=\"apply\">Apply</button></form><p class=\""
	            "err\">");
	html_esc(b, err->msg);
	ct_buf_puts(b, "</p></div>");
}

static int results(struct ct_buf *b, struct req *rq, struct resp *rs,
                   const struct work_view *v)
{
	struct ct_query q = {.cited = v->work, .sort = -1};
	struct ct_error err = {0};
	struct ct_page page;
	struct ct_buf action = CT_BUF_INIT;

	if (req_query(rq, rs, &q)) { /* a value kept and explained, 400 */
		ct_buf_puts(b, "<div id=\"results\">");
		page_filter_error(b, rq, rs, v->url.ptr);
		ct_buf_puts(b, "</div>");
		return 0;
	}
	work_search(rq, &q);
	if (ct_query_statements(rq->idx, &q, &page, &err)) {
		if (err.code != CT_EUSAGE || !q.text) {
			resp_ct_error(rs, &err);
			return 1;
		}
		query_refused(b, v, q.text, &err);
		return 0;
	}
	/* the flag form (page.c) carries its form token in its action URL */
	ct_buf_printf(&action, "%s/flag?csrf=%s", v->url.ptr,
	              rq->user.id && forms_token(rq) ? forms_token(rq) : "");
	ct_buf_puts(b, "<div id=\"results\">");
	page_results(b, rq, v->url.ptr, &q, &page, 0, &v->flags,
	             rq->user.id ? action.ptr : NULL);
	ct_buf_puts(b, "</div>");
	ct_buf_release(&action);
	ct_page_release(&page);
	return 0;
}

static int view_load(struct req *rq, struct resp *rs, struct work_view *v)
{
	struct ct_error err = {0};
	int status;

	memset(v, 0, sizeof(*v));
	/* a server of the index out of reach: 503 with Retry-After, its
	 * page made by page_humanize from the error */
	if ((status = req_work(rq, rs, &v->work)))
		return status == 503 ? status
		                     : page_no_work(rq, rs, rq->route_id);
	auth_user(rq);
	if (ct_report_load(rq->idx, v->work, &v->report, &err))
		v->report = NULL;
	if (!v->report && (err.code == CT_EUNAVAIL || err.code == CT_EBUSY))
		return resp_ct_error(rs, &err);
	load_user_records(rq, v);
	if (!v->report)
		return page_error(rq, rs, 500,
		                  "The report could not be built.");
	v->id = v->report->work.id;
	page_work_url(&v->url, v->id);
	return 0;
}

int h_page_work(struct req *rq, struct resp *rs)
{
	struct work_view v;
	struct ct_buf b = CT_BUF_INIT;
	const char *title;

	if (view_load(rq, rs, &v))
		goto out;
	title = v.report->work.w.title;
	if (req_param(rq, "fragment")) {
		if (!results(&b, rq, rs, &v))
			page_take(rs, &b);
		goto out;
	}
	page_begin(&b, rq, *sz(title) ? title : v.id);
	notices(&b, v.report);
	record(&b, v.report);
	summary(&b, &v);
	summary_points(&b, v.report);
	ct_buf_puts(&b,
	            "<section class=\"card statements\"><h2>What citing papers "
	            "say</h2>");
	if (results(&b, rq, rs, &v))
		goto out;
	ct_buf_puts(&b, "</section>");
	ratings(&b, rq, &v);
	cite_section(&b, rq, &v);
	references(&b, &v.report->refs);
	related(&b, v.report);
	page_end(&b, rs);
out:
	ct_buf_release(&b);
	view_release(&v);
	return 0;
}

/* ---- the search page
 * ------------------------------------------------------------------ */

static void top_works(struct ct_buf *b, struct req *rq)
{
	struct ct_top *t = NULL;

	ct_top_load(rq->idx, 20, &t, NULL);
	ct_buf_puts(b,
	            "<section class=\"card\"><h2>Most cited in this index</h2>"
	            "<ol class=\"top\">");
	for (size_t i = 0; t && i < t->n; i++) {
		const struct ct_top_work *x = &t->v[i];

		ct_buf_puts(b, "<li><a href=\"");
		page_work_url(b, x->work.id);
		ct_buf_puts(b, "\">");
		html_esc(b,
		         *sz(x->work.w.title) ? x->work.w.title : x->work.id);
		ct_buf_printf(b,
		              "</a> <span class=\"yr\">(%d)</span> "
		              "<span class=\"n\">cited by %" PRId64 ", %" PRId64
		              " statements</span></li>",
		              x->work.w.year, x->citing_pubs, x->statements);
	}
	ct_buf_puts(b, "</ol></section>");
	ct_top_free(t);
}

static int search_results(struct ct_buf *b, struct req *rq, struct resp *rs,
                          const char *text)
{
	struct ct_query q = {0};
	struct ct_error err = {0};
	struct ct_page page;

	if (req_query(rq, rs, &q)) { /* a value kept and explained, 400 */
		ct_buf_puts(b, "<div id=\"results\">");
		page_filter_error(b, rq, rs, "/search");
		ct_buf_puts(b, "</div>");
		return 0;
	}
	q.text = text;
	if (ct_query_statements(rq->idx, &q, &page, &err)) {
		if (err.code != CT_EUSAGE) {
			resp_ct_error(rs, &err);
			return 1;
		}
		ct_buf_puts(b, "<div id=\"results\"><p class=\"err\">");
		html_esc(b, err.msg);
		ct_buf_puts(b, "</p></div>");
		return 0;
	}
	ct_buf_puts(b, "<div id=\"results\">");
	page_results(b, rq, "/search", &q, &page, 1, NULL, NULL);
	ct_buf_puts(b, "</div>");
	ct_page_release(&page);
	return 0;
}

int h_page_search(struct req *rq, struct resp *rs)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *text = req_param(rq, "q");

	if (text && !*text)
		text = NULL;
	if (text && req_param(rq, "fragment")) {
		if (!search_results(&b, rq, rs, text))
			page_take(rs, &b);
		ct_buf_release(&b);
		return 0;
	}
	page_begin(&b, rq, text ? text : "Find a paper");
	if (!text) {
		ct_buf_puts(
		    &b,
		    "<section class=\"card intro\"><h1>Who cites this, "
		    "and what do they say?</h1><p>Find a paper by its title, "
		    "an author, its journal, DOI, PMID or PMCID, and search "
		    "the sentences in which articles cite other work.</p>"
		    "<form action=\"/search\" class=\"big\"><input "
		    "type=\"search\" name=\"q\" aria-label=\"Find a paper or "
		    "search citation statements\" placeholder=\"e.g. a title, "
		    "Smith 2015, 10.1016/…, pmid:1202204, &quot;consistent "
		    "with&quot;\"><button>Search</button></form>"
		    "<p class=\"help\">Type terms as they are written "
		    "(COVID-19, IL-1β, Alzheimer's, p&lt;0.05); "
		    "&quot;a phrase&quot;, prefix*, AND, OR, NOT and "
		    "parentheses combine them.</p></section>");
		top_works(&b, rq);
	} else {
		int found = page_works_found(&b, rq, rs, text);

		if (found) { /* 1: redirected to the work; 2: no statements */
			if (found == 2)
				page_end(&b, rs);
			ct_buf_release(&b);
			return 0;
		}
		ct_buf_puts(
		    &b, "<section class=\"card statements\"><h1 class=\"sq\">"
		        "Statements matching “");
		html_esc(&b, text);
		ct_buf_puts(&b, "”</h1>");
		if (search_results(&b, rq, rs, text)) {
			ct_buf_release(&b);
			return 0;
		}
		ct_buf_puts(&b, "</section>");
	}
	page_end(&b, rs);
	ct_buf_release(&b);
	return 0;
}
