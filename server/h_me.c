/*
 * h_me.c — what a user did, and the feed a reader can subscribe to.
 *
 *   GET    /api/v1/me/ratings      the works I rated, with my scores
 *   GET    /api/v1/me/flags        my classification flags
 *   POST   /api/v1/me/feed-url     -> 201 {"url"}: a new secret feed URL
 *                                  (the old one stops working)
 *   DELETE /api/v1/me/feed-url     revoke it
 *   GET    /feeds/SECRET.atom      the Atom feed of that user's follows,
 *                                  no sign-in: feed readers send no
 *                                  cookies or headers; the secret is the
 *                                  credential and reads only the feed
 */
#include <string.h>

#include "buf.h"
#include "http.h"
#include "jw.h"

static int my_list(struct req *rq, struct resp *rs,
                   int (*fn)(struct ct_index *, int64_t, struct ct_buf *,
                             struct ct_error *))
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (auth_require(rq, rs))
		return 0;
	if (fn(rq->idx, rq->user.id, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

int h_my_ratings(struct req *rq, struct resp *rs)
{
	return my_list(rq, rs, ct_user_ratings_json);
}

int h_my_flags(struct req *rq, struct resp *rs)
{
	return my_list(rq, rs, ct_user_flags_json);
}

int h_feed_secret(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_user u;

	if (ct_feed_key_user(rq->idx, rq->route_id, &u, &err))
		return resp_error(rs, 404, "not_found",
		                  "no such feed (its URL "
		                  "may have been revoked or replaced)");
	if (ct_feed_atom(rq->idx, &u, rq->srv->base_url, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, "application/atom+xml; charset=utf-8");
	rs->cache = "private, no-cache";
	ct_buf_release(&out);
	return 0;
}

struct feed_op {
	int64_t user;
	int revoke;
	char secret[CT_FEED_KEY_SIZE];
	struct ct_error err;
};

static int do_feed(struct ct_index *w, void *ctx)
{
	struct feed_op *op = ctx;

	return op->revoke ? ct_feed_key_revoke(w, op->user, &op->err)
	                  : ct_feed_key_new(w, op->user, op->secret, &op->err);
}

int feed_url_write(struct req *rq, int revoke, char secret[CT_FEED_KEY_SIZE],
                   struct ct_error *err)
{
	struct feed_op op = {.user = rq->user.id, .revoke = revoke};
	int rc = with_writer(rq, do_feed, &op);

	if (secret)
		memcpy(secret, op.secret, sizeof(op.secret));
	if (rc && err)
		*err = op.err;
	return rc;
}

void feed_url(struct ct_buf *b, const struct req *rq, const char *secret)
{
	ct_buf_printf(b, "%s/feeds/%s.atom", rq->srv->base_url, secret);
}

int h_feed_url_create(struct req *rq, struct resp *rs)
{
	char secret[CT_FEED_KEY_SIZE];
	struct ct_buf out = CT_BUF_INIT, url = CT_BUF_INIT;
	struct ct_error err = {0};
	struct jw w;

	if (auth_require(rq, rs))
		return 0;
	if (feed_url_write(rq, 0, secret, &err))
		return resp_ct_error(rs, &err);
	feed_url(&url, rq, secret);
	jw_init(&w, &out);
	jw_obj(&w);
	jw_kstr(&w, "url", url.ptr);
	jw_obj_end(&w);
	ct_buf_putc(&out, '\n');
	ct_buf_release(&url);
	resp_take(rs, &out, NULL);
	rs->status = 201;
	rs->cache = "no-store";
	return 0;
}

int h_feed_url_delete(struct req *rq, struct resp *rs)
{
	struct ct_error err = {0};

	if (auth_require(rq, rs))
		return 0;
	if (feed_url_write(rq, 1, NULL, &err))
		return resp_ct_error(rs, &err);
	rs->status = 204;
	return 0;
}
