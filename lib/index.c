/* index.c — opening the index and resolving user-given IDs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "err.h"
#include "index.h"

int ct_open(const char *path, int flags, struct ct_index **out,
	    struct ct_error *err)
{
	struct ct_index *idx = calloc(1, sizeof(*idx));
	int rc;

	*out = NULL;
	if (!idx || !(idx->path = strdup(path))) {
		free(idx);
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
	}
	if (flags & CT_OPEN_BULK)
		store_bulk_process();
	rc = store_open(path, flags & CT_OPEN_READONLY, &idx->st, err);
	if (!rc && (flags & CT_OPEN_SEARCH_CACHE) && !(idx->fcol = fcol_new()))
		rc = err_set(err, CT_ENOMEM, "%s: out of memory", path);
	if (rc) {
		ct_close(idx);
		return rc;
	}
	*out = idx;
	return 0;
}

void ct_close(struct ct_index *idx)
{
	if (!idx)
		return;
	store_close(idx->st); /* first: ct_rank borrows the cache's lengths */
	fcol_free(idx->fcol);
	ct_model_free(idx->own_model);
	free(idx->path);
	free(idx);
}

int ct_snapshot_begin(struct ct_index *idx, struct ct_error *err)
{
	if (store_exec(store_sql(idx->st, SQL_READ_BEGIN)))
		return err_set(err, CT_EDB, "%s: %s", idx->path,
			       store_errmsg(idx->st));
	return 0;
}

void ct_snapshot_end(struct ct_index *idx)
{
	store_exec(store_sql(idx->st, SQL_READ_END));
}

static int has_prefix(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

/* The user's ID as (lookup statement, normalised value). */
static int id_parse(struct doc *d, const char *id, enum store_sql *k,
		    char **v)
{
	if (has_prefix(id, "doi:")) {
		*k = SQL_W_BY_DOI;
		*v = doc_norm_doi(d, id + 4);
	} else if (has_prefix(id, "pmid:")) {
		*k = SQL_W_BY_PMID;
		*v = doc_norm_pmid(d, id + 5);
	} else if (has_prefix(id, "pmcid:")) {
		*k = SQL_W_BY_PMCID;
		*v = doc_norm_pmcid(d, id + 6);
	} else if (has_prefix(id, "pmc") && isdigit((unsigned char)id[3])) {
		*k = SQL_W_BY_PMCID;
		*v = doc_norm_pmcid(d, id + 3);
	} else if (has_prefix(id, "citectx:")) {
		*k = SQL_W_BY_ID;
		*v = doc_norm_pmid(d, id + 8);
	} else if (has_prefix(id, "10.") || has_prefix(id, "https://doi.org/")) {
		*k = SQL_W_BY_DOI;
		*v = doc_norm_doi(d, id);
	} else if (has_prefix(id, "sha:") || has_prefix(id, "s2:") ||
		   has_prefix(id, "chinaxiv:") || has_prefix(id, "cord:")) {
		*k = SQL_AL_GET; /* external ids, stored lower-case */
		*v = doc_strdup(d, id, strlen(id));
		for (char *p = *v; p && *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else {
		*v = NULL;
	}
	return *v ? 0 : CT_EUSAGE;
}

static int64_t lookup(struct ct_index *idx, enum store_sql k, const char *v)
{
	struct store_row *r = store_sql(idx->st, k);
	int64_t w = 0;

	store_bind_text(r, 1, v);
	if (store_step(r) == 1)
		w = store_int(r, 0);
	store_done(r);
	return w;
}

int ct_resolve(struct ct_index *idx, const char *id, int64_t *work,
	       struct ct_error *err)
{
	struct doc d;
	enum store_sql k = SQL_W_BY_DOI;
	char *v;
	int rc;

	*work = 0;
	doc_init(&d, "id");
	rc = id_parse(&d, id, &k, &v);
	if (rc) {
		doc_release(&d);
		return err_set(err, CT_EUSAGE, "%s: not a DOI, pmid:, pmcid: or "
			       "PMC identifier", id);
	}
	*work = lookup(idx, k, v);
	if (!*work && k == SQL_W_BY_DOI) { /* another version's DOI */
		char xid[320];

		snprintf(xid, sizeof(xid), "doi:%s", v);
		*work = lookup(idx, SQL_AL_GET, xid);
	}
	doc_release(&d);
	if (!*work)
		return err_set(err, CT_ENOTFOUND, "%s: no such work in the index",
			       id);
	return 0;
}
