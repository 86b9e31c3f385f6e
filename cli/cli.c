/* cli.c — what the subcommands share (see cli.h): errors and usage
 * messages on stderr, the index of --db, output to stdout. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "store_pg.h"

int cli_fail(const struct ct_error *err)
{
	fprintf(stderr, "citectx: %s\n",
	        err->msg[0] ? err->msg : ct_strerror(err->code));
	return ct_exit_code(err->code);
}

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "citectx %s: ", c->cmd ? c->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* CITECTX_SQL_PROFILE: the time spent in each SQL statement, on stderr
 * when the index closes (a developer's tool, docs/BENCHMARKS.md). */
static void print_sql_profile(void *arg, const struct ct_sql_profile *p)
{
	static const char *const names[] = {"hit", "miss", "write", "spill"};

	for (int i = 0; i < 4; i++)
		fprintf(stderr, "page cache %s: %d\n", names[i], p->cache[i]);
	for (size_t i = 0; i < p->n; i++)
		fprintf(stderr, "%9.3f s %9lld  %.100s\n", p->v[i].seconds,
		        (long long)p->v[i].runs, p->v[i].sql);
}

/* The commands the PostgreSQL backend serves so far (issue 18: its reads;
 * `serve` opens its own handles); the others are refused before the index
 * is opened, CT_ENOTSUP (exit status 1, HTTP 501). */
static const char *const pg_commands[] = {"report", "statements", "refs",
                                          "cite",   "top",        "search",
                                          "find",   "check",      "linkeval"};

static int pg_refuses(const struct cli *c, const char *db)
{
	struct ct_error err = {0};

	if (!store_pg_is_url(db))
		return 0;
	for (size_t i = 0; i < sizeof(pg_commands) / sizeof(*pg_commands); i++)
		if (!strcmp(c->cmd, pg_commands[i]))
			return 0;
	err_set(&err, CT_ENOTSUP,
	        "%s is not available on the PostgreSQL backend yet (report, "
	        "statements, search, find, refs, cite, top, check, linkeval, "
	        "ingest and serve are)",
	        c->cmd);
	return cli_fail(&err);
}

/* The code of cli_open's last failure (the CLI runs one command). */
static int open_code;

int cli_open(struct cli *c, int flags, struct ct_index **idx)
{
	struct ct_error err = {0};
	const char *db = c->db ? c->db : getenv("CITECTX_DB");
	int prof = getenv("CITECTX_SQL_PROFILE") != NULL;
	int rc = pg_refuses(c, db);

	if (rc) {
		open_code = CT_ENOTSUP;
		return rc;
	}
	rc = ct_open(db && *db ? db : "citectx.db",
	             flags | (prof ? CT_OPEN_SQL_PROFILE : 0), idx, &err);

	if (!rc && prof)
		ct_sql_profile_use(*idx, print_sql_profile, NULL);
	open_code = rc ? err.code : 0;
	return rc ? cli_fail(&err) : 0;
}

/* An index that cannot be opened is bad input (2), unless the backend
 * cannot do the command yet or its server is out of reach (1). */
int cli_open_failed(int rc)
{
	return open_code == CT_ENOTSUP || open_code == CT_EUNAVAIL ? rc : 2;
}

int cli_write(const struct ct_buf *b)
{
	if (ct_buf_error(b)) { /* a cut document is never printed */
		fprintf(stderr, "citectx: writing the output failed: %s\n",
		        ct_strerror(ct_buf_error(b)));
		return 1;
	}
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return 1;
	return fflush(stdout) ? 1 : 0;
}

int cli_resolve_citing(struct cli *c, struct ct_index *idx)
{
	struct ct_error err = {0};

	if (!c->citing_id)
		return 0;
	if (ct_resolve(idx, c->citing_id, &c->q.citing, &err))
		return cli_fail(&err);
	return 0;
}
