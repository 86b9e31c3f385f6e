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
	char *text;		/* previous + citing + next sentence */
	uint32_t sent_start, sent_end; /* citing sentence within text */
	uint32_t sent_abs;	/* its start in the paragraph */
	char *marker;
	int dups;		/* repeats folded into this one */
	int self;		/* citing and cited share an author */
};

struct stmts {
	struct stmt *v;
	size_t n, cap;
};

int cite_extract(struct doc *d, struct stmts *out, struct ct_error *err);
void cite_release(struct stmts *s);

#endif
