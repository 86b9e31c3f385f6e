/*
 * user_records.c — the user records of citectx.h as structs ("user
 * records as structs"): loaded whole from the store (store_users.h) into
 * an arena of their own, then written as the API's JSON or as the Atom
 * feed.  The server's pages render their HTML from the same structs.
 * The *_json and ct_feed_atom calls are load, write, release.
 *
 * The strings of every list but the feed are kept as valid UTF-8, each
 * invalid byte a U+FFFD as the JSON writer makes it, and averages to the
 * 4 significant digits it writes: so a page shows what the API says.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "jw.h"
#include "mem.h"
#include "query.h"
#include "store_users.h"

#define FEED_ENTRIES  50
#define USER_LIST_MAX 500 /* ratings or flags listed on the account page */

/* ---- loading lists ----------------------------------------------------------
 */

/* A list being loaded: each row the store hands over is copied, strings
 * and all, into the list's arena. */
struct list_load {
	struct arena *a;
	void **items;
	size_t *n, cap, size;
	struct ct_error *err;
	const char *what;
	int raw; /* keep strings as they are (else as valid UTF-8) */
};

static int list_begin(struct list_load *l, void **arena, void **items,
                      size_t *n, size_t size, const char *what,
                      struct ct_error *err)
{
	*items = NULL;
	*n = 0;
	*arena = calloc(1, sizeof(struct arena));
	if (!*arena)
		return err_set(err, CT_ENOMEM, "%s: out of memory", what);
	arena_init(*arena);
	*l = (struct list_load){.a = *arena,
	                        .items = items,
	                        .n = n,
	                        .size = size,
	                        .err = err,
	                        .what = what};
	return 0;
}

static void list_free(void **arena)
{
	if (*arena) {
		arena_release(*arena);
		free(*arena);
		*arena = NULL;
	}
}

/* A new item at the end of the list, holding a copy of row's bytes. */
static void *list_push(struct list_load *l, const void *row)
{
	void *p = arena_push(l->a, l->items, l->n, &l->cap, l->size);

	if (p)
		memcpy(p, row, l->size);
	return p;
}

static int oom(struct list_load *l)
{
	return err_set(l->err, CT_ENOMEM, "%s: out of memory", l->what);
}

/* s as valid UTF-8 into the arena: each byte that starts no valid
 * sequence becomes U+FFFD (jw_strn's rule, so JSON of the copy is JSON
 * of s). */
static char *keep_utf8(struct arena *a, const char *s, size_t n)
{
	size_t bad = 0, k, o = 0;
	char *p;

	for (size_t i = 0; i < n; i += k ? k : 1)
		bad += !(k = jw_utf8_len(s + i, n - i));
	if (!bad)
		return arena_strndup(a, s, n);
	if (!(p = arena_alloc(a, n + 2 * bad + 1)))
		return NULL;
	for (size_t i = 0; i < n; i += k ? k : 1) {
		if ((k = jw_utf8_len(s + i, n - i)))
			memcpy(p + o, s + i, k), o += k;
		else
			memcpy(p + o, "\xEF\xBF\xBD", 3), o += 3;
	}
	p[o] = '\0';
	return p;
}

/* *s copied into the arena (NULL stays NULL). */
static int keep(struct list_load *l, const char **s)
{
	if (!*s)
		return 0;
	*s = l->raw ? arena_strndup(l->a, *s, strlen(*s))
	            : keep_utf8(l->a, *s, strlen(*s));
	return *s ? 0 : oom(l);
}

static int keep_brief(struct list_load *l, struct ct_work_brief *b)
{
	int rc;

	if ((rc = keep(l, &b->doi)) || (rc = keep(l, &b->pmid)) ||
	    (rc = keep(l, &b->pmcid)))
		return rc;
	return keep(l, &b->title);
}

/* The list's end: on failure its memory goes and it is left empty. */
static int list_end(int rc, void **arena, void **items, size_t *n)
{
	if (rc) {
		list_free(arena);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- writing JSON -----------------------------------------------------------
 */

/* {"data": [ ... */
static void data_begin(struct jw *w, struct ct_buf *out)
{
	jw_init(w, out);
	jw_obj(w);
	jw_key(w, "data");
	jw_arr(w);
}

/* ... ]}\n; the buffer's error, if any. */
static int data_end(struct jw *w, struct ct_buf *out)
{
	jw_arr_end(w);
	jw_obj_end(w);
	return ct_buf_putc(out, '\n');
}

/* "id" (null for no work) and "title" of a work. */
static void json_work(struct jw *w, const struct ct_work_brief *b)
{
	char id[400];

	work_id_string(b, id, sizeof(id));
	jw_kstr(w, "id", b->id ? id : NULL);
	jw_kstr(w, "title", b->title);
}

/* The aspects of scores as members, null where not given (0). */
static void json_scores(struct jw *w, const int *scores)
{
	for (int i = 0; i < CT_RATE_COUNT; i++) {
		jw_key(w, ct_rating_aspect_name(i));
		if (scores[i])
			jw_int(w, scores[i]);
		else
			jw_null(w);
	}
}

/* ---- tokens
 * ------------------------------------------------------------------- */

static int token_row(void *arg, const struct ct_token_item *row)
{
	struct list_load *l = arg;
	struct ct_token_item *t = list_push(l, row);

	return t ? keep(l, &t->label) : oom(l);
}

int ct_tokens_load(struct ct_index *idx, int64_t user, struct ct_tokens *out,
                   struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "tokens", err);

	if (!rc)
		rc = store_users_tokens(idx->st, user, (int64_t)time(NULL),
		                        token_row, &l, err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

void ct_tokens_release(struct ct_tokens *t)
{
	list_free(&t->arena);
	memset(t, 0, sizeof(*t));
}

int ct_tokens_to_json(const struct ct_tokens *t, struct ct_buf *out)
{
	struct jw w;

	data_begin(&w, out);
	for (size_t i = 0; i < t->n; i++) {
		jw_obj(&w);
		jw_kint(&w, "id", t->items[i].id);
		jw_kstr(&w, "label", t->items[i].label);
		jw_kint(&w, "created", t->items[i].created);
		jw_kint(&w, "expires", t->items[i].expires);
		jw_obj_end(&w);
	}
	return data_end(&w, out);
}

int ct_tokens_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                   struct ct_error *err)
{
	struct ct_tokens t;
	int rc = ct_tokens_load(idx, user, &t, err);

	if (!rc && ct_tokens_to_json(&t, out))
		rc = ct_buf_done(out, err, "tokens");
	ct_tokens_release(&t);
	return rc;
}

/* ---- a work's ratings
 * ------------------------------------------------------------ */

int ct_ratings_load(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_ratings *out, struct ct_error *err)
{
	int rc = store_users_ratings_of_work(idx->st, work, user, out, err);

	for (int i = 0; !rc && i < CT_RATE_COUNT; i++) {
		char s[32];

		snprintf(s, sizeof(s), "%.4g", out->average[i]);
		out->average[i] = strtod(s, NULL);
	}
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int ct_ratings_to_json(const struct ct_ratings *r, struct ct_buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_kint(&w, "count", r->count);
	jw_kint(&w, "shown_from", CT_RATINGS_SHOWN);
	jw_key(&w, "average");
	if (r->has_average) {
		jw_obj(&w);
		for (int i = 0; i < CT_RATE_COUNT; i++) {
			jw_key(&w, ct_rating_aspect_name(i));
			if (r->average[i] > 0)
				jw_num(&w, r->average[i]);
			else
				jw_null(&w);
		}
		jw_obj_end(&w);
	} else {
		jw_null(&w);
	}
	jw_key(&w, "mine");
	if (r->has_mine) {
		jw_obj(&w);
		json_scores(&w, r->mine);
		jw_obj_end(&w);
	} else {
		jw_null(&w);
	}
	jw_obj_end(&w);
	return ct_buf_putc(out, '\n');
}

int ct_ratings_json(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_buf *out, struct ct_error *err)
{
	struct ct_ratings r;
	int rc = ct_ratings_load(idx, work, user, &r, err);

	if (!rc && ct_ratings_to_json(&r, out))
		rc = ct_buf_done(out, err, "ratings");
	return rc;
}

/* ---- a user's ratings
 * ------------------------------------------------------------- */

static int rating_row(void *arg, const struct ct_rating_item *row)
{
	struct list_load *l = arg;
	struct ct_rating_item *x = list_push(l, row);

	return x ? keep_brief(l, &x->work) : oom(l);
}

int ct_user_ratings_load(struct ct_index *idx, int64_t user,
                         struct ct_user_ratings *out, struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "list", err);

	if (!rc)
		rc = store_users_ratings_of_user(idx->st, user, USER_LIST_MAX,
		                                 rating_row, &l, err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

void ct_user_ratings_release(struct ct_user_ratings *r)
{
	list_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

int ct_user_ratings_to_json(const struct ct_user_ratings *r, struct ct_buf *out)
{
	struct jw w;

	data_begin(&w, out);
	for (size_t i = 0; i < r->n; i++) {
		jw_obj(&w);
		json_work(&w, &r->items[i].work);
		json_scores(&w, r->items[i].scores);
		jw_kint(&w, "updated", r->items[i].updated);
		jw_obj_end(&w);
	}
	return data_end(&w, out);
}

int ct_user_ratings_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                         struct ct_error *err)
{
	struct ct_user_ratings r;
	int rc = ct_user_ratings_load(idx, user, &r, err);

	if (!rc && ct_user_ratings_to_json(&r, out))
		rc = ct_buf_done(out, err, "ratings");
	ct_user_ratings_release(&r);
	return rc;
}

/* ---- flags
 * ----------------------------------------------------------------------------
 */

static int flag_row(void *arg, const struct ct_flag_item *row)
{
	struct list_load *l = arg;
	struct ct_flag_item *f = list_push(l, row);
	int rc;

	if (!f)
		return oom(l);
	if ((rc = keep(l, &f->comment)) || (rc = keep(l, &f->user)))
		return rc;
	return keep_brief(l, &f->work);
}

int ct_flags_load(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_flags *out, struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "flags", err);

	if (!rc)
		rc = store_users_flags(idx->st, statement, work, flag_row, &l,
		                       err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

int ct_user_flags_load(struct ct_index *idx, int64_t user, struct ct_flags *out,
                       struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "list", err);

	if (!rc)
		rc = store_users_flags_of_user(idx->st, user, USER_LIST_MAX,
		                               flag_row, &l, err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

void ct_flags_release(struct ct_flags *f)
{
	list_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

int ct_flags_to_json(const struct ct_flags *f, struct ct_buf *out)
{
	struct jw w;

	data_begin(&w, out);
	for (size_t i = 0; i < f->n; i++) {
		const struct ct_flag_item *x = &f->items[i];

		jw_obj(&w);
		jw_kint(&w, "id", x->id);
		jw_kint(&w, "statement", x->statement);
		jw_kstr(&w, "user", x->user);
		jw_kstr(&w, "label", ct_type_name(x->label));
		jw_kstr(&w, "comment", x->comment);
		jw_kint(&w, "created", x->created);
		jw_obj_end(&w);
	}
	return data_end(&w, out);
}

int ct_user_flags_to_json(const struct ct_flags *f, struct ct_buf *out)
{
	struct jw w;

	data_begin(&w, out);
	for (size_t i = 0; i < f->n; i++) {
		const struct ct_flag_item *x = &f->items[i];

		jw_obj(&w);
		json_work(&w, &x->work);
		jw_kint(&w, "flag", x->id);
		jw_kint(&w, "statement", x->statement);
		jw_kstr(&w, "label", ct_type_name(x->label));
		jw_kstr(&w, "comment", x->comment);
		jw_kint(&w, "created", x->created);
		jw_obj_end(&w);
	}
	return data_end(&w, out);
}

int ct_flags_json(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_buf *out, struct ct_error *err)
{
	struct ct_flags f;
	int rc = ct_flags_load(idx, statement, work, &f, err);

	if (!rc && ct_flags_to_json(&f, out))
		rc = ct_buf_done(out, err, "flags");
	ct_flags_release(&f);
	return rc;
}

int ct_user_flags_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                       struct ct_error *err)
{
	struct ct_flags f;
	int rc = ct_user_flags_load(idx, user, &f, err);

	if (!rc && ct_user_flags_to_json(&f, out))
		rc = ct_buf_done(out, err, "flags");
	ct_flags_release(&f);
	return rc;
}

/* ---- follows
 * ----------------------------------------------------------------------------
 */

static int follow_row(void *arg, const struct ct_follow_item *row)
{
	struct list_load *l = arg;
	struct ct_follow_item *f = list_push(l, row);

	return f ? keep_brief(l, &f->work) : oom(l);
}

int ct_follows_load(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_follows *out, struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "follows", err);

	out->work = work;
	if (!rc)
		rc = store_users_follows(idx->st, user, work, follow_row, &l,
		                         err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

void ct_follows_release(struct ct_follows *f)
{
	list_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

int ct_follows_to_json(const struct ct_follows *f, struct ct_buf *out)
{
	struct jw w;

	if (f->work) {
		jw_init(&w, out);
		jw_obj(&w);
		jw_key(&w, "following");
		jw_bool(&w, f->n > 0);
		jw_obj_end(&w);
		return ct_buf_putc(out, '\n');
	}
	data_begin(&w, out);
	for (size_t i = 0; i < f->n; i++) {
		char id[400];

		work_id_string(&f->items[i].work, id, sizeof(id));
		jw_obj(&w);
		jw_kstr(&w, "id", id);
		jw_kstr(&w, "title", f->items[i].work.title);
		jw_kint(&w, "since", f->items[i].since);
		jw_obj_end(&w);
	}
	return data_end(&w, out);
}

int ct_follows_json(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_buf *out, struct ct_error *err)
{
	struct ct_follows f;
	int rc = ct_follows_load(idx, user, work, &f, err);

	if (!rc && ct_follows_to_json(&f, out))
		rc = ct_buf_done(out, err, "follows");
	ct_follows_release(&f);
	return rc;
}

/* ---- the Atom feed
 * ------------------------------------------------------------------------- */

static int feed_row(void *arg, const struct ct_feed_entry *row)
{
	struct list_load *l = arg;
	struct ct_feed_entry *e = list_push(l, row);
	int rc;

	if (!e)
		return oom(l);
	if ((rc = keep(l, &e->text)) || (rc = keep_brief(l, &e->citing)))
		return rc;
	return keep_brief(l, &e->cited);
}

int ct_feed_load(struct ct_index *idx, int64_t user, struct ct_feed *out,
                 struct ct_error *err)
{
	struct list_load l;
	int rc = list_begin(&l, &out->arena, (void **)&out->items, &out->n,
	                    sizeof(*out->items), "feed", err);

	l.raw = 1; /* the feed was never JSON: its XML keeps the bytes */
	if (!rc)
		rc = store_users_feed(idx->st, user, FEED_ENTRIES, feed_row, &l,
		                      err);
	return list_end(rc, &out->arena, (void **)&out->items, &out->n);
}

void ct_feed_release(struct ct_feed *f)
{
	list_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

/* XML text: the five predefined entities, controls dropped (XML 1.0 has
 * no way to write them). */
static void xml_text(struct ct_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&')
			ct_buf_puts(b, "&amp;");
		else if (c == '<')
			ct_buf_puts(b, "&lt;");
		else if (c == '>')
			ct_buf_puts(b, "&gt;");
		else if (c == '"')
			ct_buf_puts(b, "&quot;");
		else if (c >= 0x20 || c == '\n' || c == '\t')
			ct_buf_putc(b, (char)c);
	}
}

static void xml_str(struct ct_buf *b, const char *s)
{
	xml_text(b, s, s ? strlen(s) : 0);
}

static void feed_link(struct ct_buf *b, const char *base, const char *id)
{
	ct_buf_puts(b, "<link href=\"");
	xml_str(b, base);
	ct_buf_puts(b, "/works/");
	xml_str(b, id);
	ct_buf_puts(b, "\"/>");
}

static void feed_entry(struct ct_buf *b, const struct ct_feed_entry *x,
                       const char *base)
{
	char cid[400], did[400];
	size_t len = x->text ? strlen(x->text) : 0;
	size_t a = (size_t)x->sent_start, e = (size_t)x->sent_end;

	work_id_string(&x->citing, cid, sizeof(cid));
	work_id_string(&x->cited, did, sizeof(did));
	if (a > len || e > len || e < a)
		a = 0, e = len;
	ct_buf_printf(
	    b, "<entry><id>tag:citectx,2024:statement/%" PRId64 "</id><title>",
	    x->statement);
	xml_str(b, ct_type_name(x->type));
	ct_buf_puts(b, ": ");
	xml_str(b, x->citing.title ? x->citing.title : cid);
	ct_buf_puts(b, " cites ");
	xml_str(b, x->cited.title ? x->cited.title : did);
	ct_buf_printf(b, "</title><updated>%04d-01-01T00:00:00Z</updated>",
	              x->citing.year > 0 ? x->citing.year : 1970);
	feed_link(b, base, did);
	ct_buf_puts(b, "<summary>");
	xml_text(b, x->text ? x->text + a : NULL, e - a);
	ct_buf_printf(b,
	              " (%s, %s, confidence %.2f; from %s)</summary></entry>\n",
	              ct_type_name(x->type), ct_section_name(x->section_class),
	              x->confidence, cid);
}

int ct_feed_to_atom(const struct ct_feed *f, const struct ct_user *u,
                    const char *base_url, struct ct_buf *out)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ct_buf_puts(out,
	            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	ct_buf_puts(out, "citectx: new statements for ");
	xml_str(out, u->name);
	ct_buf_printf(out,
	              "</title>\n<id>tag:citectx,2024:feed/%" PRId64
	              "</id>\n<updated>%s</updated>\n<author><name>citectx"
	              "</name></author>\n",
	              u->id, now);
	for (size_t i = 0; i < f->n; i++)
		feed_entry(out, &f->items[i], base_url ? base_url : "");
	return ct_buf_puts(out, "</feed>\n");
}

int ct_feed_atom(struct ct_index *idx, const struct ct_user *u,
                 const char *base_url, struct ct_buf *out, struct ct_error *err)
{
	struct ct_feed f;
	int rc = ct_feed_load(idx, u->id, &f, err);

	if (!rc && ct_feed_to_atom(&f, u, base_url, out))
		rc = ct_buf_done(out, err, "feed");
	ct_feed_release(&f);
	return rc;
}
