/*
 * relabel.c — which model an index classifies with, and relabelling an
 * index after a model change without re-reading articles: statements are
 * read back in id order, a batch at a time, and each batch is relabelled
 * in one transaction (an interrupted run leaves every statement labelled
 * by one model or the other, never half-written).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "index.h"

#define RELABEL_BATCH 2000

void ct_use_model(struct ct_index *idx, const struct ct_model *m)
{
	idx->model = m;
}

const struct ct_model *index_model(struct ct_index *idx)
{
	if (idx->model)
		return idx->model;
	if (!idx->model_tried) {
		idx->model_tried = 1;
		if (ct_model_default(&idx->own_model, NULL))
			idx->own_model = NULL;
	}
	return idx->own_model;
}

struct relabel {
	int64_t id;
	struct ct_label l;
};

/* Labels up to RELABEL_BATCH statements after *last into v. */
static int relabel_read(struct store *st, const struct ct_model *m,
			int64_t *last, struct relabel *v, size_t *n)
{
	struct store_row *r = store_sql(st, SQL_S_TO_CLASSIFY);
	int rc;

	*n = 0;
	store_bind_int(r, 1, *last);
	store_bind_int(r, 2, RELABEL_BATCH);
	while ((rc = store_step(r)) == 1) {
		const char *text = store_text(r, 1);
		size_t len = text ? strlen(text) : 0;
		size_t a = (size_t)store_int(r, 2), b = (size_t)store_int(r, 3);

		v[*n].id = *last = store_int(r, 0);
		if (a > b || b > len)
			a = b = 0; /* check reports such offsets */
		ct_classify(m, text, a, b, store_text(r, 4),
			    (int)store_int(r, 5), &v[*n].l);
		(*n)++;
	}
	store_done(r);
	return rc;
}

static int relabel_write(struct store *st, const struct ct_model *m,
			 const struct relabel *v, size_t n)
{
	int rc = store_begin(st);

	for (size_t i = 0; i < n && !rc; i++) {
		struct store_row *r = store_sql(st, SQL_S_SET_TYPE);

		store_bind_int(r, 1, v[i].id);
		store_bind_int(r, 2, v[i].l.type);
		store_bind_double(r, 3, v[i].l.confidence);
		if (v[i].l.type != CT_TYPE_UNCLASSIFIED)
			store_bind_text(r, 4, ct_model_name(m));
		rc = store_exec(r);
	}
	if (!rc)
		rc = store_commit(st);
	else
		store_rollback(st);
	return rc;
}

int ct_reclassify(struct ct_index *idx, const struct ct_model *m,
		  uint64_t *n, struct ct_error *err)
{
	struct relabel *v = calloc(RELABEL_BATCH, sizeof(*v));
	int64_t last = 0;
	size_t got = 1;
	int rc = v ? 0 : err_set(err, CT_ENOMEM, "%s: out of memory",
				 idx->path);

	*n = 0;
	while (!rc && got) {
		rc = relabel_read(idx->st, m, &last, v, &got);
		if (!rc && got)
			rc = relabel_write(idx->st, m, v, got);
		*n += rc ? 0 : got;
	}
	if (rc && rc != CT_ENOMEM)
		err_set(err, rc, "%s: relabelling: %s", idx->path,
			store_errmsg(idx->st));
	free(v);
	return rc;
}
