/* t_vectors.c — in-domain word vectors: words used in the same contexts
 * get close vectors, learning is deterministic, the text form round-trips,
 * and a model trained with vectors carries them through save and load. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "citectx.h"
#include "classify.h"
#include "vectors.h"

/* Two topics of 30 words each ("wa0".."wa29", "wb0".."wb29"): every line
 * holds 8 words of one topic, drawn by a fixed LCG. */
static char *topic_text(size_t lines)
{
	struct ct_buf b = CT_BUF_INIT;
	uint32_t r = 12345;

	for (size_t i = 0; i < lines; i++) {
		char topic = i % 2 ? 'b' : 'a';

		for (int k = 0; k < 8; k++) {
			r = r * 1103515245u + 12345u;
			ct_buf_printf(&b, "w%c%u ", topic, (r >> 16) % 30);
		}
		ct_buf_printf(&b, "\n");
	}
	return b.ptr;
}

static double cosine(const struct ct_vectors *v, const char *a, const char *b)
{
	float x[VEC_DIM_MAX], y[VEC_DIM_MAX];
	double d = 0, nx = 0, ny = 0;

	if (!vec_get(v, a, strlen(a), x) || !vec_get(v, b, strlen(b), y))
		return -2;
	for (size_t k = 0; k < v->dim; k++) {
		d += x[k] * y[k];
		nx += x[k] * x[k];
		ny += y[k] * y[k];
	}
	return d / sqrt(nx * ny);
}

static struct ct_vectors *learn(const char *text)
{
	struct vec_opts o = VEC_OPTS_INIT;
	struct ct_vectors *v = NULL;
	struct ct_error err = {0};

	o.dim = 4;
	o.contexts = 60;
	CHECK_EQ_INT(vec_learn(text, strlen(text), &o, &v, &err), 0);
	return v;
}

TEST(t_vectors_learn_topics)
{
	char *text = topic_text(2000);
	struct ct_vectors *v = learn(text), *v2 = learn(text);
	struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	double same = 0, other = 0;

	if (!v || !v2)
		goto out;
	CHECK_EQ_INT(v->n, 60);
	CHECK_EQ_INT(v->dim, 4);
	for (int i = 1; i < 10; i++) {
		char w1[16], w2[16];

		snprintf(w1, sizeof(w1), "wa%d", i);
		snprintf(w2, sizeof(w2), "wb%d", i);
		same += cosine(v, "wa0", w1) / 9;
		other += cosine(v, "wa0", w2) / 9;
	}
	CHECK(same > 0.8);
	CHECK(other < same - 0.5);
	CHECK(cosine(v, "wa0", "unknown") == -2);
	/* deterministic: the same text gives the same bytes */
	CHECK_EQ_INT(vec_write(v, &a), 0);
	CHECK_EQ_INT(vec_write(v2, &b), 0);
	CHECK(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len));
out:
	ct_buf_release(&a);
	ct_buf_release(&b);
	vec_free(v);
	vec_free(v2);
	free(text);
}

TEST(t_vectors_file_round_trip)
{
	char *text = topic_text(1000);
	struct ct_vectors *v = learn(text), *v2 = NULL;
	struct ct_error err = {0};
	char path[] = "/tmp/citectx-vec-XXXXXX";
	float x[VEC_DIM_MAX], y[VEC_DIM_MAX];
	FILE *fp;

	close(mkstemp(path));
	if (v) {
		CHECK_EQ_INT(ct_vectors_save(v, path, &err), 0);
		CHECK_EQ_INT(ct_vectors_load(path, &v2, &err), 0);
	}
	if (v && v2) {
		CHECK_EQ_INT(v2->n, v->n);
		CHECK(vec_get(v, "wb7", 3, x) && vec_get(v2, "wb7", 3, y));
		CHECK(!memcmp(x, y, v->dim * sizeof(float)));
	}
	vec_free(v2);
	v2 = NULL;
	/* damaged files are errors, never crashes */
	fp = fopen(path, "w");
	fputs("vectors 2 4\nwa0 0.01 00112233\nwa0 0.01 00112233\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_vectors_load(path, &v2, &err), CT_EPARSE);
	fp = fopen(path, "w");
	fputs("vectors 1 4\nwa0 0.01 0011zz33\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_vectors_load(path, &v2, &err), CT_EPARSE);
	fp = fopen(path, "w");
	fputs("vectors 3 4\nwa0 0.01 00112233\n", fp);
	fclose(fp);
	CHECK_EQ_INT(ct_vectors_load(path, &v2, &err), CT_EPARSE);
	CHECK(v2 == NULL);
	remove(path);
	vec_free(v);
	free(text);
}

static int has_prefix_feature(const struct cls_feats *f, const char *p)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strncmp(cls_feat_name(f, i), p, strlen(p)))
			return 1;
	return 0;
}

TEST(t_vectors_dense_features_in_model)
{
	static const char s[] = "Our wa1 wa2 results are consistent with "
				"[5] wb3 .";
	char *text = topic_text(1000);
	struct ct_vectors *v = learn(text);
	struct cls_feats *f = calloc(1, sizeof(*f));
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *m = NULL, *m2 = NULL;
	char path[] = "/tmp/citectx-model-XXXXXX";

	close(mkstemp(path));
	f->want_names = 1;
	f->vec = v;
	CHECK(cls_features(s, 0, strlen(s), "[5]", -1, f) > 0);
	CHECK(has_prefix_feature(f, "vs|"));
	CHECK(has_prefix_feature(f, "vc|"));
	CHECK(has_prefix_feature(f, "vn|"));
	o.lambda = 1e-3;
	o.cw_power = 1;
	o.inner_folds = 3;
	o.vectors = v;
	CHECK_EQ_INT(ct_dataset_read("tests/data/classify/tiny.tsv", "pmcid",
				     &d, &err), 0);
	if (d)
		CHECK_EQ_INT(ct_train(d, &o, &m, &err), 0);
	if (m) {
		CHECK_EQ_INT(ct_model_save(m, path, &err), 0);
		CHECK_EQ_INT(ct_model_load(path, &m2, &err), 0);
	}
	if (m2) {
		CHECK(m2->vec != NULL && m2->vec->n == v->n);
		CHECK_EQ_INT(ct_model_selfcheck(m2, &err), 0);
	}
	remove(path);
	ct_model_free(m);
	ct_model_free(m2);
	ct_dataset_free(d);
	cls_feats_release(f);
	free(f);
	vec_free(v);
	free(text);
}
