/*
 * summary.c — a short extractive summary of what citing papers say about a
 * work (see summary.h).  Centroid-style: a citing sentence scores by how
 * many other citing sentences share its content words (what the
 * literature keeps saying), weighted towards results / discussion and
 * towards statements that support or contrast; greedy selection then
 * keeps one sentence per citing work and drops near-repeats.  Nothing is
 * generated: every point is a sentence as its authors wrote it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query.h"
#include "store_report.h"
#include "summary.h"

#define SENT_MIN       40  /* bytes: shorter sentences say too little */
#define SENT_MAX       400 /* bytes: longer ones are usually split errors */
#define WORDS_MAX      96  /* distinct content words kept per sentence */
#define WORD_MIN       4 /* letters: shorter words are mostly function words */
#define REPEAT_JACCARD 0.5 /* word overlap above which a sentence repeats */
#define SENT_WORDS_MIN 8   /* words: shorter ones are fragments ("See [4].") */

/* How a sentence that is not prose opens: table and figure footnotes
 * ("‡Median and IQR for...", "*p < 0.05", "a) adjusted"), list items
 * ("b) Folstein's...", "(ii) the...", "• ...", "- ..."), captions. */
static const char *const not_prose[] = {
    "\xE2\x80\xA1" /* ‡ */,
    "\xE2\x80\xA0" /* † */,
    "\xC2\xA7" /* § */,
    "\xC2\xB6" /* ¶ */,
    "\xE2\x80\xA2" /* • */,
    "*",
    "#",
    "-",
    "(",
    "Table ",
    "Fig.",
    "Figure ",
    "Abbreviations",
    "Note:",
    "Notes:",
    "Footnote",
    "Legend",
};

/* Frequent words of scientific prose that carry no content. */
static const char *const stopwords[] = {
    "that",       "with",    "this",     "from",         "have",
    "were",       "been",    "which",    "their",        "there",
    "these",      "those",   "than",     "also",         "such",
    "into",       "more",    "other",    "some",         "only",
    "both",       "between", "after",    "before",       "while",
    "where",      "when",    "about",    "most",         "each",
    "however",    "study",   "studies",  "using",        "used",
    "based",      "shown",   "found",    "reported",     "previous",
    "previously", "similar", "showed",   "demonstrated", "suggest",
    "including",  "within",  "among",    "whether",      "could",
    "would",      "should",  "although", "because",      "since",
    "they",       "them",    "then",     "thus",         "therefore",
    "well",       "many",    "several",  "further",      "what",
    "will",       "does",    "being",    "same",         "first",
    "under",      "over",    "very",
};

struct cand {
	struct ct_summary_point p;
	uint64_t words[WORDS_MAX];
	size_t nwords;
	double score;
	int taken;
};

struct df_table {
	uint64_t *keys;
	int32_t *counts;
	size_t mask;
};

static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 0x100000001b3ull;
	}
	return h | 1; /* never 0, the empty slot */
}

static int is_stopword(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(stopwords) / sizeof(*stopwords); i++)
		if (strlen(stopwords[i]) == n &&
		    !strncasecmp(stopwords[i], s, n))
			return 1;
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct content words of s[0..n), as sorted hashes. */
static void cand_words(struct cand *c, const char *s, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n && c->nwords < WORDS_MAX) {
		size_t j = i;

		while (j < n && (((unsigned char)s[j] >= 0x80) ||
		                 (s[j] >= 'a' && s[j] <= 'z') ||
		                 (s[j] >= 'A' && s[j] <= 'Z')))
			j++;
		if (j - i >= WORD_MIN && !is_stopword(s + i, j - i))
			c->words[c->nwords++] = word_hash(s + i, j - i);
		i = j + 1;
	}
	qsort(c->words, c->nwords, sizeof(*c->words), u64_cmp);
	for (size_t m = 0; m < c->nwords; m++)
		if (!m || c->words[m] != c->words[k - 1])
			c->words[k++] = c->words[m];
	c->nwords = k;
}

static int32_t *df_slot(struct df_table *t, uint64_t key)
{
	size_t i = key & t->mask;

	while (t->keys[i] && t->keys[i] != key)
		i = (i + 1) & t->mask;
	t->keys[i] = key;
	return &t->counts[i];
}

/* "a) ...", "ii) ...", "3) ...": a list item's label before its text. */
static int list_label(const char *s)
{
	size_t n = 0;

	while (n < 4 &&
	       ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9')))
		n++;
	return n && n < 4 &&
	       (s[n] == ')' || (s[n] == '.' && n == 1 && s[2] == ' '));
}

/* Words holding a letter: citation markers ("[13]", "(4, 5)") and bare
 * numbers are not words of the sentence. */
static size_t word_count(const char *s, size_t n)
{
	size_t w = 0;
	int letter = 0;

	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : ' ';

		if (c == ' ') {
			w += letter;
			letter = 0;
		} else if (c >= 0x80 ||
		           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
			letter = 1;
		}
	}
	return w;
}

/* True for a sentence worth showing as a point: prose of eight words or
 * more, not a footnote, list fragment or caption. */
static int is_prose(const char *s, size_t n)
{
	if (word_count(s, n) < SENT_WORDS_MIN || list_label(s))
		return 0;
	for (size_t i = 0; i < sizeof(not_prose) / sizeof(*not_prose); i++)
		if (!strncmp(s, not_prose[i], strlen(not_prose[i])))
			return 0;
	return 1;
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Where the pool goes: v[n], at most SUMMARY_POOL. */
struct pool_acc {
	struct arena *a;
	struct cand *v;
	size_t n;
};

/* Keeps a statement whose citing sentence is prose of a fair length. */
static int pool_row(void *arg, const struct store_report_pooled *x)
{
	struct pool_acc *acc = arg;
	struct cand *c = &acc->v[acc->n];
	const char *text = x->text;
	size_t len = text ? strlen(text) : 0;
	int64_t s0 = x->sent_start, s1 = x->sent_end;

	if (acc->n >= SUMMARY_POOL)
		return 1;
	if (s0 < 0 || s1 <= s0 || (size_t)s1 > len || s1 - s0 < SENT_MIN ||
	    s1 - s0 > SENT_MAX || !is_prose(text + s0, (size_t)(s1 - s0)))
		return 0;
	memset(c, 0, sizeof(*c));
	c->p.statement = x->statement;
	c->p.type = x->type;
	c->p.confidence = x->confidence;
	c->p.section_class = x->section_class;
	c->p.sentence = arena_strndup(acc->a, text + s0, (size_t)(s1 - s0));
	c->p.citing.id = x->citing.id;
	c->p.citing.doi = dup(acc->a, x->citing.doi);
	c->p.citing.pmid = dup(acc->a, x->citing.pmid);
	c->p.citing.pmcid = dup(acc->a, x->citing.pmcid);
	c->p.citing.title = dup(acc->a, x->citing.title);
	c->p.citing.year = x->citing.year;
	cand_words(c, text + s0, (size_t)(s1 - s0));
	acc->n += c->p.sentence && c->nwords ? 1 : 0;
	return 0;
}

static int load_pool(struct store *st, struct arena *a, int64_t work,
                     struct cand **out, size_t *n, struct ct_error *err)
{
	struct pool_acc acc = {a, calloc(SUMMARY_POOL, sizeof(struct cand)), 0};
	int rc;

	*out = acc.v;
	*n = 0;
	if (!acc.v)
		return CT_ENOMEM;
	rc = store_report_pool(st, work, SUMMARY_POOL, pool_row, &acc, err);
	*n = acc.n;
	return rc < 0 ? rc : 0;
}

static const double sec_weight[CT_SEC_COUNT] = {0.8, 0.5, 1.0, 1.0, 0.7};
static const double type_weight[CT_TYPE_COUNT] = {1.5, 1.5, 1.0, 1.0};

/* Centrality: mean over the sentence's content words of how many other
 * sentences share them; damped so that one shared word does not win. */
static int score_pool(struct cand *v, size_t n)
{
	struct df_table t = {0};
	size_t cap = 1024;

	while (cap < 2 * n * WORDS_MAX)
		cap *= 2;
	t.keys = calloc(cap, sizeof(*t.keys));
	t.counts = calloc(cap, sizeof(*t.counts));
	t.mask = cap - 1;
	if (!t.keys || !t.counts) {
		free(t.keys);
		free(t.counts);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i].nwords; k++)
			(*df_slot(&t, v[i].words[k]))++;
	for (size_t i = 0; i < n; i++) {
		double sum = 0;
		int sc = v[i].p.section_class, ty = v[i].p.type;

		for (size_t k = 0; k < v[i].nwords; k++)
			sum += *df_slot(&t, v[i].words[k]) - 1;
		v[i].score = sum / ((double)v[i].nwords + 5.0);
		v[i].score *= sec_weight[sc >= 0 && sc < CT_SEC_COUNT ? sc : 4];
		v[i].score *=
		    type_weight[ty >= 0 && ty < CT_TYPE_COUNT ? ty : 3];
	}
	free(t.keys);
	free(t.counts);
	return 0;
}

static double jaccard(const struct cand *a, const struct cand *b)
{
	size_t i = 0, j = 0, both = 0;

	while (i < a->nwords && j < b->nwords) {
		if (a->words[i] == b->words[j]) {
			both++;
			i++;
			j++;
		} else if (a->words[i] < b->words[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)both / (double)(a->nwords + b->nwords - both);
}

/* What a reader wants first: statements that support or contrast, then
 * the rest; within each, results and discussion before introduction and
 * other sections, methods last (a method borrowed says little of what
 * the work found).  Lower is earlier. */
static const int sec_tier[CT_SEC_COUNT] = {1, 2, 0, 0, 1};

static int tier(const struct cand *c)
{
	int ty = c->p.type, sc = c->p.section_class;
	int t = ty == CT_TYPE_SUPPORTING || ty == CT_TYPE_CONTRASTING ? 0 : 1;

	return t * 3 + sec_tier[sc >= 0 && sc < CT_SEC_COUNT ? sc : 4];
}

/* c ranks before best: a lower tier, then a higher score, then the older
 * statement (stable). */
static int ranks_before(const struct cand *c, const struct cand *best)
{
	if (!best || tier(c) != tier(best))
		return !best || tier(c) < tier(best);
	if (c->score != best->score)
		return c->score > best->score;
	return c->p.statement < best->p.statement;
}

/* The best remaining candidate from a citing work not yet used and not
 * repeating a kept sentence; NULL when none is left. */
static struct cand *pick_next(struct cand *v, size_t n, struct cand **kept,
                              size_t nkept)
{
	struct cand *best = NULL;

	for (size_t i = 0; i < n; i++) {
		int ok = !v[i].taken;

		for (size_t k = 0; ok && k < nkept; k++)
			ok = kept[k]->p.citing.id != v[i].p.citing.id &&
			     jaccard(kept[k], &v[i]) <= REPEAT_JACCARD;
		if (ok && ranks_before(&v[i], best))
			best = &v[i];
	}
	return best;
}

/* The citing work's public ID and link, kept in a. */
static int point_names(struct arena *a, struct ct_summary_point *p)
{
	char id[400], url[480];

	work_id_string(&p->citing, id, sizeof(id));
	summary_link(&p->citing, url, sizeof(url));
	p->citing_id = arena_strndup(a, id, strlen(id));
	p->link = arena_strndup(a, url, strlen(url));
	return p->citing_id && p->link ? 0 : CT_ENOMEM;
}

static int point_cmp(const void *a, const void *b)
{
	const struct ct_summary_point *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->citing.year != y->citing.year)
		return x->citing.year > y->citing.year ? -1 : 1;
	return x->statement < y->statement ? -1 : x->statement > y->statement;
}

int summary_build(struct store *st, struct arena *a, int64_t work,
                  struct ct_summary *out, struct ct_error *err)
{
	struct cand *v, *kept[SUMMARY_POINTS];
	size_t n, nkept = 0;
	int rc = load_pool(st, a, work, &v, &n, err);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = score_pool(v, n);
	while (!rc && nkept < SUMMARY_POINTS) {
		struct cand *c = pick_next(v, n, kept, nkept);

		if (!c)
			break;
		c->taken = 1;
		kept[nkept++] = c;
	}
	out->v = nkept ? arena_alloc(a, nkept * sizeof(*out->v)) : NULL;
	if (nkept && !out->v)
		rc = CT_ENOMEM;
	for (size_t i = 0; !rc && i < nkept; i++)
		out->v[out->n++] = kept[i]->p;
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), point_cmp);
	for (size_t i = 0; !rc && i < out->n; i++)
		rc = point_names(a, &out->v[i]);
	free(v);
	return rc;
}

void summary_link(const struct ct_work_brief *w, char *out, size_t cap)
{
	if (w->doi)
		snprintf(out, cap, "https://doi.org/%s", w->doi);
	else if (w->pmid)
		snprintf(out, cap, "https://pubmed.ncbi.nlm.nih.gov/%s/",
		         w->pmid);
	else if (w->pmcid)
		snprintf(out, cap,
		         "https://www.ncbi.nlm.nih.gov/pmc/articles/%s/",
		         w->pmcid);
	else if (cap)
		out[0] = '\0';
}

/* "4 support it, 1 contrasts with it and 30 mention it". */
static void headline_types(struct ct_buf *b, const struct ct_page *p)
{
	static const char *const verbs[CT_TYPE_COUNT][2] = {
	    {"supports it", "support it"},
	    {"contrasts with it", "contrast with it"},
	    {"mentions it", "mention it"},
	    {"is not classified yet", "are not classified yet"}};
	int shown = 0, left = 0;

	for (int i = 0; i < CT_TYPE_COUNT; i++)
		left += p->facet_type[i] != 0;
	for (int i = 0; i < CT_TYPE_COUNT; i++) {
		if (!p->facet_type[i])
			continue;
		left--;
		ct_buf_printf(b, "%s%" PRId64 " %s",
		              shown ? (left ? ", " : " and ") : " ",
		              p->facet_type[i],
		              verbs[i][p->facet_type[i] != 1]);
		shown = 1;
	}
	ct_buf_puts(b, ".");
}

/* Where the statements are, stated right: "Most (62%) are in discussion
 * sections." only for a majority; "More are in discussion sections
 * (41%) than in any other." for a lead; ties named as ties:
 * "Introduction and discussion sections hold 50% each." */
static void headline_sections(struct ct_buf *b, const struct ct_page *p)
{
	int64_t top = 0;
	int ntop = 0, shown = 0;
	double share;

	for (int i = 0; i < CT_SEC_COUNT; i++)
		top = p->facet_section[i] > top ? p->facet_section[i] : top;
	for (int i = 0; i < CT_SEC_COUNT; i++)
		ntop += top && p->facet_section[i] == top;
	if (!top)
		return;
	share = 100.0 * (double)top / (double)p->total;
	if (ntop == 1) {
		for (int i = 0; i < CT_SEC_COUNT; i++)
			if (p->facet_section[i] == top && share > 50.0)
				ct_buf_printf(
				    b, " Most (%.0f%%) are in %s sections.",
				    share, ct_section_name(i));
			else if (p->facet_section[i] == top)
				ct_buf_printf(
				    b,
				    " More are in %s sections (%.0f%%) "
				    "than in any other.",
				    ct_section_name(i), share);
		return;
	}
	ct_buf_puts(b, " ");
	for (int i = 0; i < CT_SEC_COUNT; i++) {
		if (p->facet_section[i] != top)
			continue;
		shown++;
		ct_buf_printf(b, "%s%s",
		              shown == 1      ? ""
		              : shown == ntop ? " and "
		                              : ", ",
		              ct_section_name(i));
	}
	ct_buf_printf(b, " sections hold %.0f%% each.", share);
}

/* The peak year, or the years tied at the peak. */
static void headline_years(struct ct_buf *b, const struct ct_page *p)
{
	int64_t peak = 0;
	int npeak = 0, shown = 0;

	if (p->nyears < 2)
		return;
	for (size_t i = 0; i < p->nyears; i++)
		peak = p->facet_year[i].count > peak ? p->facet_year[i].count
		                                     : peak;
	for (size_t i = 0; i < p->nyears; i++)
		npeak += p->facet_year[i].count == peak;
	ct_buf_printf(b, " They span %s to %s, most in ",
	              p->facet_year[0].value,
	              p->facet_year[p->nyears - 1].value);
	for (size_t i = 0; i < p->nyears; i++) {
		if (p->facet_year[i].count != peak)
			continue;
		shown++;
		ct_buf_printf(b, "%s%s",
		              shown == 1       ? ""
		              : shown == npeak ? " and "
		                               : ", ",
		              p->facet_year[i].value);
	}
	ct_buf_puts(b, npeak > 1 ? " (tied)." : ".");
}

void summary_headline(struct ct_buf *b, const struct ct_page *p, int64_t citing)
{
	if (!p->total) {
		ct_buf_puts(b, "No indexed publication cites this work yet.");
		return;
	}
	ct_buf_printf(b,
	              "%" PRId64 " publication%s cite%s this work in %" PRId64
	              " statement%s:",
	              citing, citing == 1 ? "" : "s", citing == 1 ? "s" : "",
	              p->total, p->total == 1 ? "" : "s");
	headline_types(b, p);
	headline_sections(b, p);
	headline_years(b, p);
}
