/*
 * store_ops.h — the store's backend seam (issue 18), private to the store
 * layer: a table of function pointers, like SQLite's VFS or an
 * sqlite3_module, chosen once when the store opens (store_open: an SQLite
 * file, or a postgresql:// URL).  The public verbs of the store_<area>.h
 * headers that a second backend implements are one indirect call into
 * st->ops each; rows are decoded by the backend itself, so there is no
 * indirection per row.
 *
 * The verbs are listed once, as an X-macro X(name, return type,
 * (parameters), (arguments)): it declares the table's members, the SQLite
 * backend's functions (sqlite_<name>, in the lib/store_*.c file of the
 * verb) and writes the dispatchers (store_ops.c).  A verb not in this
 * list is still SQLite's alone: on another backend it runs against an
 * empty in-memory SQLite database (store_pg_read.c), so it fails at its
 * first statement with "... is not yet available on the PostgreSQL
 * backend", never on a NULL handle.
 */
#ifndef CT_STORE_OPS_H
#define CT_STORE_OPS_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "store_link.h"
#include "store_report.h"
#include "store_scan.h"
#include "store_stmts.h"
#include "store_users_ops.h"
#include "store_works.h"

struct arena;
struct store;

/* clang-format off */
#define STORE_OPS(X)                                                          \
	/* the connection */                                                  \
	X(errmsg, const char *, (struct store *st), (st))                     \
	X(error_is_input, int, (struct store *st), (st))                      \
	X(in_transaction, int, (struct store *st), (st))                      \
	X(writing, int, (struct store *st), (st))                             \
	X(read_begin, int, (struct store *st), (st))                          \
	X(read_end, int, (struct store *st), (st))                            \
	X(read_end_final, int, (struct store *st), (st))                      \
	/* works (store_works.h) */                                           \
	X(work_find, int, (struct store *st, enum store_work_key key,         \
	   const char *v, int64_t *work), (st, key, v, work))                 \
	X(work_exists, int, (struct store *st, int64_t work), (st, work))     \
	X(work_citing, int, (struct store *st, int64_t work, int64_t *n),     \
	  (st, work, n))                                                      \
	X(work_tallies, int, (struct store *st, int64_t work,                 \
	   void (*fn)(void *arg, int64_t type, int64_t n), void *arg),        \
	  (st, work, fn, arg))                                                \
	X(work_authors, int, (struct store *st, int64_t work,                 \
	   int (*fn)(void *arg, const struct store_author *au), void *arg),   \
	  (st, work, fn, arg))                                                \
	X(work_record, int, (struct store *st, int64_t work, struct arena *a, \
	   struct store_work_record *out), (st, work, a, out))                \
	/* reports (store_report.h) */                                        \
	X(report_work, int, (struct store *st, int64_t id,                    \
	   int (*fn)(void *arg, const struct store_report_work *row),         \
	   void *arg, struct ct_error *err), (st, id, fn, arg, err))          \
	X(report_aliases, int, (struct store *st, int64_t work,               \
	   int (*fn)(void *arg, const struct store_report_alias *row),        \
	   void *arg, struct ct_error *err), (st, work, fn, arg, err))        \
	X(report_nrefs, int, (struct store *st, int64_t work, int64_t *n,     \
	   struct ct_error *err), (st, work, n, err))                         \
	X(report_refs, int, (struct store *st, int64_t work,                  \
	   int (*fn)(void *arg, const struct store_report_ref *row),          \
	   void *arg, struct ct_error *err), (st, work, fn, arg, err))        \
	X(report_ref_tallies, int, (struct store *st, int64_t work,           \
	   int64_t tallies[CT_TYPE_COUNT], struct ct_error *err),             \
	  (st, work, tallies, err))                                           \
	X(report_related, int, (struct store *st, enum store_related kind,    \
	   int64_t work, int citers, int max,                                 \
	   int (*fn)(void *arg, const struct store_report_related *row),      \
	   void *arg, struct ct_error *err),                                  \
	  (st, kind, work, citers, max, fn, arg, err))                        \
	X(report_notices, int, (struct store *st, enum store_notices which,   \
	   int64_t work,                                                      \
	   int (*fn)(void *arg, const struct store_report_notice *row),       \
	   void *arg, struct ct_error *err), (st, which, work, fn, arg, err)) \
	X(report_pool, int, (struct store *st, int64_t work, int pool,        \
	   int (*fn)(void *arg, const struct store_report_pooled *row),       \
	   void *arg, struct ct_error *err), (st, work, pool, fn, arg, err))  \
	X(report_top, int, (struct store *st, int n,                          \
	   int (*fn)(void *arg, const struct store_report_top *row),          \
	   void *arg, struct ct_error *err), (st, n, fn, arg, err))           \
	/* statements (store_scan.h, store_stmts.h) */                        \
	X(scan_each, int, (struct store *st, const struct ct_query *q,        \
	   int (*fn)(void *arg, const struct store_scan_row *row), void *arg, \
	   struct ct_error *err), (st, q, fn, arg, err))                      \
	X(stmt_get, int, (struct store *st, struct arena *a, int64_t id,      \
	   struct ct_statement *s), (st, a, id, s))                           \
	X(stmt_sentence, int, (struct store *st, struct arena *a,             \
	   int64_t card, struct ct_cite **v, size_t *n), (st, a, card, v, n)) \
	/* search (issue 18: store_pg_search.c on PostgreSQL) */              \
	X(works_match, int, (struct store *st, struct arena *a,               \
	   const char *fts, int year, int max, const char *phrase,            \
	   int (*fn)(void *arg, const struct store_work_hit *h), void *arg),  \
	  (st, a, fts, year, max, phrase, fn, arg))                           \
	X(works_count, int, (struct store *st, const char *fts, int year,     \
	   int64_t *n), (st, fts, year, n))                                   \
	X(works_one, int, (struct store *st, struct arena *a, int64_t work,   \
	   struct store_work_hit *h), (st, a, work, h))                       \
	X(stmt_highlights, int, (struct store *st, const char *match,         \
	   int64_t lo, int64_t hi, const char *ids,                           \
	   void (*fn)(void *arg, int64_t id, const char *text), void *arg),   \
	  (st, match, lo, hi, ids, fn, arg))                                  \
	/* linkeval (store_link.h; store_pg_check.c on PostgreSQL) */         \
	X(linkeval_refs, int, (struct store *st,                              \
	   int (*fn)(void *arg, const struct store_ref_fields *r), void *arg, \
	   struct ct_error *err), (st, fn, arg, err))                         \
	X(ref_fields, int, (struct store *st, int64_t id,                     \
	   int (*fn)(void *arg, const struct store_ref_fields *r), void *arg, \
	   struct ct_error *err), (st, id, fn, arg, err))                     \
	X(work_mentions, int, (struct store *st, int64_t work, int64_t *n,    \
	   struct ct_error *err), (st, work, n, err))                         \
	X(work_brief_of, int, (struct store *st, int64_t id,                  \
	   int (*fn)(void *arg, const struct ct_work_brief *w), void *arg,    \
	   struct ct_error *err), (st, id, fn, arg, err))                     \
	X(linkrec_cands, int, (struct store *st,                              \
	   const struct store_linkrec_blocks *b,                              \
	   int (*fn)(void *arg, const struct store_linkrec_cand *c),          \
	   void *arg, struct ct_error *err), (st, b, fn, arg, err))           \
	X(linkrec_keys, int, (struct store *st,                               \
	   int (*fn)(void *arg, const struct store_linkrec *k), void *arg,    \
	   struct ct_error *err), (st, fn, arg, err))                         \
	X(linkrec_max, int, (struct store *st, int64_t *n,                    \
	   struct ct_error *err), (st, n, err))                               \
	/* users (store_users.h; store_pg_users.c on PostgreSQL) */           \
	STORE_USERS_OPS(X)
/* clang-format on */

#define STORE_OP_MEMBER_(name, ret, params, args) ret(*name) params;
struct store_ops {
	const char *name; /* "sqlite", "postgresql" */
	void (*close)(struct store *st);
	void (*deadline_use)(struct store *st, const _Atomic int64_t *at);
	STORE_OPS(STORE_OP_MEMBER_)
};

/* The SQLite backend: sqlite_<verb> beside each verb's store_<verb>. */
#define STORE_OP_SQLITE_(name, ret, params, args) ret sqlite_##name params;
STORE_OPS(STORE_OP_SQLITE_)
void sqlite_close(struct store *st);
void sqlite_deadline_use(struct store *st, const _Atomic int64_t *at);
extern const struct store_ops store_sqlite_ops;

/* The PostgreSQL backend (store_pg_read.c): opens conninfo, a
 * postgresql:// URL, into *out.  CT_EUNAVAIL when the server cannot be
 * reached (the message names host:port), CT_ESCHEMA when the database
 * holds no citectx index. */
int store_pg_open(const char *conninfo, int mode, struct store **out,
                  struct ct_error *err);

#endif
