/*
 * cite.h — citation statements from a document.
 *
 * One statement per (in-text citation group, cited reference): the citing
 * sentence with the sentence before and after it in the same paragraph.
 * A statement whose sentence and reference repeat within the article (the
 * abstract restating the body) is kept once, with dups counting repeats.
 * Statements and their strings live in the document's arena.
 */
#ifndef CT_CITE_H
#define CT_CITE_H
#include "doc.h"

struct stmt {
	uint32_t para, group, ref;
	char *text;                    /* previous + citing + next sentence */
	uint32_t sent_start, sent_end; /* citing sentence within text */
	uint32_t sent_abs;             /* its start in the paragraph */
	char *marker;
	int dups; /* repeats folded into this one */
	int self; /* citing and cited share an author */
};

struct stmts {
	struct stmt *v;
	size_t n, cap;
	/* What the bounds per article (cite.c) left out, for the ingest's
	 * summary: citing sentences cut to a window around their marker,
	 * statements not made, and which bounds dropped them. */
	uint32_t cut_sents;
	uint64_t dropped;
	unsigned bounds;   /* CITE_BOUND_* that dropped any */
	size_t text_bytes; /* statement text as stored (once per run) */
};

/* The bounds that can drop statements (cite.c says why each is what it
 * is); DOC_GROUP_REFS_MAX is also a reader's (doc.refs_cut). */
enum {
	CITE_BOUND_GROUP = 1,    /* references of one citation group */
	CITE_BOUND_SENTENCE = 2, /* statements of one sentence */
	CITE_BOUND_ARTICLE = 4,  /* statements or text of one article */
};

int cite_extract(struct doc *d, struct stmts *out, struct ct_error *err);
void cite_release(struct stmts *s);

/* What the bounds per article did to d's statements s, as one line naming
 * d into buf (cap bytes); returns 1 when there is something to say (the
 * ingest's warning), else 0 with buf empty. */
int cite_bounds_note(const struct doc *d, const struct stmts *s, char *buf,
                     size_t cap);

#endif
