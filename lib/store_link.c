/* store_link.c — linking's verbs on the index (see store_link.h). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store.h"
#include "store_sql.h"
#include "store_ingest_cols.h"
#include "store_link.h"
#include "store_stage.h"
#include "store_ops.h"
#include "store_works.h"

#define E_(n, c) WID_##n,
enum { STORE_WORK_ID_COLS(E_, E_) };
#undef E_
#define E_(n, c) AL_##n,
enum { STORE_ALIAS_WORK_COLS(E_, E_) };
#undef E_
#define E_(n, c) WI_##n,
enum { STORE_W_IDS_COLS(E_, E_) };
#undef E_
#define E_(n, c) LC_##n,
enum { STORE_LR_CAND_COLS(E_, E_) };
#undef E_
#define E_(n, c) LK_##n,
enum { STORE_LR_KEY_COLS(E_, E_) };
#undef E_
#define E_(n, c) LM_##n,
enum { STORE_LR_MAX_COLS(E_, E_) };
#undef E_
#define E_(n, c) LR_##n,
enum { STORE_LE_REF_COLS(E_, E_) };
#undef E_
#define E_(n, c) LN_##n,
enum { STORE_LE_COUNT_COLS(E_, E_) };
#undef E_

static int exec_ii(struct store *st, enum store_sql k, int64_t a, int64_t b)
{
	struct store_row *r = store_sql(st, k);

	store_bind_int(r, 1, a);
	store_bind_int(r, 2, b);
	return store_exec(r);
}

/* Binds an int, NULL for 0 (unknown). */
static void bind_known(struct store_row *r, int i, int64_t v)
{
	if (v)
		store_bind_int(r, i, v);
}

/* The one integer a row of k with text parameter v holds (col), 0 when
 * no row. */
static int one_int(struct store *st, enum store_sql k, const char *v, int col,
                   int64_t *out)
{
	struct store_row *r = store_sql(st, k);
	int rc;

	*out = 0;
	store_bind_text(r, 1, v);
	rc = store_step(r);
	if (rc == 1)
		*out = store_int(r, col);
	store_done(r);
	return rc < 0 ? rc : 0;
}

int store_link_find(struct store *st, enum store_link_key k, const char *v,
                    int64_t *id, struct ct_error *err)
{
	static const enum store_sql by[] = {
	    [STORE_LINK_DOI] = SQL_W_BY_DOI,
	    [STORE_LINK_PMID] = SQL_W_BY_PMID,
	    [STORE_LINK_PMCID] = SQL_W_BY_PMCID,
	    [STORE_LINK_FP] = SQL_W_BY_FP,
	    [STORE_LINK_ALIAS] = SQL_AL_GET,
	};

	*id = 0;
	if (!v)
		return 0;
	return store_fail(
	    st,
	    one_int(st, by[k], v, k == STORE_LINK_ALIAS ? AL_WORK : WID_ID, id),
	    err);
}

/* f's six fields as parameters at..at + 5 (SQL_W_INSERT_FILLED, SQL_W_FILL) */
static void bind_fill(struct store_row *r, int at,
                      const struct store_work_fill *f)
{
	store_bind_text(r, at, f->title);
	bind_known(r, at + 1, f->year);
	store_bind_text(r, at + 2, f->journal);
	store_bind_text(r, at + 3, f->volume);
	store_bind_text(r, at + 4, f->pages);
	store_bind_text(r, at + 5, f->authors);
}

int store_work_create(struct store *st, const struct store_work_ids *ids,
                      const struct store_work_fill *f, int64_t *work,
                      struct ct_error *err)
{
	struct store_row *r =
	    store_sql(st, f ? SQL_W_INSERT_FILLED : SQL_W_INSERT);
	int rc;

	store_bind_text(r, 1, ids->doi);
	store_bind_text(r, 2, ids->pmid);
	store_bind_text(r, 3, ids->pmcid);
	store_bind_text(r, 4, ids->fp);
	if (f)
		bind_fill(r, 5, f);
	rc = store_exec(r);
	*work = rc ? 0 : store_last_id(st);
	return store_fail(st, rc, err);
}

int store_work_add_ids(struct store *st, int64_t work,
                       const struct store_work_ids *ids, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_W_ADD_IDS);

	store_bind_int(r, 1, work);
	store_bind_text(r, 2, ids->doi);
	store_bind_text(r, 3, ids->pmid);
	store_bind_text(r, 4, ids->pmcid);
	store_bind_text(r, 5, ids->fp);
	return store_fail(st, store_exec(r), err);
}

int store_work_fill(struct store *st, int64_t work,
                    const struct store_work_fill *f, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_W_FILL);

	store_bind_int(r, 1, work);
	bind_fill(r, 2, f);
	return store_fail(st, store_exec(r), err);
}

/* Identifier strings of a work, copied (the row is reset before they are
 * written to keep). */
struct work_ids {
	char *v[4]; /* doi, pmid, pmcid, fp */
	int indexed;
};

static void work_ids_release(struct work_ids *w)
{
	for (int i = 0; i < 4; i++)
		free(w->v[i]);
}

static int work_ids_get(struct store *st, int64_t id, struct work_ids *w)
{
	static const int col[4] = {WI_DOI, WI_PMID, WI_PMCID, WI_FP};
	struct store_row *r = store_sql(st, SQL_W_IDS);
	int rc;

	memset(w, 0, sizeof(*w));
	store_bind_int(r, 1, id);
	rc = store_step(r);
	for (int i = 0; i < 4 && rc == 1; i++) {
		const char *s = store_text(r, col[i]);

		w->v[i] = s ? strdup(s) : NULL;
	}
	if (rc == 1)
		w->indexed = (int)store_int(r, WI_INDEXED);
	store_done(r);
	return rc == 1 ? 0 : CT_EDB;
}

/* The steps of a merge that move gone's rows to keep (?1 keep, ?2 gone) */
static const enum store_sql merge_steps[] = {
    SQL_W_MERGE_META,
    SQL_W_MOVE_REFS,
    SQL_W_MOVE_STMTS,
    SQL_W_MOVE_REFS_CITING,
    SQL_W_MOVE_STMTS_CITING,
    SQL_W_MOVE_AUTHORS,
    SQL_W_MOVE_NOTICES,
    SQL_W_MOVE_NOTICES_CONCERNED,
    SQL_AL_MOVE,
    SQL_LR_MOVE,
    SQL_LR_MOVE_CITING,
    SQL_RT_MOVE,
    SQL_RT_DROP,
    SQL_FO_MOVE,
    SQL_FO_DROP,
};

int store_work_merge(struct store *st, int64_t keep, int64_t gone,
                     struct ct_error *err)
{
	struct work_ids g;
	int rc;

	store_count_merge(st);
	rc = work_ids_get(st, gone, &g);
	if (!rc)
		rc = exec_ii(st, SQL_W_CLEAR_IDS, gone, 0);
	for (size_t i = 0;
	     !rc && i < sizeof(merge_steps) / sizeof(*merge_steps); i++)
		rc = exec_ii(st, merge_steps[i], keep, gone);
	if (!rc) {
		struct store_work_ids ids = {g.v[0], g.v[1], g.v[2], g.v[3]};

		rc = store_work_add_ids(st, keep, &ids, NULL);
	}
	if (!rc)
		rc = exec_ii(st, SQL_W_DEL_AUTHORS, gone, 0);
	if (!rc)
		rc = exec_ii(st, SQL_W_DELETE, gone, 0);
	if (!rc)
		rc = store_stage_merged(st, keep, gone);
	work_ids_release(&g);
	return store_fail(st, rc, err);
}

int store_alias_put(struct store *st, const char *xid, int64_t work,
                    const char *version, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_AL_PUT);

	store_bind_text(r, 1, xid);
	store_bind_int(r, 2, work);
	store_bind_text(r, 3, version);
	return store_fail(st, store_exec(r), err);
}

/* ---- linking records ----------------------------------------------------- */

static void bind_key(struct store_row *r, int i, const char *v)
{
	store_bind_text(r, i, v && *v ? v : NULL);
}

int store_linkrec_insert(struct store *st, int64_t work, int64_t ref,
                         int64_t citing, const struct store_linkrec *rec,
                         struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LR_INSERT);

	store_bind_int(r, 1, work);
	bind_known(r, 2, ref);
	store_bind_int(r, 3, citing);
	bind_key(r, 4, rec->title);
	bind_key(r, 5, rec->surname);
	bind_known(r, 6, rec->year);
	bind_key(r, 7, rec->volume);
	bind_key(r, 8, rec->fpage);
	bind_key(r, 10, rec->tkey);
	bind_key(r, 11, rec->akey);
	bind_key(r, 12, rec->pkey);
	return store_fail(st, store_exec(r), err);
}

static void cand_read(struct store_row *r, struct store_linkrec_cand *c)
{
	c->id = store_int(r, LC_ID);
	c->work = store_int(r, LC_WORK);
	c->ref = store_int(r, LC_REF);
	c->title = store_text(r, LC_TITLE);
	c->surname = store_text(r, LC_SURNAME);
	c->volume = store_text(r, LC_VOLUME);
	c->fpage = store_text(r, LC_FPAGE);
	c->doi = store_text(r, LC_DOI);
	c->pmid = store_text(r, LC_PMID);
	c->pmcid = store_text(r, LC_PMCID);
	c->year = (int)store_int(r, LC_YEAR);
	c->indexed = (int)store_int(r, LC_INDEXED);
}

int sqlite_linkrec_cands(struct store *st, const struct store_linkrec_blocks *b,
                         int (*fn)(void *arg,
                                   const struct store_linkrec_cand *c),
                         void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LR_CANDS);
	struct store_linkrec_cand c;

	/* ?1 title + year known, ?5 title + year unknown, ?2 author + year,
	 * ?3 volume + page (schema.c): a key bound NULL reads nothing */
	if (b->tkey && b->year) {
		bind_key(r, 1, b->tkey);
		store_bind_int(r, 4, b->year);
	} else if (b->tkey) {
		bind_key(r, 5, b->tkey);
	}
	if (b->akey)
		bind_key(r, 2, b->akey);
	if (b->pkey)
		bind_key(r, 3, b->pkey);
	STORE_WALK_ROWS(st, r, c, cand_read, fn, arg, err);
}

static void keys_read(struct store_row *r, struct store_linkrec *k)
{
	memset(k, 0, sizeof(*k));
	k->tkey = store_text(r, LK_TKEY);
	k->akey = store_text(r, LK_AKEY);
	k->pkey = store_text(r, LK_PKEY);
}

int sqlite_linkrec_keys(struct store *st,
                        int (*fn)(void *arg, const struct store_linkrec *k),
                        void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LR_KEYS);
	struct store_linkrec k;

	STORE_WALK_ROWS(st, r, k, keys_read, fn, arg, err);
}

int sqlite_linkrec_max(struct store *st, int64_t *n, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LR_MAXID);
	int rc = store_step(r);

	if (rc == 1)
		*n = store_int(r, LM_MAX);
	store_done(r);
	return store_fail(st, rc < 0 ? rc : 0, err);
}

/* ---- linkeval --------------------------------------------------------------
 */

static void ref_ids_read(struct store_row *r, struct store_ref_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->id = store_int(r, LR_ID);
	f->citing = store_int(r, LR_CITING);
	f->cited = store_int(r, LR_CITED);
}

static void ref_read(struct store_row *r, struct store_ref_fields *f)
{
	ref_ids_read(r, f);
	f->title = store_text(r, LR_TITLE);
	f->authors = store_text(r, LR_AUTHORS);
	f->year = (int)store_int(r, LR_YEAR);
	f->volume = store_text(r, LR_VOLUME);
	f->fpage = store_text(r, LR_FPAGE);
	f->source = store_text(r, LR_SOURCE);
	f->doi = store_text(r, LR_DOI);
	f->pmid = store_text(r, LR_PMID);
	f->raw = store_text(r, LR_RAW);
}

int sqlite_linkeval_refs(struct store *st,
                         int (*fn)(void *arg, const struct store_ref_fields *r),
                         void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LE_REFS);
	struct store_ref_fields f;

	STORE_WALK_ROWS(st, r, f, ref_ids_read, fn, arg, err);
}

int sqlite_ref_fields(struct store *st, int64_t id,
                      int (*fn)(void *arg, const struct store_ref_fields *r),
                      void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LE_REF);
	struct store_ref_fields f;

	store_bind_int(r, 1, id);
	STORE_WALK_ROWS(st, r, f, ref_read, fn, arg, err);
}

int sqlite_work_mentions(struct store *st, int64_t work, int64_t *n,
                         struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LE_MENTIONS);
	int rc;

	*n = 0;
	store_bind_int(r, 1, work);
	rc = store_step(r);
	if (rc == 1)
		*n = store_int(r, LN_N);
	store_done(r);
	return store_fail(st, rc < 0 ? rc : 0, err);
}

static void brief_read(struct store_row *r, struct ct_work_brief *w)
{
	store_work_brief(r, STORE_WB_ID, NULL, w);
}

int sqlite_work_brief_of(struct store *st, int64_t id,
                         int (*fn)(void *arg, const struct ct_work_brief *w),
                         void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_LE_WORK);
	struct ct_work_brief w;

	store_bind_int(r, 1, id);
	STORE_WALK_ROWS(st, r, w, brief_read, fn, arg, err);
}
