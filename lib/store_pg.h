/*
 * store_pg.h — the PostgreSQL store (issue 18), its first part: the schema
 * laid out for distribution, created on plain PostgreSQL 15 by
 * `citectx pg-init`, and the mapping of SQLSTATEs to citectx's error codes.
 * The reads and writes of an index on PostgreSQL come with the backend
 * seam (the store's verbs, issue 17); until then the other commands refuse
 * a postgresql:// index with a message that says so.
 *
 * The only file that includes <libpq-fe.h>.
 */
#ifndef CT_STORE_PG_H
#define CT_STORE_PG_H

#include "citectx.h"

/* The schema version pg-init writes (citectx_meta 'schema'). */
#define STORE_PG_SCHEMA 1

/* True when db names a PostgreSQL database (a postgresql:// or
 * postgres:// URI, libpq's own syntax) rather than an SQLite file. */
int store_pg_is_url(const char *db);

/* What pg-init made. */
struct store_pg_init_stats {
	int tables;      /* tables created */
	int distributed; /* of them, with a distribution key */
	int reference;   /* of them, small tables every node holds whole */
	int server;      /* the server's version number, e.g. 150018 */
	int shards;      /* --citus: the shards made (pg_dist_shard), or 0 */
	char citus[32];  /* --citus: the extension's version, or "" */
};

/* store_pg_init's flags. */
enum {
	/* on a Citus coordinator, also distribute the tables: reference
	 * tables first, then each distributed table on its key, colocated
	 * as store_pg.c's table says.  CT_EUSAGE when the database has no
	 * citus extension. */
	STORE_PG_CITUS = 1,
};

/* Creates citectx's tables, indexes and sequences in the database conninfo
 * names (flags: STORE_PG_*), in one transaction: all or nothing.
 * CT_EEXIST when the database already holds a citectx schema; CT_EBUSY
 * when the server cannot be reached (the message names host:port); CT_EDB
 * for anything else the server refuses (its first line). */
int store_pg_init(const char *conninfo, unsigned flags,
                  struct store_pg_init_stats *st, struct ct_error *err);

/* The CT_E* code for a five-character SQLSTATE: unique violation ->
 * CT_EEXIST; serialization failure, deadlock, lock not available and the
 * connection class -> CT_EBUSY (try again); too-long or malformed
 * values -> CT_ELIMIT / CT_EPARSE; anything else -> CT_EDB. */
int store_pg_errcode(const char *sqlstate);

/* Appends the DDL pg-init runs to out (`citectx pg-init --print`): each
 * table's distribution key, or that it is a reference table, in a
 * comment before it; with STORE_PG_CITUS, then the calls that distribute
 * the tables.  0, or CT_ENOMEM. */
int store_pg_ddl(unsigned flags, struct ct_buf *out);

#endif
