/*
 * vectors.h — in-domain word vectors for the classifier, learned by our
 * own code from plain text (one paragraph or sentence a line), and the
 * text form they take inside a model file.
 *
 * Learning (vec_learn): the text is tokenised exactly as the classifier
 * tokenises a statement (tok_words: lower case, light suffix folding,
 * numbers as NUM, citation markers as CIT); the `vocab` most frequent
 * tokens are kept; co-occurrence counts within `window` tokens (weighted
 * 1/distance) against the `contexts` most frequent tokens are turned into
 * positive PMI (context distribution smoothed by ^0.75); a randomized
 * truncated SVD (Halko et al. 2011: Gaussian sketch, power iterations,
 * Jacobi eigen-decomposition of the small Gram matrix) gives `dim`
 * dimensions, weighted by the square root of the singular values; each
 * word's vector is normalised to unit length.  Everything is
 * deterministic for a seed.
 *
 * Storage: per word one scale and dim int8 values (value = q * scale),
 * so 20,000 words x 64 dimensions take 1.3 MB in memory.
 */
#ifndef CT_VECTORS_H
#define CT_VECTORS_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

#define VEC_DIM_MAX   128
#define VEC_WORDS_MAX 200000
#define VEC_WORD_MAX  64 /* bytes of one word; longer tokens get no vector */

struct ct_vectors {
	size_t n, dim;
	char *words;    /* n NUL-terminated words */
	uint32_t *woff; /* word i at words + woff[i] */
	int8_t *q;      /* n * dim */
	float *scale;   /* n */
	float *f;       /* n * dim: q * scale, ready to add */
	uint32_t *hash; /* n: vec_hash of word i */
	uint32_t *slot; /* open addressing by word: index + 1, 0 empty */
	size_t nslot;   /* a power of two, >= 2 n */
	size_t cap;     /* words the table holds at most */
	size_t wlen, wcap;
};

struct vec_opts {
	size_t vocab, contexts, dim;
	int window, min_count;
	unsigned seed;
};
#define VEC_OPTS_INIT                                                          \
	{                                                                      \
		20000, 4000, 64, 5, 5, 20240611u                               \
	}

/* Learns vectors from text[0..len) (lines of prose); *out owned by the
 * caller (vec_free).  CT_EUSAGE when the options are out of range or the
 * text has fewer than 2 * dim distinct words of min_count. */
int vec_learn(const char *text, size_t len, const struct vec_opts *o,
              struct ct_vectors **out, struct ct_error *err);
void vec_free(struct ct_vectors *v);

/* Word w[0..n)'s vector scaled into out[0..dim); 0 when it has none. */
int vec_get(const struct ct_vectors *v, const char *w, size_t n, float *out);

/* The hash words are filed under: 32-bit FNV-1a of the bytes. */
uint32_t vec_hash(const char *w, size_t n);

/* Word w[0..n)'s vector (dim floats, owned by v), given its vec_hash;
 * NULL when it has none.  The hot path of classification: no copy. */
const float *vec_find(const struct ct_vectors *v, const char *w, size_t n,
                      uint32_t hash);

/* The text form: "vectors N DIM" then N lines "WORD SCALE HEX" (HEX: dim
 * two's-complement bytes).  vec_write appends it to b. */
int vec_write(const struct ct_vectors *v, struct ct_buf *b);
/* An empty set of n-word capacity and dim dimensions, to be filled by
 * vec_read_line (one "WORD SCALE HEX" line each). */
struct ct_vectors *vec_new(size_t n, size_t dim);
int vec_read_line(struct ct_vectors *v, const char *line);

#endif
