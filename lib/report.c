/*
 * report.c — the report of one work (SPEC §4), its reference list, and the
 * integrity check.  Data is loaded once into struct report, then rendered
 * as JSON or as text for a terminal.
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
#include "report.h"
#include "store_report.h"

#define REPORT_STATEMENTS 10 /* statements shown inside a report */
#define AUTHOR_AFFS_MAX 16   /* affiliations numbered per author */

struct author_rec {
	const char *surname, *given, *orcid, *aff;
	int affn[AUTHOR_AFFS_MAX]; /* 1-based numbers into report.affs */
	int naffn;
};

struct ref_rec {
	int64_t pos, cited, citing_pubs, tallies[CT_TYPE_COUNT];
	const char *label, *raw;
	struct ct_work_brief w;
	int indexed;
};

static int refs_load(struct ct_index *idx, int64_t id, struct arena *a,
		     struct ref_rec **out, size_t *n, struct ct_error *err);
static void json_ref(struct jw *w, const struct ref_rec *x);

struct report {
	struct arena a;
	struct ct_work_brief w;
	const char *journal, *publisher, *volume, *issue, *pages, *pubtype;
	const char *date, *keywords, *funding, *abstract, *license, *ref_authors;
	int indexed;
	struct author_rec *authors;
	size_t nauthors, capauthors;
	const char **affs; /* distinct affiliations, numbered from 1 */
	size_t naffs, capaffs;
	int64_t citing, nrefs;
	/* the newest statements; its facets, unfiltered, are the tallies */
	struct ct_page page;
	struct ref_rec *refs;
	size_t nrefrecs;
	struct work_links cocited, coupled, notices, concerns;
	struct summary sum;
	/* Other identifiers: "doi:..." versions (preprint / published),
	 * "sha:", "s2:", "chinaxiv:" ids; version NULL when not a version. */
	struct alias_rec {
		const char *id, *version;
	} *aliases;
	size_t naliases, capaliases;
};

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* A brief whose strings are copied into a. */
static void brief_dup(struct arena *a, const struct ct_work_brief *from,
		      struct ct_work_brief *to)
{
	to->id = from->id;
	to->doi = dup(a, from->doi);
	to->pmid = dup(a, from->pmid);
	to->pmcid = dup(a, from->pmcid);
	to->title = dup(a, from->title);
	to->year = from->year;
}

static int work_row(void *arg, const struct store_report_work *x)
{
	struct report *rp = arg;
	struct arena *a = &rp->a;

	brief_dup(a, &x->w, &rp->w);
	rp->journal = dup(a, x->journal);
	rp->publisher = dup(a, x->publisher);
	rp->volume = dup(a, x->volume);
	rp->issue = dup(a, x->issue);
	rp->pages = dup(a, x->pages);
	rp->pubtype = dup(a, x->pubtype);
	rp->date = dup(a, x->date);
	rp->keywords = dup(a, x->keywords);
	rp->funding = dup(a, x->funding);
	rp->abstract = dup(a, x->abstract);
	rp->license = dup(a, x->license);
	rp->indexed = x->indexed;
	rp->ref_authors = dup(a, x->ref_authors);
	return 0;
}

static int author_row(void *arg, const struct store_report_author *x)
{
	struct report *rp = arg;
	struct author_rec *au = doc_push_arena(&rp->a, (void **)&rp->authors,
					       &rp->nauthors, &rp->capauthors,
					       sizeof(*au));

	if (!au)
		return CT_ENOMEM;
	memset(au, 0, sizeof(*au));
	au->surname = dup(&rp->a, x->surname);
	au->given = dup(&rp->a, x->given);
	au->orcid = dup(&rp->a, x->orcid);
	au->aff = dup(&rp->a, x->aff);
	return 0;
}

/* Numbers the affiliations in order of first appearance; an author's
 * affiliations are stored one per line. */
static int number_affs(struct report *rp)
{
	for (size_t i = 0; i < rp->nauthors; i++) {
		struct author_rec *au = &rp->authors[i];

		for (const char *p = au->aff; p && *p;) {
			size_t n = strcspn(p, "\n"), k = 0;

			while (k < rp->naffs && (strlen(rp->affs[k]) != n ||
						 strncmp(rp->affs[k], p, n)))
				k++;
			if (k == rp->naffs) {
				const char **slot = doc_push_arena(&rp->a,
					(void **)&rp->affs, &rp->naffs,
					&rp->capaffs, sizeof(*slot));

				if (!slot || !(*slot = arena_strndup(&rp->a, p, n)))
					return CT_ENOMEM;
			}
			if (au->naffn < AUTHOR_AFFS_MAX)
				au->affn[au->naffn++] = (int)k + 1;
			p += n;
			p += *p == '\n';
		}
	}
	return 0;
}

/* Everything beyond the counts: references with their own tallies,
 * related works, notices, the summary. */
static int report_load_more(struct ct_index *idx, int64_t id,
			    struct report *rp, struct ct_error *err)
{
	struct store *st = idx->st;
	int rc = refs_load(idx, id, &rp->a, &rp->refs, &rp->nrefrecs, err);

	if (!rc)
		rc = related_load(st, &rp->a, STORE_COCITED, id, &rp->cocited,
				  err);
	if (!rc)
		rc = related_load(st, &rp->a, STORE_COUPLED, id, &rp->coupled,
				  err);
	if (!rc)
		rc = notices_load(st, &rp->a, STORE_NOTICES_ABOUT, id,
				  &rp->notices, err);
	if (!rc)
		rc = notices_load(st, &rp->a, STORE_NOTICES_OF, id,
				  &rp->concerns, err);
	if (!rc)
		rc = summary_build(st, &rp->a, id, &rp->sum, err);
	return rc;
}

static int alias_row(void *arg, const struct store_report_alias *x)
{
	struct report *rp = arg;
	struct alias_rec *a = doc_push_arena(&rp->a, (void **)&rp->aliases,
					     &rp->naliases, &rp->capaliases,
					     sizeof(*a));

	if (!a)
		return CT_ENOMEM;
	a->id = dup(&rp->a, x->id);
	a->version = dup(&rp->a, x->version);
	return 0;
}

static int report_load(struct ct_index *idx, int64_t id, struct report *rp,
		       struct ct_error *err)
{
	struct store *st = idx->st;
	/* per statement: its facets are the report's tallies (SPEC §4) */
	struct ct_query q = {.cited = id, .sort = CT_SORT_NEWEST,
			     .limit = REPORT_STATEMENTS,
			     .group = CT_GROUP_STATEMENT};
	int rc;

	struct ct_error e = {0};

	memset(rp, 0, sizeof(*rp));
	arena_init(&rp->a);
	rc = store_report_work(st, id, work_row, rp, &e);
	if (!rc)
		rc = store_report_authors(st, id, author_row, rp, &e);
	if (!rc)
		rc = number_affs(rp);
	if (!rc)
		rc = report_load_more(idx, id, rp, &e);
	if (!rc)
		rc = store_report_aliases(st, id, alias_row, rp, &e);
	if (!rc)
		rc = store_report_citing(st, id, &rp->citing, &e);
	if (!rc)
		rc = store_report_nrefs(st, id, &rp->nrefs, &e);
	if (rc)
		return err_set(err, rc, "report: %s", rc == CT_ENOMEM
			       ? ct_strerror(rc) : e.msg);
	return ct_query_statements(idx, &q, &rp->page, err);
}

static void report_release(struct report *rp)
{
	ct_page_release(&rp->page);
	arena_release(&rp->a);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_authors(struct jw *w, const struct report *rp)
{
	jw_key(w, "authors");
	jw_arr(w);
	for (size_t i = 0; i < rp->nauthors; i++) {
		const struct author_rec *a = &rp->authors[i];
		struct ct_buf name = CT_BUF_INIT;

		if (a->given)
			ct_buf_printf(&name, "%s ", a->given);
		ct_buf_puts(&name, a->surname ? a->surname : "");
		jw_obj(w);
		jw_kstr(w, "name", name.ptr);
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
		ct_buf_release(&name);
	}
	/* a work known only from reference lists: "Surname GI; ..." */
	if (!rp->nauthors)
		jw_split_objs(w, "name", rp->ref_authors);
	jw_arr_end(w);
}

/* The stored abstract (record.h) as one readable string: "Background:
 * text" per section, sections on their own lines. */
static void abstract_plain(struct ct_buf *b, const char *abs)
{
	const char *h, *t;
	size_t hn, tn;

	while (abstract_next(&abs, &h, &hn, &t, &tn)) {
		if (b->len)
			ct_buf_putc(b, '\n');
		if (h)
			ct_buf_printf(b, "%.*s: ", (int)hn, h);
		ct_buf_put(b, t, tn);
	}
}

static void json_abstract(struct jw *w, const char *abs)
{
	struct ct_buf plain = CT_BUF_INIT;
	const char *h, *t;
	size_t hn, tn;

	abstract_plain(&plain, abs ? abs : "");
	jw_kstr(w, "abstract", plain.len ? plain.ptr : NULL);
	ct_buf_release(&plain);
	jw_key(w, "abstract_sections");
	jw_arr(w);
	while (abs && abstract_next(&abs, &h, &hn, &t, &tn)) {
		jw_obj(w);
		jw_key(w, "heading");
		if (h)
			jw_strn(w, h, hn);
		else
			jw_null(w);
		jw_key(w, "text");
		jw_strn(w, t, tn);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* "a; b; c" as a JSON array of its items. */
static void json_items(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_arr(w);
	while (s && *s) {
		size_t n = strcspn(s, ";");

		if (n)
			jw_strn(w, s, n);
		s += n;
		s += strspn(s, "; ");
	}
	jw_arr_end(w);
}

/* Where a person reads the work: PubMed, PubMed Central, Europe PMC and
 * the publisher through doi.org. */
static void json_links(struct jw *w, const struct ct_work_brief *b)
{
	struct ct_buf u = CT_BUF_INIT;

	jw_key(w, "links");
	jw_obj(w);
	if (b->doi && !ct_buf_printf(&u, "https://doi.org/%s", b->doi))
		jw_kstr(w, "doi", u.ptr);
	ct_buf_reset(&u);
	if (b->pmid && !ct_buf_printf(&u, "https://pubmed.ncbi.nlm.nih.gov/%s/",
				      b->pmid))
		jw_kstr(w, "pubmed", u.ptr);
	ct_buf_reset(&u);
	if (b->pmcid && !ct_buf_printf(&u, "https://www.ncbi.nlm.nih.gov/pmc/"
				       "articles/%s/", b->pmcid))
		jw_kstr(w, "pmc", u.ptr);
	ct_buf_reset(&u);
	if ((b->pmcid && !ct_buf_printf(&u, "https://europepmc.org/article/PMC/%s",
					b->pmcid)) ||
	    (!b->pmcid && b->pmid &&
	     !ct_buf_printf(&u, "https://europepmc.org/article/MED/%s", b->pmid)))
		jw_kstr(w, "europepmc", u.ptr);
	jw_obj_end(w);
	ct_buf_release(&u);
}

static void json_work(struct jw *w, const struct report *rp)
{
	const char *k[] = {"journal", "publisher", "volume", "issue", "pages",
		"pubtype", "date", "keywords", "funding", "license"};
	const char *v[] = {rp->journal, rp->publisher, rp->volume, rp->issue,
		rp->pages, rp->pubtype, rp->date, rp->keywords, rp->funding,
		rp->license};
	char id[400];

	work_id_string(&rp->w, id, sizeof(id));
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "doi", rp->w.doi);
	jw_kstr(w, "pmid", rp->w.pmid);
	jw_kstr(w, "pmcid", rp->w.pmcid);
	jw_kstr(w, "title", rp->w.title);
	jw_key(w, "year");
	if (rp->w.year)
		jw_int(w, rp->w.year);
	else
		jw_null(w);
	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++)
		jw_kstr(w, k[i], v[i]);
	json_abstract(w, rp->abstract);
	json_items(w, "keyword_list", rp->keywords);
	json_items(w, "funders", rp->funding);
	json_links(w, &rp->w);
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

static void json_counts(struct jw *w, const struct report *rp)
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

static void json_summary(struct jw *w, const struct report *rp)
{
	struct ct_buf head = CT_BUF_INIT;

	summary_headline(&head, &rp->page, rp->citing);
	jw_key(w, "summary");
	jw_obj(w);
	jw_kstr(w, "headline", head.ptr);
	jw_key(w, "points");
	jw_arr(w);
	for (size_t i = 0; i < rp->sum.n; i++) {
		const struct summary_point *s = &rp->sum.v[i];
		char id[400], url[480];

		work_id_string(&s->citing, id, sizeof(id));
		summary_link(&s->citing, url, sizeof(url));
		jw_obj(w);
		jw_kint(w, "statement", s->statement);
		jw_kstr(w, "type", ct_type_name(s->type));
		jw_kstr(w, "section_class", ct_section_name(s->section_class));
		jw_kstr(w, "sentence", s->sentence);
		jw_key(w, "citing");
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "title", s->citing.title);
		jw_kint(w, "year", s->citing.year);
		jw_obj_end(w);
		jw_kstr(w, "link", url);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	ct_buf_release(&head);
}

static void json_more(struct jw *w, const struct report *rp)
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
	for (size_t i = 0; i < rp->nrefrecs; i++)
		json_ref(w, &rp->refs[i]);
	jw_arr_end(w);
	jw_key(w, "related");
	jw_obj(w);
	jw_key(w, "co_cited");
	json_work_links(w, &rp->cocited, "co_citations");
	jw_key(w, "coupled");
	json_work_links(w, &rp->coupled, "shared_references");
	jw_obj_end(w);
}

int ct_report_json(struct ct_index *idx, int64_t id, struct ct_buf *out,
		   struct ct_error *err)
{
	struct report rp;
	struct jw w;
	int rc = report_load(idx, id, &rp, err);

	if (!rc) {
		jw_init(&w, out);
		jw_obj(&w);
		jw_key(&w, "work");
		json_work(&w, &rp);
		jw_kint(&w, "citing_publications", rp.citing);
		jw_kint(&w, "statements_total", rp.page.total);
		json_counts(&w, &rp);
		jw_kint(&w, "references_count", rp.nrefs);
		json_more(&w, &rp);
		jw_key(&w, "statements");
		jw_arr(&w);
		for (size_t i = 0; i < rp.page.n; i++)
			json_statement(&w, &rp.page.items[i]);
		jw_arr_end(&w);
		jw_obj_end(&w);
		ct_buf_putc(out, '\n');
	}
	report_release(&rp);
	return rc;
}

/* ---- text ------------------------------------------------------------------ */

/* The full text's addresses, ORCIDs, keywords, funders and the abstract
 * under its section headings. */
static void text_more(struct ct_buf *b, const struct report *rp)
{
	const char *abs = rp->abstract, *h, *t;
	size_t hn, tn;

	if (rp->w.doi)
		ct_buf_printf(b, "Full text: https://doi.org/%s\n", rp->w.doi);
	if (rp->w.pmid)
		ct_buf_printf(b, "PubMed: https://pubmed.ncbi.nlm.nih.gov/%s/\n",
			      rp->w.pmid);
	if (rp->w.pmcid)
		ct_buf_printf(b, "PMC: https://www.ncbi.nlm.nih.gov/pmc/articles/%s/"
			      "\nEurope PMC: https://europepmc.org/article/PMC/%s\n",
			      rp->w.pmcid, rp->w.pmcid);
	for (size_t i = 0; i < rp->nauthors; i++)
		if (rp->authors[i].orcid)
			ct_buf_printf(b, "ORCID %s %s: %s\n", rp->authors[i].given ?
				      rp->authors[i].given : "", rp->authors[i].surname ?
				      rp->authors[i].surname : "", rp->authors[i].orcid);
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

static void text_record(struct ct_buf *b, const struct report *rp)
{
	char id[400];

	work_id_string(&rp->w, id, sizeof(id));
	ct_buf_printf(b, "%s\n", rp->w.title ? rp->w.title : "(untitled)");
	for (size_t i = 0; i < rp->nauthors; i++) {
		const struct author_rec *au = &rp->authors[i];

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
	if (rp->w.year)
		ct_buf_printf(b, " (%d)", rp->w.year);
	if (rp->volume)
		ct_buf_printf(b, " %s", rp->volume);
	if (rp->pages)
		ct_buf_printf(b, ":%s", rp->pages);
	ct_buf_printf(b, "\n%s%s%s%s%s%s\n", id, rp->w.pmid ? "  PMID " : "",
		      rp->w.pmid ? rp->w.pmid : "", rp->w.pmcid ? "  " : "",
		      rp->w.pmcid ? rp->w.pmcid : "",
		      rp->indexed ? "" : "  (cited, not indexed)");
	for (size_t i = 0; i < rp->naliases; i++)
		if (rp->aliases[i].version)
			ct_buf_printf(b, "also as %s (%s version)\n", rp->aliases[i].id,
				      rp->aliases[i].version);
	text_more(b, rp);
}

static void text_counts(struct ct_buf *b, const struct report *rp)
{
	const struct ct_page *p = &rp->page;

	ct_buf_printf(b, "\nCited by %" PRId64 " publication%s (%" PRId64
		      " citation statement%s)\n", rp->citing,
		      rp->citing == 1 ? "" : "s", p->total,
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
	ct_buf_printf(b, "\n  self-citations: %" PRId64 "\n  references: %"
		      PRId64 "\n", p->self_true, rp->nrefs);
}

static void text_links(struct ct_buf *b, const char *title,
		       const struct work_links *l, const char *what)
{
	if (!l->n)
		return;
	ct_buf_printf(b, "\n%s:\n", title);
	for (size_t i = 0; i < l->n; i++) {
		char id[400];

		work_id_string(&l->v[i].w, id, sizeof(id));
		if (l->v[i].kind)
			ct_buf_printf(b, "  %s: ", l->v[i].kind);
		else
			ct_buf_printf(b, "  %3" PRId64 " %s  ", l->v[i].n, what);
		ct_buf_printf(b, "%s  %s (%d)\n", id, l->v[i].w.title ?
			      l->v[i].w.title : "(untitled)", l->v[i].w.year);
	}
}

static void text_summary(struct ct_buf *b, const struct report *rp)
{
	ct_buf_puts(b, "\nWhat citing papers say:\n  ");
	summary_headline(b, &rp->page, rp->citing);
	ct_buf_puts(b, "\n");
	for (size_t i = 0; i < rp->sum.n; i++) {
		const struct summary_point *s = &rp->sum.v[i];
		char url[480];

		summary_link(&s->citing, url, sizeof(url));
		ct_buf_printf(b, "  - [%s] \"%s\" (%s %d, %s)\n",
			      ct_type_name(s->type), s->sentence,
			      s->citing.title ? s->citing.title : "untitled",
			      s->citing.year, url);
	}
}

/* A work's DOI, PMID or PMCID as `report` takes it; "" for a work that
 * has none (its citectx:N is an internal number, not for people). */
static void public_id(const struct ct_work_brief *w, char *out, size_t cap)
{
	if (w->doi || w->pmid || w->pmcid)
		work_id_string(w, out, cap);
	else if (cap)
		out[0] = '\0';
}

static void text_refs(struct ct_buf *b, const struct report *rp)
{
	if (!rp->nrefrecs)
		return;
	ct_buf_printf(b, "\nReferences (%zu):\n", rp->nrefrecs);
	for (size_t i = 0; i < rp->nrefrecs; i++) {
		const struct ref_rec *x = &rp->refs[i];
		char id[400];

		public_id(&x->w, id, sizeof(id));
		ct_buf_printf(b, "  %3" PRId64 ". %s\n", x->pos + 1,
			      x->raw ? x->raw : "(no text)");
		if (x->cited)
			ct_buf_printf(b, "       %s%scited by %" PRId64 "; %" PRId64
				      " supporting, %" PRId64 " contrasting, %"
				      PRId64 " mentioning\n", id, *id ? "  " : "",
				      x->citing_pubs, x->tallies[0], x->tallies[1],
				      x->tallies[2]);
	}
}

/* Writes text[from..to) with » « around the citing sentence and ** around
 * each span the search matched. */
static void text_marked(struct ct_buf *b, const struct ct_statement *s,
			uint32_t a, uint32_t e)
{
	uint32_t len = (uint32_t)strlen(s->text), pos = 0;
	size_t m = 0;

	while (pos < len) {
		uint32_t next = len;

		if (pos == a)
			ct_buf_puts(b, "\xC2\xBB");
		if (pos == e)
			ct_buf_puts(b, "\xC2\xAB");
		if (m < s->nmatches && pos == s->matches[m].start)
			ct_buf_puts(b, "**");
		if (m < s->nmatches && pos == s->matches[m].end) {
			ct_buf_puts(b, "**");
			m++;
		}
		if (a > pos && a < next)
			next = a;
		if (e > pos && e < next)
			next = e;
		if (m < s->nmatches && s->matches[m].start > pos &&
		    s->matches[m].start < next)
			next = s->matches[m].start;
		if (m < s->nmatches && s->matches[m].end > pos &&
		    s->matches[m].end < next)
			next = s->matches[m].end;
		ct_buf_put(b, s->text + pos, next - pos);
		pos = next;
	}
	if (e == len)
		ct_buf_puts(b, "\xC2\xAB");
	if (m < s->nmatches && s->matches[m].end == len)
		ct_buf_puts(b, "**");
}

/* The citing sentence between » « inside its context. */
void text_statement(struct ct_buf *b, const struct ct_statement *s)
{
	char id[400];
	size_t len = strlen(s->text);
	uint32_t a = s->sent_start <= len ? s->sent_start : 0;
	uint32_t e = s->sent_end <= len && s->sent_end >= a ? s->sent_end : a;

	work_id_string(&s->citing, id, sizeof(id));
	ct_buf_printf(b, "\n[%s %.2f] %s (%d) %s\n  %s / %s  marker %s\n  ",
		      ct_type_name(s->type), s->confidence,
		      s->citing.title ? s->citing.title : "(untitled)",
		      s->citing.year, id, s->section ? s->section : "",
		      ct_section_name(s->section_class),
		      s->marker ? s->marker : "");
	text_marked(b, s, a, e);
	ct_buf_puts(b, "\n");
}

int ct_report_text(struct ct_index *idx, int64_t id, struct ct_buf *out,
		   struct ct_error *err)
{
	struct report rp;
	int rc = report_load(idx, id, &rp, err);

	if (!rc) {
		text_links(out, "EDITORIAL NOTICES about this work", &rp.notices,
			   NULL);
		text_record(out, &rp);
		text_links(out, "This notice concerns", &rp.concerns, NULL);
		text_counts(out, &rp);
		text_summary(out, &rp);
		if (rp.page.n)
			ct_buf_printf(out, "\nNewest statements (%zu of %" PRId64
				      "):\n", rp.page.n, rp.page.total);
		for (size_t i = 0; i < rp.page.n; i++)
			text_statement(out, &rp.page.items[i]);
		text_refs(out, &rp);
		text_links(out, "Often cited together with it", &rp.cocited,
			   "co-citations");
		text_links(out, "Works with overlapping references", &rp.coupled,
			   "shared refs");
	}
	report_release(&rp);
	return rc;
}

/* ---- references ------------------------------------------------------------ */

struct refs_acc {
	struct arena *a;
	struct ref_rec *v;
	size_t n, cap;
};

static int ref_row(void *arg, const struct store_report_ref *x)
{
	struct refs_acc *acc = arg;
	struct ref_rec *y = doc_push_arena(acc->a, (void **)&acc->v, &acc->n,
					   &acc->cap, sizeof(*y));

	if (!y)
		return CT_ENOMEM;
	memset(y, 0, sizeof(*y));
	y->pos = x->pos;
	y->label = dup(acc->a, x->label);
	y->raw = dup(acc->a, x->raw);
	y->cited = x->w.id;
	brief_dup(acc->a, &x->w, &y->w);
	y->indexed = x->indexed;
	y->citing_pubs = x->citing;
	return 0;
}

static int refs_load(struct ct_index *idx, int64_t id, struct arena *a,
		     struct ref_rec **out, size_t *n, struct ct_error *err)
{
	struct refs_acc acc = {.a = a};
	int rc = store_report_refs(idx->st, id, ref_row, &acc, err);

	for (size_t i = 0; rc == 0 && i < acc.n; i++)
		if (acc.v[i].cited)
			rc = store_report_ref_tallies(idx->st, acc.v[i].cited,
						      acc.v[i].tallies, err);
	*out = acc.v;
	*n = acc.n;
	return rc;
}

static void json_ref(struct jw *w, const struct ref_rec *x)
{
	char id[400];

	jw_obj(w);
	jw_kint(w, "position", x->pos + 1);
	jw_kstr(w, "label", x->label);
	jw_kstr(w, "text", x->raw);
	jw_key(w, "work");
	if (!x->cited) {
		jw_null(w);
	} else {
		work_id_string(&x->w, id, sizeof(id));
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "doi", x->w.doi);
		jw_kstr(w, "pmid", x->w.pmid);
		jw_kstr(w, "pmcid", x->w.pmcid);
		jw_kstr(w, "title", x->w.title);
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

static int refs_render(struct ct_index *idx, int64_t id, struct ct_buf *out,
		       struct ct_error *err, int json)
{
	struct arena a;
	struct ref_rec *v;
	size_t n;
	struct jw w;
	struct ct_error e = {0};
	int rc;

	arena_init(&a);
	rc = refs_load(idx, id, &a, &v, &n, &e);
	if (rc) {
		arena_release(&a);
		return err_set(err, rc, "refs: %s", rc == CT_ENOMEM
			       ? ct_strerror(rc) : e.msg);
	}
	jw_init(&w, out);
	if (json) {
		jw_obj(&w);
		jw_key(&w, "data");
		jw_arr(&w);
	}
	for (size_t i = 0; i < n; i++) {
		char wid[400];

		if (json) {
			json_ref(&w, &v[i]);
			continue;
		}
		public_id(&v[i].w, wid, sizeof(wid));
		ct_buf_printf(out, "%3" PRId64 ". %s\n", v[i].pos + 1,
			      v[i].raw ? v[i].raw : "(no text)");
		if (v[i].cited)
			ct_buf_printf(out, "     -> %s%scited by %" PRId64
				      "; supporting %" PRId64 ", contrasting %"
				      PRId64 ", mentioning %" PRId64 "\n", wid,
				      *wid ? "  " : "", v[i].citing_pubs,
				      v[i].tallies[0], v[i].tallies[1],
				      v[i].tallies[2]);
	}
	if (json) {
		jw_arr_end(&w);
		jw_obj_end(&w);
		ct_buf_putc(out, '\n');
	}
	arena_release(&a);
	return 0;
}

int ct_refs_json(struct ct_index *idx, int64_t id, struct ct_buf *out,
		 struct ct_error *err)
{
	return refs_render(idx, id, out, err, 1);
}

int ct_refs_text(struct ct_index *idx, int64_t id, struct ct_buf *out,
		 struct ct_error *err)
{
	return refs_render(idx, id, out, err, 0);
}

/* ---- check ------------------------------------------------------------------ */

static const char *const invariant_what[STORE_INV_COUNT] = {
	[STORE_INV_ORPHAN_STMTS] = "statements whose reference, citing or "
				   "cited work is missing or disagrees",
	[STORE_INV_BAD_OFFSETS] = "statements with bad offsets, class, type "
				  "or confidence",
	[STORE_INV_DUP_IDS] = "references linked to missing works",
	[STORE_INV_BAD_CTX] = "statements outside a run of one context (no "
			      "lead before them, or a text of their own) or "
			      "of one sentence",
};

/* The works index (migration 10): one row for each work with a title and
 * for nothing else, no work waiting for a sync after a commit.  1 when
 * it disagrees (said in report). */
static int check_works_fts(struct store *st, struct ct_buf *report)
{
	struct store_check_works_fts c;
	struct ct_error e = {0};

	if (store_check_works_fts(st, &c, &e)) {
		ct_buf_printf(report, "works index: %s\n", e.msg);
		return 1;
	}
	if (c.titled == c.texts && !c.orphans && !c.dirty && c.rows == c.texts)
		return 0;
	ct_buf_printf(report, "works index holds %" PRId64 " rows (%" PRId64
		      " indexed) for %" PRId64 " works with a title (%" PRId64
		      " of no such work, %" PRId64 " works not synced)\n",
		      c.texts, c.rows, c.titled, c.orphans, c.dirty);
	return 1;
}

/* The statements' invariants and their full-text index; 1 when one is
 * broken (said in report).  A statement that fails says so too. */
static int check_statements(struct store *st, struct ct_buf *report)
{
	struct store_check_fts f;
	struct ct_error e = {0};
	int bad = 0;

	for (int i = 0; i < STORE_INV_COUNT; i++) {
		int64_t n = 0;

		if (store_check_invariant(st, (enum store_invariant)i, &n, &e)) {
			ct_buf_printf(report, "%s: %s\n", invariant_what[i], e.msg);
			bad = 1;
		} else if (n) {
			ct_buf_printf(report, "%" PRId64 " %s\n", n,
				      invariant_what[i]);
			bad = 1;
		}
	}
	if (store_check_fts(st, &f, &e)) {
		ct_buf_printf(report, "full-text index: %s\n", e.msg);
		bad = 1;
	} else if (f.texts != f.rows) {
		ct_buf_printf(report, "full-text index holds %" PRId64 " rows for %"
			      PRId64 " statement contexts\n", f.rows, f.texts);
		bad = 1;
	}
	return bad;
}

int ct_check(struct ct_index *idx, struct ct_buf *report, struct ct_error *err)
{
	int bad = store_integrity(idx->st, report) != 0;

	bad |= check_statements(idx->st, report);
	bad |= check_works_fts(idx->st, report);
	if (bad)
		return err_set(err, CT_ECORRUPT, "%s: integrity check failed",
			       idx->path);
	return 0;
}

/* ---- most-cited works -------------------------------------------------------- */

struct top_out {
	struct ct_buf *out;
	struct jw w;
	int json;
};

static int top_row(void *arg, const struct store_report_top *x)
{
	struct top_out *t = arg;
	char id[400];

	work_id_string(&x->w, id, sizeof(id));
	if (!t->json) {
		ct_buf_printf(t->out, "%5" PRId64 " citing, %5" PRId64
			      " statements  %s  %s (%d)\n", x->citing,
			      x->statements, id, x->w.title ? x->w.title : "",
			      x->w.year);
		return 0;
	}
	jw_obj(&t->w);
	jw_kstr(&t->w, "id", id);
	jw_kstr(&t->w, "doi", x->w.doi);
	jw_kstr(&t->w, "title", x->w.title);
	jw_kint(&t->w, "year", x->w.year);
	jw_kint(&t->w, "citing_publications", x->citing);
	jw_kint(&t->w, "statements_total", x->statements);
	jw_obj_end(&t->w);
	return 0;
}

static int top_render(struct ct_index *idx, int n, struct ct_buf *out,
		      struct ct_error *err, int json)
{
	struct top_out t = {.out = out, .json = json};
	struct ct_error e = {0};
	int rc;

	jw_init(&t.w, out);
	if (json) {
		jw_obj(&t.w);
		jw_key(&t.w, "data");
		jw_arr(&t.w);
	}
	rc = store_report_top(idx->st, n, top_row, &t, &e);
	if (json) {
		jw_arr_end(&t.w);
		jw_obj_end(&t.w);
		ct_buf_putc(out, '\n');
	}
	return rc < 0 ? err_set(err, CT_EDB, "top: %s", e.msg) : 0;
}

int ct_top_json(struct ct_index *idx, int n, struct ct_buf *out,
		struct ct_error *err)
{
	return top_render(idx, n, out, err, 1);
}

int ct_top_text(struct ct_index *idx, int n, struct ct_buf *out,
		struct ct_error *err)
{
	return top_render(idx, n, out, err, 0);
}
