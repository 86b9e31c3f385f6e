/* store_ingest.c — an article's rows into the index (see store_ingest.h). */
#include "doc.h"
#include "err.h"
#include "store.h"
#include "store_sql.h"
#include "store_ingest.h"

/* Binds an int, NULL for 0 (unknown). */
static void bind_known(struct store_row *r, int i, int64_t v)
{
	if (v)
		store_bind_int(r, i, v);
}

static int exec1(struct store *st, enum store_sql k, int64_t a)
{
	struct store_row *r = store_sql(st, k);

	store_bind_int(r, 1, a);
	return store_exec(r);
}

int store_article_clear(struct store *st, int64_t work, struct ct_error *err)
{
	static const enum store_sql steps[] = {
	    SQL_A_DEL_FTS,     SQL_A_DEL_STMTS, SQL_A_DEL_REFS,
	    SQL_W_DEL_AUTHORS, SQL_N_DELETE,    SQL_LR_DEL_CITING};
	int rc = store_fts_before_delete(st, work);

	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps) && !rc; i++)
		rc = exec1(st, steps[i], work);
	return store_fail(st, rc, err);
}

static int author_insert(struct store *st, int64_t work, size_t pos,
                         const struct doc_author *a)
{
	struct store_row *r = store_sql(st, SQL_A_AUTHOR);

	store_bind_int(r, 1, work);
	store_bind_int(r, 2, (int64_t)pos);
	store_bind_text(r, 3, a->surname);
	store_bind_text(r, 4, a->given);
	store_bind_text(r, 5, a->orcid);
	store_bind_text(r, 6, a->aff);
	return store_exec(r);
}

int store_article_meta(struct store *st, int64_t work, const struct doc_meta *m,
                       const char *source, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_A_META);
	/* ?2.. in order; ?3, the year, is an int */
	const char *v[] = {m->title,   NULL,        m->journal, m->publisher,
	                   m->volume,  m->issue,    m->pages,   m->pubtype,
	                   m->date,    m->keywords, m->funding, m->abstract,
	                   m->license, source};
	int rc;

	store_bind_int(r, 1, work);
	for (int i = 0; i < (int)(sizeof(v) / sizeof(*v)); i++)
		if (i != 1)
			store_bind_text(r, i + 2, v[i]);
	bind_known(r, 3, m->year);
	rc = store_exec(r);
	for (size_t i = 0; i < m->nauthors && !rc; i++)
		rc = author_insert(st, work, i, &m->authors[i]);
	return store_fail(st, rc, err);
}

int store_ref_insert(struct store *st, int64_t citing, size_t pos,
                     const struct doc_ref *ref, int64_t cited, int64_t *id,
                     struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_R_INSERT);
	const char *v[] = {ref->label,   ref->xml_id, ref->raw,
	                   ref->authors, ref->title,  ref->source};
	int rc;

	store_bind_int(r, 1, citing);
	store_bind_int(r, 2, (int64_t)pos);
	for (int i = 0; i < 6; i++)
		store_bind_text(r, i + 3, v[i]);
	bind_known(r, 9, ref->year);
	store_bind_text(r, 10, ref->volume);
	store_bind_text(r, 11, ref->fpage);
	store_bind_text(r, 12, ref->doi);
	store_bind_text(r, 13, ref->pmid);
	store_bind_text(r, 14, ref->pmcid);
	bind_known(r, 15, cited);
	rc = store_exec(r);
	*id = store_last_id(st);
	return store_fail(st, rc, err);
}

int store_notice_insert(struct store *st, int64_t notice, size_t pos,
                        const char *kind, const char *relation,
                        int64_t concerned, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_N_INSERT);

	store_bind_int(r, 1, notice);
	store_bind_int(r, 2, (int64_t)pos);
	store_bind_text(r, 3, kind);
	store_bind_text(r, 4, relation);
	store_bind_int(r, 5, concerned);
	return store_fail(st, store_exec(r), err);
}

/* The full-text entry of statement id: queued, or now (fts_now). */
static int statement_fts(struct store *st, const struct store_statement *s,
                         int64_t id)
{
	struct store_row *r;

	if (!s->fts_now)
		return store_fts_add(st, id, s->citing);
	r = store_sql(st, SQL_S_FTS);
	store_bind_int(r, 1, id);
	store_bind_text(r, 2, s->text);
	return store_exec(r);
}

int store_statement_insert(struct store *st, const struct store_statement *s,
                           int64_t *id, struct ct_error *err)
{
	struct store_row *r;
	int rc;

	r = store_sql(st, s->known ? SQL_S_INSERT_KNOWN : SQL_S_INSERT);
	store_bind_int(r, 1, s->citing);
	store_bind_int(r, 2, s->ref);
	/* otherwise ?3, the cited work, is read back from refs and ?17 from
	 * the citing work (SQL_S_INSERT) */
	if (s->known) {
		bind_known(r, 3, s->cited);
		store_bind_text(r, 17, s->pubtype);
	}
	store_bind_text(r, 4, s->section);
	store_bind_int(r, 5, s->section_class);
	store_bind_int(r, 6, s->type);
	store_bind_double(r, 7, s->confidence);
	store_bind_text(r, 8, s->model);
	store_bind_int(r, 9, s->self);
	bind_known(r, 10, s->year);
	store_bind_text(r, 11, s->marker);
	store_bind_text(r, 12, s->text);
	store_bind_int(r, 13, s->sent_start);
	store_bind_int(r, 14, s->sent_end);
	store_bind_int(r, 15, s->dups);
	store_bind_int(r, 16, s->ctx);
	store_bind_int(r, 18, s->sctx);
	rc = store_exec(r);
	if (rc)
		return store_fail(st, rc, err);
	*id = store_last_id(st);
	rc = statement_fts(st, s, *id);
	if (!rc && s->jself)
		rc = exec1(st, SQL_S_JSELF, *id);
	return store_fail(st, rc, err);
}

int store_work_fill_csv(struct store *st, int64_t work,
                        const struct store_csv_fill *f, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_A_FILL_META);
	int rc;

	store_bind_int(r, 1, work);
	store_bind_text(r, 2, f->title);
	bind_known(r, 3, f->year);
	store_bind_text(r, 4, f->journal);
	store_bind_text(r, 5, f->pubdate);
	store_bind_text(r, 6, f->abstract);
	store_bind_text(r, 7, f->license);
	store_bind_text(r, 8, f->authors);
	rc = store_exec(r);
	if (!rc && f->year) {
		r = store_sql(st, SQL_A_FILL_YEAR);
		store_bind_int(r, 1, work);
		store_bind_int(r, 2, f->year);
		rc = store_exec(r);
	}
	return store_fail(st, rc, err);
}
