/*
 * export.c — one work as a citation a reference manager imports: BibTeX,
 * RIS, CSL-JSON and an APA-style line (SPEC §1 `cite`).
 *
 * The record is loaded once into struct cite_rec and rendered by one
 * function per format, chosen from formats[].  Every format carries the
 * tallies and the report's link in its note field (BibTeX `note`, RIS
 * `N1`, CSL `note`), because that is the field reference managers keep.
 * Publication types follow CSL (`article-journal`, never Crossref's
 * `journal-article`), mapped from JATS `article-type` by kinds[].
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "jw.h"
#include "mem.h"
#include "query.h"
#include "store_works.h"

#define CITE_AUTHORS_MAX 5000 /* DOC_AUTHORS_MAX: what ingest can store */
#define APA_AUTHORS_MAX  20   /* APA 7: 20 names, then "..." and the last */

struct cite_author {
	const char *family, *given;
	int corporate; /* a group name: never split into family and given */
};

/* One publication kind in every format's vocabulary. */
struct cite_kind {
	const char *jats, *csl, *bibtex, *ris;
};

struct cite_rec {
	struct arena a;
	struct ct_work_brief w;
	const char *journal, *publisher, *volume, *issue, *pages, *pubtype;
	struct cite_author *au;
	size_t nau, capau;
	const struct cite_kind *kind;
	struct ct_tallies t;
	char id[400];       /* the public ID (DOI, pmid:N, ...) */
	struct ct_buf note; /* tallies and link, the same in every format */
};

/* JATS article-type -> kind; anything else in a journal is an article. */
static const struct cite_kind kinds[] = {
    {"book", "book", "book", "BOOK"},
    {"book-chapter", "chapter", "incollection", "CHAP"},
    {"chapter", "chapter", "incollection", "CHAP"},
    {"dissertation", "thesis", "phdthesis", "THES"},
    {"thesis", "thesis", "phdthesis", "THES"},
    {"report", "report", "techreport", "RPRT"},
    {"preprint", "article", "misc", "GEN"},
};
static const struct cite_kind kind_journal = {"", "article-journal", "article",
                                              "JOUR"};
static const struct cite_kind kind_other = {"", "article", "misc", "GEN"};

static const struct cite_kind *kind_of(const char *pubtype, const char *journal)
{
	for (size_t i = 0; pubtype && i < sizeof(kinds) / sizeof(*kinds); i++)
		if (!strcmp(pubtype, kinds[i].jats))
			return &kinds[i];
	return journal ? &kind_journal : &kind_other;
}

/* ---- loading --------------------------------------------------------------
 */

/* A stored text as a record reads it: an empty one is absent. */
static const char *field(struct cite_rec *c, const char *s)
{
	return s && *s ? arena_strndup(&c->a, s, strlen(s)) : NULL;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static struct cite_author *push_author(struct cite_rec *c)
{
	struct cite_author *a;

	if (c->nau >= CITE_AUTHORS_MAX)
		return NULL;
	a = arena_push(&c->a, (void **)&c->au, &c->nau, &c->capau, sizeof(*a));
	if (a)
		memset(a, 0, sizeof(*a));
	return a;
}

/* Given names written as bare initials ("MF", as reference lists and
 * some publishers do) become "M. F.", which every format reads as two
 * initials rather than one first name. */
static const char *expand_initials(struct cite_rec *c, const char *g)
{
	size_t n = g ? strlen(g) : 0;
	char buf[16], *p = buf;

	if (n < 2 || n > 4)
		return g;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)g[i]))
			return g;
	for (size_t i = 0; i < n; i++)
		p += snprintf(p, 4, "%s%c.", i ? " " : "", g[i]);
	return arena_strndup(&c->a, buf, (size_t)(p - buf));
}

/* "Surname GI; Group name; ..." from reference lists: a last word of at
 * most three capitals is initials, anything else a group name. */
static int parse_ref_authors(struct cite_rec *c, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ";"), k = n;
		struct cite_author *a = push_author(c);

		if (!a)
			return CT_ENOMEM;
		while (k && s[k - 1] != ' ')
			k--;
		a->corporate = !k || n - k > 3;
		for (size_t i = k; i < n && !a->corporate; i++)
			a->corporate = !isupper((unsigned char)s[i]);
		a->family = arena_strndup(&c->a, s, a->corporate ? n : k - 1);
		if (!a->corporate)
			a->given = expand_initials(
			    c, arena_strndup(&c->a, s + k, n - k));
		s += n;
		s += strspn(s, "; ");
	}
	return 0;
}

static int load_author(void *arg, const struct store_author *au)
{
	struct cite_rec *c = arg;
	struct cite_author *a = push_author(c);

	if (!a)
		return CT_ENOMEM;
	a->family = field(c, au->surname);
	a->given = expand_initials(c, field(c, au->given));
	a->corporate = !a->given;
	return 0;
}

static int load_record(struct ct_index *idx, struct cite_rec *c)
{
	struct store_work_record x;
	int rc = store_work_record(idx->st, c->w.id, &c->a, &x);

	if (rc != 1)
		return rc == 0 ? CT_ENOTFOUND : CT_EDB;
	c->w.doi = nonempty(x.w.doi);
	c->w.pmid = nonempty(x.w.pmid);
	c->w.pmcid = nonempty(x.w.pmcid);
	c->w.title = nonempty(x.w.title);
	c->w.year = x.w.year;
	c->journal = nonempty(x.journal);
	c->publisher = nonempty(x.publisher);
	c->volume = nonempty(x.volume);
	c->issue = nonempty(x.issue);
	c->pages = nonempty(x.pages);
	c->pubtype = nonempty(x.pubtype);
	rc = store_work_authors(idx->st, c->w.id, load_author, c);
	if (!rc && !c->nau)
		rc = parse_ref_authors(c, nonempty(x.ref_authors));
	return rc;
}

/* Percent-encodes what may not stand in a URL path. */
static void url_path(struct ct_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch) || strchr("-._~/:;()", ch))
			ct_buf_putc(b, (char)ch);
		else
			ct_buf_printf(b, "%%%02X", ch);
	}
}

static void make_note(struct cite_rec *c, const char *link_base)
{
	const struct ct_tallies *t = &c->t;

	ct_buf_printf(
	    &c->note,
	    "citectx: cited by %" PRId64 " publication%s (%" PRId64
	    " citation statement%s): %" PRId64 " supporting, %" PRId64
	    " mentioning, %" PRId64 " contrasting, %" PRId64 " unclassified",
	    t->citing_publications, t->citing_publications == 1 ? "" : "s",
	    t->statements_total, t->statements_total == 1 ? "" : "s",
	    t->by_type[CT_TYPE_SUPPORTING], t->by_type[CT_TYPE_MENTIONING],
	    t->by_type[CT_TYPE_CONTRASTING], t->by_type[CT_TYPE_UNCLASSIFIED]);
	if (link_base) {
		ct_buf_printf(&c->note, ". Report: %s/works/", link_base);
		url_path(&c->note, c->id);
	}
}

static int cite_load(struct ct_index *idx, int64_t work, const char *link_base,
                     struct cite_rec *c, struct ct_error *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	arena_init(&c->a);
	c->w.id = work;
	rc = load_record(idx, c);
	if (rc == CT_ENOTFOUND)
		return err_set(err, rc, "work %" PRId64 ": not in the index",
		               work);
	if (rc)
		return err_set(err, rc, "cite: %s", store_errmsg(idx->st));
	rc = ct_tallies_get(idx, work, &c->t, err);
	if (rc)
		return rc;
	c->kind = kind_of(c->pubtype, c->journal);
	work_id_string(&c->w, c->id, sizeof(c->id));
	make_note(c, link_base);
	return 0;
}

static void cite_release(struct cite_rec *c)
{
	ct_buf_release(&c->note);
	arena_release(&c->a);
}

/* The pages as first and last page ("12-19", "12–19", "e1234"). */
static void page_range(const char *pages, struct ct_buf *first,
                       struct ct_buf *last)
{
	size_t n = strcspn(pages, "-\xE2"); /* '-' or an en/em dash */

	ct_buf_put(first, pages, n);
	pages += n;
	pages += strspn(pages, "-\xE2\x80\x93\x94 ");
	ct_buf_puts(last, pages);
}

/* ---- BibTeX
 * ------------------------------------------------------------------ */

/* BibTeX counts braces even after a backslash, so braces in the text are
 * written as commands; LaTeX specials are escaped; controls become spaces. */
static void bib_text(struct ct_buf *b, const char *s)
{
	static const struct {
		char ch;
		const char *tex;
	} esc[] = {
	    {'{', "\\textbraceleft{}"},
	    {'}', "\\textbraceright{}"},
	    {'\\', "\\textbackslash{}"},
	    {'~', "\\textasciitilde{}"},
	    {'^', "\\textasciicircum{}"},
	    {'&', "\\&"},
	    {'%', "\\%"},
	    {'$', "\\$"},
	    {'#', "\\#"},
	    {'_', "\\_"},
	};

	for (; *s; s++) {
		size_t i = 0;

		while (i < sizeof(esc) / sizeof(*esc) && esc[i].ch != *s)
			i++;
		if (i < sizeof(esc) / sizeof(*esc))
			ct_buf_puts(b, esc[i].tex);
		else
			ct_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

static void bib_field(struct ct_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	ct_buf_printf(b, ",\n  %s = {", name);
	bib_text(b, v);
	ct_buf_putc(b, '}');
}

/* Lower-case ASCII letters and digits of s, at most max of them. */
static void key_part(struct ct_buf *b, const char *s, size_t max)
{
	for (size_t n = 0; s && *s && n < max; s++)
		if (isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80)) {
			ct_buf_putc(b, (char)tolower((unsigned char)*s));
			n++;
		}
}

/* "meng2020human": first author, year, first title word of 4+ letters. */
static void bib_key(struct ct_buf *b, const struct cite_rec *c)
{
	const char *t = c->w.title;
	size_t len0 = b->len;

	key_part(b, c->nau ? c->au[0].family : NULL, 24);
	if (c->w.year)
		ct_buf_printf(b, "%d", c->w.year);
	while (t && *t) {
		size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz"
		                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

		if (n >= 4) {
			key_part(b, t, n < 16 ? n : 16);
			break;
		}
		t += n ? n : 1;
	}
	if (b->len == len0 || !isalpha((unsigned char)b->ptr[len0])) {
		b->len = len0;
		ct_buf_printf(b, "citectx%" PRId64, c->w.id);
	}
}

/* "Family, Given"; a family with a space or comma, or a group name, is
 * braced so that BibTeX keeps it one last name. */
static void bib_author(struct ct_buf *b, const struct cite_author *a)
{
	int brace = a->corporate || strpbrk(a->family ? a->family : "", " ,");

	ct_buf_puts(b, brace ? "{" : "");
	bib_text(b, a->family ? a->family : "");
	ct_buf_puts(b, brace ? "}" : "");
	if (a->given && !a->corporate) {
		ct_buf_puts(b, ", ");
		bib_text(b, a->given);
	}
}

static void fmt_bibtex(struct ct_buf *b, const struct cite_rec *c)
{
	struct ct_buf first = CT_BUF_INIT, last = CT_BUF_INIT;
	char year[16];

	ct_buf_printf(b, "@%s{", c->kind->bibtex);
	bib_key(b, c);
	if (c->nau) {
		ct_buf_puts(b, ",\n  author = {");
		for (size_t i = 0; i < c->nau; i++) {
			ct_buf_puts(b, i ? " and " : "");
			bib_author(b, &c->au[i]);
		}
		ct_buf_putc(b, '}');
	}
	bib_field(b, "key",
	          c->nau ? NULL : c->id); /* sorts an anonymous work */
	bib_field(b, "title", c->w.title);
	bib_field(b, c->kind->bibtex[0] == 'i' ? "booktitle" : "journal",
	          c->journal);
	if (c->kind != &kind_journal)
		bib_field(b, "publisher", c->publisher);
	snprintf(year, sizeof(year), "%d", c->w.year);
	bib_field(b, "year", c->w.year ? year : NULL);
	bib_field(b, "volume", c->volume);
	bib_field(b, "number", c->issue);
	if (c->pages) {
		page_range(c->pages, &first, &last);
		if (last.len)
			ct_buf_puts(&first, "--");
		ct_buf_puts(&first, last.ptr ? last.ptr : "");
		bib_field(b, "pages", first.ptr);
	}
	bib_field(b, "doi", c->w.doi);
	bib_field(b, "pmid", c->w.pmid);
	bib_field(b, "pmcid", c->w.pmcid);
	bib_field(b, "note", c->note.ptr);
	ct_buf_puts(b, "\n}\n");
	ct_buf_release(&first);
	ct_buf_release(&last);
}

/* ---- RIS
 * ------------------------------------------------------------------------ */

/* "TG  - value": one line, so line breaks in the value become spaces. */
static void ris_tag(struct ct_buf *b, const char *tag, const char *v)
{
	if (!v)
		return;
	ct_buf_printf(b, "%s  - ", tag);
	for (; *v; v++)
		ct_buf_putc(b, (unsigned char)*v < 0x20 ? ' ' : *v);
	ct_buf_puts(b, "\r\n");
}

static void fmt_ris(struct ct_buf *b, const struct cite_rec *c)
{
	struct ct_buf name = CT_BUF_INIT, first = CT_BUF_INIT,
	              last = CT_BUF_INIT;
	char year[16];

	ris_tag(b, "TY", c->kind->ris);
	for (size_t i = 0; i < c->nau; i++) {
		ct_buf_reset(&name);
		ct_buf_puts(&name, c->au[i].family ? c->au[i].family : "");
		if (c->au[i].given && !c->au[i].corporate)
			ct_buf_printf(&name, ", %s", c->au[i].given);
		ris_tag(b, "AU", name.ptr);
	}
	ris_tag(b, "TI", c->w.title);
	ris_tag(b, "T2", c->journal);
	ris_tag(b, "PB", c->publisher);
	snprintf(year, sizeof(year), "%d", c->w.year);
	ris_tag(b, "PY", c->w.year ? year : NULL);
	ris_tag(b, "VL", c->volume);
	ris_tag(b, "IS", c->issue);
	if (c->pages) {
		page_range(c->pages, &first, &last);
		ris_tag(b, "SP", first.ptr);
		ris_tag(b, "EP", last.len ? last.ptr : NULL);
	}
	ris_tag(b, "DO", c->w.doi);
	ris_tag(b, "AN", c->w.pmid);
	ris_tag(b, "C2", c->w.pmcid);
	ris_tag(b, "N1", c->note.ptr);
	ris_tag(b, "ER", "");
	ct_buf_release(&name);
	ct_buf_release(&first);
	ct_buf_release(&last);
}

/* ---- CSL-JSON
 * -------------------------------------------------------------------- */

static void csl_authors(struct jw *w, const struct cite_rec *c)
{
	jw_key(w, "author");
	jw_arr(w);
	for (size_t i = 0; i < c->nau; i++) {
		jw_obj(w);
		if (c->au[i].corporate) {
			jw_kstr(w, "literal", c->au[i].family);
		} else {
			jw_kstr(w, "family", c->au[i].family);
			jw_kstr(w, "given", c->au[i].given);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void csl_opt(struct jw *w, const char *k, const char *v)
{
	if (v)
		jw_kstr(w, k, v);
}

static void fmt_csl(struct ct_buf *b, const struct cite_rec *c)
{
	struct jw w;

	jw_init(&w, b);
	jw_arr(&w);
	jw_obj(&w);
	jw_kstr(&w, "id", c->id);
	jw_kstr(&w, "type", c->kind->csl);
	csl_opt(&w, "title", c->w.title);
	csl_opt(&w, "container-title", c->journal);
	csl_opt(&w, "publisher", c->publisher);
	csl_authors(&w, c);
	if (c->w.year) {
		jw_key(&w, "issued");
		jw_obj(&w);
		jw_key(&w, "date-parts");
		jw_arr(&w);
		jw_arr(&w);
		jw_int(&w, c->w.year);
		jw_arr_end(&w);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	csl_opt(&w, "volume", c->volume);
	csl_opt(&w, "issue", c->issue);
	csl_opt(&w, "page", c->pages);
	csl_opt(&w, "DOI", c->w.doi);
	csl_opt(&w, "PMID", c->w.pmid);
	csl_opt(&w, "PMCID", c->w.pmcid);
	csl_opt(&w, "note", c->note.ptr);
	jw_obj_end(&w);
	jw_arr_end(&w);
	ct_buf_putc(b, '\n');
}

/* ---- APA
 * ------------------------------------------------------------------------- */

/* "Fan-Ping Li" -> "F.-P. L.", "M. F." stays: the first letter (a whole
 * UTF-8 character) of each word, hyphenated parts joined by '-'. */
static void apa_initials(struct ct_buf *b, const char *g)
{
	int start = 1, any = 0, hyphen = 0;

	for (; *g; g++) {
		if (*g == ' ' || *g == '-' || *g == '.') {
			hyphen |= *g == '-';
			start = 1;
			continue;
		}
		if (!start)
			continue;
		if (any)
			ct_buf_putc(b, hyphen ? '-' : ' ');
		ct_buf_putc(b, *g);
		while (((unsigned char)g[1] & 0xC0) == 0x80)
			ct_buf_putc(b, *++g);
		ct_buf_putc(b, '.');
		any = 1;
		start = hyphen = 0;
	}
}

static void apa_author(struct ct_buf *b, const struct cite_author *a)
{
	ct_buf_puts(b, a->family ? a->family : "");
	if (a->given && !a->corporate) {
		ct_buf_puts(b, ", ");
		apa_initials(b, a->given);
	}
}

static void apa_authors(struct ct_buf *b, const struct cite_rec *c)
{
	size_t n = c->nau;

	for (size_t i = 0; i < n; i++) {
		if (n > APA_AUTHORS_MAX && i == APA_AUTHORS_MAX - 1) {
			ct_buf_puts(b, ", . . . ");
			apa_author(b, &c->au[n - 1]);
			break;
		}
		if (i)
			ct_buf_puts(b, i == n - 1 ? (n > 2 ? ", & " : " & ")
			                          : ", ");
		apa_author(b, &c->au[i]);
	}
	if (n && b->len && b->ptr[b->len - 1] != '.')
		ct_buf_putc(b, '.');
}

static void fmt_apa(struct ct_buf *b, const struct cite_rec *c)
{
	const char *t = c->w.title;
	size_t tl = t ? strlen(t) : 0;

	apa_authors(b, c);
	if (c->w.year)
		ct_buf_printf(b, "%s(%d). ", c->nau ? " " : "", c->w.year);
	else
		ct_buf_printf(b, "%s(n.d.). ", c->nau ? " " : "");
	if (t)
		ct_buf_printf(b, "%s%s ", t,
		              tl && strchr(".?!", t[tl - 1]) ? "" : ".");
	if (c->journal) {
		ct_buf_puts(b, c->journal);
		if (c->volume)
			ct_buf_printf(b, ", %s", c->volume);
		if (c->issue)
			ct_buf_printf(b, "(%s)", c->issue);
		if (c->pages)
			ct_buf_printf(b, ", %s", c->pages);
		ct_buf_puts(b, ". ");
	}
	if (c->w.doi)
		ct_buf_printf(b, "https://doi.org/%s", c->w.doi);
	while (b->len && b->ptr[b->len - 1] == ' ')
		b->ptr[--b->len] = '\0';
	ct_buf_putc(b, '\n');
}

/* ---- the format table and the public calls
 * ------------------------------------- */

/* by enum ct_cite_format; the names and media types are facets.c's */
static void (*const formats[CT_CITE_COUNT])(struct ct_buf *,
                                            const struct cite_rec *) = {
    [CT_CITE_BIBTEX] = fmt_bibtex,
    [CT_CITE_RIS] = fmt_ris,
    [CT_CITE_CSL_JSON] = fmt_csl,
    [CT_CITE_APA] = fmt_apa,
};

int ct_cite(struct ct_index *idx, int64_t work, int format,
            const char *link_base, struct ct_buf *out, struct ct_error *err)
{
	struct cite_rec c;
	int rc;

	if (format < 0 || format >= CT_CITE_COUNT)
		return err_set(err, CT_EUSAGE,
		               "format %d: expected bibtex, ris, "
		               "csl-json or apa",
		               format);
	rc = cite_load(idx, work, link_base, &c, err);
	if (!rc) {
		formats[format](out, &c);
		rc = ct_buf_done(out, err, "citation");
	}
	cite_release(&c);
	return rc;
}
