/*
 * train.h — training a model on a subset of a dataset's rows (the rows
 * and their features are dataset.h's, the scores metrics.h's).
 */
#ifndef CT_TRAIN_H
#define CT_TRAIN_H
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "dataset.h"

/* Trains a model on rows[0..n) of d (features in f). */
int train_rows(const struct ct_dataset *d, const struct ds_feats *f,
               const size_t *rows, size_t n, const struct ct_train_opts *o,
               struct ct_model **out, struct ct_error *err);

/* Calibrated probabilities of row i under m. */
void train_predict(const struct ct_model *m, const struct ds_feats *f, size_t i,
                   double p[CLS_NCLASS]);

#endif
