/*
 * train.c — multinomial logistic regression on hashed features, trained
 * by L-BFGS with L2 and class weights; hyper-parameters, calibration
 * (temperature plus per-class bias) and decision thresholds chosen on
 * inner grouped folds of the training rows only (see train.h).  The L2
 * of each weight may be scaled by how much its feature's presence tells
 * the classes apart (naive-Bayes log-count ratios, as NBSVM scales the
 * features): the cue words of 233 contrasting rows keep their weight
 * while the many words that occur alike in every class are shrunk.
 *
 * Everything is deterministic: fixed fold seed, full-batch optimisation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "metrics.h"
#include "train.h"

#define LBFGS_M     8
#define LBFGS_ITERS 250
#ifndef MIN_DF
#define MIN_DF 2 /* features seen in fewer training rows are dropped */
#endif

static const double lambda_grid[] = {1e-3, 3e-3, 1e-2};
static const double power_grid[] = {0.5, 1.0};
/* weight of a silver row against an expert row's 1 (when not given) */
static const double silver_grid[] = {0.25, 0.5, 1.0};
/* multiplier of that weight for silver rows labelled mentioning */
static const double mention_grid[] = {1.0, 0.5, 0.25};

/* Hyper-parameters of one fit. */
enum { HP_LAMBDA, HP_POWER, HP_SILVER, HP_MENTION, HP_N };

/* A training problem: rows with compact feature indices. */
struct prob {
	size_t n, d; /* rows, compact features */
	size_t *off;
	uint32_t *col;
	float *val;
	int *y;
	double *cw; /* row weight (its class weight), normalised */
	double *rw; /* row weight before the class weight: 1, or the silver
	               weight for a silver row */
	double lambda;
	double *lscale;   /* per weight: its L2 is lambda * lscale, or NULL */
	uint32_t *bucket; /* compact feature -> bucket */
};

static void prob_release(struct prob *p)
{
	free(p->off);
	free(p->col);
	free(p->val);
	free(p->y);
	free(p->cw);
	free(p->rw);
	free(p->bucket);
	free(p->lscale);
	memset(p, 0, sizeof(*p));
}

/* ---- building a problem ----------------------------------------------- */

/* Compact ids for buckets seen in at least MIN_DF rows; -1 for others. */
static int32_t *bucket_map(const struct ds_feats *f, const size_t *rows,
                           size_t n, size_t *d)
{
	int32_t *map = calloc(CLS_NFEAT, sizeof(*map));

	if (!map)
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t j = f->off[rows[i]]; j < f->off[rows[i] + 1]; j++)
			map[f->id[j]]++;
	*d = 0;
	for (size_t b = 0; b < CLS_NFEAT; b++)
		map[b] = map[b] >= MIN_DF ? (int32_t)(*d)++ : -1;
	return map;
}

static void class_weights(struct prob *p, double power)
{
	double cnt[CLS_NCLASS] = {0}, w[CLS_NCLASS], sum = 0;

	double all = 0;

	for (size_t i = 0; i < p->n; i++) {
		cnt[p->y[i]] += p->rw[i];
		all += p->rw[i];
	}
	for (int c = 0; c < CLS_NCLASS; c++)
		w[c] = cnt[c] > 0 ? pow(all / (CLS_NCLASS * cnt[c]), power) : 0;
	for (size_t i = 0; i < p->n; i++)
		sum += w[p->y[i]] * p->rw[i];
	for (size_t i = 0; i < p->n; i++)
		p->cw[i] = w[p->y[i]] * p->rw[i] / sum;
}

/* Presence counts cnt[j * 3 + c] of each feature in each class, plus
 * one (Laplace), and their totals per class. */
static double *nb_counts(const struct prob *p, double tot[CLS_NCLASS])
{
	size_t dim = p->d * CLS_NCLASS;
	double *cnt = malloc((dim + 1) * sizeof(*cnt));

	if (!cnt)
		return NULL;
	for (size_t k = 0; k < dim; k++)
		cnt[k] = 1;
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = p->off[i]; j < p->off[i + 1]; j++)
			cnt[p->col[j] * CLS_NCLASS + p->y[i]] += p->rw[i];
	for (int c = 0; c < CLS_NCLASS; c++)
		tot[c] = 0;
	for (size_t k = 0; k < dim; k++)
		tot[k % CLS_NCLASS] += cnt[k];
	return cnt;
}

/* The per-weight L2 scale 1 / (beta + |r_jc|)^2, r_jc the log-ratio of
 * feature j's presence rate in class c against the other classes; the
 * dense word-vector features (not counts) keep 1. */
static int nb_scale(struct prob *p, double beta)
{
	double tot[CLS_NCLASS], all = 0, *cnt = nb_counts(p, tot);

	p->lscale = malloc((p->d * CLS_NCLASS + 1) * sizeof(*p->lscale));
	if (!cnt || !p->lscale) {
		free(cnt);
		return CT_ENOMEM;
	}
	for (int c = 0; c < CLS_NCLASS; c++)
		all += tot[c];
	for (size_t j = 0; j < p->d; j++) {
		const double *cj = cnt + j * CLS_NCLASS;
		double sum = cj[0] + cj[1] + cj[2];

		for (int c = 0; c < CLS_NCLASS; c++) {
			double r = log(cj[c] / tot[c]) -
			           log((sum - cj[c]) / (all - tot[c]));
			double s = beta + fabs(r);

			p->lscale[j * CLS_NCLASS + c] =
			    p->bucket[j] >= CLS_BUCKETS ? 1 : 1 / (s * s);
		}
	}
	free(cnt);
	return 0;
}

static int prob_build(const struct ct_dataset *ds, const struct ds_feats *f,
                      const size_t *rows, size_t n, const double hp[HP_N],
                      struct prob *p)
{
	int32_t *map = bucket_map(f, rows, n, &p->d);
	size_t nnz = 0;

	p->n = n;
	p->off = calloc(n + 1, sizeof(*p->off));
	p->y = calloc(n + 1, sizeof(*p->y));
	p->cw = calloc(n + 1, sizeof(*p->cw));
	p->rw = calloc(n + 1, sizeof(*p->rw));
	p->col = calloc(f->off[f->n] + 1, sizeof(*p->col));
	p->val = calloc(f->off[f->n] + 1, sizeof(*p->val));
	p->bucket = calloc(p->d + 1, sizeof(*p->bucket));
	if (!map || !p->off || !p->y || !p->cw || !p->rw || !p->col ||
	    !p->val || !p->bucket) {
		free(map);
		return CT_ENOMEM;
	}
	for (size_t b = 0; b < CLS_NFEAT; b++)
		if (map[b] >= 0)
			p->bucket[map[b]] = (uint32_t)b;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = f->off[rows[i]]; j < f->off[rows[i] + 1]; j++)
			if (map[f->id[j]] >= 0) {
				p->col[nnz] = (uint32_t)map[f->id[j]];
				p->val[nnz++] = f->val[j];
			}
		p->off[i + 1] = nnz;
		p->y[i] = ds->rows[rows[i]].label;
		p->rw[i] = !ds->rows[rows[i]].silver ? 1
		           : p->y[i] == CT_TYPE_MENTIONING
		               ? hp[HP_SILVER] * hp[HP_MENTION]
		               : hp[HP_SILVER];
	}
	class_weights(p, hp[HP_POWER]);
	free(map);
	return 0;
}

/* The problem of rows, with naive-Bayes scaled L2 when beta > 0. */
static int prob_make(const struct ct_dataset *ds, const struct ds_feats *f,
                     const size_t *rows, size_t n, const double hp[HP_N],
                     double beta, struct prob *p)
{
	int rc = prob_build(ds, f, rows, n, hp, p);

	return !rc && beta > 0 ? nb_scale(p, beta) : rc;
}

/* ---- objective -------------------------------------------------------- */

static void softmax(double z[CLS_NCLASS])
{
	double max = z[0], sum = 0;

	for (int c = 1; c < CLS_NCLASS; c++)
		max = z[c] > max ? z[c] : max;
	for (int c = 0; c < CLS_NCLASS; c++)
		sum += z[c] = exp(z[c] - max);
	for (int c = 0; c < CLS_NCLASS; c++)
		z[c] /= sum;
}

/* Weighted cross-entropy plus L2; gradient into g. */
static double objective(const struct prob *p, const double *w, double *g)
{
	size_t dim = p->d * CLS_NCLASS;
	double f = 0;

	for (size_t k = 0; k < dim; k++) {
		double l = p->lambda * (p->lscale ? p->lscale[k] : 1);

		f += 0.5 * l * w[k] * w[k];
		g[k] = l * w[k];
	}
	for (size_t i = 0; i < p->n; i++) {
		double z[CLS_NCLASS] = {0};

		for (size_t j = p->off[i]; j < p->off[i + 1]; j++)
			for (int c = 0; c < CLS_NCLASS; c++)
				z[c] +=
				    w[p->col[j] * CLS_NCLASS + c] * p->val[j];
		softmax(z);
		f -= p->cw[i] * log(z[p->y[i]] > 1e-300 ? z[p->y[i]] : 1e-300);
		z[p->y[i]] -= 1;
		for (size_t j = p->off[i]; j < p->off[i + 1]; j++)
			for (int c = 0; c < CLS_NCLASS; c++)
				g[p->col[j] * CLS_NCLASS + c] +=
				    p->cw[i] * z[c] * p->val[j];
	}
	return f;
}

/* ---- L-BFGS ----------------------------------------------------------- */

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

struct lbfgs {
	size_t dim;
	double *s[LBFGS_M], *y[LBFGS_M], rho[LBFGS_M];
	int k; /* pairs stored so far */
	double *d, *g2, *w2;
};

/* The two-loop recursion: d = -H g. */
static void direction(struct lbfgs *L, const double *g)
{
	double a[LBFGS_M], gamma = 1;
	int m = L->k < LBFGS_M ? L->k : LBFGS_M;

	for (size_t i = 0; i < L->dim; i++)
		L->d[i] = -g[i];
	for (int j = 0; j < m; j++) {
		int i = (L->k - 1 - j) % LBFGS_M;

		a[i] = L->rho[i] * dot(L->s[i], L->d, L->dim);
		for (size_t t = 0; t < L->dim; t++)
			L->d[t] -= a[i] * L->y[i][t];
	}
	if (m) {
		int i = (L->k - 1) % LBFGS_M;

		gamma = 1 / (L->rho[i] * dot(L->y[i], L->y[i], L->dim));
	}
	for (size_t t = 0; t < L->dim; t++)
		L->d[t] *= gamma;
	for (int j = m - 1; j >= 0; j--) {
		int i = (L->k - 1 - j) % LBFGS_M;
		double b = L->rho[i] * dot(L->y[i], L->d, L->dim);

		for (size_t t = 0; t < L->dim; t++)
			L->d[t] += (a[i] - b) * L->s[i][t];
	}
}

/* Backtracking (Armijo) from step 1 along L->d; w, g, *f updated. */
static int line_search(const struct prob *p, struct lbfgs *L, double *w,
                       double *g, double *f, double step)
{
	double gd = dot(g, L->d, L->dim);

	if (gd >= 0)
		return 1;
	for (int t = 0; t < 30; t++, step *= 0.5) {
		double f2;

		for (size_t i = 0; i < L->dim; i++)
			L->w2[i] = w[i] + step * L->d[i];
		f2 = objective(p, L->w2, L->g2);
		if (f2 <= *f + 1e-4 * step * gd) {
			int i = L->k % LBFGS_M;

			for (size_t t2 = 0; t2 < L->dim; t2++) {
				L->s[i][t2] = L->w2[t2] - w[t2];
				L->y[i][t2] = L->g2[t2] - g[t2];
			}
			L->rho[i] = 1 / dot(L->s[i], L->y[i], L->dim);
			L->k += isfinite(L->rho[i]) && L->rho[i] > 0;
			memcpy(w, L->w2, L->dim * sizeof(*w));
			memcpy(g, L->g2, L->dim * sizeof(*g));
			*f = f2;
			return 0;
		}
	}
	return 1;
}

static int lbfgs_alloc(struct lbfgs *L, size_t dim)
{
	int ok = 1;

	memset(L, 0, sizeof(*L));
	L->dim = dim;
	for (int i = 0; i < LBFGS_M; i++) {
		L->s[i] = calloc(dim + 1, sizeof(double));
		L->y[i] = calloc(dim + 1, sizeof(double));
		ok &= L->s[i] && L->y[i];
	}
	L->d = calloc(dim + 1, sizeof(double));
	L->g2 = calloc(dim + 1, sizeof(double));
	L->w2 = calloc(dim + 1, sizeof(double));
	return ok && L->d && L->g2 && L->w2 ? 0 : CT_ENOMEM;
}

static void lbfgs_free(struct lbfgs *L)
{
	for (int i = 0; i < LBFGS_M; i++) {
		free(L->s[i]);
		free(L->y[i]);
	}
	free(L->d);
	free(L->g2);
	free(L->w2);
}

/* Minimises the objective from w = 0; w has p->d * CLS_NCLASS entries. */
static int fit(const struct prob *p, double *w)
{
	size_t dim = p->d * CLS_NCLASS;
	double *g = calloc(dim + 1, sizeof(*g)), f, gn;
	struct lbfgs L;
	int rc = g ? lbfgs_alloc(&L, dim) : CT_ENOMEM;

	if (!g)
		return rc;
	memset(w, 0, dim * sizeof(*w));
	f = objective(p, w, g);
	for (int it = 0; !rc && it < LBFGS_ITERS; it++) {
		double f0 = f;

		gn = sqrt(dot(g, g, dim));
		if (gn < 1e-6)
			break;
		direction(&L, g);
		if (line_search(p, &L, w, g, &f, L.k ? 1.0 : 1.0 / gn))
			break;
		if (f0 - f < 1e-9 * (fabs(f) + 1e-12))
			break;
	}
	lbfgs_free(&L);
	free(g);
	return rc;
}

/* ---- models from fitted weights --------------------------------------- */

static int to_model(const struct prob *p, const double *w,
                    struct ct_model **out)
{
	struct ct_model *m = model_new();

	if (!m)
		return CT_ENOMEM;
	for (size_t j = 0; j < p->d; j++)
		for (int c = 0; c < CLS_NCLASS; c++)
			m->w[(size_t)p->bucket[j] * CLS_NCLASS + c] =
			    (float)w[j * CLS_NCLASS + c];
	m->nweights = p->d;
	*out = m;
	return 0;
}

/* Trains raw weights (no calibration yet) on rows with hp = (lambda,
 * class-weight power, silver weight, its mentioning multiplier) and the
 * naive-Bayes scale beta of the L2.  Silver rows weighted 0 are left out. */
static int train_raw(const struct ct_dataset *ds, const struct ds_feats *f,
                     const size_t *rows, size_t n, const double hp[HP_N],
                     double beta, struct ct_model **out)
{
	struct prob p = {0};
	double *w = NULL;
	size_t *kept = malloc((n + 1) * sizeof(*kept)), nk = 0;
	int rc = kept ? 0 : CT_ENOMEM;

	for (size_t i = 0; !rc && i < n; i++)
		if (hp[HP_SILVER] > 0 || !ds->rows[rows[i]].silver)
			kept[nk++] = rows[i];
	if (!rc)
		rc = prob_make(ds, f, kept, nk, hp, beta, &p);
	free(kept);
	p.lambda = hp[HP_LAMBDA];
	if (!rc)
		w = calloc(p.d * CLS_NCLASS + 1, sizeof(*w));
	if (!rc && !w)
		rc = CT_ENOMEM;
	if (!rc)
		rc = fit(&p, w);
	if (!rc)
		rc = to_model(&p, w, out);
	if (!rc) {
		(*out)->lambda = hp[HP_LAMBDA];
		(*out)->cw_power = hp[HP_POWER];
	}
	free(w);
	prob_release(&p);
	return rc;
}

void train_predict(const struct ct_model *m, const struct ds_feats *f, size_t i,
                   double p[CLS_NCLASS])
{
	model_scores_raw(m, f->id + f->off[i], f->val + f->off[i],
	                 f->off[i + 1] - f->off[i], p);
}

/* ---- out-of-fold scores, calibration, thresholds ---------------------- */

/* Log-probabilities lp[g*3+c] of the g-th expert row of rows[], each
 * from a model trained on the other inner folds (silver rows of fold -1
 * in every training). */
static int oof_logp(const struct ct_dataset *ds, const struct ds_feats *f,
                    const size_t *rows, size_t n, const int *fold, int k,
                    const double hp[HP_N], double beta, double *lp)
{
	size_t *tr = calloc(n + 1, sizeof(*tr));
	int rc = tr ? 0 : CT_ENOMEM;

	for (int q = 0; q < k && !rc; q++) {
		struct ct_model *m = NULL;
		size_t ntr = 0;
		double p[CLS_NCLASS];

		for (size_t i = 0; i < n; i++)
			if (fold[i] != q)
				tr[ntr++] = rows[i];
		if (ntr == n)
			continue;
		rc = train_raw(ds, f, tr, ntr, hp, beta, &m);
		for (size_t i = 0, g = 0; i < n && !rc; i++) {
			if (ds->rows[rows[i]].silver)
				continue;
			if (fold[i] == q) {
				train_predict(m, f, rows[i], p);
				for (int c = 0; c < CLS_NCLASS; c++)
					lp[g * CLS_NCLASS + c] =
					    log(p[c] > 1e-12 ? p[c] : 1e-12);
			}
			g++;
		}
		ct_model_free(m);
	}
	free(tr);
	return rc;
}

/* Mean negative log-likelihood of softmax(a*lp + b), with its gradient
 * in (a, b0, b1); b2 stays 0. */
static double calib_nll(const double *lp, const int *y, size_t n,
                        const double th[3], double g[3])
{
	double nll = 0;

	g[0] = g[1] = g[2] = 0;
	for (size_t i = 0; i < n; i++) {
		const double *l = lp + i * CLS_NCLASS;
		double z[CLS_NCLASS] = {th[0] * l[0] + th[1],
		                        th[0] * l[1] + th[2], th[0] * l[2]};

		softmax(z);
		nll -= log(z[y[i]] > 1e-300 ? z[y[i]] : 1e-300);
		z[y[i]] -= 1;
		for (int c = 0; c < CLS_NCLASS; c++)
			g[0] += z[c] * l[c] / (double)n;
		g[1] += z[0] / (double)n;
		g[2] += z[1] / (double)n;
	}
	return nll / (double)n;
}

/* Fits temperature and biases by gradient descent (a convex problem). */
static void calib_fit(const double *lp, const int *y, size_t n,
                      struct ct_model *m)
{
	double th[3] = {1, 0, 0}, g[3], step = 1;
	double f = calib_nll(lp, y, n, th, g);

	for (int it = 0; it < 300 && step > 1e-8; it++) {
		double t2[3], g2[3], f2;

		for (int j = 0; j < 3; j++)
			t2[j] = th[j] - step * g[j];
		if (t2[0] < 0.05)
			t2[0] = 0.05;
		f2 = calib_nll(lp, y, n, t2, g2);
		if (f2 < f) {
			memcpy(th, t2, sizeof(th));
			memcpy(g, g2, sizeof(g));
			f = f2;
			step *= 1.5;
		} else {
			step *= 0.5;
		}
	}
	m->temperature = 1 / th[0];
	m->bias[0] = th[1];
	m->bias[1] = th[2];
	m->bias[2] = 0;
}

/* Calibrated probabilities from out-of-fold log-probabilities. */
static void calib_apply(const struct ct_model *m, const double *lp, size_t n,
                        double *P)
{
	for (size_t i = 0; i < n; i++) {
		double *z = P + i * CLS_NCLASS;

		for (int c = 0; c < CLS_NCLASS; c++)
			z[c] = lp[i * CLS_NCLASS + c] / m->temperature +
			       m->bias[c];
		softmax(z);
	}
}

/* Precision is asked with this margin on the inner folds, so that it
 * holds on unseen papers too (its standard error there is about 0.02). */
#define PRECISION_MARGIN 0.02

/* Macro-F1 of the decisions under th, less a penalty for precision of
 * supporting or contrasting under minp. */
static double decision_score(const double *P, const int *y, size_t n,
                             const double th[2], double minp)
{
	struct ct_eval ev;
	double s;

	memset(&ev, 0, sizeof(ev));
	for (size_t i = 0; i < n; i++)
		ev_add(&ev, y[i], model_decide(th, P + i * CLS_NCLASS), 0);
	ev_finish(&ev);
	s = ev.macro_f1;
	for (int c = 0; c < 2; c++)
		if (ev.precision[c] < minp)
			s -= 2 * (minp - ev.precision[c]);
	return s;
}

static double thresholds_fit(const double *P, const int *y, size_t n,
                             double minp, double th[2])
{
	double best = -1e9;

	for (int a = 5; a <= 95; a++)
		for (int b = 5; b <= 95; b++) {
			double t[2] = {a / 100.0, b / 100.0};
			double s = decision_score(P, y, n, t, minp);

			if (s > best) {
				best = s;
				th[0] = t[0];
				th[1] = t[1];
			}
		}
	return best;
}

/* ---- choosing and training -------------------------------------------- */

struct choice {
	double hp[HP_N], score;
	double *lp; /* out-of-fold log-probabilities of the best so far */
};

/* Scores one (lambda, power) on the inner folds; keeps it when best. */
static int try_point(const struct ct_dataset *ds, const struct ds_feats *f,
                     const size_t *rows, size_t n, const int *fold,
                     const int *y, size_t ng, const struct ct_train_opts *o,
                     const double hp[HP_N], double *lp, double *P,
                     struct choice *best)
{
	struct ct_model cal = {.temperature = 1};
	double th[2], s;
	int rc =
	    oof_logp(ds, f, rows, n, fold, o->inner_folds, hp, o->nb_beta, lp);

	n = ng; /* calibration and thresholds: the expert rows */

	if (rc)
		return rc;
	calib_fit(lp, y, n, &cal);
	calib_apply(&cal, lp, n, P);
	s = thresholds_fit(P, y, n, o->min_precision + PRECISION_MARGIN, th);
	if (s > best->score) {
		best->score = s;
		memcpy(best->hp, hp, sizeof(best->hp));
		memcpy(best->lp, lp, n * CLS_NCLASS * sizeof(*lp));
	}
	return 0;
}

/* One grid axis: the option's value when given (>= 0), else the grid. */
struct axis {
	const double *grid;
	size_t n;
};

static struct axis axis_of(double given, const double *grid, size_t n,
                           double *one)
{
	*one = given;
	return given >= 0 ? (struct axis){one, 1} : (struct axis){grid, n};
}

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

static int choose(const struct ct_dataset *ds, const struct ds_feats *f,
                  const size_t *rows, size_t n, const int *fold, const int *y,
                  size_t ng, int silver, const struct ct_train_opts *o,
                  struct choice *best)
{
	double one[HP_N];
	struct axis ax[HP_N] = {
	    axis_of(o->lambda, lambda_grid, NELEM(lambda_grid),
	            &one[HP_LAMBDA]),
	    axis_of(o->cw_power, power_grid, NELEM(power_grid), &one[HP_POWER]),
	    axis_of(silver ? o->silver_weight : 0, silver_grid,
	            NELEM(silver_grid), &one[HP_SILVER]),
	    axis_of(silver ? o->silver_mentioning : 1, mention_grid,
	            NELEM(mention_grid), &one[HP_MENTION]),
	};
	size_t total = 1, idx;
	double *lp = calloc(ng * CLS_NCLASS + 1, sizeof(*lp));
	double *P = calloc(ng * CLS_NCLASS + 1, sizeof(*P));
	int rc = lp && P ? 0 : CT_ENOMEM;

	for (int a = 0; a < HP_N; a++)
		total *= ax[a].n;
	best->score = -1e9;
	for (size_t t = 0; t < total && !rc; t++) {
		double hp[HP_N];

		idx = t;
		for (int a = HP_N - 1; a >= 0; a--) {
			hp[a] = ax[a].grid[idx % ax[a].n];
			idx /= ax[a].n;
		}
		rc = try_point(ds, f, rows, n, fold, y, ng, o, hp, lp, P, best);
	}
	free(lp);
	free(P);
	return rc;
}

/* Calibration and thresholds of m from the chosen out-of-fold scores. */
static void finish_model(struct ct_model *m, const struct choice *c,
                         const int *y, size_t n, const struct ct_train_opts *o,
                         double *P)
{
	calib_fit(c->lp, y, n, m);
	calib_apply(m, c->lp, n, P);
	thresholds_fit(P, y, n, o->min_precision + PRECISION_MARGIN,
	               m->threshold);
	m->lambda = c->hp[HP_LAMBDA];
	m->cw_power = c->hp[HP_POWER];
	m->silver_weight = c->hp[HP_SILVER];
	m->silver_mentioning = c->hp[HP_MENTION];
	m->nb_beta = o->nb_beta > 0 ? o->nb_beta : 0;
	m->vec = o->vectors;
	snprintf(m->name, sizeof(m->name), "%s",
	         o->name ? o->name : "citectx-lr");
	snprintf(m->note, sizeof(m->note), "%s", o->note ? o->note : "");
}

int train_rows(const struct ct_dataset *d, const struct ds_feats *f,
               const size_t *rows, size_t n, const struct ct_train_opts *o,
               struct ct_model **out, struct ct_error *err)
{
	struct choice best = {0};
	int *fold = calloc(n + 1, sizeof(*fold)),
	    *y = calloc(n + 1, sizeof(*y));
	double *P = calloc(n * CLS_NCLASS + 1, sizeof(*P));
	size_t ng = 0;
	int rc, silver = 0;

	*out = NULL;
	best.lp = calloc(n * CLS_NCLASS + 1, sizeof(double));
	rc = fold && y && P && best.lp ? 0 : CT_ENOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		if (d->rows[rows[i]].silver)
			silver = 1;
		else
			y[ng++] = d->rows[rows[i]].label;
	}
	if (!rc && (ng < 10 || o->inner_folds < 2))
		rc = err_set(err, CT_EUSAGE,
		             "training needs at least 10 expert "
		             "rows and 2 inner folds");
	if (!rc)
		rc = ds_folds_gold(d, rows, n, o->inner_folds, o->seed, fold);
	if (!rc)
		rc = choose(d, f, rows, n, fold, y, ng, silver, o, &best);
	if (!rc) {
		rc = train_raw(d, f, rows, n, best.hp, o->nb_beta, out);
	}
	if (!rc)
		finish_model(*out, &best, y, ng, o, P);
	if (rc && rc != CT_EUSAGE)
		err_set(err, rc, "training: %s", ct_strerror(rc));
	free(fold);
	free(y);
	free(P);
	free(best.lp);
	return rc;
}

/* Probes: statements written for citectx (no training row is copied into
 * a model file), scored once the weights are rounded; ct_model_selfcheck
 * re-scores them to prove a loaded model is the trained one. */
static const struct {
	const char *marker, *text;
} probe_text[] = {
    {"[4]", "Our findings are consistent with those of an earlier trial [4]."},
    {"[7]", "The reduction we observed was similar to that reported by Hale "
            "and colleagues [7]."},
    {"[2]", "In contrast to the earlier report [2], we found no change in "
            "serum levels."},
    {"[9]", "Our results were not consistent with the pooled estimate of a "
            "previous review [9]."},
    {"[5]",
     "Blood pressure was measured with a validated automatic device [5]."},
    {"[3]", "Chronic pain affects about one adult in five [3]."},
    {"[8]", "These data agree with the national survey [6] and differ from the "
            "clinic-based estimate [8]."},
    {"[1]", "The trial protocol has been published before [1]."},
};

static int add_probes(struct ct_model *m)
{
	size_t max = sizeof(m->probes) / sizeof(*m->probes);

	for (size_t i = 0;
	     i < sizeof(probe_text) / sizeof(*probe_text) && m->nprobes < max;
	     i++) {
		struct cls_probe *p = &m->probes[m->nprobes];
		const char *t = probe_text[i].text;
		struct ct_label l;

		ct_classify(m, t, 0, strlen(t), probe_text[i].marker, -1, &l);
		memcpy(p->p, l.scores, sizeof(p->p));
		p->text = strdup(t);
		p->marker = strdup(probe_text[i].marker);
		m->nprobes++;
		if (!p->text || !p->marker)
			return CT_ENOMEM;
	}
	return 0;
}

/* Appends the model's scores on its own training rows to its note, so
 * that a later `citectx eval` of the same file can be compared with it. */
static int note_scores(struct ct_model *m, const struct ct_dataset *d,
                       struct ct_error *err)
{
	struct ct_eval ev;
	size_t n = strlen(m->note);
	int rc = ct_eval_model(m, d, &ev, err);

	if (!rc)
		snprintf(m->note + n, sizeof(m->note) - n,
		         "%straining-set "
		         "macro-F1 %.3f",
		         n ? "; " : "", ev.macro_f1);
	return rc;
}

int ct_train(const struct ct_dataset *d, const struct ct_train_opts *o,
             struct ct_model **out, struct ct_error *err)
{
	struct ds_feats f;
	size_t *rows = calloc(d->n + 1, sizeof(*rows));
	int rc = rows ? ds_feats_build(d, o->vectors, &f) : CT_ENOMEM;

	*out = NULL;
	if (rc) {
		free(rows);
		return err_set(err, rc, "training: %s", ct_strerror(rc));
	}
	for (size_t i = 0; i < d->n; i++)
		rows[i] = i;
	rc = train_rows(d, &f, rows, d->n, o, out, err);
	if (!rc) {
		model_round(*out);
		rc = add_probes(*out);
		if (rc)
			err_set(err, rc, "training: %s", ct_strerror(rc));
	}
	if (!rc)
		rc = note_scores(*out, d, err);
	if (rc) {
		ct_model_free(*out);
		*out = NULL;
	}
	ds_feats_release(&f);
	free(rows);
	return rc;
}
