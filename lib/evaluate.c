/*
 * evaluate.c — grouped k-fold cross-validation of training (see
 * citectx.h): above training, which it runs once per fold, and the
 * metrics (metrics.h) it scores the folds with.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "metrics.h"
#include "train.h"

/* Cross-validation's shared state: folds are taken by worker threads in
 * turn; each writes the decisions of its own fold's rows only, and the
 * evaluation is summed in row order afterwards, so the result does not
 * depend on the number of threads. */
struct cv {
	const struct ct_dataset *d;
	const struct ds_feats *f;
	const int *fold;
	const struct ct_train_opts *o;
	int k, next, rc;
	int *pred;
	double *conf;
	pthread_mutex_t lock;
	struct ct_error err;
};

/* Trains on every fold but q (silver rows of other papers included) and
 * scores the expert rows of fold q. */
static int cv_fold(struct cv *cv, int q, size_t *tr, struct ct_error *err)
{
	const struct ct_dataset *d = cv->d;
	struct ct_model *m = NULL;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < d->n; i++)
		if (cv->fold[i] != q)
			tr[n++] = i;
	if (n == d->n)
		return 0;
	rc = train_rows(d, cv->f, tr, n, cv->o, &m, err);
	for (size_t i = 0; i < d->n && !rc; i++)
		if (cv->fold[i] == q && !d->rows[i].silver)
			cv->pred[i] = ev_predict_row(m, cv->f, i, &cv->conf[i]);
	ct_model_free(m);
	return rc;
}

static void *cv_worker(void *arg)
{
	struct cv *cv = arg;
	size_t *tr = calloc(cv->d->n + 1, sizeof(*tr));
	struct ct_error err = {0};

	for (;;) {
		int q, rc;

		pthread_mutex_lock(&cv->lock);
		q = cv->rc || !tr ? cv->k : cv->next++;
		if (!tr && !cv->rc)
			cv->rc = err_set(&cv->err, CT_ENOMEM, "evaluation: %s",
			                 ct_strerror(CT_ENOMEM));
		pthread_mutex_unlock(&cv->lock);
		if (q >= cv->k)
			break;
		rc = cv_fold(cv, q, tr, &err);
		pthread_mutex_lock(&cv->lock);
		if (rc && !cv->rc) {
			cv->rc = rc;
			cv->err = err;
		}
		pthread_mutex_unlock(&cv->lock);
	}
	free(tr);
	return NULL;
}

#define CV_THREADS_MAX 8

int ct_eval_cv(const struct ct_dataset *d, int k, const struct ct_train_opts *o,
               struct ct_eval *ev, struct ct_error *err)
{
	struct ds_feats f = {0};
	struct cv cv = {.d = d, .f = &f, .o = o, .k = k};
	size_t *rows = calloc(d->n + 1, sizeof(*rows));
	int *fold = calloc(d->n + 1, sizeof(*fold));
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = ncpu < 1                ? 1
	         : ncpu > CV_THREADS_MAX ? CV_THREADS_MAX
	                                 : (int)ncpu;
	pthread_t th[CV_THREADS_MAX];
	int rc;

	cv.pred = malloc((d->n + 1) * sizeof(*cv.pred));
	cv.conf = calloc(d->n + 1, sizeof(*cv.conf));
	rc = rows && fold && cv.pred && cv.conf ? 0 : CT_ENOMEM;
	memset(ev, 0, sizeof(*ev));
	if (!rc && (k < 2 || (size_t)k > d->n))
		rc = err_set(err, CT_EUSAGE,
		             "--folds %d: expected 2 to the "
		             "number of rows (%zu)",
		             k, d->n);
	for (size_t i = 0; !rc && i < d->n; i++) {
		rows[i] = i;
		cv.pred[i] = -1;
	}
	if (!rc)
		rc = ds_feats_build(d, o->vectors, &f);
	if (!rc)
		rc = ds_folds_gold(d, rows, d->n, k, o->seed ^ 0x5eedu, fold);
	if (rc == CT_ENOMEM)
		err_set(err, rc, "evaluation: %s", ct_strerror(rc));
	cv.fold = fold;
	if (!rc) {
		int started = 0;

		pthread_mutex_init(&cv.lock, NULL);
		nt = nt > k ? k : nt;
		for (int t = 0; t < nt; t++)
			if (!pthread_create(&th[t], NULL, cv_worker, &cv))
				started++;
		if (!started)
			cv_worker(&cv);
		for (int t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		pthread_mutex_destroy(&cv.lock);
		rc = cv.rc;
		if (rc)
			*err = cv.err;
	}
	for (size_t i = 0; !rc && i < d->n; i++)
		if (cv.pred[i] >= 0)
			ev_add(ev, d->rows[i].label, cv.pred[i], cv.conf[i]);
	ev_finish(ev);
	if (!rc)
		ev_bootstrap(d, cv.pred, ev);
	ds_feats_release(&f);
	free(rows);
	free(fold);
	free(cv.pred);
	free(cv.conf);
	return rc;
}
