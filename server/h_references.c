/* h_references.c — GET /api/v1/works/{id}/references: the work's reference
 * list, each entry linked to its work with that work's own tallies. */
#include "http.h"

int h_references(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;

	if (req_work(rq, rs, &work))
		return 0;
	if (ct_refs_json(rq->idx, work, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}
