/*
 * train.h — what the training, evaluation and dataset modules share:
 * struct ct_dataset (labelled rows), the features of every row extracted
 * once (struct ds_feats), grouped folds, and training on a subset of rows.
 */
#ifndef CT_TRAIN_H
#define CT_TRAIN_H
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "mem.h"

struct ds_row {
	const char *text, *marker, *group; /* marker, group may be NULL */
	int label;			   /* CT_TYPE_SUPPORTING..MENTIONING */
	int section;			   /* -1 unknown */
	int silver; /* a machine annotation (ct_dataset_add_silver): trained
		       on with the silver weight, never scored */
};

struct ct_dataset {
	struct ds_row *rows;
	size_t n, cap;
	int has_groups;
	struct arena arena; /* the rows' strings */
};

/* Row i's features are id/val[off[i]..off[i+1]); words[i] == 0 when the
 * row has no usable text. */
struct ds_feats {
	size_t n;
	size_t *off;
	uint32_t *id;
	float *val;
	int *words;
};

/* vec (may be NULL) gives the dense features. */
int ds_feats_build(const struct ct_dataset *d, const struct ct_vectors *vec,
		   struct ds_feats *f);
void ds_feats_release(struct ds_feats *f);

/* Assigns each of rows[0..n) to one of k folds (fold[i] for rows[i]),
 * keeping a group in one fold and balancing fold sizes; deterministic
 * for a seed.  Without groups each row is its own group. */
int ds_folds(const struct ct_dataset *d, const size_t *rows, size_t n, int k,
	     unsigned seed, int *fold);
/* ds_folds over the expert-labelled rows of rows[0..n) only; a silver row
 * gets the fold of its group when expert rows of that group have one
 * (so that no paper is split), else -1: in every fold's training. */
int ds_folds_gold(const struct ct_dataset *d, const size_t *rows, size_t n,
		  int k, unsigned seed, int *fold);
/* The 95% interval of macro-F1 over 1000 bootstrap resamples of the
 * groups (papers) of the scored rows (pred[i] < 0: not scored). */
void ev_bootstrap(const struct ct_dataset *d, const int *pred,
		  struct ct_eval *ev);

/* Trains a model on rows[0..n) of d (features in f). */
int train_rows(const struct ct_dataset *d, const struct ds_feats *f,
	       const size_t *rows, size_t n, const struct ct_train_opts *o,
	       struct ct_model **out, struct ct_error *err);

/* Calibrated probabilities of row i under m. */
void train_predict(const struct ct_model *m, const struct ds_feats *f,
		   size_t i, double p[CLS_NCLASS]);

/* Adds one prediction to an evaluation; ev_finish computes the rates. */
void ev_add(struct ct_eval *ev, int gold, int pred, double conf);
void ev_finish(struct ct_eval *ev);

#endif
