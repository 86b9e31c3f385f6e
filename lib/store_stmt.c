/* store_stmt.c — the statement cache and the cursor: fixed statements
 * prepared once by enum index, bound and stepped through struct store_row
 * (see store.h). */
#include <stdint.h>

#include "err.h"
#include "store_int.h"

/* Statements are prepared on first use, so that a read-only handle on an
 * index of an older schema (tables of later migrations missing) still
 * runs every statement that does not need them. */
int store_prepare(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	r->st = st;
	if (r->s)
		return 0;
	if (sqlite3_prepare_v3(st->db, store_sql_text[k], -1,
	                       SQLITE_PREPARE_PERSISTENT, &r->s, NULL))
		return st->pg ? store_pg_not_yet(st) : CT_EDB;
	return 0;
}

struct store_row *store_sql(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	/* a statement that failed to prepare stays NULL: SQLite's calls take
	 * a NULL statement as misuse, so the first step reports CT_EDB */
	if (store_prepare(st, k))
		return r;
	sqlite3_reset(r->s);
	sqlite3_clear_bindings(r->s);
	return r;
}

void store_bind_int(struct store_row *r, int i, int64_t v)
{
	sqlite3_bind_int64(r->s, i, v);
}

void store_bind_double(struct store_row *r, int i, double v)
{
	sqlite3_bind_double(r->s, i, v);
}

void store_bind_text(struct store_row *r, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(r->s, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(r->s, i);
}

int store_step(struct store_row *r)
{
	int rc;

	/* a statement the PostgreSQL backend's stand-in could not prepare */
	if (!r->s && r->st && r->st->pg)
		return CT_ENOTSUP;
	rc = sqlite3_step(r->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return CT_EDB;
}

int store_exec(struct store_row *r)
{
	int rc;

	while ((rc = store_step(r)) == 1)
		;
	sqlite3_reset(r->s);
	return rc;
}

int64_t store_int(struct store_row *r, int col)
{
	return sqlite3_column_int64(r->s, col);
}

double store_double(struct store_row *r, int col)
{
	return sqlite3_column_double(r->s, col);
}

const char *store_text(struct store_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->s, col);
}

int store_is_null(struct store_row *r, int col)
{
	return sqlite3_column_type(r->s, col) == SQLITE_NULL;
}

void store_done(struct store_row *r)
{
	if (r)
		sqlite3_reset(r->s);
}

int store_fail(struct store *st, int rc, struct ct_error *err)
{
	return rc ? err_set(err, rc, "index: %s", store_errmsg(st)) : 0;
}

int store_exec_final(struct store_row *r)
{
	int rc;

	store_deadline_hold(r->st);
	rc = store_exec(r);
	store_deadline_release(r->st);
	return rc;
}
