/* store_walk.c — statements read back and relabelled (see store_walk.h). */
#include <string.h>

#include "err.h"
#include "store.h"
#include "store_sql.h"
#include "store_ingest_cols.h"
#include "store_walk.h"

#define E_(n, c) SC_##n,
enum { STORE_S_CLASSIFY_COLS(E_, E_) };
#undef E_
#define E_(n, c) SV_##n,
enum { STORE_S_SILVER_COLS(E_, E_) };
#undef E_
#define E_(n, c) SY_##n,
enum { STORE_SY_SOURCE_COLS(E_, E_) };
#undef E_
#define E_(n, c) SI_##n,
enum { STORE_SY_ID_COLS(E_, E_) };
#undef E_
#define E_(n, c) SW_##n,
enum { STORE_SY_WORK_COLS(E_, E_) };
#undef E_

static void input_read(struct store_row *r, struct store_stmt_input *s)
{
	s->id = store_int(r, SC_ID);
	s->text = store_text(r, SC_TEXT);
	s->sent_start = store_int(r, SC_SENT_START);
	s->sent_end = store_int(r, SC_SENT_END);
	s->marker = store_text(r, SC_MARKER);
	s->section_class = (int)store_int(r, SC_SECTION_CLASS);
}

int store_stmts_to_classify(struct store *st, int64_t after, int limit,
                            int (*fn)(void *arg,
                                      const struct store_stmt_input *s),
                            void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_S_TO_CLASSIFY);
	struct store_stmt_input s;

	store_bind_int(r, 1, after);
	store_bind_int(r, 2, limit);
	STORE_WALK_ROWS(st, r, s, input_read, fn, arg, err);
}

int store_stmt_set_type(struct store *st, int64_t id, int type,
                        double confidence, const char *model,
                        struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_S_SET_TYPE);

	store_bind_int(r, 1, id);
	store_bind_int(r, 2, type);
	store_bind_double(r, 3, confidence);
	store_bind_text(r, 4, model);
	return store_fail(st, store_exec(r), err);
}

static void silver_read(struct store_row *r, struct ct_silver_stmt *s)
{
	memset(s, 0, sizeof(*s));
	s->id = store_int(r, SV_ID);
	s->pmcid = store_text(r, SV_PMCID);
	s->marker = store_text(r, SV_MARKER);
	s->section = store_text(r, SV_SECTION);
	s->section_class = (int)store_int(r, SV_SECTION_CLASS);
	s->text = store_text(r, SV_TEXT);
	s->sent_start = (size_t)store_int(r, SV_SENT_START);
	s->sent_end = (size_t)store_int(r, SV_SENT_END);
	s->type = (int)store_int(r, SV_TYPE);
	s->confidence = store_double(r, SV_CONFIDENCE);
}

int store_stmts_silver(struct store *st, int64_t after, int limit,
                       int (*fn)(void *arg, const struct ct_silver_stmt *s),
                       void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_S_SILVER_POOL);
	struct ct_silver_stmt s;

	store_bind_int(r, 1, after);
	store_bind_int(r, 2, limit);
	STORE_WALK_ROWS(st, r, s, silver_read, fn, arg, err);
}

int store_ids_walk(struct store *st, enum store_ids which,
                   int (*fn)(void *arg, int64_t id), void *arg,
                   struct ct_error *err)
{
	int statements = which == STORE_IDS_STATEMENTS;
	struct store_row *r =
	    store_sql(st, statements ? SQL_SY_SOURCES : SQL_SY_BY_POPULARITY);
	int rc = 0, got = 0;

	while (!got && (rc = store_step(r)) == 1)
		got = fn(arg, store_int(r, statements ? SI_ID : SW_ID));
	store_done(r);
	return got ? got : store_fail(st, rc < 0 ? rc : 0, err);
}

static void source_read(struct store_row *r, struct store_statement *s)
{
	memset(s, 0, sizeof(*s));
	s->section = store_text(r, SY_SECTION);
	s->section_class = (int)store_int(r, SY_SECTION_CLASS);
	s->type = (int)store_int(r, SY_TYPE);
	s->confidence = store_double(r, SY_CONFIDENCE);
	s->self = (int)store_int(r, SY_SELF);
	s->marker = store_text(r, SY_MARKER);
	s->text = store_text(r, SY_TEXT);
	s->sent_start = store_int(r, SY_SENT_START);
	s->sent_end = store_int(r, SY_SENT_END);
	s->dups = (int)store_int(r, SY_DUPS);
}

int store_stmt_source(struct store *st, int64_t id,
                      int (*fn)(void *arg, const struct store_statement *s),
                      void *arg, struct ct_error *err)
{
	struct store_row *r = store_sql(st, SQL_SY_SOURCE);
	struct store_statement s;

	store_bind_int(r, 1, id);
	STORE_WALK_ROWS(st, r, s, source_read, fn, arg, err);
}
