/* cmd_silver.c — `silver pool` (every distinct statement of the index with
 * its silver key, for sampling) and `silver rows` (silver key files back
 * to training rows, from the index); docs/LABELLING.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"

#define SILVER_LINE_MAX (1 << 16)

/* text[a..b) on one TSV field: tabs and line breaks become spaces */
static void put_field(FILE *f, const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i],
		      f);
}

static int pool_one(void *ctx, const struct ct_silver_stmt *s)
{
	FILE *f = ctx;

	fprintf(f, "%s\t%s\t", s->pmcid, s->key);
	put_field(f, s->marker ? s->marker : "", 0,
	          s->marker ? strlen(s->marker) : 0);
	fprintf(f, "\t%d\t", s->section_class);
	put_field(f, s->section ? s->section : "", 0,
	          s->section ? strlen(s->section) : 0);
	fprintf(f, "\t%s\t%.3f\t", ct_type_name(s->type), s->confidence);
	put_field(f, s->text, 0, s->sent_start);
	fputc('\t', f);
	put_field(f, s->text, s->sent_start, s->sent_end);
	fputc('\t', f);
	put_field(f, s->text, s->sent_end, s->len);
	fputc('\n', f);
	return ferror(f) ? CT_EIO : 0;
}

/* ---- silver rows -------------------------------------------------------- */

struct skey {
	char *k; /* "pmcid\tkey\tmarker" */
	char *label, *batch;
	int found;
};

struct keyset_s {
	struct skey *v;
	size_t n, cap;
	FILE *out;
	size_t rows;
};

static int skey_cmp(const void *a, const void *b)
{
	return strcmp(((const struct skey *)a)->k, ((const struct skey *)b)->k);
}

static char *join3(const char *a, const char *b, const char *c)
{
	char m[256], *s;

	ct_silver_marker(c, m, sizeof(m));
	s = malloc(strlen(a) + strlen(b) + strlen(m) + 3);
	if (s)
		sprintf(s, "%s\t%s\t%s", a, b, m);
	return s;
}

static int col_of(char **f, int nf, const char *name)
{
	for (int i = 0; i < nf; i++)
		if (!strcmp(f[i], name))
			return i;
	return -1;
}

static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* Reads one key file (header: pmcid, key, marker, label; batch optional). */
static int keys_read(const char *path, struct keyset_s *ks)
{
	FILE *f = fopen(path, "r");
	char *line = malloc(SILVER_LINE_MAX), *fl[16];
	int col[5], nf, lineno = 0, rc = 0;
	static const char *const names[] = {"pmcid", "key", "marker", "label",
	                                    "batch"};

	if (!f || !line) {
		free(line);
		if (f)
			fclose(f);
		fprintf(stderr, "citectx: %s: cannot read\n", path);
		return 2;
	}
	while (!rc && fgets(line, SILVER_LINE_MAX, f)) {
		nf = split_tabs(line, fl, 16);
		if (lineno++ == 0) {
			for (int i = 0; i < 5; i++)
				col[i] = col_of(fl, nf, names[i]);
			if (col[0] < 0 || col[1] < 0 || col[2] < 0 ||
			    col[3] < 0) {
				fprintf(stderr,
				        "citectx: %s: header lacks pmcid, key, "
				        "marker or label\n",
				        path);
				rc = 2;
			}
			continue;
		}
		if (col[0] >= nf || col[1] >= nf || col[2] >= nf ||
		    col[3] >= nf || ct_type_parse(fl[col[3]]) < 0 ||
		    ct_type_parse(fl[col[3]]) > 2) {
			fprintf(stderr, "citectx: %s:%d: malformed key row\n",
			        path, lineno);
			rc = 2;
			break;
		}
		if (ks->n == ks->cap) {
			size_t cap = ks->cap ? ks->cap * 2 : 4096;
			struct skey *v = realloc(ks->v, cap * sizeof(*v));

			if (!v) {
				rc = 1;
				break;
			}
			ks->v = v;
			ks->cap = cap;
		}
		ks->v[ks->n].k = join3(fl[col[0]], fl[col[1]], fl[col[2]]);
		ks->v[ks->n].label = strdup(fl[col[3]]);
		ks->v[ks->n].batch =
		    strdup(col[4] >= 0 && col[4] < nf ? fl[col[4]] : "");
		ks->v[ks->n].found = 0;
		if (!ks->v[ks->n].k || !ks->v[ks->n].label ||
		    !ks->v[ks->n].batch)
			rc = 1;
		ks->n++;
	}
	free(line);
	fclose(f);
	return rc;
}

static int rows_one(void *ctx, const struct ct_silver_stmt *s)
{
	struct keyset_s *ks = ctx;
	struct skey probe, *hit;

	probe.k = join3(s->pmcid, s->key, s->marker ? s->marker : "");
	if (!probe.k)
		return CT_ENOMEM;
	hit = bsearch(&probe, ks->v, ks->n, sizeof(*ks->v), skey_cmp);
	free(probe.k);
	if (!hit || hit->found)
		return 0;
	/* every copy of a duplicated key row is found at once */
	for (struct skey *e = hit; e >= ks->v && !strcmp(e->k, hit->k); e--)
		e->found = 1;
	for (struct skey *e = hit; e < ks->v + ks->n && !strcmp(e->k, hit->k);
	     e++)
		e->found = 1;
	fprintf(ks->out, "silver:%s:%s\t%s\t", s->pmcid, s->key, s->pmcid);
	put_field(ks->out, s->marker ? s->marker : "", 0,
	          s->marker ? strlen(s->marker) : 0);
	fprintf(ks->out, "\t%s\t", hit->label);
	put_field(ks->out, s->text, s->sent_start, s->sent_end);
	fprintf(ks->out, "\t%d\t%s\n", s->section_class, hit->batch);
	ks->rows++;
	return ferror(ks->out) ? CT_EIO : 0;
}

static int silver_rows(struct cli *c, struct ct_index *idx, FILE *out)
{
	struct keyset_s ks = {0};
	struct ct_error err = {0};
	size_t distinct = 0, missing = 0;
	int rc = 0;

	for (int i = 1; i < c->nargs && !rc; i++)
		rc = keys_read(c->args[i], &ks);
	if (!rc && !ks.n)
		rc = cli_usage(c, "no silver keys in the files given");
	if (!rc) {
		qsort(ks.v, ks.n, sizeof(*ks.v), skey_cmp);
		ks.out = out;
		fprintf(out, "id\tpmcid\tmarker\tlabel\tsentence\tsection_"
		             "class\tbatch\n");
		if (ct_silver_walk(idx, rows_one, &ks, &err))
			rc = cli_fail(&err);
	}
	for (size_t i = 0; !rc && i < ks.n; i++) {
		if (i && !strcmp(ks.v[i].k, ks.v[i - 1].k))
			continue;
		distinct++;
		missing += !ks.v[i].found;
	}
	if (!rc)
		fprintf(stderr,
		        "silver: %zu keys, %zu rows, %zu unresolved (%.2f%%)\n",
		        distinct, ks.rows, missing,
		        distinct ? 100.0 * (double)missing / (double)distinct
		                 : 0.0);
	for (size_t i = 0; i < ks.n; i++) {
		free(ks.v[i].k);
		free(ks.v[i].label);
		free(ks.v[i].batch);
	}
	free(ks.v);
	return rc;
}

int cmd_silver(struct cli *c)
{
	struct ct_error err = {0};
	struct ct_index *idx;
	FILE *out = stdout;
	int rc;

	if (c->nargs < 1 ||
	    (strcmp(c->args[0], "pool") && strcmp(c->args[0], "rows")))
		return cli_usage(
		    c, "expected `silver pool` or `silver rows KEYS.tsv...`");
	if (!strcmp(c->args[0], "rows") && c->nargs < 2)
		return cli_usage(c, "silver rows: name at least one key file");
	if ((rc = cli_open(c, CT_OPEN_READONLY, &idx)))
		return rc;
	if (c->output && !(out = fopen(c->output, "w"))) {
		ct_close(idx);
		fprintf(stderr, "citectx: %s: cannot write\n", c->output);
		return 1;
	}
	if (!strcmp(c->args[0], "pool")) {
		fprintf(out, "pmcid\tkey\tmarker\tsection_"
		             "class\tsection\ttype\tconfidence\tbefore\tsentenc"
		             "e\tafter\n");
		if (ct_silver_walk(idx, pool_one, out, &err))
			rc = cli_fail(&err);
	} else {
		rc = silver_rows(c, idx, out);
	}
	if ((out != stdout ? fclose(out) : fflush(out)) && !rc) {
		fprintf(stderr, "citectx: %s: write failed\n",
		        c->output ? c->output : "stdout");
		rc = 1;
	}
	ct_close(idx);
	return rc;
}
