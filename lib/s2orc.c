/* s2orc.c — the S2ORC / CORD-19 JSON reader (see s2orc.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "marks.h"
#include "record.h"
#include "s2orc.h"

#define SPANS_MAX 100000 /* cite spans in one paragraph */

struct s2 {
	struct doc *d;
	json_val *c; /* the parse: root, pdf_parse, grobid_parse... */
	struct ct_buf text;
	uint32_t *cpoff; /* code point index -> byte offset in text */
	size_t capoff;
	struct mark *m;
	size_t nm, capm;
	const char *cur_sec;
	uint32_t sec;
	int top_cls; /* class of the enclosing numbered section */
};

static char *dup_str(struct doc *d, json_val *v)
{
	const char *s = json_str(v);

	return s && *s ? doc_strdup(d, s, json_str_len(v)) : NULL;
}

/* ---- text and offsets -----------------------------------------------------
 */

static int utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Whitespace code points we collapse, as text.c does. */
static int is_ws(const unsigned char *u, int w)
{
	if (w == 1)
		return *u == ' ' || *u == '\t' || *u == '\n' || *u == '\r';
	if (w == 2)
		return u[0] == 0xC2 && u[1] == 0xA0;
	return w == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	       ((u[2] >= 0x82 && u[2] <= 0x8A) || u[2] == 0xAF);
}

/* Copies s into t->text with whitespace collapsed, recording for each code
 * point the byte offset where it lands (jansson guarantees valid UTF-8). */
static int collapse(struct s2 *t, const char *s, size_t n, size_t *ncp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;
	int owed = 0;

	ct_buf_reset(&t->text);
	if (n + 1 > t->capoff) {
		uint32_t *p = realloc(t->cpoff, (n + 1) * sizeof(*p));

		if (!p)
			return CT_ENOMEM;
		t->cpoff = p;
		t->capoff = n + 1;
	}
	for (size_t i = 0; i < n; k++) {
		int w = utf8_len(u[i]);

		if (i + (size_t)w > n)
			w = (int)(n - i);
		t->cpoff[k] = (uint32_t)t->text.len;
		if (is_ws(u + i, w)) {
			owed = t->text.len > 0;
		} else {
			if (owed && ct_buf_putc(&t->text, ' '))
				return CT_ENOMEM;
			owed = 0;
			t->cpoff[k] = (uint32_t)t->text.len;
			if (ct_buf_put(&t->text, u + i, (size_t)w))
				return CT_ENOMEM;
		}
		i += (size_t)w;
	}
	t->cpoff[k] = (uint32_t)t->text.len;
	*ncp = k;
	return 0;
}

/* ---- references ------------------------------------------------------------
 */

static void ref_authors(struct doc *d, struct doc_ref *r, json_val *arr)
{
	struct ct_buf b = CT_BUF_INIT;

	for (size_t i = 0; i < json_len(arr); i++) {
		json_val *a = json_at(arr, i);
		const char *last = json_str(json_get(a, "last"));
		const char *first = json_str(json_get(a, "first"));
		json_val *mid = json_get(a, "middle");

		if (!last || !*last)
			continue;
		if (b.len)
			ct_buf_puts(&b, "; ");
		ct_buf_puts(&b, last);
		if (first && *first)
			ct_buf_printf(&b, " %c",
			              toupper((unsigned char)*first));
		for (size_t k = 0; k < json_len(mid); k++) {
			const char *m = json_str(json_at(mid, k));

			if (m && isalpha((unsigned char)*m))
				ct_buf_putc(&b,
				            (char)toupper((unsigned char)*m));
		}
	}
	if (b.len)
		r->authors = doc_strdup(d, b.ptr, b.len);
	ct_buf_release(&b);
}

/* other_ids: {"DOI": ["10..."], "PubMed": [...], "PubMedCentral": [...]},
 * keys spelled differently across schema versions. */
static void ref_ids(struct doc *d, struct doc_ref *r, json_val *ids)
{
	static const char *const doi_k[] = {"DOI", "doi"};
	static const char *const pmid_k[] = {"PubMed", "pubmed", "PMID",
	                                     "pmid"};
	static const char *const pmc_k[] = {"PubMedCentral", "pmc", "PMCID"};

	for (int i = 0; i < 2 && !r->doi; i++)
		r->doi = doc_norm_doi(
		    d, json_str(json_at(json_get(ids, doi_k[i]), 0)));
	for (int i = 0; i < 4 && !r->pmid; i++)
		r->pmid = doc_norm_pmid(
		    d, json_str(json_at(json_get(ids, pmid_k[i]), 0)));
	for (int i = 0; i < 3 && !r->pmcid; i++)
		r->pmcid = doc_norm_pmcid(
		    d, json_str(json_at(json_get(ids, pmc_k[i]), 0)));
}

static int read_ref(struct doc *d, const char *key, json_val *v)
{
	struct doc_ref *r = DOC_PUSH(d, refs, DOC_REFS_MAX);
	const char *pages = json_str(json_get(v, "pages"));

	if (!r)
		return CT_ELIMIT;
	r->xml_id = doc_strdup(d, key, strlen(key));
	r->title = dup_str(d, json_get(v, "title"));
	r->source = dup_str(d, json_get(v, "venue"));
	r->volume = dup_str(d, json_get(v, "volume"));
	r->year = (int)json_int(json_get(v, "year"));
	if (pages && *pages)
		r->fpage = doc_strdup(d, pages, strcspn(pages, "-–"));
	ref_authors(d, r, json_get(v, "authors"));
	ref_ids(d, r, json_get(v, "other_ids"));
	r->raw = dup_str(d, json_get(v, "raw_text"));
	if (!r->raw)
		r->raw = ref_render_fields(d, r); /* no raw_text */
	if (!r->xml_id)
		return CT_ENOMEM;
	return 0;
}

/* bib_entries keys are "BIBREF<n>": reference-list order is n's order. */
static long key_num(const char *k)
{
	while (*k && !isdigit((unsigned char)*k))
		k++;
	return *k ? strtol(k, NULL, 10) : -1;
}

struct keyed {
	long n;
	const char *key;
	json_val *v;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int read_refs(struct doc *d, json_val *bib)
{
	struct keyed *k = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	for (void *it = json_iter(bib); it && !rc;
	     it = json_iter_next(bib, it)) {
		struct keyed *e =
		    doc_push((void **)&k, &n, &cap, sizeof(*e), DOC_REFS_MAX);

		if (!e)
			rc = CT_ELIMIT;
		else
			*e = (struct keyed){key_num(json_iter_key(it)),
			                    json_iter_key(it),
			                    json_iter_val(it)};
	}
	if (k)
		qsort(k, n, sizeof(*k), keyed_cmp);
	for (size_t i = 0; i < n && !rc; i++)
		rc = read_ref(d, k[i].key, k[i].v);
	free(k);
	return rc;
}

/* ---- paragraphs ------------------------------------------------------------
 */

/* Section of a paragraph: a new one whenever the name changes.  Numbered
 * subsections ("2.1") keep the class of their numbered parent. */
static int para_section(struct s2 *t, json_val *p, const char *fallback)
{
	const char *name = json_str(json_get(p, "section"));
	const char *num = json_str(json_get(p, "sec_num"));
	int cls;

	if (!name || !*name)
		name = fallback;
	if (t->cur_sec && name && !strcmp(t->cur_sec, name))
		return 0;
	t->cur_sec = name ? name : "";
	cls = doc_section_class(NULL, name);
	if (num && !strchr(num, '.'))
		t->top_cls = cls;
	else if (num && cls == CT_SEC_OTHER)
		cls = t->top_cls;
	return marks_section(t->d, name, cls, &t->sec);
}

static int para_marks(struct s2 *t, json_val *spans, json_val *bib, size_t ncp)
{
	t->nm = 0;
	for (size_t i = 0; i < json_len(spans); i++) {
		json_val *s = json_at(spans, i);
		const char *rid = json_str(json_get(s, "ref_id"));
		int64_t a = json_int(json_get(s, "start"));
		int64_t b = json_int(json_get(s, "end"));
		struct mark *m;

		if (!rid || !json_get(bib, rid) || a < 0 || b <= a ||
		    (size_t)b > ncp)
			continue;
		m = DOC_PUSH(t, m, SPANS_MAX);
		if (!m)
			return CT_ELIMIT;
		m->start = t->cpoff[a];
		m->end = t->cpoff[b];
		m->ref = marks_ref_by_id(t->d, rid, strlen(rid));
	}
	return 0;
}

static int read_paras(struct s2 *t, json_val *arr, json_val *bib,
                      const char *fallback)
{
	int rc = 0;

	for (size_t i = 0; i < json_len(arr) && !rc; i++) {
		json_val *p = json_at(arr, i);
		const char *s = json_str(json_get(p, "text"));
		size_t ncp;

		if (!s)
			continue;
		rc = para_section(t, p, fallback);
		if (!rc)
			rc = collapse(t, s, json_str_len(json_get(p, "text")),
			              &ncp);
		if (!rc)
			rc = para_marks(t, json_get(p, "cite_spans"), bib, ncp);
		if (!rc)
			rc = marks_para(t->d, t->sec,
			                t->text.ptr ? t->text.ptr : "",
			                t->text.len, t->m, t->nm);
	}
	return rc;
}

/* ---- metadata ---------------------------------------------------------------
 */

static void meta_authors(struct doc *d, json_val *arr)
{
	struct doc_meta *m = &d->meta;

	for (size_t i = 0; i < json_len(arr); i++) {
		json_val *a = json_at(arr, i);
		char *last = dup_str(d, json_get(a, "last"));
		struct doc_author *au;

		if (!last)
			continue;
		au = doc_push((void **)&m->authors, &m->nauthors,
		              &m->capauthors, sizeof(*au), DOC_AUTHORS_MAX);
		if (!au)
			return;
		au->surname = last;
		au->given = dup_str(d, json_get(a, "first"));
	}
}

static void meta_xid(struct doc *d, const char *pid)
{
	char buf[128];
	size_t n = pid ? strlen(pid) : 0, hex = 0;

	if (n == 0 || n > 100)
		return;
	while (hex < n && isxdigit((unsigned char)pid[hex]))
		hex++;
	snprintf(buf, sizeof(buf), "%s:%s", hex == 40 && n == 40 ? "sha" : "s2",
	         pid);
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	d->meta.xid = doc_strdup(d, buf, strlen(buf));
}

static void read_meta(struct doc *d, json_val *root)
{
	json_val *md = json_get(root, "metadata");
	json_val *m = md ? md : root;
	struct doc_meta *dm = &d->meta;

	dm->title = dup_str(d, json_get(m, "title"));
	dm->year = (int)json_int(json_get(m, "year"));
	dm->doi = doc_norm_doi(d, json_str(json_get(m, "doi")));
	dm->pmid = doc_norm_pmid(d, json_str(json_get(m, "pubmed_id")));
	dm->pmcid = doc_norm_pmcid(d, json_str(json_get(m, "pmc_id")));
	dm->journal = dup_str(d, json_get(m, "journal"));
	if (!dm->journal)
		dm->journal = dup_str(d, json_get(m, "venue"));
	dm->abstract = dup_str(d, json_get(m, "abstract"));
	meta_authors(d, json_get(m, "authors"));
	meta_xid(d, json_str(json_get(root, "paper_id")));
}

/* The parse holding the text: doc2json's pdf_parse, the 2019 schema's
 * grobid_parse or latex_parse (the one with more paragraphs), else root. */
static json_val *pick_parse(json_val *root)
{
	json_val *g = json_get(root, "grobid_parse");
	json_val *l = json_get(root, "latex_parse");

	if (json_get(root, "pdf_parse"))
		return json_get(root, "pdf_parse");
	if (g || l)
		return json_len(json_get(l, "body_text")) >
		               json_len(json_get(g, "body_text"))
		           ? l
		           : g;
	return root;
}

int s2orc_read(struct json_doc *j, struct doc *d, struct ct_error *err)
{
	json_val *root = json_root(j);
	struct s2 t = {.d = d, .top_cls = CT_SEC_OTHER};
	json_val *bib;
	int rc;

	t.c = pick_parse(root);
	if (!json_get(t.c, "body_text") || !json_iter(root))
		return err_set(err, CT_EFORMAT,
		               "%s: not an S2ORC or CORD-19 paper "
		               "(no body_text)",
		               d->name);
	read_meta(d, root);
	bib = json_get(t.c, "bib_entries");
	rc = read_refs(d, bib);
	if (!rc && json_len(json_get(t.c, "abstract"))) {
		rc = read_paras(&t, json_get(t.c, "abstract"), bib, "Abstract");
		t.cur_sec = NULL;
	}
	if (!rc)
		rc = read_paras(&t, json_get(t.c, "body_text"), bib, NULL);
	if (!rc)
		rc = read_paras(&t, json_get(t.c, "back_matter"), bib, NULL);
	ct_buf_release(&t.text);
	free(t.cpoff);
	free(t.m);
	if (rc)
		return err_set(err, rc, "%s: %s while reading the paper",
		               d->name, ct_strerror(rc));
	return 0;
}
