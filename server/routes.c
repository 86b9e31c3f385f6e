/*
 * routes.c — the route table: method, path pattern, handler.
 *
 * A pattern is a prefix and a suffix; what lies between is the {id}
 * (a work ID may be a bare DOI with slashes, so the id is whatever the
 * prefix and suffix leave, never split on '/').  Exact routes have no id.
 * Routes are tried in order: the first whose pattern and method match
 * wins; a path that matches only with other methods is a 405 with Allow.
 */
#include <string.h>

#include "buf.h"
#include "http.h"
#include "page.h"

enum { EXACT, ID };

static const struct route {
	const char *method;
	int kind;
	const char *prefix, *suffix;
	handler_fn fn;
} routes[] = {
    {"GET", EXACT, "/healthz", "", h_health},
    {"GET", ID, "/api/v1/works/", "/statements", h_statements},
    {"GET", ID, "/api/v1/works/", "/references", h_references},
    {"GET", ID, "/api/v1/works/", "/tallies", h_tallies},
    {"GET", ID, "/api/v1/works/", "/cite", h_cite},
    {"GET", ID, "/api/v1/works/", "/ratings", h_ratings_get},
    {"PUT", ID, "/api/v1/works/", "/ratings", h_rating_put},
    {"DELETE", ID, "/api/v1/works/", "/ratings", h_rating_delete},
    {"GET", ID, "/api/v1/works/", "/flags", h_flags_get},
    {"GET", ID, "/api/v1/works/", "/follow", h_follow_get},
    {"PUT", ID, "/api/v1/works/", "/follow", h_follow_put},
    {"DELETE", ID, "/api/v1/works/", "/follow", h_follow_delete},
    {"GET", ID, "/api/v1/works/", "", h_work},
    {"POST", EXACT, "/api/v1/tallies", "", h_tallies_batch},
    {"GET", EXACT, "/api/v1/search", "", h_search},
    {"GET", EXACT, "/api/v1/top", "", h_top},
    {"POST", EXACT, "/api/v1/classify", "", h_classify},
    {"POST", EXACT, "/api/v1/accounts", "", h_signup},
    {"POST", EXACT, "/api/v1/login", "", h_login},
    {"GET", EXACT, "/api/v1/me", "", h_me},
    {"GET", EXACT, "/api/v1/me/tokens", "", h_tokens_list},
    {"POST", EXACT, "/api/v1/me/tokens", "", h_tokens_create},
    {"DELETE", ID, "/api/v1/me/tokens/", "", h_token_delete},
    {"GET", EXACT, "/api/v1/me/follows", "", h_follows_list},
    {"GET", EXACT, "/api/v1/me/feed", "", h_feed},
    {"GET", ID, "/api/v1/statements/", "/flags", h_flags_get},
    {"POST", ID, "/api/v1/statements/", "/flags", h_flag_post},
    {"DELETE", ID, "/api/v1/flags/", "", h_flag_delete},
    {"GET", EXACT, "/", "", h_page_search},
    {"GET", EXACT, "/search", "", h_page_search},
    {"POST", ID, "/works/", "/rate", h_form_rate},
    {"POST", ID, "/works/", "/flag", h_form_flag},
    {"POST", ID, "/works/", "/follow", h_form_follow},
    {"GET", ID, "/works/", "", h_page_work},
    {"GET", EXACT, "/account", "", h_page_account},
    {"POST", EXACT, "/account/signup", "", h_form_signup},
    {"POST", EXACT, "/account/login", "", h_form_login},
    {"POST", EXACT, "/account/logout", "", h_form_logout},
    {"POST", EXACT, "/account/tokens", "", h_form_token},
    {"GET", ID, "/static/", "", h_asset},
    {"GET", EXACT, "/api/v1/works", "", h_works_find},
    {"GET", ID, "/feeds/", ".atom", h_feed_secret},
    {"POST", EXACT, "/api/v1/me/feed-url", "", h_feed_url_create},
    {"DELETE", EXACT, "/api/v1/me/feed-url", "", h_feed_url_delete},
    {"GET", EXACT, "/api/v1/me/ratings", "", h_my_ratings},
    {"GET", EXACT, "/api/v1/me/flags", "", h_my_flags},
    {"POST", EXACT, "/account/feed", "", h_form_feed},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* The id between prefix and suffix (NULL when the pattern fails); "" for
 * an exact route. */
static const char *match(const struct route *r, const char *path, size_t *idlen)
{
	size_t pl = strlen(r->prefix), sl = strlen(r->suffix), n = strlen(path);

	if (r->kind == EXACT) {
		*idlen = 0;
		return strcmp(path, r->prefix) ? NULL : path + n;
	}
	if (n <= pl + sl || strncmp(path, r->prefix, pl) ||
	    strcmp(path + n - sl, r->suffix))
		return NULL;
	*idlen = n - pl - sl;
	return path + pl;
}

static int method_is(const struct req *rq, const char *m)
{
	return !strcmp(rq->method, m) ||
	       (!strcmp(m, "GET") && !strcmp(rq->method, "HEAD"));
}

static void not_allowed(struct req *rq, struct resp *rs, const char *path)
{
	struct ct_buf allow = CT_BUF_INIT;
	size_t idlen;

	for (size_t i = 0; i < NROUTES; i++)
		if (match(&routes[i], path, &idlen) &&
		    !strstr(allow.ptr ? allow.ptr : "", routes[i].method))
			ct_buf_printf(&allow, "%s%s", allow.len ? ", " : "",
			              routes[i].method);
	rs->allow = arena_strndup(&rq->a, allow.ptr, allow.len);
	resp_error(rs, 405, "method_not_allowed", "%s %s: allowed: %s",
	           rq->method, path, allow.ptr);
	ct_buf_release(&allow);
}

static void route(struct req *rq, struct resp *rs);

void routes_dispatch(struct req *rq, struct resp *rs)
{
	route(rq, rs);
	resp_failed(rs);       /* a cut document is never sent: a 500 instead */
	page_humanize(rq, rs); /* pages for people, JSON for the API */
}

/* The first route whose pattern and method match; 404 or 405 when none. */
static void route(struct req *rq, struct resp *rs)
{
	int seen = 0;

	for (size_t i = 0; i < NROUTES; i++) {
		size_t idlen;
		const char *id = match(&routes[i], rq->path, &idlen);

		if (!id)
			continue;
		seen = 1;
		if (!method_is(rq, routes[i].method))
			continue;
		rq->route_id = arena_strndup(&rq->a, id, idlen);
		if (!rq->route_id) {
			resp_error(rs, 500, "internal", "out of memory");
			return;
		}
		/* writes a browser's cookie authorizes: from our pages only */
		if (!forms_guard(rq, rs))
			routes[i].fn(rq, rs);
		return;
	}
	if (seen)
		not_allowed(rq, rs, rq->path);
	else
		resp_error(rs, 404, "not_found", "%s: no such resource",
		           rq->path);
}
