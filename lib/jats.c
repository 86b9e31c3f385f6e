/* jats.c — the JATS reader (see jats.h). */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "jats.h"
#include "jats_int.h"
#include "record.h"
#include "text.h"

#define XREFS_MAX        100000
#define RANGE_MAX        200 /* [1-200] is already absurd; beyond is a typo */
#define NOTICE_DEPTH_MAX 12  /* related-article lies at depth 3 to 6 */

/* ---- paragraphs and citations ------------------------------------------ */

/* Elements inside a <p> that are blocks of their own: their paragraphs are
 * read after the enclosing one, never spliced into its sentences. */
static const char *const nested_blocks[] = {"fig",
                                            "table-wrap",
                                            "boxed-text",
                                            "list",
                                            "def-list",
                                            "disp-quote",
                                            "supplementary-material",
                                            "fig-group",
                                            "table-wrap-group",
                                            "statement",
                                            "code",
                                            "preformat",
                                            "array",
                                            NULL};
/* Elements whose text is never prose. */
static const char *const skipped[] = {"disp-formula",   "table", "graphic",
                                      "inline-graphic", "media", "alternatives",
                                      "tex-math",       "math",  NULL};

static void flatten(struct jats *j, xml_node *n, xml_node ***defer,
                    size_t *ndefer, size_t *capdefer);

static void flatten_xref(struct jats *j, xml_node *c, xml_node ***defer,
                         size_t *nd, size_t *cd)
{
	struct xref *x;
	const char *rid = xml_attr(c, "rid");

	textb_flush_space(&j->t);
	x = DOC_PUSH(j, xr, XREFS_MAX);
	if (!x) {
		j->rc = CT_ELIMIT;
		return;
	}
	size_t k = j->nxr - 1;

	x->start = (uint32_t)j->t.b.len;
	x->rid = rid ? rid : "";
	flatten(j, c, defer, nd, cd);
	/* the array may have moved if flatten pushed (nested xrefs) */
	j->xr[k].end = (uint32_t)j->t.b.len;
}

static void flatten(struct jats *j, xml_node *n, xml_node ***defer, size_t *nd,
                    size_t *cd)
{
	for (xml_node *c = xml_child(n); c && !j->rc; c = xml_next(c)) {
		const char *name = xml_name(c);
		const char *rt;

		if (xml_is_text(c)) {
			textb_add(&j->t, xml_text(c));
		} else if (!xml_is_elem(c) || in_list(name, skipped)) {
			continue;
		} else if (in_list(name, nested_blocks)) {
			xml_node **slot = doc_push((void **)defer, nd, cd,
			                           sizeof(*slot), 10000);
			if (slot)
				*slot = c;
			textb_space(&j->t);
		} else if (!strcmp(name, "xref") &&
		           (rt = xml_attr(c, "ref-type")) &&
		           !strcmp(rt, "bibr")) {
			flatten_xref(j, c, defer, nd, cd);
		} else if (!strcmp(name, "break")) {
			textb_space(&j->t);
		} else {
			flatten(j, c, defer, nd, cd);
		}
	}
}

static int ref_by_id(struct doc *d, const char *id, size_t n)
{
	for (size_t i = 0; i < d->nrefs; i++) {
		const char *x = d->refs[i].xml_id;

		if (x && strlen(x) == n && !memcmp(x, id, n))
			return (int)i;
	}
	return -1;
}

static int group_add_ref(struct doc *d, struct doc_group *g, int ref)
{
	uint32_t *slot;

	for (uint32_t k = 0; k < g->nref; k++)
		if (d->grefs[g->ref0 + k] == (uint32_t)ref)
			return 0;
	if (g->nref >= DOC_GROUP_REFS_MAX) { /* counted, said by the ingest */
		d->refs_cut++;
		return 0;
	}
	slot = DOC_PUSH(d, grefs, (size_t)DOC_GROUPS_MAX * 8);
	if (!slot)
		return CT_ELIMIT;
	*slot = (uint32_t)ref;
	g->nref++;
	return 0;
}

/* Adds every reference an xref names (rid is space-separated). Returns the
 * first and last reference indices named, -1 when none resolves. */
static int group_add_rids(struct doc *d, struct doc_group *g, const char *rid,
                          int *first, int *last)
{
	*first = *last = -1;
	while (*rid) {
		size_t n = strcspn(rid, " ");
		int r = n ? ref_by_id(d, rid, n) : -1;

		if (r >= 0) {
			if (group_add_ref(d, g, r))
				return CT_ELIMIT;
			if (*first < 0)
				*first = r;
			*last = r;
		}
		rid += n;
		rid += strspn(rid, " ");
	}
	return 0;
}

/* Dashes that make a range between two markers: - – — ‐ ‑ − */
static int has_dash(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;

		if (*u == '-')
			return 1;
		if (i + 2 < n + 0 && u[0] == 0xE2 &&
		    ((u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x94) ||
		     (u[1] == 0x88 && u[2] == 0x92)))
			return 1;
	}
	return 0;
}

/* True when the bytes between two markers only separate them: "," ";"
 * dashes, brackets and spaces, as in "1,2", "[1]-[4]", "1], [2". */
static int only_separators(const char *s, size_t n)
{
	if (n > 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (strchr(" ,;-[]()", c) && c)
			continue;
		if (c >= 0x80 && has_dash(s + i, n - i >= 3 ? 3 : n - i)) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* "3-7" inside one xref naming one reference: expand by numeric labels. */
static int numeric_range(const char *s, size_t n, long *a, long *b)
{
	char *end;
	char tmp[32];
	size_t k = 0;

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*a = strtol(tmp, &end, 10);
	if (end == tmp)
		return 0;
	k = (size_t)(end - tmp);
	if (!has_dash(tmp + k, n - k) || n - k > 5)
		return 0;
	while (k < n && !isdigit((unsigned char)tmp[k]))
		k++;
	*b = strtol(tmp + k, &end, 10);
	return end != tmp + k && *end == '\0' && *b > *a && *b - *a < RANGE_MAX;
}

static int label_num(const struct doc_ref *r)
{
	char *end;
	long v;

	if (!r->label)
		return -1;
	v = strtol(r->label, &end, 10);
	return end != r->label && v > 0 && v < 100000 ? (int)v : -1;
}

static int group_add_span(struct doc *d, struct doc_group *g, int lo, int hi)
{
	int rc = 0;

	if (lo < 0 || hi <= lo || hi - lo > RANGE_MAX)
		return 0;
	for (int r = lo + 1; r < hi && !rc; r++)
		rc = group_add_ref(d, g, r);
	return rc;
}

/* One xref's references into g; prev_last is the last reference of the
 * xref before it when a dash joins the two (a range), else -1. */
static int group_add_xref(struct jats *j, struct doc_group *g,
                          const struct xref *x, int prev_last, int *last)
{
	struct doc *d = j->d;
	const char *txt = j->t.b.ptr + x->start;
	int first, rc;
	long a, b;

	rc = group_add_rids(d, g, x->rid, &first, last);
	if (rc || first < 0)
		return rc;
	if (prev_last >= 0)
		rc = group_add_span(d, g, prev_last, first);
	if (!rc && first == *last &&
	    numeric_range(txt, x->end - x->start, &a, &b) &&
	    label_num(&d->refs[first]) == a) {
		for (int r = first + 1; r < (int)d->nrefs && !rc; r++) {
			int v = label_num(&d->refs[r]);

			if (v <= a || v > b)
				break;
			rc = group_add_ref(d, g, r);
			*last = r;
		}
	}
	return rc;
}

/* Widens a group to the brackets around it: "[" 1-4 "]". */
static void group_widen(const struct ct_buf *b, struct doc_group *g)
{
	char o, c;

	if (g->start == 0 || g->end >= b->len)
		return;
	o = b->ptr[g->start - 1];
	c = b->ptr[g->end];
	if ((o == '[' && c == ']') || (o == '(' && c == ')')) {
		g->start--;
		g->end++;
	}
}

static int make_groups(struct jats *j, struct doc_para *p)
{
	struct doc *d = j->d;
	const char *t = j->t.b.ptr;
	size_t i = 0;

	p->group0 = (uint32_t)d->ngroups;
	while (i < j->nxr) {
		struct doc_group *g = DOC_PUSH(d, groups, DOC_GROUPS_MAX);
		int last = -1, rc;

		if (!g)
			return CT_ELIMIT;
		g->ref0 = (uint32_t)d->ngrefs;
		g->start = j->xr[i].start;
		rc = group_add_xref(j, g, &j->xr[i], -1, &last);
		for (i++; !rc && i < j->nxr; i++) {
			const struct xref *a = &j->xr[i - 1], *x = &j->xr[i];
			size_t gap = x->start - a->end;

			if (x->start < a->end ||
			    !only_separators(t + a->end, gap))
				break;
			rc = group_add_xref(
			    j, g, x, has_dash(t + a->end, gap) ? last : -1,
			    &last);
		}
		if (rc)
			return rc;
		g->end = j->xr[i - 1].end;
		group_widen(&j->t.b, g);
		if (g->nref ==
		    0) /* xrefs to nothing in the list: not a citation */
			d->ngroups--;
	}
	p->ngroup = (uint32_t)(d->ngroups - p->group0);
	return 0;
}

static void walk_block(struct jats *j, xml_node *n, uint32_t sec, int depth);

static void read_para(struct jats *j, xml_node *n, uint32_t sec, int depth)
{
	xml_node **defer = NULL;
	size_t nd = 0, cd = 0;
	struct doc_para *p;

	textb_reset(&j->t);
	j->nxr = 0;
	flatten(j, n, &defer, &nd, &cd);
	if (!j->rc)
		j->rc = j->t.rc;
	if (!j->rc && j->t.b.len) {
		p = DOC_PUSH(j->d, paras, DOC_PARAS_MAX);
		if (!p) {
			j->rc = CT_ELIMIT;
		} else {
			p->text = doc_strdup(j->d, j->t.b.ptr, j->t.b.len);
			p->len = (uint32_t)j->t.b.len;
			p->section = sec;
			j->rc = p->text ? make_groups(j, p) : CT_ENOMEM;
		}
	}
	for (size_t i = 0; i < nd && !j->rc; i++)
		walk_block(j, defer[i], sec, depth + 1);
	free(defer);
}

static uint32_t add_section(struct jats *j, const char *heading, int cls)
{
	struct doc_section *s = DOC_PUSH(j->d, secs, DOC_PARAS_MAX);

	if (!s) {
		j->rc = CT_ELIMIT;
		return 0;
	}
	s->heading =
	    heading ? doc_strdup(j->d, heading, strlen(heading)) : NULL;
	s->cls = cls;
	return (uint32_t)(j->d->nsecs - 1);
}

/* A nested section keeps its parent's class unless the parent had none:
 * "Statistical analysis" under "Methods" is methods; under "Appendix" it
 * is whatever its own words say. */
static void read_sec(struct jats *j, xml_node *n, uint32_t parent, int depth)
{
	char *title = child_text(j, n, "title");
	int pcls = j->d->secs[parent].cls;
	int cls = doc_section_class(xml_attr(n, "sec-type"), title);
	uint32_t s;

	if (pcls != CT_SEC_OTHER && depth > 0)
		cls = pcls;
	s = add_section(j, title ? title : j->d->secs[parent].heading, cls);
	if (!j->rc)
		walk_block(j, n, s, depth + 1);
}

static void walk_block(struct jats *j, xml_node *n, uint32_t sec, int depth)
{
	if (depth > XML_DEPTH_MAX)
		return;
	for (xml_node *c = xml_child(n); c && !j->rc; c = xml_next(c)) {
		const char *name = xml_name(c);

		if (!xml_is_elem(c) || in_list(name, skipped))
			continue;
		if (!strcmp(name, "p"))
			read_para(j, c, sec, depth);
		else if (!strcmp(name, "sec"))
			read_sec(j, c, sec, depth);
		else if (strcmp(name, "title") && strcmp(name, "label") &&
		         strcmp(name, "ref-list") && strcmp(name, "table"))
			walk_block(j, c, sec, depth + 1);
	}
}

/* ---- front matter ------------------------------------------------------- */

static void meta_ids(struct jats *j, xml_node *am)
{
	struct doc_meta *m = &j->d->meta;

	for (xml_node *c = xml_child(am); c; c = xml_next(c)) {
		const char *t = xml_attr(c, "pub-id-type");
		char *v;

		if (!is_tag(c, "article-id") || !t || !(v = node_text(j, c)))
			continue;
		if (!strcmp(t, "doi") && !m->doi)
			m->doi = doc_norm_doi(j->d, v);
		else if (!strcmp(t, "pmid") && !m->pmid)
			m->pmid = doc_norm_pmid(j->d, v);
		else if ((!strcmp(t, "pmc") || !strcmp(t, "pmcid")) &&
		         !m->pmcid)
			m->pmcid = doc_norm_pmcid(j->d, v);
	}
}

/* Identifiers written inside an affiliation or a funder's name
 * (<institution-id> ISNI / GRID / Ringgold / FundRef): they are for
 * machines, and glued into the text they made "0000 0004 0425 469Xgrid.
 * 8991.9Department of..." (258 affiliations of the corpus). */
static const char *const org_skipped[] = {"label", "institution-id", "xref",
                                          "fn", NULL};

/* <named-content content-type="funder-id" or "fundref-id">: FundRef's
 * DOI of a funder. */
static int funder_id(xml_node *c)
{
	const char *t = xml_attr(c, "content-type");

	return is_tag(c, "named-content") && t &&
	       (strstr(t, "funder-id") || strstr(t, "fundref-id"));
}

/* The text of an affiliation or funder: identifiers and labels left out
 * (a leading <sup>1</sup> is a label too), touching elements separated
 * by ", " ("<institution>A</institution><country>B</country>"). */
static void org_collect(struct textb *t, xml_node *n, int depth)
{
	const char *prev = NULL;

	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c)) {
		if (xml_is_text(c)) {
			textb_add(t, xml_text(c));
			prev = NULL;
			continue;
		}
		if (!xml_is_elem(c) || in_list(xml_name(c), org_skipped) ||
		    (is_tag(c, "sup") && t->b.len == 0) || funder_id(c))
			continue;
		if (prev && !in_list(xml_name(c), jats_inline_tags))
			jats_glue_add(t, ", ");
		org_collect(t, c, depth + 1);
		prev =
		    in_list(xml_name(c), jats_inline_tags) ? NULL : xml_name(c);
	}
}

/* Some publishers write the identifiers as text, not as elements:
 * "grid.5491.90000000419369297University of Southampton" (a GRID id and
 * its ISNI; lower-case hex, upper-case X): the bytes to skip. */
static size_t grid_prefix(const char *s)
{
	size_t i = 5;

	if (strncmp(s, "grid.", 5) || !isdigit((unsigned char)s[5]))
		return 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (s[i] != '.')
		return 0;
	for (i++; isdigit((unsigned char)s[i]) ||
	          (s[i] >= 'a' && s[i] <= 'f') || s[i] == 'X';
	     i++)
		;
	return i + (s[i] == ' ');
}

static char *org_text(struct jats *j, xml_node *n)
{
	struct textb t;
	char *s = NULL;

	textb_init(&t);
	org_collect(&t, n, 0);
	if (!t.rc && t.b.len) {
		size_t k = grid_prefix(t.b.ptr);

		if (t.b.len > k)
			s = doc_strdup(j->d, t.b.ptr + k, t.b.len - k);
	}
	textb_release(&t);
	return s;
}

static char *aff_text(struct jats *j, xml_node *front, const char *rid)
{
	for (xml_node *c = xml_child(front); c; c = xml_next(c)) {
		const char *id;

		if (is_tag(c, "aff") && (id = xml_attr(c, "id")) &&
		    !strcmp(id, rid))
			return org_text(j, c);
		if (is_tag(c, "contrib-group")) {
			char *s = aff_text(j, c, rid);

			if (s)
				return s;
		}
	}
	return NULL;
}

/* An author's affiliations, one per line in order (reports number them). */
static void author_add_aff(struct jats *j, struct doc_author *a, char *aff)
{
	size_t n;
	char *s;

	if (!aff || (a->aff && strstr(a->aff, aff)))
		return;
	if (!a->aff) {
		a->aff = aff;
		return;
	}
	n = strlen(a->aff) + strlen(aff) + 2;
	if ((s = arena_alloc(&j->d->arena, n))) {
		snprintf(s, n, "%s\n%s", a->aff, aff);
		a->aff = s;
	}
}

static void meta_author(struct jats *j, xml_node *am, xml_node *contrib)
{
	struct doc_meta *m = &j->d->meta;
	xml_node *name = xml_find(contrib, "name");
	struct doc_author *a;

	if (!name)
		name = xml_find(contrib, "collab");
	if (!name)
		return;
	a = doc_push((void **)&m->authors, &m->nauthors, &m->capauthors,
	             sizeof(*a), DOC_AUTHORS_MAX);
	if (!a)
		return;
	a->surname = is_tag(name, "name") ? child_text(j, name, "surname")
	                                  : node_text(j, name);
	a->given = child_text(j, name, "given-names");
	for (xml_node *c = xml_child(contrib); c; c = xml_next(c)) {
		const char *t = xml_attr(c, "contrib-id-type");
		const char *rt = xml_attr(c, "ref-type");

		if (is_tag(c, "contrib-id") && t && !strcmp(t, "orcid"))
			a->orcid = node_text(j, c);
		else if (is_tag(c, "xref") && rt && !strcmp(rt, "aff") &&
		         xml_attr(c, "rid"))
			author_add_aff(j, a,
			               aff_text(j, am, xml_attr(c, "rid")));
		else if (is_tag(c, "aff") && !a->aff)
			a->aff = org_text(j, c);
	}
}

static void meta_authors(struct jats *j, xml_node *am)
{
	for (xml_node *g = xml_child(am); g; g = xml_next(g)) {
		if (!is_tag(g, "contrib-group"))
			continue;
		for (xml_node *c = xml_child(g); c; c = xml_next(c)) {
			const char *t = xml_attr(c, "contrib-type");

			if (is_tag(c, "contrib") &&
			    (!t || !strcmp(t, "author")))
				meta_author(j, am, c);
		}
	}
}

/* The publication date: the first of epub / ppub / pub / collection. */
static void meta_date(struct jats *j, xml_node *am)
{
	static const char *const pref[] = {"epub",       "ppub", "pub",
	                                   "collection", "",     NULL};
	struct doc_meta *m = &j->d->meta;

	for (int k = 0; pref[k] && !m->year; k++) {
		for (xml_node *c = xml_child(am); c; c = xml_next(c)) {
			const char *t = xml_attr(c, "pub-type");

			if (!t)
				t = xml_attr(c, "date-type");
			if (!is_tag(c, "pub-date") ||
			    (*pref[k] && (!t || strcmp(t, pref[k]))))
				continue;
			m->year = jats_year_of(child_text(j, c, "year"));
			if (m->year) {
				char buf[16];
				char *mo = child_text(j, c, "month");
				char *dd = child_text(j, c, "day");

				snprintf(buf, sizeof(buf), "%04d-%02d-%02d",
				         m->year, mo ? atoi(mo) % 100 : 1,
				         dd ? atoi(dd) % 100 : 1);
				m->date = doc_strdup(j->d, buf, strlen(buf));
				break;
			}
		}
	}
}

/* One keyword into "a; b; c".  A kwd that holds two ("Palestine.
 * Contraception") is split where a full stop ends a word of four or more
 * letters and a capital follows; "E. coli", "U.S. diet", "cv. Sunrouge"
 * stay whole. */
static void kwd_add(struct ct_buf *b, const char *v)
{
	while (*v) {
		const char *cut = NULL;

		for (const char *p = strstr(v, ". "); p && !cut;
		     p = strstr(p + 1, ". ")) {
			const char *w = p;

			while (w > v && isalpha((unsigned char)w[-1]))
				w--;
			if (p - w >= 4 && (w == v || w[-1] == ' ') &&
			    isupper((unsigned char)p[2]))
				cut = p;
		}
		if (b->len)
			ct_buf_puts(b, "; ");
		ct_buf_put(b, v, cut ? (size_t)(cut - v) : strlen(v));
		v = cut ? cut + 2 : v + strlen(v);
	}
}

/* Keywords, one item each ("; " between); abbreviation lists are not
 * keywords. */
static char *keywords(struct jats *j, xml_node *am)
{
	struct ct_buf b = CT_BUF_INIT;
	char *s;

	for (xml_node *g = xml_child(am); g; g = xml_next(g)) {
		const char *t = xml_attr(g, "kwd-group-type");

		if (!is_tag(g, "kwd-group") ||
		    (t && !strcmp(t, "abbreviations")))
			continue;
		for (xml_node *c = xml_child(g); c; c = xml_next(c)) {
			char *v = is_tag(c, "kwd") || is_tag(c, "compound-kwd")
			              ? org_text(j, c)
			              : NULL;

			if (v)
				kwd_add(&b, v);
		}
	}
	s = b.len ? doc_strdup(j->d, b.ptr, b.len) : NULL;
	ct_buf_release(&b);
	return s;
}

/* Funders, "Name (award)" each, "; " between; the funding statement when
 * no award group names one. */
static char *funding(struct jats *j, xml_node *fg)
{
	struct ct_buf b = CT_BUF_INIT;
	char *s;

	for (xml_node *g = xml_child(fg); g; g = xml_next(g)) {
		char *src = is_tag(g, "award-group")
		                ? org_text(j, xml_find(g, "funding-source"))
		                : NULL;
		char *award = src ? child_text(j, g, "award-id") : NULL;

		if (!src)
			continue;
		ct_buf_printf(&b, "%s%s", b.len ? "; " : "", src);
		if (award)
			ct_buf_printf(&b, " (%s)", award);
	}
	if (!b.len) {
		char *st = child_text(j, fg, "funding-statement");

		if (st)
			ct_buf_puts(&b, st);
	}
	s = b.len ? doc_strdup(j->d, b.ptr, b.len) : NULL;
	ct_buf_release(&b);
	return s;
}

/* The abstract's paragraphs under their section titles (record.h): JATS
 * <sec><title>Background</title><p>...</p></sec>, which read as one run
 * ("SummaryBackgroundSmoking...", 2,340 of the corpus's 4,470). */
static void abstract_walk(struct jats *j, struct ct_buf *b, xml_node *n,
                          const char *heading, int depth)
{
	for (xml_node *c = xml_child(n); c && depth < 16; c = xml_next(c)) {
		if (!xml_is_elem(c) || is_tag(c, "title") ||
		    is_tag(c, "label") || in_list(xml_name(c), skipped))
			continue;
		if (is_tag(c, "p")) {
			abstract_add(b, heading, node_text(j, c));
			heading = NULL;
		} else if (is_tag(c, "sec")) {
			char *h = child_text(j, c, "title");

			if (h &&
			    heading) /* a titled section inside a titled one */
				abstract_add(b, heading, NULL);
			abstract_walk(j, b, c, h ? h : heading, depth + 1);
			heading = NULL;
		} else {
			abstract_walk(j, b, c, heading, depth + 1);
		}
	}
}

static char *abstract(struct jats *j, xml_node *am)
{
	xml_node *abs = NULL;
	struct ct_buf b = CT_BUF_INIT;
	char *s;

	for (xml_node *c = xml_child(am);
	     c && !(abs && !xml_attr(abs, "abstract-type")); c = xml_next(c))
		if (is_tag(c, "abstract"))
			abs = c;
	if (!abs)
		return NULL;
	abstract_walk(j, &b, abs, NULL, 0);
	s = b.len ? doc_strdup(j->d, b.ptr, b.len) : node_text(j, abs);
	ct_buf_release(&b);
	return s;
}

static void meta_misc(struct jats *j, xml_node *front, xml_node *am)
{
	struct doc_meta *m = &j->d->meta;
	xml_node *jm = xml_find(front, "journal-meta");
	xml_node *tg = xml_find(am, "title-group");
	xml_node *perm = xml_find(am, "permissions");
	xml_node *lic = perm ? xml_find(perm, "license") : NULL;
	xml_node *fg = xml_find(am, "funding-group");
	char *fp = child_text(j, am, "fpage"), *lp = child_text(j, am, "lpage");

	m->title = tg ? child_text(j, tg, "article-title") : NULL;
	if (jm) {
		xml_node *jtg = xml_find(jm, "journal-title-group");
		xml_node *pub = xml_find(jm, "publisher");

		m->journal = child_text(j, jtg ? jtg : jm, "journal-title");
		m->publisher =
		    pub ? child_text(j, pub, "publisher-name") : NULL;
	}
	m->volume = child_text(j, am, "volume");
	m->issue = child_text(j, am, "issue");
	if (!fp)
		fp = child_text(j, am, "elocation-id");
	if (fp && lp && strcmp(fp, lp)) {
		size_t n = strlen(fp) + strlen(lp) + 2;
		char *s = arena_alloc(&j->d->arena, n);

		if (s)
			snprintf(s, n, "%s-%s", fp, lp);
		m->pages = s;
	} else {
		m->pages = fp;
	}
	m->keywords = keywords(j, am);
	if (fg)
		m->funding = funding(j, fg);
	if (lic) {
		const char *h = xml_attr(lic, "href");

		m->license =
		    h ? doc_strdup(j->d, h, strlen(h)) : node_text(j, lic);
	}
	m->abstract = abstract(j, am);
}

/* ---- editorial notices ----------------------------------------------------
 */

/* What an article-type or a related-article-type says a notice is.  JATS
 * 1.2+ names "retracted-article", "corrected-article" and
 * "object-of-concern"; PMC also writes the article types below. */
static const struct {
	const char *name, *kind;
} notice_kinds[] = {
    {"retraction", "retraction"},
    {"retracted-article", "retraction"},
    {"correction", "correction"},
    {"corrected-article", "correction"},
    {"erratum", "correction"},
    {"expression-of-concern", "expression-of-concern"},
    {"object-of-concern", "expression-of-concern"},
};

static const char *notice_kind(const char *name)
{
	for (size_t i = 0;
	     name && i < sizeof(notice_kinds) / sizeof(*notice_kinds); i++)
		if (!strcmp(name, notice_kinds[i].name))
			return notice_kinds[i].kind;
	return NULL;
}

/* The concerned work's identifier from ext-link-type and xlink:href. */
static int notice_ids(struct jats *j, xml_node *ra, struct doc_notice *n)
{
	const char *t = xml_attr(ra, "ext-link-type");
	const char *h = xml_attr(ra, "href");

	if (!h)
		return 0;
	if (!t || !strcmp(t, "doi"))
		n->doi = doc_norm_doi(j->d, h);
	if (t && (!strcmp(t, "pubmed") || !strcmp(t, "pmid")))
		n->pmid = doc_norm_pmid(j->d, h);
	if (t && (!strcmp(t, "pmc") || !strcmp(t, "pmcid")))
		n->pmcid = doc_norm_pmcid(j->d, h);
	return n->doi || n->pmid || n->pmcid;
}

/* A related-article is a notice when its own type says so, or when the
 * article is a notice and the link has no more specific type. */
static void add_notice(struct jats *j, const char *art_kind, xml_node *ra)
{
	struct doc_meta *m = &j->d->meta;
	const char *rel = xml_attr(ra, "related-article-type");
	const char *kind = notice_kind(rel);
	struct doc_notice n = {0}, *p;

	if (!kind && art_kind && (!rel || !strcmp(rel, "article-reference")))
		kind = art_kind;
	if (!kind || !notice_ids(j, ra, &n))
		return;
	p = doc_push((void **)&m->notices, &m->nnotices, &m->capnotices,
	             sizeof(*p), DOC_NOTICES_MAX);
	if (!p)
		return;
	*p = n;
	p->kind = doc_strdup(j->d, kind, strlen(kind));
	p->relation = rel ? doc_strdup(j->d, rel, strlen(rel)) : NULL;
}

/* related-article sits in article-meta, or (PMC corrections) inside a
 * paragraph of the body: "Correction to: ... doi:<related-article>". */
struct notices_walk {
	struct jats *j;
	const char *art_kind;
};

static void on_related(void *ctx, xml_node *ra)
{
	struct notices_walk *w = ctx;

	add_notice(w->j, w->art_kind, ra);
}

static void meta_notices(struct jats *j, const char *art_kind, xml_node *n)
{
	struct notices_walk w = {j, art_kind};

	xml_each(n, "related-article", "back", "ref-list", NOTICE_DEPTH_MAX,
	         on_related, &w);
}

static void read_front(struct jats *j, xml_node *article)
{
	xml_node *front = xml_find(article, "front");
	xml_node *am = front ? xml_find(front, "article-meta") : NULL;
	const char *type = xml_attr(article, "article-type");

	if (type)
		j->d->meta.pubtype = doc_strdup(j->d, type, strlen(type));
	if (!am)
		return;
	meta_ids(j, am);
	meta_authors(j, am);
	meta_date(j, am);
	meta_misc(j, front, am);
	meta_notices(j, notice_kind(type), article);
}

static void read_abstracts(struct jats *j, xml_node *article)
{
	xml_node *front = xml_find(article, "front");
	xml_node *am = front ? xml_find(front, "article-meta") : NULL;
	uint32_t s;

	if (!am)
		return;
	s = add_section(j, "Abstract", CT_SEC_OTHER);
	for (xml_node *c = xml_child(am); c && !j->rc; c = xml_next(c))
		if (is_tag(c, "abstract") && !xml_attr(c, "abstract-type"))
			walk_block(j, c, s, 1);
}

int jats_read(struct xml_doc *x, struct doc *d, struct ct_error *err)
{
	struct jats j = {.d = d};
	xml_node *art = xml_root(x);
	xml_node *back, *body;
	uint32_t top;

	if (!is_tag(art, "article"))
		return err_set(err, CT_EFORMAT,
		               "%s: not a JATS article (root <%s>)", d->name,
		               xml_name(art));
	textb_init(&j.t);
	read_front(&j, art);
	back = xml_find(art, "back");
	if (back)
		jats_find_refs(&j, back, 0);
	read_abstracts(&j, art);
	body = xml_find(art, "body");
	top = add_section(&j, NULL, CT_SEC_OTHER);
	if (body && !j.rc)
		walk_block(&j, body, top, 0);
	if (back && !j.rc)
		walk_block(&j, back, top, 0);
	textb_release(&j.t);
	free(j.xr);
	if (j.rc)
		return err_set(err, j.rc, "%s: %s while reading the article",
		               d->name, ct_strerror(j.rc));
	return 0;
}
