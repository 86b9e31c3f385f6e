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

/* The work v names by key k (0: none, or v NULL); *rc keeps the first
 * failure. */
static int64_t work_by(struct store *st, enum store_link_key k, const char *v,
                       int *rc)
{
	int64_t id = 0;

	if (!*rc)
		*rc = store_link_find(st, k, v, &id, NULL);
	return id;
}

/* A DOI is a work's own (works.doi) or one of its versions (aliases). */
static int64_t work_by_doi(struct store *st, const char *doi, int *rc)
{
	char xid[320];
	int64_t w = work_by(st, STORE_LINK_DOI, doi, rc);

	if (w || !doi)
		return w;
	snprintf(xid, sizeof(xid), "doi:%s", doi);
	return work_by(st, STORE_LINK_ALIAS, xid, rc);
}

static int alias_put(struct store *st, const char *xid, int64_t work,
                     const char *version)
{
	return xid && work ? store_alias_put(st, xid, work, version, NULL) : 0;
}

static int add_ids(struct store *st, int64_t id, const char *doi,
                   const char *pmid, const char *pmcid, const char *fp)
{
	struct store_work_ids ids = {doi, pmid, pmcid, fp};

	return store_work_add_ids(st, id, &ids, NULL);
}

int link_merge(struct store *st, int64_t keep, int64_t gone)
{
	return keep == gone ? 0 : store_work_merge(st, keep, gone, NULL);
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
	struct match_ids mi = {ids->doi, ids->pmid, ids->pmcid, 0,
	                       ids->article};
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

static int create(struct store *st, const struct link_ids *ids, int64_t *work)
{
	struct store_work_ids w = {ids->doi, ids->pmid, ids->pmcid, ids->fp};

	return store_work_create(st, &w, ids->fill, work, NULL);
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
	int rc = 0, version = 0, created = 0;
	int64_t found[4] = {work_by_doi(st, ids->doi, &rc),
	                    work_by(st, STORE_LINK_PMID, ids->pmid, &rc),
	                    work_by(st, STORE_LINK_PMCID, ids->pmcid, &rc),
	                    work_by(st, STORE_LINK_ALIAS, ids->xid, &rc)};
	int64_t keep = min_nonzero(found, 4);
	int has_ids = ids->doi || ids->pmid || ids->pmcid || ids->xid;

	if (!keep && !has_ids)
		keep = work_by(st, STORE_LINK_FP, ids->fp, &rc);
	if (!rc && !keep)
		rc = by_fields(st, ids, &keep, &version);
	for (int i = 0; i < 4 && !rc; i++)
		if (found[i] && found[i] != keep)
			rc = link_merge(st, keep, found[i]);
	if (!rc && !keep && (has_ids || ids->fp)) {
		rc = create(st, ids, &keep);
		created =
		    1; /* with every identifier and field: nothing to add */
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
		rc = store_work_fill(st, keep, ids->fill, NULL);
	if (!rc)
		rc = alias_put(st, ids->xid, keep, NULL);
	return rc;
}

int link_alias(struct store *st, const char *xid, int64_t *work)
{
	int rc = 0;
	int64_t other = work_by(st, STORE_LINK_ALIAS, xid, &rc);

	if (!rc && other && other != *work) {
		int64_t keep = other < *work ? other : *work;

		rc = link_merge(st, keep, keep == other ? *work : other);
		*work = keep;
	}
	return rc ? rc : alias_put(st, xid, *work, NULL);
}
