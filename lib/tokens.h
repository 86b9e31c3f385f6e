/*
 * tokens.h — the classifier's tokenizer, below both the features
 * (classify.c) and the word vectors (vectors.c), so that vectors learn
 * on exactly the tokens the classifier sees.
 *
 * A sentence becomes lower-cased tokens in a struct sent: words (lightly
 * suffix-folded: "studies" -> "study"), numbers as NUM, punctuation, and
 * citation markers as TGT (the target marker) or CIT (any other).  The
 * fields the tokenizer leaves at 0 (clause, neg, other, nclause,
 * dropped_agree) are filled by classify.c's later passes.
 */
#ifndef CT_TOKENS_H
#define CT_TOKENS_H
#include <stddef.h>
#include <stdint.h>

/* Bytes of the citing sentence read for features: longer sentences are
 * classified on their first TOK_SENT_MAX bytes (a 4 KB sentence is a
 * table or a list, not prose). */
#define TOK_SENT_MAX 4096
#define TOK_MAX      768 /* tokens of one sentence; more are dropped */

/* 32-bit FNV-1a, the hash of tokens and of classifier features. */
#define TOK_FNV_OFF 2166136261u
#define TOK_FNV_MUL 16777619u

static inline uint32_t tok_fnv(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * TOK_FNV_MUL;
	return h;
}

enum tok_kind { TK_WORD, TK_NUM, TK_PUNCT, TK_TGT, TK_CIT };

struct tok {
	const char *p; /* lower-cased, stemmed, in struct sent's buffer */
	uint32_t len, hash;
	int kind;
	int clause; /* clause number, from 0 */
	int neg;    /* part of a cue that a negation governs (negscope) */
	int other;  /* ownership's mark: another citation's, to be dropped */
};

struct sent {
	char low[TOK_SENT_MAX + 1];
	char stem[TOK_SENT_MAX * 2 + 16];
	size_t stemlen;
	struct tok t[TOK_MAX];
	size_t n, nwords, tgt; /* tgt: index of TGT, or n when absent */
	int all_targets;       /* no marker given: every citation is TGT */
	int dropped_agree;     /* ownership dropped another citation's
	                          agreement cue */
	int nclause;
};

/* Tokenizes text[0..n) (n <= TOK_SENT_MAX) into s.  The first occurrence
 * of marker not glued to a digit becomes TGT; marker NULL or "" makes
 * every citation marker TGT.  s->tgt is TGT's index, or s->n. */
void tok_sentence(struct sent *s, const char *text, size_t n,
                  const char *marker);

/* Calls fn(ctx, token, len) for each word, number and citation token of
 * text[0..n) (n <= TOK_SENT_MAX) as cls_features sees them: lower-cased
 * and folded words, "NUM", "CIT"; punctuation is skipped.  The token is
 * valid during the call only.  For learning word vectors (vectors.h). */
void tok_words(const char *text, size_t n,
               void (*fn)(void *ctx, const char *tok, size_t len), void *ctx);

#endif
