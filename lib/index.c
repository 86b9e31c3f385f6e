/* index.c — opening the index and resolving user-given IDs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "err.h"
#include "index.h"
#include "store_pg.h"
#include "store_read.h"
#include "store_works.h"

/* The index's name in messages: path, or a postgresql:// URL without
 * its password (scheme://user:secret@host... -> scheme://user@host...). */
static char *index_name(const char *path)
{
	const char *s = strstr(path, "://"), *at, *colon;
	char *out;

	if (!s || !store_pg_is_url(path))
		return strdup(path);
	s += 3;
	at = s + strcspn(s, "@/?");
	colon = memchr(s, ':', (size_t)(at - s));
	if (*at != '@' || !colon)
		return strdup(path);
	if (!(out = malloc(strlen(path) + 1)))
		return NULL;
	memcpy(out, path, (size_t)(colon - path));
	strcpy(out + (colon - path), at);
	return out;
}

int ct_open(const char *path, int flags, struct ct_index **out,
            struct ct_error *err)
{
	struct ct_index *idx = calloc(1, sizeof(*idx));
	int rc;

	*out = NULL;
	if (!idx || !(idx->path = index_name(path))) {
		free(idx);
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
	}
	if (flags & CT_OPEN_BULK)
		store_bulk_process(0);
	rc = store_open(
	    path,
	    (flags & CT_OPEN_READONLY ? STORE_OPEN_READONLY : 0) |
	        (flags & CT_OPEN_SQL_PROFILE ? STORE_OPEN_PROFILE : 0),
	    &idx->st, err);
	/* the search cache is SQLite's (FTS5's doclists); PostgreSQL
	 * searches through the store (store_pg_search.c) */
	if (!rc && (flags & CT_OPEN_SEARCH_CACHE) && !store_pg_is_url(path) &&
	    !(idx->fcol = fcol_new()))
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

void ct_sql_profile_use(struct ct_index *idx, ct_sql_profile_fn fn, void *arg)
{
	store_profile_use(idx->st, fn, arg);
}

int ct_snapshot_begin(struct ct_index *idx, struct ct_error *err)
{
	int rc = store_read_begin(idx->st);

	/* a PostgreSQL server out of reach is "try again" (503) */
	if (rc)
		return err_set(err, store_fail_code(rc), "%s: %s", idx->path,
		               store_errmsg(idx->st));
	return 0;
}

void ct_snapshot_end(struct ct_index *idx)
{
	store_read_end_final(idx->st);
}

void ct_deadline_use(struct ct_index *idx, const _Atomic int64_t *at)
{
	store_deadline_use(idx->st, at);
}

int ct_deadline_hit(struct ct_index *idx)
{
	return store_deadline_hit(idx->st, 1);
}

int64_t ct_clock_ns(void)
{
	return store_clock_ns();
}

static int has_prefix(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

/* User IDs are parsed whole (issue 19): a number is digits only, no
 * sign, no leading or trailing junk ("citectx:-5", "pmid:1<script>" are
 * refused, where the readers' lenient doc_norm_pmid would skip to the
 * digits); a DOI is the whole value; an external id is letters, digits
 * and ". _ -". */
#define ID_DIGITS_MAX 12

/* s when it is 1..ID_DIGITS_MAX digits and not zero, without its
 * leading zeros, as an arena copy after prefix; else NULL. */
static char *strict_number(struct doc *d, const char *s, const char *prefix)
{
	size_t n = strspn(s, "0123456789");
	char buf[32];
	size_t pl = strlen(prefix);

	if (n == 0 || n > ID_DIGITS_MAX || s[n])
		return NULL;
	while (n > 1 && *s == '0')
		s++, n--;
	if (*s == '0')
		return NULL; /* identifiers count from 1 */
	memcpy(buf, prefix, pl);
	memcpy(buf + pl, s, n);
	return doc_strdup(d, buf, pl + n);
}

static char *strict_pmid(struct doc *d, const char *s)
{
	return strict_number(d, s, "");
}

static char *strict_pmcid(struct doc *d, const char *s)
{
	return strict_number(d, has_prefix(s, "pmc") ? s + 3 : s, "PMC");
}

static char *strict_doi(struct doc *d, const char *s)
{
	char *v;

	if (has_prefix(s, "https://doi.org/"))
		s += 16;
	if (strncmp(s, "10.", 3))
		return NULL;
	v = doc_norm_doi(d, s);
	return v && strlen(v) == strlen(s) ? v : NULL;
}

/* External ids keep their prefix and are stored lower-case. */
static char *strict_xid(struct doc *d, const char *s)
{
	const char *val = strchr(s, ':') + 1;
	size_t n = strlen(s);
	char *v;

	if (!*val || val[strspn(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
	                             "MNOPQRSTUVWXYZ0123456789._-")])
		return NULL;
	v = doc_strdup(d, s, n);
	for (char *p = v; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return v;
}

/* Prefixes (case-insensitive) in the order tried; skip: how much of the
 * prefix the parser does not see (a bare "PMC123" keeps its "PMC", an
 * external id its whole prefix). */
static const struct id_form {
	const char *prefix;
	size_t skip;
	enum store_work_key k;
	char *(*parse)(struct doc *d, const char *s);
} id_forms[] = {
    {"doi:", 4, STORE_KEY_DOI, strict_doi},
    {"pmid:", 5, STORE_KEY_PMID, strict_pmid},
    {"pmcid:", 6, STORE_KEY_PMCID, strict_pmcid},
    {"pmc", 0, STORE_KEY_PMCID, strict_pmcid},
    {"citectx:", 8, STORE_KEY_ID, strict_pmid},
    {"10.", 0, STORE_KEY_DOI, strict_doi},
    {"https://doi.org/", 0, STORE_KEY_DOI, strict_doi},
    {"sha:", 0, STORE_KEY_ALIAS, strict_xid},
    {"s2:", 0, STORE_KEY_ALIAS, strict_xid},
    {"chinaxiv:", 0, STORE_KEY_ALIAS, strict_xid},
    {"cord:", 0, STORE_KEY_ALIAS, strict_xid},
};

/* The user's ID as (lookup statement, normalised value). */
static int id_parse(struct doc *d, const char *id, enum store_work_key *k,
                    char **v)
{
	*v = NULL;
	for (size_t i = 0; i < sizeof(id_forms) / sizeof(*id_forms); i++) {
		const struct id_form *f = &id_forms[i];

		if (has_prefix(id, f->prefix)) {
			*k = f->k;
			*v = f->parse(d, id + f->skip);
			break;
		}
	}
	return *v ? 0 : CT_EUSAGE;
}

/* The work of identifier v into *w (0: none); a failing index (a
 * PostgreSQL server gone: CT_EUNAVAIL) is an error, not "no such work". */
static int lookup(struct ct_index *idx, enum store_work_key k, const char *v,
                  int64_t *w, struct ct_error *err)
{
	int rc = store_work_find(idx->st, k, v, w);

	if (rc < 0)
		return err_set(err, store_fail_code(rc), "%s: %s", idx->path,
		               store_errmsg(idx->st));
	return 0;
}

/* ct_resolve without suggestions (what the suggestions are tried with). */
static int resolve(struct ct_index *idx, const char *id, int64_t *work,
                   struct ct_error *err)
{
	struct doc d;
	enum store_work_key k = STORE_KEY_DOI;
	char *v;
	int rc;

	*work = 0;
	doc_init(&d, "id");
	rc = id_parse(&d, id, &k, &v);
	if (rc) {
		doc_release(&d);
		return err_set(err, CT_EUSAGE,
		               "%s: not an identifier (a DOI, "
		               "pmid:N, pmcid:PMCN, PMCN, citectx:N with N "
		               "digits only, or sha:, s2:, chinaxiv:, cord:)",
		               id);
	}
	rc = lookup(idx, k, v, work, err);
	if (!rc && !*work && k == STORE_KEY_DOI) { /* another version's DOI */
		char xid[320];

		snprintf(xid, sizeof(xid), "doi:%s", v);
		rc = lookup(idx, STORE_KEY_ALIAS, xid, work, err);
	}
	doc_release(&d);
	if (rc)
		return rc;
	if (!*work)
		return err_set(err, CT_ENOTFOUND,
		               "%s: no such work in the index", id);
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
    {"pubmed", "pmid:"},    {"doi", ""},
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
		if (*v && snprintf(cand, sizeof(cand), "%s%s",
		                   id_words[i].prefix, v) < (int)sizeof(cand))
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
