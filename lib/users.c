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

#include "err.h"
#include "index.h"
#include "store_users.h"

#define TOKEN_PREFIX "ctx_"
#define TOKEN_BYTES  32
#define HASH_HEX     (crypto_generichash_BYTES * 2 + 1)
#define COMMENT_MAX  2000
#define FEED_PREFIX  "ctf_"

static const char *const aspects[CT_RATE_COUNT] = {"overall", "novelty",
                                                   "significance", "rigour"};

const char *ct_rating_aspect_name(int a)
{
	return a >= 0 && a < CT_RATE_COUNT ? aspects[a] : NULL;
}

static int crypto_ready(struct ct_error *err)
{
	return sodium_init() < 0 ? err_set(err, CT_ENOMEM,
	                                   "libsodium: cannot "
	                                   "initialise")
	                         : 0;
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
	int rc = crypto_ready(err);

	if (rc)
		return rc;
	if (ttl <= 0 || ttl > CT_TOKEN_TTL)
		ttl = CT_TOKEN_TTL;
	secret_new(token, CT_TOKEN_SIZE, TOKEN_PREFIX);
	token_hash(token, hash);
	/* the cap: the oldest go, the new one always stays */
	if ((rc = store_users_token_insert(idx->st, user, hash,
	                                   label && *label ? label : "token",
	                                   now, now + ttl, &id, err)) ||
	    (rc = store_users_token_trim(idx->st, user, now, CT_TOKENS_MAX,
	                                 err)))
		return rc;
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
	int rc;

	memset(u, 0, sizeof(*u));
	if (!token || strncmp(token, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1) ||
	    strlen(token) >= CT_TOKEN_SIZE)
		return err_set(err, CT_EAUTH, "token: not a citectx token");
	token_hash(token, hash);
	rc = store_users_token_user(idx->st, hash, (int64_t)time(NULL), u, err);
	return rc == CT_ENOTFOUND ? err_set(err, CT_EAUTH,
	                                    "token: unknown, "
	                                    "expired or revoked")
	                          : rc;
}

int ct_token_revoke(struct ct_index *idx, int64_t user, int64_t token_id,
                    const char *secret, struct ct_error *err)
{
	char hash[HASH_HEX] = "";
	int rc;

	if (secret)
		token_hash(secret, hash);
	rc = store_users_token_delete(idx->st, user, token_id, hash, err);
	return rc == CT_ENOTFOUND ? err_set(err, rc,
	                                    "token %" PRId64 ": no "
	                                    "such token of yours",
	                                    token_id)
	                          : rc;
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
    "12345678",   "123456789",  "1234567890",  "12345678910",   "87654321",
    "11111111",   "00000000",   "88888888",    "12341234",      "11223344",
    "123123123",  "1q2w3e4r",   "1q2w3e4r5t",  "1qaz2wsx",      "zaq12wsx",
    "qwertyui",   "qwertyuiop", "qwerty123",   "qwerty12",      "qwerty1234",
    "asdfghjk",   "asdfghjkl",  "zxcvbnm1",    "zxcvbnmm",      "password",
    "password1",  "password12", "password123", "passw0rd",      "p@ssw0rd",
    "p@ssword",   "pa55word",   "iloveyou",    "iloveyou1",     "sunshine",
    "princess",   "football",   "baseball",    "basketball",    "superman",
    "batman123",  "starwars",   "trustno1",    "whatever",      "welcome1",
    "welcome123", "letmein1",   "letmein123",  "abc12345",      "abcd1234",
    "abcdefgh",   "abc123456",  "admin123",    "administrator", "changeme",
    "computer",   "internet",   "michelle",    "jennifer",      "jordan23",
    "charlie1",   "master123",  "monkey123",   "dragon123",     "shadow123",
    "mustang1",   "liverpool",  "chelsea1",    "arsenal1",      "manchester",
    "qazwsxedc",  "q1w2e3r4",   "q1w2e3r4t5",  "a1b2c3d4",      "aa123456",
    "secret123",  "security",   "samsung1",    "sunshine1",     "princess1",
    "football1",  "baseball1",  "freedom1",    "lovely123",     "loveyou1",
    "hello123",   "helloworld", "default1",    "test1234",      "testtest",
    "guest123",   "zaq1zaq1",   "999999999",   "987654321",     "123qweasd",
    "qweasdzxc",  "1234qwer",   "qwer1234",    "asdf1234",      "password!",
};

/* CT_EUSAGE and why when password may not be used (sign-up only: an
 * existing account still signs in). */
static int password_refused(const char *pw, struct ct_error *err)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < CT_PASSWORD_MIN || n > CT_PASSWORD_MAX)
		return err_set(err, CT_EUSAGE, "password: %d to %d characters",
		               CT_PASSWORD_MIN, CT_PASSWORD_MAX);
	for (size_t i = 0;
	     i < sizeof(common_passwords) / sizeof(common_passwords[0]); i++)
		if (!strcasecmp(pw, common_passwords[i]))
			return err_set(
			    err, CT_EUSAGE,
			    "password: one of the most "
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
	struct ct_user u;
	char hash[CT_PWHASH_SIZE];

	return !store_users_find(idx->st, name, &u, hash, sizeof(hash), NULL);
}

/* CT_ERATE when client made CT_SIGNUPS_MAX accounts within the window;
 * *retry: seconds until the oldest of them leaves it. */
static int signups_limited(struct ct_index *idx, const char *client,
                           int64_t now, int64_t *retry)
{
	int64_t n, first;

	/* a failure to count limits no one */
	if (store_users_signups(idx->st, client ? client : "",
	                        now - CT_SIGNUP_WINDOW, &n, &first, NULL) ||
	    n < CT_SIGNUPS_MAX)
		return 0;
	*retry = first + CT_SIGNUP_WINDOW - now;
	if (*retry < 1)
		*retry = 1;
	return CT_ERATE;
}

int ct_signup_check(struct ct_index *idx, const char *name,
                    const char *password, const char *client,
                    int64_t *retry_after, struct ct_error *err)
{
	int64_t retry = 0;
	int rc;

	if (!name_ok(name))
		return err_set(err, CT_EUSAGE,
		               "username: 1 to %d letters, digits, "
		               "'.', '_' or '-'",
		               CT_USERNAME_MAX);
	if ((rc = password_refused(password, err)))
		return rc;
	if (signups_limited(idx, client, (int64_t)time(NULL), &retry)) {
		if (retry_after)
			*retry_after = retry;
		return err_set(err, CT_ERATE,
		               "sign-up: at most %d accounts per "
		               "address per hour; try again in %" PRId64
		               " minutes",
		               CT_SIGNUPS_MAX, (retry + 59) / 60);
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
		return err_set(err, CT_ENOMEM,
		               "password: out of memory hashing");
	return 0;
}

int ct_user_insert(struct ct_index *idx, const char *name, const char *hash,
                   const char *client, struct ct_user *u, struct ct_error *err)
{
	int64_t now = (int64_t)time(NULL);
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = store_users_insert(idx->st, name, hash, now, &u->id, err)))
		return rc;
	snprintf(u->name, sizeof(u->name), "%s", name);
	return store_users_signup_add(idx->st, client ? client : "", now,
	                              now - CT_SIGNUP_WINDOW, err);
}

int ct_user_create(struct ct_index *idx, const char *name, const char *password,
                   struct ct_user *u, struct ct_error *err)
{
	char hash[CT_PWHASH_SIZE];
	int rc;

	_Static_assert(CT_PWHASH_SIZE >= crypto_pwhash_STRBYTES,
	               "CT_PWHASH_SIZE holds a libsodium hash string");
	memset(u, 0, sizeof(*u));
	if (!name_ok(name))
		return err_set(err, CT_EUSAGE,
		               "username: 1 to %d letters, digits, "
		               "'.', '_' or '-'",
		               CT_USERNAME_MAX);
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
	int64_t of_name, of_client;

	/* a failure to count limits no one */
	if (store_users_failures(idx->st, name, client ? client : "",
	                         now - CT_LOGIN_WINDOW, &of_name, &of_client,
	                         NULL))
		return 0;
	return of_name >= CT_LOGIN_FAILURES_MAX ||
	               of_client >= 4 * CT_LOGIN_FAILURES_MAX
	           ? CT_ERATE
	           : 0;
}

int ct_login_record(struct ct_index *idx, const char *name, const char *client,
                    int ok, struct ct_error *err)
{
	int64_t now = (int64_t)time(NULL);

	if (!client)
		client = "";
	return ok ? store_users_failures_clear(idx->st, name, client,
	                                       now - CT_LOGIN_WINDOW, err)
	          : store_users_failure_add(idx->st, name, client, now, err);
}

/* Verifies name/password; an unknown name costs one hash too, so timing
 * does not tell which names exist. */
static int check_password(struct ct_index *idx, const char *name,
                          const char *password, struct ct_user *u)
{
	char hash[crypto_pwhash_STRBYTES] = "";

	if (store_users_find(idx->st, name, u, hash, sizeof(hash), NULL)) {
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

int ct_login_check(struct ct_index *idx, const char *name, const char *password,
                   const char *client, struct ct_user *u, struct ct_error *err)
{
	int rc = crypto_ready(err);

	memset(u, 0, sizeof(*u));
	if (rc)
		return rc;
	if (!name_ok(name) || !password_ok(password))
		return err_set(err, CT_EAUTH, "wrong username or password");
	if (login_limited(idx, name, client, (int64_t)time(NULL)))
		return err_set(err, CT_ERATE,
		               "%s: too many failed logins from "
		               "your address; try again in %d minutes",
		               name, CT_LOGIN_WINDOW / 60);
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
	for (int i = 0; i < CT_RATE_COUNT; i++)
		if (scores[i] < (i ? 0 : 1) || scores[i] > 5)
			return err_set(err, CT_EUSAGE,
			               "%s %d: a rating is from 1 "
			               "to 5%s",
			               aspects[i], scores[i],
			               i ? " or none" : "");
	return store_users_rate(idx->st, user, work, scores,
	                        (int64_t)time(NULL), err);
}

int ct_rating_delete(struct ct_index *idx, int64_t user, int64_t work,
                     struct ct_error *err)
{
	int rc = store_users_rating_delete(idx->st, user, work, err);

	return rc == CT_ENOTFOUND ? err_set(err, rc,
	                                    "rating: you have not "
	                                    "rated this work")
	                          : rc;
}

/* ---- flags ----------------------------------------------------------------
 */

int ct_flag(struct ct_index *idx, int64_t user, int64_t statement, int label,
            const char *comment, int64_t *flag_id, struct ct_error *err)
{
	int64_t id = 0;
	int rc;

	if (label < 0 || label >= CT_TYPE_COUNT)
		return err_set(err, CT_EUSAGE,
		               "label: expected supporting, "
		               "contrasting, mentioning or unclassified");
	if (comment && strlen(comment) > COMMENT_MAX)
		return err_set(err, CT_ELIMIT, "comment: at most %d bytes",
		               COMMENT_MAX);
	rc = store_users_flag_put(idx->st, user, statement, label,
	                          comment && *comment ? comment : NULL,
	                          (int64_t)time(NULL), &id, err);
	if (rc == CT_ENOTFOUND)
		return err_set(err, rc,
		               "statement %" PRId64 ": no such "
		               "statement",
		               statement);
	if (!rc && flag_id)
		*flag_id = id;
	return rc;
}

int ct_flag_delete(struct ct_index *idx, int64_t user, int64_t flag_id,
                   struct ct_error *err)
{
	int rc = store_users_flag_delete(idx->st, user, flag_id, err);

	return rc == CT_ENOTFOUND ? err_set(err, rc,
	                                    "flag %" PRId64 ": no "
	                                    "such flag of yours",
	                                    flag_id)
	                          : rc;
}

/* ---- follows and the feed
 * ----------------------------------------------------- */

int ct_follow(struct ct_index *idx, int64_t user, int64_t work,
              struct ct_error *err)
{
	return store_users_follow(idx->st, user, work, (int64_t)time(NULL),
	                          err);
}

int ct_unfollow(struct ct_index *idx, int64_t user, int64_t work,
                struct ct_error *err)
{
	int rc = store_users_unfollow(idx->st, user, work, err);

	return rc == CT_ENOTFOUND ? err_set(err, rc,
	                                    "follow: you do not "
	                                    "follow this work")
	                          : rc;
}

/* ---- form tokens (CSRF)
 * ------------------------------------------------------ */

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

/* ---- the secret feed URL
 * -------------------------------------------------------- */

int ct_feed_key_new(struct ct_index *idx, int64_t user,
                    char secret[CT_FEED_KEY_SIZE], struct ct_error *err)
{
	char hash[HASH_HEX];
	int rc = crypto_ready(err);

	if (rc)
		return rc;
	secret_new(secret, CT_FEED_KEY_SIZE, FEED_PREFIX);
	token_hash(secret, hash);
	return store_users_feed_key_put(idx->st, user, hash,
	                                (int64_t)time(NULL), err);
}

int ct_feed_key_revoke(struct ct_index *idx, int64_t user, struct ct_error *err)
{
	int rc = store_users_feed_key_delete(idx->st, user, err);

	return rc == CT_ENOTFOUND ? err_set(err, rc,
	                                    "feed: you have no feed "
	                                    "URL")
	                          : rc;
}

int ct_feed_key_user(struct ct_index *idx, const char *secret,
                     struct ct_user *u, struct ct_error *err)
{
	char hash[HASH_HEX];
	int rc;

	memset(u, 0, sizeof(*u));
	if (!secret || strncmp(secret, FEED_PREFIX, sizeof(FEED_PREFIX) - 1) ||
	    strlen(secret) >= CT_FEED_KEY_SIZE || crypto_ready(err))
		return err_set(err, CT_EAUTH, "feed: not a citectx feed URL");
	token_hash(secret, hash);
	rc = store_users_feed_key_user(idx->st, hash, u, err);
	return rc == CT_ENOTFOUND ? err_set(err, CT_EAUTH,
	                                    "feed: unknown or "
	                                    "revoked URL")
	                          : rc;
}

int64_t ct_feed_key_created(struct ct_index *idx, int64_t user)
{
	int64_t t = 0;

	store_users_feed_key_created(idx->st, user, &t, NULL);
	return t;
}
