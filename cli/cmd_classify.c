/* cmd_classify.c — `classify`, `train`, `eval` and `reclassify`: the
 * citation classifier from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "buf.h"

#define LINE_MAX_BYTES   (1 << 20)
#define EXPLAIN_FEATURES 12

/* --model M, else the model compiled in. */
static int cli_model(struct cli *c, struct ct_model **m)
{
	struct ct_error err = {0};
	int rc = c->model_path ? ct_model_load(c->model_path, m, &err)
	                       : ct_model_default(m, &err);

	return rc ? cli_fail(&err) : 0;
}

/* One statement: "MARKER<TAB>SENTENCE" or a bare sentence. */
static int classify_one(struct cli *c, const struct ct_model *m,
                        const char *line, struct ct_buf *out)
{
	const char *tab = strchr(line, '\t');
	const char *text = tab ? tab + 1 : line;
	char *marker = tab ? strndup(line, (size_t)(tab - line)) : NULL;
	struct ct_buf ex = CT_BUF_INIT;
	struct ct_label l;
	int rc;

	if (tab && !marker)
		return 1;
	if (c->explain)
		rc = ct_classify_explain(m, text, 0, strlen(text), marker, -1,
		                         &l, EXPLAIN_FEATURES, &ex);
	else
		rc = ct_classify(m, text, 0, strlen(text), marker, -1, &l);
	if (!rc && c->json)
		ct_label_json(out, &l, NULL,
		              c->explain ? (ex.ptr ? ex.ptr : "") : NULL);
	else if (!rc)
		ct_buf_printf(out, "%s %.3f\n%s", ct_type_name(l.type),
		              l.confidence, ex.ptr ? ex.ptr : "");
	ct_buf_release(&ex);
	free(marker);
	return rc ? 1 : 0;
}

int cmd_classify(struct cli *c)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_model *m;
	char *line = NULL;
	int rc = cli_model(c, &m);

	if (rc)
		return rc;
	for (int i = 0; i < c->nargs && !rc; i++)
		rc = classify_one(c, m, c->args[i], &out);
	if (!c->nargs && !(line = malloc(LINE_MAX_BYTES)))
		rc = 1;
	while (!rc && line && fgets(line, LINE_MAX_BYTES, stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		rc = classify_one(c, m, line, &out);
		if (!rc && out.len > 65536) {
			rc = cli_write(&out);
			ct_buf_reset(&out);
		}
	}
	if (!rc)
		rc = cli_write(&out);
	free(line);
	ct_buf_release(&out);
	ct_model_free(m);
	return rc;
}

/* Training options from --lambda, --cw-power, --nb-beta, --min-precision
 * and --vectors (loaded into *v, which the caller frees after training). */
static int train_opts(const struct cli *c, struct ct_train_opts *o,
                      struct ct_vectors **v)
{
	struct ct_error err = {0};

	o->lambda = c->lambda;
	o->cw_power = c->cw_power;
	if (c->nb_beta >= 0)
		o->nb_beta = c->nb_beta;
	if (c->min_precision >= 0)
		o->min_precision = c->min_precision;
	if (c->silver_weight >= 0)
		o->silver_weight = c->silver_weight;
	o->silver_mentioning = c->silver_mentioning;
	if (c->inner_folds)
		o->inner_folds = c->inner_folds;
	*v = NULL;
	if (c->vectors_path && ct_vectors_load(c->vectors_path, v, &err))
		return cli_fail(&err);
	o->vectors = *v;
	return 0;
}

static int read_tsv(struct cli *c, struct ct_dataset **d)
{
	struct ct_error err = {0};

	if (c->nargs != 1)
		return cli_usage(c, "give one TSV file of labelled statements");
	if (c->silver_path && !c->group_by)
		return cli_usage(
		    c, "--silver needs --group-by (the papers the "
		       "silver rows must not share with a scored fold)");
	if (ct_dataset_read(c->args[0], c->group_by, d, &err))
		return cli_fail(&err);
	if (c->silver_path) {
		size_t n = 0;

		if (ct_dataset_add_silver(*d, c->silver_path, &n, &err)) {
			ct_dataset_free(*d);
			*d = NULL;
			return cli_fail(&err);
		}
		fprintf(stderr, "citectx %s: %zu silver rows from %s\n", c->cmd,
		        n, c->silver_path);
	}
	return 0;
}

/* The model's name: --name, else the output file's base name. */
static void model_name(struct cli *c, char *name, size_t n)
{
	const char *base = strrchr(c->output, '/');
	size_t len;

	base = c->name ? c->name : base ? base + 1 : c->output;
	len = strcspn(base, ".");
	snprintf(name, n, "%.*s", (int)(len ? len : strlen(base)), base);
}

int cmd_train(struct cli *c)
{
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *m = NULL;
	struct ct_vectors *v = NULL;
	char name[64], note[400];
	int rc;

	if (!c->output)
		return cli_usage(c,
		                 "give the model file to write with -o MODEL");
	if ((rc = read_tsv(c, &d)))
		return rc;
	model_name(c, name, sizeof(name));
	snprintf(note, sizeof(note),
	         "trained on %.120s (%zu statements) by "
	         "citectx %s train%s%s%s%.80s%s%.80s",
	         c->args[0], ct_dataset_size(d), CT_VERSION,
	         c->group_by ? " --group-by " : "",
	         c->group_by ? c->group_by : "",
	         c->vectors_path ? " --vectors " : "",
	         c->vectors_path ? c->vectors_path : "",
	         c->silver_path ? " --silver " : "",
	         c->silver_path ? c->silver_path : "");
	if ((rc = train_opts(c, &o, &v))) {
		ct_dataset_free(d);
		return rc;
	}
	o.name = name;
	o.note = note;
	rc = ct_train(d, &o, &m, &err);
	if (!rc)
		rc = ct_model_save(m, c->output, &err);
	if (!rc)
		printf("trained %s on %zu statements; wrote %s\n", name,
		       ct_dataset_size(d), c->output);
	ct_model_free(m);
	ct_vectors_free(v);
	ct_dataset_free(d);
	return rc ? cli_fail(&err) : 0;
}

int cmd_eval(struct cli *c)
{
	struct ct_train_opts o = CT_TRAIN_OPTS_INIT;
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_dataset *d = NULL;
	struct ct_model *m = NULL;
	struct ct_vectors *v = NULL;
	struct ct_eval ev;
	int rc;

	if (c->folds && c->model_path)
		return cli_usage(c, "--folds trains its own models; drop "
		                    "--model");
	if ((rc = read_tsv(c, &d)))
		return rc;
	if (!rc)
		rc = train_opts(c, &o, &v);
	if (rc)
		;
	else if (c->folds)
		rc =
		    ct_eval_cv(d, c->folds, &o, &ev, &err) ? cli_fail(&err) : 0;
	else if (!(rc = cli_model(c, &m)))
		rc = ct_eval_model(m, d, &ev, &err) ? cli_fail(&err) : 0;
	if (!rc && ct_eval_text(&ev, &out))
		rc = 1;
	if (!rc)
		rc = cli_write(&out);
	ct_buf_release(&out);
	ct_model_free(m);
	ct_vectors_free(v);
	ct_dataset_free(d);
	return rc;
}

int cmd_reclassify(struct cli *c)
{
	struct ct_error err = {0};
	struct ct_index *idx = NULL;
	struct ct_model *m = NULL;
	uint64_t n = 0;
	int rc;

	if (c->nargs)
		return cli_usage(c, "takes no arguments");
	if ((rc = cli_model(c, &m)))
		return rc;
	if ((rc = cli_open(c, 0, &idx))) {
		ct_model_free(m);
		return rc;
	}
	rc = ct_reclassify(idx, m, &n, &err);
	if (!rc)
		printf("relabelled %llu statements with model %s\n",
		       (unsigned long long)n, ct_model_name(m));
	ct_close(idx);
	ct_model_free(m);
	return rc ? cli_fail(&err) : 0;
}
