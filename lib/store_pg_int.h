/*
 * store_pg_int.h — private to the PostgreSQL store (lib/store_pg*.c):
 * the connection, command and error helpers its files share, over libpq.
 * Nothing outside lib/store_pg*.c includes it.
 */
#ifndef CT_STORE_PG_INT_H
#define CT_STORE_PG_INT_H
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "store_pg.h"
#include "store_report.h"
#include "store_users_ops.h"

/* Connects to conninfo: CT_EUNAVAIL naming host:port when the server
 * cannot be reached, CT_EUSAGE when it is older than PostgreSQL 15;
 * *server is its version number.  The server's notices are not printed
 * (a Citus worker going away sends a few). */
int pg_connect(const char *conninfo, PGconn **out, int *server,
               struct ct_error *err);
/* err set to code with libpq's message (its first line), naming the
 * server's host:port and what was being done. */
void pg_err(struct ct_error *err, int code, PGconn *c, const char *what);
/* The same from a failed result r (NULL: the connection's message); a
 * Citus coordinator relaying a worker's error names the worker in its
 * CONTEXT ("while executing command on HOST:PORT"): the message ends
 * with "(Citus node HOST:PORT)". */
void pg_err_result(struct ct_error *err, int code, PGconn *c, const PGresult *r,
                   const char *what);
/* Into out (n bytes): " (Citus node HOST:PORT)" when r's CONTEXT names
 * the node that failed, " (shard HOST:PORT)" when r is postgres_fdw's
 * "could not connect to server" (its DETAIL names the shard), ""
 * otherwise. */
void pg_node_of(const PGresult *r, char *out, size_t n);
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
/* Table i's name, its distribution key (NULL: a reference table) and
 * DDL (NULL past the last); pg_after_at the i-th index or sequence
 * pg_create_after makes (NULL past the last). */
const char *pg_table_at(size_t i, const char **key, const char **ddl);
const char *pg_after_at(size_t i);

/* ---- pg-load's copier, for the batches of an ingest (store_pg_ship.c) */

struct load;
struct store;
/* A copier into c that sends only the rows a staging index's journal
 * names (store_dump_rows_touched); messages name the file from. */
struct load *pg_load_new(PGconn *c, const char *from, struct ct_error *err);
void pg_load_free(struct load *l);
/* pg-load's check of its target: *created when the schema was made now
 * (in the caller's transaction, without its indexes: pg_create_after);
 * CT_EEXIST when a table holds rows. */
int pg_load_target(struct load *l, int *created);
/* The journalled rows of table (a dumped table, or works_text) copied
 * from src by binary COPY, as pg-load copies them (aliases into the
 * temporary table load_aliases), or the rows kept again by another key
 * for them (cited_by, notices_by, leads, citing_stmts, identifiers,
 * work_xids: store_dump.h); counted into *rows and *repaired. */
int pg_load_table(struct load *l, struct store *src, const char *table,
                  int64_t *rows, int64_t *repaired);
/* The same, the rows of table (works, refs, statements or linkrec) whose
 * id is past above instead: a batch's new rows. */
int pg_load_table_above(struct load *l, struct store *src, const char *table,
                        int64_t above, int64_t *rows, int64_t *repaired);
/* Each sequence set after the largest id its table holds. */
int pg_load_sequences(struct load *l);
/* The same after a batch from the staging src: the tables it mirrors
 * by its greatest ids, without a scan of PostgreSQL's shards. */
int pg_load_sequences_from(struct load *l, struct store *src);

/* ---- the read backend's helpers for its other files (store_pg_read.c) */

struct store;
struct ct_query;
struct store_scan_row;
struct pg_search;

#define PG_XQ_MAX   128 /* pg_read_query's slots */
#define PG_XQ_USERS 32  /* slots PG_XQ_USERS.. are store_pg_users.c's */
#define PG_XQ_LE    64  /* slots PG_XQ_LE.. (PG_XQ_LE_N) are store_pg_le.c's */
#define PG_XQ_LE_N  16
#define PG_XQ_CHECK (PG_XQ_LE + PG_XQ_LE_N) /* the rest: store_pg_check.c's */
/* Runs sql as the backend's reads do (prepared once per connection in
 * slot k < PG_XQ_MAX, n text parameters, binary rows, the deadline and
 * a reconnection honoured): 0 with *out, or a negative CT_E* code with
 * the message in pg_read_msg. */
int pg_read_query(struct store *st, int k, const char *sql, int n,
                  const char *const *v, PGresult **out);
char *pg_read_msg(struct store *st); /* st's last message (512 bytes) */
/* linkeval's state (store_pg_le.c: the references it tries, a batch of
 * their rows, the linking records in memory) in st's connection (freed
 * with it by pg_le_free). */
struct pg_le;
struct pg_le **pg_read_le(struct store *st);
void pg_le_free(struct pg_le *le);
/* The linkeval verbs (store_link.h) on PostgreSQL (store_pg_le.c). */
struct store_ref_fields;
struct store_linkrec;
struct store_linkrec_blocks;
struct store_linkrec_cand;
int pg_linkeval_refs(struct store *st,
                     int (*fn)(void *arg, const struct store_ref_fields *r),
                     void *arg, struct ct_error *err);
int pg_ref_fields(struct store *st, int64_t id,
                  int (*fn)(void *arg, const struct store_ref_fields *r),
                  void *arg, struct ct_error *err);
int pg_work_mentions(struct store *st, int64_t work, int64_t *n,
                     struct ct_error *err);
int pg_work_brief_of(struct store *st, int64_t id,
                     int (*fn)(void *arg, const struct ct_work_brief *w),
                     void *arg, struct ct_error *err);
int pg_linkrec_cands(struct store *st, const struct store_linkrec_blocks *b,
                     int (*fn)(void *arg, const struct store_linkrec_cand *c),
                     void *arg, struct ct_error *err);
int pg_linkrec_keys(struct store *st,
                    int (*fn)(void *arg, const struct store_linkrec *k),
                    void *arg, struct ct_error *err);
int pg_linkrec_max(struct store *st, int64_t *n, struct ct_error *err);
/* The search state's slot in st's connection (freed with it). */
struct pg_search **pg_read_search(struct store *st);
/* Query k of store_pg_sql.h's pgq_sql, as pg_read_query runs its own. */
int pg_read_q(struct store *st, int k, int n, const char *const *v,
              PGresult **out);
/* err set to rc with pg_read_msg's message: the error of a verb. */
int pg_read_fail(struct store *st, int rc, struct ct_error *err);
/* A text column, NULL for NULL. */
const char *pg_col_text(const PGresult *r, int row, int col);
/* A work's brief from column c0 (id, doi, pmid, pmcid, title, year);
 * its texts point into r. */
struct ct_work_brief;
void pg_col_brief(const PGresult *r, int row, int c0, struct ct_work_brief *w);
/* A binary integer column of any width (NULL reads 0). */
int64_t pg_col_int(const PGresult *r, int row, int col);
/* A binary float4/float8 column (NULL reads 0.0, integers convert). */
double pg_col_double(const PGresult *r, int row, int col);
/* Row i of a scan (store_cols.h STORE_SCAN_COLS, binary) into *x. */
void pg_scan_row(const PGresult *r, int i, struct store_scan_row *x);
/* The statements a search scan gave, each with its shard's key (dkey):
 * reset before the scan, then added in ascending id order; a page's
 * statement is then read on its own shard.  Past PG_KEYS_MAX rows (16
 * bytes each) the rest are read by id alone. */
#define PG_KEYS_MAX (1u << 22)
void pg_keys_reset(struct store *st);
void pg_keys_add(struct store *st, int64_t id, int64_t dkey);

/* ---- other works by id arrays (store_pg_related.c): store_ops.h's
 * report_refs, report_related, report_notices ------------------------ */
/* A read of statements in two steps: query k1 over the n parameters v
 * gives each statement's citing work, cited work, run's lead and
 * reference (store_pg_sql.c PG_IDS); query k2 runs over v and, after
 * them, those as id arrays, which Citus prunes to the shards holding
 * them: which names them in k2's order, "c" the citing works, "w" all
 * works, "l" the leads, "r" the references (v has room for n + 4).  k1
 * finds no rows: CT_ENOTFOUND, k2 not run. */
int pg_stmt_run(struct store *st, int k1, int k2, int n, const char *which,
                const char **v, PGresult **out);

int pg_report_refs(struct store *st, int64_t work,
                   int (*fn)(void *arg, const struct store_report_ref *row),
                   void *arg, struct ct_error *err);
int pg_report_related(struct store *st, enum store_related kind, int64_t work,
                      int citers, int max,
                      int (*fn)(void *arg,
                                const struct store_report_related *row),
                      void *arg, struct ct_error *err);
int pg_report_notices(struct store *st, enum store_notices which, int64_t work,
                      int (*fn)(void *arg,
                                const struct store_report_notice *row),
                      void *arg, struct ct_error *err);
int pg_report_pool(struct store *st, int64_t work, int pool,
                   int (*fn)(void *arg, const struct store_report_pooled *row),
                   void *arg, struct ct_error *err);
int pg_report_top(struct store *st, int n,
                  int (*fn)(void *arg, const struct store_report_top *row),
                  void *arg, struct ct_error *err);
/* ---- users (store_pg_users.c): store_users.h's verbs --------------- */

#define PG_USERS_DECL_(name, ret, params, args)  ret pg_##name params;
#define PG_USERS_ENTRY_(name, ret, params, args) .name = pg_##name,
STORE_USERS_OPS(PG_USERS_DECL_)

/* ---- search (store_pg_search.c) ------------------------------------- */

/* store_scan_each with a text query: the statements whose run's lead
 * matches q->text (qparse's FTS5 expression) under the base filters,
 * with FTS5's bm25() as rank. */
int pg_search_scan(struct store *st, const struct ct_query *q,
                   int (*fn)(void *arg, const struct store_scan_row *row),
                   void *arg, struct ct_error *err);
/* ---- find (store_pg_find.c): store_works.h's works search --------- */

struct arena;
struct store_work_hit;
int pg_works_match(struct store *st, struct arena *a, const char *fts, int year,
                   int max, const char *phrase,
                   int (*fn)(void *arg, const struct store_work_hit *h),
                   void *arg);
int pg_works_count(struct store *st, const char *fts, int year, int64_t *n);
int pg_works_one(struct store *st, struct arena *a, int64_t work,
                 struct store_work_hit *h);

/* store_stmt_highlights: highlight() of FTS5, on the same texts. */
int pg_search_highlights(struct store *st, const char *match, int64_t lo,
                         int64_t hi, const char *ids,
                         void (*fn)(void *arg, int64_t id, const char *text),
                         void *arg);
void pg_search_free(struct pg_search *s);

/* store_pg_merge.c: the statements that move people's ratings and
 * follows of a batch's merges (pairs gone, keep in mg, n of them, in
 * their order), ended by one with sql NULL, each with its n of the four
 * parameters pg_merge_params makes into a[] (released by the caller; p[]
 * points into them): gone works, the works kept at the chains' ends, the
 * chains' depths, the merges' order.  0, or CT_ENOMEM. */
struct pg_merge_sql {
	const char *sql;
	int n;
};
extern const struct pg_merge_sql pg_merge_sql[];
int pg_merge_params(const int64_t *mg, size_t n, struct ct_buf a[4],
                    const char *p[4]);

#endif
