/*
 * schema.h — the index's SQL text, kept apart from the code that runs it
 * (store.c): the ordered migrations that build and upgrade the schema
 * (PRAGMA user_version counts those applied) and the text of every
 * prepared statement of enum store_sql, with the SQL fragments both use.
 */
#ifndef CT_SCHEMA_H
#define CT_SCHEMA_H
#include <stddef.h>

#include "store.h"
#include "store_sql.h"
#include "store_cols.h"
#include "store_ingest_cols.h"

/* The context text of statement a (an alias of statements): a run's text
 * is stored on its lead only (migrations 8 and 9). */
#define ST_TEXT(a)                                                             \
	"(CASE WHEN " a ".ctx = 0 THEN " a ".text ELSE (SELECT x.text"         \
	" FROM statements x WHERE x.id = " a ".id - " a ".ctx) END)"

/* The columns of one statement with its citing and cited works
 * (store_cols.h STORE_STMT_COLS, read by store_stmts.c). */
#define Q_COLS STORE_STMT_SQL

/* One block of SQL_LR_CANDS: a linking record and the identifiers of its
 * work. */
#define LR_CAND_COLS                                                           \
	"SELECT " STORE_COLS(STORE_LR_CAND_COLS) " FROM linkrec l JOIN works " \
	                                         "w ON w.id = l.work"

/* The statements s a full-text match f stands for: its lead's run
 * (migration 8), found by equality on the virtual column lead = id - ctx
 * (migration 15, index st_by_lead) either way: a match finds its run,
 * a statement finds its match by rowid. */
#define ST_OF_LEAD "s.lead = f.rowid"

/* The authors of work a (an alias of works) as works_fts indexes them:
 * "Surname Given; ..." from the authors table of an indexed work, else
 * the reference lists' "Surname GI; ..." (ref_authors). */
#define WF_AUTHORS(a)                                                          \
	"coalesce((SELECT group_concat(n, '; ') FROM (SELECT"                  \
	" trim(coalesce(surname, '') || ' ' || coalesce(given, '')) AS n"      \
	" FROM authors WHERE work = " a ".id ORDER BY pos)), " a               \
	".ref_authors)"

/* One candidate of a works search (store_cols.h STORE_FIND_COLS, read
 * by store_works.c): the work, its indexed authors text, bm25 (lower is
 * better) and its citing publications. */
#define WF_COLS STORE_FIND_SQL

/* SQL_WF_MATCH with a join that filters the matches (see schema.c) */
#define WF_MATCH(join)                                                         \
	WF_COLS ", (SELECT authors FROM works_text WHERE id = f.id), f.score," \
	        " CASE WHEN ?4 IS NULL THEN 1 ELSE f.id IN (SELECT rowid FROM" \
	        " works_fts WHERE works_fts MATCH ?4) END FROM (SELECT "       \
	        "works_fts.rowid AS id, bm25(works_fts, 4.0,"                  \
	        " 3.0, 1.0, 2.0) AS score FROM works_fts" join                 \
	        " WHERE works_fts"                                             \
	        " MATCH ?1 ORDER BY score LIMIT ?3) AS f JOIN works w ON "     \
	        "w.id = f.id"

/* store_migrations[i] takes user_version i to i + 1. */
extern const char *const store_migrations[];
extern const size_t store_nmigrations;
/* The text of each prepared statement. */
extern const char *const store_sql_text[SQL__COUNT];

#endif
