/* store_works.c — decoders of rows that name works (store_works.h). */
#include <string.h>

#include "mem.h"
#include "store.h"
#include "store_works.h"

static const char *text_at(struct store_row *r, int c, struct arena *a)
{
	const char *s = store_text(r, c);

	return s && a ? arena_strndup(a, s, strlen(s)) : s;
}

void store_work_brief(struct store_row *r, int c0, struct arena *a,
                      struct ct_work_brief *w)
{
	w->id = store_int(r, c0 + STORE_WB_ID);
	w->doi = text_at(r, c0 + STORE_WB_DOI, a);
	w->pmid = text_at(r, c0 + STORE_WB_PMID, a);
	w->pmcid = text_at(r, c0 + STORE_WB_PMCID, a);
	w->title = text_at(r, c0 + STORE_WB_TITLE, a);
	w->year = (int)store_int(r, c0 + STORE_WB_YEAR);
}
