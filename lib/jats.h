/*
 * jats.h — the JATS / NLM XML reader: one article in, struct doc out.
 *
 * Reads <front> metadata, <abstract>, <body> sections and paragraphs with
 * their <xref ref-type="bibr"> citations (several rids, ranges written as
 * xref-dash-xref, numeric ranges inside one xref), and <back> reference
 * lists.  Paragraphs nested in figures, tables, lists and boxes become
 * paragraphs of their own in the enclosing section.
 */
#ifndef CT_JATS_H
#define CT_JATS_H
#include "doc.h"
#include "xml.h"

/* Fills d (initialised by the caller) from a parsed document. */
int jats_read(struct xml_doc *x, struct doc *d, struct ct_error *err);

#endif
