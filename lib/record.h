/*
 * record.h — records people read: a reference rendered from its parts,
 * and the stored form of an abstract with its section headings.
 *
 * Readers (jats, tei, s2orc) fill a struct ref_parts with what a reference
 * says field by field and call ref_render(); the text it writes is what
 * `refs`, the report and the web page show, so that fields never run
 * together ("SedghGSinghS...Stud Fam Plann2014453301...").  Vancouver
 * order: "Authors. Title. Journal Year;Vol(Issue):Pages. doi:...".
 *
 * An abstract is stored as lines ('\n'), one per paragraph; a line that
 * opens a titled section is "Heading\tText".  Text collected by text.c
 * never holds '\n' or '\t' (whitespace collapses), so the form is
 * unambiguous; abstract_next() reads it back.
 */
#ifndef CT_RECORD_H
#define CT_RECORD_H
#include <stddef.h>

#include "citectx.h"

/* The parts of one reference; every string may be NULL.  authors and
 * editors are already joined ("Sedgh G, Singh S"). */
struct ref_parts {
	const char *authors, *editors, *title, *source, *edition, *loc;
	const char *publisher, *year, *month, *volume, *issue, *supplement;
	const char *fpage, *lpage, *elocation, *extra;
	const char *doi, *pmid, *pmcid;
	int etal;
};

/* True when p holds enough to be rendered (an author, title or source). */
int ref_parts_any(const struct ref_parts *p);

/* Appends the reference in Vancouver order to b.  The parts come from one
 * article (bounded by CT_FILE_MAX), so the buffer stays far below its
 * ceiling; an allocation failure leaves the text short, never invalid. */
void ref_render(struct ct_buf *b, const struct ref_parts *p);

struct doc;
struct doc_ref;

/* The text of a reference that a reader knows only by the fields of
 * struct doc_ref (TEI without a raw_reference note, S2ORC without
 * raw_text): an arena copy in d, NULL when r holds nothing to show. */
char *ref_render_fields(struct doc *d, const struct doc_ref *r);

/* Appends "Surname Given" (either may be NULL) to a list in b, after
 * ", " when b is not empty. */
void ref_name_add(struct ct_buf *b, const char *surname, const char *given);

/* Appends one abstract paragraph: heading may be NULL (a paragraph that
 * continues the section above, or an abstract without sections). */
int abstract_add(struct ct_buf *b, const char *heading, const char *text);

/* One stored abstract paragraph at a time: from *cur (start at the
 * stored string), sets the heading (NULL when the line has none) and the
 * text as views of lengths *hn / *tn; returns 0 at the end. */
int abstract_next(const char **cur, const char **heading, size_t *hn,
                  const char **text, size_t *tn);

#endif
