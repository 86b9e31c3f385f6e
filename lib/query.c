/*
 * query.c — the statements of a work or of a search, with facets and
 * cursor pagination (no cap: keyset cursors for every stable sort).
 */
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

static const char *const sec_names[CT_SEC_COUNT] = {
	"introduction", "methods", "results", "discussion", "other"};
static const char *const type_names[CT_TYPE_COUNT] = {
	"supporting", "contrasting", "mentioning", "unclassified"};

const char *ct_section_name(int s)
{
	return s >= 0 && s < CT_SEC_COUNT ? sec_names[s] : "other";
}

const char *ct_type_name(int t)
{
	return t >= 0 && t < CT_TYPE_COUNT ? type_names[t] : "unclassified";
}

int ct_section_parse(const char *s)
{
	for (int i = 0; i < CT_SEC_COUNT; i++)
		if (!strcmp(s, sec_names[i]))
			return i;
	return -1;
}

int ct_self_parse(const char *s)
{
	if (!strcmp(s, "only"))
		return CT_SELF_ONLY;
	if (!strcmp(s, "exclude"))
		return CT_SELF_EXCLUDE;
	return -1;
}

int ct_type_parse(const char *s)
{
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		if (!strcmp(s, type_names[i]))
			return i;
	return -1;
}

/* ---- cursors: "<kind><key>_<id>", opaque to users ---------------------- */

static int cursor_parse(const char *s, struct store_cursor *c)
{
	char *end;

	memset(c, 0, sizeof(*c));
	if (!s || !*s)
		return 0;
	c->kind = s[0];
	switch (c->kind) {
	case 'o':
		c->off = strtoll(s + 1, &end, 10);
		return *end || c->off < 0 ? CT_EUSAGE : 0;
	case 'i':
		c->id = strtoll(s + 1, &end, 10);
		return *end ? CT_EUSAGE : 0;
	case 'n':
	case 'd':
		c->year = strtoll(s + 1, &end, 10);
		break;
	case 'c':
		c->conf = strtod(s + 1, &end);
		break;
	default:
		return CT_EUSAGE;
	}
	if (*end != '_')
		return CT_EUSAGE;
	c->id = strtoll(end + 1, &end, 10);
	return *end ? CT_EUSAGE : 0;
}

static int cursor_kind(const struct ct_query *q)
{
	switch (q->sort) {
	case CT_SORT_NEWEST:
		return 'n';
	case CT_SORT_OLDEST:
		return 'd';
	case CT_SORT_CONFIDENCE:
		return 'c';
	default:
		return q->text ? 'o' : 'i';
	}
}

static char *cursor_next(struct arena *a, const struct ct_query *q,
			 const struct store_cursor *cur,
			 const struct ct_statement *last)
{
	char buf[80];
	int k = cursor_kind(q);

	if (k == 'o')
		snprintf(buf, sizeof(buf), "o%" PRId64, cur->off + q->limit);
	else if (k == 'i')
		snprintf(buf, sizeof(buf), "i%" PRId64, last->id);
	else if (k == 'c')
		snprintf(buf, sizeof(buf), "c%.17g_%" PRId64, last->confidence,
			 last->id);
	else
		snprintf(buf, sizeof(buf), "%c%d_%" PRId64, k, last->citing.year,
			 last->id);
	return arena_strndup(a, buf, strlen(buf));
}

/* ---- rows to structs ------------------------------------------------------ */

static const char *col_str(struct arena *a, struct store_row *r, int c)
{
	const char *s = store_text(r, c);

	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

static void read_brief(struct arena *a, struct store_row *r, int c0,
		       struct ct_work_brief *w)
{
	w->id = store_int(r, c0);
	w->doi = col_str(a, r, c0 + 1);
	w->pmid = col_str(a, r, c0 + 2);
	w->pmcid = col_str(a, r, c0 + 3);
	w->title = col_str(a, r, c0 + 4);
	w->year = (int)store_int(r, c0 + 5);
}

static void read_statement(struct arena *a, struct store_row *r,
			   struct ct_statement *s)
{
	s->id = store_int(r, 0);
	read_brief(a, r, 1, &s->citing);
	read_brief(a, r, 7, &s->cited);
	s->section = col_str(a, r, 13);
	s->section_class = (int)store_int(r, 14);
	s->type = (int)store_int(r, 15);
	s->confidence = store_double(r, 16);
	s->self = (int)store_int(r, 17);
	s->text = col_str(a, r, 18);
	s->sent_start = (uint32_t)store_int(r, 19);
	s->sent_end = (uint32_t)store_int(r, 20);
	s->marker = col_str(a, r, 21);
	s->dups = (int)store_int(r, 22);
	s->journal_self = (int)store_int(r, 23);
	if (!s->text)
		s->text = "";
}

static int query_fail(struct ct_index *idx, struct ct_error *err,
		      const struct ct_query *q)
{
	const char *m = store_errmsg(idx->st);

	if (q->text && store_error_is_input(idx->st))
		return err_set(err, CT_EUSAGE, "%s: bad search query: %s",
			       q->text, m);
	return err_set(err, CT_EDB, "query: %s", m);
}

static int query_page(struct ct_index *idx, const struct ct_query *q,
		      const struct store_cursor *cur, struct ct_page *p,
		      struct ct_error *err)
{
	struct arena *a = p->arena;
	struct store_row *r;
	int rc = store_query(idx->st, q, cur, STORE_Q_PAGE, &r, err);

	if (rc)
		return rc;
	p->items = arena_alloc(a, (size_t)q->limit * sizeof(*p->items));
	if (!p->items) {
		store_query_free(r);
		return err_set(err, CT_ENOMEM, "query: out of memory");
	}
	while ((rc = store_step(r)) == 1) {
		if (p->n == (size_t)q->limit) {
			p->next = cursor_next(a, q, cur, &p->items[p->n - 1]);
			break;
		}
		memset(&p->items[p->n], 0, sizeof(p->items[0]));
		read_statement(a, r, &p->items[p->n++]);
	}
	if (rc < 0)
		rc = query_fail(idx, err, q);
	else
		rc = 0;
	store_query_free(r);
	return rc;
}

static int query_facet(struct ct_index *idx, const struct ct_query *q,
		       enum store_qkind kind, struct ct_page *p,
		       struct ct_error *err)
{
	struct store_row *r;
	struct store_cursor none = {0};
	size_t cap = 0;
	int rc = store_query(idx->st, q, &none, kind, &r, err);

	if (rc)
		return rc;
	while ((rc = store_step(r)) == 1) {
		int64_t v = store_int(r, 0), n = store_int(r, 1);

		if (kind == STORE_Q_TYPE && v >= 0 && v < CT_TYPE_COUNT)
			p->facet_type[v] = n;
		else if (kind == STORE_Q_SECTION && v >= 0 && v < CT_SEC_COUNT)
			p->facet_section[v] = n;
		else if (kind == STORE_Q_SELF)
			*(v ? &p->self_true : &p->self_false) = n;
		else if (kind == STORE_Q_JSELF)
			*(v ? &p->jself_true : &p->jself_false) = n;
		else if (kind == STORE_Q_YEAR && !store_is_null(r, 0)) {
			struct ct_facet *f = doc_push_arena(p->arena,
				(void **)&p->facet_year, &p->nyears, &cap,
				sizeof(*f));
			char buf[24];

			if (!f)
				break;
			snprintf(buf, sizeof(buf), "%" PRId64, v);
			f->value = arena_strndup(p->arena, buf, strlen(buf));
			f->count = n;
		}
	}
	if (rc < 0)
		rc = query_fail(idx, err, q);
	store_query_free(r);
	return rc < 0 ? rc : 0;
}

int ct_query_statements(struct ct_index *idx, const struct ct_query *q0,
			struct ct_page *p, struct ct_error *err)
{
	static const enum store_qkind facets[] = {STORE_Q_TYPE, STORE_Q_SECTION,
		STORE_Q_YEAR, STORE_Q_SELF, STORE_Q_JSELF};
	struct ct_query q = *q0;
	struct store_cursor cur;
	int rc;

	memset(p, 0, sizeof(*p));
	if (q.limit <= 0)
		q.limit = CT_LIMIT_DEFAULT;
	if (q.limit > CT_LIMIT_MAX)
		return err_set(err, CT_EUSAGE, "limit %d: at most %d", q.limit,
			       CT_LIMIT_MAX);
	if (q.text && !*q.text)
		q.text = NULL;
	if (cursor_parse(q.cursor, &cur) ||
	    (cur.kind && cur.kind != cursor_kind(&q)))
		return err_set(err, CT_EUSAGE, "%s: not a cursor of this query",
			       q.cursor);
	p->arena = calloc(1, sizeof(struct arena));
	if (!p->arena)
		return err_set(err, CT_ENOMEM, "query: out of memory");
	arena_init(p->arena);
	rc = query_page(idx, &q, &cur, p, err);
	for (size_t i = 0; !rc && i < sizeof(facets) / sizeof(*facets); i++)
		rc = query_facet(idx, &q, facets[i], p, err);
	if (rc)
		ct_page_release(p);
	return rc;
}

void ct_page_release(struct ct_page *p)
{
	if (p->arena) {
		arena_release(p->arena);
		free(p->arena);
	}
	memset(p, 0, sizeof(*p));
}

/* ---- JSON (SPEC §4 statements shape) -------------------------------------- */

void work_id_string(const struct ct_work_brief *w, char *out, size_t cap)
{
	if (w->doi)
		snprintf(out, cap, "%s", w->doi);
	else if (w->pmid)
		snprintf(out, cap, "pmid:%s", w->pmid);
	else if (w->pmcid)
		snprintf(out, cap, "pmcid:%s", w->pmcid);
	else if (w->id)
		snprintf(out, cap, "citectx:%" PRId64, w->id);
	else
		out[0] = '\0';
}

static void json_brief(struct jw *w, const struct ct_work_brief *b, int full)
{
	char id[400];

	jw_obj(w);
	work_id_string(b, id, sizeof(id));
	jw_kstr(w, "id", *id ? id : NULL);
	jw_kstr(w, "doi", b->doi);
	if (full) {
		jw_kstr(w, "pmid", b->pmid);
		jw_kstr(w, "pmcid", b->pmcid);
		jw_kstr(w, "title", b->title);
		jw_key(w, "year");
		if (b->year)
			jw_int(w, b->year);
		else
			jw_null(w);
	}
	jw_obj_end(w);
}

void json_statement(struct jw *w, const struct ct_statement *s)
{
	jw_obj(w);
	jw_kint(w, "id", s->id);
	jw_key(w, "citing");
	json_brief(w, &s->citing, 1);
	jw_key(w, "cited");
	json_brief(w, &s->cited, 0);
	jw_kstr(w, "section", s->section);
	jw_kstr(w, "section_class", ct_section_name(s->section_class));
	jw_kstr(w, "type", ct_type_name(s->type));
	jw_key(w, "confidence");
	jw_num(w, s->confidence);
	jw_key(w, "self");
	jw_bool(w, s->self);
	jw_key(w, "journal_self");
	jw_bool(w, s->journal_self);
	jw_kstr(w, "text", s->text);
	jw_key(w, "sentence");
	jw_obj(w);
	jw_kint(w, "start", s->sent_start);
	jw_kint(w, "end", s->sent_end);
	jw_obj_end(w);
	jw_kstr(w, "marker", s->marker);
	jw_kint(w, "duplicates", s->dups);
	jw_obj_end(w);
}

static void json_facets(struct jw *w, const struct ct_page *p)
{
	jw_obj(w);
	jw_key(w, "type");
	jw_obj(w);
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		jw_kint(w, ct_type_name(i), p->facet_type[i]);
	jw_obj_end(w);
	jw_key(w, "section_class");
	jw_obj(w);
	for (int i = 0; i < CT_SEC_COUNT; i++)
		jw_kint(w, ct_section_name(i), p->facet_section[i]);
	jw_obj_end(w);
	jw_key(w, "year");
	jw_obj(w);
	for (size_t i = 0; i < p->nyears; i++)
		jw_kint(w, p->facet_year[i].value, p->facet_year[i].count);
	jw_obj_end(w);
	jw_key(w, "pubtype");
	jw_obj(w);
	jw_obj_end(w);
	jw_key(w, "self");
	jw_obj(w);
	jw_kint(w, "true", p->self_true);
	jw_kint(w, "false", p->self_false);
	jw_obj_end(w);
	jw_key(w, "journal_self");
	jw_obj(w);
	jw_kint(w, "true", p->jself_true);
	jw_kint(w, "false", p->jself_false);
	jw_obj_end(w);
	jw_obj_end(w);
}

int ct_page_json(const struct ct_page *p, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "data");
	jw_arr(&w);
	for (size_t i = 0; i < p->n; i++)
		json_statement(&w, &p->items[i]);
	jw_arr_end(&w);
	jw_key(&w, "facets");
	json_facets(&w, p);
	jw_kstr(&w, "next", p->next);
	jw_obj_end(&w);
	ct_buf_putc(out, '\n');
	return 0;
}

void *doc_push_arena(struct arena *a, void **arr, size_t *n, size_t *cap,
		     size_t size)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		void *p = nc < SIZE_MAX / size ? arena_alloc(a, nc * size) : NULL;

		if (!p)
			return NULL;
		if (*n)
			memcpy(p, *arr, *n * size);
		*arr = p;
		*cap = nc;
	}
	return (char *)*arr + (*n)++ * size;
}
