/*
 * realcheck.c — extraction measured on real labelled sentences.
 *
 * For each row of a citation-sentiment TSV (id, pmcid, marker, label,
 * sentence) whose paper is in the index, looks for a statement made by
 * that paper whose citing sentence equals the labelled sentence and whose
 * marker equals the labelled marker, both compared with whitespace removed
 * and dashes unified.  Prints found/rows and the rate; exits 1 below the
 * threshold given with --min (a fraction).  -v lists the misses.
 *
 *   realcheck INDEX TSV [--min 0.97] [-v]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"

#define LINE_MAX_BYTES 65536

/* Whitespace dropped; – — ‐ ‑ − become '-'. */
static void norm(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		const unsigned char *u = (const unsigned char *)s + i;

		if (*u == ' ' || *u == '\t' || *u == '\n')
			continue;
		if (*u == 0xC2 && i + 1 < n && u[1] == 0xA0) {
			i++;
			continue;
		}
		if (*u == 0xE2 && i + 2 < n &&
		    ((u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x94) ||
		     (u[1] == 0x88 && u[2] == 0x92))) {
			out[k++] = '-';
			i += 2;
			continue;
		}
		out[k++] = (char)*u;
	}
	out[k] = '\0';
}

/* 2: the labelled sentence is a statement's citing sentence (strict);
 * 1: it lies inside a statement's context (previous + citing + next), as
 * when the labels' own splitter joined two sentences or cut one at a
 * decimal point; 0: not found. */
static int page_has(const struct ct_page *p, const char *sent,
		    const char *marker)
{
	static char a[LINE_MAX_BYTES], m[512];
	int best = 0;

	for (size_t i = 0; i < p->n && best < 2; i++) {
		const struct ct_statement *s = &p->items[i];

		norm(s->marker ? s->marker : "", strlen(s->marker ? s->marker : ""),
		     m, sizeof(m));
		if (strcmp(m, marker))
			continue;
		norm(s->text + s->sent_start, s->sent_end - s->sent_start, a,
		     sizeof(a));
		if (!strcmp(a, sent))
			best = 2;
		norm(s->text, strlen(s->text), a, sizeof(a));
		if (!best && strstr(a, sent))
			best = 1;
	}
	return best;
}

static int find(struct ct_index *idx, int64_t citing, const char *sent,
		const char *marker)
{
	struct ct_query q = {.citing = citing, .limit = CT_LIMIT_MAX,
			      .group = CT_GROUP_STATEMENT};
	struct ct_error err;
	char cursor[128] = "";
	int found = 0, f;

	do {
		struct ct_page p;

		q.cursor = *cursor ? cursor : NULL;
		if (ct_query_statements(idx, &q, &p, &err))
			return 0;
		f = page_has(&p, sent, marker);
		found = f > found ? f : found;
		snprintf(cursor, sizeof(cursor), "%s", p.next ? p.next : "");
		ct_page_release(&p);
	} while (found < 2 && *cursor);
	return found;
}

int main(int argc, char **argv)
{
	static char line[LINE_MAX_BYTES], sent[LINE_MAX_BYTES], marker[512];
	struct ct_index *idx;
	struct ct_error err;
	double min = 0;
	int verbose = 0, rows = 0, hits = 0, near = 0;
	FILE *f;

	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--min") && i + 1 < argc)
			min = strtod(argv[++i], NULL);
	}
	if (argc < 3 || ct_open(argv[1], CT_OPEN_READONLY, &idx, &err)) {
		fprintf(stderr, "usage: realcheck INDEX TSV [--min F] [-v]\n");
		return 2;
	}
	f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		char *col[5] = {line};
		int64_t work;
		int n = 1;

		for (char *p = line; *p && n < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				col[n++] = p + 1;
			}
		if (n < 5 || !strcmp(col[0], "id"))
			continue;
		col[4][strcspn(col[4], "\r\n")] = '\0';
		if (ct_resolve(idx, col[1], &work, &err))
			continue;
		rows++;
		norm(col[4], strlen(col[4]), sent, sizeof(sent));
		norm(col[2], strlen(col[2]), marker, sizeof(marker));
		switch (find(idx, work, sent, marker)) {
		case 2:
			hits++;
			break;
		case 1:
			near++;
			if (verbose)
				fprintf(stderr, "near %s %s\t%s\n", col[0], col[2],
					col[4]);
			break;
		default:
			if (verbose)
				fprintf(stderr, "miss %s %s\t%s\n", col[0], col[2],
					col[4]);
		}
	}
	fclose(f);
	ct_close(idx);
	printf("extraction: %d of %d labelled rows found as the citing sentence "
	       "(%.1f%%); with the labels' boundaries tolerated %d (%.1f%%)\n",
	       hits, rows, rows ? 100.0 * hits / rows : 0.0, hits + near,
	       rows ? 100.0 * (hits + near) / rows : 0.0);
	return rows == 0 || (double)hits / rows < min;
}
