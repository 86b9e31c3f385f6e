/* jats_refs.c — the JATS reader's back matter (see jats_int.h): each
 * <ref> of the reference lists becomes a doc_ref with its fields (names,
 * year, title, source, volume, pages, DOI, PMID) and its text as a reader
 * sees it, built from element- or mixed-citation markup. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jats_int.h"
#include "record.h"
#include "text.h"

/* ---- references --------------------------------------------------------- */

static void ref_name(struct jats *j, struct ct_buf *b, xml_node *name)
{
	char *sur = child_text(j, name, "surname");
	char *giv = child_text(j, name, "given-names");

	if (!sur && is_tag(name, "collab"))
		sur = node_text(j, name);
	if (!sur)
		return;
	if (b->len)
		ct_buf_puts(b, "; ");
	ct_buf_puts(b, sur);
	if (giv) {
		ct_buf_putc(b, ' ');
		for (const char *g = giv; *g; g++)
			if (isupper((unsigned char)*g))
				ct_buf_putc(b, *g);
	}
}

int jats_year_of(const char *s)
{
	for (; s && *s; s++)
		if (isdigit((unsigned char)s[0]) &&
		    isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3]) &&
		    (s[0] == '1' || s[0] == '2'))
			return (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
			       (s[2] - '0') * 10 + (s[3] - '0');
	return 0;
}

static void ref_pubid(struct jats *j, struct doc_ref *r, xml_node *c)
{
	const char *type = xml_attr(c, "pub-id-type");
	char *v = node_text(j, c);

	if (!type || !v)
		return;
	if (!strcmp(type, "doi") && !r->doi)
		r->doi = doc_norm_doi(j->d, v);
	else if (!strcmp(type, "pmid") && !r->pmid)
		r->pmid = doc_norm_pmid(j->d, v);
	else if ((!strcmp(type, "pmcid") || !strcmp(type, "pmc")) && !r->pmcid)
		r->pmcid = doc_norm_pmcid(j->d, v);
}

static void ref_fields(struct jats *j, struct doc_ref *r, xml_node *n,
                       struct ct_buf *names, int depth)
{
	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c)) {
		const char *nm = xml_name(c);

		if (!xml_is_elem(c))
			continue;
		if (!strcmp(nm, "person-group")) {
			const char *t = xml_attr(c, "person-group-type");

			if (!t || !strcmp(t, "author"))
				ref_fields(j, r, c, names, depth + 1);
		} else if (!strcmp(nm, "name") || !strcmp(nm, "string-name") ||
		           !strcmp(nm, "collab")) {
			ref_name(j, names, c);
		} else if (!strcmp(nm, "article-title") && !r->title) {
			r->title = node_text(j, c);
		} else if (!strcmp(nm, "chapter-title") && !r->title) {
			r->title = node_text(j, c);
		} else if (!strcmp(nm, "source") && !r->source) {
			r->source = node_text(j, c);
		} else if (!strcmp(nm, "year") && !r->year) {
			r->year = jats_year_of(node_text(j, c));
		} else if (!strcmp(nm, "volume") && !r->volume) {
			r->volume = node_text(j, c);
		} else if (!strcmp(nm, "fpage") && !r->fpage) {
			r->fpage = node_text(j, c);
		} else if (!strcmp(nm, "pub-id")) {
			ref_pubid(j, r, c);
		} else if (!strcmp(nm, "ext-link") || !strcmp(nm, "comment")) {
			const char *h = xml_attr(c, "href");

			if (!r->doi && h && strstr(h, "doi"))
				r->doi = doc_norm_doi(j->d, h);
		}
	}
}

/* A DOI written into the reference text ("doi:10.1/x", "doi.org/10.1/x"). */
static char *doi_in_text(struct jats *j, const char *raw)
{
	for (const char *p = raw; p && (p = strstr(p, "10.")); p += 3) {
		const char *q = p - (p - raw < 12 ? p - raw : 12);
		char win[16];

		memcpy(win, q, (size_t)(p - q));
		win[p - q] = '\0';
		for (char *w = win; *w; w++)
			*w = (char)tolower((unsigned char)*w);
		if (strstr(win, "doi"))
			return doc_norm_doi(j->d, p);
	}
	return NULL;
}

static const char *const cit_tags[] = {"element-citation", "mixed-citation",
                                       "citation", "nlm-citation", NULL};

/* ---- reference text ------------------------------------------------------ */

/* Where each field of a structured citation goes (the first one wins). */
static const struct {
	const char *tag;
	size_t off;
} part_fields[] = {
    {"article-title", offsetof(struct ref_parts, title)},
    {"chapter-title", offsetof(struct ref_parts, title)},
    {"data-title", offsetof(struct ref_parts, title)},
    {"source", offsetof(struct ref_parts, source)},
    {"edition", offsetof(struct ref_parts, edition)},
    {"publisher-loc", offsetof(struct ref_parts, loc)},
    {"publisher-name", offsetof(struct ref_parts, publisher)},
    {"year", offsetof(struct ref_parts, year)},
    {"month", offsetof(struct ref_parts, month)},
    {"volume", offsetof(struct ref_parts, volume)},
    {"issue", offsetof(struct ref_parts, issue)},
    {"supplement", offsetof(struct ref_parts, supplement)},
    {"fpage", offsetof(struct ref_parts, fpage)},
    {"lpage", offsetof(struct ref_parts, lpage)},
    {"elocation-id", offsetof(struct ref_parts, elocation)},
};

/* Children of a citation that say nothing to a reader ("x" is generated
 * punctuation, which the structured form supplies itself). */
static const char *const part_ignored[] = {
    "label", "x",    "object-id",  "size",   "day",
    "issn",  "isbn", "annotation", "pub-id", NULL};

struct ref_build {
	struct jats *j;
	struct ref_parts p;
	struct ct_buf authors, editors, extra;
};

static const char **part_slot(struct ref_parts *p, const char *tag)
{
	for (size_t i = 0; i < sizeof(part_fields) / sizeof(*part_fields); i++)
		if (!strcmp(tag, part_fields[i].tag))
			return (const char **)((char *)p + part_fields[i].off);
	return NULL;
}

/* "Surname Given" of a name, string-name or collab into list. */
static void build_name(struct jats *j, struct ct_buf *list, xml_node *n)
{
	char *sur = child_text(j, n, "surname");

	if (is_tag(n, "name") || sur)
		ref_name_add(list, sur, child_text(j, n, "given-names"));
	else
		ref_name_add(list, node_text(j, n), NULL);
}

static void build_pubid(struct ref_build *rb, xml_node *c)
{
	const char *t = xml_attr(c, "pub-id-type");
	const char **slot = !t                   ? NULL
	                    : !strcmp(t, "doi")  ? &rb->p.doi
	                    : !strcmp(t, "pmid") ? &rb->p.pmid
	                    : !strcmp(t, "pmcid") || !strcmp(t, "pmc")
	                        ? &rb->p.pmcid
	                        : NULL;

	if (slot && !*slot)
		*slot = node_text(rb->j, c);
}

static void build_parts(struct ref_build *rb, xml_node *n, int depth);
static char *spaced_text(struct jats *j, xml_node *n);

static void build_child(struct ref_build *rb, xml_node *c, int depth)
{
	const char *nm = xml_name(c), *t;
	const char **slot = part_slot(&rb->p, nm);

	if (slot) {
		if (!*slot)
			*slot = node_text(rb->j, c);
	} else if (!strcmp(nm, "person-group")) {
		t = xml_attr(c, "person-group-type");
		if (!t || !strcmp(t, "author"))
			build_parts(rb, c, depth + 1);
		else if (!strcmp(t, "editor"))
			for (xml_node *e = xml_child(c); e; e = xml_next(e))
				if (is_tag(e, "name") ||
				    is_tag(e, "string-name") ||
				    is_tag(e, "collab"))
					build_name(rb->j, &rb->editors, e);
	} else if (!strcmp(nm, "name") || !strcmp(nm, "string-name") ||
	           !strcmp(nm, "collab")) {
		build_name(rb->j, &rb->authors, c);
	} else if (!strcmp(nm, "etal")) {
		rb->p.etal = 1;
	} else if (!strcmp(nm, "pub-id")) {
		build_pubid(rb, c);
	} else if (!in_list(nm, part_ignored)) {
		/* comment, ext-link, conf-name...: their own mixed content */
		char *v = spaced_text(rb->j, c);

		if (v && !(rb->p.doi && strstr(v, rb->p.doi)))
			ct_buf_printf(&rb->extra, "%s%s",
			              rb->extra.len ? ". " : "", v);
	}
}

static void build_parts(struct ref_build *rb, xml_node *n, int depth)
{
	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c))
		if (xml_is_elem(c))
			build_child(rb, c, depth);
}

/* Separators for two elements of a mixed citation that touch with no
 * text between them (PMC writes <surname>Sedgh</surname><given-names>G
 * </given-names> and <lpage>14</lpage><pub-id>10.1/x</pub-id>); NULL
 * matches any element; the first match wins. */
static const struct {
	const char *a, *b, *sep;
} glue_seps[] = {
    {"surname", NULL, " "},      {"given-names", NULL, " "},
    {"prefix", NULL, " "},       {NULL, "suffix", " "},
    {"fpage", "lpage", "-"},     {"name", "name", ", "},
    {"string-name", NULL, ", "}, {"name", "collab", ", "},
    {"collab", "name", ", "},    {"source", "year", " "},
    {"source", "volume", " "},   {"year", "volume", ";"},
    {"volume", "issue", " "},    {"volume", "fpage", ":"},
    {"issue", "fpage", ":"},     {NULL, NULL, ". "},
};

static const char *glue_sep(const char *a, const char *b)
{
	size_t i = 0;

	while ((glue_seps[i].a && strcmp(glue_seps[i].a, a)) ||
	       (glue_seps[i].b && strcmp(glue_seps[i].b, b)))
		i++;
	return glue_seps[i].sep;
}

static const char *pubid_label(xml_node *c)
{
	const char *t = xml_attr(c, "pub-id-type");

	return !t                                         ? ""
	       : !strcmp(t, "doi")                        ? "doi:"
	       : !strcmp(t, "pmid")                       ? "PMID: "
	       : !strcmp(t, "pmcid") || !strcmp(t, "pmc") ? "PMCID: "
	                                                  : "";
}

/* A separator where two elements touch: an owed space goes (the
 * separator brings its own), and punctuation the text ends with already
 * ("Hospital," then ", ") is not doubled. */
void jats_glue_add(struct textb *t, const char *sep)
{
	char last = t->b.len ? t->b.ptr[t->b.len - 1] : ' ';

	t->space = 0;
	if (strchr(".,;:", last) && last && strchr(".,;:", sep[0]))
		textb_space(t);
	else
		textb_add(t, sep);
}

/* Formatting inside a field: its text continues the word around it. */
const char *const jats_inline_tags[] = {"italic",
                                        "bold",
                                        "sup",
                                        "sub",
                                        "sc",
                                        "underline",
                                        "monospace",
                                        "roman",
                                        "sans-serif",
                                        "overline",
                                        "named-content",
                                        "styled-content",
                                        "inline-formula",
                                        NULL};

static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The first visible byte of the text below n, 0 when none. */
static unsigned char first_byte(xml_node *n, int depth)
{
	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c)) {
		unsigned char b = 0;

		if (xml_is_text(c)) {
			const char *s = xml_text(c);

			b = (unsigned char)s[strspn(s, " \t\r\n")];
		} else if (xml_is_elem(c)) {
			b = first_byte(c, depth + 1);
		}
		if (b)
			return b;
	}
	return 0;
}

/* Text runs into an element with no space ("and<name>Nunes..." ,
 * "2015<ext-link>http..."): a space where a word would be made. */
static void text_gap(struct textb *t, xml_node *c)
{
	unsigned char last =
	    t->b.len ? (unsigned char)t->b.ptr[t->b.len - 1] : 0;
	size_t k = t->b.len;

	/* a character of U+2000-U+2FFF (dashes, quotes) is punctuation */
	while (k && ((unsigned char)t->b.ptr[k - 1] & 0xC0) == 0x80)
		k--;
	if (k && k < t->b.len && (unsigned char)t->b.ptr[k - 1] == 0xE2)
		last = '-';

	if (t->space || !last || in_list(xml_name(c), jats_inline_tags))
		return;
	if (is_tag(c, "pub-id")
	        ? last != '(' && last != ' '
	        : word_byte(last) && word_byte(first_byte(c, 0)))
		textb_space(t);
}

/* A pub-id with nothing before it that names it gets its label. */
static void pubid_named(struct textb *t, xml_node *c)
{
	size_t n = t->b.len < 12 ? t->b.len : 12;
	char tail[16];

	memcpy(tail, t->b.ptr + t->b.len - n, n);
	tail[n] = '\0';
	for (size_t i = 0; i < n; i++)
		tail[i] = (char)tolower((unsigned char)tail[i]);
	if (!strstr(tail, "doi") && !strstr(tail, "pmid") &&
	    !strstr(tail, "pmc") && !strstr(tail, "pubmed"))
		textb_add(t, pubid_label(c));
}

/* A mixed citation's own text with its own punctuation, every element's
 * text in place; only where two elements touch, or text runs into an
 * element, is a separator added. */
static void mixed_text(struct textb *t, xml_node *n, int depth)
{
	const char *prev = NULL;
	int after_text = 0;

	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c)) {
		if (xml_is_text(c)) {
			textb_add(t, xml_text(c));
			prev = NULL;
			after_text = 1;
			continue;
		}
		if (!xml_is_elem(c) || !strcmp(xml_name(c), "label"))
			continue;
		if (prev && !in_list(xml_name(c), jats_inline_tags))
			jats_glue_add(t, glue_sep(prev, xml_name(c)));
		else if (after_text)
			text_gap(t, c);
		if (is_tag(c, "pub-id") && (prev || after_text))
			pubid_named(t, c);
		mixed_text(t, c, depth + 1);
		prev =
		    in_list(xml_name(c), jats_inline_tags) ? NULL : xml_name(c);
		after_text = 0;
	}
}

/* True when the citation holds text of its own between its elements
 * (a mixed citation as JATS means it); element-citations, and the many
 * PMC mixed-citations that are element-citations in all but name, hold
 * none and are rendered from their fields. */
static int has_own_text(xml_node *cit)
{
	for (xml_node *c = xml_child(cit); c; c = xml_next(c))
		if (xml_is_text(c) &&
		    xml_text(c)[strspn(xml_text(c), " \t\r\n")])
			return 1;
	return 0;
}

static char *spaced_text(struct jats *j, xml_node *cit)
{
	struct textb t;
	char *s = NULL;

	textb_init(&t);
	mixed_text(&t, cit, 0);
	if (!t.rc && t.b.len)
		s = doc_strdup(j->d, t.b.ptr, t.b.len);
	textb_release(&t);
	return s;
}

static char *bufdup(struct jats *j, const struct ct_buf *b)
{
	return b->len ? doc_strdup(j->d, b->ptr, b->len) : NULL;
}

/* The text people read for one reference (see record.h). */
static char *ref_text(struct jats *j, xml_node *cit)
{
	struct ref_build rb = {.j = j};
	struct ct_buf out = CT_BUF_INIT;
	char *s;

	if (has_own_text(cit))
		return spaced_text(j, cit);
	build_parts(&rb, cit, 0);
	rb.p.authors = bufdup(j, &rb.authors);
	rb.p.editors = bufdup(j, &rb.editors);
	rb.p.extra = bufdup(j, &rb.extra);
	if (ref_parts_any(&rb.p))
		ref_render(&out, &rb.p);
	s = out.len ? bufdup(j, &out) : spaced_text(j, cit);
	ct_buf_release(&rb.authors);
	ct_buf_release(&rb.editors);
	ct_buf_release(&rb.extra);
	ct_buf_release(&out);
	return s;
}

static void read_ref(struct jats *j, xml_node *n)
{
	struct doc_ref *r = DOC_PUSH(j->d, refs, DOC_REFS_MAX);
	struct ct_buf names = CT_BUF_INIT;
	xml_node *cit = NULL;

	if (!r) {
		j->rc = CT_ELIMIT;
		return;
	}
	for (xml_node *c = xml_child(n); c && !cit; c = xml_next(c))
		if (xml_is_elem(c) && in_list(xml_name(c), cit_tags))
			cit = c;
	if (!cit)
		cit = n;
	r->xml_id = (char *)xml_attr(n, "id");
	if (r->xml_id)
		r->xml_id = doc_strdup(j->d, r->xml_id, strlen(r->xml_id));
	r->label = child_text(j, n, "label");
	r->raw = ref_text(j, cit);
	ref_fields(j, r, cit, &names, 0);
	if (names.len)
		r->authors = doc_strdup(j->d, names.ptr, names.len);
	ct_buf_release(&names);
	if (!r->doi)
		r->doi = doi_in_text(j, r->raw);
	if (r->label && r->label[strlen(r->label) - 1] == '.')
		r->label[strlen(r->label) - 1] = '\0';
}

void jats_find_refs(struct jats *j, xml_node *n, int depth)
{
	for (xml_node *c = xml_child(n); c && !j->rc && depth < 32;
	     c = xml_next(c)) {
		if (is_tag(c, "ref"))
			read_ref(j, c);
		else if (xml_is_elem(c))
			jats_find_refs(j, c, depth + 1);
	}
}
