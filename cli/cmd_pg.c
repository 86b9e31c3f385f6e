/* cmd_pg.c — `citectx pg-init`: makes the PostgreSQL database that --db
 * (or $CITECTX_DB) names a citectx index, in the layout a Citus cluster
 * distributes (lib/store_pg.c); `--citus` also distributes the tables on a
 * Citus coordinator; `--fdw URL,...` partitions them over shard servers
 * with postgres_fdw (lib/store_pg_fdw.c); `--print` writes the DDL
 * instead.
 * `citectx pg-load FROM.db`: copies an SQLite index into it whole
 * (lib/store_pg_load.c). */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cli.h"
#include "jw.h"
#include "store_pg.h"

static int pg_print(unsigned flags, const char *fdw)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error err = {0};
	int rc;

	if (fdw)
		rc = store_pg_ddl_fdw(fdw, &b, &err) ? cli_fail(&err)
		                                     : cli_write(&b);
	else
		rc = store_pg_ddl(flags, &b) ? 1 : cli_write(&b);
	ct_buf_release(&b);
	return rc;
}

int cmd_pg_init(struct cli *c)
{
	const char *db = c->db ? c->db : getenv("CITECTX_DB");
	struct store_pg_init_stats st;
	struct ct_error err = {0};
	struct ct_buf b = CT_BUF_INIT;
	unsigned flags = c->citus ? STORE_PG_CITUS : 0;
	int rc;

	if (c->citus && c->fdw)
		return cli_usage(c, "pg-init: --citus or --fdw, not both");
	if (c->print)
		return pg_print(flags, c->fdw);
	if (!store_pg_is_url(db))
		return cli_usage(c, "pg-init: --db must name a PostgreSQL "
		                    "database (postgresql://HOST:PORT/NAME)");
	if (c->fdw ? store_pg_init_fdw(db, c->fdw, &st, &err)
	           : store_pg_init(db, flags, &st, &err))
		return cli_fail(&err);
	if (c->json) {
		struct jw w;

		jw_init(&w, &b);
		jw_obj(&w);
		jw_kint(&w, "tables", st.tables);
		jw_kint(&w, "distributed", st.distributed);
		jw_kint(&w, "reference", st.reference);
		jw_kint(&w, "server_version", st.server);
		jw_kint(&w, "schema", STORE_PG_SCHEMA);
		if (st.citus[0]) {
			jw_kstr(&w, "citus", st.citus);
			jw_kint(&w, "shards", st.shards);
		}
		if (st.fdw) {
			jw_kint(&w, "shard_servers", st.fdw);
			jw_kint(&w, "foreign_partitions", st.shards);
		}
		jw_obj_end(&w);
		ct_buf_puts(&b, "\n");
	} else {
		ct_buf_printf(&b,
		              "%d tables (%d with a distribution key, %d "
		              "reference), schema %d, PostgreSQL %d\n",
		              st.tables, st.distributed, st.reference,
		              STORE_PG_SCHEMA, st.server);
		if (st.citus[0])
			ct_buf_printf(&b,
			              "distributed by Citus %s: %d shards\n",
			              st.citus, st.shards);
		if (st.fdw)
			ct_buf_printf(
			    &b,
			    "partitioned by hash over %d shard servers "
			    "(postgres_fdw): %d foreign partitions\n",
			    st.fdw, st.shards);
	}
	rc = cli_write(&b);
	ct_buf_release(&b);
	return rc;
}

static void load_json(const struct store_pg_load_stats *st, struct ct_buf *b)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_key(&w, "tables");
	jw_obj(&w);
	for (int i = 0; i < st->n; i++) {
		jw_key(&w, st->t[i].name);
		jw_obj(&w);
		jw_kint(&w, "rows", st->t[i].rows);
		jw_kint(&w, "repaired", st->t[i].repaired);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_kint(&w, "identifiers", st->identifiers);
	jw_kint(&w, "repaired", st->repaired);
	jw_key(&w, "schema_created");
	jw_bool(&w, st->created);
	jw_kint(&w, "sqlite_schema", st->sqlite_schema);
	jw_kint(&w, "schema", STORE_PG_SCHEMA);
	jw_kint(&w, "server_version", st->server);
	jw_key(&w, "seconds");
	jw_num(&w, st->seconds);
	jw_obj_end(&w);
	ct_buf_putc(b, '\n');
}

/* One line: rows per table (those with rows), identifiers, the values
 * repaired and where, the time. */
static void load_text(const struct store_pg_load_stats *st, struct ct_buf *b)
{
	const char *sep = "";

	ct_buf_puts(b, "pg-load: ");
	for (int i = 0; i < st->n; i++)
		if (st->t[i].rows) {
			ct_buf_printf(b, "%s%s %lld", sep, st->t[i].name,
			              (long long)st->t[i].rows);
			sep = ", ";
		}
	ct_buf_printf(b,
	              "%sidentifiers %lld; %lld text values repaired as "
	              "UTF-8",
	              sep, (long long)st->identifiers, (long long)st->repaired);
	sep = " (";
	for (int i = 0; i < st->n; i++)
		if (st->t[i].repaired) {
			ct_buf_printf(b, "%s%s %lld", sep, st->t[i].name,
			              (long long)st->t[i].repaired);
			sep = ", ";
		}
	ct_buf_printf(b, "%s; %s%.1f seconds\n", st->repaired ? ")" : "",
	              st->created ? "schema made, " : "", st->seconds);
}

int cmd_pg_load(struct cli *c)
{
	const char *db = c->db ? c->db : getenv("CITECTX_DB");
	struct store_pg_load_stats st;
	struct ct_error err = {0};
	struct ct_buf b = CT_BUF_INIT;
	int rc;

	if (c->nargs != 1)
		return cli_usage(c, "pg-load FROM.db --db postgresql://...: "
		                    "one SQLite index to copy");
	if (!store_pg_is_url(db))
		return cli_usage(c, "pg-load: --db must name a PostgreSQL "
		                    "database (postgresql://HOST:PORT/NAME)");
	if (store_pg_is_url(c->args[0]))
		return cli_usage(c, "pg-load: the source must be an SQLite "
		                    "index file");
	if (store_pg_load(c->args[0], db, &st, &err))
		return cli_fail(&err);
	if (c->json) {
		load_json(&st, &b);
		rc = cli_write(&b);
	} else {
		load_text(&st, &b);
		rc = ct_buf_error(&b) ||
		     fwrite(b.ptr, 1, b.len, stderr) != b.len;
	}
	ct_buf_release(&b);
	return rc;
}
