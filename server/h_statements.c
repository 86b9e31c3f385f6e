/* h_statements.c — GET /api/v1/works/{id}/statements: the statements
 * about a work with the facets of SPEC §1 as query parameters (same names
 * as the CLI flags), searched by q= when given; newest first, or the most
 * relevant first with a q, unless sort= says otherwise. */
#include "http.h"

int statements_page(struct req *rq, struct resp *rs, const struct ct_query *q)
{
	struct ct_page page;
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (ct_query_statements(rq->idx, q, &page, &err))
		return resp_ct_error(rs, &err);
	ct_page_json(&page, &out);
	resp_take(rs, &out, NULL);
	ct_page_release(&page);
	return 0;
}

void work_search(struct req *rq, struct ct_query *q)
{
	q->text = req_param(rq, "q");
	if (q->text && !*q->text)
		q->text = NULL;
	if (q->sort < 0 || (q->sort == CT_SORT_RELEVANCE && !q->text))
		q->sort = q->text ? CT_SORT_RELEVANCE : CT_SORT_NEWEST;
}

int h_statements(struct req *rq, struct resp *rs)
{
	struct ct_query q = {.sort = -1};

	if (req_work(rq, rs, &q.cited) || req_query(rq, rs, &q))
		return 0;
	work_search(rq, &q);
	return statements_page(rq, rs, &q);
}
