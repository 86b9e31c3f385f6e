/*
 * store_report.h — the store's verbs for the report of a work (report.c,
 * related.c, summary.c): its record, authors, other identifiers,
 * references, related works, notices, the summary's pool of statements,
 * the most-cited works and the invariants of the integrity check.
 *
 * Rows reach the caller as typed structs through a callback: a non-zero
 * return stops the walk and is returned.  Every string of a row is
 * borrowed, valid during the callback only (the caller copies what it
 * keeps); NULL stands for SQL NULL.  Each verb returns 0, a callback's
 * non-zero value, or a negative CT_E* code with err set (the store's
 * message).  No SQLite type shows here: this is a seam another store can
 * implement.
 */
#ifndef CT_STORE_REPORT_H
#define CT_STORE_REPORT_H
#include <stdint.h>

#include "citectx.h"

struct store;

/* One work's record (SQL_RP_WORK); CT_ENOTFOUND when there is no such
 * work. */
struct store_report_work {
	struct ct_work_brief w;
	const char *journal, *publisher, *volume, *issue, *pages, *pubtype;
	const char *date, *keywords, *funding, *abstract, *license;
	const char *ref_authors; /* "Surname GI; ..." from reference lists */
	int indexed;             /* its full text is in the index */
};
int store_report_work(struct store *st, int64_t id,
                      int (*fn)(void *arg, const struct store_report_work *row),
                      void *arg, struct ct_error *err);

/* A work's authors: store_work_authors (store_works.h). */

/* A work's other identifiers by id; version "preprint" / "published" or
 * NULL. */
struct store_report_alias {
	const char *id, *version;
};
int store_report_aliases(struct store *st, int64_t work,
                         int (*fn)(void *arg,
                                   const struct store_report_alias *row),
                         void *arg, struct ct_error *err);

/* The references work's list holds (the works citing it:
 * store_work_citing, store_works.h). */
int store_report_nrefs(struct store *st, int64_t work, int64_t *n,
                       struct ct_error *err);

/* A work's references in list order.  w.id is the work the reference
 * links to (0 and NULL fields when none); indexed, that work's full text
 * is in the index; citing, the distinct works citing it. */
struct store_report_ref {
	int64_t pos;
	const char *label, *raw;
	struct ct_work_brief w;
	int indexed;
	int64_t citing;
};
int store_report_refs(struct store *st, int64_t work,
                      int (*fn)(void *arg, const struct store_report_ref *row),
                      void *arg, struct ct_error *err);
/* Adds the statements citing work, per type, to tallies[CT_TYPE_COUNT]. */
int store_report_ref_tallies(struct store *st, int64_t work,
                             int64_t tallies[CT_TYPE_COUNT],
                             struct ct_error *err);

/* Related works, most related first: co-cited with work by its newest
 * `citers` citing works, or sharing references with it (each shared
 * reference looked up in `citers` of its citers); at most max. */
enum store_related { STORE_COCITED, STORE_COUPLED };
struct store_report_related {
	struct ct_work_brief w;
	int64_t n; /* co-citations or shared references */
};
int store_report_related(struct store *st, enum store_related kind,
                         int64_t work, int citers, int max,
                         int (*fn)(void *arg,
                                   const struct store_report_related *row),
                         void *arg, struct ct_error *err);

/* Editorial notices: those concerning work (STORE_NOTICES_ABOUT, w the
 * notice) or what the notice work concerns (STORE_NOTICES_OF, w the
 * concerned work). */
enum store_notices { STORE_NOTICES_ABOUT, STORE_NOTICES_OF };
struct store_report_notice {
	const char *kind, *relation;
	struct ct_work_brief w;
};
int store_report_notices(struct store *st, enum store_notices which,
                         int64_t work,
                         int (*fn)(void *arg,
                                   const struct store_report_notice *row),
                         void *arg, struct ct_error *err);

/* The `pool` newest statements citing work, in id order, with their
 * context text (NULL when missing), the citing sentence's offsets
 * in it and the citing work. */
struct store_report_pooled {
	int64_t statement;
	int type, section_class;
	double confidence;
	const char *text;
	int64_t sent_start, sent_end;
	struct ct_work_brief citing;
};
int store_report_pool(struct store *st, int64_t work, int pool,
                      int (*fn)(void *arg,
                                const struct store_report_pooled *row),
                      void *arg, struct ct_error *err);

/* The n most-cited works: by citing publications, then id. */
struct store_report_top {
	struct ct_work_brief w;
	int64_t citing, statements;
};
int store_report_top(struct store *st, int n,
                     int (*fn)(void *arg, const struct store_report_top *row),
                     void *arg, struct ct_error *err);

/* ---- the integrity check's invariants (ct_check) --------------------- */

/* Each counts rows that break one invariant: 0 on a sound index. */
enum store_invariant {
	STORE_INV_ORPHAN_STMTS, /* reference, citing or cited work missing */
	STORE_INV_BAD_OFFSETS,  /* offsets, class, type, confidence */
	STORE_INV_DUP_IDS,      /* references linked to missing works */
	STORE_INV_BAD_CTX,      /* outside a run of one context or sentence */
	STORE_INV_COUNT
};
int store_check_invariant(struct store *st, enum store_invariant k, int64_t *n,
                          struct ct_error *err);
/* The full-text index of statements against their contexts. */
struct store_check_fts {
	int64_t texts, rows;
};
int store_check_fts(struct store *st, struct store_check_fts *out,
                    struct ct_error *err);
/* The works index (migration 10) against the works with a title. */
struct store_check_works_fts {
	int64_t titled, texts, orphans, dirty, rows;
};
int store_check_works_fts(struct store *st, struct store_check_works_fts *out,
                          struct ct_error *err);

#endif
