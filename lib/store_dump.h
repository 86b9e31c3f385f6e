/*
 * store_dump.h — the store layer's verbs that read an index's rows back
 * table by table, as they are stored, for a copy into another backend
 * (`citectx pg-load`, store_pg_load.c; issue 18).
 *
 * Only the tables that hold data are dumped; the derived ones (the
 * full-text indexes statements_fts and works_fts, works_text,
 * works_fts_dirty) are rebuilt from them and never copied.  Every verb
 * returns 0 or a negative CT_E* code and sets err.  No SQLite type
 * appears here.
 */
#ifndef CT_STORE_DUMP_H
#define CT_STORE_DUMP_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct store;

/* One stored value, with the type it is stored as (SQLite's types are
 * the value's, not the column's). */
enum store_vtype {
	STORE_V_NULL,
	STORE_V_INT,
	STORE_V_REAL,
	STORE_V_TEXT,
	STORE_V_BLOB
};
struct store_value {
	enum store_vtype type;
	int64_t i;     /* STORE_V_INT */
	double d;      /* STORE_V_REAL */
	const char *s; /* STORE_V_TEXT, STORE_V_BLOB: n bytes, borrowed */
	size_t n;
};

/* The tables that hold an index's data, in the order a copy loads them. */
extern const char *const store_dump_tables[];
extern const size_t store_dump_ntables;

/* *have: the index's schema version (its migrations applied); *want:
 * this program's.  A dump needs them equal. */
int store_dump_version(struct store *st, int *have, int *want,
                       struct ct_error *err);

/* CT_ESCHEMA when the index holds a table that is neither dumped nor
 * derived (a migration added one that no copy knows of yet), naming it. */
int store_dump_known(struct store *st, struct ct_error *err);

/* Rows of table (one of store_dump_tables, or a derived table read for a
 * copy: works_text, the text the works search indexes; runs, every
 * statement with its run's lead and that lead's distribution key). */
int store_dump_count(struct store *st, const char *table, int64_t *n,
                     struct ct_error *err);

/* Every row of table in key order: cols first, once, with the columns'
 * names as the index stores them (valid until store_dump_rows returns);
 * then row for each row, its ncols values in that order (borrowed for
 * the call).  A non-zero return of a callback stops the walk and is
 * returned. */
struct store_dump_cb {
	int (*cols)(void *arg, int ncols, const char *const *names);
	int (*row)(void *arg, const struct store_value *v);
	void *arg;
};
int store_dump_rows(struct store *st, const char *table,
                    const struct store_dump_cb *cb, struct ct_error *err);
/* The same, only the rows a staging index's journal names as touched by
 * the batch not yet shipped (store_stage.h): works, authors, refs,
 * statements, notices, aliases, linkrec and works_text; and, read only
 * so, the rows PostgreSQL keeps again under another distribution key
 * (store_pg.c) for the batch's keys, made from the staging's rows:
 * cited_by, notices_by, leads, citing_stmts, identifiers, work_xids. */
int store_dump_rows_touched(struct store *st, const char *table,
                            const struct store_dump_cb *cb,
                            struct ct_error *err);
/* The rows of a table with ids (works, refs, statements, linkrec) whose id
 * is past above: a batch's new rows (store_stage_view). */
int store_dump_rows_above(struct store *st, const char *table, int64_t above,
                          const struct store_dump_cb *cb, struct ct_error *err);

/* *v: the greatest id of table (works, refs, statements, linkrec), 0
 * when it has none. */
int store_dump_max_id(struct store *st, const char *table, int64_t *v,
                      struct ct_error *err);

#endif
