/* h_works.c — GET /api/v1/works/{id}: the report of one work (SPEC §4);
 * GET /api/v1/works?q=: finding works. */
#include "http.h"

int h_work(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;

	if (req_work(rq, rs, &work))
		return 0;
	if (ct_report_json(rq->idx, work, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

/* GET /api/v1/works?q=QUERY&limit=N: works found by identifier or words
 * (issue 16; ct_find_json). */
int h_works_find(struct req *rq, struct resp *rs)
{
	struct ct_query q = {.limit = 10};
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	const char *text = req_param(rq, "q");

	if (req_query(rq, rs, &q))
		return 0;
	if (!text || !*text)
		return resp_error(
		    rs, 400, "bad_request",
		    "q: give a DOI, PMID, "
		    "PMCID or words of a title, an author or a journal");
	if (ct_find_json(rq->idx, text, q.limit, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}
