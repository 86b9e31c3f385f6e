/*
 * store_pg_merge.c — what an ingest into PostgreSQL does of a batch's
 * merges of works beyond the staging's rows (issue 18): people's ratings
 * and follows, PostgreSQL's own rows, moved from the works merged away to
 * the works kept, as the staging's merges moved its own (store_link.c:
 * the kept work's own row stays where a person had both; of two rows
 * coming to one work, the one of the merge done first).  A chain (a into
 * b, then b into c, in one batch) ends at its last work, a row nearer the
 * end coming first.  store_pg_ship.c runs the statements in the batch's
 * transaction.
 */
#include <stdlib.h>

#include "buf.h"
#include "err.h"
#include "store_pg_int.h"

const struct pg_merge_sql pg_merge_sql[] = {
    {"INSERT INTO ratings(\"user\", work, overall, novelty,"
     " significance, rigour, updated) SELECT r.\"user\", m.keep,"
     " r.overall, r.novelty, r.significance, r.rigour, r.updated"
     " FROM ratings r JOIN unnest($1::bigint[], $2::bigint[],"
     " $3::int[], $4::int[]) AS m(gone, keep, depth, ord)"
     " ON r.work = m.gone ORDER BY m.depth, m.ord"
     " ON CONFLICT DO NOTHING",
     4},
    {"DELETE FROM ratings WHERE work = ANY($1::bigint[])", 1},
    {"INSERT INTO follows(\"user\", work, since, created)"
     " SELECT f.\"user\", m.keep, f.since, f.created"
     " FROM follows f JOIN unnest($1::bigint[], $2::bigint[],"
     " $3::int[], $4::int[]) AS m(gone, keep, depth, ord)"
     " ON f.work = m.gone ORDER BY m.depth, m.ord"
     " ON CONFLICT DO NOTHING",
     4},
    {"DELETE FROM follows WHERE work = ANY($1::bigint[])", 1},
    {NULL, 0},
};

static int cmp_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int pg_merge_params(const int64_t *mg, size_t n, struct ct_buf a[4],
                    const char *p[4])
{
	/* (gone, merge's index) sorted: the merge of a work, found */
	int64_t *by = malloc((n ? n : 1) * 2 * sizeof(*by));
	int rc = 0;

	if (!by)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		by[2 * i] = mg[2 * i];
		by[2 * i + 1] = (int64_t)i;
	}
	qsort(by, n, 2 * sizeof(*by), cmp_first);
	for (int j = 0; j < 4; j++)
		ct_buf_putc(&a[j], '{');
	for (size_t i = 0; i < n; i++) {
		int64_t keep = mg[2 * i + 1], at = (int64_t)i;
		int depth = 1;

		/* the end of the chain: a later merge of the work kept (a
		 * work is merged away once; at most n steps) */
		while (depth <= (int)n) {
			const int64_t *f =
			    bsearch(&keep, by, n, 2 * sizeof(*by), cmp_first);

			if (!f || f[1] <= at)
				break;
			at = f[1];
			keep = mg[2 * at + 1];
			depth++;
		}
		ct_buf_printf(&a[0], "%s%lld", i ? "," : "",
		              (long long)mg[2 * i]);
		ct_buf_printf(&a[1], "%s%lld", i ? "," : "", (long long)keep);
		ct_buf_printf(&a[2], "%s%d", i ? "," : "", depth);
		ct_buf_printf(&a[3], "%s%zu", i ? "," : "", i);
	}
	free(by);
	for (int j = 0; j < 4; j++) {
		ct_buf_putc(&a[j], '}');
		if (ct_buf_error(&a[j]))
			rc = CT_ENOMEM;
		p[j] = a[j].ptr;
	}
	return rc;
}
