/* tally.c — the tallies of one work (see ct_tallies_get in citectx.h):
 * the cheapest read of the index, what badges and batch lookups serve. */
#include <inttypes.h>
#include <string.h>

#include "err.h"
#include "index.h"

static int work_exists(struct store *st, int64_t work)
{
	struct store_row *r = store_sql(st, SQL_W_BY_ID);
	int rc;

	store_bind_int(r, 1, work);
	rc = store_step(r);
	store_done(r);
	return rc;
}

static int count_types(struct store *st, int64_t work, struct ct_tallies *t)
{
	struct store_row *r = store_sql(st, SQL_RP_TALLIES);
	int rc;

	store_bind_int(r, 1, work);
	while ((rc = store_step(r)) == 1) {
		int64_t type = store_int(r, 0), n = store_int(r, 1);

		if (type >= 0 && type < CT_TYPE_COUNT)
			t->by_type[type] += n;
		t->statements_total += n;
	}
	store_done(r);
	return rc;
}

static int count_citing(struct store *st, int64_t work, struct ct_tallies *t)
{
	struct store_row *r = store_sql(st, SQL_RP_CITING);
	int rc;

	store_bind_int(r, 1, work);
	rc = store_step(r);
	if (rc == 1)
		t->citing_publications = store_int(r, 0);
	store_done(r);
	return rc < 0 ? rc : 0;
}

int ct_tallies_get(struct ct_index *idx, int64_t work, struct ct_tallies *t,
		   struct ct_error *err)
{
	int rc = work_exists(idx->st, work);

	memset(t, 0, sizeof(*t));
	if (rc == 0)
		return err_set(err, CT_ENOTFOUND, "work %" PRId64 ": not in the "
			       "index", work);
	if (rc == 1)
		rc = count_types(idx->st, work, t);
	if (!rc)
		rc = count_citing(idx->st, work, t);
	return rc ? err_set(err, CT_EDB, "tallies: %s", store_errmsg(idx->st))
		  : 0;
}
