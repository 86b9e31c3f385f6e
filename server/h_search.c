/* h_search.c — GET /api/v1/search?q=...&<facets>: all statements matching
 * a full-text query (or, with citing=ID and no q, all of one citing work);
 * GET /api/v1/top?limit=N: the most-cited works. */
#include "http.h"

int h_search(struct req *rq, struct resp *rs)
{
	struct ct_query q = {0};

	if (req_query(rq, rs, &q))
		return 0;
	q.text = req_param(rq, "q");
	if ((!q.text || !*q.text) && !q.citing)
		return resp_error(rs, 400, "bad_request",
		                  "q: give a query, or "
		                  "citing=ID to list one work's statements");
	return statements_page(rq, rs, &q);
}

int h_top(struct req *rq, struct resp *rs)
{
	struct ct_query q = {.limit = 10};
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (req_query(rq, rs, &q))
		return 0;
	if (ct_top_json(rq->idx, q.limit, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}
