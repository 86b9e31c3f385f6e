/*
 * dataset.c — labelled statements from a TSV file, their features, and
 * grouped folds (see train.h).
 *
 * The TSV's first line names the columns; `label` and `sentence` are
 * required, `marker` and the grouping column optional, others ignored.
 * Fields hold no tabs and no quoting (the format of the labelled data in
 * ../shared/data/citation-sentiment).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "err.h"
#include "dataset.h"

#define DS_LINE_MAX (1 << 20)
#define DS_ROWS_MAX 10000000
#define DS_COLS_MAX 64

enum {
	COL_LABEL,
	COL_SENTENCE,
	COL_MARKER,
	COL_GROUP,
	COL_SECTION,
	COL__COUNT
};

static const struct {
	const char *name;
	int type;
} labels[] = {
    {"supporting", CT_TYPE_SUPPORTING},   {"positive", CT_TYPE_SUPPORTING},
    {"contrasting", CT_TYPE_CONTRASTING}, {"negative", CT_TYPE_CONTRASTING},
    {"mentioning", CT_TYPE_MENTIONING},   {"neutral", CT_TYPE_MENTIONING},
};

static int label_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		if (!strcasecmp(s, labels[i].name))
			return labels[i].type;
	return -1;
}

/* Splits line at tabs in place; returns the field count. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* Column index of each of label, sentence, marker, group (-1 absent). */
static int header(char *line, const char *group_col, int col[COL__COUNT],
                  const char *path, struct ct_error *err)
{
	static const char *const need[] = {"label", "sentence", "marker"};
	char *f[DS_COLS_MAX];
	int n = split_tabs(line, f, DS_COLS_MAX);

	for (int c = 0; c < COL__COUNT; c++)
		col[c] = -1;
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < 3; c++)
			if (!strcmp(f[i], need[c]))
				col[c] = i;
		if (!strcmp(f[i], "section_class"))
			col[COL_SECTION] = i;
		if (group_col && !strcmp(f[i], group_col))
			col[COL_GROUP] = i;
	}
	if (col[COL_LABEL] < 0 || col[COL_SENTENCE] < 0)
		return err_set(err, CT_EPARSE,
		               "%s:1: the header must name the "
		               "columns label and sentence",
		               path);
	if (group_col && col[COL_GROUP] < 0)
		return err_set(err, CT_EUSAGE, "%s:1: no column %s to group by",
		               path, group_col);
	return 0;
}

static const char *field(struct ct_dataset *d, char **f, int nf, int col)
{
	if (col < 0 || col >= nf)
		return NULL;
	return arena_strndup(&d->arena, f[col], strlen(f[col]));
}

static int add_row(struct ct_dataset *d, char *line, const int col[COL__COUNT],
                   const char *path, long lineno, int silver,
                   struct ct_error *err)
{
	char *f[DS_COLS_MAX];
	int nf = split_tabs(line, f, DS_COLS_MAX);
	struct ds_row *r;
	int label = col[COL_LABEL] < nf ? label_parse(f[col[COL_LABEL]]) : -1;

	if (label < 0)
		return err_set(err, CT_EPARSE,
		               "%s:%ld: label must be "
		               "supporting, contrasting or mentioning",
		               path, lineno);
	if (col[COL_SENTENCE] >= nf)
		return err_set(err, CT_EPARSE, "%s:%ld: no sentence", path,
		               lineno);
	r = doc_push((void **)&d->rows, &d->n, &d->cap, sizeof(*r),
	             DS_ROWS_MAX);
	if (!r)
		return err_set(err, CT_ELIMIT,
		               "%s:%ld: more than %d rows or "
		               "out of memory",
		               path, lineno, DS_ROWS_MAX);
	r->label = label;
	r->section = -1;
	r->silver = silver;
	if (col[COL_SECTION] >= 0 && col[COL_SECTION] < nf) {
		char *end;
		long sc = strtol(f[col[COL_SECTION]], &end, 10);

		if (!*end && sc >= 0 && sc < CT_SEC_COUNT)
			r->section = (int)sc;
	}
	r->text = field(d, f, nf, col[COL_SENTENCE]);
	r->marker = field(d, f, nf, col[COL_MARKER]);
	r->group = field(d, f, nf, col[COL_GROUP]);
	if (!r->text ||
	    (col[COL_MARKER] >= 0 && col[COL_MARKER] < nf && !r->marker))
		return err_set(err, CT_ENOMEM, "%s: out of memory", path);
	return 0;
}

static int read_lines(struct ct_dataset *d, FILE *fp, const char *path,
                      const char *group_col, int silver, struct ct_error *err)
{
	char *line = malloc(DS_LINE_MAX);
	int col[COL__COUNT] = {-1, -1, -1, -1, -1};
	long lineno = 0;
	int rc = line ? 0 : err_set(err, CT_ENOMEM, "%s: out of memory", path);

	while (!rc && fgets(line, DS_LINE_MAX, fp)) {
		size_t n = strlen(line);

		lineno++;
		if (n == DS_LINE_MAX - 1 && line[n - 1] != '\n')
			rc = err_set(err, CT_ELIMIT,
			             "%s:%ld: line longer than "
			             "%d bytes",
			             path, lineno, DS_LINE_MAX);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (rc || (!n && lineno > 1))
			continue;
		rc = lineno == 1
		         ? header(line, group_col, col, path, err)
		         : add_row(d, line, col, path, lineno, silver, err);
	}
	if (!rc && lineno == 0)
		rc = err_set(err, CT_EPARSE, "%s: empty file", path);
	if (!silver)
		d->has_groups = col[COL_GROUP] >= 0;
	free(line);
	return rc;
}

int ct_dataset_read(const char *path, const char *group_col,
                    struct ct_dataset **out, struct ct_error *err)
{
	struct ct_dataset *d = calloc(1, sizeof(*d));
	FILE *fp = fopen(path, "r");
	int rc = 0;

	*out = NULL;
	if (!fp)
		rc = err_set(err, errno == ENOENT ? CT_ENOTFOUND : CT_EIO,
		             "%s: %s", path, strerror(errno));
	else if (!d)
		rc = err_set(err, CT_ENOMEM, "%s: out of memory", path);
	if (d)
		arena_init(&d->arena);
	if (!rc)
		rc = read_lines(d, fp, path, group_col, 0, err);
	if (fp)
		fclose(fp);
	if (rc)
		ct_dataset_free(d);
	else
		*out = d;
	return rc;
}

int ct_dataset_add_silver(struct ct_dataset *d, const char *path, size_t *n,
                          struct ct_error *err)
{
	FILE *fp = fopen(path, "r");
	size_t before = d->n;
	int rc;

	if (!fp)
		return err_set(err, errno == ENOENT ? CT_ENOTFOUND : CT_EIO,
		               "%s: %s", path, strerror(errno));
	rc = read_lines(d, fp, path, "pmcid", 1, err);
	fclose(fp);
	for (size_t i = before; !rc && i < d->n; i++)
		if (!d->rows[i].group || !*d->rows[i].group)
			rc = err_set(err, CT_EPARSE,
			             "%s: a silver row without "
			             "its pmcid",
			             path);
	if (rc)
		d->n = before;
	*n = d->n - before;
	return rc;
}

size_t ct_dataset_size(const struct ct_dataset *d)
{
	return d ? d->n : 0;
}

void ct_dataset_free(struct ct_dataset *d)
{
	if (!d)
		return;
	arena_release(&d->arena);
	free(d->rows);
	free(d);
}

/* ---- features of every row -------------------------------------------- */

int ds_feats_build(const struct ct_dataset *d, const struct ct_vectors *vec,
                   struct ds_feats *f)
{
	struct cls_feats *one = calloc(1, sizeof(*one));
	size_t cap = 0;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->n = d->n;
	f->off = calloc(d->n + 1, sizeof(*f->off));
	f->words = calloc(d->n + 1, sizeof(*f->words));
	if (!one || !f->off || !f->words)
		rc = CT_ENOMEM;
	if (one)
		one->vec = vec;
	for (size_t i = 0; i < d->n && !rc; i++) {
		const struct ds_row *r = &d->rows[i];
		size_t at = f->off[i];

		f->words[i] = cls_features(r->text, 0, strlen(r->text),
		                           r->marker, r->section, one);
		if (at + one->n > cap) {
			size_t nc = (at + one->n) * 2;
			uint32_t *id = realloc(f->id, nc * sizeof(*id));
			float *val =
			    id ? realloc(f->val, nc * sizeof(*val)) : 0;

			if (id)
				f->id = id;
			if (!id || !val) {
				rc = CT_ENOMEM;
				break;
			}
			f->val = val;
			cap = nc;
		}
		memcpy(f->id + at, one->id, one->n * sizeof(*f->id));
		memcpy(f->val + at, one->val, one->n * sizeof(*f->val));
		f->off[i + 1] = at + one->n;
	}
	free(one);
	if (rc)
		ds_feats_release(f);
	return rc;
}

void ds_feats_release(struct ds_feats *f)
{
	free(f->off);
	free(f->id);
	free(f->val);
	free(f->words);
	memset(f, 0, sizeof(*f));
}

/* ---- grouped folds ---------------------------------------------------- */

struct grp {
	const char *key;
	size_t row; /* index into the caller's rows[] */
	uint64_t order;
};

static int grp_cmp(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

static int order_cmp(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return grp_cmp(a, b);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb33fe64e53ull;
	return x ^ (x >> 33);
}

/* Groups get a seeded random order (from their rank among the sorted
 * keys) and are dealt, in that order, to the fold with the fewest rows. */
static void deal(struct grp *g, size_t n, int k, size_t *size, int *fold)
{
	for (size_t i = 0; i < n;) {
		size_t j = i, best = 0;

		while (j < n && g[j].order == g[i].order)
			j++;
		for (int f = 1; f < k; f++)
			if (size[f] < size[best])
				best = (size_t)f;
		size[best] += j - i;
		for (; i < j; i++)
			fold[g[i].row] = (int)best;
	}
}

int ds_folds(const struct ct_dataset *d, const size_t *rows, size_t n, int k,
             unsigned seed, int *fold)
{
	struct grp *g = calloc(n + 1, sizeof(*g));
	size_t *size = calloc((size_t)k, sizeof(*size));
	size_t rank = 0;
	int rc = g && size ? 0 : CT_ENOMEM;

	for (size_t i = 0; !rc && i < n; i++) {
		const char *key = d->has_groups ? d->rows[rows[i]].group : NULL;

		g[i] = (struct grp){key ? key : "", i, 0};
	}
	if (!rc && d->has_groups)
		qsort(g, n, sizeof(*g), grp_cmp);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!d->has_groups || i == 0 || strcmp(g[i].key, g[i - 1].key))
			rank++;
		g[i].order = mix(seed ^ mix(rank));
	}
	if (!rc) {
		qsort(g, n, sizeof(*g), order_cmp);
		deal(g, n, k, size, fold);
	}
	free(g);
	free(size);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;

	return strcmp(x->key, y->key);
}

int ds_folds_gold(const struct ct_dataset *d, const size_t *rows, size_t n,
                  int k, unsigned seed, int *fold)
{
	size_t *gold = calloc(n + 1, sizeof(*gold)), ng = 0;
	int *gf = calloc(n + 1, sizeof(*gf));
	struct grp *g = calloc(n + 1, sizeof(*g));
	int rc = gold && gf && g ? 0 : CT_ENOMEM;

	for (size_t i = 0; !rc && i < n; i++)
		if (!d->rows[rows[i]].silver)
			gold[ng++] = rows[i];
	if (!rc)
		rc = ds_folds(d, gold, ng, k, seed, gf);
	/* the fold of each expert group, for the silver rows of its paper */
	for (size_t i = 0; !rc && i < ng; i++)
		g[i] = (struct grp){
		    d->rows[gold[i]].group ? d->rows[gold[i]].group : "",
		    (size_t)gf[i], 0};
	if (!rc && d->has_groups)
		qsort(g, ng, sizeof(*g), key_cmp);
	for (size_t i = 0, j = 0; !rc && i < n; i++) {
		const struct ds_row *r = &d->rows[rows[i]];
		struct grp probe = {r->group ? r->group : "", 0, 0}, *hit;

		if (!r->silver) {
			fold[i] = gf[j++];
			continue;
		}
		hit = d->has_groups && r->group
		          ? bsearch(&probe, g, ng, sizeof(*g), key_cmp)
		          : NULL;
		fold[i] = hit ? (int)hit->row : -1;
	}
	free(gold);
	free(gf);
	free(g);
	return rc;
}
