/*
 * store_users.h — the store layer's verbs for user data: accounts, the
 * sign-up and login limits, tokens, feed secrets, ratings, flags and
 * follows (users.c is their one caller).
 *
 * Every verb returns 0 or a negative CT_E* code with a message in err;
 * a database failure is CT_EBUSY when another writer held the lock past
 * the wait, else CT_EDB.  A lookup or delete that finds no row returns
 * CT_ENOTFOUND with a plain message the caller may replace.  Rows reach
 * the caller as the public structs of citectx.h ("user records"): a list
 * verb calls fn once per row, the row's strings valid only during that
 * call; a non-zero return of fn stops the list and is returned.
 */
#ifndef CT_STORE_USERS_H
#define CT_STORE_USERS_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct store;

/* ---- accounts and their limits ----------------------------------------- */

/* A new account; CT_EEXIST ("NAME: name taken") when the name is taken
 * (names compare case-insensitively). */
int store_users_insert(struct store *st, const char *name, const char *hash,
                       int64_t created, int64_t *id, struct ct_error *err);
/* The account named name into u and its password hash into hash[cap]. */
int store_users_find(struct store *st, const char *name, struct ct_user *u,
                     char *hash, size_t cap, struct ct_error *err);
/* Accounts client made after since: how many, and when the first was. */
int store_users_signups(struct store *st, const char *client, int64_t since,
                        int64_t *count, int64_t *first, struct ct_error *err);
/* Counts a sign-up of client at at, after forgetting those before
 * prune_before (a failure to forget is no error). */
int store_users_signup_add(struct store *st, const char *client, int64_t at,
                           int64_t prune_before, struct ct_error *err);
/* Failed logins after since: for name from client, and from client. */
int store_users_failures(struct store *st, const char *name, const char *client,
                         int64_t since, int64_t *of_name, int64_t *of_client,
                         struct ct_error *err);
int store_users_failure_add(struct store *st, const char *name,
                            const char *client, int64_t at,
                            struct ct_error *err);
/* Forgets client's failures for name, and everyone's before before. */
int store_users_failures_clear(struct store *st, const char *name,
                               const char *client, int64_t before,
                               struct ct_error *err);

/* ---- tokens and the feed secret (kept as hashes) ------------------------ */

int store_users_token_insert(struct store *st, int64_t user, const char *hash,
                             const char *label, int64_t created,
                             int64_t expires, int64_t *id,
                             struct ct_error *err);
/* Deletes user's tokens expired at now and all but the newest keep. */
int store_users_token_trim(struct store *st, int64_t user, int64_t now,
                           int keep, struct ct_error *err);
/* The user of the live token whose hash this is. */
int store_users_token_user(struct store *st, const char *hash, int64_t now,
                           struct ct_user *u, struct ct_error *err);
/* Deletes user's token id, or the one whose hash this is. */
int store_users_token_delete(struct store *st, int64_t user, int64_t id,
                             const char *hash, struct ct_error *err);
/* user's tokens live at now, oldest first. */
int store_users_tokens(struct store *st, int64_t user, int64_t now,
                       int (*fn)(void *arg, const struct ct_token_item *row),
                       void *arg, struct ct_error *err);
/* Sets user's feed secret (replacing any). */
int store_users_feed_key_put(struct store *st, int64_t user, const char *hash,
                             int64_t created, struct ct_error *err);
int store_users_feed_key_delete(struct store *st, int64_t user,
                                struct ct_error *err);
int store_users_feed_key_user(struct store *st, const char *hash,
                              struct ct_user *u, struct ct_error *err);
/* When user's feed secret was made; *created 0 when there is none. */
int store_users_feed_key_created(struct store *st, int64_t user,
                                 int64_t *created, struct ct_error *err);

/* ---- ratings, flags, follows -------------------------------------------- */

/* scores: CT_RATE_COUNT, 0 = not given (stored as NULL). */
int store_users_rate(struct store *st, int64_t user, int64_t work,
                     const int *scores, int64_t updated, struct ct_error *err);
int store_users_rating_delete(struct store *st, int64_t user, int64_t work,
                              struct ct_error *err);
/* work's count and averages, and user's own scores (user 0: none). */
int store_users_ratings_of_work(struct store *st, int64_t work, int64_t user,
                                struct ct_ratings *out, struct ct_error *err);
/* The works user rated, newest first, at most max. */
int store_users_ratings_of_user(struct store *st, int64_t user, int max,
                                int (*fn)(void *arg,
                                          const struct ct_rating_item *row),
                                void *arg, struct ct_error *err);
/* Sets user's flag of statement (CT_ENOTFOUND: no such statement). */
int store_users_flag_put(struct store *st, int64_t user, int64_t statement,
                         int label, const char *comment, int64_t created,
                         int64_t *id, struct ct_error *err);
int store_users_flag_delete(struct store *st, int64_t user, int64_t id,
                            struct ct_error *err);
/* The flags of statement, or of the statements about work, by statement;
 * rows carry the flagger's name (work.id 0). */
int store_users_flags(struct store *st, int64_t statement, int64_t work,
                      int (*fn)(void *arg, const struct ct_flag_item *row),
                      void *arg, struct ct_error *err);
/* user's flags, newest first, at most max; rows carry the cited work
 * (id 0 when the reference is not linked; user NULL). */
int store_users_flags_of_user(struct store *st, int64_t user, int max,
                              int (*fn)(void *arg,
                                        const struct ct_flag_item *row),
                              void *arg, struct ct_error *err);
int store_users_follow(struct store *st, int64_t user, int64_t work,
                       int64_t created, struct ct_error *err);
int store_users_unfollow(struct store *st, int64_t user, int64_t work,
                         struct ct_error *err);
/* The works user follows (work > 0: that one only), oldest first. */
int store_users_follows(struct store *st, int64_t user, int64_t work,
                        int (*fn)(void *arg, const struct ct_follow_item *row),
                        void *arg, struct ct_error *err);
/* The statements about user's follows indexed since, newest first. */
int store_users_feed(struct store *st, int64_t user, int max,
                     int (*fn)(void *arg, const struct ct_feed_entry *row),
                     void *arg, struct ct_error *err);

#endif
