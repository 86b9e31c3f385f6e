/*
 * request.c — filling a struct req from the parts of an HTTP request and
 * answering it, independent of the HTTP library: server.c feeds it what
 * libmicrohttpd parsed, fuzz/fuzz_http.c what it split from raw bytes,
 * so the fuzzer drives the same path as the server.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"
#include "page.h"

/* The request headers handlers read, by name (case-insensitive, RFC 9110
 * §5.1) and the field of struct req that holds the first value. */
static const struct {
	const char *name;
	size_t off;
} headers[] = {
    {"Accept", offsetof(struct req, accept)},
    {"Authorization", offsetof(struct req, authorization)},
    {"Cookie", offsetof(struct req, cookie)},
    {"Content-Type", offsetof(struct req, content_type)},
    {"If-None-Match", offsetof(struct req, if_none_match)},
    {"Origin", offsetof(struct req, origin)},
    {"Sec-Fetch-Site", offsetof(struct req, sec_fetch_site)},
    {"Host", offsetof(struct req, host)},
    {"X-CSRF-Token", offsetof(struct req, csrf_header)},
};

void req_header(struct req *rq, const char *name, const char *value)
{
	for (size_t i = 0; i < sizeof(headers) / sizeof(*headers); i++) {
		const char **f =
		    (const char **)(void *)((char *)rq + headers[i].off);

		if (!strcasecmp(name, headers[i].name) && !*f)
			*f = value;
	}
	/* the last line wins: a proxy appends its own after the client's */
	if (!strcasecmp(name, "X-Forwarded-For"))
		rq->forwarded_for = value;
}

int req_refuse(struct req *rq, int too_big, struct resp *rs)
{
	if (too_big)
		return resp_error(rs, 413, "too_large",
		                  "request body over %d bytes", SRV_BODY_MAX);
	if (rq->params_overflow)
		return resp_error(rs, 400, "bad_request",
		                  "more than %d parameters", SRV_PARAMS_MAX);
	return 0;
}

/* Reads run in one snapshot (one lock, a consistent view); a request that
 * writes does not, so that it reads back its own write. */
void req_dispatch(struct req *rq, struct resp *rs)
{
	int snap = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	struct ct_error err = {0};

	if (!rs->body.limit) /* an owner's lower ceiling stays (tests) */
		ct_buf_limit(&rs->body, SRV_RESP_MAX);
	forms_client(rq);
	if (snap && ct_snapshot_begin(rq->idx, &err)) {
		resp_ct_error(rs, &err);
		return;
	}
	routes_dispatch(rq, rs);
	if (snap)
		ct_snapshot_end(rq->idx);
	/* a handler may have answered 500, 404 or a partial page */
	if (ct_deadline_hit(rq->idx))
		req_out_of_time(rq, rs);
}

void req_out_of_time(struct req *rq, struct resp *rs)
{
	struct srv *srv = rq->srv;

	rs->location = rs->set_cookie = rs->allow = NULL;
	rs->cache = "no-store";
	rs->no_etag = 1;
	rs->retry_after = srv->retry_after;
	if (atomic_load(&srv->stopping))
		resp_error(rs, 503, "shutting_down",
		           "the server is shutting "
		           "down; try again later");
	else
		resp_error(rs, 503, "timeout",
		           "the request took longer than "
		           "its limit of %d ms (serve --request-timeout); try "
		           "again later, or narrow the query",
		           srv->request_ms);
	page_humanize(rq, rs); /* a page for people, JSON for the API */
}

/* If-None-Match: a list of tags, or "*". */
static int etag_matches(const char *inm, const char *tag)
{
	return inm && (strstr(inm, tag) || !strcmp(inm, "*"));
}

int req_finish(const struct req *rq, struct resp *rs, char etag[24])
{
	int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	int tagged;

	if (rs->body.len > SRV_RESP_MAX)
		ct_buf_fail(&rs->body, CT_ELIMIT);
	resp_failed(rs);
	tagged = get && rs->status == 200 && !rs->no_etag;
	if (!tagged)
		return 0;
	snprintf(etag, 24, "\"%016" PRIx64 "\"",
	         http_hash(rs->body.ptr, rs->body.len));
	if (etag_matches(rq->if_none_match, etag)) {
		rs->status = 304;
		ct_buf_reset(&rs->body);
	}
	return 1;
}
