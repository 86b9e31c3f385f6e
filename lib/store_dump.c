/* store_dump.c — an index's rows, table by table (see store_dump.h). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "store_dump.h"
#include "store_int.h"

/* Each dumped table and the order of its key: a dump reads rows in the
 * order they were written, so a copy's ids come in ascending order. */
static const struct dump_table {
	const char *name, *key, *count;
	/* the rows a staging index's journal names (store_stage.h): those
	 * whose column `tcol` is a key of the journal's rows of table `ttbl`
	 * (NULL: the table is not journalled); tout: the journal's column
	 * (NULL: k, or x for identifiers); the journal is temp.pg_journal
	 * (store_stage_view: pg_outbox and the batch's new rows) */
	const char *tcol, *ttbl, *tout;
	const char *select; /* a derived table's: its whole SELECT */
	/* a table read for a batch's shipment only: its SELECT of the
	 * journal's rows, whole (no other form is read) */
	const char *tselect;
} dump_sql[] = {
#define DT(t, key)                                                             \
	{                                                                      \
		t, key, "SELECT count(*) FROM " t, NULL, NULL, NULL, NULL,     \
		    NULL                                                       \
	}
#define DJ(t, key, tcol, ttbl)                                                 \
	{                                                                      \
		t, key, "SELECT count(*) FROM " t, tcol, ttbl, NULL, NULL,     \
		    NULL                                                       \
	}
#define DS(t, key, tselect)                                                    \
	{                                                                      \
		t, key, NULL, NULL, NULL, NULL, NULL, tselect                  \
	}
/* the batch's statements' citing works (the journal's b) */
#define ST_CITING "(SELECT b FROM pg_journal WHERE tbl = 'statements')"
/* the batch's identifiers, each with the work that holds it: the work
 * whose own DOI, PMID or PMCID it is first, else an alias (pg-load's
 * order: load_identifiers in store_pg_load.c) */
#define XIDS(cols)                                                             \
	"SELECT " cols " FROM (SELECT o.x AS xid, coalesce(d.id, p.id, c.id,"  \
	" a.work) AS work, CASE WHEN coalesce(d.id, p.id, c.id) IS NULL"       \
	" THEN a.version END AS version FROM (SELECT DISTINCT x FROM"          \
	" pg_journal WHERE tbl = 'xid' AND x IS NOT NULL) o"                   \
	" LEFT JOIN works d ON d.doi = CASE WHEN substr(o.x, 1, 4) = 'doi:'"   \
	" THEN substr(o.x, 5) END"                                             \
	" LEFT JOIN works p ON p.pmid = CASE WHEN substr(o.x, 1, 5) = 'pmid:'" \
	" THEN substr(o.x, 6) END"                                             \
	" LEFT JOIN works c ON c.pmcid = CASE WHEN substr(o.x, 1, 6) ="        \
	" 'pmcid:' THEN substr(o.x, 7) END"                                    \
	" LEFT JOIN aliases a ON a.xid = o.x) i WHERE work IS NOT NULL"
    DJ("works", "id", "id", "works"),
    DJ("authors", "work, pos", "work", "authors"),
    DJ("refs", "id", "id", "refs"),
    DJ("statements", "id", "id", "statements"),
    DJ("notices", "notice, pos", "notice", "notices"),
    DJ("aliases", "xid", "xid", "xid"),
    DJ("linkrec", "id", "id", "linkrec"),
    DT("users", "id"),
    DT("tokens", "id"),
    DT("login_failures", "rowid"),
    DT("signups", "rowid"),
    DT("ratings", "work, user"),
    DT("flags", "id"),
    DT("follows", "user, work"),
    DT("feed_keys", "user"),
    /* derived, never in store_dump_tables: read on request (pg-load
     * copies the works search's text, as works_fts indexes it) */
    DJ("works_text", "id", "id", "works_text"),
    /* every statement with the distribution key of its run's lead
     * (coalesce(cited, -citing), store_pg.c): PostgreSQL's runs table,
     * where a search joins each matched lead to its run on the lead's
     * shard.  A run's rows are its lead and the ctx rows after it, all
     * of one citing work: a batch ships the runs of every citing work
     * whose statements it touched (the journal's b of statements). */
    {"runs", "s.id", "SELECT count(*) FROM statements", "s.citing",
     "statements", "b",
     "SELECT coalesce(l.cited, -l.citing) AS ldkey, s.lead AS lead, s.id AS"
     " id, s.citing AS citing, s.cited AS cited, s.type AS type,"
     " s.section_class AS section_class, s.year AS year, s.self AS self,"
     " s.confidence AS confidence, s.pubtype AS pubtype, s.jself AS jself,"
     " s.sctx AS sctx FROM statements s JOIN statements l ON l.id = s.lead",
     NULL},
    /* PostgreSQL's copies of rows keyed for other shards (store_pg.c),
     * for a batch's keys: read from the staging and copied, instead of
     * an INSERT ... SELECT that sends PostgreSQL's rows across shards
     * (store_pg_ship.c).  Each holds what pg-load's INSERT makes of the
     * same rows (load_identifiers in store_pg_load.c). */
    DS("cited_by", "id",
       "SELECT cited, citing, id FROM refs WHERE cited IS NOT NULL AND id"
       " IN (SELECT k FROM pg_journal WHERE tbl = 'refs')"),
    DS("notices_by", "notice, pos",
       "SELECT concerned, notice, pos, kind, relation FROM notices WHERE"
       " concerned IS NOT NULL AND notice IN (SELECT k FROM pg_journal"
       " WHERE tbl = 'notices')"),
    /* a citing work's leads and statements whole: a run's statements
     * are one article's */
    DS("leads", "id",
       "SELECT citing, id, text FROM statements WHERE citing IN " ST_CITING
       " AND id IN (SELECT lead FROM statements WHERE citing IN " ST_CITING
       " AND ctx <> 0)"),
    DS("citing_stmts", "id",
       "SELECT citing, id, sctx, cited, ref, marker, model, type,"
       " confidence, self, jself FROM statements WHERE citing IN " ST_CITING),
    DS("identifiers", "xid", XIDS("xid, work, version")),
    DS("work_xids", "xid", XIDS("work, xid, version")),
#undef DT
#undef DJ
#undef DS
#undef ST_CITING
#undef XIDS
};

#define NDUMP (sizeof(dump_sql) / sizeof(dump_sql[0]))

const char *const store_dump_tables[] = {
    "works",   "authors", "refs",  "statements", "notices",
    "aliases", "linkrec", "users", "tokens",     "login_failures",
    "signups", "ratings", "flags", "follows",    "feed_keys",
};
const size_t store_dump_ntables =
    sizeof(store_dump_tables) / sizeof(store_dump_tables[0]);

/* Tables made from the dumped ones (full-text indexes and their shadow
 * tables, the works index's text and queue), and a staging index's
 * journal (pg_stage, pg_outbox: store_stage.h): prefixes of their names. */
static const char *const derived[] = {"statements_fts", "works_fts",
                                      "works_text", "sqlite_", "pg_"};

/* Widest table dumped (works: 21 columns), with room to grow. */
#define DUMP_COLS_MAX 64

static const struct dump_table *dump_find(const char *table)
{
	for (size_t i = 0; i < NDUMP; i++)
		if (!strcmp(dump_sql[i].name, table))
			return &dump_sql[i];
	return NULL;
}

static int db_fail(struct store *st, const char *what, struct ct_error *err)
{
	const char *f = store_filename(st);

	return err_set(err, CT_EDB, "%s: %s: %s", f ? f : ":memory:", what,
	               sqlite3_errmsg(st->db));
}

/* The single integer sql answers. */
static int one_int(struct store *st, const char *sql, int64_t *v,
                   struct ct_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return db_fail(st, sql, err);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, sql, err);
}

int store_dump_version(struct store *st, int *have, int *want,
                       struct ct_error *err)
{
	int64_t v = 0;
	int rc = one_int(st, "PRAGMA user_version", &v, err);

	*have = (int)v;
	*want = (int)store_nmigrations;
	return rc;
}

static int is_known(const char *name)
{
	const struct dump_table *t = dump_find(name);

	if (t && !t->tselect)
		return 1;
	for (size_t i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (!strncmp(name, derived[i], strlen(derived[i])))
			return 1;
	return 0;
}

int store_dump_known(struct store *st, struct ct_error *err)
{
	sqlite3_stmt *s;
	int rc, bad = 0;

	if (sqlite3_prepare_v2(st->db,
	                       "SELECT name FROM sqlite_schema WHERE type ="
	                       " 'table' ORDER BY name",
	                       -1, &s, NULL))
		return db_fail(st, "reading the schema", err);
	while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (name && !is_known(name))
			bad = err_set(err, CT_ESCHEMA,
			              "%s: table %.64s is neither copied nor "
			              "derived: this program does not know it",
			              store_filename(st), name);
	}
	if (!bad && rc != SQLITE_DONE)
		bad = db_fail(st, "reading the schema", err);
	sqlite3_finalize(s);
	return bad;
}

int store_dump_count(struct store *st, const char *table, int64_t *n,
                     struct ct_error *err)
{
	const struct dump_table *t = dump_find(table);

	*n = 0;
	if (!t || !t->count)
		return err_set(err, CT_EUSAGE, "no table %s to dump", table);
	return one_int(st, t->count, n, err);
}

static void value_read(sqlite3_stmt *s, int col, struct store_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_INTEGER:
		v->type = STORE_V_INT;
		v->i = sqlite3_column_int64(s, col);
		break;
	case SQLITE_FLOAT:
		v->type = STORE_V_REAL;
		v->d = sqlite3_column_double(s, col);
		break;
	case SQLITE_TEXT:
		v->type = STORE_V_TEXT;
		v->s = (const char *)sqlite3_column_text(s, col);
		v->n = (size_t)sqlite3_column_bytes(s, col);
		break;
	case SQLITE_BLOB:
		v->type = STORE_V_BLOB;
		v->s = sqlite3_column_blob(s, col);
		v->n = (size_t)sqlite3_column_bytes(s, col);
		break;
	default:
		v->type = STORE_V_NULL;
	}
}

/* Steps s to its end, each row given to cb->row. */
static int rows_walk(struct store *st, sqlite3_stmt *s, int n,
                     const struct store_dump_cb *cb, struct ct_error *err)
{
	struct store_value v[DUMP_COLS_MAX];
	int rc, got = 0;

	while (!got && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			value_read(s, i, &v[i]);
		got = cb->row(cb->arg, v);
	}
	if (got)
		return got;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "reading rows", err);
}

/* "SELECT a, b, ... FROM t ORDER BY key": the stored columns only, in
 * their order (pragma table_info leaves out generated columns such as
 * statements.lead, which are derived, not data). */
static int dump_select(struct store *st, const struct dump_table *t,
                       int touched, int64_t above, struct ct_buf *sql,
                       struct ct_error *err)
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (t->tselect) {
		ct_buf_printf(sql, "%s ORDER BY %s", t->tselect, t->key);
		return ct_buf_error(sql)
		           ? err_set(err, CT_ENOMEM, "out of memory")
		           : 0;
	}
	if (t->select) {
		ct_buf_puts(sql, t->select);
		goto where;
	}
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT name FROM pragma_table_info(?1)"
	                       " ORDER BY cid",
	                       -1, &s, NULL))
		return db_fail(st, t->name, err);
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	ct_buf_puts(sql, "SELECT ");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);

		ct_buf_puts(sql, n++ ? ", \"" : "\"");
		for (; c && *c; c++)
			ct_buf_put(sql, *c == '"' ? "\"\"" : c,
			           *c == '"' ? 2 : 1);
		ct_buf_puts(sql, "\"");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, t->name, err);
	if (!n)
		return err_set(err, CT_ESCHEMA, "%s: no table %s",
		               store_filename(st), t->name);
	ct_buf_printf(sql, " FROM %s", t->name);
where:
	/* a table's own rows: those pg_journal_copy names (the rows of the
	 * batch a shipment's first part has not copied, store_stage_view);
	 * rows made from others (runs): by every row the batch touched */
	if (above >= 0)
		ct_buf_printf(sql, " WHERE id > %lld", (long long)above);
	else if (touched)
		ct_buf_printf(sql,
		              " WHERE %s IN (SELECT %s FROM %s"
		              " WHERE tbl = '%s')",
		              t->tcol,
		              t->tout                  ? t->tout
		              : strcmp(t->ttbl, "xid") ? "k"
		                                       : "x",
		              t->select ? "pg_journal" : "pg_journal_copy",
		              t->ttbl);
	ct_buf_printf(sql, " ORDER BY %s", t->key);
	return ct_buf_error(sql) ? err_set(err, CT_ENOMEM, "out of memory") : 0;
}

static int dump_rows(struct store *st, const char *table, int touched,
                     int64_t above, const struct store_dump_cb *cb,
                     struct ct_error *err)
{
	const struct dump_table *t = dump_find(table);
	const char *names[DUMP_COLS_MAX];
	struct ct_buf sql = CT_BUF_INIT;
	sqlite3_stmt *s;
	int n, rc;

	if (!t || (touched && !t->tcol && !t->tselect) ||
	    (!touched && t->tselect) ||
	    (above >= 0 && (t->tselect || t->select || strcmp(t->key, "id"))))
		return err_set(err, CT_EUSAGE, "no table %s to dump", table);
	if ((rc = dump_select(st, t, touched, above, &sql, err))) {
		ct_buf_release(&sql);
		return rc;
	}
	rc = sqlite3_prepare_v2(st->db, sql.ptr, -1, &s, NULL);
	ct_buf_release(&sql);
	if (rc)
		return db_fail(st, table, err);
	n = sqlite3_column_count(s);
	if (n > DUMP_COLS_MAX) {
		sqlite3_finalize(s);
		return err_set(err, CT_ELIMIT,
		               "%s: table %s has %d columns,"
		               " more than %d",
		               store_filename(st), table, n, DUMP_COLS_MAX);
	}
	for (int i = 0; i < n; i++)
		names[i] = sqlite3_column_name(s, i);
	rc = cb->cols(cb->arg, n, names);
	if (!rc)
		rc = rows_walk(st, s, n, cb, err);
	sqlite3_finalize(s);
	return rc;
}

int store_dump_rows(struct store *st, const char *table,
                    const struct store_dump_cb *cb, struct ct_error *err)
{
	return dump_rows(st, table, 0, -1, cb, err);
}

int store_dump_rows_touched(struct store *st, const char *table,
                            const struct store_dump_cb *cb,
                            struct ct_error *err)
{
	return dump_rows(st, table, 1, -1, cb, err);
}

int store_dump_rows_above(struct store *st, const char *table, int64_t above,
                          const struct store_dump_cb *cb, struct ct_error *err)
{
	return dump_rows(st, table, 0, above < 0 ? 0 : above, cb, err);
}

int store_dump_max_id(struct store *st, const char *table, int64_t *v,
                      struct ct_error *err)
{
	const struct dump_table *t = dump_find(table);
	char sql[100];

	*v = 0;
	if (!t || t->tselect || t->select || strcmp(t->key, "id"))
		return err_set(err, CT_EUSAGE, "no table %s with ids", table);
	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM %s",
	         t->name);
	return one_int(st, sql, v, err);
}
