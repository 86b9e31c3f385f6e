/*
 * report.c — the report of one work (SPEC §4) and its reference list
 * (the most-cited works are top.c's, the integrity check check.c's).  Each
 * result is loaded once into its public struct (citectx_report.h), then
 * rendered as JSON or as text for a terminal; the server renders its pages from
 * the same structs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "jw.h"
#include "query.h"
#include "record.h"
#include "related.h"
#include "summary.h"
#include "store_report.h"
#include "statement_text.h"
#include "store_works.h"

#define REPORT_STATEMENTS 10 /* statements shown inside a report */

/* A result and the arena its strings and arrays live in (the result
 * first, so that its address is the allocation's). */
struct report_mem {
	struct ct_report r;
	struct arena a;
	size_t capauthors, capaffs, capaliases, capsecs, capkw, capfund,
	    capnames;
};

struct refs_mem {
	struct ct_refs r;
	struct arena a;
	size_t cap;
};

/* A failed render's error, its message naming what of which work. */
static int work_done(const struct ct_buf *out, struct ct_error *err,
                     const char *what, int64_t work)
{
	char name[64];

	snprintf(name, sizeof(name), "%s of work %" PRId64, what, work);
	return ct_buf_done(out, err, name);
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* pre s post, kept in a; NULL when s is. */
static const char *url_of(struct arena *a, const char *pre, const char *s,
                          const char *post)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *u = NULL;

	if (s && !ct_buf_printf(&b, "%s%s%s", pre, s, post))
		u = dup(a, b.ptr);
	ct_buf_release(&b);
	return u;
}

/* Where a person reads the work: PubMed, PubMed Central, Europe PMC and
 * the publisher through doi.org. */
static void urls_fill(struct arena *a, const struct ct_work_brief *b,
                      struct ct_work_urls *u)
{
	u->doi = url_of(a, "https://doi.org/", b->doi, "");
	u->pubmed = url_of(a, "https://pubmed.ncbi.nlm.nih.gov/", b->pmid, "/");
	u->pmc = url_of(a, "https://www.ncbi.nlm.nih.gov/pmc/articles/",
	                b->pmcid, "/");
	u->europepmc =
	    b->pmcid
	        ? url_of(a, "https://europepmc.org/article/PMC/", b->pmcid, "")
	        : url_of(a, "https://europepmc.org/article/MED/", b->pmid, "");
}

/* "a; b; c" as its items (an empty item kept only when keep_empty). */
static int split_items(struct arena *a, const char *s, int keep_empty,
                       const char ***v, size_t *n, size_t *cap)
{
	while (s && *s) {
		size_t k = strcspn(s, ";");

		if (k || keep_empty) {
			const char **slot =
			    arena_push(a, (void **)v, n, cap, sizeof(*slot));

			if (!slot || !(*slot = arena_strndup(a, s, k)))
				return CT_ENOMEM;
		}
		s += k;
		s += strspn(s, "; ");
	}
	return 0;
}

/* The stored abstract (record.h) by paragraph. */
static int sections_fill(struct report_mem *m)
{
	struct ct_report *r = &m->r;
	const char *abs = r->abstract, *h, *t;
	size_t hn, tn;

	while (abs && abstract_next(&abs, &h, &hn, &t, &tn)) {
		struct ct_abstract_section *x =
		    arena_push(&m->a, (void **)&r->abstract_sections,
		               &r->nabstract_sections, &m->capsecs, sizeof(*x));

		if (!x)
			return CT_ENOMEM;
		x->heading = h ? arena_strndup(&m->a, h, hn) : NULL;
		x->text = arena_strndup(&m->a, t, tn);
		if ((h && !x->heading) || !x->text)
			return CT_ENOMEM;
	}
	return 0;
}

static int work_row(void *arg, const struct store_report_work *x)
{
	struct report_mem *m = arg;
	struct ct_report *r = &m->r;
	struct arena *a = &m->a;

	r->journal = dup(a, x->journal);
	r->publisher = dup(a, x->publisher);
	r->volume = dup(a, x->volume);
	r->issue = dup(a, x->issue);
	r->pages = dup(a, x->pages);
	r->pubtype = dup(a, x->pubtype);
	r->date = dup(a, x->date);
	r->keywords = dup(a, x->keywords);
	r->funding = dup(a, x->funding);
	r->abstract = dup(a, x->abstract);
	r->license = dup(a, x->license);
	r->indexed = x->indexed;
	r->ref_authors = dup(a, x->ref_authors);
	return work_ref_copy(a, &x->w, &r->work);
}

/* What the record's strings yield: links, paragraphs, items. */
static int work_derive(struct report_mem *m)
{
	struct ct_report *r = &m->r;
	int rc;

	urls_fill(&m->a, &r->work.w, &r->urls);
	rc = sections_fill(m);
	if (!rc)
		rc = split_items(&m->a, r->keywords, 0, &r->keyword_list,
		                 &r->nkeyword_list, &m->capkw);
	if (!rc)
		rc = split_items(&m->a, r->funding, 0, &r->funders,
		                 &r->nfunders, &m->capfund);
	if (!rc)
		rc = split_items(&m->a, r->ref_authors, 1, &r->ref_names,
		                 &r->nref_names, &m->capnames);
	return rc;
}

static int author_row(void *arg, const struct store_author *x)
{
	struct report_mem *m = arg;
	struct ct_report *r = &m->r;
	struct ct_author *au =
	    arena_push(&m->a, (void **)&r->authors, &r->nauthors,
	               &m->capauthors, sizeof(*au));
	struct ct_buf name = CT_BUF_INIT;

	if (!au)
		return CT_ENOMEM;
	memset(au, 0, sizeof(*au));
	au->surname = dup(&m->a, x->surname);
	au->given = dup(&m->a, x->given);
	au->orcid = dup(&m->a, x->orcid);
	au->aff = dup(&m->a, x->aff);
	if (x->given)
		ct_buf_printf(&name, "%s ", x->given);
	ct_buf_puts(&name, x->surname ? x->surname : "");
	au->name = ct_buf_error(&name) ? NULL : dup(&m->a, name.ptr);
	ct_buf_release(&name);
	return au->name ? 0 : CT_ENOMEM;
}

/* Numbers the affiliations in order of first appearance; an author's
 * affiliations are stored one per line. */
static int number_affs(struct report_mem *m)
{
	struct ct_report *r = &m->r;

	for (size_t i = 0; i < r->nauthors; i++) {
		struct ct_author *au = &r->authors[i];

		for (const char *p = au->aff; p && *p;) {
			size_t n = strcspn(p, "\n"), k = 0;

			while (k < r->naffs && (strlen(r->affs[k]) != n ||
			                        strncmp(r->affs[k], p, n)))
				k++;
			if (k == r->naffs) {
				const char **slot = arena_push(
				    &m->a, (void **)&r->affs, &r->naffs,
				    &m->capaffs, sizeof(*slot));

				if (!slot ||
				    !(*slot = arena_strndup(&m->a, p, n)))
					return CT_ENOMEM;
			}
			if (au->naffn < CT_AUTHOR_AFFS_MAX)
				au->affn[au->naffn++] = (int)k + 1;
			p += n;
			p += *p == '\n';
		}
	}
	return 0;
}

static int refs_load(struct store *st, int64_t id, struct arena *a,
                     struct ct_refs *out, size_t *cap, struct ct_error *err);

/* Everything beyond the counts: references with their own tallies,
 * related works, notices, the summary. */
static int report_load_more(struct store *st, int64_t id, struct report_mem *m,
                            struct ct_error *err)
{
	struct ct_report *r = &m->r;
	size_t cap = 0;
	int rc = refs_load(st, id, &m->a, &r->refs, &cap, err);

	if (!rc)
		rc = related_load(st, &m->a, STORE_COCITED, id, &r->cocited,
		                  err);
	if (!rc)
		rc = related_load(st, &m->a, STORE_COUPLED, id, &r->coupled,
		                  err);
	if (!rc)
		rc = notices_load(st, &m->a, STORE_NOTICES_ABOUT, id,
		                  &r->notices, err);
	if (!rc)
		rc = notices_load(st, &m->a, STORE_NOTICES_OF, id, &r->concerns,
		                  err);
	if (!rc)
		rc = summary_build(st, &m->a, id, &r->summary, err);
	return rc;
}

static int alias_row(void *arg, const struct store_report_alias *x)
{
	struct report_mem *m = arg;
	struct ct_alias *al =
	    arena_push(&m->a, (void **)&m->r.aliases, &m->r.naliases,
	               &m->capaliases, sizeof(*al));

	if (!al)
		return CT_ENOMEM;
	al->id = dup(&m->a, x->id);
	al->version = dup(&m->a, x->version);
	return 0;
}

/* The record, its authors and other identifiers, the counts. */
static int report_load_work(struct store *st, int64_t id, struct report_mem *m,
                            struct ct_error *err)
{
	int rc = store_report_work(st, id, work_row, m, err);

	if (!rc)
		rc = work_derive(m);
	if (!rc && (rc = store_work_authors(st, id, author_row, m)) < 0 &&
	    rc != CT_ENOMEM)
		err_set(err, rc, "authors of work %" PRId64 ": %s", id,
		        ct_strerror(rc));
	if (!rc)
		rc = number_affs(m);
	if (!rc)
		rc = report_load_more(st, id, m, err);
	if (!rc)
		rc = store_report_aliases(st, id, alias_row, m, err);
	if (!rc && (rc = store_work_citing(st, id, &m->r.citing)))
		err_set(err, rc, "citing works of %" PRId64 ": %s", id,
		        ct_strerror(rc));
	if (!rc)
		rc = store_report_nrefs(st, id, &m->r.nrefs, err);
	return rc;
}

/* The summary's headline over the newest statements' facets. */
static int headline_fill(struct report_mem *m)
{
	struct ct_buf head = CT_BUF_INIT;

	summary_headline(&head, &m->r.page, m->r.citing);
	m->r.headline = ct_buf_error(&head) ? NULL : dup(&m->a, head.ptr);
	ct_buf_release(&head);
	return m->r.headline ? 0 : CT_ENOMEM;
}

int ct_report_load(struct ct_index *idx, int64_t id, struct ct_report **out,
                   struct ct_error *err)
{
	/* per statement: its facets are the report's tallies (SPEC §4) */
	struct ct_query q = {.cited = id,
	                     .sort = CT_SORT_NEWEST,
	                     .limit = REPORT_STATEMENTS,
	                     .group = CT_GROUP_STATEMENT};
	struct report_mem *m = calloc(1, sizeof(*m));
	struct ct_error e = {0};
	int rc;

	*out = NULL;
	if (!m)
		return err_set(err, CT_ENOMEM, "report: %s",
		               ct_strerror(CT_ENOMEM));
	arena_init(&m->a);
	rc = report_load_work(idx->st, id, m, &e);
	if (rc) {
		err_set(err, rc, "report: %s",
		        rc == CT_ENOMEM ? ct_strerror(rc) : e.msg);
	} else if (!(rc = ct_query_statements(idx, &q, &m->r.page, err)) &&
	           (rc = headline_fill(m))) {
		err_set(err, rc, "report: %s", ct_strerror(rc));
	}
	if (rc) {
		ct_report_free(&m->r);
		return rc;
	}
	*out = &m->r;
	return 0;
}

void ct_report_free(struct ct_report *r)
{
	struct report_mem *m = (struct report_mem *)r;

	if (!m)
		return;
	ct_page_release(&m->r.page);
	arena_release(&m->a);
	free(m);
}

/* ---- references ------------------------------------------------------------
 */

struct refs_acc {
	struct arena *a;
	struct ct_refs *r;
	size_t *cap;
};

static int ref_row(void *arg, const struct store_report_ref *x)
{
	struct refs_acc *acc = arg;
	struct ct_ref *y = arena_push(acc->a, (void **)&acc->r->v, &acc->r->n,
	                              acc->cap, sizeof(*y));

	if (!y)
		return CT_ENOMEM;
	memset(y, 0, sizeof(*y));
	y->pos = x->pos;
	y->label = dup(acc->a, x->label);
	y->raw = dup(acc->a, x->raw);
	y->cited = x->w.id;
	y->indexed = x->indexed;
	y->citing_pubs = x->citing;
	return y->cited ? work_ref_copy(acc->a, &x->w, &y->work) : 0;
}

/* A work's references into out (grown in a), with the tallies of the
 * works they link to. */
static int refs_load(struct store *st, int64_t id, struct arena *a,
                     struct ct_refs *out, size_t *cap, struct ct_error *err)
{
	struct refs_acc acc = {a, out, cap};
	int rc = store_report_refs(st, id, ref_row, &acc, err);

	for (size_t i = 0; rc == 0 && i < out->n; i++)
		if (out->v[i].cited)
			rc = store_report_ref_tallies(st, out->v[i].cited,
			                              out->v[i].tallies, err);
	return rc;
}

int ct_refs_load(struct ct_index *idx, int64_t work, struct ct_refs **out,
                 struct ct_error *err)
{
	struct refs_mem *m = calloc(1, sizeof(*m));
	struct ct_error e = {0};
	int rc;

	*out = NULL;
	if (!m)
		return err_set(err, CT_ENOMEM, "refs: %s",
		               ct_strerror(CT_ENOMEM));
	arena_init(&m->a);
	rc = refs_load(idx->st, work, &m->a, &m->r, &m->cap, &e);
	if (rc) {
		ct_refs_free(&m->r);
		return err_set(err, rc, "refs: %s",
		               rc == CT_ENOMEM ? ct_strerror(rc) : e.msg);
	}
	*out = &m->r;
	return 0;
}

void ct_refs_free(struct ct_refs *r)
{
	struct refs_mem *m = (struct refs_mem *)r;

	if (!m)
		return;
	arena_release(&m->a);
	free(m);
}

static void json_ref(struct jw *w, const struct ct_ref *x)
{
	const struct ct_work_brief *b = &x->work.w;

	jw_obj(w);
	jw_kint(w, "position", x->pos + 1);
	jw_kstr(w, "label", x->label);
	jw_kstr(w, "text", x->raw);
	jw_key(w, "work");
	if (!x->cited) {
		jw_null(w);
	} else {
		jw_obj(w);
		jw_kstr(w, "id", x->work.id);
		jw_kstr(w, "doi", b->doi);
		jw_kstr(w, "pmid", b->pmid);
		jw_kstr(w, "pmcid", b->pmcid);
		jw_kstr(w, "title", b->title);
		jw_key(w, "indexed");
		jw_bool(w, x->indexed);
		jw_kint(w, "citing_publications", x->citing_pubs);
		jw_key(w, "tallies");
		jw_obj(w);
		for (int i = 0; i < CT_TYPE_COUNT; i++)
			jw_kint(w, ct_type_name(i), x->tallies[i]);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

int ct_refs_write_json(const struct ct_refs *r, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	for (size_t i = 0; i < r->n; i++)
		json_ref(&w, &r->v[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return ct_buf_error(out);
}

/* A work's DOI, PMID or PMCID as `report` takes it; "" for a work that
 * has none (its citectx:N is an internal number, not for people). */
static const char *public_id(const struct ct_work_ref *w)
{
	return w->w.doi || w->w.pmid || w->w.pmcid ? w->id : "";
}

int ct_refs_write_text(const struct ct_refs *r, struct ct_buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ct_ref *x = &r->v[i];
		const char *wid = public_id(&x->work);

		ct_buf_printf(out, "%3" PRId64 ". %s\n", x->pos + 1,
		              x->raw ? x->raw : "(no text)");
		if (x->cited)
			ct_buf_printf(
			    out,
			    "     -> %s%scited by %" PRId64
			    "; supporting %" PRId64 ", contrasting %" PRId64
			    ", mentioning %" PRId64 "\n",
			    wid, *wid ? "  " : "", x->citing_pubs,
			    x->tallies[0], x->tallies[1], x->tallies[2]);
	}
	return ct_buf_error(out);
}

/* Loads work's references and renders them by write. */
static int refs_render(struct ct_index *idx, int64_t work, struct ct_buf *out,
                       struct ct_error *err,
                       int (*write)(const struct ct_refs *, struct ct_buf *))
{
	struct ct_refs *r;
	int rc = ct_refs_load(idx, work, &r, err);

	if (!rc && write(r, out))
		rc = work_done(out, err, "references", work);
	ct_refs_free(r);
	return rc;
}

int ct_refs_json(struct ct_index *idx, int64_t id, struct ct_buf *out,
                 struct ct_error *err)
{
	return refs_render(idx, id, out, err, ct_refs_write_json);
}

int ct_refs_text(struct ct_index *idx, int64_t id, struct ct_buf *out,
                 struct ct_error *err)
{
	return refs_render(idx, id, out, err, ct_refs_write_text);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_authors(struct jw *w, const struct ct_report *rp)
{
	jw_key(w, "authors");
	jw_arr(w);
	for (size_t i = 0; i < rp->nauthors; i++) {
		const struct ct_author *a = &rp->authors[i];

		jw_obj(w);
		jw_kstr(w, "name", a->name);
		jw_kstr(w, "surname", a->surname);
		jw_kstr(w, "given", a->given);
		if (a->orcid)
			jw_kstr(w, "orcid", a->orcid);
		if (a->naffn) {
			jw_key(w, "affiliations");
			jw_arr(w);
			for (int k = 0; k < a->naffn; k++)
				jw_int(w, a->affn[k]);
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	/* a work known only from reference lists: "Surname GI; ..." */
	for (size_t i = 0; !rp->nauthors && i < rp->nref_names; i++) {
		jw_obj(w);
		jw_kstr(w, "name", rp->ref_names[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* The abstract as one readable string: "Background: text" per section,
 * sections on their own lines. */
static void abstract_plain(struct ct_buf *b, const struct ct_report *rp)
{
	for (size_t i = 0; i < rp->nabstract_sections; i++) {
		const struct ct_abstract_section *x = &rp->abstract_sections[i];

		if (b->len)
			ct_buf_putc(b, '\n');
		if (x->heading)
			ct_buf_printf(b, "%s: ", x->heading);
		ct_buf_puts(b, x->text);
	}
}

static void json_abstract(struct jw *w, const struct ct_report *rp)
{
	struct ct_buf plain = CT_BUF_INIT;

	abstract_plain(&plain, rp);
	if (ct_buf_error(&plain)) /* never a cut abstract */
		ct_buf_fail(w->b, ct_buf_error(&plain));
	jw_kstr(w, "abstract", plain.len ? plain.ptr : NULL);
	ct_buf_release(&plain);
	jw_key(w, "abstract_sections");
	jw_arr(w);
	for (size_t i = 0; i < rp->nabstract_sections; i++) {
		jw_obj(w);
		jw_kstr(w, "heading", rp->abstract_sections[i].heading);
		jw_kstr(w, "text", rp->abstract_sections[i].text);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void json_items(struct jw *w, const char *key, const char *const *v,
                       size_t n)
{
	jw_key(w, key);
	jw_arr(w);
	for (size_t i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_arr_end(w);
}

static void json_links(struct jw *w, const struct ct_work_urls *u)
{
	jw_key(w, "links");
	jw_obj(w);
	if (u->doi)
		jw_kstr(w, "doi", u->doi);
	if (u->pubmed)
		jw_kstr(w, "pubmed", u->pubmed);
	if (u->pmc)
		jw_kstr(w, "pmc", u->pmc);
	if (u->europepmc)
		jw_kstr(w, "europepmc", u->europepmc);
	jw_obj_end(w);
}

static void json_work(struct jw *w, const struct ct_report *rp)
{
	const char *k[] = {"journal", "publisher", "volume", "issue",
	                   "pages",   "pubtype",   "date",   "keywords",
	                   "funding", "license"};
	const char *v[] = {rp->journal, rp->publisher, rp->volume, rp->issue,
	                   rp->pages,   rp->pubtype,   rp->date,   rp->keywords,
	                   rp->funding, rp->license};
	const struct ct_work_brief *b = &rp->work.w;

	jw_obj(w);
	jw_kstr(w, "id", rp->work.id);
	jw_kstr(w, "doi", b->doi);
	jw_kstr(w, "pmid", b->pmid);
	jw_kstr(w, "pmcid", b->pmcid);
	jw_kstr(w, "title", b->title);
	jw_key(w, "year");
	if (b->year)
		jw_int(w, b->year);
	else
		jw_null(w);
	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++)
		jw_kstr(w, k[i], v[i]);
	json_abstract(w, rp);
	json_items(w, "keyword_list", rp->keyword_list, rp->nkeyword_list);
	json_items(w, "funders", rp->funders, rp->nfunders);
	json_links(w, &rp->urls);
	json_authors(w, rp);
	jw_key(w, "affiliations");
	jw_arr(w);
	for (size_t i = 0; i < rp->naffs; i++) {
		jw_obj(w);
		jw_kint(w, "n", (int64_t)i + 1);
		jw_kstr(w, "name", rp->affs[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "indexed");
	jw_bool(w, rp->indexed);
	jw_key(w, "other_ids");
	jw_arr(w);
	for (size_t i = 0; i < rp->naliases; i++) {
		jw_obj(w);
		jw_kstr(w, "id", rp->aliases[i].id);
		jw_kstr(w, "version", rp->aliases[i].version);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void json_counts(struct jw *w, const struct ct_report *rp)
{
	const struct ct_page *p = &rp->page;

	jw_key(w, "tallies");
	jw_obj(w);
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		jw_kint(w, ct_type_name(i), p->facet_type[i]);
	jw_obj_end(w);
	jw_key(w, "sections");
	jw_obj(w);
	for (int i = 0; i < CT_SEC_COUNT; i++)
		jw_kint(w, ct_section_name(i), p->facet_section[i]);
	jw_obj_end(w);
	jw_key(w, "years");
	jw_obj(w);
	for (size_t i = 0; i < p->nyears; i++)
		jw_kint(w, p->facet_year[i].value, p->facet_year[i].count);
	jw_obj_end(w);
}

static void json_summary(struct jw *w, const struct ct_report *rp)
{
	jw_key(w, "summary");
	jw_obj(w);
	jw_kstr(w, "headline", rp->headline);
	jw_key(w, "points");
	jw_arr(w);
	for (size_t i = 0; i < rp->summary.n; i++) {
		const struct ct_summary_point *s = &rp->summary.v[i];

		jw_obj(w);
		jw_kint(w, "statement", s->statement);
		jw_kstr(w, "type", ct_type_name(s->type));
		jw_kstr(w, "section_class", ct_section_name(s->section_class));
		jw_kstr(w, "sentence", s->sentence);
		jw_key(w, "citing");
		jw_obj(w);
		jw_kstr(w, "id", s->citing_id);
		jw_kstr(w, "title", s->citing.title);
		jw_kint(w, "year", s->citing.year);
		jw_obj_end(w);
		jw_kstr(w, "link", s->link);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void json_more(struct jw *w, const struct ct_report *rp)
{
	jw_key(w, "facets");
	json_facets(w, &rp->page);
	jw_key(w, "notices");
	json_work_links(w, &rp->notices, NULL);
	jw_key(w, "concerns");
	json_work_links(w, &rp->concerns, NULL);
	json_summary(w, rp);
	jw_key(w, "references");
	jw_arr(w);
	for (size_t i = 0; i < rp->refs.n; i++)
		json_ref(w, &rp->refs.v[i]);
	jw_arr_end(w);
	jw_key(w, "related");
	jw_obj(w);
	jw_key(w, "co_cited");
	json_work_links(w, &rp->cocited, "co_citations");
	jw_key(w, "coupled");
	json_work_links(w, &rp->coupled, "shared_references");
	jw_obj_end(w);
}

int ct_report_write_json(const struct ct_report *rp, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "work");
	json_work(&w, rp);
	jw_kint(&w, "citing_publications", rp->citing);
	jw_kint(&w, "statements_total", rp->page.total);
	json_counts(&w, rp);
	jw_kint(&w, "references_count", rp->nrefs);
	json_more(&w, rp);
	jw_key(&w, "statements");
	jw_arr(&w);
	for (size_t i = 0; i < rp->page.n; i++)
		json_statement(&w, &rp->page.items[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return ct_buf_error(out);
}

int ct_report_json(struct ct_index *idx, int64_t id, struct ct_buf *out,
                   struct ct_error *err)
{
	struct ct_report *rp;
	int rc = ct_report_load(idx, id, &rp, err);

	if (!rc && ct_report_write_json(rp, out))
		rc = work_done(out, err, "report", id);
	ct_report_free(rp);
	return rc;
}

/* ---- text ------------------------------------------------------------------
 */

/* The full text's addresses, ORCIDs, keywords, funders and the abstract
 * under its section headings. */
static void text_more(struct ct_buf *b, const struct ct_report *rp)
{
	const char *abs = rp->abstract, *h, *t;
	size_t hn, tn;

	if (rp->urls.doi)
		ct_buf_printf(b, "Full text: %s\n", rp->urls.doi);
	if (rp->urls.pubmed)
		ct_buf_printf(b, "PubMed: %s\n", rp->urls.pubmed);
	if (rp->urls.pmc)
		ct_buf_printf(b, "PMC: %s\nEurope PMC: %s\n", rp->urls.pmc,
		              rp->urls.europepmc);
	for (size_t i = 0; i < rp->nauthors; i++)
		if (rp->authors[i].orcid)
			ct_buf_printf(
			    b, "ORCID %s %s: %s\n",
			    rp->authors[i].given ? rp->authors[i].given : "",
			    rp->authors[i].surname ? rp->authors[i].surname
			                           : "",
			    rp->authors[i].orcid);
	if (rp->keywords)
		ct_buf_printf(b, "Keywords: %s\n", rp->keywords);
	if (rp->funding)
		ct_buf_printf(b, "Funding: %s\n", rp->funding);
	if (abs && *abs)
		ct_buf_puts(b, "\nAbstract\n");
	while (abstract_next(&abs, &h, &hn, &t, &tn)) {
		if (h)
			ct_buf_printf(b, "  %.*s\n", (int)hn, h);
		ct_buf_printf(b, "    %.*s\n", (int)tn, t);
	}
}

static void text_record(struct ct_buf *b, const struct ct_report *rp)
{
	const struct ct_work_brief *w = &rp->work.w;

	ct_buf_printf(b, "%s\n", w->title ? w->title : "(untitled)");
	for (size_t i = 0; i < rp->nauthors; i++) {
		const struct ct_author *au = &rp->authors[i];

		ct_buf_printf(b, "%s%s%s%s", i ? ", " : "",
		              au->given ? au->given : "", au->given ? " " : "",
		              au->surname ? au->surname : "");
		for (int k = 0; k < au->naffn; k++)
			ct_buf_printf(b, "%s%d", k ? "," : " ", au->affn[k]);
	}
	if (!rp->nauthors && rp->ref_authors)
		ct_buf_puts(b, rp->ref_authors);
	ct_buf_puts(b, "\n");
	for (size_t i = 0; i < rp->naffs; i++)
		ct_buf_printf(b, "  %zu. %s\n", i + 1, rp->affs[i]);
	if (rp->journal)
		ct_buf_printf(b, "%s", rp->journal);
	if (w->year)
		ct_buf_printf(b, " (%d)", w->year);
	if (rp->volume)
		ct_buf_printf(b, " %s", rp->volume);
	if (rp->pages)
		ct_buf_printf(b, ":%s", rp->pages);
	ct_buf_printf(b, "\n%s%s%s%s%s%s\n", rp->work.id,
	              w->pmid ? "  PMID " : "", w->pmid ? w->pmid : "",
	              w->pmcid ? "  " : "", w->pmcid ? w->pmcid : "",
	              rp->indexed ? "" : "  (cited, not indexed)");
	for (size_t i = 0; i < rp->naliases; i++)
		if (rp->aliases[i].version)
			ct_buf_printf(b, "also as %s (%s version)\n",
			              rp->aliases[i].id,
			              rp->aliases[i].version);
	text_more(b, rp);
}

static void text_counts(struct ct_buf *b, const struct ct_report *rp)
{
	const struct ct_page *p = &rp->page;

	ct_buf_printf(b,
	              "\nCited by %" PRId64 " publication%s (%" PRId64
	              " citation statement%s)\n",
	              rp->citing, rp->citing == 1 ? "" : "s", p->total,
	              p->total == 1 ? "" : "s");
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		ct_buf_printf(b, "  %s %" PRId64, ct_type_name(i),
		              p->facet_type[i]);
	ct_buf_puts(b, "\n  sections:");
	for (int i = 0; i < CT_SEC_COUNT; i++)
		ct_buf_printf(b, " %s %" PRId64, ct_section_name(i),
		              p->facet_section[i]);
	ct_buf_puts(b, "\n  years:");
	for (size_t i = 0; i < p->nyears; i++)
		ct_buf_printf(b, " %s:%" PRId64, p->facet_year[i].value,
		              p->facet_year[i].count);
	ct_buf_puts(b, "\n  publication types:");
	for (size_t i = 0; i < p->npubtypes; i++)
		ct_buf_printf(b, " %s %" PRId64, p->facet_pubtype[i].value,
		              p->facet_pubtype[i].count);
	ct_buf_printf(
	    b, "\n  self-citations: %" PRId64 "\n  references: %" PRId64 "\n",
	    p->self_true, rp->nrefs);
}

static void text_links(struct ct_buf *b, const char *title,
                       const struct ct_work_links *l, const char *what)
{
	if (!l->n)
		return;
	ct_buf_printf(b, "\n%s:\n", title);
	for (size_t i = 0; i < l->n; i++) {
		const struct ct_work_ref *x = &l->v[i].work;

		if (l->v[i].kind)
			ct_buf_printf(b, "  %s: ", l->v[i].kind);
		else
			ct_buf_printf(b, "  %3" PRId64 " %s  ", l->v[i].n,
			              what);
		ct_buf_printf(b, "%s  %s (%d)\n", x->id,
		              x->w.title ? x->w.title : "(untitled)",
		              x->w.year);
	}
}

static void text_summary(struct ct_buf *b, const struct ct_report *rp)
{
	ct_buf_printf(b, "\nWhat citing papers say:\n  %s\n", rp->headline);
	for (size_t i = 0; i < rp->summary.n; i++) {
		const struct ct_summary_point *s = &rp->summary.v[i];

		ct_buf_printf(b, "  - [%s] \"%s\" (%s %d, %s)\n",
		              ct_type_name(s->type), s->sentence,
		              s->citing.title ? s->citing.title : "untitled",
		              s->citing.year, s->link);
	}
}

static void text_refs(struct ct_buf *b, const struct ct_report *rp)
{
	if (!rp->refs.n)
		return;
	ct_buf_printf(b, "\nReferences (%zu):\n", rp->refs.n);
	for (size_t i = 0; i < rp->refs.n; i++) {
		const struct ct_ref *x = &rp->refs.v[i];
		const char *id = public_id(&x->work);

		ct_buf_printf(b, "  %3" PRId64 ". %s\n", x->pos + 1,
		              x->raw ? x->raw : "(no text)");
		if (x->cited)
			ct_buf_printf(b,
			              "       %s%scited by %" PRId64
			              "; %" PRId64 " supporting, %" PRId64
			              " contrasting, %" PRId64 " mentioning\n",
			              id, *id ? "  " : "", x->citing_pubs,
			              x->tallies[0], x->tallies[1],
			              x->tallies[2]);
	}
}

int ct_report_write_text(const struct ct_report *rp, struct ct_buf *out)
{
	text_links(out, "EDITORIAL NOTICES about this work", &rp->notices,
	           NULL);
	text_record(out, rp);
	text_links(out, "This notice concerns", &rp->concerns, NULL);
	text_counts(out, rp);
	text_summary(out, rp);
	if (rp->page.n)
		ct_buf_printf(out,
		              "\nNewest statements (%zu of %" PRId64 "):\n",
		              rp->page.n, rp->page.total);
	for (size_t i = 0; i < rp->page.n; i++)
		text_statement(out, &rp->page.items[i]);
	text_refs(out, rp);
	text_links(out, "Often cited together with it", &rp->cocited,
	           "co-citations");
	text_links(out, "Works with overlapping references", &rp->coupled,
	           "shared refs");
	return ct_buf_error(out);
}

int ct_report_text(struct ct_index *idx, int64_t id, struct ct_buf *out,
                   struct ct_error *err)
{
	struct ct_report *rp;
	int rc = ct_report_load(idx, id, &rp, err);

	if (!rc && ct_report_write_text(rp, out))
		rc = work_done(out, err, "report", id);
	ct_report_free(rp);
	return rc;
}
