/*
 * model_io.c — reading and writing struct ct_model as text, the compiled-in
 * default model, and the probe self-check.
 *
 * File format, one record a line, versioned by its first line:
 *   citectx-model 1
 *   name NAME
 *   note free text (what it was trained on, the command that made it)
 *   calibration TEMPERATURE BIAS_SUP BIAS_CON BIAS_MEN
 *   thresholds T_SUP T_CON
 *   hyper LAMBDA CW_POWER [NB_BETA]      (NB_BETA absent: 0, plain L2)
 *   probe P_SUP P_CON P_MEN <TAB> MARKER <TAB> SENTENCE   (0..8 lines)
 *   vectors N DIM                    (optional: word vectors, vectors.h)
 *   WORD SCALE HEX                   (N lines)
 *   weights N
 *   BUCKET W_SUP W_CON W_MEN                    (N lines, buckets ascending)
 *   end
 * Weights are written with 6 significant digits; probes record the scores
 * of the model as written (after that rounding), so they reproduce exactly.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "err.h"

/* The default model's text, generated at build time from
 * models/default.model by scripts/embed-model.sh. */
extern const char model_default_text[];
extern const size_t model_default_len;

#define MODEL_FILE_MAX  ((size_t)64 << 20)
#define MODEL_LINE_MAX  8192
#define PROBE_TOLERANCE 1e-5

struct reader {
	const char *p, *end, *name;
	char line[MODEL_LINE_MAX];
	int lineno;
	struct ct_error *err;
};

/* The next line into r->line; CT_EPARSE at the end or when too long. */
static int next_line(struct reader *r)
{
	const char *nl;
	size_t n;

	if (r->p >= r->end)
		return err_set(r->err, CT_EPARSE,
		               "%s:%d: unexpected end of "
		               "model",
		               r->name, r->lineno);
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	n = nl ? (size_t)(nl - r->p) : (size_t)(r->end - r->p);
	if (n >= MODEL_LINE_MAX)
		return err_set(r->err, CT_ELIMIT, "%s:%d: line too long",
		               r->name, r->lineno + 1);
	memcpy(r->line, r->p, n);
	r->line[n] = '\0';
	r->p += n + (nl != NULL);
	r->lineno++;
	return 0;
}

static int bad(struct reader *r, const char *what)
{
	return err_set(r->err, CT_EPARSE, "%s:%d: %s", r->name, r->lineno,
	               what);
}

static int read_probe(struct reader *r, struct ct_model *m)
{
	struct cls_probe *pr = &m->probes[m->nprobes];
	char *t1 = strchr(r->line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : 0;

	if (m->nprobes >= sizeof(m->probes) / sizeof(*m->probes) || !t2)
		return bad(r, "bad probe line");
	if (sscanf(r->line, "probe %lf %lf %lf", &pr->p[0], &pr->p[1],
	           &pr->p[2]) != 3)
		return bad(r, "bad probe scores");
	pr->marker = strndup(t1 + 1, (size_t)(t2 - t1 - 1));
	pr->text = strdup(t2 + 1);
	m->nprobes++;
	return pr->marker && pr->text ? 0 : CT_ENOMEM;
}

/* "vectors N DIM" and its N lines: the model's own word vectors. */
static int read_vectors(struct reader *r, struct ct_model *m)
{
	size_t n, dim;

	if (m->vec_own || sscanf(r->line, "vectors %zu %zu", &n, &dim) != 2 ||
	    !(m->vec_own = vec_new(n, dim)))
		return bad(r, "bad vectors record");
	m->vec = m->vec_own;
	for (size_t i = 0; i < n; i++) {
		int rc = next_line(r);

		if (rc)
			return rc;
		if (vec_read_line(m->vec_own, r->line))
			return bad(r, "bad vector line");
	}
	return 0;
}

/* One header line; *done set at "weights N". */
static int read_header(struct reader *r, struct ct_model *m, size_t *nw)
{
	char *l = r->line;
	double *b = m->bias;

	if (!strncmp(l, "name ", 5))
		snprintf(m->name, sizeof(m->name), "%s", l + 5);
	else if (!strncmp(l, "note ", 5))
		snprintf(m->note, sizeof(m->note), "%s", l + 5);
	else if (!strncmp(l, "calibration ", 12)) {
		if (sscanf(l + 12, "%lf %lf %lf %lf", &m->temperature, &b[0],
		           &b[1], &b[2]) != 4 ||
		    !(m->temperature > 0))
			return bad(r, "bad calibration");
	} else if (!strncmp(l, "thresholds ", 11)) {
		if (sscanf(l + 11, "%lf %lf", &m->threshold[0],
		           &m->threshold[1]) != 2)
			return bad(r, "bad thresholds");
	} else if (!strncmp(l, "hyper ", 6)) {
		if (sscanf(l + 6, "%lf %lf %lf %lf %lf", &m->lambda,
		           &m->cw_power, &m->nb_beta, &m->silver_weight,
		           &m->silver_mentioning) < 2)
			return bad(r, "bad hyper-parameters");
	} else if (!strncmp(l, "probe ", 6)) {
		return read_probe(r, m);
	} else if (!strncmp(l, "vectors ", 8)) {
		return read_vectors(r, m);
	} else if (!strncmp(l, "weights ", 8)) {
		if (sscanf(l + 8, "%zu", nw) != 1 || *nw > CLS_NFEAT)
			return bad(r, "bad weight count");
		return 1;
	} else {
		return bad(r, "unknown record");
	}
	return 0;
}

/* "b w0 w1 w2", as sscanf("%lu %f %f %f") reads it, at a sixth of its
 * cost (34,000 lines in the default model, read by every ingest). */
static int weight_line(const char *s, unsigned long *b, float w[3])
{
	char *e;

	*b = strtoul(s, &e, 10);
	if (e == s)
		return 0;
	for (int k = 0; k < 3; k++) {
		s = e;
		w[k] = strtof(s, &e);
		if (e == s)
			return 0;
	}
	return 1;
}

static int read_weights(struct reader *r, struct ct_model *m, size_t nw)
{
	long prev = -1;
	int rc = 0;

	for (size_t i = 0; i < nw && !rc; i++) {
		unsigned long b;
		float w[3];

		rc = next_line(r);
		if (rc)
			break;
		if (!weight_line(r->line, &b, w) || b >= CLS_NFEAT ||
		    (long)b <= prev)
			return bad(r, "bad weight line");
		memcpy(m->w + b * CLS_NCLASS, w, sizeof(w));
		prev = (long)b;
	}
	m->nweights = nw;
	if (!rc)
		rc = next_line(r);
	if (!rc && strcmp(r->line, "end"))
		return bad(r, "expected end");
	return rc;
}

static int model_parse(const char *text, size_t len, const char *name,
                       struct ct_model **out, struct ct_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));
	struct ct_model *m = model_new();
	size_t nw = 0;
	int rc =
	    r && m ? 0 : err_set(err, CT_ENOMEM, "%s: out of memory", name);

	if (!rc) {
		*r = (struct reader){
		    .p = text, .end = text + len, .name = name, .err = err};
		rc = next_line(r);
	}
	if (!rc && strcmp(r->line, "citectx-model 1"))
		rc = bad(r, "not a citectx model (version 1)");
	while (!rc && !(rc = next_line(r)) && !(rc = read_header(r, m, &nw)))
		;
	if (rc == 1)
		rc = read_weights(r, m, nw);
	free(r);
	if (rc) {
		ct_model_free(m);
		m = NULL;
	}
	*out = m;
	return rc;
}

int ct_model_default(struct ct_model **out, struct ct_error *err)
{
	*out = NULL;
	if (!model_default_len)
		return err_set(err, CT_ENOTFOUND,
		               "default model: this build "
		               "carries none (models/default.model is empty)");
	return model_parse(model_default_text, model_default_len,
	                   "default model", out, err);
}

int ct_model_load(const char *path, struct ct_model **out, struct ct_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct ct_buf b = CT_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;

	*out = NULL;
	if (!fp)
		return err_set(err, errno == ENOENT ? CT_ENOTFOUND : CT_EIO,
		               "%s: %s", path, strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		rc = b.len + n > MODEL_FILE_MAX ? CT_ELIMIT
		                                : ct_buf_put(&b, chunk, n);
	if (!rc && ferror(fp))
		rc = CT_EIO;
	fclose(fp);
	if (rc)
		err_set(err, rc, "%s: %s", path, ct_strerror(rc));
	else
		rc = model_parse(b.ptr ? b.ptr : "", b.len, path, out, err);
	ct_buf_release(&b);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

static int write_header(const struct ct_model *m, struct ct_buf *b)
{
	int rc = ct_buf_printf(b, "citectx-model 1\nname %s\nnote %s\n",
	                       m->name, m->note);

	if (!rc)
		rc = ct_buf_printf(
		    b,
		    "calibration %.17g %.17g %.17g %.17g\n"
		    "thresholds %.4f %.4f\nhyper %.6g %.6g %.6g %.6g",
		    m->temperature, m->bias[0], m->bias[1], m->bias[2],
		    m->threshold[0], m->threshold[1], m->lambda, m->cw_power,
		    m->nb_beta, m->silver_weight);
	/* the silver mentioning multiplier only when not 1, so that a model
	 * trained without it writes the same bytes as before */
	if (!rc && m->silver_mentioning != 1)
		rc = ct_buf_printf(b, " %.6g", m->silver_mentioning);
	if (!rc)
		rc = ct_buf_printf(b, "\n");
	for (size_t i = 0; !rc && i < m->nprobes; i++) {
		const struct cls_probe *p = &m->probes[i];

		rc = ct_buf_printf(b, "probe %.9f %.9f %.9f\t%s\t%s\n", p->p[0],
		                   p->p[1], p->p[2], p->marker, p->text);
	}
	if (!rc && m->vec)
		rc = vec_write(m->vec, b);
	return rc;
}

static int write_weights(const struct ct_model *m, struct ct_buf *b)
{
	size_t nw = 0;
	int rc;

	for (size_t i = 0; i < CLS_NFEAT; i++) {
		const float *w = m->w + i * CLS_NCLASS;

		nw += w[0] != 0 || w[1] != 0 || w[2] != 0;
	}
	rc = ct_buf_printf(b, "weights %zu\n", nw);
	for (size_t i = 0; !rc && i < CLS_NFEAT; i++) {
		const float *w = m->w + i * CLS_NCLASS;

		if (w[0] != 0 || w[1] != 0 || w[2] != 0)
			rc = ct_buf_printf(b, "%zu %.6g %.6g %.6g\n", i,
			                   (double)w[0], (double)w[1],
			                   (double)w[2]);
	}
	return rc ? rc : ct_buf_puts(b, "end\n");
}

int ct_model_save(const struct ct_model *m, const char *path,
                  struct ct_error *err)
{
	struct ct_buf b = CT_BUF_INIT;
	FILE *fp;
	int rc = write_header(m, &b);

	if (!rc)
		rc = write_weights(m, &b);
	if (rc) {
		ct_buf_release(&b);
		return err_set(err, rc, "%s: %s", path, ct_strerror(rc));
	}
	fp = fopen(path, "wb");
	if (!fp || fwrite(b.ptr, 1, b.len, fp) != b.len)
		rc = err_set(err, CT_EIO, "%s: %s", path, strerror(errno));
	if (fp && fclose(fp) && !rc)
		rc = err_set(err, CT_EIO, "%s: %s", path, strerror(errno));
	ct_buf_release(&b);
	return rc;
}

/* Rounds every weight as the file will hold it, so that scores computed
 * now equal scores computed after a save and load. */
void model_round(struct ct_model *m)
{
	for (size_t i = 0; i < (size_t)CLS_NFEAT * CLS_NCLASS; i++) {
		char s[32];

		if (m->w[i] == 0)
			continue;
		snprintf(s, sizeof(s), "%.6g", (double)m->w[i]);
		m->w[i] = strtof(s, NULL);
	}
}

/* ---- self-check ------------------------------------------------------- */

int ct_model_selfcheck(const struct ct_model *m, struct ct_error *err)
{
	for (size_t i = 0; i < m->nprobes; i++) {
		const struct cls_probe *p = &m->probes[i];
		struct ct_label l;

		ct_classify(m, p->text, 0, strlen(p->text),
		            p->marker[0] ? p->marker : NULL, -1, &l);
		for (int c = 0; c < CLS_NCLASS; c++)
			if (fabs(l.scores[c] - p->p[c]) > PROBE_TOLERANCE)
				return err_set(err, CT_ECORRUPT,
				               "model %s: "
				               "probe %zu scores %s %.6f, "
				               "recorded %.6f",
				               m->name, i + 1, ct_type_name(c),
				               l.scores[c], p->p[c]);
	}
	return 0;
}
