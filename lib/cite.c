/* cite.c — citation statements (see cite.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "err.h"
#include "norm.h"

#define SENTS_MAX 20000 /* sentences in one paragraph */
#define STMTS_MAX 500000

/* ---- bounds per article (issue 19) --------------------------------------
 * What one article may cost is bounded by its own size: a 1 MB file of
 * one paragraph citing [1-200] ranges over 4,000 references made hundreds
 * of thousands of statements, each holding the whole paragraph (1.8 GB
 * during its ingest, 18 MB of search results).  What a bound leaves out is
 * counted in struct stmts, and the ingest says so in its summary.
 *
 * A sentence of up to SENT_KEEP_MAX bytes is kept whole: the corpus's
 * longest citing sentence has 1,583 bytes, its longest neighbour about
 * 2,000.  A longer one (a paragraph with no full stop) keeps SENT_WINDOW
 * bytes on each side of the marker, and a longer neighbour the
 * SENT_WINDOW bytes next to the citing sentence, each cut marked "…": a
 * statement's text is at most about 3 x SENT_KEEP_MAX, whatever the
 * article, which bounds every response that carries statements. */
#define SENT_KEEP_MAX 2560
#define SENT_WINDOW   512
/* The corpus's longest marker has 274 bytes (an author-year list of 19
 * works); a longer one is cut, in the text as in the marker. */
#define MARKER_MAX 512
/* Statements of one sentence: the corpus's most cited sentence makes 47. */
#define SENT_STMTS_MAX 256
/* An article makes at most ART_STMTS_FLOOR + size / ART_BYTES_PER_STMT
 * statements (the corpus has at least 348 bytes of file per statement:
 * a tenfold margin) and stores at most ART_TEXT_FLOOR + size x
 * ART_TEXT_PER_BYTE bytes of statement text (the corpus at most 0.51
 * byte per byte of file: an eightfold margin).  The floors leave short
 * articles and unit fixtures alone. */
#define ART_STMTS_FLOOR    1024
#define ART_BYTES_PER_STMT 32
#define ART_TEXT_FLOOR     ((size_t)256 << 10)
#define ART_TEXT_PER_BYTE  4

void cite_release(struct stmts *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Key "surname|i" of a surname (normalised: case, diacritics, spaces,
 * hyphens, so "Sjögren" = "Sjogren") and a given-name initial. */
static void author_key(char *out, size_t cap, const char *sur, size_t n,
                       char initial)
{
	size_t k = norm_name(sur, n, out, cap - 3);

	out[k++] = '|';
	out[k++] = (char)tolower((unsigned char)initial);
	out[k] = '\0';
}

#define AUTHOR_KEY_MAX 96

/* The article's author keys, computed once (NULL when out of memory). */
static char (*author_keys(const struct doc_meta *m))[AUTHOR_KEY_MAX]
{
	char(*k)[AUTHOR_KEY_MAX] = malloc((m->nauthors + 1) * sizeof(*k));

	for (size_t i = 0; k && i < m->nauthors; i++) {
		const struct doc_author *au = &m->authors[i];

		if (au->surname)
			author_key(k[i], sizeof(k[i]), au->surname,
			           strlen(au->surname),
			           au->given ? au->given[0] : 0);
		else
			k[i][0] = '\0'; /* no key has an empty surname: "|i" */
	}
	return k;
}

/* True when one of refauthors ("Surname GI; ...") shares a surname and
 * first initial with one of the article's n author keys. */
static int self_by_keys(char (*keys)[AUTHOR_KEY_MAX], size_t n,
                        const char *refauthors)
{
	const char *p = refauthors;
	char a[AUTHOR_KEY_MAX];

	while (p && *p) {
		size_t len = strcspn(p, ";");
		const char *sp = memrchr(p, ' ', len);
		size_t sn = sp ? (size_t)(sp - p) : len;
		char ini = sp && sp + 1 < p + len ? sp[1] : 0;

		if (sn) {
			author_key(a, sizeof(a), p, sn, ini);
			for (size_t i = 0; i < n; i++)
				if (keys[i][0] && !strcmp(a, keys[i]))
					return 1;
		}
		p += len;
		p += strspn(p, "; ");
	}
	return 0;
}

static uint32_t sentence_of(const struct ct_span *s, int ns, uint32_t pos)
{
	int k = 0;

	while (k + 1 < ns && s[k + 1].start <= pos)
		k++;
	return (uint32_t)k;
}

static int utf8_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* i moved forward (a start) or back (an end) to a character's first byte,
 * staying in [lo, hi]: a cut never splits a UTF-8 sequence. */
static uint32_t char_fwd(const char *t, uint32_t i, uint32_t hi)
{
	while (i < hi && utf8_cont(t[i]))
		i++;
	return i;
}

static uint32_t char_back(const char *t, uint32_t i, uint32_t lo)
{
	while (i > lo && utf8_cont(t[i]))
		i--;
	return i;
}

#define ELLIPSIS     "\xe2\x80\xa6" /* marks a cut */
#define ELLIPSIS_LEN 3

/* What one citation group keeps of its paragraph: the previous sentence
 * from pa, the citing sentence [ca, cb), the next up to nb, each cut to a
 * window when longer than SENT_KEEP_MAX; the marker [ms, me). */
struct window {
	uint32_t pa, ca, cb, nb, ms, me;
	int cut_prev, cut_before, cut_after, cut_next;
};

static void window_of(const struct doc_para *p, const struct ct_span *s, int ns,
                      int k, const struct doc_group *gr, struct window *w)
{
	const char *t = p->text;
	const struct ct_span *c = &s[k];

	memset(w, 0, sizeof(*w));
	w->ms = gr->start;
	w->me = gr->end - gr->start > MARKER_MAX
	            ? char_back(t, gr->start + MARKER_MAX, gr->start)
	            : gr->end;
	w->ca = c->start;
	w->cb = c->end;
	if (c->end - c->start > SENT_KEEP_MAX) {
		if (w->ms > c->start + SENT_WINDOW)
			w->ca = char_fwd(t, w->ms - SENT_WINDOW, w->ms);
		if (c->end > w->me + SENT_WINDOW)
			w->cb = char_back(t, w->me + SENT_WINDOW, w->me);
	}
	w->cut_before = w->ca > c->start;
	w->cut_after = w->cb < c->end;
	w->pa = k > 0 ? s[k - 1].start : c->start;
	if (k > 0 && s[k - 1].end - s[k - 1].start > SENT_KEEP_MAX)
		w->pa = char_fwd(t, s[k - 1].end - SENT_WINDOW, s[k - 1].end);
	w->cut_prev = k > 0 && w->pa > s[k - 1].start;
	w->nb = k + 1 < ns ? s[k + 1].end : c->end;
	if (k + 1 < ns && s[k + 1].end - s[k + 1].start > SENT_KEEP_MAX)
		w->nb =
		    char_back(t, s[k + 1].start + SENT_WINDOW, s[k + 1].start);
	w->cut_next = k + 1 < ns && w->nb < s[k + 1].end;
}

static void put(char *dst, size_t *n, const char *src, size_t len)
{
	memcpy(dst + *n, src, len);
	*n += len;
}

/* Builds previous + citing + next sentence text for sentence k, as cut
 * by w: the pieces in order, an ellipsis at each cut. */
static int stmt_text(struct doc *d, const struct doc_para *p,
                     const struct ct_span *s, int k, const struct window *w,
                     struct stmt *st)
{
	const char *t = p->text;
	size_t n = (size_t)(s[k].start - w->pa) + (w->cb - w->ca) +
	           (w->nb - s[k].end) + 4 * ELLIPSIS_LEN;
	char *x = arena_alloc(&d->arena, n + 1);
	size_t len = 0;

	if (!x)
		return CT_ENOMEM;
	if (w->cut_prev)
		put(x, &len, ELLIPSIS, ELLIPSIS_LEN);
	put(x, &len, t + w->pa, s[k].start - w->pa);
	st->sent_start = (uint32_t)len;
	if (w->cut_before)
		put(x, &len, ELLIPSIS, ELLIPSIS_LEN);
	put(x, &len, t + w->ca, w->cb - w->ca);
	if (w->cut_after)
		put(x, &len, ELLIPSIS, ELLIPSIS_LEN);
	st->sent_end = (uint32_t)len;
	if (w->nb > s[k].end)
		put(x, &len, t + s[k].end, w->nb - s[k].end);
	if (w->cut_next)
		put(x, &len, ELLIPSIS, ELLIPSIS_LEN);
	x[len] = '\0';
	st->text = x;
	st->sent_abs = s[k].start;
	return 0;
}

static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static uint64_t stmt_key(const struct stmt *st)
{
	return fnv(st->text + st->sent_start, st->sent_end - st->sent_start,
	           1469598103934665603ULL ^ st->ref);
}

/* The same reference cited in the same words by another sentence of the
 * article.  Two citations inside one sentence ("[11, 19] ... [19]") are
 * two in-text citations and both stay. */
static int same_stmt(const struct stmt *a, const struct stmt *b)
{
	uint32_t la = a->sent_end - a->sent_start;

	if (a->para == b->para && a->sent_abs == b->sent_abs)
		return 0;
	return a->ref == b->ref && la == b->sent_end - b->sent_start &&
	       !memcmp(a->text + a->sent_start, b->text + b->sent_start, la);
}

static int stmt_class(const struct doc *d, const struct stmt *st)
{
	return d->secs[d->paras[st->para].section].cls;
}

/* Folds repeats (same reference, same citing sentence) into one: the
 * first, unless a later copy sits in a classed section (the body repeating
 * the abstract), whose place and section the statement then takes. */
static int dedupe(const struct doc *d, struct stmts *s)
{
	size_t cap = 16, w = 0;
	uint32_t *tab;

	while (cap < s->n * 2)
		cap *= 2;
	tab = calloc(cap, sizeof(*tab)); /* slot = index + 1 */
	if (!tab)
		return CT_ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		size_t h = (size_t)stmt_key(&s->v[i]) & (cap - 1);

		while (tab[h] && !same_stmt(&s->v[tab[h] - 1], &s->v[i]))
			h = (h + 1) & (cap - 1);
		if (tab[h]) {
			struct stmt *kept = &s->v[tab[h] - 1];
			int dups = kept->dups + 1;

			if (stmt_class(d, kept) == CT_SEC_OTHER &&
			    stmt_class(d, &s->v[i]) != CT_SEC_OTHER)
				*kept = s->v[i];
			kept->dups = dups;
			continue;
		}
		s->v[w] = s->v[i];
		tab[h] = (uint32_t)(w + 1);
		w++;
	}
	free(tab);
	s->n = w;
	return 0;
}

/* One extraction's state: the scratch arrays, the article's bounds and
 * what counts against them. */
struct extract {
	struct doc *d;
	struct stmts *out;
	struct ct_span *prot, *sents;
	size_t max_stmts, max_text;
	const char *run_text; /* the text of the run the last statement is in */
	int run;              /* its place in that run (article.c stmt_ctx) */
	int full;             /* an article bound was reached */
};

/* Counts statements that a bound (CITE_BOUND_*) left out. */
static void drop(struct extract *x, uint64_t n, unsigned bound)
{
	if (!n)
		return;
	x->out->dropped += n;
	x->out->bounds |= bound;
}

/* Appends one statement like proto for reference ref, unless the
 * article's bounds are reached.  Text is counted as article.c stores it:
 * once per run of at most 64 statements with the same text. */
static int stmt_add(struct extract *x, const struct stmt *proto, uint32_t ref)
{
	struct stmts *out = x->out;
	int lead = proto->text != x->run_text || x->run >= 63;
	size_t len = lead ? strlen(proto->text) : 0;
	struct stmt *st;

	if (out->n >= x->max_stmts || out->text_bytes + len > x->max_text) {
		x->full = 1;
		drop(x, 1, CITE_BOUND_ARTICLE);
		return 0;
	}
	st = doc_push((void **)&out->v, &out->n, &out->cap, sizeof(*st),
	              STMTS_MAX);
	if (!st)
		return CT_ENOMEM;
	*st = *proto;
	st->ref = ref;
	out->text_bytes += len;
	x->run = lead ? 0 : x->run + 1;
	x->run_text = proto->text;
	return 0;
}

/* The statements of one citation group, at most DOC_GROUP_REFS_MAX and
 * what is left of the sentence's SENT_STMTS_MAX (*insent so far).  shared
 * is the whole-sentence text of sentence k once made (groups of one
 * sentence share it). */
static int group_stmts(struct extract *x, uint32_t pi, int ns, int k,
                       uint32_t gi, uint32_t *insent, char **shared)
{
	struct doc *d = x->d;
	const struct doc_para *p = &d->paras[pi];
	const struct doc_group *gr = &d->groups[gi];
	uint32_t n = gr->nref, room = SENT_STMTS_MAX - *insent;
	struct stmt proto = {pi, gi, 0, NULL, 0, 0, 0, NULL, 0, 0};
	struct window w;
	int rc = 0;

	if (x->full) { /* nothing more is kept: only counted */
		drop(x, n, CITE_BOUND_ARTICLE);
		return 0;
	}
	if (n > DOC_GROUP_REFS_MAX) {
		drop(x, n - DOC_GROUP_REFS_MAX, CITE_BOUND_GROUP);
		n = DOC_GROUP_REFS_MAX;
	}
	if (n > room) {
		drop(x, n - room, CITE_BOUND_SENTENCE);
		n = room;
	}
	if (n == 0)
		return 0;
	*insent += n;
	window_of(p, x->sents, ns, k, gr, &w);
	proto.marker = doc_strdup(d, p->text + w.ms, w.me - w.ms);
	if (!proto.marker)
		return CT_ENOMEM;
	if (w.cut_prev || w.cut_before || w.cut_after || w.cut_next) {
		x->out->cut_sents += w.cut_before || w.cut_after;
		rc = stmt_text(d, p, x->sents, k, &w, &proto);
	} else if (*shared) {
		proto.text = *shared;
		proto.sent_abs = x->sents[k].start;
		proto.sent_start = x->sents[k].start - w.pa;
		proto.sent_end = x->sents[k].end - w.pa;
	} else {
		rc = stmt_text(d, p, x->sents, k, &w, &proto);
		*shared = proto.text;
	}
	for (uint32_t r = 0; r < n && !rc; r++)
		rc = stmt_add(x, &proto, d->grefs[gr->ref0 + r]);
	return rc;
}

static int para_stmts(struct extract *x, uint32_t pi)
{
	struct doc *d = x->d;
	const struct doc_para *p = &d->paras[pi];
	uint32_t insent = 0;
	char *shared = NULL;
	int ns, prevk = -1, rc = 0;

	if (p->ngroup == 0)
		return 0;
	for (uint32_t g = 0; g < p->ngroup; g++) {
		x->prot[g].start = d->groups[p->group0 + g].start;
		x->prot[g].end = d->groups[p->group0 + g].end;
	}
	ns = ct_sentences(p->text, p->len, x->prot, p->ngroup, x->sents,
	                  SENTS_MAX);
	if (ns <= 0)
		return ns;
	for (uint32_t g = 0; g < p->ngroup && !rc; g++) {
		int k = (int)sentence_of(x->sents, ns,
		                         d->groups[p->group0 + g].start);

		if (k != prevk) {
			insent = 0;
			shared = NULL;
			prevk = k;
		}
		rc = group_stmts(x, pi, ns, k, p->group0 + g, &insent, &shared);
	}
	return rc;
}

/* Self-citation is a property of the reference: decided once per
 * reference, not once per statement (an article cites some references
 * dozens of times and each test compares every author pair); the
 * article's author keys are computed once, not once per pair. */
static int mark_self(const struct doc *d, struct stmts *s)
{
	unsigned char *memo =
	    calloc(d->nrefs + 1, 1); /* 0 unknown, 1 no, 2 yes */
	char(*keys)[AUTHOR_KEY_MAX] = author_keys(&d->meta);

	if (!memo || !keys) {
		free(memo);
		free(keys);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++) {
		uint32_t r = s->v[i].ref;

		if (!memo[r])
			memo[r] = self_by_keys(keys, d->meta.nauthors,
			                       d->refs[r].authors)
			              ? 2
			              : 1;
		s->v[i].self = memo[r] == 2;
	}
	free(keys);
	free(memo);
	return 0;
}

/* The article's own size: its paragraphs' text, or the file's bytes
 * when the reader said (d->bytes), whichever is larger. */
static size_t doc_size(const struct doc *d)
{
	size_t n = d->bytes;
	size_t t = 0;

	for (size_t i = 0; i < d->nparas; i++)
		t += d->paras[i].len;
	return t > n ? t : n;
}

int cite_extract(struct doc *d, struct stmts *out, struct ct_error *err)
{
	struct extract x = {.d = d, .out = out};
	size_t size = doc_size(d);
	uint32_t maxg = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	x.max_stmts = ART_STMTS_FLOOR + size / ART_BYTES_PER_STMT;
	if (x.max_stmts > STMTS_MAX)
		x.max_stmts = STMTS_MAX;
	x.max_text = ART_TEXT_FLOOR + size * ART_TEXT_PER_BYTE;
	for (size_t i = 0; i < d->nparas; i++)
		if (d->paras[i].ngroup > maxg)
			maxg = d->paras[i].ngroup;
	x.prot = malloc((maxg + 1) * sizeof(*x.prot));
	x.sents = malloc(SENTS_MAX * sizeof(*x.sents));
	if (!x.prot || !x.sents)
		rc = CT_ENOMEM;
	for (size_t i = 0; i < d->nparas && !rc; i++)
		rc = para_stmts(&x, (uint32_t)i);
	if (!rc)
		rc = dedupe(d, out);
	if (!rc)
		rc = mark_self(d, out);
	free(x.prot);
	free(x.sents);
	if (rc) {
		cite_release(out);
		return err_set(err, rc, "%s: %s while extracting statements",
		               d->name, ct_strerror(rc));
	}
	return 0;
}

#define STR_(x) #x
#define STR(x)  STR_(x)

/* What each bound is, for the ingest's warning. */
static void bound_names(char *buf, size_t cap, unsigned bounds)
{
	static const struct {
		unsigned bit;
		const char *what;
	} names[] = {
	    {CITE_BOUND_GROUP,
	     STR(DOC_GROUP_REFS_MAX) " references per citation"},
	    {CITE_BOUND_SENTENCE,
	     STR(SENT_STMTS_MAX) " statements per sentence"},
	    {CITE_BOUND_ARTICLE, "statements and text per byte of article"},
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(*names) && n < cap; i++) {
		if (!(bounds & names[i].bit))
			continue;
		if (n && n + 2 < cap)
			n += (size_t)snprintf(buf + n, cap - n, ", ");
		if (n < cap)
			n += (size_t)snprintf(buf + n, cap - n, "%s",
			                      names[i].what);
	}
}

int cite_bounds_note(const struct doc *d, const struct stmts *s, char *buf,
                     size_t cap)
{
	uint64_t left = s->dropped + d->refs_cut;
	char bounds[160];
	int n = 0;

	buf[0] = '\0';
	if (!left && !s->cut_sents)
		return 0;
	bound_names(bounds, sizeof(bounds),
	            s->bounds | (d->refs_cut ? CITE_BOUND_GROUP : 0));
	n = snprintf(buf, cap, "%s: ", d->name);
	if (left && n >= 0 && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n,
		              "stored truncated: %zu "
		              "statements kept, %llu left out over the limits "
		              "(%s)%s",
		              s->n, (unsigned long long)left, bounds,
		              s->cut_sents ? "; " : "");
	if (s->cut_sents && n >= 0 && (size_t)n < cap)
		snprintf(buf + n, cap - (size_t)n,
		         "%u citing sentences over "
		         "%d bytes cut to %d bytes around their citation",
		         s->cut_sents, SENT_KEEP_MAX, 2 * SENT_WINDOW);
	return 1;
}
