/* norm.c — normalisation for matching; the only file that includes
 * utf8proc (see norm.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "norm.h"

/* Greek small letters U+03B1..U+03C9 by name (final sigma included); after
 * case folding capitals arrive here too. */
static const char *const greek[] = {
    "alpha",   "beta", "gamma", "delta",  "epsilon", "zeta", "eta",
    "theta",   "iota", "kappa", "lambda", "mu",      "nu",   "xi",
    "omicron", "pi",   "rho",   "sigma",  "sigma",   "tau",  "upsilon",
    "phi",     "chi",  "psi",   "omega"};

static size_t put_cp(char *out, size_t k, size_t cap, utf8proc_int32_t c,
                     int *space)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t w;
	const char *name = NULL;
	utf8proc_category_t cat = utf8proc_category(c);
	int alnum =
	    (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);

	if (c >= 0x3B1 && c <= 0x3C9)
		name = greek[c - 0x3B1];
	else if (c == 0xB5) /* micro sign */
		name = "mu";
	if (!alnum && !name) {
		*space = k > 0;
		return k;
	}
	if (name) {
		w = (utf8proc_ssize_t)strlen(name);
	} else {
		w = utf8proc_encode_char(c, tmp);
	}
	if (k + (*space ? 1 : 0) + (size_t)w + 1 > cap)
		return k;
	if (*space)
		out[k++] = ' ';
	*space = 0;
	memcpy(out + k, name ? (const void *)name : (const void *)tmp,
	       (size_t)w);
	return k + (size_t)w;
}

/* Plain ASCII needs none of utf8proc's tables: NFKC leaves it alone, case
 * folding is A-Z to a-z and the alphanumerics are [0-9A-Za-z].  Most
 * titles, names and journals are ASCII, and utf8proc_map cost a fifth of
 * ingest.  Returns 0 (and writes nothing) when s is not all ASCII. */
static int norm_ascii(const char *s, char *out, size_t cap, size_t *len)
{
	size_t k = 0;
	int space = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;

		if (!((c >= '0' && c <= '9') ||
		      ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
			space = k > 0;
			continue;
		}
		if (k + (space ? 1 : 0) + 2 > cap)
			break;
		if (space)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	out[k] = '\0';
	*len = k;
	return 1;
}

size_t norm_text_unicode(const char *s, char *out, size_t cap)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n;
	size_t k = 0;
	int space = 0;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (!s)
		return 0;
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                     UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	                     UTF8PROC_IGNORE);
	if (n < 0) /* invalid UTF-8: nothing comparable */
		return 0;
	for (utf8proc_ssize_t i = 0; i < n && k + 1 < cap;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t w = utf8proc_iterate(m + i, n - i, &c);

		if (w <= 0)
			break;
		k = put_cp(out, k, cap, c, &space);
		i += w;
	}
	out[k] = '\0';
	free(m);
	return k;
}

size_t norm_text(const char *s, char *out, size_t cap)
{
	size_t k;

	if (cap && s && norm_ascii(s, out, cap, &k))
		return k;
	return norm_text_unicode(s, out, cap);
}

size_t norm_name(const char *s, size_t n, char *out, size_t cap)
{
	char tmp[256];
	size_t k = 0, len;

	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	len = norm_text(tmp, out, cap);
	for (size_t i = 0; i < len; i++)
		if (out[i] != ' ')
			out[k++] = out[i];
	out[k] = '\0';
	return k;
}

static int stopword(const char *w, size_t n)
{
	static const char *const stop[] = {"the", "of", "and",     "for", "in",
	                                   "on",  "j",  "journal", NULL};

	for (int i = 0; stop[i]; i++)
		if (strlen(stop[i]) == n && !memcmp(stop[i], w, n))
			return 1;
	return 0;
}

/* Next significant word of s at *p: start and length; 0 at the end. */
static size_t next_word(const char *s, size_t *p, const char **w)
{
	while (s[*p]) {
		size_t n;

		while (s[*p] == ' ')
			(*p)++;
		n = strcspn(s + *p, " ");
		*w = s + *p;
		*p += n;
		if (n && !stopword(*w, n))
			return n;
	}
	return 0;
}

int norm_journal_same(const char *a, const char *b)
{
	char x[256], y[256];
	size_t i = 0, j = 0, words = 0;

	if (!norm_text(a, x, sizeof(x)) || !norm_text(b, y, sizeof(y)))
		return 0;
	for (;;) {
		const char *u, *v;
		size_t nu = next_word(x, &i, &u), nv = next_word(y, &j, &v);
		size_t m = nu < nv ? nu : nv;

		if (!nu || !nv)
			return !nu && !nv && words > 0;
		if (memcmp(u, v, m))
			return 0;
		words++;
	}
}

/* unicode61's token characters with its default "categories" option
 * (fts5_tokenize.c: "L* N* Co"): 1 for those, 2 for a combining mark
 * (category Mn), which continues a token but never starts one (unicode61
 * keeps diacritics inside a token to strip them), 0 for a separator. */
static int fts_token_char(utf8proc_int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80)
		return (c >= '0' && c <= '9') ||
		       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	cat = utf8proc_category(c);
	if (cat == UTF8PROC_CATEGORY_MN)
		return 2;
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	       cat == UTF8PROC_CATEGORY_CO;
}

int norm_fts_words(const char *s, size_t n, size_t *words, size_t *last)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t run = 0;

	*words = *last = 0;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t w =
		    utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
		int k;

		if (w <= 0)
			return -1;
		k = fts_token_char(c);
		if (!k || (k == 2 && !run)) {
			run = 0;
		} else if (++run == 1) {
			++*words;
		}
		if (run)
			*last = run;
		i += (size_t)w;
	}
	return 0;
}
