/*
 * store_sql.h — private to the store layer (lib/store*.c, lib/schema.c):
 * the fixed SQL statements by enum (their text in schema.c), the cursor
 * that binds and steps them, and the faceted queries' rows.  No file
 * outside the store layer includes it (issue 17: callers use the typed
 * verbs of the store_<area>.h headers); bench/ and the store's own unit
 * tests may.
 *
 * A struct store_row is valid until the next store_sql() of the same
 * statement or store_done().  Text columns stay valid until the next step.
 */
#ifndef CT_STORE_SQL_H
#define CT_STORE_SQL_H
#include <stdint.h>

#include "store.h"

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
	SQL_RT_MOVE,
	SQL_RT_DROP,
	SQL_FO_MOVE,
	SQL_FO_DROP,
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

struct store_row;

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
/* rc, a failed statement's CT_E* code, reported in err as "index: <the
 * database's message>"; 0 (nothing failed) stays 0. */
int store_fail(struct store *st, int rc, struct ct_error *err);

/* The one row walker of the typed verbs: steps r to its end, each row
 * decoded by read(r, &row) and given to fn(arg, &row), and returns from
 * the calling verb: fn's non-zero return (which stops the walk), else
 * the step's error (store_fail), else 0. */
#define STORE_WALK_ROWS(st, r, row, read, fn, arg, err)                        \
	do {                                                                   \
		int rc_ = 0, got_ = 0;                                         \
		while (!got_ && (rc_ = store_step(r)) == 1) {                  \
			read(r, &row);                                         \
			got_ = fn(arg, &row);                                  \
		}                                                              \
		store_done(r);                                                 \
		return got_ ? got_ : store_fail(st, rc_ < 0 ? rc_ : 0, err);   \
	} while (0)

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
	int kind; /* 0 none, 'o' offset, 'i' id, 'n'/'d' year, 'c' conf */
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

/* The token count FTS5 recorded for one row of statements_fts_docsize
 * (column col of a SQL_FC_DOCSIZE row: the sz blob, one varint per
 * column of the table), or -1 when the blob is not one small varint. */
int64_t store_fts_doclen(struct store_row *r, int col);

/* The full-text matches of q->text as (0 statement id, 1 ct_rank, or
 * 0.0 when rank is 0): no join, no other filter; the caller filters and
 * counts from its cache.  Free with store_query_free(). */
int store_scan_ids(struct store *st, const struct ct_query *q, int rank,
                   struct store_row **out, struct ct_error *err);

#endif
