/* sentence_measure.c — measures ct_sentences on real citing sentences.
 *
 * Usage: sentence_measure [-v] train.tsv
 * The TSV has a header and columns id, pmcid, marker, label, sentence; each
 * sentence is one real sentence, repeated on consecutive rows once per
 * marker it holds.  Over the distinct sentences it reports how often
 * ct_sentences keeps each one whole, and over consecutive distinct
 * sentences of one paper joined by a space how often it splits the pair
 * exactly where they meet.  Both figures are given twice: with a protect
 * span for every "[ ... ]" group only, and with the marker column's text
 * (superscript numbers such as "19") protected as well.  -v prints the
 * failures of the second run.  A standalone tool, not a unit test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"

#define MAXSPAN 256
#define MAXOUT 64
#define MAXMARK 16

struct rec {
	char *paper, *text;
	char *mark[MAXMARK];
	int nmark;
};

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Adds a span unless it overlaps one already there. */
static void add_span(struct ct_span *sp, size_t *n, size_t s, size_t e)
{
	for (size_t i = 0; i < *n; i++)
		if (s < sp[i].end && sp[i].start < e)
			return;
	if (*n < MAXSPAN) {
		sp[*n].start = (uint32_t)s;
		sp[*n].end = (uint32_t)e;
		(*n)++;
	}
}

/* Every "[...]" group of t (no nesting, at most 200 bytes), at base. */
static void bracket_spans(const char *t, size_t base, struct ct_span *sp,
			  size_t *n)
{
	for (size_t i = 0; t[i]; i++) {
		size_t j;

		if (t[i] != '[')
			continue;
		for (j = i + 1; t[j] && j - i < 200 && t[j] != ']' &&
				t[j] != '['; j++)
			;
		if (t[j] == ']') {
			add_span(sp, n, base + i, base + j + 1);
			i = j;
		}
	}
}

/* Every whole-token occurrence of the record's marker texts. */
static void marker_spans(const struct rec *r, size_t base, struct ct_span *sp,
			 size_t *n)
{
	for (int m = 0; m < r->nmark; m++) {
		size_t ml = strlen(r->mark[m]);
		const char *p = r->text;

		while (ml && (p = strstr(p, r->mark[m])) != NULL) {
			size_t s = (size_t)(p - r->text);

			if ((s == 0 || !is_alnum(r->text[s - 1])) &&
			    !is_alnum(r->text[s + ml]))
				add_span(sp, n, base + s, base + s + ml);
			p += ml;
		}
	}
}

static int by_start(const void *a, const void *b)
{
	const struct ct_span *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* Splits the records ra (and rb after a space, when given). */
static int split(const char *t, const struct rec *ra, const struct rec *rb,
		 int marks, struct ct_span *out)
{
	struct ct_span sp[MAXSPAN];
	size_t np = 0, lb = strlen(ra->text) + 1;

	bracket_spans(ra->text, 0, sp, &np);
	if (rb)
		bracket_spans(rb->text, lb, sp, &np);
	if (marks) {
		marker_spans(ra, 0, sp, &np);
		if (rb)
			marker_spans(rb, lb, sp, &np);
	}
	qsort(sp, np, sizeof(sp[0]), by_start);
	return ct_sentences(t, strlen(t), sp, np, out, MAXOUT);
}

static void show(const char *what, const char *t, const struct ct_span *o,
		 int n)
{
	printf("%s (%d):\n", what, n);
	for (int i = 0; i < n; i++)
		printf("   | %.*s\n", (int)(o[i].end - o[i].start),
		       t + o[i].start);
}

/* Reads the TSV into distinct-sentence records; returns their count. */
static size_t load(FILE *f, struct rec **recs)
{
	char line[65536];
	size_t n = 0, cap = 0;

	if (!fgets(line, sizeof(line), f)) /* header */
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *fl[5], *p = line;
		int nf = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (fl[nf++] = p; *p && nf < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				fl[nf++] = p + 1;
			}
		if (nf < 5)
			continue;
		if (!n || strcmp((*recs)[n - 1].text, fl[4])) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				*recs = realloc(*recs, cap * sizeof(**recs));
				if (!*recs)
					exit(1);
			}
			memset(&(*recs)[n], 0, sizeof(**recs));
			(*recs)[n].paper = strdup(fl[1]);
			(*recs)[n].text = strdup(fl[4]);
			n++;
		}
		if ((*recs)[n - 1].nmark < MAXMARK)
			(*recs)[n - 1].mark[(*recs)[n - 1].nmark++] =
				strdup(fl[2]);
	}
	return n;
}

static void measure(const struct rec *r, size_t n, int marks, int verbose)
{
	static char pair[140000];
	struct ct_span out[MAXOUT];
	long ok1 = 0, pairs = 0, ok2 = 0;

	for (size_t i = 0; i < n; i++) {
		size_t la = strlen(r[i].text), lb;
		int k = split(r[i].text, &r[i], NULL, marks, out);

		ok1 += k == 1;
		if (k != 1 && verbose)
			show("SINGLE", r[i].text, out, k);
		if (i + 1 == n || strcmp(r[i].paper, r[i + 1].paper))
			continue;
		lb = strlen(r[i + 1].text);
		snprintf(pair, sizeof(pair), "%s %s", r[i].text, r[i + 1].text);
		k = split(pair, &r[i], &r[i + 1], marks, out);
		pairs++;
		if (k == 2 && out[0].start == 0 && out[0].end == la &&
		    out[1].start == la + 1 && out[1].end == la + 1 + lb)
			ok2++;
		else if (verbose)
			show("PAIR", pair, out, k);
	}
	printf("%s: single %ld/%zu kept whole (%.2f%%), pairs %ld/%ld split "
	       "exactly (%.2f%%)\n", marks ? "brackets+marker column" :
	       "brackets only", ok1, n, n ? 100.0 * ok1 / n : 0.0, ok2, pairs,
	       pairs ? 100.0 * ok2 / pairs : 0.0);
}

int main(int argc, char **argv)
{
	int verbose = argc > 2 && strcmp(argv[1], "-v") == 0;
	FILE *f = argc >= 2 ? fopen(argv[argc - 1], "r") : NULL;
	struct rec *recs = NULL;
	size_t n;

	if (!f) {
		fprintf(stderr, "usage: sentence_measure [-v] train.tsv\n");
		return 2;
	}
	n = load(f, &recs);
	fclose(f);
	measure(recs, n, 0, 0);
	measure(recs, n, 1, verbose);
	return 0;
}
