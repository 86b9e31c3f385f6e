/*
 * article.h — storing one read article: its work record, its references
 * linked to works, its statements and their full-text index, inside the
 * caller's transaction (ingest batches articles: ingest_pipeline.c).
 * There is no savepoint per article (see article_store): the article is
 * stored whole or not at all because a failure rolls the whole batch
 * back.  Re-storing an article replaces what it stored before.
 */
#ifndef CT_ARTICLE_H
#define CT_ARTICLE_H
#include "cite.h"
#include "doc.h"
#include "link.h"
#include "match.h"
#include "store.h"

/* Counts of what was stored, for the ingest summary. */
struct article_counts {
	uint64_t references, statements;
};

/* Labels statement i of s for its own reference with model into
 * labels[i] (s->n of them).  Touches no index, so it can run on another
 * thread than the store (ingest_walk.c classifies while the store writes). */
void article_classify(const struct doc *d, const struct stmts *s,
                      const struct ct_model *model, struct ct_label *labels);

/* What storing derives from the article alone, computed off the store's
 * thread (ingest_walk.c prepares while the store writes): the match keys and
 * title fingerprints of the article and of each reference, and which
 * references name the citing article's own journal. */
struct article_ref_prep {
	struct match_key key;
	char fp[LINK_FP_MAX]; /* "" when the title says too little */
	int jself;
};

struct article_prep {
	struct match_key key;
	char fp[LINK_FP_MAX];
	struct article_ref_prep *refs; /* d->nrefs of them */
};

/* Fills p for d; CT_ENOMEM when out of memory.  Release with
 * article_prep_release (also after a failure). */
int article_prepare(const struct doc *d, struct article_prep *p);
void article_prep_release(struct article_prep *p);

/* prep is article_prepare's for d (NULL: prepared here).  labels[i] is
 * statement i's label, by model (NULL labels or model: stored
 * unclassified).  Writes inside the caller's transaction and opens
 * no savepoint of its own (one per article cost a third of the writer's
 * time: every page an article touched was first copied to the savepoint's
 * journal): after a failure (CT_EDB) the transaction holds part of the
 * article, and the caller must roll it back whole. */
int article_store(struct store *st, struct doc *d, const struct stmts *s,
                  const struct article_prep *prep, const char *source,
                  const struct ct_model *model, const struct ct_label *labels,
                  struct article_counts *cnt, struct ct_error *err);

#endif
