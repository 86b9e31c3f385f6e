/*
 * metrics.c — scoring a model on labelled statements: per-class
 * precision / recall / F1, accuracy, macro-F1, the confusion matrix and
 * the expected calibration error of the confidence (see citectx.h,
 * metrics.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "metrics.h"

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

int ev_predict_row(const struct ct_model *m, const struct ds_feats *f, size_t i,
                   double *conf)
{
	double p[CLS_NCLASS];
	int pred = CT_TYPE_UNCLASSIFIED;

	*conf = 0;
	if (f->words[i]) {
		model_scores_raw(m, f->id + f->off[i], f->val + f->off[i],
		                 f->off[i + 1] - f->off[i], p);
		pred = model_decide(m->threshold, p);
		*conf = p[pred];
	}
	return pred;
}

static int ev_row(struct ct_eval *ev, const struct ct_model *m,
                  const struct ds_feats *f, const struct ct_dataset *d,
                  size_t i)
{
	double conf;
	int pred = ev_predict_row(m, f, i, &conf);

	ev_add(ev, d->rows[i].label, pred, conf);
	return pred;
}

/* ---- bootstrap interval of macro-F1 ----------------------------------- */

#define BOOT_REPS 1000

struct boot_grp {
	const char *key;
	size_t row;
};

static int boot_cmp(const void *a, const void *b)
{
	const struct boot_grp *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void ev_bootstrap(const struct ct_dataset *d, const int *pred,
                  struct ct_eval *ev)
{
	struct boot_grp *g = calloc(d->n + 1, sizeof(*g));
	size_t *start = calloc(d->n + 2, sizeof(*start)), n = 0, ng = 0;
	double *f1 = calloc(BOOT_REPS, sizeof(*f1));
	uint64_t x = 0x9e3779b97f4a7c15ull;

	if (!g || !start || !f1)
		goto out;
	for (size_t i = 0; i < d->n; i++)
		if (pred[i] >= 0)
			g[n++] = (struct boot_grp){
			    d->has_groups && d->rows[i].group ? d->rows[i].group
			                                      : "",
			    i};
	if (d->has_groups)
		qsort(g, n, sizeof(*g), boot_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !d->has_groups || strcmp(g[i].key, g[i - 1].key))
			start[ng++] = i;
	start[ng] = n;
	for (int r = 0; r < BOOT_REPS && ng; r++) {
		struct ct_eval e;

		memset(&e, 0, sizeof(e));
		for (size_t k = 0; k < ng; k++) {
			size_t q;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			q = (size_t)(x % ng);
			for (size_t i = start[q]; i < start[q + 1]; i++)
				ev_add(&e, d->rows[g[i].row].label,
				       pred[g[i].row], 0);
		}
		ev_finish(&e);
		f1[r] = e.macro_f1;
	}
	if (ng) {
		qsort(f1, BOOT_REPS, sizeof(*f1), dbl_cmp);
		ev->f1_lo = f1[BOOT_REPS / 40];
		ev->f1_hi = f1[BOOT_REPS - 1 - BOOT_REPS / 40];
	}
out:
	free(g);
	free(start);
	free(f1);
}

int ct_eval_model(const struct ct_model *m, const struct ct_dataset *d,
                  struct ct_eval *ev, struct ct_error *err)
{
	struct ds_feats f;
	int *pred = malloc((d->n + 1) * sizeof(*pred));
	int rc = pred ? ds_feats_build(d, m->vec, &f) : CT_ENOMEM;

	memset(ev, 0, sizeof(*ev));
	if (rc) {
		free(pred);
		return err_set(err, rc, "evaluation: %s", ct_strerror(rc));
	}
	for (size_t i = 0; i < d->n; i++)
		pred[i] = d->rows[i].silver ? -1 : ev_row(ev, m, &f, d, i);
	ev_finish(ev);
	ev_bootstrap(d, pred, ev);
	ds_feats_release(&f);
	free(pred);
	return 0;
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
		rc = ct_buf_printf(out,
		                   "statements %zu\naccuracy %.3f\n"
		                   "ECE %.3f (10 bins, confidence of the label "
		                   "given)\nconfusion (rows: gold, columns: "
		                   "predicted):\n%-13s",
		                   ev->n, ev->accuracy, ev->ece, "");
	for (int k = 0; k < CT_TYPE_COUNT && !rc; k++)
		rc = ct_buf_printf(out, " %12s", ct_type_name(k));
	for (int c = 0; c < 3 && !rc; c++) {
		rc = ct_buf_printf(out, "\n%-13s", ct_type_name(c));
		for (int k = 0; k < CT_TYPE_COUNT && !rc; k++)
			rc = ct_buf_printf(out, " %12lld",
			                   (long long)ev->confusion[c][k]);
	}
	if (!rc && ev->f1_hi > 0)
		rc = ct_buf_printf(out,
		                   "\nmacro-F1 95%% interval %.3f-%.3f "
		                   "(bootstrap, 1000 resamples of the papers)",
		                   ev->f1_lo, ev->f1_hi);
	if (!rc)
		rc = ct_buf_printf(out, "\nmacro-F1 %.3f\n", ev->macro_f1);
	return rc;
}
