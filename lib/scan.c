/* scan.c — the page and every facet in one pass (see scan.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fcol.h"
#include "mem.h"
#include "scan.h"
#include "store_scan.h"

/* Facet dimensions, as bits of a row's failed filters. */
enum {
	D_TYPE = 1,
	D_SEC = 2,
	D_YEAR = 4,
	D_PUB = 8,
	D_SELF = 16,
	D_JSELF = 32
};

/* A page candidate: its sort key k, its id (the card's: its sentence's
 * first statement, or the statement itself) breaking ties, and the
 * statement shown for it (rep), which no comparison reads. */
struct key {
	double k;
	int64_t id, rep;
};

/* How each sort orders: cursor letter, id direction on ties. */
struct order {
	int kind;
	int id_desc;
};

struct pubslot {
	const char *name;
	int64_t count;
	int pass; /* selected by the pubtype filter */
};

/* One statement as the pass reads it, from SQL or from the cache. */
struct scan_in {
	int64_t id, card; /* card: the first statement of its item */
	int type, sec, year;
	int self; /* bit 0 an author self-citation, bit 1 a journal one */
	double confidence, bm25;
	struct pubslot *pub;
};

/* The item being read: what its statements contribute to each facet (a
 * value counts once per item) and its best statement passing every
 * filter.  Statements of one sentence share citing work, paragraph and
 * so year, pubtype and section; type and self-citations are each
 * statement's own. */
struct card {
	int64_t id; /* 0: none open */
	struct key best;
	int64_t npass; /* statements passing every filter */
	unsigned types, secs, selfs, jselfs; /* bit per value */
	int year, year_ok, pub_ok;
	struct pubslot *pub;
};

struct scan {
	const struct ct_query *q;
	struct order ord;
	struct key after;
	int has_after;
	struct key *heap;
	size_t nheap, capheap;
	int64_t *years; /* SCAN_YEAR_MIN..SCAN_YEAR_MAX */
	struct pubslot pub[SCAN_PUBTYPES_MAX];
	size_t npub;
	/* the cache's publication types (fcol.h pub) to their slots */
	struct pubslot *pubc[FCOL_PUB_MAX + 1];
	unsigned char pubseen[FCOL_PUB_MAX + 1];
	struct ct_page *p;
	struct scan_out *out;
	int unsorted; /* matches did not come in ascending id order */
	struct card cur;
	/* rows that do not come grouped by item (a work's statements, read
	 * in the order of st_cited): kept, sorted by card, then counted */
	int buffered;
	struct scan_in *buf;
	size_t nbuf, capbuf;
};

double scan_score(double bm25, int year, double confidence)
{
	double r = year ? (year - SCAN_RECENT_FROM) / SCAN_RECENT_SPAN : 0.0;

	if (r < 0)
		r = 0;
	if (r > 1)
		r = 1;
	return bm25 * (1.0 + SCAN_W_CONF * confidence + SCAN_W_RECENT * r);
}

static struct order order_of(const struct ct_query *q)
{
	switch (q->sort) {
	case CT_SORT_NEWEST:
		return (struct order){'n', 1};
	case CT_SORT_OLDEST:
		return (struct order){'d', 0};
	case CT_SORT_CONFIDENCE:
		return (struct order){'c', 0};
	default:
		return (struct order){q->text ? 'r' : 'i', 0};
	}
}

static int key_cmp(const struct order *o, const struct key *a,
                   const struct key *b)
{
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	if (a->id == b->id)
		return 0;
	return (a->id < b->id) != o->id_desc ? -1 : 1;
}

/* ---- cursors: "<kind><key>_<id>", opaque to users ------------------------ */

static int cursor_parse(const char *s, const struct order *o, struct key *k)
{
	char *end;

	if (!s || s[0] != o->kind)
		return CT_EUSAGE;
	k->k = strtod(s + 1, &end);
	if (end == s + 1 || *end != '_')
		return CT_EUSAGE;
	s = end + 1;
	k->id = strtoll(s, &end, 10);
	return end == s || *end ? CT_EUSAGE : 0;
}

static char *cursor_format(struct arena *a, const struct order *o,
                           const struct key *k)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%c%.17g_%" PRId64, o->kind, k->k, k->id);
	return arena_strndup(a, buf, strlen(buf));
}

/* ---- the bounded heap of the best limit + 1 keys ------------------------- */

static void heap_sift_down(struct scan *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct key t;

		if (l < s->nheap &&
		    key_cmp(&s->ord, &s->heap[l], &s->heap[m]) > 0)
			m = l;
		if (r < s->nheap &&
		    key_cmp(&s->ord, &s->heap[r], &s->heap[m]) > 0)
			m = r;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* Max-heap on the sort order: the root is the worst key kept. */
static void heap_offer(struct scan *s, const struct key *k)
{
	size_t i;

	if (s->nheap == s->capheap) {
		if (key_cmp(&s->ord, k, &s->heap[0]) >= 0)
			return;
		s->heap[0] = *k;
		heap_sift_down(s, 0);
		return;
	}
	i = s->nheap++;
	s->heap[i] = *k;
	while (i && key_cmp(&s->ord, &s->heap[(i - 1) / 2], &s->heap[i]) < 0) {
		struct key t = s->heap[i];

		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* Sorts the heap in place, best key first (heapsort: no global state). */
static void heap_sort(struct scan *s)
{
	size_t n = s->nheap;

	while (s->nheap > 1) {
		struct key t = s->heap[0];

		s->heap[0] = s->heap[--s->nheap];
		s->heap[s->nheap] = t;
		heap_sift_down(s, 0);
	}
	s->nheap = n;
}

/* ---- one row
 * ----------------------------------------------------------------- */

static struct pubslot *pub_slot(struct scan *s, const char *name)
{
	struct pubslot *p;

	if (!name)
		return NULL;
	for (size_t i = 0; i < s->npub; i++)
		if (!strcmp(s->pub[i].name, name))
			return &s->pub[i];
	if (s->npub == SCAN_PUBTYPES_MAX)
		return NULL;
	p = &s->pub[s->npub];
	p->name = arena_strndup(s->p->arena, name, strlen(name));
	if (!p->name)
		return NULL;
	p->count = 0;
	p->pass = 0;
	for (int i = 0; i < s->q->npubtypes && i < CT_PUBTYPES_MAX; i++)
		if (s->q->pubtypes[i] && !strcmp(s->q->pubtypes[i], name))
			p->pass = 1;
	s->npub++;
	return p;
}

static unsigned row_fails(const struct scan *s, const struct scan_in *in)
{
	const struct ct_query *q = s->q;
	int type = in->type, sec = in->sec, year = in->year, self = in->self;
	unsigned f = 0;

	if (q->type_mask &&
	    !(type >= 0 && type < 32 && (q->type_mask & (1u << type))))
		f |= D_TYPE;
	if (q->section_mask &&
	    !(sec >= 0 && sec < 32 && (q->section_mask & (1u << sec))))
		f |= D_SEC;
	if ((q->from_year && (!year || year < q->from_year)) ||
	    (q->to_year && (!year || year > q->to_year)))
		f |= D_YEAR;
	if (q->npubtypes && !(in->pub && in->pub->pass))
		f |= D_PUB;
	if ((q->self == CT_SELF_ONLY && !(self & 1)) ||
	    (q->self == CT_SELF_EXCLUDE && (self & 1)))
		f |= D_SELF;
	if ((q->journal_self == CT_SELF_ONLY && !(self & 2)) ||
	    (q->journal_self == CT_SELF_EXCLUDE && (self & 2)))
		f |= D_JSELF;
	return f;
}

/* Marks the row's values in each facet whose own filter is the only one
 * it fails (every facet when it fails none): the item will count there. */
static void row_mark(struct card *c, unsigned fails, const struct scan_in *in)
{
	int type = in->type, sec = in->sec;

	if (fails & (fails - 1))
		return;
	if ((!fails || fails == D_TYPE) && type >= 0 && type < CT_TYPE_COUNT)
		c->types |= 1u << type;
	if ((!fails || fails == D_SEC) && sec >= 0 && sec < CT_SEC_COUNT)
		c->secs |= 1u << sec;
	if ((!fails || fails == D_YEAR) && !c->year_ok) {
		c->year_ok = 1;
		c->year = in->year;
	}
	if ((!fails || fails == D_PUB) && !c->pub_ok) {
		c->pub_ok = 1;
		c->pub = in->pub;
	}
	if (!fails || fails == D_SELF)
		c->selfs |= 1u << (in->self & 1);
	if (!fails || fails == D_JSELF)
		c->jselfs |= 1u << (in->self >> 1 & 1);
}

/* Counts the item once in each facet value one of its rows marked. */
static void card_count(struct scan *s, const struct card *c)
{
	struct ct_page *p = s->p;

	for (int t = 0; t < CT_TYPE_COUNT; t++)
		p->facet_type[t] += c->types >> t & 1;
	for (int k = 0; k < CT_SEC_COUNT; k++)
		p->facet_section[k] += c->secs >> k & 1;
	if (c->year_ok && c->year >= SCAN_YEAR_MIN && c->year <= SCAN_YEAR_MAX)
		s->years[c->year - SCAN_YEAR_MIN]++;
	if (c->pub_ok && c->pub)
		c->pub->count++;
	p->self_true += c->selfs >> 1 & 1;
	p->self_false += c->selfs & 1;
	p->jself_true += c->jselfs >> 1 & 1;
	p->jself_false += c->jselfs & 1;
}

static void row_key(const struct scan *s, const struct scan_in *in,
                    struct key *k)
{
	k->id = in->id;
	k->rep = in->id;
	switch (s->ord.kind) {
	case 'r':
		k->k = scan_score(in->bm25, in->year, in->confidence);
		break;
	case 'n':
		k->k = -(double)in->year;
		break;
	case 'd':
		k->k = (double)in->year;
		break;
	case 'c':
		k->k = -in->confidence;
		break;
	default:
		k->k = 0;
	}
}

/* Keeps every full-text match's id (the highlights' plan, query.c). */
static void scan_match(struct scan *s, int64_t id)
{
	struct scan_out *o = s->out;
	int64_t *x;

	if (o->nmatches && o->matches[o->nmatches - 1] >= id)
		s->unsorted = 1;
	x = arena_push(s->p->arena, (void **)&o->matches, &o->nmatches,
	               &o->capmatches, sizeof(*x));
	if (x)
		*x = id;
}

/* Closes the open item: counted, and a page candidate when one of its
 * statements passes every filter (its key is that statement's, the best
 * one's when several do, with the item's id). */
static void card_close(struct scan *s)
{
	struct card *c = &s->cur;

	if (!c->id)
		return;
	card_count(s, c);
	if (c->npass) {
		struct key k = {c->best.k, c->id, c->best.id};

		s->p->total++;
		s->p->statements += c->npass;
		if (!s->has_after || key_cmp(&s->ord, &k, &s->after) > 0)
			heap_offer(s, &k);
	}
	memset(c, 0, sizeof(*c));
}

/* One statement into its item (rows of one item come together). */
static void card_add(struct scan *s, const struct scan_in *in)
{
	unsigned fails = row_fails(s, in);
	struct card *c = &s->cur;
	struct key k;

	if (in->card != c->id) {
		card_close(s);
		c->id = in->card;
	}
	row_mark(c, fails, in);
	if (fails)
		return;
	row_key(s, in, &k);
	if (!c->npass++ || key_cmp(&s->ord, &k, &c->best) < 0)
		c->best = k;
}

static void scan_add(struct scan *s, const struct scan_in *in0)
{
	struct scan_in in = *in0;

	if (s->q->text)
		scan_match(s, in.id);
	if (s->q->group == CT_GROUP_STATEMENT)
		in.card = in.id;
	if (!s->buffered) {
		card_add(s, &in);
		return;
	}
	if (s->nbuf == s->capbuf) {
		size_t nc = s->capbuf ? 2 * s->capbuf : 1024;
		struct scan_in *b = nc < SIZE_MAX / sizeof(*b)
		                        ? realloc(s->buf, nc * sizeof(*b))
		                        : NULL;

		if (!b) {
			s->capbuf =
			    SIZE_MAX; /* remembered: scan_finish fails */
			return;
		}
		s->buf = b;
		s->capbuf = nc;
	}
	s->buf[s->nbuf++] = in;
}

/* A row of store_scan_each. */
static int scan_row(void *arg, const struct store_scan_row *r)
{
	struct scan *s = arg;
	struct scan_in in = {
	    .id = r->id,
	    .type = (int)r->type,
	    .sec = (int)r->section,
	    .year = (int)r->year,
	    .self = r->self | r->jself << 1,
	    .confidence = r->confidence,
	    .bm25 = r->rank,
	    .pub = pub_slot(s, r->pubtype),
	    .card = r->card,
	};

	scan_add(s, &in);
	return 0;
}

/* A statement of the cache matched with score bm25. */
static void scan_cached_one(struct scan *s, const struct fcol *c,
                            const struct fcol_row *x, int64_t id, int64_t card,
                            double bm25)
{
	struct scan_in in = {
	    .id = id,
	    .card = card,
	    .type = x->type,
	    .sec = x->section,
	    .year = x->year,
	    .self = (x->flags & FCOL_SELF ? 1 : 0) |
	            (x->flags & FCOL_JSELF ? 2 : 0),
	    .confidence = x->confidence,
	    .bm25 = bm25,
	};

	if (x->pub) {
		/* resolved once a query: pub_slot compares names */
		if (!s->pubseen[x->pub]) {
			s->pubseen[x->pub] = 1;
			s->pubc[x->pub] = pub_slot(s, c->pubs[x->pub - 1]);
		}
		in.pub = s->pubc[x->pub];
	}
	scan_add(s, &in);
}

/* A scan and the search cache it reads. */
struct scan_cache {
	struct scan *s;
	const struct fcol *c;
};

/* A match of store_scan_matches, a run's lead: its statements' facet values
 * from the cache, the lead's and those that follow it, each sentence of
 * the run starting where a row does not continue the one before.  A match
 * the cache does not hold has no statement (the SQL path's join drops
 * it). */
static int scan_cached(void *arg, int64_t lead, double bm25)
{
	struct scan *s = ((struct scan_cache *)arg)->s;
	const struct fcol *c = ((struct scan_cache *)arg)->c;
	const struct fcol_row *x = fcol_get(c, lead);
	int64_t card = lead;

	if (!x || (x->flags & FCOL_FOLLOWS))
		return 0;
	scan_cached_one(s, c, x, lead, card, bm25);
	for (int64_t id = lead + 1;
	     (x = fcol_get(c, id)) && (x->flags & FCOL_FOLLOWS); id++) {
		if (!(x->flags & FCOL_SAME_SENTENCE))
			card = id;
		scan_cached_one(s, c, x, id, card, bm25);
	}
	return 0;
}

/* ---- facets out ---------------------------------------------------------- */

static int facets_fill(struct scan *s)
{
	struct ct_page *p = s->p;
	struct arena *a = p->arena;
	size_t ny = 0, k = 0;

	for (int y = 0; y <= SCAN_YEAR_MAX - SCAN_YEAR_MIN; y++)
		ny += s->years[y] != 0;
	p->facet_year = arena_alloc(a, (ny + 1) * sizeof(*p->facet_year));
	p->facet_pubtype =
	    arena_alloc(a, (s->npub + 1) * sizeof(*p->facet_pubtype));
	if (!p->facet_year || !p->facet_pubtype)
		return CT_ENOMEM;
	for (int y = 0; y <= SCAN_YEAR_MAX - SCAN_YEAR_MIN; y++) {
		char buf[16];

		if (!s->years[y])
			continue;
		snprintf(buf, sizeof(buf), "%d", y + SCAN_YEAR_MIN);
		p->facet_year[k].value = arena_strndup(a, buf, strlen(buf));
		p->facet_year[k++].count = s->years[y];
	}
	p->nyears = k;
	for (size_t i = 0; i < s->npub; i++)
		if (s->pub[i].count)
			p->facet_pubtype[p->npubtypes++] =
			    (struct ct_facet){s->pub[i].name, s->pub[i].count};
	return 0;
}

static int facet_cmp(const void *a, const void *b)
{
	const struct ct_facet *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* ---- the pass -------------------------------------------------------------
 */

static int scan_init(struct scan *s, const struct ct_query *q,
                     struct ct_page *p, struct scan_out *out,
                     struct ct_error *err)
{
	memset(s, 0, sizeof(*s));
	memset(out, 0, sizeof(*out));
	s->q = q;
	s->p = p;
	s->out = out;
	s->ord = order_of(q);
	if (q->cursor && *q->cursor) {
		if (cursor_parse(q->cursor, &s->ord, &s->after))
			return err_set(err, CT_EUSAGE,
			               "%s: not a cursor of this "
			               "query",
			               q->cursor);
		s->has_after = 1;
	}
	/* a text query's rows come run by run (FTS5's matches, each with
	 * its run), and a sentence never leaves its run; other rows not */
	s->buffered = q->group != CT_GROUP_STATEMENT && !q->text;
	s->p->group = q->group == CT_GROUP_STATEMENT ? CT_GROUP_STATEMENT
	                                             : CT_GROUP_SENTENCE;
	s->capheap = (size_t)q->limit + 1;
	s->heap = arena_alloc(p->arena, s->capheap * sizeof(*s->heap));
	s->years = calloc(SCAN_YEAR_MAX - SCAN_YEAR_MIN + 1, sizeof(*s->years));
	if (!s->heap || !s->years)
		return err_set(err, CT_ENOMEM, "query: out of memory");
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int in_cmp(const void *a, const void *b)
{
	const struct scan_in *x = a, *y = b;

	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The buffered rows, grouped by item, then the last item. */
static int scan_drain(struct scan *s)
{
	if (s->capbuf == SIZE_MAX)
		return CT_ENOMEM;
	if (s->nbuf)
		qsort(s->buf, s->nbuf, sizeof(*s->buf), in_cmp);
	for (size_t i = 0; i < s->nbuf; i++)
		card_add(s, &s->buf[i]);
	card_close(s);
	return 0;
}

static int scan_finish(struct scan *s, struct ct_error *err)
{
	struct ct_page *p = s->p;
	struct scan_out *o = s->out;
	size_t m;

	if (scan_drain(s))
		return err_set(err, CT_ENOMEM, "query: out of memory");
	heap_sort(s);
	m = s->nheap > (size_t)s->q->limit ? (size_t)s->q->limit : s->nheap;
	o->ids = arena_alloc(p->arena, (m + 1) * sizeof(*o->ids));
	o->cards = arena_alloc(p->arena, (m + 1) * sizeof(*o->cards));
	if (!o->ids || !o->cards || facets_fill(s))
		return err_set(err, CT_ENOMEM, "query: out of memory");
	for (size_t i = 0; i < m; i++) {
		o->ids[i] = s->heap[i].rep;
		o->cards[i] = s->heap[i].id;
	}
	o->n = m;
	if (s->unsorted)
		qsort(o->matches, o->nmatches, sizeof(*o->matches), id_cmp);
	if (s->nheap > m && m) {
		p->next = cursor_format(p->arena, &s->ord, &s->heap[m - 1]);
		if (!p->next)
			return err_set(err, CT_ENOMEM, "query: out of memory");
	}
	qsort(p->facet_pubtype, p->npubtypes, sizeof(*p->facet_pubtype),
	      facet_cmp);
	return 0;
}

int scan_page(struct store *st, const struct fcol *c, const struct ct_query *q,
              struct ct_page *p, struct scan_out *out, struct ct_error *err)
{
	struct scan s;
	struct scan_cache sc = {&s, c};
	int rc = scan_init(&s, q, p, out, err);

	if (!rc && c)
		rc = store_scan_matches(st, q, s.ord.kind == 'r', scan_cached,
		                        &sc, err);
	else if (!rc)
		rc = store_scan_each(st, q, scan_row, &s, err);
	if (!rc)
		rc = scan_finish(&s, err);
	free(s.years);
	free(s.buf);
	return rc;
}
