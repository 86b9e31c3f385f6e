/* article.c — one article into the index (see article.h). */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "err.h"
#include "link.h"
#include "norm.h"
#include "store_ingest.h"

static int ref_link(struct store *st, const struct doc_ref *ref,
                    const struct article_ref_prep *rp, int64_t *cited)
{
	struct store_work_fill fill = {ref->title, ref->source,  ref->volume,
	                               ref->fpage, ref->authors, ref->year};
	struct link_ids ids = {
	    ref->doi, ref->pmid, ref->pmcid, *rp->fp ? rp->fp : NULL,
	    NULL,     &rp->key,  0,          &fill};

	return link_work(st, &ids, cited);
}

static int section_class(const struct doc *d, const struct stmt *x)
{
	return d->secs[d->paras[x->para].section].cls;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The classifier's input is the context, the citing sentence's place in
 * it, the marker and the section: the statements of "[3-6]" share all
 * four (a third of the corpus's statements repeat the one before). */
static int same_input(const struct doc *d, const struct stmt *a,
                      const struct stmt *b)
{
	return a->sent_start == b->sent_start && a->sent_end == b->sent_end &&
	       section_class(d, a) == section_class(d, b) &&
	       same_str(a->marker, b->marker) && same_str(a->text, b->text);
}

void article_classify(const struct doc *d, const struct stmts *s,
                      const struct ct_model *model, struct ct_label *labels)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct stmt *x = &s->v[i];

		if (i > 0 && same_input(d, x, &s->v[i - 1]))
			labels[i] = labels[i - 1];
		else
			ct_classify(model, x->text, x->sent_start, x->sent_end,
			            x->marker, section_class(d, x), &labels[i]);
	}
}

/* The k-th statement after its run's lead (0: a lead), the run being the
 * consecutive statements with the same context text, at most 64 (the
 * full-text index holds a run's text once, schema.c migration 8). */
static int stmt_ctx(const struct stmts *s, size_t i, int prev)
{
	return i > 0 && prev < 63 && !strcmp(s->v[i].text, s->v[i - 1].text)
	           ? prev + 1
	           : 0;
}

/* The k-th statement after the first of its citing sentence (0: a first
 * one): a sentence's statements are consecutive inside their run, which
 * may hold two sentences (schema.c migration 14). */
static int stmt_sctx(const struct stmts *s, size_t i, int ctx, int prev)
{
	return ctx > 0 && s->v[i].sent_start == s->v[i - 1].sent_start
	           ? prev + 1
	           : 0;
}

/* known: cited is the reference's cited work and d's type is the citing
 * work's (no merge since the article's record); otherwise the index reads
 * both. */
static int stmt_insert(struct store *st, int64_t w, const struct doc *d,
                       const struct stmt *s, int ctx, int sctx, int64_t ref_id,
                       int64_t cited, int known, int jself,
                       const struct ct_model *model,
                       const struct ct_label *label)
{
	static const struct ct_label none = {
	    CT_TYPE_UNCLASSIFIED, 0, {0, 0, 0}};
	const struct doc_section *sec = &d->secs[d->paras[s->para].section];
	const struct ct_label l = model && label ? *label : none;
	const struct store_statement row = {
	    .citing = w,
	    .ref = ref_id,
	    .known = known,
	    .cited = cited,
	    .pubtype = d->meta.pubtype,
	    .section = sec->heading ? sec->heading : "",
	    .section_class = sec->cls,
	    .type = l.type,
	    .confidence = l.confidence,
	    .model =
	        l.type != CT_TYPE_UNCLASSIFIED ? ct_model_name(model) : NULL,
	    .self = s->self,
	    .year = d->meta.year,
	    .marker = s->marker,
	    /* a run's text is stored on its lead only (schema.c
	     * migration 9) */
	    .text = ctx ? "" : s->text,
	    .sent_start = s->sent_start,
	    .sent_end = s->sent_end,
	    .dups = s->dups,
	    .ctx = ctx,
	    .sctx = sctx,
	    .jself = jself,
	};
	int64_t id;

	return store_statement_insert(st, &row, &id, NULL);
}

static int article_refs(struct store *st, int64_t w, const struct doc *d,
                        const struct stmts *s, const struct article_prep *p,
                        uint64_t merges, const struct ct_model *model,
                        const struct ct_label *labels)
{
	int64_t *ids = calloc(d->nrefs + 1, 2 * sizeof(int64_t));
	int rc = ids ? 0 : CT_ENOMEM, ctx = 0, sctx = 0, known;

	for (size_t i = 0; i < d->nrefs && !rc; i++) {
		const struct article_ref_prep *rp = &p->refs[i];

		rc = ref_link(st, &d->refs[i], rp, &ids[2 * i + 1]);
		if (!rc)
			rc =
			    store_ref_insert(st, w, i, &d->refs[i],
			                     ids[2 * i + 1], &ids[2 * i], NULL);
		if (!rc)
			rc = match_record(st, ids[2 * i + 1], ids[2 * i], w,
			                  &rp->key);
	}
	/* no merge since the article's record was written: the ids linking
	 * returned are the ones in refs, and its type is d's */
	known = store_merges(st) == merges;
	for (size_t i = 0; i < s->n && !rc; i++) {
		const struct stmt *x = &s->v[i];

		ctx = stmt_ctx(s, i, ctx);
		sctx = stmt_sctx(s, i, ctx, sctx);
		rc = stmt_insert(st, w, d, x, ctx, sctx, ids[2 * x->ref],
		                 ids[2 * x->ref + 1], known,
		                 p->refs[x->ref].jself, model,
		                 labels ? &labels[i] : NULL);
	}
	free(ids);
	return rc;
}

/* The article's own record: its first author as "Surname", its first
 * page from "189-198". */
static void article_key(const struct doc_meta *m, struct match_key *k)
{
	struct match_in in = {m->title,
	                      m->nauthors ? m->authors[0].surname : NULL,
	                      m->volume, m->pages, m->year};

	match_key_make(&in, k);
}

int article_prepare(const struct doc *d, struct article_prep *p)
{
	const struct doc_meta *m = &d->meta;

	p->refs = calloc(d->nrefs + 1, sizeof(*p->refs));
	if (!p->refs)
		return CT_ENOMEM;
	link_fingerprint(m->title, m->year, p->fp, sizeof(p->fp));
	article_key(m, &p->key);
	for (size_t i = 0; i < d->nrefs; i++) {
		const struct doc_ref *ref = &d->refs[i];
		struct article_ref_prep *rp = &p->refs[i];
		struct match_in in = {ref->title, ref->authors, ref->volume,
		                      ref->fpage, ref->year};

		match_key_make(&in, &rp->key);
		link_fingerprint(ref->title, ref->year, rp->fp, sizeof(rp->fp));
		/* a journal self-citation: the reference appeared where the
		 * citing article appears */
		rp->jself = m->journal && ref->source &&
		            norm_journal_same(m->journal, ref->source);
	}
	return 0;
}

void article_prep_release(struct article_prep *p)
{
	free(p->refs);
	p->refs = NULL;
}

/* The notices this article is, each linked to the work it concerns (a
 * work "cited, not indexed" until that article is ingested). */
static int article_notices(struct store *st, int64_t w,
                           const struct doc_meta *m)
{
	int rc = 0;

	for (size_t i = 0; i < m->nnotices && !rc; i++) {
		const struct doc_notice *n = &m->notices[i];
		struct link_ids ids = {n->doi, n->pmid, n->pmcid, NULL,
		                       NULL,   NULL,    0,        NULL};
		int64_t concerned = 0;

		rc = link_work(st, &ids, &concerned);
		if (!rc && concerned && concerned != w)
			rc = store_notice_insert(st, w, i, n->kind, n->relation,
			                         concerned, NULL);
	}
	return rc;
}

int article_store(struct store *st, struct doc *d, const struct stmts *s,
                  const struct article_prep *prep, const char *source,
                  const struct ct_model *model, const struct ct_label *labels,
                  struct article_counts *cnt, struct ct_error *err)
{
	const struct doc_meta *m = &d->meta;
	struct article_prep own = {0};
	struct link_ids ids = {m->doi, m->pmid, m->pmcid, NULL,
	                       m->xid, NULL,    1,        NULL};
	int64_t w = 0;
	uint64_t merges;
	int rc;

	if (!prep) {
		if (article_prepare(d, &own)) {
			article_prep_release(&own);
			return err_set(err, CT_ENOMEM, "%s: out of memory",
			               d->name);
		}
		prep = &own;
	}
	ids.fp = *prep->fp ? prep->fp : NULL;
	ids.key = &prep->key;
	if (!m->doi && !m->pmid && !m->pmcid && !ids.fp && !m->xid) {
		article_prep_release(&own);
		return err_set(err, CT_EPARSE,
		               "%s: article has no DOI, PMID, "
		               "PMCID or title to identify it",
		               d->name);
	}
	rc = link_work(st, &ids, &w);
	if (!rc)
		rc = store_article_clear(st, w, NULL);
	if (!rc)
		rc = store_article_meta(st, w, m, source, NULL);
	merges = store_merges(st);
	if (!rc)
		rc = match_record(st, w, 0, w, &prep->key);
	if (!rc)
		rc = article_notices(st, w, m);
	if (!rc)
		rc = article_refs(st, w, d, s, prep, merges, model, labels);
	if (!rc) {
		cnt->references += d->nrefs;
		cnt->statements += s->n;
	} else {
		err_set(err, CT_EDB, "%s: storing the article: %s", d->name,
		        store_errmsg(st));
	}
	article_prep_release(&own);
	return rc;
}
