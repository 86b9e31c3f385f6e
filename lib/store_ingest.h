/*
 * store_ingest.h — the store layer's verbs that write an article into the
 * index (issue 17): its record and authors, references, statements,
 * notices, and what a metadata.csv row adds.  article.c walks an article
 * through these (and store_link.h's) in one direction.
 *
 * Every verb returns 0 or a negative CT_E* code (CT_EDB from the index,
 * with store_errmsg() saying why) and sets err when err is not NULL.  No
 * SQLite type appears here (a second backend implements the same verbs).
 */
#ifndef CT_STORE_INGEST_H
#define CT_STORE_INGEST_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct store;
struct doc_meta;
struct doc_ref;

/* Drops what an earlier ingest of article work stored: its statements
 * (and their full-text entries), references, authors, notices and
 * linking records. */
int store_article_clear(struct store *st, int64_t work, struct ct_error *err);
/* Work becomes indexed with m's record (every field, NULL ones too; year
 * 0 unknown), read from source, and m's authors in order. */
int store_article_meta(struct store *st, int64_t work, const struct doc_meta *m,
                       const char *source, struct ct_error *err);
/* Reference pos of article citing, linked to work cited (0: none); *id
 * = the reference's id. */
int store_ref_insert(struct store *st, int64_t citing, size_t pos,
                     const struct doc_ref *ref, int64_t cited, int64_t *id,
                     struct ct_error *err);
/* Notice pos of article notice: it is a kind ("retraction", ...) of work
 * concerned. */
int store_notice_insert(struct store *st, int64_t notice, size_t pos,
                        const char *kind, const char *relation,
                        int64_t concerned, struct ct_error *err);

/* One statement: reference ref of work citing cites a work there. */
struct store_statement {
	int64_t citing, ref;
	/* known: cited (0 none) and pubtype (the citing work's) are the
	 * caller's; otherwise the index reads them from the reference and
	 * the citing work (a merge may have changed them) */
	int known;
	int64_t cited;
	const char *pubtype;
	const char *section; /* the section's heading */
	int section_class, type;
	double confidence;
	const char *model;         /* the model that labelled it, NULL: none */
	int self, year;            /* year 0: unknown */
	const char *marker, *text; /* text "" after a run's lead */
	int64_t sent_start, sent_end;
	int dups, ctx, sctx; /* see schema.c migrations 8, 9 and 14 */
	int jself;           /* a journal self-citation */
	/* 0: its text enters the full-text index at the commit (a lead's:
	 * store_fts_add); 1: now, with text (synth.c's clones) */
	int fts_now;
};
/* Inserts s; *id = its id. */
int store_statement_insert(struct store *st, const struct store_statement *s,
                           int64_t *id, struct ct_error *err);

/* What a metadata.csv row says of a work (NULL fields: nothing). */
struct store_csv_fill {
	const char *title, *journal, *pubdate, *abstract, *license, *authors;
	int year; /* 0: unknown */
};
/* Work takes each field of f it has nothing for; with a year, its
 * statements without one take it too. */
int store_work_fill_csv(struct store *st, int64_t work,
                        const struct store_csv_fill *f, struct ct_error *err);

#endif
