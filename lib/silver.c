/*
 * silver.c — the statements of an index as silver-label keys: each
 * distinct (citing article, citing sentence, target marker) with the
 * locator of its sentence (see citectx.h and docs/LABELLING.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "index.h"
#include "store_walk.h"

#define SILVER_BATCH 4096

void ct_silver_key(const char *s, size_t n, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = 14695981039346656037ull;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		         c < 0x80)
			continue;
		h = (h ^ c) * 1099511628211ull;
	}
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = hex[h & 15];
	out[16] = '\0';
}

void ct_silver_marker(const char *m, char *out, size_t cap)
{
	size_t k = 0;

	for (; m && *m && k + 1 < cap; m++)
		if (*m != ' ' && *m != '\t' && *m != '\n' && *m != '\r')
			out[k++] = *m;
	out[k] = '\0';
}

struct walk_prev {
	char pmcid[32], key[17], marker[64];
};

/* 1 when s repeats the statement before it (the same marker of the same
 * sentence: the references of a range), else remembers it. */
static int walk_repeat(struct walk_prev *p, const struct ct_silver_stmt *s)
{
	char m[64];

	ct_silver_marker(s->marker, m, sizeof(m));
	if (!strcmp(p->pmcid, s->pmcid) && !strcmp(p->key, s->key) &&
	    !strcmp(p->marker, m))
		return 1;
	snprintf(p->pmcid, sizeof(p->pmcid), "%s", s->pmcid);
	memcpy(p->key, s->key, sizeof(p->key));
	memcpy(p->marker, m, sizeof(m));
	return 0;
}

struct walk {
	struct walk_prev prev;
	int64_t last;
	int got, rc; /* rc: fn's */
	int (*fn)(void *ctx, const struct ct_silver_stmt *s);
	void *ctx;
};

static int walk_one(void *arg, const struct ct_silver_stmt *row)
{
	struct walk *w = arg;
	struct ct_silver_stmt s = *row;

	w->got = 1;
	w->last = s.id;
	s.len = s.text ? strlen(s.text) : 0;
	if (!s.pmcid || !s.text || s.sent_start > s.sent_end ||
	    s.sent_end > s.len)
		return 0;
	ct_silver_key(s.text + s.sent_start, s.sent_end - s.sent_start, s.key);
	if (!walk_repeat(&w->prev, &s))
		w->rc = w->fn(w->ctx, &s);
	return w->rc;
}

int ct_silver_walk(struct ct_index *idx,
                   int (*fn)(void *ctx, const struct ct_silver_stmt *s),
                   void *ctx, struct ct_error *err)
{
	struct walk w = {{{0}, {0}, {0}}, 0, 1, 0, fn, ctx};
	int rc = 0;

	while (!rc && w.got) {
		w.got = 0;
		rc = store_stmts_silver(idx->st, w.last, SILVER_BATCH, walk_one,
		                        &w, NULL);
		if (rc && !w.rc)
			rc = err_set(err, CT_EIO, "%s: reading statements: %s",
			             idx->path, store_errmsg(idx->st));
	}
	return rc;
}
