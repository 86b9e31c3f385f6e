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

/* ct_resolve without suggestions (what the suggestions are tried with). */
static int resolve(struct ct_index *idx, const char *id, int64_t *work,
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

/* ---- "did you mean" --------------------------------------------------------
 * What people paste instead of an ID: a bare number (a PMID or a PMC
 * number), "PMID 1202204", "PMID: 1202204", "doi 10.1/x", a DOI link from
 * another resolver (dx.doi.org, a publisher's "doi.org/..." without the
 * scheme), an ID with the full stop or bracket of the sentence it came
 * from.  Each is rewritten into the forms ct_resolve reads; those that name
 * a work in the index are suggested.  Nothing is guessed beyond that. */

/* Longer input is not an identifier anyone typed: no suggestions. */
#define SUGGEST_ID_MAX 256

static void suggest_add(struct ct_index *idx, struct ct_suggestions *sg,
			const char *orig, const char *cand)
{
	struct ct_error err = {0};
	int64_t w;

	if (sg->n == CT_SUGGEST_MAX || !strcmp(cand, orig) ||
	    resolve(idx, cand, &w, &err))
		return;
	for (size_t i = 0; i < sg->n; i++)
		if (!strcmp(sg->id[i], cand) || sg->work[i] == w)
			return;
	snprintf(sg->id[sg->n], sizeof(sg->id[0]), "%s", cand);
	sg->work[sg->n++] = w;
}

/* The labelled forms: a word (any case), separators, the value. */
static const struct {
	const char *word, *prefix;
} id_words[] = {
	{"pmcid", "pmcid:PMC"}, {"pmc", "pmcid:PMC"}, {"pmid", "pmid:"},
	{"pubmed", "pmid:"},	{"doi", ""},
};

static void suggest_labelled(struct ct_index *idx, struct ct_suggestions *sg,
			     const char *orig, const char *s)
{
	char cand[CT_ID_MAX];

	for (size_t i = 0; i < sizeof(id_words) / sizeof(*id_words); i++) {
		size_t n = strlen(id_words[i].word);
		const char *v = s + n;

		if (strncasecmp(s, id_words[i].word, n))
			continue;
		v += strspn(v, " \t:=#.");
		if (!strncasecmp(id_words[i].prefix, "pmcid", 5) &&
		    !strncasecmp(v, "pmc", 3))
			v += 3;
		if (*v && snprintf(cand, sizeof(cand), "%s%s", id_words[i].prefix,
				   v) < (int)sizeof(cand))
			suggest_add(idx, sg, orig, cand);
		return;
	}
}

void ct_suggest(struct ct_index *idx, const char *id, struct ct_suggestions *sg)
{
	char s[SUGGEST_ID_MAX + 1], cand[CT_ID_MAX];
	const char *doi, *p = id + strspn(id, " \t<([");
	size_t n = strlen(p);

	sg->n = 0;
	if (n > SUGGEST_ID_MAX)
		return;
	while (n && strchr(" \t.,;:)]>'\"", p[n - 1]))
		n--; /* the sentence's punctuation */
	memcpy(s, p, n);
	s[n] = '\0';
	if (n && strspn(s, "0123456789") == n) {
		snprintf(cand, sizeof(cand), "pmid:%s", s);
		suggest_add(idx, sg, id, cand);
		snprintf(cand, sizeof(cand), "pmcid:PMC%s", s);
		suggest_add(idx, sg, id, cand);
		return;
	}
	if ((doi = strstr(s, "10.")) && strchr(doi, '/') &&
	    snprintf(cand, sizeof(cand), "%s", doi) < (int)sizeof(cand))
		suggest_add(idx, sg, id, cand);
	suggest_labelled(idx, sg, id, s);
	suggest_add(idx, sg, id, s);
}

int ct_resolve(struct ct_index *idx, const char *id, int64_t *work,
	       struct ct_error *err)
{
	struct ct_suggestions sg;
	int rc = resolve(idx, id, work, err);

	if (!rc || (rc != CT_ENOTFOUND && rc != CT_EUSAGE) || !err)
		return rc;
	ct_suggest(idx, id, &sg);
	for (size_t i = 0; i < sg.n; i++) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof(err->msg) - len, "%s%s",
			 i ? " or " : "; did you mean ", sg.id[i]);
	}
	if (sg.n) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof(err->msg) - len, "?");
	}
	return rc;
}
