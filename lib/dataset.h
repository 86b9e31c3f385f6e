/*
 * dataset.h — labelled statements for training and evaluation: struct
 * ct_dataset (rows read from a file, plus silver rows), the features of
 * every row extracted once (struct ds_feats), and grouped folds.
 */
#ifndef CT_DATASET_H
#define CT_DATASET_H
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "mem.h"

struct ds_row {
	const char *text, *marker, *group; /* marker, group may be NULL */
	int label;                         /* CT_TYPE_SUPPORTING..MENTIONING */
	int section;                       /* -1 unknown */
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

#endif
