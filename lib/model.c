/*
 * model.c — struct ct_model: prediction and explanation (see
 * classify.h, citectx.h); the file format is in model_io.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "err.h"
#include "jw.h"

struct ct_model *model_new(void)
{
	struct ct_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->w = calloc((size_t)CLS_NFEAT * CLS_NCLASS, sizeof(float));
	if (!m->w) {
		free(m);
		return NULL;
	}
	m->temperature = 1.0;
	m->silver_mentioning = 1;
	m->threshold[0] = m->threshold[1] = 0.5;
	return m;
}

void ct_model_free(struct ct_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nprobes; i++) {
		free(m->probes[i].text);
		free(m->probes[i].marker);
	}
	free(m->w);
	vec_free(m->vec_own);
	free(m);
}

const char *ct_model_name(const struct ct_model *m)
{
	return m ? m->name : NULL;
}

/* ---- prediction ------------------------------------------------------- */

void model_scores_raw(const struct ct_model *m, const uint32_t *id,
                      const float *val, size_t n, double p[CLS_NCLASS])
{
	double z[CLS_NCLASS] = {0}, max, sum = 0;

	for (size_t i = 0; i < n; i++) {
		const float *w = m->w + (size_t)id[i] * CLS_NCLASS;

		for (int c = 0; c < CLS_NCLASS; c++)
			z[c] += (double)w[c] * val[i];
	}
	max = -INFINITY;
	for (int c = 0; c < CLS_NCLASS; c++) {
		z[c] = z[c] / m->temperature + m->bias[c];
		max = z[c] > max ? z[c] : max;
	}
	for (int c = 0; c < CLS_NCLASS; c++)
		sum += p[c] = exp(z[c] - max);
	for (int c = 0; c < CLS_NCLASS; c++)
		p[c] /= sum;
}

void model_scores(const struct ct_model *m, const struct cls_feats *f,
                  double p[CLS_NCLASS])
{
	model_scores_raw(m, f->id, f->val, f->n, p);
}

/* Supporting or contrasting only above their thresholds (chosen for
 * precision); when both qualify, the likelier one. */
int model_decide(const double th[2], const double p[CLS_NCLASS])
{
	int sup = p[CT_TYPE_SUPPORTING] >= th[0];
	int con = p[CT_TYPE_CONTRASTING] >= th[1];

	if (sup && con)
		return p[CT_TYPE_SUPPORTING] >= p[CT_TYPE_CONTRASTING]
		           ? CT_TYPE_SUPPORTING
		           : CT_TYPE_CONTRASTING;
	if (sup)
		return CT_TYPE_SUPPORTING;
	return con ? CT_TYPE_CONTRASTING : CT_TYPE_MENTIONING;
}

static void label_of(const struct ct_model *m, const struct cls_feats *f,
                     int words, struct ct_label *out)
{
	memset(out, 0, sizeof(*out));
	if (!words) {
		out->type = CT_TYPE_UNCLASSIFIED;
		return;
	}
	model_scores(m, f, out->scores);
	out->type = model_decide(m->threshold, out->scores);
	out->confidence = out->scores[out->type];
}

int ct_classify(const struct ct_model *m, const char *text, size_t sent_start,
                size_t sent_end, const char *marker, int section_class,
                struct ct_label *out)
{
	struct cls_feats f;
	int words;

	f.want_names = 0;
	f.vec = m->vec;
	f.namebuf = (struct ct_buf)CT_BUF_INIT;
	words =
	    cls_features(text, sent_start, sent_end, marker, section_class, &f);
	label_of(m, &f, words, out);
	return 0;
}

/* ---- explanation ------------------------------------------------------ */

struct contrib {
	double v;
	size_t i;
};

static int contrib_cmp(const void *a, const void *b)
{
	double x = fabs(((const struct contrib *)a)->v);
	double y = fabs(((const struct contrib *)b)->v);

	if (x != y)
		return x < y ? 1 : -1;
	return ((const struct contrib *)a)->i < ((const struct contrib *)b)->i
	           ? -1
	           : 1;
}

/* A feature's push towards class c: its weight for c over the mean of
 * its weights, on the calibrated scale. */
static double push(const struct ct_model *m, const struct cls_feats *f,
                   size_t i, int c)
{
	const float *w = m->w + (size_t)f->id[i] * CLS_NCLASS;
	double mean = ((double)w[0] + w[1] + w[2]) / 3;

	return ((double)w[c] - mean) * f->val[i] / m->temperature;
}

int ct_classify_explain(const struct ct_model *m, const char *text,
                        size_t sent_start, size_t sent_end, const char *marker,
                        int section_class, struct ct_label *lab, size_t nmax,
                        struct ct_buf *out)
{
	struct cls_feats *fp = calloc(1, sizeof(*fp)); /* 48 KB, with names */
	struct contrib *cs = NULL;
	int words, c, rc = 0;

	if (!fp)
		return CT_ENOMEM;
	fp->want_names = 1;
	fp->vec = m->vec;
	words =
	    cls_features(text, sent_start, sent_end, marker, section_class, fp);
	label_of(m, fp, words, lab);
	c = lab->type == CT_TYPE_UNCLASSIFIED ? CT_TYPE_MENTIONING : lab->type;
	cs = calloc(fp->n + 1, sizeof(*cs));
	if (!cs)
		rc = CT_ENOMEM;
	for (size_t i = 0; !rc && i < fp->n; i++)
		cs[i] = (struct contrib){push(m, fp, i, c), i};
	if (!rc)
		qsort(cs, fp->n, sizeof(*cs), contrib_cmp);
	for (size_t i = 0; !rc && i < fp->n && i < nmax; i++)
		rc = ct_buf_printf(out, "  %+.3f  %s\n", cs[i].v,
		                   cls_feat_name(fp, cs[i].i));
	free(cs);
	cls_feats_release(fp);
	free(fp);
	return rc;
}

int ct_label_json(struct ct_buf *b, const struct ct_label *l, const char *model,
                  const char *explain)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "type", ct_type_name(l->type));
	jw_key(&w, "confidence");
	jw_num(&w, l->confidence);
	jw_key(&w, "scores");
	jw_obj(&w);
	for (int k = CT_TYPE_SUPPORTING; k <= CT_TYPE_MENTIONING; k++) {
		jw_key(&w, ct_type_name(k));
		jw_num(&w, l->scores[k]);
	}
	jw_obj_end(&w);
	if (model)
		jw_kstr(&w, "model", model);
	if (explain)
		jw_kstr(&w, "explain", explain);
	jw_obj_end(&w);
	return ct_buf_putc(b, '\n');
}
