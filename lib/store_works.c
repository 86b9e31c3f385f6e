/* store_works.c — decoders of rows that name works (store_works.h). */
#include <string.h>

#include "mem.h"
#include "schema_report.h"
#include "store.h"
#include "store_sql.h"
#include "store_works.h"
#include "store_ops.h"

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

static const enum store_sql key_sql[] = {
    [STORE_KEY_DOI] = SQL_W_BY_DOI,     [STORE_KEY_PMID] = SQL_W_BY_PMID,
    [STORE_KEY_PMCID] = SQL_W_BY_PMCID, [STORE_KEY_ID] = SQL_W_BY_ID,
    [STORE_KEY_ALIAS] = SQL_AL_GET,
};

int sqlite_work_find(struct store *st, enum store_work_key key, const char *v,
                     int64_t *work)
{
	struct store_row *r = store_sql(st, key_sql[key]);
	int rc;

	*work = 0;
	store_bind_text(r, 1, v);
	if ((rc = store_step(r)) == 1)
		*work = store_int(r, STORE_VALUE);
	store_done(r);
	return rc < 0 ? rc : 0;
}

int sqlite_work_exists(struct store *st, int64_t work)
{
	struct store_row *r = store_sql(st, SQL_W_BY_ID);
	int rc;

	store_bind_int(r, 1, work);
	rc = store_step(r);
	store_done(r);
	return rc;
}

int sqlite_work_citing(struct store *st, int64_t work, int64_t *n)
{
	struct store_row *r = store_sql(st, SQL_RP_CITING);
	int rc;

	*n = 0;
	store_bind_int(r, 1, work);
	if ((rc = store_step(r)) == 1)
		*n = store_int(r, STORE_VALUE);
	store_done(r);
	return rc < 0 ? rc : 0;
}

int sqlite_work_tallies(struct store *st, int64_t work,
                        void (*fn)(void *arg, int64_t type, int64_t n),
                        void *arg)
{
	struct store_row *r = store_sql(st, SQL_RP_TALLIES);
	int rc;

	store_bind_int(r, 1, work);
	while ((rc = store_step(r)) == 1)
		fn(arg, store_int(r, RPT_TYPE), store_int(r, RPT_COUNT));
	store_done(r);
	return rc;
}

int sqlite_work_authors(struct store *st, int64_t work,
                        int (*fn)(void *arg, const struct store_author *au),
                        void *arg)
{
	struct store_row *r = store_sql(st, SQL_RP_AUTHORS);
	int rc;

	store_bind_int(r, 1, work);
	while ((rc = store_step(r)) == 1) {
		struct store_author au = {
		    .surname = store_text(r, STORE_AU_SURNAME),
		    .given = store_text(r, STORE_AU_GIVEN),
		    .orcid = store_text(r, STORE_AU_ORCID),
		    .aff = store_text(r, STORE_AU_AFF),
		};

		if ((rc = fn(arg, &au)))
			break;
	}
	store_done(r);
	return rc;
}

/* A row of STORE_RECORD_COLS. */
static void record_read(struct store_row *r, struct arena *a,
                        struct store_work_record *x)
{
	x->w.doi = text_at(r, STORE_XR_DOI, a);
	x->w.pmid = text_at(r, STORE_XR_PMID, a);
	x->w.pmcid = text_at(r, STORE_XR_PMCID, a);
	x->w.title = text_at(r, STORE_XR_TITLE, a);
	x->w.year = (int)store_int(r, STORE_XR_YEAR);
	x->journal = text_at(r, STORE_XR_JOURNAL, a);
	x->publisher = text_at(r, STORE_XR_PUBLISHER, a);
	x->volume = text_at(r, STORE_XR_VOLUME, a);
	x->issue = text_at(r, STORE_XR_ISSUE, a);
	x->pages = text_at(r, STORE_XR_PAGES, a);
	x->pubtype = text_at(r, STORE_XR_PUBTYPE, a);
	x->pubdate = text_at(r, STORE_XR_PUBDATE, a);
	x->ref_authors = text_at(r, STORE_XR_REF_AUTHORS, a);
}

int sqlite_work_record(struct store *st, int64_t work, struct arena *a,
                       struct store_work_record *out)
{
	struct store_row *r = store_sql(st, SQL_X_WORK);
	int rc;

	memset(out, 0, sizeof(*out));
	out->w.id = work;
	store_bind_int(r, 1, work);
	if ((rc = store_step(r)) == 1)
		record_read(r, a, out);
	store_done(r);
	return rc;
}

/* A row of STORE_FIND_COLS with its authors, bm25 and phrase flag. */
static void hit_read(struct store_row *r, struct arena *a,
                     struct store_work_hit *h)
{
	store_work_brief(r, STORE_WF_WORK, a, &h->w);
	h->journal = text_at(r, STORE_WF_JOURNAL, a);
	h->indexed = (int)store_int(r, STORE_WF_INDEXED);
	h->citing = store_int(r, STORE_WF_CITING);
	h->authors = text_at(r, STORE_WF_AUTHORS, a);
	h->bm25 = store_double(r, STORE_WF_SCORE);
	h->phrase = store_int(r, STORE_WF_PHRASE) != 0;
}

int sqlite_works_match(struct store *st, struct arena *a, const char *fts,
                       int year, int max, const char *phrase,
                       int (*fn)(void *arg, const struct store_work_hit *h),
                       void *arg)
{
	struct store_row *r =
	    store_sql(st, year ? SQL_WF_MATCH_YEAR : SQL_WF_MATCH);
	struct store_work_hit h;
	int rc;

	store_bind_text(r, 1, fts);
	if (year)
		store_bind_int(r, 2, year);
	store_bind_int(r, 3, max);
	store_bind_text(r, 4, phrase);
	while ((rc = store_step(r)) == 1) {
		hit_read(r, a, &h);
		if ((rc = fn(arg, &h)))
			break;
	}
	store_done(r);
	return rc;
}

int sqlite_works_count(struct store *st, const char *fts, int year, int64_t *n)
{
	struct store_row *r = store_sql(st, SQL_WF_COUNT);
	int rc;

	store_bind_text(r, 1, fts);
	if (year)
		store_bind_int(r, 2, year);
	if ((rc = store_step(r)) == 1)
		*n = store_int(r, STORE_VALUE);
	store_done(r);
	return rc < 0 ? rc : 0;
}

int sqlite_works_one(struct store *st, struct arena *a, int64_t work,
                     struct store_work_hit *h)
{
	struct store_row *r = store_sql(st, SQL_WF_ONE);
	int rc;

	store_bind_int(r, 1, work);
	if ((rc = store_step(r)) == 1)
		hit_read(r, a, h);
	store_done(r);
	return rc;
}
