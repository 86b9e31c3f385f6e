/*
 * store_users_ops.h — the verbs of store_users.h on the backend seam
 * (store_ops.h, issue 18), private to the store layer: one X-macro in
 * the form of STORE_OPS, which includes it, so that the users' verbs
 * dispatch like the others (sqlite_users_* in store_users.c, pg_users_*
 * in store_pg_users.c).
 */
#ifndef CT_STORE_USERS_OPS_H
#define CT_STORE_USERS_OPS_H
#include "store_users.h"

/* clang-format off */
#define STORE_USERS_OPS(X)                                                    \
	X(users_insert, int, (struct store *st, const char *name,             \
	   const char *hash, int64_t created, int64_t *id,                    \
	   struct ct_error *err), (st, name, hash, created, id, err))         \
	X(users_find, int, (struct store *st, const char *name,               \
	   struct ct_user *u, char *hash, size_t cap, struct ct_error *err),  \
	  (st, name, u, hash, cap, err))                                      \
	X(users_signups, int, (struct store *st, const char *client,          \
	   int64_t since, int64_t *count, int64_t *first,                     \
	   struct ct_error *err), (st, client, since, count, first, err))     \
	X(users_signup_add, int, (struct store *st, const char *client,       \
	   int64_t at, int64_t prune_before, struct ct_error *err),           \
	  (st, client, at, prune_before, err))                                \
	X(users_failures, int, (struct store *st, const char *name,           \
	   const char *client, int64_t since, int64_t *of_name,               \
	   int64_t *of_client, struct ct_error *err),                         \
	  (st, name, client, since, of_name, of_client, err))                 \
	X(users_failure_add, int, (struct store *st, const char *name,        \
	   const char *client, int64_t at, struct ct_error *err),             \
	  (st, name, client, at, err))                                        \
	X(users_failures_clear, int, (struct store *st, const char *name,     \
	   const char *client, int64_t before, struct ct_error *err),         \
	  (st, name, client, before, err))                                    \
	X(users_token_insert, int, (struct store *st, int64_t user,           \
	   const char *hash, const char *label, int64_t created,              \
	   int64_t expires, int64_t *id, struct ct_error *err),               \
	  (st, user, hash, label, created, expires, id, err))                 \
	X(users_token_trim, int, (struct store *st, int64_t user,             \
	   int64_t now, int keep, struct ct_error *err),                      \
	  (st, user, now, keep, err))                                         \
	X(users_token_user, int, (struct store *st, const char *hash,         \
	   int64_t now, struct ct_user *u, struct ct_error *err),             \
	  (st, hash, now, u, err))                                            \
	X(users_token_delete, int, (struct store *st, int64_t user,           \
	   int64_t id, const char *hash, struct ct_error *err),               \
	  (st, user, id, hash, err))                                          \
	X(users_tokens, int, (struct store *st, int64_t user, int64_t now,    \
	   int (*fn)(void *arg, const struct ct_token_item *row), void *arg,  \
	   struct ct_error *err), (st, user, now, fn, arg, err))              \
	X(users_feed_key_put, int, (struct store *st, int64_t user,           \
	   const char *hash, int64_t created, struct ct_error *err),          \
	  (st, user, hash, created, err))                                     \
	X(users_feed_key_delete, int, (struct store *st, int64_t user,        \
	   struct ct_error *err), (st, user, err))                            \
	X(users_feed_key_user, int, (struct store *st, const char *hash,      \
	   struct ct_user *u, struct ct_error *err), (st, hash, u, err))      \
	X(users_feed_key_created, int, (struct store *st, int64_t user,       \
	   int64_t *created, struct ct_error *err), (st, user, created, err)) \
	X(users_rate, int, (struct store *st, int64_t user, int64_t work,     \
	   const int *scores, int64_t updated, struct ct_error *err),         \
	  (st, user, work, scores, updated, err))                             \
	X(users_rating_delete, int, (struct store *st, int64_t user,          \
	   int64_t work, struct ct_error *err), (st, user, work, err))        \
	X(users_ratings_of_work, int, (struct store *st, int64_t work,        \
	   int64_t user, struct ct_ratings *out, struct ct_error *err),       \
	  (st, work, user, out, err))                                         \
	X(users_ratings_of_user, int, (struct store *st, int64_t user,        \
	   int max, int (*fn)(void *arg, const struct ct_rating_item *row),   \
	   void *arg, struct ct_error *err), (st, user, max, fn, arg, err))   \
	X(users_flag_put, int, (struct store *st, int64_t user,               \
	   int64_t statement, int label, const char *comment,                 \
	   int64_t created, int64_t *id, struct ct_error *err),               \
	  (st, user, statement, label, comment, created, id, err))            \
	X(users_flag_delete, int, (struct store *st, int64_t user,            \
	   int64_t id, struct ct_error *err), (st, user, id, err))            \
	X(users_flags, int, (struct store *st, int64_t statement,             \
	   int64_t work, int (*fn)(void *arg, const struct ct_flag_item *row),\
	   void *arg, struct ct_error *err),                                  \
	  (st, statement, work, fn, arg, err))                                \
	X(users_flags_of_user, int, (struct store *st, int64_t user,          \
	   int max, int (*fn)(void *arg, const struct ct_flag_item *row),     \
	   void *arg, struct ct_error *err), (st, user, max, fn, arg, err))   \
	X(users_follow, int, (struct store *st, int64_t user, int64_t work,   \
	   int64_t created, struct ct_error *err),                            \
	  (st, user, work, created, err))                                     \
	X(users_unfollow, int, (struct store *st, int64_t user,               \
	   int64_t work, struct ct_error *err), (st, user, work, err))        \
	X(users_follows, int, (struct store *st, int64_t user, int64_t work,  \
	   int (*fn)(void *arg, const struct ct_follow_item *row), void *arg, \
	   struct ct_error *err), (st, user, work, fn, arg, err))             \
	X(users_feed, int, (struct store *st, int64_t user, int max,          \
	   int (*fn)(void *arg, const struct ct_feed_entry *row), void *arg,  \
	   struct ct_error *err), (st, user, max, fn, arg, err))
/* clang-format on */

#endif
