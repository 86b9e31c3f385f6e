/* related.c — related works and editorial notices of a report (see
 * report.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "report.h"

static const char *dup_text(struct arena *a, struct store_row *r, int c)
{
	const char *s = store_text(r, c);

	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Reads the brief of a work from columns c0..c0+5: id, doi, pmid, pmcid,
 * title, year. */
static void read_work(struct arena *a, struct store_row *r, int c0,
		      struct ct_work_brief *w)
{
	w->id = store_int(r, c0);
	w->doi = dup_text(a, r, c0 + 1);
	w->pmid = dup_text(a, r, c0 + 2);
	w->pmcid = dup_text(a, r, c0 + 3);
	w->title = dup_text(a, r, c0 + 4);
	w->year = (int)store_int(r, c0 + 5);
}

static struct work_link *push(struct arena *a, struct work_links *l)
{
	struct work_link *x = doc_push_arena(a, (void **)&l->v, &l->n, &l->cap,
					     sizeof(*x));

	if (x)
		memset(x, 0, sizeof(*x));
	return x;
}

int related_load(struct store *st, struct arena *a, enum store_sql k,
		 int64_t work, struct work_links *out)
{
	struct store_row *r = store_sql(st, k);
	int rc;

	store_bind_int(r, 1, work);
	store_bind_int(r, 2, RELATED_CITERS);
	store_bind_int(r, 3, RELATED_MAX);
	while ((rc = store_step(r)) == 1) {
		struct work_link *x = push(a, out);

		if (!x) {
			rc = CT_ENOMEM;
			break;
		}
		read_work(a, r, 0, &x->w);
		x->n = store_int(r, 6);
	}
	store_done(r);
	return rc;
}

int notices_load(struct store *st, struct arena *a, enum store_sql k,
		 int64_t work, struct work_links *out)
{
	struct store_row *r = store_sql(st, k);
	int rc;

	store_bind_int(r, 1, work);
	while ((rc = store_step(r)) == 1) {
		struct work_link *x = push(a, out);

		if (!x) {
			rc = CT_ENOMEM;
			break;
		}
		x->kind = dup_text(a, r, 0);
		x->relation = dup_text(a, r, 1);
		read_work(a, r, 2, &x->w);
	}
	store_done(r);
	return rc;
}

void json_work_links(struct jw *w, const struct work_links *l,
		     const char *count_key)
{
	jw_arr(w);
	for (size_t i = 0; i < l->n; i++) {
		const struct work_link *x = &l->v[i];
		char id[400];

		work_id_string(&x->w, id, sizeof(id));
		jw_obj(w);
		if (x->kind) {
			jw_kstr(w, "kind", x->kind);
			jw_kstr(w, "relation", x->relation);
		}
		jw_kstr(w, "id", id);
		jw_kstr(w, "doi", x->w.doi);
		jw_kstr(w, "title", x->w.title);
		jw_key(w, "year");
		if (x->w.year)
			jw_int(w, x->w.year);
		else
			jw_null(w);
		if (count_key)
			jw_kint(w, count_key, x->n);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}
