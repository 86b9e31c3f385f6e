/*
 * users.c — accounts, API tokens, ratings, classification flags, follows
 * and the per-user Atom feed (see citectx.h, "users").  The only file that
 * includes libsodium.
 *
 * Passwords: Argon2id through crypto_pwhash_str at libsodium's
 * "interactive" cost (64 MiB, about 0.1 s: a login stays quick, a stolen
 * table stays expensive).  Tokens: 32 random bytes shown once as
 * "ctx_" + hex; the index keeps only their BLAKE2b hash, enough for a
 * secret of 256 random bits.  Every statement that writes user data names
 * the acting user in its WHERE clause or row, so no call can reach
 * another user's rows.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "jw.h"
#include "query.h"

#define TOKEN_PREFIX "ctx_"
#define TOKEN_BYTES 32
#define HASH_HEX (crypto_generichash_BYTES * 2 + 1)
#define FEED_ENTRIES 50
#define COMMENT_MAX 2000
#define FEED_PREFIX "ctf_"
#define USER_LIST_MAX 500 /* ratings or flags listed on the account page */

static const char *const aspects[CT_RATE_COUNT] = {"overall", "novelty",
	"significance", "rigour"};

const char *ct_rating_aspect_name(int a)
{
	return a >= 0 && a < CT_RATE_COUNT ? aspects[a] : NULL;
}

static int crypto_ready(struct ct_error *err)
{
	return sodium_init() < 0 ? err_set(err, CT_ENOMEM, "libsodium: cannot "
					   "initialise") : 0;
}

static int db_fail(struct ct_index *idx, struct ct_error *err, const char *what)
{
	return err_set(err, store_error_is_busy(idx->st) ? CT_EBUSY : CT_EDB,
		       "%s: %s", what, store_errmsg(idx->st));
}

/* ---- tokens ------------------------------------------------------------- */

static void token_hash(const char *token, char out[HASH_HEX])
{
	unsigned char h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, HASH_HEX, h, sizeof(h));
}

/* A new random secret: prefix + 64 hex digits. */
static void secret_new(char *out, size_t cap, const char *prefix)
{
	size_t pl = strlen(prefix);

	memcpy(out, prefix, pl);
	ct_random_hex(out + pl, cap - pl, TOKEN_BYTES);
}

int ct_token_issue(struct ct_index *idx, int64_t user, const char *label,
		   int64_t ttl, char token[CT_TOKEN_SIZE], int64_t *token_id,
		   int64_t *expires, struct ct_error *err)
{
	int64_t now = (int64_t)time(NULL), id;
	char hash[HASH_HEX];
	struct store_row *r;
	int rc = crypto_ready(err);

	if (rc)
		return rc;
	if (ttl <= 0 || ttl > CT_TOKEN_TTL)
		ttl = CT_TOKEN_TTL;
	secret_new(token, CT_TOKEN_SIZE, TOKEN_PREFIX);
	token_hash(token, hash);
	r = store_sql(idx->st, SQL_T_INSERT);
	store_bind_int(r, 1, user);
	store_bind_text(r, 2, hash);
	store_bind_text(r, 3, label && *label ? label : "token");
	store_bind_int(r, 4, now);
	store_bind_int(r, 5, now + ttl);
	if (store_exec(r))
		return db_fail(idx, err, "token");
	id = store_last_id(idx->st);
	/* the cap: the oldest go, the new one always stays */
	r = store_sql(idx->st, SQL_T_TRIM);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, now);
	store_bind_int(r, 3, CT_TOKENS_MAX);
	if (store_exec(r))
		return db_fail(idx, err, "token");
	if (token_id)
		*token_id = id;
	if (expires)
		*expires = now + ttl;
	return 0;
}

int ct_token_create(struct ct_index *idx, int64_t user, const char *label,
		    char token[CT_TOKEN_SIZE], int64_t *token_id,
		    struct ct_error *err)
{
	return ct_token_issue(idx, user, label, 0, token, token_id, NULL, err);
}

int ct_token_user(struct ct_index *idx, const char *token, struct ct_user *u,
		  struct ct_error *err)
{
	char hash[HASH_HEX];
	struct store_row *r;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!token || strncmp(token, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1) ||
	    strlen(token) >= CT_TOKEN_SIZE)
		return err_set(err, CT_EAUTH, "token: not a citectx token");
	token_hash(token, hash);
	r = store_sql(idx->st, SQL_T_USER);
	store_bind_text(r, 1, hash);
	store_bind_int(r, 2, (int64_t)time(NULL));
	rc = store_step(r);
	if (rc == 1) {
		u->id = store_int(r, 0);
		snprintf(u->name, sizeof(u->name), "%s", store_text(r, 1));
	}
	store_done(r);
	if (rc < 0)
		return db_fail(idx, err, "token");
	return rc ? 0 : err_set(err, CT_EAUTH, "token: unknown, expired or "
				"revoked");
}

int ct_token_revoke(struct ct_index *idx, int64_t user, int64_t token_id,
		    const char *secret, struct ct_error *err)
{
	char hash[HASH_HEX] = "";
	struct store_row *r = store_sql(idx->st, SQL_T_DELETE);

	if (secret)
		token_hash(secret, hash);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, token_id);
	store_bind_text(r, 3, hash);
	if (store_exec(r))
		return db_fail(idx, err, "token");
	if (!store_changes(idx->st))
		return err_set(err, CT_ENOTFOUND, "token %" PRId64 ": no such "
			       "token of yours", token_id);
	return 0;
}

int ct_tokens_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
		   struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_T_LIST);
	struct jw w;
	int rc;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, (int64_t)time(NULL));
	while ((rc = store_step(r)) == 1) {
		jw_obj(&w);
		jw_kint(&w, "id", store_int(r, 0));
		jw_kstr(&w, "label", store_text(r, 1));
		jw_kint(&w, "created", store_int(r, 2));
		jw_kint(&w, "expires", store_int(r, 3));
		jw_obj_end(&w);
	}
	store_done(r);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return rc < 0 ? db_fail(idx, err, "tokens") : 0;
}

/* ---- accounts ------------------------------------------------------------ */

static int name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > CT_USERNAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return 0;
	return 1;
}

/* The most common passwords of leaked lists (written from common
 * knowledge, lower case; compared case-insensitively): refused at
 * sign-up, because they are the first an attacker tries on every name. */
static const char *const common_passwords[] = {
	"12345678", "123456789", "1234567890", "12345678910", "87654321",
	"11111111", "00000000", "88888888", "12341234", "11223344",
	"123123123", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx",
	"qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "qwerty1234",
	"asdfghjk", "asdfghjkl", "zxcvbnm1", "zxcvbnmm", "password",
	"password1", "password12", "password123", "passw0rd", "p@ssw0rd",
	"p@ssword", "pa55word", "iloveyou", "iloveyou1", "sunshine",
	"princess", "football", "baseball", "basketball", "superman",
	"batman123", "starwars", "trustno1", "whatever", "welcome1",
	"welcome123", "letmein1", "letmein123", "abc12345", "abcd1234",
	"abcdefgh", "abc123456", "admin123", "administrator", "changeme",
	"computer", "internet", "michelle", "jennifer", "jordan23",
	"charlie1", "master123", "monkey123", "dragon123", "shadow123",
	"mustang1", "liverpool", "chelsea1", "arsenal1", "manchester",
	"qazwsxedc", "q1w2e3r4", "q1w2e3r4t5", "a1b2c3d4", "aa123456",
	"secret123", "security", "samsung1", "sunshine1", "princess1",
	"football1", "baseball1", "freedom1", "lovely123", "loveyou1",
	"hello123", "helloworld", "default1", "test1234", "testtest",
	"guest123", "zaq1zaq1", "999999999", "987654321", "123qweasd",
	"qweasdzxc", "1234qwer", "qwer1234", "asdf1234", "password!",
};

/* CT_EUSAGE and why when password may not be used (sign-up only: an
 * existing account still signs in). */
static int password_refused(const char *pw, struct ct_error *err)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < CT_PASSWORD_MIN || n > CT_PASSWORD_MAX)
		return err_set(err, CT_EUSAGE, "password: %d to %d characters",
			       CT_PASSWORD_MIN, CT_PASSWORD_MAX);
	for (size_t i = 0; i < sizeof(common_passwords) /
				sizeof(common_passwords[0]); i++)
		if (!strcasecmp(pw, common_passwords[i]))
			return err_set(err, CT_EUSAGE, "password: one of the most "
				       "common passwords, the first anyone tries; "
				       "choose another (a few words make a good "
				       "one)");
	return 0;
}

static int password_ok(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;

	return n >= CT_PASSWORD_MIN && n <= CT_PASSWORD_MAX;
}

/* 1 when an account has name (names compare case-insensitively). */
static int name_taken(struct ct_index *idx, const char *name)
{
	struct store_row *r = store_sql(idx->st, SQL_U_BY_NAME);
	int found;

	store_bind_text(r, 1, name);
	found = store_step(r) == 1;
	store_done(r);
	return found;
}

/* CT_ERATE when client made CT_SIGNUPS_MAX accounts within the window;
 * *retry: seconds until the oldest of them leaves it. */
static int signups_limited(struct ct_index *idx, const char *client,
			   int64_t now, int64_t *retry)
{
	struct store_row *r = store_sql(idx->st, SQL_U_SIGNUPS);
	int limited = 0;

	store_bind_text(r, 1, client ? client : "");
	store_bind_int(r, 2, now - CT_SIGNUP_WINDOW);
	if (store_step(r) == 1 && store_int(r, 0) >= CT_SIGNUPS_MAX) {
		limited = 1;
		*retry = store_int(r, 1) + CT_SIGNUP_WINDOW - now;
		if (*retry < 1)
			*retry = 1;
	}
	store_done(r);
	return limited ? CT_ERATE : 0;
}

int ct_signup_check(struct ct_index *idx, const char *name,
		    const char *password, const char *client,
		    int64_t *retry_after, struct ct_error *err)
{
	int64_t retry = 0;
	int rc;

	if (!name_ok(name))
		return err_set(err, CT_EUSAGE, "username: 1 to %d letters, digits, "
			       "'.', '_' or '-'", CT_USERNAME_MAX);
	if ((rc = password_refused(password, err)))
		return rc;
	if (signups_limited(idx, client, (int64_t)time(NULL), &retry)) {
		if (retry_after)
			*retry_after = retry;
		return err_set(err, CT_ERATE, "sign-up: at most %d accounts per "
			       "address per hour; try again in %" PRId64
			       " minutes", CT_SIGNUPS_MAX, (retry + 59) / 60);
	}
	if (name_taken(idx, name))
		return err_set(err, CT_EEXIST, "%s: name taken", name);
	return 0;
}

int ct_password_hash(const char *password, char hash[CT_PWHASH_SIZE],
		     struct ct_error *err)
{
	int rc = crypto_ready(err);

	if (rc)
		return rc;
	if (!password_ok(password))
		return err_set(err, CT_EUSAGE, "password: %d to %d characters",
			       CT_PASSWORD_MIN, CT_PASSWORD_MAX);
	if (crypto_pwhash_str(hash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return err_set(err, CT_ENOMEM, "password: out of memory hashing");
	return 0;
}

int ct_user_insert(struct ct_index *idx, const char *name, const char *hash,
		   const char *client, struct ct_user *u, struct ct_error *err)
{
	int64_t now = (int64_t)time(NULL);
	struct store_row *r = store_sql(idx->st, SQL_U_INSERT);

	memset(u, 0, sizeof(*u));
	store_bind_text(r, 1, name);
	store_bind_text(r, 2, hash);
	store_bind_int(r, 3, now);
	if (store_exec(r))
		return store_error_is_constraint(idx->st)
			       ? err_set(err, CT_EEXIST, "%s: name taken", name)
			       : db_fail(idx, err, "account");
	u->id = store_last_id(idx->st);
	snprintf(u->name, sizeof(u->name), "%s", name);
	r = store_sql(idx->st, SQL_U_SIGNUP_PRUNE);
	store_bind_int(r, 1, now - CT_SIGNUP_WINDOW);
	store_exec(r);
	r = store_sql(idx->st, SQL_U_SIGNUP_ADD);
	store_bind_text(r, 1, client ? client : "");
	store_bind_int(r, 2, now);
	return store_exec(r) ? db_fail(idx, err, "account") : 0;
}

int ct_user_create(struct ct_index *idx, const char *name,
		   const char *password, struct ct_user *u, struct ct_error *err)
{
	char hash[CT_PWHASH_SIZE];
	int rc;

	_Static_assert(CT_PWHASH_SIZE >= crypto_pwhash_STRBYTES,
		       "CT_PWHASH_SIZE holds a libsodium hash string");
	memset(u, 0, sizeof(*u));
	if (!name_ok(name))
		return err_set(err, CT_EUSAGE, "username: 1 to %d letters, digits, "
			       "'.', '_' or '-'", CT_USERNAME_MAX);
	if ((rc = password_refused(password, err)) ||
	    (rc = ct_password_hash(password, hash, err)))
		return rc;
	return ct_user_insert(idx, name, hash, "", u, err);
}

/* CT_ERATE when client failed too often for name, or for any names,
 * within the window.  Never per name alone: then anyone could lock out
 * anyone by sending wrong passwords for their name. */
static int login_limited(struct ct_index *idx, const char *name,
			 const char *client, int64_t now)
{
	struct store_row *r = store_sql(idx->st, SQL_U_FAILURES);
	int limited = 0;

	store_bind_text(r, 1, name);
	store_bind_text(r, 2, client ? client : "");
	store_bind_int(r, 3, now - CT_LOGIN_WINDOW);
	if (store_step(r) == 1)
		limited = store_int(r, 0) >= CT_LOGIN_FAILURES_MAX ||
			  store_int(r, 1) >= 4 * CT_LOGIN_FAILURES_MAX;
	store_done(r);
	return limited ? CT_ERATE : 0;
}

int ct_login_record(struct ct_index *idx, const char *name,
		    const char *client, int ok, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, ok ? SQL_U_FAIL_CLEAR
						      : SQL_U_FAIL_ADD);
	int64_t now = (int64_t)time(NULL);

	store_bind_text(r, 1, name);
	if (ok) {
		store_bind_int(r, 2, now - CT_LOGIN_WINDOW);
		store_bind_text(r, 3, client ? client : "");
	} else {
		store_bind_text(r, 2, client ? client : "");
		store_bind_int(r, 3, now);
	}
	return store_exec(r) ? db_fail(idx, err, "login") : 0;
}

/* Verifies name/password; an unknown name costs one hash too, so timing
 * does not tell which names exist. */
static int check_password(struct ct_index *idx, const char *name,
			  const char *password, struct ct_user *u)
{
	struct store_row *r = store_sql(idx->st, SQL_U_BY_NAME);
	char hash[crypto_pwhash_STRBYTES] = "";
	int found;

	store_bind_text(r, 1, name);
	found = store_step(r) == 1;
	if (found) {
		u->id = store_int(r, 0);
		snprintf(u->name, sizeof(u->name), "%s", store_text(r, 1));
		snprintf(hash, sizeof(hash), "%s", store_text(r, 2));
	}
	store_done(r);
	if (!found) {
		if (crypto_pwhash_str(hash, password, strlen(password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE))
			return CT_ENOMEM;
		return CT_EAUTH;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password))
		       ? CT_EAUTH
		       : 0;
}

int ct_login_check(struct ct_index *idx, const char *name,
		   const char *password, const char *client, struct ct_user *u,
		   struct ct_error *err)
{
	int rc = crypto_ready(err);

	memset(u, 0, sizeof(*u));
	if (rc)
		return rc;
	if (!name_ok(name) || !password_ok(password))
		return err_set(err, CT_EAUTH, "wrong username or password");
	if (login_limited(idx, name, client, (int64_t)time(NULL)))
		return err_set(err, CT_ERATE, "%s: too many failed logins from "
			       "your address; try again in %d minutes", name,
			       CT_LOGIN_WINDOW / 60);
	rc = check_password(idx, name, password, u);
	if (rc == CT_ENOMEM)
		return err_set(err, rc, "password: out of memory hashing");
	if (rc) {
		memset(u, 0, sizeof(*u));
		return err_set(err, CT_EAUTH, "wrong username or password");
	}
	return 0;
}

int ct_login(struct ct_index *idx, const char *name, const char *password,
	     const char *client, const char *label, struct ct_user *u,
	     char token[CT_TOKEN_SIZE], struct ct_error *err)
{
	int rc = ct_login_check(idx, name, password, client, u, err);

	if (rc == CT_EAUTH && name_ok(name) && password_ok(password))
		ct_login_record(idx, name, client, 0, NULL);
	if (rc)
		return rc;
	if ((rc = ct_login_record(idx, name, client, 1, err)))
		return rc;
	return ct_token_create(idx, u->id, label, token, NULL, err);
}

/* ---- ratings ------------------------------------------------------------- */

int ct_rate(struct ct_index *idx, int64_t user, int64_t work,
	    const int scores[CT_RATE_COUNT], struct ct_error *err)
{
	struct store_row *r;

	for (int i = 0; i < CT_RATE_COUNT; i++)
		if (scores[i] < (i ? 0 : 1) || scores[i] > 5)
			return err_set(err, CT_EUSAGE, "%s %d: a rating is from 1 "
				       "to 5%s",
				       aspects[i], scores[i], i ? " or none" : "");
	r = store_sql(idx->st, SQL_RT_UPSERT);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	for (int i = 0; i < CT_RATE_COUNT; i++)
		if (scores[i])
			store_bind_int(r, 3 + i, scores[i]);
	store_bind_int(r, 7, (int64_t)time(NULL));
	return store_exec(r) ? db_fail(idx, err, "rating") : 0;
}

int ct_rating_delete(struct ct_index *idx, int64_t user, int64_t work,
		     struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_RT_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	if (store_exec(r))
		return db_fail(idx, err, "rating");
	return store_changes(idx->st) ? 0 : err_set(err, CT_ENOTFOUND,
		"rating: you have not rated this work");
}

static void json_scores(struct jw *w, struct store_row *r, int c0, int avg)
{
	jw_obj(w);
	for (int i = 0; i < CT_RATE_COUNT; i++) {
		jw_key(w, aspects[i]);
		if (store_is_null(r, c0 + i))
			jw_null(w);
		else if (avg)
			jw_num(w, store_double(r, c0 + i));
		else
			jw_int(w, store_int(r, c0 + i));
	}
	jw_obj_end(w);
}

int ct_ratings_json(struct ct_index *idx, int64_t work, int64_t user,
		    struct ct_buf *out, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_RT_STATS);
	struct jw w;
	int rc;

	jw_init(&w, out);
	jw_obj(&w);
	store_bind_int(r, 1, work);
	rc = store_step(r);
	jw_kint(&w, "count", rc == 1 ? store_int(r, 0) : 0);
	jw_kint(&w, "shown_from", CT_RATINGS_SHOWN);
	jw_key(&w, "average");
	if (rc == 1 && store_int(r, 0) >= CT_RATINGS_SHOWN)
		json_scores(&w, r, 1, 1);
	else
		jw_null(&w);
	store_done(r);
	r = store_sql(idx->st, SQL_RT_MINE);
	store_bind_int(r, 1, work);
	store_bind_int(r, 2, user);
	jw_key(&w, "mine");
	if (user && (rc = store_step(r)) == 1)
		json_scores(&w, r, 0, 0);
	else
		jw_null(&w);
	store_done(r);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return rc < 0 ? db_fail(idx, err, "ratings") : 0;
}

/* ---- flags ---------------------------------------------------------------- */

int ct_flag(struct ct_index *idx, int64_t user, int64_t statement, int label,
	    const char *comment, int64_t *flag_id, struct ct_error *err)
{
	struct store_row *r;
	int rc;

	if (label < 0 || label >= CT_TYPE_COUNT)
		return err_set(err, CT_EUSAGE, "label: expected supporting, "
			       "contrasting, mentioning or unclassified");
	if (comment && strlen(comment) > COMMENT_MAX)
		return err_set(err, CT_ELIMIT, "comment: at most %d bytes",
			       COMMENT_MAX);
	r = store_sql(idx->st, SQL_FL_UPSERT);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, statement);
	store_bind_int(r, 3, label);
	store_bind_text(r, 4, comment && *comment ? comment : NULL);
	store_bind_int(r, 5, (int64_t)time(NULL));
	rc = store_step(r);
	if (rc == 1 && flag_id)
		*flag_id = store_int(r, 0);
	store_exec(r); /* finish the statement so that it commits */
	if (rc < 0)
		return db_fail(idx, err, "flag");
	return rc ? 0 : err_set(err, CT_ENOTFOUND, "statement %" PRId64 ": no "
				"such statement", statement);
}

int ct_flag_delete(struct ct_index *idx, int64_t user, int64_t flag_id,
		   struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FL_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, flag_id);
	if (store_exec(r))
		return db_fail(idx, err, "flag");
	return store_changes(idx->st) ? 0 : err_set(err, CT_ENOTFOUND,
		"flag %" PRId64 ": no such flag of yours", flag_id);
}

int ct_flags_json(struct ct_index *idx, int64_t statement, int64_t work,
		  struct ct_buf *out, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FL_LIST);
	struct jw w;
	int rc;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	store_bind_int(r, 1, statement);
	store_bind_int(r, 2, work);
	while ((rc = store_step(r)) == 1) {
		jw_obj(&w);
		jw_kint(&w, "id", store_int(r, 0));
		jw_kint(&w, "statement", store_int(r, 1));
		jw_kstr(&w, "user", store_text(r, 2));
		jw_kstr(&w, "label", ct_type_name((int)store_int(r, 3)));
		jw_kstr(&w, "comment", store_text(r, 4));
		jw_kint(&w, "created", store_int(r, 5));
		jw_obj_end(&w);
	}
	store_done(r);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return rc < 0 ? db_fail(idx, err, "flags") : 0;
}

/* ---- follows and the feed ----------------------------------------------------- */

int ct_follow(struct ct_index *idx, int64_t user, int64_t work,
	      struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FO_INSERT);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	store_bind_int(r, 3, (int64_t)time(NULL));
	return store_exec(r) ? db_fail(idx, err, "follow") : 0;
}

int ct_unfollow(struct ct_index *idx, int64_t user, int64_t work,
		struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FO_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	if (store_exec(r))
		return db_fail(idx, err, "follow");
	return store_changes(idx->st) ? 0 : err_set(err, CT_ENOTFOUND,
		"follow: you do not follow this work");
}

static void read_brief(struct store_row *r, int c0, struct ct_work_brief *b)
{
	b->id = store_int(r, c0);
	b->doi = store_text(r, c0 + 1);
	b->pmid = store_text(r, c0 + 2);
	b->pmcid = store_text(r, c0 + 3);
	b->title = store_text(r, c0 + 4);
	b->year = (int)store_int(r, c0 + 5);
}

int ct_follows_json(struct ct_index *idx, int64_t user, int64_t work,
		    struct ct_buf *out, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FO_LIST);
	struct jw w;
	int rc, n = 0;

	jw_init(&w, out);
	jw_obj(&w);
	if (!work) {
		jw_key(&w, "data");
		jw_arr(&w);
	}
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	while ((rc = store_step(r)) == 1 && !work) {
		struct ct_work_brief b;
		char id[400];

		read_brief(r, 0, &b);
		work_id_string(&b, id, sizeof(id));
		jw_obj(&w);
		jw_kstr(&w, "id", id);
		jw_kstr(&w, "title", b.title);
		jw_kint(&w, "since", store_int(r, 6));
		jw_obj_end(&w);
	}
	n = rc == 1;
	store_done(r);
	if (work) {
		jw_key(&w, "following");
		jw_bool(&w, n);
	} else {
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return rc < 0 ? db_fail(idx, err, "follows") : 0;
}

/* XML text: the five predefined entities, controls dropped (XML 1.0 has
 * no way to write them). */
static void xml_text(struct ct_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&')
			ct_buf_puts(b, "&amp;");
		else if (c == '<')
			ct_buf_puts(b, "&lt;");
		else if (c == '>')
			ct_buf_puts(b, "&gt;");
		else if (c == '"')
			ct_buf_puts(b, "&quot;");
		else if (c >= 0x20 || c == '\n' || c == '\t')
			ct_buf_putc(b, (char)c);
	}
}

static void xml_str(struct ct_buf *b, const char *s)
{
	xml_text(b, s, s ? strlen(s) : 0);
}

static void feed_link(struct ct_buf *b, const char *base, const char *id)
{
	ct_buf_puts(b, "<link href=\"");
	xml_str(b, base);
	ct_buf_puts(b, "/works/");
	xml_str(b, id);
	ct_buf_puts(b, "\"/>");
}

static void feed_entry(struct ct_buf *b, struct store_row *r, const char *base)
{
	struct ct_work_brief citing, cited;
	char cid[400], did[400];
	const char *text = store_text(r, 4);
	size_t len = text ? strlen(text) : 0;
	size_t a = (size_t)store_int(r, 5), e = (size_t)store_int(r, 6);

	memset(&citing, 0, sizeof(citing));
	memset(&cited, 0, sizeof(cited));
	citing.doi = store_text(r, 7), citing.pmid = store_text(r, 8);
	citing.pmcid = store_text(r, 9), citing.title = store_text(r, 10);
	citing.year = (int)store_int(r, 11), citing.id = store_int(r, 17);
	cited.doi = store_text(r, 12), cited.pmid = store_text(r, 13);
	cited.pmcid = store_text(r, 14), cited.title = store_text(r, 15);
	cited.id = store_int(r, 16);
	work_id_string(&citing, cid, sizeof(cid));
	work_id_string(&cited, did, sizeof(did));
	if (a > len || e > len || e < a)
		a = 0, e = len;
	ct_buf_printf(b, "<entry><id>tag:citectx,2024:statement/%" PRId64
		      "</id><title>", store_int(r, 0));
	xml_str(b, ct_type_name((int)store_int(r, 1)));
	ct_buf_puts(b, ": ");
	xml_str(b, citing.title ? citing.title : cid);
	ct_buf_puts(b, " cites ");
	xml_str(b, cited.title ? cited.title : did);
	ct_buf_printf(b, "</title><updated>%04d-01-01T00:00:00Z</updated>",
		      citing.year > 0 ? citing.year : 1970);
	feed_link(b, base, did);
	ct_buf_puts(b, "<summary>");
	xml_text(b, text + a, e - a);
	ct_buf_printf(b, " (%s, %s, confidence %.2f; from %s)</summary></entry>\n",
		      ct_type_name((int)store_int(r, 1)),
		      ct_section_name((int)store_int(r, 3)), store_double(r, 2),
		      cid);
}

int ct_feed_atom(struct ct_index *idx, const struct ct_user *u,
		 const char *base_url, struct ct_buf *out, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FO_FEED);
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ct_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			 "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	ct_buf_puts(out, "citectx: new statements for ");
	xml_str(out, u->name);
	ct_buf_printf(out, "</title>\n<id>tag:citectx,2024:feed/%" PRId64
		      "</id>\n<updated>%s</updated>\n<author><name>citectx"
		      "</name></author>\n", u->id, now);
	store_bind_int(r, 1, u->id);
	store_bind_int(r, 2, FEED_ENTRIES);
	while ((rc = store_step(r)) == 1)
		feed_entry(out, r, base_url ? base_url : "");
	store_done(r);
	ct_buf_puts(out, "</feed>\n");
	return rc < 0 ? db_fail(idx, err, "feed") : 0;
}

/* ---- form tokens (CSRF) ------------------------------------------------------ */

void ct_random_hex(char *out, size_t cap, size_t n)
{
	unsigned char raw[64];

	if (n > sizeof(raw))
		n = sizeof(raw);
	if (cap < 2 * n + 1 || crypto_ready(NULL)) {
		if (cap)
			out[0] = '\0';
		return;
	}
	randombytes_buf(raw, n);
	sodium_bin2hex(out, cap, raw, n);
	sodium_memzero(raw, sizeof(raw));
}

void ct_form_key_new(unsigned char key[CT_FORM_KEY_SIZE])
{
	if (crypto_ready(NULL))
		memset(key, 0, CT_FORM_KEY_SIZE);
	else
		randombytes_buf(key, CT_FORM_KEY_SIZE);
}

void ct_form_token(const unsigned char key[CT_FORM_KEY_SIZE],
		   const char *binding, char out[CT_FORM_TOKEN_SIZE])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)binding,
			   strlen(binding), key, CT_FORM_KEY_SIZE);
	sodium_bin2hex(out, CT_FORM_TOKEN_SIZE, h, sizeof(h));
}

int ct_form_token_ok(const unsigned char key[CT_FORM_KEY_SIZE],
		     const char *binding, const char *token)
{
	char want[CT_FORM_TOKEN_SIZE];

	if (!binding || !token || strlen(token) != CT_FORM_TOKEN_SIZE - 1)
		return 0;
	ct_form_token(key, binding, want);
	return sodium_memcmp(want, token, CT_FORM_TOKEN_SIZE - 1) == 0;
}

/* ---- the secret feed URL -------------------------------------------------------- */

int ct_feed_key_new(struct ct_index *idx, int64_t user,
		    char secret[CT_FEED_KEY_SIZE], struct ct_error *err)
{
	char hash[HASH_HEX];
	struct store_row *r;
	int rc = crypto_ready(err);

	if (rc)
		return rc;
	secret_new(secret, CT_FEED_KEY_SIZE, FEED_PREFIX);
	token_hash(secret, hash);
	r = store_sql(idx->st, SQL_FK_PUT);
	store_bind_int(r, 1, user);
	store_bind_text(r, 2, hash);
	store_bind_int(r, 3, (int64_t)time(NULL));
	return store_exec(r) ? db_fail(idx, err, "feed") : 0;
}

int ct_feed_key_revoke(struct ct_index *idx, int64_t user,
		       struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, SQL_FK_DELETE);

	store_bind_int(r, 1, user);
	if (store_exec(r))
		return db_fail(idx, err, "feed");
	return store_changes(idx->st) ? 0 : err_set(err, CT_ENOTFOUND,
		"feed: you have no feed URL");
}

int ct_feed_key_user(struct ct_index *idx, const char *secret,
		     struct ct_user *u, struct ct_error *err)
{
	char hash[HASH_HEX];
	struct store_row *r;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!secret || strncmp(secret, FEED_PREFIX, sizeof(FEED_PREFIX) - 1) ||
	    strlen(secret) >= CT_FEED_KEY_SIZE || crypto_ready(err))
		return err_set(err, CT_EAUTH, "feed: not a citectx feed URL");
	token_hash(secret, hash);
	r = store_sql(idx->st, SQL_FK_USER);
	store_bind_text(r, 1, hash);
	rc = store_step(r);
	if (rc == 1) {
		u->id = store_int(r, 0);
		snprintf(u->name, sizeof(u->name), "%s", store_text(r, 1));
	}
	store_done(r);
	if (rc < 0)
		return db_fail(idx, err, "feed");
	return rc ? 0 : err_set(err, CT_EAUTH, "feed: unknown or revoked URL");
}

int64_t ct_feed_key_created(struct ct_index *idx, int64_t user)
{
	struct store_row *r = store_sql(idx->st, SQL_FK_CREATED);
	int64_t t = 0;

	store_bind_int(r, 1, user);
	if (store_step(r) == 1)
		t = store_int(r, 0);
	store_done(r);
	return t;
}

/* ---- what a user did: ratings and flags ------------------------------------------- */

/* "id" and "title" of the work whose brief starts at column c0. */
static void json_work(struct jw *w, struct store_row *r, int c0)
{
	struct ct_work_brief b;
	char id[400];

	read_brief(r, c0, &b);
	work_id_string(&b, id, sizeof(id));
	jw_kstr(w, "id", b.id ? id : NULL);
	jw_kstr(w, "title", b.title);
}

/* {"data": [...]} of the rows of sql for user, each written by row. */
static int user_list(struct ct_index *idx, int sql, int64_t user,
		     void (*row)(struct jw *, struct store_row *),
		     struct ct_buf *out, struct ct_error *err)
{
	struct store_row *r = store_sql(idx->st, sql);
	struct jw w;
	int rc;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	store_bind_int(r, 1, user);
	store_bind_int(r, 2, USER_LIST_MAX);
	while ((rc = store_step(r)) == 1) {
		jw_obj(&w);
		json_work(&w, r, 0);
		row(&w, r);
		jw_obj_end(&w);
	}
	store_done(r);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return rc < 0 ? db_fail(idx, err, "list") : 0;
}

static void rating_row(struct jw *w, struct store_row *r)
{
	for (int i = 0; i < CT_RATE_COUNT; i++) {
		jw_key(w, aspects[i]);
		if (store_is_null(r, 6 + i))
			jw_null(w);
		else
			jw_int(w, store_int(r, 6 + i));
	}
	jw_kint(w, "updated", store_int(r, 10));
}

static void flag_row(struct jw *w, struct store_row *r)
{
	jw_kint(w, "flag", store_int(r, 6));
	jw_kint(w, "statement", store_int(r, 7));
	jw_kstr(w, "label", ct_type_name((int)store_int(r, 8)));
	jw_kstr(w, "comment", store_text(r, 9));
	jw_kint(w, "created", store_int(r, 10));
}

int ct_user_ratings_json(struct ct_index *idx, int64_t user,
			 struct ct_buf *out, struct ct_error *err)
{
	return user_list(idx, SQL_RT_OF_USER, user, rating_row, out, err);
}

int ct_user_flags_json(struct ct_index *idx, int64_t user,
		       struct ct_buf *out, struct ct_error *err)
{
	return user_list(idx, SQL_FL_OF_USER, user, flag_row, out, err);
}
