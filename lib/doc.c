/* doc.c — the document model's lifecycle, section classes, the names of
 * section classes and statement types (ct_section_name, ct_type_name),
 * identifiers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---- the names of section classes and statement types ---------------- */

static const char *const sec_names[CT_SEC_COUNT] = {
    "introduction", "methods", "results", "discussion", "other"};
static const char *const type_names[CT_TYPE_COUNT] = {
    "supporting", "contrasting", "mentioning", "unclassified"};

const char *ct_section_name(int s)
{
	return s >= 0 && s < CT_SEC_COUNT ? sec_names[s] : "other";
}

const char *ct_type_name(int t)
{
	return t >= 0 && t < CT_TYPE_COUNT ? type_names[t] : "unclassified";
}

int ct_section_parse(const char *s)
{
	for (int i = 0; i < CT_SEC_COUNT; i++)
		if (!strcmp(s, sec_names[i]))
			return i;
	return -1;
}

int ct_type_parse(const char *s)
{
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		if (!strcmp(s, type_names[i]))
			return i;
	return -1;
}

void doc_init(struct doc *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	arena_init(&d->arena);
	d->name = name;
}

void doc_release(struct doc *d)
{
	if (!d)
		return;
	arena_release(&d->arena);
	free(d->meta.authors);
	free(d->meta.notices);
	free(d->refs);
	free(d->secs);
	free(d->paras);
	free(d->groups);
	free(d->grefs);
	memset(d, 0, sizeof(*d));
}

void *doc_push(void **arr, size_t *n, size_t *cap, size_t size, size_t max)
{
	char *p;

	if (*n >= max)
		return NULL;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;

		p = realloc(*arr, nc * size); /* nc <= 2*max: no overflow */
		if (!p)
			return NULL;
		*arr = p;
		*cap = nc;
	}
	p = (char *)*arr + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

char *doc_strdup(struct doc *d, const char *s, size_t n)
{
	return arena_strndup(&d->arena, s, n);
}

/* Heading words -> class.  Order matters: "Results and discussion" is a
 * results section, "Materials and methods" a methods one.  The words come
 * from the headings of the 4,470-article corpus (Background, Methods,
 * Patients, Statistical analysis, Conclusions...). */
static const struct {
	const char *word;
	int cls;
} sec_words[] = {
    {"introduc", CT_SEC_INTRODUCTION},
    {"background", CT_SEC_INTRODUCTION},
    {"rationale", CT_SEC_INTRODUCTION},
    {"result", CT_SEC_RESULTS},
    {"finding", CT_SEC_RESULTS},
    {"outcome", CT_SEC_RESULTS},
    {"method", CT_SEC_METHODS},
    {"material", CT_SEC_METHODS},
    {"patients", CT_SEC_METHODS},
    {"participants", CT_SEC_METHODS},
    {"subjects", CT_SEC_METHODS},
    {"design", CT_SEC_METHODS},
    {"procedure", CT_SEC_METHODS},
    {"statistic", CT_SEC_METHODS},
    {"setting", CT_SEC_METHODS},
    {"intervention", CT_SEC_METHODS},
    {"protocol", CT_SEC_METHODS},
    {"sample size", CT_SEC_METHODS},
    {"randomi", CT_SEC_METHODS},
    {"measure", CT_SEC_METHODS},
    {"experimental", CT_SEC_METHODS},
    {"discussion", CT_SEC_DISCUSSION},
    {"conclusion", CT_SEC_DISCUSSION},
    {"limitation", CT_SEC_DISCUSSION},
    {"interpretation", CT_SEC_DISCUSSION},
    {"comment", CT_SEC_DISCUSSION},
    {"implication", CT_SEC_DISCUSSION},
    {"summary", CT_SEC_DISCUSSION},
};

static int sec_from_type(const char *t)
{
	if (!t || !*t)
		return -1;
	if (!strncmp(t, "intro", 5))
		return CT_SEC_INTRODUCTION;
	if (strstr(t, "method") || strstr(t, "materials") ||
	    strstr(t, "subjects"))
		return CT_SEC_METHODS;
	if (!strncmp(t, "result", 6) || !strncmp(t, "cases", 5))
		return CT_SEC_RESULTS;
	if (!strncmp(t, "discussion", 10) || !strncmp(t, "conclusion", 10))
		return CT_SEC_DISCUSSION;
	return -1;
}

int doc_section_class(const char *sec_type, const char *heading)
{
	char low[128];
	size_t i;
	int c = sec_from_type(sec_type);

	if (c >= 0)
		return c;
	if (!heading)
		return CT_SEC_OTHER;
	for (i = 0; heading[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)heading[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(sec_words) / sizeof(sec_words[0]); i++)
		if (strstr(low, sec_words[i].word))
			return sec_words[i].cls;
	return CT_SEC_OTHER;
}

/* A DOI is "10." registrant "/" suffix; we lower-case it (DOIs are
 * case-insensitive) and strip resolver prefixes and trailing punctuation
 * that reference lists glue to it. */
char *doc_norm_doi(struct doc *d, const char *s)
{
	const char *p;
	size_t n;
	char *out;

	if (!s)
		return NULL;
	p = strstr(s, "10.");
	if (!p)
		return NULL;
	n = strcspn(p, " \t\r\n\"<>");
	/* SICI DOIs hold "<...::...>":
	 * "10.1002/(SICI)...45:1<62::AID-ANR85>3.0.CO;2-W" */
	while (p[n] == '<' && !strncmp(p + n + strcspn(p + n, ":>"), "::", 2))
		n += 1 + strcspn(p + n + 1, " \t\r\n\"<");
	while (n && strchr(".,;:)]}'", p[n - 1]))
		n--;
	if (n < 7 || n > 300 || !memchr(p, '/', n))
		return NULL;
	/* a suffix cut by a line break or space ("10.1111/ j.1532...") and the
	 * Cochrane Library's prefix without its review ("10.1002/14651858.
	 * CD000518") identify nothing */
	if (p + n - (const char *)memchr(p, '/', n) < 4 ||
	    (n == 16 && !strncmp(p, "10.1002/14651858", 16)))
		return NULL;
	out = doc_strdup(d, p, n);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}

static char *norm_digits(struct doc *d, const char *s, const char *prefix)
{
	char buf[32];
	size_t n = 0, pl = strlen(prefix);

	if (!s)
		return NULL;
	while (*s && !isdigit((unsigned char)*s))
		s++;
	while (isdigit((unsigned char)s[n]))
		n++;
	if (n == 0 || n > 12 || isalnum((unsigned char)s[n]))
		return NULL;
	while (n > 1 && *s == '0')
		s++, n--;
	memcpy(buf, prefix, pl);
	memcpy(buf + pl, s, n);
	return doc_strdup(d, buf, pl + n);
}

char *doc_norm_pmid(struct doc *d, const char *s)
{
	return norm_digits(d, s, "");
}

char *doc_norm_pmcid(struct doc *d, const char *s)
{
	return norm_digits(d, s, "PMC");
}
