/*
 * params.c — the parameters of a request (see http.h): the query string
 * and form fields split and percent-decoded into the request's arena,
 * looked up by name, and read into a struct ct_query with the library's
 * facet table (ct_query_set), so that the API, the pages and the CLI
 * accept the same values with the same messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http.h"

/* ---- parameters
 * --------------------------------------------------------------- */

const struct kv *req_param_kv(const struct req *rq, const char *k)
{
	for (size_t i = 0; i < rq->nparams; i++)
		if (!strcmp(rq->params[i].k, k))
			return &rq->params[i];
	return NULL;
}

const char *req_param(const struct req *rq, const char *k)
{
	const struct kv *p = req_param_kv(rq, k);

	return p ? p->v : NULL;
}

static int param_citing(struct req *rq, struct resp *rs, const char *v,
                        struct ct_query *q)
{
	struct ct_error err = {0};

	return ct_resolve(rq->idx, v, &q->citing, &err)
	           ? resp_ct_error(rs, &err)
	           : 0;
}

/* One parameter into q: the facets of lib/facets.c (messages for people on
 * pages, in parameter names on the API) and citing=ID; 0 also for
 * parameters that are not facets.  A refused parameter is kept in
 * rq->bad_param, so that a page can show it in its form. */
static int facet(struct req *rq, struct resp *rs, const struct kv *p,
                 struct ct_query *q)
{
	struct ct_error err = {0};
	int style = req_is_api(rq) ? CT_STYLE_PARAM : CT_STYLE_TEXT;
	int rc = ct_query_set(q, p->k, p->v, style, &err);

	if (rc == 1 && !strcmp(p->k, "citing") && *p->v)
		rc = param_citing(rq, rs, p->v, q);
	else if (rc < 0)
		resp_ct_error(rs, &err);
	if (rc < 0 || rs->status >= 400)
		rq->bad_param = p;
	return rc < 0 || rs->status >= 400;
}

int req_query(struct req *rq, struct resp *rs, struct ct_query *q)
{
	struct ct_error err = {0};

	for (size_t i = 0; i < rq->nparams; i++)
		if (facet(rq, rs, &rq->params[i], q))
			return 1;
	if (!ct_query_check(q, req_is_api(rq) ? CT_STYLE_PARAM : CT_STYLE_TEXT,
	                    &err))
		return 0;
	resp_ct_error(rs, &err);
	rq->bad_param = req_param_kv(rq, "from_year");
	return 1;
}

int req_work(struct req *rq, struct resp *rs, int64_t *work)
{
	struct ct_error err = {0};

	if (!rq->route_id || !*rq->route_id)
		return resp_error(rs, 400, "bad_request",
		                  "no work ID in the path");
	return ct_resolve(rq->idx, rq->route_id, work, &err)
	           ? resp_ct_error(rs, &err)
	           : 0;
}

/* ---- forms
 * ------------------------------------------------------------------------ */

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* %XX to a byte, and '+' to a space when plus (query strings and forms;
 * in a path '+' is itself). */
static char *decode(struct req *rq, const char *s, size_t n, int plus)
{
	char *out = arena_alloc(&rq->a, n + 1), *o = out;

	if (!out || rq->a.total > SRV_REQ_MEM_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int h, l;

		if (s[i] == '+' && plus) {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n &&
		           (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		           (l = hexval((unsigned char)s[i + 2])) >= 0) {
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

char *req_decode(struct req *rq, const char *s, size_t n)
{
	return decode(rq, s, n, 1);
}

char *req_decode_path(struct req *rq, const char *s, size_t n)
{
	return decode(rq, s, n, 0);
}

int req_form(struct req *rq)
{
	if (rq->form_read || !rq->content_type ||
	    strncasecmp(rq->content_type, "application/x-www-form-urlencoded",
	                33))
		return 0;
	rq->form_read = 1; /* forms_guard reads it before the handler */
	return req_params_parse(rq, rq->body, rq->body_len);
}

int req_param_add(struct req *rq, const char *k, const char *v)
{
	if (rq->nparams == SRV_PARAMS_MAX) {
		rq->params_overflow = 1;
		return CT_ELIMIT;
	}
	rq->params[rq->nparams].k = k;
	rq->params[rq->nparams++].v = v ? v : "";
	return 0;
}

int req_params_parse(struct req *rq, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(e - p));
		const char *k = req_decode(rq, p, (size_t)((eq ? eq : e) - p));
		const char *v =
		    eq ? req_decode(rq, eq + 1, (size_t)(e - eq - 1)) : "";

		if (!k || !v)
			return CT_ENOMEM;
		if (req_param_add(rq, k, v))
			return CT_ELIMIT;
		p = e + 1;
	}
	return 0;
}
