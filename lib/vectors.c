/* vectors.c — in-domain word vectors: PPMI co-occurrence and randomized
 * truncated SVD, quantised storage and lookup (see vectors.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "tokens.h"
#include "vectors.h"

#define OVERSAMPLE  16 /* extra sketch columns of the randomized SVD */
#define POWER_ITERS 3  /* power iterations: sharpen the spectrum's top */
#define CDS_ALPHA   0.75
#define SV_POWER    0.5 /* vectors = U * sigma^SV_POWER */

/* ---- the word table (counting while learning, lookup when applying) --- */

uint32_t vec_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static const char *word_at(const struct ct_vectors *v, size_t i)
{
	return v->words + v->woff[i];
}

/* Slot of w (hash h) in v->slot: its entry, or the empty slot it would
 * take. */
static size_t find_slot_h(const struct ct_vectors *v, const char *w, size_t n,
                          uint32_t h)
{
	size_t mask = v->nslot - 1, s = h & mask;

	while (v->slot[s]) {
		uint32_t i = v->slot[s] - 1;
		const char *x = word_at(v, i);

		if (v->hash[i] == h && !memcmp(x, w, n) && x[n] == '\0')
			return s;
		s = (s + 1) & mask;
	}
	return s;
}

static size_t find_slot(const struct ct_vectors *v, const char *w, size_t n)
{
	return find_slot_h(v, w, n, vec_hash(w, n));
}

static int table_alloc(struct ct_vectors *v, size_t cap)
{
	v->nslot = 16;
	while (v->nslot < cap * 2)
		v->nslot *= 2;
	v->slot = calloc(v->nslot, sizeof(*v->slot));
	v->woff = calloc(cap + 1, sizeof(*v->woff));
	v->hash = calloc(cap + 1, sizeof(*v->hash));
	v->cap = cap;
	return v->slot && v->woff && v->hash ? 0 : CT_ENOMEM;
}

/* Adds word w (not present) as entry v->n. */
static int table_add(struct ct_vectors *v, size_t slot, const char *w, size_t n)
{
	if (v->wlen + n + 1 > v->wcap) {
		size_t cap = (v->wlen + n + 1) * 2;
		char *p = realloc(v->words, cap);

		if (!p)
			return CT_ENOMEM;
		v->words = p;
		v->wcap = cap;
	}
	memcpy(v->words + v->wlen, w, n);
	v->words[v->wlen + n] = '\0';
	v->woff[v->n] = (uint32_t)v->wlen;
	v->hash[v->n] = vec_hash(w, n);
	v->wlen += n + 1;
	v->slot[slot] = (uint32_t)++v->n;
	return 0;
}

struct ct_vectors *vec_new(size_t n, size_t dim)
{
	struct ct_vectors *v = calloc(1, sizeof(*v));

	if (!v || n > VEC_WORDS_MAX || dim == 0 || dim > VEC_DIM_MAX ||
	    table_alloc(v, n ? n : 1)) {
		vec_free(v);
		return NULL;
	}
	v->dim = dim;
	v->q = calloc(n * dim + 1, 1);
	v->scale = calloc(n + 1, sizeof(*v->scale));
	v->f = calloc(n * dim + 1, sizeof(*v->f));
	if (!v->q || !v->scale || !v->f) {
		vec_free(v);
		return NULL;
	}
	return v;
}

void vec_free(struct ct_vectors *v)
{
	if (!v)
		return;
	free(v->words);
	free(v->woff);
	free(v->q);
	free(v->scale);
	free(v->f);
	free(v->hash);
	free(v->slot);
	free(v);
}

const float *vec_find(const struct ct_vectors *v, const char *w, size_t n,
                      uint32_t hash)
{
	size_t s;

	if (!v || !v->n || n >= VEC_WORD_MAX)
		return NULL;
	s = find_slot_h(v, w, n, hash);
	return v->slot[s] ? v->f + (size_t)(v->slot[s] - 1) * v->dim : NULL;
}

int vec_get(const struct ct_vectors *v, const char *w, size_t n, float *out)
{
	const float *x = vec_find(v, w, n, vec_hash(w, n));

	if (x)
		memcpy(out, x, v->dim * sizeof(*out));
	return x != NULL;
}

/* Word i's float vector, from its quantised form. */
static void dequantise(struct ct_vectors *v, size_t i)
{
	if (!v->f)
		return;
	for (size_t k = 0; k < v->dim; k++)
		v->f[i * v->dim + k] = v->q[i * v->dim + k] * v->scale[i];
}

/* ---- text form -------------------------------------------------------- */

int vec_write(const struct ct_vectors *v, struct ct_buf *b)
{
	static const char hex[] = "0123456789abcdef";
	int rc = ct_buf_printf(b, "vectors %zu %zu\n", v->n, v->dim);

	for (size_t i = 0; !rc && i < v->n; i++) {
		rc = ct_buf_printf(b, "%s %.9g ", word_at(v, i),
		                   (double)v->scale[i]);
		for (size_t k = 0; !rc && k < v->dim; k++) {
			unsigned char c = (unsigned char)v->q[i * v->dim + k];

			rc = ct_buf_putc(b, hex[c >> 4]);
			if (!rc)
				rc = ct_buf_putc(b, hex[c & 15]);
		}
		if (!rc)
			rc = ct_buf_putc(b, '\n');
	}
	return rc;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                              : -1;
}

int vec_read_line(struct ct_vectors *v, const char *line)
{
	const char *sp = strchr(line, ' '), *h;
	size_t n = sp ? (size_t)(sp - line) : 0, s;
	char *end;
	double scale;

	if (!n || n >= VEC_WORD_MAX || v->n >= v->cap)
		return CT_EPARSE;
	scale = strtod(sp + 1, &end);
	if (end == sp + 1 || *end != ' ' || !(scale >= 0) || scale > 1)
		return CT_EPARSE;
	h = end + 1;
	if (strlen(h) != v->dim * 2)
		return CT_EPARSE;
	s = find_slot(v, line, n);
	if (v->slot[s])
		return CT_EPARSE; /* the same word twice */
	for (size_t k = 0; k < v->dim; k++) {
		int a = hexval(h[2 * k]), b = hexval(h[2 * k + 1]);

		if (a < 0 || b < 0)
			return CT_EPARSE;
		v->q[v->n * v->dim + k] = (int8_t)(uint8_t)(a * 16 + b);
	}
	v->scale[v->n] = (float)scale;
	dequantise(v, v->n);
	return table_add(v, s, line, n);
}

/* ---- learning: vocabulary --------------------------------------------- */

struct counter {
	struct ct_vectors *t;
	size_t *count, cap;
	int rc;
};

static int counter_grow(struct counter *c)
{
	struct ct_vectors *old = c->t, *t = calloc(1, sizeof(*t));
	size_t cap = c->cap * 2;
	size_t *count = realloc(c->count, cap * sizeof(*count));

	if (count)
		c->count = count;
	if (!t || !count || table_alloc(t, cap)) {
		vec_free(t);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < old->n; i++) {
		const char *w = word_at(old, i);
		size_t n = strlen(w);

		if (table_add(t, find_slot(t, w, n), w, n)) {
			vec_free(t);
			return CT_ENOMEM;
		}
	}
	vec_free(old);
	c->t = t;
	c->cap = cap;
	return 0;
}

static void count_tok(void *ctx, const char *w, size_t n)
{
	struct counter *c = ctx;
	size_t s;

	if (c->rc || n >= VEC_WORD_MAX)
		return;
	if (c->t->n + 1 >= c->cap && (c->rc = counter_grow(c)))
		return;
	s = find_slot(c->t, w, n);
	if (!c->t->slot[s]) {
		c->rc = table_add(c->t, s, w, n);
		if (!c->rc)
			c->count[c->t->n - 1] = 0;
	}
	if (!c->rc)
		c->count[c->t->slot[s] - 1]++;
}

/* Calls tok_words on each line of text, in pieces of at most
 * TOK_SENT_MAX bytes cut at a space. */
static void each_line(const char *text, size_t len,
                      void (*fn)(void *, const char *, size_t), void *ctx,
                      void (*eol)(void *), void *ectx)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		while (p < le) {
			size_t n = (size_t)(le - p);

			if (n > TOK_SENT_MAX) {
				n = TOK_SENT_MAX;
				while (n > TOK_SENT_MAX / 2 && p[n - 1] != ' ')
					n--;
			}
			tok_words(p, n, fn, ctx);
			p += n;
		}
		if (eol)
			eol(ectx);
		p = le + 1;
	}
}

struct ranked {
	size_t count, idx;
	const char *w;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->w, y->w);
}

/* The o->vocab most frequent words of count >= min_count, by frequency
 * (ties by byte order), as a new table. */
static int vocabulary(const char *text, size_t len, const struct vec_opts *o,
                      struct ct_vectors **out)
{
	struct counter c = {vec_new(2048, 1), calloc(2048, sizeof(size_t)),
	                    2048, 0};
	struct ranked *r = NULL;
	size_t keep = 0;

	if (!c.t || !c.count)
		c.rc = CT_ENOMEM;
	if (!c.rc)
		each_line(text, len, count_tok, &c, NULL, NULL);
	if (!c.rc && !(r = calloc(c.t->n + 1, sizeof(*r))))
		c.rc = CT_ENOMEM;
	for (size_t i = 0; !c.rc && i < c.t->n; i++)
		r[i] = (struct ranked){c.count[i], i, word_at(c.t, i)};
	if (!c.rc)
		qsort(r, c.t->n, sizeof(*r), ranked_cmp);
	while (!c.rc && keep < c.t->n && keep < o->vocab &&
	       r[keep].count >= (size_t)o->min_count)
		keep++;
	*out = c.rc ? NULL : vec_new(keep, o->dim);
	for (size_t i = 0; *out && i < keep && !c.rc; i++) {
		size_t n = strlen(r[i].w);

		c.rc = table_add(*out, find_slot(*out, r[i].w, n), r[i].w, n);
	}
	if (!c.rc && !*out)
		c.rc = CT_ENOMEM;
	free(r);
	free(c.count);
	vec_free(c.t);
	return c.rc;
}

/* ---- learning: co-occurrence and PPMI --------------------------------- */

#define LINE_TOKS_MAX 4096

struct cooc {
	const struct ct_vectors *vocab;
	size_t contexts, window;
	float *m; /* vocab->n x contexts, row-major */
	int32_t ids[LINE_TOKS_MAX];
	size_t nids;
};

static void cooc_tok(void *ctx, const char *w, size_t n)
{
	struct cooc *c = ctx;
	size_t s;

	if (n >= VEC_WORD_MAX || c->nids >= LINE_TOKS_MAX)
		return;
	s = find_slot(c->vocab, w, n);
	if (c->vocab->slot[s])
		c->ids[c->nids++] = (int32_t)c->vocab->slot[s] - 1;
}

/* At the end of a line: counts each pair within the window, 1/distance. */
static void cooc_eol(void *ctx)
{
	struct cooc *c = ctx;

	for (size_t i = 0; i < c->nids; i++)
		for (size_t d = 1; d <= c->window && i + d < c->nids; d++) {
			size_t a = (size_t)c->ids[i], b = (size_t)c->ids[i + d];
			float w = 1.0f / (float)d;

			if (b < c->contexts)
				c->m[a * c->contexts + b] += w;
			if (a < c->contexts)
				c->m[b * c->contexts + a] += w;
		}
	c->nids = 0;
}

/* Turns counts into positive PMI with the context distribution smoothed
 * by CDS_ALPHA (Levy, Goldberg and Dagan 2015). */
static int ppmi(float *m, size_t rows, size_t cols)
{
	double *rs = calloc(rows, sizeof(*rs)), *cs = calloc(cols, sizeof(*cs));
	double csum = 0;

	if (!rs || !cs) {
		free(rs);
		free(cs);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			rs[i] += m[i * cols + j];
			cs[j] += m[i * cols + j];
		}
	for (size_t j = 0; j < cols; j++)
		csum += cs[j] = pow(cs[j], CDS_ALPHA);
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			float *x = &m[i * cols + j];
			double pmi = *x > 0 && rs[i] > 0
			                 ? log(*x * csum / (rs[i] * cs[j]))
			                 : 0;

			*x = pmi > 0 ? (float)pmi : 0;
		}
	free(rs);
	free(cs);
	return 0;
}

/* ---- learning: randomized SVD ----------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static double gauss(uint64_t *s)
{
	double u = ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
	double v = ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* y (rows x l) = m (rows x cols) x x (cols x l); zeros of m skipped. */
static void mul(const float *m, size_t rows, size_t cols, const double *x,
                size_t l, double *y)
{
	memset(y, 0, rows * l * sizeof(*y));
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			double a = m[i * cols + j];

			if (a != 0)
				for (size_t k = 0; k < l; k++)
					y[i * l + k] += a * x[j * l + k];
		}
}

/* z (cols x l) = m^T x y (rows x l). */
static void mul_t(const float *m, size_t rows, size_t cols, const double *y,
                  size_t l, double *z)
{
	memset(z, 0, cols * l * sizeof(*z));
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			double a = m[i * cols + j];

			if (a != 0)
				for (size_t k = 0; k < l; k++)
					z[j * l + k] += a * y[i * l + k];
		}
}

/* Orthonormalises the l columns of y (n x l, row-major) in place by
 * modified Gram-Schmidt, twice for stability. */
static void orthonormalise(double *y, size_t n, size_t l)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < l; k++) {
			double norm = 0;

			for (size_t j = 0; j < k; j++) {
				double d = 0;

				for (size_t i = 0; i < n; i++)
					d += y[i * l + j] * y[i * l + k];
				for (size_t i = 0; i < n; i++)
					y[i * l + k] -= d * y[i * l + j];
			}
			for (size_t i = 0; i < n; i++)
				norm += y[i * l + k] * y[i * l + k];
			norm = norm > 1e-300 ? 1 / sqrt(norm) : 0;
			for (size_t i = 0; i < n; i++)
				y[i * l + k] *= norm;
		}
}

/* Eigen-decomposition of the symmetric l x l matrix a by cyclic Jacobi
 * rotations: eigenvalues into ev, eigenvectors into the columns of u. */
static void jacobi(double *a, size_t l, double *ev, double *u)
{
	for (size_t i = 0; i < l * l; i++)
		u[i] = i % (l + 1) == 0;
	for (int sweep = 0; sweep < 60; sweep++) {
		double off = 0;

		for (size_t p = 0; p < l; p++)
			for (size_t q = p + 1; q < l; q++)
				off += a[p * l + q] * a[p * l + q];
		if (off < 1e-22)
			break;
		for (size_t p = 0; p < l; p++)
			for (size_t q = p + 1; q < l; q++) {
				double apq = a[p * l + q], th, t, c, s;

				if (fabs(apq) < 1e-300)
					continue;
				th = (a[q * l + q] - a[p * l + p]) / (2 * apq);
				t = (th >= 0 ? 1 : -1) /
				    (fabs(th) + sqrt(th * th + 1));
				c = 1 / sqrt(t * t + 1);
				s = t * c;
				for (size_t k = 0; k < l; k++) {
					double akp = a[k * l + p],
					       akq = a[k * l + q];

					a[k * l + p] = c * akp - s * akq;
					a[k * l + q] = s * akp + c * akq;
				}
				for (size_t k = 0; k < l; k++) {
					double apk = a[p * l + k],
					       aqk = a[q * l + k];

					a[p * l + k] = c * apk - s * aqk;
					a[q * l + k] = s * apk + c * aqk;
				}
				for (size_t k = 0; k < l; k++) {
					double ukp = u[k * l + p],
					       ukq = u[k * l + q];

					u[k * l + p] = c * ukp - s * ukq;
					u[k * l + q] = s * ukp + c * ukq;
				}
			}
	}
	for (size_t i = 0; i < l; i++)
		ev[i] = a[i * l + i];
}

struct svd {
	size_t rows, cols, l;
	double *q, *z, *g, *ev, *u;
};

static void svd_release(struct svd *s)
{
	free(s->q);
	free(s->z);
	free(s->g);
	free(s->ev);
	free(s->u);
}

/* The range of m: q (rows x l), orthonormal, after power iterations. */
static void sketch(const float *m, struct svd *s, unsigned seed)
{
	uint64_t r = 0x9e3779b97f4a7c15ull ^ seed;

	for (size_t i = 0; i < s->cols * s->l; i++)
		s->z[i] = gauss(&r);
	mul(m, s->rows, s->cols, s->z, s->l, s->q);
	orthonormalise(s->q, s->rows, s->l);
	for (int it = 0; it < POWER_ITERS; it++) {
		mul_t(m, s->rows, s->cols, s->q, s->l, s->z);
		orthonormalise(s->z, s->cols, s->l);
		mul(m, s->rows, s->cols, s->z, s->l, s->q);
		orthonormalise(s->q, s->rows, s->l);
	}
}

/* Word i's vector: sum over the top dim eigenpairs, quantised. */
static void store_word(struct ct_vectors *v, const struct svd *s,
                       const size_t *ord, size_t i)
{
	double x[VEC_DIM_MAX], norm = 0, max = 0;

	for (size_t k = 0; k < v->dim; k++) {
		size_t e = ord[k];
		double d = 0;

		for (size_t j = 0; j < s->l; j++)
			d += s->q[i * s->l + j] * s->u[j * s->l + e];
		x[k] = d * pow(s->ev[e] > 0 ? s->ev[e] : 0, SV_POWER / 2);
		norm += x[k] * x[k];
	}
	norm = norm > 0 ? sqrt(norm) : 1;
	for (size_t k = 0; k < v->dim; k++)
		max = fabs(x[k] / norm) > max ? fabs(x[k] / norm) : max;
	v->scale[i] = (float)(max / 127);
	for (size_t k = 0; k < v->dim; k++)
		v->q[i * v->dim + k] =
		    (int8_t)lround(max > 0 ? x[k] / norm / max * 127 : 0);
	dequantise(v, i);
}

/* The eigenvalue order, largest first (sign of eigenvectors fixed so
 * that the result does not depend on rounding in the rotations). */
static void order(const struct svd *s, size_t *ord)
{
	for (size_t i = 0; i < s->l; i++)
		ord[i] = i;
	for (size_t i = 1; i < s->l; i++)
		for (size_t j = i; j > 0 && s->ev[ord[j]] > s->ev[ord[j - 1]];
		     j--) {
			size_t t = ord[j];

			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
}

static int svd_vectors(const float *m, struct ct_vectors *v, unsigned seed,
                       size_t cols)
{
	struct svd s = {v->n, cols, v->dim + OVERSAMPLE, 0, 0, 0, 0, 0};
	size_t ord[VEC_DIM_MAX + OVERSAMPLE];

	s.q = calloc(s.rows * s.l, sizeof(double));
	s.z = calloc(s.cols * s.l, sizeof(double));
	s.g = calloc(s.l * s.l, sizeof(double));
	s.ev = calloc(s.l, sizeof(double));
	s.u = calloc(s.l * s.l, sizeof(double));
	if (!s.q || !s.z || !s.g || !s.ev || !s.u) {
		svd_release(&s);
		return CT_ENOMEM;
	}
	sketch(m, &s, seed);
	/* the Gram matrix of B = Q^T M is Z^T Z with Z = M^T Q */
	mul_t(m, s.rows, s.cols, s.q, s.l, s.z);
	for (size_t a = 0; a < s.l; a++)
		for (size_t b = 0; b < s.l; b++) {
			double d = 0;

			for (size_t j = 0; j < s.cols; j++)
				d += s.z[j * s.l + a] * s.z[j * s.l + b];
			s.g[a * s.l + b] = d;
		}
	jacobi(s.g, s.l, s.ev, s.u);
	order(&s, ord);
	for (size_t i = 0; i < v->n; i++)
		store_word(v, &s, ord, i);
	svd_release(&s);
	return 0;
}

int vec_learn(const char *text, size_t len, const struct vec_opts *o,
              struct ct_vectors **out, struct ct_error *err)
{
	struct cooc *c = NULL;
	struct ct_vectors *v = NULL;
	int rc;

	*out = NULL;
	if (o->dim < 2 || o->dim > VEC_DIM_MAX || o->vocab > VEC_WORDS_MAX ||
	    o->window < 1 || o->contexts < o->dim + OVERSAMPLE)
		return err_set(err, CT_EUSAGE, "vectors: options out of range");
	rc = vocabulary(text, len, o, &v);
	if (!rc && v->n < 2 * (o->dim + OVERSAMPLE))
		rc = err_set(err, CT_EUSAGE,
		             "vectors: %zu distinct words of "
		             "count %d or more; too few for %zu dimensions",
		             v->n, o->min_count, o->dim);
	if (!rc && !(c = calloc(1, sizeof(*c))))
		rc = CT_ENOMEM;
	if (!rc) {
		c->vocab = v;
		c->window = (size_t)o->window;
		c->contexts = o->contexts < v->n ? o->contexts : v->n;
		c->m = calloc(v->n * c->contexts, sizeof(float));
		rc = c->m ? 0 : CT_ENOMEM;
	}
	if (!rc)
		each_line(text, len, cooc_tok, c, cooc_eol, c);
	if (!rc)
		rc = ppmi(c->m, v->n, c->contexts);
	if (!rc)
		rc = svd_vectors(c->m, v, o->seed, c->contexts);
	if (rc == CT_ENOMEM)
		err_set(err, rc, "vectors: %s", ct_strerror(rc));
	if (c)
		free(c->m);
	free(c);
	if (rc)
		vec_free(v);
	else
		*out = v;
	return rc;
}

/* ---- files ------------------------------------------------------------ */

#define VEC_TEXT_MAX ((size_t)1 << 30) /* text to learn from */

static int read_all(const char *path, size_t max, struct ct_buf *b,
                    struct ct_error *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!fp)
		return err_set(err, CT_ENOTFOUND, "%s: cannot open", path);
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		rc = b->len + n > max ? CT_ELIMIT : ct_buf_put(b, chunk, n);
	if (!rc && ferror(fp))
		rc = CT_EIO;
	fclose(fp);
	return rc ? err_set(err, rc, "%s: %s", path, ct_strerror(rc)) : 0;
}

int ct_vectors_learn(const char *path, size_t vocab, size_t dim,
                     struct ct_vectors **out, struct ct_error *err)
{
	struct vec_opts o = VEC_OPTS_INIT;
	struct ct_buf b = CT_BUF_INIT;
	int rc = read_all(path, VEC_TEXT_MAX, &b, err);

	*out = NULL;
	if (vocab)
		o.vocab = vocab;
	if (dim)
		o.dim = dim;
	if (!rc)
		rc = vec_learn(b.ptr ? b.ptr : "", b.len, &o, out, err);
	ct_buf_release(&b);
	return rc;
}

/* "vectors N DIM" then N lines, from text[0..len). */
static int vec_parse(const char *text, size_t len, const char *name,
                     struct ct_vectors **out, struct ct_error *err)
{
	const char *p = text, *end = text + len;
	size_t n, dim, lineno = 1;
	char line[VEC_WORD_MAX + 2 * VEC_DIM_MAX + 64];
	int rc = 0;

	*out = NULL;
	if (sscanf(text, "vectors %zu %zu", &n, &dim) != 2 ||
	    !(*out = vec_new(n, dim)))
		return err_set(err, CT_EPARSE,
		               "%s:1: expected \"vectors N "
		               "DIM\" (N <= %d, DIM <= %d)",
		               name, VEC_WORDS_MAX, VEC_DIM_MAX);
	p = memchr(p, '\n', len);
	for (p = p ? p + 1 : end; !rc && p < end && (*out)->n < n; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);

		if (k >= sizeof(line))
			rc = CT_EPARSE;
		else {
			memcpy(line, p, k);
			line[k] = '\0';
			rc = vec_read_line(*out, line);
		}
		p = nl ? nl + 1 : end;
	}
	if (!rc && (*out)->n != n)
		rc = CT_EPARSE;
	if (rc) {
		vec_free(*out);
		*out = NULL;
		return err_set(err, rc, "%s:%zu: bad vector line", name,
		               lineno);
	}
	return 0;
}

/* A model file carries its vectors as a "vectors N DIM" record (see
 * model_io.c): b is cut to start there. */
static int vec_in_model(struct ct_buf *b, const char *path,
                        struct ct_error *err)
{
	const char *v = memmem(b->ptr, b->len, "\nvectors ", 9);
	size_t at = v ? (size_t)(v + 1 - b->ptr) : 0;

	if (!v)
		return err_set(err, CT_ENOTFOUND,
		               "%s: a model without word "
		               "vectors",
		               path);
	memmove(b->ptr, b->ptr + at, b->len - at);
	b->len -= at;
	b->ptr[b->len] = '\0';
	return 0;
}

int ct_vectors_load(const char *path, struct ct_vectors **out,
                    struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT;
	int rc = read_all(path, (size_t)64 << 20, &b, err);

	*out = NULL;
	if (!rc && b.len > 14 && !memcmp(b.ptr, "citectx-model ", 14))
		rc = vec_in_model(&b, path, err);
	if (!rc)
		rc = vec_parse(b.ptr ? b.ptr : "", b.len, path, out, err);
	ct_buf_release(&b);
	return rc;
}

int ct_vectors_save(const struct ct_vectors *v, const char *path,
                    struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT;
	FILE *fp;
	int rc = vec_write(v, &b);

	if (rc) {
		ct_buf_release(&b);
		return err_set(err, rc, "%s: %s", path, ct_strerror(rc));
	}
	fp = fopen(path, "wb");
	if (!fp || fwrite(b.ptr, 1, b.len, fp) != b.len)
		rc = err_set(err, CT_EIO, "%s: cannot write", path);
	if (fp && fclose(fp) && !rc)
		rc = err_set(err, CT_EIO, "%s: cannot write", path);
	ct_buf_release(&b);
	return rc;
}

void ct_vectors_free(struct ct_vectors *v)
{
	vec_free(v);
}
