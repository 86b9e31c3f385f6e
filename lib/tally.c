/* tally.c — the tallies of one work (see ct_tallies_get in citectx.h):
 * the cheapest read of the index, what badges and batch lookups serve. */
#include <inttypes.h>
#include <string.h>

#include "err.h"
#include "index.h"
#include "store_works.h"

static void add_type(void *arg, int64_t type, int64_t n)
{
	struct ct_tallies *t = arg;

	if (type >= 0 && type < CT_TYPE_COUNT)
		t->by_type[type] += n;
	t->statements_total += n;
}

int ct_tallies_get(struct ct_index *idx, int64_t work, struct ct_tallies *t,
                   struct ct_error *err)
{
	int rc = store_work_exists(idx->st, work);

	memset(t, 0, sizeof(*t));
	if (rc == 0)
		return err_set(err, CT_ENOTFOUND,
		               "work %" PRId64 ": not in the "
		               "index",
		               work);
	if (rc == 1)
		rc = store_work_tallies(idx->st, work, add_type, t);
	if (!rc)
		rc = store_work_citing(idx->st, work, &t->citing_publications);
	return rc ? err_set(err, store_fail_code(rc), "tallies: %s",
	                    store_errmsg(idx->st))
	          : 0;
}
