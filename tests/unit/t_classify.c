/* t_classify.c — the citation classifier: features for one target
 * marker, training on a tiny hand-written TSV, model files, calibration
 * and evaluation arithmetic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "citectx.h"
#include "classify.h"
#include "metrics.h"
#include "train.h"

#define TINY "tests/data/classify/tiny.tsv"
#define TINY_SILVER "tests/data/classify/tiny-silver.tsv"

static int has_feature(const struct cls_feats *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(cls_feat_name(f, i), name))
			return 1;
	return 0;
}

static int features(const char *s, const char *marker, struct cls_feats *f)
{
	f->want_names = 1;
	return cls_features(s, 0, strlen(s), marker, -1, f);
}

TEST(t_classify_features_target)
{
	static const char s[] = "Our results are consistent with Smith [3] "
				"but differ from those of Jones [4] .";
	static const char l[] = "Our results , like those of Smith [3] and "
				"Jones [4] , were consistent with the trial .";
	struct cls_feats *f = calloc(1, sizeof(*f));

	/* the same sentence agrees with [3] and contrasts with [4]: each
	 * target has a cue of its own, so the other's part is not its */
	CHECK(features(s, "[3]", f) > 0);
	CHECK(has_feature(f, "cueT|agree"));
	CHECK(has_feature(f, "segB|agree"));
	CHECK(!has_feature(f, "cueO|contrast"));
	CHECK(!has_feature(f, "u|differ"));
	CHECK(has_feature(f, "u|TGT"));
	CHECK(has_feature(f, "sTB|consistent"));
	CHECK(features(s, "[4]", f) > 0);
	CHECK(has_feature(f, "cueT|contrast"));
	CHECK(has_feature(f, "segB|contrast"));
	CHECK(!has_feature(f, "cueO|agree"));
	CHECK(!has_feature(f, "u|consistent"));
	CHECK(has_feature(f, "u|our")); /* the shared subject stays */
	CHECK(has_feature(f, "w-1|jone"));
	CHECK(has_feature(f, "sTB|differ"));
	CHECK(!has_feature(f, "sTA|differ"));
	/* a list without cues of its own shares the sentence */
	CHECK(features(l, "[3]", f) > 0);
	CHECK(has_feature(f, "u|CIT"));
	CHECK(has_feature(f, "cueT|agree"));
	CHECK(has_feature(f, "pair|agree_ours"));
	CHECK(has_feature(f, "sTA|consistent"));
	CHECK(features(l, "[4]", f) > 0);
	CHECK(has_feature(f, "u|CIT"));
	CHECK(has_feature(f, "cueT|agree"));
	/* a marker not in the sentence: no target, all markers are CIT */
	CHECK(features(s, "[9]", f) > 0);
	CHECK(!has_feature(f, "u|TGT"));
	CHECK(has_feature(f, "tpos|none"));
	cls_feats_release(f);
	free(f);
}

TEST(t_classify_features_negation)
{
	static const char s[] = "These data did not confirm the benefit, "
				"as reported [12] .";
	struct cls_feats *f = calloc(1, sizeof(*f));

	CHECK(features(s, "[12]", f) > 0);
	CHECK(has_feature(f, "n|confirm"));
	CHECK(has_feature(f, "n|benefit"));
	CHECK(!has_feature(f, "n|a")); /* the comma closes the scope */
	CHECK(has_feature(f, "cueT|contrast")); /* "did not" */
	/* no words: no usable text */
	CHECK_EQ_INT(features("[12] .", "[12]", f), 0);
	CHECK_EQ_INT(features("", NULL, f), 0);
	/* a bare number as marker is found only as a whole number */
	CHECK(features("Rates fell by 112 in 2 studies 12", "12", f) > 0);
	CHECK(has_feature(f, "tpos|end"));
	cls_feats_release(f);
	free(f);
}

TEST(t_classify_negation_scope)
{
	struct cls_feats *f = calloc(1, sizeof(*f));

	/* a negation governs the agreement cue after it: the cue's class,
	 * its scoped word and its plain word all say so */
	CHECK(features("Our findings were not consistent with those of "
		       "Smith [21] .", "[21]", f) > 0);
	CHECK(has_feature(f, "cueT|negagree"));
	CHECK(has_feature(f, "cw!TB|consistent with"));
	CHECK(has_feature(f, "u|!_consistent"));
	CHECK(!has_feature(f, "u|consistent"));
	CHECK(!has_feature(f, "cueT|agree"));
	/* the same sentence without the negation */
	CHECK(features("Our findings were consistent with those of "
		       "Smith [21] .", "[21]", f) > 0);
	CHECK(has_feature(f, "cueT|agree"));
	CHECK(has_feature(f, "u|consistent"));
	CHECK(!has_feature(f, "cueT|negagree"));
	/* up to three words between, and a negated contrast cue */
	CHECK(features("These results could not be replicated in [4] .", "[4]",
		       f) > 0);
	CHECK(has_feature(f, "cueT|negagree"));
	CHECK(features("Adherence did not differ from that of [11] .", "[11]",
		       f) > 0);
	CHECK(has_feature(f, "cueT|negcontrast"));
	/* a negation elsewhere leaves the agreement: punctuation closes it */
	CHECK(features("We found no difference, similar to [5] .", "[5]", f) > 0);
	CHECK(has_feature(f, "cueT|agree"));
	CHECK(!has_feature(f, "cueT|negagree"));
	/* "no similar trial" denies the trial, "not only" negates nothing */
	CHECK(features("No similar trial was found [6] .", "[6]", f) > 0);
	CHECK(!has_feature(f, "cueT|negagree"));
	CHECK(features("This is not only consistent with [7] but extends it .",
		       "[7]", f) > 0);
	CHECK(!has_feature(f, "cueT|negagree"));
	/* the label is the target's: "but not with [29]" denies for [29]
	 * the agreement said of [10] */
	CHECK(features("Our results are consistent with [10] but not with "
		       "[29] .", "[29]", f) > 0);
	CHECK(has_feature(f, "elide|negagree"));
	CHECK(features("Our results are consistent with [10] but not with "
		       "[29] .", "[10]", f) > 0);
	CHECK(!has_feature(f, "elide|negagree"));
	CHECK(has_feature(f, "cueT|agree"));
	cls_feats_release(f);
	free(f);
}

TEST(t_silver_key)
{
	static const char a[] = "Our results agree with [4], as expected.";
	static const char b[] = "Our  results agree with [ 4 ] as expected";
	static const char c[] = "Our results agree with [5], as expected.";
	char ka[17], kb[17], kc[17], m[16];

	/* spacing and punctuation are not part of the locator; words are */
	ct_silver_key(a, strlen(a), ka);
	ct_silver_key(b, strlen(b), kb);
	ct_silver_key(c, strlen(c), kc);
	CHECK_EQ_STR(ka, kb);
	CHECK(strcmp(ka, kc) != 0);
	CHECK_EQ_INT(strlen(ka), 16);
	CHECK(strspn(ka, "0123456789abcdef") == 16);
	ct_silver_marker("[ 12,16-21]", m, sizeof(m));
	CHECK_EQ_STR(m, "[12,16-21]");
	ct_silver_marker("[ 1, 2, 3, 4, 5, 6, 7 ]", m, 8);
	CHECK_EQ_STR(m, "[1,2,3,");
}

static struct ct_model *train_tiny(void)
{
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *m = NULL;

	o.lambda = 1e-3;
	o.cw_power = 1;
	o.inner_folds = 3;
	o.min_precision = 0;
	o.name = "tiny";
	CHECK_EQ_INT(ct_dataset_read(TINY, "pmcid", &d, &err), 0);
	CHECK_EQ_INT(ct_dataset_size(d), 36);
	CHECK_EQ_INT(ct_train(d, &o, &m, &err), 0);
	ct_dataset_free(d);
	return m;
}

static int label_of(const struct ct_model *m, const char *s, const char *mk)
{
	struct ct_label l;

	ct_classify(m, s, 0, strlen(s), mk, -1, &l);
	CHECK(l.confidence >= 0 && l.confidence <= 1);
	if (l.type != CT_TYPE_UNCLASSIFIED)
		CHECK(fabs(l.scores[0] + l.scores[1] + l.scores[2] - 1) < 1e-9);
	return l.type;
}

TEST(t_classify_train_tiny)
{
	struct ct_model *m = train_tiny();
	struct ct_buf ex = CT_BUF_INIT;
	struct ct_label l;
	static const char s[] = "Our findings are consistent with those of a "
				"recent trial [5] .";

	if (!m)
		return;
	CHECK_EQ_STR(ct_model_name(m), "tiny");
	CHECK_EQ_INT(label_of(m, s, "[5]"), CT_TYPE_SUPPORTING);
	CHECK_EQ_INT(label_of(m, "In contrast to Smith [5] , we found no "
			      "benefit.", "[5]"), CT_TYPE_CONTRASTING);
	CHECK_EQ_INT(label_of(m, "Pain was measured with a validated scale "
			      "[5] .", "[5]"), CT_TYPE_MENTIONING);
	CHECK_EQ_INT(label_of(m, "[5] .", "[5]"), CT_TYPE_UNCLASSIFIED);
	/* the statement offsets select the citing sentence */
	ct_classify(m, "Pain was measured. Our findings are consistent with "
		    "those of a recent trial [5] . Next.", 19, 73, "[5]", 3, &l);
	CHECK_EQ_INT(l.type, CT_TYPE_SUPPORTING);
	CHECK_EQ_INT(ct_classify_explain(m, s, 0, strlen(s), "[5]", -1, &l, 5,
					 &ex), 0);
	CHECK(ex.ptr && strstr(ex.ptr, "agree"));
	CHECK(ex.ptr && strstr(ex.ptr, "  +"));
	ct_buf_release(&ex);
	CHECK_EQ_INT(ct_model_selfcheck(m, NULL), 0);
	ct_model_free(m);
}

TEST(t_classify_save_load)
{
	struct ct_model *m = train_tiny(), *m2 = NULL;
	struct ct_error err = {0};
	char path[] = "/tmp/citectx-model-XXXXXX";
	struct ct_label a, b;
	static const char s[] = "Unlike a previous study [2] , we found a "
				"benefit consistent with [3] .";
	FILE *fp;

	if (!m)
		return;
	close(mkstemp(path));
	CHECK_EQ_INT(ct_model_save(m, path, &err), 0);
	CHECK_EQ_INT(ct_model_load(path, &m2, &err), 0);
	if (m2) {
		CHECK_EQ_STR(ct_model_name(m2), "tiny");
		CHECK(m->nb_beta > 0 && m2->nb_beta == m->nb_beta);
		ct_classify(m, s, 0, strlen(s), "[2]", -1, &a);
		ct_classify(m2, s, 0, strlen(s), "[2]", -1, &b);
		CHECK_EQ_INT(a.type, b.type);
		for (int c = 0; c < 3; c++)
			CHECK(fabs(a.scores[c] - b.scores[c]) < 1e-12);
		CHECK_EQ_INT(ct_model_selfcheck(m2, &err), 0);
		/* weights changed in the file: the probes notice */
		for (size_t i = 0; i < CLS_NFEAT * CLS_NCLASS; i += 3) {
			float t = m2->w[i];

			m2->w[i] = m2->w[i + 2];
			m2->w[i + 2] = t;
		}
		CHECK_EQ_INT(ct_model_selfcheck(m2, &err), CT_ECORRUPT);
		CHECK(strstr(err.msg, "probe") != NULL);
		ct_model_free(m2);
	}
	/* a damaged file is an error naming it, never a crash */
	fp = fopen(path, "w");
	fputs("citectx-model 1\nname x\nweights 2\n5 1 2 3\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_model_load(path, &m2, &err), CT_EPARSE);
	CHECK(strstr(err.msg, path) != NULL);
	CHECK(m2 == NULL);
	fp = fopen(path, "w");
	fputs("not a model\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_model_load(path, &m2, &err), CT_EPARSE);
	remove(path);
	CHECK_EQ_INT(ct_model_load(path, &m2, &err), CT_ENOTFOUND);
	ct_model_free(m);
}

/* The naive-Bayes scaled L2 (ct_train_opts.nb_beta) changes the fit;
 * 0 turns it off and the model records which was used. */
TEST(t_classify_nb_scale)
{
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *a = NULL, *b = NULL;
	double diff = 0;

	o.lambda = 1e-2;
	o.cw_power = 1;
	o.inner_folds = 3;
	o.min_precision = 0;
	CHECK_EQ_INT(ct_dataset_read(TINY, "pmcid", &d, &err), 0);
	CHECK_EQ_INT(ct_train(d, &o, &a, &err), 0);
	o.nb_beta = 0;
	CHECK_EQ_INT(ct_train(d, &o, &b, &err), 0);
	if (a && b) {
		CHECK(a->nb_beta == 1.0 && b->nb_beta == 0);
		for (size_t i = 0; i < (size_t)CLS_NFEAT * CLS_NCLASS; i++)
			diff += fabs((double)a->w[i] - b->w[i]);
		CHECK(diff > 1e-3);
	}
	ct_model_free(a);
	ct_model_free(b);
	ct_dataset_free(d);
}

/* Silver rows labelled mentioning weigh silver_mentioning times the
 * silver weight: another multiplier gives other weights, the model
 * records it, and its file keeps it. */
TEST(t_classify_silver_mentioning)
{
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *a = NULL, *b = NULL, *c = NULL;
	char path[] = "/tmp/citectx-model-XXXXXX";
	size_t n = 0;
	double diff = 0;

	o.lambda = 1e-2;
	o.cw_power = 1;
	o.inner_folds = 3;
	o.min_precision = 0;
	o.silver_weight = 1;
	CHECK_EQ_INT(ct_dataset_read(TINY, "pmcid", &d, &err), 0);
	CHECK_EQ_INT(ct_dataset_add_silver(d, TINY_SILVER, &n, &err), 0);
	CHECK_EQ_INT(n, 6);
	CHECK_EQ_INT(ct_train(d, &o, &a, &err), 0);
	o.silver_mentioning = 0.25;
	CHECK_EQ_INT(ct_train(d, &o, &b, &err), 0);
	if (a && b) {
		CHECK(a->silver_mentioning == 1 && b->silver_mentioning == 0.25);
		for (size_t i = 0; i < (size_t)CLS_NFEAT * CLS_NCLASS; i++)
			diff += fabs((double)a->w[i] - b->w[i]);
		CHECK(diff > 1e-3);
		close(mkstemp(path));
		CHECK_EQ_INT(ct_model_save(b, path, &err), 0);
		CHECK_EQ_INT(ct_model_load(path, &c, &err), 0);
		CHECK(c && c->silver_mentioning == 0.25);
		remove(path);
	}
	ct_model_free(a);
	ct_model_free(b);
	ct_model_free(c);
	ct_dataset_free(d);
}

TEST(t_classify_eval_arithmetic)
{
	struct ct_eval ev;

	/* 10 at confidence 0.85, 8 right: calibrated, ECE about 0.05 */
	memset(&ev, 0, sizeof(ev));
	for (int i = 0; i < 10; i++)
		ev_add(&ev, CT_TYPE_SUPPORTING,
		       i < 8 ? CT_TYPE_SUPPORTING : CT_TYPE_MENTIONING, 0.85);
	ev_finish(&ev);
	CHECK(fabs(ev.ece - 0.05) < 1e-9);
	CHECK(fabs(ev.recall[0] - 0.8) < 1e-9);
	CHECK(fabs(ev.precision[0] - 1) < 1e-9);
	CHECK(fabs(ev.precision[2] - 0) < 1e-9);
	CHECK(fabs(ev.accuracy - 0.8) < 1e-9);
	/* over-confident: 0.95 claimed, half right */
	memset(&ev, 0, sizeof(ev));
	for (int i = 0; i < 10; i++)
		ev_add(&ev, i % 2 ? CT_TYPE_CONTRASTING : CT_TYPE_MENTIONING,
		       CT_TYPE_MENTIONING, 0.95);
	ev_finish(&ev);
	CHECK(fabs(ev.ece - 0.45) < 1e-9);
	CHECK(fabs(ev.f1[2] - 2 * 0.5 / 1.5) < 1e-9);
}

TEST(t_classify_calibration)
{
	struct ct_model *m = train_tiny();
	struct ct_dataset *d = NULL;
	struct ct_eval ev;

	if (!m)
		return;
	CHECK(m->temperature > 0);
	/* the thresholds are probabilities, the scores are too */
	CHECK(m->threshold[0] >= 0.05 && m->threshold[0] <= 0.95);
	CHECK_EQ_INT(ct_dataset_read(TINY, NULL, &d, NULL), 0);
	CHECK_EQ_INT(ct_eval_model(m, d, &ev, NULL), 0);
	CHECK_EQ_INT(ev.n, 36);
	CHECK(ev.accuracy > 0.9); /* its own training data */
	CHECK(ev.ece >= 0 && ev.ece < 0.5);
	ct_dataset_free(d);
	ct_model_free(m);
}

TEST(t_classify_dataset_errors)
{
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	char path[] = "/tmp/citectx-tsv-XXXXXX";
	FILE *fp = fdopen(mkstemp(path), "w");

	fputs("id\tsentence\n1\tA sentence.\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_dataset_read(path, NULL, &d, &err), CT_EPARSE);
	CHECK(strstr(err.msg, "label") != NULL);
	fp = fopen(path, "w");
	fputs("label\tsentence\nsupporting\tA.\nmaybe\tB.\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_dataset_read(path, NULL, &d, &err), CT_EPARSE);
	CHECK(strstr(err.msg, ":3:") != NULL);
	CHECK_EQ_INT(ct_dataset_read(path, "pmcid", &d, &err), CT_EUSAGE);
	fp = fopen(path, "w");
	fputs("sentence\tlabel\nA.\tPOSITIVE\nB.\tneutral\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_dataset_read(path, NULL, &d, &err), 0);
	CHECK_EQ_INT(ct_dataset_size(d), 2);
	ct_dataset_free(d);
	remove(path);
}

TEST(t_classify_default_model)
{
	struct ct_error err = {0};
	struct ct_model *m = NULL;
	int rc = ct_model_default(&m, &err);

	if (rc == CT_ENOTFOUND) /* a build without models/default.model */
		return;
	CHECK_EQ_INT(rc, 0);
	CHECK(m && m->nprobes > 0);
	/* the shipped model is citectx-lr-4: negation scope and the target's
	 * own part of the sentence, trained on expert plus silver rows, NB-
	 * scaled L2; its probes (statements written for citectx) re-scored
	 * with the current features reproduce its file */
	CHECK_EQ_STR(ct_model_name(m), "citectx-lr-4");
	CHECK(m->nb_beta > 0 && m->vec != NULL && m->silver_weight > 0);
	CHECK_EQ_INT(ct_model_selfcheck(m, &err), 0);
	ct_model_free(m);
}
