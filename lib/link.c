/* link.c — work identity (see link.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"

/* Title fingerprints keep ASCII letters and digits, lower-cased, and any
 * non-ASCII byte as is; 24 significant characters or more, so that
 * "Editorial" or "Reply" never identify a work. */
int link_fingerprint(const char *title, int year, char *out, size_t cap)
{
	size_t k = 0;

	out[0] = '\0';
	if (!title || year < 0 || cap < 16)
		return 0;
	for (const unsigned char *p = (const unsigned char *)title;
	     *p && k + 8 < cap; p++)
		if (isalnum(*p) || *p >= 0x80)
			out[k++] = (char)tolower(*p);
	if (k < 24) {
		out[0] = '\0';
		return 0;
	}
	snprintf(out + k, cap - k, "|%d", year);
	return 1;
}

static int64_t work_by(struct store *st, enum store_sql k, const char *v);

/* A DOI is a work's own (works.doi) or one of its versions (aliases). */
static int64_t work_by_doi(struct store *st, const char *doi)
{
	char xid[320];
	int64_t w = work_by(st, SQL_W_BY_DOI, doi);

	if (w || !doi)
		return w;
	snprintf(xid, sizeof(xid), "doi:%s", doi);
	return work_by(st, SQL_AL_GET, xid);
}

static int alias_put(struct store *st, const char *xid, int64_t work,
		     const char *version)
{
	struct store_row *r;

	if (!xid || !work)
		return 0;
	r = store_sql(st, SQL_AL_PUT);
	store_bind_text(r, 1, xid);
	store_bind_int(r, 2, work);
	store_bind_text(r, 3, version);
	return store_exec(r);
}

static int64_t work_by(struct store *st, enum store_sql k, const char *v)
{
	struct store_row *r;
	int64_t id = 0;

	if (!v)
		return 0;
	r = store_sql(st, k);
	store_bind_text(r, 1, v);
	if (store_step(r) == 1)
		id = store_int(r, 0);
	store_done(r);
	return id;
}

/* Identifier strings of a work, copied (the row is reset afterwards). */
struct work_ids {
	char *doi, *pmid, *pmcid, *fp;
	int indexed;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void work_ids_release(struct work_ids *w)
{
	free(w->doi);
	free(w->pmid);
	free(w->pmcid);
	free(w->fp);
}

static int work_ids_get(struct store *st, int64_t id, struct work_ids *w)
{
	struct store_row *r = store_sql(st, SQL_W_IDS);
	int rc;

	memset(w, 0, sizeof(*w));
	store_bind_int(r, 1, id);
	rc = store_step(r);
	if (rc == 1) {
		w->doi = dup_or_null(store_text(r, 0));
		w->pmid = dup_or_null(store_text(r, 1));
		w->pmcid = dup_or_null(store_text(r, 2));
		w->fp = dup_or_null(store_text(r, 3));
		w->indexed = (int)store_int(r, 4);
	}
	store_done(r);
	return rc == 1 ? 0 : CT_EDB;
}

static int add_ids(struct store *st, int64_t id, const char *doi,
		   const char *pmid, const char *pmcid, const char *fp)
{
	struct store_row *r = store_sql(st, SQL_W_ADD_IDS);

	store_bind_int(r, 1, id);
	store_bind_text(r, 2, doi);
	store_bind_text(r, 3, pmid);
	store_bind_text(r, 4, pmcid);
	store_bind_text(r, 5, fp);
	return store_exec(r);
}

static int exec2(struct store *st, enum store_sql k, int64_t a, int64_t b)
{
	struct store_row *r = store_sql(st, k);

	store_bind_int(r, 1, a);
	store_bind_int(r, 2, b);
	return store_exec(r);
}

static const enum store_sql merge_steps[] = {
	SQL_W_MERGE_META,	 SQL_W_MOVE_REFS,	  SQL_W_MOVE_STMTS,
	SQL_W_MOVE_REFS_CITING, SQL_W_MOVE_STMTS_CITING, SQL_W_MOVE_AUTHORS,
	SQL_W_MOVE_NOTICES, SQL_W_MOVE_NOTICES_CONCERNED,
	SQL_AL_MOVE,		 SQL_LR_MOVE,		  SQL_LR_MOVE_CITING,
};

int link_merge(struct store *st, int64_t keep, int64_t gone)
{
	struct work_ids g;
	int rc;

	if (keep == gone)
		return 0;
	store_count_merge(st);
	rc = work_ids_get(st, gone, &g);
	if (!rc)
		rc = exec2(st, SQL_W_CLEAR_IDS, gone, 0);
	for (size_t i = 0; !rc && i < sizeof(merge_steps) / sizeof(*merge_steps);
	     i++)
		rc = exec2(st, merge_steps[i], keep, gone);
	if (!rc)
		rc = add_ids(st, keep, g.doi, g.pmid, g.pmcid, g.fp);
	if (!rc)
		rc = exec2(st, SQL_W_DEL_AUTHORS, gone, 0);
	if (!rc)
		rc = exec2(st, SQL_W_DELETE, gone, 0);
	work_ids_release(&g);
	return rc;
}

static int64_t min_nonzero(const int64_t *v, size_t n)
{
	int64_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] && (!m || v[i] < m))
			m = v[i];
	return m;
}

/* By fields: a work the reference's record matches, holding no identifier
 * that contradicts the reference's.  *version is set when the work holds
 * the other version's DOI. */
static int by_fields(struct store *st, const struct link_ids *ids,
		     int64_t *work, int *version)
{
	struct match_ids mi = {ids->doi, ids->pmid, ids->pmcid, 0, ids->article};
	struct match_best b;
	int rc;

	*work = 0;
	*version = 0;
	if (!ids->key)
		return 0;
	rc = match_find(st, ids->key, &mi, MATCH_THRESHOLD, &b);
	if (!rc) {
		*work = b.work;
		*version = b.version;
	}
	return rc;
}

/* f's six fields as parameters at..at + 5 (SQL_W_INSERT_FILLED, SQL_W_FILL) */
static void bind_fill(struct store_row *r, int at, const struct link_fill *f)
{
	store_bind_text(r, at, f->title);
	if (f->year)
		store_bind_int(r, at + 1, f->year);
	store_bind_text(r, at + 2, f->journal);
	store_bind_text(r, at + 3, f->volume);
	store_bind_text(r, at + 4, f->pages);
	store_bind_text(r, at + 5, f->authors);
}

/* A work known from references takes what a reference says where it has
 * nothing yet (an indexed article's own record is never touched). */
static int fill_gaps(struct store *st, int64_t work, const struct link_fill *f)
{
	struct store_row *r = store_sql(st, SQL_W_FILL);

	store_bind_int(r, 1, work);
	bind_fill(r, 2, f);
	return store_exec(r);
}

static int create(struct store *st, const struct link_ids *ids, int64_t *work)
{
	const struct link_fill *f = ids->fill;
	struct store_row *r = store_sql(st, f ? SQL_W_INSERT_FILLED : SQL_W_INSERT);
	int rc;

	store_bind_text(r, 1, ids->doi);
	store_bind_text(r, 2, ids->pmid);
	store_bind_text(r, 3, ids->pmcid);
	store_bind_text(r, 4, ids->fp);
	if (f)
		bind_fill(r, 5, f);
	rc = store_exec(r);
	*work = rc ? 0 : store_last_id(st);
	return rc;
}

/* The work holds the other version: this DOI becomes its alias. */
static int add_version(struct store *st, int64_t work, const char *doi)
{
	char xid[320];

	snprintf(xid, sizeof(xid), "doi:%s", doi);
	return alias_put(st, xid, work,
			 match_doi_preprint(doi) ? "preprint" : "published");
}

int link_work(struct store *st, const struct link_ids *ids, int64_t *work)
{
	int64_t found[4] = {work_by_doi(st, ids->doi),
			    work_by(st, SQL_W_BY_PMID, ids->pmid),
			    work_by(st, SQL_W_BY_PMCID, ids->pmcid),
			    work_by(st, SQL_AL_GET, ids->xid)};
	int64_t keep = min_nonzero(found, 4);
	int has_ids = ids->doi || ids->pmid || ids->pmcid || ids->xid;
	int rc = 0, version = 0, created = 0;

	if (!keep && !has_ids)
		keep = work_by(st, SQL_W_BY_FP, ids->fp);
	if (!keep)
		rc = by_fields(st, ids, &keep, &version);
	for (int i = 0; i < 4 && !rc; i++)
		if (found[i] && found[i] != keep)
			rc = link_merge(st, keep, found[i]);
	if (!rc && !keep && (has_ids || ids->fp)) {
		rc = create(st, ids, &keep);
		created = 1; /* with every identifier and field: nothing to add */
	}
	*work = keep;
	if (rc || !keep)
		return rc;
	if (version)
		rc = add_version(st, keep, ids->doi);
	if (!rc && !created)
		rc = add_ids(st, keep, version ? NULL : ids->doi, ids->pmid,
			     ids->pmcid, ids->fp);
	if (!rc && !created && ids->fill)
		rc = fill_gaps(st, keep, ids->fill);
	if (!rc)
		rc = alias_put(st, ids->xid, keep, NULL);
	return rc;
}

int link_alias(struct store *st, const char *xid, int64_t *work)
{
	int64_t other = work_by(st, SQL_AL_GET, xid);
	int rc = 0;

	if (other && other != *work) {
		int64_t keep = other < *work ? other : *work;

		rc = link_merge(st, keep, keep == other ? *work : other);
		*work = keep;
	}
	return rc ? rc : alias_put(st, xid, *work, NULL);
}
