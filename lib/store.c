/* store.c — the index database: the connection, its setup and migrations,
 * deadlines, transactions and checkpoints (see store.h; the other parts
 * of the store layer are lib/store_*.c, sharing store_int.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "store_int.h"
#include "store_ops.h"
#include "store_pg.h"

static int store_exec_sql(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK
	           ? 0
	           : CT_EDB;
}

/* The database's page size (4096 when it cannot be read). */
static int page_size(struct store *st)
{
	sqlite3_stmt *s;
	int n = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return n >= 512 && n <= 65536 ? n : 4096;
}

static int store_migrate(struct store *st, struct ct_error *err,
                         const char *path)
{
	sqlite3_stmt *s;
	int v = 0, rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
		return err_set(err, CT_EDB, "%s: %s", path,
		               sqlite3_errmsg(st->db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (v > (int)store_nmigrations)
		return err_set(err, CT_ESCHEMA,
		               "%s: schema version %d is newer "
		               "than this program's %d",
		               path, v, (int)store_nmigrations);
	for (; v < (int)store_nmigrations && !rc; v++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		         v + 1);
		rc = store_exec_sql(st, "BEGIN IMMEDIATE");
		if (!rc)
			rc = store_exec_sql(st, store_migrations[v]);
		if (!rc)
			rc = store_exec_sql(st, pragma);
		if (!rc)
			rc = store_exec_sql(st, "COMMIT");
		if (rc) {
			err_set(err, CT_EDB, "%s: migration %d: %s", path,
			        v + 1, sqlite3_errmsg(st->db));
			store_exec_sql(st, "ROLLBACK");
		}
	}
	return rc;
}

/* Waiting for another connection's write lock: poll every millisecond
 * for up to STORE_BUSY_MS.  SQLite's own busy timeout sleeps ever longer
 * (100 ms at the end) and so almost never sees the short gap an ingest
 * leaves between two batches (see ingest_pipeline.c, BATCH_GAP_MS): a user's
 * write through the server waited seconds. */
#define STORE_BUSY_MS 10000

static int deadline_passed(struct store *st);

static int busy_poll(void *ctx, int tries)
{
	struct store *st = ctx;
	struct timespec ms = {0, 1000000};

	/* a request past its deadline stops waiting too (SQLITE_BUSY) */
	if (tries >= st->busy_ms || deadline_passed(st))
		return 0;
	nanosleep(&ms, NULL);
	return 1;
}

/* ---- deadlines (store.h store_deadline_use) --------------------------------
 */

/* How many virtual-machine steps between two looks at the clock: about
 * 10-50 µs of work, so a look (a vDSO clock read, ~25 ns) costs under
 * 0.3%.  FTS5 reads its pages through small statements of their own, so
 * the handler also runs inside one long full-text step (a prefix query's
 * merge): the longest gap measured on the corpus was 0.29 s, for
 * `a* OR ... OR z*` on a loaded machine. */
#define STORE_PROGRESS_STEPS 1000

int64_t store_clock_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int deadline_passed(struct store *st)
{
	int64_t at = st->deadline ? atomic_load_explicit(st->deadline,
	                                                 memory_order_relaxed)
	                          : 0;

	if (!at || (at != CT_DEADLINE_NOW &&
	            (st->deadline_held || store_clock_ns() < at)))
		return 0;
	st->deadline_hit = 1;
	return 1;
}

/* SQLite's progress handler: non-zero stops the statement (SQLITE_INTERRUPT).
 */
static int deadline_cb(void *ctx)
{
	return deadline_passed(ctx);
}

void sqlite_deadline_use(struct store *st, const _Atomic int64_t *at)
{
	st->deadline = at;
	sqlite3_progress_handler(st->db, at ? STORE_PROGRESS_STEPS : 0,
	                         at ? deadline_cb : NULL, st);
}

int store_deadline_hit(struct store *st, int clear)
{
	int hit = st->deadline_hit;

	if (clear)
		st->deadline_hit = 0;
	return hit;
}

void store_deadline_hold(struct store *st)
{
	st->deadline_held++;
}

void store_deadline_release(struct store *st)
{
	st->deadline_held--;
}

/* The writer's page cache: 160 MB (PRAGMA cache_size), in slots of a new
 * index's page size. */
#define CACHE_KB   163840
#define CACHE_PAGE STORE_PAGE_SIZE
#define STR_(x)    #x
#define STR(x)     STR_(x)

/* Once per process, before SQLite initialises: no memory statistics (they
 * take a global mutex at every allocation; citectx never reads them).  In
 * a process that writes much (store_bulk_process: ingest), also the page
 * caches of all its connections in one mapping of CACHE_KB, backed by 2 MB
 * pages where the kernel allows (madvise; Linux's default "madvise" mode):
 * the writer walks b-tree pages all over its cache, and with 4 KB pages
 * the store thread ran at a quarter of the reader's instructions per
 * cycle (docs/BENCHMARKS.md).  SQLite links every slot of the mapping at
 * once, so it is all resident from the start: a one-shot reader must not
 * pay for it (report: 20 -> 57 ms a process).  When it is full SQLite
 * recycles cached pages rather than allocate more; a page that does not
 * fit a slot is malloc'ed. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static int bulk_process, cache_kb = CACHE_KB;

void store_bulk_process(int kb)
{
	bulk_process = 1;
	if (kb > 0)
		cache_kb = kb;
}

static void sqlite_setup(void)
{
	int hdr = 0;
	size_t line, n = (size_t)cache_kb * 1024 / CACHE_PAGE, len;
	void *p;

	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!bulk_process ||
	    sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
		return;
	line = (CACHE_PAGE + (size_t)hdr + 7) & ~(size_t)7;
	len = line * n;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE);
#endif
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, p, (int)line, (int)n) !=
	    SQLITE_OK)
		munmap(p, len);
}

int store_open(const char *path, int mode, struct store **out,
               struct ct_error *err)
{
	int readonly = mode & STORE_OPEN_READONLY;
	struct store *st = calloc(1, sizeof(*st));
	int flags = readonly ? SQLITE_OPEN_READONLY
	                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = 0;

	*out = NULL;
	if (store_pg_is_url(path)) {
		free(st);
		return store_pg_open(path, mode, out, err);
	}
	if (!st)
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
	st->ops = &store_sqlite_ops;
	pthread_once(&sqlite_once, sqlite_setup);
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL)) {
		rc = err_set(err, CT_EDB, "%s: cannot open index: %s", path,
		             st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* Small allocations (cursors, records, expression values) from the
	 * connection's own slots: 1 MB instead of SQLite's default 120 KB
	 * (with the statistics off, 1-2 s of the writer's 31 s in one run
	 * each: within the run-to-run spread, BENCHMARKS.md).  A no-op where
	 * SQLite is built without lookaside (Debian's: OMIT_LOOKASIDE). */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 512, 2000);
	st->busy_ms = STORE_BUSY_MS;
	sqlite3_busy_handler(st->db, busy_poll, st);
	if (mode & STORE_OPEN_PROFILE)
		store_prof_start(st);
	/* A new file takes our page size (an index keeps the one it has).
	 * WAL: readers never block the writer; synchronous=NORMAL keeps every
	 * committed transaction across a process crash (only power loss may
	 * lose the last ones, never consistency). */
	if (!readonly &&
	    store_exec_sql(
	        st, "PRAGMA page_size = " STR(
	                STORE_PAGE_SIZE) ";"
	                                 "PRAGMA journal_mode = WAL;"
	                                 "PRAGMA synchronous = NORMAL;")) {
		rc = err_set(err, CT_EDB, "%s: not an index: %s", path,
		             sqlite3_errmsg(st->db));
		goto out;
	}
	st->page_size = page_size(st);
	{
		char pragmas[160];
		/* pages smaller than the slots of a bulk process's cache
		 * (an index made with 4 KB pages) take a slot each: as many
		 * pages as slots, or SQLite would malloc the rest */
		int kb = bulk_process && st->page_size < CACHE_PAGE
		             ? cache_kb / (CACHE_PAGE / st->page_size)
		             : cache_kb;

		snprintf(pragmas, sizeof(pragmas),
		         "PRAGMA cache_size = -%d; PRAGMA temp_store = MEMORY;"
		         " PRAGMA wal_autocheckpoint = %d;",
		         kb, (int)(STORE_WAL_BYTES / st->page_size));
		store_exec_sql(st, pragmas);
	}
	/* Reads through a memory map: a facet scan touches tens of thousands
	 * of index pages, and a read() per page costs more than the scan.
	 * Only for readers: a writer (ingest) gains nothing from it, and the
	 * mapped pages it touches would count in its resident memory. */
	if (readonly && !(mode & STORE_OPEN_STREAM))
		store_exec_sql(st, "PRAGMA mmap_size = 2147418112;");
	rc = readonly ? 0 : store_migrate(st, err, path);
	/* a file that is not an index fails here rather than on first use */
	if (!rc && store_prepare(st, SQL_W_BY_ID))
		rc = err_set(err, CT_EDB, "%s: not an index: %s", path,
		             sqlite3_errmsg(st->db));
out:
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

int store_sqlite_memory(struct store *st)
{
	pthread_once(&sqlite_once, sqlite_setup);
	return sqlite3_open_v2(":memory:", &st->db,
	                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                       NULL)
	           ? CT_ENOMEM
	           : 0;
}

void sqlite_close(struct store *st)
{
	if (!st)
		return;
	for (int k = 0; k < SQL__COUNT; k++)
		sqlite3_finalize(st->rows[k].s);
	free(st->fq.ids);
	free(st->fq.works);
	if (st->slot_free)
		st->slot_free(st->slot);
	store_prof_cache(st); /* before the close, the profile after */
	sqlite3_close(st->db);
	store_prof_end(st->prof);
	free(st);
}
void store_busy_limit(struct store *st, int ms)
{
	st->busy_ms = ms;
}

void *store_slot(struct store *st)
{
	return st->slot;
}

void store_slot_set(struct store *st, void *p, void (*free_fn)(void *))
{
	if (st->slot_free && st->slot != p)
		st->slot_free(st->slot);
	st->slot = p;
	st->slot_free = free_fn;
}

int store_begin(struct store *st)
{
	if (st->pg) /* no writes on PostgreSQL yet (but users') */
		return store_pg_not_yet(st);
	store_fq_clear(&st->fq);
	st->txns++;
	return store_exec_sql(st, "BEGIN IMMEDIATE");
}

int store_is_pg(const struct store *st)
{
	return st->pg != NULL;
}

uint64_t store_txn(struct store *st)
{
	return store_writing(st) ? st->txns : 0;
}

void store_count_merge(struct store *st)
{
	st->merges++;
}

uint64_t store_merges(struct store *st)
{
	return st->merges;
}

const char *store_filename(struct store *st)
{
	const char *f = sqlite3_db_filename(st->db, "main");

	return f && *f ? f : NULL;
}

static int wal_frames_hook(void *ctx, sqlite3 *db, const char *name, int n)
{
	(void)db;
	(void)name;
	((struct store *)ctx)->wal_frames = n;
	return SQLITE_OK;
}

int store_autocheckpoint(struct store *st, int on)
{
	int pages = on ? (int)(STORE_WAL_BYTES / st->page_size) : 0;

	/* SQLite's autocheckpoint is a WAL hook: ours replaces it */
	if (pages <= 0) {
		sqlite3_wal_hook(st->db, wal_frames_hook, st);
		return 0;
	}
	return sqlite3_wal_autocheckpoint(st->db, pages) == SQLITE_OK ? 0 : -1;
}

int64_t store_wal_bytes(struct store *st)
{
	return (int64_t)st->wal_frames * st->page_size;
}

int store_checkpoint(struct store *st, int *frames, int *copied)
{
	*frames = *copied = 0;
	return sqlite3_wal_checkpoint_v2(st->db, NULL,
	                                 SQLITE_CHECKPOINT_PASSIVE, frames,
	                                 copied) == SQLITE_OK
	           ? 0
	           : -1;
}

/* works_fts in step before a commit (migrations 10, 12): the works its
 * triggers named since the last commit are re-indexed, in five
 * statements whatever their number. */
static const enum store_sql wf_sync[] = {
    SQL_WF_SYNC_DEL, SQL_WF_SYNC_TEXT_DEL, SQL_WF_SYNC_TEXT_ADD,
    SQL_WF_SYNC_ADD, SQL_WF_SYNC_CLEAR,
};

static int works_sync(struct store *st)
{
	struct store_row *r = store_sql(st, SQL_WF_DIRTY);
	int rc = store_step(r), dirty = rc == 1 && store_int(r, 0);

	store_done(r);
	if (rc < 0)
		return rc;
	if (!dirty)
		return 0;
	rc = 0;
	for (size_t i = 0; i < sizeof(wf_sync) / sizeof(*wf_sync) && !rc; i++)
		rc = store_exec(store_sql(st, wf_sync[i]));
	return rc;
}

int store_commit(struct store *st)
{
	int rc = store_fq_flush(st);

	if (!rc)
		rc = works_sync(st);

	if (!rc)
		rc = store_exec_sql(st, "COMMIT");
	if (!rc)
		store_fq_clear(&st->fq);
	return rc;
}

void store_rollback(struct store *st)
{
	store_fq_clear(&st->fq);
	if (!sqlite3_get_autocommit(st->db))
		store_exec_sql(st, "ROLLBACK");
}

int sqlite_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

int64_t store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int sqlite_error_is_input(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_ERROR;
}

int64_t store_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}

int store_error_is_constraint(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT;
}

int store_error_is_busy(struct store *st)
{
	int c = sqlite3_extended_errcode(st->db) & 0xff;

	return c == SQLITE_BUSY || c == SQLITE_LOCKED;
}

const char *sqlite_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

int sqlite_writing(struct store *st)
{
	return sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE;
}
