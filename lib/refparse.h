/*
 * refparse.h — fields from a reference's raw text, for entries that carry
 * nothing else (JATS <mixed-citation> without markup, Markdown reference
 * lists).  Understands the two styles of the clinical literature:
 *   Vancouver  "Folstein MF, Folstein SE. Title. J Psychiatr Res.
 * 1975;12:189-98." author-year "Munster VJ, de Wit E (2020). Title. Journal,
 * 11:875-879." Heuristic by nature: a field it cannot find stays NULL, never
 * guessed.
 */
#ifndef CT_REFPARSE_H
#define CT_REFPARSE_H
#include "doc.h"

/* Fills r's missing authors, title, source, year, volume and fpage from
 * r->raw; does nothing when r has a title or a source already. */
void refparse_fill(struct doc *d, struct doc_ref *r);

/* refparse_fill on every reference of d. */
void refparse_doc(struct doc *d);

#endif
