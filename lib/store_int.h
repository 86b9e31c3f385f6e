/*
 * store_int.h — the store layer's private header: struct store and the
 * few helpers its files (lib/store*.c) share.  Nothing outside the store
 * layer includes it; the public contract is store.h.
 */
#ifndef CT_STORE_INT_H
#define CT_STORE_INT_H
#include <stdatomic.h>
#include <stdint.h>

#include <sqlite3.h>

#include "schema.h"
#include "store.h"
#include "store_sql.h"

struct store_row {
	sqlite3_stmt *s;
	struct store *st;
	int owned; /* a dynamic query, finalized by store_query_free */
};

/* Statements inserted in the open transaction, not yet in the FTS:
 * ids[done..n) are queued; works[] are their citing works (consecutive
 * duplicates collapsed). */
struct fts_queue {
	int64_t *ids, *works;
	size_t n, cap, done, nworks, wcap;
};

struct store_rank;
struct sql_prof;

struct store_pg;

struct store {
	const struct store_ops *ops; /* the backend (store_ops.h) */
	struct store_pg *pg;         /* PostgreSQL's state, or NULL */
	sqlite3 *db; /* SQLite; on PostgreSQL an empty database in memory */
	struct store_row rows[SQL__COUNT];
	struct fts_queue fq;
	struct sql_prof *prof;
	void *slot;
	void (*slot_free)(void *);
	int busy_ms;     /* busy_poll's limit */
	uint64_t txns;   /* write transactions begun (store_txn) */
	uint64_t merges; /* works merged through this handle */
	int wal_frames;  /* the WAL's length after the last commit, when
	                  * autocheckpoint is off (store_wal_bytes) */
	int page_size;
	struct store_rank *rank; /* ct_rank's state, owned by FTS5 (fcol.h) */
	const _Atomic int64_t *deadline; /* store_deadline_use; NULL: none */
	int deadline_hit;                /* a statement was stopped by it */
	int deadline_held;               /* > 0: only CT_DEADLINE_NOW applies */
};

/* store_pg_read.c: on a PostgreSQL store, a statement of a verb not yet
 * ported failed to prepare (on the empty SQLite in memory): st's message
 * says so.  CT_EDB. */
int store_pg_not_yet(struct store *st);

/* store.c: opens st->db as an empty SQLite database in memory (the
 * PostgreSQL backend's, for the verbs it does not implement); 0 or
 * CT_ENOMEM. */
int store_sqlite_memory(struct store *st);

/* store_stmt.c: prepares statement k once (on first use), 0 or CT_EDB */
int store_prepare(struct store *st, enum store_sql k);

/* store_fts.c: the queue of statements awaiting the full-text index;
 * store_fq_flush indexes them (store_commit), store_fq_clear forgets them
 * (a new transaction, a rollback) */
void store_fq_clear(struct fts_queue *q);
int store_fq_flush(struct store *st);

/* store_prof.c: the SQL profile (STORE_OPEN_PROFILE), started by
 * store_open; store_close reads the page cache's counts before closing
 * the connection and ends the profile after (st->prof may be NULL). */
void store_prof_start(struct store *st);
void store_prof_cache(struct store *st);
void store_prof_end(struct sql_prof *pf);

#endif
