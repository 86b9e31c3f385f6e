/* tei.c — the GROBID TEI reader (see tei.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "err.h"
#include "marks.h"
#include "record.h"
#include "tei.h"
#include "text.h"

#define TEI_MARKS_MAX 100000

struct tei {
	struct doc *d;
	struct textb t;
	struct mark *m;
	size_t nm, capm;
	int rc;
};

static int is_tag(xml_node *n, const char *name)
{
	return n && xml_is_elem(n) && strcmp(xml_name(n), name) == 0;
}

/* First descendant element with that name (depth-first, bounded). */
static xml_node *find_deep(xml_node *n, const char *name, int depth)
{
	if (!n || depth > 32)
		return NULL;
	for (xml_node *c = xml_child(n); c; c = xml_next(c)) {
		xml_node *f;

		if (!xml_is_elem(c))
			continue;
		if (!strcmp(xml_name(c), name))
			return c;
		if ((f = find_deep(c, name, depth + 1)))
			return f;
	}
	return NULL;
}

static int year_of(const char *s)
{
	for (; s && *s; s++)
		if ((s[0] == '1' || s[0] == '2') &&
		    isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3]))
			return (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
			       (s[2] - '0') * 10 + (s[3] - '0');
	return 0;
}

/* ---- names and identifiers --------------------------------------------- */

/* "Surname GI" of a persName: forenames give the initials. */
static void pers_key(struct ct_buf *b, xml_node *pers, struct doc *d)
{
	char *sur = textb_node_dup(d, xml_find(pers, "surname"));

	if (!sur)
		return;
	if (b->len)
		ct_buf_puts(b, "; ");
	ct_buf_puts(b, sur);
	ct_buf_putc(b, ' ');
	for (xml_node *c = xml_child(pers); c; c = xml_next(c)) {
		const char *f =
		    is_tag(c, "forename") ? xml_text(xml_child(c)) : NULL;

		if (f && isalpha((unsigned char)*f))
			ct_buf_putc(b, (char)toupper((unsigned char)*f));
	}
	if (b->ptr[b->len - 1] == ' ')
		b->ptr[--b->len] = '\0';
}

static void authors_of(struct doc *d, xml_node *n, struct ct_buf *b)
{
	for (xml_node *c = xml_child(n); c; c = xml_next(c))
		if (is_tag(c, "author") && xml_find(c, "persName"))
			pers_key(b, xml_find(c, "persName"), d);
}

static void idnos(struct doc *d, xml_node *n, char **doi, char **pmid,
                  char **pmcid, int depth)
{
	for (xml_node *c = xml_child(n); c && depth < 8; c = xml_next(c)) {
		const char *type = xml_attr(c, "type");
		char *v;

		if (!is_tag(c, "idno")) {
			if (xml_is_elem(c) &&
			    (is_tag(c, "analytic") || is_tag(c, "monogr")))
				idnos(d, c, doi, pmid, pmcid, depth + 1);
			continue;
		}
		if (!type || !(v = textb_node_dup(d, c)))
			continue;
		if (!strcasecmp(type, "DOI") && !*doi)
			*doi = doc_norm_doi(d, v);
		else if (!strcasecmp(type, "PMID") && !*pmid)
			*pmid = doc_norm_pmid(d, v);
		else if (!strcasecmp(type, "PMCID") && !*pmcid)
			*pmcid = doc_norm_pmcid(d, v);
	}
}

/* ---- references -------------------------------------------------------- */

static void ref_scope(struct doc *d, struct doc_ref *r, xml_node *imprint)
{
	for (xml_node *c = xml_child(imprint); c; c = xml_next(c)) {
		const char *unit = xml_attr(c, "unit");

		if (is_tag(c, "date") && !r->year)
			r->year = year_of(xml_attr(c, "when"));
		if (!is_tag(c, "biblScope") || !unit)
			continue;
		if (!strcmp(unit, "volume") && !r->volume)
			r->volume = textb_node_dup(d, c);
		else if (!strcmp(unit, "page") && !r->fpage) {
			const char *from = xml_attr(c, "from");

			r->fpage = from ? doc_strdup(d, from, strlen(from))
			                : textb_node_dup(d, c);
		}
	}
}

static void read_bibl(struct tei *t, xml_node *b)
{
	struct doc *d = t->d;
	struct doc_ref *r = DOC_PUSH(d, refs, DOC_REFS_MAX);
	xml_node *an = xml_find(b, "analytic"), *mo = xml_find(b, "monogr");
	struct ct_buf names = CT_BUF_INIT;
	const char *id = xml_attr(b, "id");

	if (!r) {
		t->rc = CT_ELIMIT;
		return;
	}
	r->xml_id = id ? doc_strdup(d, id, strlen(id)) : NULL;
	r->title = textb_node_dup(d, xml_find(an ? an : mo, "title"));
	if (an)
		r->source = textb_node_dup(d, xml_find(mo, "title"));
	authors_of(d, an ? an : mo, &names);
	if (!names.len && an)
		authors_of(d, mo, &names);
	if (names.len)
		r->authors = doc_strdup(d, names.ptr, names.len);
	ct_buf_release(&names);
	if (mo)
		ref_scope(d, r, xml_find(mo, "imprint"));
	idnos(d, b, &r->doi, &r->pmid, &r->pmcid, 0);
	for (xml_node *c = xml_child(b); c; c = xml_next(c)) {
		const char *type = xml_attr(c, "type");

		if (is_tag(c, "note") && type && !strcmp(type, "raw_reference"))
			r->raw = textb_node_dup(d, c);
	}
	if (!r->raw) /* GROBID writes the note only when asked to */
		r->raw = ref_render_fields(d, r);
}

static void read_bibls(struct tei *t, xml_node *list)
{
	for (xml_node *c = xml_child(list); c && !t->rc; c = xml_next(c))
		if (is_tag(c, "biblStruct"))
			read_bibl(t, c);
}

/* ---- paragraphs -------------------------------------------------------------
 */

/* Elements whose text is not prose. */
static const char *const skipped[] = {"formula", "figure",  "table",
                                      "note",    "graphic", NULL};

static int in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return 1;
	return 0;
}

static void add_mark(struct tei *t, xml_node *ref)
{
	const char *target = xml_attr(ref, "target");
	struct mark *m;

	textb_flush_space(&t->t);
	m = DOC_PUSH(t, m, TEI_MARKS_MAX);
	if (!m) {
		t->rc = CT_ELIMIT;
		return;
	}
	m->start = (uint32_t)t->t.b.len;
	m->ref = -1;
	if (target && target[0] == '#')
		m->ref = marks_ref_by_id(t->d, target + 1, strlen(target + 1));
	textb_node(&t->t, ref);
	m->end = (uint32_t)t->t.b.len;
}

static void flatten(struct tei *t, xml_node *n, int depth)
{
	for (xml_node *c = xml_child(n); c && !t->rc && depth < XML_DEPTH_MAX;
	     c = xml_next(c)) {
		const char *type;

		if (xml_is_text(c))
			textb_add(&t->t, xml_text(c));
		else if (!xml_is_elem(c) || in_list(xml_name(c), skipped))
			continue;
		else if (is_tag(c, "ref") && (type = xml_attr(c, "type")) &&
		         !strcmp(type, "bibr") && xml_attr(c, "target"))
			add_mark(t, c);
		else
			flatten(t, c, depth + 1);
	}
}

static void read_p(struct tei *t, xml_node *p, uint32_t sec)
{
	textb_reset(&t->t);
	t->nm = 0;
	flatten(t, p, 0);
	if (!t->rc)
		t->rc = t->t.rc;
	if (!t->rc)
		t->rc = marks_para(t->d, sec, t->t.b.ptr ? t->t.b.ptr : "",
		                   t->t.b.len, t->m, t->nm);
}

/* GROBID divs are flat: each <div> has one <head> (numbered with n="2.1")
 * and paragraphs.  Numbered subsections keep their parent's class. */
static void read_div(struct tei *t, xml_node *div, int *top_cls)
{
	xml_node *head = xml_find(div, "head");
	char *h = textb_node_dup(t->d, head);
	const char *n = head ? xml_attr(head, "n") : NULL;
	int cls = doc_section_class(NULL, h);
	uint32_t sec;

	if (n && !strchr(n, '.'))
		*top_cls = cls;
	else if (n && cls == CT_SEC_OTHER)
		cls = *top_cls;
	t->rc = marks_section(t->d, h, cls, &sec);
	for (xml_node *c = xml_child(div); c && !t->rc; c = xml_next(c))
		if (is_tag(c, "p"))
			read_p(t, c, sec);
}

static void read_divs(struct tei *t, xml_node *n)
{
	int top = CT_SEC_OTHER;

	for (xml_node *c = xml_child(n); c && !t->rc; c = xml_next(c)) {
		const char *type = xml_attr(c, "type");

		if (is_tag(c, "div") && !(type && !strcmp(type, "references")))
			read_div(t, c, &top);
	}
}

/* The abstract's paragraphs under their <head>s (record.h): GROBID
 * writes <div><head>Background</head><p>...</p></div>. */
static char *abstract_text(struct doc *d, xml_node *abs)
{
	struct ct_buf b = CT_BUF_INIT;
	char *s;

	for (xml_node *c = xml_child(abs); c; c = xml_next(c)) {
		char *head = is_tag(c, "div")
		                 ? textb_node_dup(d, xml_find(c, "head"))
		                 : NULL;

		if (is_tag(c, "p"))
			abstract_add(&b, NULL, textb_node_dup(d, c));
		for (xml_node *p = is_tag(c, "div") ? xml_child(c) : NULL; p;
		     p = xml_next(p)) {
			if (is_tag(p, "p")) {
				abstract_add(&b, head, textb_node_dup(d, p));
				head = NULL;
			}
		}
	}
	s = b.len ? doc_strdup(d, b.ptr, b.len) : textb_node_dup(d, abs);
	ct_buf_release(&b);
	return s;
}

static void read_abstract(struct tei *t, xml_node *abs)
{
	uint32_t sec;

	if (!abs)
		return;
	t->rc = marks_section(t->d, "Abstract", CT_SEC_OTHER, &sec);
	if (!t->rc)
		t->d->meta.abstract = abstract_text(t->d, abs);
	for (xml_node *c = xml_child(abs); c && !t->rc; c = xml_next(c)) {
		if (is_tag(c, "p"))
			read_p(t, c, sec);
		else if (is_tag(c, "div"))
			for (xml_node *p = xml_child(c); p && !t->rc;
			     p = xml_next(p))
				if (is_tag(p, "p"))
					read_p(t, p, sec);
	}
}

/* ---- header
 * ------------------------------------------------------------------ */

static void read_header(struct tei *t, xml_node *hdr)
{
	struct doc *d = t->d;
	struct doc_meta *m = &d->meta;
	xml_node *ts = find_deep(hdr, "titleStmt", 0);
	xml_node *sd = find_deep(hdr, "sourceDesc", 0);
	xml_node *bs = find_deep(sd, "biblStruct", 0);
	xml_node *an = xml_find(bs, "analytic"), *mo = xml_find(bs, "monogr");

	m->title = textb_node_dup(d, xml_find(ts, "title"));
	for (xml_node *c = xml_child(an); c; c = xml_next(c)) {
		xml_node *p =
		    is_tag(c, "author") ? xml_find(c, "persName") : NULL;
		struct doc_author *a;

		if (!p || !xml_find(p, "surname"))
			continue;
		a = doc_push((void **)&m->authors, &m->nauthors, &m->capauthors,
		             sizeof(*a), DOC_AUTHORS_MAX);
		if (!a)
			break;
		a->surname = textb_node_dup(d, xml_find(p, "surname"));
		a->given = textb_node_dup(d, xml_find(p, "forename"));
	}
	if (bs)
		idnos(d, bs, &m->doi, &m->pmid, &m->pmcid, 0);
	if (mo) {
		xml_node *im = xml_find(mo, "imprint");
		xml_node *date = xml_find(im, "date");

		m->journal = textb_node_dup(d, xml_find(mo, "title"));
		m->year = year_of(date ? xml_attr(date, "when") : NULL);
	}
	if (!m->year)
		m->year = year_of(xml_attr(find_deep(hdr, "date", 0), "when"));
}

int tei_read(struct xml_doc *x, struct doc *d, struct ct_error *err)
{
	struct tei t = {.d = d};
	xml_node *root = xml_root(x);
	xml_node *hdr = xml_find(root, "teiHeader");
	xml_node *text = xml_find(root, "text");
	xml_node *back = xml_find(text, "back");
	xml_node *list = find_deep(back ? back : text, "listBibl", 0);

	if (!is_tag(root, "TEI"))
		return err_set(err, CT_EFORMAT,
		               "%s: not a TEI document (root <%s>)", d->name,
		               xml_name(root));
	textb_init(&t.t);
	read_header(&t, hdr);
	if (list)
		read_bibls(&t, list);
	if (!t.rc)
		read_abstract(&t, find_deep(hdr, "abstract", 0));
	if (!t.rc && xml_find(text, "body"))
		read_divs(&t, xml_find(text, "body"));
	if (!t.rc && back)
		read_divs(&t, back);
	textb_release(&t.t);
	free(t.m);
	if (t.rc)
		return err_set(err, t.rc, "%s: %s while reading the TEI",
		               d->name, ct_strerror(t.rc));
	return 0;
}
