/*
 * norm.h — text normalisation for matching: the only file that includes
 * utf8proc.  Titles, names and journals written differently by different
 * citers compare equal after it: Unicode NFKC, case folded, diacritics
 * stripped ("Sjögren" = "Sjogren"), Greek letters spelled out
 * ("α-synuclein" = "alpha-synuclein"), every other non-alphanumeric
 * character a single space.  Non-Latin letters (Chinese) are kept.
 */
#ifndef CT_NORM_H
#define CT_NORM_H
#include <stddef.h>

/* Writes the normalised form of s (words separated by one space) to out,
 * at most cap - 1 bytes, never cutting a character; returns its length. */
size_t norm_text(const char *s, char *out, size_t cap);

/* norm_text without its ASCII shortcut: what the shortcut must equal
 * (tests compare the two). */
size_t norm_text_unicode(const char *s, char *out, size_t cap);

/* A surname's key: norm_text without spaces, hyphens or apostrophes
 * ("O'Brien" = "obrien", "Le-Roux" = "leroux"). */
size_t norm_name(const char *s, size_t n, char *out, size_t cap);

/* True when two journal names can be the same journal: after
 * normalisation and dropping "the of and for in", word for word one is an
 * abbreviation (a prefix) of the other ("J Psychiatr Res" and "Journal of
 * Psychiatric Research"). */
int norm_journal_same(const char *a, const char *b);

/* The words of s[0..n) as the full-text index sees them: FTS5's unicode61
 * tokenizer (statements_fts, schema.c) keeps letters, numbers and
 * private-use characters (Unicode categories L*, N*, Co) and splits at
 * every other character ("IL-1β" is two words, "p<0.05" three).  Sets
 * *words to their count and *last to the length in characters of the last
 * one (0 when none).  Returns 0, or -1 when s is not valid UTF-8. */
int norm_fts_words(const char *s, size_t n, size_t *words, size_t *last);

#endif
