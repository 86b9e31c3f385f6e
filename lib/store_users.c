/*
 * store_users.c — the verbs of store_users.h: user data in and out of the
 * index.  Columns are read by the enums made from the same X-macros that
 * write each SELECT list (store_cols.h), never by bare numbers.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "store.h"
#include "store_sql.h"
#include "store_cols.h"
#include "store_ops.h"
#include "store_users.h"
#include "store_works.h"

_Static_assert(
    STORE_SU_STATS_RIGOUR - STORE_SU_STATS_OVERALL == CT_RATE_COUNT - 1 &&
        STORE_SU_MINE_RIGOUR - STORE_SU_MINE_OVERALL == CT_RATE_COUNT - 1 &&
        STORE_SU_RATED_RIGOUR - STORE_SU_RATED_OVERALL == CT_RATE_COUNT - 1,
    "the score columns run in aspect order");

/* The error of the statement that failed: "what: SQLite's message". */
static int fail(struct store *st, struct ct_error *err, const char *what)
{
	return err_set(err, store_error_is_busy(st) ? CT_EBUSY : CT_EDB,
	               "%s: %s", what, store_errmsg(st));
}

static int exec(struct store_row *r, struct store *st, struct ct_error *err,
                const char *what)
{
	return store_exec(r) ? fail(st, err, what) : 0;
}

/* A delete's outcome: CT_ENOTFOUND when it changed no row. */
static int deleted(struct store_row *r, struct store *st, struct ct_error *err,
                   const char *what)
{
	if (store_exec(r))
		return fail(st, err, what);
	return store_changes(st) ? 0
	                         : err_set(err, CT_ENOTFOUND,
	                                   "%s: not "
	                                   "found",
	                                   what);
}

static void read_user(struct store_row *r, struct ct_user *u)
{
	u->id = store_int(r, STORE_SU_USER_ID);
	snprintf(u->name, sizeof(u->name), "%s",
	         store_text(r, STORE_SU_USER_NAME));
}

/* The user of the one row of r (SU_USER_COLS), or CT_ENOTFOUND. */
static int one_user(struct store_row *r, struct store *st, struct ct_user *u,
                    struct ct_error *err, const char *what)
{
	int rc = store_step(r);

	if (rc == 1)
		read_user(r, u);
	store_done(r);
	if (rc < 0)
		return fail(st, err, what);
	return rc ? 0 : err_set(err, CT_ENOTFOUND, "%s: not found", what);
}

/* ---- accounts and their limits ----------------------------------------- */

int sqlite_users_insert(struct store *st, const char *name, const char *hash,
                        int64_t created, int64_t *id, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_INSERT);

	store_bind_text(r, 1, name);
	store_bind_text(r, 2, hash);
	store_bind_int(r, 3, created);
	if (store_exec(r))
		return store_error_is_constraint(st)
		           ? err_set(err, CT_EEXIST, "%s: name taken", name)
		           : fail(st, err, "account");
	*id = store_last_id(st);
	return 0;
}

int sqlite_users_find(struct store *st, const char *name, struct ct_user *u,
                      char *hash, size_t cap, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_BY_NAME);
	int rc;

	store_bind_text(r, 1, name);
	rc = store_step(r);
	if (rc == 1) {
		u->id = store_int(r, STORE_SU_ACCOUNT_ID);
		snprintf(u->name, sizeof(u->name), "%s",
		         store_text(r, STORE_SU_ACCOUNT_NAME));
		snprintf(hash, cap, "%s", store_text(r, STORE_SU_ACCOUNT_HASH));
	}
	store_done(r);
	if (rc < 0)
		return fail(st, err, "account");
	return rc ? 0 : err_set(err, CT_ENOTFOUND, "%s: no such account", name);
}

int sqlite_users_signups(struct store *st, const char *client, int64_t since,
                         int64_t *count, int64_t *first, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_SIGNUPS);
	int rc;

	*count = *first = 0;
	store_bind_text(r, 1, client);
	store_bind_int(r, 2, since);
	rc = store_step(r);
	if (rc == 1) {
		*count = store_int(r, STORE_SU_SIGNUPS_COUNT);
		*first = store_int(r, STORE_SU_SIGNUPS_FIRST);
	}
	store_done(r);
	return rc < 0 ? fail(st, err, "sign-up") : 0;
}

int sqlite_users_signup_add(struct store *st, const char *client, int64_t at,
                            int64_t prune_before, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_SIGNUP_PRUNE);

	store_bind_int(r, 1, prune_before);
	store_exec(r); /* forgetting is housekeeping: never fails a sign-up */
	r = store_sql(st, SQL_U_SIGNUP_ADD);
	store_bind_text(r, 1, client);
	store_bind_int(r, 2, at);
	return exec(r, st, err, "account");
}

int sqlite_users_failures(struct store *st, const char *name,
                          const char *client, int64_t since, int64_t *of_name,
                          int64_t *of_client, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_FAILURES);
	int rc;

	*of_name = *of_client = 0;
	store_bind_text(r, 1, name);
	store_bind_text(r, 2, client);
	store_bind_int(r, 3, since);
	rc = store_step(r);
	if (rc == 1) {
		*of_name = store_int(r, STORE_SU_FAILURES_NAME);
		*of_client = store_int(r, STORE_SU_FAILURES_CLIENT);
	}
	store_done(r);
	return rc < 0 ? fail(st, err, "login") : 0;
}

int sqlite_users_failure_add(struct store *st, const char *name,
                             const char *client, int64_t at,
                             struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_FAIL_ADD);

	store_bind_text(r, 1, name);
	store_bind_text(r, 2, client);
	store_bind_int(r, 3, at);
	return exec(r, st, err, "login");
}

int sqlite_users_failures_clear(struct store *st, const char *name,
                                const char *client, int64_t before,
                                struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_U_FAIL_CLEAR);

	store_bind_text(r, 1, name);
	store_bind_int(r, 2, before);
	store_bind_text(r, 3, client);
	return exec(r, st, err, "login");
}

/* ---- tokens and the feed secret ----------------------------------------- */

int sqlite_users_token_insert(struct store *st, int64_t user, const char *hash,
                              const char *label, int64_t created,
                              int64_t expires, int64_t *id,
                              struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_T_INSERT);

	store_bind_int(r, 1, user);
	store_bind_text(r, 2, hash);
	store_bind_text(r, 3, label);
	store_bind_int(r, 4, created);
	store_bind_int(r, 5, expires);
	if (store_exec(r))
		return fail(st, err, "token");
	*id = store_last_id(st);
	return 0;
}

int sqlite_users_token_trim(struct store *st, int64_t user, int64_t now,
                            int keep, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_T_TRIM);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, now);
	store_bind_int(r, 3, keep);
	return exec(r, st, err, "token");
}

int sqlite_users_token_user(struct store *st, const char *hash, int64_t now,
                            struct ct_user *u, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_T_USER);

	store_bind_text(r, 1, hash);
	store_bind_int(r, 2, now);
	return one_user(r, st, u, err, "token");
}

int sqlite_users_token_delete(struct store *st, int64_t user, int64_t id,
                              const char *hash, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_T_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, id);
	store_bind_text(r, 3, hash);
	return deleted(r, st, err, "token");
}

int sqlite_users_tokens(struct store *st, int64_t user, int64_t now,
                        int (*fn)(void *arg, const struct ct_token_item *row),
                        void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_T_LIST);
	int rc, stop = 0;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, now);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_token_item t = {
		    .id = store_int(r, STORE_SU_TOKEN_ID),
		    .label = store_text(r, STORE_SU_TOKEN_LABEL),
		    .created = store_int(r, STORE_SU_TOKEN_CREATED),
		    .expires = store_int(r, STORE_SU_TOKEN_EXPIRES),
		};

		stop = fn(arg, &t);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "tokens") : 0;
}

int sqlite_users_feed_key_put(struct store *st, int64_t user, const char *hash,
                              int64_t created, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FK_PUT);

	store_bind_int(r, 1, user);
	store_bind_text(r, 2, hash);
	store_bind_int(r, 3, created);
	return exec(r, st, err, "feed");
}

int sqlite_users_feed_key_delete(struct store *st, int64_t user,
                                 struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FK_DELETE);

	store_bind_int(r, 1, user);
	return deleted(r, st, err, "feed");
}

int sqlite_users_feed_key_user(struct store *st, const char *hash,
                               struct ct_user *u, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FK_USER);

	store_bind_text(r, 1, hash);
	return one_user(r, st, u, err, "feed");
}

int sqlite_users_feed_key_created(struct store *st, int64_t user,
                                  int64_t *created, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FK_CREATED);
	int rc;

	*created = 0;
	store_bind_int(r, 1, user);
	rc = store_step(r);
	if (rc == 1)
		*created = store_int(r, STORE_VALUE);
	store_done(r);
	return rc < 0 ? fail(st, err, "feed") : 0;
}

/* ---- ratings --------------------------------------------------------------
 */

int sqlite_users_rate(struct store *st, int64_t user, int64_t work,
                      const int *scores, int64_t updated, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RT_UPSERT);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	for (int i = 0; i < CT_RATE_COUNT; i++)
		if (scores[i])
			store_bind_int(r, 3 + i, scores[i]);
	store_bind_int(r, 3 + CT_RATE_COUNT, updated);
	return exec(r, st, err, "rating");
}

int sqlite_users_rating_delete(struct store *st, int64_t user, int64_t work,
                               struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RT_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	return deleted(r, st, err, "rating");
}

static int ratings_mine(struct store *st, int64_t work, int64_t user,
                        struct ct_ratings *out, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RT_MINE);
	int rc;

	store_bind_int(r, 1, work);
	store_bind_int(r, 2, user);
	rc = store_step(r);
	out->has_mine = rc == 1;
	for (int i = 0; rc == 1 && i < CT_RATE_COUNT; i++)
		out->mine[i] = (int)store_int(r, STORE_SU_MINE_OVERALL + i);
	store_done(r);
	return rc < 0 ? fail(st, err, "ratings") : 0;
}

int sqlite_users_ratings_of_work(struct store *st, int64_t work, int64_t user,
                                 struct ct_ratings *out, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RT_STATS);
	int rc;

	memset(out, 0, sizeof(*out));
	store_bind_int(r, 1, work);
	rc = store_step(r);
	if (rc == 1) {
		out->count = store_int(r, STORE_SU_STATS_COUNT);
		out->has_average = out->count >= CT_RATINGS_SHOWN;
	}
	/* avg() of no value is NULL, read as 0: averages are 1..5 */
	for (int i = 0; out->has_average && i < CT_RATE_COUNT; i++)
		out->average[i] = store_double(r, STORE_SU_STATS_OVERALL + i);
	store_done(r);
	if (rc < 0)
		return fail(st, err, "ratings");
	return user ? ratings_mine(st, work, user, out, err) : 0;
}

int sqlite_users_ratings_of_user(struct store *st, int64_t user, int max,
                                 int (*fn)(void *arg,
                                           const struct ct_rating_item *row),
                                 void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RT_OF_USER);
	int rc, stop = 0;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, max);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_rating_item x = {
		    .updated = store_int(r, STORE_SU_RATED_UPDATED)};

		store_work_brief(r, STORE_SU_RATED_W, NULL, &x.work);
		for (int i = 0; i < CT_RATE_COUNT; i++)
			x.scores[i] =
			    (int)store_int(r, STORE_SU_RATED_OVERALL + i);
		stop = fn(arg, &x);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "list") : 0;
}

/* ---- flags ------------------------------------------------------------------
 */

int sqlite_users_flag_put(struct store *st, int64_t user, int64_t statement,
                          int label, const char *comment, int64_t created,
                          int64_t *id, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FL_UPSERT);
	int rc;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, statement);
	store_bind_int(r, 3, label);
	store_bind_text(r, 4, comment);
	store_bind_int(r, 5, created);
	rc = store_step(r);
	if (rc == 1)
		*id = store_int(r, STORE_VALUE);
	store_exec(r); /* finish the statement so that it commits */
	if (rc < 0)
		return fail(st, err, "flag");
	return rc ? 0 : err_set(err, CT_ENOTFOUND, "flag: no such statement");
}

int sqlite_users_flag_delete(struct store *st, int64_t user, int64_t id,
                             struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FL_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, id);
	return deleted(r, st, err, "flag");
}

int sqlite_users_flags(struct store *st, int64_t statement, int64_t work,
                       int (*fn)(void *arg, const struct ct_flag_item *row),
                       void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FL_LIST);
	int rc, stop = 0;

	store_bind_int(r, 1, statement);
	store_bind_int(r, 2, work);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_flag_item f = {
		    .id = store_int(r, STORE_SU_FLAGS_ID),
		    .statement = store_int(r, STORE_SU_FLAGS_STATEMENT),
		    .user = store_text(r, STORE_SU_FLAGS_USER),
		    .label = (int)store_int(r, STORE_SU_FLAGS_LABEL),
		    .comment = store_text(r, STORE_SU_FLAGS_COMMENT),
		    .created = store_int(r, STORE_SU_FLAGS_CREATED),
		};

		stop = fn(arg, &f);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "flags") : 0;
}

int sqlite_users_flags_of_user(struct store *st, int64_t user, int max,
                               int (*fn)(void *arg,
                                         const struct ct_flag_item *row),
                               void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FL_OF_USER);
	int rc, stop = 0;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, max);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_flag_item f = {
		    .id = store_int(r, STORE_SU_MYFLAGS_ID),
		    .statement = store_int(r, STORE_SU_MYFLAGS_STATEMENT),
		    .label = (int)store_int(r, STORE_SU_MYFLAGS_LABEL),
		    .comment = store_text(r, STORE_SU_MYFLAGS_COMMENT),
		    .created = store_int(r, STORE_SU_MYFLAGS_CREATED),
		};

		store_work_brief(r, STORE_SU_MYFLAGS_W, NULL, &f.work);
		stop = fn(arg, &f);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "list") : 0;
}

/* ---- follows and the feed -------------------------------------------------
 */

int sqlite_users_follow(struct store *st, int64_t user, int64_t work,
                        int64_t created, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FO_INSERT);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	store_bind_int(r, 3, created);
	return exec(r, st, err, "follow");
}

int sqlite_users_unfollow(struct store *st, int64_t user, int64_t work,
                          struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FO_DELETE);

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	return deleted(r, st, err, "follow");
}

int sqlite_users_follows(struct store *st, int64_t user, int64_t work,
                         int (*fn)(void *arg, const struct ct_follow_item *row),
                         void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FO_LIST);
	int rc, stop = 0;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, work);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_follow_item f = {
		    .since = store_int(r, STORE_SU_FOLLOWS_SINCE)};

		store_work_brief(r, STORE_SU_FOLLOWS_W, NULL, &f.work);
		stop = fn(arg, &f);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "follows") : 0;
}

int sqlite_users_feed(struct store *st, int64_t user, int max,
                      int (*fn)(void *arg, const struct ct_feed_entry *row),
                      void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_FO_FEED);
	int rc, stop = 0;

	store_bind_int(r, 1, user);
	store_bind_int(r, 2, max);
	while (!stop && (rc = store_step(r)) == 1) {
		struct ct_feed_entry e = {
		    .statement = store_int(r, STORE_SU_FEED_ID),
		    .type = (int)store_int(r, STORE_SU_FEED_TYPE),
		    .section_class = (int)store_int(r, STORE_SU_FEED_SECTION),
		    .confidence = store_double(r, STORE_SU_FEED_CONFIDENCE),
		    .text = store_text(r, STORE_SU_FEED_TEXT),
		    .sent_start = store_int(r, STORE_SU_FEED_SENT_START),
		    .sent_end = store_int(r, STORE_SU_FEED_SENT_END),
		};

		store_work_brief(r, STORE_SU_FEED_CW, NULL, &e.citing);
		store_work_brief(r, STORE_SU_FEED_DW, NULL, &e.cited);
		stop = fn(arg, &e);
	}
	store_done(r);
	if (stop)
		return stop;
	return rc < 0 ? fail(st, err, "feed") : 0;
}
