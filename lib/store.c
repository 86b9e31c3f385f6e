/* store.c — the index database (see store.h). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "schema.h"
#include "store.h"

struct store_row {
	sqlite3_stmt *s;
	struct store *st;
	int owned; /* a dynamic query, finalized by store_query_free */
};

/* Statements inserted in the open transaction, not yet in the FTS:
 * ids[done..n) are queued; works[] are their citing works (consecutive
 * duplicates collapsed). */
/* statements queued for the full-text index before they are indexed */
#define FQ_FLUSH_AT 4096

struct fts_queue {
	int64_t *ids, *works;
	size_t n, cap, done, nworks, wcap;
};

struct store_rank;

/* CITECTX_SQL_PROFILE: time spent in each prepared statement, printed to
 * stderr when the handle closes (a developer's tool, see BENCHMARKS.md). */
#define PROF_SLOTS 512
struct sql_prof {
	char *sql[PROF_SLOTS];
	int64_t ns[PROF_SLOTS], n[PROF_SLOTS];
};

static int prof_cb(unsigned type, void *ctx, void *p, void *x)
{
	struct sql_prof *pf = ctx;
	const char *sql = sqlite3_sql(p);
	size_t h = 5381;

	if (type != SQLITE_TRACE_PROFILE || !sql)
		return 0;
	for (const char *c = sql; *c; c++)
		h = h * 33 + (unsigned char)*c;
	h %= PROF_SLOTS;
	for (size_t i = 0; i < PROF_SLOTS; i++, h = (h + 1) % PROF_SLOTS)
		if (!pf->sql[h] || !strcmp(pf->sql[h], sql)) {
			if (!pf->sql[h] && !(pf->sql[h] = strdup(sql)))
				return 0;
			pf->ns[h] += *(int64_t *)x;
			pf->n[h]++;
			break;
		}
	return 0;
}

static void prof_print(struct sql_prof *pf)
{
	for (;;) {
		int best = -1;

		for (int i = 0; i < PROF_SLOTS; i++)
			if (pf->sql[i] && (best < 0 || pf->ns[i] > pf->ns[best]))
				best = i;
		if (best < 0)
			break;
		fprintf(stderr, "%9.3f s %9lld  %.100s\n", pf->ns[best] / 1e9,
			(long long)pf->n[best], pf->sql[best]);
		free(pf->sql[best]);
		pf->sql[best] = NULL;
	}
}

struct store {
	sqlite3 *db;
	struct store_row rows[SQL__COUNT];
	struct fts_queue fq;
	struct sql_prof *prof;
	void *slot;
	void (*slot_free)(void *);
	int busy_ms; /* busy_poll's limit */
	uint64_t txns; /* write transactions begun (store_txn) */
	uint64_t merges; /* works merged through this handle */
	int wal_frames; /* the WAL's length after the last commit, when
			 * autocheckpoint is off (store_wal_bytes) */
	int page_size;
	struct store_rank *rank; /* ct_rank's state, owned by FTS5 (fcol.h) */
	const _Atomic int64_t *deadline; /* store_deadline_use; NULL: none */
	int deadline_hit; /* a statement was stopped by it */
	int deadline_held; /* > 0: only CT_DEADLINE_NOW applies */
};


static int store_exec_sql(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0
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
		return err_set(err, CT_EDB, "%s: %s", path, sqlite3_errmsg(st->db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (v > (int)store_nmigrations)
		return err_set(err, CT_ESCHEMA, "%s: schema version %d is newer "
			       "than this program's %d", path, v, (int)store_nmigrations);
	for (; v < (int)store_nmigrations && !rc; v++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		rc = store_exec_sql(st, "BEGIN IMMEDIATE");
		if (!rc)
			rc = store_exec_sql(st, store_migrations[v]);
		if (!rc)
			rc = store_exec_sql(st, pragma);
		if (!rc)
			rc = store_exec_sql(st, "COMMIT");
		if (rc) {
			err_set(err, CT_EDB, "%s: migration %d: %s", path, v + 1,
				sqlite3_errmsg(st->db));
			store_exec_sql(st, "ROLLBACK");
		}
	}
	return rc;
}

/* Statements are prepared on first use, so that a read-only handle on an
 * index of an older schema (tables of later migrations missing) still
 * runs every statement that does not need them. */
static int store_prepare(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	r->st = st;
	if (r->s)
		return 0;
	return sqlite3_prepare_v3(st->db, store_sql_text[k], -1,
				  SQLITE_PREPARE_PERSISTENT, &r->s, NULL)
		       ? CT_EDB
		       : 0;
}

/* Waiting for another connection's write lock: poll every millisecond
 * for up to STORE_BUSY_MS.  SQLite's own busy timeout sleeps ever longer
 * (100 ms at the end) and so almost never sees the short gap an ingest
 * leaves between two batches (see ingest.c, BATCH_GAP_MS): a user's
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

/* ---- deadlines (store.h store_deadline_use) -------------------------------- */

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

/* SQLite's progress handler: non-zero stops the statement (SQLITE_INTERRUPT). */
static int deadline_cb(void *ctx)
{
	return deadline_passed(ctx);
}

void store_deadline_use(struct store *st, const _Atomic int64_t *at)
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

int store_exec_final(struct store_row *r)
{
	int rc;

	store_deadline_hold(r->st);
	rc = store_exec(r);
	store_deadline_release(r->st);
	return rc;
}

/* The writer's page cache: 160 MB (PRAGMA cache_size), in slots of a new
 * index's page size. */
#define CACHE_KB 163840
#define CACHE_PAGE STORE_PAGE_SIZE
#define STR_(x) #x
#define STR(x) STR_(x)

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
static int bulk_process;

void store_bulk_process(void)
{
	bulk_process = 1;
}

static void sqlite_setup(void)
{
	int hdr = 0;
	size_t line, n = (size_t)CACHE_KB * 1024 / CACHE_PAGE, len;
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

int store_open(const char *path, int readonly, struct store **out,
	       struct ct_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	int flags = readonly ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = 0;

	*out = NULL;
	if (!st)
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
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
	if (getenv("CITECTX_SQL_PROFILE") && (st->prof = calloc(1, sizeof(*st->prof))))
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, prof_cb, st->prof);
	/* A new file takes our page size (an index keeps the one it has).
	 * WAL: readers never block the writer; synchronous=NORMAL keeps every
	 * committed transaction across a process crash (only power loss may
	 * lose the last ones, never consistency). */
	if (!readonly &&
	    store_exec_sql(st, "PRAGMA page_size = " STR(STORE_PAGE_SIZE) ";"
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
				 ? CACHE_KB / (CACHE_PAGE / st->page_size)
				 : CACHE_KB;

		snprintf(pragmas, sizeof(pragmas),
			 "PRAGMA cache_size = -%d; PRAGMA temp_store = MEMORY;"
			 " PRAGMA wal_autocheckpoint = %d;", kb,
			 (int)(STORE_WAL_BYTES / st->page_size));
		store_exec_sql(st, pragmas);
	}
	/* Reads through a memory map: a facet scan touches tens of thousands
	 * of index pages, and a read() per page costs more than the scan.
	 * Only for readers: a writer (ingest) gains nothing from it, and the
	 * mapped pages it touches would count in its resident memory. */
	if (readonly)
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

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int k = 0; k < SQL__COUNT; k++)
		sqlite3_finalize(st->rows[k].s);
	free(st->fq.ids);
	free(st->fq.works);
	if (st->slot_free)
		st->slot_free(st->slot);
	if (st->prof) {
		static const int ops[] = {SQLITE_DBSTATUS_CACHE_HIT,
			SQLITE_DBSTATUS_CACHE_MISS, SQLITE_DBSTATUS_CACHE_WRITE,
			SQLITE_DBSTATUS_CACHE_SPILL};
		static const char *const names[] = {"hit", "miss", "write", "spill"};

		for (int i = 0; i < 4; i++) {
			int cur = 0, hi = 0;

			sqlite3_db_status(st->db, ops[i], &cur, &hi, 0);
			fprintf(stderr, "page cache %s: %d\n", names[i], cur);
		}
	}
	sqlite3_close(st->db);
	if (st->prof) {
		prof_print(st->prof);
		free(st->prof);
	}
	free(st);
}

static void fq_clear(struct fts_queue *q)
{
	q->n = q->done = q->nworks = 0;
}

/* Statements lo..hi (every id in between is one) into the FTS.  One
 * INSERT for a run, not one per row: each INSERT into a virtual table
 * opens a statement savepoint, and FTS5 flushes its pending terms to a
 * new segment at every savepoint. */
static int fts_index(struct store *st, int64_t lo, int64_t hi)
{
	struct store_row *r = store_sql(st, SQL_S_FTS_ROW);

	store_bind_int(r, 1, lo);
	store_bind_int(r, 2, hi);
	return store_exec(r);
}

/* Indexes every queued statement, a run of consecutive ids at a time;
 * the queue keeps them (as done) until the commit. */
static int fq_flush(struct store *st)
{
	struct fts_queue *q = &st->fq;
	int rc = 0;

	while (q->done < q->n && !rc) {
		size_t e = q->done + 1;

		while (e < q->n && q->ids[e] == q->ids[e - 1] + 1)
			e++;
		rc = fts_index(st, q->ids[q->done], q->ids[e - 1]);
		if (!rc)
			q->done = e;
	}
	return rc;
}

static int fq_grow(int64_t **v, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap * 2 : 1024;
	int64_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*v, c * sizeof(*p));
	if (!p)
		return CT_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int store_fts_add(struct store *st, int64_t id, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	if (sqlite3_get_autocommit(st->db))
		return fts_index(st, id, id);
	if (fq_grow(&q->ids, &q->cap, q->n + 1))
		return CT_ENOMEM;
	q->ids[q->n++] = id;
	/* indexed a few thousand at a time rather than all at the commit, so
	 * the store's work keeps pace with the reader's (a burst at each
	 * commit left the reader blocked on a full queue); FTS5 still writes
	 * its segment at the commit */
	if (q->n - q->done >= FQ_FLUSH_AT) {
		int rc = fq_flush(st);

		if (rc)
			return rc;
	}
	if (q->nworks && q->works[q->nworks - 1] == citing)
		return 0;
	if (fq_grow(&q->works, &q->wcap, q->nworks + 1))
		return CT_ENOMEM;
	q->works[q->nworks++] = citing;
	return 0;
}

int store_fts_before_delete(struct store *st, int64_t citing)
{
	struct fts_queue *q = &st->fq;

	for (size_t i = 0; i < q->nworks; i++)
		if (q->works[i] == citing)
			return fq_flush(st);
	return 0;
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
	fq_clear(&st->fq);
	st->txns++;
	return store_exec_sql(st, "BEGIN IMMEDIATE");
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
	return sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
					 frames, copied) == SQLITE_OK ? 0 : -1;
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
	int rc = fq_flush(st);

	if (!rc)
		rc = works_sync(st);

	if (!rc)
		rc = store_exec_sql(st, "COMMIT");
	if (!rc)
		fq_clear(&st->fq);
	return rc;
}

void store_rollback(struct store *st)
{
	fq_clear(&st->fq);
	if (!sqlite3_get_autocommit(st->db))
		store_exec_sql(st, "ROLLBACK");
}

int store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

struct store_row *store_sql(struct store *st, enum store_sql k)
{
	struct store_row *r = &st->rows[k];

	/* a statement that failed to prepare stays NULL: SQLite's calls take
	 * a NULL statement as misuse, so the first step reports CT_EDB */
	if (store_prepare(st, k))
		return r;
	sqlite3_reset(r->s);
	sqlite3_clear_bindings(r->s);
	return r;
}

void store_bind_int(struct store_row *r, int i, int64_t v)
{
	sqlite3_bind_int64(r->s, i, v);
}

void store_bind_double(struct store_row *r, int i, double v)
{
	sqlite3_bind_double(r->s, i, v);
}

void store_bind_text(struct store_row *r, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(r->s, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(r->s, i);
}

int store_step(struct store_row *r)
{
	int rc = sqlite3_step(r->s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return CT_EDB;
}

int store_exec(struct store_row *r)
{
	int rc;

	while ((rc = store_step(r)) == 1)
		;
	sqlite3_reset(r->s);
	return rc;
}

int64_t store_int(struct store_row *r, int col)
{
	return sqlite3_column_int64(r->s, col);
}

double store_double(struct store_row *r, int col)
{
	return sqlite3_column_double(r->s, col);
}

const char *store_text(struct store_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->s, col);
}

int store_is_null(struct store_row *r, int col)
{
	return sqlite3_column_type(r->s, col) == SQLITE_NULL;
}

void store_done(struct store_row *r)
{
	if (r)
		sqlite3_reset(r->s);
}

int64_t store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int store_error_is_input(struct store *st)
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

const char *store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

/* ---- the faceted statement query ---------------------------------------- */

static const char q_cols[] = Q_COLS;

static void q_mask(struct ct_buf *b, const char *col, unsigned mask, int n)
{
	const char *sep = "";

	ct_buf_printf(b, " AND %s IN (", col);
	for (int i = 0; i < n; i++)
		if (mask & (1u << i)) {
			ct_buf_printf(b, "%s%d", sep, i);
			sep = ",";
		}
	ct_buf_puts(b, ")");
}

/* The facets of issue 5: publication type of the citing work, self. */
static void q_where_more(struct ct_buf *b, const struct ct_query *q,
			 enum store_qkind kind)
{
	if (q->npubtypes && kind != STORE_Q_PUBTYPE) {
		ct_buf_puts(b, " AND s.pubtype IN (");
		for (int i = 0; i < q->npubtypes && i < CT_PUBTYPES_MAX; i++)
			ct_buf_printf(b, "%s:pt%d", i ? "," : "", i);
		ct_buf_puts(b, ")");
	}
	if (q->self && kind != STORE_Q_SELF)
		ct_buf_puts(b, q->self == CT_SELF_ONLY ? " AND s.self = 1"
						      : " AND s.self = 0");
	if (q->journal_self && kind != STORE_Q_JSELF)
		ct_buf_puts(b, q->journal_self == CT_SELF_ONLY ? " AND s.jself = 1"
							      : " AND s.jself = 0");
}

static void q_where(struct ct_buf *b, const struct ct_query *q,
		    enum store_qkind kind)
{
	ct_buf_puts(b, " WHERE 1");
	if (q->cited)
		ct_buf_puts(b, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(b, " AND s.citing = :citing");
	if (q->type_mask && kind != STORE_Q_TYPE)
		q_mask(b, "s.type", q->type_mask, CT_TYPE_COUNT);
	if (q->section_mask && kind != STORE_Q_SECTION)
		q_mask(b, "s.section_class", q->section_mask, CT_SEC_COUNT);
	if (q->from_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year >= :fy");
	if (q->to_year && kind != STORE_Q_YEAR)
		ct_buf_puts(b, " AND s.year <= :ty");
	q_where_more(b, q, kind);
}

/* Keyset pagination for the sorts with a stable key; offsets only for
 * relevance with a text query, whose rank has no key to resume from. */
static void q_order(struct ct_buf *b, const struct ct_query *q,
		    const struct store_cursor *c)
{
	int rel = q->sort == CT_SORT_RELEVANCE;

	if (q->sort == CT_SORT_NEWEST) {
		if (c->kind == 'n')
			ct_buf_puts(b, " AND (coalesce(s.year, 0) < :ck OR"
				       " (coalesce(s.year, 0) = :ck AND s.id < :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0) DESC, s.id DESC");
	} else if (q->sort == CT_SORT_OLDEST) {
		if (c->kind == 'd')
			ct_buf_puts(b, " AND (coalesce(s.year, 0) > :ck OR"
				       " (coalesce(s.year, 0) = :ck AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY coalesce(s.year, 0), s.id");
	} else if (q->sort == CT_SORT_CONFIDENCE) {
		if (c->kind == 'c')
			ct_buf_puts(b, " AND (s.confidence < :cf OR"
				       " (s.confidence = :cf AND s.id > :cid))");
		ct_buf_puts(b, " ORDER BY s.confidence DESC, s.id");
	} else if (rel && q->text) {
		ct_buf_puts(b, " ORDER BY f.rank, s.id");
	} else {
		if (c->kind == 'i')
			ct_buf_puts(b, " AND s.id > :cid");
		ct_buf_puts(b, " ORDER BY s.id");
	}
	ct_buf_puts(b, " LIMIT :lim");
	if (rel && q->text)
		ct_buf_puts(b, " OFFSET :off");
}

static void q_build(struct ct_buf *b, const struct ct_query *q,
		    const struct store_cursor *c, enum store_qkind kind)
{
	static const char *const facet_col[] = {
		[STORE_Q_TYPE] = "s.type", [STORE_Q_SECTION] = "s.section_class",
		[STORE_Q_YEAR] = "s.year", [STORE_Q_SELF] = "s.self",
		[STORE_Q_PUBTYPE] = "s.pubtype", [STORE_Q_JSELF] = "s.jself"};
	const char *from = q->text ? " FROM statements_fts f JOIN statements s"
				     " ON " ST_OF_LEAD
				   : " FROM statements s";

	if (kind == STORE_Q_PAGE) {
		ct_buf_puts(b, q_cols);
		ct_buf_puts(b, from);
		ct_buf_puts(b, " JOIN works cw ON cw.id = s.citing"
			       " LEFT JOIN works dw ON dw.id = s.cited");
	} else {
		ct_buf_printf(b, "SELECT %s, count(*)", facet_col[kind]);
		ct_buf_puts(b, from);
	}
	q_where(b, q, kind);
	if (q->text)
		ct_buf_puts(b, " AND statements_fts MATCH :text");
	if (kind == STORE_Q_PAGE)
		q_order(b, q, c);
	else
		ct_buf_printf(b, " GROUP BY 1 ORDER BY 1");
}

static void q_bind(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_int64(s, i, v);
}

static void q_bind_all(sqlite3_stmt *s, const struct ct_query *q,
		       const struct store_cursor *c)
{
	int i;

	q_bind(s, ":cited", q->cited);
	q_bind(s, ":citing", q->citing);
	q_bind(s, ":fy", q->from_year);
	q_bind(s, ":ty", q->to_year);
	q_bind(s, ":ck", c->year);
	q_bind(s, ":cid", c->id);
	q_bind(s, ":lim", q->limit + 1); /* one more tells if a page follows */
	q_bind(s, ":off", c->off);
	if ((i = sqlite3_bind_parameter_index(s, ":cf")))
		sqlite3_bind_double(s, i, c->conf);
	if ((i = sqlite3_bind_parameter_index(s, ":text")))
		sqlite3_bind_text(s, i, q->text, -1, SQLITE_STATIC);
	for (int k = 0; k < q->npubtypes && k < CT_PUBTYPES_MAX; k++) {
		char name[16];

		snprintf(name, sizeof(name), ":pt%d", k);
		if ((i = sqlite3_bind_parameter_index(s, name)))
			sqlite3_bind_text(s, i, q->pubtypes[k], -1, SQLITE_STATIC);
	}
}

int store_query(struct store *st, const struct ct_query *q,
		const struct store_cursor *cur, enum store_qkind kind,
		struct store_row **out, struct ct_error *err)
{
	struct ct_buf sql = CT_BUF_INIT;
	struct store_row *r;
	int rc = 0;

	*out = NULL;
	q_build(&sql, q, cur, kind);
	r = calloc(1, sizeof(*r));
	if (!r || !sql.ptr) {
		rc = err_set(err, CT_ENOMEM, "query: out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, sql.ptr, (int)sql.len, &r->s, NULL)) {
		rc = err_set(err, CT_EDB, "query: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	r = NULL;
out:
	free(r);
	ct_buf_release(&sql);
	return rc;
}

static int store_prepare_dynamic(struct store *st, const struct ct_buf *sql,
				 const struct ct_query *q,
				 const struct store_cursor *cur,
				 struct store_row **out, struct ct_error *err)
{
	struct store_row *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !sql->ptr) {
		free(r);
		return err_set(err, CT_ENOMEM, "query: out of memory");
	}
	if (sqlite3_prepare_v2(st->db, sql->ptr, (int)sql->len, &r->s, NULL)) {
		free(r);
		return err_set(err, CT_EDB, "query: %s", sqlite3_errmsg(st->db));
	}
	r->st = st;
	r->owned = 1;
	q_bind_all(r->s, q, cur);
	*out = r;
	return 0;
}

int store_scan(struct store *st, const struct ct_query *q,
	       struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	/* ct_rank, not bm25(): the same doubles, linear in the query's
	 * phrases (rank_fn) */
	if (q->text && !st->rank && store_rank_use(st, NULL, 0))
		return err_set(err, CT_EDB, "query: cannot install ct_rank");
	ct_buf_puts(&sql, "SELECT s.id, s.type, s.section_class, s.year, s.self,"
			  " s.confidence, s.pubtype, s.jself, ");
	ct_buf_puts(&sql, q->text ? "ct_rank(statements_fts), s.id - s.sctx"
				    " FROM statements_fts f"
				    " JOIN statements s INDEXED BY st_by_id"
				    " ON " ST_OF_LEAD
				  : "0.0, s.id - s.sctx FROM statements s");
	ct_buf_puts(&sql, " WHERE 1");
	if (q->cited)
		ct_buf_puts(&sql, " AND s.cited = :cited");
	if (q->citing)
		ct_buf_puts(&sql, " AND s.citing = :citing");
	if (q->text)
		ct_buf_puts(&sql, " AND statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}

void store_query_free(struct store_row *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->s);
	free(r);
}

/* ---- integrity ----------------------------------------------------------- */

/* FTS5's own integrity check of each full-text index */
static const char *const fts_checks[] = {
	"INSERT INTO statements_fts(statements_fts, rank)"
	" VALUES('integrity-check', 1)",
	"INSERT INTO works_fts(works_fts, rank) VALUES('integrity-check', 1)",
};

int store_integrity(struct store *st, struct ct_buf *report)
{
	sqlite3_stmt *s;
	int bad = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL))
		return CT_EDB;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);

		if (m && strcmp(m, "ok")) {
			ct_buf_printf(report, "sqlite: %s\n", m);
			bad = 1;
		}
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < sizeof(fts_checks) / sizeof(*fts_checks); i++)
		if (sqlite3_exec(st->db, fts_checks[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			ct_buf_printf(report, "fts5: %s\n", sqlite3_errmsg(st->db));
			bad = 1;
		}
	return bad ? CT_ECORRUPT : 0;
}

/* ---- the search cache: stamp, lengths and ct_rank (store.h, fcol.h) ------ */

int64_t store_fts_doclen(struct store_row *r, int col)
{
	const unsigned char *p = sqlite3_column_blob(r->s, col);
	int n = sqlite3_column_bytes(r->s, col);
	int64_t v = 0;

	/* SQLite's varint: 7 bits a byte, most significant first, the high
	 * bit set on every byte but the last (FTS5's file format) */
	for (int i = 0; p && i < n && i < 4; i++) {
		v = (v << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80))
			return i + 1 == n ? v : -1;
	}
	return -1;
}

int store_stamp(struct store *st, uint64_t stamp[2])
{
	struct store_row *r = store_sql(st, SQL_FC_VERSION);
	int rc = store_step(r);

	if (rc == 1)
		stamp[0] = (uint64_t)store_int(r, 0);
	stamp[1] = (uint64_t)sqlite3_total_changes64(st->db);
	store_done(r);
	return rc == 1 ? 0 : CT_EDB;
}

int store_writing(struct store *st)
{
	return sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE;
}

struct store_rank {
	const uint32_t *len;
	int64_t n;
};

/* Per query (FTS5 auxdata): what bm25() computes once per statement. */
struct rank_query {
	int nphrase;
	double avgdl;
	double *idf, *freq;
};

static int rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts,
			 void *ctx)
{
	(*(int64_t *)ctx)++;
	return SQLITE_OK;
}

/* The IDF of each phrase over the whole table, and the average length:
 * the definitions of FTS5's bm25() (see store.h store_rank_use). */
static int rank_query_init(const Fts5ExtensionApi *api, Fts5Context *fts,
			   struct rank_query **out)
{
	int np = api->xPhraseCount(fts), rc;
	sqlite3_int64 rows = 0, tokens = 0;
	struct rank_query *q = sqlite3_malloc64(sizeof(*q) +
						2 * (size_t)np * sizeof(double));

	if (!q)
		return SQLITE_NOMEM;
	q->nphrase = np;
	q->idf = (double *)(q + 1);
	q->freq = q->idf + np;
	rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	q->avgdl = (double)tokens / (double)rows;
	for (int i = 0; i < np && rc == SQLITE_OK; i++) {
		int64_t hits = 0;
		double idf;

		rc = api->xQueryPhrase(fts, i, &hits, rank_count_cb);
		idf = log((rows - hits + 0.5) / (hits + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	*out = rc == SQLITE_OK ? q : NULL;
	return rc;
}

static int rank_doclen(const Fts5ExtensionApi *api, Fts5Context *fts,
		       double *d)
{
	const struct store_rank *k = api->xUserData(fts);
	sqlite3_int64 id = api->xRowid(fts);
	int n = 0, rc = SQLITE_OK;

	if (k && id >= 0 && id < k->n && k->len[id] != UINT32_MAX)
		n = (int)k->len[id];
	else
		rc = api->xColumnSize(fts, -1, &n);
	*d = (double)n;
	return rc;
}

/* How often phrase ip occurs in the current row, walking its own position
 * list (xPhraseFirst/xPhraseNext): O(its instances).  Not xInstCount/xInst:
 * FTS5 builds the row's instance array by picking, for every instance,
 * the least position over all phrases, O(instances x phrases) a row, and a
 * query of n repeated terms made that quadratic in n (issue 19: 400 terms
 * took 21 s).  Same counts, so the same doubles as bm25(). */
static double rank_phrase_freq(const Fts5ExtensionApi *api, Fts5Context *fts,
			       int ip, int *rc)
{
	Fts5PhraseIter it;
	int ic = -1, io = 0;
	double n = 0.0;

	*rc = api->xPhraseFirst(fts, ip, &it, &ic, &io);
	for (; *rc == SQLITE_OK && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io))
		n += 1.0;
	return n;
}

/* bm25() of the current row: the per-query IDFs and average length come
 * from the auxdata (computed at the first row), so a row costs
 * O(phrases + their instances in it), linear in the query's terms. */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	double score = 0.0, d = 0.0;
	int rc = q ? SQLITE_OK : rank_query_init(api, fts, &q);

	for (int i = 0; i < (q ? q->nphrase : 0) && rc == SQLITE_OK; i++)
		q->freq[i] = rank_phrase_freq(api, fts, i, &rc);
	if (rc == SQLITE_OK)
		rc = rank_doclen(api, fts, &d);
	for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (k1 + 1.0)) /
				      (q->freq[i] + k1 * (1 - b + b * d / q->avgdl)));
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, -1.0 * score);
	else
		sqlite3_result_error_code(ctx, rc);
}

/* FTS5's extension API of this connection ("SELECT fts5(?)", its
 * documented way). */
static fts5_api *rank_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL))
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int store_rank_use(struct store *st, const uint32_t *len, int64_t n)
{
	if (!st->rank) {
		fts5_api *api = rank_api(st->db);
		struct store_rank *k = calloc(1, sizeof(*k));

		/* FTS5 owns k from here: freed when the connection closes */
		if (!api || !k || api->xCreateFunction(api, "ct_rank", k, rank_fn,
							free)) {
			free(k);
			return CT_EDB;
		}
		st->rank = k;
	}
	st->rank->len = len;
	st->rank->n = len ? n : 0;
	return 0;
}

int store_scan_ids(struct store *st, const struct ct_query *q, int rank,
		   struct store_row **out, struct ct_error *err)
{
	struct store_cursor none = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int rc;

	ct_buf_puts(&sql, rank ? "SELECT rowid, ct_rank(statements_fts)"
			       : "SELECT rowid, 0.0");
	ct_buf_puts(&sql, " FROM statements_fts WHERE statements_fts MATCH :text");
	rc = store_prepare_dynamic(st, &sql, q, &none, out, err);
	ct_buf_release(&sql);
	return rc;
}
