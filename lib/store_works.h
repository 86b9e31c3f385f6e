/*
 * store_works.h — the store layer's rows of works (issue 17): the row ->
 * struct decoders of the row shapes that name a work, so that no caller
 * reads a work's columns by number.
 */
#ifndef CT_STORE_WORKS_H
#define CT_STORE_WORKS_H

#include <stdint.h>

#include "citectx.h"
#include "store_cols.h"

struct arena;
struct store;
struct store_row;

/* Reads the brief of a work from row r, its columns from c0 on (in the
 * order of STORE_WORK_BRIEF_COLS, store_cols.h; c0 is a named column of
 * the row's own enum).  Text is copied into a, or borrowed from the row (valid
 * until its next step) when a is NULL; a failed copy leaves NULL (absent).  A
 * NULL id reads as 0, a NULL year as 0. */
void store_work_brief(struct store_row *r, int c0, struct arena *a,
                      struct ct_work_brief *w);

/* Every verb below returns 0 (or what it says) or a negative CT_E* code,
 * store_errmsg() telling why a CT_EDB. */

/* The identifiers a work is found by. */
enum store_work_key {
	STORE_KEY_DOI,
	STORE_KEY_PMID,
	STORE_KEY_PMCID,
	STORE_KEY_ID,   /* the index's own id, as digits */
	STORE_KEY_ALIAS /* an external id ("sha:...", "doi:" of a version) */
};

/* The work whose identifier of kind key is v into *work (0: none). */
int store_work_find(struct store *st, enum store_work_key key, const char *v,
                    int64_t *work);
/* 1 when work is in the index, 0 when not, or CT_EDB. */
int store_work_exists(struct store *st, int64_t work);
/* How many publications cite work into *n (0 when none). */
int store_work_citing(struct store *st, int64_t work, int64_t *n);
/* The statements citing work by type: fn(arg, type, count) per type. */
int store_work_tallies(struct store *st, int64_t work,
                       void (*fn)(void *arg, int64_t type, int64_t n),
                       void *arg);

/* A work's author as stored (NULL when absent). */
struct store_author {
	const char *surname, *given, *orcid, *aff;
};
/* The authors of work in order: fn(arg, author), borrowed until fn
 * returns; fn's non-zero return stops and is returned. */
int store_work_authors(struct store *st, int64_t work,
                       int (*fn)(void *arg, const struct store_author *au),
                       void *arg);

/* The record a citation is made of, text copied into an arena (NULL
 * when absent, "" when stored empty); w.id is the work asked for. */
struct store_work_record {
	struct ct_work_brief w;
	const char *journal, *publisher, *volume, *issue, *pages, *pubtype,
	    *pubdate, *ref_authors;
};
/* 1 when found, 0 when not, CT_EDB. */
int store_work_record(struct store *st, int64_t work, struct arena *a,
                      struct store_work_record *out);

/* A candidate of a works search, text copied into an arena. */
struct store_work_hit {
	struct ct_work_brief w;
	const char *journal, *authors; /* authors: "Surname Given; ..." */
	int indexed;
	int64_t citing; /* citing publications */
	double bm25;    /* lower is better */
	int phrase;     /* it matches the phrase query too */
};
/* The works that the safe FTS5 query fts matches (published in year
 * unless 0), best bm25 first, at most max, each with whether it matches
 * phrase (NULL: fts itself): fn(arg, hit); fn's non-zero return stops
 * (and is returned). */
int store_works_match(struct store *st, struct arena *a, const char *fts,
                      int year, int max, const char *phrase,
                      int (*fn)(void *arg, const struct store_work_hit *h),
                      void *arg);
/* How many works fts matches (in year unless 0) into *n. */
int store_works_count(struct store *st, const char *fts, int year, int64_t *n);
/* Work as a candidate (bm25 0, phrase 0): 1 when found, 0, CT_EDB. */
int store_works_one(struct store *st, struct arena *a, int64_t work,
                    struct store_work_hit *h);

#endif
