/*
 * store_pg_related.c — the PostgreSQL backend's reads of one work that
 * need other works' rows (issue 18, "Faults" in docs/SCALING.md): a
 * reference list (the works it names, their citing counts), co-citation
 * and coupling, the works a notice concerns.  Each reads the work's own
 * rows by a router query first, then the other works by their ids passed
 * as an array parameter ($n::bigint[]), which Citus prunes to the shards
 * that hold them: with a worker lost, a read answers when every work it
 * needs is on a live one.  The verbs of store_ops.h's report_refs,
 * report_related, report_notices, report_pool and report_top
 * (store_pg_read.c's table), and the first step of a statement's or a
 * summary pool's read (pg_stmt_run).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "schema_report.h"
#include "store_int.h"
#include "store_ops.h"
#include "store_pg_int.h"
#include "store_pg_sql.h"

/* One int64 parameter as text. */
struct pr_arg {
	char s[24];
};
static const char *pr_arg(struct pr_arg *a, int64_t v)
{
	snprintf(a->s, sizeof(a->s), "%lld", (long long)v);
	return a->s;
}

/* The ids in the first column of query k's rows as an array literal
 * ("{1,2,3}") into b: the parameter ($n::bigint[]) of a look-up that
 * Citus prunes to the shards holding those ids, where the same ids from
 * a subquery would send it to every shard (docs/SCALING.md, "Faults").
 * No rows: CT_ENOTFOUND, for the caller to skip the look-up (an empty
 * array is not pruned either: it would read every shard). */
static int pr_ids(struct store *st, enum pgq k, int n, const char *const *v,
                  struct ct_buf *b)
{
	PGresult *r;
	int rc = pg_read_q(st, k, n, v, &r);

	if (rc)
		return rc;
	ct_buf_printf(b, "{");
	for (int i = 0; i < PQntuples(r); i++)
		ct_buf_printf(b, "%s%lld", i ? "," : "",
		              (long long)pg_col_int(r, i, 0));
	ct_buf_printf(b, "}");
	PQclear(r);
	if (ct_buf_error(b)) {
		snprintf(pg_read_msg(st), 512, "%s: out of memory",
		         "postgresql");
		return CT_ENOMEM;
	}
	return b->len > 2 ? 0 : CT_ENOTFOUND;
}

int pg_report_refs(struct store *st, int64_t work,
                   int (*fn)(void *arg, const struct store_report_ref *row),
                   void *arg, struct ct_error *err)
{
	struct ct_buf ids = CT_BUF_INIT;
	struct pr_arg a;
	const char *v[2] = {pr_arg(&a, work), NULL};
	PGresult *r;
	int rc = pr_ids(st, PGQ_REFS_CITED, 1, v, &ids);

	if (rc == CT_ENOTFOUND) { /* no work named: look up none on its shard */
		ct_buf_reset(&ids);
		ct_buf_printf(&ids, "{%s}", v[0]);
		rc = ct_buf_error(&ids) ? CT_ENOMEM : 0;
	}
	if (!rc) {
		v[1] = ids.ptr;
		rc = pg_read_q(st, PGQ_REFS, 2, v, &r);
	}
	ct_buf_release(&ids);
	if (rc)
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_ref x;

		x.pos = pg_col_int(r, i, RPR_POS);
		x.label = pg_col_text(r, i, RPR_LABEL);
		x.raw = pg_col_text(r, i, RPR_RAW);
		pg_col_brief(r, i, RPR_ID, &x.w);
		x.indexed = (int)pg_col_int(r, i, RPR_INDEXED);
		x.citing = pg_col_int(r, i, RPR_CITING);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

int pg_report_related(struct store *st, enum store_related kind, int64_t work,
                      int citers, int max,
                      int (*fn)(void *arg,
                                const struct store_report_related *row),
                      void *arg, struct ct_error *err)
{
	struct ct_buf ids[2] = {CT_BUF_INIT, CT_BUF_INIT};
	struct pr_arg a[3];
	const char *v[5] = {pr_arg(&a[0], work)};
	PGresult *r = NULL;
	int rc;

	/* each step's ids are the next one's parameter (pr_ids) */
	if (kind == STORE_COUPLED) { /* work, citers, max, cited, citers */
		v[1] = pr_arg(&a[1], citers);
		v[2] = pr_arg(&a[2], max);
		if (!(rc = pr_ids(st, PGQ_REFS_CITED, 1, v, &ids[0]))) {
			v[3] = ids[0].ptr;
			rc = pr_ids(st, PGQ_COUPLED_T, 4, v, &ids[1]);
		}
		v[4] = ids[1].ptr;
		if (!rc)
			rc = pg_read_q(st, PGQ_COUPLED, 5, v, &r);
	} else { /* work, max, citers, cited */
		v[1] = pr_arg(&a[1], citers);
		if (!(rc = pr_ids(st, PGQ_COCITERS, 2, v, &ids[0]))) {
			v[1] = pr_arg(&a[2], max);
			v[2] = ids[0].ptr;
			rc = pr_ids(st, PGQ_COCITED_T, 3, v, &ids[1]);
		}
		v[3] = ids[1].ptr;
		if (!rc)
			rc = pg_read_q(st, PGQ_COCITED, 4, v, &r);
	}
	ct_buf_release(&ids[0]);
	ct_buf_release(&ids[1]);
	if (rc == CT_ENOTFOUND) /* no citers, no works: no rows */
		return 0;
	if (rc)
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_related x;

		pg_col_brief(r, i, RPL_ID, &x.w);
		x.n = pg_col_int(r, i, RPL_N);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

int pg_report_notices(struct store *st, enum store_notices which, int64_t work,
                      int (*fn)(void *arg,
                                const struct store_report_notice *row),
                      void *arg, struct ct_error *err)
{
	struct ct_buf ids = CT_BUF_INIT;
	struct pr_arg a;
	const char *v[2] = {pr_arg(&a, work), NULL};
	PGresult *r;
	int rc;

	if (which == STORE_NOTICES_OF) { /* the works concerned by id */
		if (!(rc = pr_ids(st, PGQ_NOTICE_CONC, 1, v, &ids))) {
			v[1] = ids.ptr;
			rc = pg_read_q(st, PGQ_NOTICE_OF, 2, v, &r);
		}
	} else { /* the notices about it on its shard, their works by id */
		if (!(rc = pr_ids(st, PGQ_NOTICE_BY, 1, v, &ids))) {
			v[1] = ids.ptr;
			rc = pg_read_q(st, PGQ_NOTICES, 2, v, &r);
		}
	}
	ct_buf_release(&ids);
	if (rc == CT_ENOTFOUND) /* no work concerned, no notice: no rows */
		return 0;
	if (rc)
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_notice x;

		x.kind = pg_col_text(r, i, RPN_KIND);
		x.relation = pg_col_text(r, i, RPN_RELATION);
		pg_col_brief(r, i, RPN_ID, &x.w);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

/* pg_stmt_run's arrays by letter: citing works, works, leads, refs */
static const char pr_which[] = "cwlr";

/* Adds the int64 column c of row i to the array literal b ("{" first),
 * unless NULL. */
static void pr_add(struct ct_buf *b, const PGresult *r, int i, int c)
{
	if (PQgetisnull(r, i, c))
		return;
	ct_buf_printf(b, "%s%lld", b->len > 1 ? "," : "",
	              (long long)pg_col_int(r, i, c));
}

int pg_stmt_run(struct store *st, int k1, int k2, int n, const char *which,
                const char **v, PGresult **out)
{
	/* citing works, all works, leads, references */
	struct ct_buf ids[4] = {CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT,
	                        CT_BUF_INIT};
	PGresult *r;
	int m, rc = pg_read_q(st, k1, n, v, &r);

	*out = NULL;
	if (rc)
		return rc;
	for (int j = 0; j < 4; j++)
		ct_buf_printf(&ids[j], "{");
	for (int i = 0; i < PQntuples(r); i++) {
		pr_add(&ids[0], r, i, 0);
		pr_add(&ids[1], r, i, 0);
		pr_add(&ids[1], r, i, 1);
		pr_add(&ids[2], r, i, 2);
		pr_add(&ids[3], r, i, 3);
	}
	rc = PQntuples(r) ? 0 : CT_ENOTFOUND;
	PQclear(r);
	for (int j = 0; j < 4; j++) {
		ct_buf_printf(&ids[j], "}");
		if (ct_buf_error(&ids[j]) && !rc) {
			snprintf(pg_read_msg(st), 512, "%s: out of memory",
			         "postgresql");
			rc = CT_ENOMEM;
		}
	}
	for (m = 0; which[m] && m < 4; m++)
		v[n + m] = ids[strchr(pr_which, which[m]) - pr_which].ptr;
	if (!rc)
		rc = pg_read_q(st, k2, n + m, v, out);
	for (int j = 0; j < 4; j++)
		ct_buf_release(&ids[j]);
	return rc;
}

/* ---- a summary's pool and the most-cited works (store_pg_read.c's table) */

int pg_report_pool(struct store *st, int64_t work, int pool,
                   int (*fn)(void *arg, const struct store_report_pooled *row),
                   void *arg, struct ct_error *err)
{
	struct pr_arg a[2];
	const char *v[6] = {pr_arg(&a[0], work), pr_arg(&a[1], pool)};
	PGresult *r;
	int rc = pg_stmt_run(st, PGQ_POOL_IDS, PGQ_POOL, 2, "cwl", v, &r);

	if (rc == CT_ENOTFOUND) /* an empty pool */
		return 0;
	if (rc)
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_pooled x;

		x.statement = pg_col_int(r, i, RPS_ID);
		x.type = (int)pg_col_int(r, i, RPS_TYPE);
		x.confidence = pg_col_double(r, i, RPS_CONFIDENCE);
		x.section_class = (int)pg_col_int(r, i, RPS_SECTION_CLASS);
		x.text = pg_col_text(r, i, RPS_TEXT);
		x.sent_start = pg_col_int(r, i, RPS_SENT_START);
		x.sent_end = pg_col_int(r, i, RPS_SENT_END);
		pg_col_brief(r, i, RPS_CITING_ID, &x.citing);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}

int pg_report_top(struct store *st, int n,
                  int (*fn)(void *arg, const struct store_report_top *row),
                  void *arg, struct ct_error *err)
{
	struct pr_arg a;
	const char *v[1] = {pr_arg(&a, n)};
	PGresult *r;
	int rc = pg_read_q(st, PGQ_TOP, 1, v, &r);

	if (rc)
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct store_report_top x;

		pg_col_brief(r, i, RPP_ID, &x.w);
		x.citing = pg_col_int(r, i, RPP_CITING);
		x.statements = pg_col_int(r, i, RPP_STATEMENTS);
		rc = fn(arg, &x);
	}
	PQclear(r);
	return rc;
}
