/*
 * evaluate.c — scoring a model on labelled statements: per-class
 * precision / recall / F1, accuracy, macro-F1, the confusion matrix and
 * the expected calibration error of the confidence; grouped k-fold
 * cross-validation (see citectx.h, train.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "train.h"

#define EV_BINS 10

void ev_add(struct ct_eval *ev, int gold, int pred, double conf)
{
	int bin = (int)(conf * EV_BINS);

	bin = bin < 0 ? 0 : bin >= EV_BINS ? EV_BINS - 1 : bin;
	ev->n++;
	ev->confusion[gold][pred]++;
	ev->bin_n[bin]++;
	ev->bin_conf[bin] += conf;
	ev->bin_right[bin] += gold == pred;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* Rates from the counts.  Precision of a class never predicted is 1 (it
 * made no false claim); its F1 is 0 all the same when it has members. */
void ev_finish(struct ct_eval *ev)
{
	double right = 0, f1 = 0, ece = 0;

	for (int c = 0; c < 3; c++) {
		double tp = (double)ev->confusion[c][c], pred = 0, gold = 0;

		for (int k = 0; k < 3; k++)
			pred += (double)ev->confusion[k][c];
		for (int k = 0; k < CT_TYPE_COUNT; k++)
			gold += (double)ev->confusion[c][k];
		ev->precision[c] = pred > 0 ? tp / pred : 1;
		ev->recall[c] = ratio(tp, gold);
		ev->f1[c] = ratio(2 * ev->precision[c] * ev->recall[c],
				  ev->precision[c] + ev->recall[c]);
		right += tp;
		f1 += ev->f1[c];
	}
	for (int b = 0; b < EV_BINS; b++)
		if (ev->bin_n[b])
			ece += fabs(ev->bin_right[b] - ev->bin_conf[b]);
	ev->accuracy = ratio(right, (double)ev->n);
	ev->macro_f1 = f1 / 3;
	ev->ece = ratio(ece, (double)ev->n);
}

static void ev_row(struct ct_eval *ev, const struct ct_model *m,
		   const struct ds_feats *f, const struct ct_dataset *d,
		   size_t i)
{
	double p[CLS_NCLASS];
	int pred = CT_TYPE_UNCLASSIFIED;
	double conf = 0;

	if (f->words[i]) {
		train_predict(m, f, i, p);
		pred = model_decide(m->threshold, p);
		conf = p[pred];
	}
	ev_add(ev, d->rows[i].label, pred, conf);
}

int ct_eval_model(const struct ct_model *m, const struct ct_dataset *d,
		  struct ct_eval *ev, struct ct_error *err)
{
	struct ds_feats f;
	int rc = ds_feats_build(d, m->vec, &f);

	memset(ev, 0, sizeof(*ev));
	if (rc)
		return err_set(err, rc, "evaluation: %s", ct_strerror(rc));
	for (size_t i = 0; i < d->n; i++)
		ev_row(ev, m, &f, d, i);
	ev_finish(ev);
	ds_feats_release(&f);
	return 0;
}

/* Trains on every fold but q and scores fold q. */
static int cv_fold(const struct ct_dataset *d, const struct ds_feats *f,
		   const int *fold, int q, size_t *tr,
		   const struct ct_train_opts *o, struct ct_eval *ev,
		   struct ct_error *err)
{
	struct ct_model *m = NULL;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < d->n; i++)
		if (fold[i] != q)
			tr[n++] = i;
	if (n == d->n)
		return 0;
	rc = train_rows(d, f, tr, n, o, &m, err);
	for (size_t i = 0; i < d->n && !rc; i++)
		if (fold[i] == q)
			ev_row(ev, m, f, d, i);
	ct_model_free(m);
	return rc;
}

int ct_eval_cv(const struct ct_dataset *d, int k, const struct ct_train_opts *o,
	       struct ct_eval *ev, struct ct_error *err)
{
	struct ds_feats f = {0};
	size_t *rows = calloc(d->n + 1, sizeof(*rows));
	int *fold = calloc(d->n + 1, sizeof(*fold));
	int rc = rows && fold ? 0 : CT_ENOMEM;

	memset(ev, 0, sizeof(*ev));
	if (!rc && (k < 2 || (size_t)k > d->n))
		rc = err_set(err, CT_EUSAGE, "--folds %d: expected 2 to the "
			     "number of rows (%zu)", k, d->n);
	for (size_t i = 0; !rc && i < d->n; i++)
		rows[i] = i;
	if (!rc)
		rc = ds_feats_build(d, o->vectors, &f);
	if (!rc)
		rc = ds_folds(d, rows, d->n, k, o->seed ^ 0x5eedu, fold);
	if (rc == CT_ENOMEM)
		err_set(err, rc, "evaluation: %s", ct_strerror(rc));
	for (int q = 0; q < k && !rc; q++)
		rc = cv_fold(d, &f, fold, q, rows, o, ev, err);
	ev_finish(ev);
	ds_feats_release(&f);
	free(rows);
	free(fold);
	return rc;
}

int ct_eval_text(const struct ct_eval *ev, struct ct_buf *out)
{
	int rc = ct_buf_printf(out, "%-13s %9s %7s %7s %8s\n", "class",
			       "precision", "recall", "F1", "support");

	for (int c = 0; c < 3 && !rc; c++) {
		int64_t sup = 0;

		for (int k = 0; k < CT_TYPE_COUNT; k++)
			sup += ev->confusion[c][k];
		rc = ct_buf_printf(out, "%-13s %9.3f %7.3f %7.3f %8lld\n",
				   ct_type_name(c), ev->precision[c],
				   ev->recall[c], ev->f1[c], (long long)sup);
	}
	if (!rc)
		rc = ct_buf_printf(out, "statements %zu\naccuracy %.3f\n"
				   "ECE %.3f (10 bins, confidence of the label "
				   "given)\nconfusion (rows: gold, columns: "
				   "predicted):\n%-13s", ev->n, ev->accuracy,
				   ev->ece, "");
	for (int k = 0; k < CT_TYPE_COUNT && !rc; k++)
		rc = ct_buf_printf(out, " %12s", ct_type_name(k));
	for (int c = 0; c < 3 && !rc; c++) {
		rc = ct_buf_printf(out, "\n%-13s", ct_type_name(c));
		for (int k = 0; k < CT_TYPE_COUNT && !rc; k++)
			rc = ct_buf_printf(out, " %12lld",
					   (long long)ev->confusion[c][k]);
	}
	if (!rc)
		rc = ct_buf_printf(out, "\nmacro-F1 %.3f\n", ev->macro_f1);
	return rc;
}
