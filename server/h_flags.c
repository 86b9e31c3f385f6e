/*
 * h_flags.c — "this classification is wrong" flags: a signed-in user names
 * the type they think right; flags are public, shown with the statement,
 * with who said it and when.  A user has at most one flag per statement
 * and can delete only their own.
 *
 *   GET    /api/v1/statements/{sid}/flags
 *   GET    /api/v1/works/{id}/flags        flags on statements about a work
 *   POST   /api/v1/statements/{sid}/flags  {"label": "contrasting", "comment"}
 *   DELETE /api/v1/flags/{fid}
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "json.h"

struct flag_op {
	int64_t user, statement, id;
	int label, remove;
	const char *comment;
	struct ct_error err;
};

static int do_flag(struct ct_index *w, void *ctx)
{
	struct flag_op *op = ctx;

	if (op->remove)
		return ct_flag_delete(w, op->user, op->id, &op->err);
	return ct_flag(w, op->user, op->statement, op->label, op->comment,
	               &op->id, &op->err);
}

static int parse_id(struct resp *rs, const char *s, int64_t *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	if (!*s || *end || *id <= 0)
		return resp_error(rs, 400, "bad_request", "%s: not a number",
		                  s);
	return 0;
}

int flag_write(struct req *rq, struct resp *rs, int64_t statement,
               const char *label, const char *comment, int64_t *id)
{
	struct flag_op op = {
	    .user = rq->user.id, .statement = statement, .comment = comment};
	struct ct_error err = {0};

	/* the same value set as type=: any case, a unique prefix */
	if (!label)
		return resp_error(rs, 400, "bad_request",
		                  "label: expected "
		                  "supporting, contrasting, mentioning or "
		                  "unclassified");
	if (ct_enum_parse(CT_ENUM_TYPE, "label", label, &op.label, &err))
		return resp_ct_error(rs, &err);
	if (with_writer(rq, do_flag, &op))
		return resp_ct_error(rs, &op.err);
	*id = op.id;
	return 0;
}

int h_flags_get(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t sid = 0, work = 0;

	if (!strncmp(rq->path, "/api/v1/statements/", 19)
	        ? parse_id(rs, rq->route_id, &sid)
	        : req_work(rq, rs, &work))
		return 0;
	if (ct_flags_json(rq->idx, sid, work, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

int h_flag_post(struct req *rq, struct resp *rs)
{
	struct ct_error err = {0};
	struct ct_buf out = CT_BUF_INIT;
	struct json_doc *doc;
	int64_t sid, id;

	if (auth_require(rq, rs) || parse_id(rs, rq->route_id, &sid))
		return 0;
	if (json_doc_parse(rq->body, rq->body_len, "body", &doc, &err))
		return resp_ct_error(rs, &err);
	if (!flag_write(rq, rs, sid,
	                json_str(json_get(json_root(doc), "label")),
	                json_str(json_get(json_root(doc), "comment")), &id)) {
		ct_buf_printf(&out, "{\"id\":%lld,\"statement\":%lld}\n",
		              (long long)id, (long long)sid);
		resp_take(rs, &out, NULL);
		rs->status = 201;
	}
	json_doc_free(doc);
	return 0;
}

int h_flag_delete(struct req *rq, struct resp *rs)
{
	struct flag_op op = {.remove = 1};

	if (auth_require(rq, rs) || parse_id(rs, rq->route_id, &op.id))
		return 0;
	op.user = rq->user.id;
	if (with_writer(rq, do_flag, &op))
		return resp_ct_error(rs, &op.err);
	rs->status = 204;
	return 0;
}
