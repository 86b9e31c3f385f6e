/*
 * citectx_users.h — user data (part of the public API; citectx.h
 * includes it): accounts, API and form tokens, ratings, flags, follows,
 * the secret feed, and the user records as structs that JSON, the pages
 * and the Atom feed are rendered from.
 */
#ifndef CITECTX_USERS_H
#define CITECTX_USERS_H

#include "citectx.h"

/* ---- users: accounts, API tokens, ratings, flags, follows ------------- */
/* Every call that changes user data takes the acting user's id and only
 * ever touches rows of that user: no call can change or read another
 * user's ratings, flags, follows or tokens (other users' ratings are only
 * seen as averages, flags as public annotations of a statement).
 * Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str),
 * tokens only as a hash of the token. */
#define CT_USERNAME_MAX 40
#define CT_PASSWORD_MIN 8
#define CT_PASSWORD_MAX 256
#define CT_TOKEN_SIZE   72 /* "ctx_" + 64 hex digits + NUL, rounded up */
/* Login rate limit: this many failures for one name from one client
 * (an IP), or 4x from one client over any names, within CT_LOGIN_WINDOW
 * seconds refuse that client's further attempts with CT_ERATE.  Other
 * clients are never limited by them: failures sent by someone else cannot
 * lock a user out (issue 19). */
#define CT_LOGIN_FAILURES_MAX 5
#define CT_LOGIN_WINDOW       900
/* Sign-ups: at most this many accounts per client per CT_SIGNUP_WINDOW
 * seconds (CT_ERATE beyond); a flood of accounts from one address would
 * otherwise make rating averages (CT_RATINGS_SHOWN) appear at will. */
#define CT_SIGNUPS_MAX   10
#define CT_SIGNUP_WINDOW 3600
/* Tokens expire CT_TOKEN_TTL seconds after creation unless made with a
 * shorter life; a user holds at most CT_TOKENS_MAX (sessions included):
 * making one more revokes the oldest. */
#define CT_TOKEN_TTL  (90 * 24 * 3600)
#define CT_TOKENS_MAX 20
/* An Argon2id hash string (crypto_pwhash_STRBYTES, checked in users.c). */
#define CT_PWHASH_SIZE 128
/* Form tokens (CSRF): a server key and the tokens made with it. */
#define CT_FORM_KEY_SIZE   32
#define CT_FORM_TOKEN_SIZE 65 /* 64 hex digits + NUL */

struct ct_user {
	int64_t id;
	char name[CT_USERNAME_MAX + 1];
};

/* A new account (name: 1-40 of [A-Za-z0-9._-]; password 8-256 bytes).
 * CT_EUSAGE for a bad name or password, CT_EEXIST when the name is taken
 * (names compare case-insensitively). */
int ct_user_create(struct ct_index *idx, const char *name, const char *password,
                   struct ct_user *u, struct ct_error *err);
/* Checks name and password and issues a new token (label: what it is
 * for, e.g. "web session").  client names the caller (an IP) for the rate
 * limit.  CT_EAUTH on a wrong name or password, CT_ERATE when limited. */
int ct_login(struct ct_index *idx, const char *name, const char *password,
             const char *client, const char *label, struct ct_user *u,
             char token[CT_TOKEN_SIZE], struct ct_error *err);
/* A new token for user; its secret is only ever returned here. */
int ct_token_create(struct ct_index *idx, int64_t user, const char *label,
                    char token[CT_TOKEN_SIZE], int64_t *token_id,
                    struct ct_error *err);
/* The user a token belongs to; CT_EAUTH when unknown or revoked. */
int ct_token_user(struct ct_index *idx, const char *token, struct ct_user *u,
                  struct ct_error *err);
/* Revokes token_id if it is user's (CT_ENOTFOUND otherwise), or, with
 * token_id 0, the token whose secret is given. */
int ct_token_revoke(struct ct_index *idx, int64_t user, int64_t token_id,
                    const char *secret, struct ct_error *err);
/* {"data": [{"id", "label", "created", "expires"}]}: the user's own
 * live tokens, never their secrets. */
int ct_tokens_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                   struct ct_error *err);

/* The same steps split so that a server hashes and verifies passwords
 * (about 0.1 s of Argon2id each) outside its one writer's lock, and only
 * the short writes run under it:
 *   sign-up: ct_signup_check (read) -> ct_password_hash (no index) ->
 *            ct_user_insert (write);
 *   login:   ct_login_check (read; verifies) -> ct_login_record (write)
 *            -> ct_token_issue (write). */

/* CT_EUSAGE with a message for a bad name or a refused password (too
 * short or long, or one of the most common passwords), CT_EEXIST when the
 * name is taken, CT_ERATE when client made CT_SIGNUPS_MAX accounts within
 * CT_SIGNUP_WINDOW (*retry_after: seconds until it may again; may be
 * NULL). */
int ct_signup_check(struct ct_index *idx, const char *name,
                    const char *password, const char *client,
                    int64_t *retry_after, struct ct_error *err);
/* The Argon2id hash string of password into hash. */
int ct_password_hash(const char *password, char hash[CT_PWHASH_SIZE],
                     struct ct_error *err);
/* Inserts the account (hash from ct_password_hash) and counts the sign-up
 * against client; CT_EEXIST when the name was taken meanwhile. */
int ct_user_insert(struct ct_index *idx, const char *name, const char *hash,
                   const char *client, struct ct_user *u, struct ct_error *err);
/* Verifies name and password for client: 0 and u filled when right,
 * CT_EAUTH when wrong, CT_ERATE when client is limited for that name or
 * overall (nothing verified then).  Only reads the index. */
int ct_login_check(struct ct_index *idx, const char *name, const char *password,
                   const char *client, struct ct_user *u, struct ct_error *err);
/* Records the outcome of ct_login_check (ok: 1 when right) for the limit;
 * a success clears that client's failures for that name. */
int ct_login_record(struct ct_index *idx, const char *name, const char *client,
                    int ok, struct ct_error *err);
/* A new token living ttl seconds (0 or over CT_TOKEN_TTL: CT_TOKEN_TTL);
 * revokes the user's expired tokens and, past CT_TOKENS_MAX, the oldest.
 * *expires (may be NULL) gets its expiry (Unix time). */
int ct_token_issue(struct ct_index *idx, int64_t user, const char *label,
                   int64_t ttl, char token[CT_TOKEN_SIZE], int64_t *token_id,
                   int64_t *expires, struct ct_error *err);

/* ---- form tokens (CSRF) -------------------------------------------------
 * A form token is a keyed BLAKE2b hash, under a key the server draws at
 * start, of what the form is bound to (the session token, or a
 * pre-session id for the sign-in forms).  Nothing is stored: a token is
 * checked by making it again and comparing in constant time. */
void ct_form_key_new(unsigned char key[CT_FORM_KEY_SIZE]);
/* n random bytes as 2n hex digits + NUL into out (cap >= 2n + 1). */
void ct_random_hex(char *out, size_t cap, size_t n);
void ct_form_token(const unsigned char key[CT_FORM_KEY_SIZE],
                   const char *binding, char out[CT_FORM_TOKEN_SIZE]);
/* 1 when token is the form token of binding. */
int ct_form_token_ok(const unsigned char key[CT_FORM_KEY_SIZE],
                     const char *binding, const char *token);

/* ---- the secret feed URL ------------------------------------------------
 * A user's feed can be read without signing in through a secret URL
 * (feed readers send no cookies or headers): the secret is shown once
 * when made, the index keeps only its hash; making a new one or revoking
 * stops the old URL. */
#define CT_FEED_KEY_SIZE 72 /* "ctf_" + 64 hex digits + NUL, rounded up */
/* A new feed secret for user (replacing any earlier one). */
int ct_feed_key_new(struct ct_index *idx, int64_t user,
                    char secret[CT_FEED_KEY_SIZE], struct ct_error *err);
int ct_feed_key_revoke(struct ct_index *idx, int64_t user,
                       struct ct_error *err);
/* The user whose feed secret this is; CT_EAUTH when unknown or revoked. */
int ct_feed_key_user(struct ct_index *idx, const char *secret,
                     struct ct_user *u, struct ct_error *err);
/* When user's feed secret was made (Unix time), 0 when there is none. */
int64_t ct_feed_key_created(struct ct_index *idx, int64_t user);
/* {"data": [{"id", "title", "overall", "novelty", "significance",
 * "rigour", "updated"}]}: the works user rated, newest first. */
int ct_user_ratings_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                         struct ct_error *err);
/* {"data": [{"id", "title", "flag", "statement", "label", "comment",
 * "created"}]}: user's flags, newest first (id, title: the cited work;
 * id null when the reference is not linked). */
int ct_user_flags_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                       struct ct_error *err);

enum ct_rating_aspect {
	CT_RATE_OVERALL,
	CT_RATE_NOVELTY,
	CT_RATE_SIGNIFICANCE,
	CT_RATE_RIGOUR,
	CT_RATE_COUNT
};
#define CT_RATINGS_SHOWN 3 /* averages appear once this many users rated */
const char *ct_rating_aspect_name(int aspect);
/* Sets user's rating of work: each score 1..5, or 0 = not given (overall
 * must be given).  Replaces the user's previous rating of that work. */
int ct_rate(struct ct_index *idx, int64_t user, int64_t work,
            const int scores[CT_RATE_COUNT], struct ct_error *err);
int ct_rating_delete(struct ct_index *idx, int64_t user, int64_t work,
                     struct ct_error *err);
/* {"count": N, "average": {"overall": 4.2, ...} or null while N < 3,
 *  "mine": {...} or null}; user 0 = nobody signed in. */
int ct_ratings_json(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_buf *out, struct ct_error *err);

/* Flags a statement's classification as wrong: label is the type the user
 * thinks right (enum ct_type).  One flag per user and statement; a new
 * one replaces it.  CT_ENOTFOUND for an unknown statement. */
int ct_flag(struct ct_index *idx, int64_t user, int64_t statement, int label,
            const char *comment, int64_t *flag_id, struct ct_error *err);
/* Deletes flag_id if it is user's; CT_ENOTFOUND otherwise. */
int ct_flag_delete(struct ct_index *idx, int64_t user, int64_t flag_id,
                   struct ct_error *err);
/* {"data": [{"id", "statement", "user", "label", "comment", "created"}]}
 * for one statement (statement > 0) or for the statements about work. */
int ct_flags_json(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_buf *out, struct ct_error *err);

/* Follows work: new statements about it appear in the user's feed.
 * Following twice is no error. */
int ct_follow(struct ct_index *idx, int64_t user, int64_t work,
              struct ct_error *err);
int ct_unfollow(struct ct_index *idx, int64_t user, int64_t work,
                struct ct_error *err);
/* {"data": [{"id", "title", "since"}]}, or with work > 0 whether the user
 * follows it: {"following": true}. */
int ct_follows_json(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_buf *out, struct ct_error *err);
/* An Atom feed of the statements indexed about the user's followed works
 * since they followed them, newest first; links start with base_url. */
int ct_feed_atom(struct ct_index *idx, const struct ct_user *u,
                 const char *base_url, struct ct_buf *out,
                 struct ct_error *err);

/* ---- user records as structs ---------------------------------------------
 * What the *_json calls above write, as structs: the HTML pages render
 * from the same struct the JSON is written from.  A list and its strings
 * live until its release (release accepts a zeroed or released list); a
 * load that fails leaves a released list.  Their strings are valid UTF-8
 * (an invalid byte read as U+FFFD, as the JSON holds it), the feed's
 * excepted.  The *_to_json calls write the JSON documents described
 * above and return 0, or the buffer's error. */

struct ct_token_item {
	int64_t id;
	const char *label;
	int64_t created, expires; /* Unix time */
};
struct ct_tokens {
	struct ct_token_item *items; /* oldest first */
	size_t n;
	void *arena;
};
/* user's live tokens, never their secrets. */
int ct_tokens_load(struct ct_index *idx, int64_t user, struct ct_tokens *out,
                   struct ct_error *err);
void ct_tokens_release(struct ct_tokens *t);
int ct_tokens_to_json(const struct ct_tokens *t, struct ct_buf *out);

/* A work's ratings: no memory to release. */
struct ct_ratings {
	int64_t count; /* users who rated the work */
	/* count >= CT_RATINGS_SHOWN; then each aspect's average to 4
	 * significant digits, as the JSON has it (0: nobody gave it) */
	int has_average;
	double average[CT_RATE_COUNT];
	int has_mine; /* the user rated the work: mine holds 1..5, 0 = none */
	int mine[CT_RATE_COUNT];
};
/* user 0 = nobody signed in (has_mine 0). */
int ct_ratings_load(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_ratings *out, struct ct_error *err);
int ct_ratings_to_json(const struct ct_ratings *r, struct ct_buf *out);

/* One work a user rated (ct_user_ratings_json). */
struct ct_rating_item {
	struct ct_work_brief work;
	int scores[CT_RATE_COUNT]; /* 1..5, 0 = not given */
	int64_t updated;
};
struct ct_user_ratings {
	struct ct_rating_item *items; /* newest first */
	size_t n;
	void *arena;
};
int ct_user_ratings_load(struct ct_index *idx, int64_t user,
                         struct ct_user_ratings *out, struct ct_error *err);
void ct_user_ratings_release(struct ct_user_ratings *r);
int ct_user_ratings_to_json(const struct ct_user_ratings *r,
                            struct ct_buf *out);

/* One flag.  In the flags of a statement or work (ct_flags_load) user
 * names who flagged; in a user's flags (ct_user_flags_load) work is the
 * statement's cited work (id 0 when the reference is not linked). */
struct ct_flag_item {
	int64_t id, statement;
	int label;           /* enum ct_type */
	const char *comment; /* NULL when none */
	int64_t created;
	const char *user;
	struct ct_work_brief work;
};
struct ct_flags {
	struct ct_flag_item *items;
	size_t n;
	void *arena;
};
/* The flags of statement (> 0) or of the statements about work, by
 * statement. */
int ct_flags_load(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_flags *out, struct ct_error *err);
/* user's flags, newest first. */
int ct_user_flags_load(struct ct_index *idx, int64_t user, struct ct_flags *out,
                       struct ct_error *err);
void ct_flags_release(struct ct_flags *f);
/* The document of ct_flags_json, of ct_user_flags_json. */
int ct_flags_to_json(const struct ct_flags *f, struct ct_buf *out);
int ct_user_flags_to_json(const struct ct_flags *f, struct ct_buf *out);

struct ct_follow_item {
	struct ct_work_brief work;
	int64_t since; /* when the user followed it (Unix time) */
};
struct ct_follows {
	struct ct_follow_item *items; /* oldest first */
	size_t n;
	int64_t work; /* as loaded: > 0, items holds that work if followed */
	void *arena;
};
/* The works user follows, or with work > 0 whether they follow it. */
int ct_follows_load(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_follows *out, struct ct_error *err);
void ct_follows_release(struct ct_follows *f);
/* {"data": [...]}, or {"following": ...} when loaded for one work. */
int ct_follows_to_json(const struct ct_follows *f, struct ct_buf *out);

/* One statement of a user's feed. */
struct ct_feed_entry {
	int64_t statement;
	int type, section_class;
	double confidence;
	const char *text;             /* the statement's context */
	int64_t sent_start, sent_end; /* the citing sentence in text */
	struct ct_work_brief citing, cited;
};
struct ct_feed {
	struct ct_feed_entry *items; /* newest first */
	size_t n;
	void *arena;
};
int ct_feed_load(struct ct_index *idx, int64_t user, struct ct_feed *out,
                 struct ct_error *err);
void ct_feed_release(struct ct_feed *f);
/* The Atom document of ct_feed_atom, for u. */
int ct_feed_to_atom(const struct ct_feed *f, const struct ct_user *u,
                    const char *base_url, struct ct_buf *out);

#endif
