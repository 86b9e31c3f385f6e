/*
 * citectx_classify.h — the language side of the public API (citectx.h
 * includes it): sentence splitting, classification of statements
 * (supporting / contrasting / mentioning), training and evaluation of
 * models, silver labels.
 */
#ifndef CITECTX_CLASSIFY_H
#define CITECTX_CLASSIFY_H

#include "citectx.h"

/* ---- sentence splitting (exposed for tools and tests) ------------------- */

/* Splits text[0..len) into sentences of scientific prose.  protect holds
 * nprotect sorted, non-overlapping spans (citation markers) that never
 * contain a boundary; a marker that directly follows a sentence end
 * ("... disease. [4] Next", "... disease.4 Next") belongs to the sentence
 * before it.  Spans exclude leading and trailing whitespace.  Writes at most
 * max spans to out and returns their count, or CT_ELIMIT when there are
 * more than max sentences. */
int ct_sentences(const char *text, size_t len, const struct ct_span *protect,
                 size_t nprotect, struct ct_span *out, size_t max);

/* ---- classification (supporting / contrasting / mentioning) ------------
 * A model labels one citation statement for one cited reference: the
 * statement text (previous + citing + next sentence), the byte offsets of
 * the citing sentence, the marker of the cited reference in it (NULL when
 * unknown) and the section class (-1 when unknown).  Confidence is a
 * calibrated probability that the label is right; scores are the
 * calibrated probabilities of supporting, contrasting and mentioning.
 * A model is immutable once made and may be shared between threads. */
struct ct_model;

struct ct_label {
	int type; /* enum ct_type; CT_TYPE_UNCLASSIFIED when no usable text */
	double confidence;
	double
	    scores[3]; /* indexed by CT_TYPE_SUPPORTING..CT_TYPE_MENTIONING */
};

/* The model shipped with the program (models/default.model, compiled in).
 * CT_ENOTFOUND when this build carries none. */
int ct_model_default(struct ct_model **out, struct ct_error *err);
int ct_model_load(const char *path, struct ct_model **out,
                  struct ct_error *err);
int ct_model_save(const struct ct_model *m, const char *path,
                  struct ct_error *err);
void ct_model_free(struct ct_model *m);
/* The model's name, stored with every label it gives. */
const char *ct_model_name(const struct ct_model *m);
/* Re-scores the probe statements recorded in the model when it was
 * trained; CT_ECORRUPT (with the first difference in err) when a score
 * moved, i.e. the features or the file no longer match the training. */
int ct_model_selfcheck(const struct ct_model *m, struct ct_error *err);

int ct_classify(const struct ct_model *m, const char *text, size_t sent_start,
                size_t sent_end, const char *marker, int section_class,
                struct ct_label *out);
/* ct_classify, then appends to out the features that moved the decision,
 * strongest first, one "  +0.812  name" line each (at most nmax). */
int ct_classify_explain(const struct ct_model *m, const char *text,
                        size_t sent_start, size_t sent_end, const char *marker,
                        int section_class, struct ct_label *lab, size_t nmax,
                        struct ct_buf *out);

/* A label as one JSON line: {"type", "confidence", "scores": {...}} and,
 * when given, "model" and "explain" (the CLI's `classify --json` and the
 * API's POST /api/v1/classify print the same shape). */
int ct_label_json(struct ct_buf *b, const struct ct_label *l, const char *model,
                  const char *explain);

/* Labelled statements: a TSV whose header names at least `label` and
 * `sentence`, optionally `marker` and a grouping column (e.g. `pmcid`).
 * Labels are supporting / contrasting / mentioning (or positive /
 * negative / neutral). */
struct ct_dataset;
/* In-domain word vectors (lib/vectors.h), learned by `citectx vectors`
 * from plain text and carried inside a model trained with them. */
struct ct_vectors;
int ct_dataset_read(const char *path, const char *group_col,
                    struct ct_dataset **out, struct ct_error *err);
size_t ct_dataset_size(const struct ct_dataset *d);
/* Appends the silver rows of path (the TSV `citectx silver rows` writes:
 * label, sentence, marker, pmcid, section_class) to d.  Silver rows are
 * trained on (weighted) and never scored: evaluation folds are made of
 * d's expert rows, and a silver row never trains the fold that holds its
 * paper.  *n receives the number of rows added. */
int ct_dataset_add_silver(struct ct_dataset *d, const char *path, size_t *n,
                          struct ct_error *err);
void ct_dataset_free(struct ct_dataset *d);

struct ct_train_opts {
	int inner_folds;      /* for calibration, thresholds, selection; 5 */
	double min_precision; /* asked of supporting and contrasting; 0.8 */
	unsigned seed;        /* fold shuffling; fixed for reproducibility */
	const char *name;     /* the model's name; NULL = a default */
	const char *note;     /* recorded in the model; NULL = none */
	double lambda;        /* L2 strength; < 0 = chosen on inner folds */
	double cw_power;      /* class weight (n/n_c)^p; < 0 = chosen */
	/* in-domain word vectors for dense features (borrowed; must outlive
	 * the models trained); NULL = none */
	const struct ct_vectors *vectors;
	/* naive-Bayes scaled L2 (after NBSVM, Wang and Manning 2012): the
	 * weight of feature j for class c is penalised by lambda / (nb_beta +
	 * |r_jc|)^2, r_jc the log-ratio of j's presence in class c's training
	 * rows against the others'; <= 0 = plain L2 */
	double nb_beta;
	/* weight of each silver row against an expert row's 1; < 0 = chosen
	 * on the inner folds (scored on expert rows only) */
	double silver_weight;
	/* multiplies the silver weight of silver rows labelled mentioning
	 * (the annotator's least precise label: it called a third of the
	 * experts' contrasting rows mentioning); < 0 = chosen on the inner
	 * folds */
	double silver_mentioning;
};
#define CT_TRAIN_OPTS_INIT                                                     \
	{                                                                      \
		5, 0, 20240611u, NULL, NULL, -1, -1, NULL, 1.0, -1, 1.0        \
	}

/* Learns word vectors from the text file at path (one paragraph or
 * sentence a line): vocab words, dim dimensions (0: the defaults, 20,000
 * and 64).  Deterministic. */
int ct_vectors_learn(const char *path, size_t vocab, size_t dim,
                     struct ct_vectors **out, struct ct_error *err);
/* Reads a vectors file, or the vectors a model file carries (so that
 * `eval --folds K --vectors models/default.model` cross-validates with
 * the shipped model's vectors). */
int ct_vectors_load(const char *path, struct ct_vectors **out,
                    struct ct_error *err);
int ct_vectors_save(const struct ct_vectors *v, const char *path,
                    struct ct_error *err);
void ct_vectors_free(struct ct_vectors *v);

/* Trains a model on every row of d: hyper-parameters, calibration and
 * thresholds are chosen on inner folds (grouped when d has groups). */
int ct_train(const struct ct_dataset *d, const struct ct_train_opts *o,
             struct ct_model **out, struct ct_error *err);

struct ct_eval {
	size_t n;
	int64_t confusion[3][CT_TYPE_COUNT]; /* [gold][predicted] */
	double precision[3], recall[3], f1[3];
	double accuracy, macro_f1, ece;
	double f1_lo, f1_hi; /* bootstrap 95% interval of macro-F1 (by paper
	                        when grouped); 0 when not computed */
	/* ECE: 10 equal-width bins of confidence */
	int64_t bin_n[10];
	double bin_conf[10], bin_right[10];
};

/* Scores model m on d. */
int ct_eval_model(const struct ct_model *m, const struct ct_dataset *d,
                  struct ct_eval *ev, struct ct_error *err);
/* k-fold cross-validation (grouped when d has groups): a model is trained
 * on each k-1 folds with ct_train (its own inner folds) and scored on the
 * fold left out. */
int ct_eval_cv(const struct ct_dataset *d, int k, const struct ct_train_opts *o,
               struct ct_eval *ev, struct ct_error *err);
/* The evaluation as text; its last line is "macro-F1 0.NNN". */
int ct_eval_text(const struct ct_eval *ev, struct ct_buf *out);

/* The model ingest classifies with (borrowed; must outlive idx).  Without
 * one, ingest uses the default model. */
void ct_use_model(struct ct_index *idx, const struct ct_model *m);
/* Relabels every statement of the index with m, without re-reading
 * articles; *n receives the number relabelled. */
int ct_reclassify(struct ct_index *idx, const struct ct_model *m, uint64_t *n,
                  struct ct_error *err);
/* ---- silver labels (docs/LABELLING.md) ----------------------------------
 * Machine-annotated statements of an indexed corpus are kept as keys, not
 * text: the citing article's PMCID, the locator of the citing sentence
 * (ct_silver_key) and the target marker.  ct_silver_walk visits the
 * index's statements once per (article, sentence, marker): statements of
 * one marker that cites a range ("[3-6]") share one label. */
struct ct_silver_stmt {
	int64_t id;
	const char *pmcid, *marker, *section; /* marker, section may be NULL */
	int section_class, type;
	double confidence;
	const char *text; /* previous + citing + next sentence */
	size_t sent_start, sent_end, len;
	char key[17]; /* ct_silver_key of the citing sentence */
};
/* The locator of a sentence: 16 hex digits of FNV-1a 64 over its ASCII
 * letters and digits lower-cased and its non-ASCII bytes (spacing and
 * punctuation are not part of it, so re-extraction with other spacing
 * finds the same key). */
void ct_silver_key(const char *s, size_t n, char out[17]);
/* A marker for comparison: its bytes without white space, at most
 * cap - 1 of them. */
void ct_silver_marker(const char *m, char *out, size_t cap);
/* Calls fn for each distinct (article, sentence, marker) of the index, in
 * statement order; a non-zero return from fn stops the walk and is
 * returned. */
int ct_silver_walk(struct ct_index *idx,
                   int (*fn)(void *ctx, const struct ct_silver_stmt *s),
                   void *ctx, struct ct_error *err);

#endif
