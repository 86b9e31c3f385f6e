/*
 * metrics.h — scores of a classifier's decisions against gold labels
 * (struct ct_eval, citectx.h): the counts, the rates, the bootstrap
 * interval of macro-F1; below training (which scores its candidates)
 * and cross-validation (evaluate.c).
 */
#ifndef CT_METRICS_H
#define CT_METRICS_H
#include <stddef.h>

#include "dataset.h"

/* Adds one prediction to an evaluation; ev_finish computes the rates. */
void ev_add(struct ct_eval *ev, int gold, int pred, double conf);
void ev_finish(struct ct_eval *ev);
/* The decision of m on row i of f (CT_TYPE_UNCLASSIFIED when the row has
 * no usable text, confidence 0) and its confidence in *conf. */
int ev_predict_row(const struct ct_model *m, const struct ds_feats *f, size_t i,
                   double *conf);
/* The 95% interval of macro-F1 over 1000 bootstrap resamples of the
 * groups (papers) of the scored rows (pred[i] < 0: not scored). */
void ev_bootstrap(const struct ct_dataset *d, const int *pred,
                  struct ct_eval *ev);

#endif
