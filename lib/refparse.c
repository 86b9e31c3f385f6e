/* refparse.c — fields from raw reference text (see refparse.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "refparse.h"

#define RAW_MAX 2000 /* longer "references" are not citations */

static int is_year_at(const char *s, const char *start)
{
	return (s[0] == '1' || s[0] == '2') && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	       !isalnum((unsigned char)s[4]) &&
	       (s == start || !isalnum((unsigned char)s[-1])) &&
	       (s[0] == '2' ? s[1] == '0' : s[1] == '9');
}

/* The first plausible year; *paren when written "(1987)". */
static const char *find_year(const char *raw, int *paren)
{
	for (const char *p = raw; *p; p++)
		if (is_year_at(p, raw)) {
			*paren = p > raw && p[-1] == '(';
			return p;
		}
	return NULL;
}

/* End of the author list: the first ". " (or ": ") whose word before is
 * not a lone initial ("M. D." goes on, "PR." and "al." end it). */
static const char *authors_end(const char *s, const char *limit)
{
	for (const char *p = s; *p && p < limit; p++) {
		if ((*p != '.' && *p != ':') || (p[1] != ' ' && p[1] != '\0'))
			continue;
		if (*p == '.' && p - s >= 2 && isupper((unsigned char)p[-1]) &&
		    (p[-2] == ' ' || p[-2] == '.' || p[-2] == ','))
			continue;
		return p;
	}
	return NULL;
}

/* Next sentence end (". ", "? ", "! ") at or after s; end of string else. */
static const char *clause_end(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((*p == '.' || *p == '?' || *p == '!') &&
		    (p[1] == ' ' || p[1] == '\0'))
			return p;
	return s + strlen(s);
}

/* True when [a, b) is a quotation: a title's first part in quotes, as in
 * "“Mini-mental state”. A practical method..." (ASCII or curly quotes). */
static int quoted(const char *a, const char *b)
{
	static const char *const open[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x98",
	                                   "'"};
	static const char *const close[] = {"\"", "\xE2\x80\x9D",
	                                    "\xE2\x80\x99", "'"};

	for (int i = 0; i < 4; i++) {
		size_t o = strlen(open[i]), c = strlen(close[i]);

		if ((size_t)(b - a) > o + c && !strncmp(a, open[i], o) &&
		    !strncmp(b - c, close[i], c))
			return 1;
	}
	return 0;
}

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '.' || *s == ',' || *s == ';')
		s++;
	return s;
}

static char *trimmed(struct doc *d, const char *a, const char *b)
{
	while (a < b && strchr(" .,;:()", *a))
		a++;
	while (b > a && strchr(" .,;:", b[-1]))
		b--;
	return b - a >= 2 ? doc_strdup(d, a, (size_t)(b - a)) : NULL;
}

/* "Folstein MF, Folstein SE" or "Levine, M. D., & Reed, M. S." ->
 * "Folstein MF; Folstein SE" / "Levine MD; Reed MS". */
static char *authors_of(struct doc *d, const char *a, const char *b)
{
	struct ct_buf o = CT_BUF_INIT;
	char *s = NULL;

	while (a < b) {
		const char *e = a;
		int initials_only = 1;

		while (e < b && *e != ',' && *e != '&')
			e++;
		for (const char *p = a; p < e; p++)
			if (islower((unsigned char)*p))
				initials_only = 0;
		if (initials_only && o.len) {
			ct_buf_putc(&o, ' ');
			for (const char *p = a; p < e; p++)
				if (isupper((unsigned char)*p))
					ct_buf_putc(&o, *p);
		} else if (trimmed(d, a, e)) {
			if (o.len)
				ct_buf_puts(&o, "; ");
			ct_buf_puts(&o, trimmed(d, a, e));
		}
		a = e + 1;
	}
	if (o.len)
		s = doc_strdup(d, o.ptr, o.len);
	ct_buf_release(&o);
	return s;
}

/* "1975;12(3):189-98" or "Journal, 11:875-879": volume and first page
 * from the first "V:P" or "V(I):P" after s. */
static void vol_page(struct doc *d, struct doc_ref *r, const char *s)
{
	for (const char *p = s; *p; p++) {
		const char *v = p, *q;

		if (!isdigit((unsigned char)*p) ||
		    (p > s && isalnum((unsigned char)p[-1])))
			continue;
		q = v;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '(')
			q += strcspn(q, ")") + (q[strcspn(q, ")")] ? 1 : 0);
		if (*q != ':')
			continue;
		r->volume = doc_strdup(d, v, strspn(v, "0123456789"));
		q = skip_sp(q + 1);
		r->fpage = doc_strdup(
		    d, q, strspn(q, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZe"));
		if (r->fpage && !*r->fpage)
			r->fpage = NULL;
		return;
	}
}

void refparse_fill(struct doc *d, struct doc_ref *r)
{
	const char *raw = r->raw, *y, *ae, *t, *te;
	int paren = 0;

	if (raw && !r->doi && strcasestr(raw, "doi"))
		r->doi = doc_norm_doi(d, strcasestr(raw, "doi"));
	if (!raw || r->title || r->source || strlen(raw) > RAW_MAX)
		return;
	y = find_year(raw, &paren);
	if (y && !r->year)
		r->year = atoi(y) % 10000;
	ae = paren ? y - 1 : authors_end(raw, raw + strlen(raw));
	if (!ae)
		return;
	if (!r->authors)
		r->authors = authors_of(d, raw, ae);
	t = skip_sp(paren ? y + 5 : ae + 1);
	while (*t == ')' || *t == ' ' || *t == '.')
		t++;
	te = clause_end(t);
	if (quoted(t, te) && *te) /* "“Mini-mental state”. A practical..." */
		te = clause_end(te + 1);
	r->title = trimmed(d, t, te);
	if (*te) {
		const char *j = skip_sp(te + 1);
		const char *je = j;

		while (*je && !isdigit((unsigned char)*je) && *je != '.' &&
		       *je != ';')
			je++;
		r->source = trimmed(d, j, je);
		vol_page(d, r, j);
	}
}

void refparse_doc(struct doc *d)
{
	for (size_t i = 0; i < d->nrefs; i++)
		refparse_fill(d, &d->refs[i]);
}
