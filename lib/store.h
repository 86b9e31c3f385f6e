/*
 * store.h — the index database.  The store layer (lib/store.c, the
 * lib/store_*.c files beside it and their private store_int.h) is the
 * only code that includes <sqlite3.h>.
 *
 * Owns the SQLite connection, the schema and its ordered migrations, and
 * every SQL statement of the project: fixed ones prepared once and cached
 * by enum index (enum store_sql), the faceted statement query built from
 * fixed fragments with every value bound.  Callers step rows through
 * struct store_row, a cursor valid until the next store_sql() of the same
 * statement or store_done().  Text columns stay valid until the next step.
 */
#ifndef CT_STORE_H
#define CT_STORE_H
#include <stdatomic.h>
#include <stdint.h>

#include "citectx.h"

enum store_sql {
	SQL_W_BY_DOI,
	SQL_W_BY_PMID,
	SQL_W_BY_PMCID,
	SQL_W_BY_FP,
	SQL_W_BY_ID,
	SQL_W_INSERT,
	SQL_W_IDS,
	SQL_W_CLEAR_IDS,
	SQL_W_ADD_IDS,
	SQL_W_MERGE_META,
	SQL_W_MOVE_REFS,
	SQL_W_MOVE_STMTS,
	SQL_W_MOVE_REFS_CITING,
	SQL_W_MOVE_STMTS_CITING,
	SQL_W_MOVE_AUTHORS,
	SQL_W_DEL_AUTHORS,
	SQL_W_DELETE,
	SQL_W_FILL,
	SQL_A_META,
	SQL_A_AUTHOR,
	SQL_A_DEL_FTS,
	SQL_A_DEL_STMTS,
	SQL_A_DEL_REFS,
	SQL_R_INSERT,
	SQL_S_INSERT,
	SQL_S_INSERT_KNOWN,
	SQL_S_FTS,
	SQL_RP_WORK,
	SQL_RP_AUTHORS,
	SQL_RP_CITING,
	SQL_RP_TALLIES,
	SQL_RP_SECTIONS,
	SQL_RP_YEARS,
	SQL_RP_NREFS,
	SQL_RP_REFS,
	SQL_RP_REF_TALLIES,
	SQL_RP_TOP,
	SQL_CK_ORPHAN_STMTS,
	SQL_CK_FTS_COUNT,
	SQL_CK_BAD_CTX,
	SQL_CK_BAD_OFFSETS,
	SQL_CK_DUP_IDS,
	/* issue 5: search, facets, the full report, notices, synthesis */
	SQL_Q_ROW,
	SQL_Q_HIGHLIGHT,
	SQL_N_INSERT,
	SQL_N_DELETE,
	SQL_W_MOVE_NOTICES,
	SQL_W_MOVE_NOTICES_CONCERNED,
	SQL_RP_NOTICES,
	SQL_RP_NOTICE_OF,
	SQL_RP_COCITED,
	SQL_RP_COUPLED,
	SQL_RP_SUMMARY,
	SQL_SY_SOURCES,
	SQL_SY_SOURCE,
	SQL_SY_BY_POPULARITY,
	SQL_S_TO_CLASSIFY,
	SQL_S_SET_TYPE,
	SQL_S_SILVER_POOL,
	SQL_AL_GET,
	SQL_AL_PUT,
	SQL_AL_MOVE,
	SQL_AL_OF,
	SQL_LR_INSERT,
	SQL_LR_CANDS,
	SQL_LR_MOVE,
	SQL_LR_DEL_CITING,
	SQL_S_JSELF,
	SQL_A_FILL_META,
	SQL_A_FILL_YEAR,
	SQL_LE_REFS,
	SQL_LE_MENTIONS,
	SQL_LR_MOVE_CITING,
	SQL_LE_REF,
	SQL_X_WORK,
	SQL_U_INSERT,
	SQL_U_BY_NAME,
	SQL_U_FAILURES,
	SQL_U_FAIL_ADD,
	SQL_U_FAIL_CLEAR,
	SQL_T_INSERT,
	SQL_T_USER,
	SQL_T_LIST,
	SQL_T_DELETE,
	SQL_RT_UPSERT,
	SQL_RT_DELETE,
	SQL_RT_STATS,
	SQL_RT_MINE,
	SQL_FL_UPSERT,
	SQL_FL_DELETE,
	SQL_FL_LIST,
	SQL_FO_INSERT,
	SQL_FO_DELETE,
	SQL_FO_LIST,
	SQL_FO_FEED,
	SQL_READ_BEGIN,
	SQL_READ_END,
	SQL_S_FTS_ROW,
	/* fcol.c: the search cache (facet values of every statement) */
	SQL_FC_MAXID,
	SQL_FC_ROWS,
	SQL_FC_DOCSIZE,
	SQL_FC_VERSION,
	SQL_Q_SPANS,
	/* match.c: the linking key filter */
	SQL_LR_KEYS,
	SQL_LR_MAXID,
	SQL_W_INSERT_FILLED,
	/* issue 16: finding works (works_fts, find.c) */
	SQL_WF_SYNC_DEL,
	SQL_WF_SYNC_ADD,
	SQL_WF_SYNC_CLEAR,
	SQL_WF_DIRTY,
	SQL_WF_MATCH,
	SQL_WF_MATCH_YEAR,
	SQL_WF_COUNT,
	SQL_WF_ONE,
	SQL_CK_WORKS_FTS,
	/* users.c: fair limits, token expiry, the feed secret (issue 19) */
	SQL_T_TRIM,
	SQL_U_SIGNUPS,
	SQL_U_SIGNUP_ADD,
	SQL_U_SIGNUP_PRUNE,
	SQL_FK_PUT,
	SQL_FK_DELETE,
	SQL_FK_USER,
	SQL_FK_CREATED,
	SQL_RT_OF_USER,
	SQL_FL_OF_USER,
	/* migration 12: the works index over works_text */
	SQL_WF_SYNC_TEXT_DEL,
	SQL_WF_SYNC_TEXT_ADD,
	/* issue 16: one card per citing sentence */
	SQL_Q_SENTENCE,
	/* linkeval.c's examples (store_link.c) */
	SQL_LE_WORK,
	SQL__COUNT
};

struct store;
struct store_row;

/* store_open's mode, bits: a read-only handle; a profiled one (its SQL
 * profile goes at store_close to the function store_profile_use set). */
enum { STORE_OPEN_READONLY = 1, STORE_OPEN_PROFILE = 2 };

int store_open(const char *path, int mode, struct store **out,
	       struct ct_error *err);
void store_profile_use(struct store *st, ct_sql_profile_fn fn, void *arg);
/* Before the process's first store_open: it will write much (ingest), so
 * its page cache is one resident mapping of huge pages (store.c). */
void store_bulk_process(void);
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

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
int store_in_transaction(struct store *st);
/* While this handle holds a write transaction begun by store_begin, a
 * number that names it (no other connection can commit until it ends);
 * 0 otherwise. */
uint64_t store_txn(struct store *st);

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

/* The cached statement k, reset and with its bindings cleared. */
struct store_row *store_sql(struct store *st, enum store_sql k);
void store_bind_int(struct store_row *r, int i, int64_t v);
void store_bind_double(struct store_row *r, int i, double v);
void store_bind_text(struct store_row *r, int i, const char *s); /* NULL ok */
/* 1 when a row is ready, 0 at the end, CT_EDB on error. */
int store_step(struct store_row *r);
/* Steps a statement that returns no row (or ignores them). */
int store_exec(struct store_row *r);
/* store_exec under store_deadline_hold: for what must not fail when a
 * request ran out of time (ending its read snapshot: a transaction left
 * open would break the connection for every later request). */
int store_exec_final(struct store_row *r);
int64_t store_int(struct store_row *r, int col);
double store_double(struct store_row *r, int col);
const char *store_text(struct store_row *r, int col); /* NULL when NULL */
int store_is_null(struct store_row *r, int col);
void store_done(struct store_row *r);
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

/* The faceted statement query.  kind selects the page (STORE_Q_PAGE) or
 * one facet's counts (the facet's own filter left out, so that each count
 * equals what selecting that value would return).  The returned row must
 * be freed with store_query_free(). */
enum store_qkind {
	STORE_Q_PAGE,
	STORE_Q_TYPE,
	STORE_Q_SECTION,
	STORE_Q_YEAR,
	STORE_Q_SELF,
	STORE_Q_PUBTYPE,
	STORE_Q_JSELF
};
struct store_cursor {
	int kind;	/* 0 none, 'o' offset, 'i' id, 'n'/'d' year, 'c' conf */
	int64_t id, off, year;
	double conf;
};
int store_query(struct store *st, const struct ct_query *q,
		const struct store_cursor *cur, enum store_qkind kind,
		struct store_row **out, struct ct_error *err);
void store_query_free(struct store_row *r);

/* The facet scan: every statement the base filters select (cited, citing,
 * text), none of the facet filters, with the columns that facets and sort
 * keys need (store_cols.h STORE_SCAN_COLS, then the bm25 of the text
 * query, 0 without one, lower is better, and the first statement of its
 * citing sentence), read by store_scan.c.  One pass yields a page and
 * every facet (see scan.h).  Free with store_query_free(); a bad FTS5
 * query fails at the first step. */
int store_scan(struct store *st, const struct ct_query *q,
	       struct store_row **out, struct ct_error *err);
/* Column order of SQL_Q_ROW (one statement with its works): see
 * store_cols.h STORE_STMT_COLS, read by store_stmts.c. */

/* Runs SQLite's integrity_check and FTS5's integrity-check; appends any
 * problem to report; CT_ECORRUPT when one is found. */
int store_integrity(struct store *st, struct ct_buf *report);

/* ---- the search cache (fcol.h) ------------------------------------------ */

/* The token count FTS5 recorded for one row of statements_fts_docsize
 * (column col of a SQL_FC_DOCSIZE row: the sz blob, one varint per
 * column of the table), or -1 when the blob is not one small varint. */
int64_t store_fts_doclen(struct store_row *r, int col);
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
/* The full-text matches of q->text as (0 statement id, 1 ct_rank, or
 * 0.0 when rank is 0): no join, no other filter; the caller filters and
 * counts from its cache.  Free with store_query_free(). */
int store_scan_ids(struct store *st, const struct ct_query *q, int rank,
		   struct store_row **out, struct ct_error *err);

#endif
