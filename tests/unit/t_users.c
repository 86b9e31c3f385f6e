/* t_users.c — users at the library level: hashed secrets, the login rate
 * limit, and that no call reaches another user's rows; the feed lists
 * statements indexed after a follow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"
#include "index.h"
#include "store.h"

TEST(t_users_isolation)
{
	char path[256], ta[CT_TOKEN_SIZE], tb[CT_TOKEN_SIZE];
	struct ct_index *idx = fx_index(path, sizeof(path), "users", "tests/data/demo/demo01.nxml", NULL);
	struct ct_user a, b, who;
	struct ct_buf out = CT_BUF_INIT;
	int64_t work, tid_a, fa;
	int scores[CT_RATE_COUNT] = {4, 0, 0, 2};

	CHECK(idx != NULL);
	if (!idx)
		return;
	CHECK_EQ_INT(ct_resolve(idx, "pmid:90000001", &work, NULL), 0);
	CHECK_EQ_INT(ct_user_create(idx, "ann", "ann's password", &a, NULL), 0);
	CHECK_EQ_INT(ct_user_create(idx, "ANN", "whatever long", &b, NULL), CT_EEXIST);
	CHECK_EQ_INT(ct_user_create(idx, "ben", "ben's password", &b, NULL), 0);
	CHECK_EQ_INT(ct_token_create(idx, a.id, "t", ta, &tid_a, NULL), 0);
	CHECK_EQ_INT(ct_token_create(idx, b.id, "t", tb, NULL, NULL), 0);
	CHECK_EQ_INT(ct_token_user(idx, ta, &who, NULL), 0);
	CHECK_EQ_STR(who.name, "ann");
	/* ben cannot revoke ann's token, by id or by a guessed secret */
	CHECK_EQ_INT(ct_token_revoke(idx, b.id, tid_a, NULL, NULL), CT_ENOTFOUND);
	CHECK_EQ_INT(ct_token_revoke(idx, b.id, 0, ta, NULL), CT_ENOTFOUND);
	CHECK_EQ_INT(ct_token_user(idx, ta, &who, NULL), 0);
	/* the index holds no secret: only the hash */
	CHECK_EQ_INT(ct_tokens_json(idx, a.id, &out, NULL), 0);
	CHECK(out.ptr && !strstr(out.ptr, "ctx_"));
	/* ratings: ben's changes leave ann's */
	CHECK_EQ_INT(ct_rate(idx, a.id, work, scores, NULL), 0);
	scores[0] = 1;
	CHECK_EQ_INT(ct_rate(idx, b.id, work, scores, NULL), 0);
	CHECK_EQ_INT(ct_rating_delete(idx, b.id, work, NULL), 0);
	CHECK_EQ_INT(ct_rating_delete(idx, b.id, work, NULL), CT_ENOTFOUND);
	ct_buf_reset(&out);
	CHECK_EQ_INT(ct_ratings_json(idx, work, a.id, &out, NULL), 0);
	CHECK(strstr(out.ptr, "\"count\":1,") && strstr(out.ptr, "\"mine\":{\"overall\":4,"));
	scores[0] = 6;
	CHECK_EQ_INT(ct_rate(idx, a.id, work, scores, NULL), CT_EUSAGE);
	/* flags: ben cannot delete ann's */
	CHECK_EQ_INT(ct_flag(idx, a.id, 1, CT_TYPE_CONTRASTING, NULL, &fa, NULL), 0);
	CHECK_EQ_INT(ct_flag_delete(idx, b.id, fa, NULL), CT_ENOTFOUND);
	CHECK_EQ_INT(ct_flag(idx, a.id, 999999, CT_TYPE_SUPPORTING, NULL, NULL, NULL), CT_ENOTFOUND);
	ct_buf_reset(&out);
	CHECK_EQ_INT(ct_flags_json(idx, 1, 0, &out, NULL), 0);
	CHECK(strstr(out.ptr, "\"user\":\"ann\",\"label\":\"contrasting\""));
	/* follows: ben's unfollow cannot touch ann's follow */
	CHECK_EQ_INT(ct_follow(idx, a.id, work, NULL), 0);
	CHECK_EQ_INT(ct_unfollow(idx, b.id, work, NULL), CT_ENOTFOUND);
	ct_buf_reset(&out);
	CHECK_EQ_INT(ct_follows_json(idx, a.id, work, &out, NULL), 0);
	CHECK(strstr(out.ptr, "\"following\":true"));
	ct_buf_release(&out);
	fx_drop(idx, path);
}

TEST(t_users_login_limit_and_feed)
{
	char path[256], tok[CT_TOKEN_SIZE];
	struct ct_index *idx = fx_index(path, sizeof(path), "users", "tests/data/demo/demo01.nxml", NULL);
	struct ct_ingest_stats st = {0};
	struct ct_buf out = CT_BUF_INIT;
	struct ct_user u, v;
	int64_t work;

	CHECK(idx != NULL);
	if (!idx)
		return;
	CHECK_EQ_INT(ct_user_create(idx, "cy", "cy password", &u, NULL), 0);
	CHECK_EQ_INT(ct_login(idx, "cy", "cy password", "1.2.3.4", "s", &v, tok, NULL), 0);
	CHECK_EQ_INT(v.id, u.id);
	for (int i = 0; i < CT_LOGIN_FAILURES_MAX; i++)
		CHECK_EQ_INT(ct_login(idx, "cy", "wrong one", "1.2.3.4", "s", &v, tok, NULL), CT_EAUTH);
	CHECK_EQ_INT(ct_login(idx, "cy", "cy password", "1.2.3.4", "s", &v, tok, NULL), CT_ERATE);
	/* follow, then a new citing article: it appears in the feed */
	CHECK_EQ_INT(ct_resolve(idx, "pmid:90000001", &work, NULL), 0);
	CHECK_EQ_INT(ct_follow(idx, u.id, work, NULL), 0);
	CHECK_EQ_INT(ct_feed_atom(idx, &u, "https://x.example", &out, NULL), 0);
	CHECK(!strstr(out.ptr, "<entry>"));
	CHECK_EQ_INT(ct_ingest_path(idx, "tests/data/demo/demo02.nxml", &st, NULL, NULL, NULL), 0);
	ct_ingest_stats_release(&st);
	ct_buf_reset(&out);
	CHECK_EQ_INT(ct_feed_atom(idx, &u, "https://x.example", &out, NULL), 0);
	CHECK(strstr(out.ptr, "<entry>") && strstr(out.ptr, "https://x.example/works/10.5555/citectx-demo.01"));
	ct_buf_release(&out);
	fx_drop(idx, path);
}

/* A write that cannot get the lock (another writer holds it past the
 * wait) fails CT_EBUSY, which the server answers 503 with Retry-After. */
TEST(t_users_busy_index)
{
	char path[256];
	struct ct_index *idx = fx_index(path, sizeof(path), "busy",
					"tests/data/demo/demo01.nxml", NULL);
	struct ct_error err = {0};
	struct store *other = NULL;
	struct ct_user u;

	CHECK(idx != NULL);
	if (!idx)
		return;
	store_busy_limit(idx->st, 30);
	CHECK_EQ_INT(store_open(path, 0, &other, &err), 0);
	if (other) {
		CHECK_EQ_INT(store_begin(other), 0); /* holds the write lock */
		CHECK_EQ_INT(ct_user_create(idx, "cal", "cal's password", &u, &err),
			     CT_EBUSY);
		CHECK_EQ_INT(err.code, CT_EBUSY);
		store_rollback(other);
		store_close(other);
	}
	CHECK_EQ_INT(ct_user_create(idx, "cal", "cal's password", &u, &err), 0);
	fx_drop(idx, path);
}

/* Fair limits and secrets (issue 19): failures from one client never lock
 * out the same name from another; common passwords are refused at
 * sign-up; a user holds at most CT_TOKENS_MAX tokens (the oldest go); a
 * feed secret reads only while it is the current one; form tokens are
 * bound to what they were made for. */
TEST(t_users_fair_limits_and_secrets)
{
	char path[256], tok[CT_TOKEN_SIZE], first[CT_TOKEN_SIZE];
	char fs[CT_FEED_KEY_SIZE], fs2[CT_FEED_KEY_SIZE];
	char ft[CT_FORM_TOKEN_SIZE];
	unsigned char key[CT_FORM_KEY_SIZE], key2[CT_FORM_KEY_SIZE];
	struct ct_index *idx = fx_index(path, sizeof(path), "fair",
					"tests/data/demo/demo01.nxml", NULL);
	struct ct_error err = {0};
	struct ct_user u, v;
	int64_t exp = 0;

	CHECK(idx != NULL);
	if (!idx)
		return;
	CHECK_EQ_INT(ct_user_create(idx, "dee", "12345678", &u, &err), CT_EUSAGE);
	CHECK(strstr(err.msg, "common") != NULL);
	CHECK_EQ_INT(ct_user_create(idx, "dee", "PassWord1", &u, NULL), CT_EUSAGE);
	CHECK_EQ_INT(ct_user_create(idx, "dee", "dee's own phrase", &u, NULL), 0);
	for (int i = 0; i < CT_LOGIN_FAILURES_MAX; i++)
		CHECK_EQ_INT(ct_login(idx, "dee", "wrong one", "10.0.0.1", "s", &v, tok, NULL), CT_EAUTH);
	CHECK_EQ_INT(ct_login(idx, "dee", "dee's own phrase", "10.0.0.1", "s", &v, tok, NULL), CT_ERATE);
	CHECK_EQ_INT(ct_login(idx, "dee", "dee's own phrase", "10.0.0.2", "s", &v, tok, NULL), 0);
	/* the cap: the first token goes when one more than the cap is made */
	CHECK_EQ_INT(ct_token_issue(idx, u.id, "first", 60, first, NULL, &exp, NULL), 0);
	CHECK(exp > 0);
	for (int i = 0; i < CT_TOKENS_MAX; i++)
		CHECK_EQ_INT(ct_token_create(idx, u.id, "more", tok, NULL, NULL), 0);
	CHECK_EQ_INT(ct_token_user(idx, first, &v, NULL), CT_EAUTH);
	CHECK_EQ_INT(ct_token_user(idx, tok, &v, NULL), 0);
	/* feed secrets: the new one replaces the old */
	CHECK_EQ_INT(ct_feed_key_new(idx, u.id, fs, NULL), 0);
	CHECK_EQ_INT(ct_feed_key_user(idx, fs, &v, NULL), 0);
	CHECK_EQ_INT(v.id, u.id);
	CHECK_EQ_INT(ct_feed_key_new(idx, u.id, fs2, NULL), 0);
	CHECK_EQ_INT(ct_feed_key_user(idx, fs, &v, NULL), CT_EAUTH);
	CHECK_EQ_INT(ct_feed_key_revoke(idx, u.id, NULL), 0);
	CHECK_EQ_INT(ct_feed_key_user(idx, fs2, &v, NULL), CT_EAUTH);
	/* form tokens */
	ct_form_key_new(key);
	ct_form_key_new(key2);
	ct_form_token(key, "s:abc", ft);
	CHECK(ct_form_token_ok(key, "s:abc", ft));
	CHECK(!ct_form_token_ok(key, "s:abd", ft));
	CHECK(!ct_form_token_ok(key2, "s:abc", ft));
	CHECK(!ct_form_token_ok(key, "s:abc", ""));
	fx_drop(idx, path);
}
