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
#include "qparse.h"
#include "query.h"
#include "scan.h"
#include "spans.h"
#include "store_read.h"
#include "store_stmts.h"

int ct_self_parse(const char *s)
{
	if (!strcmp(s, "only"))
		return CT_SELF_ONLY;
	if (!strcmp(s, "exclude"))
		return CT_SELF_EXCLUDE;
	return -1;
}

/* ---- rows to structs ------------------------------------------------------
 */

/* One statement by id, with its works (none: s untouched). */
static int fetch_row(struct store *st, struct arena *a, int64_t id,
                     struct ct_statement *s)
{
	int rc = store_stmt_get(st, a, id, s);

	return rc < 0 ? rc : 0;
}

/* Whether a statement of a listed sentence passes the query's filters on
 * what is each statement's own (the base filter on the cited work, type,
 * self-citations; scan.c row_fails): the sentence passed the rest. */
static int cite_match(const struct ct_query *q, const struct ct_cite *c)
{
	if (q->cited && c->work.id != q->cited)
		return 0;
	if (q->type_mask &&
	    !(c->type >= 0 && c->type < 32 && (q->type_mask & (1u << c->type))))
		return 0;
	if ((q->self == CT_SELF_ONLY && !c->self) ||
	    (q->self == CT_SELF_EXCLUDE && c->self))
		return 0;
	return !((q->journal_self == CT_SELF_ONLY && !c->journal_self) ||
	         (q->journal_self == CT_SELF_EXCLUDE && c->journal_self));
}

/* Every statement of the sentence whose first statement is card (at most
 * a run's 64) into s->cites, each marked whether it passes q. */
static int fetch_cites(struct store *st, struct arena *a,
                       const struct ct_query *q, int64_t card,
                       struct ct_statement *s)
{
	struct ct_cite *v;
	size_t n;
	int rc = store_stmt_sentence(st, a, card, &v, &n);

	for (size_t i = 0; i < n; i++)
		v[i].match = cite_match(q, &v[i]);
	s->cites = v;
	s->ncites = n;
	return rc;
}

/* The page's statements with their works and, for a text query, the
 * words it matched (spans.h); for sentences, every statement of each. */
static int fetch_page(struct ct_index *idx, const struct ct_query *q,
                      const struct scan_out *o, struct ct_page *p,
                      struct ct_error *err)
{
	struct arena *a = p->arena;
	int rc = 0;

	p->items = arena_alloc(a, (o->n + 1) * sizeof(*p->items));
	if (!p->items)
		return err_set(err, CT_ENOMEM, "query: out of memory");
	for (size_t i = 0; i < o->n && !rc; i++) {
		struct ct_statement *s = &p->items[p->n];

		memset(s, 0, sizeof(*s));
		rc = fetch_row(idx->st, a, o->ids[i], s);
		if (!rc && s->id && p->group == CT_GROUP_SENTENCE)
			rc = fetch_cites(idx->st, a, q, o->cards[i], s);
		if (s->id)
			p->n++;
	}
	if (!rc && q->text)
		rc = spans_fetch(idx->st, a, q->text, p->items, p->n,
		                 o->matches, o->nmatches);
	if (rc == CT_ENOMEM)
		return err_set(err, rc, "query: out of memory");
	return rc ? err_set(err, store_fail_code(rc), "query: %s",
	                    store_errmsg(idx->st))
	          : 0;
}

static int query_check(const struct ct_query *q, struct ct_error *err)
{
	if (q->limit > CT_LIMIT_MAX)
		return err_set(err, CT_EUSAGE, "limit %d: at most %d", q->limit,
		               CT_LIMIT_MAX);
	if (q->npubtypes < 0 || q->npubtypes > CT_PUBTYPES_MAX)
		return err_set(err, CT_EUSAGE, "pubtype: at most %d values",
		               CT_PUBTYPES_MAX);
	if (q->self < CT_SELF_ANY || q->self > CT_SELF_EXCLUDE)
		return err_set(err, CT_EUSAGE,
		               "self: expected only or exclude");
	if (q->group != CT_GROUP_SENTENCE && q->group != CT_GROUP_STATEMENT)
		return err_set(err, CT_EUSAGE,
		               "group: expected sentence or "
		               "statement");
	return ct_query_check(q, CT_STYLE_TEXT, err); /* from year <= to year */
}

/* A bad full-text query is the user's input, not a database failure. */
static int query_fail(struct ct_index *idx, const struct ct_query *q,
                      struct ct_error *err)
{
	if (err->code != CT_EDB || !q->text || !store_error_is_input(idx->st))
		return err->code;
	return err_set(err, CT_EUSAGE,
	               "%s: bad search query (%s); use words, "
	               "\"a phrase\", prefix*, AND, OR, NOT and parentheses",
	               q->text, store_errmsg(idx->st));
}

/* What the user typed, compiled to the FTS5 expression every later step
 * matches (qparse.h), kept in the page's arena. */
static int query_compile(struct ct_query *q, struct arena *a,
                         struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT;
	int rc = qparse_compile(q->text, &b, NULL, err);

	if (!rc && !(q->text = arena_strndup(a, b.ptr, b.len)))
		rc = err_set(err, CT_ENOMEM, "query: out of memory");
	ct_buf_release(&b);
	return rc;
}

/* Whether q can be answered from this handle's search cache (fcol.h):
 * a text query alone, on a connection not writing (its uncommitted rows
 * may be rolled back under the cache). */
static int query_cacheable(struct ct_index *idx, const struct ct_query *q)
{
	return idx->fcol && q->text && !q->cited && !q->citing &&
	       !store_writing(idx->st);
}

/* The page of q: the cache, made current inside the read transaction that
 * the whole page then reads (one is begun here when none is open), or
 * the SQL path when the cache cannot serve. */
static int query_page(struct ct_index *idx, const struct ct_query *q,
                      struct ct_page *p, struct ct_error *err)
{
	const struct fcol *c = NULL;
	struct scan_out o;
	int own = 0, rc;

	if (query_cacheable(idx, q)) {
		if (!store_in_transaction(idx->st))
			own = !store_read_begin(idx->st);
		if (!fcol_refresh(idx->st, idx->fcol))
			c = idx->fcol;
	}
	rc = scan_page(idx->st, c, q, p, &o, err);
	if (rc == CT_EDB)
		rc = query_fail(idx, q, err);
	if (!rc)
		rc = fetch_page(idx, q, &o, p, err);
	if (own)
		store_read_end(idx->st);
	return rc;
}

int ct_query_statements(struct ct_index *idx, const struct ct_query *q0,
                        struct ct_page *p, struct ct_error *err)
{
	struct ct_query q = *q0;
	int rc;

	memset(p, 0, sizeof(*p));
	if (q.limit <= 0)
		q.limit = CT_LIMIT_DEFAULT;
	if (q.text && !*q.text)
		q.text = NULL;
	if ((rc = query_check(&q, err)))
		return rc;
	p->arena = calloc(1, sizeof(struct arena));
	if (!p->arena)
		return err_set(err, CT_ENOMEM, "query: out of memory");
	arena_init(p->arena);
	rc = q.text ? query_compile(&q, p->arena, err) : 0;
	if (!rc)
		rc = query_page(idx, &q, p, err);
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

/* ---- JSON (SPEC §4 statements shape) --------------------------------------
 */

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

static const char *ref_dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

int work_ref_copy(struct arena *a, const struct ct_work_brief *from,
                  struct ct_work_ref *to)
{
	char id[400];

	to->w.id = from->id;
	to->w.doi = ref_dup(a, from->doi);
	to->w.pmid = ref_dup(a, from->pmid);
	to->w.pmcid = ref_dup(a, from->pmcid);
	to->w.title = ref_dup(a, from->title);
	to->w.year = from->year;
	work_id_string(&to->w, id, sizeof(id));
	to->id = ref_dup(a, id);
	return to->id ? 0 : CT_ENOMEM;
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

/* "cites": every work the sentence cites there, each with its label;
 * "work" null with the reference's text when it is not linked. */
static void json_cites(struct jw *w, const struct ct_statement *s)
{
	jw_key(w, "cites");
	jw_arr(w);
	for (size_t i = 0; i < s->ncites; i++) {
		const struct ct_cite *c = &s->cites[i];

		jw_obj(w);
		jw_kint(w, "statement", c->statement);
		jw_key(w, "work");
		if (c->work.id)
			json_brief(w, &c->work, 1);
		else
			jw_null(w);
		jw_kstr(w, "reference", c->reference);
		jw_kstr(w, "marker", c->marker);
		jw_kstr(w, "type", ct_type_name(c->type));
		jw_key(w, "confidence");
		jw_num(w, c->confidence);
		jw_kstr(w, "model", c->model);
		jw_key(w, "self");
		jw_bool(w, c->self);
		jw_key(w, "journal_self");
		jw_bool(w, c->journal_self);
		jw_key(w, "match");
		jw_bool(w, c->match);
		jw_obj_end(w);
	}
	jw_arr_end(w);
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
	jw_kstr(w, "model", s->model);
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
	jw_kstr(w, "pubtype", s->pubtype);
	jw_kstr(w, "reference", s->reference);
	if (s->nmatches) {
		jw_key(w, "highlight");
		jw_arr(w);
		for (size_t i = 0; i < s->nmatches; i++) {
			jw_obj(w);
			jw_kint(w, "start", s->matches[i].start);
			jw_kint(w, "end", s->matches[i].end);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	if (s->cites)
		json_cites(w, s);
	jw_obj_end(w);
}

void json_facets(struct jw *w, const struct ct_page *p)
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
	for (size_t i = 0; i < p->npubtypes; i++)
		jw_kint(w, p->facet_pubtype[i].value,
		        p->facet_pubtype[i].count);
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
	jw_kint(&w, "total", p->total);
	jw_kstr(&w, "group",
	        p->group == CT_GROUP_STATEMENT ? "statement" : "sentence");
	if (p->group != CT_GROUP_STATEMENT)
		jw_kint(&w, "sentences", p->total);
	jw_kint(&w, "statements", p->statements);
	jw_key(&w, "facets");
	json_facets(&w, p);
	jw_kstr(&w, "next", p->next);
	jw_obj_end(&w);
	return ct_buf_putc(out, '\n'); /* 0, or the buffer's sticky error */
}
