/* classify.c — features of one citation statement (see classify.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "tokens.h"

/* Token i is in the target's scope: its clause (the words other
 * citations own were dropped by ownership before any feature). */
static int in_scope(const struct sent *s, size_t i, int tc)
{
	return s->t[i].clause == tc;
}

/* ---- hashing and emitting --------------------------------------------- */

/* FNV-1a of a NUL-terminated string, without a separate strlen pass. */
static uint32_t fnv_str(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * TOK_FNV_MUL;
	return h;
}

/* Emits feature ns|a|b (b may be NULL) with value 1. */

static void emit(struct cls_feats *f, const char *ns, const char *a,
                 size_t alen, const char *b, size_t blen)
{
	uint32_t h = fnv_str(TOK_FNV_OFF, ns);

	if (f->n >= CLS_FEAT_MAX)
		return;
	h = tok_fnv(h, "|", 1);
	h = tok_fnv(h, a, alen);
	if (b) {
		h = tok_fnv(h, "_", 1);
		h = tok_fnv(h, b, blen);
	}
	/* a final avalanche so that the low bits used as bucket mix well */
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	f->id[f->n] = h & (CLS_BUCKETS - 1);
	f->val[f->n] = 1.0f;
	if (f->want_names) {
		f->name_off[f->n] = (uint32_t)f->namebuf.len;
		ct_buf_printf(&f->namebuf, "%s|%.*s%s%.*s", ns, (int)alen, a,
		              b ? "_" : "", b ? (int)blen : 0, b ? b : "");
		ct_buf_putc(&f->namebuf, '\0');
	}
	f->n++;
}

static void emit_tok(struct cls_feats *f, const char *ns, const struct tok *a,
                     const struct tok *b)
{
	emit(f, ns, a->p, a->len, b ? b->p : NULL, b ? b->len : 0);
}

/* A word's feature: "ns|word", or "ns|!_word" when the word belongs to
 * a cue a negation governs, so that "consistent" in "not consistent with"
 * does not count as the agreement it otherwise says. */
static void emit_word(struct cls_feats *f, const char *ns, const struct tok *t)
{
	if (t->neg)
		emit(f, ns, "!", 1, t->p, t->len);
	else
		emit(f, ns, t->p, t->len, NULL, 0);
}

const char *cls_feat_name(const struct cls_feats *f, size_t i)
{
	if (!f->want_names || i >= f->n || !f->namebuf.ptr)
		return "";
	return f->namebuf.ptr + f->name_off[i];
}

void cls_feats_release(struct cls_feats *f)
{
	ct_buf_release(&f->namebuf);
	f->n = 0;
}

/* ---- cue lexicon ------------------------------------------------------ */

enum cue_class {
	CUE_AGREE,
	CUE_CONTRAST,
	CUE_NEG,
	CUE_HEDGE,
	CUE_OURS,
	CUE_PRIOR,
	CUE_COMPARE,
	CUE_USE,
	CUE_LIMIT,
	/* an agreement or a contrast cue that a negation governs:
	 * "not consistent with", "did not differ from" */
	CUE_NEGAGREE,
	CUE_NEGCONTRAST,
	CUE__COUNT
};

static const char *const cue_names[CUE__COUNT] = {
    "agree",   "contrast", "neg",   "hedge",    "ours",       "prior",
    "compare", "use",      "limit", "negagree", "negcontrast"};

/* Word sequences, already lower-case and folded as fold() would. */
static const struct cue {
	int cls;
	const char *words;
} cues[] = {
    {CUE_AGREE, "consistent with"},
    {CUE_AGREE, "in agreement"},
    {CUE_AGREE, "agreement with"},
    {CUE_AGREE, "in line with"},
    {CUE_AGREE, "accordance with"},
    {CUE_AGREE, "in keeping with"},
    {CUE_AGREE, "similar"},
    {CUE_AGREE, "similarly"},
    {CUE_AGREE, "confirm"},
    {CUE_AGREE, "confirmed"},
    {CUE_AGREE, "confirming"},
    {CUE_AGREE, "corroborate"},
    {CUE_AGREE, "corroborated"},
    {CUE_AGREE, "support"},
    {CUE_AGREE, "supported"},
    {CUE_AGREE, "supporting"},
    {CUE_AGREE, "agree"},
    {CUE_AGREE, "comparable"},
    {CUE_AGREE, "concordant"},
    {CUE_AGREE, "mirror"},
    {CUE_AGREE, "also found"},
    {CUE_AGREE, "also reported"},
    {CUE_AGREE, "also shown"},
    {CUE_AGREE, "also observed"},
    {CUE_AGREE, "also demonstrated"},
    {CUE_AGREE, "replicate"},
    {CUE_AGREE, "replicated"},
    {CUE_AGREE, "likewise"},
    {CUE_AGREE, "same"},
    {CUE_AGREE, "as in"},
    {CUE_AGREE, "as reported"},
    {CUE_AGREE, "as previously"},
    {CUE_AGREE, "as was"},
    {CUE_AGREE, "as were"},
    {CUE_AGREE, "accord with"},
    {CUE_AGREE, "echo"},
    {CUE_AGREE, "consistently"},
    {CUE_AGREE, "parallel"},
    {CUE_AGREE, "in favor"},
    {CUE_AGREE, "in favour"},
    {CUE_CONTRAST, "in contrast"},
    {CUE_CONTRAST, "contrast"},
    {CUE_CONTRAST, "unlike"},
    {CUE_CONTRAST, "contrary"},
    {CUE_CONTRAST, "conflict"},
    {CUE_CONTRAST, "conflicting"},
    {CUE_CONTRAST, "inconsistent"},
    {CUE_CONTRAST, "differ"},
    {CUE_CONTRAST, "different from"},
    {CUE_CONTRAST, "however"},
    {CUE_CONTRAST, "wherea"},
    {CUE_CONTRAST, "although"},
    {CUE_CONTRAST, "though"},
    {CUE_CONTRAST, "but"},
    {CUE_CONTRAST, "while"},
    {CUE_CONTRAST, "despite"},
    {CUE_CONTRAST, "in spite"},
    {CUE_CONTRAST, "failed"},
    {CUE_CONTRAST, "fail"},
    {CUE_CONTRAST, "controversial"},
    {CUE_CONTRAST, "discrepancy"},
    {CUE_CONTRAST, "discrepant"},
    {CUE_CONTRAST, "contradict"},
    {CUE_CONTRAST, "contradictory"},
    {CUE_CONTRAST, "opposite"},
    {CUE_CONTRAST, "on the other hand"},
    {CUE_CONTRAST, "nevertheless"},
    {CUE_CONTRAST, "nonetheless"},
    {CUE_CONTRAST, "yet"},
    {CUE_CONTRAST, "rather than"},
    {CUE_CONTRAST, "instead"},
    {CUE_CONTRAST, "disagree"},
    {CUE_CONTRAST, "refute"},
    {CUE_CONTRAST, "challenge"},
    {CUE_CONTRAST, "not consistent"},
    {CUE_CONTRAST, "not confirm"},
    {CUE_CONTRAST, "not support"},
    {CUE_CONTRAST, "did not find"},
    {CUE_CONTRAST, "no significant"},
    {CUE_CONTRAST, "no difference"},
    {CUE_CONTRAST, "no effect"},
    {CUE_CONTRAST, "not significant"},
    {CUE_CONTRAST, "not observed"},
    {CUE_CONTRAST, "did not"},
    {CUE_CONTRAST, "could not"},
    {CUE_CONTRAST, "whilst"},
    {CUE_CONTRAST, "not in agreement"},
    {CUE_CONTRAST, "not in line"},
    {CUE_NEG, "not"},
    {CUE_NEG, "no"},
    {CUE_NEG, "never"},
    {CUE_NEG, "without"},
    {CUE_NEG, "neither"},
    {CUE_NEG, "nor"},
    {CUE_NEG, "cannot"},
    {CUE_NEG, "didn't"},
    {CUE_NEG, "doesn't"},
    {CUE_NEG, "don't"},
    {CUE_NEG, "wasn't"},
    {CUE_NEG, "weren't"},
    {CUE_NEG, "lack"},
    {CUE_NEG, "absence"},
    {CUE_HEDGE, "may"},
    {CUE_HEDGE, "might"},
    {CUE_HEDGE, "could"},
    {CUE_HEDGE, "possibly"},
    {CUE_HEDGE, "possible"},
    {CUE_HEDGE, "suggest"},
    {CUE_HEDGE, "suggested"},
    {CUE_HEDGE, "likely"},
    {CUE_HEDGE, "unclear"},
    {CUE_HEDGE, "perhap"},
    {CUE_HEDGE, "potential"},
    {CUE_HEDGE, "appear"},
    {CUE_HEDGE, "seem"},
    {CUE_HEDGE, "speculate"},
    {CUE_OURS, "our result"},
    {CUE_OURS, "our finding"},
    {CUE_OURS, "our study"},
    {CUE_OURS, "our data"},
    {CUE_OURS, "our trial"},
    {CUE_OURS, "our observation"},
    {CUE_OURS, "our"},
    {CUE_OURS, "we"},
    {CUE_OURS, "present study"},
    {CUE_OURS, "current study"},
    {CUE_OURS, "this study"},
    {CUE_OURS, "this trial"},
    {CUE_OURS, "present result"},
    {CUE_OURS, "these result"},
    {CUE_OURS, "these finding"},
    {CUE_OURS, "here"},
    {CUE_OURS, "present trial"},
    {CUE_PRIOR, "previous"},
    {CUE_PRIOR, "previously"},
    {CUE_PRIOR, "prior"},
    {CUE_PRIOR, "earlier"},
    {CUE_PRIOR, "other study"},
    {CUE_PRIOR, "another study"},
    {CUE_PRIOR, "recent"},
    {CUE_PRIOR, "literature"},
    {CUE_PRIOR, "reported"},
    {CUE_PRIOR, "et al"},
    {CUE_COMPARE, "than"},
    {CUE_COMPARE, "compared"},
    {CUE_COMPARE, "comparison"},
    {CUE_COMPARE, "higher"},
    {CUE_COMPARE, "lower"},
    {CUE_COMPARE, "greater"},
    {CUE_COMPARE, "better"},
    {CUE_COMPARE, "worse"},
    {CUE_USE, "according to"},
    {CUE_USE, "as described"},
    {CUE_USE, "described"},
    {CUE_USE, "using"},
    {CUE_USE, "based on"},
    {CUE_USE, "was used"},
    {CUE_USE, "were used"},
    {CUE_USE, "method"},
    {CUE_USE, "scale"},
    {CUE_USE, "questionnaire"},
    {CUE_USE, "defined"},
    {CUE_USE, "adapted"},
    {CUE_USE, "modified"},
    {CUE_USE, "calculated"},
    {CUE_USE, "guideline"},
    {CUE_USE, "validated"},
    {CUE_USE, "recommended"},
    {CUE_LIMIT, "only"},
    {CUE_LIMIT, "small"},
    {CUE_LIMIT, "limited"},
    {CUE_LIMIT, "limitation"},
    {CUE_LIMIT, "not controlled"},
    {CUE_LIMIT, "uncontrolled"},
    {CUE_LIMIT, "underpowered"},
    {CUE_LIMIT, "bia"},
    {CUE_LIMIT, "retrospective"},
};

#define NCUES (sizeof(cues) / sizeof(cues[0]))

/* Cues filed by the hash of their first word, so that a token is tried
 * only against the cues that can start at it: scanning the whole table
 * at every token was a quarter of classification time.  Within a bucket
 * the cues keep their table order, so features come out in the same
 * order as a full scan would give. */
#define CUE_BUCKETS 256
static struct {
	uint16_t
	    first[CUE_BUCKETS + 1]; /* bucket b: idx[first[b]..first[b+1]) */
	uint16_t idx[NCUES];
	uint32_t hash[NCUES]; /* of cue c's first word */
} cue_ix;
static pthread_once_t cue_once = PTHREAD_ONCE_INIT;

static void cue_index_build(void)
{
	uint16_t fill[CUE_BUCKETS] = {0};

	for (size_t c = 0; c < NCUES; c++) {
		const char *w = cues[c].words;

		cue_ix.hash[c] = tok_fnv(TOK_FNV_OFF, w, strcspn(w, " "));
		cue_ix.first[(cue_ix.hash[c] & (CUE_BUCKETS - 1)) + 1]++;
	}
	for (size_t b = 0; b < CUE_BUCKETS; b++)
		cue_ix.first[b + 1] += cue_ix.first[b];
	for (size_t c = 0; c < NCUES; c++) {
		size_t b = cue_ix.hash[c] & (CUE_BUCKETS - 1);

		cue_ix.idx[cue_ix.first[b] + fill[b]++] = (uint16_t)c;
	}
}

/* Number of tokens matched by cue c at token i, or 0. */
static size_t cue_match(const struct sent *s, size_t i, const char *w)
{
	size_t k = 0;

	while (*w) {
		size_t n = strcspn(w, " ");

		if (i + k >= s->n || s->t[i + k].kind != TK_WORD ||
		    s->t[i + k].len != n || memcmp(s->t[i + k].p, w, n))
			return 0;
		k++;
		w += n;
		w += *w == ' ';
	}
	return k;
}

/* ---- clauses and features --------------------------------------------- */

static void target_segment(const struct sent *s, size_t *sb, size_t *se);

/* A cue of one of the classes in mask (bits 1 << enum cue_class) starts
 * at token j. */
static int cue_at(const struct sent *s, size_t j, unsigned mask)
{
	uint32_t h = s->t[j].hash, b = h & (CUE_BUCKETS - 1);

	if (s->t[j].kind != TK_WORD)
		return 0;
	for (size_t k = cue_ix.first[b]; k < cue_ix.first[b + 1]; k++) {
		size_t c = cue_ix.idx[k];

		if (cue_ix.hash[c] == h && (mask & (1u << cues[c].cls)) &&
		    cue_match(s, j, cues[c].words))
			return 1;
	}
	return 0;
}

#define POLAR ((1u << CUE_AGREE) | (1u << CUE_CONTRAST))

/* "agrees with the survey [18] and differs from the estimate [19]": when
 * the words between the citation before the target and the target hold
 * an agreement or contrast cue of their own, the target's statement is
 * its own part of the sentence: another citation's cue and the words from
 * it to that citation are dropped (before the target: from the first cue
 * to the citation before it; after it: from the first cue after it, or
 * from the next citation, to the last citation).  The words around them
 * stay ("the prevalence we found", "..., we observed").  Without a cue of
 * its own ("consistent with [14] and with [16]") the target shares the
 * sentence as before. */
static void ownership(struct sent *s)
{
	size_t sb, se, last = s->n, tgt = 0, k = 0, cut;
	int tc, own = 0;

	if (s->tgt >= s->n)
		return;
	target_segment(s, &sb, &se);
	if (sb == 0 && se == s->n)
		return;
	tc = s->t[s->tgt].clause;
	pthread_once(&cue_once, cue_index_build);
	for (size_t j = sb; j < s->tgt && !own; j++)
		own = s->t[j].clause == tc && cue_at(s, j, POLAR);
	if (!own)
		return;
	for (size_t j = s->n; j-- > s->tgt;)
		if (s->t[j].kind == TK_CIT) {
			last = j;
			break;
		}
	for (cut = 0; cut < sb && !cue_at(s, cut, POLAR); cut++)
		;
	for (size_t j = cut; j < sb; j++) {
		s->t[j].other = 1;
		if (!s->t[j].neg && cue_at(s, j, 1u << CUE_AGREE))
			s->dropped_agree = 1;
	}
	if (last < s->n) {
		for (cut = s->tgt + 1; cut < se && !cue_at(s, cut, POLAR);
		     cut++)
			;
		for (size_t j = cut; j <= last; j++)
			s->t[j].other = 1;
	}
	for (size_t j = 0; j < s->n; j++) {
		if (s->t[j].other)
			continue;
		if (j == s->tgt)
			tgt = k;
		s->t[k++] = s->t[j];
	}
	s->n = k;
	s->tgt = tgt;
}

/* Words that open a new clause: the cue's clause decides whether the cue
 * speaks about the target reference or about another one. */
static int opens_clause(const struct tok *t)
{
#define W(s)                                                                   \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}
	static const struct {
		const char *s;
		uint32_t n;
	} w[] = {W("but"),     W("wherea"), W("although"), W("though"),
	         W("while"),   W("whilst"), W("however"),  W("yet"),
	         W("despite"), W("unlike"), W("contrary"), W("which")};
#undef W

	if (t->kind == TK_PUNCT)
		return t->p[0] == ';' || t->p[0] == ':';
	if (t->kind != TK_WORD || t->len < 3 || t->len > 8)
		return 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++)
		if (w[i].n == t->len && !memcmp(t->p, w[i].s, t->len))
			return 1;
	return 0;
}

static void clauses(struct sent *s)
{
	int c = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (i > 0 && opens_clause(&s->t[i]))
			c++;
		s->t[i].clause = c;
	}
	s->nclause = c + 1;
}

static void ngrams(const struct sent *s, struct cls_feats *f)
{
	static const struct tok start = {"<s>", 3, 0, TK_PUNCT, 0, 0, 0};
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;

	for (size_t i = 0; i < s->n; i++) {
		const struct tok *t = &s->t[i];

		if (t->kind != TK_PUNCT)
			emit_word(f, "u", t);
		emit_tok(f, "b", i ? &s->t[i - 1] : &start, t);
		if (t->kind == TK_WORD && in_scope(s, i, tc))
			emit_word(f, "c", t);
	}
}

/* Every word scoped as the cue words are (cue_word): in the target's
 * clause or another (T/O), before or after the target (B/A), so that
 * words the cue lexicon lacks ("objections", "unfortunately", "claimed")
 * count by where they stand relative to the target. */
static void scoped_words(const struct sent *s, struct cls_feats *f)
{
	static const char *const ns[4] = {"sTB", "sTA", "sOB", "sOA"};
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;

	for (size_t i = 0; tc >= 0 && i < s->n; i++) {
		const struct tok *t = &s->t[i];

		if (t->kind == TK_WORD)
			emit_word(
			    f, ns[(in_scope(s, i, tc) ? 0 : 2) + (i > s->tgt)],
			    t);
	}
}

/* Words in a window around the target: "by TGT", "TGT reported". */
static void window(const struct sent *s, struct cls_feats *f)
{
	static const char *const ns[] = {"w-3", "w-2", "w-1",
	                                 "w+1", "w+2", "w+3"};

	if (s->tgt >= s->n)
		return;
	for (int d = -3; d <= 3; d++) {
		size_t j = s->tgt + (size_t)d;

		if (d == 0 || (d < 0 && (size_t)-d > s->tgt) || j >= s->n)
			continue;
		emit_word(f, ns[d < 0 ? d + 3 : d + 2], &s->t[j]);
	}
}

/* Negation scope: the words after a negation up to punctuation, at most
 * four, get a "n|" feature of their own ("not consistent"). */
static void negation(const struct sent *s, size_t i, size_t len,
                     struct cls_feats *f)
{
	for (size_t j = i + len, k = 0; j < s->n && k < 4; j++, k++) {
		if (s->t[j].kind == TK_PUNCT)
			break;
		emit_tok(f, "n", &s->t[j], NULL);
	}
}

/* The cue itself, scoped: in the target's clause or not (T/O), before
 * or after the target (B/A): "however" before the target in its own
 * clause is contrast with it, after it in another clause is not. */
static void cue_word(const struct sent *s, size_t i, const char *words,
                     struct cls_feats *f)
{
	static const char *const ns[8] = {"cwTB",  "cwTA",  "cwOB",  "cwOA",
	                                  "cw!TB", "cw!TA", "cw!OB", "cw!OA"};
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;
	int k =
	    (in_scope(s, i, tc) ? 0 : 2) + (i > s->tgt) + (s->t[i].neg ? 4 : 0);

	if (tc >= 0)
		emit(f, ns[k], words, strlen(words), NULL, 0);
}

/* ---- negation scope --------------------------------------------------- */

/* Words that negate the agreement or contrast cue after them. "no" is not
 * one: "no similar trial" denies the trial, not the similarity. */
static int negator(const struct tok *t)
{
#define W(s)                                                                   \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}
	static const struct {
		const char *s;
		uint32_t n;
	} w[] = {W("not"),     W("never"),  W("cannot"),  W("didn't"),
	         W("doesn't"), W("don't"),  W("wasn't"),  W("weren't"),
	         W("isn't"),   W("aren't"), W("neither"), W("nor"),
	         W("without"), W("fail"),   W("failed"),  W("failing"),
	         W("unable"),  W("lack"),   W("lacked"),  W("lacking"),
	         W("longer")};
#undef W

	if (t->kind != TK_WORD)
		return 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++)
		if (w[i].n == t->len && !memcmp(t->p, w[i].s, t->len))
			return 1;
	return 0;
}

/* Contrast cues whose negation is agreement ("did not differ from",
 * "not inconsistent with"); "not ... but" and the like are not. */
static int negatable(const struct cue *c)
{
	static const char *const w[] = {
	    "in contrast",    "contrast",    "unlike",       "contrary",
	    "conflict",       "conflicting", "inconsistent", "differ",
	    "different from", "discrepancy", "discrepant",   "contradict",
	    "contradictory",  "opposite",    "disagree",     "refute"};

	if (c->cls == CUE_AGREE)
		return 1;
	for (size_t i = 0; c->cls == CUE_CONTRAST && i < sizeof(w) / sizeof(*w);
	     i++)
		if (!strcmp(c->words, w[i]))
			return 1;
	return 0;
}

/* Marks the tokens of the first negatable cue within three words after
 * each negation ("not consistent with", "could not be replicated",
 * "failed to confirm", "no longer supported"), within its clause and
 * before any punctuation; "not only ... but" negates nothing. */
static void negscope(struct sent *s)
{
	pthread_once(&cue_once, cue_index_build);
	for (size_t i = 0; i < s->n; i++) {
		int done = 0;

		if (!negator(&s->t[i]))
			continue;
		if (s->t[i].len == 6 && !memcmp(s->t[i].p, "longer", 6) &&
		    (i == 0 || s->t[i - 1].len != 2 ||
		     memcmp(s->t[i - 1].p, "no", 2)))
			continue;
		if (i + 1 < s->n && s->t[i + 1].len == 4 &&
		    !memcmp(s->t[i + 1].p, "only", 4))
			continue;
		for (size_t j = i + 1; j < s->n && j <= i + 3 && !done; j++) {
			uint32_t h = s->t[j].hash, b = h & (CUE_BUCKETS - 1);

			if (s->t[j].kind == TK_PUNCT ||
			    s->t[j].clause != s->t[i].clause)
				break;
			for (size_t k = cue_ix.first[b];
			     k < cue_ix.first[b + 1] && !done; k++) {
				size_t c = cue_ix.idx[k], len;

				if (cue_ix.hash[c] != h ||
				    !negatable(&cues[c]) ||
				    !(len = cue_match(s, j, cues[c].words)))
					continue;
				for (size_t q = j; q < j + len; q++)
					s->t[q].neg = 1;
				done = 1;
			}
		}
	}
}

/* The target's own segment: from the citation marker before it (or the
 * sentence start) to the one after it (or the end), so that in "agrees
 * with [18] and differs from [19]" the cue "differs" is [19]'s alone. */
static void target_segment(const struct sent *s, size_t *sb, size_t *se)
{
	*sb = 0;
	*se = s->n;
	if (s->tgt >= s->n)
		return;
	for (size_t i = s->tgt; i-- > 0;)
		if (s->t[i].kind == TK_CIT) {
			*sb = i + 1;
			break;
		}
	for (size_t i = s->tgt + 1; i < s->n; i++)
		if (s->t[i].kind == TK_CIT) {
			*se = i;
			break;
		}
}

/* A cue of class cls at token i, by where it stands: in the target's
 * clause or another, near the target, in the target's segment before or
 * after it. */
static void cue_scope(const struct sent *s, size_t i, int cls, size_t dist,
                      size_t sb, size_t se, int present[CUE__COUNT],
                      struct cls_feats *f)
{
	const char *cn = cue_names[cls];
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;

	present[cls] |= in_scope(s, i, tc) ? 1 : 2;
	emit(f, in_scope(s, i, tc) ? "cueT" : "cueO", cn, strlen(cn), NULL, 0);
	if (tc >= 0 && dist <= 6)
		emit(f, "near", cn, strlen(cn), NULL, 0);
	if (tc >= 0 && i >= sb && i < s->tgt)
		emit(f, "segB", cn, strlen(cn), NULL, 0);
	else if (tc >= 0 && i > s->tgt && i < se)
		emit(f, "segA", cn, strlen(cn), NULL, 0);
}

static void cue_features(const struct sent *s, struct cls_feats *f,
                         int present[CUE__COUNT])
{
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;
	int agree_before = -1; /* first clause before the target's with an
	                          agreement cue */
	size_t sb, se;

	target_segment(s, &sb, &se);
	pthread_once(&cue_once, cue_index_build);
	for (size_t i = 0; i < s->n; i++) {
		uint32_t h = s->t[i].hash, b = h & (CUE_BUCKETS - 1);

		if (s->t[i].kind != TK_WORD)
			continue;
		for (size_t k = cue_ix.first[b]; k < cue_ix.first[b + 1]; k++) {
			size_t c = cue_ix.idx[k];
			size_t len = cue_ix.hash[c] == h
			                 ? cue_match(s, i, cues[c].words)
			                 : 0;
			int cls = cues[c].cls;
			const char *cn;
			size_t dist;

			if (!len)
				continue;
			if (s->t[i].neg && cls == CUE_AGREE)
				cls = CUE_NEGAGREE;
			else if (s->t[i].neg && cls == CUE_CONTRAST)
				cls = CUE_NEGCONTRAST;
			else if (cls == CUE_AGREE && s->t[i].clause < tc &&
			         (agree_before < 0 ||
			          s->t[i].clause < agree_before))
				agree_before = s->t[i].clause;
			cn = cue_names[cls];
			cue_word(s, i, cues[c].words, f);
			dist = i > s->tgt ? i - s->tgt : s->tgt - i;
			cue_scope(s, i, cls, dist, sb, se, present, f);
			/* a negated cue also counts as the opposite class, so
			 * that the many plain contrast and agreement cues teach
			 * it */
			if (cls == CUE_NEGAGREE)
				cue_scope(s, i, CUE_CONTRAST, dist, sb, se,
				          present, f);
			else if (cls == CUE_NEGCONTRAST)
				cue_scope(s, i, CUE_AGREE, dist, sb, se,
				          present, f);
			if (cls == CUE_NEG)
				negation(s, i, len, f);
			if (i == 0)
				emit(f, "first", cn, strlen(cn), NULL, 0);
		}
	}
	/* "consistent with [10] but not with [29]": a negation in the
	 * target's clause, which has no cue of its own, denies the agreement
	 * of an earlier clause for the target */
	if ((agree_before >= 0 || s->dropped_agree) && (present[CUE_NEG] & 1) &&
	    !(present[CUE_AGREE] & 1) && !(present[CUE_NEGAGREE] & 1)) {
		present[CUE_NEGAGREE] |= 1;
		present[CUE_CONTRAST] |= 1;
		emit(f, "elide", "negagree", 8, NULL, 0);
		emit(f, "cueT", "negagree", 8, NULL, 0);
		emit(f, "segB", "negagree", 8, NULL, 0);
		emit(f, "segB", "contrast", 8, NULL, 0);
	}
}

/* Pairs of cue classes with their scope (T: in the target's clause, O:
 * in another), for the classes that carry the comparison: "oursO+
 * contrastT" is "our results differ from those of [T]". */
static void scoped_pairs(const int present[CUE__COUNT], struct cls_feats *f)
{
	static const int cls[] = {CUE_AGREE,      CUE_CONTRAST, CUE_NEG,
	                          CUE_OURS,       CUE_PRIOR,    CUE_NEGAGREE,
	                          CUE_NEGCONTRAST};
	char a[16], b[16];
	int na = (int)(sizeof(cls) / sizeof(*cls));

	for (int i = 0; i < na * 2; i++)
		for (int j = i + 1; j < na * 2; j++) {
			int ci = cls[i / 2], cj = cls[j / 2];

			if (!(present[ci] & (1 << (i & 1))) ||
			    !(present[cj] & (1 << (j & 1))) || ci == cj)
				continue;
			snprintf(a, sizeof(a), "%s%c", cue_names[ci],
			         i & 1 ? 'O' : 'T');
			snprintf(b, sizeof(b), "%s%c", cue_names[cj],
			         j & 1 ? 'O' : 'T');
			emit(f, "spair", a, strlen(a), b, strlen(b));
		}
}

/* Pairs of cue classes present anywhere: "ours+agree", "ours+contrast". */
static void cue_pairs(const int present[CUE__COUNT], struct cls_feats *f)
{
	for (int a = 0; a < CUE__COUNT; a++)
		for (int b = a + 1; b < CUE__COUNT; b++)
			if (present[a] && present[b])
				emit(f, "pair", cue_names[a],
				     strlen(cue_names[a]), cue_names[b],
				     strlen(cue_names[b]));
}

static void shape(const struct sent *s, int section_class, struct cls_feats *f)
{
	static const char *const pos[] = {"start", "middle", "end", "none"};
	static const char *const cnt[] = {"0", "1", "2", "3+"};
	size_t ncit = 0;
	int p = 3;

	for (size_t i = 0; i < s->n; i++)
		ncit += s->t[i].kind == TK_CIT;
	if (s->tgt < s->n)
		p = s->tgt * 3 < s->n ? 0 : s->tgt * 3 < s->n * 2 ? 1 : 2;
	emit(f, "bias", "", 0, NULL, 0);
	emit(f, "tpos", pos[p], strlen(pos[p]), NULL, 0);
	emit(f, "ncit", cnt[ncit > 3 ? 3 : ncit], 1 + (ncit > 2), NULL, 0);
	if (section_class >= 0 && section_class < CT_SEC_COUNT) {
		const char *sn = ct_section_name(section_class);

		emit(f, "sec", sn, strlen(sn), NULL, 0);
	}
}

/* ---- dense features from word vectors -------------------------------- */

/* Gain of the dense features: mean unit vectors have components near
 * 0.1, the hashed features are 1; the gain puts both under one L2. */
#ifndef VEC_GAIN
#define VEC_GAIN 2.0f
#endif
#define VEC_NEAR 4 /* words either side of the target in block 2 */

static void emit_dense(struct cls_feats *f, int block, const float *sum,
                       size_t dim, float cnt)
{
	static const char *const names[CLS_DENSE_BLOCKS] = {"vs", "vc", "vn"};

	for (size_t k = 0; k < dim && f->n < CLS_FEAT_MAX && cnt > 0; k++) {
		f->id[f->n] = CLS_BUCKETS + (uint32_t)(block * VEC_DIM_MAX + k);
		f->val[f->n] = VEC_GAIN * sum[k] / cnt;
		if (f->want_names) {
			f->name_off[f->n] = (uint32_t)f->namebuf.len;
			ct_buf_printf(&f->namebuf, "%s|%zu", names[block], k);
			ct_buf_putc(&f->namebuf, '\0');
		}
		f->n++;
	}
}

/* s[k] += x[k], eight at a time: straight-line adds the compiler turns
 * into SIMD at -O2 (a counted loop it leaves scalar); each element is
 * added in the same order as one at a time, so the sums are the same. */
static void vec_add(float *restrict s, const float *restrict x, size_t n)
{
	size_t k = 0;

	for (; k + 8 <= n; k += 8) {
		s[k] += x[k];
		s[k + 1] += x[k + 1];
		s[k + 2] += x[k + 2];
		s[k + 3] += x[k + 3];
		s[k + 4] += x[k + 4];
		s[k + 5] += x[k + 5];
		s[k + 6] += x[k + 6];
		s[k + 7] += x[k + 7];
	}
	for (; k < n; k++)
		s[k] += x[k];
}

/* Mean vectors of the sentence, of the target's clause, of the words
 * within VEC_NEAR of the target. */
static void dense(const struct sent *s, struct cls_feats *f)
{
	float sum[CLS_DENSE_BLOCKS][VEC_DIM_MAX] = {{0}};
	const float *x;
	float cnt[CLS_DENSE_BLOCKS] = {0};
	int tc = s->tgt < s->n ? s->t[s->tgt].clause : -1;
	size_t dim = f->vec->dim;

	for (size_t i = 0; i < s->n; i++) {
		const struct tok *t = &s->t[i];
		size_t d = i > s->tgt ? i - s->tgt : s->tgt - i;
		int in[CLS_DENSE_BLOCKS] = {1, in_scope(s, i, tc),
		                            tc >= 0 && d <= VEC_NEAR};

		/* t->hash is FNV-1a of the token, as vec_hash */
		if (t->kind != TK_WORD || t->neg ||
		    !(x = vec_find(f->vec, t->p, t->len, t->hash)))
			continue;
		for (int b = 0; b < CLS_DENSE_BLOCKS; b++) {
			if (!in[b])
				continue;
			cnt[b]++;
			vec_add(sum[b], x, dim);
		}
	}
	for (int b = 0; b < CLS_DENSE_BLOCKS; b++)
		emit_dense(f, b, sum[b], dim, cnt[b]);
}

/* A feature counts at most FEAT_REPEAT_MAX times (issue 19): repeating
 * a cue ("consistent with ... consistent with ...") ten times added its
 * weight ten times and drove confidence to 1.0.  Counts of 1 and 2, all
 * the shipped model was trained on in practice, are unchanged, so its
 * weights stay valid; later copies are dropped, order kept. */
#define FEAT_REPEAT_MAX 2
#define REPEAT_SLOTS                                                           \
	(2 * CLS_FEAT_MAX) /* a power of two, half full at most                \
	                    */

static void cap_repeats(struct cls_feats *f)
{
	uint32_t key[REPEAT_SLOTS]; /* feature id + 1; 0 is empty */
	uint8_t cnt[REPEAT_SLOTS];
	size_t w = 0;

	memset(key, 0, sizeof(key));
	for (size_t i = 0; i < f->n; i++) {
		size_t h = (f->id[i] * 2654435761u) & (REPEAT_SLOTS - 1);

		while (key[h] && key[h] != f->id[i] + 1)
			h = (h + 1) & (REPEAT_SLOTS - 1);
		if (!key[h]) {
			key[h] = f->id[i] + 1;
			cnt[h] = 0;
		}
		if (cnt[h] >= FEAT_REPEAT_MAX)
			continue;
		cnt[h]++;
		f->id[w] = f->id[i];
		f->val[w] = f->val[i];
		if (f->want_names)
			f->name_off[w] = f->name_off[i];
		w++;
	}
	f->n = w;
}

int cls_features(const char *text, size_t sent_start, size_t sent_end,
                 const char *marker, int section_class, struct cls_feats *f)
{
	struct sent s;
	int present[CUE__COUNT] = {0};
	size_t n = sent_end > sent_start ? sent_end - sent_start : 0;

	f->n = 0;
	ct_buf_reset(&f->namebuf);
	if (!text)
		return 0;
	if (n > TOK_SENT_MAX)
		n = TOK_SENT_MAX;
	tok_sentence(&s, text + sent_start, n, marker);
	if (!s.nwords)
		return 0;
	clauses(&s);
	negscope(&s);
	ownership(&s);
	shape(&s, section_class, f);
	ngrams(&s, f);
	window(&s, f);
	scoped_words(&s, f);
	cue_features(&s, f, present);
	cue_pairs(present, f);
	scoped_pairs(present, f);
	if (f->vec)
		dense(&s, f);
	cap_repeats(f);
	return (int)s.nwords;
}
