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
#include "store_walk.h"

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

struct relabel_batch {
	const struct ct_model *m;
	int64_t *last;
	struct relabel *v;
	size_t *n;
};

static int relabel_one(void *arg, const struct store_stmt_input *s)
{
	struct relabel_batch *b = arg;
	size_t len = s->text ? strlen(s->text) : 0;
	size_t x = (size_t)s->sent_start, y = (size_t)s->sent_end;

	b->v[*b->n].id = *b->last = s->id;
	if (x > y || y > len)
		x = y = 0; /* check reports such offsets */
	ct_classify(b->m, s->text, x, y, s->marker, s->section_class,
	            &b->v[*b->n].l);
	(*b->n)++;
	return 0;
}

/* Labels up to RELABEL_BATCH statements after *last into v. */
static int relabel_read(struct store *st, const struct ct_model *m,
                        int64_t *last, struct relabel *v, size_t *n)
{
	struct relabel_batch b = {m, last, v, n};

	*n = 0;
	return store_stmts_to_classify(st, *last, RELABEL_BATCH, relabel_one,
	                               &b, NULL);
}

static int relabel_write(struct store *st, const struct ct_model *m,
                         const struct relabel *v, size_t n)
{
	int rc = store_begin(st);

	for (size_t i = 0; i < n && !rc; i++)
		rc = store_stmt_set_type(
		    st, v[i].id, v[i].l.type, v[i].l.confidence,
		    v[i].l.type != CT_TYPE_UNCLASSIFIED ? ct_model_name(m)
		                                        : NULL,
		    NULL);
	if (!rc)
		rc = store_commit(st);
	else
		store_rollback(st);
	return rc;
}

int ct_reclassify(struct ct_index *idx, const struct ct_model *m, uint64_t *n,
                  struct ct_error *err)
{
	struct relabel *v = calloc(RELABEL_BATCH, sizeof(*v));
	int64_t last = 0;
	size_t got = 1;
	int rc =
	    v ? 0 : err_set(err, CT_ENOMEM, "%s: out of memory", idx->path);

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
