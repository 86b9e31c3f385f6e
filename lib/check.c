/* check.c — ct_check (citectx.h): SQLite's and FTS5's integrity checks,
 * then citectx's own invariants (store_report.h's checks), each problem
 * one line of the report; on PostgreSQL, store_pg_check's checks. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_text.h"
#include "err.h"
#include "index.h"
#include "store.h"
#include "store_pg.h"
#include "store_report.h"

static const char *const invariant_what[STORE_INV_COUNT] = {
    [STORE_INV_ORPHAN_STMTS] = "statements whose reference, citing or "
                               "cited work is missing or disagrees",
    [STORE_INV_BAD_OFFSETS] = "statements with bad offsets, class, type "
                              "or confidence",
    [STORE_INV_DUP_IDS] = "references linked to missing works",
    [STORE_INV_BAD_CTX] = "statements outside a run of one context (no "
                          "lead before them, or a text of their own) or "
                          "of one sentence",
};

/* The works index (migration 10): one row for each work with a title and
 * for nothing else, no work waiting for a sync after a commit.  1 when
 * it disagrees (said in report). */
static int check_works_fts(struct store *st, struct ct_buf *report)
{
	struct store_check_works_fts c;
	struct ct_error e = {0};

	if (store_check_works_fts(st, &c, &e)) {
		ct_buf_printf(report, "works index: %s\n", e.msg);
		return 1;
	}
	if (c.titled == c.texts && !c.orphans && !c.dirty && c.rows == c.texts)
		return 0;
	ct_buf_printf(report,
	              "works index holds %" PRId64 " rows (%" PRId64
	              " indexed) for %" PRId64 " works with a title (%" PRId64
	              " of no such work, %" PRId64 " works not synced)\n",
	              c.texts, c.rows, c.titled, c.orphans, c.dirty);
	return 1;
}

/* The statements' invariants and their full-text index; 1 when one is
 * broken (said in report).  A statement that fails says so too. */
static int check_statements(struct store *st, struct ct_buf *report)
{
	struct store_check_fts f;
	struct ct_error e = {0};
	int bad = 0;

	for (int i = 0; i < STORE_INV_COUNT; i++) {
		int64_t n = 0;

		if (store_check_invariant(st, (enum store_invariant)i, &n,
		                          &e)) {
			ct_buf_printf(report, "%s: %s\n", invariant_what[i],
			              e.msg);
			bad = 1;
		} else if (n) {
			ct_buf_printf(report, "%" PRId64 " %s\n", n,
			              invariant_what[i]);
			bad = 1;
		}
	}
	if (store_check_fts(st, &f, &e)) {
		ct_buf_printf(report, "full-text index: %s\n", e.msg);
		bad = 1;
	} else if (f.texts != f.rows) {
		ct_buf_printf(report,
		              "full-text index holds %" PRId64
		              " rows for %" PRId64 " statement contexts\n",
		              f.rows, f.texts);
		bad = 1;
	}
	return bad;
}

/* On PostgreSQL every text is valid UTF-8: the server refuses any other
 * in a UTF8 database, which ct_check verifies (store_pg_check). */
int ct_check_text(struct ct_index *idx, struct ct_buf *report, int64_t *bad,
                  struct ct_error *err)
{
	if (store_is_pg(idx->st)) {
		*bad = 0;
		return 0;
	}
	return check_text(idx->st, report, bad, err);
}

int ct_check(struct ct_index *idx, struct ct_buf *report, struct ct_error *err)
{
	int bad;

	if (store_is_pg(idx->st)) {
		bad = store_pg_check(idx->st, report);
	} else {
		bad = store_integrity(idx->st, report) != 0;
		bad |= check_statements(idx->st, report);
		bad |= check_works_fts(idx->st, report);
	}
	if (bad)
		return err_set(err, CT_ECORRUPT, "%s: integrity check failed",
		               idx->path);
	return 0;
}
