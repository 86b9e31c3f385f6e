/*
 * store_link.h — the store layer's verbs of linking (issue 17): works
 * found by an identifier, created, filled and merged; aliases; the
 * linking records (linkrec) that match.c scores; what linkeval reads.
 *
 * Every verb returns 0 or a negative CT_E* code (CT_EDB from the index,
 * with store_errmsg() saying why) and sets err when err is not NULL.  Rows
 * reach callers as structs through a callback int fn(void *arg, const
 * struct X *row): a non-zero return stops the walk and is returned.  Text
 * of a row is borrowed: valid during the callback only.  No SQLite type
 * appears here (a second backend implements the same verbs).
 */
#ifndef CT_STORE_LINK_H
#define CT_STORE_LINK_H
#include <stdint.h>

#include "citectx.h"

struct store;

/* The identifier a work is looked up by: its own DOI, PMID, PMCID or
 * title fingerprint (of the works with that fingerprint, an indexed one
 * first, then the oldest), or an alias (an external identifier "sha:..",
 * "doi:.." of another version). */
enum store_link_key {
	STORE_LINK_DOI,
	STORE_LINK_PMID,
	STORE_LINK_PMCID,
	STORE_LINK_FP,
	STORE_LINK_ALIAS
};
/* *id = the work v names, 0 when none (or v is NULL). */
int store_link_find(struct store *st, enum store_link_key k, const char *v,
                    int64_t *id, struct ct_error *err);

/* A work's identifiers (each may be NULL). */
struct store_work_ids {
	const char *doi, *pmid, *pmcid, *fp;
};
/* What a reference says of a work (NULL fields and year 0: unknown). */
struct store_work_fill {
	const char *title, *journal, *volume, *pages, *authors;
	int year;
};
/* A new work with ids and, when f is not NULL, what f says; *work = its
 * id. */
int store_work_create(struct store *st, const struct store_work_ids *ids,
                      const struct store_work_fill *f, int64_t *work,
                      struct ct_error *err);
/* Work gets each identifier of ids it has none of (the others stay). */
int store_work_add_ids(struct store *st, int64_t work,
                       const struct store_work_ids *ids, struct ct_error *err);
/* A work known from references only (not indexed) takes each field of f
 * it has nothing for. */
int store_work_fill(struct store *st, int64_t work,
                    const struct store_work_fill *f, struct ct_error *err);
/* Gone becomes keep: the record of the indexed one wins (or keep's,
 * gaps filled from gone's), references, statements, authors, notices,
 * aliases and linking records move to keep, keep takes the identifiers
 * it lacks, gone is deleted.  Counted by store_merges().  keep != gone. */
int store_work_merge(struct store *st, int64_t keep, int64_t gone,
                     struct ct_error *err);

/* xid names work (version: "preprint", "published" or NULL); an alias
 * already held keeps its work and takes a version it lacked. */
int store_alias_put(struct store *st, const char *xid, int64_t work,
                    const char *version, struct ct_error *err);

/* ---- linking records (match.h) ------------------------------------------ */

/* One record's fields and blocking keys; "" is stored as NULL (unknown),
 * year 0 likewise. */
struct store_linkrec {
	const char *title, *surname, *volume, *fpage;
	const char *tkey, *akey, *pkey;
	int year;
};
/* Stores rec as a record of work, said by reference ref (0: the citing
 * article's own record) of article citing. */
int store_linkrec_insert(struct store *st, int64_t work, int64_t ref,
                         int64_t citing, const struct store_linkrec *rec,
                         struct ct_error *err);

/* The blocks to read: records with title key tkey (within a year of year
 * when year is not 0, or without a year; any year when year is 0),
 * author key akey, page key pkey.  NULL: that block is not read. */
struct store_linkrec_blocks {
	const char *tkey, *akey, *pkey;
	int year;
};
/* A candidate record (id) of a work with that work's identifiers. */
struct store_linkrec_cand {
	int64_t id, work, ref; /* ref 0: an article's own record */
	const char *title, *surname, *volume, *fpage; /* NULL when unknown */
	const char *doi, *pmid, *pmcid;
	int year, indexed;
};
/* Each record of the blocks, in no set order; a record in two blocks
 * comes twice. */
int store_linkrec_cands(struct store *st, const struct store_linkrec_blocks *b,
                        int (*fn)(void *arg,
                                  const struct store_linkrec_cand *c),
                        void *arg, struct ct_error *err);
/* Every record's blocking keys (only tkey, akey, pkey are set; NULL when
 * none). */
int store_linkrec_keys(struct store *st,
                       int (*fn)(void *arg, const struct store_linkrec *k),
                       void *arg, struct ct_error *err);
/* *n = the highest record id (0 when there is none). */
int store_linkrec_max(struct store *st, int64_t *n, struct ct_error *err);

/* ---- linkeval ------------------------------------------------------------ */

/* A reference as linkeval reads it (only id, citing, cited from
 * store_linkeval_refs). */
struct store_ref_fields {
	int64_t id, citing, cited;
	const char *title, *authors, *volume, *fpage, *source;
	const char *doi, *pmid, *raw;
	int year;
};
/* The linked references with a DOI or PMID, by id. */
int store_linkeval_refs(struct store *st,
                        int (*fn)(void *arg, const struct store_ref_fields *r),
                        void *arg, struct ct_error *err);
/* Reference id, when it exists (fn is not called otherwise). */
int store_ref_fields(struct store *st, int64_t id,
                     int (*fn)(void *arg, const struct store_ref_fields *r),
                     void *arg, struct ct_error *err);
/* *n = the references linked to work. */
int store_work_mentions(struct store *st, int64_t work, int64_t *n,
                        struct ct_error *err);
/* The brief of work id, when it exists (fn is not called otherwise). */
int store_work_brief_of(struct store *st, int64_t id,
                        int (*fn)(void *arg, const struct ct_work_brief *w),
                        void *arg, struct ct_error *err);

#endif
