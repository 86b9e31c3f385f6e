/*
 * classify.h — features of one citation statement for one cited reference,
 * and the model internals shared by model.c (predict, load, save) and
 * train.c (fit, calibrate, evaluate).
 *
 * Features are hashed into CLS_BUCKETS buckets (FNV-1a of a namespaced
 * string such as "u|consistent" or "cueT|agree").  The statement is the
 * citing sentence text[sent_start..sent_end) with its target marker; the
 * target marker becomes the token TGT, every other citation marker the
 * token CIT, so that a cue ("in contrast to", "consistent with") can be
 * tied to the reference the label is about.  Only the citing sentence is
 * read: the labelled data holds no neighbouring sentences, so features of
 * them could not be trained.
 */
#ifndef CT_CLASSIFY_H
#define CT_CLASSIFY_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "vectors.h"

#define CLS_BUCKET_BITS 18
#define CLS_BUCKETS     (1u << CLS_BUCKET_BITS)
#define CLS_NCLASS      3 /* supporting, contrasting, mentioning */
/* Dense features (with word vectors): mean vectors of the sentence's
 * words, of the target's clause and of the words near the target, at ids
 * CLS_BUCKETS + block * VEC_DIM_MAX + k, after the hashed buckets. */
#define CLS_DENSE_BLOCKS 3
#define CLS_NFEAT        (CLS_BUCKETS + CLS_DENSE_BLOCKS * VEC_DIM_MAX)
#define CLS_FEAT_MAX     4096

/* One statement's features: bucket ids with counts.  With names set (for
 * --explain), names[i] is feature i's string, stored in namebuf. */
struct cls_feats {
	uint32_t id[CLS_FEAT_MAX];
	float val[CLS_FEAT_MAX];
	size_t n;
	int want_names;
	uint32_t name_off[CLS_FEAT_MAX];
	struct ct_buf namebuf;
	const struct ct_vectors
	    *vec; /* word vectors for dense features, or NULL */
};

/* Extracts the features of the statement into f (f->n reset first).
 * marker NULL or "" makes every citation marker a target (TGT); a marker
 * absent from the sentence leaves none;
 * section_class is an enum ct_section or -1 when unknown.  Returns the
 * number of word tokens: 0 means no usable text (unclassified). */
int cls_features(const char *text, size_t sent_start, size_t sent_end,
                 const char *marker, int section_class, struct cls_feats *f);
void cls_feats_release(struct cls_feats *f);
const char *cls_feat_name(const struct cls_feats *f, size_t i);

/* The model: dense weights per bucket, then calibration (logits divided
 * by temperature, plus a per-class bias) and decision thresholds. */
struct ct_model {
	char name[64];
	char note[512];
	float *w;                     /* CLS_NFEAT * CLS_NCLASS */
	const struct ct_vectors *vec; /* NULL: no dense features */
	struct ct_vectors *vec_own;   /* vec when the model owns it */
	double temperature;
	double bias[CLS_NCLASS];
	double threshold[2];              /* supporting, contrasting */
	double lambda, cw_power, nb_beta; /* as trained (0: plain L2) */
	double silver_weight;             /* as trained (0: no silver rows) */
	double silver_mentioning; /* its multiplier for mentioning rows; 1 */
	size_t nweights;          /* buckets with a weight */
	/* probes: statements with their recorded scores, re-scored by
	 * ct_model_selfcheck to prove a loaded model is the trained one */
	size_t nprobes;
	struct cls_probe {
		char *text, *marker;
		double p[CLS_NCLASS];
	} probes[8];
};

/* Calibrated probabilities of the feature vector f (or of n ids/values). */
void model_scores_raw(const struct ct_model *m, const uint32_t *id,
                      const float *val, size_t n, double p[CLS_NCLASS]);
void model_scores(const struct ct_model *m, const struct cls_feats *f,
                  double p[CLS_NCLASS]);
/* The label of calibrated probabilities p under m's thresholds. */
int model_decide(const double th[2], const double p[CLS_NCLASS]);
struct ct_model *model_new(void);
/* Rounds the weights as the model file stores them (6 digits). */
void model_round(struct ct_model *m);

#endif
