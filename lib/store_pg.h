/*
 * store_pg.h — the PostgreSQL store (issue 18), its first part: the schema
 * laid out for distribution, created on plain PostgreSQL 15 by
 * `citectx pg-init`, and the mapping of SQLSTATEs to citectx's error codes.
 * The reads and writes of an index on PostgreSQL come with the backend
 * seam (the store's verbs, issue 17); until then the other commands refuse
 * a postgresql:// index with a message that says so.
 *
 * lib/store_pg*.c are the only files that include <libpq-fe.h>.
 */
#ifndef CT_STORE_PG_H
#define CT_STORE_PG_H

#include <stdint.h>

#include "citectx.h"

/* The schema version pg-init writes (citectx_meta 'schema'). */
#define STORE_PG_SCHEMA 5

/* True when db names a PostgreSQL database (a postgresql:// or
 * postgres:// URI, libpq's own syntax) rather than an SQLite file. */
int store_pg_is_url(const char *db);

/* What pg-init made. */
struct store_pg_init_stats {
	int tables;      /* tables created */
	int distributed; /* of them, with a distribution key */
	int reference;   /* of them, small tables every node holds whole */
	int server;      /* the server's version number, e.g. 150018 */
	int shards;      /* --citus: the shards made (pg_dist_shard); --fdw:
	                  * the foreign partitions; or 0 */
	char citus[32];  /* --citus: the extension's version, or "" */
	int fdw;         /* --fdw: the shard servers, or 0 */
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

/* The most shard servers pg-init --fdw takes. */
#define STORE_PG_FDW_MAX 64

/* store_pg_init's layout over shard servers with postgres_fdw (the test
 * lane L2, store_pg_fdw.c): shards is a comma-separated list of
 * postgresql:// URLs, as the coordinator (conninfo) reaches them and as
 * this process does.  On each shard the distributed tables with their
 * keys and indexes; on the coordinator a postgres_fdw server and a user
 * mapping for PUBLIC per shard (the URL's user and password), each
 * distributed table partitioned by hash on its key into one foreign
 * partition per shard (no primary key on the coordinator: PostgreSQL 15
 * allows no unique index over foreign partitions), the reference tables,
 * sequences and citectx_meta local.  Each server's part in one
 * transaction, the shards' committed first, then the coordinator's (no
 * two-phase commit).  CT_EUSAGE for a bad list, a shard that is the
 * coordinator or another shard; CT_EEXIST when the coordinator holds an
 * index or a shard citectx's tables; CT_EUNAVAIL naming host:port for a
 * server out of reach. */
int store_pg_init_fdw(const char *conninfo, const char *shards,
                      struct store_pg_init_stats *st, struct ct_error *err);
/* Appends the DDL store_pg_init_fdw runs to out (`pg-init --fdw URLS
 * --print`): each shard's, then the coordinator's.  CT_EUSAGE for a bad
 * list, CT_ENOMEM. */
int store_pg_ddl_fdw(const char *shards, struct ct_buf *out,
                     struct ct_error *err);

/* The CT_E* code for a five-character SQLSTATE: unique violation ->
 * CT_EEXIST; serialization failure, deadlock, lock not available and the
 * connection class -> CT_EBUSY (try again); too-long or malformed
 * values -> CT_ELIMIT / CT_EPARSE; anything else -> CT_EDB. */
int store_pg_errcode(const char *sqlstate);

/* What pg-load copied: each table of the SQLite index (its name there)
 * with its rows and how many of its text values were repaired (not valid
 * UTF-8, or holding a NUL byte). */
#define STORE_PG_LOAD_TABLES 32
struct store_pg_load_table {
	const char *name; /* static */
	int64_t rows, repaired;
};
struct store_pg_load_stats {
	struct store_pg_load_table t[STORE_PG_LOAD_TABLES];
	int n;
	int64_t identifiers; /* rows of identifiers: works' DOI, PMID, PMCID
	                      * and the aliases that repeat none of them */
	int64_t repaired;    /* text values repaired, all tables */
	int created;         /* the schema was made by this load */
	int server;          /* the server's version number */
	int sqlite_schema;   /* the SQLite index's schema version */
	double seconds;
};

/* Copies the SQLite index at from (opened read-only, read in one
 * snapshot) into the PostgreSQL database conninfo names, in one
 * transaction: all rows or none.  An empty database gets pg-init's schema
 * first (in the same transaction); one that holds citectx's schema must
 * be of this program's version with no row in any table (CT_EEXIST
 * otherwise).  Every table that holds data is copied through binary COPY
 * with its ids as they are; identifiers is filled from the works' own
 * identifiers and the aliases; the sequences start after the largest
 * ids.  Text that is not valid UTF-8 is repaired (each byte that starts
 * no valid sequence becomes U+FFFD, as the JSON writer does; a NUL ends
 * the value) and counted.  CT_ESCHEMA when either side's schema version
 * is not this program's, or a column of the index has no column of the
 * same name in PostgreSQL; CT_EBUSY naming host:port when the server
 * cannot be reached or the connection is lost; CT_EPARSE / CT_ELIMIT
 * for a value PostgreSQL's column cannot hold (naming table, row,
 * column); the server's own refusals by their SQLSTATE. */
int store_pg_load(const char *from, const char *conninfo,
                  struct store_pg_load_stats *st, struct ct_error *err);

/* ---- ingest into PostgreSQL, batch by batch (store_pg_ship.c) ---------
 *
 * The ingest writes a staging index (SQLite, kept between runs: its
 * journal, store_stage.h) and each batch it commits is shipped to the
 * PostgreSQL index in one transaction. */
struct store;
struct store_pg_ship;
struct store_pg_ship_stats {
	int64_t batches, rows, repaired; /* shipped, copied, text repaired */
	double seconds;                  /* shipping took */
};
/* Connects to conninfo for an ingest: an empty database (or none: pg-init's
 * schema made) gets a new index id; one an ingest filled must have its
 * staging index.  staging: the staging's path (--staging, $CITECTX_STAGING),
 * NULL for STATE/citectx/ID.db, state the caller's folder for such files
 * (the CLI's ${XDG_STATE_HOME:-$HOME/.local/state}; NULL: none, then a
 * staging must be given).  CT_EEXIST for an index filled otherwise
 * (pg-load), CT_ENOTFOUND naming the path when its staging is missing,
 * CT_EUNAVAIL naming host:port. */
int store_pg_ship_open(const char *conninfo, const char *staging,
                       const char *state, struct store_pg_ship **out,
                       struct ct_error *err);
/* The staging index's path, to open (an SQLite index, made if absent). */
const char *store_pg_ship_path(const struct store_pg_ship *sh);
/* st, opened at that path, made or checked as the index's staging
 * (CT_EEXIST when it belongs to another index, or is no staging), and a
 * batch its journal holds that PostgreSQL lacks shipped now (a run that
 * stopped between the two commits); one PostgreSQL has, dropped. */
int store_pg_ship_attach(struct store_pg_ship *sh, struct store *st,
                         struct ct_error *err);
/* ct_ingest_on_commit's hook on the staging st (arg: the store_pg_ship).
 * when CT_BATCH_COMMITTED: the batch its journal holds handed to the
 * ship thread, which ships it in one PostgreSQL transaction while the
 * next batch writes; CT_BATCH_BEFORE_COMMIT: that shipment waited for
 * and its journal cleared in the open transaction; CT_BATCH_END: waited
 * for and its journal cleared; CT_BATCH_IN_FLIGHT: 1 while it ships.  A failed
 * shipment (PostgreSQL has none of it, the journal keeps it) is the error of
 * the next call. */
int store_pg_ship_batch(void *arg, struct store *st, int when,
                        struct ct_error *err);
/* Two lanes when lanes >= 2 (ingest --workers 2 and more): a second
 * connection, so that a batch's new rows are copied while the batch
 * before still ships; the COMMITs stay in the batches' order, and the
 * journal holds at most the two batches in flight. */
int store_pg_ship_lanes(struct store_pg_ship *sh, int lanes,
                        struct ct_error *err);
void store_pg_ship_close(struct store_pg_ship *sh,
                         struct store_pg_ship_stats *stats);

/* Appends the DDL pg-init runs to out (`citectx pg-init --print`): each
 * table's distribution key, or that it is a reference table, in a
 * comment before it; with STORE_PG_CITUS, then the calls that distribute
 * the tables.  0, or CT_ENOMEM. */
int store_pg_ddl(unsigned flags, struct ct_buf *out);

/* ---- the integrity check (store_pg_check.c) ---------------------------
 * `citectx check` on an index st opened on PostgreSQL: the schema
 * version, a UTF8 database, each statement's distribution key, each
 * derived table equal to its source, the pointers between tables, the
 * sequences past the ids, in one read snapshot; each problem one line
 * of report.  1 when one was found, else 0. */
int store_pg_check(struct store *st, struct ct_buf *report);

#endif
