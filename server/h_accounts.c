/*
 * h_accounts.c — who is asking, and accounts and tokens.
 *
 * A request is signed in by `Authorization: Bearer ctx_...` (scripts) or by
 * the `ct_session` cookie the sign-in form sets (browsers; HttpOnly,
 * SameSite=Lax, so other sites cannot post with it).  Both are tokens of
 * the same table; the index keeps only their hashes.  Writes go through
 * the one read-write connection under the writer lock.
 *
 *   POST   /api/v1/accounts     {"username", "password"} -> 201 + a token
 *   POST   /api/v1/login        {"username", "password"} -> a new token
 *   GET    /api/v1/me           the signed-in user
 *   GET    /api/v1/me/tokens    own tokens (never their secrets)
 *   POST   /api/v1/me/tokens    {"label", "expires_in"} -> 201 + the new
 *                                token and its expiry
 *   DELETE /api/v1/me/tokens/N  revoke an own token
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "json.h"
#include "jw.h"

#define SESSION_COOKIE "ct_session="

static const char *cookie_token(const char *cookie)
{
	for (const char *p = cookie; p && *p;) {
		p += strspn(p, " ;");
		if (!strncmp(p, SESSION_COOKIE, sizeof(SESSION_COOKIE) - 1))
			return p + sizeof(SESSION_COOKIE) - 1;
		p += strcspn(p, ";");
	}
	return NULL;
}

const char *session_token(struct req *rq)
{
	const char *a = rq->authorization, *t;

	if (a && !strncmp(a, "Bearer ", 7))
		return a + 7;
	t = cookie_token(rq->cookie);
	return t ? arena_strndup(&rq->a, t, strcspn(t, "; ")) : NULL;
}

int auth_user(struct req *rq)
{
	const char *token;

	if (!rq->authed) {
		rq->authed = 1;
		token = session_token(rq);
		if (token && ct_token_user(rq->idx, token, &rq->user, NULL))
			memset(&rq->user, 0, sizeof(rq->user));
	}
	return rq->user.id ? 0 : CT_EAUTH;
}

int auth_require(struct req *rq, struct resp *rs)
{
	if (!auth_user(rq))
		return 0;
	if (session_token(rq))
		return resp_error(
		    rs, 401, "unauthorized",
		    "token unknown, expired "
		    "or revoked: sign in again (POST /api/v1/login)");
	return resp_error(rs, 401, "unauthorized",
	                  "sign in: send "
	                  "'Authorization: Bearer TOKEN' (POST /api/v1/login)");
}

int with_writer(struct req *rq, int (*fn)(struct ct_index *, void *), void *ctx)
{
	int rc;

	pthread_mutex_lock(&rq->srv->writer_lock);
	rc = fn(rq->srv->writer, ctx);
	pthread_mutex_unlock(&rq->srv->writer_lock);
	return rc;
}

/* ---- sign-up and login
 * -------------------------------------------------------- */
/* Argon2id hashing and verifying (about 0.1 s each) run on the request's
 * own read connection or on none, never under the writer lock: under it
 * they held every other write (and, in the issue, tallies) for 0.5-0.9 s
 * during a sign-up flood.  Only the short writes take the lock, and the
 * checks that must be exact (name taken, sign-up limit) run again there. */

static int do_signup(struct ct_index *w, void *ctx)
{
	struct cred_op *op = ctx;
	int rc = ct_signup_check(w, op->name, op->password, op->client,
	                         &op->retry_after, &op->err);

	if (!rc)
		rc = ct_user_insert(w, op->name, op->hash, op->client,
		                    &op->user, &op->err);
	return rc ? rc
	          : ct_token_issue(w, op->user.id, op->label, op->ttl,
	                           op->token, NULL, &op->expires, &op->err);
}

static int do_login_failed(struct ct_index *w, void *ctx)
{
	struct cred_op *op = ctx;

	return ct_login_record(w, op->name, op->client, 0, NULL);
}

static int do_login_ok(struct ct_index *w, void *ctx)
{
	struct cred_op *op = ctx;
	int rc = ct_login_record(w, op->name, op->client, 1, &op->err);

	return rc ? rc
	          : ct_token_issue(w, op->user.id, op->label, op->ttl,
	                           op->token, NULL, &op->expires, &op->err);
}

static int signup_op(struct req *rq, struct cred_op *op)
{
	int rc = ct_signup_check(rq->idx, op->name, op->password, op->client,
	                         &op->retry_after, &op->err);

	if (!rc)
		rc = ct_password_hash(op->password, op->hash, &op->err);
	return rc ? rc : with_writer(rq, do_signup, op);
}

static int login_op(struct req *rq, struct cred_op *op)
{
	int rc = ct_login_check(rq->idx, op->name, op->password, op->client,
	                        &op->user, &op->err);

	if (rc == CT_ERATE)
		op->retry_after = CT_LOGIN_WINDOW;
	if (rc == CT_EAUTH)
		with_writer(rq, do_login_failed, op);
	return rc ? rc : with_writer(rq, do_login_ok, op);
}

int account_op(struct req *rq, struct cred_op *op, int signup)
{
	op->client = rq->client;
	return signup ? signup_op(rq, op) : login_op(rq, op);
}

/* 429 answers say when to come back. */
void account_retry(struct req *rq, struct resp *rs, const struct cred_op *op)
{
	char s[24];

	if (op->err.code != CT_ERATE || op->retry_after <= 0)
		return;
	snprintf(s, sizeof(s), "%lld", (long long)op->retry_after);
	rs->retry_after = arena_strndup(&rq->a, s, strlen(s));
}

static void json_session(struct resp *rs, const struct cred_op *op, int status)
{
	struct ct_buf out = CT_BUF_INIT;
	struct jw w;

	jw_init(&w, &out);
	jw_obj(&w);
	jw_key(&w, "user");
	jw_obj(&w);
	jw_kint(&w, "id", op->user.id);
	jw_kstr(&w, "name", op->user.name);
	jw_obj_end(&w);
	jw_kstr(&w, "token", op->token);
	jw_kint(&w, "expires", op->expires);
	jw_obj_end(&w);
	ct_buf_putc(&out, '\n');
	resp_take(rs, &out, NULL);
	rs->status = status;
	rs->no_etag = 1;
	rs->cache = "no-store";
}

static int credentials(struct req *rq, struct resp *rs, int signup)
{
	struct cred_op op = {.label = "api"};
	struct ct_error err = {0};
	struct json_doc *doc;

	if (json_doc_parse(rq->body, rq->body_len, "body", &doc, &err))
		return resp_ct_error(rs, &err);
	op.name = json_str(json_get(json_root(doc), "username"));
	op.password = json_str(json_get(json_root(doc), "password"));
	if (!op.name || !op.password)
		resp_error(rs, 400, "bad_request",
		           "body: expected {\"username\": "
		           "\"...\", \"password\": \"...\"}");
	else if (account_op(rq, &op, signup)) {
		resp_ct_error(rs, &op.err);
		account_retry(rq, rs, &op);
	} else
		json_session(rs, &op, signup ? 201 : 200);
	json_doc_free(doc);
	return 0;
}

int h_signup(struct req *rq, struct resp *rs)
{
	return credentials(rq, rs, 1);
}

int h_login(struct req *rq, struct resp *rs)
{
	return credentials(rq, rs, 0);
}

int h_me(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct jw w;

	if (auth_require(rq, rs))
		return 0;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_key(&w, "user");
	jw_obj(&w);
	jw_kint(&w, "id", rq->user.id);
	jw_kstr(&w, "name", rq->user.name);
	jw_obj_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(&out, '\n');
	resp_take(rs, &out, NULL);
	return 0;
}

/* ---- tokens
 * ----------------------------------------------------------------------- */

int h_tokens_list(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};

	if (auth_require(rq, rs))
		return 0;
	if (ct_tokens_json(rq->idx, rq->user.id, &out, &err))
		resp_ct_error(rs, &err);
	else
		resp_take(rs, &out, NULL);
	ct_buf_release(&out);
	return 0;
}

struct token_op {
	int64_t user, id, ttl, expires;
	const char *label;
	char token[CT_TOKEN_SIZE];
	struct ct_error err;
};

static int do_token_create(struct ct_index *w, void *ctx)
{
	struct token_op *op = ctx;

	return ct_token_issue(w, op->user, op->label, op->ttl, op->token,
	                      &op->id, &op->expires, &op->err);
}

static int do_token_revoke(struct ct_index *w, void *ctx)
{
	struct token_op *op = ctx;

	return ct_token_revoke(w, op->user, op->id, NULL, &op->err);
}

int h_tokens_create(struct req *rq, struct resp *rs)
{
	struct token_op op = {0};
	struct ct_buf out = CT_BUF_INIT;
	struct json_doc *doc = NULL;
	struct jw w;

	if (auth_require(rq, rs))
		return 0;
	if (rq->body_len &&
	    json_doc_parse(rq->body, rq->body_len, "body", &doc, &op.err))
		return resp_ct_error(rs, &op.err);
	op.user = rq->user.id;
	op.label = json_str(json_get(json_root(doc), "label"));
	if (json_get(json_root(doc), "expires_in") &&
	    (json_int_strict(json_get(json_root(doc), "expires_in"), &op.ttl) ||
	     op.ttl < 1 || op.ttl > CT_TOKEN_TTL))
		resp_error(rs, 400, "bad_request",
		           "expires_in: seconds, 1 to %d "
		           "(the default)",
		           CT_TOKEN_TTL);
	else if (op.label && strlen(op.label) > 100)
		op.label = NULL,
		resp_error(rs, 400, "bad_request", "label: at most 100 bytes");
	else if (with_writer(rq, do_token_create, &op))
		resp_ct_error(rs, &op.err);
	else {
		jw_init(&w, &out);
		jw_obj(&w);
		jw_kint(&w, "id", op.id);
		jw_kstr(&w, "label", op.label ? op.label : "token");
		jw_kstr(&w, "token", op.token);
		jw_kint(&w, "expires", op.expires);
		jw_obj_end(&w);
		ct_buf_putc(&out, '\n');
		resp_take(rs, &out, NULL);
		rs->status = 201;
		rs->cache = "no-store";
	}
	json_doc_free(doc);
	return 0;
}

int h_token_delete(struct req *rq, struct resp *rs)
{
	struct token_op op = {0};
	char *end;

	if (auth_require(rq, rs))
		return 0;
	op.user = rq->user.id;
	op.id = strtoll(rq->route_id, &end, 10);
	if (*end || op.id <= 0)
		return resp_error(rs, 400, "bad_request", "%s: not a token id",
		                  rq->route_id);
	if (with_writer(rq, do_token_revoke, &op))
		return resp_ct_error(rs, &op.err);
	rs->status = 204;
	return 0;
}
