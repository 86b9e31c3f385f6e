/*
 * article.h — storing one read article: its work record, its references
 * linked to works, its statements and their full-text index, inside one
 * savepoint: the article is stored whole or not at all.  The caller holds
 * the enclosing transaction (ingest batches articles; see ingest.c).
 * Re-storing an article replaces what it stored before.
 */
#ifndef CT_ARTICLE_H
#define CT_ARTICLE_H
#include "cite.h"
#include "doc.h"
#include "store.h"

/* Counts of what was stored, for the ingest summary. */
struct article_counts {
	uint64_t references, statements;
};

/* Labels statement i of s for its own reference with model into
 * labels[i] (s->n of them).  Touches no index, so it can run on another
 * thread than the store (ingest.c classifies while the store writes). */
void article_classify(const struct doc *d, const struct stmts *s,
		      const struct ct_model *model, struct ct_label *labels);

/* labels[i] is statement i's label, by model (NULL labels or model:
 * stored unclassified).  Writes inside the caller's transaction and opens
 * no savepoint of its own (one per article cost a third of the writer's
 * time: every page an article touched was first copied to the savepoint's
 * journal): after a failure (CT_EDB) the transaction holds part of the
 * article, and the caller must roll it back whole. */
int article_store(struct store *st, struct doc *d, const struct stmts *s,
		  const char *source, const struct ct_model *model,
		  const struct ct_label *labels, struct article_counts *cnt,
		  struct ct_error *err);

#endif
