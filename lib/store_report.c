/* store_report.c — the store's verbs for reports (see store_report.h):
 * each steps one statement of schema.c and decodes its rows by the
 * column names of schema_report.h. */
#include "store_report.h"

#include "err.h"
#include "schema.h"
#include "schema_report.h"
#include "store.h"
#include "store_sql.h"
#include "store_works.h"
#include "store_ops.h"

/* The end of a walk: rc from store_step (0 done, CT_EDB) or, when
 * stopped, the callback's value. */
static int walk_end(struct store *st, struct store_row *r, int rc, int stopped,
                    struct ct_error *err)
{
	store_done(r);
	if (stopped || rc >= 0)
		return stopped ? rc : 0;
	return err_set(err, rc, "%s", store_errmsg(st));
}

/* The brief whose columns are named P_ID .. P_YEAR (SQL_BRIEF_COLS),
 * borrowed from the row; the names agree with store_work_brief's order. */
#define BRIEF_READ(r, P, w) store_work_brief(r, P##_ID, NULL, w)
#define BRIEF_AGREES(P)                                                        \
	_Static_assert(P##_DOI - P##_ID == STORE_WB_DOI &&                     \
	                   P##_PMID - P##_ID == STORE_WB_PMID &&               \
	                   P##_PMCID - P##_ID == STORE_WB_PMCID &&             \
	                   P##_TITLE - P##_ID == STORE_WB_TITLE &&             \
	                   P##_YEAR - P##_ID == STORE_WB_YEAR,                 \
	               #P " columns out of a brief's order")
BRIEF_AGREES(RPW);
BRIEF_AGREES(RPR);
BRIEF_AGREES(RPL);
BRIEF_AGREES(RPN);
BRIEF_AGREES(RPP);
BRIEF_AGREES(RPS_CITING);

int sqlite_report_work(struct store *st, int64_t id,
                       int (*fn)(void *arg,
                                 const struct store_report_work *row),
                       void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RP_WORK);
	struct store_report_work x = {0};
	int rc;

	store_bind_int(r, 1, id);
	if ((rc = store_step(r)) != 1) {
		store_done(r);
		return err_set(err, rc ? rc : CT_ENOTFOUND, "%s",
		               store_errmsg(st));
	}
	BRIEF_READ(r, RPW, &x.w);
	x.journal = store_text(r, RPW_JOURNAL);
	x.publisher = store_text(r, RPW_PUBLISHER);
	x.volume = store_text(r, RPW_VOLUME);
	x.issue = store_text(r, RPW_ISSUE);
	x.pages = store_text(r, RPW_PAGES);
	x.pubtype = store_text(r, RPW_PUBTYPE);
	x.date = store_text(r, RPW_DATE);
	x.keywords = store_text(r, RPW_KEYWORDS);
	x.funding = store_text(r, RPW_FUNDING);
	x.abstract = store_text(r, RPW_ABSTRACT);
	x.license = store_text(r, RPW_LICENSE);
	x.indexed = (int)store_int(r, RPW_INDEXED);
	x.ref_authors = store_text(r, RPW_REF_AUTHORS);
	rc = fn(arg, &x);
	store_done(r);
	return rc;
}

int sqlite_report_aliases(struct store *st, int64_t work,
                          int (*fn)(void *arg,
                                    const struct store_report_alias *row),
                          void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_AL_OF);
	struct store_report_alias x;
	int rc, stop = 0;

	store_bind_int(r, 1, work);
	while (!stop && (rc = store_step(r)) == 1) {
		x.id = store_text(r, ALO_XID);
		x.version = store_text(r, ALO_VERSION);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

/* The count statement k over id (0 when it yields no row). */
static int count_of(struct store *st, enum store_sql k, int64_t id, int64_t *n,
                    struct ct_error *err)
{
	struct store_row *r = store_sql(st, k);
	int rc;

	store_bind_int(r, 1, id);
	rc = store_step(r);
	*n = rc == 1 ? store_int(r, RPC_COUNT) : 0;
	return walk_end(st, r, rc, 0, err);
}

int sqlite_report_nrefs(struct store *st, int64_t work, int64_t *n,
                        struct ct_error *err)
{
	return count_of(st, SQL_RP_NREFS, work, n, err);
}

int sqlite_report_refs(struct store *st, int64_t work,
                       int (*fn)(void *arg, const struct store_report_ref *row),
                       void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RP_REFS);
	struct store_report_ref x;
	int rc, stop = 0;

	store_bind_int(r, 1, work);
	while (!stop && (rc = store_step(r)) == 1) {
		x.pos = store_int(r, RPR_POS);
		x.label = store_text(r, RPR_LABEL);
		x.raw = store_text(r, RPR_RAW);
		BRIEF_READ(r, RPR, &x.w);
		x.indexed = (int)store_int(r, RPR_INDEXED);
		x.citing = store_int(r, RPR_CITING);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

static void ref_tally(void *arg, int64_t type, int64_t n)
{
	int64_t *tallies = arg;

	if (type >= 0 && type < CT_TYPE_COUNT)
		tallies[type] += n;
}

/* The same count as a found work's (sqlite_work_tallies, one SQL). */
int sqlite_report_ref_tallies(struct store *st, int64_t work,
                              int64_t tallies[CT_TYPE_COUNT],
                              struct ct_error *err)
{
	int rc = sqlite_work_tallies(st, work, ref_tally, tallies);

	return rc < 0 ? err_set(err, rc, "%s", store_errmsg(st)) : 0;
}

int sqlite_report_related(struct store *st, enum store_related kind,
                          int64_t work, int citers, int max,
                          int (*fn)(void *arg,
                                    const struct store_report_related *row),
                          void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(
	    st, kind == STORE_COUPLED ? SQL_RP_COUPLED : SQL_RP_COCITED);
	struct store_report_related x;
	int rc, stop = 0;

	store_bind_int(r, 1, work);
	store_bind_int(r, 2, citers);
	store_bind_int(r, 3, max);
	while (!stop && (rc = store_step(r)) == 1) {
		BRIEF_READ(r, RPL, &x.w);
		x.n = store_int(r, RPL_N);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

int sqlite_report_notices(struct store *st, enum store_notices which,
                          int64_t work,
                          int (*fn)(void *arg,
                                    const struct store_report_notice *row),
                          void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(
	    st, which == STORE_NOTICES_OF ? SQL_RP_NOTICE_OF : SQL_RP_NOTICES);
	struct store_report_notice x;
	int rc, stop = 0;

	store_bind_int(r, 1, work);
	while (!stop && (rc = store_step(r)) == 1) {
		x.kind = store_text(r, RPN_KIND);
		x.relation = store_text(r, RPN_RELATION);
		BRIEF_READ(r, RPN, &x.w);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

int sqlite_report_pool(struct store *st, int64_t work, int pool,
                       int (*fn)(void *arg,
                                 const struct store_report_pooled *row),
                       void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RP_SUMMARY);
	struct store_report_pooled x;
	int rc, stop = 0;

	store_bind_int(r, 1, work);
	store_bind_int(r, 2, pool);
	while (!stop && (rc = store_step(r)) == 1) {
		x.statement = store_int(r, RPS_ID);
		x.type = (int)store_int(r, RPS_TYPE);
		x.confidence = store_double(r, RPS_CONFIDENCE);
		x.section_class = (int)store_int(r, RPS_SECTION_CLASS);
		x.text = store_text(r, RPS_TEXT);
		x.sent_start = store_int(r, RPS_SENT_START);
		x.sent_end = store_int(r, RPS_SENT_END);
		BRIEF_READ(r, RPS_CITING, &x.citing);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

int sqlite_report_top(struct store *st, int n,
                      int (*fn)(void *arg, const struct store_report_top *row),
                      void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_RP_TOP);
	struct store_report_top x;
	int rc, stop = 0;

	store_bind_int(r, 1, n);
	while (!stop && (rc = store_step(r)) == 1) {
		BRIEF_READ(r, RPP, &x.w);
		x.citing = store_int(r, RPP_CITING);
		x.statements = store_int(r, RPP_STATEMENTS);
		stop = (rc = fn(arg, &x)) != 0;
	}
	return walk_end(st, r, rc, stop, err);
}

/* ---- the integrity check ------------------------------------------------ */

int store_check_invariant(struct store *st, enum store_invariant k, int64_t *n,
                          struct ct_error *err)
{
	static const enum store_sql sql[STORE_INV_COUNT] = {
	    [STORE_INV_ORPHAN_STMTS] = SQL_CK_ORPHAN_STMTS,
	    [STORE_INV_BAD_OFFSETS] = SQL_CK_BAD_OFFSETS,
	    [STORE_INV_DUP_IDS] = SQL_CK_DUP_IDS,
	    [STORE_INV_BAD_CTX] = SQL_CK_BAD_CTX,
	};

	if ((unsigned)k >= STORE_INV_COUNT)
		return err_set(err, CT_EUSAGE, "no invariant %d", (int)k);
	return count_of(st, sql[k], 0, n, err);
}

int store_check_fts(struct store *st, struct store_check_fts *out,
                    struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_CK_FTS_COUNT);
	int rc = store_step(r);

	if (rc == 1) {
		out->texts = store_int(r, CKF_TEXTS);
		out->rows = store_int(r, CKF_ROWS);
	}
	return walk_end(st, r, rc ? rc : CT_EDB, 0, err);
}

int store_check_works_fts(struct store *st, struct store_check_works_fts *out,
                          struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_CK_WORKS_FTS);
	int rc = store_step(r);

	if (rc == 1) {
		out->titled = store_int(r, CKW_TITLED);
		out->texts = store_int(r, CKW_TEXTS);
		out->orphans = store_int(r, CKW_ORPHANS);
		out->dirty = store_int(r, CKW_DIRTY);
		out->rows = store_int(r, CKW_ROWS);
	}
	return walk_end(st, r, rc ? rc : CT_EDB, 0, err);
}
