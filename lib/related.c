/* related.c — related works and editorial notices of a report (see
 * related.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "related.h"

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Where rows go: the caller's list, grown in its arena. */
struct links_acc {
	struct arena *a;
	struct ct_work_links *l;
};

static struct ct_work_link *push(const struct links_acc *acc)
{
	struct ct_work_link *x = arena_push(
	    acc->a, (void **)&acc->l->v, &acc->l->n, &acc->l->cap, sizeof(*x));

	if (x)
		memset(x, 0, sizeof(*x));
	return x;
}

static int related_row(void *arg, const struct store_report_related *row)
{
	struct ct_work_link *x = push(arg);

	if (!x)
		return CT_ENOMEM;
	x->n = row->n;
	return work_ref_copy(((struct links_acc *)arg)->a, &row->w, &x->work);
}

int related_load(struct store *st, struct arena *a, enum store_related kind,
                 int64_t work, struct ct_work_links *out, struct ct_error *err)
{
	struct links_acc acc = {a, out};

	return store_report_related(st, kind, work, RELATED_CITERS, RELATED_MAX,
	                            related_row, &acc, err);
}

static int notice_row(void *arg, const struct store_report_notice *row)
{
	struct links_acc *acc = arg;
	struct ct_work_link *x = push(acc);

	if (!x)
		return CT_ENOMEM;
	x->kind = dup(acc->a, row->kind);
	x->relation = dup(acc->a, row->relation);
	return work_ref_copy(acc->a, &row->w, &x->work);
}

int notices_load(struct store *st, struct arena *a, enum store_notices which,
                 int64_t work, struct ct_work_links *out, struct ct_error *err)
{
	struct links_acc acc = {a, out};

	return store_report_notices(st, which, work, notice_row, &acc, err);
}

void json_work_links(struct jw *w, const struct ct_work_links *l,
                     const char *count_key)
{
	jw_arr(w);
	for (size_t i = 0; i < l->n; i++) {
		const struct ct_work_link *x = &l->v[i];

		jw_obj(w);
		if (x->kind) {
			jw_kstr(w, "kind", x->kind);
			jw_kstr(w, "relation", x->relation);
		}
		jw_kstr(w, "id", x->work.id);
		jw_kstr(w, "doi", x->work.w.doi);
		jw_kstr(w, "title", x->work.w.title);
		jw_key(w, "year");
		if (x->work.w.year)
			jw_int(w, x->work.w.year);
		else
			jw_null(w);
		if (count_key)
			jw_kint(w, count_key, x->n);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}
