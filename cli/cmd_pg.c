/* cmd_pg.c — `citectx pg-init`: makes the PostgreSQL database that --db
 * (or $CITECTX_DB) names a citectx index, in the layout a Citus cluster
 * distributes (lib/store_pg.c); `--citus` also distributes the tables on a
 * Citus coordinator; `--print` writes the DDL instead. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cli.h"
#include "jw.h"
#include "store_pg.h"

static int pg_print(unsigned flags)
{
	struct ct_buf b = CT_BUF_INIT;
	int rc = store_pg_ddl(flags, &b) ? 1 : cli_write(&b);

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

	if (c->print)
		return pg_print(flags);
	if (!store_pg_is_url(db))
		return cli_usage(c, "pg-init: --db must name a PostgreSQL "
		                    "database (postgresql://HOST:PORT/NAME)");
	if (store_pg_init(db, flags, &st, &err))
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
	}
	rc = cli_write(&b);
	ct_buf_release(&b);
	return rc;
}
