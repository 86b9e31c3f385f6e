/*
 * store_pg_fdw.c — `citectx pg-init --fdw URL[,URL...]` (store_pg.h):
 * pg-init's schema hash-partitioned over shard servers with PostgreSQL's
 * own postgres_fdw, the test lane L2 of issue 18 (shard loss without a
 * Citus build).  It owns the DDL of that layout and its making.
 *
 * On the coordinator (--db) each distributed table of store_pg.c's
 * pg_tables becomes PARTITION BY HASH on its distribution key, with one
 * foreign-table partition per shard server (a postgres_fdw SERVER and a
 * USER MAPPING FOR PUBLIC from each URL); the reference tables, the
 * sequences and citectx_meta stay local.  On each shard the same
 * distributed tables are made as pg_tables has them, primary keys and
 * indexes included.  Where PostgreSQL 15 cannot do what the Citus form
 * does (docs/SCALING.md "Lane L2"):
 * * a partitioned table with a unique index cannot have a foreign
 *   partition: the coordinator's tables have no primary key (each is
 *   dropped after it is made), the shards keep theirs.  Every unique
 *   key includes the distribution key, so rows equal on it are on one
 *   shard, and a shard's key is the table's;
 * * ON CONFLICT with a conflict target needs that index on the
 *   coordinator: ON CONFLICT DO NOTHING without one (identifiers, which
 *   has one unique key) means the same and postgres_fdw sends it on;
 * * COPY into the coordinator routes each row to its partition and
 *   postgres_fdw inserts it row by row; no two-phase commit: the shards'
 *   transactions commit one after the other, then the coordinator's.
 * The reads are the same SQL; partition pruning stands in for Citus's
 * router queries, so a read of keys on live shards does not connect to
 * a lost one.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_pg.h"
#include "store_pg_int.h"

#define FDW_NODE -1 /* a statement for the coordinator */

struct fdw_shard {
	struct ct_buf srv; /* the SERVER's options: host E'...', port E'...' */
	struct ct_buf map; /* the USER MAPPING's: user, password */
	char where[160];   /* host:port, for messages */
	PGconn *c;
};

struct fdw {
	struct fdw_shard sh[STORE_PG_FDW_MAX];
	int n;
	/* each statement of the layout, for node k (FDW_NODE: the
	 * coordinator) */
	int (*emit)(struct fdw *f, int node, const char *sql);
	PGconn *coord;
	struct ct_buf *out; /* --print's */
	int last;           /* --print: the node of the last statement */
	struct store_pg_init_stats *st;
	struct ct_error *err;
};

/* v as an SQL literal, E'...' (backslashes and quotes doubled: the same
 * under either standard_conforming_strings). */
static void fdw_literal(struct ct_buf *b, const char *v)
{
	ct_buf_puts(b, "E'");
	for (; *v; v++) {
		if (*v == '\'' || *v == '\\')
			ct_buf_putc(b, *v);
		ct_buf_putc(b, *v);
	}
	ct_buf_putc(b, '\'');
}

/* Shard k's options from its URL: user and password for the user
 * mapping, the rest (host, port, dbname, sslmode ...) for the server. */
static int fdw_parse(struct fdw *f, int k, const char *url)
{
	struct fdw_shard *s = &f->sh[k];
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(url, &msg), *i;
	const char *host = NULL, *port = NULL;
	int rc = 0;

	if (!o) {
		rc = err_set(f->err, CT_EUSAGE, "--fdw: %s: %.*s", url,
		             (int)strcspn(msg ? msg : "bad URL", "\n"),
		             msg ? msg : "bad URL");
		PQfreemem(msg);
		return rc;
	}
	for (i = o; i->keyword; i++) {
		struct ct_buf *b;

		if (!i->val || !i->val[0])
			continue;
		if (!strcmp(i->keyword, "host") ||
		    (!strcmp(i->keyword, "hostaddr") && !host))
			host = i->val;
		if (!strcmp(i->keyword, "port"))
			port = i->val;
		b = !strcmp(i->keyword, "user") ||
		            !strcmp(i->keyword, "password")
		        ? &s->map
		        : &s->srv;
		ct_buf_printf(b, "%s%s ", b->len ? ", " : "", i->keyword);
		fdw_literal(b, i->val);
	}
	snprintf(s->where, sizeof(s->where), "%s:%s", host ? host : "localhost",
	         port ? port : "5432");
	if (ct_buf_error(&s->srv) || ct_buf_error(&s->map))
		rc = err_set(f->err, CT_ENOMEM, "--fdw: out of memory");
	PQconninfoFree(o);
	return rc;
}

/* The URLs of list (comma-separated) into f. */
static int fdw_shards(struct fdw *f, const char *list)
{
	char url[1024];
	int rc = 0;

	for (const char *p = list; p && *p && !rc; p += *p == ',') {
		size_t n = strcspn(p, ",");

		if (f->n == STORE_PG_FDW_MAX)
			return err_set(f->err, CT_EUSAGE,
			               "--fdw: more than %d shard servers",
			               STORE_PG_FDW_MAX);
		if (n >= sizeof(url))
			return err_set(f->err, CT_EUSAGE,
			               "--fdw: a URL longer than %zu bytes",
			               sizeof(url) - 1);
		memcpy(url, p, n);
		url[n] = '\0';
		p += n;
		if (!store_pg_is_url(url))
			return err_set(f->err, CT_EUSAGE,
			               "--fdw: '%s' is not a postgresql:// URL",
			               url);
		rc = fdw_parse(f, f->n++, url);
	}
	if (!rc && !f->n)
		rc = err_set(f->err, CT_EUSAGE,
		             "--fdw: no shard server (postgresql://HOST:PORT"
		             "/NAME[,...])");
	return rc;
}

/* The table an index of pg_after is on ("CREATE ... INDEX x ON t(...)"),
 * into out; "" for a sequence. */
static void fdw_after_table(const char *sql, char *out, size_t n)
{
	const char *on = strstr(sql, " ON ");

	out[0] = '\0';
	if (on && !strncmp(sql, "CREATE ", 7) && strstr(sql, " INDEX "))
		snprintf(out, n, "%.*s", (int)strcspn(on + 4, "( "), on + 4);
}

/* Whether table t is distributed (pg_tables). */
static int fdw_distributed(const char *t)
{
	const char *name, *key, *ddl;

	for (size_t i = 0; (name = pg_table_at(i, &key, &ddl)); i++)
		if (!strcmp(name, t))
			return key != NULL;
	return 0;
}

/* A shard's DDL: the distributed tables and their indexes. */
static int fdw_shard_ddl(struct fdw *f, int k)
{
	const char *name, *key, *ddl, *sql;
	char t[64];
	int rc = 0;

	for (size_t i = 0; !rc && (name = pg_table_at(i, &key, &ddl)); i++)
		if (key)
			rc = f->emit(f, k, ddl);
	for (size_t i = 0; !rc && (sql = pg_after_at(i)); i++) {
		fdw_after_table(sql, t, sizeof(t));
		if (t[0] && fdw_distributed(t))
			rc = f->emit(f, k, sql);
	}
	return rc;
}

/* statement b (reset after) for the coordinator */
static int fdw_coord(struct fdw *f, struct ct_buf *b)
{
	int rc = ct_buf_error(b)
	             ? err_set(f->err, CT_ENOMEM, "--fdw: out of memory")
	             : f->emit(f, FDW_NODE, b->ptr);

	ct_buf_reset(b);
	return rc;
}

/* Table name, distributed on key: partitioned by hash, without its
 * primary key, one foreign partition per shard. */
static int fdw_partitioned(struct fdw *f, const char *name, const char *key,
                           const char *ddl, struct ct_buf *b)
{
	int rc;

	ct_buf_printf(b, "%s PARTITION BY HASH (%s)", ddl, key);
	if ((rc = fdw_coord(f, b)))
		return rc;
	ct_buf_printf(b, "ALTER TABLE %s DROP CONSTRAINT %s_pkey", name, name);
	if ((rc = fdw_coord(f, b)))
		return rc;
	for (int k = 0; k < f->n && !rc; k++) {
		ct_buf_printf(
		    b,
		    "CREATE FOREIGN TABLE %s_shard%d PARTITION OF %s "
		    "FOR VALUES WITH (MODULUS %d, REMAINDER %d) "
		    "SERVER citectx_shard%d OPTIONS (table_name '%s')",
		    name, k, name, f->n, k, k, name);
		rc = fdw_coord(f, b);
		f->st->shards++;
	}
	return rc;
}

/* The coordinator's DDL: the wrapper, a server and user mapping per
 * shard, the tables (distributed ones partitioned), the reference
 * tables' indexes, the sequences, citectx_meta's rows. */
static int fdw_coord_ddl(struct fdw *f)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *name, *key, *ddl, *sql;
	char t[64];
	int rc;

	ct_buf_puts(&b, "CREATE EXTENSION IF NOT EXISTS postgres_fdw");
	rc = fdw_coord(f, &b);
	for (int k = 0; k < f->n && !rc; k++) {
		ct_buf_printf(&b,
		              "CREATE SERVER citectx_shard%d FOREIGN DATA "
		              "WRAPPER postgres_fdw OPTIONS (%s)",
		              k, f->sh[k].srv.ptr ? f->sh[k].srv.ptr : "");
		if ((rc = fdw_coord(f, &b)))
			break;
		ct_buf_printf(&b,
		              "CREATE USER MAPPING FOR PUBLIC SERVER "
		              "citectx_shard%d",
		              k);
		if (f->sh[k].map.len)
			ct_buf_printf(&b, " OPTIONS (%s)", f->sh[k].map.ptr);
		rc = fdw_coord(f, &b);
	}
	for (size_t i = 0; !rc && (name = pg_table_at(i, &key, &ddl)); i++) {
		f->st->tables++;
		if (key) {
			f->st->distributed++;
			rc = fdw_partitioned(f, name, key, ddl, &b);
		} else {
			f->st->reference++;
			rc = f->emit(f, FDW_NODE, ddl);
		}
	}
	for (size_t i = 0; !rc && (sql = pg_after_at(i)); i++) {
		fdw_after_table(sql, t, sizeof(t));
		if (!t[0] || !fdw_distributed(t))
			rc = f->emit(f, FDW_NODE, sql);
	}
	if (!rc) {
		ct_buf_printf(
		    &b,
		    "INSERT INTO citectx_meta VALUES ('schema', '%d'),"
		    " ('created_by', 'citectx " CT_VERSION "'),"
		    " ('layout', 'postgres_fdw, %d shards')",
		    STORE_PG_SCHEMA, f->n);
		rc = fdw_coord(f, &b);
	}
	ct_buf_release(&b);
	return rc;
}

/* ---- --print ------------------------------------------------------------ */

static int fdw_print(struct fdw *f, int node, const char *sql)
{
	if (node != f->last) {
		if (node == FDW_NODE)
			ct_buf_puts(f->out, "-- on the coordinator (--db)\n");
		else
			ct_buf_puts(f->out,
			            "-- on each shard server (--fdw URL)\n");
		f->last = node;
	}
	ct_buf_printf(f->out, "%s;\n", sql);
	return ct_buf_error(f->out);
}

/* ---- making it ---------------------------------------------------------- */

static int fdw_run(struct fdw *f, int node, const char *sql)
{
	PGconn *c = node == FDW_NODE ? f->coord : f->sh[node].c;

	return pg_run(c, sql, node == FDW_NODE ? "coordinator" : "shard",
	              f->err);
}

/* A database's identity (port, postmaster start, name): two URLs that
 * name one database would have its tables made twice. */
static int fdw_identity(PGconn *c, char *out, size_t n, struct ct_error *err)
{
	PGresult *r = PQexec(c, "SELECT current_setting('port') || ' ' ||"
	                        " pg_postmaster_start_time() || ' ' ||"
	                        " current_database()");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		pg_err_result(err, CT_EDB, c, r, "reading its identity");
		rc = err->code;
	} else {
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	}
	PQclear(r);
	return rc;
}

/* Connects to every shard: each a database of its own, not the
 * coordinator's, without citectx's tables. */
static int fdw_connect(struct fdw *f, const char *list, const char *coord_id)
{
	char(*ids)[128] = calloc((size_t)f->n, sizeof(*ids));
	const char *url = list;
	char one[1024];
	int rc = ids ? 0 : err_set(f->err, CT_ENOMEM, "out of memory");

	for (int k = 0; k < f->n && !rc; k++) {
		size_t n = strcspn(url, ",");
		int server;
		PGresult *r;

		snprintf(one, sizeof(one), "%.*s", (int)n, url);
		url += n + (url[n] == ',');
		if ((rc = pg_connect(one, &f->sh[k].c, &server, f->err)) ||
		    (rc = fdw_identity(f->sh[k].c, ids[k], sizeof(ids[k]),
		                       f->err)))
			break;
		snprintf(f->sh[k].where, sizeof(f->sh[k].where), "%s:%s",
		         PQhost(f->sh[k].c), PQport(f->sh[k].c));
		if (!strcmp(ids[k], coord_id))
			rc = err_set(f->err, CT_EUSAGE,
			             "--fdw: shard %s is the coordinator's "
			             "own database",
			             f->sh[k].where);
		for (int j = 0; j < k && !rc; j++)
			if (!strcmp(ids[j], ids[k]))
				rc = err_set(f->err, CT_EUSAGE,
				             "--fdw: shards %s and %s are one "
				             "database",
				             f->sh[j].where, f->sh[k].where);
		if (rc)
			break;
		r = PQexec(f->sh[k].c, "SELECT to_regclass('works') IS NULL");
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			rc = (pg_err_result(f->err, CT_EDB, f->sh[k].c, r,
			                    "reading the catalog"),
			      f->err->code);
		else if (PQgetvalue(r, 0, 0)[0] != 't')
			rc = err_set(f->err, CT_EEXIST,
			             "postgresql %s: --fdw: the shard "
			             "already holds citectx's tables",
			             f->sh[k].where);
		PQclear(r);
	}
	free(ids);
	return rc;
}

/* Ends every open transaction: commits the shards' then the
 * coordinator's (commit), or rolls all back. */
static int fdw_end(struct fdw *f, int commit, int open)
{
	int rc = 0;

	for (int k = 0; k < f->n; k++)
		if (f->sh[k].c && (open & 1)) {
			if (commit && !rc)
				rc = pg_run(f->sh[k].c, "COMMIT", "COMMIT",
				            f->err);
			else
				pg_run(f->sh[k].c, "ROLLBACK", "ROLLBACK",
				       &(struct ct_error){0});
		}
	if (open & 2) {
		if (commit && !rc)
			rc = pg_run(f->coord, "COMMIT", "COMMIT", f->err);
		else
			pg_run(f->coord, "ROLLBACK", "ROLLBACK",
			       &(struct ct_error){0});
	}
	return rc;
}

static int fdw_make(struct fdw *f, const char *list)
{
	char id[128];
	int rc, exists = 0, open = 0;

	if ((rc = pg_exists(f->coord, &exists, f->err)))
		return rc;
	if (exists)
		return err_set(f->err, CT_EEXIST,
		               "postgresql %s:%s: the database already holds "
		               "a citectx index",
		               PQhost(f->coord), PQport(f->coord));
	if ((rc = fdw_identity(f->coord, id, sizeof(id), f->err)) ||
	    (rc = fdw_connect(f, list, id)))
		return rc;
	for (int k = 0; k < f->n && !rc; k++)
		rc = pg_run(f->sh[k].c, "BEGIN", "BEGIN", f->err);
	open = 1;
	for (int k = 0; k < f->n && !rc; k++)
		rc = fdw_shard_ddl(f, k);
	if (!rc && !(rc = pg_run(f->coord, "BEGIN", "BEGIN", f->err))) {
		open |= 2;
		rc = fdw_coord_ddl(f);
	}
	return fdw_end(f, rc == 0, open) ? f->err->code : rc;
}

static void fdw_free(struct fdw *f)
{
	for (int k = 0; k < STORE_PG_FDW_MAX; k++) {
		ct_buf_release(&f->sh[k].srv);
		ct_buf_release(&f->sh[k].map);
		if (f->sh[k].c)
			PQfinish(f->sh[k].c);
	}
	if (f->coord)
		PQfinish(f->coord);
	free(f);
}

int store_pg_init_fdw(const char *conninfo, const char *shards,
                      struct store_pg_init_stats *st, struct ct_error *err)
{
	struct fdw *f = calloc(1, sizeof(*f));
	int rc;

	memset(st, 0, sizeof(*st));
	if (!f)
		return err_set(err, CT_ENOMEM, "out of memory");
	f->err = err;
	f->st = st;
	f->emit = fdw_run;
	if (!(rc = fdw_shards(f, shards)) &&
	    !(rc = pg_connect(conninfo, &f->coord, &st->server, err))) {
		rc = fdw_make(f, shards);
		st->fdw = f->n;
	}
	if (rc) { /* what was counted was not made */
		int server = st->server;

		memset(st, 0, sizeof(*st));
		st->server = server;
	}
	fdw_free(f);
	return rc;
}

int store_pg_ddl_fdw(const char *shards, struct ct_buf *out,
                     struct ct_error *err)
{
	struct fdw *f = calloc(1, sizeof(*f));
	struct store_pg_init_stats st = {0};
	int rc;

	if (!f)
		return err_set(err, CT_ENOMEM, "out of memory");
	f->err = err;
	f->st = &st;
	f->emit = fdw_print;
	f->out = out;
	f->last = -2;
	if (!(rc = fdw_shards(f, shards)) && !(rc = fdw_shard_ddl(f, 0)))
		rc = fdw_coord_ddl(f);
	if (rc && !err->msg[0])
		err_set(err, rc, "--print: out of memory");
	fdw_free(f);
	return rc;
}
