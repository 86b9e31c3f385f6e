/*
 * h_follows.c — following works and the feed of new statements about
 * them (Atom), per signed-in user.
 *
 *   GET    /api/v1/works/{id}/follow   {"following": true|false}
 *   PUT    /api/v1/works/{id}/follow
 *   DELETE /api/v1/works/{id}/follow
 *   GET    /api/v1/me/follows
 *   GET    /api/v1/me/feed             application/atom+xml
 */
#include "http.h"

struct follow_op {
	int64_t user, work;
	int remove;
	struct ct_error err;
};

static int do_follow(struct ct_index *w, void *ctx)
{
	struct follow_op *op = ctx;

	return (op->remove ? ct_unfollow : ct_follow)(w, op->user, op->work,
	                                              &op->err);
}

int follow_write(struct req *rq, struct resp *rs, int64_t work, int remove)
{
	struct follow_op op = {
	    .user = rq->user.id, .work = work, .remove = remove};

	return with_writer(rq, do_follow, &op) ? resp_ct_error(rs, &op.err) : 0;
}

static int follows(struct req *rq, struct resp *rs, int64_t work)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (ct_follows_json(rq->idx, rq->user.id, work, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

int h_follow_get(struct req *rq, struct resp *rs)
{
	int64_t work;

	if (auth_require(rq, rs) || req_work(rq, rs, &work))
		return 0;
	return follows(rq, rs, work);
}

int h_follow_put(struct req *rq, struct resp *rs)
{
	int64_t work;

	if (auth_require(rq, rs) || req_work(rq, rs, &work))
		return 0;
	if (follow_write(rq, rs, work, 0))
		return 0;
	return follows(rq, rs, work);
}

int h_follow_delete(struct req *rq, struct resp *rs)
{
	int64_t work;

	if (auth_require(rq, rs) || req_work(rq, rs, &work))
		return 0;
	if (!follow_write(rq, rs, work, 1))
		rs->status = 204;
	return 0;
}

int h_follows_list(struct req *rq, struct resp *rs)
{
	if (auth_require(rq, rs))
		return 0;
	return follows(rq, rs, 0);
}

int h_feed(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (auth_require(rq, rs))
		return 0;
	if (ct_feed_atom(rq->idx, &rq->user, rq->srv->base_url, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, "application/atom+xml; charset=utf-8");
	ct_buf_release(&out);
	return 0;
}
