/* store_stage.c — a staging index's journal (see store_stage.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_int.h"
#include "store_stage.h"

/* Each journalled table and what its rows put into pg_outbox; R stands
 * for the row (new, or old).  A work names its own identifiers too: they
 * are rows of PostgreSQL's identifiers; an identifier's row says the work
 * it belonged to (a), so that one only ever held by works new to
 * PostgreSQL needs no DELETE there.  (A staging made before keeps its
 * triggers: its identifiers say no work, and are all deleted.)
 *
 * Tables with a rowid of their own (range) journal no insert: a trigger
 * per row held the writer 4.5 of its 13 s on the corpus (an AFTER INSERT
 * trigger costs SQLite most of that even when its WHEN is false).  Their
 * new rows are found by id instead, at shipment (store_stage_view): past
 * the greatest id at the batch before's commit (pg_stage's 'base', which
 * store_stage_mark keeps; not PostgreSQL's sequences, whose setval a
 * failed batch's rollback does not undo), or past the lowest greatest id
 * a delete left in this batch, after which SQLite may give a deleted id
 * to a new row.  So a delete journals that too ('low', the table, its
 * greatest id after it). */
static const struct {
	const char *table, *put;
	int range;
} journal[] = {
    {"works",
     "INSERT INTO pg_outbox(tbl, k) VALUES('works', R.id);"
     "INSERT INTO pg_outbox(tbl, x, a) SELECT 'xid', 'doi:' || R.doi, R.id"
     " WHERE R.doi IS NOT NULL UNION ALL SELECT 'xid', 'pmid:' || R.pmid,"
     " R.id WHERE R.pmid IS NOT NULL UNION ALL SELECT 'xid', 'pmcid:' ||"
     " R.pmcid, R.id WHERE R.pmcid IS NOT NULL;",
     1},
    {"authors", "INSERT INTO pg_outbox(tbl, k) VALUES('authors', R.work);", 0},
    {"refs",
     "INSERT INTO pg_outbox(tbl, k, a, b)"
     " VALUES('refs', R.id, R.citing, R.cited);",
     1},
    {"statements",
     "INSERT INTO pg_outbox(tbl, k, a, b) VALUES('statements',"
     " R.id, coalesce(R.cited, -R.citing), R.citing);",
     1},
    {"notices",
     "INSERT INTO pg_outbox(tbl, k, a)"
     " VALUES('notices', R.notice, R.concerned);",
     0},
    {"aliases",
     "INSERT INTO pg_outbox(tbl, x, a) VALUES('xid', R.xid, R.work);", 0},
    {"linkrec",
     "INSERT INTO pg_outbox(tbl, k, a) VALUES('linkrec', R.id, R.work);", 1},
    {"works_text", "INSERT INTO pg_outbox(tbl, k) VALUES('works_text', R.id);",
     0},
};

/* The journal's rows of a range table's new rows, as its insert trigger
 * would have written them (@: the greatest id that is not new), in the
 * order of journal[]'s range tables. */
static const char *const range_rows[] = {
    "SELECT 'works', id, NULL, NULL, NULL FROM main.works WHERE id > @"
    " UNION ALL SELECT 'xid', NULL, 'doi:' || doi, id, NULL FROM main.works"
    " WHERE id > @ AND doi IS NOT NULL UNION ALL SELECT 'xid', NULL,"
    " 'pmid:' || pmid, id, NULL FROM main.works WHERE id > @ AND pmid IS"
    " NOT NULL UNION ALL SELECT 'xid', NULL, 'pmcid:' || pmcid, id, NULL"
    " FROM main.works WHERE id > @ AND pmcid IS NOT NULL",
    "SELECT 'refs', id, NULL, citing, cited FROM main.refs WHERE id > @",
    "SELECT 'statements', id, NULL, coalesce(cited, -citing), citing FROM"
    " main.statements WHERE id > @",
    "SELECT 'linkrec', id, NULL, work, NULL FROM main.linkrec WHERE id >"
    " @",
};

/* The greatest ids of the range tables, as "works,refs,statements,linkrec" */
#define TOP_IDS                                                                \
	"(SELECT coalesce(max(id), 0) FROM works) || ',' || (SELECT"           \
	" coalesce(max(id), 0) FROM refs) || ',' || (SELECT coalesce(max(id)," \
	" 0) FROM statements) || ',' || (SELECT coalesce(max(id), 0) FROM"     \
	" linkrec)"

static int db_fail(struct store *st, const char *what, struct ct_error *err)
{
	const char *f = store_filename(st);

	return err_set(err, CT_EDB, "%s: %s: %s",
	               f && *f ? f : ":memory:", what, sqlite3_errmsg(st->db));
}

/* put with each "R." as row ("new." or "old.") */
static void put_row(struct ct_buf *b, const char *put, const char *row)
{
	for (const char *p = put; *p; p++) {
		if (p[0] == 'R' && p[1] == '.' &&
		    (p == put || !(isalnum((unsigned char)p[-1]) ||
		                   p[-1] == '_' || p[-1] == '\''))) {
			ct_buf_puts(b, row);
			p++;
			ct_buf_putc(b, '.');
		} else {
			ct_buf_putc(b, *p);
		}
	}
}

static void triggers(struct ct_buf *b)
{
	static const char *const ev[3] = {"INSERT", "DELETE", "UPDATE"};

	for (size_t i = 0; i < sizeof(journal) / sizeof(*journal); i++)
		for (int e = 0; e < 3; e++) {
			if (e == 0 && journal[i].range)
				continue;
			ct_buf_printf(b,
			              "CREATE TRIGGER IF NOT EXISTS pg_%s_%c"
			              " AFTER %s ON %s BEGIN ",
			              journal[i].table, "idu"[e], ev[e],
			              journal[i].table);
			if (e != 0)
				put_row(b, journal[i].put, "old");
			if (e != 1)
				put_row(b, journal[i].put, "new");
			if (e == 1 && journal[i].range)
				ct_buf_printf(b,
				              "INSERT INTO pg_outbox(tbl, x, k)"
				              " VALUES('low', '%s', coalesce("
				              "(SELECT max(id) FROM %s), 0));",
				              journal[i].table,
				              journal[i].table);
			ct_buf_puts(b, " END;");
		}
}

/* The single value of sql's first row (text), "" when none. */
static int one_text(struct store *st, const char *sql, char *out, size_t n,
                    struct ct_error *err)
{
	sqlite3_stmt *s;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return db_fail(st, "reading the staging journal", err);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? 0
	           : db_fail(st, "reading the staging journal", err);
}

int store_stage_state(struct store *st, char id[STORE_STAGE_ID_MAX],
                      int64_t *shipped, int64_t *pending, int64_t *works,
                      struct ct_error *err)
{
	char v[32];
	int rc;

	id[0] = '\0';
	*shipped = *pending = 0;
	if (works) { /* a count of every row: not at each batch */
		if ((rc = one_text(st, "SELECT count(*) FROM works", v,
		                   sizeof(v), err)))
			return rc;
		*works = strtoll(v, NULL, 10);
	}
	if ((rc = one_text(st,
	                   "SELECT count(*) FROM sqlite_schema WHERE name IN"
	                   " ('pg_stage', 'pg_outbox')",
	                   v, sizeof(v), err)))
		return rc;
	if (strcmp(v, "2"))
		return 0;
	if ((rc = one_text(st, "SELECT v FROM pg_stage WHERE k = 'index_id'",
	                   id, STORE_STAGE_ID_MAX, err)) ||
	    (rc = one_text(st, "SELECT v FROM pg_stage WHERE k = 'shipped'", v,
	                   sizeof(v), err)))
		return rc;
	*shipped = strtoll(v, NULL, 10);
	if ((rc = one_text(st, "SELECT count(*) FROM pg_outbox", v, sizeof(v),
	                   err)))
		return rc;
	*pending = strtoll(v, NULL, 10);
	return 0;
}

int store_stage_setup(struct store *st, const char *id, struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT;
	char *msg = NULL;
	int rc;

	ct_buf_puts(&b,
	            "BEGIN IMMEDIATE;"
	            "CREATE TABLE IF NOT EXISTS pg_stage(k TEXT PRIMARY KEY,"
	            " v TEXT NOT NULL);"
	            "CREATE TABLE IF NOT EXISTS pg_outbox(tbl TEXT NOT NULL,"
	            " k INT, x TEXT, a INT, b INT);");
	triggers(&b);
	ct_buf_puts(&b, "INSERT OR IGNORE INTO pg_stage VALUES('index_id', ");
	ct_buf_putc(&b, '\'');
	for (const char *p = id; *p; p++) /* an id is hex: no quote */
		if (*p != '\'')
			ct_buf_putc(&b, *p);
	ct_buf_puts(&b, "');INSERT OR IGNORE INTO pg_stage"
	                " VALUES('shipped', '0');INSERT OR IGNORE INTO pg_stage"
	                " VALUES('top', " TOP_IDS ");COMMIT;");
	if ((rc = ct_buf_error(&b))) {
		ct_buf_release(&b);
		return err_set(err, rc, "out of memory");
	}
	rc = sqlite3_exec(st->db, b.ptr, NULL, NULL, &msg);
	ct_buf_release(&b);
	if (rc != SQLITE_OK) {
		rc = err_set(err, CT_EDB, "%s: making the staging journal: %s",
		             store_filename(st), msg ? msg : "?");
		sqlite3_free(msg);
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

int store_stage_view(struct store *st, int64_t after, int64_t above[4],
                     struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT, cp = CT_BUF_INIT, rest = CT_BUF_INIT;
	long long base[4];
	char *msg = NULL, v[100], sql[200];
	int rc, r = 0, ranges, oom = 0;

	for (int i = 0; i < 4; i++)
		above[i] = -1;
	/* the base: the first batch's marker's (store_stage_mark), or, for
	 * a batch marked before markers held it, pg_stage's; none: a
	 * staging made before, whose triggers journal inserts */
	snprintf(sql, sizeof(sql),
	         "SELECT coalesce((SELECT x FROM main.pg_outbox WHERE tbl ="
	         " 'batch' AND rowid > %lld ORDER BY rowid LIMIT 1), (SELECT v"
	         " FROM main.pg_stage WHERE k = 'base'))",
	         (long long)after);
	if ((rc = one_text(st, sql, v, sizeof(v), err)))
		return rc;
	ranges = sscanf(v, "%lld,%lld,%lld,%lld", &base[0], &base[1], &base[2],
	                &base[3]) == 4;
	ct_buf_printf(&b,
	              "DROP VIEW IF EXISTS temp.pg_journal;"
	              "DROP VIEW IF EXISTS temp.pg_journal_copy;"
	              "CREATE TEMP VIEW pg_journal(tbl, k, x, a, b) AS"
	              " SELECT tbl, k, x, a, b FROM main.pg_outbox"
	              " WHERE rowid > %lld AND tbl NOT IN ('low', 'batch')",
	              (long long)after);
	ct_buf_printf(&cp,
	              "CREATE TEMP VIEW pg_journal_copy(tbl, k, x, a, b) AS"
	              " SELECT tbl, k, x, a, b FROM main.pg_outbox"
	              " WHERE rowid > %lld AND tbl NOT IN ('low', 'batch')",
	              (long long)after);
	for (size_t i = 0; ranges && i < sizeof(journal) / sizeof(*journal);
	     i++) {
		struct ct_buf rows = CT_BUF_INIT;
		long long m;

		if (!journal[i].range)
			continue;
		snprintf(sql, sizeof(sql),
		         "SELECT min(k) FROM main.pg_outbox WHERE tbl = 'low'"
		         " AND x = '%s' AND rowid > %lld",
		         journal[i].table, (long long)after);
		if ((rc = one_text(st, sql, v, sizeof(v), err)))
			break;
		m = base[r];
		if (v[0] && strtoll(v, NULL, 10) < m)
			m = strtoll(v, NULL, 10);
		for (const char *p = range_rows[r]; *p; p++)
			if (*p == '@')
				ct_buf_printf(&rows, "%lld", m);
			else
				ct_buf_putc(&rows, *p);
		ct_buf_printf(&b, " UNION ALL %s", rows.ptr ? rows.ptr : "");
		if (m == base[r]) {
			/* every row past the base is new to PostgreSQL: copied
			 * by id (store_dump_rows_above), not again by key */
			above[r] = m;
			ct_buf_printf(&cp,
			              " AND NOT (tbl = '%s' AND coalesce(k, 0)"
			              " > %lld)",
			              journal[i].table, m);
		} else {
			ct_buf_printf(&rest, " UNION ALL %s",
			              rows.ptr ? rows.ptr : "");
		}
		oom |= ct_buf_error(&rows) != 0;
		ct_buf_release(&rows);
		r++;
	}
	ct_buf_printf(&b, ";%s%s;", cp.ptr ? cp.ptr : "",
	              rest.ptr ? rest.ptr : "");
	if (!rc && (oom || ct_buf_error(&b) || ct_buf_error(&cp) ||
	            ct_buf_error(&rest)))
		rc = err_set(err, CT_ENOMEM, "out of memory");
	if (!rc && sqlite3_exec(st->db, b.ptr, NULL, NULL, &msg) != SQLITE_OK) {
		rc = err_set(err, CT_EDB, "%s: reading the staging journal: %s",
		             store_filename(st), msg ? msg : "?");
		sqlite3_free(msg);
	}
	ct_buf_release(&b);
	ct_buf_release(&cp);
	ct_buf_release(&rest);
	return rc;
}

int store_stage_mark(struct store *st, struct ct_error *err)
{
	if (sqlite3_exec(
	        st->db,
	        "INSERT INTO pg_outbox(tbl, x) VALUES('batch', (SELECT v FROM"
	        " pg_stage WHERE k = 'top'));"
	        "INSERT OR REPLACE INTO pg_stage(k, v) SELECT 'base', v"
	        " FROM pg_stage WHERE k = 'top';"
	        "INSERT OR REPLACE INTO pg_stage(k, v) VALUES('top', " TOP_IDS
	        ");",
	        NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	return db_fail(st, "writing the staging journal", err);
}

int store_stage_keys(struct store *st,
                     int (*fn)(void *arg, const struct store_stage_key *k),
                     void *arg, int64_t *last, struct ct_error *err)
{
	sqlite3_stmt *s;
	char v[32];
	int rc, got = 0;

	*last = 0;
	if ((rc = one_text(st, "SELECT coalesce(max(rowid), 0) FROM pg_outbox",
	                   v, sizeof(v), err)))
		return rc;
	*last = strtoll(v, NULL, 10);
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT tbl, k, x, a, b FROM temp.pg_journal",
	                       -1, &s, NULL))
		return db_fail(st, "reading the staging journal", err);
	while (!got && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_stage_key k = {
		    .tbl = (const char *)sqlite3_column_text(s, 0),
		    .k = sqlite3_column_int64(s, 1),
		    .x = (const char *)sqlite3_column_text(s, 2),
		    .a = sqlite3_column_int64(s, 3),
		    .b = sqlite3_column_int64(s, 4),
		    .has_k = sqlite3_column_type(s, 1) != SQLITE_NULL,
		    .has_a = sqlite3_column_type(s, 3) != SQLITE_NULL,
		    .has_b = sqlite3_column_type(s, 4) != SQLITE_NULL};

		if (k.tbl)
			got = fn(arg, &k);
	}
	sqlite3_finalize(s);
	if (got)
		return got;
	return rc == SQLITE_DONE
	           ? 0
	           : db_fail(st, "reading the staging journal", err);
}

int store_stage_done(struct store *st, int64_t batch, struct ct_error *err)
{
	char sql[200];

	snprintf(sql, sizeof(sql),
	         "BEGIN IMMEDIATE; DELETE FROM pg_outbox; UPDATE pg_stage"
	         " SET v = '%lld' WHERE k = 'shipped'; COMMIT;",
	         (long long)batch);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	db_fail(st, "clearing the staging journal", err);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return err->code;
}

int store_stage_clear(struct store *st, int64_t batch, int64_t last,
                      struct ct_error *err)
{
	char sql[200];

	snprintf(sql, sizeof(sql),
	         "DELETE FROM pg_outbox WHERE rowid <= %lld; UPDATE pg_stage"
	         " SET v = '%lld' WHERE k = 'shipped';",
	         (long long)last, (long long)batch);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	return db_fail(st, "clearing the staging journal", err);
}

int store_stage_merged(struct store *st, int64_t keep, int64_t gone)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(
	        st->db,
	        "SELECT 1 FROM sqlite_schema WHERE type = 'table'"
	        " AND name = 'pg_outbox'",
	        -1, &s, NULL))
		return CT_EDB;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE) /* not a staging index */
		return 0;
	if (rc != SQLITE_ROW ||
	    sqlite3_prepare_v2(st->db,
	                       "INSERT INTO pg_outbox(tbl, k, a)"
	                       " VALUES('merge', ?1, ?2)",
	                       -1, &s, NULL))
		return CT_EDB;
	sqlite3_bind_int64(s, 1, gone);
	sqlite3_bind_int64(s, 2, keep);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : CT_EDB;
}

int store_stage_snapshot(struct store *st, int on, struct ct_error *err)
{
	if (sqlite3_exec(st->db, on ? "BEGIN" : "COMMIT", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return 0;
	return db_fail(st, "reading the staging", err);
}

int store_stage_has_old(struct store *st, int64_t citing, int64_t below,
                        int *yes, struct ct_error *err)
{
	sqlite3_stmt *s;
	int rc;

	*yes = 0;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT 1 FROM statements WHERE citing = ?1"
	                       " AND id <= ?2 LIMIT 1",
	                       -1, &s, NULL))
		return db_fail(st, "reading the staging", err);
	sqlite3_bind_int64(s, 1, citing);
	sqlite3_bind_int64(s, 2, below);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? 0
	           : db_fail(st, "reading the staging", err);
}

int store_stage_last(struct store *st, int64_t *last, struct ct_error *err)
{
	char v[32];
	int rc = one_text(st, "SELECT coalesce(max(rowid), 0) FROM pg_outbox",
	                  v, sizeof(v), err);

	*last = rc ? 0 : strtoll(v, NULL, 10);
	return rc;
}

int store_stage_batches(struct store *st, int64_t *n, struct ct_error *err)
{
	char v[32];
	int rc =
	    one_text(st, "SELECT count(*) FROM pg_outbox WHERE tbl = 'batch'",
	             v, sizeof(v), err);

	*n = rc ? 0 : strtoll(v, NULL, 10);
	return rc;
}

int store_stage_drop(struct store *st, int64_t n, int64_t batch,
                     struct ct_error *err)
{
	char sql[400];

	snprintf(sql, sizeof(sql),
	         "BEGIN IMMEDIATE; DELETE FROM pg_outbox WHERE rowid <="
	         " (SELECT rowid FROM pg_outbox WHERE tbl = 'batch' ORDER BY"
	         " rowid LIMIT 1 OFFSET %lld); UPDATE pg_stage SET v = '%lld'"
	         " WHERE k = 'shipped'; COMMIT;",
	         (long long)(n - 1), (long long)batch);
	if (n > 0 && sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	if (n <= 0)
		return 0;
	db_fail(st, "clearing the staging journal", err);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return err->code;
}
