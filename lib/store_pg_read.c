/*
 * store_pg_read.c — the PostgreSQL backend of the store (store_ops.h,
 * issue 18): the connection, read snapshots, and the reads of works,
 * reports and statements, each answering byte for byte what the SQLite
 * backend answers on the same rows (tests/real/t0165-pg-parity.sh).
 *
 * Every query is a prepared statement (PQprepare once per connection, on
 * first use, again after a reconnection) with text parameters and binary
 * results: integers and doubles arrive as the server holds them, never
 * printed and parsed.  The orderings spell out what SQLite does
 * implicitly (NULLs first when ascending, byte order for text: COLLATE
 * "C"), so that ties fall the same way.
 *
 * Verbs not in the table (writes, exports) run on an empty SQLite
 * database in memory and fail at their first statement with "... is not
 * yet available on the PostgreSQL backend" (store_pg_not_yet), CT_ENOTSUP
 * (HTTP 501, exit status 3); a transaction is refused at its BEGIN.
 */
#include <endian.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "schema.h"
#include "schema_report.h"
#include "store_cols.h"
#include "store_int.h"
#include "store_ops.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_pg_sql.h"

struct store_pg {
	PGconn *c;
	char where[160]; /* "postgresql HOST:PORT" for messages */
	char msg[512];
	unsigned char prepared[PGQ__COUNT];
	unsigned char prepared_x[PG_XQ_MAX]; /* pg_read_query's */
	struct pg_search *search;            /* store_pg_search.c's */
	struct pg_le *le;                    /* store_pg_check.c's */
	/* the cited work of the last statements scan: the statements of its
	 * pages are on its shard (dkey = cited), so stmt_get reads them with
	 * a router query; 0 when no scan named one */
	int64_t dkey;
	/* the last search scan's rows, ids ascending, with each one's own
	 * dkey: stmt_get reads a page's statement on its shard (a search's
	 * rows cite every kind of work); pg_keys_add stops at PG_KEYS_MAX */
	struct pg_key {
		int64_t id, dkey;
	} * keys;
	size_t nkeys, capkeys;
	/* the last statement stmt_get read and its citing work: a sentence
	 * that holds it is read on that work's shard (stmt_sentence) */
	int64_t stmt, citing;
};

/* ---- messages and errors ------------------------------------------------ */

int store_pg_not_yet(struct store *st)
{
	snprintf(st->pg->msg, sizeof(st->pg->msg),
	         "this is not yet available on the PostgreSQL backend "
	         "(reports, statements, search, find, tallies, refs, cite, "
	         "top, check, linkeval and accounts are)");
	return CT_ENOTSUP;
}

/* The first line of libpq's message into msg, with the server named. */
static void pr_msg(struct store_pg *p, const char *what, const char *m)
{
	size_t n = strcspn(m, "\n");

	if (!strncmp(m, "ERROR:  ", 8)) {
		m += 8;
		n -= n >= 8 ? 8 : n;
	}
	snprintf(p->msg, sizeof(p->msg), "%s: %s: %.*s", p->where, what,
	         (int)(n > 300 ? 300 : n), m);
}

/* A failed result's code: its SQLSTATE through store_pg_errcode, or
 * CT_EUNAVAIL when the connection is gone (libpq gives no SQLSTATE). */
static int pr_fail(struct store_pg *p, PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	int code = state ? store_pg_errcode(state) : CT_EDB;
	size_t len;

	if (PQstatus(p->c) != CONNECTION_OK)
		code = CT_EUNAVAIL;
	pr_msg(p, what,
	       r && PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r)
	                                       : PQerrorMessage(p->c));
	/* a worker's error relayed by a Citus coordinator: which worker */
	len = strlen(p->msg);
	pg_node_of(r, p->msg + len, sizeof(p->msg) - len);
	PQclear(r);
	return code;
}

/* ---- the connection ----------------------------------------------------- */

/* The session's settings: no JIT.  Every query here reads a few rows by
 * key; without statistics (right after a load) the planner's estimates
 * run to thousands of rows and JIT compiled each statement of a page for
 * two seconds (a report of the corpus's most-cited work: 17 s). */
static int pr_session(struct store_pg *p, struct ct_error *err)
{
	PGresult *r = PQexec(p->c, "SET jit = off");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pr_msg(p, "SET jit = off", PQresultErrorMessage(r));
		rc = err_set(err, CT_EDB, "%s", p->msg);
	}
	PQclear(r);
	return rc;
}

/* A connection lost (a server restarted) is made again once, at the next
 * query: its prepared statements and settings are gone with it. */
static int pr_alive(struct store_pg *p)
{
	if (PQstatus(p->c) == CONNECTION_OK)
		return 0;
	PQreset(p->c);
	memset(p->prepared, 0, sizeof(p->prepared));
	memset(p->prepared_x, 0, sizeof(p->prepared_x));
	if (PQstatus(p->c) == CONNECTION_OK &&
	    !pr_session(p, &(struct ct_error){0}))
		return 0;
	pr_msg(p, "unreachable", PQerrorMessage(p->c));
	return CT_EUNAVAIL;
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
	snprintf(st->pg->msg, sizeof(st->pg->msg), "%s: out of time",
	         st->pg->where);
	return 1;
}

/* Runs sql, prepared once per connection as name (*prepared says so),
 * with n text parameters; *out its rows (binary), or a negative CT_E*
 * code with the message in st->pg->msg. */
static int pr_exec(struct store *st, const char *name, unsigned char *prepared,
                   const char *sql, int n, const char *const *v, PGresult **out)
{
	struct store_pg *p = st->pg;
	PGresult *r;
	int rc;

	*out = NULL;
	if (deadline_passed(st))
		return CT_EBUSY;
	if ((rc = pr_alive(p)))
		return rc;
	if (!*prepared) { /* pr_alive may have cleared it */
		r = PQprepare(p->c, name, sql, 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return pr_fail(p, r, "prepare");
		PQclear(r);
		*prepared = 1;
	}
	r = PQexecPrepared(p->c, name, n, v, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return pr_fail(p, r, "query");
	*out = r;
	return 0;
}

/* Query k of pgq_sql (store_pg_read's own). */
static int pr_query(struct store *st, enum pgq k, int n, const char *const *v,
                    PGresult **out)
{
	char name[16];

	snprintf(name, sizeof(name), "ct%d", (int)k);
	return pr_exec(st, name, &st->pg->prepared[k], pgq_sql[k], n, v, out);
}

int pg_read_q(struct store *st, int k, int n, const char *const *v,
              PGresult **out)
{
	if (k < 0 || k >= PGQ__COUNT)
		return CT_EDB;
	return pr_query(st, (enum pgq)k, n, v, out);
}

int pg_read_query(struct store *st, int k, const char *sql, int n,
                  const char *const *v, PGresult **out)
{
	char name[16];

	if (k < 0 || k >= PG_XQ_MAX)
		return CT_EDB;
	snprintf(name, sizeof(name), "cx%d", k);
	return pr_exec(st, name, &st->pg->prepared_x[k], sql, n, v, out);
}

char *pg_read_msg(struct store *st)
{
	return st->pg->msg;
}

struct pg_le **pg_read_le(struct store *st)
{
	return &st->pg->le;
}

struct pg_search **pg_read_search(struct store *st)
{
	return &st->pg->search;
}

void pg_keys_reset(struct store *st)
{
	st->pg->nkeys = 0;
}

void pg_keys_add(struct store *st, int64_t id, int64_t dkey)
{
	struct store_pg *p = st->pg;

	if (p->nkeys && id <= p->keys[p->nkeys - 1].id)
		return; /* not ascending: the look-up would be wrong */
	if (p->nkeys == p->capkeys) {
		size_t cap = p->capkeys ? 2 * p->capkeys : 1024;
		struct pg_key *k;

		if (cap > PG_KEYS_MAX ||
		    !(k = realloc(p->keys, cap * sizeof(*k))))
			return; /* such a page's rows are read by id alone */
		p->keys = k;
		p->capkeys = cap;
	}
	p->keys[p->nkeys++] = (struct pg_key){id, dkey};
}

/* The dkey the last search scan gave statement id; 0: none. */
static int64_t pg_key_of(const struct store_pg *p, int64_t id)
{
	size_t lo = 0, hi = p->nkeys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->keys[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nkeys && p->keys[lo].id == id ? p->keys[lo].dkey : 0;
}

/* One int64 parameter as text. */
struct pr_arg {
	char s[24];
};
static const char *pr_arg(struct pr_arg *a, int64_t v)
{
	snprintf(a->s, sizeof(a->s), "%lld", (long long)v);
	return a->s;
}

/* Query k over one id. */
static int pr_query_id(struct store *st, enum pgq k, int64_t id, PGresult **out)
{
	struct pr_arg a;
	const char *v[1] = {pr_arg(&a, id)};

	return pr_query(st, k, 1, v, out);
}

/* ---- binary values ------------------------------------------------------ */

enum {
	OID_BOOL = 16,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701
};

/* An integer column (NULL reads 0, as sqlite3_column_int64). */
static int64_t pr_int(const PGresult *r, int row, int col)
{
	const char *p = PQgetvalue(r, row, col);
	uint64_t u8;
	uint32_t u4;
	uint16_t u2;

	if (PQgetisnull(r, row, col))
		return 0;
	switch (PQftype(r, col)) {
	case OID_INT8:
		memcpy(&u8, p, 8);
		return (int64_t)be64toh(u8);
	case OID_INT4:
		memcpy(&u4, p, 4);
		return (int32_t)be32toh(u4);
	case OID_INT2:
		memcpy(&u2, p, 2);
		return (int16_t)be16toh(u2);
	case OID_BOOL:
		return p[0] != 0;
	default:
		return 0;
	}
}

static double pr_double(const PGresult *r, int row, int col)
{
	const char *p = PQgetvalue(r, row, col);
	uint64_t u8;
	uint32_t u4;
	double d;
	float f;

	if (PQgetisnull(r, row, col))
		return 0.0;
	switch (PQftype(r, col)) {
	case OID_FLOAT8:
		memcpy(&u8, p, 8);
		u8 = be64toh(u8);
		memcpy(&d, &u8, 8);
		return d;
	case OID_FLOAT4:
		memcpy(&u4, p, 4);
		u4 = be32toh(u4);
		memcpy(&f, &u4, 4);
		return f;
	default:
		return (double)pr_int(r, row, col);
	}
}

int64_t pg_col_int(const PGresult *r, int row, int col)
{
	return pr_int(r, row, col);
}

double pg_col_double(const PGresult *r, int row, int col)
{
	return pr_double(r, row, col);
}

/* A text column, NULL for NULL (libpq ends every value with a NUL). */
static const char *pr_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static const char *pr_text_at(const PGresult *r, int row, int col,
                              struct arena *a)
{
	const char *s = pr_text(r, row, col);

	return s && a ? arena_strndup(a, s, strlen(s)) : s;
}

/* A work's brief from column c0 (id, doi, pmid, pmcid, title, year). */
static void pr_brief(const PGresult *r, int row, int c0, struct arena *a,
                     struct ct_work_brief *w)
{
	w->id = pr_int(r, row, c0 + STORE_WB_ID);
	w->doi = pr_text_at(r, row, c0 + STORE_WB_DOI, a);
	w->pmid = pr_text_at(r, row, c0 + STORE_WB_PMID, a);
	w->pmcid = pr_text_at(r, row, c0 + STORE_WB_PMCID, a);
	w->title = pr_text_at(r, row, c0 + STORE_WB_TITLE, a);
	w->year = (int)pr_int(r, row, c0 + STORE_WB_YEAR);
}

/* The error of a verb that reports through err. */
static int pr_err(struct store *st, int rc, struct ct_error *err)
{
	return err_set(err, rc, "%s", st->pg->msg);
}

int pg_read_fail(struct store *st, int rc, struct ct_error *err)
{
	return pr_err(st, rc, err);
}

void pg_col_brief(const PGresult *r, int row, int c0, struct ct_work_brief *w)
{
	pr_brief(r, row, c0, NULL, w);
}

const char *pg_col_text(const PGresult *r, int row, int col)
{
	return pr_text(r, row, col);
}

/* ---- the connection's verbs --------------------------------------------- */

static const char *pr_errmsg(struct store *st)
{
	return st->pg->msg;
}

static int pr_zero(struct store *st)
{
	(void)st;
	return 0;
}

static int pr_in_transaction(struct store *st)
{
	return PQtransactionStatus(st->pg->c) != PQTRANS_IDLE;
}

static int pr_command(struct store *st, const char *sql, const char *what)
{
	struct store_pg *p = st->pg;
	PGresult *r;
	int rc;

	if ((rc = pr_alive(p)))
		return rc;
	r = PQexec(p->c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return pr_fail(p, r, what);
	PQclear(r);
	return 0;
}

/* A read snapshot: one transaction, repeatable read, read only. */
static int pr_read_begin(struct store *st)
{
	if (deadline_passed(st))
		return CT_EBUSY;
	return pr_command(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	                  "read snapshot");
}

static int pr_read_end(struct store *st)
{
	if (PQtransactionStatus(st->pg->c) == PQTRANS_IDLE)
		return 0;
	return pr_command(st,
	                  PQtransactionStatus(st->pg->c) == PQTRANS_INERROR
	                      ? "ROLLBACK"
	                      : "COMMIT",
	                  "end of the read snapshot");
}

static void pr_deadline_use(struct store *st, const _Atomic int64_t *at)
{
	st->deadline = at;
}

static void pr_close(struct store *st)
{
	if (st->pg) {
		pg_search_free(st->pg->search);
		pg_le_free(st->pg->le);
		free(st->pg->keys);
		PQfinish(st->pg->c);
		free(st->pg);
		st->pg = NULL;
	}
	sqlite_close(st);
}

/* ---- works -------------------------------------------------------------- */

static int pr_work_find(struct store *st, enum store_work_key key,
                        const char *v, int64_t *work)
{
	/* a DOI, PMID or PMCID: its work in identifiers (the ID's shard),
	 * then that work's row, if the ID is its own (the work's shard) */
	static const enum pgq q[] = {
	    [STORE_KEY_DOI] = PGQ_W_ID_DOI,
	    [STORE_KEY_PMID] = PGQ_W_ID_PMID,
	    [STORE_KEY_PMCID] = PGQ_W_ID_PMCID,
	    [STORE_KEY_ID] = PGQ_W_BY_ID,
	    [STORE_KEY_ALIAS] = PGQ_AL_GET,
	};
	static const char *const prefix[] = {
	    [STORE_KEY_DOI] = "doi:",
	    [STORE_KEY_PMID] = "pmid:",
	    [STORE_KEY_PMCID] = "pmcid:",
	};
	struct ct_buf xid = CT_BUF_INIT;
	struct pr_arg a;
	const char *p[2] = {v, v};
	PGresult *r;
	int rc = 0;

	*work = 0;
	if (key == STORE_KEY_DOI || key == STORE_KEY_PMID ||
	    key == STORE_KEY_PMCID) {
		ct_buf_printf(&xid, "%s%s", prefix[key], v);
		if (ct_buf_error(&xid))
			rc = CT_ENOMEM;
		else if (!(rc = pr_query(st, PGQ_AL_GET, 1,
		                         (const char *const *)&xid.ptr, &r))) {
			if (PQntuples(r))
				p[0] = pr_arg(&a, pr_int(r, 0, STORE_VALUE));
			else
				rc = CT_ENOTFOUND;
			PQclear(r);
		}
		ct_buf_release(&xid);
		if (rc == CT_ENOTFOUND)
			return 0;
		if (rc == CT_ENOMEM)
			snprintf(st->pg->msg, sizeof(st->pg->msg),
			         "%s: out of memory", st->pg->where);
	}
	if (!rc)
		rc = pr_query(st, q[key], p[0] == p[1] ? 1 : 2, p, &r);
	if (rc)
		return rc;
	if (PQntuples(r))
		*work = pr_int(r, 0, STORE_VALUE);
	PQclear(r);
	return 0;
}

static int pr_work_exists(struct store *st, int64_t work)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_W_EXISTS, work, &r);

	if (rc)
		return rc;
	rc = PQntuples(r) > 0;
	PQclear(r);
	return rc;
}

/* The one value of a count over one id into *n. */
static int pr_count(struct store *st, enum pgq k, int64_t id, int64_t *n)
{
	PGresult *r;
	int rc = pr_query_id(st, k, id, &r);

	*n = 0;
	if (rc)
		return rc;
	if (PQntuples(r))
		*n = pr_int(r, 0, STORE_VALUE);
	PQclear(r);
	return 0;
}

static int pr_work_citing(struct store *st, int64_t work, int64_t *n)
{
	return pr_count(st, PGQ_CITING, work, n);
}

static int pr_work_tallies(struct store *st, int64_t work,
                           void (*fn)(void *arg, int64_t type, int64_t n),
                           void *arg)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_TALLIES, work, &r);

	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(r); i++)
		fn(arg, pr_int(r, i, RPT_TYPE), pr_int(r, i, RPT_COUNT));
	PQclear(r);
	return 0;
}

static int pr_work_authors(struct store *st, int64_t work,
                           int (*fn)(void *arg, const struct store_author *au),
                           void *arg)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_AUTHORS, work, &r);

	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_author au = {
		    .surname = pr_text(r, i, STORE_AU_SURNAME),
		    .given = pr_text(r, i, STORE_AU_GIVEN),
		    .orcid = pr_text(r, i, STORE_AU_ORCID),
		    .aff = pr_text(r, i, STORE_AU_AFF),
		};

		rc = fn(arg, &au);
	}
	PQclear(r);
	return rc;
}

static int pr_work_record(struct store *st, int64_t work, struct arena *a,
                          struct store_work_record *x)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_RECORD, work, &r);

	memset(x, 0, sizeof(*x));
	x->w.id = work;
	if (rc)
		return rc;
	if ((rc = PQntuples(r) > 0)) {
		x->w.doi = pr_text_at(r, 0, STORE_XR_DOI, a);
		x->w.pmid = pr_text_at(r, 0, STORE_XR_PMID, a);
		x->w.pmcid = pr_text_at(r, 0, STORE_XR_PMCID, a);
		x->w.title = pr_text_at(r, 0, STORE_XR_TITLE, a);
		x->w.year = (int)pr_int(r, 0, STORE_XR_YEAR);
		x->journal = pr_text_at(r, 0, STORE_XR_JOURNAL, a);
		x->publisher = pr_text_at(r, 0, STORE_XR_PUBLISHER, a);
		x->volume = pr_text_at(r, 0, STORE_XR_VOLUME, a);
		x->issue = pr_text_at(r, 0, STORE_XR_ISSUE, a);
		x->pages = pr_text_at(r, 0, STORE_XR_PAGES, a);
		x->pubtype = pr_text_at(r, 0, STORE_XR_PUBTYPE, a);
		x->pubdate = pr_text_at(r, 0, STORE_XR_PUBDATE, a);
		x->ref_authors = pr_text_at(r, 0, STORE_XR_REF_AUTHORS, a);
	}
	PQclear(r);
	return rc;
}

/* ---- reports ------------------------------------------------------------ */

static int pr_report_work(struct store *st, int64_t id,
                          int (*fn)(void *arg,
                                    const struct store_report_work *row),
                          void *arg, struct ct_error *err)
{
	struct store_report_work x = {0};
	PGresult *r;
	int rc = pr_query_id(st, PGQ_RP_WORK, id, &r);

	if (rc)
		return pr_err(st, rc, err);
	if (!PQntuples(r)) {
		PQclear(r);
		return err_set(err, CT_ENOTFOUND, "work %lld: not in the index",
		               (long long)id);
	}
	pr_brief(r, 0, RPW_ID, NULL, &x.w);
	x.journal = pr_text(r, 0, RPW_JOURNAL);
	x.publisher = pr_text(r, 0, RPW_PUBLISHER);
	x.volume = pr_text(r, 0, RPW_VOLUME);
	x.issue = pr_text(r, 0, RPW_ISSUE);
	x.pages = pr_text(r, 0, RPW_PAGES);
	x.pubtype = pr_text(r, 0, RPW_PUBTYPE);
	x.date = pr_text(r, 0, RPW_DATE);
	x.keywords = pr_text(r, 0, RPW_KEYWORDS);
	x.funding = pr_text(r, 0, RPW_FUNDING);
	x.abstract = pr_text(r, 0, RPW_ABSTRACT);
	x.license = pr_text(r, 0, RPW_LICENSE);
	x.indexed = (int)pr_int(r, 0, RPW_INDEXED);
	x.ref_authors = pr_text(r, 0, RPW_REF_AUTHORS);
	rc = fn(arg, &x);
	PQclear(r);
	return rc;
}

static int pr_report_aliases(struct store *st, int64_t work,
                             int (*fn)(void *arg,
                                       const struct store_report_alias *row),
                             void *arg, struct ct_error *err)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_ALIASES, work, &r);

	if (rc)
		return pr_err(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_alias x = {pr_text(r, i, ALO_XID),
		                               pr_text(r, i, ALO_VERSION)};

		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

static int pr_report_nrefs(struct store *st, int64_t work, int64_t *n,
                           struct ct_error *err)
{
	int rc = pr_count(st, PGQ_NREFS, work, n);

	return rc ? pr_err(st, rc, err) : 0;
}

static int pr_report_ref_tallies(struct store *st, int64_t work,
                                 int64_t tallies[CT_TYPE_COUNT],
                                 struct ct_error *err)
{
	PGresult *r;
	int rc = pr_query_id(st, PGQ_TALLIES, work, &r);

	if (rc)
		return pr_err(st, rc, err);
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t type = pr_int(r, i, RPT_TYPE);

		if (type >= 0 && type < CT_TYPE_COUNT)
			tallies[type] += pr_int(r, i, RPT_COUNT);
	}
	PQclear(r);
	return 0;
}

/* ---- statements --------------------------------------------------------- */

/* The facet scan: the base filters (cited, citing) only; facets, sorts
 * and cursors are scan.c's, on these rows, as on SQLite. */
static int pr_scan_each(struct store *st, const struct ct_query *q,
                        int (*fn)(void *arg, const struct store_scan_row *row),
                        void *arg, struct ct_error *err)
{
	struct store_scan_row x = {0};
	struct pr_arg a[2];
	const char *v[2];
	enum pgq k = PGQ_SCAN_ALL;
	int n = 0, rc;
	PGresult *r;

	st->pg->dkey = q->cited;
	pg_keys_reset(st);
	if (q->text) /* search: store_pg_search.c */
		return pg_search_scan(st, q, fn, arg, err);
	if (q->cited)
		v[n++] = pr_arg(&a[0], q->cited);
	if (q->citing)
		v[n++] = pr_arg(&a[1], q->citing);
	if (q->cited && q->citing)
		k = PGQ_SCAN_BOTH;
	else if (q->cited || q->citing)
		k = q->cited ? PGQ_SCAN_CITED : PGQ_SCAN_CITING;
	if ((rc = pr_query(st, k, n, v, &r)))
		return err_set(err, rc, "query: %s", st->pg->msg);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		pg_scan_row(r, i, &x);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

void pg_scan_row(const PGresult *r, int i, struct store_scan_row *x)
{
	x->id = pr_int(r, i, STORE_SC_ID);
	x->type = pr_int(r, i, STORE_SC_TYPE);
	x->section = pr_int(r, i, STORE_SC_SECTION);
	x->year = pr_int(r, i, STORE_SC_YEAR);
	x->self = pr_int(r, i, STORE_SC_SELF) != 0;
	x->jself = pr_int(r, i, STORE_SC_JSELF) != 0;
	x->confidence = pr_double(r, i, STORE_SC_CONFIDENCE);
	x->rank = pr_double(r, i, STORE_SC_RANK);
	x->pubtype = pr_text(r, i, STORE_SC_PUBTYPE);
	x->card = pr_int(r, i, STORE_SC_CARD);
}

static const char *pr_copy(struct arena *a, const PGresult *r, int row, int col)
{
	const char *s = pr_text(r, row, col);

	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* store_stmts.c stmt_read's columns, in PGQ_STMT's order. */
static int pr_stmt_get(struct store *st, struct arena *a, int64_t id,
                       struct ct_statement *s)
{
	struct pr_arg k[2];
	int64_t dkey = st->pg->dkey ? st->pg->dkey : pg_key_of(st->pg, id);
	const char *v[6] = {pr_arg(&k[0], id), pr_arg(&k[1], dkey)};
	PGresult *r = NULL;
	int rc = dkey ? pg_stmt_run(st, PGQ_STMT_KEY_IDS, PGQ_STMT_KEY, 2,
	                            "cwlr", v, &r)
	              : CT_ENOTFOUND;

	if (rc == CT_ENOTFOUND) /* not on the scan's shard: by id alone */
		rc = pg_stmt_run(st, PGQ_STMT_IDS, PGQ_STMT, 1, "cwlr", v, &r);
	if (rc == CT_ENOTFOUND) /* no such statement */
		return 0;
	if (rc)
		return rc;
	if ((rc = PQntuples(r) > 0)) {
		s->id = pr_int(r, 0, STORE_ST_ID);
		pr_brief(r, 0, STORE_ST_CITING, a, &s->citing);
		pr_brief(r, 0, STORE_ST_CITED, a, &s->cited);
		s->section = pr_copy(a, r, 0, STORE_ST_SECTION);
		s->section_class = (int)pr_int(r, 0, STORE_ST_SECTION_CLASS);
		s->type = (int)pr_int(r, 0, STORE_ST_TYPE);
		s->confidence = pr_double(r, 0, STORE_ST_CONFIDENCE);
		s->self = (int)pr_int(r, 0, STORE_ST_SELF);
		s->text = pr_copy(a, r, 0, STORE_ST_TEXT);
		s->sent_start = (uint32_t)pr_int(r, 0, STORE_ST_SENT_START);
		s->sent_end = (uint32_t)pr_int(r, 0, STORE_ST_SENT_END);
		s->marker = pr_copy(a, r, 0, STORE_ST_MARKER);
		s->dups = (int)pr_int(r, 0, STORE_ST_DUPS);
		s->pubtype = pr_copy(a, r, 0, STORE_ST_PUBTYPE);
		s->journal_self = (int)pr_int(r, 0, STORE_ST_JSELF);
		s->model = pr_copy(a, r, 0, STORE_ST_MODEL);
		s->reference = pr_copy(a, r, 0, STORE_ST_REFERENCE);
		if (!s->text)
			s->text = "";
		st->pg->stmt = s->id;
		st->pg->citing = s->citing.id;
	}
	PQclear(r);
	return rc;
}

static int pr_stmt_sentence(struct store *st, struct arena *a, int64_t card,
                            struct ct_cite **v, size_t *n)
{
	struct pr_arg x[2];
	const char *p[5] = {pr_arg(&x[0], card), pr_arg(&x[1], st->pg->citing)};
	PGresult *r = NULL;
	size_t k;
	/* the statement last read is of this sentence (its citing work's):
	 * on that work's shard, else by id (every shard) */
	int rc = st->pg->stmt >= card && st->pg->stmt <= card + 63
	             ? pg_stmt_run(st, PGQ_SENTENCE_IDS, PGQ_SENTENCE_KEY, 2,
	                           "cwr", p, &r)
	             : CT_ENOTFOUND;

	if (rc == CT_ENOTFOUND)
		rc = pr_query_id(st, PGQ_SENTENCE, card, &r);
	*v = NULL;
	*n = 0;
	if (rc)
		return rc;
	k = (size_t)PQntuples(r);
	if (k > STORE_SENTENCE_MAX)
		k = STORE_SENTENCE_MAX;
	if (k && !(*v = arena_alloc(a, k * sizeof(**v)))) {
		PQclear(r);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		struct ct_cite *c = &(*v)[i];
		int row = (int)i;

		memset(c, 0, sizeof(*c));
		c->statement = pr_int(r, row, STORE_CI_ID);
		pr_brief(r, row, STORE_CI_CITED, a, &c->work);
		c->reference = pr_copy(a, r, row, STORE_CI_REFERENCE);
		c->marker = pr_copy(a, r, row, STORE_CI_MARKER);
		c->model = pr_copy(a, r, row, STORE_CI_MODEL);
		c->type = (int)pr_int(r, row, STORE_CI_TYPE);
		c->confidence = pr_double(r, row, STORE_CI_CONFIDENCE);
		c->self = pr_int(r, row, STORE_CI_SELF) != 0;
		c->journal_self = pr_int(r, row, STORE_CI_JSELF) != 0;
	}
	*n = k;
	PQclear(r);
	return 0;
}

/* ---- the table and the opening ------------------------------------------ */

static const struct store_ops store_pg_ops = {
    .name = "postgresql",
    .close = pr_close,
    .deadline_use = pr_deadline_use,
    .errmsg = pr_errmsg,
    .error_is_input = pr_zero,
    .in_transaction = pr_in_transaction,
    .writing = pr_zero,
    .read_begin = pr_read_begin,
    .read_end = pr_read_end,
    .read_end_final = pr_read_end,
    .work_find = pr_work_find,
    .work_exists = pr_work_exists,
    .work_citing = pr_work_citing,
    .work_tallies = pr_work_tallies,
    .work_authors = pr_work_authors,
    .work_record = pr_work_record,
    .report_work = pr_report_work,
    .report_aliases = pr_report_aliases,
    .report_nrefs = pr_report_nrefs,
    .report_refs = pg_report_refs,
    .report_ref_tallies = pr_report_ref_tallies,
    .report_related = pg_report_related,
    .report_notices = pg_report_notices,
    .report_pool = pg_report_pool,
    .report_top = pg_report_top,
    .scan_each = pr_scan_each,
    .stmt_get = pr_stmt_get,
    .stmt_sentence = pr_stmt_sentence,
    .stmt_highlights = pg_search_highlights,
    .works_match = pg_works_match,
    .works_count = pg_works_count,
    .works_one = pg_works_one,
    .linkeval_refs = pg_linkeval_refs,
    .ref_fields = pg_ref_fields,
    .work_mentions = pg_work_mentions,
    .work_brief_of = pg_work_brief_of,
    .linkrec_cands = pg_linkrec_cands,
    .linkrec_keys = pg_linkrec_keys,
    .linkrec_max = pg_linkrec_max,
    STORE_USERS_OPS(PG_USERS_ENTRY_)};

/* lib/ never prints: the server's notices (a shutdown's warning) are
 * not for the user. */
static void pr_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The schema version pg-init wrote: CT_ESCHEMA when there is none or it
 * is not this program's. */
static int pr_schema(struct store_pg *p, struct ct_error *err)
{
	PGresult *r = PQexec(p->c, "SELECT v FROM citectx_meta WHERE k = "
	                           "'schema'");
	int v = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (v == STORE_PG_SCHEMA)
		return 0;
	if (v < 0)
		return err_set(err, CT_ESCHEMA,
		               "%s: the database holds no citectx index "
		               "(citectx pg-init makes one)",
		               p->where);
	return err_set(err, CT_ESCHEMA,
	               "%s: schema version %d, this program reads %d", p->where,
	               v, STORE_PG_SCHEMA);
}

int store_pg_open(const char *conninfo, int mode, struct store **out,
                  struct ct_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	struct store_pg *p = calloc(1, sizeof(*p));
	int rc = 0;

	(void)mode; /* reads only, for now: every handle is read-only */
	*out = NULL;
	if (!st || !p || store_sqlite_memory(st)) {
		free(p);
		if (st)
			sqlite_close(st);
		return err_set(err, CT_ENOMEM, "postgresql: out of memory");
	}
	st->ops = &store_pg_ops;
	st->pg = p;
	st->busy_ms = 0;
	p->c = PQconnectdb(conninfo);
	snprintf(p->where, sizeof(p->where), "postgresql %s:%s",
	         p->c && PQhost(p->c) ? PQhost(p->c) : "?",
	         p->c && PQport(p->c) ? PQport(p->c) : "?");
	if (!p->c) {
		rc = err_set(err, CT_ENOMEM, "postgresql: out of memory");
	} else if (PQstatus(p->c) != CONNECTION_OK) {
		pr_msg(p, "cannot connect", PQerrorMessage(p->c));
		rc = err_set(err, CT_EUNAVAIL, "%s", p->msg);
	} else {
		PQsetNoticeProcessor(p->c, pr_notice, NULL);
		rc = pr_session(p, err);
		if (!rc)
			rc = pr_schema(p, err);
	}
	if (rc) {
		pr_close(st);
		return rc;
	}
	*out = st;
	return 0;
}
