/* tokens.c — the classifier's tokenizer (see tokens.h). */
#include <stdlib.h>
#include <string.h>

#include "tokens.h"

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || c == '\'';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Light suffix folding so that "results"/"result", "studies"/"study"
 * share a feature; no full stemmer, the data is too small to need one. */
static size_t fold(const char *w, size_t n, char *out)
{
	memcpy(out, w, n);
	if (n > 4 && !memcmp(w + n - 3, "ies", 3)) {
		out[n - 3] = 'y';
		return n - 2;
	}
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
	    w[n - 2] != 'i')
		return n - 1;
	return n;
}

static struct tok *tok_push(struct sent *s, const char *p, size_t len, int kind)
{
	struct tok *t;

	if (s->n >= TOK_MAX)
		return NULL;
	t = &s->t[s->n++];
	t->p = s->stem + s->stemlen;
	t->len = (uint32_t)(kind == TK_WORD ? fold(p, len, s->stem + s->stemlen)
	                                    : len);
	if (kind != TK_WORD)
		memcpy(s->stem + s->stemlen, p, len);
	s->stemlen += t->len + 1;
	t->hash = tok_fnv(TOK_FNV_OFF, t->p, t->len);
	t->kind = kind;
	t->clause = 0;
	t->neg = 0;
	t->other = 0;
	if (kind == TK_WORD)
		s->nwords++;
	return t;
}

/* Length of a bracketed or parenthesised citation marker at p (0 when the
 * bracket holds no digit, or a parenthesis no year / "et al"). */
static size_t cit_len(const char *p, size_t left)
{
	char close = p[0] == '[' ? ']' : ')';
	size_t max = left < 160 ? left : 160;
	int digits = 0, year = 0, run = 0, numeric = 1;

	for (size_t i = 1; i < max; i++) {
		unsigned char c = (unsigned char)p[i];

		if (p[i] == close) {
			/* "(16, 17)", "(3-5)": reference numbers in
			 * parentheses, short integers and separators only */
			if (close == ')' && numeric && digits > 0)
				return i + 1;
			if (close == ']' ? digits > 0 : year)
				return i + 1;
			return 0;
		}
		run = is_digit(p[i]) ? run + 1 : 0;
		if (run > 3 || !(is_digit(p[i]) || p[i] == ',' || p[i] == ' ' ||
		                 p[i] == '-' || c >= 0x80))
			numeric = 0;
		if (p[i] == '(' || p[i] == '[')
			return 0;
		if (is_digit(p[i])) {
			digits++;
			if (i + 3 < max && (p[i] == '1' || p[i] == '2') &&
			    is_digit(p[i + 1]) && is_digit(p[i + 2]) &&
			    is_digit(p[i + 3]))
				year = 1;
		}
		if (i + 5 < max && !memcmp(p + i, "et al", 5))
			year = 1;
	}
	return 0;
}

/* Word, number or punctuation at low[i]; returns the bytes consumed. */
static size_t scan_one(struct sent *s, size_t i, size_t n)
{
	const char *p = s->low + i;
	size_t k = 0, c;

	if (*p == '[' || *p == '(') {
		c = cit_len(p, n - i);
		if (c && s->all_targets) {
			if (s->tgt > s->n)
				s->tgt = s->n;
			tok_push(s, "TGT", 3, TK_TGT);
		} else if (c) {
			tok_push(s, "CIT", 3, TK_CIT);
		}
		if (c)
			return c;
	}
	if (is_alpha(*p)) {
		while (i + k < n && (is_alpha(p[k]) || is_digit(p[k])))
			k++;
		tok_push(s, p, k, TK_WORD);
		return k;
	}
	if (is_digit(*p)) {
		while (i + k < n && (is_digit(p[k]) || p[k] == '.' ||
		                     p[k] == ',' || p[k] == '%'))
			k++;
		tok_push(s, "NUM", 3, TK_NUM);
		return k;
	}
	if (strchr(",;:.?!()", *p) && *p)
		tok_push(s, p, 1, TK_PUNCT);
	return 1;
}

/* The target marker's first occurrence that is not glued to a word. */
static const char *find_marker(const char *s, size_t n, const char *marker)
{
	size_t m = marker ? strlen(marker) : 0;

	if (!m || m > n)
		return NULL;
	for (size_t i = 0; i + m <= n; i++) {
		if (s[i] != marker[0] || memcmp(s + i, marker, m))
			continue;
		if (i > 0 && is_digit(s[i - 1]) && is_digit(marker[0]))
			continue;
		if (i + m < n && is_digit(s[i + m]) && is_digit(marker[m - 1]))
			continue;
		return s + i;
	}
	return NULL;
}

void tok_sentence(struct sent *s, const char *text, size_t n,
                  const char *marker)
{
	const char *mk = find_marker(text, n, marker);
	size_t ms = mk ? (size_t)(mk - text) : n + 1;
	size_t me = mk ? ms + strlen(marker) : n + 1;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		s->low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	s->low[n] = '\0';
	s->n = s->nwords = s->stemlen = 0;
	s->tgt = TOK_MAX + 1;
	s->all_targets = !marker || !*marker;
	s->dropped_agree = 0;
	for (size_t i = 0; i < n && s->n < TOK_MAX;) {
		if (i == ms) {
			s->tgt = s->n;
			tok_push(s, "TGT", 3, TK_TGT);
			i = me;
			continue;
		}
		i += scan_one(s, i, i < ms ? ms : n);
	}
	if (s->tgt > s->n)
		s->tgt = s->n;
}

void tok_words(const char *text, size_t n,
               void (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	struct sent *s = malloc(sizeof(*s));

	if (!s)
		return;
	if (n > TOK_SENT_MAX)
		n = TOK_SENT_MAX;
	/* a marker that never occurs: every citation becomes CIT */
	tok_sentence(s, text, n, "\x01");
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i].kind != TK_PUNCT)
			fn(ctx, s->t[i].p, s->t[i].len);
	free(s);
}
