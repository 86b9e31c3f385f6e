/* record.c — references rendered from their parts, abstracts with their
 * section headings (see record.h). */
#include <string.h>

#include <stdio.h>

#include "buf.h"
#include "doc.h"
#include "record.h"

int ref_parts_any(const struct ref_parts *p)
{
	return (p->authors && *p->authors) || (p->title && *p->title) ||
	       (p->source && *p->source);
}

static int has(const char *s)
{
	return s && *s;
}

/* True when b ends a sentence already ("...in Europe?" needs no "."). */
static int ends_stop(const struct ct_buf *b)
{
	char c = b->len ? b->ptr[b->len - 1] : '.';

	return c == '.' || c == '?' || c == '!';
}

static void space(struct ct_buf *b)
{
	if (b->len && b->ptr[b->len - 1] != ' ')
		ct_buf_putc(b, ' ');
}

static void stop(struct ct_buf *b)
{
	if (b->len && !ends_stop(b))
		ct_buf_putc(b, '.');
}

/* One part that ends with its own full stop: "Title." */
static void sentence(struct ct_buf *b, const char *s)
{
	if (!has(s))
		return;
	space(b);
	ct_buf_puts(b, s);
	stop(b);
}

static void pages(struct ct_buf *b, const struct ref_parts *p)
{
	if (has(p->fpage)) {
		ct_buf_puts(b, p->fpage);
		if (has(p->lpage) && strcmp(p->lpage, p->fpage))
			ct_buf_printf(b, "-%s", p->lpage);
	} else if (has(p->elocation)) {
		ct_buf_puts(b, p->elocation);
	}
}

static int has_pages(const struct ref_parts *p)
{
	return has(p->fpage) || has(p->elocation);
}

/* "Journal Year Month;Vol(Issue Suppl):Pages." */
static void journal(struct ct_buf *b, const struct ref_parts *p)
{
	int vol = has(p->volume) || has(p->issue) || has(p->supplement);

	space(b);
	if (has(p->source))
		ct_buf_puts(b, p->source);
	if (has(p->year))
		ct_buf_printf(b, "%s%s", has(p->source) ? " " : "", p->year);
	if (has(p->year) && has(p->month))
		ct_buf_printf(b, " %s", p->month);
	if (vol || has_pages(p))
		ct_buf_puts(b, has(p->year) ? ";" : has(p->source) ? " " : "");
	if (has(p->volume))
		ct_buf_puts(b, p->volume);
	if (has(p->issue) || has(p->supplement))
		ct_buf_printf(b, "(%s%s%s)", has(p->issue) ? p->issue : "",
		              has(p->issue) && has(p->supplement) ? " " : "",
		              has(p->supplement) ? p->supplement : "");
	if (has_pages(p)) {
		if (vol)
			ct_buf_putc(b, ':');
		pages(b, p);
	}
	stop(b);
}

/* "Source. 2nd ed. Place: Publisher; Year. p. 12-19." */
static void book(struct ct_buf *b, const struct ref_parts *p)
{
	sentence(b, p->source);
	if (has(p->edition)) {
		space(b);
		ct_buf_puts(b, p->edition);
		if (!strstr(p->edition, "ed"))
			ct_buf_puts(b, " ed");
		stop(b);
	}
	space(b);
	if (has(p->loc))
		ct_buf_printf(b, "%s%s", p->loc, has(p->publisher) ? ": " : "");
	if (has(p->publisher))
		ct_buf_puts(b, p->publisher);
	if (has(p->year))
		ct_buf_printf(b, "%s%s",
		              has(p->loc) || has(p->publisher) ? "; " : "",
		              p->year);
	stop(b);
	if (has_pages(p)) {
		ct_buf_puts(b, " p. ");
		pages(b, p);
		stop(b);
	}
}

static void ids(struct ct_buf *b, const struct ref_parts *p)
{
	if (has(p->doi)) {
		space(b);
		ct_buf_printf(b, "doi:%s", p->doi);
	}
	if (has(p->pmid)) {
		space(b);
		ct_buf_printf(b, "PMID: %s.", p->pmid);
	}
	if (has(p->pmcid)) {
		space(b);
		ct_buf_printf(b, "PMCID: %s.", p->pmcid);
	}
}

void ref_render(struct ct_buf *b, const struct ref_parts *p)
{
	int bookish = (has(p->publisher) || has(p->loc)) && !has(p->volume);

	if (has(p->authors)) {
		ct_buf_puts(b, p->authors);
		if (p->etal)
			ct_buf_puts(b, ", et al");
		stop(b);
	}
	sentence(b, p->title);
	if (has(p->editors)) {
		space(b);
		ct_buf_printf(b, "In: %s, editors.", p->editors);
	}
	if (bookish)
		book(b, p);
	else if (has(p->source) || has(p->year) || has(p->volume) ||
	         has_pages(p))
		journal(b, p);
	sentence(b, p->extra);
	ids(b, p);
}

void ref_name_add(struct ct_buf *b, const char *surname, const char *given)
{
	if (!has(surname) && !has(given))
		return;
	if (b->len)
		ct_buf_puts(b, ", ");
	if (has(surname))
		ct_buf_puts(b, surname);
	if (has(surname) && has(given))
		ct_buf_putc(b, ' ');
	if (has(given)) {
		/* "J. A." and "JA" alike: Vancouver writes initials bare */
		size_t n = strlen(given);

		while (n && given[n - 1] == '.')
			n--;
		ct_buf_put(b, given, n);
	}
}

int abstract_add(struct ct_buf *b, const char *heading, const char *text)
{
	if (!has(text) && !has(heading))
		return 0;
	if (b->len)
		ct_buf_putc(b, '\n');
	if (has(heading))
		ct_buf_printf(b, "%s\t", heading);
	return ct_buf_puts(b, has(text) ? text : "");
}

int abstract_next(const char **cur, const char **heading, size_t *hn,
                  const char **text, size_t *tn)
{
	const char *s = *cur, *tab;
	size_t n;

	if (!s || !*s)
		return 0;
	n = strcspn(s, "\n");
	tab = memchr(s, '\t', n);
	*heading = tab ? s : NULL;
	*hn = tab ? (size_t)(tab - s) : 0;
	*text = tab ? tab + 1 : s;
	*tn = n - (size_t)(*text - s);
	*cur = s + n + (s[n] == '\n');
	return 1;
}

char *ref_render_fields(struct doc *d, const struct doc_ref *r)
{
	struct ct_buf names = CT_BUF_INIT, out = CT_BUF_INIT;
	struct ref_parts p = {.title = r->title,
	                      .source = r->source,
	                      .volume = r->volume,
	                      .fpage = r->fpage,
	                      .doi = r->doi,
	                      .pmid = r->pmid,
	                      .pmcid = r->pmcid};
	char year[16];
	char *s = NULL;

	/* doc_ref.authors is "Surname GI; Surname GI" (link.h's key form) */
	for (const char *a = r->authors; a && *a;) {
		size_t n = strcspn(a, ";");

		ct_buf_printf(&names, "%s%.*s", names.len ? ", " : "", (int)n,
		              a);
		a += n;
		a += strspn(a, "; ");
	}
	p.authors = names.ptr;
	if (r->year) {
		snprintf(year, sizeof(year), "%d", r->year);
		p.year = year;
	}
	if (ref_parts_any(&p))
		ref_render(&out, &p);
	if (out.len)
		s = doc_strdup(d, out.ptr, out.len);
	ct_buf_release(&names);
	ct_buf_release(&out);
	return s;
}
