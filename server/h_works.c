/* h_works.c — GET /api/v1/works/{id}: the report of one work (SPEC §4). */
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
