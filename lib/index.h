/* index.h — struct ct_index, shared by the modules behind citectx.h. */
#ifndef CT_INDEX_H
#define CT_INDEX_H
#include "citectx.h"
#include "fcol.h"
#include "store.h"

struct ct_index {
	struct store *st;
	char *path;
	/* the classifier ingest uses: borrowed (ct_use_model) or the
	 * default model, loaded at the first ingest and owned */
	const struct ct_model *model;
	struct ct_model *own_model;
	int model_tried;
	/* ingest takes the part_k-th of part_n shares of the articles
	 * (ct_ingest_part); part_n 0 or 1: all of them */
	unsigned part_k, part_n;
	unsigned workers;  /* reader threads of an ingest (ct_ingest_workers) */
	struct fcol *fcol; /* the search cache, CT_OPEN_SEARCH_CACHE only */
	/* ct_ingest_on_commit's hook, or NULL */
	int (*on_commit)(void *arg, struct store *st, int when,
	                 struct ct_error *err);
	void *on_commit_arg;
};

/* Later ingests into idx call fn(arg, idx->st, when, err) on the thread
 * that stores, at each of store.h's CT_BATCH_ moments (an ingest into
 * PostgreSQL ships the batch: store_pg_ship_batch).  Its failure fails the
 * ingest as a failure of the index does (the rest is not read; what was
 * committed stays; before the COMMIT, the batch is rolled back). */
void ct_ingest_on_commit(struct ct_index *idx,
                         int (*fn)(void *arg, struct store *st, int when,
                                   struct ct_error *err),
                         void *arg);

/* The model to classify new statements with, NULL when none is at hand
 * (then statements are stored unclassified). */
const struct ct_model *index_model(struct ct_index *idx);

#endif
