/*
 * store_pg_users.c — the verbs of store_users.h on the PostgreSQL backend
 * (issue 18): accounts, login limits, tokens, feed secrets, ratings,
 * flags and follows, answering what store_users.c answers on SQLite with
 * the same codes (a name taken: CT_EEXIST; nothing deleted, no such row:
 * CT_ENOTFOUND).
 *
 * Every statement is prepared once per connection in pg_read_query's
 * slots from PG_XQ_USERS, with text parameters and binary rows: a write
 * returns rows too (RETURNING, or the count of what a DELETE removed).
 * Each runs alone, in autocommit, as on SQLite: the server's writes come
 * outside its read snapshots (POST requests), and a write inside one
 * fails as a read-only transaction says, never half done.
 *
 * Ids are SQLite's rowids: one more than the table's largest, so that
 * both backends number accounts, tokens and flags alike (a deleted newest
 * token's id is given again on both).  Two writers that take the same id
 * meet the primary key; the insert is then tried again (PU_TRIES).
 * Names compare as lower(name), the unique index of pg-init, where
 * SQLite's NOCASE folds ASCII only.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "store_cols.h"
#include "store_int.h"
#include "store_pg_int.h"
#include "store_users.h"

_Static_assert(CT_RATE_COUNT == 4, "ratings have four aspects");

#define PU_TRIES    4 /* inserts tried when another took the same id */
#define PU_BRIEF(a) STORE_WB_SQL(a ".id", a)
/* the count of what a DELETE removed, as one row */
#define PU_DELETED(sql) "WITH d AS (" sql " RETURNING 1) SELECT count(*) FROM d"
#define PU_NEXT(t)      "(SELECT coalesce(max(id), 0) + 1 FROM " t ")"

enum puq {
	PU_INSERT,
	PU_BY_NAME,
	PU_SIGNUPS,
	PU_SIGNUP_PRUNE,
	PU_SIGNUP_ADD,
	PU_FAILURES,
	PU_FAIL_ADD,
	PU_FAIL_CLEAR,
	PU_T_INSERT,
	PU_T_TRIM,
	PU_T_USER,
	PU_T_DELETE,
	PU_T_LIST,
	PU_FK_PUT,
	PU_FK_DELETE,
	PU_FK_USER,
	PU_FK_CREATED,
	PU_RT_UPSERT,
	PU_RT_DELETE,
	PU_RT_STATS,
	PU_RT_MINE,
	PU_RT_OF_USER,
	PU_FL_PUT,
	PU_FL_DELETE,
	PU_FL_LIST,
	PU_FL_OF_USER,
	PU_FO_INSERT,
	PU_FO_DELETE,
	PU_FO_LIST,
	PU_FO_FEED,
	PU__COUNT
};
_Static_assert(PG_XQ_USERS + PU__COUNT <= PG_XQ_MAX, "slots for the users");

/* The select lists are store_cols.h's SU_*_COLS in their order (the rows
 * are read by the same enums); "user" is quoted (a keyword here). */
static const char *const pu_sql[PU__COUNT] = {
    [PU_INSERT] =
        "INSERT INTO users(id, name, pwhash, created) SELECT " PU_NEXT(
            "users") ", $1::text, $2::text, $3::bigint RETURNING id",
    [PU_BY_NAME] = "SELECT id, name, pwhash FROM users"
                   " WHERE lower(name) = lower($1::text)",
    [PU_SIGNUPS] = "SELECT count(*), min(at) FROM signups"
                   " WHERE client = $1::text AND at > $2::bigint",
    [PU_SIGNUP_PRUNE] =
        PU_DELETED("DELETE FROM signups WHERE at <= $1::bigint"),
    [PU_SIGNUP_ADD] = "INSERT INTO signups(client, at)"
                      " VALUES($1::text, $2::bigint) RETURNING 1",
    [PU_FAILURES] = "SELECT (SELECT count(*) FROM login_failures"
                    " WHERE lower(name) = lower($1::text) AND client = $2::text"
                    " AND at > $3::bigint), (SELECT count(*) FROM"
                    " login_failures WHERE client = $2::text"
                    " AND at > $3::bigint)",
    [PU_FAIL_ADD] = "INSERT INTO login_failures(name, client, at)"
                    " VALUES($1::text, $2::text, $3::bigint) RETURNING 1",
    [PU_FAIL_CLEAR] =
        PU_DELETED("DELETE FROM login_failures WHERE (lower(name) = "
                   "lower($1::text)"
                   " AND client = $3::text) OR at < $2::bigint"),
    [PU_T_INSERT] = "INSERT INTO tokens(id, \"user\", hash, label, created,"
                    " expires) SELECT " PU_NEXT(
                        "tokens") ", $1::bigint, $2::text, $3::text,"
                                  " $4::bigint, $5::bigint RETURNING id",
    [PU_T_TRIM] = PU_DELETED("DELETE FROM tokens WHERE \"user\" = $1::bigint"
                             " AND (expires <= $2::bigint OR id NOT IN (SELECT "
                             "id FROM tokens"
                             " WHERE \"user\" = $1::bigint ORDER BY id DESC "
                             "LIMIT $3::bigint))"),
    [PU_T_USER] = "SELECT u.id, u.name FROM tokens t JOIN users u"
                  " ON u.id = t.\"user\" WHERE t.hash = $1::text"
                  " AND t.expires > $2::bigint",
    [PU_T_DELETE] = PU_DELETED("DELETE FROM tokens WHERE \"user\" = $1::bigint"
                               " AND (id = $2::bigint OR hash = $3::text)"),
    [PU_T_LIST] = "SELECT id, label, created, expires FROM tokens"
                  " WHERE \"user\" = $1::bigint AND expires > $2::bigint"
                  " ORDER BY id",
    [PU_FK_PUT] = "INSERT INTO feed_keys(\"user\", hash, created)"
                  " VALUES($1::bigint, $2::text, $3::bigint)"
                  " ON CONFLICT(\"user\") DO UPDATE SET hash = excluded.hash,"
                  " created = excluded.created RETURNING 1",
    [PU_FK_DELETE] =
        PU_DELETED("DELETE FROM feed_keys WHERE \"user\" = $1::bigint"),
    [PU_FK_USER] = "SELECT u.id, u.name FROM feed_keys f JOIN users u"
                   " ON u.id = f.\"user\" WHERE f.hash = $1::text",
    [PU_FK_CREATED] = "SELECT created FROM feed_keys"
                      " WHERE \"user\" = $1::bigint",
    [PU_RT_UPSERT] =
        "INSERT INTO ratings(\"user\", work, overall, novelty, "
        "significance,"
        " rigour, updated) VALUES($1::bigint, $2::bigint, $3::int, "
        "$4::int,"
        " $5::int, $6::int, $7::bigint) ON CONFLICT(work, \"user\") DO "
        "UPDATE"
        " SET overall = excluded.overall, novelty = excluded.novelty,"
        " significance = excluded.significance, rigour = "
        "excluded.rigour,"
        " updated = excluded.updated RETURNING 1",
    [PU_RT_DELETE] = PU_DELETED("DELETE FROM ratings WHERE \"user\" = "
                                "$1::bigint AND work = $2::bigint"),
    /* SQLite's avg(): the sum over the count of values, as a double */
    [PU_RT_STATS] = "SELECT count(*),"
                    " sum(overall)::float8 / nullif(count(overall), 0),"
                    " sum(novelty)::float8 / nullif(count(novelty), 0),"
                    " sum(significance)::float8"
                    " / nullif(count(significance), 0),"
                    " sum(rigour)::float8 / nullif(count(rigour), 0)"
                    " FROM ratings WHERE work = $1::bigint",
    [PU_RT_MINE] = "SELECT overall, novelty, significance, rigour FROM ratings"
                   " WHERE work = $1::bigint AND \"user\" = $2::bigint",
    [PU_RT_OF_USER] = "SELECT " PU_BRIEF(
        "w") ", r.overall, r.novelty, r.significance, r.rigour, "
             "r.updated"
             " FROM ratings r JOIN works w ON w.id = r.work"
             " WHERE r.\"user\" = $1::bigint ORDER BY r.updated DESC, "
             "w.id"
             " LIMIT $2::bigint",
    /* SQLite's upsert keeps the row's id: an update first, an insert
     * (of a statement that exists) only when there was nothing to
     * update */
    [PU_FL_PUT] =
        "WITH u AS (UPDATE flags SET label = $3::int, comment = "
        "$4::text,"
        " created = $5::bigint WHERE statement = $2::bigint"
        " AND \"user\" = $1::bigint RETURNING id), i AS (INSERT INTO"
        " flags(id, \"user\", statement, label, comment, created)"
        " SELECT " PU_NEXT("flags") ", $1::bigint, s.id, $3::int, $4::text,"
                                    " $5::bigint FROM statements s"
                                    " WHERE s.id = $2::bigint"
                                    " AND NOT EXISTS (SELECT 1 FROM u)"
                                    " RETURNING id)"
                                    " SELECT id FROM u UNION ALL"
                                    " SELECT id FROM i",
    [PU_FL_DELETE] = PU_DELETED("DELETE FROM flags WHERE \"user\" = $1::bigint"
                                " AND id = $2::bigint"),
    [PU_FL_LIST] = "SELECT f.id, f.statement, u.name, f.label, f.comment,"
                   " f.created FROM flags f JOIN users u ON u.id = f.\"user\""
                   " WHERE f.statement = $1::bigint OR f.statement IN"
                   " (SELECT id FROM statements WHERE dkey = $2::bigint"
                   " AND cited = $2::bigint) ORDER BY f.statement, f.id",
    [PU_FL_OF_USER] =
        "SELECT " PU_BRIEF("w") ", f.id, f.statement, f.label, f.comment,"
                                " f.created FROM flags f JOIN statements s"
                                " ON s.id = f.statement LEFT JOIN works w"
                                " ON w.id = s.cited"
                                " WHERE f.\"user\" = $1::bigint"
                                " ORDER BY f.created DESC, f.id DESC"
                                " LIMIT $2::bigint",
    [PU_FO_INSERT] = "INSERT INTO follows(\"user\", work, since, created)"
                     " SELECT $1::bigint, $2::bigint, coalesce(max(id), 0),"
                     " $3::bigint FROM statements"
                     " ON CONFLICT(\"user\", work) DO NOTHING RETURNING 1",
    [PU_FO_DELETE] = PU_DELETED("DELETE FROM follows WHERE \"user\" = "
                                "$1::bigint AND work = $2::bigint"),
    [PU_FO_LIST] = "SELECT " PU_BRIEF(
        "w") ", f.created FROM follows f JOIN works w ON w.id = f.work"
             " WHERE f.\"user\" = $1::bigint AND ($2::bigint = 0"
             " OR f.work = $2::bigint) ORDER BY f.created, w.id",
    [PU_FO_FEED] = "SELECT s.id, s.type, s.confidence, "
                   "s.section_class, " ST_TEXT(
                       "s") ", s.sent_start, "
                            "s.sent_end,"
                            " " PU_BRIEF("cw") ", " PU_BRIEF("dw") " FROM "
                                                                   "follows "
                                                                   "f JOIN "
                                                                   "statemen"
                                                                   "ts s ON "
                                                                   "s.dkey "
                                                                   "= f.work"
                                                                   " AND "
                                                                   "s.cited "
                                                                   "= "
                                                                   "f.work "
                                                                   "AND "
                                                                   "s.id > "
                                                                   "f.since"
                                                                   " JOIN "
                                                                   "works "
                                                                   "cw ON "
                                                                   "cw.id = "
                                                                   "s."
                                                                   "citing "
                                                                   "JOIN "
                                                                   "works "
                                                                   "dw ON "
                                                                   "dw.id = "
                                                                   "s.cited"
                                                                   " WHERE "
                                                                   "f."
                                                                   "\"user\""
                                                                   " = "
                                                                   "$1::"
                                                                   "bigint "
                                                                   "ORDER "
                                                                   "BY s.id "
                                                                   "DESC "
                                                                   "LIMIT "
                                                                   "$2::"
                                                                   "bigint",
};

/* One int64 parameter as text. */
struct pu_arg {
	char s[24];
};
static const char *pu_int(struct pu_arg *a, int64_t v)
{
	snprintf(a->s, sizeof(a->s), "%lld", (long long)v);
	return a->s;
}

/* Query k with n parameters: 0 with *out, or the error "what: message"
 * (the server's own, its SQLSTATE mapped by store_pg_errcode). */
static int pu_query(struct store *st, enum puq k, int n, const char *const *v,
                    PGresult **out, struct ct_error *err, const char *what)
{
	int rc = pg_read_query(st, PG_XQ_USERS + (int)k, pu_sql[k], n, v, out);

	return rc ? err_set(err, rc, "%s: %s", what, pg_read_msg(st)) : 0;
}

/* A statement whose rows are not read. */
static int pu_exec(struct store *st, enum puq k, int n, const char *const *v,
                   struct ct_error *err, const char *what)
{
	PGresult *r;
	int rc = pu_query(st, k, n, v, &r, err, what);

	PQclear(r);
	return rc;
}

/* A delete: CT_ENOTFOUND when it removed no row (PU_DELETED's count). */
static int pu_delete(struct store *st, enum puq k, int n, const char *const *v,
                     struct ct_error *err, const char *what)
{
	PGresult *r;
	int rc = pu_query(st, k, n, v, &r, err, what), gone;

	if (rc)
		return rc;
	gone = PQntuples(r) == 1 && pg_col_int(r, 0, 0) > 0;
	PQclear(r);
	return gone ? 0 : err_set(err, CT_ENOTFOUND, "%s: not found", what);
}

/* An insert returning the new row's id, tried again when a concurrent
 * one took the same (PU_NEXT); CT_EEXIST after PU_TRIES. */
static int pu_insert_id(struct store *st, enum puq k, int n,
                        const char *const *v, int64_t *id, struct ct_error *err,
                        const char *what)
{
	PGresult *r;
	int rc = CT_EEXIST;

	for (int i = 0; i < PU_TRIES && rc == CT_EEXIST; i++)
		rc = pu_query(st, k, n, v, &r, err, what);
	if (rc)
		return rc;
	*id = PQntuples(r) ? pg_col_int(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

static const char *pu_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* A work's brief from column c0 (store_cols.h STORE_WORK_BRIEF_COLS). */
static void pu_brief(const PGresult *r, int row, int c0,
                     struct ct_work_brief *w)
{
	w->id = pg_col_int(r, row, c0 + STORE_WB_ID);
	w->doi = pu_text(r, row, c0 + STORE_WB_DOI);
	w->pmid = pu_text(r, row, c0 + STORE_WB_PMID);
	w->pmcid = pu_text(r, row, c0 + STORE_WB_PMCID);
	w->title = pu_text(r, row, c0 + STORE_WB_TITLE);
	w->year = (int)pg_col_int(r, row, c0 + STORE_WB_YEAR);
}

/* The one user of k's rows (SU_USER_COLS), or CT_ENOTFOUND. */
static int pu_user(struct store *st, enum puq k, int n, const char *const *v,
                   struct ct_user *u, struct ct_error *err, const char *what)
{
	PGresult *r;
	int rc = pu_query(st, k, n, v, &r, err, what), found;

	if (rc)
		return rc;
	found = PQntuples(r) > 0;
	if (found) {
		u->id = pg_col_int(r, 0, STORE_SU_USER_ID);
		snprintf(u->name, sizeof(u->name), "%s",
		         PQgetvalue(r, 0, STORE_SU_USER_NAME));
	}
	PQclear(r);
	return found ? 0 : err_set(err, CT_ENOTFOUND, "%s: not found", what);
}

/* ---- accounts and their limits ----------------------------------------- */

int pg_users_insert(struct store *st, const char *name, const char *hash,
                    int64_t created, int64_t *id, struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {name, hash, pu_int(&a, created)};
	int rc = CT_EEXIST;

	/* the unique name, or a concurrent insert's id: asked again */
	for (int i = 0; i < PU_TRIES && rc == CT_EEXIST; i++) {
		struct ct_user u;
		char h[8];

		rc = pu_insert_id(st, PU_INSERT, 3, v, id, err, "account");
		if (rc == CT_EEXIST &&
		    !pg_users_find(st, name, &u, h, sizeof(h), err))
			return err_set(err, CT_EEXIST, "%s: name taken", name);
	}
	return rc;
}

int pg_users_find(struct store *st, const char *name, struct ct_user *u,
                  char *hash, size_t cap, struct ct_error *err)
{
	PGresult *r;
	int rc = pu_query(st, PU_BY_NAME, 1, &name, &r, err, "account"), found;

	if (rc)
		return rc;
	found = PQntuples(r) > 0;
	if (found) {
		u->id = pg_col_int(r, 0, STORE_SU_ACCOUNT_ID);
		snprintf(u->name, sizeof(u->name), "%s",
		         PQgetvalue(r, 0, STORE_SU_ACCOUNT_NAME));
		snprintf(hash, cap, "%s",
		         PQgetvalue(r, 0, STORE_SU_ACCOUNT_HASH));
	}
	PQclear(r);
	return found ? 0
	             : err_set(err, CT_ENOTFOUND, "%s: no such account", name);
}

int pg_users_signups(struct store *st, const char *client, int64_t since,
                     int64_t *count, int64_t *first, struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {client, pu_int(&a, since)};
	PGresult *r;
	int rc = pu_query(st, PU_SIGNUPS, 2, v, &r, err, "sign-up");

	*count = *first = 0;
	if (rc)
		return rc;
	if (PQntuples(r)) {
		*count = pg_col_int(r, 0, STORE_SU_SIGNUPS_COUNT);
		*first = pg_col_int(r, 0, STORE_SU_SIGNUPS_FIRST);
	}
	PQclear(r);
	return 0;
}

int pg_users_signup_add(struct store *st, const char *client, int64_t at,
                        int64_t prune_before, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *p[] = {pu_int(&a, prune_before)};
	const char *v[] = {client, pu_int(&b, at)};

	/* forgetting is housekeeping: never fails a sign-up */
	pu_exec(st, PU_SIGNUP_PRUNE, 1, p, &(struct ct_error){0}, "sign-up");
	return pu_exec(st, PU_SIGNUP_ADD, 2, v, err, "account");
}

int pg_users_failures(struct store *st, const char *name, const char *client,
                      int64_t since, int64_t *of_name, int64_t *of_client,
                      struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {name, client, pu_int(&a, since)};
	PGresult *r;
	int rc = pu_query(st, PU_FAILURES, 3, v, &r, err, "login");

	*of_name = *of_client = 0;
	if (rc)
		return rc;
	if (PQntuples(r)) {
		*of_name = pg_col_int(r, 0, STORE_SU_FAILURES_NAME);
		*of_client = pg_col_int(r, 0, STORE_SU_FAILURES_CLIENT);
	}
	PQclear(r);
	return 0;
}

int pg_users_failure_add(struct store *st, const char *name, const char *client,
                         int64_t at, struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {name, client, pu_int(&a, at)};

	return pu_exec(st, PU_FAIL_ADD, 3, v, err, "login");
}

int pg_users_failures_clear(struct store *st, const char *name,
                            const char *client, int64_t before,
                            struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {name, pu_int(&a, before), client};

	return pu_exec(st, PU_FAIL_CLEAR, 3, v, err, "login");
}

/* ---- tokens and the feed secret ----------------------------------------- */

int pg_users_token_insert(struct store *st, int64_t user, const char *hash,
                          const char *label, int64_t created, int64_t expires,
                          int64_t *id, struct ct_error *err)
{
	struct pu_arg a, b, c;
	const char *v[] = {pu_int(&a, user), hash, label, pu_int(&b, created),
	                   pu_int(&c, expires)};

	return pu_insert_id(st, PU_T_INSERT, 5, v, id, err, "token");
}

int pg_users_token_trim(struct store *st, int64_t user, int64_t now, int keep,
                        struct ct_error *err)
{
	struct pu_arg a, b, c;
	const char *v[] = {pu_int(&a, user), pu_int(&b, now), pu_int(&c, keep)};

	return pu_exec(st, PU_T_TRIM, 3, v, err, "token");
}

int pg_users_token_user(struct store *st, const char *hash, int64_t now,
                        struct ct_user *u, struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {hash, pu_int(&a, now)};

	return pu_user(st, PU_T_USER, 2, v, u, err, "token");
}

int pg_users_token_delete(struct store *st, int64_t user, int64_t id,
                          const char *hash, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, id), hash};

	return pu_delete(st, PU_T_DELETE, 3, v, err, "token");
}

int pg_users_tokens(struct store *st, int64_t user, int64_t now,
                    int (*fn)(void *arg, const struct ct_token_item *row),
                    void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, now)};
	PGresult *r;
	int rc = pu_query(st, PU_T_LIST, 2, v, &r, err, "tokens");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_token_item t = {
		    .id = pg_col_int(r, i, STORE_SU_TOKEN_ID),
		    .label = pu_text(r, i, STORE_SU_TOKEN_LABEL),
		    .created = pg_col_int(r, i, STORE_SU_TOKEN_CREATED),
		    .expires = pg_col_int(r, i, STORE_SU_TOKEN_EXPIRES),
		};

		rc = fn(arg, &t);
	}
	PQclear(r);
	return rc;
}

int pg_users_feed_key_put(struct store *st, int64_t user, const char *hash,
                          int64_t created, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), hash, pu_int(&b, created)};

	return pu_exec(st, PU_FK_PUT, 3, v, err, "feed");
}

int pg_users_feed_key_delete(struct store *st, int64_t user,
                             struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {pu_int(&a, user)};

	return pu_delete(st, PU_FK_DELETE, 1, v, err, "feed");
}

int pg_users_feed_key_user(struct store *st, const char *hash,
                           struct ct_user *u, struct ct_error *err)
{
	return pu_user(st, PU_FK_USER, 1, &hash, u, err, "feed");
}

int pg_users_feed_key_created(struct store *st, int64_t user, int64_t *created,
                              struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {pu_int(&a, user)};
	PGresult *r;
	int rc = pu_query(st, PU_FK_CREATED, 1, v, &r, err, "feed");

	*created = 0;
	if (rc)
		return rc;
	if (PQntuples(r))
		*created = pg_col_int(r, 0, STORE_VALUE);
	PQclear(r);
	return 0;
}

/* ---- ratings ------------------------------------------------------------ */

int pg_users_rate(struct store *st, int64_t user, int64_t work,
                  const int *scores, int64_t updated, struct ct_error *err)
{
	struct pu_arg a, b, c, s[CT_RATE_COUNT];
	const char *v[3 + CT_RATE_COUNT] = {pu_int(&a, user), pu_int(&b, work)};

	for (int i = 0; i < CT_RATE_COUNT; i++) /* 0: not given, NULL */
		v[2 + i] = scores[i] ? pu_int(&s[i], scores[i]) : NULL;
	v[2 + CT_RATE_COUNT] = pu_int(&c, updated);
	return pu_exec(st, PU_RT_UPSERT, 3 + CT_RATE_COUNT, v, err, "rating");
}

int pg_users_rating_delete(struct store *st, int64_t user, int64_t work,
                           struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, work)};

	return pu_delete(st, PU_RT_DELETE, 2, v, err, "rating");
}

static int pu_ratings_mine(struct store *st, int64_t work, int64_t user,
                           struct ct_ratings *out, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, work), pu_int(&b, user)};
	PGresult *r;
	int rc = pu_query(st, PU_RT_MINE, 2, v, &r, err, "ratings");

	if (rc)
		return rc;
	out->has_mine = PQntuples(r) > 0;
	for (int i = 0; out->has_mine && i < CT_RATE_COUNT; i++)
		out->mine[i] = (int)pg_col_int(r, 0, STORE_SU_MINE_OVERALL + i);
	PQclear(r);
	return 0;
}

int pg_users_ratings_of_work(struct store *st, int64_t work, int64_t user,
                             struct ct_ratings *out, struct ct_error *err)
{
	struct pu_arg a;
	const char *v[] = {pu_int(&a, work)};
	PGresult *r;
	int rc = pu_query(st, PU_RT_STATS, 1, v, &r, err, "ratings");

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (PQntuples(r)) {
		out->count = pg_col_int(r, 0, STORE_SU_STATS_COUNT);
		out->has_average = out->count >= CT_RATINGS_SHOWN;
	}
	for (int i = 0; out->has_average && i < CT_RATE_COUNT; i++)
		out->average[i] =
		    pg_col_double(r, 0, STORE_SU_STATS_OVERALL + i);
	PQclear(r);
	return user ? pu_ratings_mine(st, work, user, out, err) : 0;
}

int pg_users_ratings_of_user(struct store *st, int64_t user, int max,
                             int (*fn)(void *arg,
                                       const struct ct_rating_item *row),
                             void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, max)};
	PGresult *r;
	int rc = pu_query(st, PU_RT_OF_USER, 2, v, &r, err, "list");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_rating_item x = {
		    .updated = pg_col_int(r, i, STORE_SU_RATED_UPDATED)};

		pu_brief(r, i, STORE_SU_RATED_W, &x.work);
		for (int k = 0; k < CT_RATE_COUNT; k++)
			x.scores[k] =
			    (int)pg_col_int(r, i, STORE_SU_RATED_OVERALL + k);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

/* ---- flags -------------------------------------------------------------- */

int pg_users_flag_put(struct store *st, int64_t user, int64_t statement,
                      int label, const char *comment, int64_t created,
                      int64_t *id, struct ct_error *err)
{
	struct pu_arg a, b, c, d;
	const char *v[] = {pu_int(&a, user), pu_int(&b, statement),
	                   pu_int(&c, label), comment, pu_int(&d, created)};
	int rc = pu_insert_id(st, PU_FL_PUT, 5, v, id, err, "flag");

	if (!rc && !*id)
		return err_set(err, CT_ENOTFOUND, "flag: no such statement");
	return rc;
}

int pg_users_flag_delete(struct store *st, int64_t user, int64_t id,
                         struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, id)};

	return pu_delete(st, PU_FL_DELETE, 2, v, err, "flag");
}

int pg_users_flags(struct store *st, int64_t statement, int64_t work,
                   int (*fn)(void *arg, const struct ct_flag_item *row),
                   void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, statement), pu_int(&b, work)};
	PGresult *r;
	int rc = pu_query(st, PU_FL_LIST, 2, v, &r, err, "flags");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_flag_item f = {
		    .id = pg_col_int(r, i, STORE_SU_FLAGS_ID),
		    .statement = pg_col_int(r, i, STORE_SU_FLAGS_STATEMENT),
		    .user = pu_text(r, i, STORE_SU_FLAGS_USER),
		    .label = (int)pg_col_int(r, i, STORE_SU_FLAGS_LABEL),
		    .comment = pu_text(r, i, STORE_SU_FLAGS_COMMENT),
		    .created = pg_col_int(r, i, STORE_SU_FLAGS_CREATED),
		};

		rc = fn(arg, &f);
	}
	PQclear(r);
	return rc;
}

int pg_users_flags_of_user(struct store *st, int64_t user, int max,
                           int (*fn)(void *arg, const struct ct_flag_item *row),
                           void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, max)};
	PGresult *r;
	int rc = pu_query(st, PU_FL_OF_USER, 2, v, &r, err, "list");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_flag_item f = {
		    .id = pg_col_int(r, i, STORE_SU_MYFLAGS_ID),
		    .statement = pg_col_int(r, i, STORE_SU_MYFLAGS_STATEMENT),
		    .label = (int)pg_col_int(r, i, STORE_SU_MYFLAGS_LABEL),
		    .comment = pu_text(r, i, STORE_SU_MYFLAGS_COMMENT),
		    .created = pg_col_int(r, i, STORE_SU_MYFLAGS_CREATED),
		};

		pu_brief(r, i, STORE_SU_MYFLAGS_W, &f.work);
		rc = fn(arg, &f);
	}
	PQclear(r);
	return rc;
}

/* ---- follows and the feed ----------------------------------------------- */

int pg_users_follow(struct store *st, int64_t user, int64_t work,
                    int64_t created, struct ct_error *err)
{
	struct pu_arg a, b, c;
	const char *v[] = {pu_int(&a, user), pu_int(&b, work),
	                   pu_int(&c, created)};

	return pu_exec(st, PU_FO_INSERT, 3, v, err, "follow");
}

int pg_users_unfollow(struct store *st, int64_t user, int64_t work,
                      struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, work)};

	return pu_delete(st, PU_FO_DELETE, 2, v, err, "follow");
}

int pg_users_follows(struct store *st, int64_t user, int64_t work,
                     int (*fn)(void *arg, const struct ct_follow_item *row),
                     void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, work)};
	PGresult *r;
	int rc = pu_query(st, PU_FO_LIST, 2, v, &r, err, "follows");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_follow_item f = {
		    .since = pg_col_int(r, i, STORE_SU_FOLLOWS_SINCE)};

		pu_brief(r, i, STORE_SU_FOLLOWS_W, &f.work);
		rc = fn(arg, &f);
	}
	PQclear(r);
	return rc;
}

int pg_users_feed(struct store *st, int64_t user, int max,
                  int (*fn)(void *arg, const struct ct_feed_entry *row),
                  void *arg, struct ct_error *err)
{
	struct pu_arg a, b;
	const char *v[] = {pu_int(&a, user), pu_int(&b, max)};
	PGresult *r;
	int rc = pu_query(st, PU_FO_FEED, 2, v, &r, err, "feed");

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct ct_feed_entry e = {
		    .statement = pg_col_int(r, i, STORE_SU_FEED_ID),
		    .type = (int)pg_col_int(r, i, STORE_SU_FEED_TYPE),
		    .section_class =
		        (int)pg_col_int(r, i, STORE_SU_FEED_SECTION),
		    .confidence = pg_col_double(r, i, STORE_SU_FEED_CONFIDENCE),
		    .text = pu_text(r, i, STORE_SU_FEED_TEXT),
		    .sent_start = pg_col_int(r, i, STORE_SU_FEED_SENT_START),
		    .sent_end = pg_col_int(r, i, STORE_SU_FEED_SENT_END),
		};

		pu_brief(r, i, STORE_SU_FEED_CW, &e.citing);
		pu_brief(r, i, STORE_SU_FEED_DW, &e.cited);
		rc = fn(arg, &e);
	}
	PQclear(r);
	return rc;
}
