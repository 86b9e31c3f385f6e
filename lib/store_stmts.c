/* store_stmts.c — reads of citation statements (store_stmts.h); the
 * columns are named in store_cols.h next to the SQL they select. */
#include <string.h>

#include "mem.h"
#include "store.h"
#include "store_sql.h"
#include "store_cols.h"
#include "store_stmts.h"
#include "store_works.h"
#include "store_ops.h"

static const char *text_copy(struct arena *a, struct store_row *r, int c)
{
	const char *s = store_text(r, c);

	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* A row of STORE_STMT_COLS. */
static void stmt_read(struct arena *a, struct store_row *r,
                      struct ct_statement *s)
{
	s->id = store_int(r, STORE_ST_ID);
	store_work_brief(r, STORE_ST_CITING, a, &s->citing);
	store_work_brief(r, STORE_ST_CITED, a, &s->cited);
	s->section = text_copy(a, r, STORE_ST_SECTION);
	s->section_class = (int)store_int(r, STORE_ST_SECTION_CLASS);
	s->type = (int)store_int(r, STORE_ST_TYPE);
	s->confidence = store_double(r, STORE_ST_CONFIDENCE);
	s->self = (int)store_int(r, STORE_ST_SELF);
	s->text = text_copy(a, r, STORE_ST_TEXT);
	s->sent_start = (uint32_t)store_int(r, STORE_ST_SENT_START);
	s->sent_end = (uint32_t)store_int(r, STORE_ST_SENT_END);
	s->marker = text_copy(a, r, STORE_ST_MARKER);
	s->dups = (int)store_int(r, STORE_ST_DUPS);
	s->pubtype = text_copy(a, r, STORE_ST_PUBTYPE);
	s->journal_self = (int)store_int(r, STORE_ST_JSELF);
	s->model = text_copy(a, r, STORE_ST_MODEL);
	s->reference = text_copy(a, r, STORE_ST_REFERENCE);
	if (!s->text)
		s->text = "";
}

int sqlite_stmt_get(struct store *st, struct arena *a, int64_t id,
                    struct ct_statement *s)
{
	struct store_row *r = store_sql(st, SQL_Q_ROW);
	int rc;

	store_bind_int(r, 1, id);
	rc = store_step(r);
	if (rc == 1)
		stmt_read(a, r, s);
	store_done(r);
	return rc;
}

/* A row of STORE_CITE_COLS. */
static void cite_read(struct arena *a, struct store_row *r, struct ct_cite *c)
{
	c->statement = store_int(r, STORE_CI_ID);
	store_work_brief(r, STORE_CI_CITED, a, &c->work);
	c->reference = text_copy(a, r, STORE_CI_REFERENCE);
	c->marker = text_copy(a, r, STORE_CI_MARKER);
	c->model = text_copy(a, r, STORE_CI_MODEL);
	c->type = (int)store_int(r, STORE_CI_TYPE);
	c->confidence = store_double(r, STORE_CI_CONFIDENCE);
	c->self = store_int(r, STORE_CI_SELF) != 0;
	c->journal_self = store_int(r, STORE_CI_JSELF) != 0;
}

int sqlite_stmt_sentence(struct store *st, struct arena *a, int64_t card,
                         struct ct_cite **v, size_t *n)
{
	struct store_row *r = store_sql(st, SQL_Q_SENTENCE);
	struct ct_cite buf[STORE_SENTENCE_MAX];
	size_t k = 0;
	int rc = 0;

	*v = NULL;
	*n = 0;
	store_bind_int(r, 1, card);
	while (k < STORE_SENTENCE_MAX && (rc = store_step(r)) == 1) {
		memset(&buf[k], 0, sizeof(buf[k]));
		cite_read(a, r, &buf[k++]);
	}
	store_done(r);
	if (rc < 0)
		return rc;
	if (k && !(*v = arena_alloc(a, k * sizeof(**v))))
		return CT_ENOMEM;
	if (k)
		memcpy(*v, buf, k * sizeof(**v));
	*n = k;
	return 0;
}

int sqlite_stmt_highlights(struct store *st, const char *match, int64_t lo,
                           int64_t hi, const char *ids,
                           void (*fn)(void *arg, int64_t id, const char *text),
                           void *arg)
{
	struct store_row *r = store_sql(st, SQL_Q_SPANS);
	int rc;

	store_bind_text(r, 1, match);
	store_bind_int(r, 2, lo);
	store_bind_int(r, 3, hi);
	store_bind_text(r, 4, ids);
	while ((rc = store_step(r)) == 1)
		fn(arg, store_int(r, STORE_SP_ID),
		   store_text(r, STORE_SP_MARKED));
	store_done(r);
	return rc;
}
