/* spans.c — the matched words of a page's statements (see spans.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "spans.h"
#include "store_stmts.h"

/* One statement of the page: its id, its place in items, and its place
 * in the ascending list of matches (SIZE_MAX when not there). */
struct slot {
	int64_t id;
	size_t item, pos;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static size_t match_pos(const int64_t *m, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && m[lo] == id ? lo : SIZE_MAX;
}

/* highlight()'s text, \x01 and \x02 around each match, to byte spans. */
static void spans_parse(struct arena *a, const char *h, struct ct_statement *s)
{
	struct ct_span *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t pos = 0;

	for (; h && *h; h++) {
		if (*h == '\x01') {
			struct ct_span *x =
			    arena_push(a, (void **)&v, &n, &cap, sizeof(*x));
			if (!x)
				return;
			x->start = x->end = pos;
		} else if (*h == '\x02') {
			if (n)
				v[n - 1].end = pos;
		} else {
			pos++;
		}
	}
	/* the marked text must be the stored text, else no spans */
	if (pos == strlen(s->text)) {
		s->matches = v;
		s->nmatches = n;
	}
}

/* A run being highlighted: its slots and the page's items. */
struct span_run {
	struct arena *a;
	struct ct_statement *items;
	const struct slot *run;
	size_t k;
};

static void span_row(void *arg, int64_t id, const char *marked)
{
	struct span_run *x = arg;

	for (size_t i = 0; i < x->k; i++)
		if (x->run[i].id == id)
			spans_parse(x->a, marked, &x->items[x->run[i].item]);
}

/* One run: the query's matches with ids in [run[0].id, run[k-1].id] that
 * are the run's statements, highlighted. */
static int spans_run(struct store *st, struct arena *a, const char *text,
                     struct ct_statement *items, const struct slot *run,
                     size_t k)
{
	struct span_run x = {a, items, run, k};
	struct ct_buf ids = CT_BUF_INIT;
	int rc;

	for (size_t i = 0; i < k; i++)
		ct_buf_printf(&ids, "%c%" PRId64, i ? ',' : '[', run[i].id);
	if (ct_buf_puts(&ids, "]") || !ids.ptr)
		return CT_ENOMEM;
	rc = store_stmt_highlights(st, text, run[0].id, run[k - 1].id, ids.ptr,
	                           span_row, &x);
	ct_buf_release(&ids);
	return rc;
}

int spans_fetch(struct store *st, struct arena *a, const char *text,
                struct ct_statement *items, size_t n, const int64_t *matches,
                size_t nmatches)
{
	struct slot *v;
	int rc = 0;

	if (!n)
		return 0;
	if (!(v = arena_alloc(a, n * sizeof(*v))))
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct slot){items[i].id, i,
		                     match_pos(matches, nmatches, items[i].id)};
	qsort(v, n, sizeof(*v), slot_cmp);
	for (size_t i = 0, j; i < n && !rc; i = j) {
		for (j = i + 1; j < n && v[j - 1].pos != SIZE_MAX &&
		                v[j].pos != SIZE_MAX &&
		                v[j].pos - v[j - 1].pos <= SPANS_GAP;
		     j++)
			;
		rc = spans_run(st, a, text, items, v + i, j - i);
	}
	return rc;
}
