/* cite.c — citation statements (see cite.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "err.h"
#include "norm.h"

#define SENTS_MAX 20000 /* sentences in one paragraph */
#define STMTS_MAX 500000

void cite_release(struct stmts *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Key "surname|i" of a surname (normalised: case, diacritics, spaces,
 * hyphens, so "Sjögren" = "Sjogren") and a given-name initial. */
static void author_key(char *out, size_t cap, const char *sur, size_t n,
		       char initial)
{
	size_t k = norm_name(sur, n, out, cap - 3);

	out[k++] = '|';
	out[k++] = (char)tolower((unsigned char)initial);
	out[k] = '\0';
}

#define AUTHOR_KEY_MAX 96

/* The article's author keys, computed once (NULL when out of memory). */
static char (*author_keys(const struct doc_meta *m))[AUTHOR_KEY_MAX]
{
	char (*k)[AUTHOR_KEY_MAX] = malloc((m->nauthors + 1) * sizeof(*k));

	for (size_t i = 0; k && i < m->nauthors; i++) {
		const struct doc_author *au = &m->authors[i];

		if (au->surname)
			author_key(k[i], sizeof(k[i]), au->surname,
				   strlen(au->surname), au->given ? au->given[0] : 0);
		else
			k[i][0] = '\0'; /* no key has an empty surname: "|i" */
	}
	return k;
}

/* True when one of refauthors ("Surname GI; ...") shares a surname and
 * first initial with one of the article's n author keys. */
static int self_by_keys(char (*keys)[AUTHOR_KEY_MAX], size_t n,
			const char *refauthors)
{
	const char *p = refauthors;
	char a[AUTHOR_KEY_MAX];

	while (p && *p) {
		size_t len = strcspn(p, ";");
		const char *sp = memrchr(p, ' ', len);
		size_t sn = sp ? (size_t)(sp - p) : len;
		char ini = sp && sp + 1 < p + len ? sp[1] : 0;

		if (sn) {
			author_key(a, sizeof(a), p, sn, ini);
			for (size_t i = 0; i < n; i++)
				if (keys[i][0] && !strcmp(a, keys[i]))
					return 1;
		}
		p += len;
		p += strspn(p, "; ");
	}
	return 0;
}

static uint32_t sentence_of(const struct ct_span *s, int ns, uint32_t pos)
{
	int k = 0;

	while (k + 1 < ns && s[k + 1].start <= pos)
		k++;
	return (uint32_t)k;
}

/* Builds previous + citing + next sentence text for sentence k. */
static int stmt_text(struct doc *d, const struct doc_para *p,
		     const struct ct_span *s, int ns, int k, struct stmt *st)
{
	uint32_t a = s[k > 0 ? k - 1 : k].start;
	uint32_t b = s[k + 1 < ns ? k + 1 : k].end;

	st->text = doc_strdup(d, p->text + a, b - a);
	if (!st->text)
		return CT_ENOMEM;
	st->sent_abs = s[k].start;
	st->sent_start = s[k].start - a;
	st->sent_end = s[k].end - a;
	return 0;
}

static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static uint64_t stmt_key(const struct stmt *st)
{
	return fnv(st->text + st->sent_start, st->sent_end - st->sent_start,
		   1469598103934665603ULL ^ st->ref);
}

/* The same reference cited in the same words by another sentence of the
 * article.  Two citations inside one sentence ("[11, 19] ... [19]") are
 * two in-text citations and both stay. */
static int same_stmt(const struct stmt *a, const struct stmt *b)
{
	uint32_t la = a->sent_end - a->sent_start;

	if (a->para == b->para && a->sent_abs == b->sent_abs)
		return 0;
	return a->ref == b->ref && la == b->sent_end - b->sent_start &&
	       !memcmp(a->text + a->sent_start, b->text + b->sent_start, la);
}

static int stmt_class(const struct doc *d, const struct stmt *st)
{
	return d->secs[d->paras[st->para].section].cls;
}

/* Folds repeats (same reference, same citing sentence) into one: the
 * first, unless a later copy sits in a classed section (the body repeating
 * the abstract), whose place and section the statement then takes. */
static int dedupe(const struct doc *d, struct stmts *s)
{
	size_t cap = 16, w = 0;
	uint32_t *tab;

	while (cap < s->n * 2)
		cap *= 2;
	tab = calloc(cap, sizeof(*tab)); /* slot = index + 1 */
	if (!tab)
		return CT_ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		size_t h = (size_t)stmt_key(&s->v[i]) & (cap - 1);

		while (tab[h] && !same_stmt(&s->v[tab[h] - 1], &s->v[i]))
			h = (h + 1) & (cap - 1);
		if (tab[h]) {
			struct stmt *kept = &s->v[tab[h] - 1];
			int dups = kept->dups + 1;

			if (stmt_class(d, kept) == CT_SEC_OTHER &&
			    stmt_class(d, &s->v[i]) != CT_SEC_OTHER)
				*kept = s->v[i];
			kept->dups = dups;
			continue;
		}
		s->v[w] = s->v[i];
		tab[h] = (uint32_t)(w + 1);
		w++;
	}
	free(tab);
	s->n = w;
	return 0;
}

static int para_stmts(struct doc *d, uint32_t pi, struct ct_span *prot,
		      struct ct_span *sents, struct stmts *out)
{
	const struct doc_para *p = &d->paras[pi];
	int ns;

	if (p->ngroup == 0)
		return 0;
	for (uint32_t g = 0; g < p->ngroup; g++) {
		prot[g].start = d->groups[p->group0 + g].start;
		prot[g].end = d->groups[p->group0 + g].end;
	}
	ns = ct_sentences(p->text, p->len, prot, p->ngroup, sents, SENTS_MAX);
	if (ns < 0)
		return ns;
	if (ns == 0)
		return 0;
	for (uint32_t g = 0; g < p->ngroup; g++) {
		const struct doc_group *gr = &d->groups[p->group0 + g];
		int k = (int)sentence_of(sents, ns, gr->start);
		char *marker = doc_strdup(d, p->text + gr->start,
					  gr->end - gr->start);

		for (uint32_t r = 0; r < gr->nref; r++) {
			struct stmt *st = doc_push((void **)&out->v, &out->n,
						   &out->cap, sizeof(*st),
						   STMTS_MAX);
			int rc;

			if (!st || !marker)
				return CT_ELIMIT;
			st->para = pi;
			st->group = p->group0 + g;
			st->ref = d->grefs[gr->ref0 + r];
			st->marker = marker;
			rc = stmt_text(d, p, sents, ns, k, st);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Self-citation is a property of the reference: decided once per
 * reference, not once per statement (an article cites some references
 * dozens of times and each test compares every author pair); the
 * article's author keys are computed once, not once per pair. */
static int mark_self(const struct doc *d, struct stmts *s)
{
	unsigned char *memo = calloc(d->nrefs + 1, 1); /* 0 unknown, 1 no, 2 yes */
	char (*keys)[AUTHOR_KEY_MAX] = author_keys(&d->meta);

	if (!memo || !keys) {
		free(memo);
		free(keys);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++) {
		uint32_t r = s->v[i].ref;

		if (!memo[r])
			memo[r] = self_by_keys(keys, d->meta.nauthors,
					       d->refs[r].authors) ? 2 : 1;
		s->v[i].self = memo[r] == 2;
	}
	free(keys);
	free(memo);
	return 0;
}

int cite_extract(struct doc *d, struct stmts *out, struct ct_error *err)
{
	struct ct_span *prot = NULL, *sents = NULL;
	uint32_t maxg = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->nparas; i++)
		if (d->paras[i].ngroup > maxg)
			maxg = d->paras[i].ngroup;
	prot = malloc((maxg + 1) * sizeof(*prot));
	sents = malloc(SENTS_MAX * sizeof(*sents));
	if (!prot || !sents)
		rc = CT_ENOMEM;
	for (size_t i = 0; i < d->nparas && !rc; i++)
		rc = para_stmts(d, (uint32_t)i, prot, sents, out);
	if (!rc)
		rc = dedupe(d, out);
	if (!rc)
		rc = mark_self(d, out);
	free(prot);
	free(sents);
	if (rc) {
		cite_release(out);
		return err_set(err, rc, "%s: %s while extracting statements",
			       d->name, ct_strerror(rc));
	}
	return 0;
}
