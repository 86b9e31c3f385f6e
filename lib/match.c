/* match.c — linking by fields (see match.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "match.h"
#include "norm.h"
#include "store_link.h"

#define TRI_MAX   256
#define CANDS_MAX 2000

/* ---- keys --------------------------------------------------------------- */

/* The first author's surname: "Folstein MF; ..." -> "folstein"; a
 * trailing run of capitals (the initials) is not part of it. */
static void first_surname(const char *authors, char *out, size_t cap)
{
	size_t n, sp;

	out[0] = '\0';
	if (!authors)
		return;
	n = strcspn(authors, ";,");
	sp = n;
	while (sp > 0 && authors[sp - 1] != ' ')
		sp--;
	if (sp > 1) {
		size_t k = sp, caps = 1;

		for (; k < n && caps; k++)
			caps = isupper((unsigned char)authors[k]) != 0;
		if (caps && n - sp <= 4)
			n = sp - 1;
	}
	norm_name(authors, n, out, cap);
}

static void digits_of(const char *s, char *out, size_t cap, int alnum)
{
	size_t k = 0;

	out[0] = '\0';
	if (!s)
		return;
	while (*s == ' ' || *s == '0')
		s++;
	for (; *s && k + 1 < cap; s++) {
		if (isdigit((unsigned char)*s) ||
		    (alnum && isalpha((unsigned char)*s)))
			out[k++] = (char)tolower((unsigned char)*s);
		else if (k)
			break;
	}
	out[k] = '\0';
}

void match_key_make(const struct match_in *in, struct match_key *k)
{
	size_t t = 0;

	memset(k, 0, sizeof(*k));
	norm_text(in->title, k->title, sizeof(k->title));
	first_surname(in->authors, k->surname, sizeof(k->surname));
	digits_of(in->volume, k->volume, sizeof(k->volume), 0);
	digits_of(in->fpage, k->fpage, sizeof(k->fpage), 1);
	k->year = in->year > 0 && in->year < 10000 ? in->year : 0;
	for (const char *p = k->title; *p && t < 16; p++)
		if (*p != ' ')
			k->tkey[t++] = *p;
	if (t < 12)
		k->tkey[0] = '\0';
	if (*k->surname && k->year)
		snprintf(k->akey, sizeof(k->akey), "%s|%d", k->surname,
		         k->year);
	if (*k->volume && *k->fpage)
		snprintf(k->pkey, sizeof(k->pkey), "%s|%s", k->volume,
		         k->fpage);
}

int match_key_usable(const struct match_key *k)
{
	return *k->tkey || *k->akey || *k->pkey;
}

/* ---- title similarity -----------------------------------------------------
 */

/* The hashes of the first TRI_MAX character trigrams of s without spaces
 * (repeats included). */
static size_t trigrams_raw(const char *s, uint32_t *out)
{
	char c[256];
	size_t n = 0, k = 0;

	for (; *s && n < sizeof(c); s++)
		if (*s != ' ')
			c[n++] = *s;
	for (size_t i = 0; i + 3 <= n && k < TRI_MAX; i++)
		out[k++] = ((uint32_t)(unsigned char)c[i] << 16) ^
		           ((uint32_t)(unsigned char)c[i + 1] << 8) ^
		           (uint32_t)(unsigned char)c[i + 2] ^
		           ((uint32_t)(unsigned char)c[i] * 2654435761u);
	return k;
}

/* A title's set of trigram hashes: an exact open-addressing set, built
 * once for a title that meets many candidates.  (Sorting both titles'
 * trigrams for every candidate was the writer's largest cost of ours:
 * qsort a tenth of it, then a counting sort 2-3 %.) */
#define TRI_SLOTS 1024 /* a power of two, at least 2 * TRI_MAX */

struct tri {
	uint32_t h[TRI_SLOTS];
	unsigned char used[TRI_SLOTS];
	size_t n; /* distinct trigrams */
};

static size_t tri_slot(const struct tri *t, uint32_t h)
{
	size_t i = (h * 2654435761u) >> 22; /* top 10 bits: TRI_SLOTS */

	while (t->used[i] && t->h[i] != h)
		i = (i + 1) & (TRI_SLOTS - 1);
	return i;
}

static void tri_clear(struct tri *t)
{
	memset(t->used, 0, sizeof(t->used));
	t->n = 0;
}

/* Adds h; 1 when it was not in t yet. */
static int tri_add(struct tri *t, uint32_t h)
{
	size_t j = tri_slot(t, h);

	if (t->used[j])
		return 0;
	t->used[j] = 1;
	t->h[j] = h;
	t->n++;
	return 1;
}

static void tri_build(struct tri *t, const char *s)
{
	uint32_t raw[TRI_MAX];
	size_t k = trigrams_raw(s, raw);

	tri_clear(t);
	for (size_t i = 0; i < k; i++)
		tri_add(t, raw[i]);
}

/* Dice of the trigram sets, or the containment of the shorter title in
 * the longer when one was cut ("Mini-mental state" of a raw reference):
 * a's set against b's trigrams, counted once each. */
static double tri_sim(const struct tri *a, const char *b)
{
	uint32_t raw[TRI_MAX];
	size_t k = trigrams_raw(b, raw), nx = a->n, ny, in = 0, small;
	struct tri seen;
	double dice, cont;

	tri_clear(&seen);
	for (size_t i = 0; i < k; i++)
		if (tri_add(&seen, raw[i]) && a->used[tri_slot(a, raw[i])])
			in++;
	ny = seen.n;
	if (!nx || !ny)
		return 0;
	small = nx < ny ? nx : ny;
	dice = 2.0 * (double)in / (double)(nx + ny);
	cont = (double)in / (double)small;
	if (small >= 12 && 0.85 * cont > dice)
		return 0.85 * cont;
	return dice;
}

static double title_sim(const char *a, const char *b)
{
	struct tri x;

	tri_build(&x, a);
	return tri_sim(&x, b);
}

/* ---- scoring
 * ------------------------------------------------------------------ */

enum { F_UNKNOWN, F_SAME, F_DIFF };

static int cmp_field(const char *a, const char *b)
{
	if (!*a || !*b)
		return F_UNKNOWN;
	return strcmp(a, b) ? F_DIFF : F_SAME;
}

static const double field_w[] = {[F_UNKNOWN] = 0.5, [F_SAME] = 1, [F_DIFF] = 0};

/* match_score with a's trigrams given (NULL: computed here when needed). */
static double score(const struct match_key *a, const struct tri *at,
                    const struct match_key *b)
{
	int sur = cmp_field(a->surname, b->surname);
	int vol = cmp_field(a->volume, b->volume);
	int page = cmp_field(a->fpage, b->fpage);
	int dy = a->year && b->year ? abs(a->year - b->year) : -1;
	double t = -1;
	struct tri own;

	if (*a->title && *b->title) {
		if (!at) {
			tri_build(&own, a->title);
			at = &own;
		}
		t = tri_sim(at, b->title);
	}
	double ys = dy < 0 ? 0.5 : dy == 0 ? 1 : dy == 1 ? 0.3 : 0;

	if (dy > 1 &&
	    !(t >= 0.9 && sur == F_SAME && vol == F_SAME && page == F_SAME))
		return -1;
	if (page == F_DIFF &&
	    !(t >= 0.95 && sur == F_SAME && dy == 0 && vol == F_SAME))
		return -1;
	if (t < 0) /* a journal-style citation: only every field together */
		return sur == F_SAME && dy == 0 && vol == F_SAME &&
		               page == F_SAME
		           ? 0.9
		           : 0;
	if (strlen(a->title) < 20 || strlen(b->title) < 20)
		t *= 0.7; /* "Editorial", "Annual report" identify nothing */
	return 0.55 * t + 0.15 * field_w[sur] + 0.1 * ys + 0.1 * field_w[vol] +
	       0.1 * field_w[page];
}

double match_score(const struct match_key *a, const struct match_key *b)
{
	return score(a, NULL, b);
}

/* ---- finding
 * ------------------------------------------------------------------- */

int match_doi_preprint(const char *doi)
{
	static const char *const pre[] = {"10.1101/",  "10.21203/", "10.20944/",
	                                  "10.2139/",  "10.48550/", "10.31219/",
	                                  "10.12074/", NULL};

	for (int i = 0; doi && pre[i]; i++)
		if (!strncmp(doi, pre[i], strlen(pre[i])))
			return 1;
	return 0;
}

static int differs(const char *a, const char *b)
{
	return a && b && strcmp(a, b);
}

/* 0: compatible; 1: another work; 2: the other version of this one. */
static int id_conflict(const struct match_ids *ids,
                       const struct store_linkrec_cand *c)
{
	const char *doi = c->doi;

	if (differs(ids->pmid, c->pmid) || differs(ids->pmcid, c->pmcid))
		return 1;
	if (!differs(ids->doi, doi))
		return 0;
	return match_doi_preprint(ids->doi) != match_doi_preprint(doi) ? 2 : 1;
}

/* A preprint and its published article: the same title and first author,
 * published within a year (volume and pages the preprint cannot have). */
static int same_version(const struct match_key *a, const struct match_key *b)
{
	return *a->surname && !strcmp(a->surname, b->surname) &&
	       title_sim(a->title, b->title) >= 0.95 &&
	       (!a->year || !b->year || abs(a->year - b->year) <= 1);
}

static void cand_key(const struct store_linkrec_cand *r, struct match_key *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->title, sizeof(c->title), "%s", r->title ? r->title : "");
	snprintf(c->surname, sizeof(c->surname), "%s",
	         r->surname ? r->surname : "");
	c->year = r->year;
	snprintf(c->volume, sizeof(c->volume), "%s",
	         r->volume ? r->volume : "");
	snprintf(c->fpage, sizeof(c->fpage), "%s", r->fpage ? r->fpage : "");
}

/* ---- the key filter --------------------------------------------------------
 *
 * More than half of the references of a new collection share no blocking
 * key with any record, and the candidate query that says so was the
 * largest single cost of ingest (62 us each on the corpus).  A Bloom
 * filter of every key in linkrec answers "none" from memory: 8 MB,
 * whatever the index's size (at ten million records about one key in ten
 * reads as "maybe" falsely, which only costs the query it would have cost
 * anyway).  Built from the table once the queries made on this handle are
 * worth the scan (one query per 32 records: a small ingest into a large
 * index never pays for it), kept up to date by match_record, and dropped
 * when another connection commits (PRAGMA data_version), since its records
 * are not in it.  Keys of rolled-back records stay: a false "maybe" only. */
#define FILTER_LOG2BITS       26
#define FILTER_ROWS_PER_QUERY 32

struct filter {
	struct keyset *ks;
	uint64_t version; /* data_version the filter was built at */
	int64_t queries;  /* since the last build or drop */
	int64_t rows;     /* records when counted, -1 unknown */
	uint64_t txn;     /* the write transaction last checked, 0 none */
};

static void filter_free(void *p)
{
	struct filter *f = p;

	if (f)
		keyset_free(f->ks);
	free(f);
}

static void filter_add(struct keyset *ks, const char *t, const char *a,
                       const char *p)
{
	keyset_add(ks, 't', t);
	keyset_add(ks, 'a', a);
	keyset_add(ks, 'p', p);
}

static int filter_key(void *arg, const struct store_linkrec *k)
{
	filter_add(arg, k->tkey, k->akey, k->pkey);
	return 0;
}

static int filter_build(struct store *st, struct filter *f)
{
	int rc;

	f->ks = keyset_new(FILTER_LOG2BITS);
	if (!f->ks)
		return 0; /* no memory: every query goes to SQL */
	rc = store_linkrec_keys(st, filter_key, f->ks, NULL);
	if (rc < 0) {
		keyset_free(f->ks);
		f->ks = NULL;
	}
	return rc < 0 ? rc : 0;
}

/* The handle's filter, or NULL when it has none (yet). */
static struct keyset *filter_get(struct store *st)
{
	struct filter *f = store_slot(st);
	uint64_t stamp[2];

	if (!f) {
		if (!(f = calloc(1, sizeof(*f))))
			return NULL;
		f->rows = -1;
		store_slot_set(st, f, filter_free);
	}
	/* inside one write transaction nobody else commits: check once */
	if (f->ks && f->txn && f->txn == store_txn(st))
		return f->ks;
	if (store_stamp(st, stamp))
		return NULL;
	f->txn = store_txn(st);
	if (f->ks && stamp[0] != f->version) {
		keyset_free(f->ks);
		f->ks = NULL;
		f->queries = 0;
		f->rows = -1;
	}
	if (f->ks)
		return f->ks;
	f->queries++;
	if (f->rows < 0) {
		store_linkrec_max(st, &f->rows, NULL);
		if (f->rows < 0)
			return NULL;
	}
	if (f->queries * FILTER_ROWS_PER_QUERY < f->rows || filter_build(st, f))
		return NULL;
	f->version = stamp[0];
	return f->ks;
}

/* The candidates' walk: the best score wins, the lowest record id among
 * equals (a record read twice, through two keys, scores the same both
 * times). */
struct find {
	const struct match_key *k;
	const struct tri *kt;
	const struct match_ids *ids;
	struct match_best *out;
	int64_t best;
	int n;
};

static int find_cand(void *arg, const struct store_linkrec_cand *r)
{
	struct find *f = arg;
	struct match_key c;
	int conflict;
	double s;

	if (f->n++ >= CANDS_MAX)
		return 1;
	conflict = id_conflict(f->ids, r);
	if (conflict == 1 || (f->ids->skip_ref && r->ref == f->ids->skip_ref) ||
	    (f->ids->skip_indexed && r->indexed))
		return 0;
	cand_key(r, &c);
	s = score(f->k, f->kt, &c);
	if (conflict == 2 && !same_version(f->k, &c))
		return 0;
	if (s > f->out->score ||
	    (s == f->out->score && s > 0 && r->id < f->best)) {
		f->out->score = s;
		f->out->work = r->work;
		f->out->version = conflict == 2;
		f->best = r->id;
	}
	return 0;
}

int match_find(struct store *st, const struct match_key *k,
               const struct match_ids *ids, double threshold,
               struct match_best *out)
{
	struct store_linkrec_blocks b = {NULL, NULL, NULL, k->year};
	struct find f = {k, NULL, ids, out, 0, 0};
	struct keyset *ks;
	struct tri kt;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!match_key_usable(k))
		return 0;
	ks = filter_get(st);
	/* a key the filter knows absent is not read: its block is empty */
	if (*k->tkey && (!ks || keyset_maybe(ks, 't', k->tkey)))
		b.tkey = k->tkey;
	if (*k->akey && (!ks || keyset_maybe(ks, 'a', k->akey)))
		b.akey = k->akey;
	if (*k->pkey && (!ks || keyset_maybe(ks, 'p', k->pkey)))
		b.pkey = k->pkey;
	if (!b.tkey && !b.akey && !b.pkey)
		return 0;
	tri_build(&kt, k->title);
	f.kt = &kt;
	rc = store_linkrec_cands(st, &b, find_cand, &f, NULL);
	if (out->score < threshold)
		out->work = 0;
	return rc < 0 ? rc : 0;
}

int match_record(struct store *st, int64_t work, int64_t ref, int64_t citing,
                 const struct match_key *k)
{
	const struct store_linkrec rec = {k->title, k->surname, k->volume,
	                                  k->fpage, k->tkey,    k->akey,
	                                  k->pkey,  k->year};
	struct filter *f;
	int rc;

	if (!work || !match_key_usable(k))
		return 0;
	rc = store_linkrec_insert(st, work, ref, citing, &rec, NULL);
	f = store_slot(st);
	if (!rc && f && f->ks)
		filter_add(f->ks, k->tkey, k->akey, k->pkey);
	return rc;
}
