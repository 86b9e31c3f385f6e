/*
 * store.h — the index database.  The store layer (lib/store.c, the
 * lib/store_*.c files beside it and their private store_int.h) is the
 * only code that includes <sqlite3.h>.
 *
 * Owns the SQLite connection, the schema and its ordered migrations, and
 * every SQL statement of the project.  This header is the connection's
 * public side (open, transactions, deadlines, checkpoints, errors); rows
 * reach the rest of citectx only through the typed verbs of the
 * store_<area>.h headers.  The SQL statements, by enum, and the cursor
 * that steps them are private to the store layer: store_sql.h (issue 17).
 */
#ifndef CT_STORE_H
#define CT_STORE_H
#include <stdatomic.h>
#include <stdint.h>

#include "citectx.h"

struct store;

/* store_open's mode, bits: a read-only handle; a profiled one (its SQL
 * profile goes at store_close to the function store_profile_use set); a
 * read-only handle that walks the file once (pg-load's dump): no memory
 * map, whose touched pages would all count in the process's resident
 * memory, reads through the page cache instead. */
enum { STORE_OPEN_READONLY = 1, STORE_OPEN_PROFILE = 2, STORE_OPEN_STREAM = 4 };

int store_open(const char *path, int mode, struct store **out,
               struct ct_error *err);
void store_profile_use(struct store *st, ct_sql_profile_fn fn, void *arg);
/* Before the process's first store_open: it will write much (ingest), so
 * its page cache is one resident mapping of huge pages (store.c), of kb
 * KiB (0: the writer's default, 160 MB). */
void store_bulk_process(int kb);
/* The cache of an ingest into PostgreSQL, whose staging index's writer is
 * not what bounds it (the shipment is): 96 MB. */
#define STAGING_CACHE_KB 98304
void store_close(struct store *st);

/* How long (ms) a statement waits for another connection's lock before it
 * fails busy (store_error_is_busy); 10 s unless set. */
void store_busy_limit(struct store *st, int ms);
/* Deadlines: once *at (store_clock_ns() time; 0 = none) has passed, every
 * statement of st stops and fails (SQLite's progress handler, looked at
 * every STORE_PROGRESS_STEPS steps, also inside FTS5's page reads) and a
 * wait for the write lock ends (CT_EBUSY).  *at is read atomically at each
 * look, so another thread may bring it forward.  at NULL: no deadline.
 * The pointer is borrowed until the next call or store_close. */
void store_deadline_use(struct store *st, const _Atomic int64_t *at);
/* Between hold and release (they nest) the deadline does not apply,
 * unless it is CT_DEADLINE_NOW: for work that is the index's, not the
 * request's (the search cache's load), or must not fail (store_exec_final). */
void store_deadline_hold(struct store *st);
void store_deadline_release(struct store *st);
/* 1 when the deadline stopped a statement or a wait since it was last
 * cleared; clear resets it. */
int store_deadline_hit(struct store *st, int clear);
/* The monotonic clock in nanoseconds (CLOCK_MONOTONIC). */
int64_t store_clock_ns(void);

/* One object another module keeps with this handle (match.c's filter of
 * linking keys), freed by free_fn at store_close; NULL until set. */
void *store_slot(struct store *st);
void store_slot_set(struct store *st, void *p, void (*free_fn)(void *));

/* A commit that leaves the WAL longer than this copies it into the
 * database (a checkpoint). */
#define STORE_WAL_BYTES ((int64_t)32 << 20)
/* The page size of a new index (an existing one keeps its own): against
 * 4 KB, the corpus's ingest spends 10% less time in the store and commits
 * in two thirds of the time (fewer, fuller b-tree pages to write), and a
 * report or a search is as fast (docs/BENCHMARKS.md). */
#define STORE_PAGE_SIZE 16384

/* Works merged through this handle (link.c counts them): a caller that
 * read a work's fields before may rely on them while this stays put. */
void store_count_merge(struct store *st);
uint64_t store_merges(struct store *st);

/* The database file's name; NULL for an index in memory. */
const char *store_filename(struct store *st);
/* on: SQLite copies the WAL into the database when a commit leaves it
 * longer than STORE_WAL_BYTES; off: never (ingest_ckpt.c checkpoints on
 * another connection). */
int store_autocheckpoint(struct store *st, int on);
/* With autocheckpoint off: the WAL's length (bytes) after the last commit. */
int64_t store_wal_bytes(struct store *st);
/* A passive checkpoint: copies what no reader still needs, never waits
 * for a lock.  *frames is the WAL's length, *copied how much of it is in
 * the database now. */
int store_checkpoint(struct store *st, int *frames, int *copied);

/* An ingest's hook on its batches is called (index.h: ct_ingest_on_commit)
 * in a batch's open transaction before its COMMIT, after the COMMIT, and
 * once at the end of an ingest (the last batch committed or rolled back);
 * CT_BATCH_IN_FLIGHT asks (1: yes, 0: no, never an error) whether the
 * batch before is still being shipped. */
enum {
	CT_BATCH_BEFORE_COMMIT,
	CT_BATCH_COMMITTED,
	CT_BATCH_END,
	CT_BATCH_IN_FLIGHT
};

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
int store_in_transaction(struct store *st);
/* While this handle holds a write transaction begun by store_begin, a
 * number that names it (no other connection can commit until it ends);
 * 0 otherwise. */
uint64_t store_txn(struct store *st);
/* 1 when st is a PostgreSQL index (store_ops.h), else 0. */
int store_is_pg(const struct store *st);

/* Full-text indexing of new statements is deferred to the commit: FTS5
 * writes its pending terms out as a new segment at every savepoint, and a
 * savepoint per article made ingest write (and later merge) one tiny
 * segment per article.  store_fts_add queues statement id (of citing work
 * `citing`) for the FTS at store_commit; outside a transaction it indexes
 * at once.  A rolled-back transaction drops what it queued.
 * store_fts_before_delete must run before a work's statements are deleted
 * (their FTS entries removed): it indexes that work's queued statements
 * first, so the delete finds them. */
int store_fts_add(struct store *st, int64_t id, int64_t citing);
int store_fts_before_delete(struct store *st, int64_t citing);

int64_t store_last_id(struct store *st);
const char *store_errmsg(struct store *st);
/* True when the last error is SQLite's plain SQLITE_ERROR, which a bad
 * full-text query raises, rather than I/O, locking or corruption. */
int store_error_is_input(struct store *st);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t store_changes(struct store *st);
/* True when the last error is a UNIQUE or other constraint violation. */
int store_error_is_constraint(struct store *st);
/* True when the last error was a lock still held after busy_poll's wait
 * (another writer: an ingest's batch, a checkpoint). */
int store_error_is_busy(struct store *st);
/* The code a failed store call's rc is reported with: a server out of
 * reach (CT_EUNAVAIL: a PostgreSQL server, a Citus worker) and a busy
 * index (CT_EBUSY) as they are, "try again"; a verb the index's backend
 * does not have yet (CT_ENOTSUP: 501, exit status 3) as it is; CT_EDB
 * otherwise. */
static inline int store_fail_code(int rc)
{
	return rc == CT_EUNAVAIL || rc == CT_EBUSY || rc == CT_ENOTSUP ? rc
	                                                               : CT_EDB;
}

/* Runs SQLite's integrity_check and FTS5's integrity-check; appends any
 * problem to report; CT_ECORRUPT when one is found. */
int store_integrity(struct store *st, struct ct_buf *report);

/* ---- the search cache (fcol.h) ------------------------------------------ */

/* What changes whenever the index may have changed since the last call
 * saw it: SQLite's data_version (commits by other connections) and this
 * connection's own total of changed rows.  Starts a read transaction when
 * called inside BEGIN, so the stamp is the snapshot's.  0 on success. */
int store_stamp(struct store *st, uint64_t stamp[2]);
/* True while this connection holds a write transaction (its reads see
 * uncommitted rows that a rollback may undo). */
int store_writing(struct store *st);
/* Installs the rank function ct_rank(statements_fts) on this connection
 * (once) and gives it the token count of each statement id below n
 * (len[id], or UINT32_MAX when unknown), borrowed until the next call.
 * ct_rank is FTS5's bm25() with every constant, IDF and average of the
 * built-in, computed in the same order, but the row's length read from
 * len instead of from statements_fts_docsize (one B-tree seek per
 * match); a row without a known length falls back to FTS5's own.  So it
 * returns bm25()'s very doubles (unit test t_search_cache_rank). */
int store_rank_use(struct store *st, const uint32_t *len, int64_t n);

#endif
