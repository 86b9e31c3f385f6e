/*
 * marks.h — paragraphs and citation groups for readers whose format marks
 * each in-text citation on its own (TEI <ref type="bibr">, S2ORC / CORD-19
 * cite_spans, Markdown [n]), where JATS has its own xref grouping.
 *
 * A mark is a byte span of the paragraph text naming one reference (an
 * index into doc.refs).  Marks that share a span cite several references
 * ("[1,2]"); marks separated only by separators (" ,;" and dashes, as in
 * "(Smith, 2000; Jones, 2001)") join one citation group, whose marker is
 * the whole span.  Marks naming no reference (-1) are dropped: an
 * in-text citation counts only when it points to a reference entry.
 */
#ifndef CT_MARKS_H
#define CT_MARKS_H
#include "doc.h"

struct mark {
	uint32_t start, end;
	int32_t ref; /* index into doc.refs, -1 when unresolved */
};

/* Adds a section (heading copied, NULL allowed); CT_ELIMIT at the ceiling. */
int marks_section(struct doc *d, const char *heading, int cls, uint32_t *sec);

/* Adds a paragraph of text[0..len) (already whitespace-collapsed) in
 * section sec, with its citation groups from marks m[0..n) (any order;
 * sorted in place).  Empty text adds nothing. */
int marks_para(struct doc *d, uint32_t sec, const char *text, size_t len,
               struct mark *m, size_t n);

/* Index of the reference whose xml_id is id (length n), -1 when none. */
int marks_ref_by_id(const struct doc *d, const char *id, size_t n);

#endif
