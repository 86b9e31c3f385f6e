/*
 * h_ratings.c — ratings of a work: overall, novelty, significance, rigour
 * (1-5).  Everyone sees the count and, from CT_RATINGS_SHOWN ratings on,
 * the averages; a signed-in user also sees and changes their own.
 *
 *   GET    /api/v1/works/{id}/ratings
 *   PUT    /api/v1/works/{id}/ratings  {"overall": 4, "rigour": 3, ...}
 *   DELETE /api/v1/works/{id}/ratings
 */
#include "http.h"
#include "json.h"

struct rate_op {
	int64_t user, work;
	int scores[CT_RATE_COUNT];
	int remove;
	struct ct_error err;
};

static int do_rate(struct ct_index *w, void *ctx)
{
	struct rate_op *op = ctx;

	if (op->remove)
		return ct_rating_delete(w, op->user, op->work, &op->err);
	return ct_rate(w, op->user, op->work, op->scores, &op->err);
}

int rating_write(struct req *rq, struct resp *rs, int64_t work,
                 const int scores[CT_RATE_COUNT], int remove)
{
	struct rate_op op = {
	    .user = rq->user.id, .work = work, .remove = remove};

	for (int i = 0; scores && i < CT_RATE_COUNT; i++)
		op.scores[i] = scores[i];
	return with_writer(rq, do_rate, &op) ? resp_ct_error(rs, &op.err) : 0;
}

int h_ratings_get(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;

	if (req_work(rq, rs, &work))
		return 0;
	auth_user(rq);
	if (ct_ratings_json(rq->idx, work, rq->user.id, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

/* Each aspect 1-5; absent or null = not given (0). */
static int read_scores(struct resp *rs, json_val *obj,
                       int scores[CT_RATE_COUNT])
{
	for (int i = 0; i < CT_RATE_COUNT; i++) {
		const char *name = ct_rating_aspect_name(i);
		json_val *v = json_get(obj, name);
		int64_t n = 0;

		if ((v && !json_val_is_null(v) && json_int_strict(v, &n)) ||
		    n < 0 || n > 5)
			return resp_error(rs, 400, "bad_request",
			                  "%s: expected a "
			                  "number from 1 to 5%s",
			                  name, i ? " or null" : "");
		scores[i] = (int)n;
	}
	return 0;
}

int h_rating_put(struct req *rq, struct resp *rs)
{
	int scores[CT_RATE_COUNT];
	struct ct_error err = {0};
	struct json_doc *doc;
	int64_t work;

	if (auth_require(rq, rs) || req_work(rq, rs, &work))
		return 0;
	if (json_doc_parse(rq->body, rq->body_len, "body", &doc, &err))
		return resp_ct_error(rs, &err);
	if (!json_val_is_object(json_root(doc)))
		resp_error(rs, 400, "bad_request",
		           "body: expected {\"overall\": "
		           "1-5, \"novelty\": ..., \"significance\": ..., "
		           "\"rigour\": ...}");
	else if (!read_scores(rs, json_root(doc), scores) &&
	         !rating_write(rq, rs, work, scores, 0))
		h_ratings_get(rq, rs);
	json_doc_free(doc);
	return 0;
}

int h_rating_delete(struct req *rq, struct resp *rs)
{
	int64_t work;

	if (auth_require(rq, rs) || req_work(rq, rs, &work))
		return 0;
	if (!rating_write(rq, rs, work, NULL, 1))
		rs->status = 204;
	return 0;
}
