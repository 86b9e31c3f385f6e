/* store_scan.c — passes over many statements (store_scan.h); the columns
 * are named in store_cols.h next to the SQL they select. */
#include "err.h"
#include "store.h"
#include "store_sql.h"
#include "store_cols.h"
#include "store_scan.h"
#include "store_ops.h"

/* A row of STORE_SCAN_COLS. */
static void scan_read(struct store_row *r, struct store_scan_row *x)
{
	x->id = store_int(r, STORE_SC_ID);
	x->type = store_int(r, STORE_SC_TYPE);
	x->section = store_int(r, STORE_SC_SECTION);
	x->year = store_int(r, STORE_SC_YEAR);
	x->self = store_int(r, STORE_SC_SELF) != 0;
	x->jself = store_int(r, STORE_SC_JSELF) != 0;
	x->confidence = store_double(r, STORE_SC_CONFIDENCE);
	x->rank = store_double(r, STORE_SC_RANK);
	x->pubtype = store_text(r, STORE_SC_PUBTYPE);
	x->card = store_int(r, STORE_SC_CARD);
}

static int scan_fail(struct store *st, struct ct_error *err)
{
	return err_set(err, CT_EDB, "query: %s", store_errmsg(st));
}

int sqlite_scan_each(struct store *st, const struct ct_query *q,
                     int (*fn)(void *arg, const struct store_scan_row *row),
                     void *arg, struct ct_error *err)
{
	struct store_scan_row x = {0};
	struct store_row *r = NULL;
	int rc;

	if ((rc = store_scan(st, q, &r, err)))
		return rc;
	while ((rc = store_step(r)) == 1) {
		scan_read(r, &x);
		if ((rc = fn(arg, &x)))
			break;
	}
	if (rc < 0)
		rc = scan_fail(st, err);
	store_query_free(r);
	return rc;
}

int store_scan_matches(struct store *st, const struct ct_query *q, int rank,
                       int (*fn)(void *arg, int64_t id, double rank), void *arg,
                       struct ct_error *err)
{
	struct store_row *r = NULL;
	int rc;

	if ((rc = store_scan_ids(st, q, rank, &r, err)))
		return rc;
	while ((rc = store_step(r)) == 1)
		if ((rc = fn(arg, store_int(r, STORE_MA_ID),
		             store_double(r, STORE_MA_RANK))))
			break;
	if (rc < 0)
		rc = scan_fail(st, err);
	store_query_free(r);
	return rc;
}

/* A row of STORE_FACET_COLS. */
static void facet_read(struct store_row *r, struct store_scan_row *x)
{
	x->id = store_int(r, STORE_FC_ID);
	x->type = store_int(r, STORE_FC_TYPE);
	x->section = store_int(r, STORE_FC_SECTION);
	x->year = store_int(r, STORE_FC_YEAR);
	x->self = store_int(r, STORE_FC_SELF) != 0;
	x->jself = store_int(r, STORE_FC_JSELF) != 0;
	x->confidence = store_double(r, STORE_FC_CONFIDENCE);
	x->pubtype = store_text(r, STORE_FC_PUBTYPE);
	x->follows = store_int(r, STORE_FC_CTX) != 0;
	x->same_sentence = store_int(r, STORE_FC_SCTX) != 0;
}

int store_scan_facets(struct store *st,
                      int (*fn)(void *arg, const struct store_scan_row *row),
                      void *arg)
{
	struct store_row *r = store_sql(st, SQL_FC_ROWS);
	struct store_scan_row x = {0};
	int rc;

	while ((rc = store_step(r)) == 1) {
		facet_read(r, &x);
		if ((rc = fn(arg, &x)))
			break;
	}
	store_done(r);
	return rc;
}

int store_scan_doclens(struct store *st,
                       void (*fn)(void *arg, int64_t id, int64_t n), void *arg)
{
	struct store_row *r = store_sql(st, SQL_FC_DOCSIZE);
	int rc;

	while ((rc = store_step(r)) == 1)
		fn(arg, store_int(r, STORE_DS_ID),
		   store_fts_doclen(r, STORE_DS_SIZE));
	store_done(r);
	return rc;
}

int store_scan_max_id(struct store *st, int64_t *max)
{
	struct store_row *r = store_sql(st, SQL_FC_MAXID);
	int rc = store_step(r);

	*max = rc == 1 ? store_int(r, STORE_VALUE) : -1;
	store_done(r);
	return rc < 0 ? rc : 0;
}
