/*
 * page.h — HTML for people: the frame every page shares and the pieces the
 * search and report pages both show (badges, statements, facet forms).
 * Pages are rendered on the server and work without JavaScript; app.js
 * only swaps the #results block in place when facets change.  Every text
 * from the index goes through html_esc.
 */
#ifndef CT_PAGE_H
#define CT_PAGE_H
#include "http.h"
#include "json.h"

/* The head, the top bar (search box, account link) and <main>. */
void page_begin(struct ct_buf *b, struct req *rq, const char *title);
/* </main>, the footer, </html>; the page becomes rs's HTML body, 200
 * unless an error status (>= 400) was set before (page_take). */
void page_end(struct ct_buf *b, struct resp *rs);
/* b becomes rs's HTML body (a page or a fragment): 200, or the error
 * status rs already had, which is then not revalidated. */
void page_take(struct resp *rs, struct ct_buf *b);
/* A page that says what went wrong and what to do, with status. */
int page_error(struct req *rq, struct resp *rs, int status, const char *msg);
/* The 404 page of a work ID that did not resolve:
 * "did you mean pmid:N?" links when the ID looks like one that exists,
 * and the search box filled with the ID. */
int page_no_work(struct req *rq, struct resp *rs, const char *id);
/* Turns a JSON error in rs into its page, on every path but the API's
 * (routes.c calls it after each handler): a path nothing answers gets a
 * 404 page with the suggestions for what it holds. */
void page_humanize(struct req *rq, struct resp *rs);
/* The message of the error resp_error set in rs ("" when none), into
 * msg[n]: from the struct, never by reading the body back. */
void resp_message(const struct resp *rs, char *msg, size_t n);
/* After req_query refused a parameter (rs holds its error): the message
 * and a form to path with the refused value kept, marked and editable,
 * the other parameters carried along; the page keeps rs's status. */
void page_filter_error(struct ct_buf *b, struct req *rq, struct resp *rs,
                       const char *path);
/* 303 See Other to a local path. */
int page_redirect(struct req *rq, struct resp *rs, const char *to);

/* A type badge: <span class="badge T">T</span>. */
void page_badge(struct ct_buf *b, int type);
/* One statement: badges, section, confidence, the text with the citing
 * sentence in <mark>, the citing work; its flags among flags (may be
 * NULL) and, when action is not NULL, the form that flags it (posting to
 * action). */
void page_statement(struct ct_buf *b, const struct ct_statement *s,
                    int show_cited, const struct ct_flags *flags,
                    const char *action);
/* The facet form of a statement list (type, section, years, sort) with
 * counts from page, as a GET form to path; then the statements and the
 * "more" link.  The list of one work (show_cited 0) has a box to search
 * its statements (q), showing the query. */
void page_results(struct ct_buf *b, struct req *rq, const char *path,
                  const struct ct_query *q, const struct ct_page *page,
                  int show_cited, const struct ct_flags *flags,
                  const char *flag_action);

/* That box: a fieldset with the q input holding text (may be NULL). */
void page_query_box(struct ct_buf *b, const char *text);

/* The public ID of a work (w->id > 0) into id[cap]: its DOI, else
 * pmid:, pmcid:, else citectx:N. */
void page_work_id(const struct ct_work_brief *w, char *id, size_t cap);
/* The local URL of a work's report page: /works/ID. */
void page_work_url(struct ct_buf *b, const char *id);

/* The works the one search box finds for q (find_page.c): 1 when q is
 * an identifier of one work and rs is now a 303 to its report (b is not
 * sent); else the list of works is appended to b, and the return says
 * whether statements follow (0: q is words) or not (2: an identifier
 * no work has, or a query that finds nothing). */
int page_works_found(struct ct_buf *b, struct req *rq, struct resp *rs,
                     const char *q);

#endif
