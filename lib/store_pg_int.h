/*
 * store_pg_int.h — private to the PostgreSQL store (lib/store_pg*.c):
 * the connection, command and error helpers its files share, over libpq.
 * Nothing outside lib/store_pg*.c includes it.
 */
#ifndef CT_STORE_PG_INT_H
#define CT_STORE_PG_INT_H
#include <stddef.h>

#include <libpq-fe.h>

#include "store_pg.h"

/* Connects to conninfo: CT_EBUSY naming host:port when the server cannot
 * be reached, CT_EUSAGE when it is older than PostgreSQL 15; *server is
 * its version number. */
int pg_connect(const char *conninfo, PGconn **out, int *server,
               struct ct_error *err);
/* err set to code with libpq's message (its first line), naming the
 * server's host:port and what was being done. */
void pg_err(struct ct_error *err, int code, PGconn *c, const char *what);
/* Runs one command; on failure sets err from its SQLSTATE. */
int pg_run(PGconn *c, const char *sql, const char *what, struct ct_error *err);
/* *exists: the database holds citectx's schema (citectx_meta). */
int pg_exists(PGconn *c, int *exists, struct ct_error *err);
/* Creates citectx's tables (with their primary keys), inside the
 * caller's transaction, counting them in st; then pg_create_after their
 * other indexes and the sequences (after a bulk load: building an index
 * over rows costs less than keeping it up to date row by row), and
 * pg_create_meta the schema's version in citectx_meta. */
int pg_create_tables(PGconn *c, struct store_pg_init_stats *st,
                     struct ct_error *err);
int pg_create_after(PGconn *c, struct ct_error *err);
int pg_create_meta(PGconn *c, struct ct_error *err);
/* The tables pg_create makes, by index (NULL past the last). */
size_t pg_ntables(void);
const char *pg_table_name(size_t i);

#endif
